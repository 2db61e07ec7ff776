"""Tests for kg.html: an offline, injection-safe, deterministic interactive page.

No browser is needed: the page is checked structurally, its scripts are syntax-checked with ``node --check``
and the page's own script is run under Node against a small stand-in for the DOM and vis-network.
"""

from __future__ import annotations

import doctest
import json
import math
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kg.html
from kg.errors import ExportError
from kg.html import (
    EDGE_STYLES,
    NODE_STYLES,
    STATIC_THRESHOLD,
    Layout,
    page_data,
    render_html,
    static_positions,
    write_html,
)

P = "https://kg.example/id/"
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"
LONG = "新质生产力" * 7  # 35 characters: a sentence mistaken for a name
LI_QIANG = P + "person/li-qiang"
EVIL = P + "person/evil"
STATE_COUNCIL = P + "gov/state-council"
MEETING = P + "meeting/executive"
ARTICLE = P + "article/a1"

DATA_BLOCK = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)
CODE_BLOCK = re.compile(r"<script(?![^>]*application/json)[^>]*>(.*?)</script>", re.S)
NODE = shutil.which("node")


def sample_graph() -> nx.MultiDiGraph:
    """A graph that follows kg.graph.to_networkx's contract, with every type and most relations."""
    g = nx.MultiDiGraph()
    g.add_node(
        LI_QIANG,
        type="Person",
        label="李強",
        label_hans="李强",
        label_hant="李強",
        aliases=["强总理"],
        posts=[
            {
                "title": "国务院总理",
                "org": "国务院",
                "former": False,
                "first_seen": "2023-03-11",
                "last_seen": "2024-03-01",
            },
            {"title": "省长", "org": "浙江省", "former": True},
        ],
        sources=[
            {
                "id": "a1",
                "title": "李强主持国务院常务会议",
                "date": "2024-03-01",
                "url": "https://www.gov.cn/a1.html",
            },
            {"id": "a2", "title": "坏链接", "date": "2024-03-02", "url": "javascript:alert(1)"},
        ],
        evidence=["国务院总理李强主持召开国务院常务会议。"],
    )
    g.add_node(
        STATE_COUNCIL,
        type="GovernmentBody",
        label="国务院",
        label_hans="国务院",
        label_hant="國務院",
        kind="government",
    )
    g.add_node(
        P + "org/xinhua", type="Organization", label="新华社", label_hans="新华社", label_hant="新華社"
    )
    g.add_node(P + "place/beijing", type="Place", label="北京", label_hans="北京", label_hant="北京")
    g.add_node(P + "policy/npf", type="PolicyConcept", label=LONG, policy_type="theory")
    g.add_node(MEETING, type="Meeting", label="国务院常务会议", date="2024-03-01", place="北京")
    g.add_node(
        ARTICLE,
        type="Article",
        label="李强主持国务院常务会议",
        id="a1",
        title="李强主持国务院常务会议",
        date="2024-03-01",
        url="https://www.gov.cn/a1.html",
    )
    g.add_node(EVIL, type="Person", label=IMG, aliases=[SCRIPT], evidence=[SCRIPT + "\u2028" + "&amp;"])
    g.add_edge(
        LI_QIANG,
        STATE_COUNCIL,
        "holds_post:总理",
        relation="holds_post",
        label="总理",
        former=False,
        evidence="国务院总理李强……",
    )
    g.add_edge(LI_QIANG, MEETING, relation="presided", label="主持", evidence="李强主持召开国务院常务会议。")
    g.add_edge(LI_QIANG, MEETING, relation="spoke", label="讲话", evidence="李强在会上讲话。")
    g.add_edge(P + "org/xinhua", STATE_COUNCIL, relation="sub_organization_of", label="直属", evidence="")
    g.add_edge(ARTICLE, P + "policy/npf", relation="mentions", label="提及", evidence="发展新质生产力。")
    g.add_edge(ARTICLE, P + "place/beijing", relation="mentions", label="提及", evidence="在北京召开。")
    g.add_edge(MEETING, ARTICLE, relation="reported_in", label="报道", evidence="")
    g.add_edge(EVIL, ARTICLE, relation="photographer", label=SCRIPT, evidence=IMG)
    g.add_edge(EVIL, MEETING, relation="attended", label="出席", evidence=SCRIPT)
    return g


def embedded(page: str) -> dict[str, Any]:
    match = DATA_BLOCK.search(page)
    assert match, "no kg-data block"
    return json.loads(match.group(1))


def big_graph(n: int = 1000) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    types = list(NODE_STYLES)
    for i in range(n):
        g.add_node(f"{P}n/{i:05d}", type=types[i % len(types)], label=f"节点{i}")
    for i in range(1, n):
        g.add_edge(f"{P}n/{i:05d}", f"{P}n/{(i * 7919) % i:05d}", relation="mentions", label="提及")
        if i % 3 == 0:
            g.add_edge(f"{P}n/{i:05d}", f"{P}n/{(i * 31) % n:05d}", relation="attended", label="出席")
    return g


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(sample_graph(), "国务院动态")


# ---- offline ------------------------------------------------------------------------------------------


def test_page_loads_nothing_from_the_network(page: str) -> None:
    for attribute in re.finditer(
        r"""\b(?:src|href|action|poster|data)\s*=\s*(["']?)([^"'\s>]*)""", page, re.I
    ):
        assert not re.match(r"\s*(?:https?:)?//", attribute.group(2), re.I), attribute.group(0)
    for url in re.finditer(r"""url\(\s*(["']?)([^"')]*)""", page, re.I):
        assert url.group(2).startswith("data:") or not re.match(r"(?:https?:)?//", url.group(2)), url.group(0)
    assert "@import" not in page
    assert not re.search(r"<script[^>]*\ssrc\b", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert "sourceMappingURL" not in page


def test_vis_network_is_inlined(page: str) -> None:
    assert "@version 9.1.2" in page or "@version 9.0.4" in page
    assert "t.Network=" in page and "DataSet" in page
    assert 'id="vis-network-css"' in page and "div.vis-tooltip" in page
    assert "new vis.Network(" in page


def test_page_head_and_header(page: str) -> None:
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh">')
    assert '<meta charset="utf-8">' in page
    assert "<title>国务院动态</title>" in page and '<h1 id="kg-title">国务院动态</h1>' in page
    assert '"Noto Sans CJK SC"' in page and '"WenQuanYi Micro Hei"' in page and '"Microsoft YaHei"' in page
    assert '<span id="kg-node-count">8</span>' in page and '<span id="kg-edge-count">9</span>' in page
    for name in ("window.kgNetwork", "window.kgNodes", "window.kgEdges"):
        assert name in page


# ---- embedded data ------------------------------------------------------------------------------------


def test_embedded_json_has_every_node_and_edge(page: str) -> None:
    data = embedded(page)
    assert len(data["nodes"]) == 8 and len(data["edges"]) == 9
    assert [n["id"] for n in data["nodes"]] == sorted(n["id"] for n in data["nodes"])
    li = next(n for n in data["nodes"] if n["id"] == LI_QIANG)
    assert (li["label"], li["label_hans"], li["label_hant"], li["aliases"]) == (
        "李強",
        "李强",
        "李強",
        ["强总理"],
    )
    assert li["posts"][1] == {"title": "省长", "org": "浙江省", "former": True, "first_seen": "", "last_seen": ""}
    assert (li["posts"][0]["first_seen"], li["posts"][0]["last_seen"]) == ("2023-03-11", "2024-03-01")
    assert li["sources"][0]["url"] == "https://www.gov.cn/a1.html"
    assert li["evidence"] == ["国务院总理李强主持召开国务院常务会议。"]
    assert li["degree"] == 3 and li["type"] == "Person"
    sizes = {n["id"]: n["size"] for n in data["nodes"]}
    assert sizes[MEETING] > sizes[LI_QIANG] > sizes[P + "place/beijing"]
    edge = next(e for e in data["edges"] if e["relation"] == "holds_post")
    assert (edge["from"], edge["to"], edge["label"], edge["evidence"]) == (
        LI_QIANG,
        STATE_COUNCIL,
        "总理",
        "国务院总理李强……",
    )
    assert len({e["id"] for e in data["edges"]}) == 9
    parallel = [e["curve"] for e in data["edges"] if e["from"] == LI_QIANG and e["to"] == MEETING]
    assert len(set(parallel)) == 2 and all(parallel)


def test_injection_never_appears_raw(page: str) -> None:
    for needle in (IMG, SCRIPT, "<img", "alert(1)</script>", "\u2028"):
        assert needle not in page
    match = DATA_BLOCK.search(page)
    assert match and "<" not in match.group(1) and ">" not in match.group(1) and "&" not in match.group(1)
    evil = next(n for n in embedded(page)["nodes"] if n["id"] == EVIL)
    assert (
        evil["label"] == IMG and evil["aliases"] == [SCRIPT] and evil["evidence"] == [SCRIPT + "\u2028&amp;"]
    )


def test_title_is_escaped() -> None:
    page = render_html(nx.MultiDiGraph(), SCRIPT)
    assert SCRIPT not in page
    assert "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    assert embedded(page)["title"] == SCRIPT


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([*NODE_STYLES, "Other", ""]), st.text(max_size=12), st.lists(st.text(max_size=6))
        ),
        max_size=6,
    )
)
def test_any_text_round_trips_inside_the_data_block(rows: list[tuple[str, str, list[str]]]) -> None:
    g = nx.MultiDiGraph()
    for i, (kind, label, aliases) in enumerate(rows):
        g.add_node(f"urn:{i}", type=kind, label=label, aliases=aliases)
    text = kg.html._script_json(page_data(g))
    assert not re.search(r"[<>&\u2028\u2029]", text)
    data = json.loads(text)
    assert len(data["nodes"]) == len(rows)
    for record, (_, label, aliases) in zip(data["nodes"], rows, strict=True):
        clean = label.encode("utf-8", "replace").decode("utf-8")
        assert record["label"] == clean or (not clean and record["label"])
        assert record["aliases"] == [a.encode("utf-8", "replace").decode() for a in aliases if a]


# ---- legend, filters, determinism ---------------------------------------------------------------------


def test_legend_lists_exactly_the_present_types(page: str) -> None:
    assert re.findall(r'class="kg-legend-item" data-type="([^"]+)"', page) == list(NODE_STYLES)
    one = nx.MultiDiGraph()
    one.add_node("urn:a", type="Place", label="上海")
    one.add_node("urn:b", type="Person", label="王")
    page_one = render_html(one)
    assert re.findall(r'class="kg-legend-item" data-type="([^"]+)"', page_one) == ["Person", "Place"]
    assert re.findall(r'class="kg-type-toggle" value="([^"]+)"', page_one) == ["Person", "Place"]


def test_relation_filter_lists_the_present_relations(page: str) -> None:
    found = re.findall(r'class="kg-relation-item" data-relation="([^"]+)"', page)
    assert found == [
        "holds_post",
        "presided",
        "spoke",
        "attended",
        "sub_organization_of",
        "mentions",
        "reported_in",
        "photographer",
    ]
    assert "met" not in found


def test_edges_are_dashed_only_in_small_graphs() -> None:
    # dashed lines are slow to draw, so a static (big) layout draws every relation solid, legend included
    small = {r["relation"]: r["dashes"] for r in page_data(sample_graph())["relations"]}
    assert small["mentions"] is True and small["holds_post"] is False
    static = page_data(sample_graph(), layout="static")["relations"]
    assert not any(r["dashes"] for r in static)
    assert 'class="kg-line kg-line-dashed"' not in render_html(sample_graph(), layout="static")
    assert 'class="kg-line kg-line-dashed" style="border-top-color: #c9cdd2"' in render_html(sample_graph())


def test_same_graph_gives_identical_bytes() -> None:
    assert render_html(sample_graph(), "t") == render_html(sample_graph(), "t")
    assert render_html(sample_graph(), "t", layout="static") == render_html(
        sample_graph(), "t", layout="static"
    )


def test_insertion_order_does_not_matter() -> None:
    forward = sample_graph()
    backward = nx.MultiDiGraph()
    backward.add_nodes_from(reversed(list(forward.nodes(data=True))))
    backward.add_edges_from(reversed(list(forward.edges(keys=True, data=True))))
    assert render_html(backward, layout="static") == render_html(forward, layout="static")


# ---- layout -------------------------------------------------------------------------------------------


def test_small_graphs_use_brief_physics(page: str) -> None:
    data = embedded(page)
    assert data["layout"] == "physics" and all("x" not in n for n in data["nodes"])
    assert 0 < data["stabilization_iterations"] <= 300
    assert 'data-kg-layout="physics"' in page
    assert '"stabilizationIterationsDone"' in page and "physics: { enabled: false }" in page


def test_large_graph_gets_positions_and_no_physics() -> None:
    g = big_graph(1000)
    start = time.perf_counter()
    page = render_html(g, "大图")
    elapsed = time.perf_counter() - start
    assert elapsed < 30, f"rendering 1,000 nodes took {elapsed:.1f}s"
    data = embedded(page)
    assert data["layout"] == "static" and 'data-kg-layout="static"' in page
    assert len(data["nodes"]) == 1000 and len(data["edges"]) == g.number_of_edges()
    xy = [(n["x"], n["y"]) for n in data["nodes"]]
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in xy)
    assert len(set(xy)) > 990
    assert max(abs(c) for point in xy for c in point) > 500


def test_layout_parameter() -> None:
    small = sample_graph()
    assert all("x" in n for n in embedded(render_html(small, layout="static"))["nodes"])
    big = big_graph(STATIC_THRESHOLD + 1)
    assert embedded(render_html(big))["layout"] == "static"
    assert all("x" not in n for n in embedded(render_html(big, layout="physics"))["nodes"])
    with pytest.raises(ExportError, match="unknown layout 'spring'; use one of physics, static"):
        render_html(small, layout="spring")  # type: ignore[arg-type]


def test_static_positions_keep_neighbours_close() -> None:
    nodes = [f"a{i}" for i in range(6)] + [f"b{i}" for i in range(6)] + ["lonely"]
    edges = [(f"{c}{i}", f"{c}{j}") for c in "ab" for i in range(6) for j in range(i + 1, 6)]
    pos = static_positions(nodes, edges)
    assert pos == static_positions(nodes, edges)

    def dist(u: str, v: str) -> float:
        return math.dist(pos[u], pos[v])

    inside = max(dist(f"{c}{i}", f"{c}{j}") for c in "ab" for i in range(6) for j in range(i + 1, 6))
    across = min(dist(f"a{i}", f"b{j}") for i in range(6) for j in range(6))
    assert inside < across * 3
    assert min(dist(u, v) for u in nodes for v in nodes if u < v) > 20
    assert static_positions([], []) == {} and static_positions(["x"], []) == {"x": (0.0, 0.0)}


# ---- robustness ---------------------------------------------------------------------------------------


def test_empty_graph_renders() -> None:
    page = render_html(nx.MultiDiGraph())
    data = embedded(page)
    assert data["nodes"] == [] and data["edges"] == [] and data["types"] == []
    assert '<span id="kg-node-count">0</span>' in page and 'id="kg-empty"' in page
    assert 'class="kg-legend-item"' not in page


def test_missing_and_odd_attributes_do_not_crash() -> None:
    g = nx.MultiDiGraph()
    g.add_node("https://kg.example/id/person/无名")
    g.add_node(
        "urn:odd",
        type="Robot",
        label=None,
        label_hans="机器",
        aliases="别名",
        posts=["部长", None],
        sources=["a9", {"url": 5}, {}],
        evidence="一句话。",
    )
    g.add_edge("urn:odd", "https://kg.example/id/person/无名")
    g.add_edge("urn:odd", "urn:odd", relation="met", evidence=["甲。", "乙。"])
    data = embedded(render_html(g))
    bare, odd = data["nodes"]
    assert (bare["type"], bare["label"], bare["aliases"], bare["posts"]) == ("Unknown", "无名", [], [])
    assert (odd["type"], odd["label"], odd["aliases"], odd["evidence"]) == (
        "Robot",
        "机器",
        ["别名"],
        ["一句话。"],
    )
    assert odd["posts"] == [{"title": "部长", "org": "", "former": False, "first_seen": "", "last_seen": ""}]
    assert [s["id"] for s in odd["sources"]] == ["a9", ""] and odd["sources"][1]["url"] == "5"
    assert [t["type"] for t in data["types"]] == ["Robot", "Unknown"]
    loop = next(e for e in data["edges"] if e["from"] == e["to"])
    plain = next(e for e in data["edges"] if e["from"] != e["to"])
    assert (loop["relation"], loop["label"], loop["evidence"]) == ("met", "会见", "甲。\n乙。")
    assert (plain["relation"], plain["label"]) == ("related", "相关")


def test_simple_digraph_and_non_string_ids_work() -> None:
    g = nx.DiGraph()
    g.add_edge(1, 2, relation="mentions", label="提及")
    data = embedded(render_html(g))
    assert [n["id"] for n in data["nodes"]] == ["1", "2"] and data["edges"][0]["from"] == "1"


# ---- write_html ---------------------------------------------------------------------------------------


def test_write_html_writes_utf8_atomically(tmp_path: Path) -> None:
    target = tmp_path / "图.html"
    target.write_text("old", encoding="utf-8")
    result = write_html(sample_graph(), target, "国务院动态")
    assert result == target
    raw = target.read_bytes()
    text = raw.decode("utf-8")
    assert text == render_html(sample_graph(), "国务院动态")
    assert "李強".encode() in raw and "国务院常务会议".encode() in raw
    assert sorted(p.name for p in tmp_path.iterdir()) == ["图.html"]


def test_write_html_creates_directories_and_reports_failures(tmp_path: Path) -> None:
    nested = write_html(sample_graph(), tmp_path / "new" / "kg.html")
    assert nested.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    (tmp_path / "taken").mkdir()
    with pytest.raises(ExportError, match="taken: cannot write the page"):
        write_html(sample_graph(), tmp_path / "taken")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "taken"]


# ---- JavaScript ---------------------------------------------------------------------------------------


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_inline_scripts_parse(page: str, tmp_path: Path) -> None:
    assert NODE is not None
    for number, code in enumerate(CODE_BLOCK.findall(page)):
        script = tmp_path / f"block{number}.js"
        script.write_text(code, encoding="utf-8")
        done = subprocess.run([NODE, "--check", str(script)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    assert len(CODE_BLOCK.findall(page)) == 2


HARNESS = r"""
const fs = require("fs");
const vm = require("vm");
const html = fs.readFileSync(process.argv[2], "utf8");
const dataText = html.match(/<script type="application\/json" id="kg-data">([\s\S]*?)<\/script>/)[1];
const pageJs = html.match(/<script id="kg-js">([\s\S]*?)<\/script>/)[1];

class El {
  constructor(tag) {
    this.tagName = tag.toUpperCase(); this.children = []; this.text = ""; this.style = {};
    this.listeners = {}; this.attrs = {}; this.className = ""; this.hidden = false;
  }
  get textContent() { return this.text + this.children.map((c) => c.textContent).join(""); }
  set textContent(v) { this.children = []; this.text = String(v); }
  set innerHTML(v) { throw new Error("innerHTML must not be used"); }
  get innerHTML() { throw new Error("innerHTML must not be used"); }
  appendChild(c) { this.children.push(c); return c; }
  addEventListener(t, f) { (this.listeners[t] = this.listeners[t] || []).push(f); }
  fire(t, ev) { (this.listeners[t] || []).forEach((f) => f(ev || { preventDefault() {} })); }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  all(tag) {
    const out = [];
    const walk = (e) => { if (e.tagName === tag) out.push(e); e.children.forEach(walk); };
    walk(this);
    return out;
  }
}

const data = JSON.parse(dataText);
const byId = {};
["kg-status", "kg-visible", "kg-details", "kg-graph", "kg-search", "kg-search-results"].forEach((id) => {
  byId[id] = new El("div");
});
byId["kg-data"] = new El("script");
byId["kg-data"].textContent = dataText;
const box = (value) => Object.assign(new El("input"), { value: value, checked: true });
const typeBoxes = data.types.map((t) => box(t.type));
const relationBoxes = data.relations.map((r) => box(r.relation));
global.window = global;
global.document = {
  body: new El("body"),
  getElementById: (id) => byId[id] || null,
  createElement: (tag) => new El(tag),
  querySelectorAll: (sel) => sel.includes("kg-type-toggle") ? typeBoxes
    : sel.includes("kg-relation-toggle") ? relationBoxes : [],
};

class DataSet {
  constructor(items) { this.map = new Map(); items.forEach((i) => this.map.set(i.id, Object.assign({}, i))); }
  get(id) { return id === undefined ? Array.from(this.map.values()) : this.map.get(id) || null; }
  update(items) {
    (Array.isArray(items) ? items : [items]).forEach((i) => {
      this.map.set(i.id, Object.assign({}, this.map.get(i.id), i));
    });
  }
  get length() { return this.map.size; }
}
class Network {
  constructor(container, d, options) {
    this.body = d; this.options = options; this.handlers = {}; this.selected = []; this.calls = [];
  }
  on(ev, f) { (this.handlers[ev] = this.handlers[ev] || []).push(f); }
  once(ev, f) { this.on(ev, f); }
  emit(ev, p) { (this.handlers[ev] || []).forEach((f) => f(p)); }
  getConnectedNodes(id) {
    const out = new Set();
    this.body.edges.get().forEach((e) => {
      if (e.from === id) out.add(e.to);
      if (e.to === id) out.add(e.from);
    });
    return Array.from(out);
  }
  getConnectedEdges(id) {
    return this.body.edges.get().filter((e) => e.from === id || e.to === id).map((e) => e.id);
  }
  fit() { this.calls.push("fit"); }
  getScale() { return this.scale === undefined ? 1 : this.scale; }
  focus(id) { this.calls.push("focus " + id); }
  selectNodes(ids) { this.selected = ids; }
  unselectAll() { this.selected = []; }
  setOptions(o) { this.calls.push(JSON.stringify(o)); }
}
global.vis = { DataSet: DataSet, Network: Network };
vm.runInThisContext(pageJs);

const out = {};
const net = window.kgNetwork;
const nodes = window.kgNodes;
const edges = window.kgEdges;
const ids = (hits) => hits.map((h) => h.id);
out.counts = [nodes.length, edges.length];
out.options = net.options;
out.readyBefore = window.kgReady === true;
net.emit("stabilizationIterationsDone");
out.readyAfter = window.kgReady === true;
out.calls = net.calls.slice();
out.search = {};
["李强", "李強", "强总理", "國務院", "国务院", "新華社", "<img", "", "不存在"].forEach((q) => {
  out.search[q] = ids(window.kgSearch(q));
});

const liId = data.nodes.find((n) => n.label === "李強").id;
const evilId = data.nodes.find((n) => n.type === "Person" && n.id !== liId).id;
const card = nodes.get(liId).title;
out.card = card.textContent;
out.links = card.all("A").map((a) => [a.textContent, a.href, a.rel]);
out.evilCard = nodes.get(evilId).title.textContent;
out.evilLabel = nodes.get(evilId).label;
const evilEdge = edges.get().find((e) => e.relation === "photographer");
out.edgeTitleBeforeHover = evilEdge.title === undefined;
net.emit("hoverEdge", { edge: evilEdge.id });
out.edgeCard = edges.get(evilEdge.id).title.textContent;
out.articleCard = nodes.get(data.nodes.find((n) => n.type === "Article").id).title;
out.articleLinks = out.articleCard.all("A").map((a) => a.href);
out.articleCard = out.articleCard.textContent;
out.meetingCard = nodes.get(data.nodes.find((n) => n.type === "Meeting").id).title.textContent;
out.shapes = Object.fromEntries(nodes.get().map((n) => [n.type, n.shape]));
out.edgeLabels = edges.get().map((e) => [e.relation, e.label === undefined ? null : e.label, e.dashes, e.color.color]);
out.fontSizes = Object.fromEntries(nodes.get().map((n) => [n.id, n.font.size]));
out.longLabel = nodes.get(data.nodes.find((n) => n.type === "PolicyConcept").id).label;
out.longCard = nodes.get(data.nodes.find((n) => n.type === "PolicyConcept").id).title.textContent;

// type filter
const personBox = typeBoxes.find((b) => b.value === "Person");
personBox.checked = false;
personBox.fire("change");
out.hiddenAfterTypeOff = nodes.get().filter((n) => n.hidden).map((n) => n.id).sort();
out.edgesHiddenAfterTypeOff = edges.get().filter((e) => e.hidden).length;
out.visibleText = byId["kg-visible"].textContent;
personBox.checked = true;
personBox.fire("change");
out.hiddenAfterTypeOn = nodes.get().filter((n) => n.hidden).length;

// relation filter
const mentionsBox = relationBoxes.find((b) => b.value === "mentions");
mentionsBox.checked = false;
mentionsBox.fire("change");
out.relationsHidden = edges.get().filter((e) => e.hidden).map((e) => e.relation);
mentionsBox.checked = true;
mentionsBox.fire("change");

// neighbourhood highlight
net.emit("click", { nodes: [liId], edges: [] });
const isDim = (n) => n.color.background.indexOf("rgba(200") === 0;
out.dimmed = nodes.get().filter(isDim).map((n) => n.id).sort();
out.details = byId["kg-details"].hidden ? null : byId["kg-details"].textContent;
net.emit("click", { nodes: [], edges: [] });
out.dimmedAfterClear = nodes.get().filter(isDim).length;
out.detailsAfterClear = byId["kg-details"].hidden;

// search box selects a node hidden by the type filter and turns its type back on
personBox.checked = false;
personBox.fire("change");
const search = byId["kg-search"];
search.value = "李强";
search.fire("input");
out.resultItems = byId["kg-search-results"].children.map((li) => li.textContent);
search.fire("keydown", { key: "Enter", preventDefault() {} });
out.selected = net.selected;
out.personBoxAfterSearch = personBox.checked;
out.liHiddenAfterSearch = nodes.get(liId).hidden;
out.focused = net.calls.filter((c) => c.indexOf("focus") === 0);
search.value = "zzz";
search.fire("input");
out.noResult = byId["kg-search-results"].textContent;
console.log(JSON.stringify(out));
"""


def run_harness(page: str, tmp_path: Path) -> dict[str, Any]:
    html_file = tmp_path / "page.html"
    html_file.write_text(page, encoding="utf-8")
    harness = tmp_path / "harness.js"
    harness.write_text(HARNESS, encoding="utf-8")
    assert NODE is not None
    done = subprocess.run([NODE, str(harness), str(html_file)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_page_script_behaviour(page: str, tmp_path: Path) -> None:
    out = run_harness(page, tmp_path)
    assert out["counts"] == [8, 9]
    assert out["options"]["physics"]["enabled"] is True
    assert out["options"]["physics"]["stabilization"]["iterations"] == 150
    assert not out["readyBefore"] and out["readyAfter"]
    assert '{"physics":{"enabled":false}}' in out["calls"]
    search = out["search"]
    assert search["李強"] == search["强总理"] == [LI_QIANG]
    assert search["李强"] == [LI_QIANG, ARTICLE]  # exact match (label_hans) first, then the article title
    assert search["國務院"][0] == STATE_COUNCIL and search["国务院"][0] == STATE_COUNCIL
    assert len(search["国务院"]) == 3  # the body itself first, then the meeting and the article
    assert search["新華社"] == [P + "org/xinhua"]
    assert search["<img"] == [EVIL] and search[""] == [] and search["不存在"] == []
    card = out["card"]
    for part in (
        "人物",
        "李強",
        "简体：李强",
        "别名：强总理",
        "国务院总理 · 国务院 2023-03-11 – 2024-03-01",
        "省长 · 浙江省（原）",
        "李强主持国务院常务会议 2024-03-01",
        "坏链接",
        "国务院总理李强主持召开国务院常务会议。",
    ):
        assert part in card
    assert out["links"] == [["李强主持国务院常务会议", "https://www.gov.cn/a1.html", "noopener noreferrer"]]
    assert IMG in out["evilCard"] and SCRIPT in out["evilCard"] and out["evilLabel"] == "\n".join([IMG[:10], IMG[10:20], IMG[20:]])
    assert out["edgeTitleBeforeHover"]  # edge cards are built when first hovered
    assert IMG in out["edgeCard"] and "摄影" in out["edgeCard"]
    assert "日期：2024-03-01" in out["articleCard"] and out["articleLinks"] == ["https://www.gov.cn/a1.html"]
    assert "日期：2024-03-01" in out["meetingCard"] and "地点：北京" in out["meetingCard"]
    assert out["shapes"] == {name: style.shape for name, style in NODE_STYLES.items()}
    labels = {relation: (label, dashes, color) for relation, label, dashes, color in out["edgeLabels"]}
    assert labels["mentions"] == (None, True, EDGE_STYLES["mentions"].color)  # drawn without a label
    assert labels["holds_post"] == ("总理", False, EDGE_STYLES["holds_post"].color)
    assert labels["photographer"] == (SCRIPT[:29] + "…", True, EDGE_STYLES["photographer"].color)
    assert out["fontSizes"][MEETING] > out["fontSizes"][P + "place/beijing"]
    # drawn labels wrap every 10 characters and are cut after 30; the card has the whole name
    assert out["longLabel"] == "\n".join([LONG[:10], LONG[10:20], LONG[20:29] + "…"]) and LONG in out["longCard"]
    assert out["hiddenAfterTypeOff"] == sorted([EVIL, LI_QIANG]) and out["edgesHiddenAfterTypeOff"] == 5
    assert "显示 6 个节点 · 4 条边" in out["visibleText"] and out["hiddenAfterTypeOn"] == 0
    assert out["relationsHidden"] == ["mentions", "mentions"]
    everyone = {n["id"] for n in embedded(page)["nodes"]}
    assert set(out["dimmed"]) == everyone - {LI_QIANG, STATE_COUNCIL, MEETING}
    assert out["details"] and "李強" in out["details"] and "关系（3）" in out["details"]
    assert out["dimmedAfterClear"] == 0 and out["detailsAfterClear"] is True
    assert out["resultItems"] and out["resultItems"][0].startswith("李強")
    assert out["selected"] == [LI_QIANG] and out["personBoxAfterSearch"] is True
    assert out["liHiddenAfterSearch"] is False and out["focused"] == [f"focus {LI_QIANG}"]
    assert out["noResult"] == "无匹配节点"


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_static_page_script_is_ready_at_once(tmp_path: Path) -> None:
    out = run_harness(render_html(sample_graph(), layout="static"), tmp_path)
    assert out["readyBefore"] and out["options"]["physics"] == {"enabled": False}
    assert out["options"]["layout"]["improvedLayout"] is False
    # a static graph starts without arrow heads and turns them on once zoomed in far enough (here: at once)
    assert out["options"]["edges"]["arrows"]["to"]["enabled"] is False
    assert '{"edges":{"arrows":{"to":{"enabled":true,"scaleFactor":0.5}}}}' in out["calls"]


def test_docstring_examples_run() -> None:
    result = doctest.testmod(kg.html, raise_on_error=False)
    assert result.attempted >= 5 and result.failed == 0


JSDOM_HARNESS = r"""
const { JSDOM, VirtualConsole } = require("jsdom");
const html = require("fs").readFileSync(process.argv[2], "utf8");
const problems = [];
const console_ = new VirtualConsole();
["error", "warn"].forEach((level) => console_.on(level, (...a) => problems.push(a.map(String).join(" "))));
console_.on("jsdomError", (e) => problems.push(String((e && e.stack) || e)));
const dom = new JSDOM(html, {
  runScripts: "dangerously", pretendToBeVisual: true, virtualConsole: console_,
  beforeParse(window) {
    // jsdom has no canvas: a context whose methods do nothing is enough for vis-network to run.
    const ctx = new Proxy({}, {
      get: (t, k) => (k in t ? t[k] : k === "measureText" ? () => ({ width: 10 }) : () => {}),
      set: (t, k, v) => { t[k] = v; return true; },
    });
    window.HTMLCanvasElement.prototype.getContext = () => ctx;
  },
});
const w = dom.window;
setTimeout(() => {
  const n = w.kgNetwork;
  const first = w.kgNodes.getIds()[0];
  console.log(JSON.stringify({
    problems: problems, ready: w.kgReady === true, physics: n.physics.options.enabled,
    positions: Object.keys(n.getPositions()).length,
    titleIsElement: n.body.nodes[first].options.title instanceof w.Element,
  }));
  process.exit(0);
}, 3000);
"""


def _jsdom_available() -> bool:
    if NODE is None:
        return False
    found = subprocess.run([NODE, "-e", "require.resolve('jsdom')"], capture_output=True, timeout=30)
    return found.returncode == 0


@pytest.mark.skipif(
    not _jsdom_available(), reason="jsdom is not installed for node (set NODE_PATH to use it)"
)
@pytest.mark.parametrize("layout", ["physics", "static"])
def test_real_vis_network_accepts_the_page(layout: Layout, tmp_path: Path) -> None:
    html_file = tmp_path / "page.html"
    html_file.write_text(render_html(sample_graph(), layout=layout), encoding="utf-8")
    harness = tmp_path / "jsdom.js"
    harness.write_text(JSDOM_HARNESS, encoding="utf-8")
    assert NODE is not None
    done = subprocess.run([NODE, str(harness), str(html_file)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["problems"] == []  # vis-network reports unknown or invalid options on the console
    assert out["ready"] and out["physics"] is False and out["positions"] == 8 and out["titleIsElement"]


def test_renders_the_graph_that_kg_graph_builds(sample_doc: Any, sample_doc_hans: Any) -> None:
    graph_module = pytest.importorskip("kg.graph")
    g = graph_module.to_networkx(graph_module.build_graph([sample_doc, sample_doc_hans]))
    page = render_html(g, "样例")
    data = embedded(page)
    assert len(data["nodes"]) == g.number_of_nodes() > 0 and len(data["edges"]) == g.number_of_edges()
    present = {attrs["type"] for _, attrs in g.nodes(data=True)}
    assert {t["type"] for t in data["types"]} == present and present <= set(NODE_STYLES)
    for record in data["nodes"]:
        attrs = g.nodes[record["id"]]
        assert record["label"] == attrs["label"] and record["aliases"] == attrs["aliases"]
    assert page == render_html(
        graph_module.to_networkx(graph_module.build_graph([sample_doc, sample_doc_hans])), "样例"
    )


def test_title_is_one_line() -> None:
    """A title with line breaks or Unicode line separators (an article's title, U+2028) is one line in the
    page head; an empty one is kg."""
    import networkx as nx

    from kg.html import render_html

    g = nx.MultiDiGraph()
    page = render_html(g, "国务院\n常务\u2028会议\u2029", layout="static")
    head = page.split("<body", 1)[0]
    assert "<title>国务院 常务 会议</title>" in head and "\u2028" not in head and "\u2029" not in head
    assert "<title>kg</title>" in render_html(g, "\u2028 ", layout="static")
