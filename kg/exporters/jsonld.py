"""JSON-LD with a context derived from the ontology: one document, readable as plain JSON, one named graph
per article.

The context (:func:`context`) gives every class and property of ``ontology/kg.ttl`` a short key (its local
name: ``Person``, ``title``, ``wasDerivedFrom`` is ``prov:wasDerivedFrom`` …) and so does every term kg
reuses from ORG, PROV, SKOS, schema.org, DCTERMS and RDFS, unless a kg term already has that local name
(``dcterms:title`` and ``org:role`` keep their prefix).  The key says how to read the value:

* object properties (``"@type": "@id"``): compact IRIs such as ``"person:孙绍骋"``;
* language-tagged strings (``rdf:langString`` range, labels): language maps,
  ``"prefLabel": {"zh-Hans": "孙绍骋", "zh-Hant": "孫紹騁"}``;
* typed values (``xsd:integer``, ``xsd:boolean``, ``xsd:date`` …): plain JSON numbers, booleans and strings.

A value that does not fit its key's definition (a plain string under a language-tagged property, say) is
written under the property's full name as an explicit value object, so nothing is lost.  A dataset becomes
``{"@context": …, "@graph": [default graph nodes…, {"@id": GRAPH, "@graph": […]}, …]}``; a plain graph
has no named graphs.  Nodes are sorted by ``@id``, keys and values sorted, so the same graph gives
byte-identical output that parses back (``rdflib``, ``pyoxigraph``) to an isomorphic dataset.

Example:
    >>> from rdflib import Graph, Literal, URIRef
    >>> from kg.ontology import KG, RDF, SKOS, bind_prefixes
    >>> g = bind_prefixes(Graph(bind_namespaces="none"))
    >>> g.bind("person", "https://w3id.org/kg-gov/id/person/")
    >>> p = URIRef("https://w3id.org/kg-gov/id/person/孙绍骋")
    >>> _ = g.add((p, RDF.type, KG.Person))
    >>> _ = g.add((p, SKOS.prefLabel, Literal("孫紹騁", lang="zh-Hant")))
    >>> import json
    >>> json.loads(serialize_jsonld(g))["@graph"]
    [{'@id': 'person:孙绍骋', '@type': 'Person', 'prefLabel': {'zh-Hant': '孫紹騁'}}]
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from kg.errors import ExportError
from kg.ontology import DCTERMS, KG_NS, ORG, OWL, PREFIXES, PROV, RDF, RDFS, SDO, SKOS, XSD, load_ontology

__all__ = ["context", "serialize_jsonld"]

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANGTAG = re.compile(r"[a-zA-Z]+(-[a-zA-Z0-9]+)*")
_CANONICAL_INT = re.compile(r"-?(0|[1-9][0-9]{0,14})")  # well inside the 2**53 every JSON parser keeps
_SURROGATE = re.compile("[\ud800-\udfff]")

_ID = "@id"
_LANGUAGE_MAP = "@language"

# Terms kg reuses from other vocabularies, with how their values are written (an "@type" or a container).
_REUSED: tuple[tuple[URIRef, str], ...] = (
    (RDFS.label, _LANGUAGE_MAP), (RDFS.comment, _LANGUAGE_MAP),
    (SKOS.prefLabel, _LANGUAGE_MAP), (SKOS.altLabel, _LANGUAGE_MAP), (SKOS.inScheme, _ID),
    (SDO.name, _LANGUAGE_MAP), (SDO.url, str(XSD.anyURI)), (SDO.startDate, str(XSD.date)), (SDO.location, _ID),
    (SDO.mentions, _ID),
    (DCTERMS.title, _LANGUAGE_MAP), (DCTERMS.date, str(XSD.date)), (DCTERMS.identifier, ""),
    (DCTERMS.source, ""), (DCTERMS.language, str(XSD.language)), (DCTERMS.publisher, _ID),
    (ORG.member, _ID), (ORG.organization, _ID), (ORG.role, _ID), (ORG.memberOf, _ID),
    (ORG.subOrganizationOf, _ID), (PROV.wasDerivedFrom, _ID),
)


@lru_cache(maxsize=1)
def _terms() -> tuple[dict[str, dict[str, str] | str], dict[URIRef, tuple[str, str]], dict[URIRef, str]]:
    """(context terms, property IRI -> (key, how), class IRI -> key), from the ontology and :data:`_REUSED`."""
    onto = load_ontology()
    terms: dict[str, dict[str, str] | str] = {}
    properties: dict[URIRef, tuple[str, str]] = {}
    classes: dict[URIRef, str] = {}
    for cls in sorted(onto.subjects(RDF.type, OWL.Class), key=str):
        if isinstance(cls, URIRef) and str(cls).startswith(KG_NS):
            key = str(cls)[len(KG_NS):]
            terms[key] = "kg:" + key
            classes[cls] = key
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in sorted(onto.subjects(RDF.type, kind), key=str):
            if not (isinstance(prop, URIRef) and str(prop).startswith(KG_NS)):
                continue
            ranges = sorted(onto.objects(prop, RDFS.range), key=str)
            if kind == OWL.ObjectProperty:
                how = _ID
            elif ranges and ranges[0] == RDF.langString:
                how = _LANGUAGE_MAP
            elif ranges and ranges[0] != XSD.string:
                how = str(ranges[0])
            else:  # a plain JSON string is a simple literal, which is what kg writes for xsd:string
                how = ""
            key = str(prop)[len(KG_NS):]
            terms[key] = _definition("kg:" + key, how)
            properties[prop] = (key, how)
    for prop, how in _REUSED:
        prefix, local = _compact_parts(str(prop))
        key = local if local not in terms else f"{prefix}:{local}"
        terms[key] = _definition(f"{prefix}:{local}", how)
        properties[prop] = (key, how)
    return terms, properties, classes


def _compact_parts(iri: str) -> tuple[str, str]:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda t: -len(t[1])):
        if iri.startswith(ns):
            return prefix, iri[len(ns):]
    raise ExportError(f"no prefix for {iri}")  # pragma: no cover - _REUSED only names bound vocabularies


def _definition(iri: str, how: str) -> dict[str, str] | str:
    if how == _ID:
        return {"@id": iri, "@type": "@id"}
    if how == _LANGUAGE_MAP:
        return {"@id": iri, "@container": "@language"}
    if how:
        prefix, local = _compact_parts(how)
        return {"@id": iri, "@type": f"{prefix}:{local}"}
    return iri


def context() -> dict[str, Any]:
    """The JSON-LD context kg writes: kg's prefixes and a term for every ontology and reused term.

    Example:
        >>> ctx = context()
        >>> ctx["Person"], ctx["title"], ctx["dcterms:title"]["@container"]
        ('kg:Person', {'@id': 'kg:title', '@container': '@language'}, '@language')
        >>> ctx["member"], ctx["start"]
        ({'@id': 'org:member', '@type': '@id'}, {'@id': 'kg:start', '@type': 'xsd:integer'})
    """
    terms, _, _ = _terms()
    return dict(sorted({**PREFIXES, **terms}.items()))


class _Compactor:
    def __init__(self, prefixes: dict[str, str]) -> None:
        terms, self.properties, self.classes = _terms()
        self.defined = set(terms) | set(PREFIXES)
        usable = {p: ns for p, ns in prefixes.items()
                  if p and ":" not in p and not p.startswith("@") and (p not in terms or PREFIXES.get(p) == ns)}
        usable.update(PREFIXES)
        self.prefixes = sorted(usable.items(), key=lambda t: (-len(t[1]), t[0]))
        self.used: dict[str, str] = {}

    def iri(self, node: Node) -> str:
        if isinstance(node, BNode):
            label = str(node)
            return "_:" + (label if re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", label) else "x" + label.encode().hex())
        text = str(node)
        if _IRI_FORBIDDEN.search(text):
            raise ExportError(
                f"cannot write the IRI {text!r}: it contains a space, a control character or one of "
                '<>"{}|^`\\; build IRIs with kg.graph.entity_iri, which percent-encodes them'
            )
        for prefix, ns in self.prefixes:
            if text.startswith(ns) and not text[len(ns):].startswith("//"):
                if prefix not in PREFIXES:
                    self.used[prefix] = ns
                return f"{prefix}:{text[len(ns):]}"
        scheme = text.split(":", 1)[0]
        if scheme in self.defined or any(scheme == p for p, _ in self.prefixes) or scheme == "_" \
                or ":" not in text:
            raise ExportError(f"cannot write the IRI {text!r} in JSON-LD: it would read as a compact IRI or a "
                              "relative one; use absolute IRIs whose scheme is not a kg prefix")
        return text

    def type_value(self, node: Node) -> str:
        if isinstance(node, URIRef) and node in self.classes:
            return self.classes[node]
        return self.iri(node)

    def value(self, node: Node, how: str) -> Any:
        """``node`` written under a key defined by ``how``, or ``None`` when it does not fit that key."""
        if how == _ID:
            return self.iri(node) if isinstance(node, (URIRef, BNode)) else None
        if not isinstance(node, Literal):
            return None
        if how == _LANGUAGE_MAP:
            return None  # handled by the caller: language maps group the values
        if node.language:
            return None
        if how == "":
            return str(node) if node.datatype is None else None
        if node.datatype is None or str(node.datatype) != how:
            return None
        lexical = str(node)
        if how == str(XSD.integer) and _CANONICAL_INT.fullmatch(lexical) and lexical != "-0":
            return int(lexical)
        if how == str(XSD.boolean) and lexical in ("true", "false"):
            return lexical == "true"
        return lexical

    def explicit(self, node: Node) -> Any:
        """``node`` as an expanded value: ``{"@id"}``, a string or ``{"@value", "@language"/"@type"}``."""
        if isinstance(node, (URIRef, BNode)):
            return {"@id": self.iri(node)}
        if not isinstance(node, Literal):
            raise ExportError(f"cannot write the RDF term {node!r} of type {type(node).__name__}")
        if node.language:
            return {"@value": str(node), "@language": _language(node)}
        if node.datatype is None:
            return str(node)
        return {"@value": str(node), "@type": self.iri(node.datatype)}

    def fallback_key(self, predicate: URIRef) -> str:
        key = self.iri(predicate)
        return key if key not in self.defined else str(predicate)

    def node(self, subject: Node, pairs: Iterable[tuple[Node, Node]]) -> dict[str, Any]:
        by_key: dict[str, list[Any]] = defaultdict(list)
        languages: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        types: list[str] = []
        for p, o in pairs:
            if not isinstance(p, URIRef):
                raise ExportError(f"cannot write the triple subject {subject!r} / predicate {p!r}: not valid RDF")
            if p == RDF.type and isinstance(o, (URIRef, BNode)):
                types.append(self.type_value(o))
                continue
            key, how = self.properties.get(p, (None, None))
            if key is not None and how == _LANGUAGE_MAP and isinstance(o, Literal) and o.language:
                languages[key][_language(o)].append(str(o))
                continue
            value = self.value(o, how) if key is not None and how is not None else None
            if value is not None:
                by_key[key].append(value)  # type: ignore[index]
            else:
                by_key[self.fallback_key(p)].append(self.explicit(o))
        out: dict[str, Any] = {"@id": self.iri(subject)}
        if types:
            out["@type"] = _one_or_many(types)
        keyed: dict[str, Any] = {key: _one_or_many(values) for key, values in by_key.items()}
        for key, tags in languages.items():
            keyed[key] = {tag: _one_or_many(tags[tag]) for tag in sorted(tags)}
        out.update(sorted(keyed.items()))
        return out


def _language(lit: Literal) -> str:
    tag = lit.language or ""
    if not _LANGTAG.fullmatch(tag):
        raise ExportError(f"cannot write the literal {str(lit)!r}: bad language tag {tag!r}")
    return tag


def _one_or_many(values: list[Any]) -> Any:
    ordered = sorted(values, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    unique = [v for i, v in enumerate(ordered) if i == 0 or v != ordered[i - 1]]
    return unique[0] if len(unique) == 1 else unique


def _node_key(node: Node) -> tuple[int, str]:
    return (0 if isinstance(node, URIRef) else 1, str(node))


def _nodes(compactor: _Compactor, triples: Iterable[tuple[Node, Node, Node]]) -> list[dict[str, Any]]:
    by_subject: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
    for s, p, o in triples:
        if not isinstance(s, (URIRef, BNode)):
            raise ExportError(f"cannot write the triple subject {s!r} / predicate {p!r}: not valid RDF")
        by_subject[s].append((p, o))
    return [compactor.node(s, by_subject[s]) for s in sorted(by_subject, key=_node_key)]


def serialize_jsonld(graph: Graph) -> str:
    """One JSON-LD document of ``graph``; a :class:`rdflib.Dataset` keeps its named graphs (see module doc).

    Raises:
        ExportError: for IRIs that cannot be written (spaces, ``<>`` …) or malformed language tags.
    """
    compactor = _Compactor({p: str(ns) for p, ns in graph.namespace_manager.namespaces()})
    body: list[dict[str, Any]] = []
    if isinstance(graph, Dataset):
        graphs: dict[Node | None, list[tuple[Node, Node, Node]]] = defaultdict(list)
        for s, p, o, g in graph.quads((None, None, None, None)):
            name: Node | None = g.identifier if isinstance(g, Graph) else g
            graphs[None if name == DATASET_DEFAULT_GRAPH_ID else name].append((s, p, o))
        body.extend(_nodes(compactor, graphs.pop(None, [])))
        for name in sorted(graphs, key=_node_key):  # type: ignore[arg-type]
            body.append({"@id": compactor.iri(name), "@graph": _nodes(compactor, graphs[name])})  # type: ignore[arg-type]
    else:
        body.extend(_nodes(compactor, graph))
    document = {"@context": dict(sorted({**context(), **compactor.used}.items())), "@graph": body}
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    # json leaves lone surrogates raw, which UTF-8 cannot hold; \\u escapes keep them
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
