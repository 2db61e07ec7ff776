"""SHACL: the built graph conforms; a deliberately broken graph reports its violations."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Literal, URIRef

import kg
from kg.cli import main
from kg.ontology import KG, ORG, PROV, RDF, RDFS
from kg.shacl import validate

TEXT = "国务院总理李强主持召开国务院常务会议。退役军人事务部部长孙绍骋出席会议并讲话。"


def test_built_graph_conforms() -> None:
    report = validate(kg.build_graph(kg.extract(TEXT)))
    assert report.conforms and report.violations == 0


def test_broken_graph_reports_violations() -> None:
    g = kg.build_graph(kg.extract(TEXT))
    post = next(g.subjects(RDF.type, KG.PostHolding))
    g.remove((post, ORG.member, None))                      # a post without holder
    g.remove((post, PROV.wasDerivedFrom, None))             # a fact without source
    person = next(g.subjects(RDF.type, KG.Person))
    g.remove((person, RDFS.label, None))
    g.add((person, RDFS.label, Literal("no language tag")))  # a label without language tag
    report = validate(g)
    assert not report.conforms
    assert report.violations >= 3
    text = report.format()
    assert "a post needs exactly one holder" in text
    assert "a post needs a source" in text
    assert "language-tagged rdfs:label" in text


def test_cli_validate_exit_status(tmp_path: Path) -> None:
    g = kg.build_graph(kg.extract(TEXT))
    good = tmp_path / "good.ttl"
    kg.export(g, "ttl", good)
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", str(good)])
    assert ok.exit_code == 0 and ok.output.startswith("SHACL: conforms")
    g.add((URIRef("https://w3id.org/kg-gov/id/post/x"), RDF.type, KG.PostHolding))
    bad = tmp_path / "bad.ttl"
    kg.export(g, "ttl", bad)
    broken = runner.invoke(main, ["validate", str(bad)])
    assert broken.exit_code == 1 and "does not conform" in broken.output


# ---------------------------------------------------------------------------------------------------------
# The SPARQL engine gives pyshacl's report


def _same(g) -> None:  # type: ignore[no-untyped-def]
    fast = validate(g, engine="sparql")
    ref = validate(g, engine="pyshacl")
    assert (fast.conforms, fast.violations, fast.warnings) == (ref.conforms, ref.violations, ref.warnings)
    assert fast.messages == ref.messages
    assert fast.examples == ref.examples


def _sample_graph():  # type: ignore[no-untyped-def]
    from kg.reader import document_from_text

    docs = [document_from_text(TEXT, "a"), document_from_text("国家主席习近平在北京会见乌拉圭总统奥尔西。", "b")]
    return kg.build_graph(kg.extract([_sample_path(), *docs]))


def test_engines_agree_on_a_clean_graph() -> None:
    g = _sample_graph()
    _same(g)
    post = next(g.subjects(RDF.type, KG.PostHolding))
    g.remove((post, ORG.organization, None))
    g.remove((post, KG.jurisdiction, None))
    _same(g)
    report = validate(g, engine="sparql")
    assert report.conforms and report.warnings == 1  # a post without organization is a warning


def test_engines_agree_on_corrupted_graphs() -> None:
    """Random corruptions of every kind the shapes check: drops, duplicates, wrong types and datatypes."""
    import random

    from rdflib import XSD
    from rdflib.namespace import SKOS

    base = _sample_graph()
    triples = sorted(base, key=lambda t: tuple(map(str, t)))
    subjects = sorted({s for s, _, _ in triples}, key=str)
    objects = [Literal("x"), Literal("x", lang="en"), Literal("-3", datatype=XSD.integer), Literal("2024-13-01"),
               URIRef("http://example.org/nothing"), KG.Person, Literal(True), Literal("1", datatype=XSD.integer),
               KG.Spoke, KG.Law]
    predicates = sorted({p for _, p, _ in triples}, key=str) + [SKOS.prefLabel, ORG.member]
    rng = random.Random(20261127)
    for _ in range(12):
        g = kg.build_graph([])
        for t in triples:
            g.add(t)
        for t in rng.sample(triples, 40):
            g.remove(t)
        for _ in range(40):
            g.add((rng.choice(subjects), rng.choice(predicates), rng.choice(objects + subjects[:20])))
        _same(g)


def test_store_validation_uses_the_fast_engine(tmp_path: Path) -> None:
    kg.build_store([_sample_path()], tmp_path / "s.kg")
    report = kg.validate(tmp_path / "s.kg")
    assert report.conforms
    assert (tmp_path / "s.kg" / "validation.txt").read_text(encoding="utf-8").startswith("SHACL: conforms")


def _sample_path() -> Path:
    return Path(__file__).resolve().parent.parent / "kg" / "samples" / "seed-000.txt"


def test_shape_constants_become_sparql_terms() -> None:
    """Constants of a shape (sh:in, sh:hasValue) are written into the compiled SPARQL as terms, language-tagged
    and typed literals included."""
    from rdflib import Literal, URIRef

    from kg.shacl import _term

    assert _term(URIRef("https://w3id.org/kg-gov/ns#Person")) == "<https://w3id.org/kg-gov/ns#Person>"
    assert _term(Literal("国务院", lang="zh-Hans")) == '"国务院"@zh-Hans'
    assert _term(Literal('a"b')) == '"a\\"b"'
    assert _term(Literal("1", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))) == \
        '"1"^^<http://www.w3.org/2001/XMLSchema#integer>'
