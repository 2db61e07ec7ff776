"""The confidence stage: the figure of each fact from its way, the facts below a minimum left out (with what
names them), and the figures in the graph — per statement on its evidence, per fact the highest — the same
from a file build and from a store, through appending and removing articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from kg.cli import main
from kg.confidence import Rate, figure, keep, load_table, score, ways
from kg.graph import build_dataset, derived_graph_iri, entity_iri, union_graph
from kg.ontology import KG, PROV, XSD
from kg.pipeline import Pipeline
from kg.reader import document_from_text
from kg.store import KgStore

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/kg-gov/id/"

POST = "国务院总理李强主持召开国务院常务会议。"
NAMED_ONLY = "李强的文章在报纸上发表了。"
LISTED = "记者在村里见到了刘红梅和卡洛斯·门多萨。"


@pytest.fixture(scope="module")
def nlp() -> Pipeline:
    return Pipeline(min_confidence=0)


def _doc(nlp: Pipeline, text: str, id: str = "a1", date: str = "2025-01-02"):  # type: ignore[no-untyped-def]
    return nlp(document_from_text(text, id, date=date))


def test_the_table_has_every_kind_and_figures_between_zero_and_one() -> None:
    table = load_table()
    for kind in ("persons", "posts", "meetings", "participations", "met", "policies", "policy_relations"):
        assert "*" in table[kind]
        for way in table[kind]:
            assert 0 <= figure(kind, way) <= 1


def test_a_way_seen_on_few_facts_is_pulled_towards_its_kind() -> None:
    table = {"policies": {"*": Rate(80, 100), "quoted-verb:slogan": Rate(0, 1), "lexicon:slogan": Rate(0, 40)}}
    assert figure("policies", "quoted-verb:slogan", table) == pytest.approx(3.2 / 5, abs=1e-3)
    assert figure("policies", "lexicon:slogan", table) < 0.1  # many facts: its own rate
    assert figure("policies", "book:law", table) == 0.8  # never seen: the kind's


def test_every_fact_gets_a_figure_from_its_way(nlp: Pipeline) -> None:
    doc = _doc(nlp, POST)
    found = {(kind, way) for kind, way, _ in ways(doc)}
    assert ("posts", "org:han2") in found
    assert ("persons", "post:han2") in found  # a person holding a post in the article
    assert ("participations", "presided:named:same") in found
    assert all(0 < p.confidence <= 1 for p in doc.posts)
    assert all(0 < e.confidence <= 1 for e in doc.events)
    person = next(m for m in doc.mentions if m.label == "PERSON")
    assert person.confidence == figure("persons", "post:han2")


def test_a_name_with_a_post_is_surer_than_a_name_alone(nlp: Pipeline) -> None:
    with_post = next(m for m in _doc(nlp, POST).mentions if m.label == "PERSON")
    alone = next(m for m in _doc(nlp, NAMED_ONLY).mentions if m.label == "PERSON")
    assert with_post.key == alone.key == "李强"
    assert with_post.confidence > alone.confidence


def test_facts_below_the_minimum_are_left_out_with_what_names_them(nlp: Pipeline) -> None:
    # a table where a person holding a post is doubtful: the person goes, and their post and role with them
    table = {"persons": {"*": Rate(9, 10), "post:han2": Rate(0, 100)}}
    doc = keep(score(_doc(nlp, POST), table=table), 0.5)
    assert not [m for m in doc.mentions if m.label == "PERSON"]
    assert doc.posts == ()
    assert all(e.participants == () for e in doc.events)
    assert [m for m in doc.mentions if m.label == "ORG"]  # bodies carry no figure: kept


def test_a_meeting_below_the_minimum_takes_its_roles(nlp: Pipeline) -> None:
    table = {"meetings": {"*": Rate(0, 100)}}
    doc = keep(score(_doc(nlp, POST), table=table), 0.5)
    assert doc.events == ()
    assert doc.posts  # the post is stated by the text whatever the meeting


def test_minimum_zero_keeps_every_fact(nlp: Pipeline) -> None:
    doc = _doc(nlp, LISTED)
    assert keep(doc, 0) is doc
    low = [m for m in doc.mentions if m.label == "PERSON" and m.confidence < 0.5]
    kept = keep(doc, 0.5)
    assert {m.key for m in kept.mentions if m.label == "PERSON"} == \
        {m.key for m in doc.mentions if m.label == "PERSON"} - {m.key for m in low}


def test_the_pipeline_default_leaves_out_what_a_minimum_of_zero_keeps() -> None:
    # a transliterated name with neither post nor role: a way that is mostly wrong where it was measured
    everything = Pipeline(min_confidence=0)(LISTED)
    default = Pipeline()(LISTED)
    names = {m.key for m in everything.mentions if m.label == "PERSON"}
    assert "卡洛斯·门多萨" in names
    if figure("persons", "named:foreign") < 0.5:
        assert "卡洛斯·门多萨" not in {m.key for m in default.mentions if m.label == "PERSON"}
    assert "刘红梅" in {m.key for m in default.mentions if m.label == "PERSON"}


def _confidence(ds, node: URIRef) -> Literal | None:  # type: ignore[no-untyped-def]
    return ds.graph(derived_graph_iri(BASE)).value(node, KG.confidence)


def test_the_graph_keeps_each_statement_and_the_highest_per_fact(nlp: Pipeline) -> None:
    a, b = _doc(nlp, POST, "a1"), _doc(nlp, NAMED_ONLY, "a2")
    ds = build_dataset([a, b])
    person = entity_iri(BASE, "person", "李强")
    best = max(m.confidence for d in (a, b) for m in d.mentions if m.label == "PERSON")
    value = _confidence(ds, person)
    assert value is not None and value.datatype == XSD.decimal
    assert float(value) == pytest.approx(best, abs=1e-3)
    # each article's statement is on its evidence
    union = union_graph(ds)
    figures = sorted(float(union.value(ev, KG.confidence)) for ev in union.objects(person, PROV.wasDerivedFrom))
    assert figures == sorted(round(m.confidence, 3) for d in (a, b) for m in d.mentions if m.label == "PERSON")


def test_a_store_keeps_the_highest_figure_through_append_and_remove(nlp: Pipeline, tmp_path: Path) -> None:
    strong, weak = _doc(nlp, POST, "a1"), _doc(nlp, NAMED_ONLY, "a2")
    person = entity_iri(BASE, "person", "李强")
    f_strong = next(m.confidence for m in strong.mentions if m.label == "PERSON")
    f_weak = next(m.confidence for m in weak.mentions if m.label == "PERSON")
    assert f_strong > f_weak

    def stored(st: KgStore) -> float:
        rows = list(st.query(f"SELECT ?c WHERE {{ GRAPH <{derived_graph_iri(BASE)}> {{ <{person}> <{KG.confidence}> ?c }} }}"))
        assert len(rows) == 1
        return float(rows[0]["c"].value)

    with KgStore.open(tmp_path / "s.kg") as st:
        st.add([weak])
        assert stored(st) == pytest.approx(f_weak, abs=1e-3)
        st.add([strong])
        assert stored(st) == pytest.approx(f_strong, abs=1e-3)
        st.remove(["a1"])
        assert stored(st) == pytest.approx(f_weak, abs=1e-3)
        nquads = st.dump_nquads()
    # the same two articles built in memory give the same derived figure as the store built in one go
    with KgStore.open(tmp_path / "t.kg") as st:
        st.add([weak])
        assert st.dump_nquads() == nquads


def test_the_cli_takes_a_minimum_and_refuses_one_out_of_range(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text(LISTED, encoding="utf-8")
    runner = CliRunner()
    everything = runner.invoke(main, ["extract", str(text), "--min-confidence", "0", "--no-progress"])
    assert everything.exit_code == 0, everything.output
    assert "卡洛斯·门多萨" in everything.output
    bad = runner.invoke(main, ["extract", str(text), "--min-confidence", "1.5"])
    assert bad.exit_code == 2 and "min-confidence" in bad.output


def test_the_docs_example_runs() -> None:
    import doctest

    result = doctest.testfile(str(ROOT / "docs" / "confidence.md"), module_relative=False)
    assert result.attempted >= 1 and result.failed == 0


def test_named_queries_leave_out_facts_below_their_minimum(nlp: Pipeline) -> None:
    from kg.graph import build_graph
    from kg.query import ParameterError, run_query

    graph = build_graph([_doc(nlp, POST)])
    post = next(iter(_doc(nlp, POST).posts))
    params = {"title": "总理", "org": "国务院", "date": "2025-01-02"}
    assert [r["person"] for r in run_query(graph, "holders", params).records()] == ["李强"]
    assert run_query(graph, "holders", {**params, "min_confidence": f"{post.confidence:.3f}"}).records()
    above = min(1.0, round(post.confidence + 0.01, 3))
    assert not run_query(graph, "holders", {**params, "min_confidence": str(above)}).records()
    assert [r["role"] for r in run_query(graph, "meetings", {"person": "李强", "min_confidence": "0"}).records()] \
        == ["presided"]
    with pytest.raises(ParameterError, match="from 0 to 1"):
        run_query(graph, "holders", {**params, "min_confidence": "1.5"})


def test_a_graph_cut_higher_loses_the_facts_below_and_what_they_alone_state(nlp: Pipeline) -> None:
    from dataclasses import replace

    from kg.graph import above, build_graph
    from kg.ontology import ORG, RDF

    doc = _doc(nlp, "国务院总理、国务院党组书记李强主持召开国务院常务会议。")
    assert len(doc.posts) == 2 and doc.events
    # the meeting doubtful, one of the two posts doubtful: both at 0.4
    doc = replace(doc, events=tuple(replace(e, confidence=0.4) for e in doc.events),
                  posts=(replace(doc.posts[0], confidence=0.4), replace(doc.posts[1], confidence=0.95)))
    graph = build_graph([doc])
    person, body = entity_iri(BASE, "person", "李强"), entity_iri(BASE, "org", "国务院")
    assert (person, KG.presided, None) in graph and (person, ORG.memberOf, body) in graph
    before = len(graph)
    assert len(above(graph, 0.3)) == before  # nothing below 0.3
    above(graph, 0.5)
    assert not list(graph.subjects(RDF.type, KG.Meeting))
    assert not list(graph.subjects(RDF.type, KG.Participation))  # the roles at the meeting left out
    assert (person, KG.presided, None) not in graph  # stated by nothing that is left
    assert len(list(graph.subjects(RDF.type, KG.PostHolding))) == 1
    assert (person, ORG.memberOf, body) in graph  # still stated by the other post
    for ev in graph.subjects(RDF.type, KG.Evidence):
        assert (None, PROV.wasDerivedFrom, ev) in graph  # no evidence left pointing nowhere


def test_export_and_view_take_a_minimum(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text(POST, encoding="utf-8")
    runner = CliRunner()
    built = runner.invoke(main, ["build", str(text), "-o", str(tmp_path / "out"), "--min-confidence", "0",
                                 "--format", "nq", "--no-progress"])
    assert built.exit_code == 0, built.output
    everything = runner.invoke(main, ["export", str(tmp_path / "out" / "graph.nq"), "-o", str(tmp_path / "all.nq"),
                                      "--min-confidence", "0"])
    sure = runner.invoke(main, ["export", str(tmp_path / "out" / "graph.nq"), "-o", str(tmp_path / "sure.nq"),
                                "--min-confidence", "0.999"])
    assert everything.exit_code == 0 and sure.exit_code == 0, (everything.output, sure.output)
    lines = (tmp_path / "all.nq").read_text(encoding="utf-8").splitlines()
    kept = (tmp_path / "sure.nq").read_text(encoding="utf-8").splitlines()
    assert set(kept) < set(lines) and "PostHolding" not in "".join(kept)
    view = runner.invoke(main, ["view", str(tmp_path / "out" / "graph.nq"), "-o", str(tmp_path / "v.html"),
                                "--min-confidence", "0.999"])
    assert view.exit_code == 0, view.output
