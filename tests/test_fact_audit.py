"""benchmarks/fact_audit.py: the audit of a small graph built here, from a file and from a store, and --score."""

from __future__ import annotations

import importlib.util
import io
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

import kg

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "fact_audit.py"

# Sentences written for this test; each kind of fact appears at least once.
RECORDS = [
    {"id": "a1", "date": "20250301", "title": "国务院常务会议",
     "text": "国务院总理张三主持召开国务院常务会议，研究推进“十五五”规划编制工作。外交部部长钱七出席会议。"},
    {"id": "a2", "date": "20250302", "title": "国家主席会见芬兰总统",
     "text": "国家主席王五在人民大会堂会见来访的芬兰总统赵六。"},
    {"id": "a3", "date": "20250303", "title": "国务院常务会议",
     "text": "国务院总理张三主持召开国务院常务会议，部署推进“十五五”规划编制工作。"},
]


@pytest.fixture(scope="module")
def fact_audit() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fact_audit", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fact_audit"] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same three articles as a ``kg build -o`` folder (Turtle) and as a ``kg build --store`` store."""
    folder = tmp_path_factory.mktemp("fact-audit")
    source = folder / "news.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    pipeline = kg.Pipeline()
    kg.build([source], folder / "out", formats=("ttl",), pipeline=pipeline, validate=False)
    kg.build_store([source], folder / "store", pipeline=pipeline, validate=False)
    return folder / "out", folder / "store"


def run(module: ModuleType, *argv: str) -> str:
    out = io.StringIO()
    assert module.main(list(argv), out=out) == 0
    return out.getvalue()


def sections(text: str) -> dict[str, list[str]]:
    """The table rows (not header or rule) of each ``## kind`` section."""
    found: dict[str, list[str]] = {}
    kind = None
    for line in text.splitlines():
        if line.startswith("## "):
            kind = line[3:].strip()
            found[kind] = []
        elif kind and re.match(r"^\| \d+ \|", line):
            found[kind].append(line)
    return found


def test_audit_lists_each_kind_with_evidence(fact_audit: ModuleType, graphs: tuple[Path, Path],
                                             tmp_path: Path) -> None:
    folder, _ = graphs
    out = tmp_path / "audit.md"
    message = run(fact_audit, str(folder), "--per-kind", "3", "-o", str(out))
    assert message.startswith(f"wrote {out}")
    text = out.read_text(encoding="utf-8")
    assert "seed 1; N = 3" in text
    rows = sections(text)
    assert list(rows) == list(fact_audit.KINDS)
    # no more than N per kind, and each distinct fact once although a1 and a3 state the same post (policy
    # relations, which depend on what the extractor reads in these sentences, are tested on hand-made articles)
    assert all(0 < len(found) <= 3 for kind, found in rows.items() if kind != "policy_relations")
    assert len(rows["policy_relations"]) <= 3
    assert "| posts | 4 | 3 |" in text  # 张三 总理, 钱七 部长, 王五 国家主席, 赵六 总统
    assert "| met | 1 | 1 |" in text
    assert "王五 · 赵六 · " in rows["met"][0] or "赵六 · 王五 · " in rows["met"][0]
    assert "a2 (2025-03-02)" in rows["met"][0] and "**" in rows["met"][0]
    assert any("十五五规划 · plan" in row and "a1 (2025-03-01)" in row for row in rows["policies"])
    # each row: #, fact, its confidence (kg:confidence, the highest of the articles), article, evidence, an
    # empty ok? cell
    for found in rows.values():
        for row in found:
            cells = fact_audit._cells(row)
            assert len(cells) == 6 and cells[-1] == "" and re.fullmatch(r"a\d \(2025-03-0\d\)", cells[3])
            assert 0 < float(cells[2]) <= 1
    assert "| conf |" in text


def test_policy_relations_are_audited_with_their_evidence(fact_audit: ModuleType, tmp_path: Path) -> None:
    """One row per kg:PolicyAct (policy · relation · agent), however many articles state it, with the sentence
    of the earliest article; the same from a file and from a store."""
    from kg.graph import build_dataset, union_graph
    from kg.store import KgStore
    from tests.conftest import make_policy_docs

    docs = make_policy_docs()
    kg.export(union_graph(build_dataset(docs)), "ttl", tmp_path / "out" / "graph.ttl")
    with KgStore.open(tmp_path / "store") as store:
        store.add(docs)
    text = run(fact_audit, str(tmp_path / "out"), "--per-kind", "10")
    assert "| policy_relations | 4 | 4 |" in text  # the plan issued by both articles is one fact
    rows = {fact_audit._cells(row)[1]: fact_audit._cells(row) for row in sections(text)["policy_relations"]}
    assert set(rows) == {
        "临江市数字经济发展规划 · issued · 临江市人民政府",
        "临江市数字经济发展规划 · implemented · 周立新",
        "临江市数字经济发展规划 · studied · 临江市委常委会会议 (2025-03-28)",
        "临江市数据要素管理办法 · adopted · 临江市政府常务会议 (2025-03-05)",
    }
    issued = rows["临江市数字经济发展规划 · issued · 临江市人民政府"]
    assert issued[3] == "p1 (2025-03-06)"  # the earliest article (after the fact and its confidence)
    assert issued[4] == "**临江市人民政府印发《临江市数字经济发展规划》**。"  # agent, verb and policy in bold
    studied = rows["临江市数字经济发展规划 · studied · 临江市委常委会会议 (2025-03-28)"]
    assert studied[3] == "p2 (2025-04-02)" and "**臨江市委常委會會議傳達學習《臨江市數字經濟發展規劃》**" in studied[4]
    assert "issued (印发" in text  # the guidance under the heading
    from_store = run(fact_audit, str(tmp_path / "store"), "--per-kind", "10")
    assert from_store.replace(str(tmp_path / "store"), "G") == text.replace(str(tmp_path / "out"), "G")


def test_file_and_store_give_the_same_audit(fact_audit: ModuleType, graphs: tuple[Path, Path]) -> None:
    folder, store = graphs
    from_file = run(fact_audit, str(folder), "--per-kind", "2", "--seed", "7")
    from_store = run(fact_audit, str(store), "--per-kind", "2", "--seed", "7")
    assert from_file.replace(str(folder), "G") == from_store.replace(str(store), "G")


def test_sample_is_random_sample_of_the_sorted_distinct_facts(fact_audit: ModuleType,
                                                               graphs: tuple[Path, Path]) -> None:
    import random

    from kg.query import open_graph_store

    folder, _ = graphs
    with open_graph_store(folder) as store:
        facts = fact_audit.distinct_facts(store)
    rows = sections(run(fact_audit, str(folder), "--per-kind", "2", "--seed", "3"))
    for kind in fact_audit.KINDS:
        assert [f.key for f in facts[kind]] == sorted({f.key for f in facts[kind]})  # distinct, sorted
        expected = random.Random(3).sample(facts[kind], min(2, len(facts[kind])))
        assert [fact_audit._cells(row)[1] for row in rows[kind]] == [f.text for f in expected]


def test_cells_escape_pipes_and_newlines(fact_audit: ModuleType) -> None:
    assert fact_audit.cell("a|b\nc") == "a\\|b c"
    assert fact_audit._cells("| 1 | a\\|b | x |  |") == ["1", "a|b", "x", ""]
    long = "甲" * 150 + "张三" + "乙" * 150
    trimmed = fact_audit.trim(long, 150, 152)
    assert "**张三**" in trimmed and trimmed.startswith("…") and trimmed.endswith("…")
    assert len(trimmed) <= fact_audit.WIDTH + 6


def test_score_reads_a_filled_in_audit(fact_audit: ModuleType, tmp_path: Path) -> None:
    filled = tmp_path / "filled.md"
    filled.write_text("\n".join([
        "# Fact audit", "", "| kind | distinct facts | sampled |", "|---|---:|---:|", "| posts | 9 | 3 |", "",
        "## posts", "", "| # | fact | conf | article | evidence sentence | ok? |", "|---:|---|---:|---|---|---|",
        "| 1 | 张三 · 国务院 · 总理 | 0.95 | a1 | **国务院总理张三** | y |",
        "| 2 | 钱七 · 外交部 · 部长 | 0.60 | a1 | 外交部部长钱七 \\| 出席 | n: title wrong |",
        "| 3 | 赵六 · 芬兰 · 总统 | 0.65 | a2 | 芬兰总统赵六 | Y |",
        "", "## persons", "", "| # | fact | article | evidence sentence | ok? |", "|---:|---|---|---|---|",
        "| 1 | 张三 | a1 | 张三 | y |", "| 2 | 王五 | a2 | 王五 |  |", "",
    ]), encoding="utf-8")
    text = run(fact_audit, "--score", str(filled))
    # name (and band): rows, y, n, blank, precision
    table = {m[1]: list(m.groups()[1:]) for line in text.splitlines()
             if (m := re.match(r"^(\S+(?: \d\.\d-\d\.\d)?) +(\d+) +(\d+) +(\d+) +(\d+) +(\S+)$", line))}
    assert table["posts"] == ["3", "2", "1", "0", "0.667"]
    assert table["persons"] == ["2", "1", "0", "1", "1.000"]
    assert table["all"] == ["5", "3", "1", "1", "0.750"]
    assert table["posts 0.5-0.7"] == ["2", "1", "1", "0", "0.500"]
    assert table["posts 0.9-1.0"] == ["1", "1", "0", "0", "1.000"]
    assert "persons 0.9-1.0" not in table  # rows without conf are in no band
