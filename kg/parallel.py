"""Extraction in several processes, streaming and in input order.

Each worker process builds its own :class:`~kg.pipeline.Pipeline` once (jieba's dictionary and the tagger
load per process, never shared), documents are sent in small chunks, and results come back in input order,
so a parallel build gives exactly the documents — and therefore the graph — of a single-process one.
Tokens are dropped before documents travel back: the graph does not need them and they dominate the size.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterable, Iterator
from dataclasses import replace

from kg.model import Document
from kg.pipeline import Pipeline

_WORKER: Pipeline | None = None


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _init_worker() -> None:
    import logging

    global _WORKER
    logging.getLogger("jieba").setLevel(logging.WARNING)
    _WORKER = Pipeline()


def _analyse(doc: Document) -> Document:
    assert _WORKER is not None
    return replace(_WORKER(doc), tokens=())


def analyse(docs: Iterable[Document], *, jobs: int = 1, pipeline: Pipeline | None = None,
            chunksize: int = 8) -> Iterator[Document]:
    """Analyse documents in ``jobs`` processes (1: in this process), yielding them in input order.

    Example:
        >>> from kg.reader import document_from_text
        >>> docs = [document_from_text("国务院总理李强主持会议。", "a")]
        >>> [d.posts[0].person.text for d in analyse(docs, jobs=1)]
        ['李强']
    """
    if jobs <= 1:
        nlp = pipeline or Pipeline()
        for doc in docs:
            yield replace(nlp(doc), tokens=())
        return
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(jobs, initializer=_init_worker) as pool:
        yield from pool.imap(_analyse, docs, chunksize=chunksize)
