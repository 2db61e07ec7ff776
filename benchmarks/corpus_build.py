"""Corpus-scale build benchmark: the whole CCTV corpus into a kg store, then appending one day of news.

Prints a table: extraction + store build time and peak memory (this process and its worker processes),
triples, the time to append one more day, SHACL validation time and result, and a few entity-resolution
checks on the top persons. Not part of the test suite.

    python benchmarks/corpus_build.py [--jobs N] [--limit N] [--store DIR]

Reads ../shared/data/corpus/xwlb-2022-2025.jsonl (skips with a message when absent).
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "xwlb-2022-2025.jsonl"


def peak_mb() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


def suspect_pairs(labels: list[str]) -> list[tuple[str, str]]:
    """Pairs of person labels where one contains the other, with or without the middle dot (巴沙尔 /
    巴沙尔·阿萨德): candidates for two nodes of one person, to be read by a human."""
    plain = {label: label.split("/")[0].replace("·", "").replace("•", "") for label in labels}
    out = []
    for a in labels:
        for b in labels:
            if a < b and plain[a] != plain[b] and (plain[a] in plain[b] or plain[b] in plain[a]) \
                    and len(min(plain[a], plain[b], key=len)) >= 2:
                out.append((a, b))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=None, help="use only the first N records")
    ap.add_argument("--store", default=None, help="store folder (default: a temporary one)")
    ap.add_argument("--top-file", default=None, help="write the top 200 persons (label, count) to this file")
    ap.add_argument("--validate", action="store_true", help="also run SHACL on the whole store")
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent")
        return 0
    logging.getLogger("jieba").setLevel(logging.WARNING)
    import kg
    from kg.store import KgStore

    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    if args.limit:
        lines = lines[: args.limit]
    records = [json.loads(x) for x in lines if x.strip()]
    last_day = max(r["date"] for r in records)
    main_part = [r for r in records if r["date"] != last_day]
    day = [r for r in records if r["date"] == last_day]
    tmp = Path(tempfile.mkdtemp())
    (tmp / "main.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in main_part),
                                    encoding="utf-8")
    (tmp / "day.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in day),
                                   encoding="utf-8")
    store = Path(args.store) if args.store else tmp / "corpus.kg"
    if store.exists():
        shutil.rmtree(store)
    chars = sum(len(r["text"]) for r in main_part)

    t0 = time.perf_counter()
    result = kg.build_store([tmp / "main.jsonl"], store, jobs=args.jobs)
    build_s = time.perf_counter() - t0
    me, kids = peak_mb()
    t1 = time.perf_counter()
    appended = kg.build_store([tmp / "day.jsonl"], store, jobs=1)
    append_s = time.perf_counter() - t1
    with KgStore.open(store, create=False, read_only=True) as st:
        triples = len(st)
        stats = kg.stats(store, top=200)

    print(f"# kg corpus build — {time.strftime('%Y-%m-%d')} — {platform.machine()}, "
          f"{len(__import__('os').sched_getaffinity(0))} CPUs, Python {platform.python_version()}")
    print("| step | figure |\n|---|---|")
    print(f"| records (build / appended day {last_day}) | {result.added} / {appended.added} |")
    print(f"| characters extracted | {chars:,} |")
    print(f"| build into store, --jobs {args.jobs} | {build_s:.1f} s ({chars / build_s:,.0f} chars/s) |")
    print(f"| peak memory: main process / largest worker | {me:,.0f} MB / {kids:,.0f} MB |")
    print(f"| quads in store | {triples:,} |")
    print(f"| append one day ({len(day)} articles) | {append_s:.2f} s |")
    if args.validate:
        t2 = time.perf_counter()
        report = kg.api.validate(store)
        print(f"| SHACL on the whole store | {time.perf_counter() - t2:.1f} s, "
              f"{report.violations} violations, {report.warnings} warnings |")
    top = [label for label, _ in stats.top["persons"]]
    pairs = suspect_pairs(top)
    print(f"| top {len(top)} persons: pairs of labels where one contains the other (· ignored) | {len(pairs)}"
          f"{': ' + ', '.join(f'{a} / {b}' for a, b in pairs) if pairs else ''} |")
    names = [label.split("/")[0] for label in top]
    same = sorted({n for n in names if names.count(n) > 1})
    print(f"| top {len(top)} persons: names with more than one node | {len(same)}"
          f"{': ' + ', '.join(same) if same else ''} |")
    print()
    print("top 20 persons by articles:", ", ".join(f"{label} {n}" for label, n in stats.top["persons"][:20]))
    if args.top_file:
        Path(args.top_file).write_text("".join(f"{label}\t{n}\n" for label, n in stats.top["persons"]),
                                       encoding="utf-8")
        print(f"top {len(stats.top['persons'])} persons written to {args.top_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
