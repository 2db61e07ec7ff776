"""A Cypher script that builds the property graph (:mod:`kg.exporters.pg`) in Neo4j, Memgraph or FalkorDB.

The script is a uniqueness constraint or index per label (in the syntax of the chosen ``dialect``), then
``UNWIND`` batches of literal rows, one statement per label or per relationship type and pair of end
labels::

    UNWIND [
    {id: "https://w3id.org/kg-gov/id/person/孙绍骋", props: {name: "孫紹騁", aliases: ["孙绍骋"]}},
    …
    ] AS row
    MERGE (n:Person {id: row.id})
    SET n += row.props;

* every statement ends with ``;`` at the end of a line, and no other line does: :func:`statements` splits
  a script for clients that send one statement at a time (FalkorDB, the Neo4j drivers);
* ``MERGE`` on the node id (and on the post or participation IRI for ``HOLDS_POST`` and participation
  relationships), so running the script twice changes nothing;
* strings are double-quoted with ``\\\\``, ``\\"``, ``\\n``, ``\\r``, ``\\t``, ``\\b`` and ``\\f`` escapes;
  other characters are written as they are (UTF-8), because FalkorDB reads no ``\\u`` escape; NUL, which
  FalkorDB cannot take at all, is U+FFFD (:func:`kg.exporters.pg.clean`);
* dates are ``date("YYYY-MM-DD")``, lists ``["a", "b"]``; rows and keys are sorted, so the same graph gives
  byte-identical scripts.

Example:
    >>> print(cypher_string('say "hi"\\n\\\\'))
    "say \\"hi\\"\\n\\\\"
    >>> list(statements("// comment\\nRETURN 1;\\nRETURN 2;\\n"))
    ['RETURN 1', 'RETURN 2']
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Literal

from rdflib import Graph

from kg.errors import ExportError
from kg.exporters.pg import (
    EXTRA_LABELS,
    MAX_INDEXED_BYTES,
    NODE_SCHEMA,
    REL_SCHEMA,
    PropertyGraph,
    PropType,
    Value,
    to_property_graph,
)

__all__ = ["DIALECTS", "cypher_string", "serialize_cypher", "statements", "write_cypher_text"]

Dialect = Literal["neo4j", "memgraph", "falkordb"]
DIALECTS: tuple[Dialect, ...] = ("neo4j", "memgraph", "falkordb")

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_TRANSLATE = str.maketrans(_ESCAPES)


def cypher_string(text: str) -> str:
    """``text`` as a double-quoted Cypher string literal that Neo4j, Memgraph and FalkorDB read alike."""
    return '"' + text.translate(_TRANSLATE) + '"'


def _literal(value: Value, type_: PropType) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(cypher_string(v) for v in value) + "]"
    if type_ == "date":
        return f"date({cypher_string(value)})"
    return cypher_string(value)


def _map(values: Mapping[str, Value], schema: Mapping[str, PropType]) -> str:
    return "{" + ", ".join(f"{k}: {_literal(values[k], schema[k])}" for k in schema if k in values) + "}"


def _index(dialect: Dialect, label: str) -> str:
    if dialect == "neo4j":
        return f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE;"
    if dialect == "memgraph":
        return f"CREATE INDEX ON :{label}(id);"
    return f"CREATE INDEX FOR (n:{label}) ON (n.id);"


def _batches(rows: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def write_cypher_text(pg: PropertyGraph, *, dialect: Dialect = "neo4j", batch: int = 500) -> str:
    """The Cypher script of a property graph (see the module doc)."""
    if dialect not in DIALECTS:
        raise ExportError(f"unknown Cypher dialect {dialect!r}; use one of: {', '.join(DIALECTS)}")
    if batch < 1:
        raise ExportError(f"the Cypher batch size must be at least 1, not {batch}")
    out = [
        f"// kg property graph as Cypher ({dialect}): {len(pg.nodes)} nodes, {len(pg.relationships)} relationships.",
        "// Each statement ends with ';' at the end of a line. Running the script again changes nothing"
        + (" (FalkorDB: but CREATE INDEX fails when the index exists; skip those lines)." if dialect == "falkordb"
           else "."),
    ]
    unindexable = pg.unindexable_labels()
    for label in NODE_SCHEMA:
        out.append(f"// no index on {label}: an id is longer than {MAX_INDEXED_BYTES} bytes, which indexes cannot hold"
                   if label in unindexable else _index(dialect, label))
    for label, props in NODE_SCHEMA.items():
        schema = dict(props)
        rows = [f"{{id: {cypher_string(n.id)}, props: {_map(n.properties, schema)}}}"
                for n in pg.nodes if n.label == label]
        extra = "".join(f"\nSET n:{x}" for x in EXTRA_LABELS.get(label, ()))
        for chunk in _batches(rows, batch):
            out.append("UNWIND [\n" + ",\n".join(chunk) + f"\n] AS row\nMERGE (n:{label} {{id: row.id}})\n"
                       f"SET n += row.props{extra};")
    for type_, spec in REL_SCHEMA.items():
        schema = dict(spec.properties)
        key = f" {{{spec.key}: row.key}}" if spec.key else ""
        groups: dict[tuple[str, str], list[str]] = {}
        for r in pg.relationships:
            if r.type != type_:
                continue
            fields = [f"start: {cypher_string(r.start)}", f"end: {cypher_string(r.end)}"]
            if spec.key:
                fields.append(f"key: {cypher_string(r.key)}")
            fields.append(f"props: {_map(r.properties, schema)}")
            groups.setdefault((r.start_label, r.end_label), []).append("{" + ", ".join(fields) + "}")
        for (start, end), rows in sorted(groups.items()):
            for chunk in _batches(rows, batch):
                out.append("UNWIND [\n" + ",\n".join(chunk) + "\n] AS row\n"
                           f"MATCH (a:{start} {{id: row.start}}), (b:{end} {{id: row.end}})\n"
                           f"MERGE (a)-[r:{type_}{key}]->(b)\nSET r += row.props;")
    return "\n".join(out) + "\n"


def serialize_cypher(graph: Graph, dialect: Dialect = "neo4j", batch: int = 500) -> str:
    """The Cypher script of ``graph`` projected by :func:`kg.exporters.pg.to_property_graph`.

    Args:
        graph: the RDF graph or dataset.
        dialect: ``neo4j`` (uniqueness constraints), ``memgraph`` or ``falkordb`` (indexes); only the index
            lines differ.
        batch: rows per ``UNWIND``.
    """
    return write_cypher_text(to_property_graph(graph), dialect=dialect, batch=batch)


def statements(script: str) -> Iterator[str]:
    """The statements of a kg Cypher script (this module's, or ``load-csv.cypher``/``kuzu.cypher`` of the
    Neo4j folder), without their final ``;`` and without comment lines, for clients that take one at a time.
    """
    current: list[str] = []
    for line in script.split("\n"):
        if not current and (not line.strip() or line.lstrip().startswith("//")):
            continue
        if line.endswith(";"):
            current.append(line[:-1])
            yield "\n".join(current)
            current = []
        else:
            current.append(line)
    if any(part.strip() for part in current):
        yield "\n".join(current)
