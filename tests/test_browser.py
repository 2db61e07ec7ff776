"""The generated pages in a real browser: headless Chromium (the system one) driven by Playwright.

Pages are opened from file:// with every other request blocked and recorded. For the bundled sample (built
with kg.build, plus one article whose title is an injection attempt) and for a larger synthetic graph drawn
with positions computed in Python, the tests check: no network request, no console error, node and edge
counts, search in either script, the type filter, hover cards with evidence, neighbourhood highlighting, and
that article text never becomes markup.

Skipped with a reason when /usr/bin/chromium or the playwright package is missing (.ci/run installs both).
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import kg
from kg.html import write_html
from kg.view import synthetic_graph

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
if importlib.util.find_spec("playwright") is None:
    pytest.skip("playwright is not installed (pip install playwright)", allow_module_level=True)

from playwright.sync_api import Browser, Page, Route, sync_playwright  # noqa: E402

BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SAMPLE = Path(__file__).resolve().parents[1] / "kg" / "samples" / "seed-000.txt"
IMG = "<img src=x onerror=alert(1)>"
SYNTHETIC_NODES = 1500


@dataclass
class Loaded:
    """An open page and what it did: blocked requests, console problems, dialogs."""

    page: Page
    graph: nx.MultiDiGraph
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def node_id(self, label: str) -> str:
        return next(n for n, d in self.graph.nodes(data=True) if d.get("label") == label)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, nx.MultiDiGraph]:
    """The bundled sample, plus one article whose title is an injection attempt, built as `kg build` does."""
    folder = tmp_path_factory.mktemp("sample")
    evil = folder / "evil.jsonl"
    record = {"id": "evil", "title": IMG, "date": "2021-01-05", "url": "javascript:alert(1)",
              "text": "退役军人事务部部长孙绍骋出席会议。"}
    evil.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = kg.build([SAMPLE, evil], folder / "out", formats=("html",))
    return folder / "out" / "graph.html", kg.to_networkx(result.graph)


@pytest.fixture(scope="module")
def synthetic_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, nx.MultiDiGraph]:
    """A synthetic graph big enough for the static layout, with one node named by an injection attempt."""
    g = synthetic_graph(SYNTHETIC_NODES, seed=1)
    person = next(n for n, d in g.nodes(data=True) if d["type"] == "Person")
    g.nodes[person].update(label=IMG, label_hans=IMG, label_hant=IMG, aliases=["</script><script>alert(2)"])
    g.nodes[person]["evidence"] = [f"证据：{IMG}"]
    path = write_html(g, tmp_path_factory.mktemp("synthetic") / "graph.html", f"合成 {IMG}")
    return path, g


def open_page(browser: Browser, path: Path, graph: nx.MultiDiGraph) -> Loaded:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    loaded = Loaded(page, graph)

    def block(route: Route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            loaded.requests.append(route.request.url)
            route.abort()

    page.route("**/*", block)
    page.on("console", lambda m: loaded.problems.append(f"{m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: loaded.problems.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: None if r.url in loaded.requests else loaded.problems.append(
        f"request failed: {r.url}"))

    def dialog(d: Any) -> None:
        loaded.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(path.as_uri())
    page.wait_for_function("window.kgReady === true && window.kgTimings.firstDraw > 0", timeout=30_000)
    return loaded


@pytest.fixture(params=["sample", "synthetic"])
def loaded(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Loaded]:
    path, graph = request.getfixturevalue(f"{request.param}_page")
    result = open_page(browser, path, graph)
    yield result
    result.page.close()


FOCUS_NODE = """([id, scale]) => {
    const net = window.kgNetwork;
    net.moveTo({ position: net.getPositions([id])[id], scale: scale });
    const p = net.canvasToDOM(net.getPositions([id])[id]);
    const box = document.getElementById("kg-graph").getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y, top: net.getNodeAt(p) };
}"""


def reachable(loaded: Loaded, candidates: list[str]) -> str:
    """The first candidate that no other node covers once zoomed in (big static layouts may overlap)."""
    for node in candidates:
        if loaded.js(FOCUS_NODE, [node, 1.5])["top"] == node:
            return node
    raise AssertionError("every candidate node is covered by another")


def hover(loaded: Loaded, node: str) -> str:
    """Zoom to a node, move the mouse onto it and return the text of the tooltip that appears."""
    point = loaded.js(FOCUS_NODE, [node, 1.5])
    assert point["top"] == node, "another node covers this one"
    loaded.page.mouse.move(point["x"] - 3, point["y"] - 3)
    loaded.page.mouse.move(point["x"], point["y"], steps=3)
    tooltip = loaded.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    return tooltip.inner_text()


# ---- the recorder works -------------------------------------------------------------------------------


def test_requests_to_the_network_would_be_recorded(browser: Browser, tmp_path: Path) -> None:
    page = tmp_path / "leaky.html"
    page.write_text(
        '<!DOCTYPE html><meta charset="utf-8"><title>leak</title>'
        '<script>window.kgReady = true; window.kgTimings = {firstDraw: 1};'
        'fetch("https://cdn.example.com/vis.js").catch(() => {});'
        'new Image().src = "http://example.org/pixel.png";</script>',
        encoding="utf-8",
    )
    loaded = open_page(browser, page, nx.MultiDiGraph())
    loaded.page.wait_for_timeout(200)
    assert sorted(loaded.requests) == ["http://example.org/pixel.png", "https://cdn.example.com/vis.js"]
    loaded.page.close()


# ---- both pages ---------------------------------------------------------------------------------------


def test_counts_match_the_graph_and_nothing_is_loaded(loaded: Loaded) -> None:
    g = loaded.graph
    assert loaded.js("[window.kgNodes.length, window.kgEdges.length]") == [g.number_of_nodes(), g.number_of_edges()]
    assert loaded.js("document.getElementById('kg-node-count').textContent") == str(g.number_of_nodes())
    assert loaded.js("Object.keys(window.kgNetwork.getPositions()).length") == g.number_of_nodes()
    assert loaded.requests == [] and loaded.problems == [] and loaded.dialogs == []


def test_static_layout_for_the_big_graph(loaded: Loaded) -> None:
    big = loaded.graph.number_of_nodes() > 300
    assert loaded.js("window.kgData.layout") == ("static" if big else "physics")
    assert loaded.js("window.kgNetwork.physics.physicsEnabled") is False  # off, or switched off once settled


def test_search_finds_a_node_in_either_script(loaded: Loaded) -> None:
    g = loaded.graph
    node, attrs = next((n, d) for n, d in g.nodes(data=True)
                       if d["type"] == "Person" and d.get("label_hans") and d["label_hans"] != d.get("label_hant"))
    search = loaded.page.locator("#kg-search")
    for query in (attrs["label_hans"], attrs["label_hant"]):
        search.fill(query)
        first = loaded.page.locator("#kg-search-results li button").first
        assert first.inner_text().startswith(attrs["label"])
        search.press("Enter")
        assert loaded.js("window.kgNetwork.getSelectedNodes()") == [node]
        assert attrs["label"] in loaded.page.locator("#kg-details").inner_text()
    search.fill("不存在的名字")
    assert loaded.page.locator("#kg-search-results").inner_text() == "无匹配节点"
    assert loaded.problems == [] and loaded.requests == []


def test_type_filter_hides_exactly_that_type(loaded: Loaded) -> None:
    g = loaded.graph
    persons = sorted(n for n, d in g.nodes(data=True) if d["type"] == "Person")
    loaded.page.locator('li[data-type="Person"] label').click()
    hidden = loaded.js("window.kgNodes.get({ filter: n => n.hidden }).map(n => n.id).sort()")
    assert hidden == persons
    edges_hidden = loaded.js("window.kgEdges.get({ filter: e => e.hidden }).length")
    assert edges_hidden == sum(1 for u, v in g.edges() if u in set(persons) or v in set(persons))
    assert f"显示 {g.number_of_nodes() - len(persons)} 个节点" in loaded.page.locator("#kg-visible").inner_text()
    loaded.page.locator('li[data-type="Person"] label').click()
    assert loaded.js("window.kgNodes.get({ filter: n => n.hidden }).length") == 0


def test_relation_filter_hides_exactly_that_relation(loaded: Loaded) -> None:
    g = loaded.graph
    loaded.page.locator('li[data-relation="holds_post"] label').click()
    hidden = loaded.js("window.kgEdges.get({ filter: e => e.hidden }).map(e => e.relation)")
    assert hidden and set(hidden) == {"holds_post"}
    assert len(hidden) == sum(1 for _, _, d in g.edges(data=True) if d["relation"] == "holds_post")


def test_hover_card_shows_type_labels_posts_and_evidence(loaded: Loaded) -> None:
    g = loaded.graph
    node = reachable(loaded, [n for n, d in g.nodes(data=True)
                              if d["type"] == "Person" and d.get("evidence") and d.get("posts") and "<" not in d["label"]])
    attrs = g.nodes[node]
    card = hover(loaded, node)
    assert "人物" in card and attrs["label"] in card
    assert attrs["evidence"][0] in card
    post = attrs["posts"][0]
    assert post["title"] in card and post["org"] in card
    assert loaded.problems == [] and loaded.requests == []


EDGE_POINT = """id => {
    const net = window.kgNetwork;
    const edge = net.body.edges[id];
    const middle = edge.edgeType.getPoint(0.5);
    net.moveTo({ position: middle, scale: 1.5 });
    const p = net.canvasToDOM(edge.edgeType.getPoint(0.5));
    const box = document.getElementById("kg-graph").getBoundingClientRect();
    // the mouse comes from 2 px up and left: the edge must be the one under it all the way
    const path = [{ x: p.x - 2, y: p.y - 2 }, { x: p.x - 1, y: p.y - 1 }];
    return { x: box.left + p.x, y: box.top + p.y, edge: net.getEdgeAt(p), node: net.getNodeAt(p),
             path: path.map(q => net.getEdgeAt(q)), pathNodes: path.map(q => net.getNodeAt(q)) };
}"""


def test_hover_card_of_an_edge_shows_relation_and_evidence(loaded: Loaded) -> None:
    ids = loaded.js("window.kgData.edges.filter(e => e.evidence && e.relation !== 'mentions').map(e => e.id)")
    for edge in ids[:40]:
        point = loaded.js(EDGE_POINT, edge)
        if point["edge"] == edge and point["node"] is None and set(point["path"]) == {edge} and \
                set(point["pathNodes"]) == {None}:
            break
    else:
        raise AssertionError("no edge with evidence can be reached by the mouse")
    assert loaded.js(f"window.kgEdges.get({json.dumps(edge)}).title") is None  # built on the first hover
    loaded.page.mouse.move(point["x"] - 2, point["y"] - 2)
    loaded.page.mouse.move(point["x"], point["y"], steps=2)
    tooltip = loaded.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    record = loaded.js(f"window.kgData.edges.find(e => e.id === {json.dumps(edge)})")
    text = tooltip.inner_text()
    assert record["evidence"].split("\n")[0] in text and record["relation"] in text and "→" in text
    assert loaded.problems == [] and loaded.requests == []


def test_click_highlights_the_neighbourhood(loaded: Loaded) -> None:
    g = loaded.graph
    node = reachable(loaded, sorted(g.nodes, key=lambda n: (-g.degree(n), n)))
    neighbours = set(g.successors(node)) | set(g.predecessors(node)) | {node}
    point = loaded.js(FOCUS_NODE, [node, 1.5])
    loaded.page.mouse.click(point["x"], point["y"])
    loaded.page.locator("#kg-details").wait_for(state="visible")
    dimmed = set(loaded.js("window.kgNodes.get({ filter: n => n.color.background.startsWith('rgba(200') })"
                           ".map(n => n.id)"))
    assert dimmed == set(g.nodes) - neighbours
    assert g.nodes[node]["label"] in loaded.page.locator("#kg-details").inner_text()


def test_injection_attempts_stay_text(loaded: Loaded) -> None:
    node = loaded.node_id(IMG)
    assert loaded.js("document.querySelectorAll('img').length") == 0
    assert loaded.js(f"window.kgNodes.get({json.dumps(node)}).label").replace("\n", "") == IMG  # wrapped
    loaded.page.locator("#kg-search").fill("<img")
    assert IMG in loaded.page.locator("#kg-search-results").inner_text()
    loaded.page.locator("#kg-search").press("Enter")
    assert IMG in loaded.page.locator("#kg-details").inner_text()
    assert IMG in hover(loaded, node)
    assert loaded.js("document.querySelectorAll('img').length") == 0
    assert loaded.js("Array.from(document.scripts).every(s => ['kg-data', 'vis-network-js', 'kg-js'].includes(s.id))")
    assert loaded.js("Array.from(document.querySelectorAll('a')).every(a => /^https?:/.test(a.href))")
    loaded.page.wait_for_timeout(100)
    assert loaded.dialogs == [] and loaded.problems == [] and loaded.requests == []


# ---- the sample only ----------------------------------------------------------------------------------


def test_sample_card_links_to_the_article_only_over_http(browser: Browser, sample_page: Any) -> None:
    loaded = open_page(browser, *sample_page)
    person = loaded.node_id("孫紹騁")
    card = hover(loaded, person)
    assert IMG in card  # the title of the second source article, as text
    assert loaded.js("document.querySelectorAll('div.vis-tooltip a').length") == 0  # javascript: is no link
    loaded.page.close()
