"""A real server: ``quotes serve`` (uvicorn) on a free loopback port, driven over HTTP.

It posts an article with the key, finds its speaker's quotes under another spelling
(Peskow → Dmitry Peskov), refuses a chunked body over the limit, and downloads the GraphML,
which must validate against ``../shared/graphml/graphml.xsd``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import API_KEY
from helpers import PESKOW_ARTICLE, assert_problem, assert_valid_graphml

pytestmark = pytest.mark.slow
_START_TIMEOUT = 90.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(process: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"quotes serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(
        f"quotes serve did not answer /healthz in {_START_TIMEOUT:.0f} s:\n{log.read_text()}"
    )


@pytest.fixture(scope="module")
def server(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of ``quotes serve`` running on this module's store."""
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    quotes_cmd = Path(sys.executable).with_name("quotes")
    env = {**os.environ, "QUOTES_API_KEY": API_KEY, "QUOTES_MAX_BODY_BYTES": "65536"}
    env.pop("QUOTES_API_KEYS", None)
    command = [str(quotes_cmd), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen([*command, "--db", db_url], stdout=out, stderr=out, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(process, base, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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
        assert {q["speaker"]["name"] for q in quotes["data"]} == {"Dmitry Peskov"}
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
