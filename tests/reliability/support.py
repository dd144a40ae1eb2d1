"""Shared pieces of the reliability tests: made-up articles, a real server, hostile texts.

Everything here is synthetic: the articles are generated from invented names and
sentences (never the evaluation corpus), and the servers listen on loopback only.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

from servers import Server, free_port, quotes_command, running_server

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
