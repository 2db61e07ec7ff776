"""The entity tagger: features, tag codecs, training on a tiny corpus, the shipped model, lazy loading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.lexicon import load_lexicon
from kg.nereval import NerSentence, read_tagged
from kg.pipeline import Pipeline
from kg.tagger import CrfTagger, ModelError, bundled_model, char_features, spans_from_bioes, to_bioes
from kg.train import load_corpora, train

SENTENCES = [("国务院总理李强在北京会见王毅。", [(0, 3, "ORG"), (5, 7, "PER"), (8, 10, "LOC"), (12, 14, "PER")]),
             ("外交部部长王毅访问上海。", [(0, 3, "ORG"), (5, 7, "PER"), (9, 11, "LOC")]),
             ("李强说，北京欢迎外交部。", [(0, 2, "PER"), (4, 6, "LOC"), (8, 11, "ORG")])]


def write_bio(path: Path, sentences) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for text, spans in sentences * 3:
            tags = ["O"] * len(text)
            for s, e, label in spans:
                for i in range(s, e):
                    tags[i] = ("B-" if i == s else "I-") + label
            f.writelines(f"{c} {t}\n" for c, t in zip(text, tags, strict=True))
            f.write("\n")


def test_bioes_round_trip() -> None:
    spans = [(0, 3, "ORG"), (5, 7, "PER"), (8, 9, "LOC")]
    tags = to_bioes(10, spans)
    assert tags[:3] == ["B-ORG", "I-ORG", "E-ORG"] and tags[8] == "S-LOC"
    assert spans_from_bioes(tags) == spans
    assert spans_from_bioes(["B-PER", "I-ORG", "E-PER"]) == []  # ill-formed entities are dropped


def test_features_describe_every_character() -> None:
    text = "李强讲话。"
    feats = char_features(text, [(0, 2, "nr"), (2, 4, "v"), (4, 5, "x")], load_lexicon())
    assert len(feats) == len(text)
    assert "c=李" in feats[0] and "n=强" in feats[0] and "wp=Bnr" in feats[0]
    assert "wp=Ex" not in feats[4] and "c=。" in feats[4]
    assert all(len(f) == len(feats[0]) for f in feats)


def test_train_tiny_corpus_and_tag(tmp_path: Path) -> None:
    write_bio(tmp_path / "ner" / "people_daily" / "dev.bio", SENTENCES)
    model = tmp_path / "tiny.crfsuite"
    result = train(tmp_path, model, params={"max_iterations": 30, "feature.minfreq": 1, "c1": 0.0},
                   valid_dir=tmp_path / "valid")
    assert model.exists() and result.size > 0 and result.sentences > 0
    assert "people_daily" in result.validation
    tagger = CrfTagger(model)
    text = "国务院总理李强在北京会见王毅。"
    from kg.segment import WordTokenizer

    words = [(t.start, t.end, t.pos) for t in WordTokenizer().tokenize(text)]
    assert (5, 7, "PER") in tagger.tag(text, words)
    valid = list(read_tagged(tmp_path / "valid" / "people_daily-valid.bio"))
    assert valid and all(isinstance(s, NerSentence) for s in valid)


def test_load_corpora_maps_labels(tmp_path: Path) -> None:
    ner = tmp_path / "ner"
    (ner / "cluener").mkdir(parents=True)
    rec = {"text": "外交部部长王毅看电影《长津湖》", "label": {
        "government": {"外交部": [[0, 2]]}, "position": {"部长": [[3, 4]]}, "name": {"王毅": [[5, 6]]},
        "movie": {"《长津湖》": [[10, 14]]}}}
    (ner / "cluener" / "train.jsonl").write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    train_sets, _ = load_corpora(tmp_path)
    assert train_sets["cluener"][0].spans == ((0, 3, "ORG"), (3, 5, "TITLE"), (5, 7, "PER"))


def test_missing_corpus_is_reported(tmp_path: Path) -> None:
    from kg.errors import KgError

    with pytest.raises(KgError, match="no NER corpus"):
        load_corpora(tmp_path)


def test_bad_model_file_is_a_model_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.crfsuite"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelError):
        CrfTagger(bad).tag("李强", [(0, 2, "nr")])


def test_shipped_model_loads_and_finds_entities() -> None:
    assert len(bundled_model()) < 8_000_000  # a few MB
    nlp = Pipeline()
    doc = nlp("外交部发言人毛宁在北京表示，美国国务卿鲁比奥将访问日本。")
    found = {(m.text, m.label) for m in doc.mentions}
    assert ("毛宁", "PERSON") in found
    assert ("鲁比奥", "PERSON") in found
    assert ("外交部", "ORG") in found


def test_tagger_loads_lazily_once_per_pipeline() -> None:
    nlp = Pipeline()
    stage = dict(nlp.stages)["entities"]
    assert stage.tagger._tagger is None  # type: ignore[attr-defined]
    nlp("李强讲话。")
    first = stage.tagger._tagger  # type: ignore[attr-defined]
    nlp("王毅讲话。")
    assert first is not None and stage.tagger._tagger is first  # type: ignore[attr-defined]
    assert Pipeline().stages[3][1] is not stage


def test_doctests_of_the_extraction_modules() -> None:
    import doctest

    import kg.lexicon
    import kg.nereval
    import kg.pipeline
    import kg.segment
    import kg.tagger

    for module in (kg.tagger, kg.nereval, kg.segment, kg.lexicon, kg.pipeline):
        assert doctest.testmod(module).failed == 0, module.__name__


def test_cli_train_writes_a_model(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    write_bio(tmp_path / "data" / "ner" / "people_daily" / "dev.bio", SENTENCES)
    model = tmp_path / "m.crfsuite"
    result = CliRunner().invoke(main, ["train", str(tmp_path / "data"), "-o", str(model)])
    assert result.exit_code == 0, result.output
    assert model.exists() and "Trained on" in result.output
    missing = CliRunner().invoke(main, ["train", str(tmp_path), "-o", str(model)])
    assert missing.exit_code == 1 and "no NER corpus" in missing.output


def test_occupations_lexicon_from_hanlp_and_cluener_train(tmp_path: Path) -> None:
    """Jobs come from HanLP's title list (frequent ones) and CLUENER's training positions (not the held-out
    tenth); official titles, degrees, non-jobs and titles with a country or body written in are left out."""
    from kg.train import occupations, write_occupations

    hanlp = tmp_path / "lexicons" / "hanlp"
    hanlp.mkdir(parents=True)
    (hanlp / "titles.tsv").write_text("记者\t900\n部长\t800\n硕士\t50\n主力\t40\n罕见官\t2\n", encoding="utf-8")
    ner = tmp_path / "ner" / "cluener"
    ner.mkdir(parents=True)
    rows = []
    for i in range(20):  # every 10th sentence (i % 10 == 9) is held out and must not be read
        word = "举重选手" if i % 10 == 9 else ("解说" if i % 2 else "俄罗斯总统")
        rows.append({"text": f"{word}说", "label": {"position": {word: [[0, len(word) - 1]]}}})
    (ner / "train.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                     encoding="utf-8")
    assert occupations(tmp_path) == ["解说", "记者"]
    out = write_occupations(tmp_path, tmp_path / "occupations.txt")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#") and lines[-2:] == ["解说", "记者"]


def test_missing_hanlp_titles_is_reported(tmp_path: Path) -> None:
    from kg.train import occupations

    with pytest.raises(KgError, match="titles.tsv"):
        occupations(tmp_path)


class _FixedTagger:
    """Proposes the same spans for every sentence (stands in for the CRF), each with the same confidence."""

    def __init__(self, spans: list[tuple[int, int, str]], confidence: float = 1.0) -> None:
        self.spans = spans
        self.confidence = confidence
        self.lexicon = load_lexicon()

    def tag(self, text: str, words) -> list[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
        return [s for s in self.spans if s[1] <= len(text)]

    def tag_scored(self, text: str, words, scored):  # type: ignore[no-untyped-def]
        return [(s, e, label, self.confidence if scored(s, e, label) else None)
                for s, e, label in self.tag(text, words)]


@pytest.mark.parametrize(("text", "span", "want"), [
    ("王建国　李明华出席。", (0, 7, "PER"), ["王建国", "李明华"]),  # a list run together
    ("秦：李斯说", (0, 4, "PER"), ["秦", "李斯"]),
    ("竹藤—这一主题", (0, 3, "PER"), ["竹藤—"]),  # punctuation at an end: left whole
    ("秦:--李斯说", (0, 6, "PER"), ["秦", "李斯"]),  # a hyphen at a part's edge joins nothing
    ("巴里、阿什利·说", (0, 7, "PER"), ["巴里", "阿什利"]),
    ("艺术家理查德·", (3, 7, "PER"), ["理查德·"]),  # the text ends inside the name: kept as written
    ("北京（集团）公司", (0, 8, "ORG"), ["北京（集团）公司"]),  # only person spans are cut
])
def test_person_proposals_are_cut_at_punctuation(text: str, span: tuple[int, int, str], want: list[str]) -> None:
    from kg.tagger import EntityTagger

    stage = EntityTagger(_FixedTagger([span]))  # type: ignore[arg-type]
    doc = Pipeline(["normalize", "sentences", "tokens"])(text)
    assert [m.text for m in stage(doc).mentions] == want


@pytest.mark.parametrize(("text", "span", "kind"), [
    ("上轮大胜华伦丹。", (4, 7, "PER"), "tagger:unsure"),  # transliteration characters only
    ("汤广福发言。", (0, 3, "PER"), "tagger"),  # a Chinese name: 福 is no transliteration character
    ("林武发言。", (0, 2, "PER"), "tagger"),  # a surname and a one-character name
    ("华伦丹队", (0, 3, "ORG"), "tagger"),  # only person spans are scored
])
def test_unsure_transliterations_are_marked(text: str, span: tuple[int, int, str], kind: str) -> None:
    from kg.tagger import EntityTagger

    doc = Pipeline(["normalize", "sentences", "tokens"])(text)
    unsure = EntityTagger(_FixedTagger([span], confidence=0.3))  # type: ignore[arg-type]
    assert [m.kind for m in unsure(doc).mentions] == [kind]
    sure = EntityTagger(_FixedTagger([span], confidence=0.9))  # type: ignore[arg-type]
    assert [m.kind for m in sure(doc).mentions] == ["tagger"]


def test_tag_scored_gives_marginals_of_the_selected_spans() -> None:
    from kg.tagger import sentence_words

    tagger = CrfTagger()
    text = "俄国防部长绍伊古当天向俄总统普京报告。"
    doc = Pipeline(["normalize", "sentences", "tokens"])(text)
    words = sentence_words(doc.tokens, 0)
    scored = tagger.tag_scored(text, words, lambda s, e, label: label == "PER")
    assert [(s, e, label) for s, e, label, _ in scored] == tagger.tag(text, words)
    for _, _, label, confidence in scored:
        if label == "PER":
            assert confidence is not None and 0.0 < confidence <= 1.0
        else:
            assert confidence is None


def test_not_names_lexicon_from_the_training_corpora(tmp_path: Path) -> None:
    """Words the training parts use often outside person spans and never as a name are no names; a word the
    corpora also label as a person, a rare word and a word only in held-out sentences are kept out."""
    from kg.train import not_names, write_not_names

    ner = tmp_path / "ner" / "cluener"
    ner.mkdir(parents=True)
    rows = []
    for i in range(40):  # every 10th sentence (i % 10 == 9) is held out and must not be read
        if i % 10 == 9:
            rows.append({"text": "他们讨论了白皮书的内容。", "label": {}})
        elif i % 3 == 0:
            rows.append({"text": "高峰表示支持。", "label": {"name": {"高峰": [[0, 1]]}}})
        else:
            rows.append({"text": "卫星发射成功，高峰时段人多。", "label": {}})
    (ner / "train.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                     encoding="utf-8")
    words = not_names(tmp_path, min_count=10)
    assert "卫星" in words and "高峰" not in words and "白皮书" not in words
    out = write_not_names(tmp_path, tmp_path / "not_names.txt", min_count=10)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#") and "卫星" in lines


def test_the_shipped_not_names_lexicon_is_no_name_list() -> None:
    """The bundled list holds common words, and no name of an official the tests use elsewhere (it may hold
    names that are also frequent words: 费丹 is one, hence the exception after a title)."""
    from kg.lexicon import load_lexicon

    words = load_lexicon().not_names
    assert {"文明", "卫星", "白皮书"} <= words
    assert not words & {"李强", "王毅", "应勇", "孙绍骋"}
