"""Script normalisation: a Simplified view of any text, with offset maps back to the original.

jieba's dictionary is Simplified, so analysis runs on a Simplified view.  OpenCC's t2s conversion is almost
always one character for one character; when a phrase conversion changes the length, the two strings are
aligned with :mod:`difflib` so that every normalised offset still maps to an original offset.

Machine-conversion artifacts common in government sites (全麵, 係統, 曆史, 同誌, 製度 …) are handled by OpenCC's
t2s tables (麵→面, 係→系, 曆→历, 誌→志, 製→制) because the artifacts are themselves Traditional characters.

Damage of web text is left out of the view (:func:`remove_damage`): pinyin glosses after characters
(習(xí)近平), emoji and decorative symbols, zero-width characters, and runs of injected punctuation (，，、).  The
view is then shorter than the original; the characters left out are known, so the offset maps are exact
(a deletion map, no alignment) and ``Document.removed`` lists them.  Text without damage skips this after
a few fast searches.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import replace
from functools import lru_cache
from typing import Literal

import opencc

from kg.model import Document, Span

# Full-width ASCII and compatibility forms are mapped one to one so that offsets stay aligned; NFKC itself
# can change lengths (e.g. ㈠), so only the single-character cases are applied.
_WIDTH = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = " "
_WIDTH_TABLE = {k: v for k, v in _WIDTH.items() if len(v) == 1}


class Normalizer:
    """Converts text to a Simplified, width-normalised view and records the offset maps.

    The converter is owned by the instance (no global state).

    Example:
        >>> n = Normalizer()
        >>> n.simplify("退役軍人事務部 全麵加強")
        '退役军人事务部 全面加强'
    """

    def __init__(self) -> None:
        self._cc = opencc.OpenCC("t2s")

    def simplify(self, text: str) -> str:
        """Simplified view of ``text``; same length in almost every case."""
        return self._cc.convert(text)

    def key(self, text: str) -> str:
        """Comparison key of a name: Simplified, full-width folded, without damage, spaces or quotes.

        Example:
            >>> Normalizer().key("習(xí)近平")
            '习近平'
        """
        return _strip_key(self._cc.convert(remove_damage(text)).translate(_WIDTH_TABLE))

    def normalize(self, text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
        """Return ``(norm, norm_to_orig, orig_to_norm)``; the maps are empty when aligned one to one.

        Example:
            >>> norm, n2o, _ = Normalizer().normalize("習(xí)近平")
            >>> norm, n2o
            ('习近平', (0, 5, 6, 7))
        """
        norm, n2o, o2n, _, _ = self._view(text)
        return norm, n2o, o2n

    def __call__(self, doc: Document) -> Document:
        norm, n2o, o2n, removed, cleaned = self._view(doc.text)
        return replace(doc, norm=norm, norm_to_orig=n2o, orig_to_norm=o2n, removed=removed,
                       script=detect_script(cleaned, norm))

    def _view(self, text: str) -> tuple[str, tuple[int, ...], tuple[int, ...], tuple[Span, ...], str]:
        """``(norm, norm_to_orig, orig_to_norm, removed, cleaned)``: ``cleaned`` is ``text`` without its damage
        (``removed``), before script conversion."""
        kept = _kept(text) if _damaged(text) else None
        if kept is None:
            norm = self._cc.convert(text)
            if len(norm) == len(text):
                return norm, (), (), (), text
            # Rare: a phrase conversion changed the length.
            return (*_align(text, norm), (), text)
        cleaned, keep = kept
        # each kept character maps to its own offset; a removed run maps to the character after it, so that a
        # span of the view starts on a kept character (and ends after the damage that follows it, if any)
        c2o = [*keep, len(text)]
        o2c = [0] * (len(text) + 1)
        j = 0
        for i in range(len(text) + 1):
            o2c[i] = j
            if j < len(keep) and keep[j] == i:
                j += 1
        norm = self._cc.convert(cleaned)
        if len(norm) == len(cleaned):
            return norm, tuple(c2o), tuple(o2c), _removed(keep, len(text)), cleaned
        _, n2c, c2n = _align(cleaned, norm)
        return (norm, tuple(c2o[c] for c in n2c), tuple(c2n[c] for c in o2c), _removed(keep, len(text)),
                cleaned)


_KEY_DROP = dict.fromkeys(map(ord, "“”‘’\"'《》〈〉「」『』 \t\r\n\u3000"), None)


def _strip_key(s: str) -> str:
    return s.translate(_KEY_DROP)


# -- damage of web text -----------------------------------------------------------------------------------

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Emoji, pictographs, arrows, dingbats and geometric shapes (★☆◆■●▲▶→✔❤🔥👍), variation selectors, the keycap
# mark and zero-width characters.  □ and ○ stay: □ stands for a character a page could not show, ○ is a zero
# in dates (二○二四年).
_SYMBOLS = ("\u200b-\u200d\u2060\ufeff\ufe0e\ufe0f\u20e3\u2190-\u21ff\u2300-\u23ff\u25a0\u25a2-\u25ca"
            "\u25cc-\u25ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\U000e0020-\U000e007f")
_PUNCT = "，、。；：！？"
_SENTENCE_END = "。！？"
_LATIN = "A-Za-z\u00c0-\u024f"

# Whether a text takes the slow path at all: searches that scan fast (a coarse class with few ranges, patterns
# starting with a literal), so that clean text pays about what the t2s conversion costs.  One regular
# expression with alternatives scans three times slower.
_CHECKS = (
    re.compile("[\u200b-\u200d\u2060\u20e3\u2190-\u2bff\ufe0e\ufe0f\ufeff\U00010000-\U0010ffff]"),
    re.compile(f"\\( *[{_LATIN}]"),
    re.compile(f"（ *[{_LATIN}]"),
    *(re.compile(f"{mark}[{_PUNCT}]") for mark in _PUNCT),
)
_SYMBOL_RE = re.compile(f"[{_SYMBOLS}]+")
_GLOSS_RE = re.compile(f"(?<=[{_CJK})）])[(（]([^()（）\\n]{{1,40}})[)）]")
_CJK_RE = re.compile(f"[{_CJK}]")
_PUNCT_RUN_RE = re.compile(f"[{_PUNCT}]{{2,}}")

# A pinyin syllable without its tone mark (ü written u or v), a tone digit allowed: an initial and a final, or
# one of the finals written without an initial.  Permissive: "pinyin-like" is enough.
_FINALS = ("iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er|in|un|vn|ia|ie|iu|ua|"
           "uo|ui|ue|ve|a|o|e|i|u|v")
_SYLLABLE = f"(?:(?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])(?:{_FINALS})|ang|eng|ai|ei|ao|ou|an|en|er|a|o|e)[0-5]?"
_SYLLABLES = [re.compile(f"(?:{_SYLLABLE}){{{n}}}") for n in range(1, 5)]  # exactly 1, 2, 3, 4 syllables
_LOWER_WORD = re.compile(r"[a-z]+[0-5]?(?:['’-]?[a-z]+[0-5]?)*")
_CAPITAL_WORD = re.compile(r"[A-Z][a-z]*[0-5]?(?:['’-]?[a-z]+[0-5]?)*")
_SEPARATORS = dict.fromkeys(map(ord, "'’-"), None)
_TONE_MARKS = frozenset("\u0300\u0301\u0304\u030c")  # grave, acute, macron, caron (after NFD)
_MAX_LOWER, _MAX_CAPITAL = 4, 3


def remove_damage(text: str) -> str:
    """``text`` without the damage of web pages: pinyin glosses after characters, emoji and decorative symbols,
    zero-width characters, and runs of punctuation (a run keeps its last sentence end, else its first mark).

    English words and acronyms in brackets stay (世界贸易组织(WTO)); so do single marks, …… and ——.

    Example:
        >>> remove_damage("習(xí)近平🔥、蔡奇(Cai Qi)，，、。世界贸易组织(WTO)")
        '習近平、蔡奇。世界贸易组织(WTO)'
    """
    kept = _kept(text) if _damaged(text) else None
    return text if kept is None else kept[0]


def _damaged(text: str) -> bool:
    """Whether ``text`` may hold damage (no: it certainly holds none)."""
    return any(check.search(text) for check in _CHECKS)


def _kept(text: str) -> tuple[str, list[int]] | None:
    """``text`` without its damage and the original offset of each character kept (``None``: no damage).

    Each finder runs on what the one before left, so that 习★(xí) and ，★， are found.
    """
    cleaned, keep = text, None
    for find in (_symbols, _glosses, _punctuation_runs):
        cleaned, keep = _drop(cleaned, keep, find(cleaned))
    return None if keep is None else (cleaned, keep)


def _symbols(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _SYMBOL_RE.finditer(text)]


def _glosses(text: str) -> list[tuple[int, int]]:
    """Pinyin in brackets right after a Chinese character, or right after such a gloss (张(zhāng)(zhāng))."""
    spans: list[tuple[int, int]] = []
    for m in _GLOSS_RE.finditer(text):
        follows = _CJK_RE.match(text, m.start() - 1) or (spans and spans[-1][1] == m.start())
        if follows and is_romanization(m.group(1)):
            spans.append(m.span())
    return spans


def _punctuation_runs(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _PUNCT_RUN_RE.finditer(text):
        ends = [i for i, c in enumerate(m.group()) if c in _SENTENCE_END]
        keep = m.start() + (ends[-1] if ends else 0)
        spans += [(a, b) for a, b in ((m.start(), keep), (keep + 1, m.end())) if b > a]
    return spans


def is_romanization(inside: str) -> bool:
    """Whether the text inside brackets after a Chinese character is its pinyin: lower-case syllables (tone
    marks and tone digits allowed, at most four) or the capitalised romanisation of a name (two or three
    syllables, or one with a tone).  A single bare letter, acronyms and English words are not.

    Example:
        >>> [is_romanization(s) for s in ("xí", "xi2", "xí jìnpíng", "Cai Qi", "Lǐ", "WTO", "Li", "a", "Ifo")]
        [True, True, True, True, True, False, False, False, False]
    """
    decomposed = unicodedata.normalize("NFD", inside)
    words = "".join(c for c in decomposed if not unicodedata.combining(c)).split()
    if not words:
        return False
    if all(_LOWER_WORD.fullmatch(w) for w in words):
        capital = False
    elif all(_CAPITAL_WORD.fullmatch(w) for w in words):
        capital = True
    else:
        return False
    syllables = [w.lower().translate(_SEPARATORS) for w in words]
    # each word is whole syllables, and all of them are few
    if not all(_syllable_count(w) for w in syllables):
        return False
    count = _syllable_count("".join(syllables))
    if not count or count > (_MAX_CAPITAL if capital else _MAX_LOWER):
        return False
    if any(c in _TONE_MARKS for c in decomposed) or any(c.isdigit() for c in inside):
        return True
    # without a tone: a romanised name has two syllables or more (锂(Li) stays); pinyin two letters (甲(a) stays)
    return count >= 2 if capital else sum(map(len, syllables)) >= 2


def _syllable_count(word: str) -> int:
    """The fewest pinyin syllables ``word`` splits into, up to four (0: none of that)."""
    return next((n for n, pattern in enumerate(_SYLLABLES, 1) if pattern.fullmatch(word)), 0)


def _drop(text: str, keep: list[int] | None, spans: list[tuple[int, int]]) -> tuple[str, list[int] | None]:
    """Remove ``spans`` (sorted, disjoint) from ``text`` and from ``keep``, the original offsets of its
    characters (``None``: their own offsets, nothing removed yet)."""
    if not spans:
        return text, keep
    if keep is None:
        keep = list(range(len(text)))
    parts: list[str] = []
    kept: list[int] = []
    pos = 0
    for start, end in spans:
        parts.append(text[pos:start])
        kept += keep[pos:start]
        pos = end
    parts.append(text[pos:])
    kept += keep[pos:]
    return "".join(parts), kept


def _removed(keep: list[int], length: int) -> tuple[Span, ...]:
    """The runs of original offsets missing from ``keep``."""
    out = []
    prev = -1
    for i in [*keep, length]:
        if i > prev + 1:
            out.append(Span(prev + 1, i))
        prev = i
    return tuple(out)


def _align(orig: str, norm: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    n2o = [0] * (len(norm) + 1)
    o2n = [0] * (len(orig) + 1)
    matcher = difflib.SequenceMatcher(None, orig, norm, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(j2 - j1 + 1):
            # proportional position inside a replaced block; exact inside equal blocks
            n2o[j1 + k] = i1 + (k * (i2 - i1) // (j2 - j1) if j2 > j1 else 0)
        for k in range(i2 - i1 + 1):
            o2n[i1 + k] = j1 + (k * (j2 - j1) // (i2 - i1) if i2 > i1 else 0)
        if tag == "equal":
            for k in range(i2 - i1 + 1):
                o2n[i1 + k] = j1 + k
                n2o[j1 + k] = i1 + k
    n2o[len(norm)] = len(orig)
    o2n[len(orig)] = len(norm)
    return norm, tuple(n2o), tuple(o2n)


def detect_script(text: str, norm: str) -> Literal["hans", "hant", "mixed"]:
    """``hant`` when the text has Traditional characters and no Simplified-only ones, ``mixed`` when both."""
    changed = sum(1 for a, b in zip(text, norm, strict=False) if a != b)
    if not changed:
        return "hans"
    # s2t also changes characters that Traditional texts commonly use (台, 着 …): only a real share of
    # Simplified-only characters makes a text mixed
    simplified_only = _simplified_only_count(text)
    return "mixed" if simplified_only > max(2, changed // 10) else "hant"


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def _simplified_only_count(text: str) -> int:
    """Characters that Traditional conversion would change: evidence of Simplified script."""
    conv = _s2t().convert(text)
    if len(conv) != len(text):
        return 1
    return sum(1 for a, b in zip(text, conv, strict=True) if a != b)


def to_traditional(text: str) -> str:
    """Traditional form of a Simplified string (for ``@zh-Hant`` labels)."""
    return _s2t().convert(text)
