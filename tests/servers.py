"""Real servers for the tests: a free loopback port, the ``quotes`` command, and a server
process that is up (answers /healthz) for the length of a ``with`` block.

Shared by the API, web and reliability tests, which all drive ``quotes serve`` for real.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg

__all__ = [
    "REPO",
    "Server",
    "free_port",
    "postgres_database",
    "quotes_command",
    "running_server",
]

REPO = Path(__file__).resolve().parents[1]


def quotes_command() -> str:
    """The ``quotes`` console script of this virtual environment."""
    return str(Path(sys.executable).with_name("quotes"))


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A running server process: its base URL, its process and its log file."""

    def __init__(self, base: str, process: subprocess.Popen[bytes], log: Path) -> None:
        self.base = base
        self.process = process
        self.log = log

    def log_text(self) -> str:
        """Everything the server wrote so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")


def _wait_until_up(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited ({server.process.returncode}):\n{server.log_text()}")
        try:
            if httpx.get(f"{server.base}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server not up in {timeout:.0f} s:\n{server.log_text()}")


@contextmanager
def running_server(
    command: list[str],
    env: dict[str, str | None],
    log: Path,
    port: int,
    timeout: float = 120.0,
) -> Iterator[Server]:
    """Run ``command`` (a server on 127.0.0.1:``port``) until the block ends.

    ``env`` is added to this process's environment; a ``None`` value removes the variable.
    """
    full_env = {k: v for k, v in {**os.environ, **env}.items() if v is not None}
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=out, env=full_env, cwd=REPO)
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_until_up(server, timeout)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def postgres_database(server: str, prefix: str = "quotes_test") -> Iterator[str]:
    """A fresh, empty database on the PostgreSQL ``server`` (a URL without a database),
    dropped when the block ends."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = server.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
