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

from rdflib import Graph

from kg.errors import InputError, KgError
from kg.evaluate import Report, load_records, score
from kg.export import export
from kg.graph import DEFAULT_BASE, build_graph
from kg.model import Document
from kg.pipeline import Pipeline
from kg.reader import document_from_text, read_inputs
from kg.record import to_record

Source = str | os.PathLike[str] | Document


def _documents(sources: Source | Iterable[Source], on_error: Callable[[InputError], None] | None,
               ) -> Iterator[Document]:
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
        yield from read_inputs(paths, on_error=on_error)


def iter_extract(sources: Source | Iterable[Source], *, pipeline: Pipeline | None = None,
                 on_error: Callable[[InputError], None] | None = None) -> Iterator[Document]:
    """Analyse texts, files, folders or documents one at a time (streaming).

    A string that names an existing file or folder is read from disk; any other string is analysed as text.
    """
    nlp = pipeline or Pipeline()
    for doc in _documents(sources, on_error):
        yield nlp(doc)


def extract(sources: Source | Iterable[Source], *, pipeline: Pipeline | None = None,
            on_error: Callable[[InputError], None] | None = None) -> list[Document]:
    """Analyse texts, files, folders or documents; see :func:`iter_extract`.

    Returns:
        The analysed documents, in input order; :func:`kg.to_record` turns one into the gold-schema record.

    Raises:
        InputError: an input cannot be read and no ``on_error`` callback was given.
    """
    return list(iter_extract(sources, pipeline=pipeline, on_error=on_error))


@dataclass
class BuildResult:
    """What :func:`build` did: the graph, the files written and the inputs it had to skip."""

    graph: Graph
    documents: int
    files: list[Path] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def build(sources: Source | Iterable[Source], out_dir: str | os.PathLike[str], *,
          formats: Iterable[str] = ("ttl", "html"), base: str = DEFAULT_BASE, pipeline: Pipeline | None = None,
          on_error: Callable[[InputError], None] | None = None, title: str | None = None) -> BuildResult:
    """Extract, build the RDF graph and write ``graph.<suffix>`` for each format into ``out_dir``.

    Bad inputs are reported to ``on_error`` (and kept in ``BuildResult.errors``) and skipped; the rest is
    built.  Files are written atomically.

    Raises:
        KgError: nothing could be read, or an export failed.
    """
    errors: list[InputError] = []

    def report(e: InputError) -> None:
        errors.append(e)
        if on_error:
            on_error(e)

    docs = list(iter_extract(sources, pipeline=pipeline, on_error=report))
    if not docs:
        raise KgError("no document could be read; nothing to build" + (f" ({errors[0]})" if errors else ""))
    graph = build_graph(docs, base=base)
    out = Path(out_dir)
    written = []
    for fmt in formats:
        from kg.export import get_exporter

        info = get_exporter(fmt)
        path = out / f"graph{info.suffixes[0] if info.suffixes else '.' + info.name}"
        options: dict[str, Any] = {}
        if info.name == "html":
            options["title"] = title or _title_for(docs)
        export(graph, info.name, path, **options)
        written.append(path)
    return BuildResult(graph, len(docs), written, errors)


def _title_for(docs: list[Document]) -> str:
    if len(docs) == 1:
        return docs[0].title or docs[0].id
    return f"{len(docs)} articles"


def evaluate(texts: Source | Iterable[Source], gold: str | os.PathLike[str], *,
             pipeline: Pipeline | None = None) -> tuple[Report, dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Extract from ``texts`` and score against the gold records in ``gold``.

    Returns:
        ``(report, gold_records, predicted_records)``.
    """
    gold_records = load_records(gold)
    predicted = {r["id"]: r for r in map(to_record, iter_extract(texts, pipeline=pipeline))}
    return score(gold_records, predicted), gold_records, predicted
