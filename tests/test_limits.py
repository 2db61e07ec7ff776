"""Oversized input (issue 9): a configurable per-document limit, refused with a one-line error, in bounded
memory, and the rest of the input still built."""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError
from kg.reader import MAX_CHARS, read_inputs


def _read(paths: list, **kw) -> tuple[list[str], list[InputError]]:  # type: ignore[type-arg]
    errors: list[InputError] = []
    docs = [d.id for d in read_inputs(paths, on_error=errors.append, **kw)]
    return docs, errors


def test_long_jsonl_line_is_skipped_with_its_line_number(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "国务院常务会议召开。"}, ensure_ascii=False) + "\n"
                    + json.dumps({"id": "huge", "text": "国" * 20_000}, ensure_ascii=False) + "\n"
                    + json.dumps({"id": "b", "text": "国" * 1500}, ensure_ascii=False) + "\n"
                    + json.dumps({"id": "c", "text": "会议指出。"}, ensure_ascii=False) + "\n", encoding="utf-8")
    docs, errors = _read([path], max_chars=1000)
    assert docs == ["a", "c"]
    assert [e.source for e in errors] == [f"{path}:2", f"{path}:3"]
    assert "over the limit for one record of 1,000 characters (raise it with --max-chars)" in str(errors[0])
    assert "1,500 characters, over the limit of 1,000 per document" in str(errors[1])
    assert all("\n" not in str(e) for e in errors)


def test_big_text_file_is_refused_before_reading(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("国务院" * 5000, encoding="utf-8")  # 15,000 chars, 45,000 bytes
    (tmp_path / "b.txt").write_text("国务院" * 300, encoding="utf-8")  # 900 chars, under the byte limit
    (tmp_path / "c.txt").write_text("国务院常务会议召开。", encoding="utf-8")
    docs, errors = _read([tmp_path], max_chars=1000)
    assert docs == ["b", "c"]
    assert "45,000 bytes, over the limit for one document of 1,000 characters" in str(errors[0])
    docs, errors = _read([tmp_path], max_chars=500)  # b: 2,700 bytes pass the byte check, 900 chars do not
    assert docs == ["c"] and "900 characters, over the limit of 500" in str(errors[1])


def test_stdin_over_the_limit() -> None:
    docs, errors = _read(["-"], stdin=io.StringIO("国务院" * 100), max_chars=100)
    assert docs == [] and "over the limit" in str(errors[0])
    docs, errors = _read(["-"], stdin=io.BytesIO(("国务院" * 100).encode()), max_chars=100)
    assert docs == [] and "over" in str(errors[0])
    lines = (json.dumps({"id": "x", "text": "国" * 5000}) + "\n" + json.dumps({"id": "y", "text": "会议"}) + "\n")
    docs, errors = _read(["-"], stdin=io.BytesIO(lines.encode()), max_chars=100)
    assert docs == ["y"] and errors[0].source == "stdin:1"


def test_a_50_mb_line_in_bounded_memory(tmp_path: Path) -> None:
    """A single 50 MB JSONL line with the default limit: refused while memory stays far below its size."""
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as f:
        f.write('{"id": "big", "text": "')
        chunk = "国务院总理李强主持会议" * 100_000  # 1.1M chars, 3.3 MB
        for _ in range(16):
            f.write(chunk)
        f.write('"}\n{"id": "small", "text": "会议召开。"}\n')
    assert path.stat().st_size > 50_000_000
    tracemalloc.start()
    try:
        docs, errors = _read([path])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert docs == ["small"]
    assert errors[0].source == f"{path}:1" and f"{MAX_CHARS:,} characters" in str(errors[0])
    assert peak < 20_000_000, f"peak {peak:,} bytes for a 50 MB line"


def test_cli_max_chars(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "long", "text": "国务院总理李强主持会议。" * 20}, ensure_ascii=False) + "\n"
                   + json.dumps({"id": "ok", "text": "国务院总理李强主持会议。"}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    res = CliRunner().invoke(main, ["build", str(src), "-o", str(tmp_path / "out"), "-j", "1", "--max-chars", "100",
                                    "--format", "ttl"])
    assert res.exit_code == 3
    assert f"Skipped: {src}:1: 240 characters, over the limit of 100 per document" in res.stderr
    assert "Built 1 document(s)" in res.stdout
