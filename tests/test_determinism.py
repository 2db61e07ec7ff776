"""Reproducibility (issue 9): the same corpus built twice, or with its files in another order, gives
byte-identical exports, in memory and in a store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kg
from kg.store import KgStore

TEXTS = [
    ("2023-03-11", "国务院总理李强主持召开国务院常务会议。国家发展改革委主任郑栅洁出席。"),
    ("2023-05-02", "退役軍人事務部部長孫紹騁出席會議並講話。副部長錢鋒主持。"),
    ("2024-01-09", "退役军人事务部部长孙绍骋在会上讲话，要全面贯彻退役军人保障法。"),
    ("2024-02-01", "国家主席习近平在北京会见乌拉圭总统奥尔西。外交部部长王毅参加会见。"),
    ("2024-06-01", "国家发改委副主任王刚出席。云南省委常委王刚调研。"),
    ("2025-01-05", "中共中央政治局常委、全国人大常委会委员长赵乐际主持会议。"),
    ("2025-03-01", "浙江省委组织部召开会议，深入学习贯彻党的二十届四中全会精神和“十四五”规划。"),
    ("2025-04-01", "叙利亚总统巴沙尔·阿萨德表示。巴沙尔还说。"),
]


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("det")
    files = []
    for n in range(3):
        path = root / f"part{n}.jsonl"
        path.write_text("".join(json.dumps({"id": f"d{i}", "date": d, "text": t}, ensure_ascii=False) + "\n"
                                for i, (d, t) in enumerate(TEXTS) if i % 3 == n), encoding="utf-8")
        files.append(path)
    return files


FORMATS = ("nq", "ttl", "nt", "trig", "jsonld", "graphml", "cypher")


def _build(files: list[Path], out: Path) -> dict[str, bytes]:
    kg.build(files, out, formats=FORMATS, validate=False)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def test_same_input_same_bytes_in_any_file_order(parts: list[Path], tmp_path: Path) -> None:
    first = _build(parts, tmp_path / "a")
    again = _build(parts, tmp_path / "b")
    shuffled = _build([parts[2], parts[0], parts[1]], tmp_path / "c")
    assert set(first) == {f"graph.{f}" for f in FORMATS}
    assert first == again
    assert first == shuffled


def test_store_in_any_file_order(parts: list[Path], tmp_path: Path) -> None:
    kg.build_store(parts, tmp_path / "a.kg", validate=False)
    kg.build_store([parts[1], parts[2], parts[0]], tmp_path / "b.kg", validate=False)
    with KgStore.open(tmp_path / "a.kg", create=False, read_only=True) as a, \
            KgStore.open(tmp_path / "b.kg", create=False, read_only=True) as b:
        assert a.dump_nquads() == b.dump_nquads()
        assert a.dump_turtle() == b.dump_turtle()
    memory = _build(parts, tmp_path / "mem")
    with KgStore.open(tmp_path / "a.kg", create=False, read_only=True) as a:
        assert a.dump_nquads().encode("utf-8") == memory["graph.nq"]
