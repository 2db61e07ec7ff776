"""Parallel extraction gives the same documents, in the same order, as one process."""

from __future__ import annotations

import kg
from kg.parallel import analyse, default_jobs
from kg.reader import document_from_text
from kg.record import to_record

TEXTS = [
    "国务院总理李强主持召开国务院常务会议。",
    "退役軍人事務部部長孫紹騁出席會議並講話。",
    "国家主席习近平在北京会见乌拉圭总统奥尔西。",
    "中共中央政治局常委、全国人大常委会委员长赵乐际主持会议。",
    "浙江省委组织部召开会议，深入学习贯彻党的二十届四中全会精神。",
] * 3


def test_two_processes_equal_one() -> None:
    docs = [document_from_text(t, f"d{i}") for i, t in enumerate(TEXTS)]
    one = [to_record(d) for d in analyse(docs, jobs=1)]
    two = [to_record(d) for d in analyse(docs, jobs=2, chunksize=2)]
    assert one == two
    assert [r["id"] for r in two] == [f"d{i}" for i in range(len(TEXTS))]


def test_graph_of_a_parallel_build_is_identical(tmp_path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "in.jsonl"
    import json

    src.write_text("".join(json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) + "\n"
                           for i, t in enumerate(TEXTS)), encoding="utf-8")
    kg.build([src], tmp_path / "one", formats=("nq",), jobs=1, validate=False)
    kg.build([src], tmp_path / "two", formats=("nq",), jobs=2, validate=False)
    assert (tmp_path / "one" / "graph.nq").read_bytes() == (tmp_path / "two" / "graph.nq").read_bytes()
    assert default_jobs() >= 1


def test_analysed_documents_survive_pickling() -> None:
    """Documents travel between processes pickled; every model class pickles as (class, field values)."""
    import pickle

    from kg.pipeline import Pipeline

    doc = Pipeline()(document_from_text("新华社记者曹舒昊摄。国家主席习近平在北京会见乌拉圭总统奥尔西。"
                                        "国务院总理李强主持召开国务院常务会议，国务院副总理丁薛祥出席。", "p"))
    assert doc.mentions and doc.posts and doc.events and doc.tokens and doc.credits
    back = pickle.loads(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == doc
    assert to_record(back) == to_record(doc)
