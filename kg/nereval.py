"""Named-entity evaluation of kg's mention finder on standard Chinese NER sets (exact span match).

Three formats are read:

- ``bio``: one character and its tag per line (``中 B-ORG``), a blank line between sentences (People's Daily);
- ``bmes``: the same with B/M/E/S tags (MSRA, ResumeNER); plain ``.gz`` files are read too;
- ``cluener``: CLUENER2020 JSON lines, ``{"text", "label": {type: {string: [[start, end_inclusive]]}}}``.

kg's mentions are mapped to each set's labels by :data:`SCHEMES` (the mapping is documented there); gold
labels a scheme does not score (EDU, game, movie …) are ignored on both sides.  Scores are micro-averaged over
sentences, per label, and ``overall`` is the micro F1 over the scored labels.

Example:
    >>> gold = [NerSentence("国务院总理李强讲话。", ((0, 3, "ORG"), (5, 7, "PER")))]
    >>> pred = [((0, 3, "ORG"), (5, 6, "PER"))]
    >>> r = score_spans(gold, pred, ("PER", "ORG", "LOC"))
    >>> r.scores["ORG"].tp, r.scores["PER"].tp, round(r.overall.f1, 3)
    (1, 0, 0.5)
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kg.errors import EvaluationError
from kg.evaluate import Score
from kg.model import Document, Mention, Span

NerFormat = Literal["bio", "bmes", "cluener"]
FORMATS: tuple[NerFormat, ...] = ("bio", "bmes", "cluener")
EntitySpan = tuple[int, int, str]


@dataclass(frozen=True)
class NerSentence:
    """One annotated sentence: its text and gold entity spans ``(start, end, label)`` (end exclusive)."""

    text: str
    spans: tuple[EntitySpan, ...]


# ------------------------------------------------------------------------------------------------ readers

def _open_text(path: Path) -> Iterator[str]:
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rt", encoding="utf-8") as f:
                yield from f
        else:
            with path.open(encoding="utf-8") as f:
                yield from f
    except FileNotFoundError:
        raise EvaluationError(f"{path}: no such file") from None
    except (UnicodeDecodeError, OSError) as e:
        raise EvaluationError(f"{path}: cannot read as UTF-8 text ({e})") from None


def read_tagged(path: str | Path) -> Iterator[NerSentence]:
    """Sentences of a character-per-line file in BIO, BIOES or BMES tags (the scheme is read from the tags).

    A line is ``CHAR TAG`` (space or tab); a line holding only a tag stands for a space character.
    """
    p = Path(path)
    chars: list[str] = []
    tags: list[str] = []
    for n, line in enumerate(_open_text(p), 1):
        line = line.rstrip("\r\n")
        if not line.strip():
            if chars:
                yield NerSentence("".join(chars), tuple(spans_from_tags(tags)))
                chars, tags = [], []
            continue
        parts = line.split()
        if len(parts) == 1:
            ch, tag = " ", parts[0]
        elif len(parts) == 2:
            ch, tag = parts
        else:
            raise EvaluationError(f"{p}:{n}: expected 'CHAR TAG', got {line!r}")
        if tag != "O" and (len(tag) < 3 or tag[1] not in "-_" or tag[0] not in "BIMES"):
            raise EvaluationError(f"{p}:{n}: unknown tag {tag!r}; use O, B-X, I-X, M-X, E-X or S-X")
        chars.append(ch[0])
        tags.append(tag)
    if chars:
        yield NerSentence("".join(chars), tuple(spans_from_tags(tags)))


def spans_from_tags(tags: Sequence[str]) -> Iterator[EntitySpan]:
    """Entity spans of a tag sequence in BIO, BIOES or BMES; a stray I/M/E starts an entity (lenient).

    Example:
        >>> list(spans_from_tags(["B-PER", "E-PER", "O", "S-LOC", "B-ORG", "I-ORG"]))
        [(0, 2, 'PER'), (3, 4, 'LOC'), (4, 6, 'ORG')]
    """
    start, label = -1, ""
    for i, tag in enumerate(tags):
        pos, typ = tag[0], tag[2:]
        if tag == "O" or pos in "BS" or typ != label:
            if start >= 0:
                yield (start, i, label)
                start, label = -1, ""
            if tag == "O":
                continue
            start, label = i, typ
        if pos in "ES":
            yield (start, i + 1, label)
            start, label = -1, ""
    if start >= 0:
        yield (start, len(tags), label)


def read_cluener(path: str | Path) -> Iterator[NerSentence]:
    """Sentences of a CLUENER2020 JSON-lines file (spans are ``[start, end_inclusive]``)."""
    p = Path(path)
    for n, line in enumerate(_open_text(p), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            text = rec["text"]
            spans = [(s, e + 1, label) for label, names in (rec.get("label") or {}).items()
                     for occurrences in names.values() for s, e in occurrences]
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
            raise EvaluationError(f"{p}:{n}: not a CLUENER record ({type(e).__name__}: {e})") from None
        yield NerSentence(text, tuple(sorted(spans)))


def read_ner(path: str | Path, fmt: NerFormat) -> list[NerSentence]:
    """Read an NER file in ``fmt`` (``bio``, ``bmes`` or ``cluener``)."""
    if fmt == "cluener":
        return list(read_cluener(path))
    if fmt in ("bio", "bmes"):
        return list(read_tagged(path))
    raise EvaluationError(f"unknown NER format {fmt!r}; valid formats: {', '.join(FORMATS)}")


# ------------------------------------------------------------------------------------- label mapping

# kg label (with the organization kind where it matters) -> label of each scheme.  PERSON is a person's name,
# PLACE a country, region or city, ORG any organization (in CLUENER only government bodies are scored, as
# "government"; kg's other organizations have no single CLUENER counterpart: company/organization), TITLE a
# post or job title.  People's Daily and MSRA have no title label; they tag a bare surname used as a name
# (陈小姐, 江主席) as a person: kg's SURNAME mentions, which CLUENER and ResumeNER do not tag.
# People's Daily and MSRA write a government named by its place (美国政府, 特区政府) as the place (LOC) and an
# untagged 政府; kg's organization is scored that way in their schemes.
_PLACE_GOVERNMENT = "ORG:place+政府"
SCHEMES: dict[NerFormat, dict[str, str]] = {
    "bio": {"PERSON": "PER", "SURNAME": "PER", "ORG": "ORG", "PLACE": "LOC", _PLACE_GOVERNMENT: "LOC"},
    "bmes": {"PERSON": "PER", "SURNAME": "PER", "ORG": "ORG", "PLACE": "LOC", _PLACE_GOVERNMENT: "LOC"},
    "cluener": {"PERSON": "name", "ORG:government": "government", "BODY": "government", "TITLE": "position"},
}
# ResumeNER is BMES with its own label names: detected from the gold labels.
RESUME_SCHEME = {"PERSON": "NAME", "ORG": "ORG", "TITLE": "TITLE"}


def scheme_for(fmt: NerFormat, sentences: Iterable[NerSentence]) -> dict[str, str]:
    """The kg-to-gold label mapping for a file: its format's, or ResumeNER's when the gold uses NAME."""
    if fmt == "bmes" and any(label == "NAME" for s in sentences for _, _, label in s.spans):
        return RESUME_SCHEME
    return SCHEMES[fmt]


def map_mentions(mentions: Iterable[Mention], scheme: dict[str, str], offset: int = 0) -> list[EntitySpan]:
    """kg mentions as spans of the scheme's labels (nested organizations are not flat NER spans)."""
    out = []
    as_place = scheme.get(_PLACE_GOVERNMENT)
    for m in mentions:
        kind = (m.kind or "")
        if kind.endswith(":nested"):
            continue
        if as_place and m.label == "ORG" and m.key.endswith("政府") and _is_place(m.key[:-2]):
            out.append((m.start - offset, m.end - 2 - offset, as_place))
            continue
        label = scheme.get(f"{m.label}:{kind.split(':')[0]}") or scheme.get(m.label)
        if label:
            out.append((m.start - offset, m.end - offset, label))
    return out


def _is_place(name: str) -> bool:
    """A country, its one-character abbreviation, or an administrative region (省, 市, 县, 区, 特区)."""
    from kg.lexicon import load_lexicon
    from kg.mentions import COUNTRY_ABBREVIATIONS, PLACE_SUFFIXES

    return bool(name) and (name in load_lexicon().countries or name in COUNTRY_ABBREVIATIONS
                           or name.endswith(PLACE_SUFFIXES) or name.endswith("特区"))


# ------------------------------------------------------------------------------------------------ scoring

@dataclass(frozen=True)
class NerReport:
    """Scores per label (in the scheme's order) and the micro-average over them."""

    scores: dict[str, Score]

    @property
    def overall(self) -> Score:
        return Score(sum(s.tp for s in self.scores.values()), sum(s.pred for s in self.scores.values()),
                     sum(s.gold for s in self.scores.values()))

    def format(self) -> str:
        """One line per label ``LABEL  P  R  F1  tp  pred  gold`` and ``overall_f1=…`` last."""
        lines = [f"{'label':<14} {'P':>6} {'R':>6} {'F1':>6} {'tp':>6} {'pred':>6} {'gold':>6}"]
        for label, m in self.scores.items():
            lines.append(f"{label:<14} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f} {m.tp:6d} {m.pred:6d} "
                         f"{m.gold:6d}")
        lines.append(f"overall_f1={self.overall.f1:.3f}")
        return "\n".join(lines)


def score_spans(gold: Sequence[NerSentence], predicted: Sequence[Iterable[EntitySpan]],
                labels: Sequence[str]) -> NerReport:
    """Exact-match scores of predicted spans against gold, for ``labels`` only."""
    counts = {label: [0, 0, 0] for label in labels}
    for g, p in zip(gold, predicted, strict=True):
        gs = {s for s in g.spans if s[2] in counts}
        ps = {s for s in p if s[2] in counts}
        for label, c in counts.items():
            gl = {s for s in gs if s[2] == label}
            pl = {s for s in ps if s[2] == label}
            c[0] += len(gl & pl)
            c[1] += len(pl)
            c[2] += len(gl)
    return NerReport({label: Score(*c) for label, c in counts.items()})


def evaluate_ner(path: str | Path, fmt: NerFormat,
                 analyse: Callable[[Iterable[Document]], Iterable[Document]] | None = None) -> NerReport:
    """Score kg's mention finder on an NER file.

    Each sentence is analysed on its own as a document; its mentions are mapped to the file's labels by
    :func:`scheme_for`.

    Args:
        path: the NER file.
        fmt: ``bio``, ``bmes`` or ``cluener``.
        analyse: runs the pipeline over documents (default: a new :class:`kg.pipeline.Pipeline`'s ``pipe``).

    Returns:
        The report; ``report.format()`` is the table ``kg evaluate-ner`` prints.

    Raises:
        EvaluationError: the file is missing or not in ``fmt``.
    """
    sentences = read_ner(path, fmt)
    if not sentences:
        raise EvaluationError(f"{path}: no sentences found; is it a {fmt} file?")
    scheme = scheme_for(fmt, sentences)
    if analyse is None:
        from kg.pipeline import Pipeline

        analyse = Pipeline().pipe
    docs = (Document(id=str(i), text=s.text, regions=(Span(0, len(s.text)),)) for i, s in enumerate(sentences))
    predicted = [map_mentions(d.mentions, scheme) for d in analyse(docs)]
    labels = list(dict.fromkeys(scheme.values()))
    return score_spans(sentences, predicted, labels)
