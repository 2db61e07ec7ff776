"""Upload a graph to a SPARQL 1.1 Graph Store Protocol endpoint (Oxigraph, Fuseki, GraphDB, RDF4J …).

:func:`push` sends the graph over HTTP with the standard library (no extra dependency):

* a dataset with named graphs (one per article, as ``kg build`` and kg stores make them) goes as one
  N-Quads request to the endpoint URL itself, which keeps every named graph: Oxigraph's ``/store``,
  Fuseki's dataset URL, RDF4J's and GraphDB's ``/statements`` accept it.  When the endpoint answers 415
  (it takes no quads), each graph is sent on its own as Turtle to ``URL?graph=IRI`` (and the default graph
  to ``URL?default``), which every Graph Store Protocol endpoint accepts;
* with ``graph_iri`` (``--graph``), all triples go as Turtle into that one named graph;
* a plain graph goes as Turtle to ``URL?default``.

``POST`` adds to what the endpoint holds; ``replace=True`` sends ``PUT``, which replaces the target graph (or,
for a quads request, the whole dataset).  Authentication is HTTP Basic (``user``/``password``) or a bearer
``token``.  An endpoint that refuses raises :class:`PushError` with the status and the start of its answer;
one that does not answer within ``timeout`` seconds raises it too.

Example:
    >>> push_url("http://localhost:7878/store", graph="https://w3id.org/kg-gov/id/article/a 1")
    'http://localhost:7878/store?graph=https%3A%2F%2Fw3id.org%2Fkg-gov%2Fid%2Farticle%2Fa%201'
    >>> push_url("http://localhost:3030/ds/data?x=1", default=True)
    'http://localhost:3030/ds/data?x=1&default'
"""

from __future__ import annotations

import base64
import os
import re
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from kg.errors import KgError

__all__ = ["PushError", "PushResult", "push", "push_url"]

NQUADS = "application/n-quads"
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
TURTLE = "text/turtle; charset=utf-8"


class PushError(KgError):
    """The endpoint cannot be reached, refused the upload or did not answer in time."""


@dataclass
class PushResult:
    """What :func:`push` sent: one ``(method, url, status)`` per request, and the triples and graphs."""

    endpoint: str
    triples: int = 0
    graphs: int = 0
    requests: list[tuple[str, str, int]] = field(default_factory=list)
    note: str = ""

    def format(self) -> str:
        """One line for the CLI."""
        what = f"{self.triples} quads in {self.graphs} named graph(s)" if self.graphs else f"{self.triples} triples"
        return f"Pushed {what} to {self.endpoint} ({len(self.requests)} request(s))" + \
            (f"; {self.note}" if self.note else "")


def push_url(endpoint: str, *, graph: str | None = None, default: bool = False) -> str:
    """The Graph Store Protocol URL of one graph of ``endpoint`` (``?graph=IRI`` or ``?default``)."""
    if graph is None and not default:
        return endpoint
    sep = "&" if urlsplit(endpoint).query else "?"
    return endpoint + sep + ("default" if graph is None else "graph=" + quote(graph, safe=""))


def _check_endpoint(endpoint: str) -> None:
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PushError(f"{endpoint!r} is not an http(s) URL; give the endpoint as "
                        "http://HOST:PORT/PATH, e.g. http://localhost:7878/store for Oxigraph")


def _headers(user: str | None, password: str | None, token: str | None) -> dict[str, str]:
    if token is not None and user is not None:
        raise PushError("give either --user/--password or --token, not both")
    if user is not None:
        if password is None:
            raise PushError(f"a password is needed for user {user!r}: pass --password or set KG_PUSH_PASSWORD")
        basic = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return {"Authorization": f"Basic {basic}"}
    if token is not None:
        return {"Authorization": f"Bearer {token}"}
    return {}


def _excerpt(body: bytes, limit: int = 200) -> str:
    text = " ".join(body.decode("utf-8", "replace").split())
    return text if len(text) <= limit else text[:limit] + "…"


def _send(url: str, method: str, body: bytes, content_type: str, headers: dict[str, str],
          timeout: float) -> int:
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"Content-Type": content_type, **headers})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) checked
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as e:
        detail = _excerpt(e.read() or b"")
        error = PushError(f"{url}: the endpoint refused the upload: HTTP {e.code} {e.reason}"
                          + (f": {detail}" if detail else ""))
        error.status = e.code  # type: ignore[attr-defined]
        raise error from None
    except TimeoutError:
        raise PushError(f"{url}: no answer within {timeout:g} s; is the endpoint overloaded? "
                        "Pass a longer --timeout") from None
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise PushError(f"{url}: no answer within {timeout:g} s; pass a longer --timeout") from None
        raise PushError(f"{url}: cannot reach the endpoint ({reason}); is the server running and the URL "
                        "right?") from None
    except OSError as e:
        raise PushError(f"{url}: the connection failed ({e})") from None


def _graph_name(g: Graph | Node | None) -> Node | None:
    name = g.identifier if isinstance(g, Graph) else g
    return None if name == DATASET_DEFAULT_GRAPH_ID else name


def _graphs(ds: Dataset) -> Iterator[tuple[Node | None, Graph]]:
    """(name or None for the default graph, triples), default graph first, then by name; empty ones skipped."""
    named: dict[Node | None, Graph] = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        key = _graph_name(g)
        if key not in named:
            named[key] = Graph()
            for prefix, ns in ds.namespace_manager.namespaces():
                named[key].bind(prefix, ns, override=True, replace=True)
        named[key].add((s, p, o))
    if None in named:
        yield None, named.pop(None)
    for name in sorted(named, key=str):  # type: ignore[arg-type]
        yield name, named[name]


def _store_nquads(path: str | os.PathLike[str]) -> tuple[str, int, int] | None:
    """(N-Quads, quads, named graphs) straight from a kg store, or ``None`` when ``path`` is not one."""
    from kg.store import KgStore, is_store

    if not is_store(path):
        return None
    with KgStore.open(path, create=False, read_only=True) as store:
        return store.dump_nquads(), len(store), sum(1 for _ in store.ox.named_graphs())


def push(graph: Graph | str | os.PathLike[str], endpoint: str, *, graph_iri: str | None = None,
         replace: bool = False, user: str | None = None, password: str | None = None,
         token: str | None = None, timeout: float = 60.0, quads: bool = True) -> PushResult:
    """Upload ``graph`` to the Graph Store Protocol ``endpoint`` (see the module doc).

    Args:
        graph: an rdflib graph or dataset, or the path of a graph file, a ``kg build`` folder or a kg store.
        endpoint: the endpoint URL (``http://localhost:7878/store`` for Oxigraph, ``…/DATASET`` for Fuseki).
        graph_iri: put every triple into this named graph instead of keeping the dataset's graphs.
        replace: ``PUT`` (replace) instead of ``POST`` (add).
        user, password: HTTP Basic authentication.
        token: a bearer token (instead of ``user``/``password``).
        timeout: seconds to wait for each answer.
        quads: try one N-Quads request first for a dataset; ``False`` sends one request per graph.

    Returns:
        A :class:`PushResult` with every request made.

    Raises:
        PushError: a bad URL or options, an unreachable endpoint, a refusal (status and body excerpt), or
            no answer within ``timeout``.
        InputError: ``graph`` is a path that cannot be read.
    """
    from kg.export import serialize_nquads, serialize_turtle

    _check_endpoint(endpoint)
    if graph_iri is not None and (_IRI_FORBIDDEN.search(graph_iri) or ":" not in graph_iri):
        raise PushError(f"the graph name {graph_iri!r} is not an absolute IRI (no spaces, controls or "
                        '<>"{}|^`\\; percent-encode them)')
    headers = _headers(user, password, token)
    method = "PUT" if replace else "POST"
    result = PushResult(endpoint)
    stored = _store_nquads(graph) if not isinstance(graph, Graph) and graph_iri is None and quads else None
    if stored is not None:  # a store's own N-Quads, without loading it into rdflib
        text, result.triples, result.graphs = stored
        try:
            result.requests.append((method, endpoint, _send(endpoint, method, text.encode("utf-8"), NQUADS,
                                                            headers, timeout)))
            return result
        except PushError as e:
            if getattr(e, "status", None) != 415:
                raise
            result.requests.append((method, endpoint, 415))
    if not isinstance(graph, Graph):
        from kg.exporters import load_dataset

        graph = load_dataset(graph)
    if graph_iri is not None:
        from kg.graph import union_graph

        union = union_graph(graph) if isinstance(graph, Dataset) else graph
        url = push_url(endpoint, graph=graph_iri)
        result.requests.append((method, url, _send(url, method, serialize_turtle(union).encode("utf-8"),
                                                   TURTLE, headers, timeout)))
        result.triples, result.graphs = len(union), 1
        return result
    ds = graph if isinstance(graph, Dataset) else None
    if ds is not None:
        names = [_graph_name(g) for *_, g in ds.quads((None, None, None, None))]
        result.triples, result.graphs = len(names), len({n for n in names if n is not None})
    else:
        result.triples, result.graphs = len(graph), 0
    if ds is not None and result.graphs and quads and not result.requests:
        body = serialize_nquads(ds).encode("utf-8")
        try:
            result.requests.append((method, endpoint, _send(endpoint, method, body, NQUADS, headers, timeout)))
            return result
        except PushError as e:
            if getattr(e, "status", None) != 415:
                raise
            result.requests.append((method, endpoint, 415))
    if result.requests:
        result.note = "the endpoint takes no N-Quads; sent each graph on its own"
    parts = list(_graphs(ds)) if ds is not None else [(None, graph)]
    for name, g in parts:
        url = push_url(endpoint, graph=str(name)) if name is not None else push_url(endpoint, default=True)
        status = _send(url, method, serialize_turtle(g).encode("utf-8"), TURTLE, headers, timeout)
        result.requests.append((method, url, status))
    return result
