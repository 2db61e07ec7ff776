"""SHACL validation of a kg graph against ``ontology/shapes.ttl``.

Violations mean the graph is broken (a post without holder, a fact without source, an unlabelled entity …);
warnings mark facts the text leaves incomplete (a post whose organization the article does not name) and do
not make a graph non-conforming.

Two engines give the same report.  pyshacl is the reference, but it walks an rdflib graph in Python (about
50 µs a triple: minutes and gigabytes on a corpus).  The default engine compiles the shapes into SPARQL
queries — one per constraint, returning the focus nodes (and value nodes) that break it — and runs them on
Oxigraph, over a kg store directly or over a graph loaded into an in-memory Oxigraph store.  It covers the
SHACL Core components the shapes use (targets ``sh:targetClass``/``sh:targetSubjectsOf``; paths: IRI,
inverse, sequence, alternative; ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``, ``sh:class``, ``sh:in``,
``sh:hasValue``, ``sh:minInclusive``/``sh:maxInclusive``, ``sh:uniqueLang``, ``sh:nodeKind``; severities and
messages); shapes with anything else are validated with pyshacl.  Tests check both engines agree.

Example:
    >>> import kg
    >>> report = validate(kg.build_graph(kg.extract("国务院总理李强主持召开国务院常务会议。")))
    >>> report.conforms, report.violations
    (True, 0)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from kg.errors import OntologyError


@dataclass
class ValidationReport:
    """The outcome of a SHACL validation: counts per severity and the first results, readable."""

    conforms: bool
    violations: int
    warnings: int
    messages: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def format(self, limit: int = 10) -> str:
        head = (f"SHACL: {'conforms' if self.conforms else 'does not conform'} "
                f"({self.violations} violations, {self.warnings} warnings)")
        lines = [head]
        for message, n in sorted(self.messages.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]:
            lines.append(f"  {n:6d}  {message}")
        lines.extend(f"  e.g. {e}" for e in self.examples[:limit])
        return "\n".join(lines)


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The bundled shapes (``ontology/shapes.ttl``; shipped in the wheel as ``kg/ontology/shapes.ttl``)."""
    candidates = [resources.files("kg").joinpath("ontology").joinpath("shapes.ttl"),
                  Path(__file__).resolve().parent.parent / "ontology" / "shapes.ttl"]
    for path in candidates:
        if path.is_file():
            return Graph().parse(data=path.read_text(encoding="utf-8"), format="turtle")
    raise OntologyError("ontology/shapes.ttl is missing from the installation; reinstall kg")


def validate(graph: Graph, *, engine: str = "auto") -> ValidationReport:
    """Validate ``graph`` (a dataset is validated as the union of its graphs) against kg's shapes.

    ``engine`` is ``"sparql"`` (compiled checks on Oxigraph), ``"pyshacl"``, or ``"auto"``: the SPARQL
    engine when it supports the shapes, else pyshacl.
    """
    if engine not in ("auto", "sparql", "pyshacl"):
        raise ValueError(f"unknown SHACL engine {engine!r}")
    if engine != "pyshacl" and (engine == "sparql" or compiled_shapes() is not None):
        return validate_oxigraph(to_oxigraph(graph))
    return validate_pyshacl(graph)


def validate_pyshacl(graph: Graph) -> ValidationReport:
    """Validate with pyshacl (the reference engine)."""
    import pyshacl

    if isinstance(graph, Dataset):
        from kg.graph import union_graph

        graph = union_graph(graph)
    _, results, _ = pyshacl.validate(graph, shacl_graph=shapes_graph(), inference="none", allow_warnings=True,
                                     advanced=False, abort_on_first=False)
    violations = warnings = 0
    messages: Counter[str] = Counter()
    examples: list[str] = []
    for result in sorted(results.subjects(SH.resultSeverity, None), key=str):
        severity = results.value(result, SH.resultSeverity)
        focus = results.value(result, SH.focusNode)
        # the shape's own sh:message; pyshacl's generated ones name the focus node, so they are not grouped
        message = shapes_graph().value(results.value(result, SH.sourceShape), SH.message)
        path = results.value(result, SH.resultPath)
        text = str(message) if isinstance(message, Literal) else f"constraint on {_short(path)}"
        if severity == SH.Violation:
            violations += 1
            examples.append(f"{_short(focus)}: {text}")
        else:
            warnings += 1
        messages[f"{'violation' if severity == SH.Violation else 'warning'}: {text}"] += 1
    return ValidationReport(violations == 0, violations, warnings, messages, sorted(examples)[:20])


def merge_reports(reports: list[ValidationReport]) -> ValidationReport:
    """One report for several validated parts (for example the batches of a store build)."""
    messages: Counter[str] = Counter()
    examples: list[str] = []
    for r in reports:
        messages.update(r.messages)
        examples.extend(r.examples)
    violations = sum(r.violations for r in reports)
    return ValidationReport(violations == 0, violations, sum(r.warnings for r in reports), messages,
                            sorted(examples)[:20])


def _short(node: object) -> str:
    return str(node) if isinstance(node, URIRef) else "(path)"


# ---------------------------------------------------------------------------------------------------------
# The SPARQL engine

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_SHAPE_KEYS = {  # what the engine knows on a shape or a property shape; anything else in sh: → pyshacl
    "targetClass", "targetSubjectsOf", "property", "path", "minCount", "maxCount", "datatype", "class", "in",
    "hasValue", "minInclusive", "maxInclusive", "uniqueLang", "nodeKind", "severity", "message", "name",
    "description", "deactivated", "order", "group",
}
_NODE_KINDS = {
    "IRI": "isIRI(?v)", "BlankNode": "isBlank(?v)", "Literal": "isLiteral(?v)",
    "BlankNodeOrIRI": "(isBlank(?v) || isIRI(?v))", "BlankNodeOrLiteral": "(isBlank(?v) || isLiteral(?v))",
    "IRIOrLiteral": "(isIRI(?v) || isLiteral(?v))",
}


class UnsupportedShapes(Exception):
    """The shapes use a SHACL feature the SPARQL engine does not compile."""


@dataclass(frozen=True)
class Check:
    """One constraint compiled to SPARQL: every solution is one validation result (``?focus`` bound)."""

    query: str
    severity: str  # "violation" or "warning"
    text: str


def _term(node: object) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        from kg.query import sparql_literal

        if node.language:
            return sparql_literal(str(node), lang=node.language)
        if node.datatype is not None:
            return f"{sparql_literal(str(node))}^^<{node.datatype}>"
        return sparql_literal(str(node))
    raise UnsupportedShapes(f"a blank node where a term is expected: {node!r}")


def _path(shapes: Graph, node: object) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    inverse = shapes.value(node, SH.inversePath)  # type: ignore[arg-type]
    if inverse is not None:
        return f"^({_path(shapes, inverse)})"
    alternative = shapes.value(node, SH.alternativePath)  # type: ignore[arg-type]
    if alternative is not None:
        return "(" + "|".join(_path(shapes, p) for p in Collection(shapes, alternative)) + ")"
    if shapes.value(node, URIRef(_RDF + "first")) is not None:  # type: ignore[arg-type]
        return "(" + "/".join(_path(shapes, p) for p in Collection(shapes, node)) + ")"  # type: ignore[arg-type]
    raise UnsupportedShapes(f"path {node!r}")


def _one(shapes: Graph, node: object, key: str) -> object:
    values = sorted(shapes.objects(node, SH[key]), key=str)  # type: ignore[arg-type]
    if len(values) > 1:
        raise UnsupportedShapes(f"several sh:{key} on one shape")
    return values[0] if values else None


def _check_keys(shapes: Graph, node: object) -> None:
    for p in shapes.predicates(node, None):  # type: ignore[arg-type]
        if str(p).startswith(str(SH)) and str(p)[len(str(SH)):] not in _SHAPE_KEYS:
            raise UnsupportedShapes(f"{p} is not compiled")


def compile_shapes(shapes: Graph) -> list[Check]:
    """Compile node shapes and their property shapes into SPARQL checks (see the module docstring).

    Raises:
        UnsupportedShapes: a shape uses a feature outside the supported subset.
    """
    checks: list[Check] = []
    for shape in sorted(set(shapes.subjects(URIRef(_RDF + "type"), SH.NodeShape)), key=str):
        _check_keys(shapes, shape)
        if shapes.value(shape, SH.deactivated) == Literal(True):
            continue
        targets = [f"{{ ?focus <{_RDF}type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{c}> }}"
                   for c in sorted(shapes.objects(shape, SH.targetClass), key=str)]
        targets += [f"{{ ?focus <{p}> [] }}" for p in sorted(shapes.objects(shape, SH.targetSubjectsOf), key=str)]
        if not targets:
            continue
        focus = "{ SELECT DISTINCT ?focus WHERE { " + " UNION ".join(targets) + " } }"
        # constraints on the focus node itself
        checks += _constraints(shapes, shape, focus, None)
        for prop in sorted(shapes.objects(shape, SH.property), key=str):
            _check_keys(shapes, prop)
            if shapes.value(prop, SH.deactivated) == Literal(True):
                continue
            path = shapes.value(prop, SH.path)
            if path is None:
                raise UnsupportedShapes("a property shape without sh:path")
            checks += _constraints(shapes, prop, focus, path)
    return checks


def _constraints(shapes: Graph, node: object, focus: str, path_node: object) -> list[Check]:
    level = _one(shapes, node, "severity")
    if level not in (None, SH.Violation, SH.Warning):
        raise UnsupportedShapes("sh:Info severity")
    severity = "warning" if level == SH.Warning else "violation"
    message = _one(shapes, node, "message")
    text = str(message) if isinstance(message, Literal) else f"constraint on {_short(path_node)}"
    out: list[Check] = []

    def add(query: str) -> None:
        out.append(Check(" ".join(query.split()), severity, text))

    if path_node is None:  # node-level: the value node is the focus node
        values = f"{focus} BIND(?focus AS ?v)"
    else:
        values = f"{focus} ?focus {_path(shapes, path_node)} ?v ."
    value_tests: list[str] = []
    cls = _one(shapes, node, "class")
    if cls is not None:
        value_tests.append(f"FILTER NOT EXISTS {{ ?v <{_RDF}type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* "
                           f"{_term(cls)} }}")
    datatype = _one(shapes, node, "datatype")
    if datatype is not None:
        value_tests.append(f"FILTER(!isLiteral(?v) || datatype(?v) != {_term(datatype)})")
    kind = _one(shapes, node, "nodeKind")
    if kind is not None:
        value_tests.append(f"FILTER(!{_NODE_KINDS[str(kind).rsplit('#', 1)[-1]]})")
    allowed = _one(shapes, node, "in")
    if allowed is not None:
        value_tests.append(f"FILTER(?v NOT IN ({', '.join(_term(x) for x in Collection(shapes, allowed))}))")
    for key, op in (("minInclusive", ">="), ("maxInclusive", "<=")):
        bound = _one(shapes, node, key)
        if bound is not None:
            value_tests.append(f"FILTER(!COALESCE(?v {op} {_term(bound)}, false))")
    for test in value_tests:  # one result per focus node and value node
        add(f"SELECT DISTINCT ?focus ?v WHERE {{ {values} {test} }}")
    has_value = _one(shapes, node, "hasValue")
    if has_value is not None:
        if path_node is None:
            add(f"SELECT ?focus WHERE {{ {focus} FILTER(!sameTerm(?focus, {_term(has_value)})) }}")
        else:
            add(f"SELECT ?focus WHERE {{ {focus} FILTER NOT EXISTS {{ ?focus {_path(shapes, path_node)} "
                f"{_term(has_value)} }} }}")
    if path_node is None:
        return out
    path = _path(shapes, path_node)
    least = _one(shapes, node, "minCount")
    if least is not None and int(least) > 0:  # type: ignore[call-overload]
        if int(least) == 1:  # type: ignore[call-overload]
            add(f"SELECT ?focus WHERE {{ {focus} FILTER NOT EXISTS {{ ?focus {path} ?v }} }}")
        else:
            add(f"SELECT ?focus WHERE {{ {{ SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {focus} "
                f"OPTIONAL {{ ?focus {path} ?v }} }} GROUP BY ?focus }} FILTER(?n < {int(least)}) }}")  # type: ignore[call-overload]
    most = _one(shapes, node, "maxCount")
    if most is not None:
        add(f"SELECT ?focus WHERE {{ {focus} ?focus {path} ?v }} GROUP BY ?focus "
            f"HAVING(COUNT(DISTINCT ?v) > {int(most)})")  # type: ignore[call-overload]
    if _one(shapes, node, "uniqueLang") == Literal(True):
        add(f"SELECT ?focus ?lang WHERE {{ {values} FILTER(lang(?v) != \"\") BIND(LCASE(lang(?v)) AS ?lang) }} "
            "GROUP BY ?focus ?lang HAVING(COUNT(DISTINCT ?v) > 1)")
    return out


@lru_cache(maxsize=1)
def compiled_shapes() -> list[Check] | None:
    """The bundled shapes as SPARQL checks, or ``None`` when they need pyshacl."""
    try:
        return compile_shapes(shapes_graph())
    except UnsupportedShapes:
        return None


def validate_oxigraph(store: Any, checks: list[Check] | None = None) -> ValidationReport:
    """Validate a pyoxigraph ``Store`` (the union of its graphs) with the compiled checks."""
    checks = checks if checks is not None else compiled_shapes()
    if checks is None:
        raise UnsupportedShapes("the shapes need pyshacl")
    violations = warnings = 0
    messages: Counter[str] = Counter()
    examples: list[str] = []
    for check in checks:
        rows = store.query(check.query, use_default_graph_as_union=True)
        for row in rows:
            if check.severity == "violation":
                violations += 1
                focus = row["focus"]
                shown = focus.value if isinstance(focus, ox.NamedNode) else "(path)"
                examples.append(f"{shown}: {check.text}")
            else:
                warnings += 1
            messages[f"{check.severity}: {check.text}"] += 1
    return ValidationReport(violations == 0, violations, warnings, messages, sorted(examples)[:20])


def to_oxigraph(graph: Graph) -> Any:
    """An in-memory Oxigraph store holding ``graph`` (a dataset keeps its named graphs)."""
    from kg.export import serialize_nquads

    store = ox.Store()
    store.bulk_load(serialize_nquads(graph).encode("utf-8"), ox.RdfFormat.N_QUADS)
    return store
