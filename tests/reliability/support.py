"""Shared pieces of the reliability tests: made-up articles, a real server, hostile texts.

Everything here is synthetic: the articles are generated from invented names and
sentences (never the evaluation corpus), and the servers listen on loopback only.
"""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

__all__ = [
    "FUZZ_COUNTS",
    "MARKS",
    "Server",
    "free_port",
    "quotes_command",
    "running_server",
    "synthetic_articles",
    "write_jsonl",
]

REPO = Path(__file__).resolve().parents[2]
# Every quotation mark style the engine knows, and the typewriter ones.
MARKS = "“”„«»‹›‘’'\"‚‟"
# Inputs each property-based test ran, for the summary line at the end of the session.
FUZZ_COUNTS: Counter[str] = Counter()

_FIRST = ["Mara", "Tobias", "Ilse", "Quentin", "Noor", "Bastian", "Odile", "Ravi", "Selma"]
_LAST = ["Velkin", "Orrin", "Haskett", "Brumley", "Tamsin", "Okonkwo-Reyes", "Lindqvar"]
_ORGS = ["the Harbour Authority", "Greyfield Council", "the Coastal Union", "Norvale Bank"]
_ROLES = ["spokeswoman", "director", "chairman", "treasurer", "minister"]
_CLAIMS = [
    "the budget will hold until spring",
    "nobody was told about the closure",
    "the bridge is safe for now",
    "we expect the talks to resume next week",
    "the figures were never checked",
]


def synthetic_articles(count: int, seed: int = 7) -> list[dict[str, str]]:
    """``count`` short made-up news articles with quotes, each with a unique text and id."""
    rng = random.Random(seed)
    articles = []
    for i in range(count):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        org, role = rng.choice(_ORGS), rng.choice(_ROLES)
        claim, other = rng.sample(_CLAIMS, 2)
        text = (
            f"Report number {i} from {org}\n\n"
            f"{first} {last}, the {role} of {org}, said on Monday: “{claim.capitalize()}.” "
            f"{last} added that “{other}”. "
            f"“We will see,” said {rng.choice(_FIRST)} {rng.choice(_LAST)} about {org}."
        )
        day = 1 + i % 28
        articles.append(
            {"id": f"syn-{i:04d}", "title": f"Report {i}", "published": f"2024-03-{day:02d}",
             "text": text}
        )  # fmt: skip
    return articles


def write_jsonl(path: Path, articles: list[dict[str, str]]) -> Path:
    """Write the articles as JSON Lines (what ``quotes ingest`` reads); the path."""
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path


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
    command: list[str], env: dict[str, str], log: Path, port: int, timeout: float = 120.0
) -> Iterator[Server]:
    """Run ``command`` (a server on 127.0.0.1:``port``) until the block ends."""
    full_env = {**os.environ, **env}
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
