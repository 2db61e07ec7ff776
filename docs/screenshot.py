"""Save a screenshot of the bundled sample's graph view: exports/graph.png (shown in the README).

Builds the sample exactly as the README's main command does (into a temporary folder), opens graph.html from
file:// in headless Chromium (the system browser, through Playwright) with every other request blocked,
waits until the layout has settled, hovers one person so the picture shows a hover card (by default the
person whose card hides the fewest other nodes), and saves the PNG.

Usage (from the repository root):
    python docs/screenshot.py                      # writes exports/graph.png
    python docs/screenshot.py --hover 林國耀 -o /tmp/view.png
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import kg

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

POINT = """name => {
    const net = window.kgNetwork;
    const node = window.kgData.nodes.find(n => n.label === name);
    if (!node) { return null; }
    const p = net.canvasToDOM(net.getPositions([node.id])[node.id]);
    const box = document.getElementById("kg-graph").getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
}"""

# People with posts and evidence make the most telling card; the best-connected first.
CANDIDATES = """() => window.kgData.nodes
    .filter(n => n.type === "Person" && n.posts.length && n.evidence.length)
    .sort((a, b) => b.degree - a.degree || (a.label < b.label ? -1 : 1))
    .map(n => n.label)"""

# What the visible hover card hides: the other nodes under it (with their labels), each weighted by
# 1 + its degree, so that hiding a hub costs more.
COVERED = """name => {
    const net = window.kgNetwork;
    const card = document.querySelector("div.vis-tooltip").getBoundingClientRect();
    const box = document.getElementById("kg-graph").getBoundingClientRect();
    const others = window.kgData.nodes.filter(n => n.label !== name);
    const positions = net.getPositions(others.map(n => n.id));
    return others.filter(n => {
        const p = net.canvasToDOM(positions[n.id]);
        const x = box.left + p.x, y = box.top + p.y;
        return x > card.left - 60 && x < card.right + 60 && y > card.top - 30 && y < card.bottom + 40;
    }).reduce((sum, n) => sum + 1 + n.degree, 0);
}"""


def hover(page: Any, name: str, then: str | None) -> Any:
    """Move the mouse to a corner of the graph, then onto the node labelled ``name`` until its card shows; evaluate
    ``then`` (with the name) while it does."""
    corner = page.evaluate("(() => { const b = document.getElementById('kg-graph').getBoundingClientRect();"
                           " return { x: b.left + 3, y: b.bottom - 3 }; })()")
    page.mouse.move(corner["x"], corner["y"], steps=2)  # an empty spot of the graph: the card goes away
    page.locator("div.vis-tooltip").wait_for(state="hidden", timeout=5_000)
    point = page.evaluate(POINT, name)
    if point is None:
        raise SystemExit(f"no node is labelled {name!r}")
    page.mouse.move(point["x"] - 3, point["y"] - 3)
    page.mouse.move(point["x"], point["y"], steps=2)
    page.locator("div.vis-tooltip").wait_for(state="visible", timeout=5_000)
    return page.evaluate(then, name) if then else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--out", type=Path, default=ROOT / "exports" / "graph.png")
    parser.add_argument("--hover", default="auto",
                        help="label of the node whose hover card is shown; auto: the person whose card hides the "
                             "fewest nodes; '' for none")
    parser.add_argument("--width", type=int, default=1800)
    parser.add_argument("--height", type=int, default=960)
    args = parser.parse_args(argv)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("playwright is not installed: pip install playwright", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is not installed: apt-get install chromium fonts-wqy-microhei", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path.cwd()
        os.chdir(ROOT)  # the README command runs from the repository root, with a relative path
        try:
            kg.build(["kg/samples/seed-000.txt"], tmp, formats=("html",))
        finally:
            os.chdir(cwd)
        page_file = Path(tmp) / "graph.html"
        blocked: list[str] = []
        problems: list[str] = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height}, device_scale_factor=1)

            def block(route: Any) -> None:
                if route.request.url.startswith("file://"):
                    route.continue_()
                else:
                    blocked.append(route.request.url)
                    route.abort()

            page.route("**/*", block)
            page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
            page.goto(page_file.as_uri())
            page.wait_for_function("window.kgReady === true", timeout=60_000)
            page.wait_for_timeout(300)
            if args.hover == "auto":
                covered = {name: hover(page, name, COVERED) for name in page.evaluate(CANDIDATES)[:12]}
                choice = min(covered, key=lambda name: covered[name]) if covered else ""
                if choice:
                    hover(page, choice, None)
                    print(f"hover card of {choice} (what it hides weighs {covered[choice]})", file=sys.stderr)
            elif args.hover:
                hover(page, args.hover, None)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out))
            browser.close()
    if blocked or problems:
        print(f"blocked requests: {blocked}; console problems: {problems}", file=sys.stderr)
        return 1
    print(f"Wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
