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


def test_workers_inherit_a_frozen_heap_which_thaws_afterwards() -> None:
    """The parent's objects are frozen while the workers run (their collector skips them) and only then."""
    import gc

    docs = [document_from_text(t, f"d{i}") for i, t in enumerate(TEXTS[:4])]
    seen = []
    for _ in analyse(docs, jobs=2, chunksize=1):
        seen.append(gc.get_freeze_count())
    assert min(seen) > 0
    assert gc.get_freeze_count() == 0


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


def _corpus(tmp_path, n: int = 3):  # type: ignore[no-untyped-def]
    import json

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i:02d}", "text": t, "date": f"2024-02-{i % 28 + 1:02d}"},
                                      ensure_ascii=False) + "\n" for i, t in enumerate(TEXTS * n)),
                   encoding="utf-8")
    return src


def test_parallel_store_build_is_identical_and_validated(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Workers pack documents for the store and build batches from the spill file by offset: same store."""
    from kg.model import Packed
    from kg.store import KgStore

    src = _corpus(tmp_path)
    seen: list[object] = []
    one = kg.build_store([src], tmp_path / "one.kg")
    two = kg.build_store([src], tmp_path / "two.kg", jobs=2, progress=seen.append)
    assert one.ids == two.ids and one.added == two.added == 3 * len(TEXTS)
    assert one.validation.conforms and two.validation.conforms
    assert one.validation.format() == two.validation.format()
    assert all(isinstance(p, Packed) for p in seen) and len(seen) == 3 * len(TEXTS)
    assert sum(p.chars for p in seen) == 3 * sum(map(len, TEXTS))  # type: ignore[attr-defined]
    with KgStore.open(tmp_path / "one.kg", create=False, read_only=True) as a, \
            KgStore.open(tmp_path / "two.kg", create=False, read_only=True) as b:
        assert sorted(a.dump_nquads().splitlines()) == sorted(b.dump_nquads().splitlines())
        assert len(a) > 100
    # appending the same corpus in parallel finds every article already there
    again = kg.build_store([src], tmp_path / "two.kg", jobs=2)
    assert again.skipped == 3 * len(TEXTS) and again.added == 0


def test_pack_keeps_what_the_store_needs() -> None:
    import pickle
    from dataclasses import replace

    from kg.graph import content_hash
    from kg.pipeline import Pipeline
    from kg.resolve import observe, place_names
    from kg.store import pack

    doc = Pipeline()(document_from_text("国务院总理李强在北京主持召开国务院常务会议。", "p1"))
    packed = pack(doc)
    assert (packed.id, packed.date, packed.chars) == ("p1", doc.date, len(doc.text))
    assert packed.hash == content_hash(doc)
    assert list(packed.observations) == observe(doc) and packed.observations
    assert packed.places == place_names(doc) == {"北京"}
    assert pickle.loads(packed.blob) == replace(doc, tokens=())


def test_finish_runs_in_the_worker() -> None:
    docs = [document_from_text(t, f"d{i}") for i, t in enumerate(TEXTS[:4])]
    from kg.store import pack

    two = list(analyse(docs, jobs=2, finish=pack))
    one = list(analyse(docs, jobs=1, finish=pack))
    assert [p.id for p in two] == [d.id for d in docs]
    assert [(p.hash, p.observations, p.places) for p in one] == [(p.hash, p.observations, p.places) for p in two]
