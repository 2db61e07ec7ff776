"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over a kg graph, with a query page.

The endpoint is ``/sparql`` (GET ``?query=``, POST ``application/x-www-form-urlencoded`` or
``application/sparql-query``); results come by content negotiation (``Accept``, or a ``format`` parameter as
SPARQLWrapper sends it) as SPARQL JSON, XML, CSV or TSV, and Turtle, N-Triples, JSON-LD or RDF/XML for
CONSTRUCT and DESCRIBE.  ``/`` is a query page that works offline and lists the named queries;
``/queries`` lists them as JSON and ``/queries/NAME?param=…`` returns one with its parameters filled in.

Safety:

* **Read-only.** SPARQL Update (``update=``, ``application/sparql-update``, or update keywords in a query)
  and ``SERVICE`` are refused with 403 before anything runs (:func:`kg.query.check_read_only` lexes the text
  as the SPARQL parser does); queries run only through Oxigraph's query API on a store opened read-only.
* **Time limit.** Queries run in worker processes (``workers``, at least two).  The handler thread waits for
  the answer until the deadline; a query that is still running then is answered with 503 and its worker
  process is killed, which stops its CPU work at once, and a fresh worker is started in the background.
  Waiting for a free worker counts against the same deadline, so a runaway query delays others by at most
  the time limit.
* **Result limit.** Workers read solutions lazily and stop after ``max_results``; a cut result carries the
  header ``X-SPARQL-MaxRows``.
* Binds 127.0.0.1 unless told otherwise; request bodies over 1 MB are refused (413).

Each worker holds its own copy of a graph file in memory (a kg store is shared on disk, read-only), so for a
corpus serve a kg store.

Example:
    >>> import json, tempfile, urllib.request, kg
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = kg.build(["國務院總理李強主持召開國務院常務會議。"], d, formats=["nq"])
    ...     with SparqlServer(d, port=0, workers=1) as server:
    ...         server.start()
    ...         url = server.url + "sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }")
    ...         json.load(urllib.request.urlopen(url))["boolean"]
    True
"""

from __future__ import annotations

import html
import json
import logging
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kg.errors import KgError
from kg.query import (
    FORMATS,
    ParameterError,
    QueryError,
    QuerySyntaxError,
    ReadOnlyError,
    ResultFormat,
    check_read_only,
    execute,
    get_format,
    named_queries,
    open_graph_store,
    render,
    sparql_iri,
)

__all__ = ["ServeError", "SparqlServer", "negotiate", "serve"]

log = logging.getLogger("kg.serve")

MAX_BODY = 1 << 20
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_RESULTS = 10_000


class ServeError(KgError):
    """The endpoint cannot start: the graph does not load, or the address is taken."""


# ---------------------------------------------------------------------------------------------------------
# Content negotiation

_TABULAR = ("json", "xml", "csv", "tsv", "table")
_GRAPH = ("ttl", "nt", "jsonld", "rdfxml")


def _accepted(accept: str) -> list[str]:
    """Media ranges of an Accept header, best first (q-values; ties keep their order)."""
    ranges = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, i, fields[0].lower()))
    return [r for _, _, r in sorted(ranges)]


def negotiate(kind: str, accept: str | None, fmt: str | None = None) -> ResultFormat | None:
    """The result format for a result ``kind`` (``select``, ``ask``, ``graph``).

    A ``format`` parameter (``json``, ``xml``, ``csv``, ``tsv``, ``turtle``, ``json-ld`` … or a media type)
    wins over the ``Accept`` header; ``None`` means nothing acceptable can be produced (406).

    Example:
        >>> negotiate("select", "text/csv;q=0.5, application/sparql-results+xml").name
        'xml'
        >>> negotiate("graph", "application/sparql-results+json,application/json;q=0.9").name
        'jsonld'
        >>> negotiate("select", None, "json").name, negotiate("graph", "*/*").name
        ('json', 'ttl')
        >>> negotiate("select", "image/png") is None
        True
    """
    names = _GRAPH if kind == "graph" else _TABULAR
    candidates = [FORMATS[n] for n in names]
    if fmt:
        if "/" in fmt:
            accept = fmt
        else:
            try:
                chosen = get_format(fmt)
            except QueryError:
                chosen = None
            if chosen is not None:
                if kind == "graph":
                    chosen = {"json": FORMATS["jsonld"], "xml": FORMATS["rdfxml"]}.get(chosen.name, chosen)
                if chosen.name in names:
                    return chosen
    if not accept or not accept.strip():
        return candidates[0]
    for media in _accepted(accept):
        if media in ("*/*", "*"):
            return candidates[0]
        if media.endswith("/*"):
            found = next((c for c in candidates if any(m.startswith(media[:-1]) for m in c.media_types)), None)
        else:
            found = next((c for c in candidates if media in c.media_types), None)
        if found is not None:
            return found
    return None


# ---------------------------------------------------------------------------------------------------------
# Workers

@dataclass(frozen=True)
class _Job:
    query: str
    accept: str | None
    fmt: str | None
    max_results: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Reply:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def _text(status: int, message: str) -> _Reply:
    return _Reply(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"))


def answer(store: Any, job: _Job) -> _Reply:
    """Run one job on an Oxigraph store and write the response (in the worker process)."""
    try:
        result = execute(store, job.query, limit=job.max_results, default_graphs=job.default_graphs or None,
                         named_graphs=job.named_graphs or None)
    except ReadOnlyError as e:
        return _text(403, str(e))
    except QuerySyntaxError as e:
        return _text(400, str(e))
    except QueryError as e:  # the store failed while reading
        return _text(500, str(e))
    fmt = negotiate(result.kind, job.accept, job.fmt)
    if fmt is None:
        names = _GRAPH if result.kind == "graph" else _TABULAR
        offered = ", ".join(FORMATS[n].media_type for n in names)
        return _text(406, f"cannot give {job.accept or job.fmt!r} for this query; available: {offered}")
    body = fmt.write(result).encode("utf-8")
    headers: tuple[tuple[str, str], ...] = ()
    if result.truncated:
        headers = (("X-SPARQL-MaxRows", str(job.max_results)),)
    return _Reply(200, f"{fmt.media_type}; charset=utf-8", body, headers)


def _worker_main(conn: Any, source: str) -> None:  # pragma: no cover - runs in the child process
    """A worker process: open the graph, then answer jobs until told to stop (``None``)."""
    try:
        opened = open_graph_store(source)
        store = opened.store
        conn.send(("ready", len(store)))
    except Exception as e:  # noqa: BLE001 - any failure to open is reported to the parent
        conn.send(("failed", str(e)))
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            break
        if job is None:
            break
        try:
            reply = answer(store, job)
        except Exception as e:  # noqa: BLE001 - a bug must not kill the worker silently
            reply = _text(500, f"internal error: {type(e).__name__}: {e}")
        try:
            conn.send(reply)
        except (OSError, ValueError):
            break
    opened.__exit__(None, None, None)


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        # workers fork from a server that has kg imported already, so a new worker starts in milliseconds
        ctx.set_forkserver_preload(["kg.serve"])
        return ctx
    return multiprocessing.get_context("spawn")


class _Worker:
    def __init__(self, ctx: Any, source: str) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, source), daemon=True, name="kg-serve-worker")
        self.process.start()
        child.close()
        self.triples = 0

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise ServeError(f"a query worker did not open the graph within {timeout:.0f} s")
        try:
            status, info = self.conn.recv()
        except (EOFError, OSError) as e:
            self.kill()
            raise ServeError("a query worker died while opening the graph") from e
        if status != "ready":
            self.kill()
            raise ServeError(str(info))
        self.triples = int(info)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(2)
        self.kill()


class _Busy(Exception):
    pass


#: How many query time limits a query may wait for a free worker before it is answered 503 (busy).
QUEUE_WAIT = 3


class _Timeout(Exception):
    pass


class WorkerPool:
    """Worker processes that each hold the graph; one query at a time per worker.

    :meth:`run` sends a job to a free worker and waits until the deadline; a worker that misses it is
    killed (its CPU work stops) and replaced in the background.
    """

    def __init__(self, source: str, size: int, *, start_timeout: float = 300.0) -> None:
        self.source = source
        self.start_timeout = start_timeout
        self._ctx = _context()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.killed = 0
        started = [_Worker(self._ctx, source) for _ in range(size)]
        try:
            for w in started:
                w.wait_ready(start_timeout)
        except ServeError:
            for w in started:
                w.kill()
            raise
        self.triples = started[0].triples
        for w in started:
            self._workers.add(w)
            self._idle.put(w)

    def run(self, job: _Job, timeout: float) -> _Reply:
        """Answer ``job`` on a free worker: wait at most :data:`QUEUE_WAIT` times ``timeout`` for one (else
        :class:`_Busy`), then give the query its own ``timeout`` seconds to run (else the worker is replaced and
        :class:`_Timeout`).  The time spent waiting does not count against the query: a query that waited must
        not be cut, and its healthy worker killed, for a time limit it never had; and a burst of queries queues
        for a while before it is turned away."""
        try:
            worker = self._idle.get(timeout=QUEUE_WAIT * timeout)
        except queue.Empty:
            raise _Busy() from None
        deadline = time.monotonic() + timeout
        try:
            worker.conn.send(job)
            remaining = deadline - time.monotonic()
            if remaining > 0 and worker.conn.poll(remaining):
                reply: _Reply = worker.conn.recv()
                self._idle.put(worker)
                return reply
        except (EOFError, OSError, ValueError):
            self._retire(worker)
            return _text(500, "the query worker died; the query was not answered")
        self._retire(worker)
        raise _Timeout()

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker (stopping its CPU work) and start a replacement in the background."""
        with self._lock:
            self._workers.discard(worker)
            self.killed += 1
        worker.kill()
        if not self._closed:
            threading.Thread(target=self._replace, daemon=True, name="kg-serve-respawn").start()

    def _replace(self) -> None:
        try:
            worker = _Worker(self._ctx, self.source)
            worker.wait_ready(self.start_timeout)
        except (ServeError, OSError) as e:
            log.error("could not start a replacement query worker: %s", e)
            return
        with self._lock:
            if self._closed:
                worker.stop()
                return
            self._workers.add(worker)
        self._idle.put(worker)

    def size(self) -> int:
        with self._lock:
            return len(self._workers)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for w in workers:
            w.stop()


# ---------------------------------------------------------------------------------------------------------
# HTTP

_SD_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
               "Turtle", "N-Triples", "JSON-LD", "RDF_XML")


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "kg-sparql"
    # a request line without a version (or garbage) still gets a status line and a 400, not a bare body
    default_request_version = "HTTP/1.0"

    # -- plumbing ------------------------------------------------------------------------------------------

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        log.info("%s - %s", self.address_string(), format % args)

    def _send(self, reply: _Reply, head_only: bool = False) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "X-SPARQL-MaxRows")
        self.send_header("Vary", "Accept")
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        if not head_only:
            self.wfile.write(reply.body)

    def _body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if length is None:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                self._send(_text(411, "send the request body with a Content-Length"))
                self.close_connection = True
                return None
            return b""
        try:
            n = int(length)
            if n < 0:
                raise ValueError(length)
        except ValueError:
            self._send(_text(400, "bad Content-Length"))
            self.close_connection = True
            return None
        if n > MAX_BODY:
            # read what was sent (up to a bound) so that the client gets the answer, not a broken pipe
            left = min(n, 64 * MAX_BODY)
            while left > 0:
                chunk = self.rfile.read(min(left, 1 << 16))
                if not chunk:
                    break
                left -= len(chunk)
            self._send(_text(413, f"the request body is over {MAX_BODY} bytes"))
            self.close_connection = True
            return None
        return self.rfile.read(n)

    # -- methods -------------------------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._get(head_only=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._get(head_only=True)

    def _get(self, head_only: bool) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path in ("/", "/index.html"):
            self._send(_Reply(200, "text/html; charset=utf-8", self.server.page().encode("utf-8")), head_only)
        elif url.path == "/sparql":
            if "query" in params or "update" in params:
                self._send(self._sparql(params), head_only)
            else:
                self._send(_Reply(200, "text/turtle; charset=utf-8", self.server.description().encode()), head_only)
        elif url.path == "/queries":
            self._send(_Reply(200, "application/json; charset=utf-8", self.server.catalogue().encode()), head_only)
        elif url.path.startswith("/queries/"):
            self._send(self._named(url.path[len("/queries/"):], params), head_only)
        else:
            self._send(_text(404, f"no such page: {url.path}; the endpoint is /sparql, the query page /"), head_only)

    def do_POST(self) -> None:  # noqa: N802
        body = self._body()
        if body is None:
            return
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._send(_text(404, f"no such endpoint: {url.path}; POST queries to /sparql"))
            return
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
            except UnicodeDecodeError:
                self._send(_text(400, "the form is not UTF-8"))
                return
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        elif ctype == "application/sparql-query":
            try:
                params["query"] = [body.decode("utf-8")]
            except UnicodeDecodeError:
                self._send(_text(400, "the query is not UTF-8"))
                return
        elif ctype == "application/sparql-update":
            self._send(_text(403, "SPARQL Update is refused: this endpoint is read-only"))
            return
        else:
            self._send(_text(415, "POST a query as application/x-www-form-urlencoded (query=…) or "
                                  "application/sparql-query"))
            return
        self._send(self._sparql(params))

    def do_OPTIONS(self) -> None:  # noqa: N802 - CORS preflight for browser clients such as YASGUI
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _refuse_method(self) -> None:
        self._send(_Reply(405, "text/plain; charset=utf-8", b"the endpoint is read-only; use GET or POST\n",
                          (("Allow", "GET, HEAD, POST, OPTIONS"),)))

    do_PUT = do_DELETE = do_PATCH = _refuse_method  # noqa: N815

    # -- SPARQL --------------------------------------------------------------------------------------------

    def _sparql(self, params: dict[str, list[str]]) -> _Reply:
        if "update" in params:
            return _text(403, "SPARQL Update is refused: this endpoint is read-only")
        queries = params.get("query", [])
        if len(queries) != 1:
            return _text(400, "give exactly one query parameter")
        text = queries[0]
        if not text.strip():
            return _text(400, "the query is empty")
        try:
            check_read_only(text)
            default_graphs = tuple(sparql_iri(g)[1:-1] for g in params.get("default-graph-uri", []))
            named_graphs = tuple(sparql_iri(g)[1:-1] for g in params.get("named-graph-uri", []))
        except ReadOnlyError as e:
            return _text(403, str(e))
        except ParameterError as e:
            return _text(400, str(e))
        fmt = next(iter(params.get("format") or params.get("output") or []), None)
        job = _Job(text, self.headers.get("Accept"), fmt, self.server.max_results, default_graphs, named_graphs)
        try:
            return self.server.pool.run(job, self.server.query_timeout)
        except _Timeout:
            limit = self.server.query_timeout
            return _text(503, f"the query ran out of time ({limit:g} s; the limit is set with kg serve --timeout); "
                              "make it more selective or add a LIMIT")
        except _Busy:
            return _text(503, f"all {self.server.workers} query workers stayed busy for "
                              f"{QUEUE_WAIT * self.server.query_timeout:g} s; try again")

    def _named(self, name: str, params: dict[str, list[str]]) -> _Reply:
        name = name.removesuffix(".rq")
        named = named_queries().get(name)
        if named is None:
            return _text(404, f"no named query {name!r}; named queries: {', '.join(named_queries())}")
        values = {k: v[0] for k, v in params.items() if v and v[0].strip()}
        if not values:
            return _Reply(200, "application/sparql-query; charset=utf-8", named.text.encode("utf-8"))
        try:
            return _Reply(200, "application/sparql-query; charset=utf-8", render(named, values).encode("utf-8"))
        except ParameterError as e:
            return _text(400, str(e))


class SparqlServer(ThreadingHTTPServer):
    """The endpoint: an HTTP server (one thread per connection) over a pool of query worker processes.

    Args:
        source: a graph file, a ``kg build`` output folder or a kg store (anything :func:`kg.query.run_query`
            reads, as a path).
        host, port: the address to bind (port 0 picks a free one; see :attr:`url`).
        timeout: seconds a query may take, waiting for a free worker included.
        max_results: rows (or triples) returned at most.
        workers: query processes (default: the number of CPUs, at least 2).

    Raises:
        ServeError: the graph cannot be opened or the address cannot be bound.
    """

    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False
    request_queue_size = 128  # the default 5 resets connections when many clients connect at once

    def __init__(self, source: str | os.PathLike[str], *, host: str = "127.0.0.1", port: int = 8000,
                 timeout: float = DEFAULT_TIMEOUT, max_results: int = DEFAULT_MAX_RESULTS,
                 workers: int | None = None) -> None:
        path = Path(source)
        if not path.exists():
            raise ServeError(f"{source}: no such file or folder")
        self.source = str(path.resolve())
        self.query_timeout = timeout
        self.max_results = max_results
        self.workers = workers or max(2, os.cpu_count() or 2)
        self._thread: threading.Thread | None = None
        self.pool = WorkerPool(self.source, self.workers)
        try:
            super().__init__((host, port), _Handler)
        except OSError as e:
            self.pool.close()
            raise ServeError(f"cannot listen on {host}:{port}: {e.strerror or e}") from e

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = str(host)
        return f"http://{'[' + host + ']' if ':' in host else host}:{port}/"

    def start(self) -> None:
        """Serve in a background thread (for tests and embedding); :meth:`close` stops it."""
        self._thread = threading.Thread(target=self.serve_forever, daemon=True, name="kg-serve")
        self._thread.start()

    def close(self) -> None:
        """Stop serving and stop the workers."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join(5)
            self._thread = None
        self.server_close()
        self.pool.close()

    def __enter__(self) -> SparqlServer:
        return self

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that goes away mid-answer is one log line, not a traceback."""
        import sys

        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            log.info("%s - connection lost: %s", client_address[0], error)
        else:
            super().handle_error(request, client_address)

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- pages ---------------------------------------------------------------------------------------------

    def catalogue(self) -> str:
        """The named queries as JSON: name, summary, description, parameters, usage, examples."""
        return json.dumps([{
            "name": q.name, "summary": q.summary, "description": q.description, "usage": q.usage(),
            "examples": list(q.examples),
            "params": [{"name": p.name, "kind": p.kind, "description": p.description, "example": p.example,
                        "required": p.required, "default": p.default} for p in q.params],
        } for q in named_queries().values()], ensure_ascii=False, indent=1)

    def description(self) -> str:
        """A SPARQL 1.1 Service Description of the endpoint (Turtle)."""
        formats = ", ".join(f"<http://www.w3.org/ns/formats/{f}>" for f in _SD_FORMATS)
        return (
            "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n\n"
            f"<{self.url}sparql> a sd:Service ;\n"
            f"    sd:endpoint <{self.url}sparql> ;\n"
            "    sd:supportedLanguage sd:SPARQL11Query ;\n"
            "    sd:feature sd:UnionDefaultGraph ;\n"
            f"    sd:resultFormat {formats} .\n"
        )

    def page(self) -> str:
        return _page(self, named_queries())


def _page(server: SparqlServer, queries: dict[str, Any]) -> str:
    cards = []
    for q in queries.values():
        inputs = "".join(
            f'<label>--{html.escape(p.name)} <input name="{html.escape(p.name)}" '
            f'placeholder="{html.escape(p.example or p.kind)}" title="{html.escape(p.description)}"'
            f'{" required" if p.required else ""}></label> '
            for p in q.params)
        params = "".join(f"<li><code>--{html.escape(p.name)}</code> ({html.escape(p.kind)}"
                         f"{'' if p.required else ', optional'}): {html.escape(p.description)}"
                         f"{' — e.g. ' + html.escape(p.example) if p.example else ''}</li>" for p in q.params)
        cards.append(
            f'<details><summary><b>{html.escape(q.name)}</b> — {html.escape(q.summary)}</summary>'
            f'<p>{html.escape(q.description)}</p><ul>{params}</ul>'
            f'<form class="named" data-name="{html.escape(q.name)}">{inputs}'
            '<button type="submit">Put in the editor</button></form></details>')
    example = ("PREFIX kg: <https://w3id.org/kg-gov/ns#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
               "SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n)")
    return _PAGE.format(
        source=html.escape(server.source), triples=f"{server.pool.triples:,}", endpoint=html.escape(server.url),
        timeout=f"{server.query_timeout:g}", max_results=f"{server.max_results:,}", cards="\n".join(cards),
        example=html.escape(example),
    )


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kg SPARQL endpoint</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font: 15px/1.45 system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 1.5em auto;
       max-width: 70em; padding: 0 1em; color: #222; }}
textarea {{ width: 100%; height: 16em; font: 13px/1.4 ui-monospace, monospace; box-sizing: border-box; }}
table {{ border-collapse: collapse; margin-top: .5em; }} td, th {{ border: 1px solid #ccc; padding: 2px 6px;
       text-align: left; vertical-align: top; }} th {{ background: #f3f3f3; }}
details {{ margin: .3em 0; }} form.named {{ margin: .3em 0 .8em 1em; }} input {{ margin-right: .5em; }}
#status {{ margin: .5em 0; color: #555; }} .error {{ color: #b00; white-space: pre-wrap; }}
code {{ background: #f5f5f5; padding: 0 2px; }}
</style></head><body>
<h1>kg SPARQL endpoint</h1>
<p>Graph <code>{source}</code> ({triples} quads). Endpoint <code>{endpoint}sparql</code> (SPARQL 1.1 Protocol,
GET or POST; JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD for CONSTRUCT). Read-only; queries stop after
{timeout} s and {max_results} results. The default graph is the union of all graphs.</p>
<textarea id="query" spellcheck="false">{example}</textarea>
<p><button id="run">Run</button>
<select id="format"><option value="json">table</option><option value="csv">CSV</option>
<option value="tsv">TSV</option><option value="xml">XML</option><option value="turtle">Turtle</option></select>
<span id="status"></span></p>
<div id="result"></div>
<h2>Named queries</h2>
<p>Parameters accept either script (退役軍人事務部 finds 退役军人事务部). Fill them in to put the query in the
editor; the values are escaped by the server (<code>/queries/NAME?param=value</code>).</p>
{cards}
<script>
"use strict";
const $ = (id) => document.getElementById(id);
function cell(b) {{ return b === undefined ? "" : b.value; }}
function show(data) {{
  const out = $("result"); out.textContent = "";
  if (data.boolean !== undefined) {{ out.textContent = String(data.boolean); return; }}
  const table = document.createElement("table"), head = table.insertRow();
  for (const v of data.head.vars) {{ const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }}
  for (const row of data.results.bindings) {{
    const tr = table.insertRow();
    for (const v of data.head.vars) tr.insertCell().textContent = cell(row[v]);
  }}
  out.appendChild(table);
  $("status").textContent = data.results.bindings.length + " rows";
}}
async function run() {{
  const fmt = $("format").value, body = new URLSearchParams({{query: $("query").value}});
  const accept = {{json: "application/sparql-results+json", csv: "text/csv", tsv: "text/tab-separated-values",
                  xml: "application/sparql-results+xml", turtle: "text/turtle"}}[fmt];
  $("status").textContent = "running…"; const t0 = performance.now();
  try {{
    const r = await fetch("sparql", {{method: "POST", body, headers: {{Accept: accept}}}});
    const ms = Math.round(performance.now() - t0);
    const type = r.headers.get("Content-Type") || "";
    if (!r.ok) {{ $("result").innerHTML = ""; const p = document.createElement("p"); p.className = "error";
                 p.textContent = r.status + " " + await r.text(); $("result").appendChild(p);
                 $("status").textContent = ms + " ms"; return; }}
    if (type.startsWith("application/sparql-results+json")) {{ show(await r.json()); }}
    else {{ const pre = document.createElement("pre"); pre.textContent = await r.text();
           $("result").textContent = ""; $("result").appendChild(pre); }}
    const cut = r.headers.get("X-SPARQL-MaxRows");
    $("status").textContent += " · " + ms + " ms" + (cut ? " · cut at " + cut + " results" : "");
  }} catch (e) {{ $("status").textContent = String(e); }}
}}
$("run").addEventListener("click", run);
$("query").addEventListener("keydown", (e) => {{ if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run(); }});
for (const form of document.querySelectorAll("form.named")) {{
  form.addEventListener("submit", async (e) => {{
    e.preventDefault();
    const params = new URLSearchParams(new FormData(form));
    for (const [k, v] of [...params]) if (!v.trim()) params.delete(k);
    const r = await fetch("queries/" + form.dataset.name + "?" + params);
    const text = await r.text();
    if (r.ok) {{ $("query").value = text; $("status").textContent = form.dataset.name + " is in the editor"; }}
    else {{ $("status").textContent = text; }}
  }});
}}
</script>
</body></html>
"""


def serve(source: str | os.PathLike[str], *, host: str = "127.0.0.1", port: int = 8000,
          timeout: float = DEFAULT_TIMEOUT, max_results: int = DEFAULT_MAX_RESULTS, workers: int | None = None,
          ready: Callable[[SparqlServer], None] | None = None) -> None:
    """Serve ``source`` until interrupted (Ctrl-C); ``ready`` is called once the server listens.

    Raises:
        ServeError: the graph cannot be opened or the address cannot be bound.
    """
    server = SparqlServer(source, host=host, port=port, timeout=timeout, max_results=max_results,
                          workers=workers)
    previous = None
    if threading.current_thread() is threading.main_thread():
        # a service manager stops the endpoint with SIGTERM: the same clean stop as Ctrl-C
        previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        if ready is not None:
            ready(server)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.pool.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt
