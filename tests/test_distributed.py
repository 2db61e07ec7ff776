"""Dask builds (issue 8): a LocalCluster gives the graph and store of a single-process build, byte for byte."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_parallel import TEXTS as PARALLEL_TEXTS

import kg
from kg.cli import main
from kg.errors import KgError
from kg.store import KgStore

distributed = pytest.importorskip("distributed", reason="Dask's distributed scheduler is not installed")

TEXTS = PARALLEL_TEXTS[:5] + ["国家发展改革委主任郑栅洁出席会议，国家发改委副主任赵辰昕主持。"]
TEXTS = TEXTS * 7


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dask") / "news.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i:02d}", "text": t, "date": f"2024-01-{i % 28 + 1:02d}"},
                                       ensure_ascii=False) + "\n" for i, t in enumerate(TEXTS)),
                    encoding="utf-8")
    return path


def test_documents_come_back_in_order_and_equal(client: object, corpus: Path) -> None:
    local = [kg.to_record(d) for d in kg.iter_extract([corpus])]
    on_dask = [kg.to_record(d) for d in kg.iter_extract([corpus], dask=client)]
    assert on_dask == local
    assert [r["id"] for r in on_dask] == [f"d{i:02d}" for i in range(len(TEXTS))]


def test_dask_build_is_byte_identical(client: object, corpus: Path, tmp_path: Path) -> None:
    kg.build([corpus], tmp_path / "one", formats=("nq", "ttl"), validate=False)
    kg.build([corpus], tmp_path / "dask", formats=("nq", "ttl"), validate=False, dask=client)
    for name in ("graph.nq", "graph.ttl"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()


def test_dask_store_equals_local_store(client: object, corpus: Path, tmp_path: Path) -> None:
    kg.build_store([corpus], tmp_path / "one.kg", validate=False)
    kg.build_store([corpus], tmp_path / "dask.kg", validate=False, dask=client)
    with KgStore.open(tmp_path / "one.kg", create=False, read_only=True) as a, \
            KgStore.open(tmp_path / "dask.kg", create=False, read_only=True) as b:
        assert sorted(a.dump_nquads().splitlines()) == sorted(b.dump_nquads().splitlines())
        assert len(a) > 100


def test_cli_dask_local(corpus: Path, tmp_path: Path) -> None:
    """The CLI starts (and stops) its own LocalCluster."""
    runner = CliRunner()
    res = runner.invoke(main, ["build", str(corpus), "-o", str(tmp_path / "out"), "--format", "nq",
                               "--dask", "local"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["build", str(corpus), "-o", str(tmp_path / "ref"), "--format", "nq", "-j", "1"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out" / "graph.nq").read_bytes() == (tmp_path / "ref" / "graph.nq").read_bytes()


def test_unreachable_scheduler_is_one_line(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.parallel

    monkeypatch.setattr(kg.parallel, "CONNECT_TIMEOUT", "2s")
    with pytest.raises(KgError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        list(kg.iter_extract([corpus], dask="tcp://127.0.0.1:9"))
