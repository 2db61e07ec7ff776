"""A folder of CSV files in the ``neo4j-admin database import`` format, with scripts to load them.

Layout (every file is always written, with just its header when there are no rows, so the scripts never
change shape)::

    nodes/<Label>.csv               id:ID,:LABEL,name,nameHans,nameHant,aliases:string[],…
    relationships/<TYPE>.csv        :START_ID,:END_ID,:TYPE,<properties>
    import.sh                       the neo4j-admin command (Neo4j 5) for exactly these files
    load-csv.cypher                 LOAD CSV statements for a running Neo4j or FalkorDB
    kuzu.cypher                     the Kùzu schema (DDL) and COPY statements

The CSV follows Neo4j's documented import conventions: header fields ``name:type`` with the types
``int``, ``boolean``, ``date``, ``string[]`` (string when no type is given); ``:ID``, ``:LABEL``,
``:START_ID``, ``:END_ID`` and ``:TYPE``; comma-separated, ``"`` quoting with ``""`` for a quote inside a
value (no backslash escapes), UTF-8 without BOM, ``\\n`` line ends.  Every string value is quoted; an empty
field means no property.  List elements are separated by U+001F (the ASCII unit separator, which no name
contains; :func:`kg.exporters.pg.clean` makes sure), hence ``--array-delimiter=U+001F``; values may contain
line breaks, hence ``--multiline-fields=true``.  Node ids are the IRIs, unique across all node files (one ID
space).  Rows are sorted; the same graph gives byte-identical files.
"""

from __future__ import annotations

from collections.abc import Collection

from rdflib import Graph

from kg.exporters.pg import (
    ARRAY_DELIMITER,
    EXTRA_LABELS,
    MAX_INDEXED_BYTES,
    NODE_SCHEMA,
    REL_SCHEMA,
    PropertyGraph,
    PropType,
    Value,
    to_property_graph,
)

__all__ = ["IMPORT_OPTIONS", "kuzu_script", "load_csv_script", "neo4j_files", "serialize_neo4j"]

#: Options ``neo4j-admin database import`` needs for these files.
IMPORT_OPTIONS = ("--array-delimiter=U+001F", "--multiline-fields=true")

_HEADER_TYPES: dict[PropType, str] = {
    "string": "", "string[]": ":string[]", "int": ":int", "boolean": ":boolean", "date": ":date",
}
_KUZU_TYPES: dict[PropType, str] = {
    "string": "STRING", "string[]": "STRING[]", "int": "INT64", "boolean": "BOOLEAN", "date": "DATE",
}
_KUZU_CSV = "(header=true, delim=',', quote='\"', escape='\"', parallel=false)"


def _field(value: Value | None, type_: PropType) -> str:
    if value is None:
        return ""
    if type_ == "string[]":
        assert isinstance(value, tuple)
        value = ARRAY_DELIMITER.join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) or type_ == "date":
        return str(value)
    return '"' + str(value).replace('"', '""') + '"'


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def node_header(label: str) -> list[str]:
    return ["id:ID", ":LABEL", *(name + _HEADER_TYPES[t] for name, t in NODE_SCHEMA[label])]


def rel_header(type_: str) -> list[str]:
    return [":START_ID", ":END_ID", ":TYPE", *(name + _HEADER_TYPES[t] for name, t in REL_SCHEMA[type_].properties)]


def neo4j_files(pg: PropertyGraph) -> dict[str, str]:
    """The files of the folder export (relative path -> text) for a property graph."""
    files: dict[str, str] = {}
    for label, props in NODE_SCHEMA.items():
        rows = [",".join(node_header(label))]
        for node in (n for n in pg.nodes if n.label == label):
            fields = [_quoted(node.id), _quoted(ARRAY_DELIMITER.join(node.labels))]
            fields += [_field(node.properties.get(name), t) for name, t in props]
            rows.append(",".join(fields))
        files[f"nodes/{label}.csv"] = "\n".join(rows) + "\n"
    for type_, spec in REL_SCHEMA.items():
        rows = [",".join(rel_header(type_))]
        for rel in (r for r in pg.relationships if r.type == type_):
            fields = [_quoted(rel.start), _quoted(rel.end), type_]
            fields += [_field(rel.properties.get(name), t) for name, t in spec.properties]
            rows.append(",".join(fields))
        files[f"relationships/{type_}.csv"] = "\n".join(rows) + "\n"
    files["import.sh"] = import_script()
    files["load-csv.cypher"] = load_csv_script(pg.unindexable_labels())
    files["kuzu.cypher"] = kuzu_script()
    return files


def import_script() -> str:
    """The ``neo4j-admin database import full`` command for the folder (Neo4j 5; run it inside the folder)."""
    lines = [
        "#!/bin/sh",
        "# Load this folder into a new Neo4j 5 database (stop the database first; it is overwritten):",
        "#   cd THIS_FOLDER && NEO4J_HOME=/path/to/neo4j sh import.sh [DATABASE]",
        "# Then start Neo4j (CREATE DATABASE DATABASE first when it is not the default one).",
        "set -eu",
        'exec "${NEO4J_HOME:+$NEO4J_HOME/bin/}neo4j-admin" database import full "${1:-neo4j}" \\',
        *(f"  {option} \\" for option in IMPORT_OPTIONS),
        "  --overwrite-destination=true \\",
        *(f"  --nodes=nodes/{label}.csv \\" for label in NODE_SCHEMA),
        *(f"  --relationships=relationships/{type_}.csv \\" for type_ in REL_SCHEMA),
    ]
    lines[-1] = lines[-1].removesuffix(" \\")
    return "\n".join(lines) + "\n"


# -- LOAD CSV (Neo4j, FalkorDB) -------------------------------------------------------------------------------


def _csv_value(column: str, type_: PropType) -> str:
    ref = f"row.`{column}`"
    if type_ == "string[]":
        return f"split({ref}, '{ARRAY_DELIMITER}')"
    if type_ == "int":
        return f"toInteger({ref})"
    if type_ == "boolean":
        return f"toBoolean({ref})"
    if type_ == "date":
        return f"date({ref})"
    return ref


def load_csv_script(unindexable: Collection[str] = ()) -> str:
    """``LOAD CSV`` statements that read the folder into a running Neo4j (from its import directory) or
    FalkorDB (from its ``IMPORT_FOLDER``), ``MERGE``-ing so that running them twice changes nothing.

    The ``'…'`` of ``split`` holds the invisible U+001F; neither database reads the ``\\u`` escape the same way.
    Labels in ``unindexable`` (an id too long for an index, :data:`kg.exporters.pg.MAX_INDEXED_BYTES`) get no
    index.
    """
    out = [
        "// Load the CSV files of this folder into a running Neo4j or FalkorDB with LOAD CSV.",
        "// Neo4j: copy nodes/ and relationships/ into the import directory, then: cypher-shell -f load-csv.cypher",
        "// FalkorDB: start it with IMPORT_FOLDER set to this folder and send each statement (they end with ;).",
        "// split(..., '\x1f') splits lists at U+001F (an invisible character between the quotes).",
        "// Run it once, into an empty database: the index statements fail when the indexes exist.",
        *(f"// no index on {label}: an id is longer than {MAX_INDEXED_BYTES} bytes" if label in unindexable
          else f"CREATE INDEX FOR (n:{label}) ON (n.id);" for label in NODE_SCHEMA),
    ]
    for label, props in NODE_SCHEMA.items():
        sets = [f"n.{name} = {_csv_value(name + _HEADER_TYPES[t], t)}" for name, t in props]
        extra = "".join(f", n:{x}" for x in EXTRA_LABELS.get(label, ()))
        out.append(f"LOAD CSV WITH HEADERS FROM 'file:///nodes/{label}.csv' AS row\n"
                   f"MERGE (n:{label} {{id: row.`id:ID`}})\nSET {', '.join(sets)}{extra};")
    for type_, spec in REL_SCHEMA.items():
        sets = [f"r.{name} = {_csv_value(name + _HEADER_TYPES[t], t)}" for name, t in spec.properties
                if name != spec.key]
        key = f" {{{spec.key}: row.`{spec.key}`}}" if spec.key else ""
        for start in _match_labels(spec.starts):
            for end in _match_labels(spec.ends):
                out.append(
                    f"LOAD CSV WITH HEADERS FROM 'file:///relationships/{type_}.csv' AS row\n"
                    f"MATCH (a:{start} {{id: row.`:START_ID`}}), (b:{end} {{id: row.`:END_ID`}})\n"
                    f"MERGE (a)-[r:{type_}{key}]->(b)" + (f"\nSET {', '.join(sets)}" if sets else "") + ";"
                )
    return "\n".join(out) + "\n"


def _match_labels(labels: tuple[str, ...]) -> list[str]:
    """Labels to MATCH nodes of these primary labels by, without overlap: a government body is matched as an
    Organization, a label it has too."""
    return [label for label in labels if not set(EXTRA_LABELS.get(label, ())) & set(labels)]


# -- Kùzu -----------------------------------------------------------------------------------------------------


def kuzu_script() -> str:
    """Kùzu DDL (a node table per primary label, a relationship table per type with every FROM/TO pair) and
    ``COPY … FROM (LOAD WITH HEADERS … )`` statements reading the CSV files; run it inside the folder.

    Kùzu reads ``name:type`` headers its own way, so the columns are named and typed in ``LOAD WITH
    HEADERS``; lists are split at U+001F (the invisible character in ``string_split``); each FROM/TO pair of
    a relationship table is copied by a statement that matches its rows to the nodes of those two tables.
    """
    out = [
        "// Kùzu schema and import of the CSV files of this folder. Run it from inside the folder, into a new",
        "// database, one statement at a time (each ends with ';' at the end of a line), e.g. in Python:",
        "//   import kuzu; from kg.exporters.cypher import statements",
        "//   conn = kuzu.Connection(kuzu.Database('../graph.kuzu'))  # outside the folder, which a new export replaces",
        "//   for s in statements(open('kuzu.cypher', encoding='utf-8').read()): conn.execute(s)",
        "// string_split(..., '\x1f') splits lists at U+001F (an invisible character between the quotes).",
    ]
    for label, props in NODE_SCHEMA.items():
        cols = ", ".join(f"{name} {_KUZU_TYPES[t]}" for name, t in props)
        out.append(f"CREATE NODE TABLE {label}(id STRING, {cols}, PRIMARY KEY(id));")
    for type_, spec in REL_SCHEMA.items():
        pairs = ", ".join(f"FROM {s} TO {e}" for s in spec.starts for e in spec.ends)
        cols = "".join(f", {name} {_KUZU_TYPES[t]}" for name, t in spec.properties)
        out.append(f"CREATE REL TABLE {type_}({pairs}{cols});")
    for label, props in NODE_SCHEMA.items():
        columns = ", ".join(["id STRING", "labels STRING", *(f"{n} {_kuzu_read(t)}" for n, t in props)])
        values = ", ".join(["id", *(_kuzu_value(n, t) for n, t in props)])
        out.append(f"COPY {label} FROM (LOAD WITH HEADERS ({columns}) FROM 'nodes/{label}.csv' {_KUZU_CSV}\n"
                   f"RETURN {values});")
    for type_, spec in REL_SCHEMA.items():
        columns = ", ".join(["start_id STRING", "end_id STRING", "type STRING",
                             *(f"{n} {_kuzu_read(t)}" for n, t in spec.properties)])
        values = ", ".join(["start_id", "end_id", *(_kuzu_value(n, t) for n, t in spec.properties)])
        for start in spec.starts:
            for end in spec.ends:
                out.append(
                    f"COPY {type_} FROM (LOAD WITH HEADERS ({columns}) FROM 'relationships/{type_}.csv' "
                    f"{_KUZU_CSV}\nMATCH (a:{start} {{id: start_id}}), (b:{end} {{id: end_id}})\n"
                    f"RETURN {values}) (from='{start}', to='{end}');"
                )
    return "\n".join(out) + "\n"


def _kuzu_read(type_: PropType) -> str:
    return "STRING" if type_ == "string[]" else _KUZU_TYPES[type_]


def _kuzu_value(name: str, type_: PropType) -> str:
    if type_ == "string[]":
        return f"CASE WHEN {name} IS NULL THEN NULL ELSE string_split({name}, '{ARRAY_DELIMITER}') END"
    return name


def serialize_neo4j(graph: Graph) -> dict[str, str]:
    """The Neo4j import folder of ``graph`` (relative path -> text); :func:`kg.export.export` writes it."""
    return neo4j_files(to_property_graph(graph))
