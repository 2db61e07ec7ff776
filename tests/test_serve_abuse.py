"""The endpoint under abuse and load (issue 9): oversized and malformed requests get 4xx, never 500; 50
concurrent clients for 60 s get no error while runaway queries are cut; the server's memory stays bounded.

The load test runs ``KG_LOAD_SECONDS`` seconds (60 by default; CI keeps the default)."""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator

import psutil
import pytest

import kg
from kg.query import named_queries, render
from kg.serve import MAX_BODY, SparqlServer

RECORDS = [
    {"id": f"n{i}", "date": f"2024-0{i % 9 + 1}-1{i % 9}",
     "text": text}
    for i, text in enumerate([
        "国务院总理李强主持召开国务院常务会议。国家发展改革委主任郑栅洁出席会议。",
        "退役軍人事務部部長孫紹騁出席會議並講話。副部長錢鋒主持會議。",
        "国家主席习近平在北京会见乌拉圭总统奥尔西。外交部部长王毅参加会见。",
        "中共中央政治局常委、全国人大常委会委员长赵乐际主持会议。",
        "浙江省委组织部召开会议，深入学习贯彻党的二十届四中全会精神。",
    ] * 4)
]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparqlServer]:
    root = tmp_path_factory.mktemp("abuse")
    news = root / "news.jsonl"
    news.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    kg.build_store([news], root / "store", validate=False)
    with SparqlServer(root / "store", port=0, workers=2, timeout=2, max_results=1000) as s:
        s.start()
        yield s


def raw(server: SparqlServer, data: bytes, timeout: float = 10) -> int:
    """Send raw bytes; return the HTTP status of the answer (0 when the server closed without one)."""
    host, port = server.server_address[:2]
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(data)
        reply = b""
        try:
            while b"\r\n" not in reply:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                reply += chunk
        except (ConnectionResetError, TimeoutError):
            pass
    if not reply.startswith(b"HTTP/"):
        return 0
    return int(reply.split(b" ", 2)[1])


def request(server: SparqlServer, method: str, path: str, body: bytes | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


@pytest.mark.parametrize("data", [
    b"GARBAGE\r\n\r\n",
    b"GET\r\n\r\n",
    b"GET /sparql?query=%ZZ HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /sparql?query=SELECT HTTP/1.1\r\nHost: x\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 4\r\n\r\n\xff\xfe\x00\x01",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello",
    b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /sparql HTTP/1.1\r\nHost: x\r\n" + b"X-Junk: " + b"j" * 70000 + b"\r\n\r\n",
    b"DELETE /sparql HTTP/1.1\r\nHost: x\r\n\r\n",
    b"PUT /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
    b"GET /queries/nonexistent HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /queries/officials?org=%00%01 HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
])
def test_malformed_requests_get_4xx(server: SparqlServer, data: bytes) -> None:
    status = raw(server, data)
    assert 400 <= status < 500, (data[:80], status)


def test_oversized_body_is_413_and_the_server_goes_on(server: SparqlServer) -> None:
    big = b"query=" + b"x" * (MAX_BODY + 10)
    status, body = request(server, "POST", "/sparql", big, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 413 and str(MAX_BODY).encode() in body
    status, _ = request(server, "GET", "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}))
    assert status == 200


def test_a_client_that_hangs_up_does_not_hurt(server: SparqlServer) -> None:
    host, port = server.server_address[:2]
    for _ in range(20):
        with socket.create_connection((host, port)) as sock:
            sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nquery=SEL")
    status, _ = request(server, "GET", "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}))
    assert status == 200


def _tree_rss(pid: int) -> int:
    root = psutil.Process(pid)
    total = 0
    for p in [root, *root.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def test_fifty_clients_for_a_minute(server: SparqlServer) -> None:
    """50 clients issue named queries for 60 s while one more client sends nothing but runaway queries:
    every named query is answered (200), every runaway one is cut (503), memory stays bounded."""
    seconds = float(os.environ.get("KG_LOAD_SECONDS", "60"))
    params = {"officials": {"org": "国务院"}, "posts": {"person": "李强"}, "meetings": {"person": "孫紹騁"},
              "participants": {"meeting": "会议"}, "met": {}, "policies": {"period": "2024"},
              "hierarchy": {"org": "浙江省委"}, "evidence": {"about": "李强"},
              "holders": {"title": "部长", "org": "退役军人事务部", "date": "2024-06-01"}}
    queries = [render(named_queries()[name], p) for name, p in sorted(params.items())]
    statuses: Counter[int] = Counter()
    runaway_statuses: Counter[int] = Counter()
    errors: list[str] = []
    latencies: list[float] = []
    lock = threading.Lock()
    # warm up, then measure the server's memory (main process and query workers)
    for q in queries:
        assert request(server, "GET", "/sparql?" + urllib.parse.urlencode({"query": q}))[0] == 200
    before = _tree_rss(os.getpid())
    deadline = time.monotonic() + seconds

    def client(n: int) -> None:
        rng = random.Random(n)
        while time.monotonic() < deadline:
            runaway = n == 50
            q = RUNAWAY if runaway else rng.choice(queries)
            started = time.monotonic()
            try:
                status, _ = request(server, "POST", "/sparql", urllib.parse.urlencode({"query": q}).encode(),
                                    {"Content-Type": "application/x-www-form-urlencoded",
                                     "Accept": "application/sparql-results+json"})
            except OSError as e:
                with lock:
                    errors.append(repr(e))
                continue
            with lock:
                (runaway_statuses if runaway else statuses)[status] += 1
                if not runaway:
                    latencies.append(time.monotonic() - started)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(51)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 60)
    after = _tree_rss(os.getpid())
    total = sum(statuses.values())
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0
    print(f"\n{total} queries in {seconds:.0f} s ({total / seconds:.0f}/s), p95 {p95 * 1000:.0f} ms, statuses "
          f"{dict(statuses)}, runaway {dict(runaway_statuses)}, memory {before / 2**20:.0f} → "
          f"{after / 2**20:.0f} MB")
    assert not errors, errors[:5]
    assert set(statuses) == {200} and total > 1000
    assert set(runaway_statuses) == {503} and sum(runaway_statuses.values()) >= seconds / 3
    assert after - before < 300 * 2**20, f"memory grew by {(after - before) / 2**20:.0f} MB"
