"""The immutable data model every pipeline stage reads and returns.

A :class:`Document` holds the original text exactly as read (any script) and a normalised Simplified view of
it used for analysis, with offset maps between the two.  Every span (:class:`Mention`) stores ``start``/``end``
into the *original* text, and ``mention.text == doc.text[mention.start:mention.end]`` always holds.

Relations (:class:`Post`, :class:`Event`, :class:`SubOrganization`, :class:`PhotoCredit`) refer to mentions,
so each fact keeps its evidence: the sentence it came from and the character offsets of its parts.
"""

from __future__ import annotations

import operator
from bisect import bisect_right
from dataclasses import dataclass, field, fields
from typing import Any, Literal, TypeVar

# SURNAME: a bare surname with a form of address (陈先生, 江主席), a person but no name; BODY: a state body named
# by its kind alone (法院, 公安机关, 地方政府), not by its name.  The graph skips both.
Label = Literal["PERSON", "ORG", "TITLE", "POLICY", "PLACE", "EVENT", "SURNAME", "BODY"]
OrgKind = Literal["government", "other"]
PolicyType = Literal["law", "plan", "theory", "slogan", "initiative", "spirit"]
Role = Literal["presided", "spoke", "attended", "met"]
PolicyAct = Literal["issued", "adopted", "studied", "implemented"]

_C = TypeVar("_C")


def _pickles_as_tuple(cls: type[_C]) -> type[_C]:
    """Pickle instances as ``(cls, field values)``: the default for slotted dataclasses looks up the fields
    of every object, which made pickling analysed documents between processes twice as slow."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    get = operator.attrgetter(*names)
    values = get if len(names) > 1 else (lambda obj: (get(obj),))

    def __reduce__(self: Any) -> tuple[type[_C], tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]
    return cls


ROLES: tuple[Role, ...] = ("presided", "spoke", "attended", "met")
POLICY_TYPES: tuple[PolicyType, ...] = ("law", "plan", "theory", "slogan", "initiative", "spirit")
POLICY_ACTS: tuple[PolicyAct, ...] = ("issued", "adopted", "studied", "implemented")
#: Facts whose confidence is below this are left out unless a caller asks for another minimum (kg.confidence).
DEFAULT_MIN_CONFIDENCE = 0.5


@_pickles_as_tuple
@dataclass(frozen=True, slots=True)
class Span:
    """A character range ``[start, end)`` of the original text."""

    start: int
    end: int


@_pickles_as_tuple
@dataclass(frozen=True, slots=True)
class Mention:
    """A named thing found in the text.

    Attributes:
        start: offset of the first character in the original text.
        end: offset after the last character in the original text.
        text: the original-script string, ``doc.text[start:end]``.
        label: what was found (person, organization, title word, policy concept, place, event name).
        key: the normalised Simplified form used to compare and identify mentions across scripts.
        kind: for ORG the org kind (``government``/``other``); for POLICY the policy type.
        sentence: index of the sentence in ``Document.sentences``.
        confidence: for PERSON and POLICY mentions, how sure kg is that this is a person's or a policy's name
            (set by the pipeline's last stage, :mod:`kg.confidence`; 1.0 before it and for other labels).
            It takes no part in comparing mentions.
    """

    start: int
    end: int
    text: str
    label: Label
    key: str
    kind: str | None = None
    sentence: int = -1
    confidence: float = field(default=1.0, compare=False)


@_pickles_as_tuple
@dataclass(frozen=True, slots=True)
class Post:
    """A person holding (or having held, ``former``) a post: ``title`` at ``org``.

    ``org`` is the organization (or country/place) string written next to the title, or ``None`` when the
    text names none (国家主席习近平).
    """

    person: Mention
    title: Mention
    org: Mention | None
    former: bool = False
    confidence: float = field(default=1.0, compare=False)  # see kg.confidence

    @property
    def sentence(self) -> int:
        return self.person.sentence


@_pickles_as_tuple
@dataclass(frozen=True, slots=True)
class Participation:
    """A person's role in an event, with the span of the cue word (主持, 出席 …) as evidence."""

    person: Mention
    role: Role
    cue: Span
    confidence: float = field(default=1.0, compare=False)  # see kg.confidence


@_pickles_as_tuple
@dataclass(frozen=True, slots=True)
class Event:
    """A meeting or other event the article reports as happening.

    Attributes:
        name: the event name as written (a mention labelled EVENT).
        date: ISO date (YYYY-MM-DD) when it can be resolved against the article date, else ``None``.
        place: normalised Simplified place name (在京 → 北京) or ``None``.
        participants: who took part and how, in text order.
        pairs: who met whom at a meeting between leaders, as the sentence that reports it states: one person
            of each side (习近平同拜登举行会谈 → (习近平, 拜登); 甲分别会见乙和丙 → (甲, 乙), (甲, 丙), never
            (乙, 丙)).
        confidence: how sure kg is that the article reports this meeting as held, under this name and date.
        pair_confidence: the same for each of ``pairs`` (empty before the confidence stage).
    """

    name: Mention
    date: str | None = None
    place: str | None = None
    participants: tuple[Participation, ...] = ()
    pairs: tuple[tuple[Mention, Mention], ...] = ()
    confidence: float = field(default=1.0, compare=False)
    pair_confidence: tuple[float, ...] = field(default=(), compare=False)


@_pickles_as_tuple
@dataclass(frozen=True, slots=True)
class PolicyRelation:
    """What one sentence states an agent did with a named policy (GUIDELINE section M).

    Attributes:
        policy: the policy concept (a POLICY mention).
        act: ``issued`` (印发, 发布, 出台 …), ``adopted`` (审议通过, 表决通过, 审议 of a draft), ``studied``
            (传达学习, 学习贯彻 …) or ``implemented`` (贯彻落实, 部署, 推进 … with the agent as the subject).
        agent: who did it: an ORG, EVENT (a meeting) or PERSON mention, written in the sentence — or, when the
            sentence's subject is 会议/全会 or a meeting named by a generic word, the article's meeting (one of
            ``Document.events``) or the body that convened it, named in an earlier sentence.
        cue: the span of the verb that states the act, in the original text.
    """

    policy: Mention
    act: PolicyAct
    agent: Mention
    cue: Span
    confidence: float = field(default=1.0, compare=False)  # see kg.confidence

    @property
    def sentence(self) -> int:
        return self.policy.sentence


@_pickles_as_tuple
@dataclass(frozen=True, slots=True)
class SubOrganization:
    """``child`` is part of ``parent`` (a stationed group of its parent body, a unit of its ministry …)."""

    child: Mention
    parent: Mention


@_pickles_as_tuple
@dataclass(frozen=True, slots=True)
class PhotoCredit:
    """A photographer credited for a picture in the article (曹舒昊 摄)."""

    person: Mention


@_pickles_as_tuple
@dataclass(frozen=True, slots=True)
class Token:
    """A word of the normalised text with its part-of-speech tag; offsets are into the normalised view."""

    start: int
    end: int
    word: str
    pos: str


def _span_end(span: Span) -> int:
    return span.end


@dataclass(frozen=True)
class Document:
    """One article: the original text, its metadata and everything the pipeline found in it.

    ``text`` is the original as read.  ``norm`` is the Simplified view used for analysis; ``norm_to_orig``
    maps each normalised offset (``0..len(norm)``) to an original offset (empty when the two are aligned
    one to one, which is the usual case for OpenCC's t2s conversion); ``orig_to_norm`` is the inverse map.
    ``removed`` are the spans of the original the view leaves out (damage of web pages such as pinyin glosses
    or emoji, see :func:`kg.normalize.remove_damage`): a removed run maps to the view's offset of the character
    after it.  ``regions`` are the content parts of the text (site boilerplate excluded).
    """

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    publisher: str | None = None
    norm: str = ""
    norm_to_orig: tuple[int, ...] = ()
    orig_to_norm: tuple[int, ...] = ()
    removed: tuple[Span, ...] = ()
    regions: tuple[Span, ...] = ()
    sentences: tuple[Span, ...] = ()
    tokens: tuple[Token, ...] = ()
    mentions: tuple[Mention, ...] = ()
    posts: tuple[Post, ...] = ()
    events: tuple[Event, ...] = ()
    suborganizations: tuple[SubOrganization, ...] = ()
    policy_relations: tuple[PolicyRelation, ...] = ()
    credits: tuple[PhotoCredit, ...] = ()
    script: Literal["hans", "hant", "mixed"] = "hans"
    meta: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def orig(self, norm_offset: int) -> int:
        """Map an offset of the normalised view to the original text."""
        return self.norm_to_orig[norm_offset] if self.norm_to_orig else norm_offset

    def norm_offset(self, orig_offset: int) -> int:
        """Map an offset of the original text to the normalised view."""
        return self.orig_to_norm[orig_offset] if self.orig_to_norm else orig_offset

    def written(self, m: Mention) -> str:
        """The text of ``m`` without the characters the normalised view leaves out (``removed``).

        A span of the view covers the damage inside it (``m.text`` is 習(xí)近平); this is the name as the page
        meant to write it.

        Example:
            >>> doc = Document(id="d", text="習(xí)近平", removed=(Span(1, 5),))
            >>> doc.written(Mention(0, 7, "習(xí)近平", "PERSON", "习近平"))
            '習近平'
        """
        if not self.removed:
            return m.text
        parts = []
        pos = m.start
        for r in self.removed[bisect_right(self.removed, m.start, key=_span_end):]:
            if r.start >= m.end:
                break
            parts.append(self.text[pos:max(pos, r.start)])
            pos = max(pos, r.end)
        parts.append(self.text[pos:m.end])
        return "".join(parts)

    def mention(self, nstart: int, nend: int, label: Label, kind: str | None = None,
                sentence: int = -1) -> Mention:
        """Build a mention from a span of the normalised view, pointing into the original text."""
        start, end = self.orig(nstart), self.orig(nend)
        return Mention(start, end, self.text[start:end], label, self.norm[nstart:nend], kind, sentence)

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence containing original ``offset`` (-1 when outside every sentence)."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.sentences[mid].end <= offset:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self.sentences) and self.sentences[lo].start <= offset:
            return lo
        return -1

    def sentence_text(self, index: int) -> str:
        s = self.sentences[index]
        return self.text[s.start:s.end]


@dataclass(frozen=True)
class Packed:
    """An analysed document packed for a store by the process that analysed it (see ``kg.store.pack``).

    Parallel builds send these back from their workers instead of documents: the process that writes the
    store reads only what person resolution needs (``observations``, ``places``) and spills ``blob`` (the
    pickled document, without tokens) to disk unread.
    """

    id: str
    date: str | None
    hash: str  # ``kg.graph.content_hash`` of the document
    chars: int  # length of the text, for progress lines
    observations: tuple[Any, ...]  # ``kg.resolve.Observation`` of its persons
    places: frozenset[str]  # the names it writes as places
    blob: bytes
