"""An interactive, fully offline HTML view of a knowledge graph.

:func:`render_html` turns the :class:`networkx.MultiDiGraph` made by ``kg.graph.to_networkx`` into one
self-contained page: the vis-network library that ships inside pyvis is inlined (no CDN, no external fonts),
the graph travels as JSON in a ``<script type="application/json">`` block and the page's own script builds
every hover card with DOM calls, so no text from a news article is ever interpreted as HTML.

Graphs with more than :data:`STATIC_THRESHOLD` nodes get positions computed here (a deterministic
force-directed layout in pure Python) and the browser's physics engine stays off; smaller graphs settle with a
short physics run that is switched off once stabilised. The same graph always gives byte-identical HTML.

Example:
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("urn:p", type="Person", label="李强")
    >>> page = render_html(g, "示例")
    >>> page.startswith("<!DOCTYPE html>") and '"label":"李强"' in page
    True
"""

from __future__ import annotations

import json
import math
import os
import random
import re
from collections import deque
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Literal

import jinja2
import networkx as nx
from markupsafe import Markup

from kg.atomic import atomic_write
from kg.errors import ExportError

Layout = Literal["physics", "static"]
"""How node positions are found: ``physics`` in the browser, ``static`` here in Python."""

LAYOUTS: Final[tuple[Layout, ...]] = ("physics", "static")

STATIC_THRESHOLD: Final = 300
"""Above this many nodes, ``layout=None`` means ``static``: positions computed in Python, physics off."""

STABILIZATION_ITERATIONS: Final = 150
"""Physics iterations the browser runs before it switches physics off (``physics`` layout)."""

FONT_STACK: Final = (
    '"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","WenQuanYi Micro Hei","PingFang SC",'
    '"Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK TC","Microsoft JhengHei",sans-serif'
)
"""System fonts only; the page never loads a web font."""

VIS_VERSIONS: Final = ("vis-9.1.2", "vis-9.0.4")
"""vis-network builds bundled with pyvis, most preferred first."""


@dataclass(frozen=True, slots=True)
class NodeStyle:
    """How nodes of one type look: legend name, fill colour, vis-network shape and legend glyph."""

    name: str
    color: str
    border: str
    shape: str
    glyph: str


# Only shapes that draw the label *below* the node are used: their size follows ``size`` (the degree),
# while label-inside shapes such as ``box`` would grow with the text instead.
NODE_STYLES: Final[Mapping[str, NodeStyle]] = MappingProxyType(
    {
        "Person": NodeStyle("人物", "#e15759", "#a8393b", "dot", "●"),
        "GovernmentBody": NodeStyle("政府机构", "#4e79a7", "#34547a", "square", "■"),
        "Organization": NodeStyle("组织", "#59a14f", "#3d7335", "hexagon", "⬢"),
        "Place": NodeStyle("地点", "#edc948", "#b39423", "triangle", "▲"),
        "PolicyConcept": NodeStyle("政策概念", "#b07aa1", "#805573", "diamond", "◆"),
        "Meeting": NodeStyle("会议", "#f28e2b", "#b8651a", "star", "★"),
        "Article": NodeStyle("文章", "#8c8c8c", "#5e5e5e", "triangleDown", "▼"),
    }
)
"""The fixed palette, in legend order."""

UNKNOWN_STYLE: Final = NodeStyle("", "#bab0ac", "#857c78", "dot", "●")
"""Style of a type outside :data:`NODE_STYLES`; its legend name is the type itself."""

UNKNOWN_TYPE: Final = "Unknown"

RELATION_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "holds_post": "任职",
        "presided": "主持",
        "spoke": "讲话",
        "attended": "出席",
        "met": "会见",
        "issued": "印发",
        "adopted": "审议通过",
        "studied": "传达学习",
        "implemented": "贯彻落实",
        "sub_organization_of": "隶属",
        "mentions": "提及",
        "reported_in": "报道于",
        "published_by": "发布",
        "photographer": "摄影",
    }
)
"""Display names of the relations, in filter order."""

UNKNOWN_RELATION: Final = "related"
"""Relation of an edge that has none; shown as 相关."""


@dataclass(frozen=True, slots=True)
class EdgeStyle:
    """How edges of one relation look: line colour, dashed or not, and whether the label is drawn."""

    color: str
    dashes: bool = False
    label: bool = True


EDGE_STYLES: Final[Mapping[str, EdgeStyle]] = MappingProxyType(
    {
        "holds_post": EdgeStyle("#4e79a7"),
        "presided": EdgeStyle("#d4711c"),
        "spoke": EdgeStyle("#e39a4f"),
        "attended": EdgeStyle("#f0b97d"),
        "met": EdgeStyle("#c85a5c"),
        # policy acts end at a policy concept: shades of its purple, darkest for the act that makes the policy
        "issued": EdgeStyle("#7b4a6e"),
        "adopted": EdgeStyle("#96608a"),
        "studied": EdgeStyle("#b07aa1"),
        "implemented": EdgeStyle("#c99bbd"),
        "sub_organization_of": EdgeStyle("#59a14f"),
        # An article mentions nearly everything in it: dozens of identical labels would hide the graph, so
        # these edges are dashed and light, and their label shows in the hover card only.
        "mentions": EdgeStyle("#c9cdd2", dashes=True, label=False),
        "reported_in": EdgeStyle("#9a9fa5", dashes=True),
        "published_by": EdgeStyle("#9a9fa5", dashes=True),
        "photographer": EdgeStyle("#9a9fa5", dashes=True),
    }
)
"""Line styles of the relations; others get :data:`UNKNOWN_EDGE_STYLE`."""

UNKNOWN_EDGE_STYLE: Final = EdgeStyle("#a0a6ad")

_JSON_ESCAPES: Final[Mapping[int, str]] = MappingProxyType(
    {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}
)

_SCRIPT_CLOSE = re.compile(r"</(script)", re.IGNORECASE)
_STYLE_CLOSE = re.compile(r"</(style)", re.IGNORECASE)
_SOURCE_MAP = re.compile(r"^\s*//[#@] sourceMappingURL=.*$", re.MULTILINE)
# The bundled stylesheet carries ~200 KB of base64 icons for the navigation buttons and the manipulation
# toolbar; the page turns both off, so the icons are dropped.
_CSS_IMAGE = re.compile(r"""url\(\s*(["']?)data:image/[^"')]*\1\s*\)""")

# Rotation by the golden angle as float literals: the initial spiral then needs only +, -, *, / and sqrt,
# which IEEE 754 rounds identically everywhere, so positions do not depend on the platform's libm.
_GOLDEN_COS: Final = -0.7373688780783197
_GOLDEN_SIN: Final = 0.6754902942615238


def render_html(g: nx.MultiDiGraph, title: str = "kg", *, layout: Layout | None = None) -> str:
    """Render a knowledge graph as one self-contained, offline, interactive HTML page.

    The page shows nodes coloured and shaped by type (with a legend that doubles as a type filter), sized
    by degree and labelled in their original script; hover cards with labels in both scripts, aliases,
    posts, source articles and evidence; edge labels and evidence; a search box over labels in both scripts
    and aliases; a relation filter; and neighbourhood highlighting on click. The browser globals
    ``kgNetwork``, ``kgNodes`` and ``kgEdges`` expose the vis Network and its DataSets.

    Args:
        g: the graph from ``kg.graph.to_networkx`` (any networkx graph works; missing attributes get
            defaults). Node ids are IRIs; see the module docs of ``kg.graph`` for the attributes.
        title: shown in the page title and header, on one line (runs of whitespace, line and paragraph
            separators included, become one space; an empty title is ``kg``).
        layout: ``None`` picks ``static`` above :data:`STATIC_THRESHOLD` nodes and ``physics`` otherwise;
            ``physics`` lets the browser settle the graph briefly; ``static`` computes positions here.

    Returns:
        The page as a string. The same graph, title and layout always give the same string.

    Raises:
        ExportError: ``layout`` is not one of :data:`LAYOUTS`, or pyvis's bundled vis-network is missing.

    Example:
        >>> import networkx as nx
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("urn:a", type="Person", label="<b>王</b>")
        >>> page = render_html(g, layout="static")
        >>> "<b>王</b>" in page, "\\\\u003cb\\\\u003e王" in page
        (False, True)
    """
    chosen = _choose_layout(g.number_of_nodes(), layout)
    title = " ".join(title.split()) or "kg"
    data = page_data(g, title, layout=chosen)
    vis_js, vis_css = _vis_assets()
    env = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = env.from_string(_template_text("page.html.j2"))
    return template.render(
        title=title,
        node_count=len(data["nodes"]),
        edge_count=len(data["edges"]),
        types=data["types"],
        relations=data["relations"],
        layout=chosen,
        font_stack=Markup(FONT_STACK),
        data_json=Markup(_script_json(data)),
        vis_css=Markup(_STYLE_CLOSE.sub(r"<\\/\1", vis_css)),
        vis_js=Markup(_script_safe(vis_js)),
        page_css=Markup(_STYLE_CLOSE.sub(r"<\\/\1", _template_text("page.css"))),
        page_js=Markup(_script_safe(_template_text("page.js"))),
    )


def write_html(
    g: nx.MultiDiGraph, path: str | os.PathLike[str], title: str = "kg", *, layout: Layout | None = None
) -> Path:
    """Write :func:`render_html`'s page to ``path`` as UTF-8, atomically.

    The page goes to a temporary file in the destination directory first and then replaces ``path`` in
    one step (:func:`kg.atomic.atomic_write`), so a reader never sees half a page and a failed write leaves
    the old file intact. Missing parent directories are created.

    Args:
        g: the graph to draw.
        path: the destination file.
        title: shown in the page title and header.
        layout: see :func:`render_html`.

    Returns:
        The destination as a :class:`~pathlib.Path`.

    Raises:
        ExportError: the file cannot be written (for example ``path`` is a directory), or see
            :func:`render_html`.

    Example:
        >>> import tempfile, networkx as nx
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("urn:p", type="Person", label="李強", label_hans="李强")
        >>> with tempfile.TemporaryDirectory() as d:
        ...     out = write_html(g, Path(d) / "kg.html", "人物")
        ...     "李強" in out.read_bytes().decode("utf-8")
        True
    """
    target = Path(path)
    page = render_html(g, title, layout=layout)
    try:
        atomic_write(target, page, encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ExportError(
            f"{target}: cannot write the page ({reason}); check the path and permissions"
        ) from exc
    return target


def page_data(g: nx.MultiDiGraph, title: str = "kg", *, layout: Layout = "physics") -> dict[str, Any]:
    """Build the JSON document the page embeds: nodes, edges, present types and relations.

    Every value is normalised (missing attributes become empty strings or lists), nodes are sorted by id
    and edges by (source, target, key), so the result is deterministic.

    Args:
        g: the graph to draw.
        title: the page title.
        layout: ``static`` adds pixel positions ``x``/``y`` to every node.

    Returns:
        A JSON-serialisable dict with keys ``title``, ``layout``, ``font``, ``stabilization_iterations``,
        ``types``, ``relations``, ``nodes`` and ``edges``.

    Example:
        >>> import networkx as nx
        >>> g = nx.MultiDiGraph()
        >>> g.add_edge("urn:p", "urn:o", relation="holds_post", label="部长")
        0
        >>> d = page_data(g)
        >>> [n["type"] for n in d["nodes"]], d["edges"][0]["label"], d["relations"][0]["name"]
        (['Unknown', 'Unknown'], '部长', '任职')
    """
    ids = {node: str(node) for node in g.nodes}
    order = sorted(g.nodes, key=lambda node: ids[node])
    nodes = [_node_record(ids[node], g.nodes[node], g.degree(node)) for node in order]
    edges = _edge_records(g, ids)
    if layout == "static":
        positions = static_positions([n["id"] for n in nodes], [(e["from"], e["to"]) for e in edges])
        for record in nodes:
            record["x"], record["y"] = positions[record["id"]]
    return {
        "title": title,
        "layout": layout,
        "font": FONT_STACK,
        "stabilization_iterations": STABILIZATION_ITERATIONS,
        "types": _type_table(record["type"] for record in nodes),
        "relations": _relation_table((record["relation"] for record in edges), dashes=layout == "physics"),
        "nodes": nodes,
        "edges": edges,
    }


def static_positions(
    nodes: list[str], edges: Iterable[tuple[str, str]], *, spacing: float = 90.0, seed: int = 7
) -> dict[str, tuple[float, float]]:
    """Lay out a graph in pixels with a deterministic force-directed method in pure Python.

    Each connected component is laid out on its own (Fruchterman-Reingold with grid-limited repulsion,
    starting from a golden-angle spiral in breadth-first order from its best-connected node), then the
    components are packed in rows, largest first. Cost is about linear in the graph size per iteration,
    and the iteration count shrinks for big components (1,000 nodes take well under a second).

    Args:
        nodes: node ids; their order decides ties, so pass them sorted for reproducible output.
        edges: (source, target) pairs; direction, duplicates and self-loops are ignored.
        spacing: the ideal edge length in pixels.
        seed: seeds the small jitter that breaks symmetry.

    Returns:
        ``{node: (x, y)}`` rounded to 0.1 px, centred near the origin.

    Example:
        >>> pos = static_positions(["a", "b", "c"], [("a", "b")])
        >>> sorted(pos) == ["a", "b", "c"] and pos == static_positions(["a", "b", "c"], [("a", "b")])
        True
    """
    index = {node: i for i, node in enumerate(nodes)}
    adjacency: list[set[int]] = [set() for _ in nodes]
    for source, target in edges:
        i, j = index[source], index[target]
        if i != j:
            adjacency[i].add(j)
            adjacency[j].add(i)
    neighbours = [sorted(adj, key=lambda j: (-len(adjacency[j]), j)) for adj in adjacency]
    rng = random.Random(seed)
    placed: list[tuple[list[int], list[float], list[float]]] = []
    for component in _components(neighbours):
        xs, ys = _force_layout(component, neighbours, spacing, rng)
        placed.append((component, *_spread(xs, ys, spacing)))
    xy = _pack(placed, spacing)
    return {nodes[i]: (round(x, 1) + 0.0, round(y, 1) + 0.0) for i, (x, y) in sorted(xy.items())}


def _choose_layout(node_count: int, layout: str | None) -> Layout:
    if layout is None:
        return "static" if node_count > STATIC_THRESHOLD else "physics"
    for known in LAYOUTS:
        if layout == known:
            return known
    raise ExportError(f"unknown layout {layout!r}; use one of {', '.join(LAYOUTS)} or None for automatic")


def _template_text(name: str) -> str:
    return resources.files("kg").joinpath("templates", name).read_text(encoding="utf-8")


def _vis_assets() -> tuple[str, str]:
    """The vis-network script and stylesheet bundled with pyvis, newest available build first."""
    try:
        lib = resources.files("pyvis").joinpath("lib")
    except ModuleNotFoundError as exc:  # pragma: no cover - pyvis is a declared dependency
        raise ExportError("pyvis is not installed; install it with `pip install pyvis>=0.3.2`") from exc
    for version in VIS_VERSIONS:
        js, css = lib.joinpath(version, "vis-network.min.js"), lib.joinpath(version, "vis-network.css")
        if js.is_file() and css.is_file():
            script = _SOURCE_MAP.sub("", js.read_text(encoding="utf-8"))
            return script, _CSS_IMAGE.sub("none", css.read_text(encoding="utf-8"))
    raise ExportError(  # pragma: no cover - depends on a broken pyvis install
        f"pyvis has no bundled vis-network ({', '.join(VIS_VERSIONS)}); reinstall it with "
        "`pip install --force-reinstall pyvis>=0.3.2`"
    )


def _script_safe(code: str) -> str:
    # ``</script`` anywhere in an inline script ends it early; ``<\/`` means the same inside JS strings.
    return _SCRIPT_CLOSE.sub(r"<\\/\1", code)


def _script_json(value: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: ``<``, ``>``, ``&`` and the two JS
    line separators only occur inside strings, where their ``\\uXXXX`` forms mean the same."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return text.translate(_JSON_ESCAPES)


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    # Lone surrogates cannot be written as UTF-8; replace them rather than fail at write time.
    return text.encode("utf-8", "replace").decode("utf-8")


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str | bytes | Mapping):
        return [value]
    if isinstance(value, Iterable):
        return list(value)
    return [value]


def _texts(value: Any) -> list[str]:
    return [text for text in (_text(item) for item in _items(value)) if text]


def _field(record: Any, key: str) -> Any:
    return record.get(key) if isinstance(record, Mapping) else None


def _fallback_label(node_id: str) -> str:
    tail = re.split(r"[/#:]", node_id.rstrip("/#"))[-1]
    return tail or node_id


def _size(degree: int) -> float:
    return round(min(10.0 + 4.0 * math.sqrt(degree), 42.0), 1)


def _font_size(degree: int) -> float:
    # Hubs get larger labels, so when a big graph is zoomed out (and small labels are not drawn) the
    # best-connected names are still readable.
    return round(min(12.0 + 1.5 * math.sqrt(degree), 24.0), 1)


def _post_dates(post: Any) -> tuple[str, str]:
    """First and last date of a post, from ``first_seen``/``last_seen`` (or ``start``/``end``, ``date``)."""
    first = _text(_field(post, "first_seen") or _field(post, "start") or _field(post, "date"))
    last = _text(_field(post, "last_seen") or _field(post, "end") or _field(post, "date"))
    return first[:10], last[:10]


def _node_record(node_id: str, attrs: Mapping[str, Any], degree: int) -> dict[str, Any]:
    label_hans, label_hant = _text(attrs.get("label_hans")), _text(attrs.get("label_hant"))
    label = _text(attrs.get("label")) or label_hans or label_hant or _fallback_label(node_id)
    posts = [
        {
            "title": _text(_field(post, "title")) if isinstance(post, Mapping) else _text(post),
            "org": _text(_field(post, "org")),
            "former": bool(_field(post, "former")),
            "first_seen": _post_dates(post)[0],
            "last_seen": _post_dates(post)[1],
        }
        for post in _items(attrs.get("posts"))
    ]
    sources = [
        {key: _text(_field(source, key)) for key in ("id", "title", "date", "url")}
        if isinstance(source, Mapping)
        else {"id": _text(source), "title": "", "date": "", "url": ""}
        for source in _items(attrs.get("sources"))
    ]
    posts = [post for post in posts if post["title"] or post["org"]]
    sources = [source for source in sources if any(source.values())]
    return {
        "id": node_id,
        "type": _text(attrs.get("type")) or UNKNOWN_TYPE,
        "label": label,
        "label_hans": label_hans,
        "label_hant": label_hant,
        "aliases": _texts(attrs.get("aliases")),
        "kind": _text(attrs.get("kind")),
        "policy_type": _text(attrs.get("policy_type")),
        "date": _text(attrs.get("date")),
        "place": _text(attrs.get("place")),
        "url": _text(attrs.get("url")),
        "posts": posts,
        "sources": sources,
        "evidence": _texts(attrs.get("evidence")),
        "degree": degree,
        "size": _size(degree),
        "font_size": _font_size(degree),
    }


def _edge_triples(g: nx.Graph) -> Iterator[tuple[Hashable, Hashable, Any, Mapping[str, Any]]]:
    if g.is_multigraph():
        yield from g.edges(keys=True, data=True)
    else:
        for source, target, attrs in g.edges(data=True):
            yield source, target, 0, attrs


def _edge_records(g: nx.Graph, ids: Mapping[Hashable, str]) -> list[dict[str, Any]]:
    rows = sorted(
        ((ids[u], ids[v], _text(key), attrs) for u, v, key, attrs in _edge_triples(g)),
        key=lambda row: (row[0], row[1], row[2], _text(row[3].get("relation"))),
    )
    pairs: dict[frozenset[str], int] = {}
    for source, target, _, _ in rows:
        pair = frozenset((source, target))
        pairs[pair] = pairs.get(pair, 0) + 1
    seen: dict[frozenset[str], int] = {}
    records = []
    for number, (source, target, _, attrs) in enumerate(rows):
        relation = _text(attrs.get("relation")) or UNKNOWN_RELATION
        pair = frozenset((source, target))
        rank = seen.get(pair, 0)
        seen[pair] = rank + 1
        records.append(
            {
                "id": f"e{number}",
                "from": source,
                "to": target,
                "relation": relation,
                "label": _text(attrs.get("label")) or _relation_name(relation),
                "evidence": "\n".join(_texts(attrs.get("evidence"))),
                "former": bool(attrs.get("former")),
                # Parallel edges (and edges in both directions) get different curvature so none hides another.
                "curve": round(0.12 + 0.14 * rank, 2) if pairs[pair] > 1 and source != target else 0,
            }
        )
    return records


def _type_table(types: Iterable[str]) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for name in types:
        counts[name] = counts.get(name, 0) + 1
    known = [name for name in NODE_STYLES if name in counts]
    unknown = sorted(name for name in counts if name not in NODE_STYLES)
    table = []
    for name in known + unknown:
        style = NODE_STYLES.get(name, UNKNOWN_STYLE)
        display = style.name or ("未知" if name == UNKNOWN_TYPE else name)
        table.append(
            {
                "type": name,
                "name": display,
                "color": style.color,
                "border": style.border,
                "shape": style.shape,
                "glyph": style.glyph,
                "count": counts[name],
            }
        )
    return table


def _relation_table(relations: Iterable[str], *, dashes: bool = True) -> list[dict[str, Any]]:
    # Dashed lines cost several times as much to draw as solid ones (measured: 10,000 dashed edges take
    # 0.4 s a frame), so static (big) layouts draw every relation solid.
    counts: dict[str, int] = {}
    for name in relations:
        counts[name] = counts.get(name, 0) + 1
    ordered = [name for name in RELATION_NAMES if name in counts]
    ordered += sorted(name for name in counts if name not in RELATION_NAMES)
    table = []
    for name in ordered:
        style = EDGE_STYLES.get(name, UNKNOWN_EDGE_STYLE)
        table.append(
            {
                "relation": name,
                "name": _relation_name(name),
                "count": counts[name],
                "color": style.color,
                "dashes": style.dashes and dashes,
                "show_label": style.label,
            }
        )
    return table


def _relation_name(relation: str) -> str:
    return "相关" if relation == UNKNOWN_RELATION else RELATION_NAMES.get(relation, relation)


def _components(neighbours: list[list[int]]) -> list[list[int]]:
    """Connected components, largest first, each in breadth-first order from its best-connected node."""
    by_degree = sorted(range(len(neighbours)), key=lambda i: (-len(neighbours[i]), i))
    done = [False] * len(neighbours)
    components = []
    for start in by_degree:
        if done[start]:
            continue
        done[start] = True
        component, queue = [], deque([start])
        while queue:
            node = queue.popleft()
            component.append(node)
            for other in neighbours[node]:
                if not done[other]:
                    done[other] = True
                    queue.append(other)
        components.append(component)
    components.sort(key=lambda c: (-len(c), c[0]))
    return components


def _force_layout(
    component: list[int], neighbours: list[list[int]], k: float, rng: random.Random
) -> tuple[list[float], list[float]]:
    size = len(component)
    local = {node: i for i, node in enumerate(component)}
    links = [(local[a], local[b]) for a in component for b in neighbours[a] if local[a] < local.get(b, -1)]
    xs, ys = [0.0] * size, [0.0] * size
    cos, sin = 1.0, 0.0
    for i in range(size):
        radius = k * 0.9 * math.sqrt(i + 0.5) if size > 1 else 0.0
        xs[i] = radius * cos + (rng.random() - 0.5) * 0.1 * k
        ys[i] = radius * sin + (rng.random() - 0.5) * 0.1 * k
        cos, sin = cos * _GOLDEN_COS - sin * _GOLDEN_SIN, cos * _GOLDEN_SIN + sin * _GOLDEN_COS
    if size < 2:
        return [0.0], [0.0]
    iterations = max(20, min(80, int(60 * math.sqrt(1000 / size))))
    cell = 2.0 * k
    cutoff2, k2 = cell * cell, k * k
    temperature = k * math.sqrt(size) * 0.15
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        dx, dy = [0.0] * size, [0.0] * size
        grid: dict[tuple[int, int], list[int]] = {}
        for i in range(size):
            grid.setdefault((math.floor(xs[i] / cell), math.floor(ys[i] / cell)), []).append(i)
        for (gx, gy), members in grid.items():
            # Each pair of nearby nodes once: same cell, plus four of the eight neighbouring cells.
            others = [
                j for ox, oy in ((1, 0), (1, 1), (0, 1), (-1, 1)) for j in grid.get((gx + ox, gy + oy), ())
            ]
            for position, i in enumerate(members):
                xi, yi = xs[i], ys[i]
                fx = fy = 0.0
                for j in members[position + 1 :] + others:
                    ddx, ddy = xi - xs[j], yi - ys[j]
                    d2 = ddx * ddx + ddy * ddy
                    if d2 >= cutoff2:
                        continue
                    if d2 < 1e-6:
                        ddx, ddy = 0.01 * k * (1 if i < j else -1), 0.01 * k
                        d2 = ddx * ddx + ddy * ddy
                    force = k2 / d2
                    fx += ddx * force
                    fy += ddy * force
                    dx[j] -= ddx * force
                    dy[j] -= ddy * force
                dx[i] += fx
                dy[i] += fy
        for i, j in links:
            ddx, ddy = xs[i] - xs[j], ys[i] - ys[j]
            force = math.sqrt(ddx * ddx + ddy * ddy) / k
            dx[i] -= ddx * force
            dy[i] -= ddy * force
            dx[j] += ddx * force
            dy[j] += ddy * force
        for i in range(size):
            length = math.sqrt(dx[i] * dx[i] + dy[i] * dy[i])
            if length > 0.0:
                step = min(length, temperature) / length
                xs[i] += dx[i] * step
                ys[i] += dy[i] * step
        temperature -= cooling
    return xs, ys


def _spread(xs: list[float], ys: list[float], spacing: float) -> tuple[list[float], list[float]]:
    """Scale a component up until the median distance from a node to its nearest neighbour is 0.7 ×
    ``spacing`` (at most 8 times).

    The force layout packs dense graphs (thousands of edges around a few hubs, as in a corpus view) into a
    disc where most nodes sit a few pixels apart, so zooming in shows a heap of labels; spread out, the
    fitted view is small (its labels are not drawn) and zooming in shows readable neighbourhoods.
    """
    count = len(xs)
    if count < 3:
        return xs, ys
    cell = spacing
    grid: dict[tuple[int, int], list[int]] = {}
    for i in range(count):
        grid.setdefault((math.floor(xs[i] / cell), math.floor(ys[i] / cell)), []).append(i)
    nearest = []
    for i in range(count):
        gx, gy = math.floor(xs[i] / cell), math.floor(ys[i] / cell)
        best = cell * cell
        for ox in (-1, 0, 1):
            for oy in (-1, 0, 1):
                for j in grid.get((gx + ox, gy + oy), ()):
                    if j != i:
                        dx, dy = xs[i] - xs[j], ys[i] - ys[j]
                        best = min(best, dx * dx + dy * dy)
        nearest.append(best)
    nearest.sort()
    median = math.sqrt(nearest[count // 2])
    target = 0.7 * spacing
    if median >= target:
        return xs, ys
    factor = min(target / max(median, 1e-3), 8.0)
    return [x * factor for x in xs], [y * factor for y in ys]


def _pack(
    placed: list[tuple[list[int], list[float], list[float]]], gap: float
) -> dict[int, tuple[float, float]]:
    """Place laid-out components in rows (largest first) and centre the drawing on the origin."""
    boxes = []
    total_area = 0.0
    for component, xs, ys in placed:
        left, top = min(xs), min(ys)
        width, height = max(xs) - left + gap, max(ys) - top + gap
        boxes.append((component, xs, ys, left, top, width, height))
        total_area += width * height
    row_width = max([math.sqrt(total_area) * 1.2] + [box[5] for box in boxes]) if boxes else 0.0
    result: dict[int, tuple[float, float]] = {}
    cursor_x = cursor_y = row_height = 0.0
    for component, xs, ys, left, top, width, height in boxes:
        if cursor_x > 0.0 and cursor_x + width > row_width:
            cursor_x, cursor_y, row_height = 0.0, cursor_y + row_height, 0.0
        for i, node in enumerate(component):
            result[node] = (xs[i] - left + cursor_x, ys[i] - top + cursor_y)
        cursor_x += width
        row_height = max(row_height, height)
    if result:
        mid_x = (min(x for x, _ in result.values()) + max(x for x, _ in result.values())) / 2
        mid_y = (min(y for _, y in result.values()) + max(y for _, y in result.values())) / 2
        result = {node: (x - mid_x, y - mid_y) for node, (x, y) in result.items()}
    return result
