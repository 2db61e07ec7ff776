"""Policy relations in the graph: kg:PolicyAct facts and their shortcut edges, SHACL, every export, the store.

The articles are made by hand (:func:`tests.conftest.make_policy_docs` and the small ones below), so these tests
do not depend on the extractor of :mod:`kg.policy_relations`.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

import kg
from kg.cli import main
from kg.export import export
from kg.exporters.pg import REL_SCHEMA, to_property_graph
from kg.graph import DEFAULT_BASE, build_dataset, build_graph, entity_iri, to_networkx, union_graph
from kg.model import Document, Event, Mention, Participation, PolicyRelation, Post, Span
from kg.ontology import KG, PROV, RDF, RDFS, SDO
from kg.shacl import validate
from tests.conftest import _Doc, make_policy_docs
from tests.graphdb_support import sparql_counts

HANS, HANT = "zh-Hans", "zh-Hant"
PLAN = "临江市数字经济发展规划"
RULE = "临江市数据要素管理办法"


def iri(kind: str, key: str) -> URIRef:
    return entity_iri(DEFAULT_BASE, kind, key)


def act_iri(*parts: str) -> URIRef:
    return URIRef(DEFAULT_BASE + "act/" + "/".join(parts))


GOV = iri("org", "临江市人民政府")
ZHOU = iri("person", "周立新")
COMMITTEE = URIRef(DEFAULT_BASE + "meeting/2025-03-28/临江市委常委会会议")
EXECUTIVE = URIRef(DEFAULT_BASE + "meeting/2025-03-05/临江市政府常务会议")
ISSUED = act_iri(PLAN, "issued", "org", "临江市人民政府")
IMPLEMENTED = act_iri(PLAN, "implemented", "person", "周立新")
STUDIED = act_iri(PLAN, "studied", "meeting", "2025-03-28", "临江市委常委会会议")
ADOPTED = act_iri(RULE, "adopted", "meeting", "2025-03-05", "临江市政府常务会议")


@pytest.fixture(scope="module")
def docs() -> tuple[Document, Document]:
    return make_policy_docs()


@pytest.fixture(scope="module")
def dataset(docs: tuple[Document, Document]) -> Dataset:
    return build_dataset(docs)


@pytest.fixture(scope="module")
def graph(dataset: Dataset) -> Graph:
    return union_graph(dataset)


def evidence(g: Graph, fact: URIRef, doc: Document) -> tuple[int, int, str]:
    """The offsets and sentence of the evidence of ``fact`` in ``doc``."""
    article = iri("article", doc.id)
    (ev,) = [e for e in g.objects(fact, PROV.wasDerivedFrom) if (e, KG.article, article) in g]
    return int(g.value(ev, KG.start)), int(g.value(ev, KG.end)), str(g.value(ev, KG.sentence))  # type: ignore[arg-type]


# -- the facts ------------------------------------------------------------------------------------------


def test_each_relation_is_a_policy_act_with_agent_act_and_policy(graph: Graph) -> None:
    acts = {s: (graph.value(s, KG.agent), graph.value(s, KG.act), graph.value(s, KG.policy))
            for s in graph.subjects(RDF.type, KG.PolicyAct)}
    assert acts == {
        ISSUED: (GOV, KG.Issued, iri("policy", PLAN)),
        IMPLEMENTED: (ZHOU, KG.Implemented, iri("policy", PLAN)),
        STUDIED: (COMMITTEE, KG.Studied, iri("policy", PLAN)),
        ADOPTED: (EXECUTIVE, KG.Adopted, iri("policy", RULE)),
    }
    assert set(graph.objects(ISSUED, RDFS.label)) == {Literal("临江市人民政府印发临江市数字经济发展规划", lang=HANS),
                                                     Literal("臨江市人民政府印發臨江市數字經濟發展規劃", lang=HANT)}
    assert set(graph.objects(STUDIED, RDFS.label)) == {Literal("临江市委常委会会议传达学习临江市数字经济发展规划", lang=HANS),
                                                      Literal("臨江市委常委會會議傳達學習臨江市數字經濟發展規劃", lang=HANT)}


def test_shortcut_edges_go_from_the_agent_to_the_policy(graph: Graph) -> None:
    shortcuts = {(s, p, o) for p in (KG.issued, KG.adopted, KG.studied, KG.implemented)
                 for s, o in graph.subject_objects(p)}
    assert shortcuts == {(GOV, KG.issued, iri("policy", PLAN)), (ZHOU, KG.implemented, iri("policy", PLAN)),
                         (COMMITTEE, KG.studied, iri("policy", PLAN)), (EXECUTIVE, KG.adopted, iri("policy", RULE))}


def test_agents_are_the_nodes_the_graph_already_has(graph: Graph, docs: tuple[Document, Document]) -> None:
    # the meetings are those of the articles' events, one node each, with their dates: no second meeting node
    assert set(graph.subjects(RDF.type, KG.Meeting)) == {COMMITTEE, EXECUTIVE}
    assert graph.value(COMMITTEE, SDO.startDate) == Literal("2025-03-28", datatype=URIRef(str(kg.ontology.XSD.date)))
    assert (GOV, RDF.type, KG.GovernmentBody) in graph and (ZHOU, RDF.type, KG.Person) in graph
    # both articles name the same body and the same policy, in either script
    assert len(set(graph.subjects(RDF.type, KG.Organization))) == 1
    for doc in docs:
        article = iri("article", doc.id)
        assert (article, SDO.mentions, iri("policy", PLAN)) in graph and (article, SDO.mentions, GOV) in graph


def test_an_act_two_articles_state_is_one_fact_with_two_sources(dataset: Dataset, graph: Graph,
                                                                docs: tuple[Document, Document]) -> None:
    first, second = docs
    # each article's named graph states the act with its own evidence: removing one leaves the other's
    for doc in docs:
        named = dataset.graph(iri("article", doc.id))
        assert (ISSUED, RDF.type, KG.PolicyAct) in named and (GOV, KG.issued, iri("policy", PLAN)) in named
    assert evidence(graph, ISSUED, first) == (0, 22, "临江市人民政府印发《临江市数字经济发展规划》。")
    start, end, sentence = evidence(graph, ISSUED, second)
    assert second.text[start:end] == "臨江市人民政府日前印發《臨江市數字經濟發展規劃》"  # as written, Traditional
    assert sentence == second.sentence_text(1)


def test_evidence_spans_agent_verb_and_policy(graph: Graph, docs: tuple[Document, Document]) -> None:
    first, second = docs
    start, end, _ = evidence(graph, IMPLEMENTED, first)
    assert first.text[start:end] == "周立新部署推进《临江市数字经济发展规划》"
    start, end, _ = evidence(graph, ADOPTED, first)
    assert first.text[start:end] == "临江市政府常务会议审议通过《临江市数据要素管理办法"
    start, end, sentence = evidence(graph, STUDIED, second)
    assert second.text[start:end] == "臨江市委常委會會議傳達學習《臨江市數字經濟發展規劃》"
    assert sentence.startswith("3月28日")


def _one_sentence(text: str, *mentions: tuple[str, str, str | None], relations: tuple[tuple[str, str, str, str], ...],
                  events: tuple[str, ...] = (), doc_id: str = "x1", date: str | None = "2025-06-01") -> Document:
    """A document of one or more sentences with the given mentions (text, label, kind) and relations
    (policy text, act, agent text, cue text)."""
    d = _Doc(text)
    found = {sub: d.m(sub, label, kind) for sub, label, kind in mentions}
    return Document(
        id=doc_id, text=text, date=date, sentences=d.sentences, mentions=tuple(found.values()),
        events=tuple(Event(found[name], date) for name in events),
        policy_relations=tuple(PolicyRelation(found[p], act, found[a], d.span(cue))  # type: ignore[arg-type]
                               for p, act, a, cue in relations))


def test_agents_that_are_no_body_meeting_or_person_are_left_out() -> None:
    doc = _one_sentence(
        "江东省出台《江东省养老服务条例》。江东省委全会审议通过该条例。",
        ("江东省", "PLACE", None), ("江东省养老服务条例", "POLICY", "law"), ("江东省委全会", "EVENT", None),
        relations=(("江东省养老服务条例", "issued", "江东省", "出台"),            # a place is no agent
                   ("江东省养老服务条例", "adopted", "江东省委全会", "审议通过")))  # no event of that name
    g = build_graph([doc])
    assert list(g.subjects(RDF.type, KG.PolicyAct)) == []
    assert list(g.subjects(RDF.type, KG.Meeting)) == []  # no meeting made up for the EVENT mention
    assert validate(g).conforms


def test_a_meeting_agent_is_found_by_its_event_name_and_a_policy_named_only_by_the_relation_gets_a_source() -> None:
    text = "江东省人民政府常务会议审议通过《江东省养老服务条例》。王红出席会议。"
    d = _Doc(text)
    meeting = d.m("江东省人民政府常务会议", "EVENT")
    again = Mention(meeting.start, meeting.end, meeting.text, "EVENT", meeting.key, None, 0)
    law = d.m("江东省养老服务条例", "POLICY", "law")
    wang = d.m("王红", "PERSON")
    doc = Document(id="x2", text=text, date="2025-06-02", sentences=d.sentences, mentions=(meeting, wang),
                   events=(Event(meeting, "2025-06-01", None, (Participation(wang, "attended", d.span("出席")),)),),
                   policy_relations=(PolicyRelation(law, "adopted", again, d.span("审议通过")),))
    g = build_graph([doc])
    node = URIRef(DEFAULT_BASE + "meeting/2025-06-01/江东省人民政府常务会议")
    assert set(g.subjects(RDF.type, KG.Meeting)) == {node}
    assert (node, KG.adopted, iri("policy", "江东省养老服务条例")) in g
    assert (iri("person", "王红"), KG.attended, node) in g
    # the policy is not in doc.mentions: the relation gives it its source, so the graph still conforms
    assert g.value(iri("policy", "江东省养老服务条例"), PROV.wasDerivedFrom) is not None
    report = validate(g)
    assert report.conforms and report.violations == 0


def test_an_agent_named_in_an_earlier_sentence_is_not_part_of_the_evidence_span() -> None:
    """A meeting reported in one sentence and said to adopt a policy in the next (会议审议通过…): the act is the
    meeting's, and its evidence is the sentence that states the act, from the verb to the policy."""
    text = "江东省人民政府常务会议6月1日在省城召开。会议审议通过《江东省养老服务条例》。"
    d = _Doc(text)
    meeting, law = d.m("江东省人民政府常务会议", "EVENT"), d.m("江东省养老服务条例", "POLICY", "law")
    doc = Document(id="x3", text=text, date="2025-06-02", sentences=d.sentences, mentions=(meeting, law),
                   events=(Event(meeting, "2025-06-01"),),
                   policy_relations=(PolicyRelation(law, "adopted", meeting, d.span("审议通过")),))
    g = build_graph([doc])
    (act,) = g.subjects(RDF.type, KG.PolicyAct)
    assert g.value(act, KG.agent) == URIRef(DEFAULT_BASE + "meeting/2025-06-01/江东省人民政府常务会议")
    start, end, sentence = evidence(g, act, doc)  # type: ignore[arg-type]
    assert text[start:end] == "审议通过《江东省养老服务条例" and sentence == "会议审议通过《江东省养老服务条例》。"
    assert validate(g).conforms


def test_iris_of_acts_are_escaped() -> None:
    doc = _one_sentence(
        "甲#乙/丙办公室印发《新规?2025%版》。",
        ("甲#乙/丙办公室", "ORG", "government"), ("新规?2025%版", "POLICY", "law"),
        relations=(("新规?2025%版", "issued", "甲#乙/丙办公室", "印发"),))
    g = build_graph([doc])
    (act,) = g.subjects(RDF.type, KG.PolicyAct)
    assert str(act) == DEFAULT_BASE + "act/新规%3F2025%25版/issued/org/甲%23乙%2F丙办公室"
    assert g.value(act, KG.agent) == iri("org", "甲#乙/丙办公室")
    for name in ("ttl", "nt"):
        assert isomorphic(Graph().parse(data=export(g, name), format={"ttl": "turtle"}.get(name, name)), g)


def test_homonyms_are_two_agents() -> None:
    """Two persons of one name with unrelated posts are two nodes (kg.resolve): their acts are two facts."""
    one = _Doc("云南省委书记王刚部署推进《滇池保护规划》。")
    other = _Doc("江东大学校长王刚印发《江东大学章程》。")
    docs = []
    for doc_id, d, org, title, policy, act, cue in (
            ("h1", one, "云南省委", "书记", "滇池保护规划", "implemented", "部署推进"),
            ("h2", other, "江东大学", "校长", "江东大学章程", "issued", "印发")):
        person, body, role, named = d.m("王刚", "PERSON"), d.m(org, "ORG", "government"), d.m(title, "TITLE"), \
            d.m(policy, "POLICY", "law")
        docs.append(Document(id=doc_id, text=d.text, date="2025-06-01", sentences=d.sentences,
                             mentions=(body, role, person, named), posts=(Post(person, role, body),),
                             policy_relations=(PolicyRelation(named, act, person, d.span(cue)),)))  # type: ignore[arg-type]
    g = build_graph(docs)
    agents = {str(g.value(a, KG.agent)): str(a) for a in g.subjects(RDF.type, KG.PolicyAct)}
    assert len(agents) == 2
    for person, act in agents.items():
        # the act's IRI ends with the person's key, qualifier included
        assert act.endswith("/person/" + person.split("/person/", 1)[1])
        assert (URIRef(person), RDF.type, KG.Person) in g


def test_the_same_input_gives_the_same_bytes_in_any_order(docs: tuple[Document, Document]) -> None:
    forward = export(build_dataset(docs), "nq")
    assert forward == export(build_dataset(list(reversed(docs))), "nq")
    assert export(build_graph(docs), "ttl") == export(build_graph(docs), "ttl")


# -- SHACL ----------------------------------------------------------------------------------------------


def test_the_graph_conforms_and_both_engines_agree(graph: Graph) -> None:
    fast, ref = validate(graph, engine="sparql"), validate(graph, engine="pyshacl")
    assert fast.conforms and fast.violations == 0 and fast.warnings == 0
    assert (ref.conforms, ref.violations, ref.warnings, ref.messages) == (True, 0, 0, fast.messages)


def test_broken_acts_are_violations(graph: Graph) -> None:
    g = Graph()
    for t in graph:
        g.add(t)
    g.remove((ISSUED, KG.agent, None))                          # no agent
    g.add((IMPLEMENTED, KG.act, KG.Presided))                   # a second act, and not a policy act
    g.remove((STUDIED, PROV.wasDerivedFrom, None))              # no source
    g.add((ADOPTED, KG.agent, iri("place", "临江")))             # a second agent, and an untyped one
    for engine in ("sparql", "pyshacl"):
        report = validate(g, engine=engine)
        text = report.format(limit=20)
        assert not report.conforms
        assert "a policy act needs exactly one agent" in text
        assert "a policy act needs exactly one act" in text
        assert "a policy act needs a source" in text
        assert "the agent of a policy act is a kg:Organization, a kg:Meeting or a kg:Person" in text
    assert validate(g, engine="sparql").messages == validate(g, engine="pyshacl").messages


def test_cli_validate_accepts_the_exported_graph(graph: Graph, tmp_path: Path) -> None:
    export(graph, "ttl", tmp_path / "graph.ttl")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "graph.ttl")])
    assert result.exit_code == 0 and result.output.startswith("SHACL: conforms (0 violations")


# -- every export carries them --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ttl", "nt", "nq", "trig", "jsonld"])
def test_rdf_exports_carry_the_acts(dataset: Dataset, graph: Graph, name: str, tmp_path: Path) -> None:
    quads = name in ("nq", "trig", "jsonld")
    path = tmp_path / f"graph.{name}"
    export(dataset if quads else graph, name, path)
    parser = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}[name]
    back = (Dataset() if quads else Graph()).parse(path, format=parser)
    assert isomorphic(union_graph(back) if quads else back, graph)
    assert (GOV, KG.issued, iri("policy", PLAN)) in (union_graph(back) if quads else back)
    if quads:  # still in each article's own named graph
        assert (ISSUED, KG.agent, GOV) in back.graph(iri("article", "p2"))


def test_turtle_uses_the_act_prefix(graph: Graph) -> None:
    text = export(graph, "ttl")
    assert "@prefix act: <https://w3id.org/kg-gov/id/act/> ." in text
    assert "act:临江市数字经济发展规划\\/issued\\/org\\/临江市人民政府 a kg:PolicyAct ;" in text
    assert "kg:issued policy:临江市数字经济发展规划" in text


def test_jsonld_uses_short_keys(dataset: Dataset) -> None:
    data = json.loads(export(dataset, "jsonld"))
    nodes = [n for g in data["@graph"] for n in g.get("@graph", [])]
    # "act" and "policy" are keys of the context (kg:act, kg:policy), so those IRIs compact with kgid:
    act = next(n for n in nodes if n["@id"] == "kgid:act/临江市数字经济发展规划/issued/org/临江市人民政府")
    assert act["@type"] == "PolicyAct" and act["agent"] == "kgid:org/临江市人民政府" and act["act"] == "kg:Issued"
    assert act["policy"] == "kgid:policy/临江市数字经济发展规划"
    assert act["wasDerivedFrom"] in ("evidence:p1/0/22", "evidence:p2/33/57")
    studied = next(n for n in nodes if n.get("act") == "kg:Studied")
    assert studied["agent"] == "meeting:2025-03-28/临江市委常委会会议"
    gov = next(n for n in nodes if n["@id"] == "kgid:org/临江市人民政府" and "issued" in n)
    assert gov["issued"] == "kgid:policy/临江市数字经济发展规划"


def test_networkx_edges_have_relation_label_and_evidence(graph: Graph) -> None:
    g = to_networkx(graph)
    edges = {(u, v, k): d for u, v, k, d in g.edges(keys=True, data=True) if v.startswith(DEFAULT_BASE + "policy/")
             and k != "mentions"}
    assert set(edges) == {(str(GOV), str(iri("policy", PLAN)), "issued"),
                          (str(ZHOU), str(iri("policy", PLAN)), "implemented"),
                          (str(COMMITTEE), str(iri("policy", PLAN)), "studied"),
                          (str(EXECUTIVE), str(iri("policy", RULE)), "adopted")}
    issued = edges[(str(GOV), str(iri("policy", PLAN)), "issued")]
    assert issued == {"relation": "issued", "label": "印发", "evidence": "临江市人民政府印发《临江市数字经济发展规划》。"}
    assert edges[(str(COMMITTEE), str(iri("policy", PLAN)), "studied")]["label"] == "传达学习"
    # a body's hover card shows the sentences of its acts
    assert "临江市人民政府印发《临江市数字经济发展规划》。" in g.nodes[str(GOV)]["evidence"]


def test_property_graph_relationships(dataset: Dataset) -> None:
    pg = to_property_graph(dataset)
    rels = {(r.type, r.start, r.end): r for r in pg.relationships
            if r.type in ("ISSUED", "ADOPTED", "STUDIED", "IMPLEMENTED")}
    assert set(rels) == {("ISSUED", str(GOV), str(iri("policy", PLAN))),
                         ("IMPLEMENTED", str(ZHOU), str(iri("policy", PLAN))),
                         ("STUDIED", str(COMMITTEE), str(iri("policy", PLAN))),
                         ("ADOPTED", str(EXECUTIVE), str(iri("policy", RULE)))}
    issued = rels[("ISSUED", str(GOV), str(iri("policy", PLAN)))]
    assert (issued.start_label, issued.end_label) == ("GovernmentBody", "PolicyConcept")
    # the evidence of the earliest article, as the other relationships carry it
    assert issued.properties == {"act": str(ISSUED), "evidence": "临江市人民政府印发《临江市数字经济发展规划》。",
                                 "evidenceArticle": str(iri("article", "p1")), "evidenceStart": 0,
                                 "evidenceEnd": 22}
    assert rels[("STUDIED", str(COMMITTEE), str(iri("policy", PLAN)))].start_label == "Meeting"
    assert rels[("IMPLEMENTED", str(ZHOU), str(iri("policy", PLAN)))].start_label == "Person"
    assert {**pg.label_counts(), **pg.type_counts()} == sparql_counts(union_graph(dataset))
    assert REL_SCHEMA["ISSUED"].key == "act"


def test_graphml_neo4j_and_cypher_carry_the_edges(dataset: Dataset) -> None:
    root = ET.fromstring(export(dataset, "graphml"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = {k.get("id"): k.get("attr.name") for k in root.findall("g:key", ns)}
    types = [{keys[d.get("key")]: d.text for d in e.findall("g:data", ns)} for e in root.iter(f"{{{ns['g']}}}edge")]
    issued = [t for t in types if t.get("type") == "ISSUED"]
    assert len(issued) == 1 and issued[0]["label"] == "ISSUED" and issued[0]["evidenceStart"] == "0"
    assert {t["type"] for t in types} >= {"ISSUED", "ADOPTED", "STUDIED", "IMPLEMENTED"}
    files = export(dataset, "neo4j")
    assert files["relationships/ISSUED.csv"].splitlines()[0].startswith(":START_ID,:END_ID,:TYPE,act,evidence,")
    assert len(files["relationships/STUDIED.csv"].splitlines()) == 2  # the header and one row
    assert "--relationships=relationships/IMPLEMENTED.csv" in files["import.sh"]
    cypher = export(dataset, "cypher")
    assert "MERGE (a)-[r:ADOPTED {act: row.key}]->(b)" in cypher
    assert str(ADOPTED) in cypher


def test_html_page_shows_and_filters_the_relations(graph: Graph, tmp_path: Path) -> None:
    from kg.html import page_data

    data = page_data(to_networkx(graph))
    names = {r["relation"]: r["name"] for r in data["relations"]}
    assert {k: names[k] for k in ("issued", "adopted", "studied", "implemented")} == {
        "issued": "印发", "adopted": "审议通过", "studied": "传达学习", "implemented": "贯彻落实"}
    labels = {e["label"] for e in data["edges"]}
    assert {"印发", "审议通过", "传达学习", "贯彻落实"} <= labels
    export(graph, "html", tmp_path / "graph.html")
    page = (tmp_path / "graph.html").read_text(encoding="utf-8")
    for relation in ("issued", "adopted", "studied", "implemented"):
        assert f'class="kg-relation-item" data-relation="{relation}"' in page


# -- stores -----------------------------------------------------------------------------------------------


def test_a_store_holds_the_same_quads_and_removing_an_article_removes_its_evidence(
        docs: tuple[Document, Document], dataset: Dataset, tmp_path: Path) -> None:
    from kg.store import KgStore

    with KgStore.open(tmp_path / "store") as store:
        store.add(docs)
        assert store.dump_nquads() == export(dataset, "nq")
        store.remove(["p1"])
        g = union_graph(store.dataset())
    # the act p2 states stays, with p2's evidence only; what only p1 stated is gone
    assert (GOV, KG.issued, iri("policy", PLAN)) in g and (ISSUED, RDF.type, KG.PolicyAct) in g
    assert {str(g.value(ev, KG.article)) for ev in g.objects(ISSUED, PROV.wasDerivedFrom)} == {
        str(iri("article", "p2"))}
    assert (IMPLEMENTED, RDF.type, KG.PolicyAct) not in g and (ZHOU, KG.implemented, None) not in g
    assert validate(g).conforms


def test_stats_count_the_acts(graph: Graph) -> None:
    stats = kg.stats(graph, shacl=False)
    assert stats.classes["PolicyAct"] == 4
    assert stats.relations["issued (kg:issued)"] == 1 and stats.relations["studied (kg:studied)"] == 1


def test_a_span_of_the_document_is_used_for_offsets(docs: tuple[Document, Document]) -> None:
    # every relation of the hand-made articles points into the original text (a guard on the fixture)
    for doc in docs:
        for rel in doc.policy_relations:
            for part in (rel.policy, rel.agent):
                assert doc.text[part.start:part.end] == part.text
            assert isinstance(rel.cue, Span) and doc.text[rel.cue.start:rel.cue.end]
