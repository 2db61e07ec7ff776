"""exports/ holds the graph of the bundled sample; it must be what the README's main command writes now."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "kg" / "samples" / "seed-000.txt"


@pytest.mark.parametrize("name", ["graph.ttl", "graph.html"])
def test_exports_are_up_to_date(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # the README command is run from the repository root with a relative path (recorded as dcterms:source)
    monkeypatch.chdir(ROOT)
    kg.build(["kg/samples/seed-000.txt"], tmp_path)
    fresh = (tmp_path / name).read_bytes()
    committed = (ROOT / "exports" / name).read_bytes()
    assert fresh == committed, (
        f"exports/{name} is stale: run `kg build kg/samples/seed-000.txt -o exports` and commit the result")


def test_build_is_deterministic(tmp_path: Path) -> None:
    kg.build([SAMPLE], tmp_path / "a", formats=("ttl", "nt", "html"))
    kg.build([SAMPLE], tmp_path / "b", formats=("ttl", "nt", "html"))
    for name in ("graph.ttl", "graph.nt", "graph.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
