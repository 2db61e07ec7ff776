"""The SPARQL endpoint over real HTTP: SPARQLWrapper and rdflib's SPARQLStore, content negotiation, refused
updates, the time and result limits, bad queries, the query page, and the ``kg serve`` command."""

from __future__ import annotations

import contextlib
import doctest
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

import kg
import kg.serve
from kg.query import named_queries
from kg.serve import SparqlServer

RECORDS = [
    {"id": "s1", "date": "2023-03-10", "title": "国务院常务会议",
     "text": "国务院总理李强3月10日主持召开国务院常务会议。国家发展改革委主任郑栅洁出席会议。"},
    {"id": "t1", "date": "2024-05-21", "title": "全國退役軍人事務廳(局)長會議",
     "text": "5月21日，全國退役軍人事務廳(局)長會議在京召開。退役軍人事務部部長孫紹騁出席會議並講話。"},
]
PERSONS = "SELECT DISTINCT ?p WHERE { ?p a <https://w3id.org/kg-gov/ns#Person> } ORDER BY ?p"
CONSTRUCT = ("CONSTRUCT { ?p a <https://w3id.org/kg-gov/ns#Person> } WHERE { ?p a <https://w3id.org/kg-gov/ns#Person> }")
#: A cartesian product that runs for hours on any graph: the runaway query.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("serve")
    news = root / "news.jsonl"
    news.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    kg.build([news], root / "out", formats=("nq",), validate=False)
    return root / "out"


@pytest.fixture(scope="module")
def server(graph: Path) -> Iterator[SparqlServer]:
    with SparqlServer(graph, port=0, workers=2, timeout=5, max_results=1000) as s:
        s.start()
        yield s


@pytest.fixture(scope="module")
def tight(graph: Path) -> Iterator[SparqlServer]:
    """A server with a one-second time limit and at most two results."""
    with SparqlServer(graph, port=0, workers=2, timeout=1, max_results=2) as s:
        s.start()
        yield s


def get(url: str, accept: str | None = None, data: bytes | None = None,
        content_type: str | None = None, method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    headers = {}
    if accept:
        headers["Accept"] = accept
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def sparql(server: SparqlServer, query: str, accept: str | None = None, **params: str) -> tuple[int, dict, bytes]:
    qs = urllib.parse.urlencode({"query": query, **params})
    return get(f"{server.url}sparql?{qs}", accept)


# ---------------------------------------------------------------------------------------------------------
# SPARQLWrapper and rdflib


def wrapper(server: SparqlServer, query: str, fmt: str) -> SPARQLWrapper:
    sw = SPARQLWrapper(server.url + "sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    return sw


def test_sparqlwrapper_select_in_each_format(server: SparqlServer) -> None:
    data = wrapper(server, PERSONS, JSON).queryAndConvert()
    persons = [b["p"]["value"] for b in data["results"]["bindings"]]
    assert "https://w3id.org/kg-gov/id/person/李强" in persons and "https://w3id.org/kg-gov/id/person/孙绍骋" in persons
    dom = wrapper(server, PERSONS, XML).queryAndConvert()
    assert len(dom.getElementsByTagName("result")) == len(persons)
    csv_text = wrapper(server, PERSONS, CSV).queryAndConvert().decode("utf-8")
    assert csv_text.splitlines()[0] == "p" and len(csv_text.splitlines()) == len(persons) + 1
    tsv_text = wrapper(server, PERSONS, TSV).queryAndConvert().decode("utf-8")
    assert tsv_text.splitlines()[0] == "?p" and tsv_text.splitlines()[1].startswith("<https://")


def test_sparqlwrapper_ask_construct_and_post(server: SparqlServer) -> None:
    assert wrapper(server, "ASK { ?s a <https://w3id.org/kg-gov/ns#Meeting> }", JSON).queryAndConvert()["boolean"]
    turtle = wrapper(server, CONSTRUCT, TURTLE).queryAndConvert()
    assert len(Graph().parse(data=turtle, format="turtle")) == 3
    assert len(wrapper(server, CONSTRUCT, JSONLD).queryAndConvert()) == 3  # an rdflib Graph
    for method in (POST, POSTDIRECTLY):
        sw = wrapper(server, PERSONS, JSON)
        sw.setMethod(POST)
        sw.setRequestMethod(method)
        assert len(sw.queryAndConvert()["results"]["bindings"]) == 3


def test_named_query_through_sparqlwrapper_in_both_scripts(server: SparqlServer) -> None:
    for org in ("退役军人事务部", "退役軍人事務部"):
        status, _, body = get(f"{server.url}queries/officials?" + urllib.parse.urlencode({"org": org}))
        assert status == 200
        data = wrapper(server, body.decode("utf-8"), JSON).queryAndConvert()
        assert [(b["person"]["value"], b["title"]["value"]) for b in data["results"]["bindings"]] == [("孙绍骋", "部长")]


def test_rdflib_sparqlstore(server: SparqlServer) -> None:
    g = Graph(SPARQLStore(server.url + "sparql", returnFormat="json"))
    rows = list(g.query(PERSONS))
    assert len(rows) == 3
    kind = next(g.objects(next(iter(r[0] for r in rows)), None), None)
    assert kind is not None  # triples() works through the store too


# ---------------------------------------------------------------------------------------------------------
# Content negotiation


@pytest.mark.parametrize("accept,media", [
    (None, "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json"),
    ("text/plain", "text/plain"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
])
def test_select_negotiation(server: SparqlServer, accept: str | None, media: str) -> None:
    status, headers, body = sparql(server, PERSONS, accept)
    assert status == 200 and headers["Content-Type"].startswith(media)
    if media.endswith("xml"):
        assert ET.fromstring(body).tag.endswith("sparql")


@pytest.mark.parametrize("accept,media,fmt", [
    (None, "text/turtle", "turtle"),
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
])
def test_construct_negotiation(server: SparqlServer, accept: str | None, media: str, fmt: str) -> None:
    status, headers, body = sparql(server, CONSTRUCT, accept)
    assert status == 200 and headers["Content-Type"].startswith(media)
    assert len(Graph().parse(data=body, format=fmt)) == 3


def test_format_parameter_and_not_acceptable(server: SparqlServer) -> None:
    status, headers, _ = sparql(server, PERSONS, None, format="csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    status, _, body = sparql(server, PERSONS, "image/png")
    assert status == 406 and b"application/sparql-results+json" in body
    status, _, _ = sparql(server, CONSTRUCT, "text/csv")
    assert status == 406


# ---------------------------------------------------------------------------------------------------------
# Read-only, errors, limits


@pytest.mark.parametrize("query", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DROP ALL", "LOAD <http://example.org/data.ttl>",
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERV\\u0049CE <http://example.org/sparql> { ?s ?p ?o } }",
])
def test_updates_load_and_service_are_refused(server: SparqlServer, query: str) -> None:
    status, _, body = sparql(server, query)
    assert status == 403 and b"refused" in body


def test_update_operations_are_refused(server: SparqlServer) -> None:
    url = server.url + "sparql"
    form = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
    assert get(url, data=form, content_type="application/x-www-form-urlencoded")[0] == 403
    assert get(url, data=b"DROP ALL", content_type="application/sparql-update")[0] == 403
    sw = SPARQLWrapper(url)
    sw.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    sw.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as err:
        sw.query()
    assert err.value.code == 403
    assert get(url, data=b"x", method="PUT")[0] == 405
    status, _, body = sparql(server, "ASK { <urn:a> <urn:b> <urn:c> }", "application/json")
    assert json.loads(body)["boolean"] is False  # nothing was written


def test_bad_query_is_400_with_line_and_column(server: SparqlServer) -> None:
    status, _, body = sparql(server, "SELECT * WHERE {\n  ?s ?p ?o ?x }")
    assert status == 400 and b"line 2, column" in body
    with pytest.raises(QueryBadFormed, match="line 2"):
        wrapper(server, "SELECT * WHERE {\n  ?s ?p ?o ?x }", JSON).query()
    form = urllib.parse.urlencode({"query": "ASK {}", "x": "1"}).encode() + b"&query=ASK%20%7B%7D"
    assert get(server.url + "sparql", data=form, content_type="application/x-www-form-urlencoded")[0] == 400
    assert get(server.url + "sparql", data=b"x" * (2 << 20), content_type="application/sparql-query")[0] == 413
    assert get(server.url + "sparql", data=b"ASK {}", content_type="text/plain")[0] == 415


def test_result_limit_cuts_and_says_so(tight: SparqlServer) -> None:
    status, headers, body = sparql(tight, PERSONS, "application/sparql-results+json")
    assert status == 200 and headers["X-SPARQL-MaxRows"] == "2"
    assert len(json.loads(body)["results"]["bindings"]) == 2


def test_time_limit_stops_a_runaway_query_without_blocking_others(tight: SparqlServer) -> None:
    killed = tight.pool.killed
    answer: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        answer["status"], _, answer["body"] = sparql(tight, RUNAWAY)
        answer["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    status, _, _ = sparql(tight, "ASK { ?s ?p ?o }")  # the other worker answers meanwhile
    assert status == 200 and time.monotonic() - started < 0.9
    thread.join(10)
    assert answer["status"] == 503 and b"ran out of time" in answer["body"]  # type: ignore[operator]
    assert 0.9 < answer["seconds"] < 3  # type: ignore[operator]
    assert tight.pool.killed == killed + 1  # its process was killed: the CPU work stopped
    deadline = time.monotonic() + 20
    while tight.pool.size() < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert tight.pool.size() == 2  # and a fresh worker took its place
    assert sparql(tight, "ASK { ?s ?p ?o }")[0] == 200


# ---------------------------------------------------------------------------------------------------------
# Pages


def test_query_page_lists_named_queries_and_works_offline(server: SparqlServer) -> None:
    status, headers, body = get(server.url)
    page = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    for name in named_queries():
        assert f'data-name="{name}"' in page
    assert "<script src" not in page and "<link" not in page and "@import" not in page  # no CDN, no fetch
    assert "--org" in page and "退役軍人事務部" in page


def test_query_page_runs_a_named_query_in_a_browser(server: SparqlServer) -> None:
    """The page in headless Chromium with every request outside the server blocked: fill, run, read the table."""
    import importlib.util

    chromium = Path("/usr/bin/chromium")
    if not chromium.exists() or importlib.util.find_spec("playwright") is None:
        pytest.skip("needs /usr/bin/chromium and playwright (.ci/run installs both)")
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=["--headless", "--no-sandbox",
                                                                        "--disable-gpu"])
        page = browser.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))

        def route(r):  # type: ignore[no-untyped-def]
            if r.request.url.startswith(server.url):
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(server.url)
        page.click("details:has(form[data-name=officials]) summary")
        page.fill("form[data-name=officials] input[name=org]", "退役軍人事務部")
        page.click("form[data-name=officials] button")
        page.wait_for_function("document.getElementById('query').value.includes('退役军人事务部')")
        page.click("#run")
        page.wait_for_selector("#result table")
        cells = page.locator("#result td").all_inner_texts()
        browser.close()
    assert "孙绍骋" in cells and "部长" in cells
    assert outside == [] and errors == []


def test_catalogue_and_rendered_named_queries(server: SparqlServer) -> None:
    status, _, body = get(server.url + "queries")
    catalogue = json.loads(body)
    assert status == 200 and [q["name"] for q in catalogue] == list(named_queries())
    assert catalogue[0]["params"][0]["name"] == "about"
    hostile = '退役军人事务部" } ; DROP ALL ; #'
    status, _, body = get(server.url + "queries/evidence?" + urllib.parse.urlencode({"about": hostile}))
    text = body.decode("utf-8")
    assert status == 200 and '"退役军人事务部\\" } ; DROP ALL ; #"@zh-Hans' in text
    status, _, result = sparql(server, text, "application/sparql-results+json")
    assert status == 200 and json.loads(result)["results"]["bindings"] == []
    assert get(server.url + "queries/officials?org=")[0] == 200  # the query as shipped
    assert get(server.url + "queries/holders?title=x&org=y&date=soon")[0] == 400
    assert get(server.url + "queries/nosuch")[0] == 404
    assert get(server.url + "nosuch")[0] == 404


def test_service_description_and_cors(server: SparqlServer) -> None:
    status, headers, body = get(server.url + "sparql")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert len(Graph().parse(data=body, format="turtle")) >= 4
    assert headers["Access-Control-Allow-Origin"] == "*"
    status, headers, _ = get(server.url + "sparql", method="OPTIONS")
    assert status == 204 and "POST" in headers["Access-Control-Allow-Methods"]


def test_a_missing_graph_is_one_error() -> None:
    with pytest.raises(kg.KgError, match="no such file"):
        SparqlServer("no/such/graph.ttl", port=0)


# ---------------------------------------------------------------------------------------------------------
# kg serve


def test_kg_serve_help_has_an_example() -> None:
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "Example" in result.output and "--max-results" in result.output


def _default_sigint() -> None:  # pragma: no cover - runs in the child before exec
    # a shell starts background jobs with SIGINT ignored, and an ignored signal stays ignored across exec:
    # give the server the SIGINT of an interactive terminal, whatever started the test run
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_kg_serve_command(graph: Path, stop: signal.Signals) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # its own session, so that the query workers and the fork server can be cleaned up with it
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(graph), "--port", str(port), "--workers", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=_default_sigint)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, body = get(f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": PERSONS}))
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None and time.monotonic() < deadline, "kg serve did not start"
                time.sleep(0.2)
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3
    finally:
        proc.send_signal(stop)
        try:
            proc.wait(timeout=60)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert f"127.0.0.1:{port}/sparql" in err and "Traceback" not in err


def test_doctests() -> None:
    assert doctest.testmod(kg.serve).failed == 0
