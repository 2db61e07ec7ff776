"""SHACL validation of a kg graph against ``ontology/shapes.ttl`` (pyshacl).

Violations mean the graph is broken (a post without holder, a fact without source, an unlabelled entity …);
warnings mark facts the text leaves incomplete (a post whose organization the article does not name) and do
not make a graph non-conforming.

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

from rdflib import Dataset, Graph, Literal, URIRef
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


def validate(graph: Graph) -> ValidationReport:
    """Validate ``graph`` (a dataset is validated as the union of its graphs) against kg's shapes."""
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
        message = results.value(result, SH.resultMessage)
        path = results.value(result, SH.resultPath)
        text = str(message) if isinstance(message, Literal) else f"constraint on {_short(path)}"
        if severity == SH.Violation:
            violations += 1
            if len(examples) < 20:
                examples.append(f"{_short(focus)}: {text}")
        else:
            warnings += 1
        messages[f"{'violation' if severity == SH.Violation else 'warning'}: {text}"] += 1
    return ValidationReport(violations == 0, violations, warnings, messages, sorted(examples))


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
