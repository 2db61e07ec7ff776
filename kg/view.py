"""Views of a knowledge graph: load any graph file or store, select a readable part, write the HTML page.

A corpus graph is far too big to draw whole. :func:`select` is a pure function that cuts a view out of the
property graph made by :func:`kg.graph.to_networkx`: the neighbourhood of a named node, some node types or
relations, an article date range, the best-connected nodes. :func:`load_graph` reads a graph from a file
(parsed by suffix, see :data:`RDF_FORMATS`) or from a store folder, and :func:`kg.view` (in :mod:`kg.api`)
ties them to :func:`kg.html.write_html`.

Example:
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("p", type="Person", label="李強", label_hans="李强", label_hant="李強")
    >>> g.add_node("o", type="GovernmentBody", label="國務院", label_hans="国务院")
    >>> g.add_node("x", type="PolicyConcept", label="新质生产力")
    >>> _ = g.add_edge("p", "o", relation="holds_post", label="總理")
    >>> sorted(select(g, focus="李强"))
    ['o', 'p']
    >>> sorted(select(g, types=["Person", "政府机构"]))
    ['o', 'p']
"""

from __future__ import annotations

import datetime as _dt
import difflib
import os
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import networkx as nx
from rdflib import Dataset, Graph

from kg.errors import InputError, KgError

__all__ = [
    "LARGE_VIEW",
    "RDF_FORMATS",
    "STORE_FILES",
    "RdfFormat",
    "ViewError",
    "ViewResult",
    "find_nodes",
    "flatten",
    "large_view_warning",
    "load_graph",
    "node_names",
    "parse_date",
    "select",
    "synthetic_graph",
    "view_title",
]

LARGE_VIEW: Final = 2000
"""A view with more nodes than this still gets written, but with a warning that suggests a smaller view."""


class ViewError(KgError):
    """A view cannot be selected: a name that matches no node, an unknown type or relation, a bad date."""


@dataclass(frozen=True, slots=True)
class RdfFormat:
    """How a graph file with a given suffix is parsed: rdflib's parser name, and whether it holds quads."""

    parser: str
    quads: bool = False


RDF_FORMATS: Final[Mapping[str, RdfFormat]] = {
    ".ttl": RdfFormat("turtle"),
    ".turtle": RdfFormat("turtle"),
    ".nt": RdfFormat("nt"),
    ".ntriples": RdfFormat("nt"),
    ".trig": RdfFormat("trig", quads=True),
    ".nq": RdfFormat("nquads", quads=True),
    ".nquads": RdfFormat("nquads", quads=True),
    ".rdf": RdfFormat("xml"),
    ".owl": RdfFormat("xml"),
    ".jsonld": RdfFormat("json-ld", quads=True),
}
"""Graph file suffixes :func:`load_graph` reads, and how."""

STORE_FILES: Final = ("graph.ttl", "graph.trig", "graph.nq", "graph.nt")
"""Files :func:`load_graph` looks for, in this order, when given a folder (a ``kg build`` output or store)."""


def load_graph(path: str | os.PathLike[str]) -> Graph:
    """Read an RDF graph from a file, parsed by its suffix, or from a folder holding one.

    Quad formats (TriG, N-Quads, JSON-LD) are read as a dataset and returned as the union of all its graphs,
    which is what the view shows. A folder is read as a kg store (:mod:`kg.store`) when it is one, and
    otherwise through the first of :data:`STORE_FILES` it contains (the output folder of ``kg build``).

    Args:
        path: a graph file (see :data:`RDF_FORMATS`), a kg store or a folder with a graph file.

    Returns:
        The triples as one :class:`rdflib.Graph`, with the file's prefixes bound.

    Raises:
        InputError: the path does not exist, the folder holds no graph, the suffix is not an RDF format,
            or the file does not parse.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     _ = Path(d, "graph.nq").write_text('<urn:a> <urn:b> "李强" <urn:g> .\\n', encoding="utf-8")
        ...     _ = Path(d, "graph.ttl").write_text('<urn:a> <urn:b> "李强", "李強" .\\n', encoding="utf-8")
        ...     len(load_graph(Path(d, "graph.nq"))), len(load_graph(d))
        (1, 2)
    """
    source = Path(path)
    if source.is_dir():
        stored = _load_store(source)
        if stored is not None:
            return stored
        found = next((source / name for name in STORE_FILES if (source / name).is_file()), None)
        if found is None:
            raise InputError(
                str(source), f"no graph in this folder (looked for {', '.join(STORE_FILES)}); "
                "pass a graph file or the output folder of `kg build`"
            )
        source = found
    elif not source.exists():
        raise InputError(str(source), "no such file or folder")
    fmt = RDF_FORMATS.get(source.suffix.lower())
    if fmt is None:
        raise InputError(
            str(source), f"cannot tell the RDF format from the suffix {source.suffix or '(none)'!r}; "
            f"use one of {', '.join(sorted(RDF_FORMATS))}"
        )
    try:
        if not fmt.quads:
            return Graph().parse(source, format=fmt.parser)
        return flatten(Dataset().parse(source, format=fmt.parser))
    except Exception as e:  # rdflib's parsers raise many unrelated types
        first = str(e).strip().splitlines()[0] if str(e).strip() else ""
        raise InputError(
            str(source), f"cannot parse as {fmt.parser} ({type(e).__name__}: {first}); is the file complete?"
        ) from e


def _load_store(folder: Path) -> Graph | None:
    """The union graph of a kg store folder (see :mod:`kg.store`), or ``None`` when ``folder`` is not one."""
    try:
        from kg.store import KgStore, is_store
    except ImportError:  # the store needs pyoxigraph; without it, folders are read through STORE_FILES
        return None
    if not is_store(folder):
        return None
    with KgStore.open(folder, create=False, read_only=True) as store:
        # the union written by Oxigraph as N-Triples (each triple once) parses in about half the time of every
        # quad into a dataset that is then flattened; the prefixes are those the dataset had
        graph = Graph(bind_namespaces="core")
        for prefix, namespace in Dataset().namespaces():
            graph.bind(prefix, namespace, override=True, replace=True)
        return graph.parse(data=store.dump_ntriples(), format="nt")


def flatten(dataset: Graph) -> Graph:
    """All triples of a dataset (every named graph and the default graph) as one new graph, with its prefixes;
    of a graph, a copy.

    Example:
        >>> from rdflib import URIRef
        >>> ds = Dataset()
        >>> _ = ds.graph(URIRef("urn:g1")).add((URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c")))
        >>> _ = ds.graph(URIRef("urn:g2")).add((URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:d")))
        >>> len(flatten(ds))
        2
    """
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in dataset.namespaces():
        graph.bind(prefix, namespace, override=True, replace=True)
    if isinstance(dataset, Dataset):
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
    else:
        graph += dataset
    return graph


# ---------------------------------------------------------------------------------------------------------
# Selection


def select(
    g: nx.MultiDiGraph,
    *,
    focus: str | Iterable[str] | None = None,
    depth: int = 1,
    types: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
    top: int | None = None,
    since: str | _dt.date | None = None,
    until: str | _dt.date | None = None,
) -> nx.MultiDiGraph:
    """Cut a readable view out of a property graph; the input graph is not changed.

    The steps run in this order, each on the result of the one before:

    1. ``since``/``until``: keep articles dated in the range and the nodes that a source article dated in
       the range mentions (a node without sources falls back on its own ``date``); each kept node's
       ``sources`` are cut to the range too.
    2. ``types``: keep nodes of these types.
    3. ``relations``: keep edges of these relations, and only the nodes they connect.
    4. ``focus``/``depth``: keep the nodes within ``depth`` steps (in either direction, through what the
       steps before kept) of every node named ``focus``; the focus nodes themselves always stay. A name
       matches a node's ``label``, ``label_hans``, ``label_hant`` or ``aliases``, ignoring case, width and
       spaces, and then also after conversion to Simplified script.
    5. ``top``: keep the ``top`` nodes of highest degree (ties by label and id); focus nodes always stay.

    Args:
        g: a graph shaped like :func:`kg.graph.to_networkx`'s output.
        focus: a name, or several names whose neighbourhoods are joined.
        depth: how many steps from the focus nodes (0 keeps only them).
        types: node types (``Person``, ``GovernmentBody``, …) or their legend names (人物, 政府机构, …).
        relations: relation names (``holds_post``, ``attended``, …) or their display names (任职, 出席, …).
        top: how many nodes to keep at most.
        since: first day of the article date range: ``YYYY-MM-DD``, ``YYYYMMDD``, ``YYYY-MM`` or ``YYYY``.
        until: last day of the range, in the same forms (``2024`` means up to 2024-12-31).

    Returns:
        A new :class:`networkx.MultiDiGraph` with copied attributes, nodes and edges in the input's order.

    Raises:
        ViewError: a focus name matches no node (the message lists close matches), a type or relation is
            unknown (the message lists the valid ones), a date is malformed, ``since`` is after ``until``,
            or ``depth``/``top`` is negative.

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("a1", type="Article", label="报道", date="2024-03-01")
        >>> g.add_node("p", type="Person", label="王明", sources=[{"id": "a1", "date": "2024-03-01"}])
        >>> g.add_node("q", type="Person", label="张三", sources=[{"id": "a0", "date": "2023-01-05"}])
        >>> _ = g.add_edge("a1", "p", relation="mentions")
        >>> sorted(select(g, since="2024"))
        ['a1', 'p']
        >>> select(g, focus="王朋")
        Traceback (most recent call last):
        ...
        kg.view.ViewError: no node is named '王朋'; close matches: 王明; search the page or check the spelling
    """
    if depth < 0:
        raise ViewError(f"depth must be 0 or more, not {depth}")
    if top is not None and top < 0:
        raise ViewError(f"top must be 0 or more, not {top}")
    start, end = parse_date(since, end=False), parse_date(until, end=True)
    if start and end and start > end:
        raise ViewError(f"the date range is empty: since {start} is after until {end}")
    keep: set[Any] = set(g.nodes)
    sources_in_range: dict[Any, list[Any]] = {}
    if start or end:
        keep, sources_in_range = _in_date_range(g, start or "0000-00-00", end or "9999-99-99")
    if types is not None:
        wanted = _resolve_names(types, _type_names(g), "type")
        keep = {n for n in keep if _type(g, n) in wanted}
    edge_ok = None
    if relations is not None:
        wanted_relations = _resolve_names(relations, _relation_names(g), "relation")

        def edge_ok(data: Mapping[str, Any]) -> bool:
            return _relation(data) in wanted_relations

        keep = {n for u, v, d in g.edges(data=True) if u in keep and v in keep and edge_ok(d) for n in (u, v)}
    focus_nodes: set[Any] = set()
    if focus is not None:
        names = [focus] if isinstance(focus, str) else list(focus)
        for name in names:
            focus_nodes |= find_nodes(g, name)
        keep = _neighbourhood(g, focus_nodes, depth, keep | focus_nodes, edge_ok)
    if top is not None and len(keep) > top:
        keep = _top(g, keep, top, focus_nodes, edge_ok)
    return _subgraph(g, keep, edge_ok, sources_in_range)


def find_nodes(g: nx.MultiDiGraph, name: str) -> set[Any]:
    """The nodes a name refers to: see ``focus`` in :func:`select`.

    Raises:
        ViewError: no node has this name; the message lists up to five close matches.

    Example:
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("o", type="GovernmentBody", label="國務院", label_hans="国务院")
        >>> find_nodes(g, "国务院") == find_nodes(g, " 國務院 ") == {"o"}
        True
    """
    query = _fold(name)
    if not query:
        raise ViewError("the focus name is empty; give the name of a node, in either script")
    names = {node: node_names(attrs) for node, attrs in g.nodes(data=True)}
    found = {node for node, ns in names.items() if any(_fold(n) == query for n in ns) or str(node) == name}
    if found:
        return found
    from kg.normalize import Normalizer

    key = Normalizer().key
    query_key = key(query)
    found = {node for node, ns in names.items() if any(key(_fold(n)) == query_key for n in ns)}
    if found:
        return found
    close = _close_matches(query, names)
    hint = f"close matches: {'、'.join(close)}" if close else "no similar name either"
    raise ViewError(f"no node is named {name!r}; {hint}; search the page or check the spelling")


def node_names(attrs: Mapping[str, Any]) -> list[str]:
    """Every name of a node: label, Simplified and Traditional labels, aliases (without duplicates).

    Example:
        >>> node_names({"label": "李強", "label_hans": "李强", "label_hant": "李強", "aliases": ["强总理"]})
        ['李強', '李强', '强总理']
    """
    out: list[str] = []
    aliases = attrs.get("aliases") or []
    for value in [attrs.get("label"), attrs.get("label_hans"), attrs.get("label_hant"),
                  *([aliases] if isinstance(aliases, str) else aliases)]:
        if isinstance(value, str) and value.strip() and value not in out:
            out.append(value)
    return out


def parse_date(value: str | _dt.date | None, *, end: bool = False) -> str | None:
    """An ISO date string for a bound of a date range, or ``None`` when there is no bound.

    Args:
        value: ``YYYY-MM-DD``, ``YYYYMMDD``, ``YYYY-MM``, ``YYYY`` or a :class:`datetime.date`.
        end: a partial date means its last day (``2024`` → ``2024-12-31``) instead of its first.

    Raises:
        ViewError: the value is not a date in one of these forms.

    Example:
        >>> parse_date("20240301"), parse_date("2024-02", end=True), parse_date("2024")
        ('2024-03-01', '2024-02-29', '2024-01-01')
    """
    if value is None:
        return None
    if isinstance(value, _dt.date):
        return value.isoformat()[:10]
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?", text)
    try:
        if match is None:
            raise ValueError(text)
        year, month, day = match.groups()
        if day is not None:
            return _dt.date(int(year), int(month), int(day)).isoformat()
        if month is not None:
            first = _dt.date(int(year), int(month), 1)
            if not end:
                return first.isoformat()
            following = _dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return (following - _dt.timedelta(days=1)).isoformat()
        return f"{int(year):04d}-12-31" if end else f"{int(year):04d}-01-01"
    except ValueError:
        raise ViewError(f"{text!r} is not a date; write YYYY-MM-DD, YYYYMMDD, YYYY-MM or YYYY") from None


def large_view_warning(node_count: int, *, threshold: int | None = None) -> str | None:
    """The warning for a view of ``node_count`` nodes, or ``None`` when it is small enough to read.

    Example:
        >>> print(large_view_warning(5312))
        the view has 5312 nodes (more than 2000): it is drawn without physics and hard to read; write a smaller view with --top 500 (the best-connected nodes) or --focus NAME --depth 2 (one neighbourhood), or narrow it with --type, --relation, --since/--until
    """
    threshold = LARGE_VIEW if threshold is None else threshold
    if node_count <= threshold:
        return None
    return (
        f"the view has {node_count} nodes (more than {threshold}): it is drawn without physics and hard to "
        "read; write a smaller view with --top 500 (the best-connected nodes) or --focus NAME --depth 2 (one "
        "neighbourhood), or narrow it with --type, --relation, --since/--until"
    )


# ---------------------------------------------------------------------------------------------------------
# Helpers


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _type(g: nx.MultiDiGraph, node: Any) -> str:
    from kg.html import UNKNOWN_TYPE

    return str(g.nodes[node].get("type") or UNKNOWN_TYPE)


def _relation(data: Mapping[str, Any]) -> str:
    from kg.html import UNKNOWN_RELATION

    return str(data.get("relation") or UNKNOWN_RELATION)


def _type_names(g: nx.MultiDiGraph) -> dict[str, str]:
    """Every accepted spelling (folded) of a type, mapped to the type."""
    from kg.html import NODE_STYLES

    names: dict[str, str] = {}
    for name, style in NODE_STYLES.items():
        names[_fold(name)] = name
        names[_fold(style.name)] = name
    for node in g.nodes:
        name = _type(g, node)
        names.setdefault(_fold(name), name)
    return names


def _relation_names(g: nx.MultiDiGraph) -> dict[str, str]:
    from kg.html import RELATION_NAMES

    names: dict[str, str] = {}
    for name, display in RELATION_NAMES.items():
        names[_fold(name)] = name
        names.setdefault(_fold(display), name)
    for _, _, data in g.edges(data=True):
        name = _relation(data)
        names.setdefault(_fold(name), name)
    return names


def _resolve_names(given: Iterable[str], known: Mapping[str, str], what: str) -> set[str]:
    if isinstance(given, str):
        given = [given]
    wanted, unknown = set(), []
    for name in given:
        if not name.strip():
            continue
        found = known.get(_fold(name))
        if found is None:
            unknown.append(name)
        else:
            wanted.add(found)
    if unknown:
        valid = sorted(set(known.values()))
        raise ViewError(f"unknown {what} {', '.join(map(repr, unknown))}; use one of {', '.join(valid)}")
    return wanted


def _dates(attrs: Mapping[str, Any]) -> tuple[list[str], list[Any]]:
    """The dates that place a node in time, and its sources (each with its date)."""
    sources = attrs.get("sources") or []
    if isinstance(sources, Mapping):
        sources = [sources]
    dated = [(str(s.get("date") or "")[:10], s) for s in sources if isinstance(s, Mapping)]
    if attrs.get("type") == "Article" or not dated:
        own = str(attrs.get("date") or "")[:10]
        return ([own] if own else []) + [d for d, _ in dated if d], list(sources)
    return [d for d, _ in dated if d], list(sources)


def _in_date_range(g: nx.MultiDiGraph, start: str, end: str) -> tuple[set[Any], dict[Any, list[Any]]]:
    keep: set[Any] = set()
    trimmed: dict[Any, list[Any]] = {}
    for node, attrs in g.nodes(data=True):
        dates, sources = _dates(attrs)
        if any(start <= _iso(d) <= end for d in dates):
            keep.add(node)
            inside = [s for s in sources if isinstance(s, Mapping) and start <= _iso(str(s.get("date") or "")) <= end]
            if len(inside) != len(sources):
                trimmed[node] = inside
    return keep, trimmed


def _iso(date: str) -> str:
    """``YYYYMMDD`` → ``YYYY-MM-DD``; anything else unchanged (an empty date is outside every range)."""
    date = date.strip()[:10]
    if re.fullmatch(r"\d{8}", date):
        return f"{date[:4]}-{date[4:6]}-{date[6:]}"
    return date if date else "~"


def _neighbourhood(g: nx.MultiDiGraph, seeds: set[Any], depth: int, allowed: set[Any],
                   edge_ok: Any) -> set[Any]:
    found, frontier = set(seeds), set(seeds)
    for _ in range(depth):
        step: set[Any] = set()
        for node in frontier:
            for _, other, data in g.out_edges(node, data=True):
                if other in allowed and other not in found and (edge_ok is None or edge_ok(data)):
                    step.add(other)
            for other, _, data in g.in_edges(node, data=True):
                if other in allowed and other not in found and (edge_ok is None or edge_ok(data)):
                    step.add(other)
        if not step:
            break
        found |= step
        frontier = step
    return found


def _top(g: nx.MultiDiGraph, keep: set[Any], top: int, pinned: set[Any], edge_ok: Any) -> set[Any]:
    degree = dict.fromkeys(keep, 0)
    for u, v, data in g.edges(data=True):
        if u in keep and v in keep and (edge_ok is None or edge_ok(data)):
            degree[u] += 1
            degree[v] += 1
    ranked = sorted(keep - pinned, key=lambda n: (-degree[n], str(g.nodes[n].get("label") or ""), str(n)))
    chosen = sorted(pinned, key=str)[:top]
    return set(chosen) | set(ranked[: max(0, top - len(chosen))])


def _subgraph(g: nx.MultiDiGraph, keep: Collection[Any], edge_ok: Any,
              sources: Mapping[Any, list[Any]]) -> nx.MultiDiGraph:
    out = nx.MultiDiGraph()
    out.graph.update(g.graph)
    for node, attrs in g.nodes(data=True):
        if node in keep:
            copied = dict(attrs)
            if node in sources:
                copied["sources"] = list(sources[node])
            out.add_node(node, **copied)
    for u, v, key, data in g.edges(keys=True, data=True):
        if u in keep and v in keep and (edge_ok is None or edge_ok(data)):
            out.add_edge(u, v, key=key, **data)
    return out


def _close_matches(query: str, names: Mapping[Any, list[str]], limit: int = 5) -> list[str]:
    """Nodes whose names are most like the query (one entry per node, shown by its first name): names that
    contain the query or that it contains first, then by difflib's ratio.

    Chinese names are short, so one shared character of three (孙少成 / 孙绍骋) already counts as close.
    """
    matcher = difflib.SequenceMatcher(b=query, autojunk=False)
    scored = []
    for node, node_names_ in names.items():
        best = None
        for name in node_names_:
            folded = _fold(name)
            if not folded:
                continue
            matcher.set_seq1(folded)
            if matcher.real_quick_ratio() < 0.3 or matcher.quick_ratio() < 0.3:
                continue
            ratio = matcher.ratio()
            contains = query in folded or folded in query
            if contains or ratio >= 0.3:
                score = (not contains, -ratio, abs(len(folded) - len(query)))
                best = score if best is None or score < best else best
        if best is not None and node_names_:
            scored.append((*best, node_names_[0], str(node)))
    shown: list[str] = []
    for *_, label, _ in sorted(scored):
        if label not in shown:
            shown.append(label)
    return shown[:limit]


@dataclass(frozen=True, slots=True)
class ViewResult:
    """What :func:`kg.view` wrote: the page, the size of the view and of the whole graph, and warnings."""

    path: Path
    nodes: int
    edges: int
    total_nodes: int
    total_edges: int
    title: str
    warnings: tuple[str, ...] = ()


def view_title(
    name: str,
    *,
    focus: str | Iterable[str] | None = None,
    depth: int = 1,
    types: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
    top: int | None = None,
    since: str | _dt.date | None = None,
    until: str | _dt.date | None = None,
) -> str:
    """A page title that says what the view shows.

    Example:
        >>> view_title("graph", focus="李強", depth=2, top=50, since="2024")
        'graph · 李強 2 层邻域 · 2024-01-01 起 · 前 50 个节点'
    """
    parts = [name]
    if focus is not None:
        names = [focus] if isinstance(focus, str) else list(focus)
        parts.append(f"{'、'.join(names)} {depth} 层邻域")
    if types:
        parts.append("类型 " + "、".join([types] if isinstance(types, str) else list(types)))
    if relations:
        parts.append("关系 " + "、".join([relations] if isinstance(relations, str) else list(relations)))
    start, end = parse_date(since), parse_date(until, end=True)
    if start and end:
        parts.append(f"{start} 至 {end}")
    elif start:
        parts.append(f"{start} 起")
    elif end:
        parts.append(f"至 {end}")
    if top is not None:
        parts.append(f"前 {top} 个节点")
    return " · ".join(parts)


# ---------------------------------------------------------------------------------------------------------
# Synthetic graphs

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
_GIVEN = "建国华明伟军平志强海东春晓光辉荣新文国庆学红丽云峰宏斌德立永长正清振兴远宁安"
_PLACES = ("北京", "上海", "广东", "浙江", "江苏", "四川", "湖北", "山东", "河南", "福建", "陕西", "云南")
_BODIES = ("人民政府", "发展和改革委员会", "教育厅", "科学技术厅", "财政厅", "生态环境厅", "交通运输厅",
           "农业农村厅", "商务厅", "卫生健康委员会", "退役军人事务厅", "应急管理厅", "审计厅", "统计局")
_TITLES = ("主任", "副主任", "厅长", "副厅长", "局长", "副局长", "省长", "副省长", "书记", "副书记")
_POLICIES = ("高质量发展", "乡村振兴", "新质生产力", "共同富裕", "创新驱动发展", "区域协调发展", "绿色发展",
             "科技自立自强", "全面依法治国", "双碳目标", "一带一路", "数字中国", "健康中国", "平安中国")
_MEETING_KINDS = ("工作会议", "座谈会", "专题会议", "常务会议", "推进会", "现场会", "动员大会")
_ROLES = (("presided", "主持"), ("spoke", "讲话"), ("attended", "出席"), ("attended", "出席"), ("met", "会见"))


def synthetic_graph(nodes: int, *, seed: int = 0) -> nx.MultiDiGraph:
    """A random property graph shaped like :func:`kg.graph.to_networkx`'s, for benchmarks, tests and demos.

    About a third of the nodes are people (with posts, sources and evidence), a fifth government bodies,
    a fifth policy concepts, a tenth meetings and a tenth articles (dated 2022-2025), plus places and other
    organizations; edges are posts, participations, sub-organizations, mentions and reports, about two per
    node. Every third name is written in Traditional script. The same arguments give the same graph.

    Example:
        >>> g = synthetic_graph(200)
        >>> g.number_of_nodes(), g.number_of_edges() > 200, nx.utils.graphs_equal(g, synthetic_graph(200))
        (200, True, True)
        >>> sorted(d["type"] for _, d in g.nodes(data=True))[:2]
        ['Article', 'Article']
    """
    import random

    from kg.normalize import to_traditional

    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    shares = (("Person", 0.32), ("GovernmentBody", 0.2), ("PolicyConcept", 0.18), ("Meeting", 0.1),
              ("Article", 0.1), ("Place", 0.05), ("Organization", 0.05))
    counts = {kind: max(1, int(nodes * share)) for kind, share in shares}
    counts["Person"] += nodes - sum(counts.values())
    ids: dict[str, list[str]] = {kind: [] for kind in counts}
    base = "https://w3id.org/kg-gov/id/"

    def name(kind: str, i: int) -> str:
        if kind == "Person":
            return (_SURNAMES[i % len(_SURNAMES)] + _GIVEN[(i // len(_SURNAMES)) % len(_GIVEN)]
                    + _GIVEN[(i // (len(_SURNAMES) * len(_GIVEN))) % len(_GIVEN)])
        if kind == "GovernmentBody":
            return _PLACES[i % len(_PLACES)] + _BODIES[(i // len(_PLACES)) % len(_BODIES)] + _suffix(i, 168)
        if kind == "Organization":
            return _PLACES[i % len(_PLACES)] + "社会组织联合会" + _suffix(i, 12)
        if kind == "Place":
            return _PLACES[i % len(_PLACES)] + _suffix(i, 12)
        if kind == "PolicyConcept":
            return _POLICIES[i % len(_POLICIES)] + _suffix(i, len(_POLICIES))
        if kind == "Meeting":
            return _PLACES[i % len(_PLACES)] + _MEETING_KINDS[i % len(_MEETING_KINDS)] + f"第{i + 1}次"
        return f"新闻报道第{i + 1}篇"

    start = _dt.date(2022, 1, 1)
    article_info = []
    for kind, count in counts.items():
        for i in range(count):
            node = f"{base}{kind.lower()}/{i:05d}"
            ids[kind].append(node)
            hans = name(kind, i)
            hant = to_traditional(hans)
            attrs: dict[str, Any] = {"type": kind, "label": hant if i % 3 == 1 else hans, "label_hans": hans,
                                     "label_hant": hant, "aliases": [], "sources": [], "evidence": []}
            if kind == "Article":
                date = (start + _dt.timedelta(days=(i * 37) % 1460)).isoformat()
                info = {"id": f"a{i:05d}", "title": hans, "date": date, "url": f"https://news.example.cn/{i}.html"}
                attrs.update(info)
                article_info.append(info)
            g.add_node(node, **attrs)

    def sources(k: int) -> list[dict[str, str]]:
        return sorted((dict(s) for s in rng.sample(article_info, k=min(k, len(article_info)))),
                      key=lambda s: (s["date"], s["id"]))

    for node in ids["Person"]:
        attrs = g.nodes[node]
        attrs["sources"] = sources(rng.randint(1, 3))
        posts = []
        for _ in range(rng.choice((1, 1, 2))):
            org = rng.choice(ids["GovernmentBody"])
            title = rng.choice(_TITLES)
            dates = sorted(s["date"] for s in attrs["sources"])
            posts.append({"title": title, "org": g.nodes[org]["label"], "former": False,
                          "first_seen": dates[0], "last_seen": dates[-1]})
            sentence = f"{g.nodes[org]['label']}{title}{attrs['label']}出席会议并讲话。"
            g.add_edge(node, org, key=f"holds_post:{title}", relation="holds_post", label=title, former=False,
                       evidence=sentence)
            attrs["evidence"].append(sentence)
        attrs["posts"] = posts
    for node in ids["Meeting"]:
        attrs = g.nodes[node]
        report = rng.choice(article_info)
        attrs.update(sources=[dict(report)], date=report["date"], place=rng.choice(_PLACES))
        attrs["evidence"] = [f"{attrs['label']}在{attrs['place']}召开。"]
        g.add_edge(node, f"{base}article/{int(report['id'][1:]):05d}", key="reported_in",
                   relation="reported_in", label="报道", evidence=attrs["evidence"][0])
        for person in rng.sample(ids["Person"], k=min(len(ids["Person"]), rng.randint(1, 4))):
            relation, word = rng.choice(_ROLES)
            g.add_edge(person, node, key=relation, relation=relation, label=word,
                       evidence=f"{g.nodes[person]['label']}{word}{attrs['label']}。")
    for i, node in enumerate(ids["GovernmentBody"]):
        g.nodes[node]["kind"] = "government"
        g.nodes[node]["sources"] = sources(rng.randint(1, 2))
        if i >= len(_PLACES):
            parent = ids["GovernmentBody"][i % len(_PLACES)]
            g.add_edge(node, parent, key="sub_organization_of", relation="sub_organization_of", label="隶属",
                       evidence="")
    for kind in ("PolicyConcept", "Place", "Organization"):
        for node in ids[kind]:
            g.nodes[node]["sources"] = sources(rng.randint(1, 2))
            if kind == "PolicyConcept":
                g.nodes[node]["policy_type"] = "Theory"
    for node in ids["Article"]:
        for thing in rng.sample(ids["PolicyConcept"] + ids["Place"] + ids["Organization"], k=3):
            g.add_edge(node, thing, key="mentions", relation="mentions", label="提及",
                       evidence=f"会议强调，要落实{g.nodes[thing]['label']}。")
    return g


def _suffix(i: int, period: int) -> str:
    """A distinguishing suffix for generated names once the word lists repeat."""
    return "" if i < period else f"（{i // period + 1}）"
