"""Policy relations: what a sentence states a body, meeting or person did with a named policy.

GUIDELINE section M: a cue verb (印发, 审议通过, 传达学习, 贯彻落实 …) links the policies written as its object to
the agent written as the subject of its clause.  The finder reads one sentence at a time in the normalised view:

* the **object** is the policy written right after the verb, or a list of them (学习贯彻A和B), the list ending
  where the clause does: a policy that only qualifies a noun after it (推进A和B深度融合) is no object;
* the **agent** is the subject at the start of the verb's clause, carried over commas while the clauses after
  it open with a verb (省委常委会召开会议，认真传达学习…).  A meeting the subject convenes in those clauses takes
  its place (李强主持召开国务院常务会议，…审议通过…) and the body named in the meeting's name stands beside it;
  会议 as the subject is the meeting the article reports;
* passive and relative forms name the agent after 由/经 or right before the verb (由国务院印发的《…》);
* nothing is stated when a word of saying, asking, wanting or the future stands between the subject and the
  verb (会议强调，要…; 将出台; 希望…), when the clause reports what someone said (他表示，…), or when the
  subject is a place, a pronoun or another noun that names no body, meeting or person (江苏正在…, 我省…).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.lexicon import load_lexicon
from kg.model import Document, Event, Mention, PolicyAct, PolicyRelation, Span

# ------------------------------------------------------------------------------------------------- cues

# The verbs of the four acts (GUIDELINE M); the regex tries the longest first, so 审议通过 is one cue
_CUE_ACTS: dict[str, PolicyAct] = {
    "传达学习贯彻": "studied", "学习宣传贯彻": "studied", "学习贯彻落实": "studied", "传达学习": "studied",
    "学习贯彻": "studied", "学习领会": "studied", "专题学习": "studied", "传达": "studied",
    "审议并通过": "adopted", "审议通过": "adopted", "表决通过": "adopted", "原则通过": "adopted",
    "通过": "adopted", "批准": "adopted", "审议": "adopted",
    "印发": "issued", "发布": "issued", "出台": "issued", "制定": "issued", "颁布": "issued", "公布": "issued",
    "贯彻落实": "implemented", "贯彻执行": "implemented", "贯彻": "implemented", "部署": "implemented",
    "推进": "implemented", "实施": "implemented", "落实": "implemented",
}
_CUE_ALT = "|".join(sorted(_CUE_ACTS, key=lambda w: (-len(w), w)))
# not a cue: a press conference (发布会), a motion to review (提请审议), a review's opinion (审议意见)
_CUE = re.compile(rf"(?<!提请)(?<!提交)(?:{_CUE_ALT})(?!会|厅|意见|稿|室|员|者|率)")
# Documents are issued and adopted; spirits and theories are conveyed, studied and implemented
_DOCUMENT_KINDS = frozenset(("law", "plan", "initiative"))
# A phrase that refers to documents without naming one (相关决定草案, 上述条例)
_NOT_NAMED = ("相关", "有关", "上述", "该", "这些", "此项", "各项", "其")
# Who reviews without adopting: a delegation or a group of a congress
_DELEGATION = re.compile(r"(?:代表团|团|小组|组)$")

# ----------------------------------------------------------------------------------------- clause shape

_BREAKS = frozenset("，,；;：:！？!?。")  # between clauses (a list's 、 is no break)
_MARKS = {"《": "》", "“": "”", "「": "」"}
# What may open a clause before its subject: a dateline (大洋网讯), dates, times and words of time
_LEAD = re.compile(r"(?:\s|[\u4e00-\u9fff]{2,5}讯|[0-9０-９]+|[年月日号时分至—-]|上午|下午|晚上|晚间|早上|凌晨|中午|"
                   r"当天|当日|今天|昨天|前天|今日|昨日|近日|日前|近期|最近|此前|随后|其后|之后|同时|此外|另外|"
                   r"目前|当前|近年来|今年以来|年初以来|以来|今年|去年|[初中下上]旬|期间)*")
# The meeting the article reports, written as the subject (会议审议通过…, 全会审议了…), and the names of the
# article's meetings each word may stand for (全会 is no 座谈会, 大会 no 全体会议)
_MEETING_SUBJECT = re.compile(r"(?:本次|此次|这次|该次)?(会议|全会|大会)(?![上中间期前后室精的])")
_HEAD_NAMES = {"会议": ("会议", "会"), "全会": ("全会", "全体会议"), "大会": ("大会",)}
# A meeting convened by the subject: the verb before its name, and words of presiding a meeting
_CONVENES = re.compile(r"(?:召开|主持|套开|举行)[^，。；：、]{0,8}$")
_CONVENE_WORDS = re.compile(r"主持|召开|套开")
# A meeting named by a generic word (中共中央政治局召开会议, 省委常委会召开会议) is named by the body that holds
# it: that body is the agent
_BARE_NAME = re.compile(r"(?:召开|举行)?(?:（扩大）)?(?:会议|全体会议|常务会议|专题会议)")
_BARE_AFTER_BODY = re.compile(r"(?:召开|举行)(?:（扩大）)?(?:会议|全体会议)")
_CONVENER_GAP = re.compile(r"[^，。；：、《》“”]{0,16}(?:召开|举行)了?")
# Between the names of a subject: 同志, a parenthesis, a list's joins; after it, a group (等12部门)
_AFTER_NAME = re.compile(r"(?:同志)?(?:（[^（）]{1,20}）|\([^()]{1,20}\))?")
_JOIN = re.compile(r"、|和|与|及|以及|会同|同")
_ETC = re.compile(r"(?:等(?:[一二三四五六七八九十\d]+(?:个|家)?)?(?:部门|单位|部委|机构)?)?")
_ETC_BEFORE = re.compile(r"等[^，。；、]{0,6}$")
# Adverbs a relative clause may put between its agent and its verb (国务院近日印发的…)
_BEFORE_RELATIVE = frozenset("联合 近日 日前 正式 共同 最新 新 已 已经".split())

# Words between a subject and its verb that make the act asked for, announced, wished or reported speech
# (会议强调，要…; 将出台; 希望…; 中方愿…); compared with whole words of the tokenizer
_NOT_STATED = frozenset(
    "要 将 将于 将要 即将 拟 拟于 计划 准备 应 应当 应该 必须 须 需 需要 务必 希望 期望 期待 期盼 盼 愿 愿意 "
    "争取 力争 努力 可 可以 能 能够 会 强调 指出 表示 要求 认为 说 称 提出 指示 号召 呼吁 倡议 建议 提议 鼓励 "
    "引导 督促 动员 推动 带动 如何 是否 没有 未 不 尚未 并未 不再 一旦 如果 若 只有 才能 旨在 以便 为了 便于 "
    "确保 以期 有望 预计 打算 设想 决心 寄语 嘱托 勉励 谈到 讲话 致辞 发言".split())
# A clause that reports what someone says or thinks (他表示，…; 会议指出，一年来，…; 大家一致认为，…): what
# follows is an assessment or a proposal, not a statement of the act
_REPORTED = re.compile(r"(?:表示|指出|强调|认为|说|称|介绍|建议|提议|提出|要求|希望|呼吁|号召|倡议|坦言|感慨|谈到)"
                       r"[，,：:]$")
# An issuing verb: the clauses after it describe the document (…印发《…》，部署…)
_ISSUES = re.compile(r"印发|发布(?!会)|出台|颁布")
# Words that may stand in a verb phrase before the cue: adverbs of manner and time, and verbs coordinated
# with the cue (讨论并原则通过, 制定并公布, 围绕深入学习贯彻…进行研讨)
_BEFORE_CUE = frozenset(
    "认真 深入 全面 进一步 加快 持续 扎实 切实 联合 正式 共同 专门 集中 先后 再次 首次 率先 已 已经 近日 日前 "
    "同时 还 也 又 并 围绕 原则 讨论 审议 制定 出台 传达 学习 坚决 坚定不移 有序 稳步 大力 积极 统筹 系统 "
    "不断 始终 一直 正在 专题 集体 全力 协同 有力 有效 稳妥 科学 精心 及时 迅速 主动 自觉 带头 逐步 分别 相继 "
    "陆续 均 都 了 关于 扎实有序 全力以赴 一体 着力 高位 统一 周密 深化 贯彻 部署 宣传 领会 认真学习 深入学习 "
    "就此 此次 本次 会上 会议 于 发出 下发".split())
_ADVERB_POS = frozenset(("d", "ad", "t", "m", "c", "ul", "x"))
# Prepositions that make the cue a topic, a purpose or a means, not an act (就学习贯彻…交流, 为深入推进…)
_TOPIC_WORDS = frozenset("就 为 以 对 把 在 向 从 围绕着 通过".split())
# 围绕 makes a topic unless the clause goes on to study it (围绕深入学习贯彻…进行学习研讨)
_STUDY_AFTER = re.compile(r"(?:进行|开展)[^，。；,;]{0,6}(?:学习|研讨)")
# Verbs the tokenizer may tag otherwise when they open a clause (听取汇报/n, 套开/un)
_VERB_WORDS = frozenset("听取 听取汇报 研究 审议 讨论 安排 总结 分析 通报 观看 参观 前往 来到 聚焦 坚持 召开 套开 "
                        "举行 主持 开展".split())

# What may stand between a cue and its object: 了, 好, 的 (a relative clause), who the plan is of, and cues
# written together (出台实施, 制定并实施); 通过 takes no other cue (通过实施… is a means)
_GAP_WORDS = (r"了|过|好|的|并|和|及|与|、|新|最新|新修订的?|修订后的|修订的|修正后的|该|这一|这部|有关|国家|党中央|中央|"
              r"省委|省政府|省|市|县|区|我省|我市|我区|我县|本省|本市|今年|年度|[\s“《]")
_OBJECT_GAP = re.compile(rf"(?:{_GAP_WORDS}|{_CUE_ALT})*")
_PLAIN_GAP = re.compile(rf"(?:{_GAP_WORDS})*")
# What a policy of the object may be followed by: the end of the clause or of the list, or a head noun that
# names it as a whole (实施乡村振兴战略, 推进“六张网”建设, 学习贯彻…重要讲话精神)
_HEAD_NOUNS = r"(?:战略|工程|行动|计划|规划|纲要|政策|建设|部署|要求|工作|(?:重要)?(?:批示|指示)?精神|举措|措施|任务)?"
_AFTER_POLICY = re.compile(_HEAD_NOUNS + r"(?=[，。；：！？、,;:!?（）()”」\s]|和|及|以及|与|并|等|《|“|进行|$)")
_LIST_JOIN = re.compile(_HEAD_NOUNS + r"(?:、|和|及|以及|与|并)?")

_AGENT_LABELS = frozenset(("ORG", "PERSON", "TITLE", "EVENT"))
_LEX = load_lexicon()
_MEETING_HEADS = tuple(_LEX.meeting_heads)


@dataclass(frozen=True, slots=True)
class _Item:
    """A mention (or an event's name) in normalised offsets."""

    start: int
    end: int
    label: str
    mention: Mention


# ---------------------------------------------------------------------------------------------- finder


def find_policy_relations(doc: Document) -> Iterator[PolicyRelation]:
    """The policy relations stated in ``doc`` (needs its mentions, tokens and events), in text order.

    Args:
        doc: a document the stages up to ``mentions`` have analysed, with its events found.

    Returns:
        One relation per (policy, act, agent) and sentence; the cue is the verb that states it.

    Example:
        >>> from kg.pipeline import Pipeline
        >>> doc = Pipeline()("近日，国务院办公厅印发《关于促进养老服务发展的意见》。")
        >>> [(r.policy.text, r.act, r.agent.text) for r in doc.policy_relations]
        [('《关于促进养老服务发展的意见》', 'issued', '国务院办公厅')]
    """
    sentences = {m.sentence for m in doc.mentions if m.label == "POLICY" and m.sentence >= 0}
    if not any(_CUE.search(doc.norm, doc.norm_offset(doc.sentences[si].start), doc.norm_offset(doc.sentences[si].end))
               for si in sentences):
        return  # no sentence that names a policy has a verb of the four acts
    reader = _Reader(doc)
    seen: set[tuple[int, str, str]] = set()
    for si in reader.policy_sentences:
        for rel in reader.sentence(si):
            key = (rel.policy.start, rel.act, rel.agent.key)
            if key not in seen:
                seen.add(key)
                yield rel


class _Reader:
    """The mentions, meetings and words of one document, addressed by normalised offsets."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.norm = norm = doc.norm
        items: list[_Item] = []
        for m in doc.mentions:
            if not (m.kind or "").endswith(":nested") and m.sentence >= 0:
                items.append(_Item(doc.norm_offset(m.start), doc.norm_offset(m.end), m.label, m))
        # names inside a policy's name are part of it (习近平 in 习近平总书记重要讲话精神)
        policy_spans = sorted((it.start, it.end) for it in items if it.label == "POLICY")
        items = [it for it in items if it.label == "POLICY" or not _inside(it, policy_spans)]
        self.meetings: list[_Item] = []  # the meetings the article reports
        for e in doc.events:
            if e.name.sentence >= 0 and _is_meeting(e):
                self.meetings.append(_Item(doc.norm_offset(e.name.start), doc.norm_offset(e.name.end), "EVENT",
                                           e.name))
        self.by_start: dict[int, _Item] = {}
        self.by_end: dict[int, _Item] = {}
        self.covered = bytearray(len(norm) + 1)
        self.in_policy = bytearray(len(norm) + 1)
        for it in items + self.meetings:
            if it.end - it.start > _length(self.by_start.get(it.start)):
                self.by_start[it.start] = it
            if it.end - it.start > _length(self.by_end.get(it.end)):
                self.by_end[it.end] = it
            self.covered[it.start:it.end] = b"\x01" * (it.end - it.start)
            if it.label == "POLICY":
                self.in_policy[it.start:it.end] = b"\x01" * (it.end - it.start)
        self.policy_sentences = sorted({it.mention.sentence for it in items if it.label == "POLICY"})
        self.orgs = sorted((_Item(doc.norm_offset(m.start), doc.norm_offset(m.end), "ORG", m)
                            for m in doc.mentions if m.label == "ORG" and m.sentence >= 0), key=lambda i: i.start)
        self.org_starts = [o.start for o in self.orgs]
        self.tokens = doc.tokens
        self.token_starts = [t.start for t in doc.tokens]
        # the meeting (or meetings: 省政府党组会议、常务会议) of the first sentence that names one
        first = min((it.mention.sentence for it in self.meetings), default=-1)
        self.article_meetings = [it for it in self.meetings if it.mention.sentence == first]

    # ------------------------------------------------------------------------------------ one sentence

    def sentence(self, si: int) -> Iterator[PolicyRelation]:
        doc, norm = self.doc, self.norm
        s = doc.sentences[si]
        ns, ne = doc.norm_offset(s.start), doc.norm_offset(s.end)
        segments = _segments(norm, ns, ne)
        for cue in _CUE.finditer(norm, ns, ne):
            cs, ce = cue.span()
            if self.covered[cs]:
                continue  # a word inside a name (实施细则 in a policy, 部署会 in a meeting)
            word = cue.group()
            act = _CUE_ACTS[word]
            k = next(j for j, (a, b) in enumerate(segments) if a <= cs < b)
            seg_start, seg_end = segments[k]
            objects = self._objects(act, cs, ce, seg_end, word != "通过")
            if objects:
                agents = self._relative_agents(segments, k, cs, ce) or \
                    self._subject_agents(act, si, segments, k, cs)
            else:
                objects, agents = self._passive(act, seg_start, cs)
            if word in ("通过", "审议") and any(a.label == "PERSON" or _DELEGATION.search(a.mention.key)
                                              for a in agents):
                continue  # a person or a delegation reviews; a meeting or a body adopts
            if word == "审议":  # 审议 adopts a draft or a titled document; a report is reviewed, not adopted
                objects = [p for p in objects if (p.mention.key.startswith("《") or "草案" in p.mention.key)
                           and not p.mention.key.rstrip("》").endswith("报告")]
            if not objects or not agents:
                continue
            span = Span(doc.orig(cs), doc.orig(ce))
            for agent in self._with_bodies(agents, si):
                for p in objects:
                    yield PolicyRelation(p.mention, act, agent.mention, span)

    # ------------------------------------------------------------------------------------------ object

    def _objects(self, act: PolicyAct, cs: int, ce: int, seg_end: int, chained: bool) -> list[_Item]:
        """The policies written as the object of a cue at ``cs``-``ce``: the first right after it, and the
        others of its list.  Without ``chained`` no other cue may stand in between.  After 的 the policy
        heads a noun phrase (国务院印发的《…》明确…): what follows it is the main clause's verb."""
        norm = self.norm
        gap_re = _OBJECT_GAP if chained else _PLAIN_GAP
        gap_end = _end(gap_re, norm, ce, seg_end)
        first = None
        for q in range(cs + 1, gap_end + 1):
            it = self.by_start.get(q)
            # (a policy's name may begin inside the cue when the mention takes in a verb: 传达学习|贯彻…精神)
            if it is not None and it.label == "POLICY" and \
                    (q < ce < it.end or q >= ce and gap_re.fullmatch(norm, ce, q)):
                first = it
                break
        if first is None or first.end > seg_end:
            return []
        relative = norm.startswith("的", ce)
        out = [first]
        pos = first.end
        while True:
            if not relative and pos < seg_end and not _AFTER_POLICY.match(norm, pos, seg_end):
                return []  # the policy qualifies a noun after it: no object (推进A和B深度融合)
            nxt = self.by_start.get(_end(_LIST_JOIN, norm, pos, seg_end))
            if nxt is None or nxt.label != "POLICY" or nxt.end > seg_end:
                break
            out.append(nxt)
            pos = nxt.end
        return [p for p in out if _fits(act, p)]

    # ------------------------------------------------------------------------------------------- agent

    def _subject_agents(self, act: PolicyAct, si: int, segments: list[tuple[int, int]], k: int, cs: int
                        ) -> list[_Item]:
        """The subject of the clause of a cue at ``cs`` in segment ``k``, carried over the clauses before it
        that open with a verb; a meeting it convenes in between takes its place."""
        norm = self.norm
        for j in range(k, -1, -1):
            a, b = segments[j]
            limit = cs if j == k else b
            if j < k and _ISSUES.search(norm, a, b):
                return []  # the clauses after 印发《…》 tell what the document does
            pos = _end(_LEAD, norm, a, limit)
            if pos >= limit:
                continue  # a clause of time only, or the cue opens the clause
            meeting = _MEETING_SUBJECT.match(norm, pos, limit)
            chain = self._chain(pos, limit) if meeting is None else None
            if meeting is not None:
                subj_end = meeting.end()
                agents = [e for e in self.article_meetings if e.mention.key.endswith(_HEAD_NAMES[meeting.group(1)])]
                agents += [e for e in self._convened(si, pos, cs, []) if e not in agents]
            elif chain is not None:
                items, subj_end = chain
                if not items or norm.startswith(("的", "所"), subj_end):
                    return []  # a place, a policy or a title opens the clause, or 省委的…: no named agent
                agents = self._chain_agents(items)
                convened = self._convened(si, pos, cs, items)
                bodies = [it for it in agents if it.label == "ORG"]
                if convened and bodies and (act == "issued" or all(
                        _BARE_NAME.fullmatch(e.mention.key) for e in convened)):
                    pass  # a body issues at its press conference; 政治局召开会议 names the meeting by its body
                elif convened:
                    agents = convened
                elif any(it.label == "PERSON" for it in agents) and _CONVENE_WORDS.search(norm, subj_end, cs):
                    agents = list(self.article_meetings)  # 黄坤明主持会议…: the meeting, not who presided
            elif self._opens_with_verb(pos, limit):
                continue
            else:
                return []  # another subject that names no agent (我省, 各地各部门, 他)
            if any(_REPORTED.search(norm, x, y) for x, y in segments[:j]) or not self._stated(subj_end, cs) or \
                    not self._verb_phrase(act, segments[k], subj_end, cs):
                return []
            return agents
        return []

    def _chain(self, pos: int, end: int) -> tuple[list[_Item], int] | None:
        """The names opening a clause at ``pos``: a body, a meeting or a person with its titles (国务院总理李强),
        joined into a list (省委、省政府).  ``None`` when no name opens it; an empty list when a name that is
        no agent does (a place, a policy)."""
        norm = self.norm
        items: list[_Item] = []
        while pos < end:
            it = self.by_start.get(pos)
            if it is None or it.label not in _AGENT_LABELS or it.label == "EVENT" and items:
                if not items:
                    return ([], pos) if it is not None else None
                break
            items.append(it)
            pos = _end(_AFTER_NAME, norm, it.end, end)
            nxt = self.by_start.get(pos)
            if nxt is not None and nxt.label in ("ORG", "PERSON", "TITLE") and it.label != "EVENT":
                continue  # an apposition: 国务院 总理 李强
            join = _JOIN.match(norm, pos)
            nxt = self.by_start.get(join.end()) if join else None
            if join and nxt is not None and nxt.label in _AGENT_LABELS:
                pos = join.end()
                continue
            break
        if not items:
            return None
        return items, _end(_ETC, norm, pos, end)

    @staticmethod
    def _chain_agents(items: list[_Item]) -> list[_Item]:
        """The agents of a subject: its meeting, else its persons, else its bodies (not a body that only
        qualifies a title: 国务院 in 国务院总理李强; not a country or a place)."""
        events = [it for it in items if it.label == "EVENT"]
        if events:
            return events
        persons = [it for it in items if it.label == "PERSON"]
        if persons:
            return persons
        out = []
        for n, it in enumerate(items):
            if it.label != "ORG" or n + 1 < len(items) and items[n + 1].label == "TITLE":
                continue
            if it.mention.key not in _LEX.countries and it.mention.key not in _LEX.places:
                out.append(it)
        return out

    def _convened(self, si: int, start: int, cs: int, items: list[_Item]) -> list[_Item]:
        """The meetings of sentence ``si`` written between ``start`` and a cue at ``cs`` that open the clause or
        that the subject convenes (主持召开…会议, 套开…会议)."""
        norm = self.norm
        return [it for it in self.meetings if it.mention.sentence == si and start <= it.start and it.end <= cs and
                (any(it is x for x in items) or it.start == start or
                 _CONVENES.search(norm, max(start, it.start - 10), it.start))]

    def _relative_agents(self, segments: list[tuple[int, int]], k: int, cs: int, ce: int) -> list[_Item]:
        """The agent of a relative clause (国务院印发的《…》, 国家网信办等部门联合制定的《…》): the names right before
        the cue, when 的 follows it."""
        if not self.norm.startswith("的", ce):
            return []
        items = self._names_before(cs)
        if not items or any(_REPORTED.search(self.norm, x, y) for x, y in segments[:k]):
            return []
        return self._chain_agents(items)

    def _names_before(self, pos: int) -> list[_Item]:
        """The list of names ending right before ``pos``, after adverbs such as 近日 or 联合 (甲、乙近日联合…)."""
        norm = self.norm
        k = bisect.bisect_left(self.token_starts, pos)
        while k > 0 and self.tokens[k - 1].end <= pos and self.tokens[k - 1].word in _BEFORE_RELATIVE:
            pos = self.tokens[k - 1].start
            k -= 1
        m = _ETC_BEFORE.search(norm, max(0, pos - 7), pos)  # 国家网信办等7部门
        if m is not None and self.by_end.get(m.start()) is not None:
            pos = m.start()
        items: list[_Item] = []
        it = self.by_end.get(pos)
        while it is not None and it.label in ("ORG", "PERSON", "EVENT"):
            items.insert(0, it)
            if it.label == "EVENT" or it.start == 0 or norm[it.start - 1] not in "、和与及":
                break
            it = self.by_end.get(it.start - 1)
        return items

    def _passive(self, act: PolicyAct, seg_start: int, cs: int) -> tuple[list[_Item], list[_Item]]:
        """《…》由国务院印发, 《…》经…会议审议通过: the policies open the clause, the agent follows 由 or 经."""
        norm = self.norm
        items = self._names_before(cs)
        if not items or items[0].start <= seg_start:
            return [], []
        by = norm[items[0].start - 1]
        if by not in "由经" or by == "经" and act != "adopted":
            return [], []
        first = self.by_start.get(_end(_LEAD, norm, seg_start, cs))
        if first is None or first.label != "POLICY":
            return [], []
        policies = [first]
        while (nxt := self.by_start.get(_end(_LIST_JOIN, norm, policies[-1].end, cs))) is not None and \
                nxt.label == "POLICY" and nxt is not policies[-1]:
            policies.append(nxt)
        if not self._stated(policies[-1].end, items[0].start - 1):
            return [], []
        return [p for p in policies if _fits(act, p)], self._chain_agents(items)

    def _with_bodies(self, agents: list[_Item], si: int) -> Iterator[_Item]:
        """Each agent, and beside a meeting of this sentence the body its name names (国务院 of 国务院常务会议).
        A meeting named by a generic word is its body (省委常委会召开会议 → 省委常委会), or nothing at all when
        no body is written with it."""
        for a in agents:
            if a.label != "EVENT":
                yield a
                continue
            body = self._body(a)
            if body is not None and _BARE_AFTER_BODY.fullmatch(self.norm, body.end, a.end):
                yield body
                continue
            if _BARE_NAME.fullmatch(a.mention.key):
                body = self._convener(a)
                if body is not None:
                    yield body
                continue
            yield a
            if body is not None and a.mention.sentence == si:
                yield body

    def _body(self, meeting: _Item) -> _Item | None:
        """The body named at the start of a meeting's name, or after a verb inside it (…套开省委…领导小组会议)."""
        k = bisect.bisect_left(self.org_starts, meeting.start)
        best: _Item | None = None
        for o in self.orgs[k:]:
            if o.start >= meeting.end:
                break
            named = o.start == meeting.start or _CONVENES.search(self.norm, meeting.start, o.start) is not None
            if named and o.end < meeting.end and (best is None or o.end - o.start > best.end - best.start):
                best = o
        return best

    def _convener(self, meeting: _Item) -> _Item | None:
        """The body that convenes a meeting named by a generic word (中共中央政治局7月30日召开会议)."""
        k = bisect.bisect_left(self.org_starts, meeting.start)
        for o in reversed(self.orgs[max(0, k - 6):k]):
            if o.mention.sentence == meeting.mention.sentence and not (o.mention.kind or "").endswith(":nested") \
                    and _CONVENER_GAP.fullmatch(self.norm, o.end, meeting.start):
                return o
        return None

    # ----------------------------------------------------------------------------------------- checks

    def _words(self, start: int, end: int) -> Iterator[tuple[str, str]]:
        """The words of the tokenizer from ``start`` to ``end`` with their tags (a word the end cuts is cut
        too), leaving out the words inside policies."""
        k = bisect.bisect_left(self.token_starts, start)
        while k < len(self.tokens) and self.tokens[k].start < end:
            t = self.tokens[k]
            k += 1
            if not self.in_policy[t.start]:
                yield self.norm[t.start:min(t.end, end)], t.pos

    def _stated(self, start: int, cs: int) -> bool:
        """No word between the subject and the cue makes the act asked for, wished, announced or quoted."""
        return not any(w in _NOT_STATED for w, _ in self._words(start, cs))

    def _verb_phrase(self, act: PolicyAct, segment: tuple[int, int], subj_end: int, cs: int) -> bool:
        """The cue heads its clause's verb phrase: only adverbs and coordinated verbs stand before it (after
        the last 并), no preposition that makes it a topic or a purpose (为深入推进…) and no other verb."""
        norm = self.norm
        seg_start, seg_end = segment
        start = _end(_LEAD, norm, max(seg_start, subj_end), cs)
        last = norm.rfind("并", start, cs)
        if last >= 0 and not self.covered[last]:
            start = last + 1
        for word, pos in self._words(start, cs):
            studies = act == "studied" and _STUDY_AFTER.search(norm, cs, seg_end) is not None
            if word in _TOPIC_WORDS or word == "围绕" and not studies:
                return False  # 就学习贯彻…与…交流, 为推进…; 围绕…进行学习研讨 is studying, 围绕推进… a topic
            if not (word in _BEFORE_CUE or pos in _ADVERB_POS and word not in _NOT_STATED or _CUE.fullmatch(word)):
                return False
        return True

    def _opens_with_verb(self, pos: int, limit: int) -> bool:
        """A clause that continues the subject before it: it opens with a verb (研究…, 认真传达学习…) or a
        preposition (在…领导下, 按照…), not with a noun, a pronoun or a name."""
        if self.by_start.get(pos) is not None:
            return False
        for word, tag in self._words(pos, limit):
            if tag.startswith(("v", "p")) or _CUE.match(word) or word in _VERB_WORDS:
                return True
            if word not in _BEFORE_CUE and tag not in ("d", "ad", "c"):
                return False
        return True


def _segments(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of a sentence: spans between breaks, a title or a quotation (closed within 80 characters)
    kept whole."""
    out = []
    a = i = start
    while i < end:
        ch = norm[i]
        if ch in _MARKS:
            close = norm.find(_MARKS[ch], i + 1, min(end, i + 80))
            if close > 0:
                i = close + 1
                continue
        elif ch in _BREAKS:
            out.append((a, i + 1))
            a = i + 1
        i += 1
    if a < end:
        out.append((a, end))
    return out or [(start, end)]


def _end(pattern: re.Pattern[str], text: str, pos: int, endpos: int) -> int:
    """Where a match of ``pattern`` at ``pos`` ends (``pos`` when it does not match)."""
    m = pattern.match(text, pos, endpos)
    return m.end() if m else pos


def _fits(act: PolicyAct, p: _Item) -> bool:
    """A named policy (not 相关决定草案), and for issuing and adopting a document (a law, a plan, a titled
    document, a draft), not a spirit or a slogan."""
    if p.mention.key.startswith(_NOT_NAMED):
        return False
    if act in ("issued", "adopted"):
        return p.mention.kind in _DOCUMENT_KINDS or p.mention.key.startswith("《") or "草案" in p.mention.key
    return True


def _is_meeting(e: Event) -> bool:
    """A meeting or another gathering by its name (…会议, …座谈会), not a meeting between leaders or a visit."""
    return e.name.key.endswith(_MEETING_HEADS)


def _inside(it: _Item, spans: list[tuple[int, int]]) -> bool:
    """``it`` lies inside one of ``spans`` (sorted by start) without being it."""
    k = bisect.bisect_right(spans, (it.start, 1 << 62))
    return any(a <= it.start and it.end <= b and (a, b) != (it.start, it.end) for a, b in spans[max(0, k - 8):k])


def _length(it: _Item | None) -> int:
    return it.end - it.start if it is not None else -1
