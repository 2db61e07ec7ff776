"""kg push against a scripted Graph Store Protocol endpoint on 127.0.0.1 (the real Oxigraph server is in
tests/test_exporters_db.py): the requests it sends, authentication, the 415 fallback, refusals and timeouts."""

from __future__ import annotations

import doctest
import importlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.cli import main
from kg.export import export
from kg.graph import build_dataset, union_graph
from kg.push import PushError, push
from tests.conftest import make_sample_doc, make_sample_doc_hans


class Endpoint:
    """Records requests; answers with ``status`` (or 415 to N-Quads when ``quads`` is off) after ``delay``."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.status = 204
        self.quads = True
        self.delay = 0.0
        self.body = b""

    def handler(self) -> type[BaseHTTPRequestHandler]:
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                endpoint.requests.append({"method": self.command, "path": self.path, "body": data,
                                          "type": self.headers.get("Content-Type"),
                                          "auth": self.headers.get("Authorization")})
                time.sleep(endpoint.delay)
                status = endpoint.status
                if not endpoint.quads and self.headers.get("Content-Type") == "application/n-quads":
                    status = 415
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(endpoint.body)))
                    self.end_headers()
                    self.wfile.write(endpoint.body)
                except OSError:  # the client gave up (the timeout test)
                    pass

            do_PUT = do_POST = _handle  # noqa: N815

            def log_message(self, *args: Any) -> None:
                pass

        return Handler


@pytest.fixture
def endpoint() -> Iterator[tuple[Endpoint, str]]:
    state = Endpoint()
    server = ThreadingHTTPServer(("127.0.0.1", 0), state.handler())
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/store"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def sample() -> Dataset:
    return build_dataset([make_sample_doc(), make_sample_doc_hans()])


def test_a_dataset_goes_as_one_nquads_request(endpoint: tuple[Endpoint, str]) -> None:
    state, url = endpoint
    ds = sample()
    result = push(ds, url)
    (request,) = state.requests
    assert (request["method"], request["path"], request["type"]) == ("POST", "/store", "application/n-quads")
    assert request["body"].decode("utf-8") == export(ds, "nq")
    assert result.graphs == 3 and result.requests == [("POST", url, 204)]
    assert "3 named graph(s)" in result.format()


def test_without_quads_each_graph_goes_as_turtle(endpoint: tuple[Endpoint, str]) -> None:
    state, url = endpoint
    state.quads = False
    ds = sample()
    result = push(ds, url, replace=True)
    assert [r["method"] for r in state.requests] == ["PUT"] * 4
    assert state.requests[0]["type"] == "application/n-quads"  # refused with 415, then one graph at a time
    assert "takes no N-Quads" in result.note
    for request in state.requests[1:]:
        assert request["type"] == "text/turtle; charset=utf-8"
        assert request["path"].startswith("/store?graph=https%3A%2F%2Fw3id.org%2Fkg-gov%2Fid%2F")
    sent = Dataset()
    for request in state.requests[1:]:
        from urllib.parse import parse_qs, urlsplit

        name = parse_qs(urlsplit(request["path"]).query)["graph"][0]
        sent.graph(name).parse(data=request["body"].decode("utf-8"), format="turtle")
    for graph in ds.graphs():
        assert isomorphic(graph, sent.graph(graph.identifier))


def test_one_named_graph_and_the_default_graph(endpoint: tuple[Endpoint, str]) -> None:
    state, url = endpoint
    push(sample(), url, graph_iri="https://example.org/g")
    assert state.requests[-1]["path"] == "/store?graph=https%3A%2F%2Fexample.org%2Fg"
    plain = union_graph(sample())
    received = Graph().parse(data=state.requests[-1]["body"].decode("utf-8"), format="turtle")
    assert isomorphic(plain, received)
    push(plain, url)
    assert state.requests[-1]["path"] == "/store?default"


def test_authentication_headers(endpoint: tuple[Endpoint, str]) -> None:
    state, url = endpoint
    push(Graph(), url, user="admin", password="pw:ü")
    assert state.requests[-1]["auth"] == "Basic YWRtaW46cHc6w7w="
    push(Graph(), url, token="t0k")
    assert state.requests[-1]["auth"] == "Bearer t0k"
    with pytest.raises(PushError, match="password is needed"):
        push(Graph(), url, user="admin")
    with pytest.raises(PushError, match="not both"):
        push(Graph(), url, user="admin", password="x", token="t")


def test_a_refusal_is_one_line_with_status_and_body(endpoint: tuple[Endpoint, str]) -> None:
    state, url = endpoint
    state.status = 403
    state.body = b"Forbidden:\n  this dataset is read-only " + b"x" * 500
    with pytest.raises(PushError) as err:
        push(sample(), url)
    message = str(err.value)
    assert "\n" not in message and "HTTP 403" in message and "this dataset is read-only" in message
    assert message.endswith("…") and len(message) < 400


def test_timeout(endpoint: tuple[Endpoint, str]) -> None:
    state, url = endpoint
    state.delay = 1.0
    with pytest.raises(PushError, match="no answer within 0.2 s"):
        push(Graph(), url, timeout=0.2)


def test_unreachable_and_bad_urls() -> None:
    with pytest.raises(PushError, match="cannot reach the endpoint"):
        push(Graph(), "http://127.0.0.1:9/store", timeout=5)
    with pytest.raises(PushError, match="not an http"):
        push(Graph(), "localhost:7878/store")
    with pytest.raises(PushError, match="not an absolute IRI"):
        push(Graph(), "http://127.0.0.1:9/store", graph_iri="https://example.org/a b")


def test_cli_push(endpoint: tuple[Endpoint, str], tmp_path: Path) -> None:
    state, url = endpoint
    source = tmp_path / "graph.nq"
    export(sample(), "nq", source)
    runner = CliRunner()
    result = runner.invoke(main, ["push", str(source), "--endpoint", url, "--user", "u"],
                           env={"KG_PUSH_PASSWORD": "p"})
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Pushed ") and "3 named graph(s)" in result.output
    assert state.requests[-1]["auth"] == "Basic dTpw"
    state.status = 500
    state.body = b"boom"
    result = runner.invoke(main, ["push", str(source), "--endpoint", url])
    assert result.exit_code == 1
    assert result.output == f"Error: {url}: the endpoint refused the upload: HTTP 500 Internal Server Error: boom\n"


def test_doctests() -> None:
    # kg/__init__.py re-exports the function kg.push.push, which hides the module attribute
    assert doctest.testmod(importlib.import_module("kg.push")).failed == 0
