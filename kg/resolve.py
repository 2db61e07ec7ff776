"""Entity resolution across documents: one node per real person, organization and policy concept.

* **Organizations** get a canonical key: the session prefix is dropped (十四届全国人大常委会 → 全国人大常委会) and
  the other names of a body map to its usual official name (国家发改委 = 国家发展和改革委员会 → 国家发展改革委;
  党中央 = 中国共产党中央委员会 → 中共中央), from ``kg/lexicons/org_aliases.tsv``.  Parents follow from the name: a body named as a
  prefix (浙江省委组织部 → 浙江省委), 常委会/党组/机关 of a body, and both sides of a stationed group (A驻B纪检监察组
  → A and B).
* **Policy concepts** are keyed by their normalised form without quotes or book-title marks
  (“十四五”规划 = 十四五规划).
* **Persons**: the same name is not always the same person.  Each document's person (all mentions of a name
  in one article are one person) has a *context*: the canonical organizations (and their name parents) and
  the titles of the posts the article states.  Documents are processed in (date, id) order:

  The context also holds the body a title names by itself (国务委员 → 国务院, 书记处书记 → 中共中央,
  ``kg/lexicons/title_orgs.tsv``).  Two contexts are *linked* when they share an organization (other than
  vague ones such as 中央 or 中方) or a title that identifies a post (国务委员, 副委员长 — not one that every
  body has, such as 主任, 书记 or 部长: ``GENERIC_TITLES``).  First of all, a name that some article writes as a
  place (:func:`place_names`) and that no article gives a post is no person: its observations get the empty
  key and make no node.

  1. a person with a context joins the cluster of the same name whose context is linked to it (the largest
     overlap, then the most articles); if none is linked, it starts a new cluster — two people with
     unrelated posts are never merged;
  2. clusters of one name whose contexts became linked as they grew are merged (a person's posts accumulate:
     an article that names both 北京市委书记 and 中共中央办公厅 joins the two careers), so the result does
     not depend on the order of the articles.  In an incremental build, two clusters that already have
     IRIs in the store are never merged (their IRIs stay stable);
  3. a person without a context (or with generic titles only: 主席, 书记) joins the only cluster of that
     name; when there are several, the cluster that shares most organizations mentioned anywhere in the
     article, else the one that shares most of its titles, else the only cluster whose first–last seen
     dates include the article's date; otherwise it becomes ``person/<name>/unidentified`` (it is never
     merged only because it has no context);
  4. a short form of a transliterated name (阿萨德 for 巴沙尔·阿萨德) is that name when exactly one full name
     has it as its first or last part and some article writes the full name first and the short form after
     it, or when every post written with the short form points to one of its full names (叙利亚总统巴沙尔 is
     巴沙尔·阿萨德, not the ambassador 巴沙尔·贾法里);
  5. the first cluster of a name has the plain name as key; a later homonym's key is the name qualified by
     the canonical organization of its first post (IRI ``person/<name>/<organization>``).

The resolver's state (clusters) is plain data, so incremental builds (:mod:`kg.store`) keep IRIs stable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from kg.lexicon import load_lexicon
from kg.model import Document

SESSION_PREFIX = re.compile(r"^第?[一二三四五六七八九十]{1,4}届(?=.{2,})")
STATIONED = re.compile(r"^(?P<parent>.+?)驻(?P<host>.+?)(?:纪检监察组|纪检组|工作组|办事处|代表处|联络处|联络办公室|"
                       r"特派员办事处)$")
_UNIT_PARENT = re.compile(r"^(?P<parent>.{2,}?)(?:常委会|常务委员会|党组|党委|机关|办公厅|办公室)$")
UNIDENTIFIED = "unidentified"
#: Separates a homonym's name from its qualifier in a person key (a character no name contains); the graph
#: turns each part into one IRI path segment: person/王刚/云南省委.
QUALIFIER = "\x1f"


@lru_cache(maxsize=1)
def org_aliases() -> dict[str, str]:
    """Alias → canonical name of bodies (both sides Simplified)."""
    text = resources.files("kg").joinpath("lexicons").joinpath("org_aliases.tsv").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canonical, _, aliases = line.partition("\t")
        for alias in aliases.split("|"):
            if alias.strip():
                out[alias.strip()] = canonical.strip()
    return out


def canonical_org(key: str) -> str:
    """The canonical key of an organization name (Simplified key in, Simplified key out).

    Example:
        >>> canonical_org("十四届全国人大常委会"), canonical_org("国家发展和改革委员会"), canonical_org("浙江省委")
        ('全国人大常委会', '国家发展改革委', '浙江省委')
    """
    k = SESSION_PREFIX.sub("", key.strip())
    aliases = org_aliases()
    if k in aliases:
        return aliases[k]
    if k.startswith("中共") and len(k) > 4 and k[2:] in aliases:
        return aliases[k[2:]]
    return k


def is_canonical_name(key: str) -> bool:
    """True when ``key`` is the full name of a body in the alias table."""
    return key in _canonical_names()


@lru_cache(maxsize=1)
def _canonical_names() -> frozenset[str]:
    return frozenset(org_aliases().values())


def org_parents(key: str, known: Iterable[str] = ()) -> list[str]:
    """Canonical parents of an organization named ``key``, from its name alone.

    Args:
        key: the organization's Simplified key (as written, not yet canonical).
        known: other organization keys (canonical or not) that may be named as a prefix of ``key``.

    Example:
        >>> org_parents("中央纪委国家监委驻退役军人事务部纪检监察组")
        ['中央纪委国家监委', '退役军人事务部']
        >>> org_parents("全国人大常委会")
        ['全国人大']
        >>> org_parents("浙江省委组织部", known=["浙江省委"])
        ['浙江省委']
    """
    k = SESSION_PREFIX.sub("", key.strip())
    out: list[str] = []
    m = STATIONED.match(k)
    if m:
        out = [canonical_org(m.group("parent")), canonical_org(m.group("host"))]
    else:
        unit = _UNIT_PARENT.match(k)
        if unit and _is_body(unit.group("parent"), known):
            out = [canonical_org(unit.group("parent"))]
        else:
            bodies = set(known) | load_lexicon().bodies | set(org_aliases())
            heads = _government_heads()
            for n in range(len(k) - 2, 1, -1):
                prefix = k[:n]
                if prefix in bodies or any(prefix.endswith(h) and len(prefix) > len(h) for h in heads):
                    out = [canonical_org(prefix)]
                    break
    me = canonical_org(k)
    return [p for p in dict.fromkeys(out) if p != me]


@lru_cache(maxsize=1)
def _government_heads() -> tuple[str, ...]:
    """Multi-character heads that end a body's name (省委, 政府, 人大 …): a prefix ending in one is a body."""
    lex = load_lexicon()
    return tuple(h for h, kind in lex.org_heads.items() if kind == "government" and len(h) >= 2)


def _is_body(name: str, known: Iterable[str]) -> bool:
    lex = load_lexicon()
    return name in lex.bodies or name in org_aliases() or name in set(known) or name.endswith(
        tuple(h for h in lex.org_heads if len(h) >= 2))


# ------------------------------------------------------------------------------------------------ persons

#: Titles that nearly every body has: sharing one says nothing about being the same person.
GENERIC_TITLES = frozenset({
    "主席", "副主席", "主任", "副主任", "书记", "副书记", "部长", "副部长", "委员", "常委", "组长", "副组长",
    "秘书长", "副秘书长", "局长", "副局长", "院长", "副院长", "会长", "副会长", "成员", "代表", "负责人",
    "理事长", "董事长", "总经理", "厅长", "副厅长", "省长", "副省长", "市长", "副市长", "县长", "副县长",
    "主任委员", "副主任委员", "党组书记", "党组成员", "党委书记", "党委副书记", "纪委书记", "专职副主席",
    "司长", "副司长", "处长", "校长", "所长", "社长", "总编辑", "台长", "行长", "副行长", "署长", "大使",
    "发言人", "新闻发言人", "常务委员", "主任医师", "教授", "研究员", "院士", "特别代表", "召集人",
})
#: Organization names too vague to identify anyone.
VAGUE_ORGS = frozenset({"中央", "中方", "国家", "我国", "全国", "政府", "党", "地方", "各地", "有关部门"})


def linking(context: set[str] | frozenset[str]) -> set[str]:
    """The elements of a context that can identify a person (see the module docstring)."""
    return {c for c in context
            if (c.startswith("org:") and c[4:] not in VAGUE_ORGS)
            or (c.startswith("title:") and c[6:] not in GENERIC_TITLES)}


@dataclass
class Cluster:
    """One real person: the key of their IRI, what identifies them and when they were seen."""

    key: str
    name: str
    context: set[str] = field(default_factory=set)
    articles: int = 0
    first: str | None = None
    last: str | None = None
    stored: bool = False  # its key is already in use (loaded from a store's state)

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "context": sorted(self.context), "articles": self.articles,
                "first": self.first, "last": self.last}

    def seen(self, date: str | None) -> None:
        if date:
            self.first = date if self.first is None or date < self.first else self.first
            self.last = date if self.last is None or date > self.last else self.last


def person_context(doc: Document, name_key: str) -> set[str]:
    """Organizations (canonical, with their parents) and titles of the posts ``doc`` states for a name."""
    ctx: set[str] = set()
    for post in doc.posts:
        if post.person.key != name_key:
            continue
        title = post.title.key.removeprefix("原").removeprefix("前")
        ctx.add("title:" + title)
        if post.org is not None and post.org.key:
            org = canonical_org(post.org.key)
            ctx.add("org:" + org)
            ctx.update("org:" + p for p in org_parents(post.org.key))
        elif title in title_orgs():
            org = title_orgs()[title]
            ctx.add("org:" + org)
            ctx.update("org:" + p for p in org_parents(org))
    return ctx


@lru_cache(maxsize=1)
def title_orgs() -> dict[str, str]:
    """Titles that name their body by themselves (``kg/lexicons/title_orgs.tsv``)."""
    text = resources.files("kg").joinpath("lexicons").joinpath("title_orgs.tsv").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            title, org = line.split("\t")[:2]
            out[title.strip()] = org.strip()
    return out


def _doc_orgs(doc: Document) -> set[str]:
    return {"org:" + canonical_org(m.key) for m in doc.mentions if m.label == "ORG"}


@dataclass(frozen=True)
class Observation:
    """What resolution needs to know of one person in one article (small: a build keeps only these)."""

    doc_id: str
    date: str | None
    name: str
    context: frozenset[str]
    around: frozenset[str]
    first: int = 0  # offset of the name's first mention in the article


def place_names(doc: Document) -> set[str]:
    """The names ``doc`` writes as places (PLACE mentions)."""
    return {m.key for m in doc.mentions if m.label == "PLACE"}


def observe(doc: Document) -> list[Observation]:
    """The person observations of an analysed document."""
    first: dict[str, int] = {}
    for m in doc.mentions:
        if m.label == "PERSON":
            first[m.key] = min(first.get(m.key, m.start), m.start)
    if not first:
        return []
    around = frozenset(_doc_orgs(doc))
    return [Observation(doc.id, doc.date, name, frozenset(person_context(doc, name)), around, first[name])
            for name in sorted(first)]


class Resolver:
    """Decides which person node each (document, name) belongs to; state survives incremental builds."""

    def __init__(self, state: dict[str, Any] | None = None) -> None:
        self.clusters: dict[str, list[Cluster]] = {}
        self.assigned: dict[tuple[str, str], str] = {}
        self.places: set[str] = set((state or {}).get("places", []))
        for name, items in (state or {}).get("persons", {}).items():
            self.clusters[name] = [Cluster(c["key"], name, set(c["context"]), c["articles"], c.get("first"),
                                           c.get("last"), stored=True) for c in items]

    def state(self) -> dict[str, Any]:
        return {"persons": {name: [c.as_json() for c in cs] for name, cs in sorted(self.clusters.items())},
                "places": sorted(self.places)}

    def resolve(self, docs: Iterable[Document]) -> None:
        """Assign every person of ``docs`` to a cluster (two passes: persons with context first)."""
        docs = list(docs)
        self.resolve_observations((o for doc in docs for o in observe(doc)),
                                  places=(p for doc in docs for p in place_names(doc)))

    def resolve_observations(self, observations: Iterable[Observation], places: Iterable[str] = ()) -> None:
        """Like :meth:`resolve`, from :func:`observe` records (lets a big build keep only these in memory).

        ``places`` are the names written as places in the articles (:func:`place_names`): a name that some
        article writes as a place and that no article gives a post is a place everywhere (波克罗夫斯克), and
        its observations make no person (their key is ``""``).
        """
        self.places.update(places)
        ordered = sorted(observations, key=lambda o: (o.date or "", o.doc_id, o.name))
        with_posts = {o.name for o in ordered if linking(o.context)} | {
            name for name, cs in self.clusters.items() if any(linking(c.context) for c in cs)}
        not_persons = {o.name for o in ordered if o.name in self.places and o.name not in with_posts}
        for o in ordered:
            if o.name in not_persons:
                self.assigned[(o.doc_id, o.name)] = ""
        ordered = [o for o in ordered if o.name not in not_persons]
        aliases = self._short_names(ordered)
        pending: list[tuple[str, Observation]] = []
        joined: list[tuple[str, Observation, Cluster]] = []
        for written in ordered:  # the name as written, for lookups; the observation under its full name
            obs = replace(written, name=aliases[written.name]) if written.name in aliases else written
            if linking(obs.context):
                joined.append((written.name, obs, self._join(obs.name, set(obs.context), obs.date)))
            else:  # no context, or only titles every body has (主席, 书记): decided like no context
                pending.append((written.name, obs))
        merged = self._merge_linked(sorted({obs.name for _, obs, _ in joined}))
        for name, obs, cluster in joined:
            while id(cluster) in merged:
                cluster = merged[id(cluster)]
            self.assigned[(obs.doc_id, name)] = cluster.key
        for name, obs in pending:
            self.assigned[(obs.doc_id, name)] = self._join_without_context(obs)
        for clusters in self.clusters.values():
            for c in clusters:
                c.stored = True

    @staticmethod
    def _short_names(observations: list[Observation]) -> dict[str, str]:
        """Short forms of transliterated names: 巴沙尔 or 阿萨德 for 巴沙尔·阿萨德, when exactly one full name
        has that first or last part and some article writes the full name first and the short one after it
        (the way news introduces a person; 拜登之子亨特·拜登 does not make 拜登 a short form of 亨特·拜登); or
        when the posts written with the short form point to exactly one of its full names, every time."""
        names = {o.name for o in observations}
        expansions: dict[str, set[str]] = {}
        for full in names:
            parts = [p for p in re.split("[·•]", full) if p]
            if len(parts) < 2:
                continue
            for part in {parts[0], parts[-1]}:
                if len(part) >= 2:
                    expansions.setdefault(part, set()).add(full)
        expansions = {short: fulls for short, fulls in expansions.items() if short in names}
        if not expansions:
            return {}
        unique = {short: next(iter(fulls)) for short, fulls in expansions.items() if len(fulls) == 1}
        by_doc: dict[str, dict[str, int]] = {}
        for o in observations:
            if o.name in unique or o.name in unique.values():
                by_doc.setdefault(o.doc_id, {})[o.name] = o.first
        aliases = {short: full for short, full in unique.items()
                   if any(full in seen and short in seen and seen[full] < seen[short] for seen in by_doc.values())}
        # Otherwise the posts decide: the short form is written with the posts of exactly one of its full names
        # (叙利亚总统巴沙尔 is 巴沙尔·阿萨德, not the ambassador 巴沙尔·贾法里), and never with those of another.
        wanted = {f for short, fulls in expansions.items() if short not in aliases for f in fulls}
        full_ctx: dict[str, set[str]] = {}
        for o in observations:
            if o.name in wanted:
                full_ctx.setdefault(o.name, set()).update(linking(o.context))
        votes: dict[str, set[str | None]] = {}
        for o in observations:
            fulls = expansions.get(o.name)
            ids = linking(o.context)
            if fulls is None or o.name in aliases or not ids:
                continue
            scores = {f: len(ids & full_ctx.get(f, set())) for f in fulls}
            best = max(scores.values())
            winners = [f for f, n in scores.items() if n == best]
            votes.setdefault(o.name, set()).add(winners[0] if best and len(winners) == 1 else None)
        for short, v in votes.items():
            full = next(iter(v)) if len(v) == 1 else None
            if full is not None:
                aliases[short] = full
        return aliases

    def person_key(self, doc_id: str, name: str) -> str:
        """The key of the person IRI for ``name`` in document ``doc_id`` (the name when not resolved; ``""``
        when the name is a place, see :meth:`resolve_observations`)."""
        return self.assigned.get((doc_id, name), name)

    def _join(self, name: str, ctx: set[str], date: str | None) -> Cluster:
        clusters = self.clusters.setdefault(name, [])
        ids = linking(ctx)
        best = max((c for c in clusters if not c.key.endswith(QUALIFIER + UNIDENTIFIED)),
                   key=lambda c: (len(linking(c.context) & ids), c.articles), default=None)
        if best is not None and (linking(best.context) & ids or (not best.context and len(clusters) == 1)):
            best.context |= ctx
            best.articles += 1
            best.seen(date)
            return best
        key = name if not any(c.key == name for c in clusters) else self._qualified(name, ctx, clusters)
        cluster = Cluster(key, name, set(ctx), 1)
        cluster.seen(date)
        clusters.append(cluster)
        return cluster

    def _merge_linked(self, names: list[str]) -> dict[int, Cluster]:
        """Merge the clusters of each name whose contexts are linked; returns id(merged) → survivor."""
        merged: dict[int, Cluster] = {}
        for name in names:
            clusters = self.clusters[name]
            changed = True
            while changed:
                changed = False
                live = [c for c in clusters if not c.key.endswith(QUALIFIER + UNIDENTIFIED)]
                for i, a in enumerate(live):
                    for b in live[i + 1:]:
                        if (a.stored and b.stored) or not linking(a.context) & linking(b.context):
                            continue
                        # the survivor keeps its key: one already in use, else the plain name, else the older
                        keep, gone = (a, b) if (a.stored, a.key == name, -clusters.index(a)) >= \
                            (b.stored, b.key == name, -clusters.index(b)) else (b, a)
                        keep.context |= gone.context
                        keep.articles += gone.articles
                        keep.seen(gone.first)
                        keep.seen(gone.last)
                        clusters.remove(gone)
                        merged[id(gone)] = keep
                        changed = True
                        break
                    if changed:
                        break
        return merged

    @staticmethod
    def _count(cluster: Cluster, obs: Observation) -> str:
        cluster.articles += 1
        cluster.context |= obs.context
        cluster.seen(obs.date)
        return cluster.key

    def _qualified(self, name: str, ctx: set[str], clusters: list[Cluster]) -> str:
        orgs = sorted(c.removeprefix("org:") for c in ctx if c.startswith("org:"))
        titles = sorted(c.removeprefix("title:") for c in ctx if c.startswith("title:"))
        base = f"{name}{QUALIFIER}{(orgs or titles or ['?'])[0]}"
        key, n = base, 2
        while any(c.key == key for c in clusters):
            key, n = f"{base}{QUALIFIER}{n}", n + 1
        return key

    def _join_without_context(self, obs: Observation) -> str:
        name = obs.name
        clusters = [c for c in self.clusters.get(name, []) if not c.key.endswith(QUALIFIER + UNIDENTIFIED)]
        if not clusters:
            cluster = Cluster(name, name, set(obs.context), 1)
            cluster.seen(obs.date)
            self.clusters.setdefault(name, []).append(cluster)
            return cluster.key
        if len(clusters) == 1:
            return self._count(clusters[0], obs)
        # the organizations around the name in the article, then the (generic) titles it holds there
        for clues, of in ((linking(obs.around), linking), (set(obs.context), set)):
            if not clues:
                continue
            scored = sorted(((len(of(c.context) & clues), c.articles, c.key) for c in clusters), reverse=True)
            if scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
                return self._count(next(c for c in clusters if c.key == scored[0][2]), obs)
        if obs.date:  # time: the only cluster seen both before and after (or on) the article's date
            active = [c for c in clusters if c.first and c.last and c.first <= obs.date <= c.last]
            if len(active) == 1:
                return self._count(active[0], obs)
        key = f"{name}{QUALIFIER}{UNIDENTIFIED}"
        if not any(c.key == key for c in self.clusters[name]):
            self.clusters[name].append(Cluster(key, name, set(), 0))
        return key
