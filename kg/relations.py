"""Relation finders: posts, events with participants, sub-organizations and photo credits.

Pure functions over a document whose mentions are known.  Offsets are handled in the normalised view and
every relation refers to the :class:`~kg.model.Mention` objects of the document, so evidence (sentence and
offsets into the original text) travels with each fact.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from collections.abc import Iterator
from dataclasses import replace

from kg.lexicon import load_lexicon
from kg.mentions import OCCUPATION, WORK_TITLE
from kg.model import Document, Event, Mention, Participation, PhotoCredit, Post, Span, SubOrganization
from kg.policy_relations import find_policy_relations
from kg.segment import CJK_WORD
from kg.tagger import PROPOSAL

_MEETING_KIND = re.compile(r"(?:举行|进行|同[^，。]{0,2})?(?:集体会见|视频会晤|会见|会谈|会晤|通电话|视频通话|会议|全体会议|座谈会|"
                           r"座谈|见面会|欢迎仪式|欢迎宴会|宴会|开幕式|闭幕式|有关会见|有关活动)")


def generic_meeting(name: str) -> bool:
    """A meeting named by its kind alone (会见, 举行会谈, 座谈会), which many articles of a day name alike.

    Example:
        >>> generic_meeting("举行会谈"), generic_meeting("会见新加坡总理"), generic_meeting("国务院常务会议")
        (True, False, False)
    """
    return _MEETING_KIND.fullmatch(name) is not None


# ------------------------------------------------------------------------------------------------- posts


class _Index:
    """Mentions of one document addressed by their normalised start/end offsets."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.by_end: dict[tuple[str, int], Mention] = {}
        self.by_start: dict[tuple[str, int], Mention] = {}
        self._attributes: list[tuple[int, int]] | None = None
        for m in doc.mentions:
            if (m.kind or "").endswith(":nested"):
                continue
            ns, ne = doc.norm_offset(m.start), doc.norm_offset(m.end)
            group = "ORGPLACE" if m.label in ("ORG", "PLACE") else m.label
            self.by_end.setdefault((group, ne), m)
            self.by_start.setdefault((group, ns), m)

    @property
    def attributes(self) -> list[tuple[int, int]]:
        """Where titles, bodies and places lie (normalised offsets, by start): what may stand before a subject."""
        if self._attributes is None:
            doc = self.doc
            self._attributes = sorted((doc.norm_offset(m.start), doc.norm_offset(m.end)) for m in doc.mentions
                                      if m.label in ("ORG", "TITLE", "PLACE"))
        return self._attributes

    def ending(self, group: str, pos: int) -> Mention | None:
        return self.by_end.get((group, pos))

    def span(self, m: Mention) -> tuple[int, int]:
        return self.doc.norm_offset(m.start), self.doc.norm_offset(m.end)


def find_posts(doc: Document, idx: _Index | None = None) -> Iterator[Post]:
    """Posts written as appositions: ``[ORG] TITLE NAME``, lists sharing a title, 兼 and 、 chains, and
    honorific titles after a name (习近平总书记).

    Example (see tests/test_relations.py for both scripts):
        退役軍人事務部部長孫紹騁 → Post(孫紹騁, 部長, 退役軍人事務部)
    """
    idx = idx or _Index(doc)
    norm = doc.norm
    persons = [m for m in doc.mentions if m.label == "PERSON"]
    seen: set[tuple[str, str, str]] = set()
    org_starts = sorted(idx.span(m)[0] for m in doc.mentions if m.label == "ORG"
                        and not (m.kind or "").endswith(":nested"))
    last: tuple[int, Mention, Mention] | None = None  # the sentence, title and organization of the last post
    for p in persons:
        ps, pe = idx.span(p)
        pos = ps
        # a list of names shares the title written before its first name
        while pos > 0 and norm[pos - 1] == "、":
            prev = idx.ending("PERSON", pos - 1)
            if prev is None:
                break
            pos = idx.span(prev)[0]
        chain = _title_chain(idx, norm, pos)
        if not chain:
            after = idx.by_start.get(("TITLE", pe))
            # not a "name" that ends in a preposition (老乡们高声向|总书记问好)
            if after is not None and after.key in _HONORIFIC_AFTER and p.key[-1] not in "向对给为跟同和与把被让":
                chain = [(after, None)]
        for k, (title, org) in enumerate(chain):
            if org is None and k == len(chain) - 1 and last is not None and idx.span(title)[1] <= ps:
                org = _elided_org(idx, org_starts, last, title)
            elif org is not None:
                last = (title.sentence, title, org)
            former = title.key.startswith(("原", "前"))
            key = (p.key, org.key if org else "", title.key)
            if key in seen:
                continue
            seen.add(key)
            yield Post(p, title, org, former)
    for post in find_appointments(doc, idx):
        key = (post.person.key, post.org.key if post.org else "", post.title.key)
        if key not in seen:
            seen.add(key)
            yield post


def _elided_org(idx: _Index, org_starts: list[int], last: tuple[int, Mention, Mention],
                title: Mention) -> Mention | None:
    """The organization a title leaves out because the post before it in the sentence named it: the reports of
    one committee (宪法法律委主任委员甲作的…，副主任委员乙作的…) or the heads of one body, with no other
    organization written in between."""
    sentence, before, org = last
    if title.sentence != sentence or _base_title(title.key) != _base_title(before.key):
        return None
    after, start = idx.span(org)[1], idx.span(title)[0]
    if after > start:
        return None
    k = bisect.bisect_left(org_starts, after)
    return org if k == len(org_starts) or org_starts[k] >= start else None


def _base_title(title: str) -> str:
    """The title without 副/常务副 (副主任委员 → 主任委员)."""
    return title.removeprefix("常务").removeprefix("副")


# titles no post is read from: the tagger's unconfirmed proposals and jobs that are not offices (记者)
_NOT_POSTS = frozenset((PROPOSAL, OCCUPATION))
_HONORIFIC_AFTER = frozenset(("总书记", "委员长", "副委员长", "主席", "国家主席", "总理", "副总理", "副主席", "国家副主席",
                              "国王", "女王"))


_SESSION = re.compile(r"第?[一二三四五六七八九十百\d]+届")


def _title_chain(idx: _Index, norm: str, pos: int) -> list[tuple[Mention, Mention | None]]:
    """The posts written before ``pos`` (a name), nearest first: ``ORG TITLE`` elements joined by 、 or 兼.

    A title after 兼 with no organization of its own belongs to the organization of the title before 兼
    (全国政协副主席兼秘书长).  A membership with a session prefix may stand before a comma
    (第二十届中央委员，广西壮族自治区党委原副书记蓝天立).
    """
    chain: list[tuple[Mention, Mention | None]] = []
    joins: list[str] = []
    j = pos
    while True:
        title = idx.ending("TITLE", j)
        if title is None or title.kind in _NOT_POSTS:
            break
        ts, _ = idx.span(title)
        org = idx.ending("ORGPLACE", ts)
        chain.append((title, org))
        j = idx.span(org)[0] if org else ts
        if j > 0 and norm[j - 1] in "、兼":
            joins.append(norm[j - 1])
            j -= 1
            continue
        if j > 0 and norm[j - 1] == "，":
            before = idx.ending("TITLE", j - 1)
            org_before = before and idx.ending("ORGPLACE", idx.span(before)[0])
            if before is not None and (_SESSION.match(before.key) or org_before and _SESSION.match(org_before.key)):
                joins.append("，")
                j -= 1
                continue
        break
    for k in range(len(chain) - 1):
        title, org = chain[k]
        if org is None and joins[k] == "兼" and chain[k + 1][1] is not None:
            chain[k] = (title, chain[k + 1][1])
    return chain


_APPOINT = re.compile(r"(?:同志)?(不再担任|担任|出任|为|任)")
_RESIGN = re.compile(r"(?:同志)?(?:的)?(?:请求)?辞去(?:其)?")
_REMOVE_BEFORE = re.compile(r"(?:免去|免除|撤销)$")
# a nominee or a candidate holds no post yet (提名X为Y人选, 推荐X为市长候选人)
_NOMINATED_BEFORE = re.compile(r"(?:提名|推荐|推选|建议|拟任|拟提名)$")
_CANDIDATE_AFTER = re.compile(r"(?:的)?(?:候选人|人选|提名人选|拟任人选)")


def find_appointments(doc: Document, idx: _Index | None = None) -> Iterator[Post]:
    """Posts in personnel decisions, for every name of a list: 任命X、Y为ORG TITLE、TITLE; X不再担任ORG TITLE;
    免去X(的)ORG TITLE职务 and X辞去ORG TITLE职务 (posts left: ``former``).  A nominee or candidate
    (提名X为…人选) holds no post."""
    idx = idx or _Index(doc)
    norm = doc.norm
    persons = [m for m in doc.mentions if m.label == "PERSON"]
    for p in persons:
        ps, pe = idx.span(p)
        if norm[pe:pe + 1] == "、" and idx.by_start.get(("PERSON", pe + 1)) is not None:
            continue  # not the last name of a list: the verb comes after the last one
        names = [p]
        pos = ps
        while pos > 0 and norm[pos - 1] == "、":
            prev = idx.ending("PERSON", pos - 1)
            if prev is None:
                break
            names.insert(0, prev)
            pos = idx.span(prev)[0]
        before = norm[max(0, pos - 4):pos]
        former = True
        if _REMOVE_BEFORE.search(before):
            j = pe + (2 if norm.startswith("同志", pe) else 0)
            j += 1 if norm.startswith("的", j) else 0
        elif (m := _RESIGN.match(norm, pe)) is not None:
            j = m.end()
        elif (m := _APPOINT.match(norm, pe)) is not None and not _NOMINATED_BEFORE.search(before):
            j = m.end()
            former = m.group(1) == "不再担任"
        else:
            continue
        found = list(_posts_at(idx, norm, j))
        if not found or _CANDIDATE_AFTER.match(norm, idx.span(found[-1][0])[1]):
            continue
        for title, org in found:
            for name in names:
                yield Post(name, title, org, former or title.key.startswith(("原", "前")))


def _posts_at(idx: _Index, norm: str, j: int) -> Iterator[tuple[Mention, Mention | None]]:
    """The ``[ORG] TITLE`` posts written from ``j`` on, joined by 、, 兼 or 和; a title without a body of its own
    keeps the body before it (市人民政府副市长、秘书长)."""
    org: Mention | None = None
    while True:
        nxt_org = idx.by_start.get(("ORGPLACE", j))
        if nxt_org is not None:
            org = nxt_org
            j = idx.span(nxt_org)[1]
        title = idx.by_start.get(("TITLE", j))
        if title is None or title.kind in _NOT_POSTS:
            return
        yield title, org
        j = idx.span(title)[1]
        if norm[j:j + 1] in ("、", "兼", "和"):
            j += 1
            continue
        return


# ------------------------------------------------------------------------------------------------ events

EVENT_HEADS = load_lexicon().meeting_heads  # kg/lexicons/meeting_heads.txt, longest first
_EVENT_TOKEN_POS = {"n", "nz", "ns", "nt", "ntg", "nto", "nth", "m", "q", "j", "l", "vn", "nnt", "an", "b", "f", "eng",
                    "a", "un", "t"}
_EVENT_BREAK = frozenset("召开 举行 套开 出席 主持 参加 列席 在 于 的 了 和 与 同 及 以及 会见 讲话 听取 审议 是 为 对 向 将 经 "
                         "这次 此次 本次 该 各 这 那".split())
_PLANNED = re.compile(r"(?:将|将于|即将|拟|计划|准备|筹备|关于召开|关于举行|待|适时召开|尽快召开|"
                      r"(?:决定|同意|建议|提议|要求)(?:于[^，。]{1,8})?(?:召开|举行))[^，。]{0,6}$|"
                      r"(?:^|[^已])[经报]$|(?:此前|前不久|上次|去年|曾)[^，。]{0,6}$|"
                      # the topic of a report or a bill (关于十四届全国人大三次会议代表建议…的报告), the body
                      # that commissions a speaker (受委员长会议委托)
                      r"关于$|受$")
# an event merely referred to: put off or called off (美洲峰会将推迟), the body that decided something (经…会议
# 研究), or a meeting named inside the name of one of its bodies (…人大三次会议主席团)
_NOT_HELD_AFTER = re.compile(r"(?:将|已|被)?(?:推迟|延期|取消|延后)|研究决定|研究并|主席团|秘书处|筹备委员会|组委会|"
                             # a meeting whose spirit, speeches or decisions are conveyed (中央政治局会议精神,
                             # 在…会议上的重要讲话, 全会作出的部署): held before, by others
                             r"(?:上的|的)?(?:重要讲话|讲话|重要指示|指示|报告|决议|决定|作出的|提出的)?"
                             r"(?:和[^，。；]{1,12}?)?(?:精神|决策部署|部署要求)|上的(?:重要)?(?:讲话|致辞|报告)|"
                             # one announced for later (…大会将于下月召开)
                             r"(?:将于|将|拟于|拟|计划于|定于|预计于?)[^，。；]{0,12}?(?:召开|举行|开幕|举办)|"
                             # one whose decisions or plans are referred to, or a time since it (三中全会通过的
                             # 决定, 全会作出的部署, 三中全会以来)
                             r"(?:审议)?通过的|(?:提出|作出|确定|明确|描绘|擘画)的|以来|之后|召开以来")
# Times in the sentence before a meeting's name: the last one says when it was.  A year or a month (without a
# day) before the article's month, or 去年, 此前 … recall a meeting held before, which the text does not date
# (2023年12月，总书记在中央经济工作会议上指出; 7月，在…考察时): no meeting of this article.  A year of a
# report (2024年度) or of a period (2021年以来, 2021年至2025年) is no time of the meeting.
_TIME = re.compile(r"(?=\d)(?:(\d{4})年(?!度|代|以来|至|—|－|-|~))?(?:(\d{1,2})月)?(?:(\d{1,2})日)?(?<=[年月日])|"
                   r"(去年|前年|此前|曾经|曾于|曾在|当年|那年|上世纪|上个月|上月|多年前|年前|以来|多次|历次)|"
                   r"今天|今日|当天|当日|昨天|昨日|日前|近日|上午|下午|晚上|本月|(?<!去)今年")


# The year a meeting is named after (2026年中国峰会, 2026中国—东盟博览会)
_NAMED_YEAR = re.compile(r"^(\d{4})(?:年|(?=[\u4e00-\u9fff]))")


def _named_for_later(doc: Document, name: str) -> bool:
    """Whether a meeting is named after a year later than the article's: one announced, not held.

    Example:
        >>> from kg.model import Document
        >>> _named_for_later(Document(id="a", text="", date="2025-11-01"), "2026年中国峰会")
        True
        >>> _named_for_later(Document(id="a", text="", date="2025-11-01"), "2025年中国峰会")
        False
    """
    year, this = _NAMED_YEAR.match(name), (doc.date or "")[:4]
    return year is not None and this.isdigit() and int(year.group(1)) > int(this)


def _recalled_time(doc: Document, start: int, end: int) -> bool:
    """The last time ``doc.norm[start:end]`` states lies before the article's days (see :data:`_TIME`)."""
    last = next(reversed(list(_TIME.finditer(doc.norm, start, end))), None)
    if last is None:
        return False
    if last.group(4):
        return True
    if not doc.date or not (last.group(1) or last.group(2)) or last.group(3):
        return False  # a word of now, or a day: the meeting is dated by it, however long ago (_event_date)
    try:
        today = _dt.date.fromisoformat(doc.date)
    except ValueError:
        return False
    year = int(last.group(1)) if last.group(1) else today.year
    month = int(last.group(2)) if last.group(2) else (12 if last.group(1) else today.month)
    if not 1 <= month <= 12:
        return False
    if not last.group(1) and month > today.month:
        return False  # a later month of this year (今年2月至4月), or last year's: the text does not say
    return (year, month) < (today.year, today.month)


MEET_CUE = re.compile(r"集体会见|会见|会谈|通电话|举行会谈|视频会晤|会晤")
# An inspection or visit reported as done: a place after 在/到/赴/深入 and the verb (在南沙调研, 到企业检查);
# its leader and those who 陪同 attended it
_INSPECTION_VERBS = r"(?:调研|考察|检查|视察|走访)"
# the place is a place, not a task (在全国开展…检查): no verb of organising work inside it
_INSPECTS = (r"(?:在|到|赴|深入)(?!深入|进一步|认真|广泛|实地|专题|基层|一线|地方|当地|各地|多地|走访)"
             # the place, with no verb of studying inside (a task, not a place: 深入学习贯彻…)
             r"(?:(?!开展|展开|进行|组织|部署|推进|推动|加强|或者|陪伴|学习|贯彻)[^，。；“”]){1,24}?"
             # not an inspection whose speech is referred to (在西藏考察时的重要讲话: held before)
             r"(?<![的了])" + _INSPECTION_VERBS + r"(?![团组组织队员]|时的|期间的|时发表的|时作出的)")
_INSPECTION = re.compile(_INSPECTS)
# A leader holding a discussion with a group (同…代表座谈交流): a meeting named by the text's words
_SYMPOSIUM = re.compile(r"(?<![共协一相])同(?![志时比样])[^，。；]{1,40}?座谈(?:交流)?(?!会)")
ROLE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("presided", re.compile(r"主持")),
    ("attended", re.compile(r"出席|列席|到会|在座|参加审议|参加|陪同|" + _INSPECTS)),
    ("spoke", re.compile(r"发表(?:重要|主旨|视频)?(?:讲话|演讲)|讲话|致辞|作(?:了)?[^，。；]{0,60}?(?:报告|汇报|说明|发言)|"
                         r"汇报|发言|作讲座|作大会发言|作(?:主旨|专题)?演讲")),
    ("met", MEET_CUE),
    ("attended", re.compile(r"同[^，。；]{1,40}?座谈")),
    ("said", re.compile(r"强调|指出|表示|认为|说|感谢|欢迎|介绍(?=[，：:])")),
)


def find_events(doc: Document, idx: _Index | None = None) -> list[Event]:
    """Events the article reports, with their participants, in text order.

    Meetings are found from their names (…会议, …座谈会, …论坛 …); meetings between leaders from 会见/会谈/
    通电话.  Participants come from cue words after a name (主持, 出席, 讲话, 会见 …), shared by lists of names.
    """
    idx = idx or _Index(doc)
    norm = doc.norm
    events: list[tuple[Mention, int]] = []  # (name mention, sentence index)
    seen: set[str] = set()
    # no meeting is named inside a policy's name or a title of a work (《中国国宝大会》 is a programme)
    policies = [(doc.norm_offset(m.start), doc.norm_offset(m.end)) for m in doc.mentions if m.label == "POLICY"]
    policies += [m.span() for m in WORK_TITLE.finditer(norm)]
    for si, s in enumerate(doc.sentences):
        ns, ne = doc.norm_offset(s.start), doc.norm_offset(s.end)
        for st, en in _meeting_names(doc, ns, ne):
            if _PLANNED.search(norm[max(ns, st - 8):st]) or _NOT_HELD_AFTER.match(norm, en) or \
                    any(a <= st and en <= b for a, b in policies) or _recalled_time(doc, ns, st) or \
                    _named_for_later(doc, norm[st:en]):
                continue
            name = doc.mention(st, en, "EVENT", None, si)
            if name.key not in seen:
                seen.add(name.key)
                events.append((name, si))
    for si, s in enumerate(doc.sentences):
        ns, ne = doc.norm_offset(s.start), doc.norm_offset(s.end)
        for m in [*_INSPECTION.finditer(norm, ns, ne), *_SYMPOSIUM.finditer(norm, ns, ne)]:
            if _PLANNED.search(norm[max(ns, m.start() - 8):m.start()]) or _recalled_time(doc, ns, m.start()):
                continue
            name = doc.mention(m.start(), m.end(), "EVENT", None, si)
            if name.key not in seen:
                seen.add(name.key)
                events.append((name, si))
    # a name inside a longer one is part of it (2022年世界互联网大会 in 2022年世界互联网大会乌镇峰会)
    spans = [(e.start, e.end) for e, _ in events]
    events = [(e, si) for e, si in events if not any(
        a <= e.start and e.end <= b and b - a > e.end - e.start for a, b in spans)]
    events = _most_specific(events)
    has_meeting = bool(events) or any(MEET_CUE.search(norm, doc.norm_offset(s.start), doc.norm_offset(s.end))
                                      for s in doc.sentences)
    roles = _present(doc, _participations(doc, idx, has_meeting), [(e.start, e.end) for e, _ in events])
    roles += _hosted(doc, idx, events, roles)
    # meetings between leaders: 会见 + the other side up to the name
    meet_events: dict[int, Mention] = {}
    meet_pairs: dict[int, list[tuple[Mention, Mention]]] = {}
    named = [(doc.norm_offset(e.start), doc.norm_offset(e.end)) for e, _ in events]
    for si, s in enumerate(doc.sentences):
        ns, ne = doc.norm_offset(s.start), doc.norm_offset(s.end)
        # not the 会晤 of a summit named in the sentence or before the meeting itself (出席…会晤期间会见…): the
        # cue nearest before the first person met
        cues = [c for c in _meet_cues(norm, ns, ne) if not any(a <= c.start() and c.end() <= b for a, b in named)]
        if not cues or not any(r[0].sentence == si and r[1] == "met" for r in roles):
            continue
        met_at = [idx.span(r[0])[0] for r in roles if r[0].sentence == si and r[1] == "met"]
        m = next((c for c in reversed(cues) if any(c.end() <= a for a in met_at)), cues[0])
        end = m.end()
        objs = [r for r in roles if r[0].sentence == si and r[1] == "met" and idx.span(r[0])[0] >= m.end()]
        stop = re.search(r"[，。；：]|后|时|期间|之际|表示|指出|强调", norm[m.end():ne])
        if objs and (stop is None or idx.span(objs[0][0])[0] <= m.end() + stop.start()):
            end = idx.span(objs[0][0])[0]
        else:
            end = min(ne, m.end() + (stop.start() if stop else 12))
        name = doc.mention(m.start(), end, "EVENT", None, si)
        meet_events[si] = name
        meet_pairs[si] = _sides(doc, idx, [r[0] for r in roles if r[0].sentence == si and r[1] == "met"], m)
    result: dict[str, list[Participation]] = {}
    names: dict[str, Mention] = {}
    for name, _ in events:
        names[name.key] = name
        result.setdefault(name.key, [])
    for name in meet_events.values():
        names.setdefault(name.key, name)
        result.setdefault(name.key, [])
    held = [(e, si) for e, si in events if _is_held(doc, e)]
    # a meeting held jointly inside another (会议套开…领导小组会议) is not the one a later 主持会议 refers to
    main = [(e, si) for e, si in held if not norm.endswith("套开", 0, doc.norm_offset(e.start))] or held
    for person, role, cue in roles:
        si = person.sentence
        if _recalled_time(doc, doc.norm_offset(doc.sentences[si].start), doc.norm_offset(cue.start)):
            continue  # a role at a meeting held before (去年8月，总书记在…考察时), which is no event here
        targets: list[str]
        if _REFERS_BACK.match(norm, doc.norm_offset(cue.end)):
            # 参加有关活动, 陪同上述调研: every activity the article has reported so far
            earlier = sorted([(esi, e.start, e.key) for e, esi in held if esi <= si] +
                             [(k, e.start, e.key) for k, e in meet_events.items() if k <= si])
            targets = list(dict.fromkeys(key for _, _, key in earlier))
        elif role == "met" and si in meet_events:
            targets = [meet_events[si].key]
        else:
            target = _event_for(events, held, si, meet_events, same_only=True, at=cue.start) or \
                _object_of(doc, cue, names) or _event_for(events, main, si, meet_events)
            if target is None:
                continue  # the text names no meeting: no sentence or headline stands in for one
            targets = [target.key]
        for key in targets:
            parts = result.setdefault(key, [])
            if all((x.person.key, x.role) != (person.key, role) for x in parts):
                parts.append(Participation(person, role, cue))  # type: ignore[arg-type]
    out = []
    reported = {e.key for e, _ in held} | {e.key for e in meet_events.values()}
    for key, parts in result.items():
        if not parts and key not in reported:
            continue  # named, but not reported as held here (根据委员长会议的决定, …会议期间提出的议案)
        name = names[key]
        pairs = tuple(pair for si, ev in meet_events.items() if ev.key == key for pair in meet_pairs.get(si, ()))
        out.append(Event(name, _event_date(doc, name), _event_place(doc, name), tuple(parts), pairs))
    return sorted(out, key=lambda e: e.name.start)


# What reports a meeting as held, right after its name (…会议8日在京召开, …全会通过) or right before it (主持召开,
# 出席…开幕式); a verb of the sentence's own meeting (会议审议了委员长会议关于…的议案) says nothing of another
_HELD_AFTER = re.compile(r"[^，。；“”《》]{0,14}?(?:召开|举行|举办|开幕|闭幕|落幕|开班|结业|通过|在[^，。；]{1,10}?(?:开幕|闭幕))")
_HELD_BEFORE = re.compile(r"(?:召开|举行|举办|套开|主持|出席|参加|列席|出席了|参加了|主持了|在)[^，。；“”《》]{0,12}$")


def _is_held(doc: Document, name: Mention) -> bool:
    norm = doc.norm
    if _INSPECTION.fullmatch(name.key) or _SYMPOSIUM.fullmatch(name.key) or re.search(r"召开|举行|套开", name.key):
        return True  # 在南沙调研, 同…代表座谈, 省委常委会召开会议
    s = doc.sentences[name.sentence]
    ns, st, en = doc.norm_offset(s.start), doc.norm_offset(name.start), doc.norm_offset(name.end)
    return _HELD_AFTER.match(norm, en, doc.norm_offset(s.end)) is not None or \
        _HELD_BEFORE.search(norm[max(ns, st - 14):st]) is not None


# A meeting between leaders that a speaker recalls (莫迪表示，我同习近平主席多次举行…会晤) or that happened before
# (此前, 曾): no meeting of this article
_RECALLED = re.compile(r"(?:表示|指出|强调|认为|说)[，：:]|多次|曾经?|此前|以来|上次|去年|前不久|"
                       r"(?<![第一二三四五六七八九十百])[两三四五六七八九十]次")

def _sides(doc: Document, idx: _Index, met: list[Mention], cue: re.Match[str]) -> list[tuple[Mention, Mention]]:
    """Who met whom in a sentence reporting a meeting between leaders: the people before the cue meet those
    after it (甲会见乙); before the cue, 同/与/和 parts the two sides (甲同乙举行会谈, 乙与甲通电话).  People
    on one side do not meet each other (甲和夫人乙会见丙; 甲分别会见乙和丙)."""
    norm = doc.norm
    before = [p for p in met if idx.span(p)[1] <= cue.start()]
    after = [p for p in met if idx.span(p)[0] >= cue.end()]
    if not after and len(before) >= 2:
        # 甲同乙举行会谈: the last 同/与 (or 和 right before the others) between the names parts the sides
        spans = [idx.span(p) for p in before]
        for k in range(len(before) - 1, 0, -1):
            gap = norm[spans[k - 1][1]:spans[k][0]]
            if re.search(r"同|与|跟", gap) or re.search(r"和", gap) and "会谈" in cue.group():
                return [(a, b) for a in before[:k] for b in before[k:] if a.key != b.key]
        return []
    return [(a, b) for a in before for b in after if a.key != b.key]


def _meet_cues(norm: str, ns: int, ne: int) -> Iterator[re.Match[str]]:
    """The cues of meetings between leaders that the sentence ``ns:ne`` reports, not recalls or announces
    (王明将于下周会见…)."""
    return (c for c in MEET_CUE.finditer(norm, ns, ne) if not _RECALLED.search(norm, ns, c.start())
            and not _ANNOUNCED.search(norm, max(ns, c.start() - 14), c.start()))


_ANNOUNCED = re.compile(r"(?:将于|将|拟于|拟|即将|计划于?|准备|定于|还将)[^，。；]{0,12}$")


_OBJECT_CUES = ("参加", "出席", "主持", "列席")
# What ends the name of an activity one takes part in (四川代表团审议, 实弹演习)
_ACTIVITY_HEADS = ("讨论", "审议", "考察", "调研", "演习", "活动", "会谈", "会见", "比赛", "展览", "庆典", "集会", "演出",
                   "宣讲", "培训", "学习")
_OBJECT_END = re.compile(r"[，。；：！？、（]|并|时|期间|上|后")


def _object_of(doc: Document, cue: Span, names: dict[str, Mention]) -> Mention | None:
    """An event named by what the participation cue takes (参加他所在的四川代表团审议 → 四川代表团审议): the
    words after 参加/出席/主持/列席 up to the clause's end, after the last 的 (a relative clause); ``None`` when
    the cue is another, or what follows is not four to twenty characters ending like a meeting or an activity
    (参加攻关 names no event)."""
    norm = doc.norm
    cs, ce = doc.norm_offset(cue.start), doc.norm_offset(cue.end)
    if norm[cs:ce] not in _OBJECT_CUES:
        return None
    stop = _OBJECT_END.search(norm, ce)
    end = stop.start() if stop else len(norm)
    start = ce
    de = norm.rfind("的", ce, end)
    if de >= 0:
        start = de + 1
    while norm.startswith(("召开", "举行"), start):
        start += 2
    if not 4 <= end - start <= 20 or not CJK_WORD.fullmatch(norm[start:end]) or \
            not norm[start:end].endswith(EVENT_HEADS + _ACTIVITY_HEADS):
        return None
    name = doc.mention(start, end, "EVENT", None, doc.sentence_of(doc.orig(start)))
    if name.key not in names:
        # the general name of a meeting the article names by its number (国务院全体会议 → 国务院第九次全体会议)
        known = next((m for k, m in names.items() if _NUMBERED.search(k) and _within(name.key, k)), None)
        if known is not None:
            return known
    return names.setdefault(name.key, name)


def _most_specific(events: list[tuple[Mention, int]]) -> list[tuple[Mention, int]]:
    """Without the general names of a meeting the article also names by its session (国务院全体会议 beside
    国务院第九次全体会议, 常委会会议 beside 十四届全国人大常委会第十六次会议): the general name has no number and
    its characters appear in order in the specific one, which has."""
    keys = [e.key for e, _ in events]
    return [(e, si) for e, si in events if _NUMBERED.search(e.key) or not any(
        len(k) > len(e.key) and _NUMBERED.search(k) and _within(e.key, k) for k in keys)]


def _within(short: str, long: str) -> bool:
    """The characters of ``short`` appear in order in ``long``."""
    it = iter(long)
    return all(c in it for c in short)


_LEADING_DATE = re.compile(r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?")  # 2022年世界互联网大会 keeps its year
_NUMBERED = re.compile(r"第[一二三四五六七八九十百零〇\d]+次|[\d一二三四五六七八九十]+届")


def _event_for(events: list[tuple[Mention, int]], held: list[tuple[Mention, int]], si: int,
               meet: dict[int, Mention], same_only: bool = False, at: int | None = None) -> Mention | None:
    """The meeting a role in sentence ``si`` belongs to: one its sentence names (all ``same_only`` asks; of
    several, the one the cue at original offset ``at`` names or stands before — 深入企业调研并主持召开座谈会，
    强调… puts the remarks at the 座谈会), else the last meeting reported as held before it, else the first held
    one, else the nearest meeting between leaders before it."""
    same = [e for e, s in held if s == si] or [e for e, s in events if s == si]
    if same:
        if at is None or len(same) == 1:
            return same[0]
        same = sorted(same, key=lambda e: e.start)
        return next((e for e in same if e.start <= at < e.end), None) or \
            next((e for e in same if e.start >= at), None) or same[-1]
    if same_only:
        return None
    # the last meeting reported before, a meeting between leaders included (习近平指出… after 举行会谈)
    earlier = sorted([(s, 0, e) for e, s in held if s < si] + [(k, 1, e) for k, e in meet.items() if k < si],
                     key=lambda x: (x[0], x[1]))
    if earlier:
        return earlier[-1][2]
    if held:
        return held[0][0]
    if meet:
        return meet[min(meet)]
    return None


# The object of a role that refers back to what the article reported (参加有关活动, 陪同上述考察)
_REFERS_BACK = re.compile(r"(?:了)?(?:有关|上述|相关|以上|前述)(?:活动|调研|考察|视察|检查)")


# Verbs that convene a meeting (not 主持会议 or 出席会议, which refer back to a meeting named before)
_CONVENED = re.compile(r"(?:召开|举行|套开)(?:了)?(?:今年|本年度)?(?:第[一二三四五六七八九十\d]+[次期])?$")


# A meeting's head before a word of a building names a venue (国家会议中心, 会议室, 论坛会址), before 制度 a
# system (人民代表大会制度), before 代表 its delegates (大会代表): no meeting
_VENUE_AFTER = re.compile(r"中心|厅|室|馆|大厦|大楼|会址|旧址|场馆|园区|制度|代表")


_ORDINAL_BEFORE = re.compile(r"第[一二三四五六七八九十百零\d]+次$")


def _meeting_names(doc: Document, ns: int, ne: int) -> Iterator[tuple[int, int]]:
    lo = bisect.bisect_left(doc.tokens, ns, key=lambda t: t.start)
    hi = bisect.bisect_right(doc.tokens, ne, key=lambda t: t.end)
    toks = [t for t in doc.tokens[lo:hi] if ns <= t.start and t.end <= ne]
    for k, t in enumerate(toks):
        # a numbered summit (金砖国家领导人第十八次会晤) is a meeting; a 会晤 of two leaders is found from its cue
        summit = t.word == "会晤" and _ORDINAL_BEFORE.search(doc.norm, max(ns, t.start - 8), t.start) is not None
        if not t.word.endswith(EVENT_HEADS) and not summit:
            continue
        head = "会晤" if summit else next((h for h in EVENT_HEADS if t.word.endswith(h)), None)
        if head is None or t.word.startswith(("出席", "参加", "召开", "举行", "主持", "列席", "开会")) or \
                _VENUE_AFTER.match(doc.norm, t.end, ne):
            continue
        j = k
        while j > 0:
            p = toks[j - 1]
            # a person's name belongs to a commemoration's (纪念任建新同志诞辰100周年座谈会)
            named = p.pos in ("nr", "nrfg", "nrt") and toks[j].word == "同志"
            if p.word in _EVENT_BREAK or (p.pos not in _EVENT_TOKEN_POS and p.word not in "（）()" and not named) or \
                    p.word.endswith(("举行", "召开")):  # jieba's 在京举行
                break
            if k - j >= 12:
                break
            j -= 1
        while j < k and toks[j].word in "（）()":
            j += 1
        st, en = toks[j].start, t.end
        date = _LEADING_DATE.match(doc.norm, st, en)
        if date:  # （2022年10月12日中国共产党…全体会议通过）: the date is not part of the name
            st = date.end()
        name = doc.norm[st:en]
        core = _NUMBERED.sub("", name)
        core = core.replace(head, "")
        if len(name) < 4 or len(core) < 2 or core in ("全体", "这次", "此次", "有关", "相关", "各类", "重要"):
            # a bare head that a verb reports as convened (主持召开座谈会, 省委常委会召开会议) is the meeting,
            # named with the body that convened it when one is written right before the verb
            verb = _CONVENED.search(doc.norm, max(ns, st - 6), st)
            if verb is None or _NUMBERED.search(name):
                continue  # a numbered sitting is part of its session (…第十九次会议举行第一次全体会议)
            body = next((m for m in doc.mentions if m.label == "ORG" and not (m.kind or "").endswith(":nested")
                         and doc.norm_offset(m.end) == verb.start()), None)
            st = doc.norm_offset(body.start) if body is not None else st
        yield st, en


def _participations(doc: Document, idx: _Index, has_meeting: bool) -> list[tuple[Mention, str, Span]]:
    """(person, role, cue span) in text order."""
    norm = doc.norm
    out: list[tuple[Mention, str, Span]] = []
    persons = sorted((m for m in doc.mentions if m.label == "PERSON"), key=lambda m: m.start)
    by_sentence: dict[int, list[Mention]] = {}
    for p in persons:
        by_sentence.setdefault(p.sentence, []).append(p)
    for si, plist in sorted(by_sentence.items()):
        s = doc.sentences[si]
        ne = doc.norm_offset(s.end)
        meet_cue_at: int | None = None
        pending: list[Mention] = []
        text_has_meet = any(_meet_cues(norm, doc.norm_offset(s.start), ne))
        for k, p in enumerate(plist):
            ps, pe = idx.span(p)
            nxt = idx.span(plist[k + 1])[0] if k + 1 < len(plist) else ne
            window_end = min(nxt, _clause_end(norm, pe, ne))
            found = _cues(norm, pe, window_end, has_meeting and not text_has_meet)
            if found and found[0][0] != "met" and _OBJECT_BEFORE.search(_before_name(idx, ps)):
                found = []  # 向张三汇报: 张三 is the one reported to
            if meet_cue_at is not None and ps > meet_cue_at and not found:
                out.append((p, "met", Span(doc.orig(meet_cue_at), doc.orig(meet_cue_at + 2))))
                continue
            if has_meeting and not text_has_meet and (k == 0 or found and not pending) and _subject(idx, ps):
                # remarks in a later clause without a subject of its own (…并主持召开座谈会，强调…): the
                # sentence's subject's, unless another name comes first
                after = found[-1][2] if found else pe
                said = _said_next(norm, after, ne) if not any(r == "said" for r, _, _ in found) else []
                if said and not any(pe < idx.span(q)[0] < said[0][1] for q in plist[k + 1:]):
                    found = found + said
            if not found:
                gap = norm[pe:window_end]
                if nxt < ne and re.fullmatch(r"[，、,\s]*|[，、,]?[^。；]{0,30}", gap):
                    pending.append(p)
                continue
            for role, cs, ce in found:
                cue = Span(doc.orig(cs), doc.orig(ce))
                for q in pending + [p]:
                    out.append((q, role, cue))
                if role == "met":
                    meet_cue_at = cs
            pending = []
    out += _pronoun_remarks(doc, idx, by_sentence) if has_meeting else []
    return out


# A sentence opening with a pronoun that says something (他强调, 她在讲话中指出)
_PRONOUN_SAID = re.compile(r"\s*(?:他|她)(?:在[^，。；]{0,10}?(?:会上|讲话中|致辞中|发言中|讲话时)[，,]?)?(?:还|并|也|同时|进一步)?"
                           r"(强调|指出|表示|说|认为)")


def _pronoun_remarks(doc: Document, idx: _Index, by_sentence: dict[int, list[Mention]]
                     ) -> list[tuple[Mention, str, Span]]:
    """Remarks a sentence gives to 他/她 (他强调…), said by the subject of the sentence before that names a
    person (张三主持会议。他强调…), if that person opens the sentence; at most two sentences back."""
    out: list[tuple[Mention, str, Span]] = []
    norm = doc.norm
    for si, s in enumerate(doc.sentences):
        if si in by_sentence:
            continue
        m = _PRONOUN_SAID.match(norm, doc.norm_offset(s.start), doc.norm_offset(s.end))
        if m is None:
            continue
        prev = next((sj for sj in (si - 1, si - 2) if sj in by_sentence), None)
        if prev is None:
            continue
        first = by_sentence[prev][0]
        if _subject(idx, idx.span(first)[0]):
            out.append((first, "said", Span(doc.orig(m.start(1)), doc.orig(m.end(1)))))
    return out


# Words that put a speaker's remarks at the meeting the article reports (在会上强调, 座谈时指出, 他在讲话中说)
_AT_THE_MEETING = re.compile(r"会上|会议上|讲话中|讲话时|发言中|座谈时|调研时|考察时|检查时|会见时|会谈时|致辞中|期间")


# What may stand between a name and its verb of saying: a place at the meeting (在会上指出) or the one
# addressed (对客人来访表示欢迎)
_SAID_AFTER = re.compile(r"[^，。；]{0,2}在?(?:" + _AT_THE_MEETING.pattern + r")|[^，。；]{0,2}对[^，。；]{1,12}|"
                         r"代表[^，。；]{1,12}")


def _present(doc: Document, roles: list[tuple[Mention, str, Span]],
             names: list[tuple[int, int]]) -> list[tuple[Mention, str, Span]]:
    """Remarks (强调, 指出, 表示 …) make a speaker of the article's meeting only when the text puts the person
    there: another role in the article (主持, 出席, 会见 …) or words that place the remarks at the meeting (在会上
    强调).  A leader quoted in a local report (习近平总书记强调…) spoke elsewhere.  No one takes part in anything
    from inside the name of a policy (习近平总书记在…会议上的重要讲话精神) or of a meeting (``names``, original
    offsets: 纪念任建新同志诞辰100周年座谈会)."""
    policies = [(m.start, m.end) for m in doc.mentions if m.label == "POLICY"]
    roles = [r for r in roles if not any(a <= r[0].start and r[0].end <= b for a, b in policies + names)]
    placed = {p.key for p, role, _ in roles if role != "said"}
    out = []
    for p, role, cue in roles:
        if role == "said":
            if p.key not in placed:
                s = doc.sentences[p.sentence]
                if not _AT_THE_MEETING.search(doc.norm, doc.norm_offset(s.start), doc.norm_offset(cue.end)):
                    continue
            role = "spoke"
        out.append((p, role, cue))
    return out


# A clause with no subject of its own that says something (，强调…; ，并指出…): its subject is the sentence's
_SAID_NEXT = re.compile(r"[，,](?:并|还|同时|他|她)?(强调|指出|表示)")


# A host holding an event for a guest (甲和夫人乙为丙举行欢迎宴会): both sides attend it
_HOSTED = re.compile(r"为[^，。；]{1,40}?举行(?:了)?$")


def _hosted(doc: Document, idx: _Index, events: list[tuple[Mention, int]],
            roles: list[tuple[Mention, str, Span]]) -> list[tuple[Mention, str, Span]]:
    """Roles of hosts and guests of an event held for someone (甲为乙举行欢迎仪式): both attend it, the cue being
    举行; persons who already have a role in that sentence keep theirs only."""
    out: list[tuple[Mention, str, Span]] = []
    norm = doc.norm
    for name, si in events:
        s = doc.sentences[si]
        ns, st = doc.norm_offset(s.start), doc.norm_offset(name.start)
        cs = max(ns, *(norm.rfind(c, ns, st) + 1 for c in "，；："))  # the start of the name's clause
        m = _HOSTED.search(norm, cs, st)
        if m is None:
            continue
        held_at = norm.rfind("举行", m.start(), st)
        cue = Span(doc.orig(held_at), doc.orig(held_at + 2))
        had = {p.key for p, _, _ in roles if p.sentence == si}
        for p in doc.mentions:
            if p.label == "PERSON" and p.sentence == si and cs <= idx.span(p)[0] < st and p.key not in had:
                out.append((p, "attended", cue))
    return out


# Words that make a name before its verb no subject (向习近平总书记发来贺电，表示…; 同他会谈)
_NOT_SUBJECT = re.compile(r"[向对同与和给为受被让请把将由据跟]")


def _before_name(idx: _Index, ps: int) -> str:
    """The clause before normalised offset ``ps`` with titles, bodies and places blanked out."""
    norm = idx.doc.norm
    cs = max(norm.rfind(c, max(0, ps - 200), ps) for c in "，。；：\n") + 1
    kept = list(norm[cs:ps])
    spans = idx.attributes
    for k in range(bisect.bisect_left(spans, (ps, 0)) - 1, -1, -1):
        a, b = spans[k]
        if b <= cs and a < cs - 100:
            break
        for i in range(max(a, cs), min(b, ps)):
            kept[i - cs] = " "
    return "".join(kept)


def _subject(idx: _Index, ps: int) -> bool:
    """The person at normalised offset ``ps`` opens its clause: before it, only its titles, bodies and times."""
    return _NOT_SUBJECT.search(_before_name(idx, ps)) is None


# A preposition right before a name (with its titles): the person is the object, not the doer of the verb after
# (代表们向省委书记张三汇报工作, 对李四表示感谢)
_OBJECT_BEFORE = re.compile(r"[向对给为请让被把]\s*$")


def _said_next(norm: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """The remarks of a sentence's subject (``norm[start:]`` follows the name) made after a clause of its own
    (张三充分肯定…的成效，强调要…): the next clause that starts with a verb of saying, if no other person's
    clause comes first (the caller checks that no other name stands before it)."""
    m = _SAID_NEXT.search(norm, start, end)
    if m is None or "；" in norm[start:m.start()]:
        return []
    return [("said", m.start(1), m.end(1))]


def _clause_end(norm: str, start: int, limit: int) -> int:
    m = re.compile(r"[。；！？]").search(norm, start, limit)
    return m.start() if m else limit


# Groups listed after the names before the verb they share (省领导甲、乙，省直有关单位负责同志，各高校负责同志参加会议;
# 市党委、人大常委会、政府、政协领导同志)
_GROUPS = re.compile(r"(?:[，、,][^，。；,]{1,40}?(?:负责同志|同志|负责人|代表|领导|成员|干部|人员|嘉宾|专家|学者|委员|"
                     r"企业家|群众|师生))+")


def _cues(norm: str, start: int, end: int, said_counts: bool) -> list[tuple[str, int, int]]:
    """The first cue after a name (within a short distance) and any cue joined to it by 并."""
    window = norm[start:end]
    best: tuple[int, str, int] | None = None
    for role, pat in ROLE_CUES:
        if role == "said" and not said_counts:
            continue
        m = pat.search(window)
        # a cue far from the name counts when a list of other participants comes in between (…以及…代表出席)
        near = m is not None and (m.start() <= 16 or re.search(r"以及|等", window[:m.start()]) is not None or
                                  _GROUPS.fullmatch(window, 0, m.start()) is not None)
        if m and near and (best is None or m.start() < best[0]):
            best = (m.start(), role, m.end())
    if best is None:
        return []
    s0, role, e0 = best
    if role == "said" and s0 > 2 and not _SAID_AFTER.fullmatch(window[:s0]):
        return []
    if role != "said" and _ANNOUNCED.search(window, 0, s0):
        return []  # 将会见, 还将出席: announced, not reported
    found = [(role, start + s0, start + e0)]
    rest = window[e0:]
    m2 = re.match(r"(?:会议|大会|活动|仪式|开幕式|座谈会)?并(?:发表)?(?:重要|主旨)?(讲话|演讲|致辞|主持|出席|作[^，。；]{0,20}?报告)|"
                  r"(?:时|期间|中)?[，,]?(?:他)?(强调|指出)|"
                  # a meeting between leaders on the sidelines (出席…会晤期间会见…)
                  r"[^，。；]{0,30}?(?:期间|之际|前夕|时|后|并)(?:分别)?(会见|会谈|会晤|集体会见)", rest) \
        if role not in ("said", "met") else None
    if m2 and m2.group(2) and not _INSPECTION.fullmatch(window, s0, e0):
        m2 = None  # remarks right after an inspection (在南沙调研，强调…) are made there
    if m2:
        g = next(k for k in (1, 2, 3) if m2.group(k))
        word = m2.group(g)
        role2 = "met" if g == 3 else "presided" if word == "主持" else "attended" if word == "出席" else "spoke"
        found.append((role2, start + e0 + m2.start(g), start + e0 + m2.end(g)))
    return found


_DAY = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日")
_RELATIVE_DAYS = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2, "前日": 2}
_RELATIVE_DAY = re.compile("|".join(_RELATIVE_DAYS))


def _event_date(doc: Document, name: Mention) -> str | None:
    """Resolve 12日 / 12月24日 in the event's sentence against the article date."""
    if not doc.date or name.sentence < 0:
        return None
    try:
        year, month, _ = (int(x) for x in doc.date.split("-"))
    except ValueError:
        return None
    s = doc.sentences[name.sentence]
    text = doc.norm[doc.norm_offset(s.start):doc.norm_offset(name.start)] or \
        doc.norm[doc.norm_offset(s.start):doc.norm_offset(s.end)]
    m = _DAY.search(text)
    if not m:
        rel = _RELATIVE_DAY.search(text)
        if rel is not None:  # 昨天, 前天: counted back from the article's date
            day = _dt.date(year, month, int(doc.date.split("-")[2])) - _dt.timedelta(days=_RELATIVE_DAYS[rel.group()])
            return day.isoformat()
        return doc.date
    y = int(m.group(1)) if m.group(1) else year
    mo = int(m.group(2)) if m.group(2) else month
    d = int(m.group(3))
    if not m.group(1) and mo > month:
        y -= 1
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return doc.date
    return f"{y:04d}-{mo:02d}-{d:02d}"


_PLACE = re.compile(r"在(京|沪|港|澳|[\u4e00-\u9fff]{2,6}?)(?:召开|举行|开幕|闭幕|会见|会谈|出席|主持|举办|考察|调研)")
_SHORT_PLACES = {"京": "北京", "沪": "上海", "港": "香港", "澳": "澳门"}


def _event_place(doc: Document, name: Mention) -> str | None:
    if name.sentence < 0:
        return None
    s = doc.sentences[name.sentence]
    m = _PLACE.search(doc.norm, doc.norm_offset(s.start), doc.norm_offset(s.end))
    if not m:
        return None
    place = m.group(1)
    return _SHORT_PLACES.get(place, place)


# ----------------------------------------------------------------------------------- sub-organizations

def find_suborganizations(doc: Document) -> Iterator[SubOrganization]:
    """A body named inside a longer name is its parent (浙江省委组织部 → 浙江省委; a stationed group → the body it
    belongs to and the body it is stationed at).  A body that only repeats the end of the name (十四届全国人大常委会
    → 全国人大常委会) is the same body, not a parent."""
    orgs = [m for m in doc.mentions if m.label == "ORG"]
    full = [m for m in orgs if not (m.kind or "").endswith(":nested")]
    nested = [m for m in orgs if (m.kind or "").endswith(":nested")]
    seen: set[tuple[str, str]] = set()
    for f in full:
        for n in nested:
            if f.start <= n.start and n.end <= f.end and n.end < f.end and (f.key, n.key) not in seen:
                seen.add((f.key, n.key))
                yield SubOrganization(f, n)


def find_credits_relations(doc: Document) -> Iterator[PhotoCredit]:
    """Photo credits: a person directly followed by 摄."""
    for m in doc.mentions:
        if m.label == "PERSON" and re.match(r"[ \u3000]*摄", doc.norm[doc.norm_offset(m.end):doc.norm_offset(m.end) + 3]):
            yield PhotoCredit(m)


class RelationFinder:
    """Pipeline stage ``relations``: posts, events, sub-organizations, photo credits and policy relations (which
    need the events)."""

    name = "relations"

    def __call__(self, doc: Document) -> Document:
        idx = _Index(doc)  # the mentions by offset, shared by the finders
        doc = replace(
            doc,
            posts=tuple(find_posts(doc, idx)),
            events=tuple(find_events(doc, idx)),
            suborganizations=tuple(find_suborganizations(doc)),
            credits=tuple(find_credits_relations(doc)),
        )
        return replace(doc, policy_relations=tuple(find_policy_relations(doc)))
