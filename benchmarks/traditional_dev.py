"""Score the development set in Traditional script against the same set in Simplified.

Usage::

    python benchmarks/traditional_dev.py [TEXTS.jsonl GOLD.jsonl]

The texts are converted with OpenCC s2t plus the artifacts of careless machine conversion that government
sites show (面→麵, 系→係, 志→誌, 制→製), written to a temporary folder and scored with ``kg.evaluate``; the gold
strings are left in Simplified (the scorer compares Simplified forms of both sides).  Prints both tables and
the difference of every metric; the target is |Δ overall_f1| ≤ 0.02.
"""

from __future__ import annotations

import json
import logging
import sys
import tempfile
from pathlib import Path

from kg.api import evaluate
from kg.evaluate import METRICS
from kg.normalize import to_traditional

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "gold" / "dev"
ARTIFACTS = {"面": "麵", "系": "係", "志": "誌", "制": "製"}


def traditional(text: str) -> str:
    """OpenCC's Traditional form of ``text`` plus the artifacts of careless conversion (one for one)."""
    t = to_traditional(text)
    if len(t) != len(text):
        return t
    return "".join(ARTIFACTS.get(s, c) for s, c in zip(text, t, strict=True))


def write_traditional(texts: Path, out: Path) -> Path:
    """Write the Traditional version of a JSONL of ``id``/``text`` records to ``out``."""
    with texts.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            if line.strip():
                rec = json.loads(line)
                rec["text"] = traditional(rec["text"])
                if rec.get("title"):
                    rec["title"] = traditional(rec["title"])
                dst.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return out


def main() -> None:
    logging.getLogger("jieba").setLevel(logging.WARNING)
    texts, gold = (Path(sys.argv[1]), Path(sys.argv[2])) if len(sys.argv) > 2 else \
        (DEV / "texts.jsonl", DEV / "gold.jsonl")
    hans, _, _ = evaluate(texts, gold)
    with tempfile.TemporaryDirectory() as tmp:
        hant_texts = write_traditional(texts, Path(tmp) / "texts-hant.jsonl")
        hant, _, _ = evaluate(hant_texts, gold)
    print("## Simplified\n" + hans.format())
    print("## Traditional (s2t + 麵/係/誌/製)\n" + hant.format())
    print("## difference (Traditional - Simplified), F1")
    for key in METRICS:
        print(f"{key:<14} {hant.scores[key].f1 - hans.scores[key].f1:+.3f}")
    print(f"overall_f1 {hant.overall_f1 - hans.overall_f1:+.3f}")


if __name__ == "__main__":
    main()
