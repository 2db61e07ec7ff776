"""Training of the entity tagger (:mod:`kg.tagger`) from the open NER corpora in ``../shared/data/ner/``.

``kg train DATA -o MODEL`` reproduces the shipped model ``kg/models/ner.crfsuite``.  The corpora and how their
labels are mapped to the tagger's ``PER``/``ORG``/``LOC``/``TITLE``:

==============================  ==========================================================================
``people_daily/dev.bio``        PER, ORG, LOC; every 5th sentence is held out for validation
``msra/train.bmes.gz``          PER, ORG, LOC; every 50th sentence is held out
``cluener/train.jsonl``         name→PER, government/organization/company→ORG, address→LOC, position→TITLE;
                                book, game, movie, scene are not entities here; every 10th is held out
``resume/train.bmes``           NAME→PER, ORG, LOC, TITLE (``resume/dev.bmes`` is the validation set)
==============================  ==========================================================================

People's Daily and MSRA mark no titles, so kg's title words (:func:`kg.mentions.title_regex`) found on word
boundaries outside their entities are marked ``TITLE`` (silver labels), to agree with CLUENER and ResumeNER.
Texts are normalised (Simplified) and cut by kg's own word tokenizer, as at run time.  No gold file of the
document-level evaluation is read.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError
from kg.lexicon import Lexicon, load_lexicon
from kg.mentions import title_regex
from kg.nereval import NerReport, NerSentence, read_cluener, read_tagged, score_spans
from kg.normalize import Normalizer
from kg.segment import WordTokenizer
from kg.tagger import TAGGER_LABELS, CrfTagger, char_features, to_bioes

LABEL_MAPS: dict[str, dict[str, str]] = {
    "people_daily": {"PER": "PER", "ORG": "ORG", "LOC": "LOC"},
    "msra": {"PER": "PER", "ORG": "ORG", "LOC": "LOC"},
    "cluener": {"name": "PER", "government": "ORG", "organization": "ORG", "company": "ORG", "address": "LOC",
                "position": "TITLE"},
    "resume": {"NAME": "PER", "ORG": "ORG", "LOC": "LOC", "TITLE": "TITLE"},
}
SILVER_TITLES = frozenset(("people_daily", "msra"))
# (corpus, file under DATA/ner, reader, hold out every n-th sentence or 0)
SOURCES: tuple[tuple[str, str, Callable[[str | Path], Iterable[NerSentence]], int], ...] = (
    ("people_daily", "people_daily/dev.bio", read_tagged, 5),
    ("msra", "msra/train.bmes.gz", read_tagged, 50),
    ("cluener", "cluener/train.jsonl", read_cluener, 10),
    ("resume", "resume/train.bmes", read_tagged, 0),
)
PARAMS = {"c1": 0.4, "c2": 0.005, "max_iterations": 120, "feature.minfreq": 3,
          "feature.possible_transitions": True}


@dataclass
class TrainResult:
    """What :func:`train` did: the model file, its size, the time taken and validation scores."""

    model: Path
    size: int
    seconds: float
    sentences: int
    validation: dict[str, NerReport] = field(default_factory=dict)

    def format(self) -> str:
        lines = [f"Trained on {self.sentences} sentences in {self.seconds:.0f} s: {self.model} "
                 f"({self.size / 1e6:.1f} MB)"]
        for name, report in self.validation.items():
            lines.append(f"## validation: {name} (tagger alone, tagger labels)")
            lines.append(report.format())
        return "\n".join(lines)


def _mapped(sent: NerSentence, mapping: dict[str, str]) -> NerSentence:
    spans = sorted(((s, e, mapping[label]) for s, e, label in sent.spans if label in mapping),
                   key=lambda x: (-(x[1] - x[0]), x[0]))
    kept: list[tuple[int, int, str]] = []
    for s, e, label in spans:  # CLUENER may overlap: keep the longest
        if all(e <= a or s >= b for a, b, _ in kept):
            kept.append((s, e, label))
    return NerSentence(sent.text, tuple(sorted(kept)))


class _Featurizer:
    """Normalisation, words and features of training text, exactly as at run time."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.normalizer = Normalizer()
        self.words = WordTokenizer(lexicon)
        self.titles = title_regex(lexicon)

    def prepare(self, text: str) -> tuple[str, list[tuple[int, int, str]]]:
        norm = self.normalizer.simplify(text)
        if len(norm) != len(text):
            norm = text
        return norm, [(t.start, t.end, t.pos) for t in self.words.tokenize(norm)]

    def silver_titles(self, norm: str, words: Sequence[tuple[int, int, str]],
                      spans: tuple[tuple[int, int, str], ...]) -> tuple[tuple[int, int, str], ...]:
        starts = {s for s, _, _ in words}
        ends = {e for _, e, _ in words}
        taken = [False] * len(norm)
        for s, e, _ in spans:
            for i in range(s, e):
                taken[i] = True
        extra = [(m.start(), m.end(), "TITLE") for m in self.titles.finditer(norm)
                 if m.start() in starts and m.end() in ends and not any(taken[m.start():m.end()])]
        return tuple(sorted(spans + tuple(extra)))


def load_corpora(data_dir: str | Path, limit: int | None = None) -> tuple[dict[str, list[NerSentence]], dict[str, list[NerSentence]]]:
    """Training and validation sentences per corpus, with labels mapped to the tagger's.

    Args:
        data_dir: the shared data folder (holding ``ner/``), or a folder laid out like it.
        limit: read at most this many sentences of each corpus (for quick experiments and tests).

    Raises:
        KgError: no corpus was found under ``data_dir``.
    """
    root = Path(data_dir)
    ner = root / "ner" if (root / "ner").is_dir() else root
    train: dict[str, list[NerSentence]] = {}
    valid: dict[str, list[NerSentence]] = {}
    for name, rel, reader, every in SOURCES:
        path = ner / rel
        if not path.exists():
            continue
        sents = [_mapped(s, LABEL_MAPS[name]) for _, s in zip(range(limit or 10**9), reader(path), strict=False)]
        if every:
            valid[name] = [s for i, s in enumerate(sents) if i % every == every - 1]
            sents = [s for i, s in enumerate(sents) if i % every != every - 1]
        train[name] = sents
    dev = ner / "resume" / "dev.bmes"
    if dev.exists() and "resume" in train:
        valid["resume"] = [_mapped(s, LABEL_MAPS["resume"]) for _, s in
                           zip(range(limit or 10**9), read_tagged(dev), strict=False)]
    if not train:
        raise KgError(f"{ner}: no NER corpus found (expected e.g. people_daily/dev.bio, msra/train.bmes.gz); "
                      "pass the shared data folder, e.g. ../shared/data")
    return train, valid


def train(data_dir: str | Path, out: str | Path, *, limit: int | None = None,
          params: dict[str, object] | None = None, lexicon: Lexicon | None = None,
          valid_dir: str | Path | None = None, log: Callable[[str], None] | None = None) -> TrainResult:
    """Train the CRF tagger and write the model to ``out``.

    Args:
        data_dir: the shared data folder (with ``ner/``).
        out: the model file to write (``kg/models/ner.crfsuite`` for the shipped model).
        limit: use at most this many sentences of each corpus.
        params: crfsuite training parameters (default :data:`PARAMS`).
        lexicon: lexicons (default: the bundled ones).
        valid_dir: also write the held-out validation sentences there (``*.bio``/``*.bmes``/``*.jsonl``), so
            ``kg evaluate-ner`` can score the whole pipeline on them.
        log: called with progress messages.

    Returns:
        The model path, its size, the training time and the tagger's validation scores.

    Example:
        ``train("../shared/data", "kg/models/ner.crfsuite")`` (about half an hour on two cores).
    """
    import pycrfsuite

    t0 = time.perf_counter()
    lex = lexicon or load_lexicon()
    say = log or (lambda msg: None)
    train_sets, valid_sets = load_corpora(data_dir, limit)
    feat = _Featurizer(lex)
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.select("lbfgs")
    trainer.set_params({**PARAMS, **(params or {})})
    count = 0
    for name, sents in train_sets.items():
        for s in sents:
            norm, words = feat.prepare(s.text)
            spans = feat.silver_titles(norm, words, s.spans) if name in SILVER_TITLES else s.spans
            trainer.append(char_features(norm, words, lex), to_bioes(len(norm), spans))
            count += 1
        say(f"{name}: {len(sents)} training sentences")
    out_path = Path(out)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    say(f"training on {count} sentences …")
    trainer.train(str(out_path))
    result = TrainResult(out_path, out_path.stat().st_size, 0.0, count)
    tagger = CrfTagger(out_path, lex)
    for name, sents in valid_sets.items():
        predicted = []
        for s in sents:
            norm, words = feat.prepare(s.text)
            predicted.append(tagger.tag(norm, words))
        result.validation[name] = score_spans(sents, predicted, [x for x in TAGGER_LABELS if any(
            label == x for v in sents for _, _, label in v.spans)])
    if valid_dir is not None:
        write_validation(valid_sets, valid_dir, data_dir)
    result.seconds = time.perf_counter() - t0
    return result


def write_validation(valid_sets: dict[str, list[NerSentence]], valid_dir: str | Path,
                     data_dir: str | Path) -> list[Path]:
    """Write the held-out sentences in their corpus's own format and labels (re-read from ``data_dir``)."""
    import json

    root = Path(data_dir)
    ner = root / "ner" if (root / "ner").is_dir() else root
    out_dir = Path(valid_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rel, reader, every in SOURCES:
        if not every or name not in valid_sets:
            continue
        raw = [s for i, s in enumerate(reader(ner / rel)) if i % every == every - 1][:len(valid_sets[name])]
        if name == "cluener":
            path = out_dir / f"{name}-valid.jsonl"
            with path.open("w", encoding="utf-8") as f:
                for s in raw:
                    label: dict[str, dict[str, list[list[int]]]] = {}
                    for a, b, lab in s.spans:
                        label.setdefault(lab, {}).setdefault(s.text[a:b], []).append([a, b - 1])
                    f.write(json.dumps({"text": s.text, "label": label}, ensure_ascii=False) + "\n")
        else:
            bio = name == "people_daily"
            path = out_dir / f"{name}-valid.{'bio' if bio else 'bmes'}"
            with path.open("w", encoding="utf-8") as f:
                for s in raw:
                    tags = ["O"] * len(s.text)
                    for a, b, lab in s.spans:
                        for i in range(a, b):
                            if bio:
                                tags[i] = ("B-" if i == a else "I-") + lab
                            else:
                                tags[i] = ("S-" if b - a == 1 else "B-" if i == a else "E-" if i == b - 1
                                           else "M-") + lab
                    f.writelines(f"{c} {t}\n" for c, t in zip(s.text, tags, strict=True))
                    f.write("\n")
        written.append(path)
    return written


# ------------------------------------------------------------------------------------------- lexicons

_HANLP_NOTICE = """# Government bodies derived from HanLP's organization dictionary (tag nto), filtered by kg.train.
# Source: HanLP (https://github.com/hankcs/HanLP), Copyright hankcs, licensed under the Apache License 2.0
# (http://www.apache.org/licenses/LICENSE-2.0; full text in LICENSE-HanLP-Apache-2.0.txt). Changes: only entries tagged nto that occur at least {min_count}
# times, are 3-12 Chinese characters long, end in a government head word and do not start with a Chinese place
# name (those are built from their parts by kg's rules), and national or foreign bodies only (no generic unit
# names such as 工作委员会); regenerate with kg.train.write_hanlp_bodies.
"""
_GOV_TAILS = ("部", "委", "局", "厅", "院", "署", "办", "政府", "委员会", "党委", "人大", "政协", "总局", "银行",
              "法院", "检察院", "议会", "国会", "军", "部队", "司令部", "海关", "委员会", "办公室", "中心")
_NATIONAL = ("国家", "中国", "中央", "中华", "全国", "最高", "国务院")
_LOCAL = ("派出所", "村委会", "居委会", "街道办", "乡政府", "镇政府", "医院", "学院", "法院")


def hanlp_gov_bodies(data_dir: str | Path, min_count: int = 2, lexicon: Lexicon | None = None) -> list[str]:
    """Government bodies from HanLP's ``organizations.txt`` (tag ``nto``), filtered (see the file's header).

    A name that starts with a Chinese place (北京市公安局) is left out: kg builds those from the place and the
    body; so is a generic unit name with no body before it (工作委员会).  Foreign ones (美国联邦调查局) are kept.
    """
    import re

    root = Path(data_dir)
    path = root / "lexicons" / "hanlp" / "organizations.txt"
    if not path.exists():
        raise KgError(f"{path}: not found; pass the shared data folder, e.g. ../shared/data")
    lex = lexicon or load_lexicon()
    words = WordTokenizer(lex)
    foreign = {c for c in lex.countries if c not in ("中国", "中方")}
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) != 3 or parts[1] != "nto" or not parts[2].isdigit() or int(parts[2]) < min_count:
            continue
        name = parts[0]
        if not re.fullmatch(r"[\u4e00-\u9fff]{3,12}", name) or not name.endswith(_GOV_TAILS) or \
                name.endswith(_LOCAL) or name in lex.gov_bodies:
            continue
        if any(name.startswith(c) for c in foreign):
            out.append(name)
            continue
        local = any(words.tag_of(name[:k]) == "ns" or name[:k].endswith(("省", "市", "县", "区", "州"))
                    for k in (2, 3, 4))
        national = name.startswith(_NATIONAL) or any(name.startswith(b) for b in lex.gov_bodies if len(b) >= 3) \
            or (name.endswith("部") and len(name) <= 6)
        if national and not local:
            out.append(name)
    return sorted(set(out))


def write_hanlp_bodies(data_dir: str | Path, out: str | Path, min_count: int = 2) -> Path:
    """Write :func:`hanlp_gov_bodies` with the HanLP licence notice (``kg/lexicons/hanlp_gov_bodies.txt``)."""
    names = hanlp_gov_bodies(data_dir, min_count)
    path = Path(out)
    path.write_text(_HANLP_NOTICE.format(min_count=min_count) + "\n".join(names) + "\n", encoding="utf-8")
    return path


_OCCUPATIONS_NOTICE = """# Jobs and occupations (记者, 教授, 总经理 …): TITLE mentions that are not official posts (kind "occupation").
# Built by kg.train.write_occupations from (1) HanLP's job-title dictionary lexicons/hanlp/titles.tsv (entries seen
# at least {min_count} times; Source: HanLP (https://github.com/hankcs/HanLP), Copyright hankcs, Apache License 2.0,
# full text in LICENSE-HanLP-Apache-2.0.txt) and (2) the position labels of the CLUENER2020 training sentences
# kg.train trains on (every 10th sentence, held out for validation, is not read; strings labelled at least
# {cluener_min} times). Left out: kg's official titles (titles.txt), words that name a membership, a group, a
# rank of honour or no person at all, and strings with digits, Latin letters or punctuation.
"""
# Not jobs: memberships, groups, honours, generic people, and HanLP entries that are not titles at all.
_NOT_OCCUPATIONS = frozenset(
    "主力 司令部 学堂 故事片 机关报 护航舰 总编室 泗州 船厂 民委 纪委 器乐 要职 高职 教职 公职 军职 副职 师生员工 党员 "
    "共产党员 会员 成员 团员 社员 组员 队员 学员 烈士 证人 知名人士 开路先锋 冠军 农民 工人 士兵 战士 军人 骑兵 领导干部 "
    "干部 职工 雇员 知青 劳动模范 劳模 代表 大代表 人大代表 党代表 军代表 全权代表 候选人 代理人 监护人 辩护人 使者 "
    "供应商 承包商 承销商 法人 管理者 经营者 经营管理者 企业经营者 研究者 组织者 设计者 驾驶者 操作者 演唱者 统治者 "
    "领导者 领导人 领袖 首脑 元首 君主 国君 皇帝 王后 女王 国王 太保 太常 少卿 司马 郎中 相国 宰相 丞相 首辅 重臣 "
    "举人 进士 大学士 学士 翰林 编修 侍读 侍中 讲官 给事中 尚书 侍郎 刺史 太守 县令 知县 知府 巡抚 提督 督军 节度使 "
    "枢密使 郡王 公爵 伯爵 爵士 武士 武将 大将 大将军 大元帅 元帅 京官 地方官 官吏 衙役 判官 史官 要员 高官 重臣 "
    "团总 保长 堂主 帮主 掌门 掌门人 教主 盟主 头目 首领 酋长 长老 打手 间谍 替身 随从 侍从 侍卫 侍者 卫士 小工 "
    "杂役 配角 男一号 女一号 男主角 女主角 主角 小生 花旦 武生 女保镖 伴娘 伴郎 车模 小记者 一把手 二把手 副手 助手 "
    "师傅 名师 名医 大师 大夫 向导 园丁 学徒 模特 模特儿 农工 和尚 僧人 方丈 道长 法师 神父 牧师 祭司 传教士 "
    "大主教 主教 教皇 住持 武官 顾问 魔兽 开发商 片商 庄家 股东 投资者 战略投资者 收藏者 中介 主持 领导 黑客 "
    "硕士 博士 学士 硕士生 博士生 博士后 研究生 本科生".split())  # degrees are not jobs


def occupations(data_dir: str | Path, min_count: int = 5, cluener_min: int = 2,
                lexicon: Lexicon | None = None) -> list[str]:
    """Occupation words (see the header of ``kg/lexicons/occupations.txt``), sorted.

    Raises:
        KgError: HanLP's titles.tsv is not under ``data_dir``.
    """
    import re
    from collections import Counter

    root = Path(data_dir)
    path = root / "lexicons" / "hanlp" / "titles.tsv"
    if not path.exists():
        raise KgError(f"{path}: not found; pass the shared data folder, e.g. ../shared/data")
    lex = lexicon or load_lexicon()
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, count = line.partition("\t")
        if count.strip().isdigit() and int(count) >= min_count:
            words.add(word.strip())
    cluener = root / "ner" / "cluener" / "train.jsonl"
    if cluener.exists():
        every = dict((name, n) for name, _, _, n in SOURCES)["cluener"]
        counts: Counter[str] = Counter()
        for i, sent in enumerate(read_cluener(cluener)):
            if every and i % every == every - 1:
                continue  # held out for validation
            counts.update(sent.text[a:b] for a, b, label in sent.spans if label == "position")
        words.update(w for w, c in counts.items() if c >= cluener_min)
    title_re = title_regex(lex)

    def named(word: str) -> bool:  # a post with its body or country written in (俄罗斯总统, 重庆市市长, 美国防部长)
        return any(title_re.fullmatch(word[k:]) and (
            word[:k] in lex.countries or word[:k] in lex.gov_bodies or word[:k].endswith(("省", "市", "县"))
            or word[0] in "美俄英法德日韩朝印" or word.startswith(("全国", "中央", "国家")))
            for k in range(1, len(word) - 1))

    return sorted(w for w in words if re.fullmatch(r"[\u4e00-\u9fff]{2,8}", w) and w not in _NOT_OCCUPATIONS
                  and not title_re.fullmatch(w) and not named(w))


def write_occupations(data_dir: str | Path, out: str | Path, min_count: int = 5, cluener_min: int = 2) -> Path:
    """Write :func:`occupations` with its notice (``kg/lexicons/occupations.txt``)."""
    names = occupations(data_dir, min_count, cluener_min)
    path = Path(out)
    path.write_text(_OCCUPATIONS_NOTICE.format(min_count=min_count, cluener_min=cluener_min) + "\n".join(names)
                    + "\n", encoding="utf-8")
    return path


_NOT_NAMES_NOTICE = """# Words that are no person's name (文明, 卫星, 白皮书 …), though a surname starts them and jieba's dictionary may
# tag them as names: a name proposed by the tagger or by jieba is dropped when it is one of them, unless a title
# or a job stands right before it. Built by kg.train.write_not_names from the training parts of the NER
# corpora kg.train trains on (People's Daily, MSRA, CLUENER2020, ResumeNER; the held-out sentences are not read):
# words of two to four Chinese characters, as jieba's default dictionary cuts the sentences, seen at least
# {min_count} times outside person spans and never labelled as a person.
"""


def not_names(data_dir: str | Path, min_count: int = 10) -> list[str]:
    """Words the NER training corpora use often and never as a person's name (see ``kg/lexicons/not_names.txt``),
    sorted.

    Raises:
        KgError: no NER corpus under ``data_dir``.
    """
    import re
    from collections import Counter

    import jieba

    train_sets, _ = load_corpora(data_dir)
    cutter = jieba.Tokenizer()  # jieba's own dictionary, without the words kg adds
    persons: Counter[str] = Counter()
    others: Counter[str] = Counter()
    for sents in train_sets.values():
        for sent in sents:
            spans = {(a, b) for a, b, label in sent.spans if label == "PER"}
            inside = bytearray(len(sent.text))
            for a, b in spans:
                persons[sent.text[a:b]] += 1
                inside[a:b] = b"\x01" * (b - a)
            pos = 0
            for word in cutter.cut(sent.text):
                a, pos = pos, pos + len(word)
                if 2 <= len(word) <= 4 and not any(inside[a:pos]):
                    others[word] += 1
    return sorted(w for w, c in others.items() if c >= min_count and not persons[w]
                  and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", w))


def write_not_names(data_dir: str | Path, out: str | Path, min_count: int = 10) -> Path:
    """Write :func:`not_names` with its notice (``kg/lexicons/not_names.txt``)."""
    words = not_names(data_dir, min_count)
    path = Path(out)
    path.write_text(_NOT_NAMES_NOTICE.format(min_count=min_count) + "\n".join(words) + "\n", encoding="utf-8")
    return path
