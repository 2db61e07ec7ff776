"""Extraction speed: kg's whole pipeline against ``jieba.posseg.cut`` alone, on the same news text, in one run.

Usage::

    python benchmarks/extract_speed.py [CORPUS.jsonl] [--records 2000]

Both sides read the same records of ``../shared/data/corpus/xwlb-2022-2025.jsonl`` (the first N).  jieba is
timed with its own global part-of-speech tokenizer over each record's text; kg runs every stage (normalise,
sentences, words, entity tagger, mention rules, relations) on each record as a document.  Dictionaries and
the model are loaded before timing starts; the two alternate in batches of 50 records.  Prints characters per second of both and their ratio.
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import time
from pathlib import Path

import jieba
import jieba.posseg

from kg.model import Document, Span
from kg.pipeline import Pipeline

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "corpus" / "xwlb-2022-2025.jsonl"


def measure(texts: list[str]) -> tuple[float, float, int]:
    """Seconds of jieba.posseg.cut and of kg's pipeline over ``texts`` (loading excluded), and kg's mentions."""
    jieba.initialize()
    list(jieba.posseg.cut("预热词典。"))
    nlp = Pipeline()
    nlp("国务院总理李强主持召开国务院常务会议。")  # loads dictionaries and the tagger model
    docs = [Document(id=str(i), text=t, regions=(Span(0, len(t)),)) for i, t in enumerate(texts)]
    # The two run in alternating batches of 50 records so that both see the same load on a shared machine.
    jieba_s = kg_s = 0.0
    mentions = 0
    for b in range(0, len(texts), 50):
        t0 = time.perf_counter()
        for text in texts[b:b + 50]:
            for _ in jieba.posseg.cut(text):
                pass
        t1 = time.perf_counter()
        for doc in nlp.pipe(docs[b:b + 50]):
            mentions += len(doc.mentions)
        t2 = time.perf_counter()
        jieba_s += t1 - t0
        kg_s += t2 - t1
    return jieba_s, kg_s, mentions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--records", type=int, default=2000)
    args = parser.parse_args()
    logging.getLogger("jieba").setLevel(logging.WARNING)
    texts = []
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            if len(texts) >= args.records:
                break
            if line.strip():
                texts.append(json.loads(line)["text"])
    chars = sum(map(len, texts))

    jieba_s, kg_s, mentions = measure(texts)

    print(f"records {len(texts)}, characters {chars}, machine: {platform.machine()} / Python "
          f"{platform.python_version()}")
    print(f"{'':<22}{'seconds':>9}{'chars/s':>12}")
    print(f"{'jieba.posseg.cut':<22}{jieba_s:9.2f}{chars / jieba_s:12,.0f}")
    print(f"{'kg extraction':<22}{kg_s:9.2f}{chars / kg_s:12,.0f}")
    print(f"ratio kg / jieba.posseg = {jieba_s / kg_s:.2f} ({mentions} mentions)")


if __name__ == "__main__":
    main()
