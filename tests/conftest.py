"""Shared fixtures: hand-made documents, one in Traditional and one in Simplified script.

They are built directly from the dataclasses of :mod:`kg.model` (no pipeline), with offsets into the original
text computed by :func:`_find`, so tests of later stages do not depend on the extractors.
"""

from __future__ import annotations

import pytest

from kg.model import (
    Document,
    Event,
    Mention,
    Participation,
    PhotoCredit,
    PolicyRelation,
    Post,
    Span,
    SubOrganization,
)
from kg.normalize import Normalizer

_NORMALIZER = Normalizer()


def _sentences(text: str) -> tuple[Span, ...]:
    spans, start = [], 0
    for i, ch in enumerate(text):
        if ch == "。":
            spans.append(Span(start, i + 1))
            start = i + 1
    if start < len(text):
        spans.append(Span(start, len(text)))
    return tuple(spans)


def _find(text: str, sub: str, occurrence: int = 0) -> int:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(sub, start + 1)
    return start


class _Doc:
    """Builds mentions on one text: ``m("孫紹騁", "PERSON")`` finds the span and fills key and sentence."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentences = _sentences(text)

    def sentence_of(self, offset: int) -> int:
        return next(i for i, s in enumerate(self.sentences) if s.start <= offset < s.end)

    def m(self, sub: str, label: str, kind: str | None = None, occurrence: int = 0) -> Mention:
        start = _find(self.text, sub, occurrence)
        return Mention(start, start + len(sub), sub, label, _NORMALIZER.key(sub), kind,  # type: ignore[arg-type]
                       self.sentence_of(start))

    def span(self, sub: str, occurrence: int = 0) -> Span:
        start = _find(self.text, sub, occurrence)
        return Span(start, start + len(sub))


def make_sample_doc() -> Document:
    """A Traditional-script article: two posts, a meeting, a stationed group, a theory and a photo credit."""
    d = _Doc(
        "全國退役軍人事務廳(局)長會議在京召開。"
        "退役軍人事務部部長孫紹騁出席會議並講話。"
        "中央紀委國家監委駐退役軍人事務部紀檢監察組組長林國耀出席。"
        "會議強調,要以習近平新時代中國特色社會主義思想為指導。"
        "曹舒昊 攝"
    )
    meeting = d.m("全國退役軍人事務廳(局)長會議", "EVENT")
    ministry = d.m("退役軍人事務部", "ORG", "government")
    minister_title = d.m("部長", "TITLE")
    sun = d.m("孫紹騁", "PERSON")
    group = d.m("中央紀委國家監委駐退役軍人事務部紀檢監察組", "ORG", "government")
    ccdi = d.m("中央紀委國家監委", "ORG", "government")
    ministry2 = d.m("退役軍人事務部", "ORG", "government", occurrence=1)
    leader_title = d.m("組長", "TITLE")
    lin = d.m("林國耀", "PERSON")
    theory = d.m("習近平新時代中國特色社會主義思想", "POLICY", "theory")
    cao = d.m("曹舒昊", "PERSON")
    return Document(
        id="hant-001",
        text=d.text,
        title="全國退役軍人事務廳(局)長會議在京召開",
        date="2020-12-25",
        url="http://www.mva.gov.cn/xw/bndt/202012/t20201225_44459.html",
        source="退役軍人事務部網站",
        publisher="退役軍人事務部",
        sentences=d.sentences,
        mentions=(meeting, ministry, minister_title, sun, group, ccdi, ministry2, leader_title, lin, theory,
                  cao),
        posts=(Post(sun, minister_title, ministry), Post(lin, leader_title, group)),
        events=(Event(meeting, "2020-12-24", "北京", (
            Participation(sun, "attended", d.span("出席")),
            Participation(sun, "spoke", d.span("講話")),
            Participation(lin, "attended", d.span("出席", 1)),
        )),),
        suborganizations=(SubOrganization(group, ccdi), SubOrganization(group, ministry2)),
        credits=(PhotoCredit(cao),),
        script="hant",
    )


def make_sample_doc_hans() -> Document:
    """A Simplified-script article: a talk with a foreign president, a former post, a plan in quotes."""
    d = _Doc(
        "国家主席习近平12月25日在北京同乌拉圭总统拉卡列·波乌举行会谈。"
        "退役军人事务部部长孙绍骋出席会谈。"
        "原国务院副总理王明也出席。"
        "会谈强调落实“十四五”规划。"
    )
    president_title = d.m("国家主席", "TITLE")
    xi = d.m("习近平", "PERSON")
    beijing = d.m("北京", "PLACE")
    uruguay = d.m("乌拉圭", "PLACE")
    uruguay_title = d.m("总统", "TITLE")
    lacalle = d.m("拉卡列·波乌", "PERSON")
    talks = d.m("会谈", "EVENT")
    ministry = d.m("退役军人事务部", "ORG", "government")
    minister_title = d.m("部长", "TITLE")
    sun = d.m("孙绍骋", "PERSON")
    council = d.m("国务院", "ORG", "government")
    vice_title = d.m("副总理", "TITLE")
    wang = d.m("王明", "PERSON")
    plan = d.m("“十四五”规划", "POLICY", "plan")
    return Document(
        id="hans-001",
        text=d.text,
        title="习近平同乌拉圭总统举行会谈",
        date="2020-12-25",
        url="http://www.xinhuanet.com/politics/2020-12/25/c_1126910000.htm",
        source="新华网",
        publisher="新华社",
        sentences=d.sentences,
        mentions=(president_title, xi, beijing, uruguay, uruguay_title, lacalle, talks, ministry,
                  minister_title, sun, council, vice_title, wang, plan),
        posts=(
            Post(xi, president_title, None),
            Post(lacalle, uruguay_title, uruguay),
            Post(sun, minister_title, ministry),
            Post(wang, vice_title, council, former=True),
        ),
        events=(Event(talks, "2020-12-25", "北京", (
            Participation(xi, "met", d.span("举行会谈")),
            Participation(lacalle, "met", d.span("举行会谈")),
            Participation(sun, "attended", d.span("出席")),
            Participation(wang, "attended", d.span("出席", 1)),
        ), ((xi, lacalle),)),),
        script="hans",
    )


def make_policy_docs() -> tuple[Document, Document]:
    """Two articles on one city's plan (sentences written for the tests), one in each script, whose policy
    relations are made by hand: the city government issues the plan (stated by both articles, on 2025-03-06 and
    2025-04-02), its mayor implements it, the standing committee's meeting of 2025-03-28 studies it, and the
    government's executive meeting of 2025-03-05 adopts a second, draft rule."""
    d = _Doc(
        "临江市人民政府印发《临江市数字经济发展规划》。"
        "市长周立新部署推进《临江市数字经济发展规划》实施工作。"
        "3月5日，临江市政府常务会议审议通过《临江市数据要素管理办法（草案）》。"
    )
    gov = d.m("临江市人民政府", "ORG", "government")
    plan = d.m("《临江市数字经济发展规划》", "POLICY", "plan")
    zhou = d.m("周立新", "PERSON")
    plan2 = d.m("《临江市数字经济发展规划》", "POLICY", "plan", occurrence=1)
    meeting = d.m("临江市政府常务会议", "EVENT")
    rule = d.m("临江市数据要素管理办法", "POLICY", "law")
    first = Document(
        id="p1", text=d.text, title="临江市印发数字经济发展规划", date="2025-03-06", sentences=d.sentences,
        mentions=(gov, plan, zhou, plan2, meeting, rule),
        events=(Event(meeting, "2025-03-05"),),
        policy_relations=(
            PolicyRelation(plan, "issued", gov, d.span("印发")),
            PolicyRelation(plan2, "implemented", zhou, d.span("部署推进")),
            PolicyRelation(rule, "adopted", meeting, d.span("审议通过")),
        ),
        script="hans",
    )
    t = _Doc(
        "3月28日，臨江市委常委會會議傳達學習《臨江市數字經濟發展規劃》。"
        "臨江市人民政府日前印發《臨江市數字經濟發展規劃》。"
    )
    committee = t.m("臨江市委常委會會議", "EVENT")
    plan_t = t.m("《臨江市數字經濟發展規劃》", "POLICY", "plan")
    gov_t = t.m("臨江市人民政府", "ORG", "government")
    plan_t2 = t.m("《臨江市數字經濟發展規劃》", "POLICY", "plan", occurrence=1)
    second = Document(
        id="p2", text=t.text, title="臨江市委常委會傳達學習數字經濟發展規劃", date="2025-04-02",
        sentences=t.sentences, mentions=(committee, plan_t, gov_t, plan_t2),
        events=(Event(committee, "2025-03-28"),),
        policy_relations=(
            PolicyRelation(plan_t, "studied", committee, t.span("傳達學習")),
            PolicyRelation(plan_t2, "issued", gov_t, t.span("印發")),
        ),
        script="hant",
    )
    return first, second


@pytest.fixture
def sample_doc() -> Document:
    """The Traditional-script sample article (see :func:`make_sample_doc`)."""
    return make_sample_doc()


@pytest.fixture
def sample_doc_hans() -> Document:
    """The Simplified-script sample article (see :func:`make_sample_doc_hans`)."""
    return make_sample_doc_hans()
