"""Extraction in several processes or on a Dask cluster, streaming and in input order.

Each worker process builds its own :class:`~kg.pipeline.Pipeline` once (jieba's dictionary and the tagger
load per process, never shared), documents are sent in small chunks, and results come back in input order,
so a parallel or distributed build gives exactly the documents — and therefore the graph — of a
single-process one.  Tokens are dropped before documents travel back: the graph does not need them and they
dominate the size.

On Dask (:func:`analyse_dask`) only extraction is distributed: documents go to the workers in batches, at
most a few batches per worker are in flight (memory stays flat however long the corpus), and the results are
gathered in order by the process that writes the graph or the store.  Workers need the same version of kg
installed; nothing else is shipped to them.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing as mp
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from typing import Any

from kg.confidence import DEFAULT_MIN_CONFIDENCE, keep
from kg.errors import KgError
from kg.model import Document
from kg.pipeline import Pipeline

_WORKER: Pipeline | None = None
#: How long to try reaching a Dask scheduler.
CONNECT_TIMEOUT = "20s"


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _init_worker() -> None:
    import logging

    global _WORKER
    if _WORKER is not None:  # inherited from the parent through fork, dictionaries and model loaded
        return
    logging.getLogger("jieba").setLevel(logging.WARNING)
    _WORKER = Pipeline(min_confidence=0)  # each task says its minimum (see _analyse)


def _warm_parent() -> None:
    """Load the pipeline (jieba's dictionary, the tagger model, the lexicons) once in this process before
    forking, so that the workers share it instead of each loading its own."""
    global _WORKER
    if _WORKER is None:
        _init_worker()
        assert _WORKER is not None
        _WORKER("国务院总理李强主持召开国务院常务会议。")


def _analyse(doc: Document, finish: Callable[[Document], Any] | None = None,
             minimum: float = DEFAULT_MIN_CONFIDENCE) -> Any:
    assert _WORKER is not None
    done = replace(keep(_WORKER(doc), minimum), tokens=())
    return done if finish is None else finish(done)


def analyse(docs: Iterable[Document], *, jobs: int = 1, pipeline: Pipeline | None = None,
            chunksize: int = 8, finish: Callable[[Document], Any] | None = None,
            min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> Iterator[Any]:
    """Analyse documents in ``jobs`` processes (1: in this process), yielding them in input order, without the
    facts below ``min_confidence`` (with ``pipeline``, its own minimum).

    ``finish`` (a module-level function, so that it pickles) is applied to each analysed document in the
    process that analysed it, and its result is yielded instead (``kg.store.pack`` for store builds).

    Example:
        >>> from kg.reader import document_from_text
        >>> docs = [document_from_text("国务院总理李强主持会议。", "a")]
        >>> [d.posts[0].person.text for d in analyse(docs, jobs=1)]
        ['李强']
    """
    if pipeline is not None:
        min_confidence = pipeline.min_confidence
    if jobs <= 1:
        nlp = pipeline or Pipeline(min_confidence=min_confidence)
        for doc in docs:
            done = replace(nlp(doc), tokens=())
            yield done if finish is None else finish(done)
        return
    if "fork" in mp.get_all_start_methods():
        ctx = mp.get_context("fork")
        _warm_parent()
    else:  # pragma: no cover - not Linux
        ctx = mp.get_context()
    with frozen_heap(), ctx.Pool(jobs, initializer=_init_worker) as pool:
        yield from pool.imap(partial(_analyse, finish=finish, minimum=min_confidence), docs, chunksize=chunksize)


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Forked workers inherit this process's objects; frozen (``gc.freeze``), the workers' garbage collector
    does not scan them again and again, nor copy every page it touches.  Unfrozen on exit."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


# ---------------------------------------------------------------------------------------------------------
# Dask


def _analyse_batch(docs: list[Document], finish: Callable[[Document], Any] | None = None,
                   minimum: float = DEFAULT_MIN_CONFIDENCE) -> list[Any]:
    """Runs on a Dask worker: the worker process keeps one pipeline for all its tasks."""
    global _WORKER
    if _WORKER is None:
        _init_worker()
    return [_analyse(doc, finish, minimum) for doc in docs]


def _worker_version() -> str:
    import kg

    return kg.__version__


def dask_client(address: str) -> Any:
    """A Dask client for ``address`` (``tcp://host:8786``, or ``local`` for a LocalCluster with one
    single-threaded worker process per CPU).

    Raises:
        KgError: Dask is not installed, the scheduler cannot be reached, or a worker has another kg version.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise KgError("--dask needs Dask's distributed scheduler: pip install 'kg[dask]'") from None
    import kg

    try:
        if address == "local":
            cluster = LocalCluster(n_workers=default_jobs(), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(address, timeout=CONNECT_TIMEOUT)
    except OSError as e:
        raise KgError(f"cannot reach the Dask scheduler at {address}: {e}") from None
    versions = client.run(_worker_version)
    other = {w: v for w, v in versions.items() if v != kg.__version__}
    if other:
        client.close()
        worker, version = sorted(other.items())[0]
        raise KgError(f"Dask worker {worker} runs kg {version}, this is kg {kg.__version__}; install the same "
                      "version on every worker")
    if not versions:
        client.close()
        raise KgError(f"the Dask cluster at {address} has no workers")
    return client


def analyse_dask(docs: Iterable[Document], address: str | Any, *, batch: int = 16,
                 per_worker: int = 3, finish: Callable[[Document], Any] | None = None,
                 min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> Iterator[Any]:
    """Analyse documents on a Dask cluster, yielding them in input order.

    Args:
        docs: the documents, read lazily.
        address: a scheduler address, ``"local"``, or an existing ``distributed.Client`` (left open).
        batch: documents per task.
        per_worker: batches in flight per worker; bounds the memory of this process.
        finish: applied to each analysed document on the worker, as in :func:`analyse`.
        min_confidence: facts below it are left out, as in :func:`analyse`.
    """
    own = isinstance(address, str)
    client: Any = dask_client(address) if own else address
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        pending: deque[Any] = deque()
        it = iter(docs)
        while True:
            while len(pending) < workers * per_worker:
                chunk = list(itertools.islice(it, batch))
                if not chunk:
                    break
                pending.append(client.submit(_analyse_batch, chunk, finish, min_confidence, pure=False))
            if not pending:
                break
            future = pending.popleft()
            yield from future.result()
            future.release()
    finally:
        if own:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()
