"""Project the RDF graph onto a property graph: labelled nodes, typed relationships, typed properties.

This is the one mapping every property-graph export uses (GraphML, the Neo4j CSV folder, the Cypher script,
the Kùzu and LOAD CSV scripts), so they all hold the same nodes and relationships:

* **Nodes** are the typed entities: ``Person``, ``GovernmentBody`` (which also gets the ``Organization``
  label, as in RDF every ``kg:GovernmentBody`` is a ``kg:Organization``), ``Organization``, ``Place``,
  ``Title``, ``PolicyConcept``, ``Meeting`` and ``Article``.  The node id is the entity's IRI.  Every node
  has ``name`` (the preferred label in the script the articles write it in, Traditional first, as in
  :func:`kg.graph.to_networkx`), ``nameHans``, ``nameHant`` and ``aliases`` (every other label and written
  form); meetings add ``date``, policy concepts ``policyType``, articles ``articleId``, ``date``, ``url``,
  ``source`` and ``language``.
* **Relationships**: ``kg:PostHolding`` becomes ``HOLDS_POST`` from the person to the organization (or the
  country of ``kg:jurisdiction``; or the ``Title`` when the text names neither) with the title as written,
  ``titleKey``, ``former``, ``orgInferred`` and, from the derived graph, ``firstSeen``, ``lastSeen`` and
  ``articleCount``.  ``kg:Participation`` becomes ``PRESIDED``, ``SPOKE_AT``, ``ATTENDED`` or ``MET_AT``
  from the person to the meeting, and ``kg:MetPair`` ``MET`` between the two persons (the lesser IRI first)
  with its ``meeting``.  ``kg:PolicyAct`` becomes ``ISSUED``, ``ADOPTED``, ``STUDIED`` or ``IMPLEMENTED`` from
  the agent (a body, a meeting or a person) to the policy concept, with its ``act`` (the IRI of the act).
  The other object properties map one to one: ``SUB_ORGANIZATION_OF``
  (org:subOrganizationOf), ``MENTIONS`` (schema:mentions), ``REPORTED_IN`` (kg:reportedIn), ``LOCATION``
  (schema:location), ``PUBLISHER`` (dcterms:publisher) and ``PHOTOGRAPHER`` (kg:photographer).
* **Evidence** (``kg:Evidence`` nodes in RDF) becomes properties of the relationship it supports:
  ``evidence`` (the sentence as written), ``evidenceArticle`` (the article's IRI), ``evidenceStart`` and
  ``evidenceEnd`` (character offsets into the article's original text), taken from the earliest article.
* Lists of strings stay lists (``aliases``); the writers turn them into whatever the target supports.
  NUL and unpaired surrogates, which no target stores, become U+FFFD, and so does U+001F, the array
  delimiter of the CSV files.

Example:
    >>> from kg.graph import build_graph
    >>> from kg.model import Document, Mention, Post, Span
    >>> text = "退役軍人事務部部長孫紹騁出席會議。"
    >>> doc = Document(id="d1", text=text, script="hant", sentences=(Span(0, len(text)),), posts=(Post(
    ...     person=Mention(9, 12, "孫紹騁", "PERSON", "孙绍骋", sentence=0),
    ...     title=Mention(7, 9, "部長", "TITLE", "部长", sentence=0),
    ...     org=Mention(0, 7, "退役軍人事務部", "ORG", "退役军人事务部", "government", 0)),))
    >>> pg = to_property_graph(build_graph([doc]))
    >>> [(n.label, n.properties["name"]) for n in pg.nodes]
    [('Article', 'd1'), ('GovernmentBody', '退役軍人事務部'), ('Person', '孫紹騁'), ('Title', '部長')]
    >>> post = next(r for r in pg.relationships if r.type == "HOLDS_POST")
    >>> post.properties["title"], post.properties["former"], post.end_label, post.properties["evidenceStart"]
    ('部長', False, 'GovernmentBody', 0)
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal as TypingLiteral
from urllib.parse import unquote

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node as RdfNode

from kg.graph import facts_about
from kg.ontology import DCTERMS, KG, ORG, PROV, RDF, RDFS, SDO, SKOS

__all__ = [
    "ARRAY_DELIMITER",
    "COUNT_QUERIES",
    "MAX_INDEXED_BYTES",
    "clean",
    "EXTRA_LABELS",
    "NODE_SCHEMA",
    "REL_SCHEMA",
    "Node",
    "PropType",
    "PropertyGraph",
    "RelType",
    "Relationship",
    "to_property_graph",
]

PropType = TypingLiteral["string", "string[]", "int", "boolean", "date"]
Value = str | int | bool | tuple[str, ...]

#: Separates the elements of a list in one CSV field (``neo4j-admin import --array-delimiter=U+001F``).
ARRAY_DELIMITER = "\x1f"

#: Longest id (UTF-8 bytes) the scripts index: FalkorDB's index does not find longer strings (and MERGE then
#: duplicates the node), Neo4j's range index refuses keys of about 8 kB.  A label with a longer id gets no
#: index, so lookups scan that label instead.
MAX_INDEXED_BYTES = 4095

_COMMON: tuple[tuple[str, PropType], ...] = (
    ("name", "string"), ("nameHans", "string"), ("nameHant", "string"), ("aliases", "string[]"),
)

#: Node labels (primary label -> its properties, in column order).  ``id`` (the IRI) comes first in every
#: format and is not listed.
NODE_SCHEMA: dict[str, tuple[tuple[str, PropType], ...]] = {
    "Article": (*_COMMON, ("articleId", "string"), ("date", "date"), ("url", "string"), ("source", "string"),
                ("language", "string")),
    "GovernmentBody": _COMMON,
    "Meeting": (*_COMMON, ("date", "date")),
    "Organization": _COMMON,
    "Person": _COMMON,
    "Place": _COMMON,
    "PolicyConcept": (*_COMMON, ("policyType", "string")),
    "Title": _COMMON,
}

#: Labels a node gets besides its primary one (the RDF class hierarchy: a government body is an organization).
EXTRA_LABELS: dict[str, tuple[str, ...]] = {"GovernmentBody": ("Organization",)}

# The RDF class of each label; a node's primary label is the first of these it is typed with.
_LABEL_CLASSES: tuple[tuple[str, URIRef], ...] = (
    ("GovernmentBody", KG.GovernmentBody),
    ("Organization", KG.Organization),
    ("Person", KG.Person),
    ("Place", KG.Place),
    ("Title", KG.Title),
    ("PolicyConcept", KG.PolicyConcept),
    ("Meeting", KG.Meeting),
    ("Article", KG.Article),
)

_EVIDENCE: tuple[tuple[str, PropType], ...] = (
    ("evidence", "string"), ("evidenceArticle", "string"), ("evidenceStart", "int"), ("evidenceEnd", "int"),
)
_ORGS = ("GovernmentBody", "Organization")


@dataclass(frozen=True)
class RelType:
    """A relationship type: the labels it may start and end at, its properties and its identifying property.

    Attributes:
        starts: primary labels of start nodes.
        ends: primary labels of end nodes.
        properties: ``(name, type)`` in column order.
        key: the property that tells two relationships of this type between the same nodes apart (the IRI of
            the post holding or participation), or ``None`` when there is at most one per pair of nodes.
    """

    starts: tuple[str, ...]
    ends: tuple[str, ...]
    properties: tuple[tuple[str, PropType], ...] = ()
    key: str | None = None


_PARTICIPATION = RelType(("Person",), ("Meeting",), (("participation", "string"), *_EVIDENCE), "participation")
_POLICY_ACT = RelType(("Person", *_ORGS, "Meeting"), ("PolicyConcept",), (("act", "string"), *_EVIDENCE), "act")

#: Relationship types, with where they start and end and their properties.
REL_SCHEMA: dict[str, RelType] = {
    "ADOPTED": _POLICY_ACT,
    "ATTENDED": _PARTICIPATION,
    "HOLDS_POST": RelType(
        ("Person",), (*_ORGS, "Place", "Title"),
        (("post", "string"), ("title", "string"), ("titleKey", "string"), ("former", "boolean"),
         ("orgInferred", "boolean"), ("firstSeen", "date"), ("lastSeen", "date"), ("articleCount", "int"),
         *_EVIDENCE),
        "post",
    ),
    "IMPLEMENTED": _POLICY_ACT,
    "ISSUED": _POLICY_ACT,
    "LOCATION": RelType(("Meeting",), ("Place",)),
    "MENTIONS": RelType(("Article",), ("Person", *_ORGS, "Place", "PolicyConcept", "Meeting"), _EVIDENCE),
    "MET": RelType(("Person",), ("Person",), (("pair", "string"), ("meeting", "string"), *_EVIDENCE), "pair"),
    "MET_AT": _PARTICIPATION,
    "PHOTOGRAPHER": RelType(("Article",), ("Person",)),
    "PRESIDED": _PARTICIPATION,
    "PUBLISHER": RelType(("Article",), _ORGS),
    "REPORTED_IN": RelType(("Meeting",), ("Article",), _EVIDENCE),
    "SPOKE_AT": _PARTICIPATION,
    "STUDIED": _POLICY_ACT,
    "SUB_ORGANIZATION_OF": RelType(_ORGS, _ORGS),
}

_PREFIXES = """PREFIX kg: <https://w3id.org/kg-gov/ns#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
_ORG_END = "?b a kg:Organization ."


def _count(pattern: str) -> str:
    return f"{_PREFIXES}SELECT (COUNT(*) AS ?count) WHERE {{ SELECT DISTINCT * WHERE {{ {pattern} }} }}"


def _policy_act(act: str) -> str:
    return _count(f"?act a kg:PolicyAct ; kg:act kg:{act} ; kg:agent ?a ; kg:policy ?b . ?a a ?class . "
                  "VALUES ?class { kg:Person kg:Organization kg:Meeting } ?b a kg:PolicyConcept ."
                  ).replace("SELECT DISTINCT *", "SELECT DISTINCT ?act ?a ?b")


def _participation(role: str) -> str:
    return _count(f"?part a kg:Participation ; kg:role kg:{role} ; kg:participant ?a ; kg:event ?b . "
                  "?a a kg:Person . ?b a kg:Meeting .")


#: The SPARQL query that counts, on the RDF side, the nodes of each label (a government body counts as an
#: Organization too) and the relationships of each type: the mapping above restated in SPARQL, to check a
#: load (``MATCH (n:Person) RETURN count(n)`` must give what ``COUNT_QUERIES["Person"]`` gives).
COUNT_QUERIES: dict[str, str] = {
    **{label: _count(f"?n a kg:{label} . FILTER(isIRI(?n))") for label in sorted(NODE_SCHEMA)},
    "ADOPTED": _policy_act("Adopted"),
    "ATTENDED": _participation("Attended"),
    "HOLDS_POST": _count(
        "?post a kg:PostHolding ; org:member ?a . ?a a kg:Person . "
        "{ ?post org:organization ?b . ?b a kg:Organization } UNION { ?post kg:jurisdiction ?b . ?b a kg:Place } "
        "UNION { ?post org:role ?b . ?b a kg:Title "
        "FILTER NOT EXISTS { ?post org:organization|kg:jurisdiction ?other } }"
    ),
    "IMPLEMENTED": _policy_act("Implemented"),
    "ISSUED": _policy_act("Issued"),
    "LOCATION": _count("?a schema:location ?b . ?a a kg:Meeting . ?b a kg:Place ."),
    "MENTIONS": _count("?a schema:mentions ?b . ?a a kg:Article . ?b a ?class . "
                       "VALUES ?class { kg:Person kg:Organization kg:Place kg:PolicyConcept kg:Meeting }"
                       ).replace("SELECT DISTINCT *", "SELECT DISTINCT ?a ?b"),
    "MET": _count("?pair a kg:MetPair ; kg:participant ?a , ?b ; kg:event ?m . ?a a kg:Person . ?b a kg:Person . "
                  "FILTER(STR(?a) < STR(?b))").replace("SELECT DISTINCT *", "SELECT DISTINCT ?pair"),
    "MET_AT": _participation("Met"),
    "PHOTOGRAPHER": _count("?a kg:photographer ?b . ?a a kg:Article . ?b a kg:Person ."),
    "PRESIDED": _participation("Presided"),
    "PUBLISHER": _count(f"?a dcterms:publisher ?b . ?a a kg:Article . {_ORG_END}"),
    "REPORTED_IN": _count("?a kg:reportedIn ?b . ?a a kg:Meeting . ?b a kg:Article ."),
    "SPOKE_AT": _participation("Spoke"),
    "STUDIED": _policy_act("Studied"),
    "SUB_ORGANIZATION_OF": _count(f"?a org:subOrganizationOf ?b . ?a a kg:Organization . {_ORG_END}"),
}

_ROLE_TYPES: dict[RdfNode, str] = {
    KG.Presided: "PRESIDED", KG.Spoke: "SPOKE_AT", KG.Attended: "ATTENDED", KG.Met: "MET_AT",
}
_ACT_TYPES: dict[RdfNode, str] = {
    KG.Issued: "ISSUED", KG.Adopted: "ADOPTED", KG.Studied: "STUDIED", KG.Implemented: "IMPLEMENTED",
}
_POLICY_TYPES: dict[RdfNode, str] = {
    KG.Law: "law", KG.Plan: "plan", KG.Theory: "theory", KG.Slogan: "slogan", KG.Initiative: "initiative",
    KG.MeetingSpirit: "spirit",
}
_LABEL_PREDICATES = (SKOS.prefLabel, RDFS.label, SKOS.altLabel, SDO.name, DCTERMS.title, KG.writtenAs)
_HANS, _HANT = "zh-hans", "zh-hant"
_UNSTORABLE = re.compile("[\x00\x1f\ud800-\udfff]")


@dataclass(frozen=True)
class Node:
    """A node: its id (the IRI), primary label and properties (only those with a value)."""

    id: str
    label: str
    properties: Mapping[str, Value] = field(default_factory=dict)

    @property
    def labels(self) -> tuple[str, ...]:
        """The primary label, then the labels it implies (``GovernmentBody``, ``Organization``)."""
        return (self.label, *EXTRA_LABELS.get(self.label, ()))


@dataclass(frozen=True)
class Relationship:
    """A relationship between two nodes (by id), with the primary labels of both ends."""

    type: str
    start: str
    end: str
    start_label: str
    end_label: str
    properties: Mapping[str, Value] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """What identifies it among relationships of its type between the same nodes ('' when unique)."""
        name = REL_SCHEMA[self.type].key
        return str(self.properties.get(name, "")) if name else ""


@dataclass(frozen=True)
class PropertyGraph:
    """Nodes sorted by (label, id) and relationships sorted by (type, start, end, key)."""

    nodes: tuple[Node, ...]
    relationships: tuple[Relationship, ...]

    def label_counts(self) -> dict[str, int]:
        """Nodes per label, counting every label a node has (a government body is also an organization)."""
        counts: Counter[str] = Counter(label for n in self.nodes for label in n.labels)
        return {label: counts[label] for label in sorted(NODE_SCHEMA)}

    def type_counts(self) -> dict[str, int]:
        """Relationships per type (every type of :data:`REL_SCHEMA`, zero included)."""
        counts = Counter(r.type for r in self.relationships)
        return {t: counts[t] for t in sorted(REL_SCHEMA)}

    def unindexable_labels(self) -> set[str]:
        """Labels of a node whose id is longer than :data:`MAX_INDEXED_BYTES` (no index is written for them)."""
        return {label for n in self.nodes if len(n.id.encode("utf-8", "replace")) > MAX_INDEXED_BYTES
                for label in n.labels}

    def to_networkx(self) -> nx.MultiDiGraph:
        """The same graph as a :class:`networkx.MultiDiGraph` (node attribute ``labels``; edge key = type)."""
        g = nx.MultiDiGraph()
        for n in self.nodes:
            g.add_node(n.id, labels=list(n.labels), **{k: _plain(v) for k, v in n.properties.items()})
        for r in self.relationships:
            g.add_edge(r.start, r.end, key=f"{r.type}:{r.key}" if r.key else r.type, type=r.type,
                       **{k: _plain(v) for k, v in r.properties.items()})
        return g


def _plain(value: Value) -> str | int | bool | list[str]:
    return list(value) if isinstance(value, tuple) else value


def clean(text: str) -> str:
    """``text`` with the characters no target can store (NUL, U+001F, lone surrogates) as U+FFFD.

    Example:
        >>> clean("a\\x00b\\x1fc")
        'a\\ufffdb\\ufffdc'
    """
    return _UNSTORABLE.sub("\ufffd", text)


def _lang(value: RdfNode) -> str:
    return (value.language or "").lower() if isinstance(value, Literal) else ""


def _first(values: Iterable[str]) -> str | None:
    found = sorted(values)
    return found[0] if found else None


def _date(value: str | None) -> str | None:
    if not value:
        return None
    head = value.strip()[:10]
    try:
        _dt.date.fromisoformat(head)
    except ValueError:
        return None
    return head if re.fullmatch(r"\d{4}-\d{2}-\d{2}", head) else None


@dataclass(frozen=True, order=True)
class _Evidence:
    date: str
    article: str
    start: int
    end: int
    sentence: str

    def properties(self) -> dict[str, Value]:
        out: dict[str, Value] = {"evidenceArticle": self.article, "evidenceStart": self.start,
                                 "evidenceEnd": self.end}
        if self.sentence:
            out["evidence"] = clean(self.sentence)
        return out


class _Reader:
    """Reads the RDF graph once into nodes and relationships."""

    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self.labels: dict[RdfNode, str] = {}
        for label, cls in reversed(_LABEL_CLASSES):  # earlier classes win
            for s in graph.subjects(RDF.type, cls):
                if isinstance(s, URIRef):
                    self.labels[s] = label
        self.article_dates = {a: _date(self.literal(a, DCTERMS.date)) or "" for a in self.labels
                              if self.labels[a] == "Article"}
        self.evidence = self._evidence()

    # -- values ----------------------------------------------------------------------------------------

    def literal(self, s: RdfNode, p: URIRef) -> str | None:
        return _first(str(o) for o in self.g.objects(s, p) if isinstance(o, Literal))

    def lang_literal(self, s: RdfNode, p: URIRef, tag: str) -> str | None:
        return _first(str(o) for o in self.g.objects(s, p) if _lang(o) == tag)

    def picked(self, s: RdfNode, p: URIRef) -> str | None:
        """The Traditional value first, then the Simplified one, then any (as :func:`kg.graph.to_networkx`)."""
        for tag in (_HANT, _HANS):
            found = self.lang_literal(s, p, tag)
            if found is not None:
                return found
        return self.literal(s, p)

    def flag(self, s: RdfNode, p: URIRef) -> bool:
        return any(isinstance(o, Literal) and o.toPython() is True for o in self.g.objects(s, p))

    def name(self, node: RdfNode) -> str:
        tags = {_lang(o) for o in self.g.objects(node, KG.writtenAs)}
        for tag in (_HANT, _HANS):
            if tag in tags:
                found = self.lang_literal(node, SKOS.prefLabel, tag)
                if found:
                    return found
        for predicate in (SKOS.prefLabel, RDFS.label, SDO.name, DCTERMS.title, DCTERMS.identifier):
            found = self.picked(node, predicate)
            if found:
                return found
        return unquote(str(node).rstrip("/").rsplit("/", 1)[-1])

    # -- evidence --------------------------------------------------------------------------------------

    def _evidence(self) -> dict[RdfNode, list[_Evidence]]:
        out: dict[RdfNode, list[_Evidence]] = defaultdict(list)
        for fact, ev in self.g.subject_objects(PROV.wasDerivedFrom):
            article = next(iter(sorted(self.g.objects(ev, KG.article), key=str)), None)
            if article is None:
                continue
            start, end = self.literal(ev, KG.start), self.literal(ev, KG.end)
            try:
                offsets = (int(start or ""), int(end or ""))
            except ValueError:
                continue
            sentence = self.picked(ev, KG.sentence) or ""
            out[fact].append(_Evidence(self.article_dates.get(article, ""), str(article), *offsets, sentence))
        for found in out.values():
            found.sort()
        return out

    def first_evidence(self, facts: Iterable[RdfNode], article: RdfNode | None = None) -> dict[str, Value]:
        found = [e for f in facts for e in self.evidence.get(f, ())
                 if article is None or e.article == str(article)]
        return min(found).properties() if found else {}

    def facts_about(self, node: RdfNode) -> Iterator[RdfNode]:
        """The facts with evidence that name ``node`` (as in :func:`kg.graph.to_networkx`)."""
        return facts_about(self.g, node, self.labels[node])

    # -- nodes -----------------------------------------------------------------------------------------

    def node(self, iri: RdfNode) -> Node:
        label = self.labels[iri]
        name = self.name(iri)
        names = {str(o) for p in _LABEL_PREDICATES for o in self.g.objects(iri, p) if isinstance(o, Literal)}
        props: dict[str, Value | None] = {
            "name": name,
            "nameHans": self.lang_literal(iri, SKOS.prefLabel, _HANS) or self.lang_literal(iri, RDFS.label, _HANS),
            "nameHant": self.lang_literal(iri, SKOS.prefLabel, _HANT) or self.lang_literal(iri, RDFS.label, _HANT),
            "aliases": tuple(sorted({clean(n) for n in names - {name}} - {clean(name)})),
        }
        if label == "PolicyConcept":
            props["policyType"] = _first(_POLICY_TYPES[t] for t in self.g.objects(iri, KG.policyType)
                                         if t in _POLICY_TYPES)
        if label == "Meeting":
            props["date"] = _first(d for d in (_date(str(o)) for o in self.g.objects(iri, SDO.startDate)) if d)
        if label == "Article":
            props["articleId"] = self.literal(iri, DCTERMS.identifier)
            props["date"] = self.article_dates.get(iri) or None
            props["url"] = self.literal(iri, SDO.url)
            props["source"] = self.literal(iri, DCTERMS.source)
            props["language"] = self.literal(iri, DCTERMS.language)
        return Node(str(iri), label, _properties(props))

    # -- relationships ---------------------------------------------------------------------------------

    def rel(self, type_: str, start: RdfNode, end: RdfNode, props: Mapping[str, Value | None] | None = None,
            ) -> Relationship | None:
        spec = REL_SCHEMA[type_]
        start_label, end_label = self.labels.get(start), self.labels.get(end)
        if start_label not in spec.starts or end_label not in spec.ends:
            return None
        return Relationship(type_, str(start), str(end), start_label, end_label, _properties(props or {}))

    def relationships(self) -> Iterator[Relationship | None]:
        g = self.g
        for ph in g.subjects(RDF.type, KG.PostHolding):
            roles = sorted(g.objects(ph, ORG.role), key=str)
            targets = sorted({*g.objects(ph, ORG.organization), *g.objects(ph, KG.jurisdiction)}, key=str)
            title_key = _first(k for r in roles if (k := self.lang_literal(r, RDFS.label, _HANS)))
            props: dict[str, Value | None] = {
                "post": str(ph),
                "title": self.picked(ph, KG.title) or title_key,
                "titleKey": title_key,
                "former": self.flag(ph, KG.former),
                "orgInferred": self.flag(ph, KG.orgInferred),
                "firstSeen": _date(self.literal(ph, KG.firstSeen)),
                "lastSeen": _date(self.literal(ph, KG.lastSeen)),
                "articleCount": _int(self.literal(ph, KG.articleCount)),
                **self.first_evidence([ph]),
            }
            for person in g.objects(ph, ORG.member):
                for target in targets or roles[:1]:
                    yield self.rel("HOLDS_POST", person, target, props)
        for part in g.subjects(RDF.type, KG.Participation):
            evidence = self.first_evidence([part])
            for role in g.objects(part, KG.role):
                if role not in _ROLE_TYPES:
                    continue
                for person in g.objects(part, KG.participant):
                    for meeting in g.objects(part, KG.event):
                        yield self.rel(_ROLE_TYPES[role], person, meeting, {"participation": str(part), **evidence})
        for pair in g.subjects(RDF.type, KG.MetPair):
            people = sorted(g.objects(pair, KG.participant), key=str)
            if len(people) == 2:
                props = {"pair": str(pair), "meeting": str(g.value(pair, KG.event) or ""),
                         **self.first_evidence([pair])}
                yield self.rel("MET", people[0], people[1], props)
        for act in g.subjects(RDF.type, KG.PolicyAct):
            evidence = self.first_evidence([act])
            for concept in g.objects(act, KG.act):
                if concept not in _ACT_TYPES:
                    continue
                for agent in g.objects(act, KG.agent):
                    for policy in g.objects(act, KG.policy):
                        yield self.rel(_ACT_TYPES[concept], agent, policy, {"act": str(act), **evidence})
        for child, parent in g.subject_objects(ORG.subOrganizationOf):
            yield self.rel("SUB_ORGANIZATION_OF", child, parent)
        for article, thing in g.subject_objects(SDO.mentions):
            if thing in self.labels:
                yield self.rel("MENTIONS", article, thing, self.first_evidence(self.facts_about(thing), article))
        for meeting, article in g.subject_objects(KG.reportedIn):
            yield self.rel("REPORTED_IN", meeting, article, self.first_evidence([meeting], article))
        for meeting, place in g.subject_objects(SDO.location):
            yield self.rel("LOCATION", meeting, place)
        for article, org in g.subject_objects(DCTERMS.publisher):
            yield self.rel("PUBLISHER", article, org)
        for article, person in g.subject_objects(KG.photographer):
            yield self.rel("PHOTOGRAPHER", article, person)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _properties(props: Mapping[str, Value | None]) -> dict[str, Value]:
    """Drop missing values and empty strings or lists; clean the strings."""
    out: dict[str, Value] = {}
    for key, value in props.items():
        if value is None or value == "" or value == ():
            continue
        out[key] = clean(value) if isinstance(value, str) else value
    return out


def to_property_graph(graph: Graph) -> PropertyGraph:
    """Project a kg RDF graph (or dataset: its union) onto nodes and relationships (see the module doc).

    Args:
        graph: a graph from :func:`kg.graph.build_graph`, a dataset from :func:`kg.graph.build_dataset` or a
            store, or any graph under the kg ontology.

    Returns:
        A :class:`PropertyGraph` whose nodes and relationships are sorted, so that every writer gives the
        same bytes for the same graph.
    """
    if isinstance(graph, Dataset):
        from kg.graph import union_graph

        graph = union_graph(graph)
    reader = _Reader(graph)
    nodes = tuple(sorted((reader.node(n) for n in reader.labels), key=lambda n: (n.label, n.id)))
    rels: dict[tuple[str, str, str, str], Relationship] = {}
    for rel in reader.relationships():
        if rel is not None:
            rels.setdefault((rel.type, rel.start, rel.end, rel.key), rel)
    return PropertyGraph(nodes, tuple(rels[k] for k in sorted(rels)))
