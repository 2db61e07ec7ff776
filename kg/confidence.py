"""How sure kg is of each fact it finds: the pipeline's last stage, ``confidence``.

Every fact of a document is put in a *way*: the kind of evidence that found it — a post whose body is written
before the title, a quoted slogan, a law named in book-title marks, a meeting named by its kind alone, a role
whose meeting is named in another sentence … (:func:`ways`).  The confidence of a fact is the precision of
its way, measured by ``benchmarks/calibrate_confidence.py`` on hand-annotated articles and kept in
``kg/confidence.tsv`` (a way seen on few facts is pulled towards the precision of its kind; a way never seen
gets the kind's).  So 0.8 means that about 8 in 10 facts found that way were right where it was measured.

The stage writes the figure on each fact (``confidence`` of :class:`~kg.model.Post`,
:class:`~kg.model.Participation`, :class:`~kg.model.Event` and its ``pair_confidence``,
:class:`~kg.model.PolicyRelation`, and of PERSON and POLICY mentions) and leaves out the facts below the
pipeline's minimum (:data:`DEFAULT_MIN_CONFIDENCE` unless asked otherwise; 0 keeps everything).  A person or
policy left out takes the facts that name it along; a meeting left out takes its roles.  The graph keeps each
figure (``kg:confidence`` on the evidence of each statement and, for the fact, the highest of its statements),
so a graph can be cut at a higher minimum later (:func:`kg.graph.above`).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from kg.lexicon import Lexicon, load_lexicon
from kg.mentions import NUMBER_FORMULA
from kg.model import DEFAULT_MIN_CONFIDENCE, Document, Event, Mention, Post
from kg.relations import generic_meeting

#: The kinds of fact that carry a confidence, in the order of the calibration table.
KINDS = ("persons", "posts", "meetings", "participations", "met", "policies", "policy_relations")
TABLE = Path(__file__).with_name("confidence.tsv")
#: How many facts of its kind's precision a way's own count is smoothed with.
PRIOR_WEIGHT = 4.0

_FOREIGN_MARKS = frozenset("·-•．.")
# the words a meeting's name may start with when nothing before it belongs to it
_VISIT = re.compile(r"^在.{1,20}(?:考察|调研|视察|检查|察看)$")
_TALKS = re.compile(r"^(?:集体)?(?:会见|会谈|会晤|通电话|视频通话)")
# a verb of saying or doing right after a name, a time word or an adverb between (鲁比奥表示, 泽连斯基当天发表视频
# 讲话, 特朗普再次作出…): the name of someone who speaks or acts
_ACTS = re.compile(r"(?:也|还|则|均|都|又|再次|同时|随后|当天|当日|今天|日前|近日|此前|已经|已|正式|首次)*"
                   r"(?:表示|说|指出|强调|认为|介绍|称|宣布|回答|呼吁|提出|告诉|坦言|透露|直言|建议|发表|致辞|作出|签署|"
                   r"会见|访问|抵达|出席|主持|参加|警告|威胁|宣称|声称|承认|否认|批评|谴责|表态|致电|致信|会晤)")
# parts of speech of a word that may be the cut-off first part of a name (中国数字碳中和|高峰论坛)
_NAME_PART_POS = frozenset(("n", "nz", "ns", "nt", "nr", "nrt", "nrfg", "j", "eng", "vn", "an", "m", "x"))


@dataclass(frozen=True)
class Rate:
    """The measured precision of one way: ``right`` of ``found`` facts."""

    right: float
    found: float


@lru_cache(maxsize=4)
def load_table(path: str | None = None) -> dict[str, dict[str, Rate]]:
    """The calibration table: kind → way → :class:`Rate` (the row ``*`` of a kind is all its facts)."""
    table: dict[str, dict[str, Rate]] = {}
    with open(path or TABLE, encoding="utf-8", newline="") as f:
        for row in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"):
            table.setdefault(row["kind"], {})[row["way"]] = Rate(float(row["right"]), float(row["found"]))
    return table


def figure(kind: str, way: str, table: dict[str, dict[str, Rate]] | None = None) -> float:
    """The confidence of a fact of ``kind`` found ``way``: its way's precision, smoothed towards its kind's.

    Example:
        >>> t = {"posts": {"*": Rate(90, 100), "org:han": Rate(9, 10)}}
        >>> figure("posts", "org:han", t), figure("posts", "none:foreign", t)
        (0.9, 0.9)
        >>> figure("posts", "x", {"posts": {"*": Rate(90, 100), "x": Rate(0, 4)}})
        0.45
    """
    rates = (table if table is not None else load_table()).get(kind, {})
    whole = rates.get("*")
    prior = whole.right / whole.found if whole and whole.found else 0.5
    own = rates.get(way)
    if own is None:
        return round(prior, 3)
    return round((own.right + PRIOR_WEIGHT * prior) / (own.found + PRIOR_WEIGHT), 3)


# ------------------------------------------------------------------------------------------------- ways


def name_shape(key: str, lex: Lexicon) -> str:
    """``han2``/``han3``/``han4`` for a Chinese name of that length; for a foreign one ``dotted`` (parts joined
    by ·, - …), ``latin`` (Latin letters), ``foreign3`` (three characters or more) or ``foreign2`` (written with
    transliteration characters only); ``unknown`` for a name that starts with no surname kg knows.

    Example:
        >>> lex = load_lexicon()
        >>> [name_shape(n, lex) for n in ("李强", "欧阳明高", "迪亚斯-卡内尔", "特朗普", "庹震")]
        ['han2', 'han4', 'dotted', 'foreign3', 'unknown']
    """
    if any(c in _FOREIGN_MARKS for c in key):
        return "dotted"
    if any("A" <= c <= "z" for c in key):
        return "latin"
    if all(c in lex.translit for c in key) and (len(key) >= 3 or not lex.is_surname_start(key)) or len(key) > 4:
        return "foreign3" if len(key) >= 3 else "foreign2"
    if not lex.is_surname_start(key):
        return "unknown"  # no surname kg knows, not transliterated either (庹震 with a rare surname, 德英)
    return f"han{max(2, len(key))}"


def meeting_way(doc: Document, event: Event) -> str:
    """How a meeting is named: ``generic`` (会见, 座谈会), ``visit`` (在…考察), ``talks`` (会见越南总理),
    ``named`` or ``cut`` (a name whose word before it, written right against it, may be its first part)."""
    key = event.name.key.strip()
    if generic_meeting(key):
        kind = "generic"
    elif _VISIT.match(key):
        kind = "visit"
    elif _TALKS.match(key):
        kind = "talks"
    else:
        kind = "cut" if _glued_word_before(doc, event.name) else "named"
    return kind


def _glued_word_before(doc: Document, m: Mention) -> bool:
    """Whether the word right before ``m`` (no punctuation between) is a noun-like word that may be the start
    of the name cut off (中国数字碳中和 before 高峰论坛), rather than a verb, a particle or a boundary."""
    start = doc.norm_offset(m.start)
    if start == 0 or not doc.tokens:
        return False
    lo, hi = 0, len(doc.tokens)
    while lo < hi:  # the last token ending at or before the name's start
        mid = (lo + hi) // 2
        if doc.tokens[mid].end <= start:
            lo = mid + 1
        else:
            hi = mid
    if lo == 0:
        return False
    tok = doc.tokens[lo - 1]
    return tok.end == start and tok.pos in _NAME_PART_POS and tok.word not in ("的", "之")


def policy_way(m: Mention, lex: Lexicon) -> str:
    """Where a policy's name comes from — ``lexicon`` (a formula kg knows), ``book`` (in book-title marks),
    ``quoted`` (in quotes), ``pattern`` (a spirit or theory written by its formula) or ``named`` (a law or plan
    by its ending) — and its type."""
    bare = m.key.strip("“”‘’\"'《》")
    if bare in lex.policies:
        source = "lexicon"
    elif m.text.startswith(("《", "〈")):
        source = "book"
    elif m.text.startswith(("“", "‘", "「", '"')):
        # how the quoted name shows itself to be a policy: a formula of numbers (“两个确立”), a word of policy
        # after the quotes (“放管服”改革), or only the sentence's verb before it (打造“…”)
        if NUMBER_FORMULA.search(bare):
            source = "quoted-formula"
        elif not m.text.endswith(("”", "’", "」", '"')):
            source = "quoted-genre"
        else:
            source = "quoted-verb"
    elif m.kind in ("spirit", "theory"):
        source = "pattern"
    else:
        source = "named"
    return f"{source}:{m.kind or 'none'}"


def post_way(post: Post, lex: Lexicon) -> str:
    """What names the post's body — ``org``, ``place`` (a country or region) or ``none`` — and the holder's
    name shape."""
    where = "none" if post.org is None else "place" if post.org.label == "PLACE" else "org"
    return f"{where}:{name_shape(post.person.key, lex)}"


def ways(doc: Document, lex: Lexicon | None = None) -> Iterator[tuple[str, str, object]]:
    """``(kind, way, fact)`` for every fact of ``doc``; a met pair's fact is ``(event, index)``."""
    lex = lex or load_lexicon()
    # person key → the strongest support the article gives them (post, role, credit, listed, titled, acts)
    roles: dict[str, str] = {}
    for post in doc.posts:
        roles[post.person.key] = "post"
        yield "posts", post_way(post, lex), post
    for event in doc.events:
        meeting = meeting_way(doc, event)
        yield "meetings", meeting, event
        for part in event.participants:
            roles.setdefault(part.person.key, "role")
            where = "same" if part.person.sentence == event.name.sentence else "other"
            yield "participations", f"{part.role}:{meeting}:{where}", part
        for i in range(len(event.pairs)):
            yield "met", meeting, (event, i)
    for rel in doc.policy_relations:
        if rel.agent.label == "PERSON":
            roles.setdefault(rel.agent.key, "role")
        yield "policy_relations", f"{rel.act}:{rel.agent.label.lower()}", rel
    for credit in doc.credits:
        roles.setdefault(credit.person.key, "credit")
    title_starts = {m.start for m in doc.mentions if m.label == "TITLE"}
    per_sentence = Counter(m.sentence for m in doc.mentions if m.label == "PERSON")
    for m in doc.mentions:
        if m.label == "PERSON" and m.key not in roles:
            if per_sentence[m.sentence] >= 4:
                roles[m.key] = "listed"  # one of a list of names (a 名单, those present at a meeting)
            elif m.end in title_starts:
                roles[m.key] = "titled"  # 瓦塔拉总统: a title right after the name
            elif _ACTS.match(doc.norm, doc.norm_offset(m.end)):
                roles[m.key] = "acts"
    for m in doc.mentions:
        if m.label == "PERSON":
            yield "persons", f"{roles.get(m.key, 'named')}:{name_shape(m.key, lex)}", m
        elif m.label == "POLICY":
            yield "policies", policy_way(m, lex), m


# ------------------------------------------------------------------------------------------------- the stage


class ConfidenceScorer:
    """Pipeline stage ``confidence``: the figure of every fact, and the facts below ``minimum`` left out.

    Example:
        >>> from kg.pipeline import Pipeline
        >>> doc = Pipeline()("国务院总理李强主持召开国务院常务会议。")
        >>> [(p.person.key, 0 < p.confidence <= 1) for p in doc.posts]
        [('李强', True)]
    """

    name = "confidence"

    def __init__(self, minimum: float = DEFAULT_MIN_CONFIDENCE, lexicon: Lexicon | None = None,
                 table: dict[str, dict[str, Rate]] | None = None) -> None:
        self.minimum = minimum
        self.lexicon = lexicon or load_lexicon()
        self.table = table if table is not None else load_table()

    def __call__(self, doc: Document) -> Document:
        return keep(score(doc, self.lexicon, self.table), self.minimum)


def score(doc: Document, lex: Lexicon | None = None, table: dict[str, dict[str, Rate]] | None = None) -> Document:
    """``doc`` with the figure of each fact written on it (nothing left out): on the facts, and on the persons
    and policies of ``doc.mentions`` and wherever a fact names them (a post's holder, a relation's policy)."""
    figures: dict[int, float] = {}
    pair_figures: dict[tuple[int, int], float] = {}
    for kind, way, fact in ways(doc, lex):
        value = figure(kind, way, table)
        if kind == "met":
            event, i = fact  # type: ignore[misc]
            pair_figures[(id(event), i)] = value
        else:
            figures[id(fact)] = value

    scored = {(m.start, m.end, m.label): replace(m, confidence=figures[id(m)]) for m in doc.mentions
              if id(m) in figures}
    mentions = tuple(scored.get((m.start, m.end, m.label), m) for m in doc.mentions)

    def mention(m: Mention) -> Mention:
        return scored.get((m.start, m.end, m.label), m)

    events = []
    for event in doc.events:
        parts = tuple(replace(p, person=mention(p.person), confidence=figures.get(id(p), 1.0))
                      for p in event.participants)
        pairs = tuple((mention(a), mention(b)) for a, b in event.pairs)
        events.append(replace(event, participants=parts, pairs=pairs, confidence=figures.get(id(event), 1.0),
                              pair_confidence=tuple(pair_figures.get((id(event), i), 1.0)
                                                    for i in range(len(event.pairs)))))
    return replace(
        doc, mentions=mentions, events=tuple(events),
        posts=tuple(replace(p, person=mention(p.person), confidence=figures.get(id(p), 1.0)) for p in doc.posts),
        policy_relations=tuple(replace(r, policy=mention(r.policy), agent=mention(r.agent),
                                       confidence=figures.get(id(r), 1.0)) for r in doc.policy_relations),
    )


def keep(doc: Document, minimum: float) -> Document:
    """``doc`` without the facts whose figure is below ``minimum``.

    A person or policy left out takes along the posts, roles, met pairs and policy relations that name it; a
    meeting left out takes its roles and pairs, and the policy relations it is the agent of.
    """
    if minimum <= 0:
        return doc
    dropped = {(m.start, m.end) for m in doc.mentions
               if m.label in ("PERSON", "POLICY") and m.confidence < minimum}

    def named(m: Mention | None) -> bool:
        return m is None or (m.start, m.end) not in dropped

    events = []
    gone_meetings = set()
    for event in doc.events:
        if event.confidence < minimum:
            gone_meetings.add((event.name.start, event.name.end))
            continue
        parts = tuple(p for p in event.participants if p.confidence >= minimum and named(p.person))
        kept = [(pair, c) for pair, c in zip(event.pairs, event.pair_confidence or (1.0,) * len(event.pairs),
                                             strict=True)
                if c >= minimum and named(pair[0]) and named(pair[1])]
        events.append(replace(event, participants=parts, pairs=tuple(p for p, _ in kept),
                              pair_confidence=tuple(c for _, c in kept)))
    return replace(
        doc,
        mentions=tuple(m for m in doc.mentions if named(m) or m.label not in ("PERSON", "POLICY")),
        posts=tuple(p for p in doc.posts if p.confidence >= minimum and named(p.person)),
        events=tuple(events),
        policy_relations=tuple(
            r for r in doc.policy_relations
            if r.confidence >= minimum and named(r.policy) and named(r.agent)
            and (r.agent.label != "EVENT" or (r.agent.start, r.agent.end) not in gone_meetings)),
        credits=tuple(c for c in doc.credits if named(c.person)),
    )
