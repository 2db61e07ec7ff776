"""The ontology file and the KG namespace class must agree term for term."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

import kg.ontology
from kg.errors import OntologyError
from kg.ontology import KG, KG_NS, PREFIXES, bind_prefixes, load_ontology, ontology_path

DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept, SKOS.ConceptScheme}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def code_terms() -> set[URIRef]:
    return {KG[name] for name in KG.__annotations__}


def declared_terms(g: Graph) -> set[URIRef]:
    return {s for t in DECLARATIONS for s in g.subjects(RDF.type, t)
            if isinstance(s, URIRef) and str(s).startswith(KG_NS)}


def file_terms(g: Graph) -> set[URIRef]:
    return {t for triple in g for t in triple if isinstance(t, URIRef) and str(t).startswith(KG_NS)}


def test_ontology_parses_and_has_a_header(ontology: Graph) -> None:
    header = kg.ontology.ONTOLOGY_IRI
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionInfo) is not None
    titles = {o.language for o in ontology.objects(header, URIRef("http://purl.org/dc/terms/title"))
              if isinstance(o, Literal)}
    assert "en" in titles
    assert any(isinstance(o, Literal) and o.language == "en" for o in ontology.objects(header, RDFS.comment))


def test_every_code_term_is_declared_in_the_file(ontology: Graph) -> None:
    missing = code_terms() - declared_terms(ontology)
    assert not missing, f"terms in kg.ontology.KG but not declared in kg.ttl: {sorted(missing)}"


def test_every_file_term_is_in_the_code(ontology: Graph) -> None:
    missing = file_terms(ontology) - code_terms()
    assert not missing, f"kg: terms used in kg.ttl but missing from kg.ontology.KG: {sorted(missing)}"


def test_misspelt_term_fails() -> None:
    with pytest.raises(AttributeError):
        _ = KG.PostHoldings


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_every_term_has_labels(ontology: Graph, lang: str) -> None:
    def has_label(term: URIRef) -> bool:
        return any(isinstance(o, Literal) and o.language == lang for o in ontology.objects(term, RDFS.label))

    unlabelled = [t for t in declared_terms(ontology) if not has_label(t)]
    assert not unlabelled, f"terms without an rdfs:label @{lang}: {sorted(unlabelled)}"


def test_every_term_has_an_english_comment_and_classes_a_chinese_one(ontology: Graph) -> None:
    for term in declared_terms(ontology):
        langs = {o.language for o in ontology.objects(term, RDFS.comment) if isinstance(o, Literal)}
        assert "en" in langs, term
        if (term, RDF.type, OWL.Class) in ontology:
            assert "zh-Hans" in langs, term


def test_properties_have_domain_and_range(ontology: Graph) -> None:
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ontology.subjects(RDF.type, kind):
            assert ontology.value(prop, RDFS.domain) is not None, prop
            assert ontology.value(prop, RDFS.range) is not None, prop


def test_class_hierarchy_reuses_w3c_vocabularies(ontology: Graph) -> None:
    org = kg.ontology.ORG
    assert (KG.GovernmentBody, RDFS.subClassOf, KG.Organization) in ontology
    assert (KG.Organization, RDFS.subClassOf, org.Organization) in ontology
    assert (KG.PostHolding, RDFS.subClassOf, org.Membership) in ontology
    assert (KG.Title, RDFS.subClassOf, org.Role) in ontology
    assert (KG.PolicyConcept, RDFS.subClassOf, SKOS.Concept) in ontology
    assert (KG.Evidence, RDFS.subClassOf, kg.ontology.PROV.Entity) in ontology
    for shortcut in (KG.presided, KG.spokeAt, KG.attended, KG.metAt):
        assert (shortcut, RDFS.subPropertyOf, KG.participatedIn) in ontology


def test_concept_schemes(ontology: Graph) -> None:
    policy_types = set(ontology.subjects(SKOS.inScheme, KG.PolicyTypes))
    assert policy_types == {KG.Law, KG.Plan, KG.Theory, KG.Slogan, KG.Initiative, KG.MeetingSpirit}
    roles = set(ontology.subjects(SKOS.inScheme, KG.ParticipationRoles))
    assert roles == {KG.Presided, KG.Spoke, KG.Attended, KG.Met}


def test_prefixes_are_bound(ontology: Graph) -> None:
    bound = {p: str(ns) for p, ns in ontology.namespaces()}
    for prefix, namespace in PREFIXES.items():
        assert bound.get(prefix) == namespace
    assert bound["schema"] == "https://schema.org/"
    g = bind_prefixes(Graph(bind_namespaces="none"))
    assert dict(g.namespaces())["kg"] == URIRef(KG_NS)


def test_ontology_path_does_not_depend_on_the_working_directory(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = ontology_path()
    assert path.is_file()
    assert path.read_text(encoding="utf-8").startswith("#")


def test_ontology_path_prefers_the_wheel_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = tmp_path / "ontology" / "kg.ttl"
    bundled.parent.mkdir()
    bundled.write_text("# bundled\n", encoding="utf-8")
    monkeypatch.setattr(kg.ontology.resources, "files", lambda package: tmp_path)
    assert Path(str(ontology_path())) == bundled


def test_missing_ontology_raises_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kg.ontology.resources, "files", lambda package: tmp_path)
    monkeypatch.setattr(kg.ontology, "__file__", str(tmp_path / "kg" / "ontology.py"))
    with pytest.raises(OntologyError, match="ontology file is missing"):
        ontology_path()


def test_doctests() -> None:
    result = doctest.testmod(kg.ontology)
    assert result.failed == 0
