"""The kg command, through click's CliRunner: exit codes, messages, files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "kg" / "samples" / "seed-000.txt"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("command", [[], ["build"], ["extract"], ["evaluate"], ["export"]])
def test_every_command_has_help_with_an_example(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_build_writes_turtle_and_html(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Built 1 document(s)" in result.output
    assert (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8").startswith("@prefix")
    assert "孫紹騁" in (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")


def test_build_skips_a_bad_file_and_builds_the_rest(runner: CliRunner, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("国务院总理李强主持召开国务院常务会议。", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes("国务院".encode() + b"\xff\xff\xff\xff garbage")
    result = runner.invoke(main, ["build", str(good), str(bad), "-o", str(tmp_path / "out"), "--format", "ttl"])
    assert result.exit_code == 3
    assert f"Skipped: {bad}" in result.stderr
    assert len(result.stderr.splitlines()) == 2  # one line per skipped input, one summary line
    assert "李强" in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")


def test_build_with_nothing_readable_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["build", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith("Error: no document could be read")
    assert "Traceback" not in result.output


def test_unknown_format_lists_the_valid_ones(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path), "--format", "xml"])
    assert result.exit_code == 1
    assert "Error:" in result.stderr and "ttl" in result.stderr


def test_extract_jsonl_keeps_ids_and_original_script(runner: CliRunner, tmp_path: Path) -> None:
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(
        json.dumps({"id": "n1", "text": "退役軍人事務部部長孫紹騁出席會議並講話。"}, ensure_ascii=False) + "\n"
        + json.dumps({"id": "n2", "text": "国务院总理李强主持召开国务院常务会议。", "date": "20250117"},
                     ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "records.jsonl"
    result = runner.invoke(main, ["extract", str(corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["n1", "n2"]
    assert records[0]["posts"] == [{"person": "孫紹騁", "org": "退役軍人事務部", "title": "部長"}]
    assert set(records[1]) == {"id", "persons", "organizations", "posts", "policies", "events", "policy_relations"}


def test_extract_reads_stdin(runner: CliRunner) -> None:
    result = runner.invoke(main, ["extract", "-"], input="国家主席习近平会见乌拉圭总统奥尔西。")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["id"] == "stdin"
    assert {"习近平", "奥尔西"} <= set(record["persons"])


def test_evaluate_prints_the_kgscore_table(runner: CliRunner, tmp_path: Path) -> None:
    texts = tmp_path / "texts.jsonl"
    texts.write_text(json.dumps({"id": "a", "text": "国务院总理李强主持召开国务院常务会议。"}, ensure_ascii=False) + "\n",
                     encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "a", "persons": ["李强", "王毅"], "organizations": [
        {"name": "国务院", "kind": "government"}], "posts": [{"person": "李强", "org": "国务院", "title": "总理"}],
        "policies": [], "events": [{"name": "国务院常务会议", "participants": [
            {"person": "李强", "role": "presided"}]}]}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["evaluate", str(texts), str(gold), "--errors"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "persons       - 王毅" in result.output
    row = next(line for line in lines if line.startswith("persons "))
    assert row.split()[1:] == ["1.000", "0.500", "0.667", "1", "1", "2"]
    assert lines[-1].startswith("overall_f1=")


def test_export_converts_formats(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path), "--format", "ttl"])
    result = runner.invoke(main, ["export", str(tmp_path / "graph.ttl"), "-o", str(tmp_path / "g.nt")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "g.nt").read_text(encoding="utf-8").count(" .\n") > 100


def test_export_of_a_broken_graph_file_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix x: <http://x/> .\nx:a x:b \"unterminated .\n", encoding="utf-8")
    result = runner.invoke(main, ["export", str(broken), "-o", str(tmp_path / "g.nt")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {broken}: cannot parse as RDF")
    assert len(result.stderr.splitlines()) == 1
