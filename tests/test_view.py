"""Tests for kg.view (loading graphs, selecting views), kg.view() in the API and the `kg view` command."""

from __future__ import annotations

import copy
import doctest
import importlib
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef

import kg
from kg.cli import main
from kg.errors import InputError
from kg.view import (
    RDF_FORMATS,
    ViewError,
    find_nodes,
    large_view_warning,
    load_graph,
    node_names,
    parse_date,
    select,
    synthetic_graph,
    view_title,
)

# `kg.view` is the API function; the module is reached through importlib.
view_module = importlib.import_module("kg.view")

P = "https://kg.example/id/"
LI = P + "person/li"
WANG = P + "person/wang"
ZHANG = P + "person/zhang"
COUNCIL = P + "org/council"
MINISTRY = P + "org/ministry"
MEETING = P + "meeting/m1"
POLICY = P + "policy/p1"
A2023 = P + "article/a2023"
A2024 = P + "article/a2024"
DATA_BLOCK = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)


def source(article: str, date: str) -> dict[str, str]:
    return {"id": article, "title": f"报道{article}", "date": date, "url": f"https://www.gov.cn/{article}.html"}


def small_graph() -> nx.MultiDiGraph:
    """Two articles a year apart, three people, two bodies, a meeting and a policy, in both scripts."""
    g = nx.MultiDiGraph()
    g.add_node(A2023, type="Article", label="二〇二三年报道", date="2023-05-04", sources=[])
    g.add_node(A2024, type="Article", label="二〇二四年报道", date="2024-03-01", sources=[])
    g.add_node(LI, type="Person", label="李強", label_hans="李强", label_hant="李強", aliases=["强总理"],
               sources=[source("a2023", "2023-05-04"), source("a2024", "2024-03-01")])
    g.add_node(WANG, type="Person", label="王明", label_hans="王明", label_hant="王明",
               sources=[source("a2024", "2024-03-01")])
    g.add_node(ZHANG, type="Person", label="张三", label_hans="张三", label_hant="張三",
               sources=[source("a2023", "2023-05-04")])
    g.add_node(COUNCIL, type="GovernmentBody", label="國務院", label_hans="国务院", label_hant="國務院",
               sources=[source("a2024", "2024-03-01")])
    g.add_node(MINISTRY, type="GovernmentBody", label="财政部", label_hans="财政部", label_hant="財政部",
               sources=[source("a2023", "2023-05-04")])
    g.add_node(MEETING, type="Meeting", label="国务院常务会议", date="2024-03-01",
               sources=[source("a2024", "2024-03-01")])
    g.add_node(POLICY, type="PolicyConcept", label="新质生产力", sources=[source("a2024", "2024-03-01")])
    g.add_edge(LI, COUNCIL, key="holds_post:总理", relation="holds_post", label="總理")
    g.add_edge(ZHANG, MINISTRY, key="holds_post:部长", relation="holds_post", label="部长")
    g.add_edge(MINISTRY, COUNCIL, key="sub_organization_of", relation="sub_organization_of", label="隶属")
    g.add_edge(LI, MEETING, key="presided", relation="presided", label="主持")
    g.add_edge(WANG, MEETING, key="attended", relation="attended", label="出席")
    g.add_edge(MEETING, A2024, key="reported_in", relation="reported_in", label="报道")
    g.add_edge(A2024, POLICY, key="mentions", relation="mentions", label="提及")
    g.add_edge(A2024, LI, key="mentions", relation="mentions", label="提及")
    g.add_edge(A2023, ZHANG, key="mentions", relation="mentions", label="提及")
    return g


# ---- select: focus and depth --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("李强", {LI}),  # label_hans
        ("李強", {LI}),  # label (as written) and label_hant
        ("强总理", {LI}),  # alias
        (" 國務院 ", {COUNCIL}),  # spaces are ignored
        ("国务院", {COUNCIL}),  # the other script
        ("張三", {ZHANG}),
        ("财政部", {MINISTRY}),
        ("財政部", {MINISTRY}),
        (LI, {LI}),  # the node id itself
    ],
)
def test_find_nodes_matches_every_name_in_either_script(name: str, expected: set[str]) -> None:
    assert find_nodes(small_graph(), name) == expected


def test_find_nodes_converts_scripts_when_no_name_matches_as_written() -> None:
    g = nx.MultiDiGraph()
    g.add_node("x", type="GovernmentBody", label="退役軍人事務部")  # no label_hans stored
    assert find_nodes(g, "退役军人事务部") == {"x"}


def test_unknown_focus_is_an_error_listing_close_matches() -> None:
    with pytest.raises(ViewError, match=r"no node is named '李四'; close matches: 李強") as info:
        select(small_graph(), focus="李四")
    assert "search the page or check the spelling" in str(info.value)
    with pytest.raises(ViewError, match="no similar name either"):
        select(small_graph(), focus="完全无关的名字")
    with pytest.raises(ViewError, match="focus name is empty"):
        select(small_graph(), focus="  ")


def test_close_matches_name_each_node_once() -> None:
    with pytest.raises(ViewError) as info:
        select(small_graph(), focus="国务院会议")
    close = str(info.value).split("close matches: ")[1].split(";")[0].split("、")
    assert set(close[:2]) == {"國務院", "国务院常务会议"} and close.count("國務院") == 1 and "国务院" not in close


@pytest.mark.parametrize(
    ("depth", "expected"),
    [
        (0, {LI}),
        (1, {LI, COUNCIL, MEETING, A2024}),
        (2, {LI, COUNCIL, MEETING, A2024, MINISTRY, WANG, POLICY}),
        (9, {LI, COUNCIL, MEETING, A2024, MINISTRY, WANG, POLICY, ZHANG, A2023}),
    ],
)
def test_focus_keeps_the_neighbourhood_in_both_directions(depth: int, expected: set[str]) -> None:
    view = select(small_graph(), focus="李强", depth=depth)
    assert set(view) == expected
    assert all(u in expected and v in expected for u, v in view.edges())


def test_several_focus_names_join_their_neighbourhoods() -> None:
    assert set(select(small_graph(), focus=["王明", "张三"], depth=1)) == {WANG, MEETING, ZHANG, MINISTRY, A2023}


# ---- select: types, relations, top --------------------------------------------------------------------


def test_types_by_name_or_legend_name_case_insensitive() -> None:
    g = small_graph()
    assert set(select(g, types=["Person"])) == {LI, WANG, ZHANG}
    assert set(select(g, types=["person", "政府机构"])) == {LI, WANG, ZHANG, COUNCIL, MINISTRY}
    view = select(g, types=["Person", "GovernmentBody"])
    assert sorted(d["relation"] for _, _, d in view.edges(data=True)) == [
        "holds_post", "holds_post", "sub_organization_of"]


def test_unknown_type_or_relation_lists_the_valid_ones() -> None:
    with pytest.raises(ViewError, match=r"unknown type 'Persn'; use one of Article, GovernmentBody, .*Person"):
        select(small_graph(), types=["Persn"])
    with pytest.raises(ViewError, match=r"unknown relation 'holds'; use one of .*holds_post"):
        select(small_graph(), relations=["holds"])


def test_relations_keep_only_the_nodes_they_connect() -> None:
    view = select(small_graph(), relations=["holds_post", "出席"])
    assert set(view) == {LI, COUNCIL, ZHANG, MINISTRY, WANG, MEETING}
    assert sorted(d["relation"] for _, _, d in view.edges(data=True)) == ["attended", "holds_post", "holds_post"]


def test_focus_walks_only_through_what_the_filters_keep_but_always_keeps_itself() -> None:
    g = small_graph()
    # the meetings around 李强: the focus node stays although its type is not selected
    assert set(select(g, focus="李强", types=["Meeting"])) == {LI, MEETING}
    assert set(select(g, focus="李强", depth=2, relations=["presided", "attended"])) == {LI, MEETING, WANG}


def test_top_keeps_the_best_connected_nodes_and_the_focus() -> None:
    g = small_graph()
    # 李強, the meeting and the 2024 article all have degree 3; ties go by label (二〇… < 国务院… < 李強)
    assert set(select(g, top=2)) == {A2024, MEETING}
    assert len(select(g, top=0)) == 0
    assert set(select(g, focus="王明", depth=9, top=3)) == {WANG, A2024, MEETING}
    assert len(select(g, top=100)) == g.number_of_nodes()


# ---- select: dates ------------------------------------------------------------------------------------


def test_date_range_keeps_nodes_with_a_source_in_range_and_trims_their_sources() -> None:
    g = small_graph()
    view = select(g, since="2024-01-01")
    assert set(view) == {A2024, LI, WANG, COUNCIL, MEETING, POLICY}
    assert [s["id"] for s in view.nodes[LI]["sources"]] == ["a2024"]
    assert [s["id"] for s in g.nodes[LI]["sources"]] == ["a2023", "a2024"]  # the input is unchanged
    assert set(select(g, until="2023")) == {A2023, LI, ZHANG, MINISTRY}
    assert set(select(g, since="20230504", until="2023-05-04")) == {A2023, LI, ZHANG, MINISTRY}
    assert set(select(g, since="2025")) == set()


def test_a_node_without_sources_falls_back_on_its_own_date() -> None:
    g = nx.MultiDiGraph()
    g.add_node("m", type="Meeting", label="会议", date="20240301")
    g.add_node("x", type="Place", label="北京")
    assert set(select(g, since="2024-03")) == {"m"}


@pytest.mark.parametrize(
    ("value", "end", "expected"),
    [
        ("2024-03-01", False, "2024-03-01"),
        ("20240301", True, "2024-03-01"),
        ("2024-02", False, "2024-02-01"),
        ("2024-02", True, "2024-02-29"),
        ("2023-12", True, "2023-12-31"),
        ("202312", True, "2023-12-31"),
        ("2024", False, "2024-01-01"),
        ("2024", True, "2024-12-31"),
        (None, False, None),
    ],
)
def test_parse_date(value: str | None, end: bool, expected: str | None) -> None:
    assert parse_date(value, end=end) == expected


@pytest.mark.parametrize("value", ["2024-13-01", "2024-02-30", "yesterday", "24-3-1", "2024/03/01", ""])
def test_bad_dates_are_errors(value: str) -> None:
    with pytest.raises(ViewError, match="is not a date; write YYYY-MM-DD"):
        select(small_graph(), since=value)


def test_bad_ranges_and_numbers_are_errors() -> None:
    with pytest.raises(ViewError, match="the date range is empty: since 2024-06-01 is after until 2024-05-31"):
        select(small_graph(), since="2024-06", until="2024-05")
    with pytest.raises(ViewError, match="depth must be 0 or more"):
        select(small_graph(), focus="李强", depth=-1)
    with pytest.raises(ViewError, match="top must be 0 or more"):
        select(small_graph(), top=-5)


# ---- select: purity -----------------------------------------------------------------------------------


def test_select_copies_and_keeps_order_and_does_not_touch_its_input() -> None:
    g = small_graph()
    before = copy.deepcopy(g)
    view = select(g, focus="李强", depth=2, since="2024")
    view.nodes[LI]["label"] = "changed"
    view.nodes[LI]["sources"].append({})
    assert nx.utils.graphs_equal(g, before)
    assert list(view) == [n for n in g if n in view]
    whole = select(g)
    assert nx.utils.graphs_equal(whole, g) and whole is not g
    assert list(whole.edges(keys=True)) == list(g.edges(keys=True))


def test_node_names_and_titles() -> None:
    assert node_names({"label": "李強", "label_hans": "李强", "aliases": "强总理"}) == ["李強", "李强", "强总理"]
    assert node_names({}) == []
    assert view_title("corpus", types=["Person"], relations=["holds_post"], until="2024") == (
        "corpus · 类型 Person · 关系 holds_post · 至 2024-12-31")
    assert view_title("g", since="2024-01-01", until="2024-06") == "g · 2024-01-01 至 2024-06-30"


def test_large_view_warning_suggests_smaller_views() -> None:
    assert large_view_warning(2000) is None
    message = large_view_warning(2001)
    assert message and "2001 nodes" in message and "--top" in message and "--focus" in message


def test_synthetic_graph_is_shaped_like_kgs_and_deterministic() -> None:
    g = synthetic_graph(600, seed=3)
    assert g.number_of_nodes() == 600 and nx.utils.graphs_equal(g, synthetic_graph(600, seed=3))
    types = {d["type"] for _, d in g.nodes(data=True)}
    assert types == {"Person", "GovernmentBody", "Organization", "Place", "PolicyConcept", "Meeting", "Article"}
    person = next(d for _, d in g.nodes(data=True) if d["type"] == "Person")
    assert person["posts"] and person["sources"] and person["evidence"] and person["label_hant"]
    assert select(g, since="2024", until="2024").number_of_nodes() > 0


# ---- load_graph ---------------------------------------------------------------------------------------


@pytest.fixture()
def rdf_graph(sample_doc: Any, sample_doc_hans: Any) -> Graph:
    return kg.build_graph([sample_doc, sample_doc_hans])


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".trig", ".nq", ".jsonld", ".rdf"])
def test_load_graph_parses_by_suffix(rdf_graph: Graph, tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"graph{suffix}"
    fmt = RDF_FORMATS[suffix]
    if fmt.quads:
        ds = Dataset()
        half = sorted(rdf_graph)
        for number, triple in enumerate(half):
            ds.graph(URIRef(f"urn:g{number % 3}")).add(triple)
        ds.serialize(target, format=fmt.parser)
    else:
        rdf_graph.serialize(target, format=fmt.parser)
    loaded = load_graph(target)
    assert set(loaded) == set(rdf_graph)


def test_load_graph_reads_a_build_folder(tmp_path: Path) -> None:
    g = Graph()
    g.add((URIRef("urn:a"), URIRef("urn:b"), Literal("李强")))
    g.serialize(tmp_path / "graph.ttl", format="turtle")
    assert len(load_graph(tmp_path)) == 1
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"empty: no graph in this folder \(looked for graph.ttl, graph.trig"):
        load_graph(tmp_path / "empty")


def test_load_graph_reads_a_kg_store(rdf_graph: Graph, sample_doc: Any, tmp_path: Path) -> None:
    store_module = pytest.importorskip("kg.store", reason="kg.store (pyoxigraph) is not available")
    with store_module.KgStore.open(tmp_path / "store") as store:
        store.add([sample_doc])
    loaded = load_graph(tmp_path / "store")
    assert len(loaded) > 0
    labels = {str(o) for o in loaded.objects(None, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
    assert "孙绍骋" in labels


def test_load_graph_errors_are_one_line_and_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        load_graph(tmp_path / "nope.ttl")
    (tmp_path / "graph.csv").write_text("a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"cannot tell the RDF format from the suffix '.csv'; use one of .*\.nq"):
        load_graph(tmp_path / "graph.csv")
    (tmp_path / "broken.ttl").write_text("<urn:a> <urn:b> \"unterminated .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken.ttl: cannot parse as turtle \(.*\); is the file complete\?") as info:
        load_graph(tmp_path / "broken.ttl")
    assert "\n" not in str(info.value)


# ---- kg.view (API) ------------------------------------------------------------------------------------


def embedded(path: Path) -> dict[str, Any]:
    match = DATA_BLOCK.search(path.read_text(encoding="utf-8"))
    assert match
    return json.loads(match.group(1))


def test_view_writes_a_page_of_the_selection(rdf_graph: Graph, tmp_path: Path) -> None:
    source_file = tmp_path / "graph.ttl"
    rdf_graph.serialize(source_file, format="turtle")
    result = kg.view(source_file, tmp_path / "out" / "view.html", focus="孙绍骋", depth=1)
    assert result.path == tmp_path / "out" / "view.html" and result.warnings == ()
    data = embedded(result.path)
    labels = {n["label"] for n in data["nodes"]}
    assert {"孫紹騁", "退役軍人事務部"} <= labels and len(data["nodes"]) == result.nodes < result.total_nodes
    assert len(data["edges"]) == result.edges and result.title == "graph · 孙绍骋 1 层邻域"
    assert data["title"] == result.title
    # the same selection from the rdflib graph, the networkx graph and a Dataset gives the same page data
    for given in (rdf_graph, kg.to_networkx(rdf_graph)):
        again = kg.view(given, tmp_path / "again.html", focus="孙绍骋", title="graph · 孙绍骋 1 层邻域")
        assert embedded(again.path) == data


def test_view_of_a_dataset_shows_every_named_graph(tmp_path: Path) -> None:
    ds = Dataset()
    person = URIRef(P + "person/x")
    ds.graph(URIRef("urn:g1")).add((person, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                     URIRef("https://w3id.org/kg-gov/ns#Person")))
    ds.graph(URIRef("urn:g2")).add((person, URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
                                     Literal("王明", lang="zh-Hans")))
    result = kg.view(ds, tmp_path / "ds.html")
    assert [n["label"] for n in embedded(result.path)["nodes"]] == ["王明"]


def test_a_big_view_is_written_static_with_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(view_module, "LARGE_VIEW", 50)
    result = kg.view(synthetic_graph(400), tmp_path / "big.html")
    assert result.nodes == 400 and len(result.warnings) == 1 and "--top" in result.warnings[0]
    data = embedded(result.path)
    assert data["layout"] == "static" and all("x" in n and "y" in n for n in data["nodes"])
    assert kg.view(synthetic_graph(400), tmp_path / "top.html", top=50).warnings == ()


# ---- kg view (CLI) ------------------------------------------------------------------------------------


@pytest.fixture()
def graph_file(rdf_graph: Graph, tmp_path: Path) -> Path:
    target = tmp_path / "graph.ttl"
    rdf_graph.serialize(target, format="turtle")
    return target


def test_cli_help_has_an_example() -> None:
    result = CliRunner().invoke(main, ["view", "--help"])
    assert result.exit_code == 0 and "Example" in result.output and "--focus" in result.output


def test_cli_writes_the_view_and_reports_its_size(graph_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "v.html"
    result = CliRunner().invoke(main, ["view", str(graph_file), "-o", str(out), "--focus", "孫紹騁",
                                       "--type", "Person,GovernmentBody", "--title", "<b>视图</b>"])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(rf"Wrote {re.escape(str(out))}: \d+ of \d+ nodes, \d+ of \d+ edges\n", result.stdout)
    page = out.read_text(encoding="utf-8")
    assert "<title>&lt;b&gt;视图&lt;/b&gt;</title>" in page and "<b>视图</b>" not in page
    assert {n["type"] for n in embedded(out)["nodes"]} == {"Person", "GovernmentBody"}


def test_cli_errors_are_one_line(graph_file: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    for args, message in [
        (["--focus", "孙少成"], "Error: no node is named '孙少成'; close matches: 孫紹騁"),
        (["--type", "Persn"], "Error: unknown type 'Persn'; use one of"),
        (["--since", "2024-13"], "Error: '2024-13' is not a date"),
    ]:
        result = runner.invoke(main, ["view", str(graph_file), "-o", str(tmp_path / "x.html"), *args])
        assert result.exit_code == 1 and result.stderr.startswith(message), result.output
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert not (tmp_path / "x.html").exists()


def test_cli_warns_about_a_big_view_on_stderr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(view_module, "LARGE_VIEW", 5)
    g = Graph()
    for i in range(8):
        g.add((URIRef(f"{P}person/{i}"), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
               URIRef("https://w3id.org/kg-gov/ns#Person")))
    g.serialize(tmp_path / "g.nt", format="nt")
    result = CliRunner().invoke(main, ["view", str(tmp_path / "g.nt"), "-o", str(tmp_path / "g.html")])
    assert result.exit_code == 0
    assert result.stderr.startswith("Warning: the view has 8 nodes (more than 5)") and "--top" in result.stderr
    assert result.stdout.startswith(f"Wrote {tmp_path / 'g.html'}: 8 of 8 nodes")


def test_policy_acts_are_shown_with_their_names_and_filtered_like_other_relations(tmp_path: Path) -> None:
    """Issued, adopted, studied and implemented edges (from a body, meeting or person to a policy) carry their
    Chinese names in the page and its relation filter, and --relation keeps them by either name."""
    from tests.conftest import make_policy_docs

    graph = kg.build_graph(make_policy_docs())
    graph.serialize(tmp_path / "acts.ttl", format="turtle")
    data = embedded(kg.view(graph, tmp_path / "all.html").path)
    assert [(r["relation"], r["name"]) for r in data["relations"] if r["relation"] not in ("mentions", "reported_in")
            ] == [("issued", "印发"), ("adopted", "审议通过"), ("studied", "传达学习"), ("implemented", "贯彻落实")]
    by_relation = {e["relation"]: e for e in data["edges"]}
    assert by_relation["issued"]["label"] == "印发"
    assert by_relation["issued"]["evidence"] == "临江市人民政府印发《临江市数字经济发展规划》。"
    view = select(kg.to_networkx(graph), relations=["印发", "studied"])
    assert sorted(d["relation"] for _, _, d in view.edges(data=True)) == ["issued", "studied"]
    # labels as written, Traditional first (one of the two articles is in Traditional script)
    assert {d["label"] for _, d in view.nodes(data=True)} == {"臨江市人民政府", "臨江市委常委會會議",
                                                             "臨江市數字經濟發展規劃"}
    out = tmp_path / "acts.html"
    result = CliRunner().invoke(main, ["view", str(tmp_path / "acts.ttl"), "-o", str(out), "--focus", "周立新",
                                       "--relation", "implemented,贯彻落实"])
    assert result.exit_code == 0, result.output
    assert [(e["relation"], e["label"]) for e in embedded(out)["edges"]] == [("implemented", "贯彻落实")]
    with pytest.raises(ViewError, match=r"unknown relation 'issue'; use one of .*issued"):
        select(kg.to_networkx(graph), relations=["issue"])


def test_docstring_examples_run() -> None:
    result = doctest.testmod(view_module, raise_on_error=False)
    assert result.attempted >= 20 and result.failed == 0
