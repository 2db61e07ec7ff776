"""A random audit of the distinct facts of a graph: N facts of each kind with their evidence, as Markdown
tables a person marks y/n, and the precision per kind from the marked file. Not part of the test suite.

    python benchmarks/fact_audit.py GRAPH [--per-kind 40] [--seed 1] [-o OUT.md] [--min-confidence X]
    python benchmarks/fact_audit.py --score OUT.md

GRAPH is anything ``kg query`` reads (a Turtle/N-Triples/TriG/N-Quads file, the output folder of ``kg build
-o``, a store of ``kg build --store``), opened with :func:`kg.query.open_graph_store`. The kinds:

* posts: (person, organization or country, title), one ``kg:PostHolding`` each;
* participations: (person, role, meeting), one ``kg:Participation`` each;
* met pairs: the graph's ``kg:MetPair`` facts (one person of each side of a meeting, with evidence); in a
  graph built before kg:MetPair existed, two persons who both have role ``kg:Met`` at the same meeting node;
* meetings: (name, date), one ``kg:Meeting`` each (an undated meeting is one per article);
* policy_relations: (policy, relation, agent), one ``kg:PolicyAct`` each: a body, meeting (with its date) or
  person that issued, adopted, studied or implemented the policy;
* policies: (label, kind), one ``kg:PolicyConcept`` each, with every ``kg:policyType`` the articles give it;
* persons: (label), one ``kg:Person`` each.

Each article is a named graph, so a fact stated by several articles is there several times and a store's
union default graph returns it once per article: the facts are read inside ``GRAPH ?g`` (where each triple
is stated once) under ``SELECT DISTINCT`` of their identity. The distinct facts of each kind are sorted (by
their IRIs, the same from a file and from a store) and ``random.Random(seed).sample`` picks N of them.

Evidence: for posts, participations, meetings, policy relations and policies the ``kg:Evidence`` the fact points to with
``prov:wasDerivedFrom`` (sentence, article, offsets), in the earliest article (by date, then id); for a met
pair the sentence that names both persons (or the sentence of each); for a person the earliest article that
``schema:mentions`` them and the first of its evidence sentences that contains one of the person's names.
The sentence is trimmed to about 200 characters around the fact's span, which is shown in bold.

Confidence: when facts carry ``kg:confidence`` (read with OPTIONAL, the highest value across articles; a met
pair gets the lower of its two participations) a ``conf`` column is added and ``--min-confidence`` drops the
facts below it before sampling. A graph built before kg:confidence existed has none: the column is then left
out and the option keeps every fact.

``--score`` reads an audit whose ``ok?`` column is filled in with y or n and prints the precision of each
kind (y / marked), and per confidence band (0-0.5, 0.5-0.7, 0.7-0.9, 0.9-1) when there is a ``conf`` column.
"""

from __future__ import annotations

import argparse
import logging
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parents[1]

#: The kinds of fact, in the order of the sections.
KINDS: tuple[str, ...] = ("posts", "participations", "met", "meetings", "policy_relations", "policies",
                          "persons")

#: What a reader checks for each kind (the line under its heading).
GUIDANCE: dict[str, str] = {
    "posts": "person · organization (or country) · title. ok = the sentence says this person holds this title "
             "in this body (原 before the title: held it before); a missing body is ok only when the text "
             "names none.",
    "participations": "person · role · meeting (date). ok = the person took part in this meeting in this role "
                      "(presided 主持, spoke 讲话, attended 出席, met 会见/会谈).",
    "met": "person · person · meeting (date). Derived: both persons have role met at the same meeting node "
           "(the graph has no separate met fact). ok = the two really met or held talks with each other.",
    "meetings": "name · date. ok = a real meeting or event the article reports, its name complete and its "
                "date right (undated: the article gives no date).",
    "policy_relations": "policy · relation · agent. ok = the sentence says this body, meeting or person "
                        "issued (印发, 发布, 出台, 制定), adopted (审议通过, 表决通过), studied (传达学习, 学习贯彻) "
                        "or, as the subject, implemented (贯彻落实, 部署, 推进, 实施) this policy; not when the act "
                        "is only asked for or announced (要…, 将…).",
    "policies": "label · kind. ok = a law, plan, theory, slogan, initiative or meeting spirit named as such, "
                "its label complete and its kind right.",
    "persons": "label. ok = the name of a real person, complete (no title or extra characters), written as in "
               "the article.",
}

#: kg's names of policy types and participation roles (local names of the ontology's concepts).
CONCEPT_NAMES: dict[str, str] = {
    "Law": "law", "Plan": "plan", "Theory": "theory", "Slogan": "slogan", "Initiative": "initiative",
    "MeetingSpirit": "meeting spirit", "Presided": "presided", "Spoke": "spoke", "Attended": "attended",
    "Met": "met", "Issued": "issued", "Adopted": "adopted", "Studied": "studied", "Implemented": "implemented",
}

BANDS: tuple[tuple[float, float], ...] = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.0))
WIDTH = 200  # characters of evidence sentence kept

PREFIXES = """PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX kg: <https://w3id.org/kg-gov/ns#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
KG_NS = "https://w3id.org/kg-gov/ns#"

# The distinct facts of each kind. Inside GRAPH ?g each triple is stated once, so the sub-select is a set of
# identities however many articles state the fact; kg:confidence, when the graph has it, is read outside
# (OPTIONAL: a fact without it is kept) and the highest value across articles taken.
FACT_QUERIES: dict[str, str] = {
    "posts": """
SELECT ?f ?person ?where ?title ?former (MAX(?c) AS ?conf) WHERE {
  { SELECT DISTINCT ?f ?person ?where ?title ?former WHERE {
      GRAPH ?g { ?f a kg:PostHolding ; org:member ?person ; org:role ?title .
                 OPTIONAL { ?f kg:former ?former }
                 OPTIONAL { ?f org:organization|kg:jurisdiction ?where } } } }
  OPTIONAL { ?f kg:confidence ?c }
} GROUP BY ?f ?person ?where ?title ?former""",
    "participations": """
SELECT ?f ?person ?role ?meeting (MAX(?c) AS ?conf) WHERE {
  { SELECT DISTINCT ?f ?person ?role ?meeting WHERE {
      GRAPH ?g { ?f a kg:Participation ; kg:participant ?person ; kg:role ?role ; kg:event ?meeting } } }
  OPTIONAL { ?f kg:confidence ?c }
} GROUP BY ?f ?person ?role ?meeting""",
    # two persons with role Met at the same meeting node, each pair once (?a < ?b)
    "met": """
SELECT ?a ?b ?meeting ?x ?y (MAX(?cx) AS ?conf_x) (MAX(?cy) AS ?conf_y) WHERE {
  { SELECT DISTINCT ?x ?a ?meeting WHERE {
      GRAPH ?g { ?x kg:role kg:Met ; kg:participant ?a ; kg:event ?meeting } } }
  { SELECT DISTINCT ?y ?b ?meeting WHERE {
      GRAPH ?g { ?y kg:role kg:Met ; kg:participant ?b ; kg:event ?meeting } } }
  FILTER(STR(?a) < STR(?b))
  OPTIONAL { ?x kg:confidence ?cx }
  OPTIONAL { ?y kg:confidence ?cy }
} GROUP BY ?a ?b ?meeting ?x ?y""",
    # the pairs the graph states (kg:MetPair, one person of each side, with evidence), each once (?a < ?b)
    "met_pairs": """
SELECT ?f ?a ?b ?meeting (MAX(?c) AS ?conf) WHERE {
  { SELECT DISTINCT ?f ?a ?b ?meeting WHERE {
      GRAPH ?g { ?f a kg:MetPair ; kg:participant ?a , ?b ; kg:event ?meeting } FILTER(STR(?a) < STR(?b)) } }
  OPTIONAL { ?f kg:confidence ?c }
} GROUP BY ?f ?a ?b ?meeting""",
    "meetings": """
SELECT ?f ?date (MAX(?c) AS ?conf) WHERE {
  { SELECT DISTINCT ?f ?date WHERE {
      GRAPH ?g { ?f a kg:Meeting . OPTIONAL { ?f schema:startDate ?date } } } }
  OPTIONAL { ?f kg:confidence ?c }
} GROUP BY ?f ?date""",
    "policy_relations": """
SELECT ?f ?policy ?act ?agent (MAX(?c) AS ?conf) WHERE {
  { SELECT DISTINCT ?f ?policy ?act ?agent WHERE {
      GRAPH ?g { ?f a kg:PolicyAct ; kg:policy ?policy ; kg:act ?act ; kg:agent ?agent } } }
  OPTIONAL { ?f kg:confidence ?c }
} GROUP BY ?f ?policy ?act ?agent""",
    # one row per (concept, type): a concept that articles type differently has several, joined below
    "policies": """
SELECT ?f ?type (MAX(?c) AS ?conf) WHERE {
  { SELECT DISTINCT ?f ?type WHERE {
      GRAPH ?g { ?f a kg:PolicyConcept . OPTIONAL { ?f kg:policyType ?type } } } }
  OPTIONAL { ?f kg:confidence ?c }
} GROUP BY ?f ?type""",
    "persons": """
SELECT ?f (MAX(?c) AS ?conf) WHERE {
  { SELECT DISTINCT ?f WHERE { GRAPH ?g { ?f a kg:Person } } }
  OPTIONAL { ?f kg:confidence ?c }
} GROUP BY ?f""",
}

# Preferred names (derived graph: one per script, stated once).
LABELS_QUERY = """
SELECT ?s ?label WHERE { ?s skos:prefLabel ?label FILTER(langMatches(lang(?label), "zh-Hans")) }"""

# The look-ups below start from the sampled IRIs ($facts, a VALUES list) in a sub-query whose LIMIT, far above
# any corpus, tells Oxigraph's optimizer to start there (as the named queries do): without it a store is
# scanned graph by graph, 35 times slower on 200 articles.

# The evidence of facts that point to it with prov:wasDerivedFrom.
EVIDENCE_QUERY = """
SELECT DISTINCT ?f ?id ?date ?sentence ?sstart ?start ?end WHERE {
  { SELECT DISTINCT ?f ?ev ?g WHERE { VALUES ?f { $facts } GRAPH ?g { ?f prov:wasDerivedFrom ?ev } } LIMIT 900000 }
  GRAPH ?g { ?ev kg:article ?a ; kg:start ?start ; kg:end ?end .
             ?a dcterms:identifier ?id .
             OPTIONAL { ?ev kg:sentence ?sentence ; kg:sentenceStart ?sstart }
             OPTIONAL { ?a dcterms:date ?date } }
}"""

# The articles that mention persons, with their dates and titles.
MENTIONS_QUERY = """
SELECT DISTINCT ?f ?a ?id ?date ?title WHERE {
  { SELECT DISTINCT ?f ?a ?g WHERE { VALUES ?f { $facts } GRAPH ?g { ?a schema:mentions ?f } } LIMIT 900000 }
  GRAPH ?g { ?a dcterms:identifier ?id . OPTIONAL { ?a dcterms:date ?date } OPTIONAL { ?a dcterms:title ?title } }
}"""

# The evidence of the posts and participations of persons.
PERSON_FACTS_QUERY = """
SELECT DISTINCT ?p ?id ?date ?sentence ?sstart ?start ?end WHERE {
  { SELECT DISTINCT ?p ?f ?g WHERE {
      VALUES ?p { $facts } GRAPH ?g { ?f org:member|kg:participant ?p } } LIMIT 900000 }
  GRAPH ?g { ?f prov:wasDerivedFrom ?ev .
             ?ev kg:article ?a ; kg:start ?start ; kg:end ?end ; kg:sentence ?sentence ; kg:sentenceStart ?sstart .
             ?a dcterms:identifier ?id . OPTIONAL { ?a dcterms:date ?date } }
}"""

# Every name the graph gives persons (labels in both scripts, forms as written).
NAMES_QUERY = """
SELECT DISTINCT ?f ?name WHERE {
  { SELECT DISTINCT ?f WHERE { VALUES ?f { $facts } } LIMIT 900000 }
  ?f rdfs:label|skos:prefLabel|skos:altLabel|kg:writtenAs ?name .
}"""

# The evidence sentences stored for articles ($facts: article IRIs).
SENTENCES_QUERY = """
SELECT DISTINCT ?f ?sentence ?sstart WHERE {
  { SELECT DISTINCT ?f ?ev ?g WHERE { VALUES ?f { $facts } GRAPH ?g { ?ev kg:article ?f } } LIMIT 900000 }
  GRAPH ?g { ?ev kg:sentence ?sentence ; kg:sentenceStart ?sstart }
}"""


#: A solution of a SELECT: variable name → the term's value as a string, None when unbound.
Row = dict[str, Any]


@dataclass(frozen=True)
class Evidence:
    """A sentence as stored in the graph, with the fact's span in it (``start``/``end`` into ``sentence``)."""

    article: str
    date: str | None
    sentence: str
    start: int | None = None
    end: int | None = None
    title: str | None = None  # the article's title, shown when no stored sentence names the fact


@dataclass
class Fact:
    """One distinct fact: its identity (IRIs, for sorting and for finding evidence), text and confidence."""

    kind: str
    key: tuple[str, ...]
    text: str
    words: tuple[str, ...] = ()
    conf: float | None = None
    nodes: tuple[str, ...] = ()  # the fact nodes whose prov:wasDerivedFrom is its evidence
    evidence: list[Evidence] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------------
# Reading the graph


def _value(term: Any) -> str | None:
    return None if term is None else str(term.value)


def select(store: Any, text: str) -> list[Row]:
    """Rows of a SELECT on the store (union default graph), as plain strings."""
    from kg.query import execute

    result = execute(store, PREFIXES + text)
    return [dict(zip(result.variables, map(_value, row), strict=True)) for row in result.rows]


def _values(iris: Iterable[str]) -> str:
    from kg.query import sparql_iri

    return " ".join(sparql_iri(i) for i in sorted(set(iris)))


def _local(iri: str | None) -> str:
    """The last path segment of an IRI, decoded (a label of last resort)."""
    from urllib.parse import unquote

    if not iri:
        return ""
    return unquote(iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1])


def _concept(iri: str | None) -> str:
    return CONCEPT_NAMES.get(_local(iri), _local(iri))


def _conf(*values: str | None) -> float | None:
    known = [float(v) for v in values if v is not None]
    return min(known) if known else None


def _date(value: str | None) -> str:
    return f" ({value})" if value else " (undated)"


def distinct_facts(store: Any) -> dict[str, list[Fact]]:
    """Every distinct fact of each kind, sorted by identity."""
    names = {r["s"]: r["label"] for r in select(store, LABELS_QUERY)}

    def name(iri: str | None) -> str:
        return names.get(iri or "") or _local(iri)

    meeting_dates: dict[str, str | None] = {}
    facts: dict[str, list[Fact]] = {kind: [] for kind in KINDS}
    for r in select(store, FACT_QUERIES["meetings"]):
        meeting_dates[r["f"]] = r["date"]
        facts["meetings"].append(Fact("meetings", (r["f"],), f"{name(r['f'])} · {r['date'] or 'undated'}",
                                      (name(r["f"]),), _conf(r["conf"]), (r["f"],)))

    def meeting(iri: str | None) -> str:
        return name(iri) + _date(meeting_dates.get(iri or ""))

    for r in select(store, FACT_QUERIES["posts"]):
        title = name(r["title"])
        if r["former"] == "true" and not title.startswith(("原", "前")):
            title = "原" + title
        where = name(r["where"]) if r["where"] else "(no body)"
        facts["posts"].append(Fact("posts", (r["f"],), f"{name(r['person'])} · {where} · {title}",
                                   (name(r["person"]), title), _conf(r["conf"]), (r["f"],)))
    for r in select(store, FACT_QUERIES["participations"]):
        role = _concept(r["role"])
        facts["participations"].append(Fact(
            "participations", (r["f"],), f"{name(r['person'])} · {role} · {meeting(r['meeting'])}",
            (name(r["person"]),), _conf(r["conf"]), (r["f"],)))
    pairs: dict[tuple[str, str, str], Fact] = {}
    for r in select(store, FACT_QUERIES["met_pairs"]):
        pairs[(r["a"], r["b"], r["meeting"])] = Fact(
            "met", (r["f"],), f"{name(r['a'])} · {name(r['b'])} · {meeting(r['meeting'])}",
            (name(r["a"]), name(r["b"])), _conf(r["conf"]), (r["f"],))
    stated = bool(pairs)
    # a graph without kg:MetPair (built before it existed): pairs derived from a shared meeting node
    for r in ([] if stated else select(store, FACT_QUERIES["met"])):
        key = (r["a"], r["b"], r["meeting"])
        fact = pairs.get(key)
        conf = _conf(r["conf_x"], r["conf_y"])
        if fact is None:
            pairs[key] = Fact("met", key, f"{name(r['a'])} · {name(r['b'])} · {meeting(r['meeting'])}",
                              (name(r["a"]), name(r["b"])), conf, (r["x"], r["y"]))
        else:  # the same pair in the same meeting through several participations: keep them all
            fact.nodes = tuple(sorted({*fact.nodes, r["x"], r["y"]}))
            fact.conf = max(c for c in (fact.conf, conf) if c is not None) if conf is not None else fact.conf
    facts["met"] = list(pairs.values())
    for r in select(store, FACT_QUERIES["policy_relations"]):
        agent = meeting(r["agent"]) if r["agent"] in meeting_dates else name(r["agent"])
        facts["policy_relations"].append(Fact(
            "policy_relations", (r["f"],), f"{name(r['policy'])} · {_concept(r['act'])} · {agent}",
            (name(r["policy"]), name(r["agent"])), _conf(r["conf"]), (r["f"],)))
    types: dict[str, set[str]] = defaultdict(set)
    policy_conf: dict[str, float | None] = {}
    for r in select(store, FACT_QUERIES["policies"]):
        f = r["f"]
        if r["type"]:
            types[f].add(_concept(r["type"]))
        else:
            types.setdefault(f, set())
        known = [c for c in (policy_conf.get(f), _conf(r["conf"])) if c is not None]
        policy_conf[f] = max(known) if known else None
    for f, kinds in types.items():
        shown = " / ".join(sorted(kinds)) or "(no kind)"
        facts["policies"].append(Fact("policies", (f,), f"{name(f)} · {shown}", (name(f),), policy_conf[f], (f,)))
    for r in select(store, FACT_QUERIES["persons"]):
        facts["persons"].append(Fact("persons", (r["f"],), name(r["f"]), (name(r["f"]),),
                                     _conf(r["conf"])))
    for kind in KINDS:
        facts[kind].sort(key=lambda fact: fact.key)
    return facts


def _order(row: Row) -> tuple[str, str, int]:
    """Earliest article first (undated last), then its id, then the place in the article."""
    return (row["date"] or "9999", row["id"] or "", int(row.get("start") or row.get("sstart") or 0))


def _evidence_rows(store: Any, nodes: Iterable[str]) -> dict[str, list[Row]]:
    nodes = sorted(set(nodes))
    rows: dict[str, list[Row]] = defaultdict(list)
    if nodes:
        for r in select(store, EVIDENCE_QUERY.replace("$facts", _values(nodes))):
            rows[r["f"]].append(r)
    for found in rows.values():
        found.sort(key=_order)
    return rows


def _span(row: Row) -> tuple[int | None, int | None]:
    if row["sstart"] is None:
        return None, None
    base = int(row["sstart"])
    return int(row["start"]) - base, int(row["end"]) - base


def find_evidence(store: Any, facts: Sequence[Fact]) -> None:
    """Fill in ``fact.evidence`` (first sentence first) for the sampled ``facts``."""
    rows = _evidence_rows(store, (n for fact in facts for n in fact.nodes))
    persons = [fact for fact in facts if fact.kind == "persons"]
    for fact in facts:
        if fact.kind == "met":
            fact.evidence = _met_evidence(fact, rows)
        elif fact.nodes:
            fact.evidence = [Evidence(r["id"], r["date"], r["sentence"] or "", *_span(r))
                             for r in rows.get(fact.nodes[0], []) if r["sentence"]][:1]
    if persons:
        _person_evidence(store, persons)


def _met_evidence(fact: Fact, rows: dict[str, list[Row]]) -> list[Evidence]:
    """The sentence naming both persons of a met pair, else the first sentence of each participation."""
    by_sentence: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for node in fact.nodes:
        for r in rows.get(node, []):
            if r["sentence"]:
                by_sentence[(r["id"], r["sstart"])].append(r | {"node": node})
    both = [found for found in by_sentence.values() if len({r["node"] for r in found}) >= 2]
    if both:
        found = min(both, key=lambda f: _order(f[0]))
        start = min(_span(r)[0] or 0 for r in found)
        end = max(_span(r)[1] or 0 for r in found)
        r = found[0]
        return [Evidence(r["id"], r["date"], r["sentence"], start, end)]
    firsts = [min((r for r in rows.get(node, []) if r["sentence"]), key=_order, default=None)
              for node in fact.nodes[:2]]
    return [Evidence(r["id"], r["date"], r["sentence"], *_span(r))
            for r in firsts if r is not None]


def _person_evidence(store: Any, persons: Sequence[Fact]) -> None:
    """For each person, a sentence of the earliest article that mentions them (``schema:mentions``).

    In that order: the evidence of a post or participation of the person in that article (the name found
    inside the fact's span, so 萨勒 is not found inside 萨勒曼), a stored sentence of that article containing
    one of the person's names, the earliest evidence of a fact of the person in any article, a sentence of a
    later article. The graph stores the sentences of facts only, so a person named nowhere else has none.
    """
    iris = [fact.key[0] for fact in persons]
    articles: dict[str, list[Row]] = defaultdict(list)
    for r in select(store, MENTIONS_QUERY.replace("$facts", _values(iris))):
        articles[r["f"]].append(r)
    for listed in articles.values():
        listed.sort(key=_order)
    own: dict[str, list[Row]] = defaultdict(list)
    for r in select(store, PERSON_FACTS_QUERY.replace("$facts", _values(iris))):
        own[r["p"]].append(r)
    for listed in own.values():
        listed.sort(key=_order)
    forms: dict[str, list[str]] = defaultdict(list)
    for r in select(store, NAMES_QUERY.replace("$facts", _values(iris))):
        forms[r["f"]].append(r["name"])
    for fact in persons:
        forms[fact.key[0]] = sorted({*forms[fact.key[0]], *fact.words} - {""}, key=lambda f: (-len(f), f))
    sentences: dict[str, list[tuple[int, str]]] = {}

    def load(article_iris: Iterable[str]) -> None:
        wanted = sorted(set(article_iris) - set(sentences))
        for a in wanted:
            sentences[a] = []
        if wanted:
            for r in select(store, SENTENCES_QUERY.replace("$facts", _values(wanted))):
                sentences[r["f"]].append((int(r["sstart"]), r["sentence"]))
            for a in wanted:
                sentences[a].sort()

    def in_fact(iri: str, rows: list[Row]) -> Evidence | None:
        for r in rows:
            s, e = _span(r)
            if s is None or e is None:
                continue
            sentence = r["sentence"] or ""
            for form in forms[iri]:
                at = sentence.find(form, s, e)
                if at >= 0:
                    return Evidence(r["id"], r["date"], sentence, at, at + len(form))
            return Evidence(r["id"], r["date"], sentence, s, e)
        return None

    def in_sentences(iri: str, arts: list[Row]) -> Evidence | None:
        for art in arts:
            for _, sentence in sentences.get(art["a"], []):
                for form in forms[iri]:
                    at = sentence.find(form)
                    if at >= 0:
                        return Evidence(art["id"], art["date"], sentence, at, at + len(form))
        return None

    load(arts[0]["a"] for arts in articles.values() if arts)
    later: list[Fact] = []
    for fact in persons:
        iri, arts = fact.key[0], articles.get(fact.key[0], [])
        first = arts[0]["id"] if arts else None
        found = in_fact(iri, [r for r in own.get(iri, []) if r["id"] == first]) or in_sentences(iri, arts[:1]) \
            or in_fact(iri, own.get(iri, []))
        if found is None and len(arts) > 1:
            later.append(fact)
        elif found is None and arts:
            found = Evidence(arts[0]["id"], arts[0]["date"], "", title=arts[0]["title"])
        fact.evidence = [found] if found else []
    load(art["a"] for fact in later for art in articles[fact.key[0]][1:])
    for fact in later:
        arts = articles[fact.key[0]]
        found = in_sentences(fact.key[0], arts[1:])
        fact.evidence = [found or Evidence(arts[0]["id"], arts[0]["date"], "", title=arts[0]["title"])]


# ---------------------------------------------------------------------------------------------------------
# Markdown


def cell(text: str) -> str:
    """``text`` safe in a Markdown table cell: ``|`` escaped, line breaks as spaces."""
    return re.sub(r"[\r\n\u2028\u2029]+", " ", text).replace("|", "\\|")


def trim(sentence: str, start: int | None, end: int | None, width: int = WIDTH) -> str:
    """The sentence as a cell, cut to about ``width`` characters around the span, the span in bold."""
    if start is None or end is None or not (0 <= start < end <= len(sentence)):
        start = end = None
    if len(sentence) > width:
        if start is None or end is None:
            lo = 0
        elif end - start >= width:
            lo = start
        else:
            lo = max(0, min(start - (width - (end - start)) // 2, len(sentence) - width))
        hi = min(len(sentence), lo + width)
    else:
        lo, hi = 0, len(sentence)
    head = "…" if lo > 0 else ""
    tail = "…" if hi < len(sentence) else ""
    if start is None or end is None:
        return head + cell(sentence[lo:hi]) + tail
    s, e = max(lo, start), min(hi, end)
    return head + cell(sentence[lo:s]) + "**" + cell(sentence[s:e]) + "**" + cell(sentence[e:hi]) + tail


def _article(ev: Evidence) -> str:
    return cell(ev.article + (f" ({ev.date})" if ev.date else ""))


def render(graph: str, facts: dict[str, list[Fact]], samples: dict[str, list[Fact]], *, seed: int, per_kind: int,
           min_confidence: float | None, kept: dict[str, int]) -> str:
    has_conf = {kind: any(f.conf is not None for f in facts[kind]) for kind in KINDS}
    lines = [
        f"# Fact audit of {cell(graph)}",
        "",
        f"Graph `{graph}`; seed {seed}; N = {per_kind} facts per kind, drawn uniformly from the distinct "
        "facts of each kind (sorted by IRI, then `random.Random(seed).sample`).",
        "",
        "| kind | distinct facts | sampled |" if min_confidence is None or not any(has_conf.values())
        else f"| kind | distinct facts | conf ≥ {min_confidence} | sampled |",
        "|---|---:|---:|" if min_confidence is None or not any(has_conf.values()) else "|---|---:|---:|---:|",
    ]
    for kind in KINDS:
        extra = f" {kept[kind]} |" if min_confidence is not None and any(has_conf.values()) else ""
        lines.append(f"| {kind} | {len(facts[kind])} |{extra} {len(samples[kind])} |")
    lines += [
        "",
        "Mark each row's **ok?** with `y` or `n` (a reason may follow: `n: name cut`), then run "
        "`python benchmarks/fact_audit.py --score THIS_FILE.md` for the precision of each kind. The evidence is "
        "the first sentence the graph stores for the fact (earliest article), the fact's span in bold.",
        "",
        "Met pairs are the graph's kg:MetPair facts (one person of each side, with evidence)."
        if any(len(f.key) == 1 for f in facts["met"]) else
        "Met pairs are derived: the graph has no met fact of its own, so a pair is two persons who both have "
        "role met (kg:Met) at the same meeting node.",
        "",
    ]
    if not any(has_conf.values()):
        lines += ["No fact in this graph carries `kg:confidence` (built before kg had it): no conf "
                  "column" + (", and --min-confidence was not applied" if min_confidence is not None else "")
                  + "; --min-confidence applies once facts carry it.", ""]
    elif min_confidence is not None:
        lines += [f"Facts with kg:confidence below {min_confidence} were left out before sampling; facts with no "
                  "confidence were kept.", ""]
    for kind in KINDS:
        lines += [f"## {kind}", "", GUIDANCE[kind], ""]
        conf = has_conf[kind]
        lines.append("| # | fact |" + (" conf |" if conf else "") + " article | evidence sentence | ok? |")
        lines.append("|---:|---|" + ("---:|" if conf else "") + "---|---|---|")
        for i, fact in enumerate(samples[kind], 1):
            if fact.evidence:
                article = "<br>".join(dict.fromkeys(_article(ev) for ev in fact.evidence))
                sentence = " / ".join(trim(ev.sentence, ev.start, ev.end) for ev in fact.evidence if ev.sentence)
                if not sentence:
                    title = fact.evidence[0].title
                    sentence = "(no stored sentence names it: the graph keeps the sentences of facts only" + (
                        f"; article title: {cell(title)})" if title else ")")
            else:
                article, sentence = "", "(no evidence in the graph)"
            shown = "" if fact.conf is None else f"{fact.conf:.2f}"
            lines.append(f"| {i} | {cell(fact.text)} |" + (f" {shown} |" if conf else "")
                         + f" {article} | {sentence} |  |")
        if not samples[kind]:
            lines.append("| | (none) |" + (" |" if conf else "") + " | | |")
        lines.append("")
    return "\n".join(lines)


def audit(graph: str | Path, *, per_kind: int = 40, seed: int = 1, min_confidence: float | None = None) -> tuple[
        str, dict[str, int]]:
    """The audit of ``graph`` as Markdown, and the number of distinct facts of each kind."""
    from kg.query import open_graph_store

    with open_graph_store(graph) as store:
        facts = distinct_facts(store)
        samples: dict[str, list[Fact]] = {}
        kept: dict[str, int] = {}
        for kind in KINDS:
            pool = facts[kind]
            if min_confidence is not None:
                pool = [f for f in pool if f.conf is None or f.conf >= min_confidence]
            kept[kind] = len(pool)
            samples[kind] = random.Random(seed).sample(pool, min(per_kind, len(pool)))
        find_evidence(store, [f for kind in KINDS for f in samples[kind]])
    text = render(str(graph), facts, samples, seed=seed, per_kind=per_kind, min_confidence=min_confidence,
                  kept=kept)
    return text, {kind: len(facts[kind]) for kind in KINDS}


# ---------------------------------------------------------------------------------------------------------
# Scoring a filled-in audit


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]


def _band(conf: float) -> str:
    for lo, hi in BANDS:
        if lo <= conf < hi or (hi == BANDS[-1][1] and conf == hi):
            return f"{lo:.1f}-{hi:.1f}"
    return "out of range"


def read_marks(text: str) -> dict[str, list[tuple[bool | None, float | None]]]:
    """Per section (kind), the rows' marks, True (y), False (n) or None (blank or unreadable), and their conf.

    A table counts when its header has an ``ok?`` column; a ``conf`` column is read when there is one.
    """
    marks: dict[str, list[tuple[bool | None, float | None]]] = {}
    kind: str | None = None
    header: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("## "):
            kind, header = line[3:].split()[0], None
            marks[kind] = []
        elif kind is None or not line.lstrip().startswith("|"):
            header = None  # a table ends at the first line that is not a row
        elif header is None:
            header = [c.lower() for c in _cells(line)]
        elif "ok?" in header and not all(set(c) <= set(":- ") for c in _cells(line)):
            row = dict(zip(header, _cells(line), strict=False))
            if not row.get("#"):
                continue  # the "(none)" row of an empty sample
            # y or n, optionally with a reason after it (n: name cut)
            ok = re.split(r"[\s:：,，(（]", row.get("ok?", "").strip().lower(), maxsplit=1)[0]
            mark = True if ok in ("y", "yes") else False if ok in ("n", "no") else None
            try:
                conf = float(row["conf"]) if row.get("conf") else None
            except ValueError:
                conf = None
            marks[kind].append((mark, conf))
    return marks


def score(text: str) -> str:
    """The precision table of a filled-in audit."""
    marks = read_marks(text)
    lines = [f"{'kind':<24} {'rows':>5} {'y':>4} {'n':>4} {'blank':>6} {'precision':>10}"]

    def row(name: str, found: list[tuple[bool | None, float | None]]) -> str:
        y = sum(1 for m, _ in found if m is True)
        n = sum(1 for m, _ in found if m is False)
        p = f"{y / (y + n):.3f}" if y + n else "-"
        return f"{name:<24} {len(found):>5} {y:>4} {n:>4} {len(found) - y - n:>6} {p:>10}"

    for kind, found in marks.items():
        lines.append(row(kind, found))
    lines.append(row("all", [m for found in marks.values() for m in found]))
    banded = [(kind, _band(conf), (mark, conf)) for kind, found in marks.items() for mark, conf in found
              if conf is not None]
    if banded:
        lines += ["", "by confidence band:", lines[0].replace("kind       ", "kind / band")]
        for kind in [*marks, "all"]:
            for lo, hi in BANDS:
                band = f"{lo:.1f}-{hi:.1f}"
                found = [m for k, b, m in banded if (kind == "all" or k == kind) and b == band]
                if found:
                    lines.append(row(f"{kind} {band}", found))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    ap = argparse.ArgumentParser(description="A random audit of the distinct facts of a graph, as Markdown tables "
                                             "to mark y/n; --score prints the precision per kind.")
    ap.add_argument("graph", nargs="?", help="a graph file, a `kg build -o` folder or a kg store")
    ap.add_argument("--per-kind", type=int, default=40, help="facts sampled per kind (default 40)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("-o", "--output", type=Path, default=None, help="the Markdown file (default: stdout)")
    ap.add_argument("--min-confidence", type=float, default=None,
                    help="leave out facts whose kg:confidence is below this (once the graph has the property)")
    ap.add_argument("--score", type=Path, default=None, metavar="FILE.md",
                    help="print the precision per kind of a filled-in audit instead")
    args = ap.parse_args(argv)
    out = out or sys.stdout
    if args.score is not None:
        print(score(args.score.read_text(encoding="utf-8")), file=out)
        return 0
    if args.graph is None:
        ap.error("give a GRAPH to audit, or --score FILE.md")
    logging.getLogger("jieba").setLevel(logging.WARNING)
    started = time.perf_counter()
    text, counts = audit(args.graph, per_kind=args.per_kind, seed=args.seed, min_confidence=args.min_confidence)
    if args.output is None:
        print(text, file=out)
    else:
        args.output.write_text(text + "\n", encoding="utf-8")
        shown = ", ".join(f"{kind} {n}" for kind, n in counts.items())
        print(f"wrote {args.output}: distinct facts {shown}; {time.perf_counter() - started:.1f} s", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
