"""Person finder: names after titles, before honorific titles, before speech verbs, in lists, in credits.

Runs after titles and organizations are known (it reads them from the mentions found so far) and works on
the normalised view; every name it finds is then marked at each of its other occurrences in the document,
unless that occurrence is inside an organization or policy name (习近平 inside 习近平新时代中国特色社会主义思想).
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator

from kg.lexicon import Lexicon
from kg.mentions import (
    CJK,
    OCCUPATION,
    PUNCT,
    STORM_WORDS,
    WORK_TITLE,
    find_credits,
    foreign_like,
    name_at,
    sentences_of,
)
from kg.model import Document, Mention, Token

# Titles that are written after a name (习近平总书记, 赵乐际委员长, 习近平同志).
HONORIFICS = ("总书记", "委员长", "国家主席", "主席", "副主席", "总理", "副总理", "同志", "书记", "总统", "首相")
SPEECH_CUES = ("表示", "指出", "强调", "主持", "出席", "会见", "会谈", "说", "介绍", "认为", "宣布", "致辞", "讲话",
               "发表", "参加", "列席", "通电话", "同", "在", "率", "答", "称", "透露", "告诉", "坦言", "回忆", "解释",
               "承认", "宣称", "声称", "回应", "证实", "呼吁", "会晤", "致电", "致信", "签署", "访问", "抵达", "担任",
               "出任", "当选", "扮演", "饰演", "主演", "执导")
NOT_NAME_START = set("和同在与及等对向为也都要会是的其该本各我你他她它这那")
BAD_NAME_CHARS = set("们的了是和与及等个年月日议")
VERB_AFTER_NAME = set("作受在说称和与同等为对向率出主表会是也就将曾已到乘")
# Words that make a phrase rather than a name.
_PREDICATE_TAGS = frozenset(("v", "vn", "vd", "a", "ad", "an", "d"))
_TIME_WORD = re.compile(r"凌晨|今天|明天|昨天|今年|明年|去年|日前|近日|上午|下午|晚上|早上|中午|当天|此前|随后|目前")
# What jieba glues to the last character of a name (周光权作的 → 周光|权作, 赵致真的 → 真的).
_GLUED = frozenset(VERB_AFTER_NAME | set("的了等"))
# Common nouns that start with a surname and that jieba's dictionary tags as names (习近平主席贺信, 124处林火).
_NOT_NAMES = frozenset(("贺信", "贺电", "贺词", "贺函", "贺卡", "贺礼", "林火", "成渝", "林草",
                        "爹地", "妈咪", "爹爹", "爸爸", "妈妈", "哥哥", "姐姐", "弟弟", "妹妹",  # kinship words
                        "普惠", "官邸", "田管", "党育"))  # words (普惠小微, 首相官邸前, 春季田管, 为党育人)
# Collectives addressed as 同志 (全党同志, 全军同志): 全 is also a surname.
_COLLECTIVES = frozenset(("全党", "全军", "全体", "全国", "全民", "全省", "全市", "全县", "全区", "全团", "全队"))
# Dictionary tags of names and other proper nouns.
_NAME_TAGS = frozenset(("nr", "nrfg", "nrt", "nz"))
# Kinship words that follow a name (邹某之子): the tagger sometimes takes them into the name.
_BYLINE = re.compile(rf"(?:^|(?<=[\s（(【|，。]))文\s*[/／]\s*([{CJK}·]{{2,6}})(?=$|[\s）)】|，。])"
                     rf"|(?:^|(?<=[\s（(【|，。]))([{CJK}·]{{2,4}})\s*[/／]\s*文(?=$|[\s）)】|，。])"
                     rf"|【([{CJK}·]{{2,6}})】\s*[:：]")
# Last characters of the names of villages, palaces, ports and clans or brands, not of persons (郭村, 毕棚沟,
# 屈臣氏, 克里姆林宫, 钱凯港); what follows the name of a railway or a road (渝昆高铁)
_NOT_NAME_END = frozenset("村寨沟屯氏宫港")
_RAILWAY = re.compile(r"高铁|铁路|高速")
# surnames that are also prepositions or verbs of travel: before a country they are the word (应美国邀请,
# 来伊朗访问, 由南非主办), not a name with the country for a given name
_PREPOSITION_SURNAMES = frozenset("应来由时赴向从经于与和同对")
# dictionary tags of common words: a two-character word so tagged is no name without a cue (项目副总理)
_COMMON_NOUN_TAGS = frozenset(("n", "vn", "v", "a", "an", "d", "ad", "nz"))
_KINSHIP = re.compile(r"之(?:子|女|妻|夫|父|母|孙|兄|弟|姐|妹)")
# Dictionary words with these tags are not names even in a name position (强调, 此次, 近日, 十分 …).
NON_NAME_TAGS = frozenset(("v", "vd", "vn", "d", "r", "t", "c", "p", "m", "f", "ad", "u", "uj", "ul", "y", "q",
                           "a", "an", "ns", "nt", "ntg", "nto", "nth", "nnt", "s", "tg", "vg", "ag", "dg", "mq"))


# a verb of saying after a name (查德·鲍恩表示), or a part of a work (政治·法治篇): no list item of names
_SAYS_END = re.compile(r"(?:表示|说|称|认为|指出|强调|介绍|透露|坦言|批评|呼吁|告诉|篇|章|卷|编|版|部分|系列|专题)$")
_DOTTED_ITEM = re.compile(r"[\u4e00-\u9fff]{1,10}(?:·[\u4e00-\u9fff]{1,10})+(?=[、，。；]|出席|参加|列席|陪同|等)")


# Words that follow a name so often that a name never ends in their first character (拜登代|表)
_AFTER_NAMES = frozenset("代表 表示 指出 强调 主持 出席 会见 会谈 率领 率团 介绍 认为 致辞 讲话 同志".split())


def find_persons(doc: Document, mentions: list[Mention], lex: Lexicon,
                 tag_of: Callable[[str], str | None] = lambda w: None,
                 proposals: Iterable[Mention] = (), unsure: Iterable[Mention] = ()) -> list[Mention]:
    """Person mentions of ``doc`` (original offsets), given its title/organization/place mentions; and PLACE
    mentions of the transliterated names the article shows to be places (哈尔科夫州 … 哈尔科夫).

    ``proposals`` are the entity tagger's person spans: names in their own right when plausible, and the
    length of a name written after a title when one starts there; ``unsure`` are the names it is unsure of,
    taken only right after or right before an official's title (俄国防部长绍伊古, 同拉马福萨总统).
    """
    norm = doc.norm
    blocked = _blocked_spans(doc, mentions, lex)
    names: dict[str, str] = {}  # key -> "foreign"/"chinese"
    hits: list[tuple[int, int]] = []

    # offsets inside a dictionary word that is no name: a name does not end there (总书记高度重视 → 高度重,
    # 总统战略引领 → 战略引), unless the word is the name's last character glued to a verb or particle (权作, 真的)
    tokens = doc.tokens
    token_starts = [t.start for t in tokens]
    token_ends = {t.end for t in tokens}
    tok_at = {t.start: t for t in tokens}
    place_spans = [(doc.norm_offset(m.start), doc.norm_offset(m.end)) for m in mentions if m.label == "PLACE"]

    def cuts_word(e: int) -> bool:
        i = bisect.bisect_left(token_starts, e) - 1  # the token that starts before e
        if i < 0 or tokens[i].end <= e:
            return False
        word = tokens[i]
        if len(word.word) < 2 or word.pos in _NAME_TAGS or tag_of(word.word) in (None, *_NAME_TAGS):
            return False
        # 高芳|指出 cuts a verb; 周光|权作 and 赵致|真的 are a name's last character glued to what follows; a word
        # that so often follows a name (拜登|代表, 邵鸿|代表) is never glued
        return norm[e:e + 1] not in _GLUED or word.pos in ("v", "vn") and word.start == e - 1 or \
            word.start == e - 1 and word.word in _AFTER_NAMES

    def phrase(s: int, e: int) -> bool:
        """A dictionary verb or adjective of two characters or more lies inside ``[s, e)``."""
        i = bisect.bisect_left(token_starts, s)
        while i < len(tokens) and tokens[i].end <= e:
            t = tokens[i]
            if len(t.word) >= 2 and t.pos in _PREDICATE_TAGS and tag_of(t.word) is not None:
                return True
            i += 1
        return False

    def add(s: int, e: int, foreign: bool = False, sure: bool = False, tagged: bool = False) -> None:
        address = _SURNAME_REFERENCE.match(norm, e) if e - s == 3 and norm[e - 1] == norm[s] else None
        if address is not None and address.end() in token_ends:
            e -= 1  # 刘强刘总, 刘强刘先生: the name, then its surname with a form of address
        cand = norm[s:e]
        if cand in lex.foreign_places and not (sure and lex.is_surname_start(cand) and len(cand) == 2):
            return  # 哈尔科夫, 汗尤尼斯: a city of the news (a surname and a name, 苏梅, may still be a person)
        if cand in lex.not_names and s not in job_ends:
            # 文明, 白皮书: a word the NER corpora use often and never as a name (after a title or a job it is one:
            # 土耳其外长费丹, 列车员钟声)
            return
        if _crosses(place_spans, s, e):
            return  # 社科院长江经济所: no name takes in part of a place (江经济 in 长江经济)
        if tagged and len(cand) == 2 and cand[0] == cand[1] and tag_of(cand) in _COMMON_NOUN_TAGS:
            return  # a reduplicated word (炎炎烈日), not a nickname
        if cand[0] in _CLASSIFIERS and norm[s - 1:s] in _CLASSIFIERS[cand[0]]:
            return  # 那张小巧的门票, 一叶小舟: a measure word, not a surname
        if cand[-1] == "人" and cand[:-1] in lex.countries or cand[-1] in _NOT_NAME_END or \
                cand[1:2] == "方" and "中方" in norm and (len(cand) == 2 or cand[2] in "愿将对表称已同") or \
                norm[s - 2:s] in STORM_WORDS or cand[:2] in _NOT_NAMES or _RAILWAY.match(norm, e) or \
                any(cand[:k] in lex.places and cand[k:] in lex.places for k in (2, 3) if len(cand) > k) or \
                cand[0] in _PREPOSITION_SURNAMES and cand[1:] in lex.countries:
            # 巴勒斯坦人 (a people), 克里姆林宫 (a palace), 卢方(愿) (a side of talks, as 中方 is), 台风杜苏芮,
            # 官邸前, 渝昆高铁, 吉林长春 (a province and its city), 应德国(总理…邀请)
            return
        # 魏凤和、: 和 before a list's comma ends the name, it joins nothing
        known = tag_of(cand) in _NAME_TAGS or cand[-1] == "和" and norm[e:e + 1] == "、"
        plausible = _plausible_tagged(cand, lex) if tagged else _plausible(cand, lex, foreign, known=known)
        if not plausible or _inside(blocked, s, e) or cuts_word(e) or \
                (not foreign and not sure and (_is_word(cand, tag_of) or _common_noun(cand, lex, tag_of))):
            return
        hits.append((s, e))
        names.setdefault(cand, "foreign" if foreign else "chinese")

    # jieba's own person tokens decide the length of a name when they start where the name starts
    nr_len = {t.start: len(t.word) for t in doc.tokens if t.pos in ("nr", "nrfg", "nrt") and 2 <= len(t.word) <= 4}
    tagged = [(doc.norm_offset(m.start), doc.norm_offset(m.end)) for m in proposals]
    tag_len = {s: e - s for s, e in tagged}
    nr_len.update((s, k) for s, k in tag_len.items() if 2 <= k <= 4)
    # a job is no cue for a name (记者从…, 教授们): only official titles are
    titles = sorted((m for m in mentions if m.label == "TITLE" and m.kind != OCCUPATION), key=lambda m: m.start)
    title_ends = {doc.norm_offset(t.end) for t in titles}
    job_ends = {doc.norm_offset(m.end) for m in mentions if m.label == "TITLE"}
    title_starts = {doc.norm_offset(t.start) for t in titles}
    tagged += [(s, e) for m in unsure if ((s := doc.norm_offset(m.start)) in title_ends or
                                          doc.norm_offset(m.end) in title_starts) and (e := doc.norm_offset(m.end)) > s]
    places_orgs = {doc.norm_offset(m.end): m for m in mentions if m.label in ("PLACE", "ORG")}
    name_ends = {t.end for t in doc.tokens if t.pos in _NAME_TAGS} | {e for _, e in tagged}
    for t in titles:
        ts, te = doc.norm_offset(t.start), doc.norm_offset(t.end)
        before = places_orgs.get(ts)
        foreign = before is not None and lex.is_foreign(before.key)
        pos = te
        honorific = t.key in HONORIFICS or t.key.startswith(("国家", "副")) and t.key[-2:] in ("主席", "总理") or \
            t.key == "副委员长"
        regnal = _REGNAL_BEFORE.search(norm, max(0, ts - 4), ts)
        if regnal is not None:  # 查尔斯三世国王: the transliterated name before the number (added below)
            k = regnal.start()
            while k > 0 and norm[k - 1] in lex.translit and regnal.start() - k < 6:
                k -= 1
            if regnal.start() - k >= 2:
                add(k, regnal.start(), foreign=True)
        if honorific:
            # name written before an honorific title: 习近平总书记, 赵乐际委员长; no name follows it then
            # (习近平总书记考察调研: 考察 is no name)
            named = len(hits)
            _name_before(norm, ts, lex, add, tag_of)
            if len(hits) > named or ts in name_ends:
                continue
        if tag_of(norm[ts:pos + 1]) in ("n", "nth", "ntg"):
            continue  # 轮值主席国工作, 主席台: the title is part of another word, no name follows it
        while True:
            k = name_at(norm, pos, lex, foreign=foreign)
            written = foreign  # the name is transliterated
            if not k and not foreign:
                k = name_at(norm, pos, lex, foreign=True) if not lex.is_surname_start(norm[pos:]) else 0
            elif not k and (hanzi := name_at(norm, pos, lex)) and nr_len.get(pos) == hanzi:
                # 日本前首相石破茂: a Japanese or Korean name is written in Chinese characters, as jieba or the
                # tagger reads it
                k, written = hanzi, False
            if not k:
                break
            if k == 3 and nr_len.get(pos) == 2 and norm[pos + 2] in VERB_AFTER_NAME:
                k = 2  # 应勇作的报告: jieba's shorter name, the third character being a verb
            short = tag_len.get(pos)
            if short is not None and 2 <= short < k and pos + short in token_ends and \
                    _word_or_particle(tok_at.get(pos + short)) and \
                    norm.count(norm[pos:pos + short]) > norm.count(norm[pos:pos + k]):
                # 李强|监誓, 何维|代表, 特朗普|于: the tagger's name ends where jieba's next word starts, and the
                # article writes it elsewhere without what follows here
                k = short
            add(pos, pos + k, written or not lex.is_surname_start(norm[pos:]))
            pos += k
            if norm[pos:pos + 1] == "、":
                pos += 1
                continue
            break
    for s, e, other in _name_list_items(norm, lex):
        add(s, e, foreign=other, tagged=other)  # 庹震, 艾力更·依明巴海: names by their place in the list
    # a name with a middle dot as an item of a list of names after a title (委员甲、木合塔尔·阿不都、乙出席): the
    # list decides where it starts and ends, whatever the tagger makes of it
    if "·" in norm:
        # an item of the list: 、 after it, or 、 before it and the list's end after it; never a verb of saying
        for pos in sorted(title_ends | {m.end() for m in re.finditer("、", norm)}):
            m = _DOTTED_ITEM.match(norm, pos)
            if m is not None and (norm[m.end():m.end() + 1] == "、" or norm[pos - 1:pos] == "、") and \
                    not _SAYS_END.search(m.group()):
                add(m.start(), m.end(), foreign=True, tagged=True)
    for m in re.finditer("同志", norm):
        _name_before(norm, m.start(), lex, add, tag_of)
    # an appointment names a person even when the name is also a word (任命洪亮同志为…)
    for m in _APPOINTED.finditer(norm):
        add(m.start(1), m.end(1), sure=True)
    # jieba's person tags when a speech/meeting cue follows
    for tok in doc.tokens:
        if tok.pos in ("nr", "nrfg", "nrt") and 2 <= len(tok.word) <= 12:
            after = norm[tok.end:tok.end + 4]
            if after.startswith(SPEECH_CUES) or re.match(r"\d{1,2}日", after):
                add(tok.start, tok.end, foreign=tok.pos == "nrt" or not lex.is_surname_start(tok.word))
    for sent in sentences_of(doc):
        for h in find_credits(sent, lex):
            add(h.start, h.end)
    # bylines and speakers of a transcript: 文/于春明, （何欣/文）, 【陈立新】：
    for m in _BYLINE.finditer(norm):
        g = 1 if m.group(1) else 2 if m.group(2) else 3
        add(m.start(g), m.end(g), foreign=not lex.is_surname_start(m.group(g)), sure=True)
    for s, e in tagged:
        cand = norm[s:e]
        if len(cand) >= 3 and (norm[s - 1:s] == "》" and cand[0] in "里中内" or cand[0] in _JOINING_CHARS or
                               cand[0] in "内外间" and (first := tok_at.get(s)) is not None and first.end == s + 1):
            # 《爱神》里巩俐, 主席同默茨, 时间内|特朗普: a postposition or a conjunction, not part of the name
            s += 1
            cand = norm[s:e]
        if _MIXED.search(cand):
            # 王宇sanchez: a Chinese name run together with a handle in Latin letters; the name is the person
            for m in re.finditer(rf"[{CJK}]+", cand):
                if 2 <= len(m.group()) <= 3 and lex.is_surname_start(m.group()):
                    add(s + m.start(), s + m.end())
            continue
        if len(cand) >= 3 and cand[-1] in "作受" and re.match(r"(?:的|了|关于|国务院|委托|报告|说明)", norm[e:e + 3]):
            e -= 1  # 张军作的报告: jieba and the tagger take the verb into the name
            cand = norm[s:e]
        elif len(cand) >= 3 and _SENDS.match(norm, e - 1):
            e -= 1  # 岸田文雄互致贺电, 阮富仲致答辞: the verb's first character is no part of the name
            cand = norm[s:e]
        nxt = tok_at.get(e)
        if nxt is not None and len(nxt.word) == 1 and nxt.pos in ("vg", "ng", "ag", "g") and \
                norm[nxt.end:nxt.end + 1] in ("、", "等", "，") and len(cand) == 2:
            e += 1  # 刘奇|葆等: jieba cut the name's last character off as a bound morpheme
            cand = norm[s:e]
        else:
            word = tok_at.get(s)
            if word is not None and e < word.end <= e + 2 and word.pos == "un" and \
                    all(c in lex.translit for c in norm[e:word.end]):
                e = word.end  # 绍伊|古: the tagger stopped inside jieba's unknown word of transliteration
                cand = norm[s:e]
        kin = _KINSHIP.search(cand)
        if kin and kin.start() >= 2:
            e = s + kin.start()  # 邹常城之子邹志堂: the kinship word is not part of the name
            cand = norm[s:e]
        # a verb or adjective inside makes a phrase of a four-character span (坚持普惠包容), whatever its start
        if lex.is_surname_start(cand) and len(cand) <= 4:
            if not (len(cand) == 4 and cand[:2] not in lex.compound_surnames and phrase(s, e)):
                add(s, e, sure=True)
        elif 2 <= len(cand) <= 16 and foreign_like(cand, lex):
            add(s, e, foreign=True)
        elif not phrase(s, e):  # 桥本, 素帕猜: the tagger's word is taken as it is
            add(s, e, foreign=True, tagged=True)
    # every occurrence of a found name; a hit inside a longer one is a fragment (梅德韦 in 梅德韦杰夫)
    outer = _outermost(hits)
    found: set[tuple[int, int]] = _uncross(outer, norm, lex)
    for s, e in found - outer:
        names.setdefault(norm[s:e], "chinese")
    for s, e in outer - found:  # a name seen only where it crossed another is none
        if not any(norm[a:b] == norm[s:e] for a, b in found):
            names.pop(norm[s:e], None)
    for key in [k for k in names if any(k != o and k in o for o in names)]:
        del names[key]
    # a transliterated name the article also uses as a place is a place (哈尔科夫州, 在利雅得举行)
    places: list[str] = []
    work_titles = [m.span() for m in WORK_TITLE.finditer(norm)]
    # where a storm's name may start (after 台风) and where the head of a thing's name starts (大桥, 油田 …)
    storm_ends = {m.end() for m in _STORM.finditer(norm)}
    thing_starts = {m.start() for m in _THING_AFTER_RE.finditer(norm)}
    for key in list(names):
        if any(k in storm_ends or k + len(key) in thing_starts for k in _occurrences(norm, key)):
            # 台风杜苏芮 … 受杜苏芮影响: the storm's name, wherever the article writes it; 常泰长江大桥,
            # 塔里木油田, 胡杨林区: the name of a bridge, a field or a place
            del names[key]
            found = {h for h in found if norm[h[0]:h[1]] != key}
            continue
        if names[key] == "foreign" or foreign_like(key, lex):
            # 霍格沃兹图书馆, 皮克斯动画: part of a larger name; 《理发师陶德》: a character of a foreign work;
            # 阿夫杰耶|夫卡: the start of a foreign place
            if _only_in_names(norm, key) or _only_in_titles(norm, key, work_titles) or \
                    _only_in_places(norm, key, lex):
                del names[key]
                found = {h for h in found if norm[h[0]:h[1]] != key}
                continue
            place = _written_as_place(norm, key)
        else:
            place = False
        if place or _listed_as_places(norm, key):  # 徐汇、长宁、普陀等9个区 names no person either
            del names[key]
            places.append(key)
            found = {h for h in found if norm[h[0]:h[1]] != key}
        elif _listed_as_bodies(norm, key, names):  # 徐工、比亚迪等企业: companies, not persons
            del names[key]
            found = {h for h in found if norm[h[0]:h[1]] != key}
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(re.escape(name), norm):
            s, e = m.start(), m.end()
            if _inside(blocked, s, e) or _overlaps(found, s, e):
                continue
            found.add((s, e))
    def splits_word(k: int) -> bool:
        """Offset ``k`` lies inside a dictionary word (卡内尔代|表)."""
        i = bisect.bisect_left(token_starts, k) - 1
        return i >= 0 and tokens[i].end > k and tokens[i].pos != "un" and tag_of(tokens[i].word) is not None

    # the parts of a transliterated name joined by dots the tagger left out are part of it (季米特里·彼得连科),
    # and so is a monarch's regnal number (查尔斯三世)
    found = {_dotted(norm, s, e, lex, set(token_starts), splits_word) for s, e in found}
    found = {(s, e + len(r.group())) if (r := _REGNAL.match(norm, e)) else (s, e) for s, e in found}
    # initials in Latin letters before a transliterated name are part of it (J.K.罗琳)
    found = {(s - len(r.group()), e) if foreign_like(norm[s:e], lex) and (r := _INITIALS.search(norm, 0, s))
             else (s, e) for s, e in found}
    out = [doc.mention(s, e, "PERSON", None, doc.sentence_of(doc.orig(s))) for s, e in sorted(found)
           if doc.sentence_of(doc.orig(s)) >= 0]
    # ... and each of its occurrences outside other mentions is a PLACE mention (evidence for other articles)
    taken = [(doc.norm_offset(m.start), doc.norm_offset(m.end)) for m in mentions] + sorted(found)
    for key in places:
        for m in re.finditer(re.escape(key), norm):
            sentence = doc.sentence_of(doc.orig(m.start()))
            if sentence >= 0 and not _inside(taken, m.start(), m.end()):
                taken.append((m.start(), m.end()))
                out.append(doc.mention(m.start(), m.end(), "PLACE", None, sentence))
    return out


_STORM = re.compile("|".join(STORM_WORDS))
# What names a thing or a place when written right after a word: a bridge, a passage, an oil or gas field, a
# basin, a port of entry, a river basin, a forest or harbour area, a workshop, a shore
_THING_AFTER = ("(?:长江|黄河)?大桥|跨海通道|跨江通道|油田|气田|盆地|口岸|河流域|河下游|河上游|林区|港区|工坊|之滨|水库|"
                "大坝|隧道|机场|湿地")


_THING_AFTER_RE = re.compile(_THING_AFTER)


def _occurrences(norm: str, key: str) -> Iterator[int]:
    """The offsets where ``key`` occurs in ``norm`` (overlapping ones too)."""
    k = norm.find(key)
    while k >= 0:
        yield k
        k = norm.find(key, k + 1)


def _only_in_places(norm: str, key: str, lex: Lexicon) -> bool:
    """Every occurrence of ``key`` is the start of a longer foreign place of the lexicon (阿夫杰耶 in
    阿夫杰耶夫卡)."""
    by_start: dict[str, list[str]] | None = lex.memo.get("foreign_places_by_start")  # type: ignore[assignment]
    if by_start is None:
        by_start = defaultdict(list)
        for place in lex.foreign_places:
            by_start[place[:2]].append(place)
        lex.memo["foreign_places_by_start"] = by_start
    longer = [p for p in by_start.get(key[:2], ()) if len(p) > len(key) and p.startswith(key)]
    return bool(longer) and all(any(norm.startswith(p, k) for p in longer) for k in _occurrences(norm, key))


# What shows a name to be a place: a place word after it (哈尔科夫州, 波克罗夫斯克等多方向), a place noun, a
# direction or an act of war before it (首都布达佩斯, 加沙地带南部…, 空袭了…), or a verb of place before it and an
# event or a pause after it (在利雅得举行).
_PLACE_AFTER = re.compile(r"(?:等(?:多个?|各|其他)?)?(?:州(?!长)|岛|半岛|湾|地区|大区|方向|一带|附近|郊区|前线|战线|机场|郊外|以东|以西|景点|景区"
                          r"|以南|以北|难民营|等地|多地|市(?![长委场民])|港(?!口城)|村(?!民)|镇(?!长))")
_PLACE_BEFORE = re.compile(r"(?:首都|首府|城市|港口|小镇|村庄|难民营|南部|北部|东部|西部|中部|地带|境内|空袭|轰炸|炮击|攻占|"
                           r"收复|撤离|撤出)了?\s*$")
_MOVE_BEFORE = re.compile(r"(?:在|抵达|飞抵|前往|离开|途经)\s*$")
_EVENT_AFTER = re.compile(r"举行|会见|会谈|召开|出席|参加|发表|，|。|、")


# What shows a name to be part of the name of something else (a school, a company, a law, a doctrine, a street):
# the guideline lists no person that is only part of a larger name.
_NAME_PART_AFTER = re.compile(r"(?:医院|大学|学院|学校|图书馆|博物馆|美术馆|公司|集团|俱乐部|球场|体育场|剧院|酒店|城堡|"
                              r"古堡|小镇|广场|大街|大道|公园|车站|动画|工作室|事务所|咨询|证券|传媒|电影节|主义|[一二三四五六七八九十]?(?:定律|法则|"
                              r"定理|效应|方程))")


def _only_in_names(norm: str, name: str) -> bool:
    """Every occurrence of ``name`` in ``norm`` is followed by the head of another name (see above)."""
    return all(_NAME_PART_AFTER.match(norm, m.end()) for m in re.finditer(re.escape(name), norm))


def _only_in_titles(norm: str, name: str, titles: list[tuple[int, int]]) -> bool:
    """Every occurrence of ``name`` in ``norm`` lies inside the title of a work (《理发师陶德》, 《马克思佩恩3》;
    ``titles``: the spans of :data:`kg.mentions.WORK_TITLE` in ``norm``).

    Used for transliterated names only: a foreign name the article writes nowhere but in a title is a
    character or a title word of a foreign film, game or book; Chinese names inside titles (《邓小平文选》) are
    the authors and subjects the NER corpora label, and stay.
    """
    return bool(titles) and all(any(a < m.start() and m.end() < b for a, b in titles)
                                for m in re.finditer(re.escape(name), norm))


# Surnames that are also measure words, with what writes them as measure words before them
_CLASSIFIERS = {"张": frozenset("一两二三四五六七八九十几这那每整半哪某"), "叶": frozenset("一"),
                "位": frozenset("一两二三四五六七八九十几这那每各哪某"), "支": frozenset("一两几这那每")}


# The end of a list of places after a name (…、喀什、霍尔果斯三大自贸区片区; 徐汇、长宁、普陀等9个区; 阿勒泰、喀纳斯、禾木等
# 多个景区)
_PLACE_LIST_END = re.compile(r"(?:、[^、，。；：\s]{1,10}){0,8}(?:等|[二三四五六七八九十两几]大)(?:[多几一二三四五六七八九十\d]+个|多个|各)?"
                             r"(?:景区|景点|城市|地区|省份|省区|国家|地市|区县|自贸区|区|县|市|镇|乡)(?![长委])")


def _listed_as_places(norm: str, name: str) -> bool:
    """Some occurrence of ``name`` is an item of a list of places, after a comma of the list or before one."""
    for m in re.finditer(re.escape(name), norm):
        end = _PLACE_LIST_END.match(norm, m.end())
        if end is not None and (norm[m.start() - 1:m.start()] == "、" or norm[m.end():m.end() + 1] == "、"):
            return True
    return False


# The end of a list of bodies after a name (…、比亚迪等企业; 华为、腾讯等10家公司)
_BODY_LIST_END = re.compile(r"(?:、[^、，。；：\s]{1,12}){0,8}等(?:[多几一二三四五六七八九十百\d]+[家个所]|多家|各)?"
                            r"(?:企业|公司|集团|车企|药企|银行|券商|高校|院校|医院|机构|单位|平台|品牌|厂商|商家|央企|国企|民企|"
                            r"外企|头部企业|龙头企业)((?:家|代表|负责|人士|领导|员工|职工|干部|主要负责)?)")
_LIST_ITEMS_BEFORE = re.compile(r"(?:[^、，。；：\s]{1,12}、)+$")


def _listed_as_bodies(norm: str, name: str, names: Container[str]) -> bool:
    """Some occurrence of ``name`` is an item of a list of companies or other bodies (see above): 徐工、比亚迪等
    企业.  Before the people of such bodies (…等企业负责人) the items may be persons, and are bodies only when
    most of the other items are no names found (长安、奇瑞、徐工、比亚迪等企业负责人)."""
    for m in re.finditer(re.escape(name), norm):
        end = _BODY_LIST_END.match(norm, m.end())
        if end is None or not (norm[m.start() - 1:m.start()] in ("、", "，", "") or norm[m.end():m.end() + 1] == "、"):
            continue
        if not end.group(1):
            return True
        before = _LIST_ITEMS_BEFORE.search(norm, max(0, m.start() - 80), m.start())
        items = (before.group().split("、")[:-1] if before else []) + \
            [x for x in norm[m.end():end.start(1)].split("、")[1:] if x][:-1]
        items = [x.split("等")[0] for x in items]
        others = [x for x in items if x and x != name]
        if len(others) >= 2 and sum(x not in names for x in others) * 2 > len(others):
            return True
    return False


def _written_as_place(norm: str, name: str) -> bool:
    """Some occurrence of ``name`` in ``norm`` is written as a place (see the patterns above)."""
    for m in re.finditer(re.escape(name), norm):
        s, e = m.span()
        before = norm[max(0, s - 4):s]
        if _PLACE_AFTER.match(norm, e) or _PLACE_BEFORE.search(before) or \
                _MOVE_BEFORE.search(before) and _EVENT_AFTER.match(norm, e):
            return True
    return False


def _dotted(norm: str, s: int, e: int, lex: Lexicon, starts: set[int],
            splits_word: Callable[[int], bool]) -> tuple[int, int]:
    """``[s, e)`` widened over the transliterated parts joined to it by a middle dot or a hyphen, each part
    a run of transliteration characters that starts a word (``starts``: of the tokens), ends without cutting a
    dictionary word (迪亚斯-卡内尔|代表) and is no place (达沃-萨马尔岛)."""
    if not foreign_like(norm[s:e], lex):
        return s, e
    while s >= 3 and norm[s - 1] in "·•-":
        k = s - 1
        while k > 0 and norm[k - 1] in lex.translit and s - 1 - k < 8:
            k -= 1
        while k < s - 3 and k not in starts:
            k += 1
        if s - 1 - k < 2 or k not in starts:
            break
        s = k
    while e + 2 < len(norm) and norm[e] in "·•-":
        k = e + 1
        while k < len(norm) and norm[k] in lex.translit and k - e - 1 < 8:
            k += 1
        while k > e + 3 and splits_word(k):
            k -= 1
        if k - e - 1 < 2 or splits_word(k) or _PLACE_AFTER.match(norm, k):
            break
        e = k
    return s, e


_REGNAL = re.compile(r"[一二三四五六七八九十]{1,3}世")
_SENDS = re.compile(r"互致|致(?:答辞|电|函|信|辞|贺)")
_REGNAL_BEFORE = re.compile(_REGNAL.pattern + "$")  # a regnal number right before a title (查尔斯三世国王)
_INITIALS = re.compile(r"(?<![A-Za-z])(?:[A-Za-z][.·•]){1,3}$")
_MIXED = re.compile(rf"[A-Za-z][{CJK}]|[{CJK}][A-Za-z]")
_APPOINTED = re.compile(rf"(?:任命|增补|免去|选举|提名|决定|同意|接受)([{CJK}]{{2,3}}?)同志")


def _name_before(norm: str, end: int, lex: Lexicon, add,  # type: ignore[no-untyped-def]
                 tag_of: Callable[[str], str | None] = lambda w: None) -> None:
    for k in (3, 2, 4):
        s = end - k
        if k == 4 and norm[s:s + 2] not in lex.compound_surnames:
            continue
        if s < 0:
            continue
        cand = norm[s:end]
        prev = norm[s - 1] if s > 0 else "。"
        if prev in "对于" and tag_of(prev + cand[0]) is not None:
            continue  # 对于|桥本首相: the word 对于, not 于 starting a name
        if lex.is_surname_start(cand) and (prev in PUNCT or prev in "以向同和对的是与及在将" or prev.isdigit()
                                          or prev.isspace()):
            add(s, end)
            return


_LIST_ITEM = re.compile(r"[^\s]+")
_ITEM_NOTE = re.compile(r"[（(][^）)]{1,16}[）)]$")  # 梁惠玲（女）, 谌贻琴（女，白族）


def _name_list_items(norm: str, lex: Lexicon) -> Iterator[tuple[int, int, bool]]:
    """The names of a list written with spaces between them, one list a line (名单: 龚正　常丁求　庹震…), as
    ``(start, end, foreign)``: a line of six items or more separated by spaces, most of them a surname and one
    to three characters; its other items of two to four characters or of parts joined by dots are names too.
    Each item may carry a note in brackets (（女）)."""
    for line in re.finditer(r"[^\n]+", norm):
        text = line.group()
        if text.count("\u3000") + text.count(" ") < 5:
            continue
        items: list[tuple[int, int, bool] | None] = []
        for m in _LIST_ITEM.finditer(text):
            word = m.group()
            note = _ITEM_NOTE.search(word)
            name = word[:note.start()] if note else word
            s = line.start() + m.start()
            if re.fullmatch(rf"[{CJK}]{{2,4}}", name):
                items.append((s, s + len(name), not lex.is_surname_start(name)))
            elif re.fullmatch(rf"[{CJK}]{{1,8}}(?:·[{CJK}]{{1,12}})+", name):
                items.append((s, s + len(name), True))
            else:
                items.append(None)
        names = [x for x in items if x is not None]
        # most items a surname and a name; then the others of the list are names too (庹震, 艾力更·依明巴海)
        if len(items) >= 6 and sum(1 for x in names if not x[2]) >= 0.6 * len(items):
            for s, e, foreign in names:
                yield s, e, foreign


# Conjunctions and prepositions that the tagger takes into a transliterated name before it (同默茨, 与拜登)
_JOINING_CHARS = frozenset("同和与及对向跟")
_FUNCTION_TAGS = frozenset(("p", "c", "u", "uj", "ul", "uz", "ud", "d", "f", "r", "m", "q"))


def _word_or_particle(tok: Token | None) -> bool:
    """``tok`` (the token after a name) is a word of two characters or more, or a particle, preposition or
    adverb of one: not a character of the name jieba cut off (刘奇|葆)."""
    return tok is not None and (len(tok.word) >= 2 or tok.pos in _FUNCTION_TAGS or tok.pos == "v")


def _plausible(cand: str, lex: Lexicon, foreign: bool, known: bool = False) -> bool:
    """``known``: the dictionary has ``cand`` as a name or proper noun (金正日 may contain 日)."""
    if len(cand) < 2 or not re.fullmatch(rf"[{CJK}·•]+", cand):
        return False
    if cand[0] in NOT_NAME_START and not foreign or cand in _COLLECTIVES or cand in _NOT_NAMES:
        return False
    if any(c in BAD_NAME_CHARS for c in cand[1:]) and not foreign and not known:
        return False
    if cand in lex.titles or cand in lex.bodies or cand in lex.countries or cand in lex.policies:
        return False
    if not foreign and (len(cand) > 4 or not lex.is_surname_start(cand)):
        return False
    if not foreign and (cand[1:] in _ADDRESS or len(cand) == 3 and _TIME_WORD.fullmatch(cand[1:])):
        return False  # 方总, 饶先生 (a surname and a form of address); 于凌晨, 李今天 (a time word)
    if foreign and not foreign_like(cand, lex):
        return False
    return True


def _plausible_tagged(cand: str, lex: Lexicon) -> bool:
    """A name the tagger proposes that is neither Chinese-surname-first nor transliteration-like: Chinese
    characters (桥本), or a name in Latin letters (IceFrog, Samuel Witwer) that is not an all-capital acronym."""
    if re.fullmatch(r"[A-Za-z][A-Za-z.'\- ]{1,30}[A-Za-z]", cand):
        return not cand.isupper()
    return 2 <= len(cand) <= 8 and re.fullmatch(rf"[{CJK}·•]+", cand) is not None and cand not in _NOT_NAMES and \
        cand[0] not in NOT_NAME_START and not any(c in BAD_NAME_CHARS for c in cand) and \
        cand not in lex.titles and cand not in lex.bodies and cand not in lex.countries and cand not in lex.policies


def _blocked_spans(doc: Document, mentions: Iterable[Mention], lex: Lexicon) -> list[tuple[int, int]]:
    # A name inside a theory's name is not a person (习近平新时代…思想), nor inside a fixed slogan of the
    # lexicon (山水林田湖草沙); inside 总书记关于…重要论述, …重要讲话精神 or a quoted title (《国统区的周恩来》) it is.
    return [(doc.norm_offset(m.start), doc.norm_offset(m.end)) for m in mentions
            if (m.label in ("ORG", "TITLE") or m.label == "POLICY" and (
                m.key.endswith("思想") or lex.policies.get(m.key) == "slogan"))
            and not (m.kind or "").endswith(":nested")]


def _is_word(cand: str, tag_of: Callable[[str], str | None]) -> bool:
    """True when ``cand`` (or its first two characters, for a three-character candidate) is a dictionary word
    that cannot be a name."""
    for w in (cand, cand[:2]) if len(cand) == 3 else (cand,):
        tag = tag_of(w)
        if tag is not None and tag in NON_NAME_TAGS:
            return True
    return False


def _common_noun(cand: str, lex: Lexicon, tag_of: Callable[[str], str | None]) -> bool:
    """A two-character dictionary word tagged as a common word (项目, 程序; not 洪亮 or 高峰, tagged as names),
    whose second character is no surname (王林 may be a name whatever the dictionary says)."""
    return len(cand) == 2 and tag_of(cand) in _COMMON_NOUN_TAGS and cand[1] not in lex.surnames


def _outermost(spans: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """The spans inside no other span (one sweep in order of start, longest first).

    Example:
        >>> sorted(_outermost([(0, 5), (1, 3), (0, 2), (6, 8), (6, 8)]))
        [(0, 5), (6, 8)]
    """
    out: set[tuple[int, int]] = set()
    reach = -1
    for s, e in sorted(set(spans), key=lambda h: (h[0], -h[1])):
        if e > reach:
            out.add((s, e))
            reach = e
    return out


def _crosses(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """``[s, e)`` overlaps one of ``spans`` without either containing the other."""
    return any(a < e and s < b and not (a <= s and e <= b) and not (s <= a and b <= e) for a, b in spans)


def _uncross(found: set[tuple[int, int]], norm: str, lex: Lexicon) -> set[tuple[int, int]]:
    """Two names that overlap (研究员何欣李晓珊: 何欣李 and 李晓珊): the later one, starting with a surname,
    stands; the earlier ends where it starts when two characters or more are left of it, else it goes."""
    out = set(found)
    spans = sorted(found)
    for i, a in enumerate(spans):
        for b in spans[i + 1:]:
            if b[0] >= a[1]:
                break  # sorted by start: no later span crosses ``a``
            if a in out and b in out and a[0] < b[0] < a[1] < b[1] and lex.is_surname_start(norm[b[0]:]):
                out.discard(a)
                if b[0] - a[0] >= 2 and lex.is_surname_start(norm[a[0]:]):
                    out.add((a[0], b[0]))
    return out


def _inside(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(a < e and s < b for a, b in spans)


def _overlaps(found: set[tuple[int, int]], s: int, e: int) -> bool:
    return any(a < e and s < b for a, b in found)


# Forms of address written after a bare surname (陈先生, 胡老, 王总, 江主席): the surname alone refers to a person.
_ADDRESS = ("先生", "小姐", "女士", "太太", "夫人", "老师", "师傅", "大爷", "大娘", "大妈", "大婶", "阿姨", "大姐", "大哥",
            "主席", "总理", "书记", "部长", "省长", "市长", "县长", "区长", "镇长", "乡长", "村长", "局长", "厅长", "处长",
            "科长", "主任", "院长", "校长", "所长", "厂长", "经理", "总", "董", "教授", "医生", "大夫", "警官", "队长",
            "老板", "老")
_SURNAME_REFERENCE = re.compile(rf"(?:{'|'.join(sorted(_ADDRESS, key=len, reverse=True))})")


def find_surname_references(doc: Document, mentions: Iterable[Mention], lex: Lexicon,
                            token_starts: set[int]) -> list[Mention]:
    """A bare surname followed by a form of address (陈小姐, 胡老说, 江主席): ``SURNAME`` mentions.

    An entity recogniser in the People's Daily convention tags the surname as a person; the graph makes no
    person of it (it is not a name), so these mentions have a label of their own.  The surname must start a
    word, stand outside every other mention and not be a function word (和总理, 向书记); the form of address
    must end a word.
    """
    norm = doc.norm
    taken: list[tuple[int, int]] | None = None
    out = []
    for m in _SURNAME_REFERENCE.finditer(norm):
        # the form of address ends a word (not 高老庄, 王总结)
        if m.end() < len(norm) and m.end() not in token_starts:
            continue
        for n in (2, 1):
            s = m.start() - n
            surname = norm[max(s, 0):m.start()]
            if s < 0 or s not in token_starts or (
                    surname not in lex.compound_surnames if n == 2 else
                    surname not in lex.surnames or surname in NOT_NAME_START or surname in VERB_AFTER_NAME):
                continue
            if taken is None:
                taken = [(doc.norm_offset(x.start), doc.norm_offset(x.end)) for x in mentions if x.label != "TITLE"]
            if not _inside(taken, s, m.start()):  # the surname is no part of another mention
                out.append(doc.mention(s, m.start(), "SURNAME", None, doc.sentence_of(doc.orig(s))))
            break
    return [m for m in out if m.sentence >= 0]
