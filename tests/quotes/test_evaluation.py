"""Tests for quotes.evaluation: the same figures as the reference scorer, and the breakdown.

Gold and predictions are tiny made-up articles written to tmp_path (never text from the
evaluation data, which is copyrighted news). The reference scorer is run as a subprocess on
the same files; its folder comes from QUOTES_EVAL_DIR (default ``../shared/eval``).
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

from quotes.cli import app, eval_cmd
from quotes.evaluation import (
    GoldDoc,
    covered,
    evaluate,
    load_gold,
    load_predictions,
    of_kind,
    predict,
    run_predictions,
    sample_errors,
    score_files,
    write_predictions,
)
from quotes.models import EntityRef, Quote

REPO = Path(__file__).resolve().parents[2]
EVAL_DIR = Path(os.environ.get("QUOTES_EVAL_DIR", REPO.parent / "shared" / "eval"))

# ------------------------------------------------------------------ made-up articles
HARBOUR = (
    "\u201cThe bridge will open in May,\u201d said Mara Quill, the harbour commissioner. "
    "\u201cWe have checked every bolt,\u201d she added. "
    "The council called the plan a \u201cbold gamble\u201d in its report. "
    "\u201cNobody asked the fishermen,\u201d a local skipper complained. "
    "A leaflet on the pier read: \u201cSave the pier.\u201d"
)
RIVER = (
    "Dr. Tomas Rivera Jr. warned: \u201cThe river is rising faster than any model predicted, "
    "and the levee on the east bank will not hold another week of rain.\u201d "
    "\u201cEvacuate the lower town now,\u201d the mayor said. "
    "\u201cIt is too early to tell,\u201d said Rivera."
)
ORCHARD = "\u201cThe apples are late this year,\u201d said the grower, Ivo Brandt."
QUIET = "\u201cWe sell bread, not politics,\u201d said baker Lena Holm."


def _at(text: str, part: str) -> dict[str, int]:
    start = text.index(part)
    return {"start": start, "end": start + len(part)}


def _q(text: str, part: str, speaker: str | None, **extra: Any) -> dict[str, Any]:
    return {**_at(text, part), "text": part, "speaker": speaker, "type": "direct", **extra}


def _resolution(doc: int, quote: int, resolved: str, **extra: Any) -> dict[str, Any]:
    gold = GOLD[doc]
    return {
        "id": gold["id"],
        "start": gold["quotes"][quote]["start"],
        "resolved": resolved,
        **extra,
    }


L, R = "\u201c", "\u201d"
LONG = RIVER[RIVER.index(f"{L}The river") : RIVER.index("rain.") + 6]
GOLD: list[dict[str, Any]] = [
    {
        "id": "harbour",
        "text": HARBOUR,
        "quotes": [
            _q(
                HARBOUR,
                f"{L}The bridge will open in May,{R}",
                "Mara Quill, the harbour commissioner",
            ),
            _q(
                HARBOUR,
                f"{L}We have checked every bolt,{R}",
                "she",
                speaker_aliases_silver=["Quill"],
            ),
            _q(HARBOUR, f"{L}Nobody asked the fishermen,{R}", "a local skipper"),
            _q(HARBOUR, f"{L}Save the pier.{R}", None),
        ],
        "mixed_quotes": [_q(HARBOUR, f"{L}bold gamble{R}", "The council")],
    },
    {
        "id": "river",
        "text": RIVER,
        "quotes": [
            _q(RIVER, LONG, "Dr. Tomas Rivera Jr."),
            _q(RIVER, f"{L}Evacuate the lower town now,{R}", "the mayor"),
            _q(RIVER, f"{L}It is too early to tell,{R}", "Rivera"),
        ],
        "mixed_quotes": [],
    },
    {
        "id": "orchard",
        "text": ORCHARD,
        "quotes": [_q(ORCHARD, ORCHARD.split(" said")[0], "Ivo Brandt")],
    },
    {"id": "quiet", "text": QUIET, "quotes": [_q(QUIET, QUIET.split(" said")[0], "Lena Holm")]},
]

RESOLVED = [
    _resolution(0, 0, "Mara Quill", named=True),
    _resolution(0, 1, "Mara Quill", named=True),
    _resolution(0, 2, "a local skipper", named=False),  # unnamed: the mention itself is right
    _resolution(1, 1, "Ines Okafor"),
    _resolution(1, 2, "Tomas Rivera", corrected_speaker="Rivera"),
]


def _p(text: str, part: str, speaker: str | None, rule: str) -> dict[str, Any]:
    return {**_at(text, part), "speaker": speaker, "rule": rule}


PRED: list[dict[str, Any]] = [
    {
        "id": "harbour",
        "quotes": [
            _p(HARBOUR, "The bridge will open in May", "Quill", "cue"),  # TP, speaker right
            _p(HARBOUR, "We have checked every bolt", "she", "cue"),  # pronoun: wrong when resolved
            _p(HARBOUR, "Nobody asked the fishermen", "skipper", "cue"),  # unnamed source kept
            _p(HARBOUR, "Save the pier.", "Mara Quill", "colon"),  # gold has no speaker: wrong
            _p(HARBOUR, "bold gamble", None, "reported"),  # mixed quote: don't-care
            _p(HARBOUR, "The council called the plan", "The council", "reported"),  # spurious
        ],
    },
    {
        "id": "river",
        "quotes": [
            _p(RIVER, "The river is rising", "Tomas Rivera", "colon"),  # overlaps < half: no match
            _p(RIVER, "Evacuate the lower town now", "Okafor", "cue"),  # right only when resolved
            {
                "text": "\u201cIt is too early to tell,\u201d",
                "speaker": "Tom Rivera",
                "rule": "cue",
            },
            {"text": "words that are nowhere", "speaker": "Nobody", "rule": "cue"},  # not located
        ],
    },
    {"id": "orchard", "quotes": [_p(ORCHARD, "The apples are late this year", "Lena Holm", "cue")]},
    {"id": "ghost", "quotes": []},  # not a gold article
]


def _write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return {
        "gold": _write_jsonl(tmp_path / "gold.jsonl", GOLD),
        "pred": _write_jsonl(tmp_path / "pred.jsonl", PRED),
        "resolved": _write_jsonl(tmp_path / "resolved.jsonl", RESOLVED),
    }


# --------------------------------------------------------------- the reference scorer
@pytest.fixture
def reference_scorer() -> Path:
    script = EVAL_DIR / "score.py"
    if not script.is_file():
        pytest.skip(f"reference scorer not found at {script} (set QUOTES_EVAL_DIR)")
    return script


def _reference(script: Path, gold: Path, pred: Path, out: Path, *extra: str) -> dict[str, Any]:
    cmd = [sys.executable, str(script), str(gold), str(pred), "--json", str(out), *extra]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


@pytest.mark.parametrize("with_resolved", [True, False])
@pytest.mark.parametrize("include_mixed", [False, True])
def test_same_figures_as_reference_scorer(
    files: dict[str, Path],
    reference_scorer: Path,
    tmp_path: Path,
    with_resolved: bool,
    include_mixed: bool,
) -> None:
    extra = ["--resolved", str(files["resolved"])] if with_resolved else []
    extra += ["--include-mixed"] if include_mixed else []
    ref = _reference(reference_scorer, files["gold"], files["pred"], tmp_path / "ref.json", *extra)
    mine = score_files(
        files["gold"],
        files["pred"],
        resolved_path=files["resolved"] if with_resolved else None,
        include_mixed=include_mixed,
    ).to_dict()
    assert mine["levels"] == ref["levels"]
    for key in ("docs", "pred_ids_not_in_gold", "pred_quotes_not_located", "include_mixed"):
        assert mine[key] == ref[key], key


# ------------------------------------------------------------------ figures by hand
def test_figures_by_hand(files: dict[str, Path]) -> None:
    report = score_files(files["gold"], files["pred"], resolved_path=files["resolved"])
    overlap = report.levels["overlap"]
    # 9 gold; 11 predictions, one on the mixed "bold gamble" (don't-care); 7 spans match:
    # not the river prediction covering a quarter of its quote, the spurious one, the lost one.
    assert (overlap.gold, overlap.pred_counted, overlap.pred_ignored_dontcare) == (9, 10, 1)
    assert overlap.tp == 7
    assert overlap.quote.precision == pytest.approx(7 / 10)
    assert overlap.quote.recall == pytest.approx(7 / 9)
    # Six matched quotes have a speaker in the text. Strict: "she" counts, "Okafor" for "the
    # mayor" does not. Resolved: "she" is wrong, "Okafor" right. Brandt is never Holm.
    assert overlap.speaker_n["resolved"] == 6
    assert overlap.speaker_accuracy["strict"] == pytest.approx(4 / 6)
    assert overlap.speaker_accuracy["resolved"] == pytest.approx(4 / 6)
    assert overlap.speaker_accuracy_by_kind["resolved", "pronoun"] == 0.0
    assert overlap.speaker_accuracy_by_kind["strict", "pronoun"] == 1.0
    assert overlap.speaker_accuracy_by_kind["strict", "nominal"] == 0.5
    assert overlap.speaker_accuracy_by_kind["resolved", "nominal"] == 1.0
    # A speaker for a quote whose gold has none is an end-to-end false positive.
    assert overlap.e2e["resolved"].precision == pytest.approx(4 / 10)
    assert overlap.e2e["resolved"].recall == pytest.approx(4 / 9)
    assert report.headline["e2e_resolved_F1"] == overlap.e2e["resolved"].f1
    assert report.levels["any"].tp == 8  # the quarter-overlap counts at level "any"
    assert (report.pred_ids_not_in_gold, report.pred_quotes_not_located) == (1, 1)


def test_include_mixed_makes_mixed_quotes_gold(files: dict[str, Path]) -> None:
    report = score_files(files["gold"], files["pred"], include_mixed=True)
    overlap = report.levels["overlap"]
    assert (overlap.gold, overlap.pred_counted, overlap.pred_ignored_dontcare) == (10, 11, 0)
    assert overlap.tp == 8


def test_resolved_mode_without_resolutions_is_strict(files: dict[str, Path]) -> None:
    overlap = score_files(files["gold"], files["pred"]).levels["overlap"]
    assert overlap.speaker_accuracy["resolved"] == overlap.speaker_accuracy["strict"]
    assert overlap.e2e["resolved"] == overlap.e2e["strict"]


def test_per_rule_breakdown(files: dict[str, Path]) -> None:
    report = score_files(files["gold"], files["pred"], resolved_path=files["resolved"])
    rules = {r.rule: r for r in report.rules}
    cue, colon, reported = rules["cue"], rules["colon"], rules["reported"]
    assert (cue.predictions, cue.span_tp, cue.span_fp) == (7, 6, 1)
    assert (cue.speaker_correct, cue.speaker_wrong) == (4, 2)
    assert (colon.predictions, colon.span_tp, colon.span_fp, colon.speaker_wrong) == (2, 1, 1, 1)
    assert (reported.predictions, reported.span_fp, reported.ignored) == (2, 1, 1)
    assert report.missed == 2
    # The rows add up to the headline counts.
    overlap = report.levels["overlap"]
    assert sum(r.span_tp for r in report.rules) == overlap.tp
    assert sum(r.span_fp for r in report.rules) == overlap.pred_counted - overlap.tp
    assert sum(r.speaker_correct for r in report.rules) == round(overlap.e2e["resolved"].recall * 9)
    assert report.to_dict()["rules"][0]["rule"] == "cue"  # most predictions first


def test_errors_are_kept_and_sampled_by_kind(files: dict[str, Path]) -> None:
    report = score_files(files["gold"], files["pred"], resolved_path=files["resolved"])
    kinds = [e.kind for e in report.errors]
    assert (kinds.count("missed"), kinds.count("spurious"), kinds.count("speaker")) == (2, 3, 3)
    wrong_pronoun = next(e for e in report.errors if e.pred_speaker == "she")
    assert wrong_pronoun.gold_speaker == "Mara Quill"
    assert "[We have checked every bolt]" in wrong_pronoun.context
    assert [e.kind for e in sample_errors(report.errors, 4)] == [
        "missed",
        "spurious",
        "speaker",
        "missed",
    ]
    assert sample_errors(report.errors, 0) == []


# --------------------------------------------------------------------- files and runs
def _fake(calls: list[list[str]]) -> Any:
    def extractor(texts: Any) -> Any:
        batch = list(texts)
        calls.append(batch)
        for text in batch:
            start = text.index("\u201c") + 1
            end = text.index("\u201d")
            speaker = EntityRef("Mara Quill", "person") if "Quill" in text else None
            yield [Quote(start, end, text[start:end], speaker=speaker, rule="cue")]

    return extractor


def test_run_predictions_turns_quotes_into_scorer_records(files: dict[str, Path]) -> None:
    calls: list[list[str]] = []
    predictions = run_predictions(files["gold"], _fake(calls))
    assert len(calls) == 1 and len(calls[0]) == len(GOLD)  # one stream: the extractor batches
    assert list(predictions) == [d["id"] for d in GOLD]
    first = predictions["harbour"][0]
    assert first == {
        **_at(HARBOUR, "The bridge will open in May,"),
        "speaker": "Mara Quill",
        "rule": "cue",
        "about": [],
        "confidence": predictions["harbour"][0]["confidence"],
        "kind": "direct",
    }
    assert isinstance(first["confidence"], float)
    assert predictions["river"][0]["speaker"] is None


def test_blank_article_is_not_sent_to_the_extractor(tmp_path: Path) -> None:
    gold = _write_jsonl(tmp_path / "g.jsonl", [{"id": "blank", "text": "  ", "quotes": []}])
    calls: list[list[str]] = []
    assert predict(load_gold(gold), _fake(calls)) == {"blank": []}


@pytest.mark.parametrize("bad", [0, 1])
def test_an_article_the_extractor_cannot_read_is_named(tmp_path: Path, bad: int) -> None:
    # extract_many yields a text's InputError in its place: evaluation stops and says which.
    from quotes.errors import InputError

    docs = [{"id": f"a{i}", "text": "x", "quotes": []} for i in range(2)]
    gold = _write_jsonl(tmp_path / "g.jsonl", docs)

    def extractor(texts: Any) -> Any:
        for i, _text in enumerate(texts):
            yield InputError("text holds a lone surrogate") if i == bad else []

    with pytest.raises(InputError, match=rf"gold article a{bad}: text holds a lone surrogate"):
        predict(load_gold(gold), extractor)


def test_written_predictions_read_back(files: dict[str, Path], tmp_path: Path) -> None:
    predictions = load_predictions(files["pred"])
    write_predictions(predictions, tmp_path / "again.jsonl")
    assert load_predictions(tmp_path / "again.jsonl") == predictions
    docs = load_gold(files["gold"], files["resolved"])
    assert evaluate(docs, predictions) == score_files(
        files["gold"], tmp_path / "again.jsonl", resolved_path=files["resolved"]
    )


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json\n", "not JSON"),
        ("[1, 2]\n", "expected a JSON object"),
        ('{"id": "a", "text": "x"}\n', "malformed gold record"),
    ],
)
def test_bad_gold_file_is_an_input_error(tmp_path: Path, content: str, message: str) -> None:
    from quotes.errors import InputError

    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_gold(path)


# ------------------------------------------------------------------------- the command
@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_eval_command_scores_a_prediction_file(
    files: dict[str, Path], runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "out.json"
    args = ["eval", str(files["gold"]), "--pred", str(files["pred"])]
    args += ["--resolved", str(files["resolved"]), "--json", str(out), "--errors", "3"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    report = score_files(files["gold"], files["pred"], resolved_path=files["resolved"])
    head = report.headline
    assert f"quote F1 {head['quote_F1']:.3f}" in result.output
    assert f"spAccR {head['speaker_acc_resolved']:.3f}" in result.output
    assert f"e2eF1R {head['e2e_resolved_F1']:.3f}" in result.output
    assert "Per rule" in result.output and "gold quotes missed: 2" in result.output
    assert "3 example errors" in result.output
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["levels"] == report.to_dict()["levels"]
    assert [e["kind"] for e in written["errors"]] == ["missed", "spurious", "speaker"]


def test_eval_command_runs_the_extractor_and_writes_scorer_input(
    files: dict[str, Path], runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []
    monkeypatch.setattr(eval_cmd, "extract_many", lambda texts, model=None: _fake(calls)(texts))
    pred_out = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["eval", str(files["gold"]), "--pred-out", str(pred_out)])
    assert result.exit_code == 0, result.output
    assert "without --resolved" in result.output
    assert len(calls) == 1
    lines = [json.loads(line) for line in pred_out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == [d["id"] for d in GOLD]
    assert set(lines[0]["quotes"][0]) == {
        "start", "end", "speaker", "rule", "about", "confidence", "kind",
    }  # fmt: skip


def test_eval_command_with_the_real_extractor_matches_the_scorer(
    tmp_path: Path, runner: CliRunner, reference_scorer: Path
) -> None:
    text = "\u201cThe ferry will run all winter,\u201d said Harbour Master Ola Berg on Monday."
    gold = _write_jsonl(
        tmp_path / "g.jsonl",
        [
            {
                "id": "ferry",
                "text": text,
                "quotes": [_q(text, text[: text.index(" said")], "Ola Berg")],
            }
        ],
    )
    pred, out = tmp_path / "p.jsonl", tmp_path / "o.json"
    args = ["eval", str(gold), "--pred-out", str(pred), "--json", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    mine = json.loads(out.read_text(encoding="utf-8"))
    assert mine["headline"]["quote_F1"] == 1.0
    ref = _reference(reference_scorer, gold, pred, tmp_path / "ref.json")
    assert mine["levels"] == ref["levels"]


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "cannot read"),
        ("{broken\n", "not JSON"),
    ],
)
def test_eval_command_bad_gold_file(
    tmp_path: Path, runner: CliRunner, content: str | None, message: str
) -> None:
    gold = tmp_path / "gold.jsonl"
    if content is not None:
        gold.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold), "--pred", str(gold)])
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "text, quotes, kept",
    [
        ("''We won,'' she said. ''Again,'' he said. ''Yes.''", [], False),
        ("''We won,'' she said. ''Again,'' he said. ''Yes.''", [{"x": 1}], True),
        ("\u201cWe won,\u201d she said.", [], True),  # no quote in the gold, but not '' marks
        ("It''s a ''bad'' idea.", [], True),  # a few '' are not an article typed with them
    ],
)
def test_covered_leaves_out_articles_typed_with_double_apostrophes(
    text: str, quotes: list[dict[str, Any]], kept: bool, tmp_path: Path
) -> None:
    docs = [GoldDoc(id="a", text=text, quotes=tuple(quotes))]  # type: ignore[arg-type]
    assert (covered(docs) == docs) is kept


def test_eval_command_prints_the_covered_breakdown_and_calibration(
    files: dict[str, Path], runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(eval_cmd, "extract_many", lambda texts, model=None: _fake([])(texts))
    out = tmp_path / "r.json"
    args = ["eval", str(files["gold"]), "--resolved", str(files["resolved"]), "--json", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Resolved speakers by mention" in result.output and "ECE" in result.output
    written = json.loads(out.read_text(encoding="utf-8"))
    groups = {"name", "pronoun", "description", "continuation"}
    assert set(written["covered"]["by_mention"]) == groups
    assert written["covered"]["calibration"]["n"] > 0


# ------------------------------------------------------------------ reported speech
MILL = (
    "The old mill will close in spring, said owner Petra Lind. "
    "According to the town council, the building is unsafe. "
    "Lind said the workers would get \u201ca fair deal\u201d from the new owners. "
    "\u201cWe tried everything,\u201d she said. "
    "The union said nothing."
)
REPORTED_GOLD: list[dict[str, Any]] = [
    {
        "id": "mill",
        "text": MILL,
        "quotes": [
            _q(MILL, "The old mill will close in spring", "owner Petra Lind", type="indirect"),
            _q(MILL, "the building is unsafe", "the town council", type="indirect"),
            _q(
                MILL,
                "the workers would get \u201ca fair deal\u201d from the new owners",
                "Lind",
                type="mixed",
                speaker_aliases_silver=["Petra Lind"],
            ),
        ],
        # the article's direct quote: neither rewarded nor punished when scoring reported speech
        "mixed_quotes": [_q(MILL, "\u201cWe tried everything,\u201d", "she")],
    }
]


def _r(part: str, speaker: str | None, kind: str, rule: str = "reported") -> dict[str, Any]:
    return {**_at(MILL, part), "speaker": speaker, "rule": rule, "kind": kind}


REPORTED_PRED: dict[str, list[dict[str, Any]]] = {
    "mill": [
        _r("The old mill will close in spring", "Petra Lind", "indirect"),  # TP, speaker right
        _r("the building is unsafe", "Town Council", "indirect", "reported_according_to"),
        _r("the workers would get \u201ca fair deal\u201d", "Petra Lind", "mixed"),  # TP
        _r("We tried everything", "Petra Lind", "direct", "cue"),  # another kind: not scored
        _r("The union said nothing", "union", "indirect"),  # spurious
    ]
}


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("direct", ["We tried everything"]),
        (
            "reported",
            [
                "The old mill will close in spring",
                "the building is unsafe",
                "the workers would get \u201ca fair deal\u201d",
                "The union said nothing",
            ],
        ),
    ],
)
def test_of_kind_keeps_the_records_each_gold_scores(kind: str, expected: list[str]) -> None:
    kept = of_kind(REPORTED_PRED, kind)["mill"]
    assert [MILL[r["start"] : r["end"]] for r in kept] == expected


def test_of_kind_keeps_records_without_a_kind_and_refuses_unknown_kinds() -> None:
    from quotes.errors import InputError

    plain = {"a": [{"start": 0, "end": 3, "speaker": None}]}
    assert of_kind(plain, "reported") == plain
    with pytest.raises(InputError, match="unknown kind"):
        of_kind(plain, "indirect")


def test_reported_figures_by_hand(tmp_path: Path) -> None:
    gold = load_gold(_write_jsonl(tmp_path / "g.jsonl", REPORTED_GOLD))
    overlap = evaluate(gold, of_kind(REPORTED_PRED, "reported")).levels["overlap"]
    # 3 gold, 4 reported predictions (the direct one is not counted): 3 contents match
    assert (overlap.gold, overlap.pred_counted, overlap.tp) == (3, 4, 3)
    # "Town Council" and "the town council" normalise to the same words, and "Petra Lind"
    # matches "owner Petra Lind" and "Lind": all three speakers are right
    assert overlap.e2e["strict"].precision == pytest.approx(3 / 4)
    assert overlap.e2e["lenient"].recall == pytest.approx(1.0)


@pytest.mark.parametrize("kind", ["direct", "reported"])
def test_reported_scoring_equals_the_reference_scorer(
    tmp_path: Path, reference_scorer: Path, runner: CliRunner, kind: str
) -> None:
    gold = _write_jsonl(tmp_path / "g.jsonl", REPORTED_GOLD)
    pred = _write_jsonl(
        tmp_path / "p.jsonl", [{"id": i, "quotes": q} for i, q in REPORTED_PRED.items()]
    )
    # the reference scorer scores everything it is given: give it what --kind keeps
    kept = _write_jsonl(
        tmp_path / "k.jsonl",
        [{"id": i, "quotes": q} for i, q in of_kind(REPORTED_PRED, kind).items()],
    )
    ref = _reference(reference_scorer, gold, kept, tmp_path / "ref.json")
    out = tmp_path / "out.json"
    args = ["eval", str(gold), "--pred", str(pred), "--kind", kind, "--json", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    mine = json.loads(out.read_text(encoding="utf-8"))
    assert mine["levels"] == ref["levels"]
    assert mine["kind"] == kind
    if kind == "reported":
        lenient = ref["levels"]["overlap"]["e2e_lenient_F1"]
        assert f"content F1 {ref['levels']['overlap']['quote_F1']:.3f}" in result.output
        assert f"e2eF1L {lenient:.3f}" in result.output


def test_eval_command_refuses_an_unknown_kind(files: dict[str, Path], runner: CliRunner) -> None:
    args = ["eval", str(files["gold"]), "--pred", str(files["pred"]), "--kind", "indirect"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "indirect" in result.output + result.stderr
