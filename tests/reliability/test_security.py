"""The write key, the rate limit, CORS and the bind address, checked from outside.

The key: writes without it or with a wrong one are refused; it is compared with
``hmac.compare_digest`` against every configured key, all of them every time; it never
appears in a log line even at DEBUG; keys in ``QUOTES_API_KEYS_FILE`` rotate without a
restart. The rate limit answers 429 problem+json with ``Retry-After`` per client. CORS is
closed unless origins are configured. ``quotes serve`` listens on 127.0.0.1 by default.
"""

from __future__ import annotations

import hmac
import logging
import os
import warnings
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

import api.deps
from api.main import create_app
from api.ratelimit import RateLimiter
from api.settings import Settings
from reliability.support import free_port, quotes_command, running_server

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

KEY = "s3cret-write-key-7d41"
ARTICLE = {"text": "Mara Velkin said: “The harbour stays open.” She added nothing."}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        db=f"sqlite:///{tmp_path / 'q.db'}", api_keys=[SecretStr(KEY)], write_rate_limit=0
    )


def _client(settings: Settings, **kwargs: Any) -> TestClient:
    return TestClient(create_app(settings), **kwargs)


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["detail"]
    return body


_BAD_KEYS = [{}, {"X-API-Key": ""}, {"X-API-Key": KEY + "x"}, {"X-API-Key": KEY[:-1]},
             {"x-api-key": KEY.upper()}]  # fmt: skip


@pytest.mark.parametrize("headers", _BAD_KEYS)
def test_writes_without_the_key_are_refused(settings: Settings, headers: dict[str, str]) -> None:
    with _client(settings) as client:
        body = _problem(client.post("/v1/articles", json=ARTICLE, headers=headers), 401)
        assert KEY not in str(body) and (headers.get("X-API-Key") or "#") not in str(body)
        assert client.get("/v1/quotes").json()["total"] == 0


def test_the_key_is_compared_in_constant_time_against_every_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(api.deps.hmac, "compare_digest", spy)
    keys = [b"first", b"second", b"third"]
    for given in (b"first", b"third", b"wrong"):
        calls.clear()
        api.deps._matches(given, keys)
        assert calls == [(given, k) for k in keys]  # no early exit on a match


def test_the_key_never_reaches_a_log(settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with _client(settings) as client:
        assert client.post("/v1/articles", json=ARTICLE, headers={"X-API-Key": KEY}).is_success
        client.post("/v1/articles", json=ARTICLE, headers={"X-API-Key": KEY + "-wrong"})
        client.get("/v1/quotes", headers={"X-API-Key": KEY})
    assert caplog.records, "nothing was logged at DEBUG: the test would prove nothing"
    logged = caplog.text + "".join(repr(r.args) + repr(r.__dict__) for r in caplog.records)
    assert KEY not in logged
    assert KEY not in repr(settings) and KEY not in str(settings.model_dump())


def _write_keys(path: Path, *keys: str) -> None:
    # Write a new file and rename it over the old one: a reader never sees half a file.
    tmp = path.with_suffix(".tmp")
    tmp.write_text("# write keys\n" + "".join(f"{k}\n" for k in keys), encoding="utf-8")
    os.replace(tmp, path)


def test_keys_rotate_without_a_restart(tmp_path: Path) -> None:
    keys = tmp_path / "keys.txt"
    _write_keys(keys, "old-key")
    settings = Settings(db=f"sqlite:///{tmp_path / 'q.db'}", api_keys_file=keys,
                        write_rate_limit=0)  # fmt: skip
    texts = iter(f"Velkin said: “Rotation {i} works.”" for i in range(10))

    def post(key: str) -> int:
        return client.post("/v1/articles", json={"text": next(texts)},
                           headers={"X-API-Key": key}).status_code  # fmt: skip

    with _client(settings) as client:
        assert (post("old-key"), post("new-key")) == (201, 401)
        _write_keys(keys, "old-key", "new-key")  # both while clients move over
        assert (post("old-key"), post("new-key")) == (201, 201)
        _write_keys(keys, "new-key")  # the old one retired
        assert (post("old-key"), post("new-key")) == (401, 201)
        keys.unlink()  # no file: fail closed
        assert post("new-key") == 401


def test_writes_are_rate_limited_per_client(settings: Settings) -> None:
    limited = settings.model_copy(update={"write_rate_limit": 3, "write_rate_window": 60.0})
    app = create_app(limited)
    with TestClient(app, client=("10.0.0.1", 1000)) as one:
        statuses = [one.post("/v1/articles", json=ARTICLE, headers={"X-API-Key": KEY})
                    .status_code for _ in range(3)]  # fmt: skip
        assert statuses == [201, 200, 200]
        refused = one.post("/v1/articles", json=ARTICLE, headers={"X-API-Key": "guess"})
        body = _problem(refused, 429)  # key guesses are throttled too
        assert 1 <= int(refused.headers["Retry-After"]) <= 20
        assert "3 per 60 s" in body["detail"]
        assert one.get("/v1/quotes").status_code == 200  # reads are not limited
    with TestClient(app, client=("10.0.0.2", 1000)) as other:
        assert other.post("/v1/articles", json=ARTICLE, headers={"X-API-Key": KEY}).is_success


def test_the_bucket_refills_and_forgets_old_clients() -> None:
    now = [0.0]
    limiter = RateLimiter(2, 10.0, max_clients=2, clock=lambda: now[0])
    assert [limiter.acquire("a") for _ in range(2)] == [0.0, 0.0]
    assert limiter.acquire("a") == pytest.approx(5.0)  # one token every 5 s
    now[0] = 5.0
    assert limiter.acquire("a") == 0.0
    limiter.acquire("b")
    limiter.acquire("c")  # a third client: the least recent ("a") is forgotten
    assert len(limiter) == 2 and limiter.acquire("a") == 0.0
    assert limiter.retry_after(0.2) == "1" and limiter.retry_after(4.01) == "5"


@pytest.mark.parametrize("limit, window", [(0, 1.0), (1, 0.0), (-1, 5.0)])
def test_bad_limits_are_refused(limit: int, window: float) -> None:
    with pytest.raises(ValueError):
        RateLimiter(limit, window)


PREFLIGHT = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "x-api-key, content-type"}  # fmt: skip


def test_cors_is_closed_by_default(settings: Settings) -> None:
    with _client(settings) as client:
        preflight = client.options("/v1/articles", headers=PREFLIGHT)
        read = client.get("/v1/quotes", headers={"Origin": "https://evil.example"})
    for response in (preflight, read):
        assert not any(h.startswith("access-control-") for h in response.headers)


def test_cors_allows_only_the_configured_origins(settings: Settings) -> None:
    opened = settings.model_copy(update={"cors_origins": ["https://newsroom.example"]})
    with _client(opened) as client:
        good = client.options(
            "/v1/articles", headers={**PREFLIGHT, "Origin": opened.cors_origins[0]}
        )
        evil = client.options("/v1/articles", headers=PREFLIGHT)
    assert good.headers["access-control-allow-origin"] == "https://newsroom.example"
    assert "access-control-allow-origin" not in evil.headers


def _listening(port: int) -> set[str]:
    """Local addresses of the sockets listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


@pytest.mark.slow
def test_quotes_serve_listens_on_loopback_only_by_default(tmp_path: Path) -> None:
    port = free_port()
    command = [quotes_command(), "serve", "--port", str(port), "--db", str(tmp_path / "q.db")]
    with running_server(command, {}, tmp_path / "serve.log", port):
        assert _listening(port) == {"0100007F"}  # 127.0.0.1, and nothing on 0.0.0.0 or ::
