"""build_graph and to_networkx on hand-made documents in both scripts."""

from __future__ import annotations

import doctest
from collections import Counter
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS

import kg.graph
from kg import ontology as vocab
from kg.graph import DEFAULT_BASE, build_graph, entity_iri, iri_segment, to_networkx
from kg.model import Document, Event, Mention, Participation, Post, Span
from kg.normalize import Normalizer
from kg.ontology import KG, KG_NS, load_ontology
from tests.conftest import make_sample_doc, make_sample_doc_hans

HANS, HANT = "zh-Hans", "zh-Hant"


def iri(kind: str, key: str) -> URIRef:
    return entity_iri(DEFAULT_BASE, kind, key)


def lit(text: str, lang: str) -> Literal:
    return Literal(text, lang=lang)


@pytest.fixture(scope="module")
def docs() -> tuple[Document, Document]:
    return make_sample_doc(), make_sample_doc_hans()


@pytest.fixture(scope="module")
def graph(docs: tuple[Document, Document]) -> Graph:
    return build_graph(docs)


def evidence_of(g: Graph, fact: URIRef, doc: Document) -> URIRef:
    found = [e for e in g.objects(fact, PROV.wasDerivedFrom) if (e, KG.article, iri("article", doc.id)) in g]
    assert len(found) == 1, found
    return found[0]  # type: ignore[return-value]


def integer(g: Graph, subject: URIRef, predicate: URIRef) -> int:
    value = g.value(subject, predicate)
    assert isinstance(value, Literal) and value.datatype == vocab.XSD.integer, value
    return int(value)


def offsets(g: Graph, evidence: URIRef) -> tuple[int, int]:
    return integer(g, evidence, KG.start), integer(g, evidence, KG.end)


# -- IRIs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "segment"), [
    ("孙绍骋", "孙绍骋"),
    ("退役军人事务厅(局)", "退役军人事务厅(局)"),
    ("拉卡列·波乌", "拉卡列·波乌"),
    ('say "hi"', "say%20%22hi%22"),
    ("a>b<c", "a%3Eb%3Cc"),
    ("a#b?c", "a%23b%3Fc"),
    ("a/b", "a%2Fb"),
    ("100%", "100%25"),
    ("line\nbreak", "line%0Abreak"),
    ("tab\there", "tab%09here"),
    ("全角\u3000空格", "全角%E3%80%80空格"),
    ("{x}|^`\\", "%7Bx%7D%7C%5E%60%5C"),
    ("😀", "😀"),
    ("\u202eevil", "%E2%80%AEevil"),
    ("..", "%2E%2E"),
    ("-", "%2D"),
    ("a-b.c", "a-b.c"),
])
def test_iri_segment(key: str, segment: str) -> None:
    assert iri_segment(key) == segment
    assert unquote(segment) == key


def test_entity_iri_is_base_kind_key() -> None:
    assert iri("person", "孙绍骋") == URIRef("https://w3id.org/kg-gov/id/person/孙绍骋")
    assert entity_iri("http://example.org/id", "org", "a b") == URIRef("http://example.org/id/org/a%20b")
    assert entity_iri("http://example.org/id#", "org", "x") == URIRef("http://example.org/id#org/x")
    with pytest.raises(ValueError, match="person"):
        entity_iri(DEFAULT_BASE, "people", "x")


_FORBIDDEN_IN_IRI = set('<>"{}|\\^` %/?#') | {chr(c) for c in range(0x21)} | {"\x7f"}


@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=30))
def test_any_key_gives_a_valid_readable_segment(key: str) -> None:
    segment = iri_segment(key)
    assert unquote(segment, errors="strict") == key
    bare = segment.replace("%", "")  # '%' appears only as the start of an escape
    assert not (set(bare) & _FORBIDDEN_IN_IRI)
    assert "%" not in key or "%25" in segment
    # CJK stays readable
    assert all(ch in segment for ch in key if "\u4e00" <= ch <= "\u9fff")


def test_iris_are_deterministic(docs: tuple[Document, Document]) -> None:
    first, second = build_graph(docs), build_graph(reversed(docs))
    assert set(first) == set(second)
    assert set(first.subjects()) == set(build_graph(docs).subjects())


def test_custom_base(docs: tuple[Document, Document]) -> None:
    g = build_graph(docs, base="http://example.org/kg")
    subjects = {str(s) for s in g.subjects() if not str(s).startswith(KG_NS)}
    assert subjects and all(s.startswith("http://example.org/kg/") for s in subjects)
    assert dict(g.namespaces())["person"] == URIRef("http://example.org/kg/person/")


def test_no_blank_nodes(graph: Graph) -> None:
    assert not [t for triple in graph for t in triple if isinstance(t, BNode)]


# -- types and labels ------------------------------------------------------------------------------


def test_types(graph: Graph) -> None:
    assert (iri("person", "孙绍骋"), RDF.type, KG.Person) in graph
    ministry = iri("org", "退役军人事务部")
    assert (ministry, RDF.type, KG.GovernmentBody) in graph
    assert (ministry, RDF.type, KG.Organization) in graph
    assert (iri("org", "新华社"), RDF.type, KG.Organization) in graph
    assert (iri("org", "新华社"), RDF.type, KG.GovernmentBody) not in graph
    assert (iri("place", "乌拉圭"), RDF.type, KG.Place) in graph
    assert (iri("title", "部长"), RDF.type, KG.Title) in graph
    assert (iri("article", "hant-001"), RDF.type, KG.Article) in graph


def test_labels_in_both_scripts(graph: Graph) -> None:
    sun = iri("person", "孙绍骋")
    assert set(graph.objects(sun, RDFS.label)) == {lit("孙绍骋", HANS), lit("孫紹騁", HANT)}
    # as written: Traditional in the Traditional article, Simplified in the Simplified one
    assert set(graph.objects(sun, SKOS.prefLabel)) == {lit("孙绍骋", HANS), lit("孫紹騁", HANT)}
    assert set(graph.objects(sun, vocab.SDO.name)) == {lit("孙绍骋", HANS), lit("孫紹騁", HANT)}
    lin = iri("person", "林国耀")
    assert set(graph.objects(lin, RDFS.label)) == {lit("林国耀", HANS), lit("林國耀", HANT)}
    # every entity has a preferred label in both scripts (derived from the other when not written in it)
    assert set(graph.objects(lin, SKOS.prefLabel)) == {lit("林国耀", HANS), lit("林國耀", HANT)}
    # the policy's key has no quotes
    plan = iri("policy", "十四五规划")
    # surrounding quotes are not part of a policy's name
    assert set(graph.objects(plan, SKOS.prefLabel)) == {lit("十四五规划", HANS), lit("十四五規劃", HANT)}
    assert lit("十四五规划", HANS) in set(graph.objects(plan, RDFS.label))
    assert lit("十四五規劃", HANT) in set(graph.objects(plan, RDFS.label))


def _hant_doc(doc_id: str, text: str, *mentions: tuple[str, str, str | None]) -> Document:
    normalizer = Normalizer()
    built = []
    for sub, label, kind in mentions:
        start = text.index(sub)
        built.append(Mention(start, start + len(sub), sub, label, normalizer.key(sub), kind, 0))  # type: ignore[arg-type]
    return Document(id=doc_id, text=text, sentences=(Span(0, len(text)),), mentions=tuple(built),
                    script="hant")


def test_traditional_variant_is_an_extra_label_and_other_forms_are_alt_labels() -> None:
    docs = [
        _hant_doc("t1", "台灣同胞。", ("台灣", "PLACE", None)),
        _hant_doc("t2", "臺灣同胞。", ("臺灣", "PLACE", None)),
        _hant_doc("t3", "台灣地區。", ("台灣", "PLACE", None)),
    ]
    g = build_graph(docs)
    taiwan = iri("place", "台湾")
    assert set(g.objects(taiwan, RDFS.label)) == {lit("台湾", HANS), lit("臺灣", HANT)}
    assert set(g.objects(taiwan, KG.writtenAs)) == {lit("臺灣", HANT), lit("台灣", HANT)}
    # the most frequent written form (both are equally complete); the other is an alternative label
    assert set(g.objects(taiwan, SKOS.prefLabel)) == {lit("台灣", HANT), lit("台湾", HANS)}
    assert set(g.objects(taiwan, SKOS.altLabel)) == {lit("臺灣", HANT)}


def test_mixed_script_documents_tag_each_string() -> None:
    text = "退役軍人事務部和国务院。"
    ministry, council = "退役軍人事務部", "国务院"
    doc = Document(id="m1", text=text, sentences=(Span(0, len(text)),), script="mixed", mentions=(
        Mention(0, 7, ministry, "ORG", "退役军人事务部", "government", 0),
        Mention(8, 11, council, "ORG", "国务院", "government", 0),
    ))
    g = build_graph([doc])
    assert set(g.objects(iri("org", "退役军人事务部"), KG.writtenAs)) == {lit(ministry, HANT)}
    assert set(g.objects(iri("org", "国务院"), KG.writtenAs)) == {lit(council, HANS)}
    assert set(g.objects(iri("org", "退役军人事务部"), SKOS.prefLabel)) == {lit(ministry, HANT),
                                                                           lit("退役军人事务部", HANS)}


def test_text_literals_are_language_tagged_and_others_typed(graph: Graph) -> None:
    for p in (KG.title, KG.orgText, KG.sentence, SKOS.prefLabel, SKOS.altLabel, RDFS.label, vocab.SDO.name):
        for o in graph.objects(None, p):
            assert isinstance(o, Literal) and o.language in (HANS, HANT), (p, o)
    def datatypes(p: URIRef) -> set[URIRef | None]:
        return {o.datatype if isinstance(o, Literal) else None for o in graph.objects(None, p)}

    for p in (KG.start, KG.end, KG.sentenceStart, KG.sentenceEnd):
        assert datatypes(p) == {vocab.XSD.integer}
    assert datatypes(KG.former) == {vocab.XSD.boolean}
    assert datatypes(vocab.SDO.startDate) == {vocab.XSD.date}


def test_only_declared_terms_are_used(graph: Graph) -> None:
    ontology = load_ontology()
    external: tuple[Any, ...] = (ORG, PROV, SKOS, vocab.SDO, DCTERMS, FOAF, RDF, RDFS)
    used = set(graph.predicates()) | set(graph.objects(None, RDF.type))
    for term in used:
        if str(term).startswith(KG_NS):
            assert (term, RDF.type, None) in ontology, term
        else:
            assert any(term in ns for ns in external), term


# -- facts -----------------------------------------------------------------------------------------


def test_post_with_organization(graph: Graph, docs: tuple[Document, Document]) -> None:
    hant, hans = docs
    post = URIRef(DEFAULT_BASE + "post/孙绍骋/退役军人事务部/部长")
    assert (post, RDF.type, KG.PostHolding) in graph
    assert graph.value(post, ORG.member) == iri("person", "孙绍骋")
    assert graph.value(post, ORG.organization) == iri("org", "退役军人事务部")
    assert graph.value(post, ORG.role) == iri("title", "部长")
    assert set(graph.objects(post, KG.title)) == {lit("部長", HANT), lit("部长", HANS)}
    assert set(graph.objects(post, KG.orgText)) == {lit("退役軍人事務部", HANT), lit("退役军人事务部", HANS)}
    assert graph.value(post, KG.former) == Literal(False)
    assert (iri("person", "孙绍骋"), ORG.memberOf, iri("org", "退役军人事务部")) in graph
    assert set(graph.objects(iri("title", "部长"), RDFS.label)) == {lit("部长", HANS), lit("部長", HANT)}
    # evidence: from the organization to the end of the name, in each article's own text
    for doc, written in ((hant, "退役軍人事務部部長孫紹騁"), (hans, "退役军人事务部部长孙绍骋")):
        ev = evidence_of(graph, post, doc)
        start, end = offsets(graph, ev)
        assert doc.text[start:end] == written
        sentence = doc.sentence_of(start)
        assert str(graph.value(ev, KG.sentence)) == doc.sentence_text(sentence)
        assert integer(graph, ev, KG.sentenceStart) == doc.sentences[sentence].start
        assert integer(graph, ev, KG.sentenceEnd) == doc.sentences[sentence].end


def test_post_offsets_equal_mention_offsets(graph: Graph, docs: tuple[Document, Document]) -> None:
    for doc in docs:
        for post in doc.posts:
            parts = [post.person, post.title] + ([post.org] if post.org else [])
            start, end = min(m.start for m in parts), max(m.end for m in parts)
            ev = URIRef(f"{DEFAULT_BASE}evidence/{doc.id}/{start}/{end}")
            assert offsets(graph, ev) == (start, end)
            assert post.person.text in doc.text[start:end]


def test_post_qualified_by_a_place(graph: Graph) -> None:
    post = URIRef(DEFAULT_BASE + "post/拉卡列·波乌/乌拉圭/总统")
    assert graph.value(post, KG.jurisdiction) == iri("place", "乌拉圭")
    assert graph.value(post, ORG.organization) is None


def test_post_without_organization_and_former_post(graph: Graph) -> None:
    xi = URIRef(DEFAULT_BASE + "post/习近平/%2D/国家主席")
    assert (xi, RDF.type, KG.PostHolding) in graph
    # 国家主席 names its body by itself: the link is made and marked as inferred; nothing was written
    assert graph.value(xi, ORG.organization) == iri("org", "中华人民共和国")
    assert graph.value(xi, KG.orgInferred) == Literal(True)
    assert graph.value(xi, KG.orgText) is None and graph.value(xi, KG.jurisdiction) is None
    wang = URIRef(DEFAULT_BASE + "post/王明/国务院/副总理/former")
    assert graph.value(wang, KG.former) == Literal(True)


def test_meeting_and_participations(graph: Graph, sample_doc: Document) -> None:
    meeting = URIRef(DEFAULT_BASE + "meeting/2020-12-24/全国退役军人事务厅(局)长会议")
    assert (meeting, RDF.type, KG.Meeting) in graph
    assert graph.value(meeting, vocab.SDO.startDate) == Literal("2020-12-24", datatype=vocab.XSD.date)
    assert graph.value(meeting, vocab.SDO.location) == iri("place", "北京")
    assert graph.value(meeting, KG.reportedIn) == iri("article", "hant-001")
    assert set(graph.objects(meeting, SKOS.prefLabel)) == {lit("全國退役軍人事務廳(局)長會議", HANT),
                                                         lit("全国退役军人事务厅(局)长会议", HANS)}
    start, end = offsets(graph, evidence_of(graph, meeting, sample_doc))
    assert sample_doc.text[start:end] == sample_doc.events[0].name.text

    sun = iri("person", "孙绍骋")
    assert (sun, KG.attended, meeting) in graph and (sun, KG.spokeAt, meeting) in graph
    assert (iri("person", "林国耀"), KG.attended, meeting) in graph
    parts = set(graph.subjects(KG.event, meeting))
    assert len(parts) == 3
    spoke = URIRef(str(meeting).replace("/meeting/", "/participation/") + "/孙绍骋/spoke")
    assert spoke in parts
    assert graph.value(spoke, KG.role) == KG.Spoke
    assert graph.value(spoke, KG.participant) == sun
    start, end = offsets(graph, evidence_of(graph, spoke, sample_doc))
    assert sample_doc.text[start:end] == "孫紹騁出席會議並講話"
    talks = URIRef(DEFAULT_BASE + "meeting/2020-12-25/hans-001/会谈")
    assert (iri("person", "习近平"), KG.metAt, talks) in graph


def test_generic_meetings_of_one_day_are_kept_apart() -> None:
    """Two articles each reporting talks on the same day under the bare name 会谈 are two meetings, so their
    people are not paired; a meeting with a specific name is one node however many articles report it."""
    docs = []
    for doc_id, guest in (("a", "甲"), ("b", "乙")):
        text = f"王明同{guest}举行会谈。"
        host = Mention(0, 2, "王明", "PERSON", "王明", None, 0)
        other = Mention(3, 4, guest, "PERSON", guest, None, 0)
        name = Mention(6, 8, "会谈", "EVENT", "会谈", None, 0)
        docs.append(Document(
            id=doc_id, text=text, date="2025-01-02", sentences=(Span(0, len(text)),), mentions=(host, other, name),
            events=(Event(name, "2025-01-02", None, (Participation(host, "met", Span(6, 8)),
                                                      Participation(other, "met", Span(6, 8)))),),
            regions=(Span(0, len(text)),)))
    g = build_graph(docs)
    meetings = set(g.subjects(RDF.type, KG.Meeting))
    assert meetings == {URIRef(DEFAULT_BASE + "meeting/2025-01-02/a/会谈"), URIRef(DEFAULT_BASE + "meeting/2025-01-02/b/会谈")}


def test_meeting_without_date_is_keyed_by_article() -> None:
    text = "甲主持会议。"
    name = Mention(3, 5, "会议", "EVENT", "会议", None, 0)
    person = Mention(0, 1, "甲", "PERSON", "甲", None, 0)
    doc = Document(id="x/1", text=text, sentences=(Span(0, 6),), mentions=(person, name),
                   events=(Event(name, None, None, (Participation(person, "presided", Span(1, 3)),)),))
    g = build_graph([doc])
    meeting = URIRef(DEFAULT_BASE + "meeting/x%2F1/会议")
    assert (meeting, RDF.type, KG.Meeting) in g
    assert (iri("person", "甲"), KG.presided, meeting) in g
    assert g.value(meeting, vocab.SDO.startDate) is None


def test_policies_with_evidence_of_first_mention(graph: Graph, sample_doc: Document) -> None:
    theory = iri("policy", "习近平新时代中国特色社会主义思想")
    assert (theory, RDF.type, KG.PolicyConcept) in graph
    assert graph.value(theory, SKOS.inScheme) == KG.PolicyConcepts
    assert graph.value(theory, KG.policyType) == KG.Theory
    assert graph.value(iri("policy", "十四五规划"), KG.policyType) == KG.Plan
    start, end = offsets(graph, evidence_of(graph, theory, sample_doc))
    assert sample_doc.text[start:end] == "習近平新時代中國特色社會主義思想"


def test_sub_organizations_and_photographer(graph: Graph) -> None:
    group = iri("org", "中央纪委国家监委驻退役军人事务部纪检监察组")
    assert set(graph.objects(group, ORG.subOrganizationOf)) == {
        iri("org", "中央纪委国家监委"), iri("org", "退役军人事务部"),
    }
    article = iri("article", "hant-001")
    assert graph.value(article, KG.photographer) == iri("person", "曹舒昊")
    assert (iri("person", "曹舒昊"), RDF.type, KG.Person) in graph


def test_article_metadata_and_mentions(graph: Graph, sample_doc: Document) -> None:
    article = iri("article", "hant-001")
    assert graph.value(article, DCTERMS.identifier) == Literal("hant-001")
    assert graph.value(article, DCTERMS.title) == lit(sample_doc.title or "", HANT)
    assert graph.value(article, DCTERMS.date) == Literal("2020-12-25", datatype=vocab.XSD.date)
    assert graph.value(article, vocab.SDO.url) == Literal(sample_doc.url, datatype=vocab.XSD.anyURI)
    assert graph.value(article, DCTERMS.source) == Literal("退役軍人事務部網站")
    # the publisher names the same body as the mentions
    assert graph.value(article, DCTERMS.publisher) == iri("org", "退役军人事务部")
    mentioned = set(graph.objects(article, vocab.SDO.mentions))
    assert {iri("person", "孙绍骋"), iri("org", "中央纪委国家监委"), iri("place", "北京"),
            iri("policy", "习近平新时代中国特色社会主义思想")} <= mentioned
    assert URIRef(DEFAULT_BASE + "meeting/2020-12-24/全国退役军人事务厅(局)长会议") in mentioned
    assert not any("/title/" in str(m) for m in mentioned)


def test_nasty_names_give_valid_iris() -> None:
    names = ['a "quoted" name', "a > b", "x#y", "a/b", "😀 emoji", "two\nlines", "100%", "back\\slash"]
    text = "。".join(names) + "。"
    mentions, start = [], 0
    for name in names:
        mentions.append(Mention(start, start + len(name), name, "PERSON", name, None, -1))
        start += len(name) + 1
    doc = Document(id="nasty id/1", text=text, sentences=(Span(0, len(text)),), mentions=tuple(mentions))
    g = build_graph([doc])
    people = sorted(str(s) for s in g.subjects(RDF.type, KG.Person))
    assert people == sorted(str(iri("person", n)) for n in names)
    for person in people:
        assert not (set(person) & set('<>"{}|\\^` \n'))
        assert unquote(person.rsplit("/", 1)[1]) in names


# -- networkx projection ---------------------------------------------------------------------------


def test_to_networkx_nodes(graph: Graph) -> None:
    g = to_networkx(graph)
    types = Counter(d["type"] for _, d in g.nodes(data=True))
    assert types == {"Person": 6, "GovernmentBody": 6, "Organization": 1, "Place": 2, "PolicyConcept": 2,
                     "Meeting": 2, "Article": 2}
    assert list(g.nodes) == sorted(g.nodes)
    assert not any("/title/" in n or "/post/" in n or "/evidence/" in n for n in g.nodes)

    sun = g.nodes[str(iri("person", "孙绍骋"))]
    assert sun["label"] == "孫紹騁" and sun["label_hans"] == "孙绍骋" and sun["label_hant"] == "孫紹騁"
    assert sun["aliases"] == ["孙绍骋"]
    assert [{k: v for k, v in p.items() if k in ("title", "org", "former")} for p in sun["posts"]] == [
        {"title": "部長", "org": "退役軍人事務部", "former": False}]
    assert {p["first_seen"] for p in sun["posts"]} <= {"2020-12-25", "2020-12-24", ""}
    assert [s["id"] for s in sun["sources"]] == ["hans-001", "hant-001"]
    assert set(sun["sources"][0]) == {"id", "title", "date", "url"}
    assert 1 <= len(sun["evidence"]) <= 3 and sun["evidence"] == sorted(sun["evidence"])

    wang = g.nodes[str(iri("person", "王明"))]
    assert [{k: v for k, v in p.items() if k in ("title", "org", "former")} for p in wang["posts"]] == [
        {"title": "副总理", "org": "国务院", "former": True}]
    assert g.nodes[str(iri("org", "退役军人事务部"))]["kind"] == "government"
    assert g.nodes[str(iri("org", "新华社"))]["kind"] == "other"
    assert g.nodes[str(iri("policy", "十四五规划"))]["policy_type"] == "plan"
    meeting = g.nodes[DEFAULT_BASE + "meeting/2020-12-25/hans-001/会谈"]
    assert (meeting["date"], meeting["place"]) == ("2020-12-25", "北京")


def test_to_networkx_edges(graph: Graph) -> None:
    g = to_networkx(graph)
    relations = Counter(d["relation"] for _, _, d in g.edges(data=True))
    assert relations == {"holds_post": 5, "spoke": 1, "attended": 4, "met": 2, "sub_organization_of": 3,
                         "mentions": 18, "reported_in": 2, "photographer": 1,
                         "published_by": 2}
    edges = list(g.edges(keys=True))
    assert edges == sorted(edges)
    sun, ministry = str(iri("person", "孙绍骋")), str(iri("org", "退役军人事务部"))
    post = g.edges[sun, ministry, "holds_post:部长"]
    assert post["label"] == "部長" and post["former"] is False
    assert post["evidence"] in {"退役军人事务部部长孙绍骋出席会谈。",
                                "退役軍人事務部部長孫紹騁出席會議並講話。"}
    meeting = DEFAULT_BASE + "meeting/2020-12-24/全国退役军人事务厅(局)长会议"
    assert g.edges[sun, meeting, "spoke"]["label"] == "讲话"
    assert g.edges[sun, meeting, "attended"]["evidence"] == "退役軍人事務部部長孫紹騁出席會議並講話。"
    group = str(iri("org", "中央纪委国家监委驻退役军人事务部纪检监察组"))
    assert g.edges[group, ministry, "sub_organization_of"]["label"] == "隶属"
    article = str(iri("article", "hant-001"))
    assert g.edges[article, str(iri("person", "曹舒昊")), "photographer"]["label"] == "摄影"
    assert g.edges[meeting, article, "reported_in"]["label"] == "报道"
    theory = str(iri("policy", "习近平新时代中国特色社会主义思想"))
    assert g.edges[article, theory, "mentions"]["label"] == "提及"
    assert all(set(d) >= {"relation", "label", "evidence"} for _, _, d in g.edges(data=True))


def test_to_networkx_works_on_a_parsed_graph(graph: Graph) -> None:
    reparsed = Graph().parse(data=graph.serialize(format="nt"), format="nt")
    a, b = to_networkx(graph), to_networkx(reparsed)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))


def test_empty_input() -> None:
    g = build_graph([])
    assert len(g) == 0
    assert to_networkx(g).number_of_nodes() == 0


def test_posts_reference_mentions_outside_doc_mentions() -> None:
    """Facts still build their entities when the document's mention list omits them."""
    text = "部长甲。"
    person = Mention(2, 3, "甲", "PERSON", "甲", None, 0)
    title = Mention(0, 2, "部长", "TITLE", "部长", None, 0)
    doc = Document(id="p", text=text, sentences=(Span(0, 4),), posts=(Post(person, title, None),))
    g = build_graph([doc])
    assert (iri("person", "甲"), RDF.type, KG.Person) in g
    assert (iri("title", "部长"), RDF.type, KG.Title) in g


def test_doctests() -> None:
    assert doctest.testmod(kg.graph).failed == 0


def test_projection_picks_one_edge_whatever_the_order_of_the_facts() -> None:
    """Two post holdings that give one edge (same person, body and title): the projection keeps the same one
    whichever order the graph yields them in (rdflib's order changes from run to run)."""
    person, org = URIRef("urn:x:person"), URIRef("urn:x:org")
    role = URIRef("urn:x:title")
    triples = [(person, RDF.type, KG.Person), (person, RDFS.label, Literal("李强", lang="zh-Hans")),
               (org, RDF.type, KG.GovernmentBody), (org, RDFS.label, Literal("国务院", lang="zh-Hans")),
               (role, RDFS.label, Literal("总理", lang="zh-Hans"))]
    for n, sentence in enumerate(("国务院总理李强主持会议。", "国务院总理李强会见外宾。")):
        ph, ev = URIRef(f"urn:x:ph{n}"), URIRef(f"urn:x:ev{n}")
        triples += [(ph, RDF.type, KG.PostHolding), (ph, ORG.member, person), (ph, ORG.organization, org),
                    (ph, ORG.role, role), (ph, KG.title, Literal("总理")), (ph, PROV.wasDerivedFrom, ev),
                    (ev, KG.sentence, Literal(sentence))]
    seen = set()
    for order in (triples, triples[::-1]):
        g = Graph()
        for t in order:
            g.add(t)
        edges = [d for _, _, d in to_networkx(g).edges(data=True) if d["relation"] == "holds_post"]
        assert len(edges) == 1
        seen.add(edges[0]["evidence"])
    assert seen == {"国务院总理李强主持会议。"}


def test_short_local_bodies_resolve_only_where_the_article_says_whose() -> None:
    """市委 is 广州市委 where the article writes 广州市委; 省委 is the publisher's province's; with neither it stays
    市委 — no place is guessed."""
    from kg.pipeline import Pipeline

    nlp = Pipeline()

    def orgs(text: str, publisher: str | None = None) -> set[str]:
        doc = nlp(Document(id="d", text=text, publisher=publisher, regions=(Span(0, len(text)),)))
        g = build_graph([doc])
        return {unquote(str(s)).rsplit("/", 1)[1] for s in g.subjects(RDF.type, KG.Organization)}

    assert {"广州市委", "广州市委组织部"} <= orgs("广州市委书记张三出席。市委组织部部长李四、市委副书记王五讲话。")
    found = orgs("省委书记张三主持召开省委常委会会议。市委书记李四出席。", publisher="广东省退役军人事务厅")
    assert {"广东省委", "广东省委常委会", "市委"} <= found and "省委" not in found
    assert "省委" in orgs("省委书记张三出席。")


@pytest.mark.parametrize(("text", "inferred", "not_inferred"), [
    ("国家主席王明在北京会见古巴国家主席迪亚斯-卡内尔。", {"王明"}, {"迪亚斯-卡内尔"}),
    ("老挝人民革命党中央总书记、国家主席通伦出席。总书记张建国出席。", {"张建国"}, {"通伦"}),
    ("老乡们高声向总书记问好。", set(), set()),
])
def test_a_body_is_inferred_from_a_bare_title_only_for_a_chinese_official(text: str, inferred: set[str],
                                                                         not_inferred: set[str]) -> None:
    """总书记 or 国家主席 alone names China's body only for a Chinese name with no foreign country or party written
    just before the title; a "name" ending in a preposition (高声向) holds no post."""
    from kg.pipeline import Pipeline

    doc = Pipeline()(Document(id="d", text=text, regions=(Span(0, len(text)),)))
    g = build_graph([doc])
    holders = {unquote(str(g.value(post, ORG.member))).rsplit("/", 1)[1] for post in g.subjects(KG.orgInferred, None)}
    assert holders == inferred
    members = {unquote(str(o)).rsplit("/", 1)[1] for o in g.objects(None, ORG.member)}
    assert not_inferred <= members
    assert not any(m.endswith("向") for m in members)


def test_met_pairs_are_facts_of_their_own() -> None:
    """A kg:MetPair joins one person of each side with the meeting and its evidence, and kg:metWith states it
    both ways; people of one side (a host and spouse) are no pair."""
    from kg.pipeline import Pipeline

    text = "国家主席王明和夫人李红在北京会见某国总统阿里。"
    doc = Pipeline()(Document(id="d", text=text, date="2024-06-01", regions=(Span(0, len(text)),)))
    g = build_graph([doc])
    pairs = list(g.subjects(RDF.type, KG.MetPair))
    people = {frozenset(unquote(str(p)).rsplit("/", 1)[1] for p in g.objects(pair, KG.participant)) for pair in pairs}
    assert people == {frozenset({"王明", "阿里"}), frozenset({"李红", "阿里"})}
    for pair in pairs:
        assert (g.value(pair, KG.event), RDF.type, KG.Meeting) in g
        assert g.value(g.value(pair, PROV.wasDerivedFrom), KG.sentence) is not None
    assert (iri("person", "阿里"), KG.metWith, iri("person", "王明")) in g
    assert (iri("person", "王明"), KG.metWith, iri("person", "李红")) not in g


@pytest.mark.parametrize(("text", "bodies"), [
    # a foreign party's chain of titles: its central bodies, not China's of the same short name
    ("国家副主席会见由老挝人民革命党中央政治局委员、中央书记处书记宋赛·西潘敦率领的代表团。",
     {"老挝人民革命党中央政治局", "老挝人民革命党中央书记处"}),
    ("越共中央政治局委员、中央书记处常务书记阮文甲会见中方代表团。", {"越共中央政治局", "越共中央书记处"}),
    # China's own chain: the short name is the CPC's body
    ("中共中央政治局委员、中央书记处书记张三出席会议。", {"中共中央政治局", "中共中央书记处"}),
    ("中共中央政治局委员、中央书记处书记张三会见越南共产党中央对外部部长阮文乙。",
     {"中共中央政治局", "中共中央书记处", "越南共产党中央对外部"}),
])
def test_party_bodies_of_a_foreign_party_are_its_own(text: str, bodies: set[str]) -> None:
    from kg.ontology import ORG

    graph = build_graph(kg.extract(text))
    assert {str(o).rsplit("/", 1)[-1] for o in graph.objects(None, ORG.organization)} >= bodies
    assert not any(str(o).endswith("/中共中央书记处") for o in graph.objects(None, ORG.organization)) or \
        "中共" in text


@pytest.mark.parametrize(("text", "body"), [
    ("中国人民对外友好协会党组书记、会长王五代表人民团体致贺词。", "中国人民对外友好协会"),
    ("科学技术部党组书记、部长王志强出席会议。", "科技部"),
    ("广东省交通运输厅党组书记、厅长赵六出席会议。", "广东省交通运输厅"),
    ("市委副书记、市长王某出席会议。", None),  # 市长 is no title of a 市委: no body (GUIDELINE H)
])
def test_a_title_of_the_chains_body_is_a_post_in_that_body(text: str, body: str | None) -> None:
    from kg.ontology import ORG

    graph = build_graph(kg.extract(text))
    bodiless = [p for p in graph.subjects(RDF.type, KG.PostHolding) if "/%2D/" in str(p)]
    if body is None:
        assert not any((p, ORG.organization, None) in graph for p in bodiless)
        return
    assert len(bodiless) == 1
    orgs = [str(o).rsplit("/", 1)[-1] for o in graph.objects(bodiless[0], ORG.organization)]
    assert orgs == [body]
    assert (bodiless[0], KG.orgInferred, Literal(True)) in graph
