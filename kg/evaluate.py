"""Scoring of document-level extraction against gold records (same numbers as ``tools/kgscore.py``).

Both sides are normalised to Simplified (OpenCC t2s), NFKC, with quotes, book-title marks and white space
removed.  Metrics are micro-averaged over the gold documents; see :data:`METRICS`.  ``errors()`` lists the
false positives and false negatives of each document so errors can be read rather than guessed.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import opencc

from kg.errors import EvaluationError

METRICS = ("persons", "orgs", "gov_orgs", "posts", "posts_title", "policies", "participation", "events",
           "participation_events")
#: Scored only over gold documents that carry the key (GUIDELINE section M); reported when any does.
POLICY_RELATIONS = "policy_relations"
HEADLINE = ("persons", "gov_orgs", "posts", "policies", "participation_events")
LENIENT = frozenset(("policies", "events"))
_DROP = dict.fromkeys(map(ord, "“”‘’\"'《》〈〉「」『』 \t\r\n\u3000"), None)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def norm(s: str | None) -> str:
    """The comparison form of a string: NFKC, Simplified, without quotes and white space."""
    return _t2s().convert(unicodedata.normalize("NFKC", s or "")).translate(_DROP)


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of one metric with its counts."""

    tp: int
    pred: int
    gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Report:
    """Scores per metric plus the headline ``overall_f1`` (mean F1 of :data:`HEADLINE`)."""

    scores: dict[str, Score]
    missing: tuple[str, ...] = ()

    @property
    def overall_f1(self) -> float:
        return sum(self.scores[k].f1 for k in HEADLINE) / len(HEADLINE)

    def format(self) -> str:
        """The table printed by ``kg evaluate`` (same layout and numbers as kgscore.py)."""
        lines = []
        if self.missing:
            lines.append(f"# {len(self.missing)} gold documents have no prediction: {', '.join(self.missing[:5])}")
        lines.append(f"{'metric':<20} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}")
        for key, m in self.scores.items():
            lines.append(f"{key:<20} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f} {m.tp:5d} {m.pred:5d} {m.gold:5d}")
        lines.append(f"overall_f1={self.overall_f1:.3f}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "tp": s.tp,
                                   "pred": s.pred, "gold": s.gold} for k, s in self.scores.items()}
        out["overall"] = {"f1": self.overall_f1}
        return out


def views(d: Mapping[str, Any]) -> dict[str, set[Any]]:
    """The sets compared per metric for one record (optional gold organizations excluded).

    ``participation_events`` is left out: it depends on how the two sides' event names align
    (see :func:`compare`).
    """
    orgs = [o for o in d.get("organizations", []) if not o.get("optional")]
    return {
        "persons": {norm(x) for x in d.get("persons", [])},
        "orgs": {norm(o["name"]) for o in orgs},
        "gov_orgs": {norm(o["name"]) for o in orgs if o.get("kind") == "government"},
        "posts": {(norm(p["person"]), norm(p.get("org", "")) + norm(p["title"])) for p in d.get("posts", [])},
        "posts_title": {(norm(p["person"]), norm(p["title"])) for p in d.get("posts", [])},
        "policies": {norm(x) for x in d.get("policies", [])},
        "participation": {(norm(pp["person"]), pp["role"]) for e in d.get("events", [])
                          for pp in e.get("participants", [])},
        "events": {norm(e["name"]) for e in d.get("events", []) if e.get("name")},
    }


def _lenient_pairs(gold: set[str], pred: set[str]) -> tuple[list[tuple[str, str]], set[str], set[str]]:
    """One-to-one lenient matching (equal, or one contains the other, both >= 2 chars) in kgscore's order:
    longer predictions choose first, an equal string before a containing one.

    Returns ``(pairs of (gold, pred), unmatched predictions, unmatched gold)``.
    """
    gold_left = {g for g in gold if len(g) >= 2}
    pairs: list[tuple[str, str]] = []
    unmatched_pred: set[str] = set()
    for p in sorted(pred, key=lambda x: (-len(x), x)):
        if len(p) < 2:
            unmatched_pred.add(p)
            continue
        ordered = sorted(gold_left)
        hit = next((g for g in ordered if g == p), None) or next((g for g in ordered if g in p or p in g), None)
        if hit is not None:
            gold_left.discard(hit)
            pairs.append((hit, p))
        else:
            unmatched_pred.add(p)
    return pairs, unmatched_pred, gold_left | {g for g in gold if len(g) < 2}


def _event_roles(d: Mapping[str, Any], names: Mapping[str, str] | None = None) -> set[tuple[str, str, str]]:
    """(person, role, event) triples; with ``names``, a predicted event's name becomes the gold name it is
    aligned with, and an unaligned one keeps its own name behind a mark so that it matches nothing."""
    out = set()
    for e in d.get("events", []):
        name = norm(e.get("name", ""))
        if names is not None:
            name = names.get(name, "\x00" + name)
        for pp in e.get("participants", []):
            out.add((norm(pp["person"]), pp["role"], name))
    return out


def _close(a: str, b: str) -> bool:
    return a == b or (len(a) >= 2 and len(b) >= 2 and (a in b or b in a))


def _policy_relations(gold: Iterable[Mapping[str, Any]], pred: Iterable[Mapping[str, Any]]
                      ) -> tuple[Score, set[tuple[str, str, str]], set[tuple[str, str, str]]]:
    """One-to-one lenient match of (policy, relation, agent): relation equal, names equal or one containing the
    other; exact matches are taken first (kgscore's order)."""
    left = sorted({(norm(r["policy"]), r["relation"], norm(r["agent"])) for r in gold})
    pred_set = {(norm(r.get("policy", "")), r.get("relation", ""), norm(r.get("agent", ""))) for r in pred}
    unmatched = sorted(pred_set)
    tp = 0
    for exact_pass in (True, False):
        for t in list(unmatched):
            hit = next((x for x in left if x[1] == t[1] and (x == t if exact_pass else
                        (_close(x[0], t[0]) and _close(x[2], t[2])))), None)
            if hit is not None:
                left.remove(hit)
                unmatched.remove(t)
                tp += 1
    return Score(tp, len(pred_set), tp + len(left)), set(unmatched), set(left)


def compare(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> dict[str, tuple[Score, set[Any], set[Any]]]:
    """Per metric: the score of one document, its false positives and its false negatives.

    ``policy_relations`` is present only when the gold record has that key.
    """
    gv, pv = views(gold), views(pred)
    optional = frozenset(norm(o["name"]) for o in gold.get("organizations", []) if o.get("optional"))
    out: dict[str, tuple[Score, set[Any], set[Any]]] = {}
    for key in gv:
        g, p = gv[key], pv[key]
        if key in LENIENT:
            pairs, fp, fn = _lenient_pairs(g, p)
            out[key] = (Score(len(pairs), len(p), len(g)), fp, fn)
        else:
            if key in ("orgs", "gov_orgs"):
                g, p = g - optional, p - optional
            out[key] = (Score(len(g & p), len(p), len(g)), p - g, g - p)
    names = {pred_name: gold_name for gold_name, pred_name in _lenient_pairs(gv["events"], pv["events"])[0]}
    g_roles, p_roles = _event_roles(gold), _event_roles(pred, names)
    out["participation_events"] = (Score(len(g_roles & p_roles), len(p_roles), len(g_roles)),
                                   p_roles - g_roles, g_roles - p_roles)
    if POLICY_RELATIONS in gold:
        out[POLICY_RELATIONS] = _policy_relations(gold[POLICY_RELATIONS], pred.get(POLICY_RELATIONS, []))
    return out


def score(gold: Mapping[str, Mapping[str, Any]], pred: Mapping[str, Mapping[str, Any]]) -> Report:
    """Micro-averaged scores over the documents of ``gold`` (a missing prediction counts as empty).

    Example:
        >>> g = {"a": {"id": "a", "persons": ["李强", "王毅"]}}
        >>> p = {"a": {"id": "a", "persons": ["李強"]}}
        >>> r = score(g, p); (r.scores["persons"].tp, r.scores["persons"].pred, r.scores["persons"].gold)
        (1, 1, 2)
    """
    totals = {k: [0, 0, 0] for k in METRICS}
    for doc_id, g in gold.items():
        for key, (s, _, _) in compare(g, pred.get(doc_id, {})).items():
            t = totals.setdefault(key, [0, 0, 0])
            t[0] += s.tp
            t[1] += s.pred
            t[2] += s.gold
    missing = tuple(sorted(set(gold) - set(pred)))
    return Report({k: Score(*v) for k, v in totals.items()}, missing)


def errors(gold: Mapping[str, Mapping[str, Any]], pred: Mapping[str, Mapping[str, Any]]) -> str:
    """False positives (``+``) and false negatives (``-``) per document and metric, as readable text."""
    lines = []
    for doc_id in sorted(gold):
        comp = compare(gold[doc_id], pred.get(doc_id, {}))
        block = []
        for key, (_, fp, fn) in comp.items():
            if key in ("orgs", "posts_title"):
                continue
            for x in sorted(map(_fmt, fp)):
                block.append(f"  {key:<13} + {x}")
            for x in sorted(map(_fmt, fn)):
                block.append(f"  {key:<13} - {x}")
        if block:
            lines.append(f"## {doc_id}")
            lines.extend(block)
    return "\n".join(lines)


def _fmt(x: Any) -> str:
    return " | ".join(part.lstrip("\x00") for part in x) if isinstance(x, tuple) else str(x)


def load_records(path: str | Path) -> dict[str, dict[str, Any]]:
    """Gold or predicted records from a JSONL file, a ``.json`` file or a folder of ``.json`` files."""
    p = Path(path)
    docs: list[dict[str, Any]] = []
    try:
        if p.is_dir():
            for f in sorted(p.glob("*.json")):
                docs.append(json.loads(f.read_text(encoding="utf-8")))
        elif p.suffix == ".json":
            docs.append(json.loads(p.read_text(encoding="utf-8")))
        else:
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
                if line.strip():
                    try:
                        docs.append(json.loads(line))
                    except json.JSONDecodeError as e:
                        raise EvaluationError(f"{p}:{n}: invalid JSON ({e.msg})") from None
    except FileNotFoundError:
        raise EvaluationError(f"{p}: no such file or directory") from None
    except UnicodeDecodeError:
        raise EvaluationError(f"{p}: not UTF-8") from None
    except json.JSONDecodeError as e:
        raise EvaluationError(f"{p}: invalid JSON ({e.msg})") from None
    out = {}
    for d in docs:
        if not isinstance(d, dict) or "id" not in d:
            raise EvaluationError(f"{p}: every record needs an \"id\"")
        out[str(d["id"])] = d
    return out


def evaluate_records(gold: Mapping[str, Mapping[str, Any]], records: Iterable[Mapping[str, Any]]) -> Report:
    """Score predicted records (for example from :func:`kg.extract`) against gold records."""
    return score(gold, {str(r["id"]): r for r in records})
