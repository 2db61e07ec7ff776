"""How fast kg's HTML views open: Python generation time, and time to vis-network's first draw in Chromium.

Not a test. For each size it writes a view of a synthetic graph shaped like kg's (people with posts,
bodies, meetings with participants, policies, dated articles; :func:`kg.view.synthetic_graph`) and, when the
corpus is there, the ``--top N`` view of a graph built with ``kg.build_graph`` from the first articles of
``../shared/data/corpus/xwlb-2022-2025.jsonl``. Each page is opened from file:// in headless Chromium (the
system browser, through Playwright) with every non-file request blocked; the page's own listeners on the
vis-network events record the time of the first ``afterDrawing`` (and, with physics, of
``stabilizationIterationsDone``) in ``window.kgTimings``, in milliseconds since navigation start. After the
first draw, it times full redraws (what every pan, zoom and hover costs) and a hover card.

Targets (issue 7): a 2,000-node view usable in under 2 s, a 5,000-node view in under 5 s.

Usage:
    python benchmarks/view_speed.py                       # synthetic 2,000 and 5,000, and the corpus if present
    python benchmarks/view_speed.py --sizes 500,2000 --repeat 5 --no-corpus
    python benchmarks/view_speed.py --physics             # add in-browser physics rows, for comparison
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import networkx as nx

import kg
from kg.html import write_html
from kg.view import select, synthetic_graph

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "xwlb-2022-2025.jsonl"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
TARGETS = {2000: 2.0, 5000: 5.0}

REDRAW = """() => new Promise(resolve => {
    const net = window.kgNetwork; let start = 0;
    net.once("beforeDrawing", () => { start = performance.now(); });
    net.once("afterDrawing", () => resolve(performance.now() - start));
    net.redraw();
})"""

HOVER = """async () => {
    const net = window.kgNetwork, ids = window.kgNodes.getIds();
    const id = ids.reduce((a, b) => (net.getConnectedEdges(a).length >= net.getConnectedEdges(b).length ? a : b));
    net.moveTo({ position: net.getPositions([id])[id], scale: 1.2 });
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const p = net.canvasToDOM(net.getPositions([id])[id]);
    const box = document.getElementById("kg-graph").getBoundingClientRect();
    window.benchHover = {};
    document.addEventListener("mousemove", () => { window.benchHover.move = performance.now(); }, true);
    net.once("showPopup", () => { window.benchHover.popup = performance.now(); });
    return { x: box.left + p.x, y: box.top + p.y };
}"""


@dataclass
class Row:
    graph: str
    nodes: int
    edges: int
    python_s: float
    cold_s: float
    first_draw_s: float
    ready_s: float
    redraw_ms: float
    hover_ms: float
    requests: int
    errors: int

    def target(self) -> str:
        limit = TARGETS.get(self.nodes) or next((t for n, t in sorted(TARGETS.items()) if self.nodes <= n), None)
        if limit is None:
            return ""
        return f"< {limit:.0f} s {'ok' if self.ready_s < limit else 'MISSED'}"


def measure(browser: object, page_path: Path, repeat: int) -> tuple[float, float, float, float, float, int, int]:
    """First draw of the first load and median first draw and ready time (s), median redraw and hover-card
    time (ms), blocked requests, console errors."""
    first: list[float] = []
    ready: list[float] = []
    redraws: list[float] = []
    hovers: list[float] = []
    requests: list[str] = []
    errors: list[str] = []

    def block(route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            requests.append(route.request.url)
            route.abort()

    for _ in range(repeat):
        page = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
        page.route("**/*", block)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_path.as_uri(), wait_until="commit")
        page.wait_for_function("window.kgTimings && window.kgTimings.firstDraw > 0 && window.kgReady === true",
                               timeout=600_000, polling=10)
        timings = page.evaluate("window.kgTimings")
        first.append(timings["firstDraw"] / 1000)
        ready.append(max(timings["firstDraw"], timings.get("ready", 0)) / 1000)
        redraws.extend(page.evaluate(REDRAW) for _ in range(5))
        point = page.evaluate(HOVER)
        page.mouse.move(point["x"] - 4, point["y"] - 4)
        page.mouse.move(point["x"], point["y"], steps=2)
        page.wait_for_function("window.benchHover.popup > 0", timeout=10_000, polling=10)
        # from the last mouse move to vis-network's showPopup, including the deliberate 150 ms tooltip delay
        hovers.append(page.evaluate("window.benchHover.popup - window.benchHover.move"))
        page.close()
    return (first[0], statistics.median(first), statistics.median(ready), statistics.median(redraws),
            statistics.median(hovers), len(requests), len(errors))


def corpus_records(path: Path, articles: int) -> Iterator[dict[str, object]]:
    with path.open(encoding="utf-8") as f:
        for line in islice(f, articles):
            yield json.loads(line)


def corpus_graph(path: Path, articles: int, folder: Path) -> tuple[nx.MultiDiGraph, float]:
    sliced = folder / "corpus.jsonl"
    with sliced.open("w", encoding="utf-8") as f:
        for record in corpus_records(path, articles):
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    start = time.perf_counter()
    graph = kg.build_graph(kg.extract(sliced))
    return kg.to_networkx(graph), time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,5000", help="comma-separated node counts")
    parser.add_argument("--repeat", type=int, default=3, help="page loads per view (the median is shown)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="JSONL corpus for the corpus rows")
    parser.add_argument("--articles", type=int, default=1200, help="corpus articles to build the graph from")
    parser.add_argument("--no-corpus", action="store_true", help="synthetic graphs only")
    parser.add_argument("--physics", action="store_true", help="also time in-browser physics (slow)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("playwright is not installed: pip install playwright", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is not installed: apt-get install chromium fonts-wqy-microhei", file=sys.stderr)
        return 2

    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        folder = Path(tmp)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        jobs: list[tuple[str, nx.MultiDiGraph, str | None]] = []
        for size in sizes:
            jobs.append((f"synthetic {size}", synthetic_graph(size), None))
            if args.physics:
                jobs.append((f"synthetic {size}, physics", synthetic_graph(size), "physics"))
        if not args.no_corpus and args.corpus.exists():
            print(f"building the corpus graph from {args.articles} articles of {args.corpus.name} …", file=sys.stderr)
            full, seconds = corpus_graph(args.corpus, args.articles, folder)
            print(f"  {full.number_of_nodes()} nodes, {full.number_of_edges()} edges in {seconds:.0f} s "
                  "(kg.extract + kg.build_graph, not counted below)", file=sys.stderr)
            for size in sizes:
                if full.number_of_nodes() >= size:
                    jobs.append((f"corpus --top {size}", select(full, top=size), None))
        for name, graph, layout in jobs:
            out = folder / f"{len(rows)}.html"
            start = time.perf_counter()
            write_html(graph, out, name, layout=layout)  # type: ignore[arg-type]
            python_s = time.perf_counter() - start
            print(f"{name}: page written in {python_s:.1f} s, loading …", file=sys.stderr)
            cold, first, ready, redraw, hover_ms, requests, errors = measure(browser, out, args.repeat)
            rows.append(Row(name, graph.number_of_nodes(), graph.number_of_edges(), python_s, cold, first, ready,
                            redraw, hover_ms, requests, errors))
        version = browser.version
        browser.close()

    print(f"\n{dt.date.today().isoformat()}, {os.cpu_count()} cores ({platform.machine()}), Python "
          f"{platform.python_version()}, Chromium {version} headless, median of {args.repeat} loads\n")
    print("| view | nodes | edges | Python: page written | first draw, first load | first draw | usable | "
          "redraw | hover card | requests | console errors | target |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|")
    for r in rows:
        print(f"| {r.graph} | {r.nodes:,} | {r.edges:,} | {r.python_s:.2f} s | {r.cold_s:.2f} s | "
              f"{r.first_draw_s:.2f} s | {r.ready_s:.2f} s | {r.redraw_ms:.0f} ms | {r.hover_ms:.0f} ms | "
              f"{r.requests} | {r.errors} | {r.target()} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
