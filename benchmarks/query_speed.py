"""SPARQL speed on the corpus: each named query on the kg store (Oxigraph) and on in-memory rdflib, then a
load test of ``kg serve`` with concurrent clients. Not part of the test suite.

    python benchmarks/query_speed.py [--store DIR] [--limit N] [--runs 5] [--rdflib-runs 3] [--no-rdflib]
                                     [--clients 20] [--duration 30]

Without --store a store is built from ../shared/data/corpus/xwlb-2022-2025.jsonl (all of it, or the first
--limit records; the full build takes about half an hour on 2 cores) into a temporary folder. Prints:

* per named query (typical parameters): rows, median latency on the store and on an rdflib ``Dataset`` holding
  the same quads in memory (``Dataset.query``), and the ratio;
* the load test: ``kg serve STORE`` in a subprocess, N client threads posting named queries (rotating through
  the same cases) for the given time: requests, throughput, median/p95/max latency and errors.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "xwlb-2022-2025.jsonl"

#: One case per named query, with parameters typical of the corpus (2022-09 to 2025-12).
CASES: list[tuple[str, dict[str, str]]] = [
    ("officials", {"org": "国务院"}),
    ("posts", {"person": "李强"}),
    ("holders", {"title": "总理", "org": "国务院", "date": "2024-06-01"}),
    ("participants", {"meeting": "国务院常务会议"}),
    ("meetings", {"person": "李强"}),
    ("met", {"person": "习近平"}),
    ("policies", {"period": "2025-06"}),
    ("hierarchy", {"org": "国务院"}),
    ("evidence", {"about": "李强：国务院总理"}),
]
#: Heavier variants, reported but not part of the target or the load test.
EXTRA: list[tuple[str, dict[str, str]]] = [
    ("officials", {"org": "國家發改委"}),
    ("meetings", {"person": "习近平"}),
    ("met", {}),
    ("policies", {"period": "2025"}),
    ("policies", {}),
    ("hierarchy", {"org": "中共中央"}),
    ("evidence", {"about": "李强"}),
    ("policies-of", {"agent": "国务院常务会议"}),
    ("policy-agents", {"policy": "十四五规划"}),
    ("policy-timeline", {"policy": "十四五规划"}),
]


def pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` terminal columns (CJK characters take two)."""
    from kg.query import _cell_width

    return text + " " * max(0, width - _cell_width(text))


def machine() -> str:
    return f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"


def build_store(limit: int | None, folder: Path) -> Path:
    import kg

    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    if limit:
        lines = lines[:limit]
    source = folder / "corpus.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = folder / "store"
    started = time.perf_counter()
    kg.build_store([source], store, jobs=os.cpu_count() or 1, validate=False)
    print(f"built {store} from {len(lines)} records in {time.perf_counter() - started:.0f} s", flush=True)
    return store


class _Timeout(BaseException):  # not Exception: rdflib catches those while it evaluates
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Timeout()


def median_ms(fn, runs: int, cap: float | None = None) -> tuple[float | None, int]:  # type: ignore[no-untyped-def]
    """Median wall time of ``fn`` in ms over ``runs`` (None when a run exceeds ``cap`` seconds)."""
    times, n = [], 0
    for _ in range(runs):
        if cap:
            signal.setitimer(signal.ITIMER_REAL, cap)
        try:
            started = time.perf_counter()
            n = fn()
            times.append((time.perf_counter() - started) * 1000)
        except _Timeout:
            return None, n
        finally:
            if cap:
                signal.setitimer(signal.ITIMER_REAL, 0)
    return statistics.median(times), n


def latency_table(store: Path, runs: int, rdflib_runs: int, cap: float) -> list[str]:
    from kg.query import execute, named_queries, open_graph_store, render

    rdf = None
    if rdflib_runs:
        from rdflib import Dataset

        from kg.store import KgStore

        started = time.perf_counter()
        with KgStore.open(store, create=False, read_only=True) as st:
            data = st.dump_nquads()
        rdf = Dataset(default_union=True)
        rdf.parse(data=data, format="nquads")
        print(f"rdflib: loaded {len(data.splitlines())} quads in {time.perf_counter() - started:.0f} s", flush=True)
        del data
    signal.signal(signal.SIGALRM, _alarm)
    lines = [f"{'query':<13} {'parameters':<58} {'rows':>6} {'store ms':>9} {'rdflib ms':>10} {'ratio':>7}"]
    with open_graph_store(store) as st:
        for i, (name, params) in enumerate(CASES + EXTRA):
            if i == len(CASES):
                lines.append("heavier cases (not in the target):")
            text = render(named_queries()[name], params)
            execute(st, text)  # warm the caches once
            ox_ms, rows = median_ms(lambda text=text: len(execute(st, text)), runs)
            rdf_ms = None
            if rdf is not None and i < len(CASES):
                rdf_ms, _ = median_ms(lambda text=text: len(list(rdf.query(text))), rdflib_runs, cap)
            shown = json.dumps(params, ensure_ascii=False)
            rdf_cell = "-" if rdf is None or i >= len(CASES) else f">{cap * 1000:.0f}" if rdf_ms is None \
                else f"{rdf_ms:.1f}"
            ratio = "-" if rdf is None or i >= len(CASES) or not ox_ms else \
                f">{cap * 1000 / ox_ms:.0f}x" if rdf_ms is None else f"{rdf_ms / ox_ms:.0f}x"
            lines.append(f"{name:<13} {pad(shown, 58)} {rows:>6} {ox_ms:>9.1f} {rdf_cell:>10} {ratio:>7}")
            print(lines[-1], flush=True)
    return lines


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load_test(store: Path, clients: int, duration: float, workers: int | None) -> list[str]:
    from kg.query import named_queries, render

    port = free_port()
    cmd = [sys.executable, "-m", "kg", "serve", str(store), "--port", str(port)]
    if workers:
        cmd += ["--workers", str(workers)]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("kg serve did not start") from None
                time.sleep(0.3)
        bodies = [urllib.parse.urlencode({"query": render(named_queries()[n], p)}).encode() for n, p in CASES]
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        stop = time.monotonic() + duration

        def client(k: int) -> None:
            i = k
            while time.monotonic() < stop:
                body = bodies[i % len(bodies)]
                i += 1
                request = urllib.request.Request(url, data=body, headers={
                    "Accept": "application/sparql-results+json",
                    "Content-Type": "application/x-www-form-urlencoded"})
                started = time.perf_counter()
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:
                        json.loads(response.read())
                    with lock:
                        latencies.append(time.perf_counter() - started)
                except Exception as e:  # noqa: BLE001 - every failure counts as an error
                    with lock:
                        errors.append(f"{type(e).__name__}: {e}")

        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    ms = sorted(x * 1000 for x in latencies)
    p95 = ms[int(0.95 * (len(ms) - 1))] if ms else float("nan")
    lines = [
        f"load test: {clients} clients x {duration:.0f} s, named queries in rotation, kg serve "
        f"(workers: {workers or 'default'})",
        f"  requests {len(ms) + len(errors)}, answered {len(ms)}, errors {len(errors)}, "
        f"throughput {len(ms) / elapsed:.1f}/s",
        f"  latency median {statistics.median(ms) if ms else float('nan'):.0f} ms, p95 {p95:.0f} ms, "
        f"max {ms[-1] if ms else float('nan'):.0f} ms",
    ]
    for e in sorted(set(errors))[:5]:
        lines.append(f"  error: {e}")
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, default=None, help="an existing kg store (else one is built)")
    ap.add_argument("--limit", type=int, default=None, help="build from the first N corpus records only")
    ap.add_argument("--runs", type=int, default=5, help="runs per query on the store")
    ap.add_argument("--rdflib-runs", type=int, default=3, help="runs per query in rdflib (0: skip rdflib)")
    ap.add_argument("--no-rdflib", action="store_true", help="skip the rdflib comparison")
    ap.add_argument("--rdflib-cap", type=float, default=120.0, help="seconds before an rdflib run is given up")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--duration", type=float, default=30.0, help="seconds of the load test (0: skip it)")
    ap.add_argument("--workers", type=int, default=None, help="kg serve --workers")
    args = ap.parse_args()
    logging.getLogger("jieba").setLevel(logging.WARNING)
    store = args.store
    if store is None:
        if not CORPUS.exists():
            print(f"skipped: {CORPUS} is absent")
            return 0
        store = build_store(args.limit, Path(tempfile.mkdtemp(prefix="kg-query-bench-")))
    print(f"# SPARQL speed, {time.strftime('%Y-%m-%d')}, {machine()}, store {store}", flush=True)
    lines = latency_table(store, args.runs, 0 if args.no_rdflib else args.rdflib_runs, args.rdflib_cap)
    if args.duration > 0:
        lines += load_test(store, args.clients, args.duration, args.workers)
        print("\n".join(lines[-3:]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
