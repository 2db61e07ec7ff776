"""Read inputs (text files, HTML pages, JSON/JSONL corpora, folders, stdin) into :class:`~kg.model.Document`.

This is the first stage of the pipeline: it turns bytes into documents and does nothing else.  Each document
keeps the full original text (newlines normalised to ``\\n``); everything later points into that text by
offset.  ``Document.regions`` marks the content lines, leaving out site boilerplate such as
``版權所有:… 主辦單位:… 網站地圖`` footers, so later stages can skip them without the offsets changing.

Decoding tries UTF-8 first (a BOM is removed); otherwise GB18030 and Big5 are both tried and the one whose
result looks more like real Chinese wins (share of very common characters).  A bad file or a bad JSONL line
is reported as an :class:`~kg.errors.InputError` (to ``on_error`` when given) and reading goes on.
"""

from __future__ import annotations

import codecs
import datetime
import itertools
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO

from kg.errors import InputError
from kg.model import Document, Span
from kg.normalize import Normalizer

__all__ = [
    "SUFFIXES", "decode_bytes", "document_from_text", "normalize_newlines", "parse_date", "read_file",
    "read_inputs",
]

#: File suffixes read when walking a folder (a file named directly is read whatever its suffix).
SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm", ".jsonl", ".json")

_HTML_SUFFIXES = (".html", ".htm")
_UNDECODABLE = "cannot decode as UTF-8, GB18030 or Big5; re-save the file as UTF-8"
# Bytes read ahead from a JSONL stream to choose its encoding before it is parsed line by line.
_SAMPLE_BYTES = 1 << 16
#: Documents longer than this many characters are refused (``--max-chars``): extraction time and memory grow
#: with a document's length, and a news article is a few thousand characters.
MAX_CHARS = 1_000_000
#: A file or JSONL line over ``max_chars`` times this many bytes is refused before it is read or decoded.
_BYTES_PER_CHAR = 8

# --------------------------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------------------------

# About 500 of the most frequent characters of Chinese news, written by hand, in Simplified form and (where
# different) in Traditional form, plus common full-width punctuation.  A correct decoding of real Chinese
# text has a large share of these; GB18030 bytes read as Big5 (or the reverse) give mostly rare characters.
_COMMON_HANS = (
    "的一是不了在人有我他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可里后小"
    "么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知"
    "民样现分将外但身些与高意进把法此实回二理美点月明其种全工己话者向情部正名定问力机给等几很业最间新什打"
    "便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五水万市体别处总才"
    "场书比员九性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界"
    "及今京务制解各任至清物台象记边共风战干接它许八特望直服林题建南度统色字请交爱让认算论百义科怎元社术结"
    "六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革"
    "深区即求品士转量空众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党持取设始版双历越史商千片容研像找"
    "友站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切环"
    "境培推召习席讲署局厅省县乡镇村副督监察纪检协调施策划促障质续稳固突破创营税财预审贸易农振扶贫退役"
)
_COMMON_HANT = (
    "這來國個說們爲為時會過學對裏裡後麼沒於還發當無開見經頭從動兩長樣現將與進實點種話問機給幾業間電門東聽"
    "氣關並內卻軍產萬體別處總場書員華報馬張難數車應計親務臺記邊風戰幹許題統請愛讓認論義術結連遠資隊帶條變"
    "聯權該領傳紅決達辦運強區轉衆眾輕語滿寫識極黃臉錢黨設雙歷廣議際則單據導網專誰讀飛觀爭組視濟離雖壞興環"
    "習講廳縣鄉鎮監紀檢協調劃質續穩創營稅財預審貿農貧著係線綫"
)
_COMMON_PUNCT = "，。、；：？！“”‘’（）《》—…·「」"
_COMMON = frozenset(_COMMON_HANS + _COMMON_HANT + _COMMON_PUNCT)
_SCORE_CHARS = 20_000  # enough to judge; keeps scoring cheap on big files

_ENCODING_NAMES = {
    "utf-8": "UTF-8", "utf-8-sig": "UTF-8", "gb18030": "GB18030", "big5": "Big5", "cp950": "Big5",
}
_CHARSET_HINTS = {
    "gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "big5": "big5", "big5-hkscs": "big5", "x-big5": "big5", "cp950": "big5",
}
_CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)


def decode_bytes(data: bytes, source: str) -> str:
    """Decode the bytes of a text file: UTF-8 (BOM removed), else GB18030 or Big5, whichever reads as Chinese.

    Args:
        data: the raw bytes.
        source: where they came from; named in the error message.

    Returns:
        The decoded text (newlines untouched).

    Raises:
        InputError: the data is empty, binary (has NUL bytes) or decodes as none of the three encodings.

    Example:
        >>> decode_bytes("退役軍人事務部部長出席會議並講話".encode("big5"), "a.txt")
        '退役軍人事務部部長出席會議並講話'
        >>> decode_bytes("国务院总理主持召开国务院常务会议".encode("gb18030"), "b.txt")
        '国务院总理主持召开国务院常务会议'
        >>> decode_bytes(b"", "c.txt")
        Traceback (most recent call last):
        ...
        kg.errors.InputError: c.txt: empty file
    """
    return _decode(data, source)[0]


def _decode(data: bytes, source: str, hint: str | None = None) -> tuple[str, str]:
    """Return ``(text, codec)``; ``hint`` is a codec named by the file itself (an HTML ``charset``)."""
    if not data:
        raise InputError(source, "empty file")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data, "utf-8-sig", source), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", source), "utf-16"
    if b"\x00" in data:
        raise InputError(source, "binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: dict[str, str] = {}
    for codec in ("gb18030", "big5", "cp950"):
        if codec == "cp950" and "big5" in candidates:
            continue  # cp950 is Big5 plus vendor extensions: only needed when plain Big5 fails
        try:
            candidates[codec] = data.decode(codec)
        except UnicodeDecodeError:
            continue
    if hint in candidates:
        return candidates[hint], hint
    if hint == "big5" and "cp950" in candidates:
        return candidates["cp950"], "cp950"
    if not candidates:
        raise InputError(source, _UNDECODABLE)
    # UTF-8 with a few damaged bytes still scores well as lossy UTF-8, while GB18030 (which accepts almost
    # any byte string) would turn it into plausible-looking nonsense: refuse rather than guess.
    lossy = data.decode("utf-8", errors="replace")
    codec = max(candidates, key=lambda c: _chinese_score(candidates[c]))
    best = _chinese_score(candidates[codec])
    if _chinese_score(lossy) > best or _looks_like_noise(candidates[codec]):
        raise InputError(source, _UNDECODABLE)
    return candidates[codec], codec


def _strict(data: bytes, codec: str, source: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise InputError(source, _UNDECODABLE) from None


def _chinese_score(text: str) -> tuple[float, float, float]:
    """How much ``text`` looks like Chinese, compared as a tuple among the non-ASCII characters.

    First the share of very common characters (less private-use ones); then, for short texts with none of
    them (a name such as 孫紹騁), the share of frequent characters by the codecs' own tables; last the
    share of ordinary CJK characters.
    """
    wide = list(itertools.islice((c for c in text if c > "\x7f"), _SCORE_CHARS))
    if not wide:
        return 0.0, 0.0, 0.0
    # GB18030 maps byte pairs it has no character for into the private use area: a sign of a wrong guess.
    common = sum(c in _COMMON for c in wide) - sum("\ue000" <= c <= "\uf8ff" for c in wide)
    frequent = sum(_is_frequent(c) for c in wide)
    plain = sum("\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
                for c in wide)
    return common / len(wide), frequent / len(wide), plain / len(wide)


def _is_frequent(char: str) -> bool:
    """In GB2312 level 1 (3755 frequent hanzi) or the Big5 frequent block (5401 hanzi)."""
    for codec, low, high in (("gb2312", 0xB0, 0xD7), ("big5", 0xA4, 0xC6)):
        try:
            data = char.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(data) == 2 and low <= data[0] <= high:
            return True
    return False


def _looks_like_noise(text: str) -> bool:
    """True for a long text with almost no common Chinese: another encoding read as GB18030 or Big5."""
    wide = sum(1 for c in itertools.islice(text, _SCORE_CHARS) if c > "\x7f")
    return wide >= 100 and _chinese_score(text)[0] < 0.03


def _charset_hint(data: bytes) -> str | None:
    match = _CHARSET_RE.search(data[:4096])
    return _CHARSET_HINTS.get(match.group(1).decode("ascii").lower()) if match else None


# --------------------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------------------

_DATE_RES = (
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d.*)?", re.DOTALL),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日.*", re.DOTALL),
)


def parse_date(value: str | None) -> str | None:
    """Parse a date as written in records and meta tags into ISO ``YYYY-MM-DD``.

    Accepts ``YYYYMMDD``, ``YYYY-MM-DD`` (also with ``/`` or ``.``, and followed by a time such as
    ``T10:00:00+08:00``) and ``YYYY年M月D日``.

    Args:
        value: the date string, or ``None``.

    Returns:
        The ISO date, or ``None`` when ``value`` is missing, malformed or not a real calendar date.

    Example:
        >>> parse_date("20201225"), parse_date("2020/12/25"), parse_date("2020-12-25T10:00:00+08:00")
        ('2020-12-25', '2020-12-25', '2020-12-25')
        >>> parse_date("20201332") is None
        True
    """
    if value is None:
        return None
    value = value.strip()
    for pattern in _DATE_RES:
        match = pattern.fullmatch(value)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return datetime.date(year, month, day).isoformat()
            except ValueError:
                return None
    return None


# --------------------------------------------------------------------------------------------------------
# Regions and site boilerplate
# --------------------------------------------------------------------------------------------------------

# Cues are matched on the Simplified, case-folded view of a line.  Site cues mark header/footer lines and
# count only in the blocks at the start or end of a document (a short line of prose may say 联系我们);
# page-tool cues are page chrome wherever they stand, when the line holds nothing else.
_SITE_CUES = (
    "版权所有", "主办单位", "承办单位", "协办单位", "主办:", "主办：", "网站标识码", "icp备", "icp证",
    "公网安备", "访问量", "网站声明", "联系我们", "网站地图", "技术支持", "网站纠错", "当前位置",
    "您现在的位置", "copyright", "©",
)
_TOOL_CUES = ("返回顶部", "打印本页", "关闭窗口", "分享到", "【字体", "【打印", "【关闭")
_NAV_WORDS = (
    "网站首页", "返回首页", "首页", "返回", "上一篇", "下一篇", "相关链接", "友情链接", "无障碍浏览",
    "无障碍", "长者模式", "手机版", "移动版", "繁体版", "简体版", "繁体", "简体", "english", "登录", "注册",
    "搜索", "打印", "关闭", "收藏", "微信", "微博", "二维码", "扫一扫", "qq空间", "qq", "分享", "字体",
    "字号", "默认", "大", "中", "小", "版权所有", "网站声明", "联系我们", "网站地图", "网站纠错",
)
_NAV_RE = re.compile("|".join(re.escape(w) for w in sorted(_NAV_WORDS + _TOOL_CUES, key=len, reverse=True)))
_NAV_FILLER_RE = re.compile(r"[\s\d|｜/\\·•・【】\[\]()（）:：,，、;；>»<«\-—_.。=+*#]+")
_PUBLISHER_RES = (
    re.compile(r"主办(?:单位)?\s*[:：]\s*"),
    re.compile(r"版权所有\s*[:：]\s*"),
)
_PUBLISHER_END_RE = re.compile(r"[\s|｜,，;；]")
_SHORT_LINE = 200


def document_from_text(text: str, id: str, *, title: str | None = None, date: str | None = None,
                       url: str | None = None, source: str | None = None,
                       meta: Mapping[str, str] | None = None,
                       normalizer: Normalizer | None = None) -> Document:
    """Build a :class:`Document` from text: newlines normalised, content regions and publisher found.

    ``Document.text`` is the whole text (``\\r\\n`` and ``\\r`` turned into ``\\n``, lone surrogates into U+FFFD); nothing is cut, so
    offsets always refer to it.  ``Document.regions`` has one span per non-blank line that is not site
    boilerplate, without the line's leading and trailing whitespace.  Boilerplate is found on the
    Simplified view, so Traditional footers (``版權所有:… 主辦單位:…``) are recognised too; the
    publisher named after ``主办单位:`` (else ``版权所有:``) in it becomes ``Document.publisher``, in the
    original script.

    Args:
        text: the original text.
        id: the document id.
        title: optional title.
        date: optional date in any form :func:`parse_date` accepts; stored as ISO or ``None``.
        url: optional URL of the article.
        source: where the text came from (a path, ``stdin`` …).
        meta: optional extra metadata.
        normalizer: the script normaliser to use (one is created when not given).

    Returns:
        The new document.

    Example:
        >>> doc = document_from_text("會議召開。\\r\\n主辦單位:廣東省退役軍人事務廳 網站地圖\\r\\n", "n1")
        >>> doc.text
        '會議召開。\\n主辦單位:廣東省退役軍人事務廳 網站地圖\\n'
        >>> [doc.text[r.start:r.end] for r in doc.regions], doc.publisher
        (['會議召開。'], '廣東省退役軍人事務廳')
    """
    text = normalize_newlines(_no_surrogates(text))
    regions, publisher = _content_regions(text, normalizer or Normalizer())
    return Document(
        id=_no_surrogates(id), text=text, title=_no_surrogates(title) or None, date=parse_date(date),
        url=_no_surrogates(url) or None, source=_no_surrogates(source), publisher=publisher, regions=regions,
        meta=dict(meta or {}),
    )


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _no_surrogates(value: str | None) -> Any:
    """Lone surrogates (a JSON escape such as ``\\ud800`` gives one) cannot be written as UTF-8: each becomes
    U+FFFD, one character for one, so offsets are unchanged."""
    if value is None or not _SURROGATE_RE.search(value):
        return value
    return _SURROGATE_RE.sub("\ufffd", value)


def normalize_newlines(text: str) -> str:
    """Turn ``\\r\\n`` and lone ``\\r`` into ``\\n``.

    Example:
        >>> normalize_newlines("a\\r\\nb\\rc")
        'a\\nb\\nc'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _lines(text: str) -> Iterator[Span]:
    """Spans of the non-blank lines of ``text`` (split on ``\\n`` only), surrounding whitespace excluded."""
    start = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            yield Span(start + lead, start + lead + len(stripped))
        start += len(line) + 1


def _content_regions(text: str, normalizer: Normalizer) -> tuple[tuple[Span, ...], str | None]:
    spans = list(_lines(text))
    views: list[tuple[str, tuple[int, ...]] | None] = []
    kinds: list[str] = []
    for span in spans:
        line = text[span.start:span.end]
        if len(line) >= _SHORT_LINE:
            views.append(None)
            kinds.append("content")
            continue
        norm, norm_to_orig, _ = normalizer.normalize(line)
        views.append((norm, norm_to_orig))
        kinds.append(_line_kind(norm.casefold()))
    dropped = _edge_block(kinds, range(len(kinds))) | _edge_block(kinds, range(len(kinds) - 1, -1, -1))
    dropped.update(i for i, kind in enumerate(kinds) if kind == "tool")
    publisher = _publisher(text, [(spans[i], views[i]) for i in sorted(dropped) if kinds[i] == "cue"])
    return tuple(s for i, s in enumerate(spans) if i not in dropped), publisher


def _line_kind(folded: str) -> str:
    """``tool`` (page chrome only), ``cue`` (has a boilerplate cue), ``nav`` (navigation words only) or
    ``content``."""
    nav_only = not _NAV_FILLER_RE.sub("", _NAV_RE.sub("", folded))
    if any(cue in folded for cue in _TOOL_CUES):
        return "tool" if nav_only else "cue"
    if any(cue in folded for cue in _SITE_CUES) and not any(stop in folded for stop in "。！？"):
        return "cue"  # a line with sentence punctuation is prose that happens to say 联系我们 or 主办
    return "nav" if nav_only else "content"


def _edge_block(kinds: list[str], order: Iterable[int]) -> set[int]:
    """The run of boilerplate-like lines at one edge of the document, if it holds at least one cue."""
    block: set[int] = set()
    for i in order:
        if kinds[i] == "content":
            break
        block.add(i)
    return block if any(kinds[i] in ("cue", "tool") for i in block) else set()


def _publisher(text: str, lines: list[tuple[Span, tuple[str, tuple[int, ...]] | None]]) -> str | None:
    for pattern in _PUBLISHER_RES:
        for span, view in lines:
            if view is None:
                continue
            norm, norm_to_orig = view
            match = pattern.search(norm)
            if not match:
                continue
            end = _PUBLISHER_END_RE.search(norm, match.end())
            nstart, nend = match.end(), end.start() if end else len(norm)
            if norm_to_orig:  # the Simplified view changed length: map back to the original line
                nstart, nend = norm_to_orig[nstart], norm_to_orig[nend]
            value = text[span.start + nstart:span.start + nend].strip("©® ")
            if any(ch.isalpha() for ch in value):
                return value
    return None


# --------------------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------------------

_SKIP_TAGS = frozenset({"script", "style", "iframe", "noscript", "template", "svg"})
_HEAD_TAGS = frozenset({"title", "meta", "link", "base", "style", "script", "noscript", "template"})
_BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "table",
    "ul", "ol", "dl", "dt", "dd", "header", "footer", "nav", "main", "aside", "blockquote", "pre", "hr",
    "figure", "figcaption", "form", "center", "caption", "tbody", "thead", "tfoot",
})
_CELL_TAGS = frozenset({"td", "th"})
_DATE_META = frozenset({
    "article:published_time", "pubdate", "publishdate", "publish_date", "date", "dc.date", "dcterms.date",
    "dc.date.issued", "og:published_time",
})
_SPACES_RE = re.compile(r"[ \t\f\v\xa0\u2000-\u200a\u202f\u205f]+")
_HTML_START_RE = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_BLOCK_RE = re.compile(r"\A\s*<(div|p|article|section|table|h[1-6]|ul)\b[^>]*>", re.IGNORECASE)


class _HtmlText(HTMLParser):
    """Collects the visible text, the title, the publication date and the canonical URL of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: str | None = None
        self.h1: str | None = None
        self.date: str | None = None
        self.canonical: str | None = None
        self.og_url: str | None = None
        self._skip: str | None = None
        self._skip_depth = 0
        self._in_head = False
        self._title_parts: list[str] | None = None
        self._h1_parts: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip is not None:
            self._skip_depth += tag == self._skip
            return
        if tag == "head":
            self._in_head = True
            return
        if tag == "body" or (self._in_head and tag not in _HEAD_TAGS):
            self._in_head = False  # browsers end <head> at the first tag that cannot be in it
        if tag in ("meta", "link"):
            self._metadata(tag, {k.lower(): v or "" for k, v in attrs})
        elif tag == "title" and self.title is None:
            self._title_parts = []
        elif tag in _SKIP_TAGS:
            self._skip, self._skip_depth = tag, 1
        elif not self._in_head:
            if tag == "h1" and self.h1 is None:
                self._h1_parts = []
            if tag in _BLOCK_TAGS:
                self.parts.append("\n")
            elif tag in _CELL_TAGS:
                self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._skip is not None:
            if tag == self._skip:
                self._skip_depth -= 1
                if not self._skip_depth:
                    self._skip = None
            return
        if tag == "head":
            self._in_head = False
        elif tag == "title" and self._title_parts is not None:
            self.title = _one_line("".join(self._title_parts)) or None
            self._title_parts = None
        elif tag == "h1" and self._h1_parts is not None:
            self.h1 = _one_line("".join(self._h1_parts)) or None
            self._h1_parts = None
        if tag in _BLOCK_TAGS and not self._in_head:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip is not None:
            return
        if self._title_parts is not None:
            self._title_parts.append(data)
        elif not self._in_head:
            self.parts.append(data)
            if self._h1_parts is not None:
                self._h1_parts.append(data)

    def _metadata(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "link":
            canonical = "canonical" in attrs.get("rel", "").lower().split()
            if canonical and attrs.get("href") and self.canonical is None:
                self.canonical = attrs["href"].strip()
            return
        key = (attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or "").strip().lower()
        content = attrs.get("content", "").strip()
        if key in _DATE_META and self.date is None:
            self.date = parse_date(content)
        elif key == "og:url" and content and self.og_url is None:
            self.og_url = content

    def text(self) -> str:
        lines = (_SPACES_RE.sub(" ", line).strip() for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _looks_like_html(text: str) -> bool:
    head = text[:4096]
    if _HTML_START_RE.match(head):
        return True
    match = _HTML_BLOCK_RE.match(head)
    return match is not None and f"</{match.group(1).lower()}>" in text.lower()


def _html_document(html: str, id: str, source: str, meta: dict[str, str], normalizer: Normalizer) -> Document:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    text = parser.text()
    if not text:
        raise InputError(source, "no text found in the HTML page")
    return document_from_text(
        text, id, title=parser.title or parser.h1, date=parser.date, url=parser.canonical or parser.og_url,
        source=source, meta={**meta, "format": "html"}, normalizer=normalizer,
    )


# --------------------------------------------------------------------------------------------------------
# Files, records, folders, stdin
# --------------------------------------------------------------------------------------------------------

# What the internal readers yield: a document with the place to name if its id turns out to be a duplicate
# ("path" or "path:line"), or an error to report.
_Item = tuple[str, Document] | InputError


def read_inputs(inputs: Iterable[str | os.PathLike[str]], *,
                on_error: Callable[[InputError], None] | None = None,
                stdin: TextIO | BinaryIO | None = None, max_chars: int = MAX_CHARS) -> Iterator[Document]:
    """Read documents from files, folders and stdin, one at a time.

    Each input is a text file (``.txt`` or any unknown suffix; content that looks like HTML is read as
    HTML), an HTML page (``.html``/``.htm``), a JSONL corpus (``.jsonl``, one record per line with ``id``,
    ``text`` and optional ``title``, ``date``, ``url``, ``source``), a single JSON record (``.json``), a
    folder (walked recursively in order of relative path; only ``.txt .html .htm .jsonl .json`` files, hidden
    files and folders skipped) or ``-`` for stdin (JSONL if the first non-blank line is a JSON object with
    ``text``, HTML if it looks like markup, else plain text with id ``stdin``).

    A text or HTML file's id is its file-name stem; a JSONL record without ``id`` gets ``{stem}-{line}``.  A
    document whose id was already read is reported as an error and skipped.  JSONL files are streamed line by
    line.

    Args:
        inputs: paths, folders or ``-``.
        on_error: called with each :class:`InputError` (bad file, bad JSONL line, duplicate id) before
            reading goes on.  When ``None`` the first error is raised.
        stdin: the stream ``-`` reads (text or binary); defaults to ``sys.stdin``.

    Yields:
        Documents in input order.

    Raises:
        InputError: for the first problem, when ``on_error`` is ``None``.

    Example:
        >>> import io
        >>> lines = '{"id": "a1", "text": "国务院常务会议召开。", "date": "20201225"}\\n'
        >>> [(d.id, d.date, d.source) for d in read_inputs(["-"], stdin=io.StringIO(lines))]
        [('a1', '2020-12-25', 'stdin')]
    """
    normalizer = Normalizer()
    seen: dict[str, str] = {}
    for given in inputs:
        if isinstance(given, str) and given == "-":
            stream: IO[Any] = stdin if stdin is not None else getattr(sys.stdin, "buffer", sys.stdin)
            items = _stdin_items(stream, normalizer, max_chars)
        else:
            items = _path_items(os.fspath(given), normalizer, max_chars)
        for item in items:
            if isinstance(item, InputError):
                _report(item, on_error)
                continue
            where, doc = item
            if doc.id in seen:
                problem = (f"duplicate id {doc.id!r} (first read from {seen[doc.id]}); skipped, give each "
                           "document a unique id")
                _report(InputError(where, problem), on_error)
                continue
            seen[doc.id] = where
            yield doc


def read_file(path: str | os.PathLike[str]) -> list[Document]:
    """Read every document of one input (a file, or a folder as :func:`read_inputs` reads it).

    Args:
        path: the file to read.

    Returns:
        Its documents (one for a text, HTML or JSON file; one per record for JSONL).

    Raises:
        InputError: the file is missing, empty, binary or undecodable, or a record is bad.

    Example:
        >>> import pathlib, tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     path = pathlib.Path(tmp, "news.txt")
        ...     _ = path.write_bytes("国务院常务会议召开\\r\\n会议指出。".encode("gb18030"))
        ...     docs = read_file(path)
        >>> docs[0].id, docs[0].text
        ('news', '国务院常务会议召开\\n会议指出。')
    """
    return list(read_inputs([path]))


def _report(error: InputError, on_error: Callable[[InputError], None] | None) -> None:
    if on_error is None:
        raise error
    on_error(error)


def _path_items(source: str, normalizer: Normalizer, max_chars: int) -> Iterator[_Item]:
    path = Path(source)
    if path.is_dir():
        files = _folder_files(path)
        if not files:
            yield InputError(source, f"folder has no {', '.join(SUFFIXES)} files")
        for rel in files:
            yield from _file_items(path / rel, os.path.join(source, *rel.parts), normalizer, max_chars)
    elif path.exists():
        yield from _file_items(path, source, normalizer, max_chars)
    else:
        yield InputError(source, "no such file or directory")


def _folder_files(root: Path) -> list[Path]:
    """Relative paths of the readable files under ``root``, sorted; hidden files and folders left out."""
    found: list[Path] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES:
                found.append(Path(folder, name).relative_to(root))
    return sorted(found, key=lambda p: p.as_posix())


def _file_items(path: Path, source: str, normalizer: Normalizer, max_chars: int) -> Iterator[_Item]:
    if not path.is_file():
        yield InputError(source, "not a regular file")
        return
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            with path.open("rb") as stream:
                lines = _bounded_lines(stream, max_chars * _BYTES_PER_CHAR)
                yield from _jsonl_items(lines, source, path.stem, normalizer, max_chars)
            return
        size = path.stat().st_size
        if size > max_chars * _BYTES_PER_CHAR:
            yield InputError(source, f"{size:,} bytes, over the limit for one document of {max_chars:,} "
                                     "characters (raise it with --max-chars)")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(source, f"cannot read: {exc.strerror or exc}")
        return
    try:
        yield source, _bytes_document(data, suffix, path.stem, source, normalizer, max_chars)
    except InputError as exc:
        yield exc


def _bytes_document(data: bytes, suffix: str, stem: str, source: str, normalizer: Normalizer,
                    max_chars: int) -> Document:
    html = suffix in _HTML_SUFFIXES
    text, codec = _decode(data, source, _charset_hint(data) if html else None)
    meta = {"encoding": codec}
    if suffix == ".json":
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            problem = f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
            raise InputError(source, problem) from None
        if not isinstance(record, dict):
            raise InputError(source, "expected a JSON object with a 'text' field; put many records in a "
                                     ".jsonl file, one per line")
        return _record_document(record, source, stem, source, {**meta, "format": "json"}, normalizer, max_chars)
    if html or _looks_like_html(text):
        doc = _html_document(text, stem, source, meta, normalizer)
        _check_size(len(doc.text), max_chars, source)
        return doc
    if not text.strip():
        raise InputError(source, "empty file")
    _check_size(len(text), max_chars, source)
    meta["format"] = "text"
    return document_from_text(text, stem, source=source, meta=meta, normalizer=normalizer)


def _check_size(chars: int, max_chars: int, where: str) -> None:
    if chars > max_chars:
        raise InputError(where, f"{chars:,} characters, over the limit of {max_chars:,} per document "
                                "(raise it with --max-chars)")


class _TooLong:
    """Stands for a line longer than the limit, which was skipped without being kept in memory."""

    def __init__(self, size: int) -> None:
        self.size = size

    def __len__(self) -> int:
        return 0


def _bounded_lines(stream: IO[Any], limit: int) -> Iterator[Any]:
    """The lines of a stream; a line over ``limit`` bytes (or characters) is read through in pieces and
    yielded as :class:`_TooLong`, so memory stays bounded whatever the line length."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n" if isinstance(line, bytes) else "\n"):
            yield line
            continue
        size = len(line)
        while line and not line.endswith(b"\n" if isinstance(line, bytes) else "\n"):
            line = stream.readline(1 << 20)
            size += len(line)
        yield _TooLong(size)


def _record_document(record: dict[str, Any], where: str, default_id: str, source: str, meta: dict[str, str],
                     normalizer: Normalizer, max_chars: int) -> Document:
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, "record has no text")
    _check_size(len(text), max_chars, where)

    def field(name: str) -> str | None:
        value = record.get(name)
        return None if value is None or value == "" else str(value)

    return document_from_text(
        text, field("id") or default_id, title=field("title"), date=field("date"), url=field("url"),
        source=field("source") or source, meta=meta, normalizer=normalizer,
    )


def _jsonl_items(lines: Iterable[bytes] | Iterable[str], source: str, stem: str,
                 normalizer: Normalizer, max_chars: int) -> Iterator[_Item]:
    """Records of a JSONL stream, parsed one line at a time; the encoding is chosen from the first 64 KiB."""
    rest: Iterator[Any] = iter(lines)
    head: list[Any] = []
    size = 0
    for line in rest:
        head.append(line)
        size += len(line)
        if size >= _SAMPLE_BYTES:
            break
    if not head:
        yield InputError(source, "empty file")
        return
    codec: str | None = None
    if not any(isinstance(x, str) for x in head):
        sample = b"".join(x for x in head if isinstance(x, bytes)) or b"{}"
        try:
            _, codec = _decode(sample, source)
        except InputError as exc:
            yield exc
            return
        if codec == "utf-16":  # cannot be split on b"\n": decode it whole (rare)
            try:
                text = _decode(sample + b"".join(x for x in rest if isinstance(x, bytes)), source)[0]
            except InputError as exc:
                yield exc
                return
            head, rest, codec = normalize_newlines(text).split("\n"), iter(()), None
    records = 0
    for lineno, raw in enumerate(itertools.chain(head, rest), 1):
        where = f"{source}:{lineno}"
        if isinstance(raw, _TooLong):
            records += 1
            yield InputError(where, f"line of {raw.size:,} bytes, over the limit for one record of "
                                    f"{max_chars:,} characters (raise it with --max-chars)")
            continue
        if codec is not None:
            try:
                line = raw.decode(codec)
            except UnicodeDecodeError:
                yield InputError(where, f"cannot decode as {_ENCODING_NAMES.get(codec, codec)}; "
                                        "re-save the file as UTF-8")
                continue
        else:
            line = raw
        if not line.strip():
            continue
        records += 1
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield InputError(where, "record is not a JSON object")
            continue
        meta = {"format": "jsonl", "line": str(lineno)}
        if codec is not None:
            meta["encoding"] = codec
        try:
            yield where, _record_document(record, where, f"{stem}-{lineno}", source, meta, normalizer, max_chars)
        except InputError as exc:
            yield exc
    if not records:
        yield InputError(source, "empty file")


def _stdin_items(stream: IO[Any], normalizer: Normalizer, max_chars: int) -> Iterator[_Item]:
    source = "stdin"
    limit = max_chars * _BYTES_PER_CHAR
    lines = _bounded_lines(stream, limit)
    head: list[Any] = []
    size = 0
    for line in lines:
        head.append(line)
        size += len(line)
        if size >= _SAMPLE_BYTES:
            break
    if not head:
        yield InputError(source, "empty input")
        return
    first_line = next((x for x in head if not isinstance(x, _TooLong)), None)
    binary = not isinstance(first_line, str)
    kept = [x for x in head if not isinstance(x, _TooLong)]
    try:
        sample = _decode(b"".join(kept), source)[0] if binary and kept else "".join(kept)
    except InputError as exc:
        yield exc
        return
    first = next((line for line in sample.split("\n") if line.strip()), "")
    if _is_record(first):
        yield from _jsonl_items(itertools.chain(head, lines), source, source, normalizer, max_chars)
        return
    if len(kept) < len(head):
        yield InputError(source, f"over the limit for one document of {max_chars:,} characters (raise it with "
                                 "--max-chars)")
        return
    try:
        meta: dict[str, str] = {}
        rest = stream.read(limit + 1 - size)
        if size + len(rest) > limit:
            yield InputError(source, f"over {limit:,} bytes, the limit for one document of {max_chars:,} "
                                     "characters (raise it with --max-chars)")
            return
        if binary:
            text, meta["encoding"] = _decode(b"".join(kept) + rest, source)
        else:
            text = sample + rest
        if _looks_like_html(text):
            doc = _html_document(text, source, source, meta, normalizer)
            _check_size(len(doc.text), max_chars, source)
            yield source, doc
        elif not text.strip():
            yield InputError(source, "empty input")
        else:
            _check_size(len(text), max_chars, source)
            yield source, document_from_text(text, source, source=source, meta={**meta, "format": "text"},
                                             normalizer=normalizer)
    except InputError as exc:
        yield exc


def _is_record(line: str) -> bool:
    try:
        value = json.loads(line)
    except ValueError:
        return False
    return isinstance(value, dict) and "text" in value
