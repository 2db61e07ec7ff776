"""The Python API that the CLI wraps: extract, build, evaluate.

Example:
    >>> import kg
    >>> docs = kg.extract("国务院总理李强主持召开国务院常务会议。")
    >>> [(p.person.text, p.org.text, p.title.text) for p in docs[0].posts]
    [('李强', '国务院', '总理')]
    >>> kg.to_record(docs[0])["events"]
    [{'name': '国务院常务会议', 'participants': [{'person': '李强', 'role': 'presided'}]}]
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset, Graph

from kg.errors import InputError, KgError
from kg.evaluate import Report, load_records, score
from kg.export import export
from kg.graph import DEFAULT_BASE
from kg.model import DEFAULT_MIN_CONFIDENCE, Document, Packed
from kg.pipeline import Pipeline
from kg.reader import MAX_CHARS, document_from_text, read_inputs
from kg.record import to_record
from kg.view import ViewResult, flatten, large_view_warning, load_graph, select, view_title

Source = str | os.PathLike[str] | Document


def _documents(sources: Source | Iterable[Source], on_error: Callable[[InputError], None] | None,
               max_chars: int = MAX_CHARS) -> Iterator[Document]:
    if isinstance(sources, (str, os.PathLike, Document)):
        sources = [sources]
    paths: list[str | os.PathLike[str]] = []
    for src in sources:
        if isinstance(src, Document):
            yield src
        elif isinstance(src, os.PathLike) or src == "-" or ("\n" not in src and len(src) < 4096
                                                            and Path(src).exists()):
            paths.append(src)
        else:
            yield document_from_text(src, "text")
    if paths:
        yield from read_inputs(paths, on_error=on_error, max_chars=max_chars)


def iter_extract(sources: Source | Iterable[Source], *, pipeline: Pipeline | None = None,
                 on_error: Callable[[InputError], None] | None = None, jobs: int = 1,
                 dask: Any = None, progress: Callable[[Document], None] | None = None,
                 max_chars: int = MAX_CHARS, min_confidence: float | None = None) -> Iterator[Document]:
    """Analyse texts, files, folders or documents one at a time (streaming), in input order.

    A string that names an existing file or folder is read from disk; any other string is analysed as text.
    With ``jobs`` > 1 the analysis runs in that many processes, with ``dask`` (a scheduler address,
    ``"local"`` or a ``distributed.Client``) on a Dask cluster (:mod:`kg.parallel`); the documents are the
    same, without their tokens.  ``progress`` is called with each analysed document (see
    :class:`kg.progress.Progress`).  A file or record longer than ``max_chars`` characters is reported to
    ``on_error`` and skipped (strings given as text are analysed whatever their length).  Facts below
    ``min_confidence`` are left out (default :data:`kg.confidence.DEFAULT_MIN_CONFIDENCE`, or the minimum of
    ``pipeline``; 0 keeps every fact with its figure).
    """
    return _analysed(sources, pipeline=pipeline, on_error=on_error, jobs=jobs, dask=dask, progress=progress,
                     max_chars=max_chars, min_confidence=min_confidence)


def _analysed(sources: Source | Iterable[Source], *, pipeline: Pipeline | None,
              on_error: Callable[[InputError], None] | None, jobs: int, dask: Any,
              progress: Callable[[Any], None] | None, max_chars: int,
              finish: Callable[[Document], Any] | None = None, min_confidence: float | None = None) -> Iterator[Any]:
    """:func:`iter_extract`, with ``finish`` applied to each document where it was analysed (for parallel
    and distributed runs: in the worker; see :func:`kg.parallel.analyse`)."""
    items: Iterator[Any]
    minimum = pipeline.min_confidence if pipeline is not None else \
        DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence
    if dask is not None:
        from kg.parallel import analyse_dask

        items = analyse_dask(_documents(sources, on_error, max_chars), dask, finish=finish, min_confidence=minimum)
    elif jobs > 1:
        from kg.parallel import analyse

        items = analyse(_documents(sources, on_error, max_chars), jobs=jobs, finish=finish, min_confidence=minimum)
    else:
        nlp = pipeline or Pipeline(min_confidence=minimum)
        items = (nlp(doc) for doc in _documents(sources, on_error, max_chars))
        if finish is not None:
            items = map(finish, items)
    for item in items:
        if progress is not None:
            progress(item)
        yield item


def extract(sources: Source | Iterable[Source], *, pipeline: Pipeline | None = None,
            on_error: Callable[[InputError], None] | None = None, jobs: int = 1, dask: Any = None,
            progress: Callable[[Document], None] | None = None, max_chars: int = MAX_CHARS,
            min_confidence: float | None = None) -> list[Document]:
    """Analyse texts, files, folders or documents; see :func:`iter_extract`.

    Returns:
        The analysed documents, in input order; :func:`kg.to_record` turns one into the gold-schema record.

    Raises:
        InputError: an input cannot be read and no ``on_error`` callback was given.
    """
    return list(iter_extract(sources, pipeline=pipeline, on_error=on_error, jobs=jobs, dask=dask,
                             progress=progress, max_chars=max_chars, min_confidence=min_confidence))


@dataclass
class BuildResult:
    """What :func:`build` did: the graph, the files written, the SHACL report and the inputs it skipped."""

    graph: Graph
    documents: int
    files: list[Path] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    dataset: Dataset | None = None
    validation: Any = None


def build(sources: Source | Iterable[Source], out_dir: str | os.PathLike[str], *,
          formats: Iterable[str] = ("ttl", "html"), base: str = DEFAULT_BASE, pipeline: Pipeline | None = None,
          on_error: Callable[[InputError], None] | None = None, title: str | None = None,
          validate: bool = True, jobs: int = 1, dask: Any = None,
          progress: Callable[[Document], None] | None = None, max_chars: int = MAX_CHARS,
          min_confidence: float | None = None) -> BuildResult:
    """Extract, build the RDF dataset and write ``graph.<suffix>`` for each format into ``out_dir``.

    Quad formats (``nq``, ``trig``, ``jsonld``) keep one named graph per article; the others hold the union.
    ``neo4j`` writes a folder, ``graph.neo4j/``.  Bad inputs
    are reported to ``on_error`` (and kept in ``BuildResult.errors``) and skipped; the rest is built.  Files
    are written atomically.  With ``validate`` the graph is checked against the SHACL shapes.  Facts below
    ``min_confidence`` are left out (see :func:`iter_extract`); the others carry ``kg:confidence``.

    Raises:
        KgError: nothing could be read, or an export failed.
    """
    from kg.graph import build_dataset, union_graph

    errors: list[InputError] = []

    def report(e: InputError) -> None:
        errors.append(e)
        if on_error:
            on_error(e)

    docs = list(iter_extract(sources, pipeline=pipeline, on_error=report, jobs=jobs, dask=dask, progress=progress,
                             max_chars=max_chars, min_confidence=min_confidence))
    if not docs:
        raise KgError("no document could be read; nothing to build" + (f" ({errors[0]})" if errors else ""))
    dataset = build_dataset(docs, base=base)
    graph = union_graph(dataset)
    written = _export_all(dataset, graph, Path(out_dir), formats, title or _title_for(docs))
    validation = None
    if validate:
        from kg.shacl import validate as shacl_validate

        validation = shacl_validate(graph)
    return BuildResult(graph, len(docs), written, errors, dataset, validation)


def _export_all(dataset: Dataset, graph: Graph, out: Path, formats: Iterable[str], title: str,
                nquads: str | None = None) -> list[Path]:
    from kg.export import get_exporter

    written = []
    for fmt in formats:
        info = get_exporter(fmt)
        path = out / f"graph{info.suffixes[0] if info.suffixes else '.' + info.name}"
        if info.name == "nq" and nquads is not None:
            from kg.atomic import atomic_write

            atomic_write(path, nquads)
        elif info.name == "html":
            export(graph, info.name, path, title=title)
        elif info.name in ("nq", "trig", "jsonld"):  # the formats that keep the named graphs
            export(dataset, info.name, path)
        else:
            export(graph, info.name, path)
        written.append(path)
    return written


def export_store(store: str | os.PathLike[str], out_dir: str | os.PathLike[str], *,
                 formats: Iterable[str] = ("nq",), title: str | None = None) -> list[Path]:
    """Write a store's graph into ``out_dir``.

    N-Quads, N-Triples and Turtle are written straight from Oxigraph (fast, deterministic; see
    :meth:`kg.store.KgStore.dump_turtle`); other formats go through an in-memory rdflib dataset.
    """
    from kg.atomic import atomic_write
    from kg.export import get_exporter
    from kg.graph import union_graph
    from kg.store import KgStore

    fast = {"nq": "dump_nquads", "nt": "dump_ntriples", "ttl": "dump_turtle"}
    names = [get_exporter(f).name for f in formats]
    written: list[Path] = []
    out = Path(out_dir)
    with KgStore.open(store, create=False, read_only=True) as st:
        for name in names:
            if name in fast:
                info = get_exporter(name)
                path = out / f"graph{info.suffixes[0]}"
                atomic_write(path, getattr(st, fast[name])())
                written.append(path)
        rest = [n for n in names if n not in fast]
        if rest:
            dataset = st.dataset()
    if rest:
        written += _export_all(dataset, union_graph(dataset), out, rest, title or Path(store).name)
    return written


def _title_for(docs: list[Document]) -> str:
    if len(docs) == 1:
        return docs[0].title or docs[0].id
    return f"{len(docs)} articles"


def evaluate(texts: Source | Iterable[Source], gold: str | os.PathLike[str], *,
             pipeline: Pipeline | None = None, min_confidence: float | None = None
             ) -> tuple[Report, dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Extract from ``texts`` (facts below ``min_confidence`` left out, as :func:`iter_extract`) and score
    against the gold records in ``gold``.

    Returns:
        ``(report, gold_records, predicted_records)``.
    """
    gold_records = load_records(gold)
    predicted = {r["id"]: r for r in map(to_record, iter_extract(texts, pipeline=pipeline,
                                                                 min_confidence=min_confidence))}
    return score(gold_records, predicted), gold_records, predicted


def view(graph: str | os.PathLike[str] | Graph | nx.MultiDiGraph, out: str | os.PathLike[str], *,
         focus: str | Iterable[str] | None = None, depth: int = 1, types: Iterable[str] | None = None,
         relations: Iterable[str] | None = None, top: int | None = None, since: str | None = None,
         until: str | None = None, title: str | None = None, min_confidence: float | None = None) -> ViewResult:
    """Write an interactive, offline HTML view of a graph, or of the part of it that the options select.

    Args:
        graph: a graph file (Turtle, N-Triples, TriG, N-Quads, …), a folder written by ``kg build``, an
            :class:`rdflib.Graph`, or a :class:`networkx.MultiDiGraph` from :func:`kg.to_networkx`.
        out: the HTML file to write (UTF-8, atomically).
        focus, depth, types, relations, top, since, until: the selection; see :func:`kg.view.select`.
        title: the page title; by default it says what the view shows.
        min_confidence: leave out what is less sure than this (:func:`kg.graph.above`; a graph given as an
            object is copied first); by default nothing more than the graph's build left out.

    Returns:
        A :class:`~kg.view.ViewResult`: the path, the node and edge counts of the view and of the whole graph,
        the title and any warnings (a view of more than :data:`kg.view.LARGE_VIEW` nodes is still written,
        with positions computed in Python and physics off, but gets a warning that suggests a smaller view).

    Raises:
        InputError: the graph cannot be read.
        ViewError: the selection is invalid (see :func:`kg.view.select`).
        ExportError: the page cannot be written.

    Example:
        >>> import kg, tempfile, pathlib
        >>> graph = kg.build_graph(kg.extract("国务院总理李强主持召开国务院常务会议。"))
        >>> with tempfile.TemporaryDirectory() as d:
        ...     result = kg.view(graph, pathlib.Path(d) / "view.html", focus="李強", types=["Meeting"])
        ...     (result.nodes, result.total_nodes, result.title, result.warnings)
        (2, 4, 'kg · 李強 1 层邻域 · 类型 Meeting', ())
    """
    from rdflib import Dataset

    from kg.graph import above, to_networkx
    from kg.html import write_html

    if isinstance(graph, nx.Graph):
        full, name = graph, "kg"
    elif isinstance(graph, Graph):
        if min_confidence:  # cut a copy: the caller's graph stays as it is
            flat = above(flatten(graph), min_confidence)
        else:
            flat = flatten(graph) if isinstance(graph, Dataset) else graph
        full, name = to_networkx(flat), "kg"
    else:
        loaded = load_graph(graph)
        full, name = to_networkx(above(loaded, min_confidence) if min_confidence else loaded), Path(graph).stem
    shown = select(full, focus=focus, depth=depth, types=types, relations=relations, top=top, since=since,
                   until=until)
    page_title = title or view_title(name, focus=focus, depth=depth, types=types, relations=relations,
                                     top=top, since=since, until=until)
    path = write_html(shown, out, page_title)
    warning = large_view_warning(shown.number_of_nodes())
    return ViewResult(path, shown.number_of_nodes(), shown.number_of_edges(), full.number_of_nodes(),
                      full.number_of_edges(), page_title, (warning,) if warning else ())


def build_store(sources: Source | Iterable[Source], store: str | os.PathLike[str], *,
                base: str = DEFAULT_BASE, pipeline: Pipeline | None = None,
                on_error: Callable[[InputError], None] | None = None, wait: float = 0.0, jobs: int = 1,
                validate: bool = True, dask: Any = None,
                progress: Callable[[Document | Packed], None] | None = None,
                max_chars: int = MAX_CHARS, min_confidence: float | None = None) -> Any:
    """Extract ``sources`` and add them to the kg store at ``store`` (created when missing).

    Articles already in the store with the same content are skipped; changed ones replace their old graph.
    With ``validate`` the added articles are checked against the SHACL shapes (``AddResult.validation``);
    ``kg validate STORE`` checks the whole store.  ``progress`` is called with each analysed article: its
    :class:`~kg.model.Document`, or with ``jobs`` > 1 or ``dask`` the :class:`~kg.model.Packed` form the
    worker sent back (``id``, ``date``, ``chars``).  Facts below ``min_confidence`` are left out (see
    :func:`iter_extract`).

    Returns:
        A :class:`kg.store.AddResult` (added, replaced, skipped, ids).

    Raises:
        StoreError: the store is locked by another build (after waiting ``wait`` seconds) or damaged.
    """
    from kg.store import KgStore, pack

    with KgStore.open(store, base=base, wait=wait) as st:
        # parallel and distributed runs pack each document for the store where it was analysed: this
        # process then spills it unread (kg.store.pack)
        items = _analysed(sources, pipeline=pipeline, on_error=on_error, jobs=jobs, dask=dask, progress=progress,
                          max_chars=max_chars, finish=pack if jobs > 1 or dask is not None else None,
                          min_confidence=min_confidence)
        return st.add(items, validate=validate, jobs=jobs)


def remove(store: str | os.PathLike[str], ids: Iterable[str], *, wait: float = 0.0) -> list[str]:
    """Retract articles from a store; returns the ids that were present."""
    from kg.store import KgStore

    with KgStore.open(store, create=False, wait=wait) as st:
        return st.remove(ids)


def open_graph(path: str | os.PathLike[str]) -> Graph:
    """Load a graph file, a ``kg build`` output folder or a kg store as one rdflib graph (the union)."""
    from kg.graph import union_graph
    from kg.store import KgStore, is_store
    from kg.view import load_graph

    if is_store(path):
        with KgStore.open(path, create=False, read_only=True) as st:
            return union_graph(st.dataset())
    return load_graph(path)


def stats(path: str | os.PathLike[str] | Graph, *, top: int = 10, shacl: bool = True) -> Any:
    """Summary of a graph file, folder or store: counts, top entities, date range and SHACL status.

    For a store, the SHACL status is the one recorded by its last build (``validation.txt``).
    """
    from kg.stats import graph_stats, store_stats
    from kg.store import KgStore, is_store

    if not isinstance(path, Graph) and is_store(path):
        with KgStore.open(path, create=False, read_only=True) as st:
            result = store_stats(st, top=top)
        report = Path(path) / "validation.txt"
        result.shacl = report.read_text(encoding="utf-8").splitlines()[0] if report.exists() else \
            "SHACL: not validated yet (run kg validate)"
        return result
    graph = path if isinstance(path, Graph) else open_graph(path)
    result = graph_stats(graph, top=top)
    if shacl:
        from kg.shacl import validate as shacl_validate

        result.shacl = shacl_validate(graph).format().splitlines()[0]
    return result


def validate(path: str | os.PathLike[str] | Graph, *, engine: str = "auto") -> Any:
    """SHACL-validate a graph file, folder, store or graph against ``ontology/shapes.ttl``.

    A store is validated in place on Oxigraph (seconds for a corpus; :mod:`kg.shacl`), and the report is
    also written to ``STORE/validation.txt`` (``kg stats`` shows it).
    """
    from kg.shacl import compiled_shapes, validate_oxigraph
    from kg.shacl import validate as shacl_validate
    from kg.store import KgStore, is_store

    if not isinstance(path, Graph) and is_store(path):
        if engine != "pyshacl" and compiled_shapes() is not None:
            with KgStore.open(path, create=False, read_only=True) as st:
                report = validate_oxigraph(st.ox)
        else:
            report = shacl_validate(open_graph(path), engine=engine)
        from kg.atomic import atomic_write

        atomic_write(Path(path) / "validation.txt", report.format() + "\n")
        return report
    graph = path if isinstance(path, Graph) else open_graph(path)
    return shacl_validate(graph, engine=engine)
