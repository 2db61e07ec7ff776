"""Policy relations (kg/policy_relations.py, GUIDELINE section M) on hand-written sentences, in both scripts.

Every case runs the real pipeline twice: as written (Simplified) and converted to Traditional with OpenCC; the
expected strings are converted the same way.  A case lists what the sentences state as (policy, act, agent)
rows of ``kg extract``'s record; the counter-cases state nothing.
"""

from __future__ import annotations

import pytest

from kg.model import Document, Span
from kg.normalize import to_traditional
from kg.pipeline import Pipeline
from kg.record import to_record

SCRIPTS = [pytest.param(lambda s: s, id="hans"), pytest.param(to_traditional, id="hant")]


@pytest.fixture(scope="module")
def nlp() -> Pipeline:
    return Pipeline()


def analyse(nlp: Pipeline, text: str) -> Document:
    return nlp(Document(id="t", text=text, regions=(Span(0, len(text)),)))


def relations(doc: Document) -> set[tuple[str, str, str]]:
    return {(r["policy"], r["relation"], r["agent"]) for r in to_record(doc)["policy_relations"]}


STATED = [
    # issued: one body, and joint issuers (one relation each, written with 、 or 和)
    ("国务院办公厅近日印发《关于促进养老服务发展的意见》。",
     [("关于促进养老服务发展的意见", "issued", "国务院办公厅")]),
    ("教育部、财政部日前联合印发《关于加强乡村教师队伍建设的通知》。",
     [("关于加强乡村教师队伍建设的通知", "issued", "教育部"), ("关于加强乡村教师队伍建设的通知", "issued", "财政部")]),
    ("交通运输部和农业农村部近日印发《商渔船防碰撞专项行动方案》。",
     [("商渔船防碰撞专项行动方案", "issued", "交通运输部"), ("商渔船防碰撞专项行动方案", "issued", "农业农村部")]),
    # a body acting together with another (会同): two bodies, two issuers
    ("财政部会同农业农村部近日印发《关于支持高标准农田建设的通知》。",
     [("关于支持高标准农田建设的通知", "issued", "财政部"), ("关于支持高标准农田建设的通知", "issued", "农业农村部")]),
    # issued, in the passive and in a relative clause
    ("《关于加快发展数字经济的意见》近日由国务院办公厅印发。",
     [("关于加快发展数字经济的意见", "issued", "国务院办公厅")]),
    ("国家发展改革委发布的《某某产业发展规划》提出，产业规模持续扩大。",
     [("某某产业发展规划", "issued", "国家发展改革委")]),
    # a report of figures or research is a work, not a policy (GUIDELINE G): nothing is issued
    ("国家发展改革委发布的《某某产业发展报告》显示，产业规模持续扩大。", []),
    ("某某市统计局发布《2025年某某市国民经济和社会发展统计公报》。", []),
    # adopted: the meeting, and the body its name names
    ("3月5日，省政府常务会议审议通过《某某市物业管理条例（草案）》。",
     [("某某市物业管理条例（草案）", "adopted", "省政府常务会议"), ("某某市物业管理条例（草案）", "adopted", "省政府")]),
    ("《某某市河道管理条例》已经市人大常委会第十次会议审议通过。",
     [("某某市河道管理条例", "adopted", "市人大常委会第十次会议"), ("某某市河道管理条例", "adopted", "市人大常委会")]),
    # 审议 of a draft at a meeting the mayor convenes: the meeting adopts, the presiding person is no agent
    ("市长王建国主持召开市政府常务会议，审议《某某市城市更新条例（草案）》。",
     [("某某市城市更新条例（草案）", "adopted", "市政府常务会议"), ("某某市城市更新条例（草案）", "adopted", "市政府")]),
    # studied: a conveyed spirit; a meeting named by its body (…常委会召开会议) is that body
    ("9月1日上午，市委常委会召开会议，认真传达学习习近平总书记重要讲话精神。",
     [("习近平总书记重要讲话精神", "studied", "市委常委会")]),
    # 会议 as the subject is the article's meeting; a list after the verb gives one relation per policy
    ("12月20日，市委常委会召开会议，研究部署明年经济工作。会议传达学习了中央经济工作会议精神。",
     [("中央经济工作会议精神", "studied", "市委常委会")]),
    ("省委常委会召开会议，深入学习贯彻党的二十届四中全会精神和习近平总书记关于教育的重要论述。",
     [("党的二十届四中全会精神", "studied", "省委常委会"), ("习近平总书记关于教育的重要论述", "studied", "省委常委会")]),
    # implemented: the subject carried over the clauses that open with a verb
    ("市委、市政府近年来深入实施乡村振兴战略，持续推进“百村示范”工程。",
     [("乡村振兴", "implemented", "市委"), ("乡村振兴", "implemented", "市政府"),
      ("“百村示范”工程", "implemented", "市委"), ("“百村示范”工程", "implemented", "市政府")]),
    # a foreign body the text names as the agent of its own document
    ("世界贸易组织近日发布《某某贸易便利化指南》。", [("某某贸易便利化指南", "issued", "世界贸易组织")]),
]

NOT_STATED = [
    "他表示，《关于促进养老服务发展的意见》具有重要意义。",  # praised
    "会议指出，近年来，市委认真贯彻落实《关于促进养老服务发展的意见》，取得明显成效。",  # an assessment reported
    "国务院办公厅负责同志介绍了《关于促进养老服务发展的意见》的主要内容。",  # mentioned
    "欧盟《人工智能法案》于今年正式生效。",  # a foreign body's own document, no agent named
    "据悉，有关部门将出台《关于促进消费的若干措施》。",  # expected
    "省政府即将发布《某某市数据条例》。",
    "会议强调，要深入贯彻落实党的二十大精神。",  # asked for
    "各地要认真贯彻落实《关于促进养老服务发展的意见》。",
    "希望省委深入学习贯彻党的二十大精神。",
    "江苏正在深入学习贯彻习近平总书记重要讲话精神。",  # a place as the subject
    "我省认真贯彻落实《关于促进养老服务发展的意见》。",  # a pronoun
    "省委书记张三主持会议并讲话，强调要深入学习贯彻党的二十大精神。",
    "两国元首共同签署《某某联合声明》。",  # 签署 is none of the four
]


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize(("text", "expected"), STATED)
def test_stated_relations(nlp: Pipeline, script, text: str, expected: list[tuple[str, str, str]]) -> None:
    want = {(script(p), act, script(a)) for p, act, a in expected}
    assert relations(analyse(nlp, script(text))) == want


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("text", NOT_STATED)
def test_no_relation_stated(nlp: Pipeline, script, text: str) -> None:
    assert relations(analyse(nlp, script(text))) == set()


@pytest.mark.parametrize("script", SCRIPTS)
def test_evidence_points_into_the_original_text(nlp: Pipeline, script) -> None:
    text = script("近日，中共中央办公厅、国务院办公厅印发了《关于加强社区养老服务的意见》。")
    doc = analyse(nlp, text)
    assert {(r.agent.text, text[r.cue.start:r.cue.end]) for r in doc.policy_relations} == \
        {(script("中共中央办公厅"), script("印发")), (script("国务院办公厅"), script("印发"))}
    for r in doc.policy_relations:
        assert r.policy.text == text[r.policy.start:r.policy.end]
        assert r.sentence == r.policy.sentence == r.agent.sentence


def test_a_meeting_of_another_sentence_is_the_article_meeting(nlp: Pipeline) -> None:
    doc = analyse(nlp, "3月5日，省政府常务会议在省城召开。会议审议通过《某某省消防条例（草案）》。")
    (rel,) = doc.policy_relations
    assert (rel.act, rel.agent.label, rel.agent.text, rel.policy.sentence) == ("adopted", "EVENT", "省政府常务会议", 1)
    assert rel.agent.text in {e.name.text for e in doc.events}
