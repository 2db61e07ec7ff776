"""The benchmark suite (issue 8): one run over the CCTV corpus, one table, every figure against its baseline.

    python benchmarks/suite.py [--records N] [--extract-records 2000] [--skip-rdflib] [--out table.md]

Rows, all measured in this run on this machine:

1. extraction: kg's whole pipeline vs ``jieba.posseg.cut`` alone on the same text (chars/s, ratio);
2. end-to-end ``kg build CORPUS --store`` (read, extract, resolve, write, per-batch SHACL) with ``--jobs 1``,
   ``--jobs 2`` and ``--dask local`` (a LocalCluster of 2 single-threaded workers), each in its own process:
   wall time, peak memory of the whole process tree (sampled every 0.2 s), speed-up against ``--jobs 1``,
   and whether the three stores hold the same quads (byte-identical sorted N-Quads); then more pairs of
   consecutive ``--jobs 1`` / ``--jobs 2`` builds in alternating order (``--pairs``), the speed-up taken as
   the median of the pairs' ratios, with the CPU-seconds of each build's process tree;
3. export of the corpus graph to Turtle and N-Triples (``kg export`` from the store) vs rdflib's
   ``Graph.serialize`` of the same triples (loading them into rdflib is reported, not counted);
4. named-query latency on the store vs the same queries on an in-memory rdflib graph
   (``benchmarks/query_speed.py`` has the details and the endpoint load test);
5. HTML view generation (``kg view --top 2000``) from the store.

Not part of the test suite.  Reads ../shared/data/corpus/xwlb-2022-2025.jsonl (exits with a message when
absent).  Needs psutil (installed with kg[dask]).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "xwlb-2022-2025.jsonl"
sys.path.insert(0, str(HERE))


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{len(os.sched_getaffinity(0))} CPUs ({cpu}), {mem:.0f} GB RAM, {platform.system()} "
            f"{platform.machine()}, Python {platform.python_version()}")


def run_measured(cmd: list[str]) -> tuple[float, float, str]:
    """Run ``cmd``; return wall seconds, peak RSS of its process tree in MB, and its output."""
    wall, peak, _, out = run_timed(cmd)
    return wall, peak, out


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(cmd: list[str]) -> tuple[float, float, float, str]:
    """Run ``cmd``; return wall seconds, peak RSS of its process tree in MB, the CPU seconds of the process
    tree (every process it waited for, with their threads), and its output."""
    import psutil

    cpu_before = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        root = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
                total = 0
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                peak = max(peak, total / 2**20)
            except psutil.Error:
                pass
            done.wait(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, err = proc.communicate()
    done.set()
    thread.join()
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    return wall, peak, _children_cpu() - cpu_before, out + err


def digest_store(store: Path) -> tuple[str, int]:
    from kg.store import KgStore

    with KgStore.open(store, create=False, read_only=True) as st:
        data = st.dump_nquads()
    lines = data.count("\n")
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16], lines


def extraction_row(corpus: Path, records: int) -> list[str]:
    from extract_speed import measure

    texts = []
    with corpus.open(encoding="utf-8") as f:
        for line in f:
            if len(texts) >= records:
                break
            if line.strip():
                texts.append(json.loads(line)["text"])
    chars = sum(map(len, texts))
    jieba_s, kg_s, _ = measure(texts)
    return [
        f"| extraction, first {len(texts):,} records ({chars:,} chars), 1 process | kg {chars / kg_s:,.0f} chars/s "
        f"| jieba.posseg.cut {chars / jieba_s:,.0f} chars/s | {jieba_s / kg_s:.2f}× | ≥ 1.0× |",
    ]


def scope(corpus: Path) -> str:
    """What a row's figures cover: the whole corpus, or the first records of it (``--records``)."""
    return "whole corpus" if corpus == CORPUS else f"{sum(1 for _ in corpus.open(encoding='utf-8')):,} records"


def build_rows(corpus: Path, work: Path, pairs: int = 3) -> tuple[list[str], Path]:
    """``kg build --store`` with --jobs 1, --jobs 2 and --dask local, then ``pairs - 1`` more pairs of
    consecutive --jobs 1 / --jobs 2 builds, each pair in the other order than the one before: the machine's
    speed drifts by several per cent within minutes, so the speed-up is the median of the pairs' ratios."""
    kg_cmd = [sys.executable, "-m", "kg.cli"]

    def build(label: str, store: Path) -> tuple[float, float, float]:
        shutil.rmtree(store, ignore_errors=True)
        extra = ["--dask", "local"] if label == "--dask local" else label.split()
        wall, peak, cpu, _ = run_timed([*kg_cmd, "build", str(corpus), "--store", str(store), "--no-progress",
                                        *extra])
        print(f"  build {label}: {wall:.1f} s, CPU {cpu:.1f} s, peak {peak:,.0f} MB", flush=True)
        return wall, peak, cpu

    runs: dict[str, tuple[float, float, float, Path]] = {}
    for label in ("--jobs 1", "--jobs 2", "--dask local"):
        store = work / f"store-{label.strip('-').replace(' ', '')}"
        runs[label] = (*build(label, store), store)
    digests = {label: digest_store(store) for label, (_, _, _, store) in runs.items()}
    shutil.rmtree(runs["--jobs 1"][3], ignore_errors=True)
    shutil.rmtree(runs["--dask local"][3], ignore_errors=True)
    ratios = [runs["--jobs 1"][0] / runs["--jobs 2"][0]]
    cpus = [(runs["--jobs 1"][2], runs["--jobs 2"][2])]
    for n in range(1, pairs):
        order = ("--jobs 2", "--jobs 1") if n % 2 else ("--jobs 1", "--jobs 2")
        pair = {label: build(label, work / "store-pair") for label in order}
        shutil.rmtree(work / "store-pair", ignore_errors=True)
        ratios.append(pair["--jobs 1"][0] / pair["--jobs 2"][0])
        cpus.append((pair["--jobs 1"][2], pair["--jobs 2"][2]))
    base_wall = runs["--jobs 1"][0]
    same = len({d for d, _ in digests.values()}) == 1
    rows = []
    for label, (wall, peak, _, _) in runs.items():
        target = {"--jobs 1": "", "--jobs 2": "≥ 1.7×", "--dask local": "identical graph"}[label]
        rows.append(f"| kg build --store {label} ({scope(corpus)}) | {wall:.1f} s, peak {peak:,.0f} MB | "
                    f"--jobs 1: {base_wall:.1f} s | {base_wall / wall:.2f}× | {target} |")
    if pairs > 1:
        rows.append(f"| kg build --store --jobs 2 vs --jobs 1, {pairs} pairs of consecutive builds (orders "
                    f"alternate; CPU-seconds of all processes {', '.join(f'{a:.0f}/{b:.0f}' for a, b in cpus)}) | "
                    f"ratios {', '.join(f'{r:.2f}×' for r in ratios)} | median of the pairs | "
                    f"{statistics.median(ratios):.2f}× | ≥ 1.7× |")
    quads = next(iter(digests.values()))[1]
    rows.append(f"| the three stores: sorted N-Quads | {quads:,} quads | sha256 "
                f"{', '.join(d for d, _ in digests.values())} | {'identical' if same else 'DIFFERENT'} | identical |")
    return rows, runs["--jobs 2"][3]


def extract_rows(corpus: Path, work: Path) -> list[str]:
    """``kg extract`` (extraction alone: reading, analysis, JSON records) with --jobs 1 and --jobs 2."""
    kg_cmd = [sys.executable, "-m", "kg.cli"]
    walls = {}
    for jobs in (1, 2):
        wall, peak, _ = run_measured([*kg_cmd, "extract", str(corpus), "-o", str(work / f"records-{jobs}.jsonl"),
                                      "--no-progress", "--jobs", str(jobs)])
        walls[jobs] = (wall, peak)
        print(f"  extract --jobs {jobs}: {wall:.1f} s, peak {peak:,.0f} MB", flush=True)
    same = (work / "records-1.jsonl").read_bytes() == (work / "records-2.jsonl").read_bytes()
    return [f"| kg extract --jobs 2 ({scope(corpus)}, records {'identical' if same else 'DIFFERENT'}) | "
            f"{walls[2][0]:.1f} s, peak {walls[2][1]:,.0f} MB | --jobs 1: {walls[1][0]:.1f} s, peak "
            f"{walls[1][1]:,.0f} MB | {walls[1][0] / walls[2][0]:.2f}× | ≥ 1.7× |"]


def export_rows(store: Path, work: Path, skip_rdflib: bool) -> tuple[list[str], object | None]:
    import kg.api
    from kg.store import KgStore

    out = work / "export"
    rows = []
    fast: dict[str, float] = {}
    for fmt in ("ttl", "nt"):
        started = time.perf_counter()
        kg.api.export_store(store, out, formats=[fmt])
        fast[fmt] = time.perf_counter() - started
    rdf = None
    if skip_rdflib:
        for fmt, label in (("ttl", "Turtle"), ("nt", "N-Triples")):
            rows.append(f"| export to {label} from the store | {fast[fmt]:.1f} s | rdflib: skipped | - | ≥ 10× |")
        return rows, None
    from rdflib import Dataset, Graph

    started = time.perf_counter()
    with KgStore.open(store, create=False, read_only=True) as st:
        data = st.dump_nquads()
    rdf = Dataset(default_union=True)
    rdf.parse(data=data, format="nquads")
    del data
    union = Graph()
    for prefix, ns in rdf.namespace_manager.namespaces():
        union.bind(prefix, ns)
    for t in rdf.triples((None, None, None)):
        union.add(t)
    load_s = time.perf_counter() - started
    print(f"  rdflib: {len(union):,} triples loaded in {load_s:.0f} s (not counted)", flush=True)
    for fmt, label, rdf_fmt in (("ttl", "Turtle", "turtle"), ("nt", "N-Triples", "nt")):
        started = time.perf_counter()
        union.serialize(destination=str(out / f"rdflib.{fmt}"), format=rdf_fmt, encoding="utf-8")
        slow = time.perf_counter() - started
        rows.append(f"| export to {label} ({len(union):,} triples) | kg {fast[fmt]:.1f} s | rdflib serialize "
                    f"{slow:.1f} s | {slow / fast[fmt]:.1f}× | ≥ 10× (Turtle) |")
        print(f"  {rows[-1]}", flush=True)
    del union
    return rows, rdf


def query_rows(store: Path, rdf: object | None, runs: int) -> list[str]:
    import query_speed as qs

    from kg.query import execute, named_queries, open_graph_store, render

    rows = []
    with open_graph_store(store) as st:
        for name, params in qs.CASES:
            text = render(named_queries()[name], params)
            execute(st, text)
            ox_ms, n = qs.median_ms(lambda text=text: len(execute(st, text)), runs)
            rdf_ms = None
            if rdf is not None:
                import signal

                signal.signal(signal.SIGALRM, qs._alarm)
                rdf_ms, _ = qs.median_ms(lambda text=text: len(list(rdf.query(text))), 1, 60.0)  # type: ignore[attr-defined]
            shown = " ".join(f"--{k} {v}" for k, v in params.items())
            base = "rdflib: skipped" if rdf is None else ("rdflib > 60000 ms" if rdf_ms is None
                                                          else f"rdflib {rdf_ms:,.1f} ms")
            ratio = "-" if rdf is None or not ox_ms else (f"> {60000 / ox_ms:,.0f}×" if rdf_ms is None
                                                         else f"{rdf_ms / ox_ms:,.0f}×")
            rows.append(f"| query {name} {shown} ({n} rows), median of {runs} | {ox_ms:,.1f} ms | {base} | "
                        f"{ratio} | < 200 ms |")
            print(f"  {rows[-1]}", flush=True)
    return rows


def view_rows(store: Path, work: Path) -> list[str]:
    import kg

    started = time.perf_counter()
    result = kg.view(store, work / "view.html", top=2000)
    seconds = time.perf_counter() - started
    return [f"| kg view --top 2000 from the store (page written) | {seconds:.1f} s | {result.nodes:,} nodes, "
            f"{result.edges:,} edges | - | browser figures: view_speed.py |"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--records", type=int, default=None, help="use only the first N corpus records")
    ap.add_argument("--extract-records", type=int, default=2000, help="records for the extraction row")
    ap.add_argument("--query-runs", type=int, default=5)
    ap.add_argument("--pairs", type=int, default=3,
                    help="pairs of --jobs 1 / --jobs 2 builds for the speed-up (the first is the main rows')")
    ap.add_argument("--skip-rdflib", action="store_true", help="no rdflib baselines (export, queries)")
    ap.add_argument("--work", type=Path, default=None, help="folder for stores and exports (default: temporary)")
    ap.add_argument("--out", type=Path, default=None, help="also write the table to this file")
    ap.add_argument("--store", type=Path, default=None,
                    help="an existing store of the corpus for the export, query and view sections")
    ap.add_argument("--sections", default="extraction,build,extract,export,query,view",
                    help="comma-separated sections to run (export, query and view need the build)")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} is absent")
        return 0
    logging.getLogger("jieba").setLevel(logging.WARNING)
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = args.corpus
    if args.records:
        corpus = work / "corpus.jsonl"
        with args.corpus.open(encoding="utf-8") as src, corpus.open("w", encoding="utf-8") as dst:
            for i, line in enumerate(src):
                if i >= args.records:
                    break
                dst.write(line)
    records = sum(1 for line in corpus.open(encoding="utf-8") if line.strip())
    header = [f"# kg benchmark suite — {time.strftime('%Y-%m-%d %H:%M')} — {machine()}",
              f"corpus: {args.corpus.name}, {records:,} records", "",
              "| measurement | kg | baseline | ratio | target |", "|---|---|---|---|---|"]
    print("\n".join(header), flush=True)
    sections = set(args.sections.split(","))
    rows: list[str] = []
    if "extraction" in sections:
        rows += extraction_row(args.corpus, args.extract_records)
        print(rows[-1], flush=True)
    store = args.store
    if "build" in sections:
        built, store = build_rows(corpus, work, args.pairs)
        rows += built
        print("\n".join(built), flush=True)
    if "extract" in sections:
        rows += extract_rows(corpus, work)
        print(rows[-1], flush=True)
    rdf = None
    if store is not None and "export" in sections:
        exported, rdf = export_rows(store, work, args.skip_rdflib)
        rows += exported
    if store is not None and "query" in sections:
        rows += query_rows(store, rdf, args.query_runs)
    del rdf
    if store is not None and "view" in sections:
        rows += view_rows(store, work)
    table = "\n".join(header + rows)
    print("\n" + table)
    if args.out:
        args.out.write_text(table + "\n", encoding="utf-8")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
