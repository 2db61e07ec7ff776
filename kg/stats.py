"""``kg stats``: the summary users read first — counts, top entities, date range, SHACL status.

Works on an rdflib graph (a file) or on a :class:`kg.store.KgStore` (SPARQL on Oxigraph), with the same
queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph

from kg.ontology import KG_NS

PREFIXES = f"""PREFIX kg: <{KG_NS}>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

CLASSES = ("Article", "Person", "GovernmentBody", "Organization", "Place", "PolicyConcept", "Meeting",
           "PostHolding", "Participation", "PolicyAct", "Evidence")
RELATIONS = {
    "post (org:member)": "?s org:member ?o",
    "sub-organization (org:subOrganizationOf)": "?s org:subOrganizationOf ?o",
    "presided (kg:presided)": "?s kg:presided ?o",
    "spoke (kg:spokeAt)": "?s kg:spokeAt ?o",
    "attended (kg:attended)": "?s kg:attended ?o",
    "met (kg:metAt)": "?s kg:metAt ?o",
    "issued (kg:issued)": "?s kg:issued ?o",
    "adopted (kg:adopted)": "?s kg:adopted ?o",
    "studied (kg:studied)": "?s kg:studied ?o",
    "implemented (kg:implemented)": "?s kg:implemented ?o",
    "mentions (schema:mentions)": "?s schema:mentions ?o",
}
TOP = {"persons": "kg:Person", "organizations": "kg:Organization", "policy concepts": "kg:PolicyConcept"}


@dataclass
class Stats:
    classes: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    top: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    first_date: str | None = None
    last_date: str | None = None
    triples: int = 0
    shacl: str | None = None

    def format(self) -> str:
        lines = [f"triples          {self.triples}",
                 f"articles dated   {self.first_date or '-'} … {self.last_date or '-'}", "", "classes"]
        lines += [f"  {name:<16} {n:>8}" for name, n in self.classes.items()]
        lines += ["", "relations"]
        lines += [f"  {name:<40} {n:>8}" for name, n in self.relations.items()]
        for what, rows in self.top.items():
            lines += ["", f"top {what} (articles mentioning them)"]
            lines += [f"  {n:>6}  {label}" for label, n in rows]
        if self.shacl:
            lines += ["", self.shacl]
        return "\n".join(lines)


def _rdflib_runner(graph: Graph) -> Callable[[str], list[dict[str, Any]]]:
    def run(query: str) -> list[dict[str, Any]]:
        return [{k: (None if v is None else v.toPython() if hasattr(v, "toPython") else v)
                 for k, v in row.asdict().items()} for row in graph.query(query)]
    return run


def _ox_runner(store: Any) -> Callable[[str], list[dict[str, Any]]]:
    def run(query: str) -> list[dict[str, Any]]:
        solutions = store.query(query)
        names = [v.value for v in solutions.variables]
        return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in solutions]
    return run


def compute(run: Callable[[str], list[dict[str, Any]]], *, top: int = 10, triples: int = 0) -> Stats:
    """Stats from a SPARQL runner (a function from query text to rows of plain values)."""
    out = Stats(triples=triples)
    for name in CLASSES:
        rows = run(PREFIXES + f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a kg:{name} }}")
        out.classes[name] = int(rows[0]["n"]) if rows else 0
    for name, pattern in RELATIONS.items():
        rows = run(PREFIXES + f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?o WHERE {{ {pattern} }} }}")
        out.relations[name] = int(rows[0]["n"]) if rows else 0
    for what, cls in TOP.items():
        # The type triple is in every article that names the entity, so it is checked with EXISTS: a join
        # would repeat each mention once per such article in a store's union graph (n² on a corpus).
        rows = run(PREFIXES + f"""SELECT ?x (SAMPLE(?l) AS ?label) ?n WHERE {{
            {{ SELECT ?x (COUNT(DISTINCT ?a) AS ?n) WHERE {{
                 ?a schema:mentions ?x . FILTER EXISTS {{ ?x a {cls} }}
               }} GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT {top} }}
            OPTIONAL {{ ?x skos:prefLabel ?l FILTER(lang(?l) = "zh-hans" || lang(?l) = "zh-Hans") }}
        }} GROUP BY ?x ?n ORDER BY DESC(?n) ?x""")
        out.top[what] = [(str(r["label"] or r["x"]), int(r["n"])) for r in rows]
    rows = run(PREFIXES + "SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE { ?a a kg:Article ; dcterms:date ?d }")
    if rows and rows[0].get("first") is not None:
        out.first_date, out.last_date = str(rows[0]["first"]), str(rows[0]["last"])
    return out


def graph_stats(graph: Graph, *, top: int = 10) -> Stats:
    """Stats of an in-memory graph."""
    return compute(_rdflib_runner(graph), top=top, triples=len(graph))


def store_stats(store: Any, *, top: int = 10) -> Stats:
    """Stats of a :class:`kg.store.KgStore` (queries run on Oxigraph over the union of all graphs)."""
    return compute(_ox_runner(store), top=top, triples=len(store))
