"""Tests for quotes.evaluation.about: the figures of score_about.py, and the breakdown by how.

Made-up articles, annotations and predictions are written to tmp_path; the reference scorer
(``score_about.py``, from QUOTES_EVAL_DIR, default ``../shared/eval``) is run on the same files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from quotes.cli import app
from quotes.errors import InputError
from quotes.evaluation import GoldTarget, evaluate_about, how_referred, load_about, load_gold
from quotes.evaluation import load_predictions as load_preds

REPO = Path(__file__).resolve().parents[2]
# ../shared/eval next to the checkout (or next to the folder of worktrees)
_DEFAULT = next(
    (
        p
        for p in (REPO.parent / "shared" / "eval", REPO.parents[1] / "shared" / "eval")
        if p.is_dir()
    ),
    REPO.parent / "shared" / "eval",
)
EVAL_DIR = Path(os.environ.get("QUOTES_EVAL_DIR", _DEFAULT))
L, R = "\u201c", "\u201d"

DOCKS = (
    f"{L}Tomasz Nowak has never set foot on our docks,{R} said Ada Brandt, the port director. "
    f"Asked about the mayor, Brandt said: {L}She is playing politics with the Polish ferries.{R} "
    f"{L}We will keep the harbour open,{R} she added. "
    f"Mayor Ewa Lis said of Brandt: {L}Her numbers are wrong.{R}"
)
MILL = f"{L}The mill closes in May,{R} said Ivo Marek. {L}Nobody told us,{R} said a worker."
UNANNOTATED = f"{L}Nothing to say,{R} said Rui Sol."


def _quote(text: str, part: str, speaker: str) -> dict[str, Any]:
    start = text.index(part) - 1  # with the opening mark, as gold files give it
    return {"start": start, "end": start + len(part) + 2, "text": part, "speaker": speaker}


Q1 = _quote(DOCKS, "Tomasz Nowak has never set foot on our docks,", "Ada Brandt")
Q2 = _quote(DOCKS, "She is playing politics with the Polish ferries.", "Brandt")
Q3 = _quote(DOCKS, "We will keep the harbour open,", "she")
Q4 = _quote(DOCKS, "Her numbers are wrong.", "Ewa Lis")
M1 = _quote(MILL, "The mill closes in May,", "Ivo Marek")
M2 = _quote(MILL, "Nobody told us,", "a worker")
GOLD = [
    {"id": "docks", "text": DOCKS, "quotes": [Q1, Q2, Q3, Q4]},
    {"id": "mill", "text": MILL, "quotes": [M1, M2]},
    {
        "id": "quiet",
        "text": UNANNOTATED,
        "quotes": [_quote(UNANNOTATED, "Nothing to say,", "Rui Sol")],
    },
]
RESOLVED = [{"id": "docks", "start": Q3["start"], "resolved": "Ada Brandt"}]


def _t(name: str, kind: str = "person", frame: bool = False) -> dict[str, Any]:
    return {"name": name, "kind": kind, "frame": frame}


ABOUT = [
    {"id": "docks", "start": Q1["start"], "about": [_t("Tomasz Nowak")]},
    {
        "id": "docks",
        "start": Q2["start"],
        "about": [_t("Ewa Lis", frame=True), _t("Ewa Lis"), _t("Poland", "place")],
    },
    {"id": "docks", "start": Q3["start"], "about": []},
    {
        "id": "docks",
        "start": Q4["start"],
        "about": [_t("Ada Brandt", frame=True), _t("Ada Brandt")],
    },
    {"id": "mill", "start": M1["start"], "about": []},
    {"id": "mill", "start": M2["start"], "about": [_t("Ivo Marek")]},
]


def _p(q: dict[str, Any], speaker: str | None, about: list[Any], shift: int = 1) -> dict[str, Any]:
    return {
        "start": q["start"] + shift,
        "end": q["end"] - shift,
        "speaker": speaker,
        "about": about,
    }


def _a(name: str, how: str) -> dict[str, Any]:
    return {"name": name, "kind": "person", "how": how, "start": None, "end": None}


PRED = [
    {
        "id": "docks",
        "quotes": [
            _p(Q1, "Ada Brandt", [_a("Nowak", "name"), _a("Ada Brandt", "name")]),
            # names as plain strings, a repeat, the frame target given once
            _p(Q2, "Ada Brandt", ["Mayor Ewa Lis", "Lis", "Poland"]),
            _p(Q3, "Ada Brandt", []),
            # wrong speaker: the edge is wrong, the about still counts
            _p(Q4, "Ivo Marek", [_a("Brandt", "frame")]),
            # a spurious quote adds edges but no matched quote
            {"start": 0, "end": 3, "speaker": "Ada Brandt", "about": ["Ewa Lis", "Olaf Berg"]},
        ],
    },
    # the first overlapping prediction is the one scored, even if a later one fits better
    {"id": "mill", "quotes": [_p(M2, "Ivo Marek", []), _p(M2, "a worker", ["Ivo Marek"], 0)]},
    {
        "id": "quiet",
        "quotes": [_p(_quote(UNANNOTATED, "Nothing to say,", "Rui Sol"), "Rui Sol", ["Anybody"])],
    },
    {"id": "elsewhere", "quotes": [{"start": 0, "end": 5, "speaker": "X", "about": ["Y"]}]},
]


def _write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return {
        "gold": _write(tmp_path / "gold.jsonl", GOLD),
        "about": _write(tmp_path / "about.jsonl", ABOUT),
        "pred": _write(tmp_path / "pred.jsonl", PRED),
        "resolved": _write(tmp_path / "resolved.jsonl", RESOLVED),
    }


def _mine(files: dict[str, Path], resolved: bool = True, pred: Path | None = None) -> Any:
    docs = load_gold(files["gold"], files["resolved"] if resolved else None)
    return evaluate_about(
        docs, load_about(files["about"]), load_preds(pred or files["pred"]), {"polish": "Poland"}
    )


@pytest.mark.parametrize("resolved", [True, False])
def test_same_figures_as_score_about(files: dict[str, Path], resolved: bool) -> None:
    script = EVAL_DIR / "score_about.py"
    if not script.is_file():
        pytest.skip(f"reference scorer not found at {script} (set QUOTES_EVAL_DIR)")
    cmd = [sys.executable, str(script), str(files["gold"]), str(files["about"]), str(files["pred"])]
    cmd += ["--resolved", str(files["resolved"])] if resolved else []
    out = subprocess.run([*cmd, "--json"], check=True, capture_output=True, text=True).stdout
    ref = json.loads(out)
    mine = _mine(files, resolved).to_dict()
    assert {k: mine[k] for k in ref} == ref
    assert mine["edge_F1"] > 0 and mine["about_R_frame"] > 0  # the case is not trivial


def test_figures_by_hand(files: dict[str, Path]) -> None:
    report = _mine(files)
    # matched: the four docks quotes and the second mill quote (nothing predicted for the
    # first); "quiet" is not annotated
    assert report.matched_quotes == 5
    # gold targets 1 + 3 + 0 + 2 + 1 = 7; predicted (repeats dropped) 2 + 2 + 0 + 1 + 0 = 5
    # (the first mill prediction overlaps, and has none); right: Nowak, Lis, Poland, Brandt
    assert (report.gold_about, report.about.recall, report.about.precision) == (7, 4 / 7, 4 / 5)
    assert report.gold_frame == 2 and report.recall_frame == 1.0
    assert report.recall_inside == pytest.approx(2 / 5)
    # gold edges, deduplicated per article: docks (Brandt: Nowak, Lis, Poland), (Lis: Brandt);
    # mill (worker: Marek) = 5; predicted: docks (Brandt: Nowak, Brandt, Lis, Poland, Berg),
    # (Marek: Brandt); mill (worker: Marek) = 7; right: 3 in docks, 1 in mill
    assert (report.gold_edges, report.pred_edges) == (5, 7)
    assert report.edge.recall == pytest.approx(4 / 5)


def test_breakdown_by_how(files: dict[str, Path]) -> None:
    d = _mine(files).to_dict()["by_how"]
    assert d["frame"] == {"gold": 2, "found": 2, "missed": 0, "pred": 1, "right": 1}
    # "Her numbers" for Brandt and "She" for Lis are pronouns; "us" is no pronoun of Marek
    assert d["pronoun"]["gold"] == 2 and d["pronoun"]["found"] == 0
    assert d["name"]["gold"] == 2 and d["name"]["found"] == 2  # Nowak, and Poland by "Polish"
    assert d["name"]["pred"] == 2 and d["name"]["right"] == 1  # the speaker is spurious
    assert d["description"]["gold"] == 1  # Marek in "Nobody told us"
    kinds = sorted((e.kind, e.name) for e in _mine(files).errors)
    assert ("spurious", "ada brandt") in kinds and ("missed", "Ivo Marek") in kinds


@pytest.mark.parametrize(
    "quote, target, expected",
    [
        ("Putin is a dictator", GoldTarget("Vladimir Putin", "person", False), "name"),
        ("the Russian economy", GoldTarget("Russia", "place", False), "name"),
        ("the American people", GoldTarget("United States", "place", False), "name"),
        ("what the FBI did", GoldTarget("Federal Bureau of Investigation", "org", False), "name"),
        ("She lied to us", GoldTarget("Hillary Clinton", "person", False), "pronoun"),
        ("the mayor is playing politics", GoldTarget("Ewa Lis", "person", False), "description"),
        ("it is late", GoldTarget("Ewa Lis", "person", True), "frame"),
    ],
)
def test_how_referred(quote: str, target: GoldTarget, expected: str) -> None:
    assert (
        how_referred(quote, target, {"russian": "Russia", "american": "United States"}) == expected
    )


def test_bad_about_file_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "about.jsonl"
    bad.write_text('{"id": "a", "about": []}\n', encoding="utf-8")
    with pytest.raises(InputError, match="malformed about record"):
        load_about(bad)


def test_eval_command_prints_about_figures(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    args = [
        "eval",
        str(files["gold"]),
        "--pred",
        str(files["pred"]),
        "--about",
        str(files["about"]),
    ]
    args += ["--resolved", str(files["resolved"]), "--json", str(out), "--errors", "2"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    report = _mine(files)
    assert f"about F1 {report.about.f1:.3f}" in result.output
    assert f"edge F1 {report.edge.f1:.3f}" in result.output
    assert "About, by how" in result.output and "2 example about errors" in result.output
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["about"] == report.to_dict()
    assert len(written["about_errors"]) == 2


def test_eval_command_without_about_prints_no_about_figures(files: dict[str, Path]) -> None:
    result = CliRunner().invoke(app, ["eval", str(files["gold"]), "--pred", str(files["pred"])])
    assert result.exit_code == 0, result.output
    assert "about F1" not in result.output


# an article typed with '' marks: the gold does not cover them (no gold quote), so the
# engine's quotes there are spurious by construction; it is left out of the covered subset
TYPED = (
    "''The pier is unsafe,'' said Ada Brandt. ''Mayor Lis knows it,'' she said. "
    "''So does Olaf Berg,'' she added."
)
UNCOVERED = {"id": "typed", "text": TYPED, "quotes": []}
UNCOVERED_PRED = {
    "id": "typed",
    "quotes": [
        {"start": 0, "end": 22, "speaker": "Ada Brandt", "about": []},
        {"start": 40, "end": 60, "speaker": "Ada Brandt", "about": ["Ewa Lis", "Lis"]},
        {"start": 70, "end": 90, "speaker": "Ada Brandt", "about": ["Olaf Berg"]},
    ],
}


@pytest.mark.parametrize("subset", [False, True])
def test_covered_subset_same_figures_as_score_about(tmp_path: Path, subset: bool) -> None:
    """The about figures on the covered articles are those of score_about.py run on a gold
    file of those articles only; the edges predicted where nothing is annotated are counted."""
    from quotes.evaluation import covered

    script = EVAL_DIR / "score_about.py"
    if not script.is_file():
        pytest.skip(f"reference scorer not found at {script} (set QUOTES_EVAL_DIR)")
    gold = _write(tmp_path / "gold.jsonl", [*GOLD, UNCOVERED])
    pred = _write(tmp_path / "pred.jsonl", [*PRED, UNCOVERED_PRED])
    about = _write(tmp_path / "about.jsonl", ABOUT)
    docs = load_gold(gold)
    assert [d.id for d in covered(docs)] == ["docks", "mill", "quiet"]
    chosen = covered(docs) if subset else docs
    scored = gold
    if subset:
        keep = {d.id for d in chosen}
        scored = _write(tmp_path / "covered.jsonl", [g for g in GOLD if g["id"] in keep])
    cmd = [sys.executable, str(script), str(scored), str(about), str(pred), "--json"]
    ref = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    mine = evaluate_about(chosen, load_about(about), load_preds(pred)).to_dict()
    assert {k: mine[k] for k in ref} == ref
    assert mine["edge_P"] > 0
    assert (mine["docs"], mine["articles"]) == (len(chosen), 2)
    # "quiet" (1 edge: Sol -> Anybody) is not annotated; "typed" adds 2 distinct edges
    assert mine["unscored_pred_edges"] == (1 if subset else 3)


def test_eval_command_prints_covered_about_figures(tmp_path: Path) -> None:
    gold = _write(tmp_path / "gold.jsonl", [*GOLD, UNCOVERED])
    pred = _write(tmp_path / "pred.jsonl", [*PRED, UNCOVERED_PRED])
    about = _write(tmp_path / "about.jsonl", ABOUT)
    out = tmp_path / "out.json"
    args = ["eval", str(gold), "--pred", str(pred), "--about", str(about), "--json", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    written = json.loads(out.read_text(encoding="utf-8"))
    cov = written["about_covered"]
    assert cov["docs"] == 3 and written["about"]["docs"] == 4
    assert "3 of 4 articles" in result.output
    assert f"about F1 {cov['about_F1']:.3f}" in result.output
    assert f"edge F1 {cov['edge_F1']:.3f}" in result.output
    assert "edges predicted in the others, seen by no figure: 3" in result.output
