"""The persistent store: append idempotence, replacement, retraction, locking, and the CLI around it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.cli import main
from kg.export import serialize_nquads, serialize_ntriples
from kg.graph import build_dataset
from kg.model import Document, Span
from kg.store import KgStore, StoreError

TEXTS = {
    "a": ("2023-03-11", "国务院总理李强主持召开国务院常务会议。"),
    "b": ("2024-05-02", "退役军人事务部部长孙绍骋出席会议并讲话。"),
    "c": ("2025-01-06", "国务院总理李强会见欧洲中央银行行长拉加德。"),
}


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    nlp = kg.Pipeline()
    return {i: nlp(Document(id=i, text=t, date=d, regions=(Span(0, len(t)),))) for i, (d, t) in TEXTS.items()}


def test_store_equals_in_memory_build(tmp_path: Path, docs: dict[str, Document]) -> None:
    with KgStore.open(tmp_path / "s") as store:
        result = store.add(docs.values())
        assert (result.added, result.skipped) == (3, 0)
        assert store.dump_nquads() == serialize_nquads(build_dataset(docs.values()))


def test_leftovers_of_a_killed_first_build_are_dropped(tmp_path: Path, docs: dict[str, Document]) -> None:
    """A first build killed before it saved its state leaves quads (articles, part of the derived graph) in a
    store whose state names no article: the next build starts from an empty store."""
    import pyoxigraph as ox

    from kg.graph import DEFAULT_BASE, derived_graph_iri

    with KgStore.open(tmp_path / "s") as store:
        leftover = ox.NamedNode(DEFAULT_BASE + "article/a")
        derived = ox.NamedNode(str(derived_graph_iri(DEFAULT_BASE)))
        junk = ox.NamedNode(DEFAULT_BASE + "person/nobody")
        label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
        store.ox.add(ox.Quad(junk, label, ox.Literal("nobody"), leftover))
        store.ox.add(ox.Quad(junk, label, ox.Literal("nobody"), derived))
    with KgStore.open(tmp_path / "s") as store:
        store.add(docs.values())
        assert store.dump_nquads() == serialize_nquads(build_dataset(docs.values()))


def test_append_is_idempotent_and_incremental(tmp_path: Path, docs: dict[str, Document]) -> None:
    with KgStore.open(tmp_path / "s") as store:
        store.add([docs["a"], docs["b"]])
        before = store.dump_nquads()
        again = store.add([docs["a"], docs["b"]])
        assert (again.added, again.skipped) == (0, 2)
        assert store.dump_nquads() == before
        store.add([docs["c"]])
        # the post's dates now span both articles that state it
        rows = list(store.query("""PREFIX kg: <https://w3id.org/kg-gov/ns#>
            SELECT DISTINCT ?f ?l ?n WHERE { ?p kg:firstSeen ?f ; kg:lastSeen ?l ; kg:articleCount ?n ;
              <http://www.w3.org/ns/org#member> <https://w3id.org/kg-gov/id/person/李强> }"""))
        assert [(r["f"].value, r["l"].value, r["n"].value) for r in rows] == [("2023-03-11", "2025-01-06", "2")]


def test_changed_article_replaces_its_graph(tmp_path: Path, docs: dict[str, Document]) -> None:
    nlp = kg.Pipeline()
    text = "国务院副总理丁薛祥出席会议。"
    changed = nlp(Document(id="b", text=text, date="2024-05-02", regions=(Span(0, len(text)),)))
    with KgStore.open(tmp_path / "s") as store:
        store.add([docs["a"], docs["b"]])
        result = store.add([changed])
        assert (result.added, result.replaced) == (0, 1)
        assert store.dump_nquads() == serialize_nquads(build_dataset([docs["a"], changed]))


def test_parallel_batches_and_replacements(tmp_path: Path, docs: dict[str, Document]) -> None:
    """Two processes build batches of one article here (``batch`` // 5) that are loaded two articles at a time;
    articles added again lose their old graph before any batch is loaded."""
    nlp = kg.Pipeline()

    def doc(i: str, date: str, text: str) -> Document:
        return nlp(Document(id=i, text=text, date=date, regions=(Span(0, len(text)),)))

    changed = [doc("a", "2023-03-11", "国务院副总理丁薛祥出席会议。"),
               doc("c", "2025-01-06", "外交部部长王毅会见欧洲中央银行行长拉加德。")]
    with KgStore.open(tmp_path / "s") as store:
        result = store.add(docs.values(), batch=2, jobs=2)
        assert result.ids == ["a", "b", "c"]
        assert store.dump_nquads() == serialize_nquads(build_dataset(docs.values()))
        result = store.add(changed + [docs["b"]], batch=2, jobs=2)
        assert (result.added, result.replaced, result.skipped) == (0, 2, 1)
        assert store.dump_nquads() == serialize_nquads(build_dataset([changed[0], docs["b"], changed[1]]))


def test_remove_retracts_exactly_the_article(tmp_path: Path, docs: dict[str, Document]) -> None:
    with KgStore.open(tmp_path / "s") as store:
        store.add([docs["a"], docs["b"], docs["c"]])
        assert store.remove(["b", "missing"]) == ["b"]
        assert store.dump_nquads() == serialize_nquads(build_dataset([docs["a"], docs["c"]]))
        assert "孙绍骋" not in store.dump_nquads()


def test_a_second_writer_fails_clearly(tmp_path: Path) -> None:
    with KgStore.open(tmp_path / "s"):
        with pytest.raises(StoreError, match="another kg build is writing this store"):
            KgStore.open(tmp_path / "s")


def test_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not a kg store"):
        KgStore.open(tmp_path / "nothing", create=False)


def test_cli_append_remove_stats(tmp_path: Path) -> None:
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "date": d.replace("-", ""), "text": t}, ensure_ascii=False) + "\n"
                              for i, (d, t) in TEXTS.items()), encoding="utf-8")
    store = tmp_path / "corpus.kg"
    runner = CliRunner()
    first = runner.invoke(main, ["build", str(corpus), "--store", str(store)])
    assert first.exit_code == 0, first.output
    assert "3 added, 0 replaced, 0 already there" in first.output
    assert "SHACL: conforms" in first.output
    again = runner.invoke(main, ["build", str(corpus), "--append", str(store), "-o", str(tmp_path / "out"),
                                 "--format", "nq,ttl"])
    assert "0 added, 0 replaced, 3 already there" in again.output
    assert (tmp_path / "out" / "graph.nq").read_text(encoding="utf-8").count("\n") > 50
    stats = runner.invoke(main, ["stats", str(store)])
    assert stats.exit_code == 0, stats.output
    assert "Article                 3" in stats.output and "李强" in stats.output
    removed = runner.invoke(main, ["remove", str(store), "c"])
    assert removed.output.strip() == "Removed 1 article(s)"
    stats = runner.invoke(main, ["stats", str(store)])
    assert "Article                 2" in stats.output


def test_fast_exports_from_the_store(tmp_path: Path, docs: dict[str, Document]) -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    with KgStore.open(tmp_path / "s") as store:
        store.add(docs.values())
        ttl, nt = store.dump_turtle(), store.dump_ntriples()
        assert ttl == store.dump_turtle()  # deterministic
    expected = kg.build_graph(docs.values())
    assert isomorphic(Graph().parse(data=ttl, format="turtle"), Graph().parse(data=nt, format="nt"))
    assert len(Graph().parse(data=nt, format="nt")) == len(expected)
    assert nt == serialize_ntriples(expected)  # Oxigraph's lines are kg's own writer's


def test_dumps_keep_odd_literals_and_the_default_graph(tmp_path: Path) -> None:
    """Lines are split on newlines only (a literal may hold U+2028), tags get kg's case only where they are
    tags, and N-Triples hold the default graph's triples too, each triple once."""
    import pyoxigraph as ox

    s, p, g = (ox.NamedNode(f"https://example.org/{x}") for x in "spg")
    with KgStore.open(tmp_path / "s") as store:
        store.ox.add(ox.Quad(s, p, ox.Literal("一行\u2028两行", language="zh-Hans"), g))
        store.ox.add(ox.Quad(s, p, ox.Literal('引号"@zh-hans 在内'), g))
        store.ox.add(ox.Quad(s, p, ox.Literal("默认图"), ox.DefaultGraph()))
        store.ox.add(ox.Quad(s, p, ox.Literal("默认图"), g))
        nt, nq = store.dump_ntriples(), store.dump_nquads()
    lines = nt.split("\n")
    assert lines[-1] == "" and lines[:-1] == sorted(lines[:-1]) and len(lines) == 4
    assert '<https://example.org/s> <https://example.org/p> "一行\u2028两行"@zh-Hans .' in lines
    assert '<https://example.org/s> <https://example.org/p> "引号\\"@zh-hans 在内" .' in lines
    quads = nq.split("\n")
    assert quads[:-1] == sorted(quads[:-1]) and len(quads) == 5


def test_rdflib_api_over_the_store(tmp_path: Path, docs: dict[str, Document]) -> None:
    with KgStore.open(tmp_path / "s") as store:
        store.add(docs.values())
        ds = store.graph()
        rows = list(ds.query("""PREFIX kg: <https://w3id.org/kg-gov/ns#>
            SELECT DISTINCT ?n WHERE { GRAPH ?g { ?p a kg:Person ; <http://www.w3.org/2000/01/rdf-schema#label> ?n } }
            ORDER BY ?n"""))
        assert {str(r.n) for r in rows} >= {"李强", "孙绍骋", "拉加德"}


def test_api_functions_are_not_shadowed_by_submodules(tmp_path: Path) -> None:
    """kg.stats, kg.validate, kg.view … stay functions after the modules behind them are imported."""
    import importlib

    for name in ("kg.stats", "kg.shacl", "kg.view", "kg.push", "kg.evaluate", "kg.export"):
        importlib.import_module(name)
    for name in ("stats", "validate", "view", "push", "evaluate", "export", "build", "extract"):
        assert callable(getattr(kg, name)) and not isinstance(getattr(kg, name), type(kg)), name
