"""SHACL: the built graph conforms; a deliberately broken graph reports its violations."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Literal, URIRef

import kg
from kg.cli import main
from kg.ontology import KG, ORG, PROV, RDF, RDFS
from kg.validate import validate

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
