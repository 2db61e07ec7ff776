"""The exporter registry, the deterministic RDF writers and atomic writes."""

from __future__ import annotations

import doctest
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, RDFS

import kg.atomic
from kg import ontology as vocab
from kg.atomic import atomic_open, atomic_write
from kg.errors import ExportError
from kg.export import (
    export,
    exporter_names,
    exporters,
    format_for_path,
    get_exporter,
    register_exporter,
    serialize_turtle,
    unregister_exporter,
)
from kg.graph import DEFAULT_BASE, build_graph, entity_iri
from kg.model import Document, Mention, Span
from kg.ontology import KG, bind_prefixes, load_ontology
from tests.conftest import make_policy_docs, make_sample_doc, make_sample_doc_hans

# kg/__init__.py re-exports the function kg.export.export, which hides the module attribute
export_module = importlib.import_module("kg.export")
RDF_EXPORTERS = [info.name for info in exporters() if info.rdf_format]


def sample_graph() -> Graph:
    return build_graph([make_sample_doc(), make_sample_doc_hans()])


def assert_isomorphic(expected: Graph, actual: Graph) -> None:
    """Compare by isomorphism; on failure show the triples only in one graph."""
    if isomorphic(expected, actual):
        return
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = ["graphs differ", "only in the original:"]
    lines += sorted(f"  {t}" for t in only_expected.serialize(format="nt").splitlines())
    lines += ["only after the round trip:"]
    lines += sorted(f"  {t}" for t in only_actual.serialize(format="nt").splitlines())
    pytest.fail("\n".join(lines))


def round_trip(graph: Graph, name: str) -> Graph:
    info = get_exporter(name)
    text = export(graph, name)
    assert isinstance(text, str)
    return Graph().parse(data=text, format=info.rdf_format)


# -- registry -------------------------------------------------------------------------------------------------


def test_builtin_exporters() -> None:
    assert {"ttl", "nt", "html"} <= set(exporter_names())
    assert exporter_names() == sorted(exporter_names())
    assert set(RDF_EXPORTERS) >= {"ttl", "nt"}
    assert get_exporter("turtle").name == "ttl"
    assert get_exporter("NTriples").name == "nt"


def test_unknown_format_lists_valid_names() -> None:
    with pytest.raises(ExportError) as err:
        export(Graph(), "rdfxml")
    message = str(err.value)
    assert "rdfxml" in message
    for name in exporter_names():
        assert name in message
    assert "turtle" in message


@pytest.mark.parametrize(("path", "name"), [
    ("g.ttl", "ttl"), ("out/g.TTL", "ttl"), ("g.turtle", "ttl"), ("g.nt", "nt"), ("g.html", "html"),
])
def test_format_for_path(path: str, name: str) -> None:
    assert format_for_path(path) == name
    assert format_for_path(Path(path)) == name


@pytest.mark.parametrize("path", ["graph.xyz", "graph"])
def test_unknown_suffix(path: str) -> None:
    with pytest.raises(ExportError, match=r"\.ttl"):
        format_for_path(path)


def test_suffix_inference(tmp_path: Path) -> None:
    graph = sample_graph()
    for suffix, parser in ((".ttl", "turtle"), (".nt", "nt")):
        target = tmp_path / "sub" / f"graph{suffix}"
        assert export(graph, None, target) is None
        assert_isomorphic(graph, Graph().parse(target, format=parser))


def test_no_format_and_no_destination() -> None:
    with pytest.raises(ExportError, match="format"):
        export(Graph())


def test_unexpected_option_is_an_export_error() -> None:
    with pytest.raises(ExportError, match="title"):
        export(Graph(), "ttl", title="x")


def test_register_custom_and_lazy_exporters(tmp_path: Path) -> None:
    try:
        register_exporter("triplecount", lambda graph: f"{len(graph)}\n", aliases=["count"], suffixes=["cnt"])
        assert export(sample_graph(), "COUNT") == f"{len(sample_graph())}\n"
        assert format_for_path(tmp_path / "a.cnt") == "triplecount"
        with pytest.raises(ExportError, match="belongs to"):
            register_exporter("other", lambda graph: "", aliases=["count"])
        register_exporter("lazy", "kg.export:serialize_ntriples")
        assert export(sample_graph(), "lazy") == export(sample_graph(), "nt")
        register_exporter("broken", "kg.no_such_module:fn")
        with pytest.raises(ExportError, match="cannot be loaded"):
            export(Graph(), "broken")
    finally:
        for name in ("triplecount", "other", "lazy", "broken"):
            unregister_exporter(name)
    assert "triplecount" not in exporter_names()
    with pytest.raises(ExportError):
        format_for_path("a.cnt")


# -- RDF round trips ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", RDF_EXPORTERS)
def test_round_trip_every_rdf_exporter(name: str) -> None:
    graph = sample_graph()
    assert_isomorphic(graph, round_trip(graph, name))


@pytest.mark.parametrize("name", RDF_EXPORTERS)
def test_round_trip_policy_acts(name: str) -> None:
    graph = build_graph(make_policy_docs())
    back = round_trip(graph, name)
    assert_isomorphic(graph, back)
    assert len(set(back.subjects(RDF.type, KG.PolicyAct))) == 4 and len(set(back.subject_objects(KG.issued))) == 1


@pytest.mark.parametrize("name", RDF_EXPORTERS)
def test_round_trip_the_ontology(name: str) -> None:
    ontology = load_ontology()
    assert_isomorphic(ontology, round_trip(ontology, name))


@pytest.mark.parametrize("name", RDF_EXPORTERS)
def test_output_is_byte_identical(name: str, tmp_path: Path) -> None:
    first = export(build_graph([make_sample_doc(), make_sample_doc_hans()]), name)
    second = export(build_graph([make_sample_doc_hans(), make_sample_doc()]), name)
    assert first == second
    export(sample_graph(), name, tmp_path / "a.out")
    export(sample_graph(), name, tmp_path / "b.out")
    assert (tmp_path / "a.out").read_bytes() == (tmp_path / "b.out").read_bytes()
    assert (tmp_path / "a.out").read_bytes() == (first or "").encode("utf-8")


_SUBPROCESS = """
import sys
from kg.export import export
from kg.graph import build_graph
from tests.conftest import make_policy_docs, make_sample_doc, make_sample_doc_hans
docs = [make_sample_doc(), make_sample_doc_hans(), *make_policy_docs()]
sys.stdout.buffer.write(export(build_graph(docs), sys.argv[1]).encode())
"""


@pytest.mark.parametrize("name", RDF_EXPORTERS)
def test_output_does_not_depend_on_hash_seed(name: str) -> None:
    root = Path(__file__).resolve().parent.parent
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}
        done = subprocess.run([sys.executable, "-c", _SUBPROCESS, name], env=env, cwd=root,
                              capture_output=True, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_turtle_layout() -> None:
    g = Graph(bind_namespaces="none")
    bind_prefixes(g)
    a, b = URIRef(DEFAULT_BASE + "person/乙"), URIRef(DEFAULT_BASE + "person/甲")
    g.add((b, RDFS.label, Literal("甲", lang="zh-Hans")))
    g.add((b, RDF.type, KG.Person))
    g.add((a, KG.start, Literal(7)))
    g.add((a, RDF.type, KG.Evidence))
    g.bind("person", DEFAULT_BASE + "person/")
    assert serialize_turtle(g) == (
        "@prefix kg: <https://w3id.org/kg-gov/ns#> .\n"
        "@prefix person: <https://w3id.org/kg-gov/id/person/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "\n"
        "person:甲 a kg:Person ;\n"
        '    rdfs:label "甲"@zh-Hans .\n'
        "\n"
        "person:乙 a kg:Evidence ;\n"
        "    kg:start 7 .\n"
    )


def test_turtle_uses_escaped_local_names_and_falls_back_to_full_iris() -> None:
    g = Graph(bind_namespaces="none")
    g.bind("p", "http://example.org/p/")
    for local in ("a/b(c)", "-x", "ends.", "a b", "%zz", "é§"):
        g.add((URIRef("http://example.org/p/s"), RDFS.label, URIRef("http://example.org/p/" + local.replace(" ", "%20"))))
    text = serialize_turtle(g)
    assert r"p:a\/b\(c\)" in text and r"p:\-x" in text and "<http://example.org/p/ends.>" in text
    assert_isomorphic(g, Graph().parse(data=text, format="turtle"))


def test_iris_that_turtle_cannot_hold_are_an_export_error() -> None:
    g = Graph()
    g.add((URIRef("http://example.org/a b"), RDFS.label, Literal("x")))
    for name in RDF_EXPORTERS:
        with pytest.raises(ExportError, match="entity_iri"):
            export(g, name)


_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
_LANG = st.sampled_from([None, "zh-Hans", "zh-Hant", "en"])


@settings(max_examples=150, deadline=None)
@given(values=st.lists(st.tuples(_TEXT, _LANG), min_size=1, max_size=5), key=_TEXT)
def test_any_text_round_trips(values: list[tuple[str, str | None]], key: str) -> None:
    g = Graph(bind_namespaces="none")
    bind_prefixes(g)
    g.bind("person", DEFAULT_BASE + "person/")
    subject = entity_iri(DEFAULT_BASE, "person", key)
    g.add((subject, RDF.type, KG.Person))
    for i, (text, lang) in enumerate(values):
        g.add((subject, RDFS.label, Literal(text, lang=lang)))
        g.add((subject, KG.sentence, Literal(text, datatype=vocab.XSD.string)))
        g.add((subject, KG.start, Literal(i)))
    for name in RDF_EXPORTERS:
        assert_isomorphic(g, round_trip(g, name))


def test_quotes_backslashes_newlines_and_emoji_round_trip() -> None:
    nasty = 'he said "hi" \\ then\nleft\r\t\x00\x7f 😀 """ \'\'\' end\\'
    text = nasty
    doc = Document(id='doc "1"', text=text, title=nasty, sentences=(Span(0, len(text)),), mentions=(
        Mention(0, len(text), text, "PERSON", text, None, 0),
    ))
    g = build_graph([doc])
    for name in RDF_EXPORTERS:
        assert_isomorphic(g, round_trip(g, name))


# -- atomic writes --------------------------------------------------------------------------------------------


def test_failed_writer_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("old contents\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_open(target) as f:
        f.write("partial")
        raise RuntimeError("writer failed")
    assert target.read_text(encoding="utf-8") == "old contents\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_failed_exporter_leaves_the_old_file(tmp_path: Path) -> None:
    def boom(graph: Graph) -> str:
        raise ExportError("boom")

    target = tmp_path / "graph.boom"
    target.write_text("old", encoding="utf-8")
    try:
        register_exporter("boom", boom, suffixes=[".boom"])
        with pytest.raises(ExportError, match="boom"):
            export(sample_graph(), None, target)
    finally:
        unregister_exporter("boom")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.boom"]


def test_failed_replace_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "graph.nt"
    target.write_text("old", encoding="utf-8")

    def failing_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kg.atomic.os, "replace", failing_replace)
    with pytest.raises(ExportError, match="No space left"):
        export(sample_graph(), "nt", target)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.nt"]


def test_atomic_write_creates_parents_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "out.txt"
    atomic_write(target, "一\n二\r\n")
    assert target.read_bytes() == "一\n二\r\n".encode()
    os.chmod(target, 0o640)
    atomic_write(target, b"bytes")
    assert target.read_bytes() == b"bytes"
    assert (os.stat(target).st_mode & 0o777) == 0o640


def test_atomic_open_rejects_other_modes(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="mode"):
        atomic_open(tmp_path / "x", "a")  # type: ignore[call-overload]


def test_unwritable_destination_is_an_export_error(tmp_path: Path) -> None:
    (tmp_path / "dir.ttl").mkdir()
    with pytest.raises(ExportError, match="cannot write"):
        export(sample_graph(), "ttl", tmp_path / "dir.ttl")


# -- HTML -----------------------------------------------------------------------------------------------------


def test_html_export(tmp_path: Path) -> None:
    pytest.importorskip("kg.html")
    target = tmp_path / "graph.html"
    export(sample_graph(), None, target, title="退役军人 知识图谱")
    html = target.read_text(encoding="utf-8")
    assert "<html" in html.lower()
    assert "退役军人 知识图谱" in html


def test_html_export_without_renderer_is_an_export_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "kg.html", None)  # makes "import kg.html" raise ImportError
    with pytest.raises(ExportError, match="kg.html"):
        export(sample_graph(), "html")


def test_doctests() -> None:
    for module in (export_module, kg.atomic):
        assert doctest.testmod(module).failed == 0
