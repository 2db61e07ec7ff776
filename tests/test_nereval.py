"""kg evaluate-ner: readers of the three formats, label mapping and exact-span scores on hand-made files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import EvaluationError
from kg.model import Mention
from kg.nereval import (
    NerSentence,
    evaluate_ner,
    map_mentions,
    read_cluener,
    read_tagged,
    scheme_for,
    score_spans,
    spans_from_tags,
)

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "ner"

BIO = "国 B-ORG\n务 I-ORG\n院 I-ORG\n总 O\n理 O\n李 B-PER\n强 I-PER\n在 O\n北 B-LOC\n京 I-LOC\n。 O\n\n" \
      "王 B-PER\n毅 I-PER\n说 O\n\n"
BMES = "李 B-NAME\n强 E-NAME\n任 O\n总 B-TITLE\n理 E-TITLE\n\n"


def fake_analyse(predictions: dict[str, list[tuple[int, int, str, str | None]]]):
    """An ``analyse`` callback returning hand-made mentions (label, kind) for each sentence text."""
    from dataclasses import replace

    def run(docs):
        for doc in docs:
            ms = tuple(Mention(s, e, doc.text[s:e], label, doc.text[s:e], kind)  # type: ignore[arg-type]
                       for s, e, label, kind in predictions.get(doc.text, []))
            yield replace(doc, mentions=ms)
    return run


def test_spans_from_bio_bmes_and_bioes() -> None:
    assert list(spans_from_tags(["B-PER", "I-PER", "O", "B-LOC"])) == [(0, 2, "PER"), (3, 4, "LOC")]
    assert list(spans_from_tags(["B-ORG", "M-ORG", "E-ORG", "S-PER"])) == [(0, 3, "ORG"), (3, 4, "PER")]
    assert list(spans_from_tags(["I-LOC", "B-PER", "I-LOC"])) == [(0, 1, "LOC"), (1, 2, "PER"), (2, 3, "LOC")]


def test_read_bio_and_gz(tmp_path: Path) -> None:
    path = tmp_path / "a.bio"
    path.write_text(BIO, encoding="utf-8")
    sents = list(read_tagged(path))
    assert sents[0] == NerSentence("国务院总理李强在北京。", ((0, 3, "ORG"), (5, 7, "PER"), (8, 10, "LOC")))
    assert sents[1].spans == ((0, 2, "PER"),)
    gz = tmp_path / "a.bmes.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as f:
        f.write(BMES)
    assert list(read_tagged(gz)) == [NerSentence("李强任总理", ((0, 2, "NAME"), (3, 5, "TITLE")))]


def test_read_cluener_end_is_inclusive(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    rec = {"text": "外交部部长王毅", "label": {"government": {"外交部": [[0, 2]]}, "name": {"王毅": [[5, 6]]}}}
    path.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    assert list(read_cluener(path)) == [NerSentence("外交部部长王毅", ((0, 3, "government"), (5, 7, "name")))]


def test_bad_files_raise_evaluation_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bio"
    bad.write_text("国 X-ORG\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="unknown tag"):
        list(read_tagged(bad))
    with pytest.raises(EvaluationError, match="no such file"):
        list(read_tagged(tmp_path / "missing.bio"))
    js = tmp_path / "bad.jsonl"
    js.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="CLUENER"):
        list(read_cluener(js))


def test_known_precision_recall_f1(tmp_path: Path) -> None:
    path = tmp_path / "a.bio"
    path.write_text(BIO, encoding="utf-8")
    # sentence 1: ORG right, PER too long (wrong), LOC right; sentence 2: PER right plus a wrong LOC
    pred = {"国务院总理李强在北京。": [(0, 3, "ORG", "government"), (5, 8, "PERSON", None), (8, 10, "PLACE", None),
                                (3, 5, "TITLE", None)],
            "王毅说": [(0, 2, "PERSON", None), (2, 3, "PLACE", None)]}
    report = evaluate_ner(path, "bio", analyse=fake_analyse(pred))
    per, org, loc = report.scores["PER"], report.scores["ORG"], report.scores["LOC"]
    assert (per.tp, per.pred, per.gold) == (1, 2, 2)
    assert (org.tp, org.pred, org.gold) == (1, 1, 1)
    assert (loc.tp, loc.pred, loc.gold) == (1, 2, 1)
    assert report.overall.precision == pytest.approx(3 / 5)
    assert report.overall.recall == pytest.approx(3 / 4)
    assert report.overall.f1 == pytest.approx(2 * 0.6 * 0.75 / 1.35)
    lines = report.format().splitlines()
    assert lines[1].split() == ["PER", "0.500", "0.500", "0.500", "1", "2", "2"]
    assert lines[-1] == "overall_f1=0.667"


def test_cluener_maps_government_bodies_and_titles(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    rec = {"text": "外交部部长王毅会见新华社记者", "label": {
        "government": {"外交部": [[0, 2]]}, "position": {"部长": [[3, 4]]}, "name": {"王毅": [[5, 6]]},
        "company": {"新华社": [[9, 11]]}}}
    path.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    pred = {rec["text"]: [(0, 3, "ORG", "government"), (3, 5, "TITLE", None), (5, 7, "PERSON", None),
                          (9, 12, "ORG", "other"), (0, 3, "ORG", "government:nested")]}
    report = evaluate_ner(path, "cluener", analyse=fake_analyse(pred))
    assert list(report.scores) == ["name", "government", "position"]
    assert all(s.tp == s.pred == s.gold == 1 for s in report.scores.values())


def test_resume_scheme_is_detected() -> None:
    sents = [NerSentence("李强任总理", ((0, 2, "NAME"), (3, 5, "TITLE")))]
    scheme = scheme_for("bmes", sents)
    assert scheme["PERSON"] == "NAME" and scheme["TITLE"] == "TITLE"
    m = [Mention(0, 2, "李强", "PERSON", "李强"), Mention(3, 5, "总理", "TITLE", "总理")]
    assert score_spans(sents, [map_mentions(m, scheme)], ["NAME", "ORG", "TITLE"]).overall.f1 == 1.0


def test_cli_evaluate_ner(tmp_path: Path) -> None:
    path = tmp_path / "a.bio"
    path.write_text(BIO, encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate-ner", str(path), "--format", "bio"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert [ln.split()[0] for ln in lines[1:-1]] == ["PER", "ORG", "LOC"]
    assert lines[-1].startswith("overall_f1=")
    bad = CliRunner().invoke(main, ["evaluate-ner", str(path), "--format", "conll"])
    assert bad.exit_code != 0


def test_cli_evaluate_ner_reports_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.bio"
    path.write_text("国 X-ORG\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate-ner", str(path), "--format", "bio"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "unknown tag" in result.output


@pytest.mark.skipif(not (DATA / "people_daily" / "dev.bio").exists(), reason="../shared/data/ner is absent")
def test_people_daily_sample_scores_reasonably(tmp_path: Path) -> None:
    lines = (DATA / "people_daily" / "dev.bio").read_text(encoding="utf-8").split("\n\n")[:120]
    path = tmp_path / "pd.bio"
    path.write_text("\n\n".join(lines) + "\n\n", encoding="utf-8")
    report = evaluate_ner(path, "bio")
    assert report.scores["PER"].f1 > 0.7
    assert report.overall.f1 > 0.6


def test_people_daily_conventions_surnames_and_place_governments() -> None:
    """People's Daily/MSRA tag a bare surname with a form of address as PER and write 美国政府 as LOC + 政府;
    CLUENER tags neither, and its scheme keeps the organization whole."""
    text = "陈小姐说美国政府和俄政府已同意"
    ms = [Mention(0, 1, "陈", "SURNAME", "陈"), Mention(4, 8, "美国政府", "ORG", "美国政府", "government"),
          Mention(9, 12, "俄政府", "ORG", "俄政府", "government")]
    assert map_mentions(ms, scheme_for("bio", [])) == [(0, 1, "PER"), (4, 6, "LOC"), (9, 10, "LOC")]
    assert map_mentions(ms, scheme_for("cluener", [])) == [(4, 8, "government"), (9, 12, "government")]
    assert text[4:6] == "美国"


def test_bodies_named_by_their_kind_are_government_in_cluener_only() -> None:
    """CLUENER tags 法院, 警方, 地方政府 as government; People's Daily, MSRA and ResumeNER leave them untagged."""
    ms = [Mention(0, 2, "法院", "BODY", "法院")]
    assert map_mentions(ms, scheme_for("cluener", [])) == [(0, 2, "government")]
    assert map_mentions(ms, scheme_for("bio", [])) == []
    assert map_mentions(ms, scheme_for("bmes", [])) == []
