"""Bundled lexicons: title words, government and other bodies, surnames, transliteration characters, policies,
occupations, countries, China's provinces and prefecture-level divisions, and foreign cities of the news.

The lists in ``kg/lexicons/`` come from general knowledge of the structure of the Party, the State Council,
the NPC, the CPPCC and the military, and of Chinese political language; ``hanlp_gov_bodies.txt`` is derived
from HanLP's organization dictionary (Apache-2.0, notice in the file) by :func:`kg.train.write_hanlp_bodies`;
``occupations.txt`` from HanLP's job-title dictionary and CLUENER's training labels by
:func:`kg.train.write_occupations`; ``not_names.txt`` from the NER training corpora by
:func:`kg.train.write_not_names`.
None is copied from gold files.
They are read through :mod:`importlib.resources`, so an installed package finds them wherever it lives.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources


def _lines(name: str) -> list[str]:
    text = resources.files("kg").joinpath("lexicons").joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


@dataclass(frozen=True)
class Lexicon:
    """Immutable word lists used by the tokenizer and the finders."""

    titles: frozenset[str]
    gov_bodies: frozenset[str]
    other_bodies: frozenset[str]
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    translit: frozenset[str]
    policies: dict[str, str]
    org_heads: dict[str, str]
    countries: frozenset[str]
    occupations: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    foreign_places: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()
    #: short local bodies (市委, 省政府, 部党组): bodies of the place the article is about; also in gov_bodies
    local_bodies: frozenset[str] = frozenset()
    #: words that end a meeting's name (…会议, …座谈会, …典礼), longest first
    meeting_heads: tuple[str, ...] = ()

    @cached_property
    def bodies(self) -> frozenset[str]:
        return self.gov_bodies | self.other_bodies

    @cached_property
    def memo(self) -> dict[object, object]:
        """Answers the finders remember per word (the lists are immutable, so the answers hold)."""
        return {}

    @cached_property
    def meeting_ends(self) -> tuple[str, ...]:
        """Meeting heads that end no body's name (…推进会, …会议; not 论坛 or 大会, which name bodies too)."""
        return tuple(w for w in self.meeting_heads if len(w) >= 3 and w.endswith(("会", "会议")) and w != "委员会")

    @cached_property
    def _foreign_starts(self) -> tuple[str, ...]:
        return tuple(c for c in self.countries if len(c) >= 2 and c not in ("中国", "中方"))

    def is_foreign(self, key: str) -> bool:
        """A country other than China, or a name that starts with one (老挝, 老挝人民革命党中央; not 中方)."""
        return key in self.countries and key not in ("中国", "中方") or key.startswith(self._foreign_starts)

    def is_surname_start(self, name: str) -> bool:
        return name[:1] in self.surnames or name[:2] in self.compound_surnames


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Load the bundled lexicons (cached: they are immutable).

    Example:
        >>> lex = load_lexicon()
        >>> "副部长" in lex.titles, "部长" in lex.titles, "国务院" in lex.gov_bodies
        (False, True, True)
    """
    single: set[str] = set()
    compound: set[str] = set()
    for line in _lines("surnames.txt"):
        for s in line.split():
            (single if len(s) == 1 else compound).add(s)
    policies: dict[str, str] = {}
    for name, kind in _pairs("policies.txt"):
        policies[name] = kind or "slogan"
    local = frozenset(w for line in _lines("local_bodies.txt") for w in line.split())
    return Lexicon(
        titles=frozenset(_lines("titles.txt")),
        gov_bodies=frozenset(_lines("gov_bodies.txt") + _lines("hanlp_gov_bodies.txt")) | local,
        other_bodies=frozenset(_lines("other_bodies.txt")),
        surnames=frozenset(single),
        compound_surnames=frozenset(compound),
        translit=frozenset("".join(_lines("transliteration.txt"))),
        policies=policies,
        org_heads=dict(_pairs("org_heads.txt")),
        countries=frozenset(w for line in _lines("countries.txt") for w in line.split()),
        occupations=frozenset(_lines("occupations.txt")),
        places=frozenset(w for line in _lines("places.txt") for w in line.split()),
        foreign_places=frozenset(w for line in _lines("foreign_places.txt") for w in line.split()),
        not_names=frozenset(_lines("not_names.txt")),
        local_bodies=local,
        meeting_heads=tuple(sorted({w for line in _lines("meeting_heads.txt") for w in line.split()},
                                   key=lambda w: (-len(w), w))),
    )


def _pairs(name: str) -> list[tuple[str, str]]:
    out = []
    for line in _lines(name):
        word, _, value = line.partition("\t")
        out.append((word.strip(), value.strip()))
    return out
