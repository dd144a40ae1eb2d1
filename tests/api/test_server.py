"""A real server: ``quotes serve`` (uvicorn) on a free loopback port, driven over HTTP.

It posts an article with the key, finds its speaker's quotes under another spelling
(Peskow → Dmitry Peskov), refuses a chunked body over the limit, and downloads the GraphML,
which must validate against ``../shared/graphml/graphml.xsd``.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from conftest import API_KEY
from helpers import PESKOW_ARTICLE, assert_problem, assert_valid_graphml
from servers import free_port, quotes_command, running_server

pytestmark = pytest.mark.slow
_START_TIMEOUT = 90.0


@pytest.fixture(scope="module")
def server(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of ``quotes serve`` running on this module's store."""
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    env = {"QUOTES_API_KEY": API_KEY, "QUOTES_MAX_BODY_BYTES": "65536", "QUOTES_API_KEYS": None}
    command = [quotes_command(), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with running_server([*command, "--db", db_url], env, log, port, _START_TIMEOUT) as running:
        yield running.base


def test_post_then_quotes_by_another_spelling_then_graphml(server: str) -> None:
    with httpx.Client(base_url=server, timeout=60.0) as http:
        denied = http.post("/v1/articles", json={"text": PESKOW_ARTICLE})
        assert_problem(denied, 401)
        created = http.post(
            "/v1/articles",
            json={"text": PESKOW_ARTICLE, "id": "kremlin-talks", "published": "2022-01-11"},
            headers={"X-API-Key": API_KEY},
        )
        assert created.status_code == 201, created.text
        posted = {q["id"] for q in created.json()["quotes"]}
        assert posted

        quotes = http.get("/v1/speakers/Peskow/quotes").json()
        assert {q["speaker"]["name"] for q in quotes["data"]} == {"Dmitri Peskow"}
        assert posted <= {q["id"] for q in quotes["data"]}
        assert quotes["data"][0]["article_id"] == "kremlin-talks"  # newest first

        with http.stream("GET", "/v1/graph.graphml") as response:
            assert response.status_code == 200
            assert response.headers["content-type"] == "application/graphml+xml"
            assert response.headers.get("transfer-encoding") == "chunked"
            data = response.read()
        assert_valid_graphml(data)
        assert b"kremlin-talks" in data


def test_chunked_body_over_the_limit(server: str) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(200):
            yield b"x" * 1024

    with httpx.Client(base_url=server, timeout=60.0) as http:
        response = http.post(
            "/v1/articles",
            content=chunks(),
            headers={"X-API-Key": API_KEY, "Content-Type": "application/json"},
        )
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert_problem(response, 413)
