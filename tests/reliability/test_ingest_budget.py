"""``quotes ingest`` shares the API's budget: an article over it (a cheap limit, or the time
limit in its worker) is one line on stderr with its reason, nothing is stored for it, and
the articles around it are stored."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from quotes.errors import NotFoundError
from quotes.store.database import Store
from reliability.support import quotes_command, synthetic_articles, write_jsonl

pytestmark = pytest.mark.slow


def test_articles_over_budget_are_skipped_with_their_reason(tmp_path: Path) -> None:
    good = synthetic_articles(6)
    bad = [
        {"id": "storm", "text": "“a” " * 6_000},  # over the quotation-mark limit
        {"id": "run", "text": "$" * 6_000},  # over the longest-run limit
        {"id": "slow", "text": ": " * 60_000},  # about 15 s of parse, the limit is 2 s
    ]
    articles = [good[0], bad[0], good[1], good[2], bad[1], good[3], bad[2], good[4], good[5]]
    source = write_jsonl(tmp_path / "articles.jsonl", articles)
    db = tmp_path / "quotes.db"
    done = subprocess.run(
        [quotes_command(), "ingest", str(source), "--db", str(db), "--time-limit", "2",
         "--batch-size", "4"],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr  # something was skipped
    errors = [line for line in done.stderr.splitlines() if line.startswith("quotes: ")]
    assert len(errors) == 3, done.stderr
    joined = "\n".join(errors)
    assert "quotation marks; the limit is" in joined
    assert "without a space; the limit is" in joined
    assert "longer than the 2 s budget" in joined
    assert "6 new" in done.stderr and "3 skipped" in done.stderr
    with Store.open(f"sqlite:///{db}") as store:
        assert store.counts()["articles"] == len(good)
        for article in good:
            assert store.get_article(article["id"]).id == article["id"]
        for article in bad:
            with pytest.raises(NotFoundError):
                store.get_article(article["id"])
