"""Entity resolution across documents, named graphs per article, post dates, and retraction."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from kg.graph import DEFAULT_BASE, build_dataset, build_graph, derived_graph_iri, entity_iri, union_graph
from kg.model import Document, Mention, Post, Span
from kg.normalize import Normalizer
from kg.ontology import KG, ORG, RDF, SKOS, XSD
from kg.resolve import Resolver, canonical_org, org_parents

KEY = Normalizer().key


def doc(doc_id: str, date: str, text: str, posts: list[tuple[str, str, str]] = (),  # type: ignore[assignment]
        persons: list[str] = (), orgs: list[str] = (), script: str = "hans") -> Document:  # type: ignore[assignment]
    """A document with the given posts (person, org, title), bare person and organization mentions."""
    mentions: list[Mention] = []
    post_objs: list[Post] = []

    def m(sub: str, label: str, kind: str | None = None, after: int = 0) -> Mention:
        start = text.index(sub, after)
        return Mention(start, start + len(sub), sub, label, KEY(sub), kind, 0)  # type: ignore[arg-type]

    for person, org, title in posts:
        p, t = m(person, "PERSON"), m(title, "TITLE")
        o = m(org, "ORG", "government") if org else None
        mentions += [p, t] + ([o] if o else [])
        post_objs.append(Post(p, t, o))
    after = max((p.person.end for p in post_objs), default=0)  # bare names are written after the posts
    mentions += [m(x, "PERSON", after=after) for x in persons]
    mentions += [m(x, "ORG", "government") for x in orgs]
    return Document(id=doc_id, text=text, date=date, sentences=(Span(0, len(text)),), mentions=tuple(mentions),
                    posts=tuple(post_objs), script=script)  # type: ignore[arg-type]


def person(key: str) -> URIRef:
    return entity_iri(DEFAULT_BASE, "person", key)


def persons_in(g) -> set[str]:  # type: ignore[no-untyped-def]
    return {str(s).removeprefix(DEFAULT_BASE + "person/") for s in g.subjects(RDF.type, KG.Person)}


def test_homonyms_with_different_posts_stay_apart() -> None:
    docs = [
        doc("a", "2015-03-01", "国家发展改革委副主任王刚出席。", [("王刚", "国家发展改革委", "副主任")]),
        doc("b", "2024-06-01", "云南省委常委王刚出席。", [("王刚", "云南省委", "常委")]),
    ]
    g = build_graph(docs)
    assert persons_in(g) == {"王刚", "王刚/云南省委"}


def test_same_person_is_merged_across_articles_and_scripts() -> None:
    docs = [
        doc("a", "2023-03-11", "国务院总理李强主持会议。", [("李强", "国务院", "总理")]),
        doc("b", "2024-01-05", "李强总理出席。", [("李强", "", "总理")]),
        doc("c", "2024-02-05", "李强表示。", persons=["李强"]),
        doc("d", "2025-01-01", "退役軍人事務部部長孫紹騁出席。", [("孫紹騁", "退役軍人事務部", "部長")], script="hant"),
        doc("e", "2025-02-01", "退役军人事务部部长孙绍骋出席。", [("孙绍骋", "退役军人事务部", "部长")]),
    ]
    g = build_graph(docs)
    assert persons_in(g) == {"李强", "孙绍骋"}


def test_a_person_without_context_is_not_merged_into_one_of_several_homonyms() -> None:
    docs = [
        doc("a", "2015-03-01", "国家发展改革委副主任王刚出席。", [("王刚", "国家发展改革委", "副主任")]),
        doc("b", "2024-06-01", "云南省委常委王刚出席。", [("王刚", "云南省委", "常委")]),
        doc("c", "2024-07-01", "王刚表示。", persons=["王刚"]),
        doc("d", "2024-08-01", "王刚在云南省委会议上表示。", persons=["王刚"], orgs=["云南省委"]),
    ]
    resolver = Resolver()
    resolver.resolve(docs)
    assert resolver.person_key("c", "王刚") == "王刚\x1funidentified"
    assert resolver.person_key("d", "王刚") == "王刚\x1f云南省委"  # co-occurring organization decides
    # the state round-trips, and a later article resolves the same way
    again = Resolver(resolver.state())
    again.resolve([doc("e", "2024-09-01", "云南省委常委王刚调研。", [("王刚", "云南省委", "常委")])])
    assert again.person_key("e", "王刚") == "王刚\x1f云南省委"


def test_a_career_is_one_person_when_an_article_links_the_posts() -> None:
    """Posts held one after another join when some article names them together (or through the body a
    title names: 书记处书记 → 中共中央书记处 → 中共中央), whatever order the articles come in."""
    docs = [
        doc("a", "2021-05-01", "北京市委书记张三出席。", [("张三", "北京市委", "书记")]),
        doc("b", "2023-03-01", "中央书记处书记张三出席。", [("张三", "", "书记处书记")]),
        doc("c", "2023-09-01", "张三讲话。", persons=["张三"]),
        doc("d", "2024-06-01", "原北京市委书记、中共中央办公厅主任张三出席。",
            [("张三", "北京市委", "书记"), ("张三", "中共中央办公厅", "主任")]),
    ]
    for order in (docs, list(reversed(docs)), [docs[3], docs[1], docs[0], docs[2]]):
        assert persons_in(build_graph(order)) == {"张三"}


def test_generic_titles_do_not_link_homonyms() -> None:
    """Two 王刚 who are both 副主任 (of unrelated bodies) stay two people."""
    docs = [
        doc("a", "2020-01-01", "国家发展改革委副主任王刚出席。", [("王刚", "国家发展改革委", "副主任")]),
        doc("b", "2020-02-01", "云南省人大常委会副主任王刚出席。", [("王刚", "云南省人大常委会", "副主任")]),
    ]
    assert persons_in(build_graph(docs)) == {"王刚", "王刚/云南省人大"}


def test_a_bare_name_goes_to_the_only_homonym_active_at_its_date() -> None:
    docs = [
        doc("a", "2015-01-01", "国家发展改革委副主任王刚出席。", [("王刚", "国家发展改革委", "副主任")]),
        doc("b", "2016-01-01", "国家发展改革委副主任王刚调研。", [("王刚", "国家发展改革委", "副主任")]),
        doc("c", "2024-01-01", "云南省委常委王刚出席。", [("王刚", "云南省委", "常委")]),
        doc("d", "2024-12-01", "云南省委常委王刚调研。", [("王刚", "云南省委", "常委")]),
        doc("e", "2015-06-01", "王刚表示。", persons=["王刚"]),
        doc("f", "2024-06-01", "王刚指出。", persons=["王刚"]),
        doc("g", "2020-06-01", "王刚强调。", persons=["王刚"]),
    ]
    resolver = Resolver()
    resolver.resolve(docs)
    assert resolver.person_key("e", "王刚") == "王刚"
    assert resolver.person_key("f", "王刚") == "王刚\x1f云南省委"
    assert resolver.person_key("g", "王刚") == "王刚\x1funidentified"  # neither was seen around 2020


def test_generic_titles_alone_do_not_start_new_people() -> None:
    """An article that calls someone only 主席 or 纪委书记 (titles every body has) adds to the person of that
    name; it neither starts a homonym nor becomes unidentified when there is one person of the name."""
    docs = [doc("a", "2023-01-01", "国家主席张三出席。", [("张三", "", "国家主席")])]
    docs += [doc(f"t{i}", f"2023-02-{i + 1:02d}", "主席张三出席。", [("张三", "", "主席")]) for i in range(5)]
    docs += [doc("k", "2023-03-01", "纪委书记李四讲话。", [("李四", "", "纪委书记")]),
             doc("l", "2023-03-02", "中央纪委书记李四讲话。", [("李四", "中央纪委", "书记")])]
    assert persons_in(build_graph(docs)) == {"张三", "李四"}


def test_short_forms_of_transliterated_names() -> None:
    docs = [
        doc("a", "2024-01-01", "叙利亚总统巴沙尔·阿萨德出席。巴沙尔说，阿萨德政府……", [("巴沙尔·阿萨德", "叙利亚", "总统")],
            persons=["巴沙尔", "阿萨德"]),
        doc("b", "2024-02-01", "巴沙尔表示。", persons=["巴沙尔"]),
        doc("c", "2024-03-01", "阿萨德表示。", persons=["阿萨德"]),
        doc("d", "2024-04-01", "穆罕默德表示。", persons=["穆罕默德"]),  # the part of two full names
        doc("e", "2024-05-01", "穆罕默德·本·萨勒曼和穆罕默德·阿巴斯出席。",
            persons=["穆罕默德·本·萨勒曼", "穆罕默德·阿巴斯"]),
    ]
    g = build_graph(docs)
    assert persons_in(g) == {"巴沙尔·阿萨德", "穆罕默德", "穆罕默德·本·萨勒曼", "穆罕默德·阿巴斯"}
    # a short form written before the full name (拜登之子亨特·拜登) is not linked to it
    other = [doc("f", "2024-06-01", "拜登之子亨特·拜登出庭。", persons=["拜登", "亨特·拜登"]),
             doc("g", "2024-06-02", "拜登表示。", persons=["拜登"])]
    assert persons_in(build_graph(other)) == {"拜登", "亨特·拜登"}
    node = person("巴沙尔·阿萨德")
    assert {str(x) for x in g.objects(node, SKOS.altLabel)} >= {"巴沙尔", "阿萨德"}
    assert Literal("巴沙尔·阿萨德", lang="zh-Hans") in set(g.objects(node, SKOS.prefLabel))


def test_ambiguous_short_form_follows_the_posts_written_with_it() -> None:
    """巴沙尔 is the first part of two full names; written with the posts of one of them (叙利亚总统), and
    never with the other's, it is that person — including where it is written with no post at all."""
    docs = [
        doc("a", "2024-01-01", "叙利亚总统巴沙尔·阿萨德出席。", [("巴沙尔·阿萨德", "叙利亚", "总统")]),
        doc("b", "2024-01-02", "叙利亚驻俄罗斯大使巴沙尔·贾法里出席。", [("巴沙尔·贾法里", "俄罗斯", "大使")]),
        doc("c", "2024-02-01", "叙利亚总统巴沙尔会见来宾。", [("巴沙尔", "叙利亚", "总统")]),
        doc("d", "2024-02-02", "巴沙尔表示。", persons=["巴沙尔"]),
    ]
    assert persons_in(build_graph(docs)) == {"巴沙尔·阿萨德", "巴沙尔·贾法里"}
    # written once with each one's posts: ambiguous, kept apart from both
    docs.append(doc("e", "2024-03-01", "驻俄罗斯大使巴沙尔出席。", [("巴沙尔", "俄罗斯", "大使")]))
    g = build_graph(docs)
    assert {"巴沙尔·阿萨德", "巴沙尔·贾法里"} < persons_in(g)
    assert all(p.startswith("巴沙尔/") or p in ("巴沙尔", "巴沙尔·阿萨德", "巴沙尔·贾法里") for p in persons_in(g))
    for full in ("巴沙尔·阿萨德", "巴沙尔·贾法里"):
        assert "巴沙尔" not in {str(x) for x in g.objects(person(full), SKOS.altLabel)}


def test_stored_clusters_keep_their_iris() -> None:
    """In an incremental build two people who already have IRIs are not merged by a later article."""
    first = [
        doc("a", "2021-05-01", "北京市委书记张三出席。", [("张三", "北京市委", "书记")]),
        doc("b", "2023-03-01", "中共中央办公厅主任张三出席。", [("张三", "中共中央办公厅", "主任")]),
    ]
    resolver = Resolver()
    resolver.resolve(first)
    keys = {resolver.person_key(d.id, "张三") for d in first}
    assert len(keys) == 2
    later = Resolver(resolver.state())
    later.resolve([doc("d", "2024-06-01", "原北京市委书记、中共中央办公厅主任张三出席。",
                       [("张三", "北京市委", "书记"), ("张三", "中共中央办公厅", "主任")])])
    assert later.person_key("d", "张三") in keys
    assert len(later.clusters["张三"]) == 2


def test_input_order_does_not_change_iris() -> None:
    docs = [
        doc("a", "2015-03-01", "国家发展改革委副主任王刚出席。", [("王刚", "国家发展改革委", "副主任")]),
        doc("b", "2024-06-01", "云南省委常委王刚出席。", [("王刚", "云南省委", "常委")]),
    ]
    assert isomorphic(build_graph(docs), build_graph(list(reversed(docs))))


def test_organization_names_resolve_to_one_node() -> None:
    for names, key in (
        (["国家发展改革委", "国家发改委", "国家发展和改革委员会"], "国家发展改革委"),
        (["中共中央", "党中央", "中国共产党中央委员会"], "中共中央"),
        (["十四届全国人大常委会", "全国人大常委会"], "全国人大常委会"),
        (["退役軍人事務部", "退役军人事务部"], "退役军人事务部"),
    ):
        assert {canonical_org(KEY(n)) for n in names} == {key}, names


def test_preferred_label_is_the_most_complete_form_and_aliases_are_alt_labels() -> None:
    docs = [doc("a", "2025-01-01", "国家发改委和国家发展和改革委员会。", orgs=["国家发改委", "国家发展和改革委员会"])]
    g = build_graph(docs)
    ndrc = entity_iri(DEFAULT_BASE, "org", "国家发展改革委")
    assert Literal("国家发展和改革委员会", lang="zh-Hans") in set(g.objects(ndrc, SKOS.prefLabel))
    assert Literal("国家发改委", lang="zh-Hans") in set(g.objects(ndrc, SKOS.altLabel))


def test_organization_hierarchy_from_names() -> None:
    assert org_parents("浙江省委组织部", known=["浙江省委"]) == ["浙江省委"]
    assert org_parents("全国人大常委会") == ["全国人大"]
    assert org_parents("中央纪委国家监委驻退役军人事务部纪检监察组") == ["中央纪委国家监委", "退役军人事务部"]
    g = build_graph([doc("a", "2025-01-01", "浙江省委组织部和全国人大常委会。", orgs=["浙江省委组织部", "全国人大常委会"])])
    org = lambda k: entity_iri(DEFAULT_BASE, "org", k)  # noqa: E731
    assert (org("浙江省委组织部"), ORG.subOrganizationOf, org("浙江省委")) in g
    assert (org("全国人大常委会"), ORG.subOrganizationOf, org("全国人大")) in g


def test_posts_carry_first_and_last_seen_dates() -> None:
    docs = [
        doc("a", "2023-03-11", "国务院总理李强主持会议。", [("李强", "国务院", "总理")]),
        doc("b", "2024-05-02", "国务院总理李强会见。", [("李强", "国务院", "总理")]),
        doc("c", "2025-12-30", "国务院总理李强出席。", [("李强", "国务院", "总理")]),
    ]
    g = build_graph(docs)
    post = URIRef(DEFAULT_BASE + "post/李强/国务院/总理")
    assert g.value(post, KG.firstSeen) == Literal("2023-03-11", datatype=XSD.date)
    assert g.value(post, KG.lastSeen) == Literal("2025-12-30", datatype=XSD.date)
    assert g.value(post, KG.articleCount) == Literal(3, datatype=XSD.integer)
    # who held 国务院总理 on a given date
    rows = list(g.query("""
        PREFIX kg: <https://w3id.org/kg-gov/ns#> PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        SELECT ?who WHERE { ?p org:member ?who ; kg:title "总理"@zh-Hans ; kg:firstSeen ?f ; kg:lastSeen ?l .
                            FILTER(?f <= "2024-06-01"^^xsd:date && ?l >= "2024-06-01"^^xsd:date) }"""))
    assert [r.who for r in rows] == [person("李强")]


def test_each_article_is_a_named_graph_and_removing_it_removes_exactly_its_facts() -> None:
    a = doc("a", "2023-03-11", "国务院总理李强主持会议。", [("李强", "国务院", "总理")])
    b = doc("b", "2024-05-02", "退役军人事务部部长孙绍骋出席。", [("孙绍骋", "退役军人事务部", "部长")])
    ds = build_dataset([a, b])
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert names == {DEFAULT_BASE + "article/a", DEFAULT_BASE + "article/b", str(derived_graph_iri(DEFAULT_BASE))}
    article_b = entity_iri(DEFAULT_BASE, "article", "b")
    assert (person("孙绍骋"), RDF.type, KG.Person) in ds.graph(article_b)
    # dropping b's graph (and rebuilding the derived graph) equals building from a alone
    ds.remove_graph(ds.graph(article_b))
    ds.remove_graph(ds.graph(derived_graph_iri(DEFAULT_BASE)))
    only_a = build_dataset([a])
    ds_a_graph = {t for t in union_graph(ds)}
    expected = {t for g in only_a.graphs() if g.identifier != derived_graph_iri(DEFAULT_BASE) for t in g}
    assert ds_a_graph == expected


def test_a_name_written_as_a_place_elsewhere_is_no_person() -> None:
    """波克罗夫斯克 is a place in one article (PLACE mention) and was read as a name in another: with no post
    anywhere it is no person; a name with a post stays a person even if some article writes it as a place."""
    from dataclasses import replace

    def place_doc(doc_id: str, text: str, place: str) -> Document:
        d = doc(doc_id, "2024-01-01", text)
        start = text.index(place)
        return replace(d, mentions=(Mention(start, start + len(place), place, "PLACE", place, None, 0),))

    docs = [
        place_doc("a", "乌军在波克罗夫斯克方向作战。", "波克罗夫斯克"),
        doc("b", "2024-01-02", "波克罗夫斯克表示。", persons=["波克罗夫斯克"]),
        place_doc("c", "代表团抵达华盛顿。", "华盛顿"),
        doc("d", "2024-01-03", "美国总统华盛顿出席。", [("华盛顿", "美国", "总统")]),
    ]
    g = build_graph(docs)
    assert persons_in(g) == {"华盛顿"}
    resolver = Resolver()
    resolver.resolve(docs)
    assert resolver.person_key("b", "波克罗夫斯克") == ""
    assert "波克罗夫斯克" in Resolver(resolver.state()).places  # kept for appends
