"""Build the RDF knowledge graph from analysed documents, and project it to a property graph.

:func:`build_graph` turns :class:`~kg.model.Document` objects into an :class:`rdflib.Graph` under the kg
ontology (``ontology/kg.ttl``):

* every entity gets an IRI from its kind and its normalised Simplified key (:func:`entity_iri`), so the same
  name in two articles, in either script, is one node; there are no counters, UUIDs or blank nodes;
* labels come in both scripts: ``rdfs:label`` with the key ``@zh-Hans`` and its Traditional form ``@zh-Hant``,
  ``skos:prefLabel`` with the form as written (tagged with the article's script), ``skos:altLabel`` for other
  written forms;
* n-ary facts (``kg:PostHolding``, ``kg:Participation``, ``kg:MetPair``, ``kg:PolicyAct``, ``kg:Meeting``,
  policy mentions) point by ``prov:wasDerivedFrom`` to a ``kg:Evidence`` node holding the sentence as written
  and the character offsets into the article's original text.

:func:`to_networkx` projects that graph to a :class:`networkx.MultiDiGraph` of people, organisations, places,
policy concepts, meetings and articles for visualisation and property-graph exports.

Example:
    >>> from kg.model import Document, Mention, Post, Span
    >>> text = "退役軍人事務部部長孫紹騁出席會議。"
    >>> doc = Document(id="d1", text=text, script="hant", sentences=(Span(0, len(text)),), posts=(Post(
    ...     person=Mention(9, 12, "孫紹騁", "PERSON", "孙绍骋", sentence=0),
    ...     title=Mention(7, 9, "部長", "TITLE", "部长", sentence=0),
    ...     org=Mention(0, 7, "退役軍人事務部", "ORG", "退役军人事务部", "government", 0)),))
    >>> g = build_graph([doc])
    >>> person = entity_iri(DEFAULT_BASE, "person", "孙绍骋")
    >>> str(person)
    'https://w3id.org/kg-gov/id/person/孙绍骋'
    >>> sorted(str(o) for o in g.objects(person, RDFS.label))
    ['孙绍骋', '孫紹騁']
    >>> edges = to_networkx(g).edges(data=True)
    >>> [(d["relation"], d["label"]) for _, _, d in edges if d["relation"] == "holds_post"]
    [('holds_post', '部長')]
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from typing import Literal as TypingLiteral

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.lexicon import Lexicon, load_lexicon
from kg.model import POLICY_TYPES, Document, Event, Mention, Post, Span
from kg.normalize import Normalizer, to_traditional
from kg.ontology import DCTERMS, KG, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD, bind_prefixes
from kg.relations import generic_meeting
from kg.resolve import QUALIFIER, SESSION_PREFIX, Resolver, canonical_org, org_parents, title_orgs

__all__ = [
    "DEFAULT_BASE",
    "build_dataset",
    "content_hash",
    "derived_graph_iri",
    "derived_triples",
    "above",
    "union_graph",
    "KINDS",
    "build_graph",
    "entity_iri",
    "iri_segment",
    "to_networkx",
]

DEFAULT_BASE = "https://w3id.org/kg-gov/id/"

Kind = TypingLiteral[
    "person", "org", "place", "title", "policy", "meeting", "post", "participation", "met", "act", "article",
    "evidence",
]
KINDS: tuple[Kind, ...] = (
    "person", "org", "place", "title", "policy", "meeting", "post", "participation", "met", "act", "article",
    "evidence",
)

#: Prefix bound for each kind of IRI (``org`` names the W3C ORG vocabulary, so its kind prefix is longer).
KIND_PREFIXES: dict[Kind, str] = {
    "person": "person",
    "org": "organization",
    "place": "place",
    "title": "title",
    "policy": "policy",
    "meeting": "meeting",
    "post": "post",
    "participation": "participation",
    "met": "met",
    "act": "act",
    "article": "article",
    "evidence": "evidence",
}

HANS = "zh-Hans"
HANT = "zh-Hant"
_QUOTES = "“”‘’\"'《》〈〉「」『』"
_DROP_QUOTES = dict.fromkeys(map(ord, _QUOTES), None)

_POLICY_TYPE_TERMS: dict[str, URIRef] = {
    "law": KG.Law,
    "plan": KG.Plan,
    "theory": KG.Theory,
    "slogan": KG.Slogan,
    "initiative": KG.Initiative,
    "spirit": KG.MeetingSpirit,
}
_POLICY_TYPE_NAMES: dict[Node, str] = {v: k for k, v in _POLICY_TYPE_TERMS.items()}

_ROLE_TERMS: dict[str, tuple[URIRef, URIRef, str]] = {
    # model role -> (SKOS concept, shortcut property, Chinese role word)
    "presided": (KG.Presided, KG.presided, "主持"),
    "spoke": (KG.Spoke, KG.spokeAt, "讲话"),
    "attended": (KG.Attended, KG.attended, "出席"),
    "met": (KG.Met, KG.metAt, "会见"),
}

_ACT_TERMS: dict[str, tuple[URIRef, URIRef, str]] = {
    # model act -> (SKOS concept, shortcut property, Chinese act word)
    "issued": (KG.Issued, KG.issued, "印发"),
    "adopted": (KG.Adopted, KG.adopted, "审议通过"),
    "studied": (KG.Studied, KG.studied, "传达学习"),
    "implemented": (KG.Implemented, KG.implemented, "贯彻落实"),
}

#: The kind of entity (and segment of a policy act's IRI) an agent mention of each label names.
_AGENT_KINDS: dict[str, Kind] = {"ORG": "org", "PERSON": "person", "EVENT": "meeting"}

_LABEL_KINDS: dict[str, Kind] = {
    "PERSON": "person", "ORG": "org", "PLACE": "place", "TITLE": "title", "POLICY": "policy",
}

# A country's parliament or cabinet written bare after its full name (美国国会 … 国会): the article's full name.
BARE_BODIES = frozenset(("国会", "议会", "内阁", "参议院", "众议院", "上院", "下院"))

# Publisher strings rarely come with a mention of their own; these endings mark a government body.
_GOVERNMENT_ENDINGS = (
    "部", "委", "局", "厅", "署", "办", "院", "政府", "委员会", "办公室", "人大", "常委会", "政协", "法院",
    "检察院", "党委", "省委", "市委", "县委", "军区", "战区", "网信办", "国务院",
)

# ---------------------------------------------------------------------------------------------------------
# IRIs


def _is_ucschar(cp: int) -> bool:
    if 0xA0 <= cp <= 0xD7FF or 0xF900 <= cp <= 0xFDCF or 0xFDF0 <= cp <= 0xFFEF:
        return True
    # %x10000-1FFFD / %x20000-2FFFD / ... / %xE1000-EFFFD: every plane but its last two code points,
    # and plane 14 only from E1000.
    if 0x10000 <= cp <= 0xEFFFD and (cp & 0xFFFF) <= 0xFFFD:
        return cp < 0xE0000 or cp >= 0xE1000
    return False


_SEGMENT_ASCII = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@")
# Invisible direction controls are legal IRI characters but make IRIs that look alike; encode them.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def iri_segment(key: str) -> str:
    """Percent-encode ``key`` as one IRI path segment, keeping CJK (and other IRI characters) readable.

    Everything that may not appear raw in an IRI path segment is encoded as UTF-8 ``%XX``: ``/ ? # %``,
    spaces and all other whitespace, controls, ``< > " { } | \\ ^ `` ` and characters outside RFC 3987's
    ``ucschar``.  The segments ``-``, ``.`` and ``..`` are encoded completely: ``-`` marks a missing part of
    a compound key and dot segments would be removed by IRI resolution.

    Example:
        >>> iri_segment("退役军人事务厅(局)")
        '退役军人事务厅(局)'
        >>> iri_segment('a/b c#"d%')
        'a%2Fb%20c%23%22d%25'
        >>> iri_segment("..")
        '%2E%2E'
    """
    if key in ("-", ".", ".."):
        return "".join(f"%{ord(c):02X}" for c in key)
    out: list[str] = []
    for ch in key:
        cp = ord(ch)
        if ch in _SEGMENT_ASCII or (_is_ucschar(cp) and not ch.isspace() and ch not in _BIDI):
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))
    return "".join(out)


def _normal_base(base: str) -> str:
    return base if base.endswith(("/", "#")) else base + "/"


@lru_cache(maxsize=1 << 16)
def _iri(base: str, kind: Kind, *parts: str) -> URIRef:
    return URIRef(_normal_base(base) + kind + "/" + "/".join(iri_segment(p) for p in parts))


@lru_cache(maxsize=1 << 16)
def _name(text: str, lang: str) -> Literal:
    """A language-tagged name (names and labels repeat across articles: made once each)."""
    return Literal(text, lang=lang)


@lru_cache(maxsize=1 << 14)
def _integer(n: int) -> Literal:
    """An ``xsd:integer`` literal (offsets repeat a lot: made once each)."""
    return Literal(n, datatype=XSD.integer)


@lru_cache(maxsize=2048)
def confidence_literal(value: float) -> Literal:
    """An ``xsd:decimal`` of a confidence, to three places, between 0.001 and 0.999 (no fact is certain, none
    is known false): its lexical form then has a fraction that every writer and reader keeps as it is (0.95;
    Oxigraph would write 1.0 as 1, rdflib's Turtle 1 as 1.0)."""
    return Literal(f"{min(0.999, max(0.001, value)):.3f}".rstrip("0"), datatype=XSD.decimal)


def entity_iri(base: str, kind: str, key: str) -> URIRef:
    """The IRI of an entity: ``base + kind + "/" + key`` with ``key`` percent-encoded by :func:`iri_segment`.

    Args:
        base: namespace of the data (``DEFAULT_BASE``); ``/`` is appended unless it ends in ``/`` or ``#``.
        kind: one of :data:`KINDS`.
        key: the normalised Simplified name (``Mention.key``) or another stable key.

    Raises:
        ValueError: when ``kind`` is not one of :data:`KINDS`.

    Example:
        >>> entity_iri(DEFAULT_BASE, "org", "退役军人事务部")
        rdflib.term.URIRef('https://w3id.org/kg-gov/id/org/退役军人事务部')
        >>> entity_iri("http://example.org/id", "person", "a b")
        rdflib.term.URIRef('http://example.org/id/person/a%20b')
    """
    if kind not in KINDS:
        raise ValueError(f"unknown entity kind {kind!r}; use one of: {', '.join(KINDS)}")
    return _iri(base, kind, key)


# ---------------------------------------------------------------------------------------------------------
# Building


@dataclass
class _Entity:
    """What is known about one named entity across documents, for its types and labels."""

    kind: Kind
    key: str
    written: Counter[tuple[str, str]] = field(default_factory=Counter)  # (form as written, language tag)
    government: bool = False
    policy_types: Counter[str] = field(default_factory=Counter)

    @property
    def name(self) -> str:
        """The name the key stands for (a resolved person's key may carry a qualifier after ``/``)."""
        return self.key.split(QUALIFIER, 1)[0] if self.kind == "person" else self.key


def _valid_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` from an ISO date or date-time string, or ``None`` when it is not one."""
    if not value:
        return None
    head = value.strip()[:10]
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", head):
        return None
    try:
        _dt.date.fromisoformat(head)
    except ValueError:
        return None
    return head


class _Builder:
    """Writes each document into its own named graph (the article's IRI) and, at the end, the derived graph.

    Per article: the facts it states, the types and labels of the entities it names (``kg:writtenAs`` for
    each form as written) and their evidence.  Derived (graph :func:`derived_graph_iri`): what needs the
    whole corpus, recomputed from the articles: ``skos:prefLabel``/``skos:altLabel``/``schema:name`` and the
    first/last-seen dates and article count of each post.
    """

    def __init__(self, base: str, resolver: Resolver | None = None) -> None:
        self.base = _normal_base(base)
        # Triples are collected in plain sets, one per graph (None: the default graph); an rdflib Dataset is
        # made only when asked for (:attr:`ds`).  A store build writes N-Quads straight from the sets, which
        # is several times faster than adding each triple to rdflib's memory store.
        self.quads: dict[URIRef | None, set[tuple[URIRef, URIRef, Node]]] = {None: set()}
        self.resolver = resolver or Resolver()
        self.entities: dict[URIRef, _Entity] = {}
        self.post_dates: dict[URIRef, dict[str, str | None]] = defaultdict(dict)
        self.current: set[tuple[URIRef, URIRef, Node]] = self.quads[None]
        self.doc_entities: dict[URIRef, _Entity] = {}
        self._normalizer: Normalizer | None = None
        self.bare: dict[str, str] = {}  # the current article's bare bodies → full names (bare_bodies)
        self.foreign: dict[tuple[int, int], str] = {}  # its party bodies of a foreign party (foreign_party_bodies)
        # each fact's highest confidence over the articles that state it (written in the derived graph)
        self.confidence: dict[URIRef, float] = {}
        self.evidence_confidence: dict[URIRef, float] = {}  # of the current article's evidence
        self.stated: list[tuple[URIRef, URIRef]] = []  # (fact, evidence) of the current article

    # -- helpers -------------------------------------------------------------------------------------------

    def normalizer(self) -> Normalizer:
        if self._normalizer is None:
            self._normalizer = Normalizer()
        return self._normalizer

    def add(self, s: URIRef, p: URIRef, o: Node) -> None:
        self.current.add((s, p, o))

    @property
    def ds(self) -> Dataset:
        """The collected triples as an rdflib Dataset with kg's prefixes (built on each access)."""
        ds = Dataset()
        bind_prefixes(ds)
        ds.bind("kgid", self.base, override=True, replace=True)
        for kind, prefix in KIND_PREFIXES.items():
            ds.bind(prefix, self.base + kind + "/", override=True, replace=True)
        for name in sorted(self.quads, key=lambda n: "" if n is None else str(n)):
            graph = ds.default_graph if name is None else ds.graph(name)
            graph.addN((s_, p_, o_, graph) for s_, p_, o_ in self.quads[name])
        return ds

    def nquads(self) -> str:
        """The collected quads as sorted N-Quads (as :func:`kg.export.serialize_nquads` writes ``ds``)."""
        from kg.export import nquad_lines

        return nquad_lines((s_, p_, o_, name) for name, triples in self.quads.items() for s_, p_, o_ in triples)

    def lang(self, doc: Document, text: str) -> str:
        """Language tag of a string written in ``doc``: by the document's script, per string when mixed."""
        if doc.script == "hant":
            return HANT
        if doc.script == "mixed" and self.normalizer().simplify(text) != text:
            return HANT
        return HANS

    def entity(self, doc: Document, kind: Kind, key: str, written: str | None) -> URIRef | None:
        key = key.strip()
        if not key:
            return None
        # a homonym's key is name/qualifier (kg.resolve): one IRI path segment each
        iri = _iri(self.base, kind, *key.split(QUALIFIER)) if kind == "person" else _iri(self.base, kind, key)
        ent = self.entities.get(iri)
        if ent is None:
            ent = self.entities[iri] = _Entity(kind, key)
        local = self.doc_entities.get(iri)
        if local is None:
            local = self.doc_entities[iri] = _Entity(kind, key)
        if written is not None and written.strip():
            form = written.strip()
            local.written[(form, self.lang(doc, form))] += 1
        return iri

    def entity_key(self, doc: Document, m: Mention, kind: Kind) -> str:
        """The resolved key of the entity a mention names (see :mod:`kg.resolve`)."""
        if kind == "person":
            return self.resolver.person_key(doc.id, m.key)
        if kind == "org":
            foreign = self.foreign.get((m.start, m.end))
            if foreign is not None:
                return foreign
            key = canonical_org(m.key)
            return self.bare.get(key, key)
        if kind == "policy":
            return m.key.translate(_DROP_QUOTES)
        return m.key

    def mention(self, doc: Document, m: Mention, kind: Kind | None = None) -> URIRef | None:
        """The entity a mention names (``None`` for labels that are not entities, such as EVENT)."""
        kind = kind or _LABEL_KINDS.get(m.label)
        if kind is None:
            return None
        # quotes and book-title marks are not part of a policy's name (“十四五”规划 = 十四五规划)
        # the name as written, without the damage the normalised view leaves out (習(xí)近平 → 習近平)
        written = doc.written(m)
        written = written.translate(_DROP_QUOTES) if kind == "policy" else written
        key = self.entity_key(doc, m, kind)
        if kind == "org" and key != canonical_org(m.key):
            # a body the article names in full elsewhere or by its publisher (市委 → 广州市委): labelled in full
            written = to_traditional(key) if doc.script == "hant" else key
        iri = self.entity(doc, kind, key, written)
        if iri is not None and kind == "org" and (m.kind or "").startswith("government"):
            self.entities[iri].government = True
            self.doc_entities[iri].government = True
        if iri is not None and kind == "policy" and m.kind:
            self.entities[iri].policy_types[m.kind] += 1
            self.doc_entities[iri].policy_types[m.kind] += 1
        return iri

    def evidence(self, doc: Document, article: URIRef, start: int, end: int, sentence: int,
                 fact: URIRef | None = None, confidence: float | None = None) -> URIRef:
        """The evidence node of a span; with ``fact`` and ``confidence``, the figure of this statement of the
        fact (``kg:confidence`` of the evidence: the highest when facts share a span) and of the fact."""
        iri = _iri(self.base, "evidence", doc.id, str(start), str(end))
        if fact is not None and confidence is not None:
            self.stated.append((fact, iri))
            if confidence > self.evidence_confidence.get(iri, -1.0):
                self.evidence_confidence[iri] = confidence
        self.add(iri, RDF.type, KG.Evidence)
        self.add(iri, KG.article, article)
        self.add(iri, KG.start, _integer(start))
        self.add(iri, KG.end, _integer(end))
        # Trust the mention's sentence index only when the span really starts inside that sentence.
        if not (0 <= sentence < len(doc.sentences) and doc.sentences[sentence].start <= start
                < doc.sentences[sentence].end):
            sentence = doc.sentence_of(start)
        if 0 <= sentence < len(doc.sentences):
            span = doc.sentences[sentence]
            text = doc.sentence_text(sentence)
            self.add(iri, KG.sentence, Literal(text, lang=self.lang(doc, text)))
            self.add(iri, KG.sentenceStart, _integer(span.start))
            self.add(iri, KG.sentenceEnd, _integer(span.end))
        return iri

    # -- documents -----------------------------------------------------------------------------------------

    def document(self, doc: Document) -> None:
        article = _iri(self.base, "article", doc.id)
        self.current = self.quads.setdefault(article, set())
        self.doc_entities = {}
        self.bare = bare_bodies(doc)
        self.foreign = foreign_party_bodies(doc)
        self.evidence_confidence, self.stated = {}, []
        self.article(doc)
        mentioned: set[URIRef] = set()
        for m in doc.mentions:
            iri = self.mention(doc, m)
            if iri is not None and m.label != "TITLE":
                mentioned.add(iri)
        mentioned |= self.named(doc, article, "PERSON", "person")
        mentioned |= self.posts(doc, article)
        mentioned |= self.events(doc, article)
        policies = self.policies(doc, article)
        mentioned |= policies
        mentioned |= self.policy_acts(doc, article, policies)
        mentioned |= self.hierarchy(doc)
        for credit in doc.credits:
            person = self.mention(doc, credit.person, "person")
            if person is not None:
                self.add(article, KG.photographer, person)
                mentioned.add(person)
        for iri in mentioned:
            self.add(article, SDO.mentions, iri)
        for evidence, value in self.evidence_confidence.items():
            self.add(evidence, KG.confidence, confidence_literal(value))
        for fact, evidence in self.stated:
            value = self.evidence_confidence[evidence]
            if value > self.confidence.get(fact, -1.0):
                self.confidence[fact] = value
        for iri, ent in self.doc_entities.items():
            self.types(iri, ent)
            self.names(iri, ent)
            # corpus counts are per article: a form written in more articles is more usual
            self.entities[iri].written.update(dict.fromkeys(ent.written, 1))
        self.current = self.quads[None]

    def hierarchy(self, doc: Document) -> set[URIRef]:
        """Sub-organization links: those the text shows (nested names) and those the names imply."""
        links: set[tuple[URIRef, URIRef]] = set()
        for sub in doc.suborganizations:
            child, parent = self.mention(doc, sub.child, "org"), self.mention(doc, sub.parent, "org")
            if child is not None and parent is not None and child != parent:
                links.add((child, parent))
        known = [m.key for m in doc.mentions if m.label == "ORG"]
        for m in doc.mentions:
            if m.label != "ORG":
                continue
            child = self.mention(doc, m, "org")
            for parent_key in org_parents(m.key, known):
                parent = self.entity(doc, "org", self.bare.get(parent_key, parent_key), None)
                if child is not None and parent is not None and child != parent:
                    if self.doc_entities[child].government:
                        self.doc_entities[parent].government = self.entities[parent].government = True
                    links.add((child, parent))
        for child, parent in sorted(links):
            self.add(child, ORG.subOrganizationOf, parent)
        return {iri for link in links for iri in link}

    def article(self, doc: Document) -> URIRef:
        iri = _iri(self.base, "article", doc.id)
        self.add(iri, RDF.type, KG.Article)
        self.add(iri, KG.contentHash, Literal(content_hash(doc)))
        self.add(iri, DCTERMS.identifier, Literal(doc.id))
        if doc.title and doc.title.strip():
            title = doc.title.strip()
            self.add(iri, DCTERMS.title, Literal(title, lang=self.lang(doc, title)))
            self.add(iri, RDFS.label, Literal(title, lang=self.lang(doc, title)))
        date = _valid_date(doc.date)
        if date:
            self.add(iri, DCTERMS.date, Literal(date, datatype=XSD.date))
        if doc.url and doc.url.strip():
            self.add(iri, SDO.url, Literal(doc.url.strip(), datatype=XSD.anyURI))
        if doc.source and doc.source.strip():
            self.add(iri, DCTERMS.source, Literal(doc.source.strip()))
        language = {"hant": HANT, "hans": HANS}.get(doc.script, "zh")
        self.add(iri, DCTERMS.language, Literal(language, datatype=XSD.language))
        if doc.publisher and doc.publisher.strip():
            key = canonical_org(self.normalizer().key(doc.publisher))
            publisher = self.entity(doc, "org", key, doc.publisher)
            if publisher is not None:
                if key.endswith(_GOVERNMENT_ENDINGS) or any(
                    m.label == "ORG" and canonical_org(m.key) == key and m.kind == "government"
                    for m in doc.mentions
                ):
                    self.entities[publisher].government = self.doc_entities[publisher].government = True
                self.add(iri, DCTERMS.publisher, publisher)
        return iri

    def posts(self, doc: Document, article: URIRef) -> set[URIRef]:
        mentioned: set[URIRef] = set()
        for post in doc.posts:
            person = self.mention(doc, post.person, "person")
            title = self.mention(doc, post.title, "title")
            if person is None or title is None:
                continue
            org_key, where = "-", None
            if post.org is not None and post.org.key.strip():
                kind: Kind = "place" if post.org.label == "PLACE" else "org"
                where = self.mention(doc, post.org, kind)
                org_key = self.entity_key(doc, post.org, kind)
            person_key = self.entity_key(doc, post.person, "person")
            parts = [*person_key.split(QUALIFIER), org_key, post.title.key.strip()]
            iri = _iri(self.base, "post", *parts, *(["former"] if post.former else []))
            self.post_dates[iri][doc.id] = _valid_date(doc.date)
            self.add(iri, RDF.type, KG.PostHolding)
            self.add(iri, ORG.member, person)
            self.add(iri, ORG.role, title)
            title_text = doc.written(post.title)
            self.add(iri, KG.title, Literal(title_text, lang=self.lang(doc, title_text)))
            self.add(iri, KG.former, Literal(post.former, datatype=XSD.boolean))
            if post.org is not None and where is not None:
                org_text = doc.written(post.org)
                self.add(iri, KG.orgText, Literal(org_text, lang=self.lang(doc, org_text)))
                if post.org.label == "PLACE":
                    self.add(iri, KG.jurisdiction, where)
                else:
                    self.add(iri, ORG.organization, where)
                    self.add(person, ORG.memberOf, where)
                mentioned.add(where)
            elif post.org is None and (chain := chain_body(doc, post)) is not None:
                # 科学技术部党组书记、部长王某: the body heads the chain, and 部长 is a title of a 部
                body = self.mention(doc, chain, "org")
                if body is not None:
                    self.add(iri, ORG.organization, body)
                    self.add(iri, KG.orgInferred, Literal(True, datatype=XSD.boolean))
                    self.add(person, ORG.memberOf, body)
                    mentioned.add(body)
            elif post.org is None and post.title.key.removeprefix("原") in title_orgs() and \
                    _infers_chinese_body(doc, post):
                # 总书记, 国家主席 … name their body by themselves, for a Chinese official
                implied = self.entity(doc, "org", title_orgs()[post.title.key.removeprefix("原")], None)
                if implied is not None:
                    self.doc_entities[implied].government = self.entities[implied].government = True
                    self.add(iri, ORG.organization, implied)
                    self.add(iri, KG.orgInferred, Literal(True, datatype=XSD.boolean))
                    self.add(person, ORG.memberOf, implied)
            label = f"{post.person.key}：{'原' if post.former else ''}{'' if org_key == '-' else org_key}"
            label += post.title.key
            self.add(iri, RDFS.label, Literal(label, lang=HANS))
            self.add(iri, RDFS.label, Literal(to_traditional(label), lang=HANT))
            spans = [post.person, post.title] + ([post.org] if post.org is not None else [])
            start, end = min(m.start for m in spans), max(m.end for m in spans)
            self.add(iri, PROV.wasDerivedFrom, self.evidence(doc, article, start, end, post.person.sentence,
                                                             iri, post.confidence))
            mentioned.add(person)
        return mentioned

    def events(self, doc: Document, article: URIRef) -> set[URIRef]:
        mentioned: set[URIRef] = set()
        for event in doc.events:
            parts = meeting_parts(doc, event)
            if parts is None:
                continue
            *first, name_key = parts
            date = _valid_date(event.date)
            meeting = _iri(self.base, "meeting", *parts)
            self.entities.setdefault(meeting, _Entity("meeting", name_key))
            local = self.doc_entities.setdefault(meeting, _Entity("meeting", name_key))
            form = doc.written(event.name).strip()
            if form:
                local.written[(form, self.lang(doc, form))] += 1
            self.add(meeting, RDF.type, KG.Meeting)
            self.add(meeting, KG.reportedIn, article)
            if date:
                self.add(meeting, SDO.startDate, Literal(date, datatype=XSD.date))
            if event.place and event.place.strip():
                place_key = event.place.strip()
                written = next((doc.written(m) for m in doc.mentions
                                if m.label == "PLACE" and m.key == place_key), None)
                if written is None:
                    written = to_traditional(place_key) if doc.script == "hant" else place_key
                place = self.entity(doc, "place", place_key, written)
                if place is not None:
                    self.add(meeting, SDO.location, place)
                    mentioned.add(place)
            evidence = self.evidence(doc, article, event.name.start, event.name.end, event.name.sentence,
                                     meeting, event.confidence)
            self.add(meeting, PROV.wasDerivedFrom, evidence)
            mentioned.add(meeting)
            for part in event.participants:
                person = self.mention(doc, part.person, "person")
                if person is None or part.role not in _ROLE_TERMS:
                    continue
                concept, shortcut, word = _ROLE_TERMS[part.role]
                person_key = self.entity_key(doc, part.person, "person")
                iri = _iri(self.base, "participation", *first, name_key, *person_key.split(QUALIFIER), part.role)
                self.add(iri, RDF.type, KG.Participation)
                self.add(iri, KG.participant, person)
                self.add(iri, KG.event, meeting)
                self.add(iri, KG.role, concept)
                label = f"{part.person.key.strip()}{word}{name_key}"
                self.add(iri, RDFS.label, Literal(label, lang=HANS))
                self.add(iri, RDFS.label, Literal(to_traditional(label), lang=HANT))
                self.add(person, shortcut, meeting)
                start = min(part.person.start, part.cue.start)
                end = max(part.person.end, part.cue.end)
                evidence = self.evidence(doc, article, start, end, part.person.sentence, iri, part.confidence)
                self.add(iri, PROV.wasDerivedFrom, evidence)
                mentioned.add(person)
            for i, (a, b) in enumerate(event.pairs):
                one, other = self.mention(doc, a, "person"), self.mention(doc, b, "person")
                if one is None or other is None or one == other:
                    continue
                ends = (one, other)
                keys = sorted(self.entity_key(doc, m, "person") for m in (a, b))
                iri = _iri(self.base, "met", *first, name_key, *[part for k in keys for part in k.split(QUALIFIER)])
                self.add(iri, RDF.type, KG.MetPair)
                for person in ends:
                    self.add(iri, KG.participant, person)
                self.add(iri, KG.event, meeting)
                self.add(ends[0], KG.metWith, ends[1])
                self.add(ends[1], KG.metWith, ends[0])
                label = f"{a.key.strip()}会见{b.key.strip()}（{name_key}）"
                self.add(iri, RDFS.label, Literal(label, lang=HANS))
                self.add(iri, RDFS.label, Literal(to_traditional(label), lang=HANT))
                start, end = min(a.start, b.start), max(a.end, b.end)
                value = event.pair_confidence[i] if i < len(event.pair_confidence) else 1.0
                self.add(iri, PROV.wasDerivedFrom, self.evidence(doc, article, start, end, a.sentence, iri, value))
                mentioned.update(ends)
        return mentioned

    def agent(self, doc: Document, m: Mention) -> tuple[URIRef, tuple[str, ...]] | None:
        """The node of a policy act's agent and the IRI segments that name it (its kind, then its key parts).

        A body or a person is the node its mention names anywhere else; a meeting (an EVENT mention) is the
        node :meth:`events` made for the article's event of that name, never a second one: an EVENT mention
        that names none of the article's events names no agent.
        """
        kind = _AGENT_KINDS.get(m.label)
        if kind == "meeting":
            event = next((e for e in doc.events if (e.name.start, e.name.end) == (m.start, m.end)), None) or \
                next((e for e in doc.events if e.name.key.strip() == m.key.strip()), None)
            parts = meeting_parts(doc, event) if event is not None else None
            return None if parts is None else (_iri(self.base, "meeting", *parts), ("meeting", *parts))
        if kind is None:
            return None
        iri = self.mention(doc, m, kind)
        if iri is None:
            return None
        key = self.entity_key(doc, m, kind)
        return iri, (kind, *(key.split(QUALIFIER) if kind == "person" else (key,)))

    def policy_acts(self, doc: Document, article: URIRef, policies: set[URIRef]) -> set[URIRef]:
        """What the article states bodies, meetings and persons did with policies (``doc.policy_relations``).

        Each is a ``kg:PolicyAct`` (``kg:agent``, ``kg:act``, ``kg:policy``, and evidence: the policy's sentence,
        from the first to the last character of the verb, the policy and the agent when that sentence names it)
        and a shortcut edge from the agent to the policy
        (``kg:issued``, ``kg:adopted``, ``kg:studied``, ``kg:implemented``).  The act's IRI is keyed by the
        policy, the act and the agent, so articles that state the same act share one node.  ``policies`` are
        the concepts that already have evidence in this article; a policy named only by a relation gets its own.
        """
        mentioned: set[URIRef] = set()
        for rel in doc.policy_relations:
            if rel.act not in _ACT_TERMS:
                continue
            policy = self.mention(doc, rel.policy, "policy")
            agent = self.agent(doc, rel.agent)
            if policy is None or agent is None:
                continue
            node, agent_parts = agent
            concept, shortcut, word = _ACT_TERMS[rel.act]
            policy_key = self.entity_key(doc, rel.policy, "policy")
            # policy and act first, then the agent's kind and key (a person's or meeting's key has several parts)
            iri = _iri(self.base, "act", policy_key, rel.act, *agent_parts)
            self.add(iri, RDF.type, KG.PolicyAct)
            self.add(iri, KG.agent, node)
            self.add(iri, KG.act, concept)
            self.add(iri, KG.policy, policy)
            who = rel.agent.key.strip() if agent_parts[0] == "person" else agent_parts[-1]
            label = f"{who}{word}{policy_key}"
            self.add(iri, RDFS.label, Literal(label, lang=HANS))
            self.add(iri, RDFS.label, Literal(to_traditional(label), lang=HANT))
            self.add(node, shortcut, policy)
            # the sentence that states the act is the policy's; an agent named there is part of the evidence's
            # span, one named in an earlier sentence (会议指出… after the sentence naming the meeting) is not
            sentence = doc.sentence_of(rel.policy.start)
            spans: list[Mention | Span] = [rel.policy, rel.cue]
            if sentence < 0 or doc.sentences[sentence].start <= rel.agent.start < doc.sentences[sentence].end:
                spans.append(rel.agent)
            start, end = min(x.start for x in spans), max(x.end for x in spans)
            self.add(iri, PROV.wasDerivedFrom, self.evidence(doc, article, start, end, sentence, iri, rel.confidence))
            if policy not in policies:  # named by the relation only: the concept needs a source of its own
                policies.add(policy)
                self.add(policy, PROV.wasDerivedFrom, self.evidence(doc, article, rel.policy.start, rel.policy.end,
                                                                    rel.policy.sentence, policy,
                                                                    rel.policy.confidence))
            mentioned.update((node, policy))
        return mentioned

    def policies(self, doc: Document, article: URIRef) -> set[URIRef]:
        return self.named(doc, article, "POLICY", "policy")

    def named(self, doc: Document, article: URIRef, label: str, kind: Kind) -> set[URIRef]:
        """Persons or policies the article names, each with the evidence of its first mention; the statement's
        confidence is the highest of its mentions'."""
        first: dict[URIRef, Mention] = {}
        best: dict[URIRef, float] = {}
        for m in doc.mentions:
            if m.label != label:
                continue
            iri = self.mention(doc, m, kind)
            if iri is None:
                continue
            first.setdefault(iri, m)
            best[iri] = max(best.get(iri, 0.0), m.confidence)
        for iri, m in first.items():
            self.add(iri, PROV.wasDerivedFrom, self.evidence(doc, article, m.start, m.end, m.sentence, iri, best[iri]))
        return set(first)

    # -- labels and types ----------------------------------------------------------------------------------

    def finish(self) -> Dataset:
        derived = self.quads.setdefault(derived_graph_iri(self.base), set())
        derived.update(derived_triples(self.entities, self.post_dates, self.confidence))
        return self.ds

    def types(self, iri: URIRef, ent: _Entity) -> None:
        """The types an article states for an entity (written into the article's graph)."""
        if ent.kind == "person":
            self.add(iri, RDF.type, KG.Person)
        elif ent.kind == "org":
            self.add(iri, RDF.type, KG.Organization)
            if ent.government:
                self.add(iri, RDF.type, KG.GovernmentBody)
        elif ent.kind == "place":
            self.add(iri, RDF.type, KG.Place)
        elif ent.kind == "title":
            self.add(iri, RDF.type, KG.Title)
        elif ent.kind == "policy":
            self.add(iri, RDF.type, KG.PolicyConcept)
            self.add(iri, SKOS.inScheme, KG.PolicyConcepts)
            known = [(n, t) for t, n in ent.policy_types.items() if t in _POLICY_TYPE_TERMS]
            if known:
                # most frequent type; ties go to the order of kg.model.POLICY_TYPES
                _, best = min(known, key=lambda nt: (-nt[0], POLICY_TYPES.index(nt[1])))
                self.add(iri, KG.policyType, _POLICY_TYPE_TERMS[best])

    def names(self, iri: URIRef, ent: _Entity) -> None:
        """Labels an article gives an entity: its key in both scripts and each form as written."""
        if ent.kind != "meeting":
            self.add(iri, RDFS.label, _name(ent.name, HANS))
            self.add(iri, RDFS.label, _name(to_traditional(ent.name), HANT))
        for form, tag in ent.written:
            self.add(iri, KG.writtenAs, _name(form, tag))


def meeting_parts(doc: Document, event: Event) -> tuple[str, ...] | None:
    """The IRI segments of the meeting node of one of ``doc``'s events (``None`` when it has no name).

    A meeting is one node per date and name; a meeting named by its kind alone (会见, 举行会谈, 座谈会) is this
    article's (of all the talks of one day, only those the same article reports are one meeting), and an
    undated one is this article's too.

    Example:
        >>> from kg.model import Document, Event, Mention
        >>> name = Mention(0, 2, "会谈", "EVENT", "会谈")
        >>> meeting_parts(Document(id="a1", text="会谈"), Event(name, "2025-01-02"))
        ('2025-01-02', 'a1', '会谈')
    """
    name_key = event.name.key.strip()
    if not name_key:
        return None
    date = _valid_date(event.date)
    first = (date, doc.id) if date and generic_meeting(name_key) else (date or doc.id,)
    return (*first, name_key)


def bare_bodies(doc: Document) -> dict[str, str]:
    """Bodies ``doc`` names without saying whose → the one full name the article gives them: bare state bodies
    (国会 → 美国国会) and short local bodies (市委 → 广州市委, where the article writes 广州市委).  A short local
    body the text names no full form of is the body of the place of the article's publisher, when the publisher
    is of that level (省委 → 广东省委 in a release of 广东省退役军人事务厅; 市委 stays 市委 there).  Otherwise
    the body stays as written: no place is guessed."""
    lex = load_lexicon()
    full: dict[str, set[str]] = {}
    local: dict[str, str] = {}  # a body written from a short local body on (省委常委会) → that short body (省委)
    for m in doc.mentions:
        if m.label == "ORG" and not (m.kind or "").endswith(":nested"):
            key = canonical_org(m.key)
            short = next((key[:n] for n in range(len(key), 1, -1) if key[:n] in lex.local_bodies), None)
            if short is not None:
                local[key] = short
            for bare in BARE_BODIES:
                if key.endswith(bare) and len(key) > len(bare):
                    full.setdefault(bare, set()).add(key)
            for bare in local_heads(key, lex):
                full.setdefault(bare, set()).add(key)
    out = {bare: next(iter(keys)) for bare, keys in full.items() if len(keys) == 1}
    where = _publisher_place(doc.publisher, lex) if doc.publisher else None
    for key, short in local.items():
        if key in full:
            continue
        if short in out and short in full:
            out[key] = out[short] + key[len(short):]  # 省委常委会 → 广东省委常委会 beside 广东省委
        elif short not in full and where is not None and short.startswith(where[1]):
            out[key] = where[0] + key
    return out


# A party other than China's that has central bodies of the same names (越南共产党, 老挝人民革命党, 朝鲜劳动党), by
# its name at the start of a body's name, or by its short form written right before a short body (古共中央政治局)
_PARTY_NAME = re.compile(r"^(?:[\u4e00-\u9fff]{2,8}?(?:共产党|劳动党|人民革命党)|[越古老朝]共)(?=中央)")
_PARTY_SHORT = re.compile(r"[越古老朝]共$")
_CHAIN_BREAK = re.compile(r"[，。；：！？,;:]")


def foreign_party_bodies(doc: Document) -> dict[tuple[int, int], str]:
    """Mentions of a party body written in short (中央政治局, 中央书记处) that a foreign party's name qualifies
    → that party's body, instead of China's, which the short name means alone: the party written right before
    (古共中央政治局), or the party of the body before it in the same chain of titles (老挝人民革命党中央政治局委员、
    中央书记处书记 → 老挝人民革命党中央书记处).

    Example:
        >>> from kg import extract
        >>> doc = extract("越共中央政治局委员、中央书记处书记阮文甲出席。")[0]
        >>> sorted(foreign_party_bodies(doc).values())
        ['越共中央书记处', '越共中央政治局']
    """
    out: dict[tuple[int, int], str] = {}
    party: str | None = None  # of the chain being read
    chain_end = -1
    for m in sorted((m for m in doc.mentions if m.label == "ORG" and not (m.kind or "").endswith(":nested")),
                    key=lambda m: m.start):
        start, end = doc.norm_offset(m.start), doc.norm_offset(m.end)
        if chain_end < 0 or _CHAIN_BREAK.search(doc.norm, chain_end, start) or start - chain_end > 24:
            party = None  # a new chain
        chain_end = end
        own = _PARTY_NAME.match(m.key)
        if own is not None:
            party = None if own.group().startswith(("中国", "中共")) else own.group()
            continue
        canonical = canonical_org(m.key)
        if canonical == m.key or not canonical.startswith("中共"):
            continue
        short = _PARTY_SHORT.search(doc.norm, max(0, start - 2), start)
        if short is not None:
            party = short.group()
        if party is not None:
            out[(m.start, m.end)] = party + m.key
    return out


# The titles of the head of a body of each kind, by how the body's name ends (GUIDELINE H keeps them apart in
# the records: 市委副书记、市长 gives 市长 no body; the graph joins a title to the chain's body only where it is
# that body's own title)
_CHAIN_TITLES: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (("部",), re.compile(r"(?:常务)?副?部长")),
    (("委员会", "委"), re.compile(r"(?:常务)?副?主任(?:委员)?")),
    (("局",), re.compile(r"(?:常务)?副?局长")),
    (("厅",), re.compile(r"(?:常务)?副?厅长")),
    (("署",), re.compile(r"副?署长")),
    (("法院", "学院", "研究院", "科学院", "工程院", "医院"), re.compile(r"(?:常务)?副?院长")),
    (("检察院",), re.compile(r"副?检察长")),
    (("银行",), re.compile(r"副?行长")),
    (("协会", "学会", "商会", "促进会", "研究会", "基金会"), re.compile(r"(?:常务)?副?会长")),
    (("办公室", "办", "中心"), re.compile(r"(?:常务)?副?主任")),
    (("大学",), re.compile(r"(?:常务)?副?校长")),
)


def chain_body(doc: Document, post: Post) -> Mention | None:
    """The body at the head of the chain of titles a bodiless post is in, when the title is that body's own
    (中国人民对外友好协会党组书记、会长王某 → 会长 of the 协会; 科学技术部党组书记、部长 → 部长 of the 部; not
    市委副书记、市长, since 市长 is no title of a 市委).

    Example:
        >>> from kg import extract
        >>> doc = extract("科学技术部党组书记、部长王志强出席会议。")[0]
        >>> [chain_body(doc, p).key for p in doc.posts if p.org is None]
        ['科学技术部']
    """
    title = post.title.key.removeprefix("原")
    start = doc.norm_offset(post.title.start)
    for other in doc.posts:
        if other.org is None or other.person.key != post.person.key or other.title.start >= post.title.start:
            continue
        between = doc.norm[doc.norm_offset(other.org.end):start]
        if re.search(r"[，。；：,;:（(]", between) or len(between) > 20:
            continue
        key = canonical_org(other.org.key)
        for ends, titles in _CHAIN_TITLES:
            if key.endswith(ends) and titles.fullmatch(title):
                return other.org
    return None


def _infers_chinese_body(doc: Document, post: Post) -> bool:
    """Whether a bare title (总书记, 国家主席) may be read as China's body: the holder's name is a Chinese name
    (a surname, two to four characters, no transliteration) and no foreign country or party is written in the
    sentence before the title (老挝人民革命党中央总书记、国家主席通伦; 古巴国家主席迪亚斯-卡内尔)."""
    lex = load_lexicon()
    name = post.person.key
    if not (2 <= len(name) <= 4 and lex.is_surname_start(name)) or any(c in name for c in "·-•") or \
            all(c in lex.translit for c in name) and len(name) >= 3:
        return False
    for m in doc.mentions:
        if m.label in ("PLACE", "ORG") and m.end <= post.title.start and post.title.start - m.end <= 12 and \
                not any(c in doc.text[m.end:post.title.start] for c in "，。；,;") and \
                not m.key.startswith(("中", "我国")) and lex.is_foreign(m.key):  # not 中非合作论坛
            return False
    return True


def local_heads(key: str, lex: Lexicon) -> Iterator[str]:
    """The short local bodies a full name is the body of (广州市委 → 市委, 广东省人民政府 → 省人民政府): a place's
    name, then the short body."""
    for k in range(2, len(key) - 1):
        if key[k:] in lex.local_bodies and key[:k] in lex.places:
            yield key[k:]


def _publisher_place(publisher: str, lex: Lexicon) -> tuple[str, str] | None:
    """``(place, level)`` of a publisher named after a province or a city (广东省退役军人事务厅 → 广东, 省)."""
    key = canonical_org(publisher)
    for k in range(min(len(key) - 1, 4), 1, -1):
        if key[:k] in lex.places and key[k:k + 1] in ("省", "市"):
            return key[:k], key[k]
    return None


def facts_about(g: Graph, node: Node, kind: str) -> Iterator[Node]:
    """The facts with evidence that name ``node``, an entity of class ``kind`` (local name: Person, Place …):
    the node itself for policy concepts and meetings, else the posts, participations, meetings and policy
    acts that point to it."""
    if kind in ("PolicyConcept", "Meeting"):
        yield node
    if kind == "Person":
        yield from g.subjects(ORG.member, node)
        yield from g.subjects(KG.participant, node)
        yield from g.subjects(KG.agent, node)
    if kind in ("GovernmentBody", "Organization"):
        yield from g.subjects(ORG.organization, node)
        yield from g.subjects(KG.agent, node)
    if kind == "Place":
        yield from g.subjects(KG.jurisdiction, node)
        yield from g.subjects(SDO.location, node)


def derived_graph_iri(base: str) -> URIRef:
    """The named graph holding what is derived from all articles together (labels, post dates)."""
    return URIRef(_normal_base(base) + "derived")


def derived_triples(entities: dict[URIRef, _Entity], post_dates: dict[URIRef, dict[str, str | None]],
                    confidence: dict[URIRef, float] | None = None) -> Iterator[tuple[URIRef, URIRef, Node]]:
    """Corpus-level triples: preferred and alternative labels, names, the dates of posts and the confidence
    of each fact (the highest of the articles that state it, see :mod:`kg.confidence`).

    The preferred label is the most complete form written (the longest, a session prefix such as 十四届 not
    counting; ties: the most frequent, then the smaller string), or the entity's key when no article writes
    it (a parent body known only from a longer name).  Each language tag gets one ``skos:prefLabel``; the
    other written forms are ``skos:altLabel``.
    """
    for iri in sorted(entities):
        ent = entities[iri]
        written: dict[str, Counter[str]] = defaultdict(Counter)
        for (form, tag), n in ent.written.items():
            written[tag][form] += n
        preferred: dict[str, str] = {}
        for tag, forms in written.items():
            # the most complete form: the longest as written (a session prefix such as 十四届 does not count),
            # then the most frequent, then the smallest string
            preferred[tag] = min(forms, key=lambda f: (-len(SESSION_PREFIX.sub("", f)), -forms[f], f))
        if HANS not in preferred:
            preferred[HANS] = ent.name if HANT not in preferred else Normalizer().simplify(preferred[HANT])
        if HANT not in preferred:
            preferred[HANT] = to_traditional(preferred[HANS])
        for tag in sorted(preferred):
            yield iri, SKOS.prefLabel, Literal(preferred[tag], lang=tag)
            if ent.kind in ("person", "meeting"):
                yield iri, SDO.name, Literal(preferred[tag], lang=tag)
            for form in sorted(written.get(tag, ())):
                if form != preferred[tag]:
                    yield iri, SKOS.altLabel, Literal(form, lang=tag)
    for post in sorted(post_dates):
        dates = sorted(d for d in post_dates[post].values() if d)
        if dates:
            yield post, KG.firstSeen, Literal(dates[0], datatype=XSD.date)
            yield post, KG.lastSeen, Literal(dates[-1], datatype=XSD.date)
        yield post, KG.articleCount, Literal(len(post_dates[post]), datatype=XSD.integer)
    for fact in sorted(confidence or ()):
        yield fact, KG.confidence, confidence_literal(confidence[fact])  # type: ignore[index]


_FACT_LINKS = (ORG.member, KG.participant, KG.event, KG.agent, KG.policy)  # a fact's links to its entities
_SHORTCUT_OF_ROLE = {concept: shortcut for concept, shortcut, _ in _ROLE_TERMS.values()}
_SHORTCUT_OF_ACT = {concept: shortcut for concept, shortcut, _ in _ACT_TERMS.values()}
_ROLE_OF_SHORTCUT = {shortcut: concept for concept, shortcut in _SHORTCUT_OF_ROLE.items()}
_ACT_OF_SHORTCUT = {shortcut: concept for concept, shortcut in _SHORTCUT_OF_ACT.items()}


class _Triples:
    """The triples of a graph, or of every graph of a dataset: read, tested and removed alike."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.quads = isinstance(graph, Dataset)

    def __call__(self, pattern: tuple[Any, Any, Any]) -> Iterator[tuple[Any, Any, Any]]:
        if self.quads:
            return ((s_, p_, o_) for s_, p_, o_, _ in self.graph.quads((*pattern, None)))  # type: ignore[arg-type]
        return self.graph.triples(pattern)

    def has(self, s_: Any, p_: Any, o_: Any) -> bool:
        return next(iter(self((s_, p_, o_))), None) is not None

    def one(self, s_: Any, p_: Any) -> Any:
        return next((o_ for _, _, o_ in self((s_, p_, None))), None)

    def subjects(self, p_: Any, o_: Any) -> Iterator[Any]:
        return (s_ for s_, _, _ in self((None, p_, o_)))

    def remove(self, pattern: tuple[Any, Any, Any]) -> None:
        self.graph.remove((*pattern, None) if self.quads else pattern)  # type: ignore[arg-type]


def above(graph: Graph, minimum: float) -> Graph:
    """``graph`` (a graph or a dataset, changed in place and returned) without what is less sure than
    ``minimum``: the facts and entities whose ``kg:confidence`` is below it, the facts that name a node so left
    out, the evidence nothing points to any more, and the shortcut edges (``kg:presided``, ``org:memberOf``,
    ``kg:metWith``, ``kg:issued`` …) that no remaining fact states.  Nodes without a figure are kept.

    A graph built with ``--min-confidence`` m holds nothing below m; this cuts it higher.

    Example:
        >>> import kg
        >>> g = kg.build_graph(kg.extract("国务院总理李强主持召开国务院常务会议。"))
        >>> n = len(g)
        >>> len(above(g, 0.5)) == n, len(above(g, 1.0)) < n
        (True, True)
    """
    t = _Triples(graph)
    evidence = set(t.subjects(RDF.type, KG.Evidence))
    low = {s_ for s_, _, c in t((None, KG.confidence, None))
           if s_ not in evidence and isinstance(c, Literal) and float(c) < minimum}
    if not low:
        return graph
    # facts that name a node left out go too (a post of a person left out, the roles at a meeting left out)
    for node in list(low):
        for link in _FACT_LINKS:
            low.update(t.subjects(link, node))
    shortcuts = {edge for fact in low for edge in _shortcuts(fact, t)}
    for node in low:
        t.remove((node, None, None))
        t.remove((None, None, node))
    for edge in shortcuts:
        if not _stated(edge, t):
            t.remove(edge)
    pointed = {o_ for _, _, o_ in t((None, PROV.wasDerivedFrom, None))}
    for ev in evidence - pointed:
        t.remove((ev, None, None))
    return graph


def _shortcuts(fact: Any, t: _Triples) -> Iterator[tuple[Any, Any, Any]]:
    """The shortcut edges a fact states (before it is removed)."""
    person, meeting, role = t.one(fact, KG.participant), t.one(fact, KG.event), t.one(fact, KG.role)
    if person is not None and meeting is not None and role in _SHORTCUT_OF_ROLE:
        yield person, _SHORTCUT_OF_ROLE[role], meeting
    member, body = t.one(fact, ORG.member), t.one(fact, ORG.organization)
    if member is not None and body is not None:
        yield member, ORG.memberOf, body
    if t.has(fact, RDF.type, KG.MetPair):
        ends = sorted({o_ for _, _, o_ in t((fact, KG.participant, None))})  # a dataset repeats it per graph
        if len(ends) == 2:
            yield ends[0], KG.metWith, ends[1]
            yield ends[1], KG.metWith, ends[0]
    agent, act, policy = t.one(fact, KG.agent), t.one(fact, KG.act), t.one(fact, KG.policy)
    if agent is not None and policy is not None and act in _SHORTCUT_OF_ACT:
        yield agent, _SHORTCUT_OF_ACT[act], policy


def _stated(edge: tuple[Any, Any, Any], t: _Triples) -> bool:
    """Whether a remaining fact states the shortcut ``edge``."""
    s_, p_, o_ = edge
    if p_ in _ROLE_OF_SHORTCUT:
        return any(t.has(f, KG.event, o_) and t.has(f, KG.role, _ROLE_OF_SHORTCUT[p_])
                   for f in t.subjects(KG.participant, s_))
    if p_ == ORG.memberOf:
        return any(t.has(f, ORG.organization, o_) for f in t.subjects(ORG.member, s_))
    if p_ == KG.metWith:
        return any(t.has(f, KG.participant, o_) and t.has(f, RDF.type, KG.MetPair)
                   for f in t.subjects(KG.participant, s_))
    if p_ in _ACT_OF_SHORTCUT:
        return any(t.has(f, KG.policy, o_) and t.has(f, KG.act, _ACT_OF_SHORTCUT[p_])
                   for f in t.subjects(KG.agent, s_))
    return True


def content_hash(doc: Document) -> str:
    """SHA-256 of an article's text and metadata: an article is already in a store when id and hash match."""
    import hashlib

    h = hashlib.sha256()
    for part in (doc.id, doc.text, doc.title or "", doc.date or "", doc.url or ""):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def build_dataset(documents: Iterable[Document], *, base: str = DEFAULT_BASE,
                  resolver: Resolver | None = None) -> Dataset:
    """Build the RDF dataset of ``documents``: one named graph per article plus the derived graph.

    Each article's graph is named by the article's IRI and holds exactly the facts read from it, so removing
    the graph removes exactly that article's facts.  Persons are resolved across the documents first
    (:class:`kg.resolve.Resolver`).

    Example:
        >>> from kg.model import Document, Mention, Span
        >>> doc = Document(id="a1", text="李强。", date="2025-01-17", sentences=(Span(0, 3),),
        ...                mentions=(Mention(0, 2, "李强", "PERSON", "李强", None, 0),))
        >>> ds = build_dataset([doc])
        >>> sorted(str(g.identifier) for g in ds.graphs() if len(g))
        ['https://w3id.org/kg-gov/id/article/a1', 'https://w3id.org/kg-gov/id/derived']
    """
    docs = list(documents)
    resolver = resolver or Resolver()
    resolver.resolve(docs)
    builder = _Builder(base, resolver)
    for doc in docs:
        builder.document(doc)
    return builder.finish()


def union_graph(dataset: Dataset) -> Graph:
    """All triples of a dataset in one graph, with its prefixes (for Turtle, N-Triples, HTML and SPARQL)."""
    graph = Graph(bind_namespaces="core")
    for prefix, ns in dataset.namespaces():
        graph.bind(prefix, ns, override=True, replace=True)
    for s_, p_, o_, _ in dataset.quads((None, None, None, None)):
        graph.add((s_, p_, o_))
    return graph


def build_graph(documents: Iterable[Document], *, base: str = DEFAULT_BASE) -> Graph:
    """Build the RDF graph of ``documents`` under the kg ontology.

    Args:
        documents: analysed documents (mentions, posts, events, sub-organisations and credits filled in).
        base: namespace of the data IRIs; entity IRIs are ``base + kind + "/" + key``.

    Returns:
        A new graph with kg's prefixes bound (``kg``, ``org``, ``prov``, ``skos``, ``schema``, ``dcterms``,
        ``foaf``, ``kgid`` for ``base`` and one prefix per kind such as ``person``).  It has no blank nodes.

    Example:
        >>> from kg.model import Document
        >>> g = build_graph([Document(id="a1", text="", title="标题", date="2020-12-25")])
        >>> article = entity_iri(DEFAULT_BASE, "article", "a1")
        >>> g.value(article, DCTERMS.date)
        rdflib.term.Literal('2020-12-25', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#date'))
    """
    return union_graph(build_dataset(documents, base=base))


# ---------------------------------------------------------------------------------------------------------
# Property-graph projection

_NODE_TYPES: tuple[tuple[URIRef, str], ...] = (
    (KG.GovernmentBody, "GovernmentBody"),
    (KG.Organization, "Organization"),
    (KG.Person, "Person"),
    (KG.Place, "Place"),
    (KG.PolicyConcept, "PolicyConcept"),
    (KG.Meeting, "Meeting"),
    (KG.Article, "Article"),
)

_LABEL_PREDICATES = (SKOS.prefLabel, RDFS.label, SKOS.altLabel, SDO.name, DCTERMS.title)


def _lang_of(value: Node) -> str:
    return (value.language or "").lower() if isinstance(value, Literal) else ""


def _pick(values: Iterable[Node]) -> str | None:
    """The preferred string among literals: ``zh-Hant`` first, then ``zh-Hans``, then any; smallest wins."""
    values = list(values)
    for tag in (HANT.lower(), HANS.lower()):
        found = sorted(str(v) for v in values if _lang_of(v) == tag)
        if found:
            return found[0]
    found = sorted(str(v) for v in values if isinstance(v, Literal))
    return found[0] if found else None


def _pick_lang(values: Iterable[Node], tag: str) -> str | None:
    found = sorted(str(v) for v in values if _lang_of(v) == tag.lower())
    return found[0] if found else None


def _str(graph: Graph, s: Node, p: URIRef) -> str:
    values = sorted(str(o) for o in graph.objects(s, p))
    return values[0] if values else ""


class _Projection:
    """Reads the RDF graph once into the dictionaries :func:`to_networkx` needs."""

    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self.types: dict[Node, str] = {}
        for term, name in reversed(_NODE_TYPES):  # earlier entries win (GovernmentBody over Organization)
            for s in graph.subjects(RDF.type, term):
                if isinstance(s, URIRef):
                    self.types[s] = name
        self.labels: dict[Node, str] = {n: self.label(n) for n in self.types}

    def label(self, node: Node) -> str:
        # the preferred label in the script the articles write the name in (Traditional when both do)
        tags = {_lang_of(o) for o in self.g.objects(node, KG.writtenAs)}
        for tag in ((HANT.lower(), HANS.lower()) if tags else ()):
            if tag in tags:
                found = _pick_lang(self.g.objects(node, SKOS.prefLabel), tag)
                if found:
                    return found
        for predicate in (SKOS.prefLabel, RDFS.label, SDO.name, DCTERMS.title, DCTERMS.identifier):
            found = _pick(self.g.objects(node, predicate))
            if found:
                return found
        return str(node).rstrip("/").rsplit("/", 1)[-1]

    def written(self, node: Node, predicate: URIRef) -> str:
        return _pick(self.g.objects(node, predicate)) or ""

    def sentences(self, fact: Node, article: Node | None = None) -> list[str]:
        out: list[str] = []
        for ev in self.g.objects(fact, PROV.wasDerivedFrom):
            if article is not None and (ev, KG.article, article) not in self.g:
                continue
            out.extend(str(s) for s in self.g.objects(ev, KG.sentence))
        return sorted(set(out))

    def facts(self, node: Node) -> Iterator[Node]:
        """Facts that carry evidence about ``node``."""
        return facts_about(self.g, node, self.types[node])

    def evidence(self, node: Node) -> list[str]:
        found: set[str] = set()
        for fact in self.facts(node):
            found.update(self.sentences(fact))
        return sorted(found)

    def evidence_by_article(self, node: Node) -> dict[Node, set[str]]:
        """The sentences about ``node``, by article."""
        found: dict[Node, set[str]] = defaultdict(set)
        for fact in self.facts(node):
            for ev in self.g.objects(fact, PROV.wasDerivedFrom):
                sentences = [str(s) for s in self.g.objects(ev, KG.sentence)]
                for article in self.g.objects(ev, KG.article):
                    found[article].update(sentences)
        return found

    def article_info(self, article: Node) -> dict[str, str]:
        return {
            "id": _str(self.g, article, DCTERMS.identifier),
            "title": self.written(article, DCTERMS.title),
            "date": _str(self.g, article, DCTERMS.date),
            "url": _str(self.g, article, SDO.url),
        }

    def attributes(self, node: Node) -> dict[str, Any]:
        g, kind = self.g, self.types[node]
        label = self.labels[node]
        names = {str(o) for p in _LABEL_PREDICATES for o in g.objects(node, p) if isinstance(o, Literal)}
        attrs: dict[str, Any] = {
            "type": kind,
            "label": label,
            "label_hans": _pick_lang(g.objects(node, SKOS.prefLabel), HANS)
            or _pick_lang(g.objects(node, RDFS.label), HANS) or "",
            "label_hant": _pick_lang(g.objects(node, SKOS.prefLabel), HANT)
            or _pick_lang(g.objects(node, RDFS.label), HANT) or "",
            "aliases": sorted(names - {label}),
        }
        if kind in ("GovernmentBody", "Organization"):
            attrs["kind"] = "government" if kind == "GovernmentBody" else "other"
        if kind == "PolicyConcept":
            types = sorted(_POLICY_TYPE_NAMES[t] for t in g.objects(node, KG.policyType)
                           if t in _POLICY_TYPE_NAMES)
            attrs["policy_type"] = types[0] if types else ""
        if kind == "Meeting":
            attrs["date"] = _str(g, node, SDO.startDate)
            places = sorted(self.labels.get(p, str(p)) for p in g.objects(node, SDO.location))
            attrs["place"] = places[0] if places else ""
        if kind == "Article":
            attrs.update(self.article_info(node))
        if kind == "Person":
            posts = set()
            for ph in g.subjects(ORG.member, node):
                wheres = sorted((*g.objects(ph, ORG.organization), *g.objects(ph, KG.jurisdiction)), key=str)
                org = self.labels.get(wheres[0], "") if wheres else ""
                org = org or self.written(ph, KG.orgText)
                former = any(o.toPython() is True for o in g.objects(ph, KG.former) if isinstance(o, Literal))
                posts.add((org, self.written(ph, KG.title), former, _str(g, ph, KG.firstSeen),
                           _str(g, ph, KG.lastSeen)))
            attrs["posts"] = [{"title": t, "org": o, "former": f, "first_seen": first, "last_seen": last}
                              for o, t, f, first, last in sorted(posts)]
        sources = {tuple(self.article_info(a).items()) for a in g.subjects(SDO.mentions, node)}
        attrs["sources"] = sorted((dict(s) for s in sources), key=lambda d: (d["date"], d["id"], d["url"]))
        attrs["evidence"] = self.evidence(node)[:3] if kind != "Article" else []
        return attrs

    def edges(self) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        g, nodes = self.g, self.types

        def first(values: list[str]) -> str:
            return values[0] if values else ""

        for ph in g.subjects(RDF.type, KG.PostHolding):
            people = [p for p in g.objects(ph, ORG.member) if p in nodes]
            targets = [t for p in (ORG.organization, KG.jurisdiction) for t in g.objects(ph, p) if t in nodes]
            former = any(o.toPython() is True for o in g.objects(ph, KG.former) if isinstance(o, Literal))
            title_key = first(sorted(_pick_lang(g.objects(r, RDFS.label), HANS) or ""
                                     for r in g.objects(ph, ORG.role)))
            label = self.written(ph, KG.title) or title_key
            key = f"holds_post:{title_key or label}" + (":former" if former else "")
            for person in people:
                for target in targets:
                    yield str(person), str(target), key, {
                        "relation": "holds_post", "label": label, "former": former,
                        "evidence": first(self.sentences(ph)),
                    }
        shortcut_relation = {
            KG.presided: ("presided", "主持"), KG.spokeAt: ("spoke", "讲话"),
            KG.attended: ("attended", "出席"), KG.metAt: ("met", "会见"),
        }
        role_property: dict[Node, URIRef] = {concept: prop for concept, prop, _ in _ROLE_TERMS.values()}
        evidence: dict[tuple[Node, URIRef, Node], set[str]] = defaultdict(set)
        for part in g.subjects(RDF.type, KG.Participation):
            for person in g.objects(part, KG.participant):
                for meeting in g.objects(part, KG.event):
                    for role in g.objects(part, KG.role):
                        if role in role_property:
                            evidence[(person, role_property[role], meeting)].update(self.sentences(part))
        for prop, (relation, word) in shortcut_relation.items():
            for person, meeting in g.subject_objects(prop):
                if person in nodes and meeting in nodes:
                    yield str(person), str(meeting), relation, {
                        "relation": relation, "label": word,
                        "evidence": first(sorted(evidence.get((person, prop, meeting), ()))),
                    }
        # policy acts: the shortcut edge from the agent to the policy, with the evidence of its kg:PolicyAct
        act_property: dict[Node, URIRef] = {concept: prop for concept, prop, _ in _ACT_TERMS.values()}
        act_evidence: dict[tuple[Node, URIRef, Node], set[str]] = defaultdict(set)
        for act in g.subjects(RDF.type, KG.PolicyAct):
            for concept in g.objects(act, KG.act):
                if concept in act_property:
                    for agent in g.objects(act, KG.agent):
                        for policy in g.objects(act, KG.policy):
                            act_evidence[(agent, act_property[concept], policy)].update(self.sentences(act))
        for relation, (_, prop, word) in _ACT_TERMS.items():
            for agent, policy in g.subject_objects(prop):
                if agent in nodes and policy in nodes:
                    yield str(agent), str(policy), relation, {
                        "relation": relation, "label": word,
                        "evidence": first(sorted(act_evidence.get((agent, prop, policy), ()))),
                    }
        for child, parent in g.subject_objects(ORG.subOrganizationOf):
            if child in nodes and parent in nodes:
                yield str(child), str(parent), "sub_organization_of", {
                    "relation": "sub_organization_of", "label": "隶属", "evidence": "",
                }
        # grouped by what is mentioned: its facts are read once, not once for each article (a person named in
        # thousands of articles has thousands of facts; looking them all up per article was quadratic)
        mentioned: dict[Node, list[Node]] = defaultdict(list)
        for article, thing in g.subject_objects(SDO.mentions):
            if article in nodes and thing in nodes and nodes[thing] != "Meeting":
                mentioned[thing].append(article)
        for thing, articles in mentioned.items():
            by_article = self.evidence_by_article(thing)
            for article in articles:
                yield str(article), str(thing), "mentions", {
                    "relation": "mentions", "label": "提及",
                    "evidence": min(by_article.get(article, ()), default=""),
                }
        for meeting, article in g.subject_objects(KG.reportedIn):
            if meeting in nodes and article in nodes:
                yield str(meeting), str(article), "reported_in", {
                    "relation": "reported_in", "label": "报道",
                    "evidence": first(self.sentences(meeting, article)),
                }
        for article, publisher in g.subject_objects(DCTERMS.publisher):
            if article in nodes and publisher in nodes:
                yield str(article), str(publisher), "published_by", {
                    "relation": "published_by", "label": "发布", "evidence": "",
                }
        for article, person in g.subject_objects(KG.photographer):
            if article in nodes and person in nodes:
                yield str(article), str(person), "photographer", {
                    "relation": "photographer", "label": "摄影", "evidence": "",
                }


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Project the RDF graph to a property graph for visualisation and property-graph exports.

    Nodes are the people, organisations, places, policy concepts, meetings and articles (titles, post
    holdings, participations and evidence become edge and node attributes).  Node ids are IRI strings; node
    attributes are ``type``, ``label`` (as written, Traditional preferred), ``label_hans``, ``label_hant``,
    ``aliases``, ``sources`` (articles that mention it), ``evidence`` (up to three sentences), plus ``kind``
    (organisations), ``policy_type`` (policy concepts), ``date``/``place`` (meetings), ``id``/``title``/
    ``date``/``url`` (articles) and ``posts`` (people).  Edges carry ``relation`` (``holds_post``,
    ``presided``, ``spoke``, ``attended``, ``met``, ``issued``, ``adopted``, ``studied``, ``implemented``
    (from a body, meeting or person to a policy concept), ``sub_organization_of``, ``mentions``,
    ``reported_in``, ``published_by``, ``photographer``), a Chinese ``label`` and an ``evidence`` sentence.
    The edge key is the relation, except for ``holds_post`` whose key also names the title
    (``holds_post:部长``) because one person often holds several posts in one organisation.  Nodes and edges
    are inserted in sorted order.

    Example:
        >>> from kg.model import Document
        >>> g = to_networkx(build_graph([Document(id="a1", text="", title="标题")]))
        >>> [(d["type"], d["label"]) for _, d in g.nodes(data=True)]
        [('Article', '标题')]
    """
    projection = _Projection(graph)
    result = nx.MultiDiGraph()
    for node in sorted(projection.types, key=str):
        result.add_node(str(node), **projection.attributes(node))
    # several facts can give one edge (two post holdings with one title): the smallest data wins, so that the
    # choice never depends on the order rdflib yields the facts in (it varies from run to run)
    for u, v, key, data in sorted(projection.edges(), key=lambda e: (e[0], e[1], e[2], sorted(e[3].items()))):
        if not result.has_edge(u, v, key):
            result.add_edge(u, v, key=key, **data)
    return result
