"""Sentences and words: the two segmentation stages.

Sentences are split on the original text's content regions (boilerplate excluded); words come from an owned
jieba tokenizer (no global state) run on the normalised Simplified view, with kg's domain words added so that
titles and the names of bodies stay whole.
"""

from __future__ import annotations

import re
from dataclasses import replace

import jieba
import jieba.posseg

from kg.lexicon import Lexicon, load_lexicon
from kg.model import Document, Span, Token

# A sentence ends at 。！？；, at a line break, or after a closing quote that follows one of those.
_SENT_END = re.compile(r"[。！？!?；;]+[”’」』）)]*|\n")


def sentence_spans(text: str, regions: tuple[Span, ...]) -> tuple[Span, ...]:
    """Split each region of ``text`` into sentences; spans are stripped of surrounding white space.

    Example:
        >>> sentence_spans("甲说。乙说！\\n丙", (Span(0, 8),))
        (Span(start=0, end=3), Span(start=3, end=6), Span(start=7, end=8))
    """
    out: list[Span] = []
    for region in regions or (Span(0, len(text)),):
        pos = region.start
        for m in _SENT_END.finditer(text, region.start, region.end):
            _add(out, text, pos, m.end())
            pos = m.end()
        _add(out, text, pos, region.end)
    return tuple(out)


def _add(out: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(start, end))


CJK_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")  # a word of Chinese characters only
_NUMBER = re.compile(r"[0-9０-９.．%％]+|第?[0-9零〇一二三四五六七八九十百千万亿两]+[届次年月日个号期批项条]?")


def _oov_tag(word: str) -> str:
    if _NUMBER.fullmatch(word):
        return "m"
    if CJK_WORD.fullmatch(word):
        return "un"
    if word.isascii() and word.isalnum():
        return "eng"
    return "x"


class SentenceSplitter:
    """Pipeline stage ``sentences``: sets ``Document.sentences``."""

    name = "sentences"

    def __call__(self, doc: Document) -> Document:
        return replace(doc, sentences=sentence_spans(doc.text, doc.regions))


# Words of jieba's dictionary made of a body and its head's title: cut apart, so that the body is found
# (湖州|市委书记 → 湖州市委 + 书记, 区政协主席 → 区政协 + 主席)
# (kg's own titles such as 党组书记 stay words: they are added as titles)
_BODY_AND_TITLE = ("市委书记", "省委书记", "县委书记", "区委书记", "市委常委", "省委常委", "人大主任", "政协主席",
                   "法院院长", "总局局长", "局局长", "银行行长", "协会会长", "协会主席", "商会会长", "医院院长",
                   "学院院长", "大学校长", "公司总裁")


# Titles jieba's dictionary glues to a country's name in one word tagged as a name (德国总理, 美国总统)
_STATE_TITLES = ("总统", "副总统", "总理", "副总理", "首相", "国王", "女王", "外长", "外交部长", "国防部长", "总书记", "主席",
                 "议长", "大使", "总督", "元首", "领导人", "政府")


class WordTokenizer:
    """Pipeline stage ``tokens``: jieba words with part-of-speech tags over the normalised view.

    Domain words are added with their own tags: ``nnt`` for titles, ``ntg`` for government bodies and ``nto``
    for other bodies, so that 退役军人事务部 or 副主任委员 are single tokens; countries and China's provinces
    and cities are tagged ``ns``; jieba's words made of a body or a country and a title (市委书记, 德国总理) are
    cut apart.
    """

    name = "tokens"

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()
        self._jieba = jieba.Tokenizer()
        for word in sorted(self.lexicon.titles):
            self._jieba.add_word(word, 20000, "nnt")
            for prefixed in ("副" + word, "常务副" + word):
                self._jieba.add_word(prefixed, 20000, "nnt")
        for word in sorted(self.lexicon.gov_bodies):
            # not 委党组, 部党组 …: as words they would cut 卫生健康|委党组|成员
            if not (word in self.lexicon.local_bodies and word.endswith("党组") and len(word) == 3):
                self._jieba.add_word(word, 50000, "ntg")
        for word in sorted(self.lexicon.other_bodies):
            self._jieba.add_word(word, 50000, "nto")
        for word, kind in sorted(self.lexicon.org_heads.items()):
            if len(word) >= 3:
                self._jieba.add_word(word, 20000, "nth" if kind == "government" else "nto")
        # a meeting's head is one word (推进|会 would end the name of a body)
        for word in self.lexicon.meeting_heads:
            if len(word) >= 3:
                self._jieba.add_word(word, self._jieba.FREQ.get(word) or 20000, "n")
        # countries and China's provinces and cities are places (jieba tags 石家庄 and 乌克兰 nr, 保定 v); a word
        # jieba knows keeps its frequency, so that only its tag changes, not how text is cut
        freq = self._jieba.FREQ
        countries = sorted(c for c in self.lexicon.countries if len(c) >= 2 and not c.endswith("方"))
        for word in sorted(self.lexicon.places) + countries:
            self._jieba.add_word(word, freq.get(word) or 1000, "ns")
        for word in _BODY_AND_TITLE:
            if word not in self.lexicon.titles:
                self._jieba.del_word(word)
        # a country and a title in one word (德国总理, tagged as a name) are cut apart, so that the title is found
        # and the post gets its country
        for country in countries:
            for title in _STATE_TITLES:
                if freq.get(country + title):
                    self._jieba.del_word(country + title)
        self._pos = jieba.posseg.POSTokenizer(self._jieba)
        self._tags: dict[str, str] | None = None

    def tag_of(self, word: str) -> str | None:
        """The part-of-speech tag of ``word`` in the dictionary, or ``None`` when it is not a word."""
        self._pos.makesure_userdict_loaded()
        return self._pos.word_tag_tab.get(word)

    def tokenize(self, text: str, offset: int = 0) -> list[Token]:
        """Tokens of ``text`` with offsets shifted by ``offset``.

        Words come from jieba's plain cut (dictionary plus its HMM for unknown words), which is several times
        faster than its part-of-speech cut; a word's tag is its dictionary tag, ``un`` for an unknown Chinese
        word (names are left to the entity tagger), ``m`` for numbers, ``eng`` for Latin and ``x`` otherwise.
        """
        if self._tags is None:
            self._pos.makesure_userdict_loaded()
            self._tags = self._pos.word_tag_tab
        tags = self._tags
        out: list[Token] = []
        pos = offset
        for word in self._jieba.cut(text, HMM=True):
            end = pos + len(word)
            out.append(Token(pos, end, word, tags.get(word) or _oov_tag(word)))
            pos = end
        return out

    def __call__(self, doc: Document) -> Document:
        tokens: list[Token] = []
        for s in doc.sentences:
            ns, ne = doc.norm_offset(s.start), doc.norm_offset(s.end)
            tokens.extend(self.tokenize(doc.norm[ns:ne], ns))
        return replace(doc, tokens=tuple(tokens))
