"""``quotes serve``: its options reach uvicorn, and the CLI never imports the web layer early."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from typer.testing import CliRunner

from api.serving import GuardedH11Protocol
from api.settings import Settings
from quotes.cli import app

# What every run gets: slow clients cut off, no proxy header trusted unless named.
HARDENED = {
    "http": GuardedH11Protocol,
    "timeout_keep_alive": 5,
    "h11_max_incomplete_event_size": 16 * 1024,
    "proxy_headers": False,
    "forwarded_allow_ips": "",
}


def test_cli_import_does_not_import_fastapi_or_api() -> None:
    code = (
        "import sys, quotes.cli, quotes.cli.serve_cmd; "
        "bad = [m for m in ('fastapi', 'api', 'uvicorn') if m in sys.modules]; "
        "sys.exit(f'imported {bad}' if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_one_worker_gets_its_settings_as_an_argument(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append((a, kw)))
    monkeypatch.setenv("QUOTES_DB", "before.db")  # restored after the test
    result = CliRunner().invoke(
        app, ["serve", "--host", "0.0.0.0", "--port", "9123", "--db", "other.db"]
    )
    assert result.exit_code == 0, result.output
    [((served,), options)] = calls
    assert isinstance(served, FastAPI) and served.state.settings.db == Settings(db="other.db").db
    assert options == {"host": "0.0.0.0", "port": 9123, **HARDENED}
    assert os.environ["QUOTES_DB"] == "before.db", "the CLI wrote the store into the environment"


def test_serve_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append((a, kw)))
    monkeypatch.setenv("QUOTES_DB", "from-env.db")
    assert CliRunner().invoke(app, ["serve"]).exit_code == 0
    [((served,), options)] = calls
    assert served.state.settings.db == Settings(db="from-env.db").db  # QUOTES_DB, no --db
    assert options == {"host": "127.0.0.1", "port": 8000, **HARDENED}


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_serve_rejects_bad_ports(port: str) -> None:
    assert CliRunner().invoke(app, ["serve", "--port", port]).exit_code == 2


def test_serve_workers_reach_uvicorn(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append((a, kw)))
    monkeypatch.setenv("QUOTES_DB", "before.db")  # restored after the test
    result = CliRunner().invoke(app, ["serve", "--workers", "3", "--db", "w.db"])
    assert result.exit_code == 0, result.output
    expected = {"factory": True, "host": "127.0.0.1", "port": 8000, "workers": 3, **HARDENED}
    assert calls == [(("api.main:create_app",), expected)]
    assert os.environ["QUOTES_DB"] == "w.db"  # the child processes' only channel
    assert CliRunner().invoke(app, ["serve", "--workers", "0"]).exit_code == 2


@pytest.mark.parametrize(
    "given, proxy_headers, allowed",
    [
        ([], False, ""),  # default: X-Forwarded-For is not read at all
        (["--forwarded-allow-ips", "10.0.0.5"], True, "10.0.0.5"),
        (["--forwarded-allow-ips", "10.0.0.5,10.0.0.6"], True, "10.0.0.5,10.0.0.6"),
    ],
)
def test_forwarded_allow_ips_reach_uvicorn(
    monkeypatch: pytest.MonkeyPatch, given: list[str], proxy_headers: bool, allowed: str
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append(kw))
    assert CliRunner().invoke(app, ["serve", *given]).exit_code == 0
    assert calls[0]["proxy_headers"] is proxy_headers
    assert calls[0]["forwarded_allow_ips"] == allowed
