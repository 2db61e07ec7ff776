"""The progress line: record totals counted up front, rate and ETA, shown only on a terminal."""

from __future__ import annotations

import io
import json
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from kg.progress import Progress, count_records
from kg.reader import document_from_text


def test_count_records_matches_what_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_bytes(b'{"text": "x"}\n  \n{"text": "y"}\r\n\n{"text": "z"}')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("国务院", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "c.csv").write_text("x", encoding="utf-8")
    assert count_records([tmp_path]) == 4
    assert count_records([tmp_path / "a.jsonl", tmp_path / "sub" / "b.txt"]) == 4
    assert count_records(["-"]) is None


def test_count_records_across_chunk_boundaries(tmp_path: Path) -> None:
    import kg.progress

    lines = [json.dumps({"text": "国务院" * (i % 50 + 1)}) for i in range(3000)]
    path = tmp_path / "big.jsonl"
    path.write_text("\n\n".join(lines), encoding="utf-8")
    old = kg.progress._CHUNK
    kg.progress._CHUNK = 97  # lines straddle many chunks
    try:
        assert count_records([path]) == 3000
    finally:
        kg.progress._CHUNK = old


def test_line_shows_counts_rate_and_eta() -> None:
    out = io.StringIO()
    bar = Progress(total=4, stream=out, every=0)
    doc = document_from_text("国务院常务会议召开。", "a")
    for _ in range(2):
        bar.update(doc)
    line = bar.line(now=bar._start + 2.0)
    assert line.startswith("2/4 records")
    assert "10 chars/s" in line and "ETA 0:02" in line
    bar.close()
    assert out.getvalue().endswith("\n") and "\r" in out.getvalue()


def test_no_total_no_eta() -> None:
    bar = Progress(total=None, stream=io.StringIO())
    bar.update(document_from_text("国务院", "a"))
    assert "ETA" not in bar.line() and bar.line().startswith("1 records")


def test_cli_progress_only_when_asked_or_on_a_terminal(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": "国务院总理李强主持会议。"}, ensure_ascii=False)
                           + "\n" for i in range(3)), encoding="utf-8")
    runner = CliRunner()
    quiet = runner.invoke(main, ["extract", str(src), "-o", str(tmp_path / "a.jsonl"), "-j", "1"])
    assert quiet.exit_code == 0 and "records" not in quiet.stderr
    shown = runner.invoke(main, ["extract", str(src), "-o", str(tmp_path / "b.jsonl"), "-j", "1", "--progress"])
    assert shown.exit_code == 0
    assert "3/3 records" in shown.stderr and "chars/s" in shown.stderr
    built = runner.invoke(main, ["build", str(src), "-o", str(tmp_path / "out"), "-j", "1", "--progress",
                                 "--format", "ttl"])
    assert built.exit_code == 0 and "3/3 records" in built.stderr
