"""The store-backed commands as a newcomer meets them: ``show``, ``export``, ``ingest``, ``--help``.

Names resolve as in the API, and an unknown one lists the API's closest names (one function,
:func:`api.lookup.not_found`); titles carry canonical names and correct plurals; ``--json`` is
the API's page, byte for byte; a reader that leaves (``| head``) ends the command quietly with
exit code 0; ``ingest`` says what it did not read, and a missing path stops it before any work;
``--help`` is readable at 80 columns.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import warnings
from pathlib import Path

import pytest
from servers import quotes_command
from typer.testing import CliRunner

from api import lookup
from api.main import create_app
from api.settings import Settings
from quotes.batch.ingest import ingest
from quotes.cli import app
from quotes.cli.show_cmd import plural
from quotes.store.database import Store

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

ARTICLES = Path(__file__).resolve().parents[2] / "data" / "articles"
runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store holding the five sample articles."""
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'quotes.db'}"
    with Store.open(url) as store:
        report = ingest([ARTICLES], store)
    assert report.created == 5 and not report.errors
    return url


@pytest.mark.parametrize(
    "count, expected", [(0, "0 quotes"), (1, "1 quote"), (2, "2 quotes"), (1234, "1,234 quotes")]
)
def test_plural(count: int, expected: str) -> None:
    assert plural(count, "quote") == expected


@pytest.mark.parametrize(
    "args, title",
    [
        (["speaker", "Peskov"], "said by Dmitri Peskow ("),  # the query's spelling: no
        (["speaker", "psaki"], "said by Jen Psaki ("),
        (["speaker", "Putin"], "said by Vladimir Putin ("),
        (["speaker", "Peskov", "--about", "nobody-at-all-here"], None),
        (["about", "Biden"], "about Joe Biden ("),
    ],
)
def test_titles_name_the_entity_canonically(db: str, args: list[str], title: str | None) -> None:
    result = runner.invoke(app, ["show", *args, "--db", db])
    if title is None:
        assert result.exit_code == 1
        return
    assert result.exit_code == 0, result.output
    assert title in result.output
    assert not re.search(r"\(1 quotes\)", result.output)
    count = int(re.search(r"\((\d+) quotes?\)", result.output)[1])  # type: ignore[index]
    assert ("quote)" in result.output) == (count == 1)


@pytest.mark.parametrize(
    "command, name, closest",
    [
        ("speaker", "Pesko", "Dmitri Peskow"),
        ("speaker", "Donfriedt Karen", "Karen Donfried"),
        ("about", "Bidenovich Joe", "Joe Biden"),
        ("speaker", "Zzyzxqwv", None),  # nothing close: no suggestions, still one clear line
    ],
)
def test_an_unknown_name_lists_the_apis_suggestions(
    db: str, command: str, name: str, closest: str | None
) -> None:
    result = runner.invoke(app, ["show", command, name, "--db", db])
    assert result.exit_code == 1
    what = "speaker" if command == "speaker" else "entity"
    with Store.open(db) as store:
        expected = lookup.not_found(store, name, what=what, speakers_only=command == "speaker")
    assert result.output.strip() == f"quotes: {expected.detail}"  # the API's own words
    if closest is None:
        assert "closest names" not in result.output
    else:
        assert closest in expected.extensions["suggestions"]


@pytest.mark.parametrize(
    "args, path",
    [
        (["speaker", "Peskow"], "/v1/speakers/Peskow/quotes"),
        (["speaker", "Putin", "--limit", "2", "--offset", "1"],
         "/v1/speakers/Putin/quotes?limit=2&offset=1"),
        (["speaker", "Biden", "--about", "Putin"], "/v1/speakers/Biden/quotes?about=Putin"),
        (["speaker", "Putin", "--min-confidence", "0.8"],
         "/v1/speakers/Putin/quotes?min_confidence=0.8"),
        (["about", "Russia"], "/v1/quotes?about=Russia"),
    ],
)  # fmt: skip
def test_json_is_the_apis_page(db: str, args: list[str], path: str) -> None:
    result = runner.invoke(app, ["show", *args, "--json", "--db", db])
    assert result.exit_code == 0, result.output
    page = json.loads(result.stdout)
    with TestClient(create_app(Settings(db=db))) as client:
        answer = client.get(path)
    assert answer.status_code == 200
    assert page == answer.json()
    assert page["data"], "an empty page would prove nothing"


@pytest.mark.parametrize(
    "args",
    [
        ["export", "csv"],
        ["export", "json"],
        ["export", "graphml"],
        ["show", "speaker", "Putin"],
        ["show", "about", "Russia", "--json"],
        ["extract", str(ARTICLES / "000_03f0e9fff3fa6216.txt")],
    ],
)
def test_a_closed_pipe_ends_quietly_with_exit_0(db: str, args: list[str]) -> None:
    # The reader is gone before the command writes its first byte (it is still importing).
    with subprocess.Popen(
        [quotes_command(), *args, *(["--db", db] if args[0] != "extract" else [])],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=120) == 0, stderr
    assert stderr == ""


def test_output_to_an_open_pipe_is_complete(db: str) -> None:
    # The negative case: with a reader, everything arrives.
    done = subprocess.run(
        [quotes_command(), "export", "csv", "--db", db], capture_output=True, timeout=120
    )
    assert done.returncode == 0
    with Store.open(db) as store:
        rows = list(csv.reader(io.StringIO(done.stdout.decode())))  # a text may hold a newline
        assert len(rows) == 1 + store.counts()["quotes"]


def test_ingest_says_what_it_did_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / ".git").mkdir(parents=True)
    (folder / ".git" / "HEAD").write_text("ref", encoding="utf-8")
    (folder / "a.txt").write_text('"We stay," Olaf Scholz said.', encoding="utf-8")
    (folder / "notes.md").write_text("notes", encoding="utf-8")
    (folder / "README").write_text("read me", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(folder), "--db", f"sqlite:///{tmp_path / 'q.db'}"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "not read" in line)
    assert "2 files not .txt/.text/.jsonl/.ndjson (README, notes.md)" in line
    assert "1 file hidden (HEAD)" in line
    assert "1 new" in result.output and "3 other files not read" in result.output


def test_ingest_of_a_folder_of_articles_only_reports_nothing_skipped(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(ARTICLES), "--db", f"sqlite:///{tmp_path / 'q.db'}"])
    assert result.exit_code == 0, result.output
    assert "not read" not in result.output


@pytest.mark.parametrize("missing", [["nope"], ["ARTICLES", "nope.txt"]])
def test_ingest_of_a_missing_path_fails_before_any_work(tmp_path: Path, missing: list[str]) -> None:
    paths = [str(ARTICLES) if p == "ARTICLES" else str(tmp_path / p) for p in missing]
    db = tmp_path / "q.db"
    result = runner.invoke(app, ["ingest", *paths, "--db", f"sqlite:///{db}"])
    assert result.exit_code == 2
    assert "no such file or folder" in result.output and "nope" in result.output
    assert "new" not in result.output  # no progress, no summary
    assert not db.exists()  # the store was not even opened


COMMANDS = [
    [], ["ingest"], ["show"], ["show", "speaker"], ["show", "about"], ["show", "pairs"],
    ["show", "ego"], ["show", "entity"], ["export"], ["extract"], ["serve"], ["eval"],
]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "quotes")
def test_help_is_readable_at_80_columns(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "…" not in result.output  # nothing cut short
    assert not any(line.endswith("...") for line in lines if not line.startswith("Usage:"))
    # Every option is named in full, at the start of its line.
    names = set(re.findall(r"^\s+(--[a-z][a-z-]*)", result.output, re.MULTILINE))
    assert "--help" in names
    if command == ["ingest"]:
        assert {"--single-writer", "--reprocess", "--workers", "--dask", "--db"} <= names
