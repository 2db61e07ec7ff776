"""Export a knowledge graph: one :func:`export` entry point over a registry of named formats.

Shaped like :meth:`rdflib.Graph.serialize`: ``export(graph, format, destination)`` returns the serialised
text when ``destination`` is ``None`` and otherwise writes it atomically (:mod:`kg.atomic`).  The format can
be inferred from the destination's suffix.  Exporters are registered by name with aliases and suffixes
(:func:`register_exporter`); an exporter may be given as ``"module:function"`` so heavy imports happen only
when it is used.

The Turtle and N-Triples writers here are deterministic, unlike rdflib's: subjects are grouped by type and
sorted, predicates put ``rdf:type`` first, objects are sorted, and every literal is escaped the same way, so
the same graph always gives byte-identical output that parses back to an isomorphic graph.

Example:
    >>> from rdflib import Graph, Literal, URIRef
    >>> from rdflib.namespace import RDFS
    >>> g = Graph()
    >>> person = URIRef("https://w3id.org/kg-gov/id/person/孙绍骋")
    >>> _ = g.add((person, RDFS.label, Literal("孫紹騁", lang="zh-Hant")))
    >>> print(export(g, "nt"), end="")
    <https://w3id.org/kg-gov/id/person/孙绍骋> <http://www.w3.org/2000/01/rdf-schema#label> "孫紹騁"@zh-Hant .
    >>> {"ttl", "nt", "nq", "trig", "html"} <= set(exporter_names())
    True
    >>> format_for_path("out/graph.turtle")
    'ttl'
"""

from __future__ import annotations

import importlib
import inspect
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from kg.atomic import atomic_write
from kg.errors import ExportError
from kg.ontology import KG, OWL, RDF, SKOS, XSD

__all__ = [
    "ExporterInfo",
    "export",
    "exporter_names",
    "exporters",
    "format_for_path",
    "get_exporter",
    "register_exporter",
    "serialize_nquads",
    "serialize_ntriples",
    "serialize_trig",
    "serialize_turtle",
    "unregister_exporter",
]

Exporter = Callable[..., "str | Mapping[str, str]"]  # a folder export returns {relative path: text}


# ---------------------------------------------------------------------------------------------------------
# Registry


@dataclass(frozen=True)
class ExporterInfo:
    """A registered export format.

    Attributes:
        name: the canonical name (``ttl``).
        function: ``fn(graph, **options) -> str``, or ``"module:function"`` imported on first use.
        aliases: other accepted names (``turtle``).
        suffixes: file suffixes that select this format, with the dot (``.ttl``).
        rdf_format: the rdflib parser name when the output is RDF (lets tests round-trip every RDF exporter).
        description: one line for help texts.
    """

    name: str
    function: Exporter | str
    aliases: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    rdf_format: str | None = None
    description: str = ""

    def load(self) -> Exporter:
        """The exporter function, importing its module first when it was registered by name."""
        if not isinstance(self.function, str):
            return self.function
        module_name, _, attr = self.function.partition(":")
        try:
            return getattr(importlib.import_module(module_name), attr)
        except (ImportError, AttributeError) as e:
            raise ExportError(f"the {self.name} exporter cannot be loaded from {self.function!r}: {e}") from e


_EXPORTERS: dict[str, ExporterInfo] = {}
_NAMES: dict[str, str] = {}  # every name and alias, lower case -> canonical name
_SUFFIXES: dict[str, str] = {}  # suffix, lower case -> canonical name


def register_exporter(
    name: str,
    fn: Exporter | str,
    aliases: Iterable[str] = (),
    suffixes: Iterable[str] = (),
    *,
    rdf_format: str | None = None,
    description: str = "",
) -> ExporterInfo:
    """Register an export format under ``name`` (and ``aliases``), selected by ``suffixes`` too.

    Registering an existing name again replaces it.  Names, aliases and suffixes are case-insensitive.

    Args:
        name: canonical format name.
        fn: ``fn(graph, **options) -> str`` or ``"module:function"`` to import lazily.
        aliases: other names for the format.
        suffixes: file suffixes such as ``".csv"`` (the leading dot is added when missing).
        rdf_format: rdflib parser name if the output is an RDF syntax.
        description: one line for help texts.

    Raises:
        ExportError: when an alias or suffix already belongs to another format.

    Example:
        >>> info = register_exporter("count", lambda graph: f"{len(graph)}\\n", aliases=["size"])
        >>> export(Graph(), "size")
        '0\\n'
        >>> unregister_exporter("count")
    """
    name = name.lower()
    info = ExporterInfo(
        name=name,
        function=fn,
        aliases=tuple(a.lower() for a in aliases),
        suffixes=tuple((s if s.startswith(".") else "." + s).lower() for s in suffixes),
        rdf_format=rdf_format,
        description=description,
    )
    for alias in (name, *info.aliases):
        owner = _NAMES.get(alias)
        if owner is not None and owner != name:
            raise ExportError(f"cannot register exporter {name!r}: the name {alias!r} belongs to {owner!r}")
    for suffix in info.suffixes:
        owner = _SUFFIXES.get(suffix)
        if owner is not None and owner != name:
            raise ExportError(f"cannot register exporter {name!r}: suffix {suffix!r} belongs to {owner!r}")
    if name in _EXPORTERS:
        unregister_exporter(name)
    _EXPORTERS[name] = info
    for alias in (name, *info.aliases):
        _NAMES[alias] = name
    for suffix in info.suffixes:
        _SUFFIXES[suffix] = name
    return info


def unregister_exporter(name: str) -> None:
    """Remove a registered format (no error when it is not registered)."""
    info = _EXPORTERS.pop(name.lower(), None)
    if info is None:
        return
    for alias in (info.name, *info.aliases):
        _NAMES.pop(alias, None)
    for suffix in info.suffixes:
        _SUFFIXES.pop(suffix, None)


def exporter_names() -> list[str]:
    """Canonical names of the registered formats, sorted."""
    return sorted(_EXPORTERS)


def exporters() -> list[ExporterInfo]:
    """The registered formats, sorted by name."""
    return [_EXPORTERS[n] for n in sorted(_EXPORTERS)]


def _valid_names() -> str:
    parts = []
    for info in exporters():
        parts.append(f"{info.name} ({', '.join(info.aliases)})" if info.aliases else info.name)
    return ", ".join(parts)


def get_exporter(format: str) -> ExporterInfo:
    """The registered format called ``format`` (a name or an alias, any case).

    Raises:
        ExportError: for an unknown name; the message lists the valid ones.

    Example:
        >>> get_exporter("Turtle").name
        'ttl'
        >>> get_exporter("xml")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kg.errors.ExportError: unknown export format 'xml'; valid formats: cypher, graphml, html, jsonld (json-ld), ...
    """
    name = _NAMES.get(format.lower())
    if name is None:
        raise ExportError(f"unknown export format {format!r}; valid formats: {_valid_names()}")
    return _EXPORTERS[name]


def format_for_path(path: str | os.PathLike[str]) -> str:
    """The format name selected by the suffix of ``path``.

    Raises:
        ExportError: when the suffix is missing or unknown; the message lists the known suffixes.

    Example:
        >>> format_for_path("graph.NT")
        'nt'
    """
    suffix = PurePath(path).suffix.lower()
    name = _SUFFIXES.get(suffix)
    if name is None:
        known = ", ".join(f"{s} ({n})" for s, n in sorted(_SUFFIXES.items()))
        what = f"suffix {suffix!r}" if suffix else "no suffix"
        raise ExportError(
            f"cannot tell the export format of {os.fspath(path)!r} ({what}); "
            f"give a format or use one of: {known}"
        )
    return name


def export(
    graph: Graph,
    format: str | None = None,
    destination: str | os.PathLike[str] | None = None,
    **options: Any,
) -> str | Mapping[str, str] | None:
    """Serialise ``graph`` as ``format``; return the text, or write it atomically to ``destination``.

    A folder format (``neo4j``) returns ``{relative path: text}`` and writes a folder at ``destination``
    (:func:`kg.exporters.write_folder`: all files or none; an existing folder is replaced only when it holds
    nothing else).

    Args:
        graph: the graph to export (usually from :func:`kg.graph.build_graph`).
        format: a registered name or alias (:func:`exporter_names`); ``None`` infers it from the suffix of
            ``destination``.
        destination: a file path, or ``None`` to get the text back.  Parent directories are created.
        **options: format options, such as ``title`` for ``html``.

    Returns:
        The serialised text (``{relative path: text}`` for a folder format) when ``destination`` is ``None``,
        else ``None``.

    Raises:
        ExportError: unknown format or suffix, an option the format does not take, or a destination that
            cannot be written (the previous file is then left as it was).

    Example:
        >>> from rdflib import Graph
        >>> export(Graph(), "turtle")
        ''
    """
    if format is None:
        if destination is None:
            raise ExportError(f"give an export format or a destination file; valid formats: {_valid_names()}")
        format = format_for_path(destination)
    info = get_exporter(format)
    fn = info.load()
    try:
        inspect.signature(fn).bind(graph, **options)
    except TypeError as e:
        raise ExportError(f"the {info.name} exporter does not accept options {sorted(options)}: {e}") from e
    except ValueError:  # pragma: no cover - builtins without a signature
        pass
    data = fn(graph, **options)
    if destination is None:
        return data
    if isinstance(data, Mapping):
        from kg.exporters import write_folder

        write_folder(destination, data)
        return None
    try:
        atomic_write(destination, data)
    except OSError as e:
        raise ExportError(f"cannot write {os.fspath(destination)!r}: {e.strerror or e}") from e
    return None


# ---------------------------------------------------------------------------------------------------------
# Deterministic RDF writers

# Subjects are written in this order of their types, then by IRI.
_TYPE_ORDER: tuple[URIRef, ...] = (
    OWL.Ontology, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.ConceptScheme, SKOS.Concept,
    KG.Article, KG.Person, KG.GovernmentBody, KG.Organization, KG.Place, KG.Title, KG.PolicyConcept,
    KG.Meeting, KG.PostHolding, KG.Participation, KG.PolicyAct, KG.Evidence,
)
_TYPE_RANK: dict[Node, int] = {t: i for i, t in enumerate(_TYPE_ORDER)}

_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANGTAG = re.compile(r"[a-zA-Z]+(-[a-zA-Z0-9]+)*")
_PN_PREFIX = re.compile(
    r"[A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F"
    r"\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF]"
    r"([-\w.\u00B7\u0300-\u036F\u203F-\u2040]*[-\w\u00B7\u0300-\u036F\u203F-\u2040])?"
)
_INTEGER = re.compile(r"[+-]?[0-9]+")
# Characters that may appear in a local name only escaped with a backslash (Turtle PN_LOCAL_ESC).
_LOCAL_ESCAPES = frozenset("_~.-!$&'()*+,;=/?#@%")
_HEX = frozenset("0123456789abcdefABCDEF")


def _pn_chars_base(cp: int) -> bool:
    return (
        0x41 <= cp <= 0x5A or 0x61 <= cp <= 0x7A or 0xC0 <= cp <= 0xD6 or 0xD8 <= cp <= 0xF6
        or 0xF8 <= cp <= 0x2FF or 0x370 <= cp <= 0x37D or 0x37F <= cp <= 0x1FFF or 0x200C <= cp <= 0x200D
        or 0x2070 <= cp <= 0x218F or 0x2C00 <= cp <= 0x2FEF or 0x3001 <= cp <= 0xD7FF
        or 0xF900 <= cp <= 0xFDCF or 0xFDF0 <= cp <= 0xFFFD or 0x10000 <= cp <= 0xEFFFF
    )


def _pn_chars(cp: int) -> bool:
    return (
        _pn_chars_base(cp) or cp == 0x5F or cp == 0x2D or 0x30 <= cp <= 0x39 or cp == 0xB7
        or 0x300 <= cp <= 0x36F or 0x203F <= cp <= 0x2040
    )


def _local_name(local: str) -> str | None:
    """``local`` written as a Turtle PN_LOCAL (escaping what needs it), or ``None`` when it cannot be."""
    # A final '.' must be escaped, which rdflib's parser does not accept; a leading one would be escaped too.
    if local.startswith(".") or local.endswith("."):
        return None
    out: list[str] = []
    i, n = 0, len(local)
    while i < n:
        ch = local[i]
        cp = ord(ch)
        if ch == "%":
            if local[i + 1:i + 2] in _HEX and local[i + 2:i + 3] in _HEX and i + 2 < n:
                out.append(local[i:i + 3])
                i += 3
                continue
            return None
        if i == 0:
            ok = _pn_chars_base(cp) or ch == "_" or ch == ":" or "0" <= ch <= "9"
        else:
            ok = _pn_chars(cp) or ch == ":" or ch == "."
        if ok:
            out.append(ch)
        elif ch in _LOCAL_ESCAPES:
            out.append("\\" + ch)
        else:
            return None
        i += 1
    return "".join(out)


_NEEDS_ESCAPE = re.compile('[\\\\"\x00-\x1f\x7f\ud800-\udfff]')


def _escape(text: str) -> str:
    if not _NEEDS_ESCAPE.search(text):
        return text
    out = []
    for ch in text:
        if ch in _ECHAR:
            out.append(_ECHAR[ch])
        elif ch < " " or ch == "\x7f" or "\ud800" <= ch <= "\udfff":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


class _Writer:
    """Renders terms; with ``prefixes`` (Turtle) it writes prefixed names where the grammar allows them."""

    def __init__(self, prefixes: dict[str, str] | None = None) -> None:
        self.turtle = prefixes is not None
        # longest namespace first, so person: wins over kgid: for person IRIs
        self.prefixes = sorted(
            ((ns, p) for p, ns in (prefixes or {}).items() if p == "" or _PN_PREFIX.fullmatch(p)),
            key=lambda t: (-len(t[0]), t[1]),
        )
        self.used: dict[str, str] = {}

    def iri(self, iri: URIRef, *, predicate: bool = False) -> str:
        text = str(iri)
        if self.turtle:
            if predicate and iri == RDF.type:
                return "a"
            for ns, prefix in self.prefixes:
                if text.startswith(ns):
                    local = _local_name(text[len(ns):])
                    if local is not None:
                        self.used[prefix] = ns
                        return f"{prefix}:{local}"
        if _IRI_FORBIDDEN.search(text):
            raise ExportError(
                f"cannot write the IRI {text!r}: it contains a space, a control character or one of "
                '<>"{}|^`\\; build IRIs with kg.graph.entity_iri, which percent-encodes them'
            )
        return f"<{text}>"

    def term(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return self.iri(node)
        if isinstance(node, BNode):
            # blank node labels are arbitrary strings in rdflib; hex keeps odd ones valid and distinct
            label = str(node)
            safe = re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", label)
            return "_:" + (label if safe else "x" + label.encode().hex())
        if isinstance(node, Literal):
            return self.literal(node)
        raise ExportError(f"cannot write the RDF term {node!r} of type {type(node).__name__}")

    def literal(self, lit: Literal) -> str:
        lexical = str(lit)
        if lit.language:
            if not _LANGTAG.fullmatch(lit.language):
                raise ExportError(f"cannot write the literal {lexical!r}: bad language tag {lit.language!r}")
            return f'"{_escape(lexical)}"@{lit.language}'
        if lit.datatype is None:
            return f'"{_escape(lexical)}"'
        if self.turtle and lit.datatype == XSD.integer and _INTEGER.fullmatch(lexical):
            return lexical
        if self.turtle and lit.datatype == XSD.boolean and lexical in ("true", "false"):
            return lexical
        return f'"{_escape(lexical)}"^^{self.iri(lit.datatype)}'


def _sort_key(node: Node) -> tuple[int, str, str, str]:
    if isinstance(node, URIRef):
        return (0, str(node), "", "")
    if isinstance(node, BNode):
        return (1, str(node), "", "")
    if isinstance(node, Literal):
        return (2, str(node), (node.language or "").lower(), str(node.datatype or ""))
    return (3, str(node), "", "")


def _check_graph(graph: Graph) -> None:
    for s, p, _ in graph:
        if not isinstance(s, (URIRef, BNode)) or not isinstance(p, URIRef):
            raise ExportError(f"cannot write the triple subject {s!r} / predicate {p!r}: not valid RDF")


def serialize_turtle(graph: Graph) -> str:
    """Deterministic Turtle: prefixes sorted, subjects grouped by type then IRI, ``a`` first, objects sorted.

    Only the prefixes bound on ``graph`` that are used are written.  Literals are always quoted on one line
    with ``\\n``-style escapes; integers and booleans use Turtle's short forms.

    Raises:
        ExportError: for IRIs that Turtle cannot hold or malformed language tags.

    Example:
        >>> from rdflib import Graph, Literal, URIRef
        >>> g = Graph(bind_namespaces="none")
        >>> g.bind("kg", str(KG))
        >>> _ = g.add((URIRef("http://example.org/a"), RDF.type, KG.Person))
        >>> _ = g.add((URIRef("http://example.org/a"), KG.start, Literal(3)))
        >>> print(serialize_turtle(g), end="")
        @prefix kg: <https://w3id.org/kg-gov/ns#> .
        <BLANKLINE>
        <http://example.org/a> a kg:Person ;
            kg:start 3 .
    """
    graph = _as_graph(graph)
    _check_graph(graph)
    writer = _Writer({p: str(ns) for p, ns in graph.namespace_manager.namespaces()})
    blocks = _turtle_blocks(graph, writer)
    header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(writer.used.items()))
    if not blocks:
        return header
    return header + ("\n" if header else "") + "\n".join(blocks)


def _turtle_blocks(triples: Iterable[tuple[Node, Node, Node]], writer: _Writer, indent: str = "") -> list[str]:
    """One Turtle block per subject, subjects grouped by type then sorted, ``a`` first, objects sorted."""
    by_subject: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        by_subject[s][p].append(o)

    def subject_key(s: Node) -> tuple[int, tuple[int, str, str, str]]:
        ranks = [_TYPE_RANK.get(t, len(_TYPE_ORDER)) for t in by_subject[s].get(RDF.type, ())]
        return (min(ranks, default=len(_TYPE_ORDER) + 1), _sort_key(s))

    blocks = []
    for s in sorted(by_subject, key=subject_key):
        predicates = sorted(by_subject[s], key=lambda p: (p != RDF.type, str(p)))
        lines = []
        for p in predicates:
            objects = [writer.term(o) for o in sorted(by_subject[s][p], key=_sort_key)]
            joined = ", ".join(objects)
            if len(objects) > 1 and len(joined) > 80:
                joined = f",\n{indent}        ".join(objects)
            lines.append(f"{writer.iri(p, predicate=True)} {joined}")  # type: ignore[arg-type]
        blocks.append(f"{indent}{writer.term(s)} " + f" ;\n{indent}    ".join(lines) + " .\n")
    return blocks


def _as_graph(graph: Graph) -> Graph:
    """A plain graph of all triples: a dataset (named graphs) is written as the union of its graphs."""
    if isinstance(graph, Dataset):
        from kg.graph import union_graph

        return union_graph(graph)
    return graph


def _as_dataset(graph: Graph) -> Dataset:
    if isinstance(graph, Dataset):
        return graph
    ds = Dataset()
    for prefix, ns in graph.namespace_manager.namespaces():
        ds.bind(prefix, ns, override=True, replace=True)
    for triple in graph:
        ds.add(triple)
    return ds


def _quads(ds: Dataset) -> Iterator[tuple[Node, Node, Node, Node | None]]:
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = g.identifier if isinstance(g, Graph) else g
        yield s, p, o, (None if name == DATASET_DEFAULT_GRAPH_ID else name)


def serialize_nquads(graph: Graph) -> str:
    """Deterministic N-Quads: one quad a line (the graph name last; none for the default graph), sorted.

    A plain graph is written as the default graph.  Each article of a kg dataset is its own named graph.
    """
    return nquad_lines(_quads(_as_dataset(graph)))


def nquad_lines(quads: Iterable[tuple[Node, Node, Node, Node | None]]) -> str:
    """Sorted N-Quads lines of ``quads`` (graph ``None``: the default graph)."""
    writer = _Writer()
    cache: dict[Node, str] = {}  # terms repeat a lot (types, predicates, articles): render each once

    def term(node: Node) -> str:
        text = cache.get(node)
        if text is None:
            text = cache[node] = writer.term(node)
        return text

    lines = []
    for s, p, o, g in quads:
        if not isinstance(s, (URIRef, BNode)) or not isinstance(p, URIRef):
            raise ExportError(f"cannot write the quad subject {s!r} / predicate {p!r}: not valid RDF")
        name = f" {term(g)}" if g is not None else ""
        lines.append(f"{term(s)} {term(p)} {term(o)}{name} .\n")
    return "".join(sorted(lines))


def serialize_trig(graph: Graph) -> str:
    """Deterministic TriG: the default graph first, then each named graph in IRI order, Turtle inside."""
    ds = _as_dataset(graph)
    writer = _Writer({p: str(ns) for p, ns in ds.namespace_manager.namespaces()})
    graphs: dict[Node | None, list[tuple[Node, Node, Node]]] = defaultdict(list)
    for s, p, o, g in _quads(ds):
        if not isinstance(s, (URIRef, BNode)) or not isinstance(p, URIRef):
            raise ExportError(f"cannot write the quad subject {s!r} / predicate {p!r}: not valid RDF")
        graphs[g].append((s, p, o))
    parts = []
    if graphs.get(None):
        parts.append("\n".join(_turtle_blocks(graphs[None], writer)))
    for name in sorted((g for g in graphs if g is not None), key=_sort_key):
        body = "\n".join(_turtle_blocks(graphs[name], writer, indent="    "))
        parts.append(f"{writer.term(name)} {{\n{body}}}\n")
    header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(writer.used.items()))
    return header + ("\n" if header and parts else "") + "\n".join(parts)


def serialize_ntriples(graph: Graph) -> str:
    """Deterministic N-Triples: one triple a line, lines sorted, UTF-8 text with escaped controls.

    Example:
        >>> from rdflib import Graph, Literal, URIRef
        >>> from rdflib.namespace import RDFS
        >>> g = Graph()
        >>> _ = g.add((URIRef("http://example.org/a"), RDFS.label, Literal('say "hi"\\n')))
        >>> print(serialize_ntriples(g), end="")
        <http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "say \\"hi\\"\\n" .
    """
    graph = _as_graph(graph)
    _check_graph(graph)
    writer = _Writer()
    lines = sorted(f"{writer.term(s)} {writer.iri(p)} {writer.term(o)} .\n" for s, p, o in graph)  # type: ignore[arg-type]
    return "".join(lines)


def _export_turtle(graph: Graph) -> str:
    return serialize_turtle(graph)


def _export_ntriples(graph: Graph) -> str:
    return serialize_ntriples(graph)


def _export_html(graph: Graph, title: str = "知识图谱 Knowledge graph") -> str:
    """Interactive HTML view of :func:`kg.graph.to_networkx` drawn by :func:`kg.html.render_html`."""
    try:
        from kg.html import render_html
    except ImportError as e:
        raise ExportError(f"the html exporter needs kg.html, which cannot be imported: {e}") from e
    from kg.graph import to_networkx

    return render_html(to_networkx(_as_graph(graph)), title)


register_exporter("ttl", _export_turtle, aliases=("turtle",), suffixes=(".ttl", ".turtle"),
                  rdf_format="turtle", description="Turtle, deterministic (sorted, prefixed)")
register_exporter("nt", _export_ntriples, aliases=("ntriples",), suffixes=(".nt",), rdf_format="nt",
                  description="N-Triples, one sorted triple a line")
register_exporter("nq", serialize_nquads, aliases=("nquads",), suffixes=(".nq",), rdf_format="nquads",
                  description="N-Quads, one sorted quad a line; each article is its own named graph")
register_exporter("trig", serialize_trig, suffixes=(".trig",), rdf_format="trig",
                  description="TriG, deterministic; each article is its own named graph")
register_exporter("html", _export_html, suffixes=(".html", ".htm"),
                  description="interactive graph view in one HTML page")
# Graph-database formats (kg/exporters/), imported on first use.
register_exporter("jsonld", "kg.exporters.jsonld:serialize_jsonld", aliases=("json-ld",), suffixes=(".jsonld",),
                  rdf_format="json-ld",
                  description="JSON-LD with a context from the ontology; each article is its own named graph")
register_exporter("graphml", "kg.exporters.graphml:serialize_graphml", suffixes=(".graphml",),
                  description="GraphML property graph (Gephi, yEd, Cytoscape, networkx)")
register_exporter("neo4j", "kg.exporters.neo4j:serialize_neo4j", suffixes=(".neo4j",),
                  description="a folder of neo4j-admin import CSVs, with import.sh, load-csv.cypher, kuzu.cypher")
register_exporter("cypher", "kg.exporters.cypher:serialize_cypher", suffixes=(".cypher", ".cql"),
                  description="Cypher script of UNWIND/MERGE batches (Neo4j, Memgraph, FalkorDB)")
