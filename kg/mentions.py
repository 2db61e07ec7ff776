"""Mention finders: titles, organizations, places, persons and policy concepts.

Each finder is a pure function over a :class:`Sentence` (the normalised text of one sentence with its
tokens) that yields :class:`Hit` values in normalised offsets; the :class:`MentionFinder` stage turns them
into :class:`~kg.model.Mention` objects pointing into the original text and resolves overlaps.

The rules encode how Chinese government news names things: a post is written ``ORG TITLE NAME``
(退役军人事务部部长孙绍骋), titles are shared by lists (副部长钱锋、朱天舒), bodies are built from a place or a
parent body plus a unit (浙江省委组织部, 中央纪委国家监委驻…纪检监察组), and policy concepts are fixed formulas,
quoted slogans, laws, plans and the spirits of named meetings.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import partial

from kg.lexicon import Lexicon, load_lexicon
from kg.model import Document, Mention, Token
from kg.segment import CJK_WORD
from kg.tagger import PROPOSAL, UNSURE

CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
PUNCT = set("，。、；：！？,.;:!?（）()“”‘’\"'《》〈〉「」『』【】—…·- \t\n\u3000")

# Words that may follow a person's name: they end a name when deciding its length.
NAME_FOLLOWERS = (
    "在", "出席", "主持", "表示", "会见", "指出", "强调", "同", "说", "等", "和", "与", "作", "率", "一行",
    "分别", "对", "就", "向", "于", "为", "参加", "讲话", "致辞", "通电话", "会谈", "宣布", "前往", "也",
    "是", "的", "到", "赴", "抵达", "表", "认为", "介绍", "称", "还", "并", "代表", "发表", "应约", "应邀",
    "日", "月", "今天", "昨天", "近日", "上午", "下午", "晚", "已", "曾", "被", "将", "出", "主", "参", "致",
    "同志", "列席", "陪同", "严重", "涉嫌", "接受", "因", "以", "从", "任", "及", "以及", "之", "所", "回答",
    "答", "访", "来", "去", "受", "调研", "考察", "视察", "批示", "签署", "听取", "提出", "希望", "要求", "请",
)
POST_TITLES_AFTER_NAME = (
    "总书记", "主席", "委员长", "总理", "副总理", "副主席", "国家主席", "国家副主席", "书记", "同志",
    "总统", "首相", "国王", "部长", "省长", "市长", "院长", "检察长",
)
# Words ending like a body that are not one (干部, 格局, 举办 …).
NOT_HEADS = frozenset(
    "内部 全部 局部 干部 本部 东部 西部 南部 北部 中部 头部 腹部 外部 上部 下部 底部 顶部 "
    "格局 布局 大局 结局 当局 开局 全局 时局 政局 部署 "
    "举办 创办 承办 主办 开办 兴办 督办 包办 代办 协办 "
    "参军 从军 大军 冠军 亚军 季军 军 党 全军 全党 "
    "大会 开会 社会 机会 宴会 晚会 全会 例会 约会 学会 "
    "小组 一组 分组 编组 机组 班组 "
    "病院 庭院 剧院 影院 书院".split()
)
# Endings that make no body of a longer word either (新格局, 开好局, 人民大会堂北大厅, 全党全军); not 全局, 政局 or 外部,
# which end 安全局, 财政局 and 越共中央对外部
NOT_HEAD_ENDS = ("格局", "布局", "大局", "结局", "开局", "时局", "变局", "好局", "内部", "局部", "大厅", "全军", "全党",
                 # rooms of a building (省人大常委会会议厅) and a force in a figure of speech (海洋经济主力军)
                 "会议厅", "会议室", "报告厅", "演播厅", "展厅", "主力军", "生力军", "先头部队")
# Generic bodies: valid as the head of a name (广西壮族自治区党委) but not a name on their own.  Short local
# bodies (市委, 省政府, 部党组: kg/lexicons/local_bodies.txt) are names: the body of the place the article is about.
NON_ORG_WORDS = frozenset(
    "党委 政府 中央 委员会 机关 组织 中心 部门 单位 党组 人大 政协 办公室 办公厅 部队 银行 "
    "公司 集团 大学 学院 常委会 人大常委会 人大常委会党组 工委 纪委 监委 法院 检察院 公安局 代表团 主席团 "
    "人民政府 人民法院 人民检察院 论坛 协会 学会 联合会 基金会 商会 委 部 局 厅 署 办 院 "
    # parts of a country, not bodies (中西部地区): jieba tags some of them as organizations
    "东部 西部 南部 北部 中部 中西部 东中部 东北部 东南部 西北部 西南部 中东部".split()
) | NOT_HEADS
ORG_STOP_STARTS = ("各", "有关", "相关", "该", "本", "我", "其", "他", "她", "此", "这", "那", "每", "某", "多",
                   "地方", "基层", "上级", "下级", "同级", "全体")
PLACE_SUFFIXES = ("省", "市", "县", "区", "自治区", "自治州", "州", "盟", "旗", "镇", "乡", "村", "特别行政区")
GOV_PREFIXES = ("中央", "国家", "全国", "中共", "中国", "国务院", "中华人民共和国", "省", "市", "县", "自治区")


@dataclass(frozen=True, slots=True)
class Hit:
    """A finder result in normalised offsets (absolute, not relative to the sentence)."""

    start: int
    end: int
    label: str
    kind: str | None = None
    nested: bool = False
    score: int = 0


@dataclass(frozen=True)
class Sentence:
    """One sentence of the normalised view: its text, absolute offset, index and tokens."""

    index: int
    offset: int
    text: str
    tokens: tuple[Token, ...]

    def sub(self, start: int, end: int) -> str:
        return self.text[start - self.offset:end - self.offset]


def sentences_of(doc: Document) -> Iterator[Sentence]:
    """The normalised sentences of ``doc`` with their tokens."""
    tokens = doc.tokens
    ti = 0
    for i, s in enumerate(doc.sentences):
        ns, ne = doc.norm_offset(s.start), doc.norm_offset(s.end)
        while ti < len(tokens) and tokens[ti].start < ns:
            ti += 1
        tj = ti
        while tj < len(tokens) and tokens[tj].end <= ne:
            tj += 1
        yield Sentence(i, ns, doc.norm[ns:ne], tokens[ti:tj])
        ti = tj


# ---------------------------------------------------------------------------------------------- titles

def word_alternation(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, the longest one where several start at a position,
    written as a trie (部(?:长(?:助理)?|…)): Python's regex engine tries a flat alternation word by word at each
    position, and a trie halves the time of kg's job pattern (511 words).

    Example:
        >>> word_alternation(["部长", "部长助理", "副部长"])
        '(?:副部长|部长(?:助理)?)'
        >>> re.findall(word_alternation(["部长", "部长助理"]), "部长助理和部长")
        ['部长助理', '部长']
    """
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict) -> str:  # type: ignore[type-arg]
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return f"(?:{body})?"

    return pattern(trie)


# Envoys are named by where they serve: 驻华大使, 驻沪总领事, 驻印度尼西亚大使 (the country they represent is
# the organization before the title, as for any post).
ENVOY_TITLES = ("特命全权大使", "大使", "副总领事", "总领事", "领事", "公使", "参赞", "武官", "临时代办")
_ENVOY_POSTS = "华 沪 港 澳 穗 蓉 渝 京 汉 津 沈".split()


def title_regex(lex: Lexicon) -> re.Pattern[str]:
    core = word_alternation(lex.titles)
    where = word_alternation(sorted(set(_ENVOY_POSTS) | lex.countries))
    # a session prefix belongs to a membership title: 第二十届中央委员
    return re.compile(rf"(?:原|前|时任|候任)?驻{where}{word_alternation(ENVOY_TITLES)}|"
                      rf"(?:第?[一二三四五六七八九十]+届)?(?:原|前|时任|代理|代|候任|常务|第一)?(?:国家)?(?:常务)?副?"
                      rf"(?:{core})(?:助理)?")


def find_titles(sent: Sentence, title_re: re.Pattern[str]) -> Iterator[Hit]:
    """Title words (部长, 副主任委员, 原副书记 …) on token boundaries."""
    starts = {t.start for t in sent.tokens}
    ends = {t.end for t in sent.tokens}
    for m in title_re.finditer(sent.text):
        s, e = m.start() + sent.offset, m.end() + sent.offset
        # A title must start on a token boundary or right after an organization-like token; it may end inside
        # a token only when the rest is a name (部长孙 …) — accept token-aligned ends or ends before CJK.
        if s in starts or _title_starts_inside_org(sent, s):
            yield Hit(s, e, "TITLE", score=1 if e in ends else 0)


def minister_regex(lex: Lexicon) -> re.Pattern[str]:
    """A foreign minister titled by the fields of the ministry, with no ministry written (印尼海洋统筹部长,
    马来西亚投资贸易和工业部长): the country, then the title."""
    countries = word_alternation(sorted(c for c in lex.countries if c not in ("中国", "中方")))
    return re.compile(rf"(?:{countries})((?!和|与|及)[\u4e00-\u9fff]{{2,10}}?部长)")


# What no title of fields holds: a ministry (国防部|部长), an envoy's post, a list of countries (美国和日本外交部长),
# a chain of titles (副总理兼国防部长)
_NOT_FIELDS = re.compile(r"部.|驻|的|与|及|、|兼")


def find_foreign_ministers(sent: Sentence, minister_re: re.Pattern[str]) -> Iterator[Hit]:
    """Titles of foreign ministers named by the fields of the ministry (see :func:`minister_regex`)."""
    if "部长" not in sent.text:
        return
    starts = {t.start for t in sent.tokens}
    for m in minister_re.finditer(sent.text):
        title = m.group(1)
        if _NOT_FIELDS.search(title[:-1]) or minister_re.search(title):
            continue
        s, e = m.start(1) + sent.offset, m.end(1) + sent.offset
        if s in starts:
            yield Hit(s, e, "TITLE", score=1)


OCCUPATION = "occupation"  # Mention.kind of a job that is not an official post (记者, 教授, 总经理)


def find_occupations(sent: Sentence, occupation_re: re.Pattern[str] | None,
                     tag_of: Callable[[str], str | None]) -> Iterator[Hit]:
    """Jobs and occupations (记者, 主持人, 总经理 …) that start and end on token boundaries.

    They are TITLE mentions of kind ``occupation``: an entity recogniser reports them as positions, but no post
    (and no person) is read from them.  The longest title wins (首席经济学家 over 首席), and a longer title the
    tagger proposes wins over a job inside it (独立董事 over 董事).  A job may end a word that starts with
    another dictionary word (本报记者).
    """
    if occupation_re is None:
        return
    starts = {t.start for t in sent.tokens}
    ends = {t.end: t for t in sent.tokens}
    for m in occupation_re.finditer(sent.text):
        s, e = m.start() + sent.offset, m.end() + sent.offset
        token = ends.get(e)
        if token is None:
            continue
        if s in starts or s - token.start >= 2 and tag_of(token.word[:s - token.start]) is not None:
            yield Hit(s, e, "TITLE", OCCUPATION)


def _title_starts_inside_org(sent: Sentence, pos: int) -> bool:
    for t in sent.tokens:
        if t.start < pos < t.end:
            prefix = t.word[:pos - t.start]
            return t.pos in ("ntg", "nt", "nto") or prefix.endswith(("部", "委", "局", "厅", "院")) or \
                prefix in COUNTRY_ABBREVIATIONS
    return False


# One-character abbreviations of country names as news writes them before a title or body (俄总统, 美国务卿,
# 乌外交部) and in the names of armed forces (俄军, 乌军方, 以军; also 苏军, the Soviet army).  中 is left out: 中方
# is not a post's org.
COUNTRY_ABBREVIATIONS = frozenset("美俄英法德日韩朝印巴伊叙土越泰菲澳乌以")
_ARMY = re.compile(r"([美俄英法德日韩朝印巴伊叙土越泰菲澳乌以苏])(军方|军)(?![事队区官人民团种工费港校机舰备力]|同志)")


def find_abbreviated(sent: Sentence, hits: list[Hit]) -> Iterator[Hit]:
    """Armed forces named by a country's abbreviation (俄军, 乌军方) and the abbreviation before a title or a
    body as a place (俄总统 → 俄 + 总统), so that a post gets its country."""
    starts = {t.start for t in sent.tokens}
    text, off = sent.text, sent.offset
    for m in _ARMY.finditer(text):
        s = m.start() + off
        before = text[m.start() - 1:m.start()]
        if s in starts or before in PUNCT or not before:
            yield Hit(s, m.end() + off, "ORG", "government")
    for h in hits:
        if h.label in ("TITLE", "ORG") and h.start > off and text[h.start - off - 1] in COUNTRY_ABBREVIATIONS:
            before = text[h.start - off - 2:h.start - off - 1]
            if not before or before in PUNCT or before in "和与同及对是称向":
                yield Hit(h.start - 1, h.start, "PLACE")


# ----------------------------------------------------------------------------------------- organizations

def _org_head(word: str, lex: Lexicon, whole: bool = False) -> str | None:
    """Kind of the body a token ends, if it ends one (``whole``: only when the token is a head itself, for
    verbs: 签署 ends in 署 but is no 署)."""
    if word in lex.gov_bodies:
        return "government"
    if word in lex.other_bodies:
        return "other"
    if word in NOT_HEADS or word.endswith(NOT_HEAD_ENDS) or word.endswith(lex.meeting_ends):
        return None
    for n in (len(word),) if whole else (5, 4, 3, 2, 1):
        if len(word) >= n and word[-n:] in lex.org_heads:
            return lex.org_heads[word[-n:]]
    return None


def _is_place(tok: Token, lex: Lexicon) -> bool:
    return tok.pos == "ns" or tok.word in lex.countries or (
        len(tok.word) >= 2 and tok.word.endswith(PLACE_SUFFIXES) and tok.pos in ("ns", "n", "nz"))


def _is_org_atom(tok: Token, lex: Lexicon) -> bool:
    return tok.pos in ("ntg", "nto", "nt", "nts", "ntu", "ntc", "nth") or tok.word in lex.bodies


_MODIFIER_POS = {"n", "nz", "vn", "l", "j", "ng", "an", "b", "nr", "ns", "nt", "ntg", "nto", "m", "q", "v", "a"}
_FIELD_POS = frozenset(("n", "vn", "nz", "an"))  # a field of work (规划, 教育) before 和 inside a body's name
_BREAK_WORDS = frozenset(
    "会见 会谈 出席 主持 参加 召开 举行 审议 通过 听取 指出 强调 表示 同 和 与 及 以及 等 在 对 是 的 了 "
    "向 为 将 由 从 到 于 和平 会议 全体会议 常务会议 讲话 代表 委员 记者 工作 建设 发展 "
    "部分 所有 全部 大部分 一些 多数 会同".split()  # 军区部分部队, 所有地面部队: a quantity ends the name;
    # 甲会同乙: two bodies acting together
)


def find_organizations(sent: Sentence, lex: Lexicon) -> Iterator[Hit]:
    """Bodies built from places, known bodies and nouns ending in an organization head.

    Yields the full name and, flagged ``nested``, every body named inside it (浙江省委组织部 → 浙江省委;
    中央纪委国家监委驻退役军人事务部纪检监察组 → 中央纪委国家监委, 退役军人事务部).
    """
    toks = sent.tokens
    i = 0
    n = len(toks)
    memo = lex.memo
    while i < n:
        t = toks[i]
        # most tokens start no name: their remembered answer is read here without calling _can_start
        if memo.get((t.word, t.pos)) is False or not _can_start(t, lex, toks[i + 1] if i + 1 < n else None):
            i += 1
            continue
        # extend over modifiers; remember the last index that ends a body
        j = i
        last_end = -1
        kinds: list[str] = []
        ends: list[int] = []
        while j < n:
            tok = toks[j]
            if tok.word in ("和", "与") and j > i and last_end < 0 and toks[j - 1].pos in _FIELD_POS and \
                    j + 1 < n and toks[j + 1].pos not in ("ns", "nr", "nrt", "nrfg"):
                j += 1  # fields joined inside one name (市规划与国土资源管理局, 区教育和体育局): no body before 和
                continue
            if tok.word in _BREAK_WORDS and j > i:
                break
            if tok.pos == "nnt" or tok.pos == "x" and tok.word not in "（）()":
                break
            if tok.pos == "m" and j > i and not tok.word.endswith("届") or tok.word == "电":
                break  # a date or a number ends a name (新华社北京5月7日电国务院)
            if tok.pos in ("nr", "nrfg", "nrt") and j > i and not _is_org_atom(tok, lex):
                break
            if tok.pos not in _MODIFIER_POS and not _is_org_atom(tok, lex) and tok.word != "驻" \
                    and tok.word not in "（）()":
                break
            if tok.pos == "v" and tok.word != "驻" and not _org_head(tok.word, lex, whole=True):
                break
            kind = _org_head(tok.word, lex, whole=tok.pos == "v")
            if kind and not (tok.pos == "m"):
                if kinds and _is_unit(tok.word, lex):
                    kind = kinds[-1]  # a unit of the body before it (华为公司 + 技术部)
                last_end = j
                ends.append(j)
                kinds.append(kind)
            j += 1
            if j - i > 14:
                break
        if last_end < 0:
            i += 1
            continue
        span_toks = toks[i:last_end + 1]
        # an unbalanced parenthesis ends the name before it: 事务厅(局)长会议 → 事务厅
        opened = [k for k, tk in enumerate(span_toks) if tk.word in "（("]
        closed = [k for k, tk in enumerate(span_toks) if tk.word in "）)"]
        if len(opened) > len(closed):
            span_toks = span_toks[:opened[-1]]
            while span_toks and not _org_head(span_toks[-1].word, lex):
                span_toks = span_toks[:-1]
            if not span_toks:
                i = last_end + 1
                continue
        start, end = span_toks[0].start, span_toks[-1].end
        text = sent.sub(start, end)
        if text in lex.local_bodies and not _stands_alone(toks, i):
            # the body of the place named right before it (河内|市委, 张家口|崇礼|区委), unless the words before
            # are of many places (各市委)
            k = i
            while k > 0 and i - k < 3 and toks[k - 1].pos in _PLACE_LIKE_POS and len(toks[k - 1].word) >= 2 \
                    and toks[k - 1].word not in _PLURAL_BEFORE and CJK_WORD.fullmatch(toks[k - 1].word):
                k -= 1
            if k < i:
                yield Hit(toks[k].start, end, "ORG", "government")
            i = last_end + 1
            continue
        if _valid_org(text, span_toks, lex):
            last = i + len(span_toks) - 1
            k = max((n for n, e in enumerate(ends) if e <= last), default=len(kinds) - 1)
            # a unit (部, 办公室) is of its body's kind; otherwise one state body's head makes a state body
            kind = kinds[k] if k > 0 and _is_unit(toks[ends[k]].word, lex) else \
                "government" if "government" in kinds else "other"
            if any(tk.word in lex.other_bodies for tk in span_toks[-1:]):
                kind = "other"
            if span_toks[-1].word in lex.gov_bodies:
                kind = "government"
            division = _division_end(toks, i + len(span_toks) - 1) if kind == "government" else None
            if division is None and kind == "government":
                division = _named_division(toks, i + len(span_toks) - 1)
            if division is not None:
                yield Hit(start, toks[division].end, "ORG", kind)
                yield Hit(start, end, "ORG", kind, nested=True)
                last_end = division
            else:
                yield Hit(start, end, "ORG", kind)
            yield from _nested_orgs(sent, span_toks, lex, start, end)
        i = last_end + 1


# The title of a division's head, by the character that ends the division's name (预算司司长, 综合处处长,
# 研究部副部长, 价格监督检查局局长, 信息中心主任).
_DIVISION_HEADS = {"司": "司长", "处": "处长", "科": "科长", "室": "主任", "部": "部长", "局": "局长", "心": "主任"}
# Words that end a body's name elsewhere but name a division's field before its head's title
# (城乡规划建设处, 住宅与房地产研究处, 社会发展研究部)
_DIVISION_FIELD_WORDS = frozenset("和 与 及 建设 发展 工作 和平".split())
_TITLE_PREFIXES = ("常务副", "副")


def _division_end(toks: tuple[Token, ...] | list[Token], k: int) -> int | None:
    """Index of the last token of the internal divisions named after a government body that ends at token
    ``k``, when the title of a division's head follows them (财政部 + 预算司综合处 + 处长 → 财政部预算司综合处);
    ``None`` otherwise.  Without that title 司, 处 and 科 are too often other words to end a name."""
    j = k + 1
    while j < len(toks) and toks[j].pos != "nnt":
        t = toks[j]
        if j - k > 9 or t.word in _BREAK_WORDS and t.word not in _DIVISION_FIELD_WORDS or \
                not CJK_WORD.fullmatch(t.word):
            return None
        j += 1
    if j == k + 1 or j >= len(toks):
        return None
    names = "".join(t.word for t in toks[k + 1:j])
    title = toks[j].word
    for prefix in _TITLE_PREFIXES:
        title = title.removeprefix(prefix)
    head = _DIVISION_HEADS.get(names[-1])
    if len(names) < 2 or head is None or not title.startswith(head) or toks[k + 1].word in _DIVISION_FIELD_WORDS \
            or names[-1] == "心" and (not names.endswith("中心") or len(names) < 4):
        return None
    return j - 1


_DIVISION_ENDS = ("司", "处", "局", "署")


def _named_division(toks: tuple[Token, ...] | list[Token], k: int) -> int | None:
    """Index of the last token of a division written after the state body ending at token ``k`` with no title
    after it: one dictionary word of three characters or more ending in 司, 处, 局 or 署 (银监会 + 咨询处), or up
    to three words and 局, 署, 司 or 处 as a word of its own (美国国防部 + 导弹防御 + 局); ``None`` otherwise."""
    j = k + 1
    if j < len(toks) and len(toks[j].word) >= 3 and toks[j].word.endswith(_DIVISION_ENDS) and \
            toks[j].pos in ("n", "nt", "nz") and CJK_WORD.fullmatch(toks[j].word):
        return j
    while j < len(toks) and j - k <= 4:
        t = toks[j]
        if t.word in _DIVISION_ENDS and j > k + 1:
            return j
        if t.word in _BREAK_WORDS or len(t.word) < 2 or t.pos not in ("n", "vn", "v", "nz") or \
                not CJK_WORD.fullmatch(t.word):
            return None
        j += 1
    return None


def _is_unit(word: str, lex: Lexicon) -> bool:
    """``word`` names a unit inside a body (技术部, 办公室), not a body of its own (国务院)."""
    return word not in lex.bodies and word.endswith(tuple(UNIT_HEADS))


def _can_start(t: Token, lex: Lexicon, nxt: Token | None) -> bool:
    """A body's name may start at ``t`` (a place, a known body, a prefix like 中央, a session number; a generic
    head before a session number).  The answer for the word is remembered in ``lex.memo`` (tokens repeat)."""
    key = (t.word, t.pos)
    can = lex.memo.get(key)
    if can is None:
        can = lex.memo[key] = _word_can_start(t, lex)
    if can == "head":  # 政协第十四届全国委员会, 中共第二十届中央委员会: a generic body before a session number
        return nxt is not None and nxt.pos == "m" and nxt.word.endswith("届")
    return can is True


def _word_can_start(t: Token, lex: Lexicon) -> bool | str:
    if t.word.startswith(ORG_STOP_STARTS) and t.word not in lex.bodies:
        return False
    if _is_org_atom(t, lex) or _is_place(t, lex) or t.word in GOV_PREFIXES or \
            t.pos == "m" and t.word.endswith("届"):
        return True
    return "head" if t.word in lex.org_heads else False


# Modifiers of a kind of body, not of one body (上市公司, 民间组织, 金融机构, 国家机关 name no organization).
_GENERIC_MODIFIERS = frozenset(
    "上市 民间 党政 党 基层 地方 国有 民营 私营 外资 合资 外国 国外 境外 国内 有关 相关 各级 各类 中外 两国 两岸 群众 "
    "社会 金融 新闻 科研 教育 医疗 卫生 文化 企业 事业 行政 司法 执法 国家 政府 军队 大型 中小 小型 中型 跨国 知名 "
    "一些 一家 这家 该 其他 其它 所有 许多 不少 各种 主要 重点 骨干 龙头 非政府 公益 慈善 商业 学术 专业 中介 服务".split())


# Words that make a name stand for many bodies or for people, wherever they stand in it: every level (各级,
# 三级, 省级), the bodies concerned (有关部门, 相关部门), members (党员干部), a government and its party
# committee together (党委政府)
_MANY_BODIES = re.compile(r"各级|各类|各地|有关|相关|所属|[一二两三四五]级|[省市县乡区]级|党员干部|干部群众|党委政府|党政(?!府)|^设区|"
                          r"^全[省市县区]")


def generic_org(name: str, lex: Lexicon) -> bool:
    """A kind of body rather than a body: generic modifiers and a head only (研究所, 上市公司, 党政机关, 党组织).

    Example:
        >>> lex = load_lexicon()
        >>> generic_org("上市公司", lex), generic_org("党组织", lex), generic_org("浙江大学", lex)
        (True, True, False)
        >>> generic_org("参议院", lex), generic_org("调查组", lex)
        (False, True)
    """
    if name in lex.bodies or lex.org_heads.get(name) == "government" and not name.endswith(("组", "会议")):
        return False  # a bare state body (参议院, 自由党) stands for the one the text is about; a team (调查组) not
    if _MANY_BODIES.search(name):
        return True  # 全省各级党委, 深圳市相关部门, 省委有关部委, 四川省级政府, 全省市县乡三级人大
    rest = name
    while rest and rest not in lex.org_heads and rest not in NON_ORG_WORDS:
        for k in range(min(len(rest), 4), 0, -1):
            if rest[:k] in _GENERIC_MODIFIERS:
                rest = rest[k:]
                break
        else:
            return False
    return True


# Words before a short local body that make it a kind of body (各市委, 广州、深圳等市人大常委会, 设区市政府,
# 地级以上市政府): the bodies of many places, none named.
_PLURAL_BEFORE = frozenset("各 等 每 各地 各级 设区 地级 以上 地级以上 有关 相关 沿海 全省 全市 所在 其他 其它 部分 多个 "
                           "县级 市级 省级 乡镇 基层 地方 下级 上级".split())


_PARTY_GROUP = re.compile(r"(?:^|(?<=[，。；：、（(“\s]))[部厅局委署办院]党组")


def find_party_groups(sent: Sentence) -> Iterator[Hit]:
    """The party group of the body an article is about, named by that body's kind and standing alone (部党组成员,
    厅党组书记 at a clause's start); inside a name (卫生健康委党组) the finder of bodies takes it."""
    for m in _PARTY_GROUP.finditer(sent.text):
        yield Hit(m.start() + sent.offset, m.end() + sent.offset, "ORG", "government")


# Words that may name the place of a short local body written right after them (河内 s, 崇礼 nrt, 张家口 ns)
_PLACE_LIKE_POS = frozenset(("ns", "s", "nrt", "nr", "nrfg", "nz", "j"))


def _stands_alone(toks: tuple[Token, ...] | list[Token], i: int) -> bool:
    """A short local body at ``toks[i]`` names the body of the place the article is about when nothing that
    qualifies it comes first: the sentence's start, punctuation, a verb, a preposition or a title (省委书记、
    省人大常委会主任; 由市委组织部; 张三在市政府), not a word of a name it ends (滨海阿尔卑斯|省政府, 崇礼|区委)
    or a word of many places (各市委, 等市人大常委会)."""
    if i == 0:
        return True
    prev = toks[i - 1]
    if prev.word in _PLURAL_BEFORE:
        return False
    return prev.pos in ("x", "v", "p", "c", "d", "u", "uj", "ul", "nnt", "vn", "f", "t") or \
        prev.word in "、，。；：（）()“”"


def _valid_org(text: str, toks: tuple[Token, ...] | list[Token], lex: Lexicon) -> bool:
    if len(text) < 2 or text in NON_ORG_WORDS or generic_org(text, lex):
        return False
    if len(toks) == 1:
        t = toks[0]
        if t.pos in ("ns", "n", "nz") and any(len(t.word) > n and lex.org_heads.get(t.word[-n:]) == "government"
                                              for n in (2, 3)):
            return True  # one word of a name and a state body's head (乌拉尔军区, jieba's place)
        return _is_org_atom(t, lex) and t.word not in NON_ORG_WORDS and len(t.word) >= 2 and \
            (t.word in lex.bodies or t.pos in ("ntg", "nto", "nt"))
    # a place followed only by a generic head (北京市委 is fine; 中国 + 人 is not a body)
    if any(c in text for c in "，。、；"):
        return False
    return True


def _nested_orgs(sent: Sentence, toks: list[Token] | tuple[Token, ...], lex: Lexicon,
                 start: int, end: int) -> Iterator[Hit]:
    """Bodies named inside a longer name: prefixes ending in a body and the body after 驻."""
    for k in range(len(toks) - 1):
        tk = toks[k]
        if tk.word == "驻":
            # the stationed-at body: tokens after 驻 up to the first body; no prefix of the whole name that
            # ends after 驻 is a body (中央纪委国家监委驻退役军人事务部 is not one)
            for m in range(k + 1, len(toks)):
                if _is_org_atom(toks[m], lex) or _org_head(toks[m].word, lex):
                    s2, e2 = toks[k + 1].start, toks[m].end
                    yield Hit(s2, e2, "ORG", _kind_of(toks[m], lex), nested=True)
                    break
            break
        if toks[k + 1].word == "驻" or (_is_org_atom(tk, lex) and len(tk.word) >= 2) or \
                (_org_head(tk.word, lex) and k >= 1 and len(tk.word) >= 2):
            s2, e2 = toks[0].start, tk.end
            if e2 < end and _org_head(tk.word, lex):
                yield Hit(s2, e2, "ORG", _kind_of(tk, lex), nested=True)
            # an atom inside (not at the start) is a body on its own (国务院国资委 → 国务院)
            if k > 0 and _is_org_atom(tk, lex) and tk.word in lex.bodies:
                yield Hit(tk.start, tk.end, "ORG", _kind_of(tk, lex), nested=True)
    last = toks[-1]
    # a short local body ending a name is the same body (南京|市政府), not one inside it
    if len(toks) > 1 and last.word in lex.bodies and len(last.word) >= 3 and last.word not in lex.local_bodies:
        yield Hit(last.start, last.end, "ORG", _kind_of(last, lex), nested=True)


def _kind_of(tok: Token, lex: Lexicon) -> str:
    return _org_head(tok.word, lex) or ("other" if tok.pos == "nto" else "government")


# ------------------------------------------------------------------------------------------------ places

_GENERIC_PLACES = frozenset("城市 都市 县市 省市 市县 地区 国家 全国 各地 当地 本地 外地 基层 城乡 乡村 农村 社区".split())


def find_places(sent: Sentence, lex: Lexicon) -> Iterator[Hit]:
    """Countries, provinces and cities (used for posts such as 乌拉圭总统 and meeting places).

    jieba tags many common words as places (满意度, 庆典), so a place is a known country or region, or a
    jieba place name ending in an administrative suffix (广东省, 深圳市), or a two-to-four-character jieba
    place name followed by a title or a body (乌拉圭总统).
    """
    toks = sent.tokens
    for k, t in enumerate(toks):
        if t.word in _GENERIC_PLACES:
            continue
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if t.word in lex.countries or t.pos == "ns" and (
                len(t.word) >= 3 and t.word.endswith(PLACE_SUFFIXES)
                or 2 <= len(t.word) <= 4 and nxt is not None and nxt.pos in ("nnt", "ntg", "nt", "nth")):
            yield Hit(t.start, t.end, "PLACE")


# ----------------------------------------------------------------------------------------------- persons

def name_at(text: str, pos: int, lex: Lexicon, foreign: bool = False) -> int:
    """Length of the person name starting at ``text[pos]``, or 0 when there is none.

    Chinese names are a surname and one or two characters; the length is chosen by what follows (a
    punctuation mark or a word that typically follows a name).  Transliterated names run over the
    transliteration characters (and the middle dot).
    """
    rest = text[pos:]
    if not rest or not re.match(rf"[{CJK}]", rest):
        return 0
    if foreign or not lex.is_surname_start(rest):
        k = 0
        while k < len(rest) and (rest[k] in lex.translit or rest[k] in "·•"):
            k += 1
            # a middle dot followed by more of the name does not end it (芭芭拉·弗兰克林)
            if k >= 2 and _follows_name(rest[k:]) and rest[k:k + 1] not in lex.translit and not (
                    rest[k:k + 1] in "·•" and rest[k + 1:k + 2] in lex.translit):
                break
        while k and rest[k - 1] in "·•":
            k -= 1
        if 2 <= k <= 12:
            return k
        if foreign or not lex.is_surname_start(rest):
            return 0
    sur = 2 if rest[:2] in lex.compound_surnames else 1
    best, best_score = 0, -9
    for given in (2, 1):
        k = sur + given
        cand = rest[:k]
        if len(cand) < k or not CJK_WORD.fullmatch(cand):
            continue
        after = rest[k:]
        score = 0
        if not after or after[0] in PUNCT or after[0].isdigit() or after[0].isspace():
            score += 3
        elif _follows_name(after):
            score += 2
        elif any(after.startswith(t) for t in POST_TITLES_AFTER_NAME):
            score += 2
        if given == 2:
            score += 1  # most names of officials have three characters
            if cand[-1] in "作受" and re.match(r"(?:的|了|关于|国务院|委托|报告|说明)", after):
                score -= 3  # 应勇作的报告, 贺荣受国务院委托: the third character is the verb
        if score > best_score:
            best, best_score = k, score
    return best if best_score >= 1 else 0


def _follows_name(after: str) -> bool:
    return not after or after[0] in PUNCT or after[0].isdigit() or after.startswith(NAME_FOLLOWERS)


_CREDIT = re.compile(rf"(?:记者|摄影)?([{CJK}]{{2,4}})[ \u3000]*摄(?:[^{CJK}]|$)")


def find_credits(sent: Sentence, lex: Lexicon) -> Iterator[Hit]:
    """Photo credits: ``曹舒昊 摄`` at the end of a caption."""
    for m in _CREDIT.finditer(sent.text):
        name = m.group(1)
        if lex.is_surname_start(name) and m.start(1) == 0 or sent.text[m.start(1) - 1] in PUNCT | set("。"):
            yield Hit(m.start(1) + sent.offset, m.end(1) + sent.offset, "PERSON", "credit")


# ---------------------------------------------------------------------------------------------- policies

_POLICY_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("spirit", re.compile(rf"(?:党的|中共)[{CJK}、和]{{2,30}}?(?:全会|大会|大)精神")),
    ("spirit", re.compile(rf"(?:习近平)?总书记(?:在[^，。；]{{2,60}}?(?:上|之际)(?:关于[^，。；]{{2,30}}?)?的|"
                          rf"对[{CJK}、]{{2,24}}?(?:的)?|致[^，。；《》]{{2,24}}?的)?(?:系列)?"
                          r"(?:重要讲话|重要指示|重要指示批示|重要回信|贺信)"
                          r"(?:(?:和|、)?(?:对[^，。；]{2,40}?作出的)?(?:重要讲话|重要指示|重要指示批示|重要回信))?精神")),
    ("spirit", re.compile(r"中央(?:经济|农村|城市|金融|外事|统战)?工作会议精神")),
    ("theory", re.compile(rf"习近平总书记(?:关于[{CJK}、“”]{{2,40}}?(?:的)?|在[^，。；]{{2,40}}?(?:上|之际|时)(?:作出|发表)的)"
                          r"(?:系列)?重要(?:论述|指示|讲话)(?:精神)?")),
    # the second of two (…的重要论述和对广东系列重要讲话重要指示精神): his words to a region or a sector
    ("spirit", re.compile(r"(?:" + "|".join(f"(?<={a}{b})" for a in ("论述", "指示", "讲话", "精神") for b in "和、")
                          + rf")对[{CJK}]{{2,12}}?(?:工作)?(?:的)?(?:系列)?"
                          r"重要(?:讲话|指示)(?:和|、)?(?:重要指示|重要讲话)?(?:批示)?精神")),
    ("theory", re.compile(rf"习近平[{CJK}]{{2,6}}思想")),
    ("plan", re.compile(r"“?[十][一二三四五六七八九]?五”?(?:规划(?:纲要|建议)?|时期)?")),
    ("plan", re.compile(r"政府工作报告")),
)
# The spirit of a named meeting that a meeting conveys or studies (传达学习中央党的建设工作领导小组会议精神): the name
# and 精神, after the verb
_CONVEYED_SPIRIT = re.compile(rf"(?:传达学习贯彻|学习宣传贯彻|学习贯彻落实|传达学习|学习贯彻|贯彻落实|学习传达|学习领会|传达|学习|落实|"
                              rf"贯彻|领会)(?:了|好)?((?:[{CJK}]{{2,30}}?)"
                              r"(?:会议|全会|大会|座谈会|峰会)精神)")
_NEXT_SPIRIT = re.compile(rf"(?:和|、|以及|及)([{CJK}]{{2,30}}?(?:会议|全会|大会|座谈会|峰会)精神)")
_QUOTED = re.compile(rf"“([{CJK}A-Za-z0-9+＋]{{2,16}})”([{CJK}]{{0,12}}?(?:规划纲要|规划|行动|活动|工程|计划|战略|倡议|精神))?")
_LAW_TAIL = re.compile(r"(?:法典|法|条例|规定|办法|规则|细则|决定)(?:（草案）|\(草案\)|修订草案|修正草案|草案|修正案)?")


def find_policies(sent: Sentence, lex: Lexicon, policy_re: re.Pattern[str]) -> Iterator[Hit]:
    """Policy concepts: lexicon formulas, quoted slogans, laws, plans, theories and meeting spirits."""
    text, off = sent.text, sent.offset
    for m in policy_re.finditer(text):
        yield Hit(m.start() + off, m.end() + off, "POLICY", lex.policies[m.group()], score=1)
    ends = []  # of his words and spirits, which a list of spirits may follow
    for kind, pat in _POLICY_PATTERNS:
        for m in pat.finditer(text):
            if kind in ("spirit", "theory"):
                ends.append(m.end())
            if kind == "plan" and m.group().strip("“”") in ("十五", "十"):
                continue
            if kind == "theory" and m.group().endswith("思想") and m.group() not in lex.policies \
                    and not m.group().startswith("习近平"):
                continue
            yield Hit(m.start() + off, m.end() + off, "POLICY", "spirit" if m.group().endswith("精神") else kind)
    for m in _CONVEYED_SPIRIT.finditer(text):
        if not m.group(1).startswith(("习近平", "总书记")):  # his speeches' spirits have their own pattern
            yield Hit(m.start(1) + off, m.end(1) + off, "POLICY", "spirit")
        ends.append(m.end())
    for end in sorted(set(ends)):
        while (item := _NEXT_SPIRIT.match(text, end)) is not None:  # …的重要指示和…会议精神: each conveyed
            yield Hit(item.start(1) + off, item.end(1) + off, "POLICY", "spirit")
            end = item.end()
    licensed, last_end = False, -1
    for m in _QUOTED.finditer(text):
        inner = m.group(1)
        if text[max(0, m.start() - 2):m.start()] in STORM_WORDS:
            # the name of a storm (台风“摩羯”): no slogan, and no organization inside either
            yield Hit(m.start() + off, m.end() + off, "POLICY", WORK)
            continue
        if inner.isdigit() or _quoted_word(text, m, inner):
            continue
        tail = m.group(2) or ""
        kind = _policy_kind(inner + tail)
        if _EVENT_END.search(inner) or len(tail) > 2 and tail.endswith("活动"):
            # a festival, an exchange year (“…友好年”), an activity of a kind (“…”科普活动, “…”系列活动): an
            # event, not a policy; a campaign named in quotes and then called 活动 (“…落实年”活动) stays one
            yield Hit(m.start() + off, m.end() + off, "POLICY", WORK)
            last_end = m.end()
            continue
        in_list = licensed and text[last_end:m.start()] in _LIST_JOINS
        if tail or kind != "slogan" and "的" not in inner or inner in lex.policies or in_list and len(inner) >= 4:
            # a named genre (“江河战略”, not a description ending like one: “最艰难的一年”), a listed slogan, an
            # item of a list of slogans
            licensed = True
        elif _figure_of_speech(sent, m.start(1), inner):
            kind, licensed = WORK, False  # no policy, but what it holds is no body or name either (“冰超”, “撕钢”)
        else:
            licensed = _slogan_in_use(text, m, inner)
            if not licensed:
                kind = WORK  # a quoted phrase nothing shows to be a policy: a thing, a nickname, a metaphor
        last_end = m.end()
        yield Hit(m.start() + off, m.end() + off, "POLICY", kind)
    yield from _find_laws(sent)
    for m in re.finditer(r"《([^《》]{2,40})》", text):
        name = m.group(1)
        kind = _policy_kind(name)
        if _PUBLICATION_END.search(name) or _EVENT_END.search(name):
            # a report of figures or research, a statistical communiqué, a yearbook (《…发展报告（2024）》,
            # 《…统计公报》), or an activity: a work or an event, not a policy (政府工作报告 is a plan)
            yield Hit(m.start() + off, m.end() + off, "POLICY", WORK)
            continue
        if _GENRE_ONLY.fullmatch(name) or kind == "slogan" and name not in lex.policies \
                and not _INSTRUMENT_END.search(name):
            # 《意见》 (a document named by its genre alone); 《人民日报》, 《高端访谈》 (works, not policies): no
            # policy, but what they contain is no body or policy either (《热烈祝贺全国政协…》, a banner's words)
            kind = WORK
        yield Hit(m.start() + off, m.end() + off, "POLICY", kind)


# A quoted phrase is a slogan only where the sentence uses it as one (GUIDELINE G: a fixed, quotable name of a
# policy), not because it is quoted: quotes also mark things (“数字云冈”), nicknames (“江淮粮仓”), metaphors
# (“海上森林”), brands and quoted words of other people.  What shows the use: a formula of numbers (“两个维护”,
# “三农”), a verb that carries out, holds to or coins a policy right before it (坚持“…”, 推进“…”, 深刻领悟“…”,
# 打造“…”), or a word of policy right after it (“放管服”改革, “双碳”目标, “一网通办”服务体系).
_SLOGAN_VERB_BEFORE = re.compile(
    r"(?:坚持|坚定|坚守|秉持|秉承|践行|贯彻|落实|推进|推动|推行|实施|深化|做到|增强|树立|弘扬|唱响|围绕|聚焦|紧扣|"
    r"对照|恪守|领悟|拥护|提出|开展|启动|打造|打响|倡导|倡议|遵循|把握|实现|融入|助力|深入|用好|抓好|做好|"
    rf"统筹|加快|加强|完善|健全|建设|共建|参与|支持|落地|推广|构建)(?:了|好|实|在)?(?:[{CJK}]{{1,8}}的)?$")
_SLOGAN_WORD_AFTER = re.compile(
    r"(?:的)?(?:改革|战略|理念|要求|方针|原则|目标|政策|行动|工程|举措|部署|倡议|建设|格局|体系|机制|理论|思想|精神|"
    r"重要论述|重要思想|试点|专项|方略|路线|制度|模式|工作|任务|布局|框架|愿景|构想|主张|承诺|共识|经验|目标任务)")
_LIST_JOINS = frozenset(("", "、", "和", "与", "及", "以及"))  # between items of a list of quoted names


def _slogan_in_use(text: str, m: re.Match[str], inner: str) -> bool:
    """The quoted ``inner`` (match ``m`` of :data:`_QUOTED`) is used as a policy's name (see above)."""
    if NUMBER_FORMULA.search(inner):
        return True
    if _SLOGAN_VERB_BEFORE.search(text, max(0, m.start() - 14), m.start()):
        return True
    return _SLOGAN_WORD_AFTER.match(text, m.end()) is not None


# A formula of numbers (四个意识, 两个维护, 三农, 六张网, 双碳, 零关税, 高效办成一件事): the shape of a coined slogan
NUMBER_FORMULA = re.compile(r"[零一二两三四五六七八九十百千万双][个大项件张条化新种重有为不篇网区链农保]|^[零两双三四五六七八九十百千万]")


# Quoted names of things (a craft or a ship by its number: 雄安一号; an app or a hotline: 交管12123), of days and
# events (“五一”, “双十一”, …节, …周, …日, …赛), and questions: no slogans
_NOT_A_SLOGAN = re.compile(r"^[一二三四五六七八九十双]{2,3}$|[一二三四五六七八九十\d]号$|\d{3,}|(?:节|周|日|赛|杯|晚会|大赛|论坛|展)$|如何|怎样|什么|为何|吗$")


def _figure_of_speech(sent: Sentence, start: int, inner: str) -> bool:
    """A quoted word that coins no policy: one word the dictionary knows (“护城河”, “卡脖子”, “汪洋大海”), or a
    word of up to three characters (“活水”, “钥匙”, “C位”) — unless it is a formula of numbers (“三农”, “六化”).
    A named slogan, plan or campaign is a phrase made for the occasion (“投资于人”, “江苏智造”, “巴人治巴”)."""
    if _NOT_A_SLOGAN.search(inner):
        return True  # a thing, a day or an event, or a question: “雄安一号”, “交管12123”, “警察节”, “如何相处”
    if NUMBER_FORMULA.search(inner):
        return False
    if len(inner) <= 3:
        return True
    s = start + sent.offset
    tokens = [t for t in sent.tokens if s <= t.start and t.end <= s + len(inner)]
    return len(tokens) == 1 and tokens[0].start == s and tokens[0].end == s + len(inner)


# What shows a quoted word to be no slogan: the name of a thing it stands before (“匕首”高超音速导弹, “蛟龙”号),
# a pretext (以“反恐”为由) or an adverb (“一劳永逸地”).
_THING_AFTER = re.compile(r"(?:号|型|级|系列|牌|式)?(?:高超音速)?(?:导弹|火箭|飞船|卫星|探测器|潜水器|钻井平台|平台|舰|"
                          r"航母|战机|战斗机|轰炸机|无人机|飞机|坦克|雷达|系统|机器人|列车|动车组|大桥|隧道|风暴|台风)")
_PRETEXT_AFTER = re.compile(r"为(?:由|名|借口|幌子)")


def _quoted_word(text: str, m: re.Match[str], inner: str) -> bool:
    """The quoted ``inner`` (match ``m`` of :data:`_QUOTED`) names a thing, is a pretext or an adverb."""
    if m.group(2):
        return False  # “十四五”规划, “一带一路”倡议: the quote is the policy's name
    end = m.end(1) + 1
    if inner.endswith("地") and len(inner) >= 3:
        return True
    if _THING_AFTER.match(text, end):
        return True
    return text[m.start() - 1:m.start()] == "以" and _PRETEXT_AFTER.match(text, end) is not None


#: The words a storm's name follows (台风杜苏芮, 台风“摩羯”): such a name is neither a person nor a slogan.
STORM_WORDS = ("台风", "飓风")
#: The kind of a title of a work (《…》) that names no policy: it hides what it contains, then goes.
WORK = "work"
#: A title of a work (《…》), as the persons and the meetings finders look for them.
WORK_TITLE = re.compile(r"《[^《》\n]{1,40}》")
# Titles of works (《…》) that are policy documents without a genre _policy_kind knows: treaties, charters,
# declarations and the State Council's opinions and notices; other titles of works are newspapers,
# programmes, books and films.  A genre alone (《意见》, 《纲要（2023年版）》) refers back to a document named in
# full elsewhere.
_INSTRUMENT_END = re.compile(r"(?:公约|协定|条约|宪章|议定书|协议|安排|章程|宣言|公报|议程|纲领|意见|通知|批复|指南|指引|"
                             r"目录|清单|措施|政策|决议|声明|立场|文件|规范|标准|白皮书)(?:（[^（）]*）)?$")
_GENRE_ONLY = re.compile(r"(?:指导|实施|若干)?(?:意见|通知|指南|公报|概论|读本|问答|纲要|决定|条例|规定|办法|方案|规划|建议|"
                         r"报告|计划|细则|措施|章程|决议|声明)(?:（[^（）]*）|草案|修订草案)?")


# Works that report rather than decide (GUIDELINE G lists plans, 政府工作报告 among them, not reports of figures)
_PUBLICATION_END = re.compile(r"(?:(?<!工作)报告|(?:统计|监测|状况|普查|预警)公报|蓝皮书|年鉴|读本|文集|选集)"
                              r"(?:（[^（）]*）|\([^()]*\))*$")
# Events named like initiatives: activities, festivals, exchange or theme years, exhibitions, contests
_EVENT_END = re.compile(r"(?:活动|文化节|旅游节|艺术节|购物节|消费季|消费年|友好年|交流年|主题年|展览|博览会|大赛|竞赛|晚会)"
                        r"(?:（[^（）]*）)*$")


def _policy_kind(name: str) -> str:
    """The kind of a policy by how its name ends, an edition or draft in brackets aside (…规划（2022—2030年）)."""
    name = _BRACKETED_END.sub("", name)
    if re.search(r"(?:法典|法案|法|条例|规定|办法|规则|通则|细则|决定)(?:草案|修订草案|修正草案)?$", name):
        return "law"
    if re.search(r"(?:规划|纲要|计划|方案|报告|要点|建议|意见|通知|指南|指引|清单|措施)$", name):
        return "plan"
    if re.search(r"(?:倡议|行动|活动|工程|年|战略)$", name):
        return "initiative"
    if name.endswith("精神"):
        return "spirit"
    if name.endswith(("思想", "论述", "论述摘编", "文选")):
        return "theory"
    return "slogan"


_BRACKETED_END = re.compile(r"(?:（[^（）]*）)+$")


# Words ending in 法 that name no law (方法, 执法 …), and jieba's tags of laws it does not know (安全法 nr,
# 促进法 v): such a word is a law only before 草案, 实施 … (安全法草案, 森林法实施情况)
_NOT_LAWS = frozenset("方法 办法 说法 想法 做法 看法 执法 司法 立法 违法 依法 守法 合法 非法 普法 用法 手法 写法 算法 书法 "
                      "魔法 戏法 疗法 兵法 语法 技法 笔法 章法 打法 玩法 解法 加法 减法 乘法 除法 佛法 无法 设法 效法 "
                      "取法 变法 刀法 枪法 剑法".split())
_MISTAGGED_LAW = frozenset(("nr", "v", "vn", "nrt", "un"))
_LAW_CONTEXT_AFTER = frozenset(("草案", "修订草案", "修正草案", "修订", "修正", "修正案", "实施", "的", "规定", "有关",
                                "第", "相关", "（", "》", "和", "、", "等"))
_LAW_BREAK = frozenset(
    "审议 通过 修改 实施 贯彻 学习 制定 听取 落实 宣传 颁布 施行 出台 起草 推进 推动 加强 完善 依据 根据 按照 "
    "违反 关于 对 的 和 及 与 了 是 在 为 将 等 作 就 提请 表决 初次 二次 三次 检查 执法检查 修订 修正 废止".split()
)


_DRAFT_AFTER = frozenset(("草案", "（", "(", "修正案", "修订草案", "修正草案", "》"))


# Verbs of a clause that a law's name follows (贯彻实施国务院组织法, 确保规则得到执行)
_CLAUSE_VERBS = frozenset("确保 对接 贯彻 实施 落实 推进 推动 执行 遵守 制定 修改 修订 宣传 学习 违反 依照 按照 根据 适用 "
                          "出台 通过 审议 颁布 施行 完善 健全 在于 研究 起草 编制 印发 发布 公布 贯彻落实 学习贯彻 加快 "
                          "参照 依据 运用 用好 落地 符合 贯彻实施 深入 认真 把握 理解 掌握".split())


_GENERIC_RULES = re.compile(r"(?:管理|工作|议事|实施|暂行|具体)(?:办法|规定|规则|条例|细则)")


def _find_laws(sent: Sentence) -> Iterator[Hit]:
    toks = sent.tokens
    for k, t in enumerate(toks):
        m = _LAW_TAIL.fullmatch(t.word)
        if not m and not (t.word.endswith(("法", "条例", "法典")) and len(t.word) >= 3 and t.word[-2:] not in _NOT_LAWS
                          and (t.pos in ("n", "nz", "l") or t.pos in _MISTAGGED_LAW and k + 1 < len(toks)
                               and toks[k + 1].word in _LAW_CONTEXT_AFTER)):
            continue
        if t.word in _NOT_LAWS or t.word in ("规定", "决定", "规则", "法"):
            if not (m and k > 0):
                continue
        if t.word in ("决定", "规定") and (k + 1 >= len(toks) or toks[k + 1].word not in _DRAFT_AFTER):
            continue  # 国务院决定，… / 日本内阁决定: the verb; a decision as a document is 关于…的决定 or a draft
        # extend left over the name
        j = k
        while j > 0:
            p = toks[j - 1]
            if p.word in _LAW_BREAK or p.pos in ("x", "uj", "p", "c", "m", "q", "r", "d", "ul", "t") or k - j >= 8 or \
                    p.word in _CLAUSE_VERBS or p.pos == "v" and len(p.word) == 1:
                break  # 深入贯彻实施|国务院组织法, 主动对接|…规则, 想|办法: a verb of the clause is no part of a name
            j -= 1
        if j == k and len(t.word) <= 2:
            continue
        # extend right over 草案 / 修订草案 / (草案)
        e = k
        while e + 1 < len(toks) and toks[e + 1].word in ("草案", "修订", "修正", "修订草案", "修正草案", "（", "）", "(",
                                                         ")", "修正案"):
            e += 1
        while toks[e].word in ("（", "(", "修订", "修正"):
            e -= 1
        start, end = toks[j].start, toks[e].end
        name = sent.sub(start, end)
        if "（" in name and "）" not in name or _GENERIC_RULES.fullmatch(name):
            continue  # 管理办法, 工作规则: a genre, no law's name
        if len(name) >= 3:
            yield Hit(start, end, "POLICY", "law")


# ------------------------------------------------------------------------------------------------- stage

class MentionFinder:
    """Pipeline stage ``mentions``: runs every finder and resolves overlaps into ``Document.mentions``."""

    name = "mentions"

    def __init__(self, lexicon: Lexicon | None = None,
                 tag_of: Callable[[str], str | None] | None = None) -> None:
        self.lexicon = lex = lexicon or load_lexicon()
        self.tag_of = tag_of or (lambda word: None)
        self.title_re = title_regex(lex)
        self.minister_re = minister_regex(lex)
        self.policy_re = re.compile(word_alternation(lex.policies))
        self.occupation_re = re.compile(word_alternation(lex.occupations)) if lex.occupations else None

    def hits(self, sent: Sentence) -> list[Hit]:
        lex = self.lexicon
        out: list[Hit] = []
        out.extend(find_titles(sent, self.title_re))
        out.extend(find_foreign_ministers(sent, self.minister_re))
        out.extend(find_occupations(sent, self.occupation_re, self.tag_of))
        out.extend(find_organizations(sent, lex))
        out.extend(find_party_groups(sent))
        out.extend(find_places(sent, lex))
        out.extend(find_policies(sent, lex, self.policy_re))
        out.extend(list(find_abbreviated(sent, out)))
        return out

    def _is_title(self, sent: Sentence, start: int, end: int) -> bool:
        """Whether ``start:end`` (normalised offsets) of ``sent`` is a title; 成员 after a party group is one
        (部党组|成员)."""
        s, e = start - sent.offset, end - sent.offset
        return self.title_re.fullmatch(sent.text, s, e) is not None or sent.text[s - 2:e] == "党组成员"

    def __call__(self, doc: Document) -> Document:
        from kg.persons import find_persons, find_surname_references  # they need titles and organizations

        proposals = [m for m in doc.mentions if m.kind == PROPOSAL]
        by_sentence: dict[int, list[Mention]] = {}
        for m in proposals:
            by_sentence.setdefault(m.sentence, []).append(m)
        mentions: list[Mention] = []
        named: list[Mention] = []  # the tagger's places that stand where a name does
        for sent in sentences_of(doc):
            hits = self.hits(sent)
            tagged = by_sentence.get(sent.index, [])
            names = _places_as_names(doc, tagged, hits, self.lexicon)
            named += names
            tagged = [m for m in tagged if m not in names]
            hits.extend(proposal_hits(doc, tagged, self.lexicon, self.occupation_re, self.tag_of))
            hits = resolve_overlaps(hits, partial(self._is_title, sent))
            mentions.extend(_to_mention(doc, h, sent.index) for h in hits)
        persons = find_persons(doc, mentions, self.lexicon, self.tag_of,
                               [m for m in proposals if m.label == "PERSON"] + named
                               + names_in_proposals(doc, proposals, self.lexicon, self.occupation_re, self.tag_of),
                               unsure=[m for m in doc.mentions if m.kind == UNSURE])
        mentions = _drop_covered(mentions, persons)
        starts, ends = {t.start for t in doc.tokens}, {t.end for t in doc.tokens}
        mentions += find_surname_references(doc, mentions + persons, self.lexicon, starts)
        mentions += find_kind_bodies(doc, mentions + persons, starts, ends)
        mentions = places_listed_as_units(doc, mentions)
        mentions += persons
        dateline = DATELINE.match(doc.norm)
        if dateline is not None:  # the publisher of the article, not a body it mentions
            end = doc.orig(dateline.end())
            mentions = [m for m in mentions if m.start >= end]
        return replace(doc, mentions=tuple(sorted(mentions, key=_order)))


# The source tag a web or press article opens with (央视网消息（新闻联播）：, 人民网消息：, 本报讯): it names the
# publisher, not a body the news is about, so nothing in it is a mention (a reporter named after it still is).
# A wire dateline (新华社北京5月7日电) is left alone: it names the agency and the place of the report, which
# NER corpora mark as entities.
DATELINE = re.compile(r"\s*(?:[\w·]{2,12}?(?:消息|讯)(?:[（(][^）)\n]{1,24}[）)])?[：:]|[\w·]{2,8}?讯(?=[（(\s]))")


# State bodies named by their kind alone (法院未予采信, 被公安机关拘留, 督促地方政府): which court or which police
# the text does not say, so the graph makes no node of them (``BODY`` mentions); the armed services (海军, 空军,
# 陆军) too when no country or army is written before them.
KIND_BODIES = frozenset(
    "法院 检察院 公安机关 检察机关 司法机关 审判机关 监察机关 警方 中央政府 地方政府 海军 空军 陆军 派出所 "
    "监管部门 税务部门 工商部门 海关部门 部委".split())
_KIND_BODY_RE = re.compile("|".join(sorted(KIND_BODIES, key=len, reverse=True)))


def find_kind_bodies(doc: Document, mentions: list[Mention], starts: set[int], ends: set[int]) -> list[Mention]:
    """``BODY`` mentions: the words of :data:`KIND_BODIES` standing as words of their own (``starts``/``ends``:
    the token boundaries) outside every other mention (人民法院 and 美国海军 are organizations)."""
    taken = [(doc.norm_offset(m.start), doc.norm_offset(m.end)) for m in mentions]
    out = []
    for m in _KIND_BODY_RE.finditer(doc.norm):
        s, e = m.span()
        if s in starts and e in ends and not any(a < e and s < b for a, b in taken):
            sentence = doc.sentence_of(doc.orig(s))
            if sentence >= 0:
                out.append(doc.mention(s, e, "BODY", None, sentence))
    return out


# The end of a list of units (省财政厅、某某县等单位, …、西藏、国资国企系统等部门): a place listed among bodies as a unit
# stands for its government.
_UNITS_TAIL = re.compile(r"(?:、[^、，。；：\s等]{1,24})*等(?:单位|部门|机构)")


def places_listed_as_units(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with each place of a list of units that names a body too (县强基办、益庆乡、吉中乡等单位) made an
    organization of kind ``government``."""
    norm = doc.norm
    orgs = [(doc.norm_offset(m.start), doc.norm_offset(m.end)) for m in mentions if m.label == "ORG"]
    out = []
    for m in mentions:
        if m.label == "PLACE" and orgs:
            s, e = doc.norm_offset(m.start), doc.norm_offset(m.end)
            tail = _UNITS_TAIL.match(norm, e)
            if tail is not None and (norm[s - 1:s] == "、" or tail.group().startswith("、")):
                head = s
                while head > 0 and norm[head - 1] not in "，。；：！？\n" and s - head < 120:
                    head -= 1
                if any(head <= a and b <= tail.end() for a, b in orgs):
                    m = doc.mention(s, e, "ORG", "government", m.sentence)
        out.append(m)
    return out


def foreign_like(cand: str, lex: Lexicon) -> bool:
    """Most characters of a transliterated name are transliteration characters."""
    letters = [c for c in cand if c not in "·•"]
    return sum(c in lex.translit for c in letters) >= max(2, len(letters) - 1)


def _name_like(text: str, lex: Lexicon) -> bool:
    """A person's name as written after a job: a surname and one or two characters, or a transliteration."""
    return lex.is_surname_start(text) and 2 <= len(text) <= 3 or foreign_like(text, lex)


# Titles written after a name and hardly ever after a place (通伦总书记, 何维副委员长; not 泰国总理)
NAME_BEFORE_TITLES = frozenset(("总书记", "委员长", "副委员长", "同志"))
# Ends of the names of sites and works (苏丹麦洛维大坝)
_SITE_ENDS = ("坝", "桥", "机场", "港", "站", "路", "街", "山", "河", "湖", "海", "岛", "城", "宫", "府", "馆", "园", "中心",
              "广场", "亚", "洲")
# What follows a name written after a title (主任委员巴音朝鲁、…; not 主席东南亚之行)
_AFTER_NAME = re.compile(r"[、，。；：（(]|[和与同在作表说指称等就出会]")


def _places_as_names(doc: Document, proposals: list[Mention], hits: list[Hit], lex: Lexicon) -> list[Mention]:
    """Person proposals for the tagger's places that stand where a name does: right after an official's title
    (主任委员 + 巴音朝鲁) or right before a title written after names (通伦 + 总书记).  A known country or
    Chinese region stays a place (国家主席 + 北京 is no name)."""
    titles = [h for h in hits if h.label == "TITLE" and h.kind != OCCUPATION
              and doc.norm[h.start:h.end] not in lex.countries]  # 苏丹 is a country too
    ends = {doc.orig(h.end) for h in titles}
    after = {doc.orig(h.start) for h in titles if doc.norm[h.start:h.end] in NAME_BEFORE_TITLES}
    out = []
    for m in proposals:
        if m.label != "PLACE" or m.key in lex.countries or m.key in lex.places or \
                m.key.endswith(PLACE_SUFFIXES + _SITE_ENDS):
            continue
        if m.end in after or m.start in ends and _AFTER_NAME.match(doc.norm, doc.norm_offset(m.end)):
            out.append(replace(m, label="PERSON"))
    return out


def _name_after_job(rest: str, lex: Lexicon, tag_of: Callable[[str], str | None]) -> bool:
    """What a tagged organization has after a job is a name: name-like and no other word (国民警|卫队)."""
    return bool(rest) and _name_like(rest, lex) and tag_of(rest) in (None, "nr", "nrt", "nrfg", "un")


def names_in_proposals(doc: Document, proposals: list[Mention], lex: Lexicon, jobs: re.Pattern[str] | None,
                       tag_of: Callable[[str], str | None] = lambda w: None) -> list[Mention]:
    """Person proposals for the names inside the tagger's other spans:

    * an organization that runs into a name after a job (俄罗斯军事分析专家 + 马基延科) or whose head is a
      verb (弗格森 + 学会了): :func:`proposal_hits` drops it, the name stays a name;
    * a title glued to the name before it (维德 + 警官): a transliterated name and an official's title or a job.
    """
    out = []
    norm = doc.norm
    for m in proposals:
        s, e = doc.norm_offset(m.start), doc.norm_offset(m.end)
        if m.label == "ORG":
            job = jobs.search(m.key, 1) if jobs is not None else None
            if job is not None and _name_after_job(m.key[job.end():], lex, tag_of):
                out.append(doc.mention(s + job.end(), e, "PERSON", PROPOSAL, m.sentence))
            elif _verb_head(m.key, norm, e) and foreign_like(m.key[:-2], lex):
                out.append(doc.mention(s, e - 2, "PERSON", PROPOSAL, m.sentence))
        elif m.label == "TITLE":
            k = _name_and_title(m.key, lex)
            if k is not None:
                out.append(doc.mention(s, s + k, "PERSON", PROPOSAL, m.sentence))
    return out


def _name_and_title(key: str, lex: Lexicon) -> int | None:
    """Where the title starts in a tagged title that is a transliterated name and a title or a job (维德警官 → 2);
    ``None`` when it is no such thing."""
    for k in range(2, len(key) - 1):
        rest = key[k:]
        if (rest in lex.titles or rest in lex.occupations) and foreign_like(key[:k], lex):
            return k
    return None


def _verb_head(key: str, norm: str, end: int) -> bool:
    """A tagged organization ending at ``end`` whose head is a verb: an aspect particle follows (弗格森学会|了)."""
    return key[-2:] in _VERB_HEADS and norm[end:end + 1] in ("了", "着", "过")


# Heads of bodies that are verbs too (学会 learnt, 协会 …): followed by an aspect particle they are verbs.
_VERB_HEADS = frozenset(("学会", "工会", "理会", "体会", "领会", "开会", "集会", "聚会"))


_PLACE_WORD_POS = frozenset(("f", "ns", "nz", "j", "s"))


def proposal_hits(doc: Document, proposals: list[Mention], lex: Lexicon,
                  jobs: re.Pattern[str] | None = None,
                  tag_of: Callable[[str], str | None] = lambda w: None) -> Iterator[Hit]:
    """The tagger's organizations, places and titles as hits (``score`` -1: rules win ties).

    Generic words (市委, 有关部门) are dropped: kg lists specific, named bodies only; so is an organization that
    runs over a job into a person's name (国防分析专家卡尔科; not 律师事务所), one whose last character is a rank
    (中海油局|级领导), one whose head is a verb (弗格森学会|了) and one whose last character starts another
    dictionary word (云南发展新局|面).
    """
    norm = doc.norm
    tokens = doc.tokens

    def cuts_word(e: int) -> bool:
        """The span's last character starts a two-character dictionary word that is no title (云南发展新局|面;
        not 司法部|长)."""
        i = bisect.bisect_left(tokens, e - 1, key=lambda t: t.start)
        if i >= len(tokens) or tokens[i].start != e - 1:
            return False
        t = tokens[i]
        return len(t.word) == 2 and t.pos != "nnt" and t.word not in lex.titles and tag_of(t.word) is not None

    for m in proposals:
        s, e = doc.norm_offset(m.start), doc.norm_offset(m.end)
        key = m.key
        if m.label == "ORG":
            if key[-1] in "）)" and not any(c in key for c in "（("):
                key, e = key[:-1], e - 1  # 巴勒斯坦伊斯兰抵抗运动（哈马斯）: the bracket closes around the name
            i = bisect.bisect_right(tokens, s, key=lambda t: t.start) - 1
            if 0 <= i and tokens[i].start < s < tokens[i].end <= e and tokens[i].pos in _PLACE_WORD_POS and \
                    len(tokens[i].word) <= 3:
                # the tagger's name starts inside a word of a place (前|海深港…管理局): the name starts with it
                key, s = norm[tokens[i].start:s] + key, tokens[i].start
            if key in lex.countries:
                # a country is a place (刚果（金）总统), not a body; named in the lexicon, as sure as a rule's
                yield Hit(s, e, "PLACE")
                continue
            if len(key) < 2 or key in NON_ORG_WORDS or key.startswith(ORG_STOP_STARTS) or generic_org(key, lex) or \
                    key.endswith(lex.meeting_ends) or \
                    any(c in key for c in "，。、；：“”《》") or cuts_word(e) or norm.startswith("等地", e) or \
                    key.endswith(NOT_HEAD_ENDS):
                continue  # 红利曼等地: an item of a list of places
            if key in lex.local_bodies:
                i = bisect.bisect_left(tokens, s, key=lambda t: t.start)
                if i < len(tokens) and tokens[i].start == s and not _stands_alone(tokens, i):
                    continue  # 各市委, 等市人大常委会: the bodies of many places
            if all(c in lex.translit for c in key) and _ending_kind(key, lex) is None and \
                    any(norm[max(0, s - k):s] in lex.titles for k in (2, 3)):
                continue  # 匈牙利总理欧尔班: a transliteration after a title is the holder's name
            if norm[e:e + 1] == "级" and key[-1] in "部局厅司处科" or _verb_head(key, norm, e):
                continue
            job = jobs.search(key, 1) if jobs is not None else None
            if job is not None and _name_after_job(key[job.end():], lex, tag_of):
                continue
            yield Hit(s, e, "ORG", org_kind(key, lex), score=-1)
        elif m.label == "PLACE":
            # no place holds a bracket or ends in a title (事务厅(局)长)
            if key not in _GENERIC_PLACES and not any(c in key for c in "()（）《》、，") and \
                    key[-2:] not in lex.titles and key[-3:] not in lex.titles:
                yield Hit(s, e, "PLACE", score=-1)
        elif m.label == "TITLE":
            if _name_and_title(key, lex) is None:  # 维德警官: a name, given to names_in_proposals
                yield Hit(s, e, "TITLE", PROPOSAL, score=-1)


# Endings of state bodies, armed forces and regulators that the lexicons do not list as heads (银监会, 美联储,
# 海军陆战队, 美国驻华使馆); a party, an army or a court is a government body in kg's sense.
_GOV_ENDS = ("党", "军", "军方", "武装", "部队", "政府", "议会", "国会", "内阁", "法院", "检察院", "警察", "警方",
             "海警", "海关", "总统府", "国务院", "外交部", "监会", "联储", "军区", "陆战队", "自卫队", "警署", "警局",
             "中院", "使馆", "领事馆", "大使馆")


# Heads of units inside a body: of the kind of the body they belong to (财政部办公厅, 华为公司技术部)
UNIT_HEADS = frozenset(("部", "办公室", "办公厅", "委员会", "总部", "部门", "处", "科", "室", "组"))


def _ending_kind(name: str, lex: Lexicon) -> tuple[str, str] | None:
    """The kind of the known body or head word ``name`` ends with, and that word; ``None`` when none."""
    for n in range(min(len(name), 8), 0, -1):
        tail = name[-n:]
        if tail in lex.gov_bodies:
            return "government", tail
        if tail in lex.other_bodies:
            return "other", tail
        if tail in lex.org_heads and tail not in NOT_HEADS:
            return lex.org_heads[tail], tail
    return None


def _parent_kind(prefix: str, lex: Lexicon) -> str | None:
    """The kind of the last body named in ``prefix`` (工行深圳分行银行卡 → the bank's: other)."""
    for k in range(len(prefix), 1, -1):
        found = _ending_kind(prefix[:k], lex)
        if found is not None:
            return found[0]
    return None


def org_kind(name: str, lex: Lexicon) -> str:
    """``government`` or ``other`` for an organization name, from the body or head word it ends with; a unit
    (部, 办公室, 委员会 …) is of the kind of the body it belongs to (华为公司技术部: other).

    Example:
        >>> lex = load_lexicon()
        >>> org_kind("北京市财政局", lex), org_kind("华为公司技术部", lex), org_kind("国务院办公厅", lex)
        ('government', 'other', 'government')
    """
    if name in lex.gov_bodies:
        return "government"
    if name in lex.other_bodies:
        return "other"
    found = _ending_kind(name, lex)
    if found is not None:
        kind, tail = found
        parent = _parent_kind(name[:-len(tail)], lex) if tail in UNIT_HEADS and len(name) > len(tail) else None
        return parent or kind
    if name[-1] in _DIVISION_HEADS and any(name[:k] in lex.gov_bodies for k in range(2, len(name) - 1)):
        return "government"  # a division of a state body (外交部新闻司, 银监会咨询处)
    if name.endswith("部门"):  # 住房保障部门, 市建设行政主管部门; not 公司人事部门
        return _parent_kind(name[:-2], lex) or "government"
    return "government" if name.endswith(_GOV_ENDS) else "other"


def _order(m: Mention) -> tuple[int, int, str]:
    return (m.start, -m.end, m.label)


def _to_mention(doc: Document, h: Hit, sentence: int) -> Mention:
    kind = h.kind
    if h.label == "ORG" and h.nested:
        kind = f"{kind}:nested"
    return doc.mention(h.start, h.end, h.label, kind, sentence)  # type: ignore[arg-type]


def resolve_overlaps(hits: list[Hit], is_title: Callable[[int, int], bool] | None = None) -> list[Hit]:
    """Keep, per label family, the longest non-overlapping hits; nested organizations are kept as such.

    Titles may not overlap organizations (an organization wins when the title lies inside it, except for a
    title that ends the span: 外交部长 is a title).  A title that starts inside an organization and goes on
    past its end starts at that end when the rest is a title itself (``is_title(start, end)``): 省政府党组|书记, not
    省政府|党组书记 beside the body 省政府党组.  Policies win over organizations they contain, and
    organizations over policies they contain.
    """
    out: list[Hit] = []
    by_label: dict[str, list[Hit]] = {}
    for h in hits:
        by_label.setdefault(h.label, []).append(h)
    orgs_full = _rules_first([h for h in by_label.get("ORG", []) if not h.nested])
    # a law's name inside a body's is none (宪法 in 宪法法律委); a body inside a policy's name is none either
    policies = [p for p in _longest(by_label.get("POLICY", [])) if not any(
        o.start <= p.start and p.end <= o.end and o.end - o.start > p.end - p.start for o in orgs_full)]
    orgs_full = [o for o in orgs_full if not any(p.start <= o.start and o.end <= p.end for p in policies)]
    nested = [h for h in by_label.get("ORG", []) if h.nested and any(
        o.start <= h.start and h.end <= o.end for o in orgs_full)]
    seen = {(o.start, o.end) for o in orgs_full}
    nested_unique = []
    for h in sorted(nested, key=lambda h: (h.start, h.end)):
        if (h.start, h.end) not in seen:
            seen.add((h.start, h.end))
            nested_unique.append(h)
    # a title inside a document name is not a post (《…全国委员会提案工作条例》); inside 习近平总书记重要讲话精神 it is
    titled = [p for p in policies if p.kind == "law"] + orgs_full
    proposed = [h for h in by_label.get("TITLE", []) if h.kind == PROPOSAL]
    titles_all = [h for h in by_label.get("TITLE", []) if h.kind != OCCUPATION or not any(
        p.start <= h.start and h.end <= p.end and p.end - p.start > h.end - h.start for p in proposed)]
    titles = [t for t in _rules_first(titles_all) if not any(
        o.start <= t.start and t.end <= o.end for o in titled)]
    # a title that takes in the end of an organization (美国国防部长, 俄罗斯外交部发言人) is the post, and the place
    # before it its organization: the organization gives way when the place was found on its own
    all_places = by_label.get("PLACE", [])
    for t in titles:
        for o in [o for o in orgs_full if o.start < t.start < o.end < t.end]:
            place = next((p for p in all_places if p.start == o.start and p.end == t.start), None)
            if place is not None:
                orgs_full.remove(o)
                nested_unique = [h for h in nested_unique if not (o.start <= h.start and h.end <= o.end)]
    if is_title is not None:
        for k, t in enumerate(titles):
            body = next((o for o in orgs_full if o.start < t.start < o.end < t.end), None)
            if body is not None and is_title(body.end, t.end):
                titles[k] = replace(t, start=body.end)
    # a place inside a title is where an envoy serves (驻华大使), no place of the article's
    places = [p for p in all_places if not any(
        o.start <= p.start and p.end <= o.end for o in orgs_full + policies + titles)]
    out = [p for p in policies if p.kind != WORK] + orgs_full + nested_unique + titles + _rules_first(places)
    return out


def _rules_first(hits: list[Hit]) -> list[Hit]:
    """The longest rule hits, then the tagger's hits (``score`` < 0) that overlap none of them."""
    chosen = _longest([h for h in hits if h.score >= 0])
    for h in _longest([h for h in hits if h.score < 0]):
        if all(h.end <= c.start or h.start >= c.end for c in chosen):
            chosen.append(h)
    return sorted(chosen, key=lambda h: h.start)


def _longest(hits: list[Hit]) -> list[Hit]:
    chosen: list[Hit] = []
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), -h.score, h.start)):
        if all(h.end <= c.start or h.start >= c.end for c in chosen):
            chosen.append(h)
    return sorted(chosen, key=lambda h: h.start)


def _drop_covered(mentions: list[Mention], persons: list[Mention]) -> list[Mention]:
    """Drop places/orgs that are really a person's name (a surname that is also a place)."""
    spans = [(p.start, p.end) for p in persons]
    return [m for m in mentions if m.label in ("POLICY",) or not any(
        s <= m.start and m.end <= e for s, e in spans)]
