"""``quotes extract``: the JSON Lines contract and its error cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotes.cli import app

KEYS = {
    "article", "start", "end", "text", "speaker", "speaker_kind", "role", "affiliation",
    "speaker_mention", "cue", "about", "about_mentions", "rule", "confidence", "kind",
}  # fmt: skip
runner = CliRunner()


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text("“We will not back down,” said Maria Lopez.\n", encoding="utf-8")
    return path


def test_json_lines_contract(article: Path) -> None:
    result = runner.invoke(app, ["extract", str(article)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 1
    row = rows[0]
    assert set(row) == KEYS
    assert row["article"] == str(article)
    assert row["speaker"] == "Maria Lopez" and row["speaker_kind"] == "person"
    text = article.read_text(encoding="utf-8")
    assert text[row["start"] : row["end"]] == row["text"]
    assert row["cue"]["text"] == "said"
    assert isinstance(row["confidence"], float)


def test_stdin(article: Path) -> None:
    result = runner.invoke(app, ["extract", "-"], input=article.read_text(encoding="utf-8"))
    assert result.exit_code == 0
    assert json.loads(result.stdout.splitlines()[0])["article"] == "-"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t ", "empty"),
        ("binary.bin", b"\x00\x01\x02abc", "binary"),
        ("latin1.txt", "“Déjà vu,” he said.".encode("latin-1", "replace"), "not UTF-8"),
    ],
)
def test_bad_files_are_reported_and_the_rest_processed(
    tmp_path: Path, article: Path, name: str, content: bytes | None, message: str
) -> None:
    bad = tmp_path / name
    if content is not None:
        bad.write_bytes(content)
    result = runner.invoke(app, ["extract", str(bad), str(article)])
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert json.loads(result.stdout.splitlines()[0])["speaker"] == "Maria Lopez"


def test_unknown_model_is_a_clear_error(article: Path) -> None:
    result = runner.invoke(app, ["extract", "--model", "no_such_model_xyz", str(article)])
    assert result.exit_code == 2
    assert "not installed" in result.stderr


@pytest.mark.parametrize("threshold, kept", [(None, 2), (0.0, 2), (1.0, 0)])
def test_min_confidence_filters_the_output(
    tmp_path: Path, threshold: float | None, kept: int
) -> None:
    path = tmp_path / "b.txt"
    path.write_text("“We will not back down,” said Maria Lopez. “Never,” she added.\n")
    args = ["extract", str(path)] + (
        [] if threshold is None else ["--min-confidence", str(threshold)]
    )
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == kept
    if threshold is not None:
        assert all(row["confidence"] >= threshold for row in rows)


def test_min_confidence_middle_threshold_splits_by_confidence(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text("“We will not back down,” said Maria Lopez. “Never,” the emails said.\n")
    every = [json.loads(x) for x in runner.invoke(app, ["extract", str(path)]).output.splitlines()]
    cut = sorted(row["confidence"] for row in every)[-1]
    some = runner.invoke(app, ["extract", str(path), "--min-confidence", str(cut)]).output
    assert [json.loads(x)["confidence"] for x in some.splitlines()] == [
        row["confidence"] for row in every if row["confidence"] >= cut
    ]


@pytest.mark.parametrize("value", ["-1", "2", "x"])
def test_min_confidence_out_of_range_is_refused(article: Path, value: str) -> None:
    result = runner.invoke(app, ["extract", str(article), "--min-confidence", value])
    assert result.exit_code == 2
