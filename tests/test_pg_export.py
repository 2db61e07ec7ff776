"""The property-graph mapping and its file formats (GraphML, Neo4j CSV folder, Cypher), JSON-LD, and the CLI.

The databases themselves are in tests/test_exporters_db.py; here every format is read back by an independent
reader (xml.etree and networkx, Python's csv module, rdflib and pyoxigraph for JSON-LD) and compared with the
property graph or the RDF it came from.
"""

from __future__ import annotations

import csv
import doctest
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

import kg.exporters
import kg.exporters.cypher
import kg.exporters.graphml
import kg.exporters.jsonld
import kg.exporters.neo4j
import kg.exporters.pg
from kg.cli import main
from kg.errors import ExportError
from kg.export import export, format_for_path, get_exporter
from kg.exporters import write_folder
from kg.exporters.cypher import cypher_string, statements
from kg.exporters.jsonld import context
from kg.exporters.neo4j import IMPORT_OPTIONS
from kg.exporters.pg import (
    ARRAY_DELIMITER,
    NODE_SCHEMA,
    REL_SCHEMA,
    PropertyGraph,
    to_property_graph,
)
from kg.graph import DEFAULT_BASE, build_dataset, entity_iri, union_graph
from kg.model import Document, Mention, Post, Span
from kg.ontology import KG_NS, OWL, RDF, load_ontology
from tests.conftest import make_policy_docs, make_sample_doc, make_sample_doc_hans
from tests.graphdb_support import nasty_documents, pg_nodes, pg_relationships, sparql_counts

ROOT = Path(__file__).resolve().parents[1]
PG_FORMATS = ("graphml", "neo4j", "cypher")


def sample_dataset() -> Dataset:
    return build_dataset([make_sample_doc(), make_sample_doc_hans()])


def policy_dataset() -> Dataset:
    return build_dataset(make_policy_docs())


def seed_graph() -> Graph:
    return Graph().parse(ROOT / "exports" / "graph.ttl")


def iri(kind: str, key: str) -> str:
    return str(entity_iri(DEFAULT_BASE, kind, key))


# -- the mapping ----------------------------------------------------------------------------------------------


def test_nodes_have_labels_names_and_aliases() -> None:
    pg = to_property_graph(sample_dataset())
    nodes = {n.id: n for n in pg.nodes}
    ministry = nodes[iri("org", "退役军人事务部")]
    assert ministry.labels == ("GovernmentBody", "Organization")
    assert ministry.properties["name"] == "退役軍人事務部"  # written in Traditional in one article
    assert ministry.properties["nameHans"] == "退役军人事务部"
    assert "退役军人事务部" in ministry.properties["aliases"]
    meeting = next(n for n in pg.nodes if n.label == "Meeting" and "会谈" in n.id)
    assert meeting.properties["date"] == "2020-12-25"
    plan = next(n for n in pg.nodes if n.label == "PolicyConcept" and n.properties["nameHans"] == "十四五规划")
    assert plan.properties["policyType"] == "plan"
    article = nodes[iri("article", "hant-001")]
    assert article.properties["articleId"] == "hant-001" and article.properties["date"] == "2020-12-25"
    assert pg.nodes == tuple(sorted(pg.nodes, key=lambda n: (n.label, n.id)))


def test_posts_become_relationships_with_title_dates_and_evidence() -> None:
    ds = sample_dataset()
    pg = to_property_graph(ds)
    posts = {(r.start, r.end): r for r in pg.relationships if r.type == "HOLDS_POST"}
    sun = posts[(iri("person", "孙绍骋"), iri("org", "退役军人事务部"))].properties
    assert sun["title"] == "部長" and sun["titleKey"] == "部长" and sun["former"] is False
    assert (sun["firstSeen"], sun["lastSeen"], sun["articleCount"]) == ("2020-12-25", "2020-12-25", 2)
    # the evidence is the sentence and the offsets into the original text of the article it names
    doc = {d.id: d for d in (make_sample_doc(), make_sample_doc_hans())}[sun["evidenceArticle"].rsplit("/", 1)[1]]
    assert sun["evidence"] in doc.text
    assert doc.text[sun["evidenceStart"]:sun["evidenceEnd"]] in sun["evidence"]
    wang = next(r for r in pg.relationships if r.type == "HOLDS_POST" and r.start == iri("person", "王明"))
    assert wang.properties["former"] is True and wang.end_label == "GovernmentBody"
    lacalle = next(r for r in pg.relationships if r.type == "HOLDS_POST" and r.start == iri("person", "拉卡列·波乌"))
    assert lacalle.end_label == "Place"  # kg:jurisdiction


def test_a_post_without_organization_points_at_its_title() -> None:
    text = "部长张三出席。"
    doc = Document(id="t1", text=text, sentences=(Span(0, len(text)),), posts=(Post(
        person=Mention(2, 4, "张三", "PERSON", "张三", sentence=0),
        title=Mention(0, 2, "部长", "TITLE", "部长", sentence=0), org=None),))
    pg = to_property_graph(build_dataset([doc]))
    (post,) = [r for r in pg.relationships if r.type == "HOLDS_POST"]
    assert (post.end, post.end_label, post.properties["title"]) == (iri("title", "部长"), "Title", "部长")


def test_participations_mentions_and_other_relationships() -> None:
    pg = to_property_graph(sample_dataset())
    types = pg.type_counts()
    assert types["ATTENDED"] == 4 and types["SPOKE_AT"] == 1 and types["MET_AT"] == 2
    assert types["PHOTOGRAPHER"] == 1 and types["REPORTED_IN"] == 2 and types["LOCATION"] == 2
    assert types["PUBLISHER"] == 2 and types["SUB_ORGANIZATION_OF"] >= 2
    spoke = next(r for r in pg.relationships if r.type == "SPOKE_AT")
    assert spoke.properties["participation"].startswith(DEFAULT_BASE + "participation/")
    assert "講話" in spoke.properties["evidence"]
    mention = next(r for r in pg.relationships if r.type == "MENTIONS" and r.end == iri("person", "林国耀"))
    assert "林國耀" in mention.properties["evidence"]


@pytest.mark.parametrize("graph", [sample_dataset, seed_graph, policy_dataset], ids=["sample", "seed", "acts"])
def test_counts_equal_the_sparql_counts(graph: Any) -> None:
    g = graph()
    pg = to_property_graph(g)
    union = union_graph(g) if isinstance(g, Dataset) else g
    assert {**pg.label_counts(), **pg.type_counts()} == sparql_counts(union)
    assert sum(pg.type_counts().values()) > 0


def test_unstorable_characters_become_replacement_characters() -> None:
    assert kg.exporters.pg.clean("a\x00b\x1fc\ud800") == "a\ufffdb\ufffdc\ufffd"


# -- GraphML --------------------------------------------------------------------------------------------------


def read_graphml(text: str) -> nx.MultiDiGraph:
    ET.fromstring(text.encode("utf-8"))  # well-formed XML
    return nx.read_graphml(io.BytesIO(text.encode("utf-8")), force_multigraph=True)


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(value: Any) -> Any:
    """What GraphML can hold of a value: XML 1.0 has no control characters (lists are JSON, which escapes them)."""
    return _XML_INVALID.sub("\ufffd", value) if isinstance(value, str) else value


def assert_graphml_matches(text: str, pg: PropertyGraph) -> None:
    g = read_graphml(text)
    assert sorted(g.nodes) == sorted(_xml(n.id) for n in pg.nodes)
    for node in pg.nodes:
        data = dict(g.nodes[_xml(node.id)])
        assert json.loads(data.pop("labels")) == list(node.labels)
        assert data.pop("type") == node.label and data.pop("label") == _xml(node.properties.get("name", node.id))
        if "aliases" in data:
            data["aliases"] = tuple(json.loads(data["aliases"]))
        assert data == {k: _xml(v) for k, v in node.properties.items()}
    edges = sorted(((u, v, dict(d)) for u, v, d in g.edges(data=True)), key=lambda e: json.dumps(e, sort_keys=True))
    expected = []
    for r in pg.relationships:
        label = r.properties.get("title", r.type) if r.type == "HOLDS_POST" else r.type
        props = {"label": label, "type": r.type, **r.properties}
        expected.append((_xml(r.start), _xml(r.end), {k: _xml(v) for k, v in props.items()}))
    assert edges == sorted(expected, key=lambda e: json.dumps(e, sort_keys=True))


def test_graphml_reads_back_into_networkx() -> None:
    ds = sample_dataset()
    text = export(ds, "graphml")
    assert isinstance(text, str)
    assert_graphml_matches(text, to_property_graph(ds))
    root = ET.fromstring(text.encode())
    types = {k.get("attr.name"): k.get("attr.type") for k in root if k.tag.endswith("key") and k.get("for") == "edge"}
    assert types["articleCount"] == "int" and types["former"] == "boolean" and types["firstSeen"] == "string"


def test_graphml_of_the_seed_sample_reads_back() -> None:
    g = seed_graph()
    assert_graphml_matches(export(g, "graphml"), to_property_graph(g))  # type: ignore[arg-type]


# -- Neo4j CSV ------------------------------------------------------------------------------------------------


def test_neo4j_headers_follow_the_import_format() -> None:
    files = export(sample_dataset(), "neo4j")
    assert isinstance(files, dict)
    assert files["nodes/Person.csv"].splitlines()[0] == "id:ID,:LABEL,name,nameHans,nameHant,aliases:string[]"
    assert files["nodes/Meeting.csv"].splitlines()[0].endswith(",aliases:string[],date:date")
    assert files["relationships/HOLDS_POST.csv"].splitlines()[0] == (
        ":START_ID,:END_ID,:TYPE,post,title,titleKey,former:boolean,orgInferred:boolean,firstSeen:date,"
        "lastSeen:date,articleCount:int,evidence,evidenceArticle,evidenceStart:int,evidenceEnd:int")
    assert sorted(files) == sorted([*(f"nodes/{label}.csv" for label in NODE_SCHEMA),
                                    *(f"relationships/{t}.csv" for t in REL_SCHEMA),
                                    "import.sh", "kuzu.cypher", "load-csv.cypher"])
    script = files["import.sh"]
    for name in files:
        if name.endswith(".csv"):
            assert ("--nodes=" if name.startswith("nodes/") else "--relationships=") + name in script
    for option in IMPORT_OPTIONS:
        assert option in script
    gov = next(line for line in files["nodes/GovernmentBody.csv"].splitlines()[1:])
    assert f'"GovernmentBody{ARRAY_DELIMITER}Organization"' in gov


_TYPED = {":int": int, ":boolean": lambda v: v == "true", ":date": str, ":string[]": lambda v: tuple(v.split(ARRAY_DELIMITER))}


def _typed(header: str, value: str) -> tuple[str, Any]:
    for suffix, convert in _TYPED.items():
        if header.endswith(suffix):
            return header[:-len(suffix)], convert(value)
    return header, value


def read_neo4j(files: dict[str, str]) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str, str, str], dict[str, Any]]]:
    """Nodes and relationships read back from the CSV files with Python's csv module (RFC 4180 quoting)."""
    nodes: dict[str, dict[str, Any]] = {}
    rels: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for name, text in files.items():
        if not name.endswith(".csv"):
            continue
        rows = list(csv.reader(io.StringIO(text, newline="")))
        header = rows[0]
        for row in rows[1:]:
            assert len(row) == len(header), (name, row)
            values = dict(_typed(h, v) for h, v in zip(header, row, strict=True) if v != "")
            if name.startswith("nodes/"):
                node_id = values.pop("id:ID")
                assert values.pop(":LABEL").split(ARRAY_DELIMITER)[0] == name[6:-4]
                nodes[node_id] = {"id": node_id, **values}
            else:
                start, end, type_ = values.pop(":START_ID"), values.pop(":END_ID"), values.pop(":TYPE")
                key = REL_SCHEMA[type_].key
                rels[(type_, start, end, str(values.get(key, "")) if key else "")] = values
    return nodes, rels


def test_neo4j_csv_reads_back() -> None:
    ds = sample_dataset()
    pg = to_property_graph(ds)
    assert read_neo4j(export(ds, "neo4j")) == (pg_nodes(pg), pg_relationships(pg))  # type: ignore[arg-type]


def test_neo4j_folder_is_written_atomically_and_safely(tmp_path: Path) -> None:
    target = tmp_path / "graph.neo4j"
    assert format_for_path(target) == "neo4j"
    export(sample_dataset(), None, target)
    assert (target / "nodes" / "Person.csv").is_file() and (target / "import.sh").is_file()
    export(Graph(), "neo4j", target)  # an earlier export is replaced
    assert (target / "nodes" / "Person.csv").read_text(encoding="utf-8").count("\n") == 1
    other = tmp_path / "home"
    (other / "notes").mkdir(parents=True)
    with pytest.raises(ExportError, match="holds other files"):
        export(Graph(), "neo4j", other)
    assert (other / "notes").is_dir()
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="a file of that name"):
        export(Graph(), "neo4j", tmp_path / "file")
    with pytest.raises(ExportError, match="relative path"):
        write_folder(tmp_path / "bad", {"../x.csv": ""})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "graph.neo4j", "home"]


# -- Cypher ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "literal"), [
    ("孫紹騁", '"孫紹騁"'),
    ('a "b" \\ c', '"a \\"b\\" \\\\ c"'),
    ("line\nnext\r\ttab\b\f", '"line\\nnext\\r\\ttab\\b\\f"'),
    ("it's {x} <y> 😀 《法》", "\"it's {x} <y> 😀 《法》\""),
])
def test_cypher_strings(text: str, literal: str) -> None:
    assert cypher_string(text) == literal


def test_cypher_script_layout() -> None:
    ds = sample_dataset()
    pg = to_property_graph(ds)
    script = export(ds, "cypher", batch=3)
    assert isinstance(script, str)
    found = list(statements(script))
    assert all(not s.endswith(";") for s in found)
    assert sum(s.startswith("CREATE CONSTRAINT") for s in found) == len(NODE_SCHEMA)
    merges = [s for s in found if s.startswith("UNWIND")]
    rows = sum(s.count("\n{") for s in merges)
    assert rows == len(pg.nodes) + len(pg.relationships)
    assert all(s.count("\n{") <= 3 for s in merges)
    assert "MERGE (a)-[r:HOLDS_POST {post: row.key}]->(b)" in script
    assert 'date("2020-12-25")' in script
    for dialect, index in (("memgraph", "CREATE INDEX ON :Person(id);"),
                           ("falkordb", "CREATE INDEX FOR (n:Person) ON (n.id);")):
        text = export(ds, "cypher", dialect=dialect, batch=3)
        assert isinstance(text, str) and index in text
        assert [s for s in statements(text) if s.startswith("UNWIND")] == merges  # only the indexes differ
    with pytest.raises(ExportError, match="dialect"):
        export(ds, "cypher", dialect="sql")


def test_statements_ignore_comments_and_keep_multiline_statements() -> None:
    text = "// a\n\nMATCH (n)\nRETURN n;\n// b\nRETURN 1;\nRETURN 2"
    assert list(statements(text)) == ["MATCH (n)\nRETURN n", "RETURN 1", "RETURN 2"]


# -- determinism ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PG_FORMATS)
def test_property_graph_formats_are_byte_identical(name: str) -> None:
    first = export(build_dataset([make_sample_doc(), make_sample_doc_hans(), *make_policy_docs()]), name)
    second = export(build_dataset([*reversed(make_policy_docs()), make_sample_doc_hans(), make_sample_doc()]), name)
    assert first == second


_SUBPROCESS = """
import sys, json
from kg.export import export
from kg.graph import build_dataset
from tests.conftest import make_policy_docs, make_sample_doc, make_sample_doc_hans
ds = build_dataset([make_sample_doc(), make_sample_doc_hans(), *make_policy_docs()])
out = {name: export(ds, name) for name in sys.argv[1:]}
sys.stdout.buffer.write(json.dumps(out, sort_keys=True, ensure_ascii=False).encode())
"""


def test_property_graph_formats_do_not_depend_on_hash_seed() -> None:
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, "-c", _SUBPROCESS, *PG_FORMATS], env=env, cwd=ROOT,
                              capture_output=True, check=True)
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1] and set(outputs[0]) == set(PG_FORMATS)


# -- JSON-LD --------------------------------------------------------------------------------------------------


def test_jsonld_context_comes_from_the_ontology() -> None:
    ctx = context()
    onto = load_ontology()
    for term in onto.subjects(RDF.type, None):
        if str(term).startswith(KG_NS) and (term, RDF.type, OWL.Class) in onto:
            assert ctx[str(term)[len(KG_NS):]] == "kg:" + str(term)[len(KG_NS):]
    assert ctx["writtenAs"] == {"@id": "kg:writtenAs", "@container": "@language"}
    assert ctx["firstSeen"] == {"@id": "kg:firstSeen", "@type": "xsd:date"}
    assert ctx["org:role"] == {"@id": "org:role", "@type": "@id"}  # kg:role has the short key
    assert ctx["role"] == {"@id": "kg:role", "@type": "@id"}


def test_jsonld_keeps_named_graphs_and_reads_as_plain_json() -> None:
    ds = sample_dataset()
    text = export(ds, "jsonld")
    assert isinstance(text, str)
    doc = json.loads(text)
    named = {g["@id"]: g["@graph"] for g in doc["@graph"]}
    assert set(named) == {"kgid:article/hans-001", "kgid:article/hant-001", "kgid:derived"}
    sun = next(n for n in named["kgid:derived"] if n["@id"] == "person:孙绍骋")
    assert sun["prefLabel"] == {"zh-Hans": "孙绍骋", "zh-Hant": "孫紹騁"}
    post = next(n for n in named["kgid:article/hant-001"] if n.get("@type") == "PostHolding")
    assert post["former"] is False and post["title"] == {"zh-Hant": "部長"} and post["member"] == "person:孙绍骋"
    back = Dataset().parse(data=text, format="json-ld")
    for graph in ds.graphs():
        assert isomorphic(graph, back.graph(graph.identifier)), graph.identifier
    assert {g.identifier for g in back.graphs() if len(g)} == {g.identifier for g in ds.graphs() if len(g)}


def test_jsonld_parses_the_same_with_pyoxigraph() -> None:
    ox = pytest.importorskip("pyoxigraph")
    ds = sample_dataset()
    text = export(ds, "jsonld")
    nquads = export(ds, "nq")
    assert isinstance(text, str) and isinstance(nquads, str)
    a, b = ox.Store(), ox.Store()
    a.load(text.encode("utf-8"), format=ox.RdfFormat.JSON_LD)
    b.load(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    assert {str(q) for q in a} == {str(q) for q in b}


# -- hostile names through every file format ------------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=nasty_documents())
def test_hostile_names_round_trip_through_every_file_format(doc: Document) -> None:
    ds = build_dataset([doc])
    pg = to_property_graph(ds)
    assert pg.label_counts()["Person"] >= 1 and pg.type_counts()["HOLDS_POST"] == 1
    assert {**pg.label_counts(), **pg.type_counts()} == sparql_counts(union_graph(ds))
    assert_graphml_matches(export(ds, "graphml"), pg)  # type: ignore[arg-type]
    assert read_neo4j(export(ds, "neo4j")) == (pg_nodes(pg), pg_relationships(pg))  # type: ignore[arg-type]
    script = export(ds, "cypher")
    assert isinstance(script, str) and all(s.startswith(("CREATE", "UNWIND")) for s in statements(script))
    back = Dataset().parse(data=export(ds, "jsonld"), format="json-ld")
    for graph in ds.graphs():
        assert isomorphic(graph, back.graph(graph.identifier))


# -- CLI ------------------------------------------------------------------------------------------------------


def test_cli_export_infers_every_format_from_the_suffix(tmp_path: Path) -> None:
    source = tmp_path / "graph.nq"
    export(sample_dataset(), "nq", source)
    runner = CliRunner()
    for name in ("g.jsonld", "g.graphml", "g.cypher", "g.neo4j"):
        result = runner.invoke(main, ["export", str(source), "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert f"Wrote {tmp_path / name}" in result.output
    assert isomorphic(Dataset().parse(tmp_path / "g.jsonld", format="json-ld").graph(
        URIRef(DEFAULT_BASE + "article/hans-001")), sample_dataset().graph(URIRef(DEFAULT_BASE + "article/hans-001")))
    result = runner.invoke(main, ["export", str(source), "--format", "neo4j", "-o", str(tmp_path / "import")])
    assert result.exit_code == 0 and (tmp_path / "import" / "import.sh").is_file()
    result = runner.invoke(main, ["export", str(source), "--dialect", "memgraph", "-o", str(tmp_path / "m.cypher")])
    assert result.exit_code == 0 and "CREATE INDEX ON :Person(id);" in (tmp_path / "m.cypher").read_text("utf-8")
    result = runner.invoke(main, ["export", str(source), "-o", str(tmp_path / "g.xyz")])
    assert result.exit_code == 1 and result.output.startswith("Error: cannot tell the export format")


def test_cli_export_reads_a_store(tmp_path: Path) -> None:
    pytest.importorskip("pyoxigraph")
    from kg.store import KgStore

    with KgStore.open(tmp_path / "store") as store:
        store.add([make_sample_doc(), make_sample_doc_hans()])
    result = CliRunner().invoke(main, ["export", str(tmp_path / "store"), "-o", str(tmp_path / "g.jsonld")])
    assert result.exit_code == 0, result.output
    back = Dataset().parse(tmp_path / "g.jsonld", format="json-ld")
    assert len({g.identifier for g in back.graphs() if len(g)}) == 3  # two articles and the derived graph


def test_build_writes_the_new_formats(tmp_path: Path) -> None:
    from kg.api import _export_all

    ds = sample_dataset()
    written = _export_all(ds, union_graph(ds), tmp_path, ["jsonld", "graphml", "neo4j", "cypher"], "t")
    assert [p.name for p in written] == ["graph.jsonld", "graph.graphml", "graph.neo4j", "graph.cypher"]
    back = Dataset().parse(tmp_path / "graph.jsonld", format="json-ld")
    assert len({g.identifier for g in back.graphs() if len(g)}) == 3
    assert (tmp_path / "graph.neo4j" / "kuzu.cypher").is_file()


def test_registry_names() -> None:
    assert get_exporter("json-ld").name == "jsonld" and get_exporter("jsonld").rdf_format == "json-ld"
    for name, suffix in (("jsonld", ".jsonld"), ("graphml", ".graphml"), ("neo4j", ".neo4j"), ("cypher", ".cypher")):
        assert format_for_path("out/graph" + suffix) == name
        assert get_exporter(name).description


def test_doctests() -> None:
    for module in (kg.exporters, kg.exporters.pg, kg.exporters.graphml, kg.exporters.neo4j, kg.exporters.cypher,
                   kg.exporters.jsonld):
        assert doctest.testmod(module).failed == 0, module.__name__
