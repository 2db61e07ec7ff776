"""Memory as the corpus grows (issue 8, streaming): the CCTV corpus once and repeated N times.

    python benchmarks/memory_scaling.py [--times 5] [--records N] [--jobs 2] [--skip-build]

For the corpus (or its first ``--records`` records) written once and ``--times`` times (each copy's ids get a
suffix, so every copy is a new article and nothing is skipped as already present), runs in its own process
and samples the peak memory of the whole process tree (parent and workers, every 0.2 s):

- ``kg extract CORPUS -o records.jsonl --jobs N`` (streaming: read, extract, write record by record);
- ``kg build CORPUS --store DIR --jobs N`` (also resolves persons over the whole corpus and writes the store).

Prints a table with wall time, peak memory and the ratio of the N-times run to the single run.  Not part of
the test suite.  Reads ../shared/data/corpus/xwlb-2022-2025.jsonl (exits with a message when absent).
Needs psutil (installed with kg[dask]).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from suite import CORPUS, machine, run_measured  # noqa: E402


def write_copies(lines: list[str], times: int, path: Path) -> int:
    """Write ``lines`` ``times`` times with distinct ids; return the number of characters of text."""
    chars = 0
    with path.open("w", encoding="utf-8") as f:
        for k in range(times):
            for line in lines:
                rec = json.loads(line)
                if k:
                    rec["id"] = f"{rec['id']}~copy{k}"
                chars += len(rec["text"])
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return chars


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--times", type=int, default=5, help="how many copies of the corpus in the large run")
    ap.add_argument("--records", type=int, default=None, help="use only the first N records of the corpus")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--skip-build", action="store_true", help="measure kg extract only")
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent")
        return 0
    lines = [x for x in CORPUS.read_text(encoding="utf-8").splitlines() if x.strip()]
    if args.records:
        lines = lines[: args.records]
    work = Path(tempfile.mkdtemp(prefix="kg-mem-"))
    kg = [sys.executable, "-m", "kg"]
    rows = []
    try:
        runs = {}
        for times in (1, args.times):
            src = work / f"corpus-x{times}.jsonl"
            chars = write_copies(lines, times, src)
            runs[times] = {"records": len(lines) * times, "chars": chars}
            wall, peak, _ = run_measured([*kg, "extract", str(src), "-o", str(work / "records.jsonl"),
                                          "--jobs", str(args.jobs), "--no-progress"])
            runs[times]["extract"] = (wall, peak)
            (work / "records.jsonl").unlink()
            if not args.skip_build:
                store = work / "store.kg"
                wall, peak, _ = run_measured([*kg, "build", str(src), "--store", str(store),
                                              "--jobs", str(args.jobs), "--no-progress"])
                runs[times]["build"] = (wall, peak)
                shutil.rmtree(store)
            src.unlink()
        one, many = runs[1], runs[args.times]
        rows.append(f"# kg memory scaling — {time.strftime('%Y-%m-%d')} — {machine()}")
        rows.append(f"corpus: {one['records']:,} records ({one['chars']:,} chars) once, and {args.times}× "
                    f"({many['records']:,} records, {many['chars']:,} chars); --jobs {args.jobs}")
        rows.append("")
        rows.append(f"| command | 1× wall | 1× peak memory | {args.times}× wall | {args.times}× peak memory "
                    f"| memory ratio |")
        rows.append("|---|---|---|---|---|---|")
        for step, label in (("extract", "kg extract -o records.jsonl"), ("build", "kg build --store")):
            if step not in one:
                continue
            (w1, m1), (wn, mn) = one[step], many[step]
            rows.append(f"| {label} | {w1:,.1f} s | {m1:,.0f} MB | {wn:,.1f} s | {mn:,.0f} MB | {mn / m1:.2f}× |")
        rows.append("")
        rows.append("Peak memory: the whole process tree (parent and worker processes), sampled every 0.2 s.")
        print("\n".join(rows))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
