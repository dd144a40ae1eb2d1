"""Shared fixtures: a throw-away PostgreSQL server on loopback, and a store on each backend.

The server is started once per test session with the Debian ``postgresql`` binaries
(``initdb`` and ``pg_ctl`` in a temporary folder, on a free port, trust authentication on
127.0.0.1 only) and stopped at the end. PostgreSQL refuses to run as root, so as root the
cluster belongs to the ``postgres`` user and the tools run through ``runuser``. Each test gets
its own database. If the server cannot start, the tests that need it fail with the reason;
they are never skipped.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import free_port, postgres_database

from quotes.store.database import Store

_PG_HINT = "install the server: apt-get install -y postgresql"


def _pg_bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).parent
    pytest.fail(f"PostgreSQL server binaries (pg_ctl, initdb) not found; {_PG_HINT}")


def _version(path: str) -> tuple[int, ...]:
    part = Path(path).parents[1].name
    return tuple(int(p) for p in part.split(".") if p.isdigit())


def _run(command: list[str], as_postgres: bool) -> None:
    if as_postgres:
        command = ["runuser", "-u", "postgres", "--", *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        pytest.fail(
            f"PostgreSQL test server: {' '.join(command)} failed ({done.returncode}):\n"
            f"{done.stdout}\n{done.stderr}"
        )


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL (without a database) of a PostgreSQL server running for this session."""
    bindir = _pg_bindir()
    as_root = os.geteuid() == 0
    # Not under pytest's tmp folder: that one is private to root and postgres cannot enter it.
    root = Path(tempfile.mkdtemp(prefix="quotes-pg-"))
    data, log = root / "data", root / "server.log"
    if as_root:
        shutil.chown(root, user="postgres", group="postgres")
    port = free_port()
    _run([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
          "-E", "UTF8", "--locale=C", "--no-sync"], as_root)  # fmt: skip
    options = f"-h 127.0.0.1 -p {port} -k {root} -F -c max_connections=50"
    _run([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60",
          "-o", options, "start"], as_root)  # fmt: skip
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        _run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], as_root)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database on the session's server, dropped after the test."""
    with postgres_database(postgres_server) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A SQLite file in the test's temporary folder."""
    return f"sqlite:///{tmp_path / 'quotes.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest) -> str:
    """The URL of an empty database, once on SQLite and once on PostgreSQL."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(fixture))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An upgraded, empty store on each backend."""
    with Store.open(store_url) as opened:
        yield opened
