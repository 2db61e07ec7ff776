"""Measure the precision of each way kg finds facts (kg.confidence.ways) on annotated articles and write the
calibration table kg/confidence.tsv that the ``confidence`` stage reads. Not part of the test suite.

    python benchmarks/calibrate_confidence.py TEXTS GOLD [TEXTS GOLD ...] [--audit AUDIT.md --corpus CORPUS]
        [-o kg/confidence.tsv] [--check AUDIT.md]

Each pair is a texts file and its gold records (the development sets: ../shared/data/gold/dev and dev-local).
The pipeline runs with no minimum (every fact kept); each fact is matched against its article's gold record as
``kg evaluate`` matches it (persons, posts and participations exactly; meeting and policy names leniently;
a participation under the gold name its meeting is aligned with; a met pair when both persons met at that
meeting in the gold; policy relations as kgscore matches them, only where the gold record has them). Only
counts are written — right and found per (kind, way), and per kind (``*``) — never a name or a phrase.

``--audit`` adds the facts of a whole-corpus audit read by hand (benchmarks/fact_audit.py, rows marked y/n):
each row's article is analysed again (from ``--corpus``) and the fact found among the article's facts by its
names, which gives its way. The development sets are articles kg was tuned on; the corpus audits measure the
distinct facts of a corpus graph, where rare ways and rare facts weigh more — both are counted.

``--check`` scores a marked audit against the table just written: its facts' figures by band (precision per
band: is 0.9 about 9 in 10?) and the precision and share of the facts kept at each minimum.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from kg.api import iter_extract  # noqa: E402
from kg.confidence import KINDS, TABLE, ways  # noqa: E402
from kg.evaluate import _event_roles, _lenient_pairs, _policy_relations, load_records, norm, views  # noqa: E402
from kg.graph import _DROP_QUOTES  # noqa: E402 - the graph's labels are the keys without them
from kg.model import Document  # noqa: E402
from kg.pipeline import Pipeline  # noqa: E402
from kg.record import _unquoted, to_record  # noqa: E402


def judge(doc: Document, gold: Mapping[str, Any]) -> list[tuple[str, str, bool]]:
    """``(kind, way, right)`` for every fact of ``doc`` against its gold record."""
    gv = views(gold)
    pred = to_record(doc)
    pv = views(pred)
    names = {p: g for g, p in _lenient_pairs(gv["events"], pv["events"])[0]}
    policies = {p for _, p in _lenient_pairs(gv["policies"], pv["policies"])[0]}
    roles = _event_roles(gold)
    met: dict[str, set[str]] = defaultdict(set)
    for person, role, event in roles:
        if role == "met":
            met[event].add(person)
    wrong_acts: set[tuple[str, str, str]] | None = None
    if "policy_relations" in gold:
        wrong_acts = _policy_relations(gold["policy_relations"], pred.get("policy_relations", []))[1]
    out = []
    for kind, way, fact in ways(doc):
        if kind == "persons":
            right = norm(doc.written(fact)) in gv["persons"]  # type: ignore[arg-type]
        elif kind == "posts":
            p = fact
            key = (norm(doc.written(p.person)), (norm(doc.written(p.org)) if p.org else "") + norm(doc.written(p.title)))  # type: ignore[attr-defined]
            right = key in gv["posts"]
        elif kind == "meetings":
            right = norm(doc.written(fact.name)) in names  # type: ignore[attr-defined]
        elif kind == "participations":
            event = next(e for e in doc.events if fact in e.participants)
            name = names.get(norm(doc.written(event.name)))
            right = name is not None and (norm(doc.written(fact.person)), fact.role, name) in roles  # type: ignore[attr-defined]
        elif kind == "met":
            event, i = fact  # type: ignore[misc]
            name = names.get(norm(doc.written(event.name)))
            a, b = event.pairs[i]
            right = name is not None and {norm(doc.written(a)), norm(doc.written(b))} <= met.get(name, set())
        elif kind == "policies":
            right = norm(_unquoted(doc.written(fact))) in policies  # type: ignore[arg-type]
        elif kind == "policy_relations":
            if wrong_acts is None:
                continue
            r = fact
            key = (norm(_unquoted(doc.written(r.policy))), r.act, norm(doc.written(r.agent)))  # type: ignore[attr-defined]
            right = key not in wrong_acts
        else:
            continue
        out.append((kind, way, right))
    return out


def audit_rows(path: str) -> list[tuple[str, list[str], str, bool]]:
    """``(kind, fact fields, article id, ok)`` of the marked rows of an audit file."""
    from fact_audit import _cells

    rows = []
    kind = None
    article = 2  # the column of the article (after the fact, and its confidence when the graph had one)
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            kind = line[3:].split()[0]
        elif kind and line.startswith("| #"):
            article = _cells(line).index("article")
        elif kind and line.startswith("| "):
            cells = _cells(line)
            if len(cells) < 5 or not cells[0].isdigit():
                continue
            mark = cells[-1].strip().lower()[:1]
            if mark not in ("y", "n"):
                continue
            fields = [f.strip() for f in cells[1].split(" · ")]
            rows.append((kind, fields, cells[article].split()[0], mark == "y"))
    return rows


def _meeting_name(field: str) -> str:
    return field.rsplit(" (", 1)[0] if field.endswith(")") else field


def find_way(doc: Document, kind: str, fields: list[str]) -> str | None:
    """The way of the fact of ``doc`` an audit row names (None when the article no longer states it)."""
    for k, way, fact in ways(doc):
        if k != kind:
            continue
        if kind == "persons" and fact.key == fields[0]:  # type: ignore[attr-defined]
            return way
        if kind == "policies" and fact.key.translate(_DROP_QUOTES) == fields[0]:  # type: ignore[attr-defined]
            return way
        if kind == "posts" and fact.person.key == fields[0] and \
                fact.title.key.removeprefix("原") == fields[2].removeprefix("原"):  # type: ignore[attr-defined]
            return way
        if kind == "meetings" and fact.name.key.strip() == fields[0]:  # type: ignore[attr-defined]
            return way
        if kind == "participations":
            event = next(e for e in doc.events if fact in e.participants)
            if fact.person.key == fields[0] and fact.role == fields[1] and \
                    event.name.key.strip() == _meeting_name(fields[2]):  # type: ignore[attr-defined]
                return way
        if kind == "met":
            event, i = fact  # type: ignore[misc]
            if {m.key for m in event.pairs[i]} == {fields[0], fields[1]} and \
                    event.name.key.strip() == _meeting_name(fields[2]):
                return way
        if kind == "policy_relations" and fact.policy.key.translate(_DROP_QUOTES) == fields[0] and \
                fact.act == fields[1]:  # type: ignore[attr-defined]
            return way
    return None


def audit_ways(paths: Sequence[str], corpus: str) -> list[tuple[str, str, bool]]:
    """``(kind, way, right)`` of the marked facts of audits whose articles' facts can be found again."""
    import json
    import tempfile

    rows = [row for path in paths for row in audit_rows(path)]
    wanted = {r[2] for r in rows}
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as tmp:
        with open(corpus, encoding="utf-8") as f:
            for line in f:
                if line.strip() and json.loads(line).get("id") in wanted:
                    tmp.write(line)
    docs = {d.id: d for d in iter_extract(tmp.name, pipeline=Pipeline(min_confidence=0))}
    Path(tmp.name).unlink()
    out = []
    missing = 0
    for kind, fields, article, ok in rows:
        doc = docs.get(article)
        way = find_way(doc, kind, fields) if doc is not None else None
        if way is None:
            missing += 1
            continue
        out.append((kind, way, ok))
    print(f"audit facts: {len(out)} found again, {missing} not", file=sys.stderr)
    return out


def check(path: str, corpus: str, table_path: str) -> None:
    """Precision per band of figures, and kept share and precision per minimum, of a marked audit."""
    from kg.confidence import figure, load_table

    load_table.cache_clear()
    table = load_table(table_path)
    facts = [(kind, figure(kind, way, table), ok) for kind, way, ok in audit_ways([path], corpus)]
    bands = ((0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01))
    print(f"{'kind':<17} " + " ".join(f"{lo:.1f}-{min(hi, 1):.1f}".rjust(11) for lo, hi in bands)
          + "   kept≥0.5 prec   all prec")
    for kind in [*KINDS, "all"]:
        mine = [f for f in facts if kind in (f[0], "all")]
        if not mine:
            continue
        cells = []
        for lo, hi in bands:
            inside = [ok for _, c, ok in mine if lo <= c < hi]
            cells.append(f"{sum(inside)}/{len(inside)}".rjust(11))
        kept = [ok for _, c, ok in mine if c >= 0.5]
        share = f"{len(kept)}/{len(mine)}"
        prec = f"{sum(kept) / len(kept):.3f}" if kept else "-"
        print(f"{kind:<17} " + " ".join(cells) + f"   {share:>7} {prec:>5}   {sum(ok for *_, ok in mine) / len(mine):.3f}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pairs", nargs="+", help="TEXTS GOLD [TEXTS GOLD ...]")
    ap.add_argument("-o", "--out", default=str(TABLE))
    ap.add_argument("--audit", action="append", default=[], help="a marked whole-corpus audit (repeatable)")
    ap.add_argument("--corpus", help="the corpus the audits were drawn from (JSONL)")
    ap.add_argument("--check", action="append", default=[], help="a marked audit to check the table on")
    args = ap.parse_args(argv)
    if (args.audit or args.check) and not args.corpus:
        ap.error("--audit and --check need --corpus")
    if len(args.pairs) % 2:
        ap.error("give texts and gold in pairs")
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    nlp = Pipeline(min_confidence=0)
    sources = []
    for texts, gold_path in zip(args.pairs[::2], args.pairs[1::2], strict=True):
        gold = load_records(gold_path)
        sources.append(f"{Path(texts).parent.name} ({len(gold)} articles)")
        for doc in iter_extract(texts, pipeline=nlp):
            if doc.id not in gold:
                continue
            for kind, way, right in judge(doc, gold[doc.id]):
                for key in ((kind, way), (kind, "*")):
                    counts[key][0] += right
                    counts[key][1] += 1
    for kind, way, right in audit_ways(args.audit, args.corpus) if args.audit else ():
        for key in ((kind, way), (kind, "*")):
            counts[key][0] += right
            counts[key][1] += 1
    sources += [f"the marked facts of {Path(a).name}" for a in args.audit]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    lines = [f"# kg.confidence calibration: precision of each way on {', '.join(sources)}, kg at {commit};",
             "# written by benchmarks/calibrate_confidence.py (counts only). right = facts matching the gold.",
             "kind\tway\tright\tfound"]
    for kind in KINDS:
        for (k, way), (right, found) in sorted(counts.items(), key=lambda kv: (kv[0][1] != "*", kv[0][1])):
            if k == kind:
                lines.append(f"{kind}\t{way}\t{right}\t{found}")
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    for line in lines[2:]:
        kind, way, right, found = line.split("\t")
        if found != "found":
            print(f"{kind:<17} {way:<28} {right:>5}/{found:<5} {int(right) / int(found):.3f}")
    for path in args.check:
        print(f"\ncheck on {path}:")
        check(path, args.corpus, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
