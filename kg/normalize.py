"""Script normalisation: a Simplified view of any text, with offset maps back to the original.

jieba's dictionary is Simplified, so analysis runs on a Simplified view.  OpenCC's t2s conversion is almost
always one character for one character; when a phrase conversion changes the length, the two strings are
aligned with :mod:`difflib` so that every normalised offset still maps to an original offset.

Machine-conversion artifacts common in government sites (全麵, 係統, 曆史, 同誌, 製度 …) are handled by OpenCC's
t2s tables (麵→面, 係→系, 曆→历, 誌→志, 製→制) because the artifacts are themselves Traditional characters.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import replace
from functools import lru_cache

import opencc

from kg.model import Document

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
        """Comparison key of a name: Simplified, full-width folded, without spaces or quotes."""
        return _strip_key(self._cc.convert(text).translate(_WIDTH_TABLE))

    def normalize(self, text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
        """Return ``(norm, norm_to_orig, orig_to_norm)``; the maps are empty when aligned one to one."""
        norm = self._cc.convert(text)
        if len(norm) == len(text):
            return norm, (), ()
        # Rare: a phrase conversion changed the length.  Convert line by line so alignment stays local.
        return _align(text, norm)

    def __call__(self, doc: Document) -> Document:
        norm, n2o, o2n = self.normalize(doc.text)
        return replace(doc, norm=norm, norm_to_orig=n2o, orig_to_norm=o2n, script=detect_script(doc.text, norm))


_KEY_DROP = dict.fromkeys(map(ord, "“”‘’\"'《》〈〉「」『』 \t\r\n\u3000"), None)


def _strip_key(s: str) -> str:
    return s.translate(_KEY_DROP)


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


def detect_script(text: str, norm: str) -> str:
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
