"""A statistical entity tagger: a character CRF (python-crfsuite) over the normalised Simplified view.

Each character is described by its neighbours (the characters before and after it and the two bigrams), the
classes of the three (digit, Latin, punctuation, Chinese; a common surname; a transliteration character) and
the jieba word it is part of (position in the word with the word's dictionary tag, the word itself), so that
kg's domain words (titles ``nnt``, government bodies ``ntg`` …, added to the tokenizer) are features too.
Labels are ``PER``, ``ORG``, ``LOC`` and ``TITLE`` in BIOES tags.

The model is trained by :mod:`kg.train` from open NER corpora (``kg train``) and ships in the package as
``kg/models/ner.crfsuite``; it is read through :mod:`importlib.resources` the first time a tagger is used.

The ``entities`` pipeline stage (:class:`EntityTagger`) adds the tagger's spans to ``Document.mentions`` with
``kind="tagger"``; the ``mentions`` stage then treats them as proposals, and its rules decide (and override
them where the structure of the text is certain).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from kg.errors import KgError
from kg.lexicon import Lexicon, load_lexicon
from kg.model import Document, Label, Mention, Token

TAGGER_LABELS = ("PER", "ORG", "LOC", "TITLE")
TO_KG_LABEL: dict[str, Label] = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE", "TITLE": "TITLE"}
MODEL_RESOURCE = "ner.crfsuite"
PROPOSAL = "tagger"  # Mention.kind of the tagger's proposals
UNSURE = "tagger:unsure"  # Mention.kind of the transliterated names it is unsure of (see MIN_TRANSLITERATED)
# The least tag probability a transliterated person name needs to be proposed: on the validation parts of the
# training corpora (kg train --valid-dir) the transliterated names below it were places, clubs and brands
# (CLUENER: 9 of 9; MSRA: 1 of 2; People's Daily: none below it).
MIN_TRANSLITERATED = 0.5

_PUNCT = set("，。、；：！？,.;:!?（）()“”‘’\"'《》〈〉「」『』【】—…·-/ \t\n\u3000")


class ModelError(KgError):
    """The tagger model is missing or cannot be read."""


def _char_class(ch: str, lex: Lexicon) -> str:
    if ch.isdigit():
        return "d"
    if ch.isascii() and ch.isalpha():
        return "a"
    if ch in _PUNCT:
        return "p"
    if "\u3400" <= ch <= "\u9fff":
        if ch in lex.surnames:
            return "cs" if ch in lex.translit else "s"
        return "ct" if ch in lex.translit else "c"
    return "o"


def char_features(text: str, words: Sequence[tuple[int, int, str]], lex: Lexicon,
                  classes: dict[str, str] | None = None) -> list[list[str]]:
    """The CRF attributes of each character of ``text``.

    Args:
        text: a sentence of the normalised (Simplified) view.
        words: its jieba words as ``(start, end, tag)`` relative to ``text``, covering it.
        lex: the lexicons (surnames, transliteration characters).
        classes: a memo of character classes, filled as characters are seen (owned by the caller).

    Example:
        >>> feats = char_features("李强讲话", [(0, 2, "nr"), (2, 4, "v")], load_lexicon())
        >>> feats[0][:3], "wp=Bnr" in feats[0]
        (['c=李', 'p=\\x02', 'n=强'], True)
    """
    n = len(text)
    pad = "\x02\x02" + text + "\x03\x03"
    cls = [_char_class(c, lex) for c in text] if classes is None else \
        [classes.get(c) or classes.setdefault(c, _char_class(c, lex)) for c in text]
    cpad = ["^", "^"] + cls + ["$", "$"]
    wpos = ["S"] * n
    wtag = ["x"] * n
    wword = [""] * n
    for s, e, tag in words:
        length = e - s
        if length <= 0:
            continue
        word = text[s:e] if 2 <= length <= 8 else ""
        for i in range(s, min(e, n)):
            wpos[i] = "S" if length == 1 else "B" if i == s else "E" if i == e - 1 else "M"
            wtag[i] = tag
            wword[i] = word
    return [[
        "c=" + pad[i + 2], "p=" + pad[i + 1], "n=" + pad[i + 3],
        "pc=" + pad[i + 1:i + 3], "cn=" + pad[i + 2:i + 4],
        "k=" + cpad[i + 1] + cpad[i + 2] + cpad[i + 3],
        "wp=" + wpos[i] + wtag[i], "w=" + wword[i] + wpos[i],
    ] for i in range(n)]


def spans_from_bioes(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity spans of a predicted BIOES sequence; an entity must be well formed (B I* E or S).

    Example:
        >>> spans_from_bioes(["B-PER", "E-PER", "O", "S-LOC", "B-ORG", "O"])
        [(0, 2, 'PER'), (3, 4, 'LOC')]
    """
    out = []
    start, label = -1, ""
    for i, tag in enumerate(tags):
        pos, typ = tag[0], tag[2:]
        if pos == "S":
            out.append((i, i + 1, typ))
            start = -1
        elif pos == "B":
            start, label = i, typ
        elif pos == "I":
            if typ != label:
                start = -1
        elif pos == "E":
            if start >= 0 and typ == label:
                out.append((start, i + 1, typ))
            start = -1
        else:
            start = -1
    return out


def to_bioes(n: int, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """BIOES tags of ``n`` characters with the given (non-overlapping) spans."""
    tags = ["O"] * n
    for s, e, label in spans:
        if e - s == 1:
            tags[s] = "S-" + label
        else:
            tags[s] = "B-" + label
            for i in range(s + 1, e - 1):
                tags[i] = "I-" + label
            tags[e - 1] = "E-" + label
    return tags


def bundled_model() -> bytes:
    """The bytes of the model shipped in ``kg/models/``."""
    try:
        return resources.files("kg").joinpath("models").joinpath(MODEL_RESOURCE).read_bytes()
    except (FileNotFoundError, OSError):
        raise ModelError(f"the bundled tagger model kg/models/{MODEL_RESOURCE} is missing; reinstall kg or "
                         "rebuild it with `kg train ../shared/data -o kg/models/ner.crfsuite`") from None


class CrfTagger:
    """Tags sentences with a CRF model; the model is opened on first use.

    Args:
        model: a model file, the model's bytes, or ``None`` for the bundled model.
        lexicon: lexicons for the character classes (default: the bundled ones).
    """

    def __init__(self, model: str | Path | bytes | None = None, lexicon: Lexicon | None = None) -> None:
        self._source = model
        self.lexicon = lexicon or load_lexicon()
        self._tagger: Any = None  # a pycrfsuite.Tagger once opened (pycrfsuite ships no type hints)
        self._model_bytes: bytes | None = None
        self._classes: dict[str, str] = {}

    def _open(self):  # type: ignore[no-untyped-def]
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        src = self._source
        try:
            if src is None or isinstance(src, bytes):
                # crfsuite reads the model in place: the bytes must live as long as the tagger
                self._model_bytes = bundled_model() if src is None else src
                tagger.open_inmemory(self._model_bytes)
            else:
                tagger.open(str(src))
        except (OSError, ValueError) as e:
            raise ModelError(f"cannot open tagger model {src if src is not None else MODEL_RESOURCE!s}: {e}") \
                from None
        return tagger

    def _tags(self, text: str, words: Sequence[tuple[int, int, str]]) -> list[str]:
        """The BIOES tag of each character of ``text`` (the model is opened on first use)."""
        if self._tagger is None:
            self._tagger = self._open()
        return self._tagger.tag(char_features(text, words, self.lexicon, self._classes))

    def tag(self, text: str, words: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Entity spans ``(start, end, label)`` of ``text`` (offsets relative to it)."""
        return spans_from_bioes(self._tags(text, words)) if text else []

    def tag_scored(self, text: str, words: Sequence[tuple[int, int, str]],
                   scored: Callable[[int, int, str], bool]) -> list[tuple[int, int, str, float | None]]:
        """Like :meth:`tag`, with the confidence of the spans ``scored(start, end, label)`` selects: the least
        marginal probability of the span's tags (``None`` for the spans not selected; marginals cost a
        forward-backward pass, run only when a span asks for it, on the sentence :meth:`_tags` just tagged)."""
        if not text:
            return []
        tags = self._tags(text, words)
        marginal = self._tagger.marginal
        return [(s, e, label, min(marginal(tags[i], i) for i in range(s, e)) if scored(s, e, label) else None)
                for s, e, label in spans_from_bioes(tags)]


def sentence_words(tokens: Sequence[Token], offset: int) -> list[tuple[int, int, str]]:
    """Tokens of one sentence as ``(start, end, tag)`` relative to ``offset``."""
    return [(t.start - offset, t.end - offset, t.pos) for t in tokens]


_JOINERS = "·•-"  # the middle dot and the hyphen join parts of one name
_NAME_PUNCT = _PUNCT - set(_JOINERS)
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z.'\-]{2,30}")


def _name_parts(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """A person span cut at the punctuation inside it (秦：李斯 → 秦, 李斯; 比科林（Bikolin → 比科林, Bikolin;
    names of a list the tagger ran together): no name holds a colon or a bracket.  A span that begins or ends
    with punctuation (竹藤—) is the tagger's confusion, not names, and is left whole (and so refused later),
    unless what is left is a name in Latin letters (Gyllenhaal）).

    Example:
        >>> _name_parts("秦：李斯说", 0, 4), _name_parts("王小明", 0, 3), _name_parts("竹藤—", 0, 3)
        ([(0, 1), (2, 4)], [(0, 3)], [(0, 3)])
        >>> _name_parts("Gyllenhaal）说", 0, 11)
        [(0, 10)]
        >>> _name_parts("秦:--李斯", 0, 6), _name_parts("巴里、阿什利·说", 0, 7)
        ([(0, 1), (4, 6)], [(0, 2), (3, 6)])
    """
    if text[s] in _NAME_PUNCT or text[e - 1] in _NAME_PUNCT:
        a, b = s, e
        while a < b and text[a] in _NAME_PUNCT:
            a += 1
        while b > a and text[b - 1] in _NAME_PUNCT:
            b -= 1
        return [(a, b)] if _LATIN_NAME.fullmatch(text, a, b) else [(s, e)]
    parts, start = [], s
    for i in range(s, e + 1):
        if i == e or text[i] in _NAME_PUNCT:
            a, b = start, i
            while a < b and text[a] in _JOINERS:  # 秦:--李斯, 阿什利·: a joiner joins nothing at a part's edge
                a += 1
            while b > a and text[b - 1] in _JOINERS and b < len(text):  # 理查德· ending the text: cut there
                b -= 1
            if b > a:
                parts.append((a, b))
            start = i + 1
    return parts


def _transliterated(text: str, lex: Lexicon) -> Callable[[int, int, str], bool]:
    """Selects the person spans of ``text`` written in transliteration characters only, but for a surname and
    a one-character name (林武): the spans whose confidence :class:`EntityTagger` checks."""
    def selected(s: int, e: int, label: str) -> bool:
        name = text[s:e].replace("·", "")
        return label == "PER" and len(name) >= 2 and all(c in lex.translit for c in name) and \
            not (len(name) == 2 and lex.is_surname_start(name))
    return selected


class EntityTagger:
    """Pipeline stage ``entities``: the tagger's spans as proposal mentions (``kind="tagger"``)."""

    name = "entities"

    def __init__(self, tagger: CrfTagger | None = None) -> None:
        self.tagger = tagger or CrfTagger()

    def __call__(self, doc: Document) -> Document:
        from kg.mentions import sentences_of

        lex = self.tagger.lexicon
        found: list[Mention] = []
        for sent in sentences_of(doc):
            words = sentence_words(sent.tokens, sent.offset)
            text = sent.text
            for s, e, label, confidence in self.tagger.tag_scored(text, words, _transliterated(text, lex)):
                # 罗地亚, 华伦丹, 尼丁: unsure transliterations are mostly places, clubs and brands; they are names
                # only right after or before an official's title (俄国防部长绍伊古, 同拉马福萨总统)
                kind = PROPOSAL if confidence is None or confidence >= MIN_TRANSLITERATED else UNSURE
                parts = _name_parts(text, s, e) if label == "PER" else [(s, e)]
                for a, b in parts:
                    found.append(doc.mention(sent.offset + a, sent.offset + b, TO_KG_LABEL[label], kind,
                                             sent.index))
        return replace(doc, mentions=doc.mentions + tuple(found))
