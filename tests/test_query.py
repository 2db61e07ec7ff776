"""SPARQL: the named queries on the sample and on a small multi-article fixture (both scripts), safe parameters,
the read-only check, result formats, loading, and the ``kg query`` command."""

from __future__ import annotations

import csv
import doctest
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

import kg
import kg.query
from kg.cli import main
from kg.ontology import PREFIXES
from kg.query import (
    NamedQuery,
    ParameterError,
    QueryError,
    QuerySyntaxError,
    ReadOnlyError,
    check_read_only,
    format_result,
    named_queries,
    render,
    run_query,
    sparql_iri,
    sparql_literal,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "kg" / "samples" / "seed-000.txt"

#: Four short articles, two in each script; 國家發改委 is another name of 国家发展改革委.
RECORDS = [
    {"id": "a1", "date": "2023-03-10", "title": "国务院常务会议",
     "text": "国务院总理李强3月10日主持召开国务院常务会议。国家发展改革委主任郑栅洁出席会议。"
             "会议强调，要坚持以习近平新时代中国特色社会主义思想为指导，推动高质量发展。"},
    {"id": "a2", "date": "2023-04-12", "title": "國務院常務會議",
     "text": "國務院總理李強4月12日主持召開國務院常務會議。國家發改委主任鄭柵潔出席會議並講話。會議強調，要推動高質量發展。"},
    {"id": "a3", "date": "2024-05-20", "title": "习近平会见乌拉圭总统",
     "text": "国家主席习近平5月20日在人民大会堂会见乌拉圭总统拉卡列·波乌。"},
    {"id": "a4", "date": "2024-05-21", "title": "全國退役軍人事務廳(局)長會議在京召開",
     "text": "5月21日，全國退役軍人事務廳(局)長會議在京召開。退役軍人事務部部長孫紹騁出席會議並講話。"
             "中央軍委政治工作部主任助理方永祥出席會議。中共浙江省委組織部部長王綱出席。"},
]

INJECTION = '退役军人事务部" } ; DROP ALL ; #'


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample built as kg build does: graph.nq (one graph per article) and graph.ttl."""
    out = tmp_path_factory.mktemp("sample")
    kg.build([SAMPLE], out, formats=("nq", "ttl"), validate=False)
    return out


@pytest.fixture(scope="module")
def fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four articles as a kg store (``store``) and as build output (``files/graph.nq``, ``graph.ttl``)."""
    root = tmp_path_factory.mktemp("fixture")
    news = root / "news.jsonl"
    news.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    kg.build_store([news], root / "store", validate=False)
    kg.build([news], root / "files", formats=("nq", "ttl"), validate=False)
    return root


@pytest.fixture(scope="module")
def acts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two hand-made articles with policy relations (:func:`tests.conftest.make_policy_docs`, no extractor) as a
    kg store (``store``) and as build output (``files/graph.nq``, ``graph.ttl``)."""
    from kg.graph import build_dataset, union_graph
    from tests.conftest import make_policy_docs

    root = tmp_path_factory.mktemp("acts")
    docs = make_policy_docs()
    with kg.store.KgStore.open(root / "store") as st:
        st.add(docs)
    ds = build_dataset(docs)
    kg.export(ds, "nq", root / "files" / "graph.nq")
    kg.export(union_graph(ds), "ttl", root / "files" / "graph.ttl")
    return root


def rows(source: object, name: str, *columns: str, **params: str) -> list[tuple[str | None, ...]]:
    result = run_query(source, name, params)
    return [tuple(r[c] for c in columns) for r in result.records()]


def both(source: object, name: str, columns: tuple[str, ...], param: str, hans: str, hant: str,
         **more: str) -> list[tuple[str | None, ...]]:
    """The rows for a parameter written in Simplified and in Traditional script, checked to be the same."""
    simplified = rows(source, name, *columns, **{param: hans}, **more)
    traditional = rows(source, name, *columns, **{param: hant}, **more)
    assert simplified == traditional
    return simplified


# ---------------------------------------------------------------------------------------------------------
# The named queries on the sample


def test_officials_on_the_sample(sample: Path) -> None:
    found = both(sample, "officials", ("person", "title"), "org", "退役军人事务部", "退役軍人事務部")
    assert found[0] == ("孙绍骋", "部长")
    assert {("钱锋", "副部长"), ("常正国", "副部长"), ("方永祥", "副部长"), ("朱天舒", "副部长")} <= set(found)


def test_posts_on_the_sample(sample: Path) -> None:
    found = both(sample, "posts", ("organization", "title", "former", "articles"), "person", "孙绍骋", "孫紹騁")
    assert found == [("退役军人事务部", "部长", "false", "1")]


def test_holders_on_the_sample_are_undated(sample: Path) -> None:
    found = both(sample, "holders", ("person", "status"), "title", "部长", "部長", org="退役軍人事務部",
                 date="2021-01-01")
    assert found == [("孙绍骋", "undated")]


def test_participants_on_the_sample(sample: Path) -> None:
    found = both(sample, "participants", ("person", "role"), "meeting", "全国退役军人事务厅", "全國退役軍人事務廳")
    assert found[:2] == [("孙绍骋", "spoke"), ("孙绍骋", "attended")]
    assert ("林国耀", "attended") in found


def test_meetings_on_the_sample(sample: Path) -> None:
    found = both(sample, "meetings", ("meeting", "role", "place"), "person", "孙绍骋", "孫紹騁")
    assert found == [("全国退役军人事务厅(局)长会议", "spoke", "北京"), ("全国退役军人事务厅(局)长会议", "attended", "北京")]


def test_met_on_the_sample_is_empty(sample: Path) -> None:
    # the sample reports a conference, not talks: nobody met anybody
    assert rows(sample, "met", "person") == []
    assert both(sample, "met", ("person",), "person", "孙绍骋", "孫紹騁") == []


def test_policies_on_the_sample(sample: Path) -> None:
    found = rows(sample, "policies", "month", "policy", "type", "articles")
    assert (None, "退役军人保障法", "law", "1") in found
    assert (None, "习近平新时代中国特色社会主义思想", "theory", "1") in found
    laws = both(sample, "policies", ("policy",), "type", "law", "法律法規")
    assert laws == [("退役军人保障法",)]
    assert rows(sample, "policies", "policy", period="2024") == []  # the sample has no date


def test_hierarchy_on_the_sample(sample: Path) -> None:
    found = both(sample, "hierarchy", ("level", "organization", "parent"), "org", "中央军委", "中央軍委")
    assert ("1", "中央军委政治工作部", "中央军委") in found
    group = both(sample, "hierarchy", ("organization",), "org", "退役军人事务部", "退役軍人事務部")
    assert ("中央纪委国家监委驻退役军人事务部纪检监察组",) in group


def test_evidence_on_the_sample(sample: Path) -> None:
    found = both(sample, "evidence", ("kind", "fact", "sentence"), "about", "孙绍骋", "孫紹騁")
    post = [r for r in found if r[0] == "post"]
    assert post and post[0][1] == "孙绍骋：退役军人事务部部长"
    assert post[0][2].startswith("退役軍人事務部部長孫紹騁")  # the sentence as written, Traditional
    by_fact = rows(sample, "evidence", "kind", "start", "end", about="孫紹騁：退役軍人事務部部長")
    assert by_fact == [("post", "31", "43")]
    by_iri = rows(sample, "evidence", "kind", about="https://w3id.org/kg-gov/id/person/孙绍骋")
    assert sorted(by_iri) == sorted((r[0],) for r in found)


# ---------------------------------------------------------------------------------------------------------
# The named queries on the multi-article fixture


def test_officials_across_articles_and_aliases(fixture: Path) -> None:
    found = both(fixture / "store", "officials", ("person", "title", "firstSeen", "lastSeen", "articles"), "org",
                 "国家发改委", "國家發展和改革委員會")
    assert found == [("郑栅洁", "主任", "2023-03-10", "2023-04-12", "2")]


def test_posts_across_articles(fixture: Path) -> None:
    found = both(fixture / "store", "posts", ("organization", "title", "firstSeen", "lastSeen", "articles"),
                 "person", "李强", "李強")
    assert found == [("国务院", "总理", "2023-03-10", "2023-04-12", "2")]
    assert rows(fixture / "store", "posts", "organization", "title", person="拉卡列·波乌") == [("乌拉圭", "总统")]


def test_holders_by_date(fixture: Path) -> None:
    def status(date: str) -> list[tuple[str | None, ...]]:
        return both(fixture / "store", "holders", ("person", "status"), "title", "总理", "總理", org="國務院",
                    date=date)

    assert status("2023-04-01") == [("李强", "in post")]
    assert status("2024-01-01") == [("李强", "seen before")]
    assert status("2023-01-01") == []


def test_participants_of_meetings_per_date(fixture: Path) -> None:
    found = both(fixture / "store", "participants", ("date", "person", "role"), "meeting", "国务院常务会议",
                 "國務院常務會議")
    assert ("2023-03-10", "李强", "presided") in found
    assert ("2023-04-12", "郑栅洁", "spoke") in found
    assert {r[0] for r in found} == {"2023-03-10", "2023-04-12"}


def test_meetings_of_a_person(fixture: Path) -> None:
    found = both(fixture / "store", "meetings", ("date", "role"), "person", "李强", "李強")
    assert found == [("2023-03-10", "presided"), ("2023-04-12", "presided")]


def test_who_met_whom(fixture: Path) -> None:
    found = both(fixture / "store", "met", ("date", "person", "other"), "person", "习近平", "習近平")
    assert found == [("2024-05-20", "习近平", "拉卡列·波乌")]
    everyone = rows(fixture / "store", "met", "person", "other")
    assert sorted(everyone) == [("习近平", "拉卡列·波乌"), ("拉卡列·波乌", "习近平")]


def test_met_pairs_only_across_the_sides_of_talks(tmp_path: Path) -> None:
    """Who met whom pairs one person of each side of a meeting the text reports: not a host's spouse with the
    host, not two guests met separately (分别会见), not a meeting announced for later, not an article's two
    bare 会谈 of one day."""
    records = [
        {"id": "m1", "date": "2024-06-01", "title": "会见",
         "text": "国家主席王明和夫人李红在北京会见某国总统阿里。国家副主席赵强分别会见赞比亚副总统纳卢曼戈和洪都拉斯副总统加西亚。"
                 "王明将于下周会见法国总统马克龙。"},
        {"id": "m2", "date": "2024-06-01", "title": "会谈", "text": "总理钱进同德国总理朔尔茨举行会谈。"},
        {"id": "m3", "date": "2024-06-01", "title": "会谈", "text": "外长孙明同英国外交大臣拉米举行会谈。"},
    ]
    news = tmp_path / "news.jsonl"
    news.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    kg.build_store([news], tmp_path / "store", validate=False)
    pairs = {tuple(sorted(p)) for p in rows(tmp_path / "store", "met", "person", "other")}
    assert pairs == {("王明", "阿里"), ("李红", "阿里"), ("纳卢曼戈", "赵强"), ("加西亚", "赵强"),
                     ("朔尔茨", "钱进"), ("孙明", "拉米")}


def test_policies_by_month(fixture: Path) -> None:
    found = rows(fixture / "store", "policies", "month", "policy", "articles", period="2023")
    assert found[0][0] == "2023-04"  # newest month first
    assert ("2023-03", "高质量发展", "1") in found and ("2023-04", "高质量发展", "1") in found
    assert rows(fixture / "store", "policies", "policy", period="2023-03", type="theory") == [
        ("习近平新时代中国特色社会主义思想",)]
    assert rows(fixture / "store", "policies", "policy", period="2023", min="2") == []


def test_hierarchy_below_a_body(fixture: Path) -> None:
    found = both(fixture / "store", "hierarchy", ("level", "organization", "parent"), "org", "浙江省委", "中共浙江省委")
    assert found == [("1", "中共浙江省委组织部", "中共浙江省委")]


def test_evidence_across_articles_in_both_scripts(fixture: Path) -> None:
    found = both(fixture / "store", "evidence", ("article", "kind", "sentence"), "about", "郑栅洁", "鄭柵潔")
    posts = [(a, s) for a, k, s in found if k == "post"]
    assert posts == [("a1", "国家发展改革委主任郑栅洁出席会议。"), ("a2", "國家發改委主任鄭柵潔出席會議並講話。")]


# ---------------------------------------------------------------------------------------------------------
# The policy queries on hand-made articles (what bodies, meetings and persons did with policies)

PLAN, PLAN_HANT = "临江市数字经济发展规划", "臨江市數字經濟發展規劃"


def test_policy_timeline_in_date_order(acts: Path) -> None:
    found = both(acts / "store", "policy-timeline", ("date", "relation", "agent", "kind", "articles", "article"),
                 "policy", PLAN, f"《{PLAN_HANT}》")
    # a meeting's act is dated by the meeting (3-28, reported on 4-02), others by the article; issued first
    assert found == [
        ("2025-03-06", "issued", "临江市人民政府", "body", "1", "p1"),
        ("2025-03-06", "implemented", "周立新", "person", "1", "p1"),
        ("2025-03-28", "studied", "临江市委常委会会议", "meeting", "1", "p2"),
        ("2025-04-02", "issued", "临江市人民政府", "body", "1", "p2"),
    ]
    assert rows(acts / "store", "policy-timeline", "date", policy="临江市数字经济") == []  # whole names only


def test_policy_agents_by_relation(acts: Path) -> None:
    found = both(acts / "store", "policy-agents", ("relation", "agent", "kind", "firstSeen", "lastSeen", "articles"),
                 "policy", f"《{PLAN}》", PLAN_HANT)
    assert found == [
        ("issued", "临江市人民政府", "body", "2025-03-06", "2025-04-02", "2"),  # two articles, one act
        ("studied", "临江市委常委会会议", "meeting", "2025-03-28", "2025-03-28", "1"),
        ("implemented", "周立新", "person", "2025-03-06", "2025-03-06", "1"),
    ]
    assert rows(acts / "store", "policy-agents", "relation", "agent", policy="临江市数据要素管理办法") == [
        ("adopted", "临江市政府常务会议")]


def test_policies_of_a_body_a_meeting_and_a_person(acts: Path) -> None:
    columns = ("policy", "relation", "firstSeen", "lastSeen", "articles")
    assert both(acts / "store", "policies-of", columns, "agent", "临江市人民政府", "臨江市人民政府") == [
        (PLAN, "issued", "2025-03-06", "2025-04-02", "2")]
    assert both(acts / "store", "policies-of", columns, "agent", "临江市委常委会会议", "臨江市委常委會會議") == [
        (PLAN, "studied", "2025-03-28", "2025-03-28", "1")]
    assert rows(acts / "store", "policies-of", *columns, "agent", agent="临江市政府常务会议") == [
        ("临江市数据要素管理办法", "adopted", "2025-03-05", "2025-03-05", "1",
         "https://w3id.org/kg-gov/id/meeting/2025-03-05/临江市政府常务会议")]
    assert rows(acts / "store", "policies-of", "policy", "relation", agent="周立新") == [(PLAN, "implemented")]
    by_iri = rows(acts / "store", "policies-of", "policy", agent="https://w3id.org/kg-gov/id/person/周立新")
    assert by_iri == [(PLAN,)]


def test_evidence_of_policy_acts(acts: Path) -> None:
    found = rows(acts / "store", "evidence", "kind", "fact", "article", "sentence", about="臨江市人民政府")
    assert found == [("act", "临江市人民政府印发临江市数字经济发展规划", "p1", "临江市人民政府印发《临江市数字经济发展规划》。"),
                     ("act", "临江市人民政府印发临江市数字经济发展规划", "p2", "臨江市人民政府日前印發《臨江市數字經濟發展規劃》。")]
    by_act = rows(acts / "store", "evidence", "kind", "start", "end", about="周立新贯彻落实临江市数字经济发展规划")
    assert by_act == [("act", "25", "45")]


FIXTURE_PARAMS: dict[str, dict[str, str]] = {
    "officials": {"org": "国务院"}, "posts": {"person": "李强"},
    "holders": {"title": "总理", "org": "国务院", "date": "2023-04-01"},
    "participants": {"meeting": "国务院常务会议"}, "meetings": {"person": "李强"}, "met": {},
    "policies": {"period": "2023"}, "hierarchy": {"org": "浙江省委"}, "evidence": {"about": "郑栅洁"},
    "policies-of": {"agent": "临江市人民政府"}, "policy-agents": {"policy": PLAN},
    "policy-timeline": {"policy": PLAN},
}
#: Queries run on the hand-made articles with policy relations rather than on the extracted fixture.
ON_ACTS = frozenset({"policies-of", "policy-agents", "policy-timeline"})


# rdflib's evaluator joins this query's patterns in written order and takes minutes even on the fixture
# (6 min measured here); the three Oxigraph-backed answers above are still compared for it.
RDFLIB_TOO_SLOW = frozenset({"holders"})


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_files_store_and_rdflib_agree(request: pytest.FixtureRequest, name: str) -> None:
    """Every named query gives the same rows on the store, the N-Quads, the union Turtle and in rdflib."""
    fixture: Path = request.getfixturevalue("acts" if name in ON_ACTS else "fixture")
    query = named_queries()[name]
    params = FIXTURE_PARAMS[name]
    expected = run_query(fixture / "store", name, params).records()
    assert expected, f"{name} found nothing on the fixture"
    assert run_query(fixture / "files" / "graph.nq", name, params).records() == expected
    assert run_query(fixture / "files" / "graph.ttl", name, params).records() == expected
    if name in RDFLIB_TOO_SLOW:
        return
    ds = Dataset(default_union=True)
    ds.parse(fixture / "files" / "graph.nq", format="nquads")
    answer = ds.query(render(query, params))
    def key(row: tuple[str | None, ...]) -> tuple[str, ...]:
        return tuple("\0" if v is None else v for v in row)

    got = sorted((tuple(None if r[v] is None else str(r[v]) for v in answer.vars) for r in answer), key=key)
    assert got == sorted((tuple(r.values()) for r in expected), key=key)


# ---------------------------------------------------------------------------------------------------------
# Parameters are terms, never text


@pytest.mark.parametrize("name,param", [("officials", "org"), ("evidence", "about"), ("met", "person"),
                                        ("participants", "meeting"), ("policies-of", "agent"),
                                        ("policy-agents", "policy"), ("policy-timeline", "policy")])
def test_injection_attempt_is_inert(fixture: Path, name: str, param: str) -> None:
    text = render(named_queries()[name], {param: INJECTION})
    kinds = [k for k, v, _ in kg.query.tokens(text) if "DROP" in v]
    assert kinds and set(kinds) == {"string"}  # DROP only ever inside a string literal
    if name in ("evidence", "policies-of"):  # the value as given is one of the candidates, escaped
        assert '"退役军人事务部\\" } ; DROP ALL ; #"@zh-Hans' in text
    with kg.store.KgStore.open(fixture / "store", create=False, read_only=True) as st:
        before = st.dump_nquads()
        assert run_query(st, name, {param: INJECTION}).records() == []
        assert st.dump_nquads() == before


@pytest.mark.parametrize("value", [
    '"}  DROP ALL #', "\\u0022 } DROP ALL #", '\\" } DROP ALL', "a\nb } DROP ALL", "'''", '"""',
])
def test_hostile_values_stay_in_one_literal(sample: Path, value: str) -> None:
    for name, param in (("posts", "person"), ("evidence", "about"), ("participants", "meeting")):
        text = render(named_queries()[name], {param: value})
        check_read_only(text)  # no update keyword outside a string
        assert run_query(sample, name, {param: value}).records() == []


def test_bad_parameters_are_one_line_errors() -> None:
    officials, policies = named_queries()["officials"], named_queries()["policies"]
    with pytest.raises(ParameterError, match="--org is required"):
        render(officials, {})
    with pytest.raises(ParameterError, match="its parameters: --org"):
        render(officials, {"org": "x", "person": "y"})
    with pytest.raises(ParameterError, match="not a year or month"):
        render(policies, {"period": "2024-13"})
    with pytest.raises(ParameterError, match="not a whole number"):
        render(policies, {"min": "1 } DROP ALL"})
    with pytest.raises(ParameterError, match="not a date"):
        render(named_queries()["holders"], {"title": "部长", "org": "国务院", "date": "2024-02-30"})
    with pytest.raises(ParameterError, match="control character"):
        render(officials, {"org": "a\x00b"})
    with pytest.raises(ParameterError, match="not an absolute IRI"):
        render(named_queries()["evidence"], {"about": "https://x/> } DROP ALL #"})


def test_terms_are_escaped() -> None:
    assert sparql_literal('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
    assert sparql_literal("x", lang="zh-Hans") == '"x"@zh-Hans'
    assert sparql_literal("2024-01-01", datatype="http://www.w3.org/2001/XMLSchema#date") == \
        '"2024-01-01"^^<http://www.w3.org/2001/XMLSchema#date>'
    with pytest.raises(ParameterError):
        sparql_literal("x", lang="zh Hans")
    with pytest.raises(ParameterError):
        sparql_iri("not an iri")
    for value in ['"', "\\", "\\u0022", "\n", "'''", "退役軍人事務部"]:
        parsed = ox.Store().query(f"SELECT ?v WHERE {{ BIND({sparql_literal(value)} AS ?v) }}")
        assert [s["v"].value for s in parsed] == [value.replace("\\u0022", "\\u0022")]


def test_dollar_variables_in_strings_iris_and_comments_are_left_alone() -> None:
    q = NamedQuery.parse("# T.\n# @param org (org) e.g. 国务院 — a body\n"
                         'SELECT * { VALUES ?o { $org } ?s <urn:$org> "$org" } # $org\n', "t")
    text = q.render({"org": "国务院"})
    assert 'VALUES ?o { "国务院"@zh-Hans }' in text
    assert '<urn:$org> "$org" } # $org' in text


# ---------------------------------------------------------------------------------------------------------
# Read-only


@pytest.mark.parametrize("text", [
    "DROP ALL", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "delete where { ?s ?p ?o }", "LOAD <http://x/y>",
    "CLEAR DEFAULT", "CREATE GRAPH <urn:g>", "COPY DEFAULT TO <urn:g>", "MOVE <urn:a> TO <urn:b>",
    "ADD <urn:a> TO <urn:b>", "PREFIX x: <urn:> WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "select * { service silent <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERV\\u0049CE <http://example.org/sparql> { ?s ?p ?o } }",
])
def test_updates_load_and_service_are_refused(text: str) -> None:
    with pytest.raises(ReadOnlyError):
        check_read_only(text)


@pytest.mark.parametrize("text", [
    'SELECT * WHERE { ?s ?p "DROP ALL; SERVICE" }',
    "SELECT * WHERE { ?s <http://example.org/service/drop> ?o } # LOAD <http://x>",
    "PREFIX service: <urn:s:> SELECT ?insert WHERE { ?insert service:load ?drop }",
    "SELECT * WHERE { ?s ?p '''\nINSERT DATA { }\n''' }",
])
def test_words_inside_strings_iris_names_and_comments_are_fine(text: str) -> None:
    check_read_only(text)


def test_syntax_errors_say_where(sample: Path) -> None:
    with pytest.raises(QuerySyntaxError) as err:
        run_query(sample, "SELECT * WHERE {\n  ?s ?p ?o ?x }")
    assert err.value.line == 2 and err.value.column
    assert f"line 2, column {err.value.column}:" in str(err.value) and "\n" not in str(err.value)


def test_unknown_named_query_lists_them() -> None:
    with pytest.raises(QueryError, match="named queries: evidence, hierarchy"):
        run_query(Graph(), "offcials")


# ---------------------------------------------------------------------------------------------------------
# Formats and loading


def test_table_aligns_cjk_by_display_width(sample: Path) -> None:
    table = format_result(run_query(sample, "officials", {"org": "退役军人事务部"}), "table")
    lines = table.splitlines()
    assert lines[-1] == "(5 rows)"
    # the second column starts at the same display column on every line (钱锋 is 4 columns, 孙绍骋 6)
    starts = {kg.query._cell_width(re.match(r"\S+\s+", line).group(0)) for line in lines[:-1]}  # type: ignore[union-attr]
    assert starts == {8}


def test_csv_tsv_json_xml(sample: Path) -> None:
    result = run_query(sample, "posts", {"person": "孫紹騁"})
    text = format_result(result, "csv")
    assert text.startswith("organization,title,former,firstSeen,lastSeen,articles,person\r\n")
    assert list(csv.reader(io.StringIO(text)))[1][:3] == ["退役军人事务部", "部长", "false"]
    tsv = format_result(result, "tsv").splitlines()
    assert tsv[0].split("\t")[:2] == ["?organization", "?title"]
    assert tsv[1].split("\t")[0] == '"退役军人事务部"@zh-Hans'  # language tags in their usual case
    data = json.loads(format_result(result, "json"))
    assert data["results"]["bindings"][0]["organization"] == {"type": "literal", "value": "退役军人事务部",
                                                               "xml:lang": "zh-Hans"}
    assert data["results"]["bindings"][0]["articles"]["datatype"].endswith("#integer")
    root = ET.fromstring(format_result(result, "xml"))
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)][:2] == ["organization", "title"]


def test_construct_ask_and_graph_formats(sample: Path) -> None:
    q = ("PREFIX kg: <https://w3id.org/kg-gov/ns#> CONSTRUCT { ?p a kg:Person } WHERE { ?p a kg:Person }")
    result = run_query(sample / "graph.ttl", q)
    assert result.kind == "graph" and len(result) == 8
    assert len(Graph().parse(data=format_result(result, "ttl"), format="turtle")) == 8
    assert len(Graph().parse(data=format_result(result, "json"), format="json-ld")) == 8
    assert len(Graph().parse(data=format_result(result, "xml"), format="xml")) == 8
    assert format_result(result, "nt").count("\n") == 8
    assert "person:孙绍骋" in format_result(result, "ttl")
    ask = run_query(sample, "ASK { ?s a <https://w3id.org/kg-gov/ns#Meeting> }")
    assert (ask.kind, ask.boolean) == ("ask", True)
    assert json.loads(format_result(ask, "json")) == {"head": {}, "boolean": True}
    with pytest.raises(QueryError, match="for CONSTRUCT"):
        format_result(ask, "ttl")
    with pytest.raises(QueryError, match="use one of table, csv"):
        format_result(ask, "yaml")


def test_limit_truncates(sample: Path) -> None:
    result = run_query(sample, "SELECT ?s WHERE { ?s ?p ?o }", limit=3)
    assert len(result.rows) == 3 and result.truncated
    assert "truncated" in format_result(result, "table")


def test_sources_folder_file_store_graph_and_errors(sample: Path, fixture: Path, tmp_path: Path) -> None:
    count = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://w3id.org/kg-gov/ns#Person> }"
    assert run_query(sample, count).records() == [{"n": "8"}]
    assert run_query(sample / "graph.ttl", count).records() == [{"n": "8"}]
    assert run_query(kg.open_graph(sample / "graph.ttl"), count).records() == [{"n": "8"}]
    assert run_query(fixture / "store", count).records() == run_query(fixture / "files", count).records()
    with pytest.raises(kg.KgError, match="no graph in this folder"):
        run_query(tmp_path, count)
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(kg.KgError, match="cannot parse as Turtle"):
        run_query(bad, count)


def test_rq_files_and_their_parameters(sample: Path, tmp_path: Path) -> None:
    rq = tmp_path / "mine.rq"
    rq.write_text("# Titles of a person.\n# @param who (name) e.g. 孫紹騁 — a person\n"
                  "PREFIX org: <http://www.w3.org/ns/org#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                  "SELECT DISTINCT ?t WHERE { VALUES ?n { $who } ?p rdfs:label ?n . ?post org:member ?p ;"
                  " org:role/rdfs:label ?t . FILTER(lang(?t) = 'zh-hans') }\n", encoding="utf-8")
    assert run_query(sample, str(rq), {"who": "孫紹騁"}).records() == [{"t": "部长"}]
    with pytest.raises(ParameterError, match="declares no parameters"):
        run_query(sample, "SELECT * { ?s ?p ?o } LIMIT 1", {"x": "1"})
    with pytest.raises(QueryError, match="cannot read the query file"):
        run_query(sample, str(tmp_path / "missing.rq"))


# ---------------------------------------------------------------------------------------------------------
# The query files themselves


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_query_files_are_documented(name: str) -> None:
    q = named_queries()[name]
    assert q.summary.endswith(".") and q.description
    assert q.examples and all(e.startswith("kg query ") and f" {name}" in e for e in q.examples)
    for p in q.params:
        assert p.example and p.description
    declared = {p.name for p in q.params}
    used = {v[1:] for k, v, _ in kg.query.tokens(q.text) if k == "var" and v.startswith("$")}
    assert declared <= used <= declared | {p.name + "_given" for p in q.params if not p.required}
    for line in q.text.splitlines():
        if line.startswith("PREFIX"):
            prefix, iri = re.match(r"PREFIX (\w+): <([^>]+)>", line).groups()  # type: ignore[union-attr]
            assert PREFIXES[prefix] == iri  # the ontology's prefixes
    # with the example values it parses and runs
    ox.Store().query(q.render({p.name: p.example for p in q.params}))


# ---------------------------------------------------------------------------------------------------------
# kg query


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("org", ["退役军人事务部", "退役軍人事務部"])
def test_cli_named_query_in_both_scripts(runner: CliRunner, sample: Path, org: str) -> None:
    result = runner.invoke(main, ["query", str(sample), "officials", "--org", org, "--format", "table"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["person", "title", "former", "firstSeen", "lastSeen", "articles"]
    assert lines[2].split() == ["孙绍骋", "部长", "false", "1"]


@pytest.mark.parametrize("fmt,check", [
    ("table", lambda out: out.splitlines()[1].startswith("------")),
    ("csv", lambda out: out.startswith("organization,title,")),
    ("tsv", lambda out: out.startswith("?organization\t?title")),
    ("json", lambda out: json.loads(out)["head"]["vars"][0] == "organization"),
    ("xml", lambda out: ET.fromstring(out).tag.endswith("sparql")),
])
def test_cli_each_format(runner: CliRunner, sample: Path, fmt: str, check: object) -> None:
    result = runner.invoke(main, ["query", str(sample / "graph.ttl"), "posts", "--person=孫紹騁", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert check(result.output)  # type: ignore[operator]


def test_cli_defaults_to_csv_when_piped_and_turtle_for_graphs(runner: CliRunner, fixture: Path) -> None:
    result = runner.invoke(main, ["query", str(fixture / "store"), "posts", "--person", "李強"])
    assert result.output.splitlines()[:2] == ["organization,title,former,firstSeen,lastSeen,articles,person",
                                             "国务院,总理,false,2023-03-10,2023-04-12,2,"
                                             "https://w3id.org/kg-gov/id/person/李强"]
    construct = runner.invoke(main, ["query", str(fixture / "store"),
                                     "CONSTRUCT { ?p a <https://w3id.org/kg-gov/ns#Person> } WHERE "
                                     "{ ?p a <https://w3id.org/kg-gov/ns#Person> }"])
    assert construct.exit_code == 0 and "person:李强" in construct.output


@pytest.mark.parametrize("args,message", [
    (["officials"], "Error: --org is required"),
    (["officials", "--org", "x", "--who", "y"], "Error: officials has no parameter --who"),
    (["SELECT * WHERE { ?s ?p }"], "Error: SPARQL syntax error at line 1, column 25"),
    (["DROP ALL"], "Error: SPARQL Update (DROP) is refused"),
    (["offcials"], "Error: unknown named query 'offcials'"),
    (["posts", "--person", "李强", "--format", "yaml"], "Error: unknown result format 'yaml'"),
])
def test_cli_errors_are_one_line(runner: CliRunner, sample: Path, args: list[str], message: str) -> None:
    result = runner.invoke(main, ["query", str(sample), *args])
    assert result.exit_code == 1
    assert result.output.startswith(message) and result.output.count("\n") == 1
    assert "Traceback" not in result.output


def test_cli_help_lists_the_named_queries(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "--help"])
    assert result.exit_code == 0 and "Example" in result.output
    for name in named_queries():
        assert name in result.output


def test_doctests() -> None:
    assert doctest.testmod(kg.query).failed == 0
