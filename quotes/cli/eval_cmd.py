"""``quotes eval GOLD.jsonl``: the reference scorer's figures for the extractor, and its errors.

Runs the extractor over the gold articles (or reads ``--pred``), then prints the headline
figures (quote F1 at the overlap level, resolved speaker accuracy spAccR, resolved end-to-end
F1 e2eF1R), the full table, a per-rule breakdown and, with ``--errors N``, example errors.
Then the same headline on the articles whose quote marks the gold covers (all but those typed
with ``''`` marks and an empty gold, docs/evaluation.md), the resolved speaker accuracy by kind
of gold mention (name, pronoun, description, continuation) and the calibration of
``confidence`` (expected calibration error), on those articles.
``--pred-out`` writes the predictions in the scorer's format to cross-check with
``python3 ../shared/eval/score.py GOLD PRED --resolved RESOLVED``. ``--kind reported`` scores
reported speech (indirect and mixed records) against a ``*_reported.jsonl`` gold file; the
default, ``direct``, scores direct quotes against ``dev.jsonl``: each kind against its own
gold. A gold file that cannot be read is one line on stderr and exit code 1; a failure of the
extractor, exit code 2.

``--about ABOUT.jsonl`` adds whom the quotes are about, with the figures of
``../shared/eval/score_about.py`` (about P/R/F1 over the matched quotes, recall inside the
marks and of frame targets, edge F1 of (speaker, target) pairs per article) and the targets
found and missed by how the quote refers to them; ``--errors N`` then also lists missed and
spurious targets.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from quotes.cli import app
from quotes.cli.options import fail
from quotes.errors import InputError, QuotesError
from quotes.evaluation import (
    EVAL_KINDS,
    HEADLINE_LEVEL,
    MODES,
    AboutError,
    AboutReport,
    ErrorCase,
    EvalReport,
    GoldDoc,
    covered,
    evaluate,
    evaluate_about,
    load_about,
    load_gold,
    load_predictions,
    of_kind,
    predict,
    sample_errors,
    write_predictions,
)
from quotes.models import ABOUT_HOWS, Quote
from quotes.nlp.extract import extract_many
from quotes.text.lexicon import default_lexicon


class EvalKind(StrEnum):
    """What a gold file holds (:data:`quotes.evaluation.EVAL_KINDS`)."""

    direct = "direct"
    reported = "reported"


assert {k.value for k in EvalKind} == set(EVAL_KINDS)  # one list of kinds


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Argument(help="Gold JSON Lines, e.g. polnear/dev.jsonl.")],
    resolved: Annotated[
        Path | None, typer.Option(help="Hand-resolved speakers: adds the resolved figures.")
    ] = None,
    pred: Annotated[
        Path | None, typer.Option(help="Score this prediction file instead of extracting.")
    ] = None,
    pred_out: Annotated[
        Path | None, typer.Option(help="Write the predictions here, in the scorer's format.")
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write every figure here as JSON.")
    ] = None,
    errors: Annotated[int, typer.Option(min=0, help="Show this many example errors.")] = 0,
    include_mixed: Annotated[
        bool, typer.Option(help="Count mixed quotes as gold instead of don't-care.")
    ] = False,
    model: Annotated[str | None, typer.Option(help="Installed spaCy model name.")] = None,
    about: Annotated[
        Path | None,
        typer.Option(
            help="Whom each gold quote is about (dev_about.jsonl): adds the about figures."
        ),
    ] = None,
    kind: Annotated[
        EvalKind,
        typer.Option(help="What GOLD holds: direct quotes, or reported speech (*_reported.jsonl)."),
    ] = EvalKind.direct,
) -> None:
    """Score the extractor against GOLD.

    The figures are those of ../shared/eval/score.py.
    """
    try:
        docs = load_gold(gold, resolved)
        gold_about = load_about(about) if about is not None else None
        raw = load_predictions(pred) if pred else _extract(docs, model)
        predictions = of_kind(raw, kind.value)
    except InputError as err:
        fail(err)
    except QuotesError as err:
        fail(err, 2)
    if pred_out is not None:
        write_predictions(predictions, pred_out)
    report = evaluate(docs, predictions, include_mixed=include_mixed)
    shown = sample_errors(report.errors, errors)
    console = Console(highlight=False)
    _print_figures(console, report, resolved_given=resolved is not None, kind=kind.value)
    _print_rules(console, report)
    if shown:
        _print_errors(console, shown)
    covered_docs = covered(docs)
    subset = (
        report
        if len(covered_docs) == len(docs)
        else evaluate(covered_docs, predictions, include_mixed=include_mixed)
    )
    _print_covered(console, subset, all_docs=len(docs))
    about_report = about_covered = None
    if gold_about is not None:
        demonyms = default_lexicon().demonyms
        about_report = evaluate_about(docs, gold_about, predictions, demonyms)
        about_covered = (
            about_report
            if len(covered_docs) == len(docs)
            else evaluate_about(covered_docs, gold_about, predictions, demonyms)
        )
        _print_about(console, about_report, errors, covered=about_covered, all_docs=len(docs))
    if json_out is not None:
        result: dict[str, Any] = {"gold_file": str(gold), "kind": kind.value, **report.to_dict()}
        result["errors"] = [asdict(e) for e in shown]
        result["covered"] = subset.to_dict()
        if about_report is not None:
            result["about"] = about_report.to_dict()
            result["about_covered"] = about_covered.to_dict() if about_covered else None
            result["about_errors"] = [asdict(e) for e in about_report.errors[:errors]]
        json_out.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")


def _extract(docs: Sequence[GoldDoc], model: str | None) -> dict[str, list[dict[str, Any]]]:
    """Predictions for the gold articles, with a progress bar on stderr."""
    extractor = partial(extract_many, model=model)
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("extracting", total=sum(1 for d in docs if d.text.strip()))

        def tracked(texts: Iterable[str]) -> Iterator[list[Quote] | InputError]:
            for quotes in extractor(texts):
                progress.advance(task)
                yield quotes

        return predict(docs, tracked)


def _f(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _print_figures(
    console: Console, report: EvalReport, *, resolved_given: bool, kind: str
) -> None:
    head = report.headline
    lenient = report.levels[HEADLINE_LEVEL].e2e["lenient"].f1
    what = "quote" if kind == "direct" else "content"
    console.print(
        f"[bold]{what} F1 {_f(head['quote_F1'])}[/]  ({HEADLINE_LEVEL})   "
        f"[bold]spAccR {_f(head['speaker_acc_resolved'])}   "
        f"e2eF1R {_f(head['e2e_resolved_F1'])}   e2eF1L {_f(lenient)}[/]\n"
        f"docs={report.docs} pred_ids_not_in_gold={report.pred_ids_not_in_gold} "
        f"pred_quotes_not_located={report.pred_quotes_not_located}"
    )
    if not resolved_given and kind == "direct":
        console.print("[yellow]without --resolved, the resolved figures equal the strict ones[/]")
    spans = Table("level", "gold", "pred", "ignored", "TP", "P", "R", "F1", title="Quote spans")
    for level, s in report.levels.items():
        q = s.quote
        spans.add_row(
            level,
            *map(str, (s.gold, s.pred_counted, s.pred_ignored_dontcare, s.tp)),
            _f(q.precision),
            _f(q.recall),
            _f(q.f1),
        )
    console.print(spans)
    lv = report.levels[HEADLINE_LEVEL]
    headers = ("mode", "spAcc", "n", "name", "pronoun", "nominal", "e2e P", "e2e R", "e2e F1")
    speakers = Table(*headers, title=f"Speakers and end to end ({HEADLINE_LEVEL} spans)")
    for mode in MODES:
        kinds = (_f(lv.speaker_accuracy_by_kind[mode, k]) for k in ("name", "pronoun", "nominal"))
        e2e = lv.e2e[mode]
        speakers.add_row(
            mode,
            _f(lv.speaker_accuracy[mode]),
            str(lv.speaker_n[mode]),
            *kinds,
            _f(e2e.precision),
            _f(e2e.recall),
            _f(e2e.f1),
        )
    console.print(speakers)


def _print_rules(console: Console, report: EvalReport) -> None:
    headers = ("rule", "pred", "TP", "FP", "ign", "spk ok", "spk bad", "P", "spk acc")
    table = Table(*headers, title=f"Per rule ({HEADLINE_LEVEL} spans, resolved speakers)")
    for r in report.rules:
        span_p = r.span_tp / (r.span_tp + r.span_fp) if r.span_tp + r.span_fp else None
        acc = r.speaker_correct / r.span_tp if r.span_tp else None
        counts = (r.predictions, r.span_tp, r.span_fp, r.ignored, r.speaker_correct)
        table.add_row(escape(r.rule), *map(str, counts), str(r.speaker_wrong), _f(span_p), _f(acc))
    table.caption = f"gold quotes missed: {report.missed}"
    console.print(table)


def _print_errors(console: Console, shown: Sequence[ErrorCase]) -> None:
    console.print(
        f"[bold]{len(shown)} example errors[/] "
        "(in brackets: the gold span, or the predicted one if spurious)"
    )
    for e in shown:
        speakers = f"gold={e.gold_speaker!r} pred={e.pred_speaker!r}"
        rule = f" rule={e.rule}" if e.rule else ""
        where = f"{e.start}-{e.end}" if e.start >= 0 else "(not located)"
        console.print(f"[bold]{e.kind}[/] {escape(f'{e.doc_id} {where}{rule} {speakers}')}")
        console.print(f"    {escape(e.context)}", soft_wrap=True)


def _print_about(
    console: Console, report: AboutReport, errors: int, *, covered: AboutReport, all_docs: int
) -> None:
    """The about figures of score_about.py on all articles and on the covered ones, the
    breakdown by how, and example misses."""
    a, e = report.about, report.edge
    ca, ce = covered.about, covered.edge
    console.print(
        f"[bold]about F1 {_f(a.f1)}[/] (P {_f(a.precision)} R {_f(a.recall)}; "
        f"inside R {_f(report.recall_inside)}, frame R {_f(report.recall_frame)})   "
        f"[bold]edge F1 {_f(e.f1)}[/] (P {_f(e.precision)} R {_f(e.recall)})\n"
        f"matched_quotes={report.matched_quotes} gold_about={report.gold_about} "
        f"gold_frame={report.gold_frame} gold_edges={report.gold_edges} "
        f"pred_edges={report.pred_edges}\n"
        f"[bold]{covered.docs} of {all_docs} articles[/] (those whose quote marks the gold "
        f"covers): [bold]about F1 {_f(ca.f1)}[/] (P {_f(ca.precision)} R {_f(ca.recall)})   "
        f"[bold]edge F1 {_f(ce.f1)}[/] (P {_f(ce.precision)} R {_f(ce.recall)})\n"
        f"articles scored (some gold quote annotated): {report.articles} of {all_docs}; "
        f"edges predicted in the others, seen by no figure: {report.unscored_pred_edges} "
        f"({covered.unscored_pred_edges} of them in covered articles)",
        soft_wrap=True,
    )
    table = Table("how", "gold", "found", "missed", "pred", "right", "P", title="About, by how")
    by_how = report.to_dict()["by_how"]
    for how in ABOUT_HOWS:
        row = by_how[how]
        precision = row["right"] / row["pred"] if row["pred"] else None
        counts = (row["gold"], row["found"], row["missed"], row["pred"], row["right"])
        table.add_row(how, *map(str, counts), _f(precision))
    table.caption = "gold: how the quote refers to the target; pred: how the engine found it"
    console.print(table)
    if errors:
        _print_about_errors(console, report.errors[:errors])


def _print_about_errors(console: Console, shown: Sequence[AboutError]) -> None:
    console.print(f"[bold]{len(shown)} example about errors[/]")
    for e in shown:
        head = f"{e.kind} {e.how or '-'} {e.name!r} {e.doc_id} {e.start}"
        console.print(f"[bold]{escape(head)}[/]")
        console.print(f"    {escape(' '.join(e.quote.split())[:200])}", soft_wrap=True)


def _print_covered(console: Console, report: EvalReport, *, all_docs: int) -> None:
    """The headline, the per-mention breakdown and the calibration on the covered articles."""
    head = report.headline
    e2e = report.levels[HEADLINE_LEVEL].e2e["resolved"]
    console.print(
        f"[bold]{report.docs} of {all_docs} articles[/] (those whose quote marks the gold "
        f"covers): [bold]quote F1 {_f(head['quote_F1'])}   "
        f"spAccR {_f(head['speaker_acc_resolved'])}   e2eF1R {_f(e2e.f1)}[/] "
        f"(e2e P {_f(e2e.precision)} R {_f(e2e.recall)})"
    )
    table = Table("gold mention", "n", "right", "spAccR", title="Resolved speakers by mention")
    for group, n, ok in report.by_mention:
        table.add_row(group, str(n), str(ok), _f(ok / n if n else None))
    table.caption = "continuation: the gold mention lies outside the quote's sentence"
    console.print(table)
    calibration = report.calibration
    console.print(
        f"[bold]confidence: ECE {_f(calibration.ece)}[/] over {calibration.n} matched quotes"
    )
    bins = Table("confidence", "n", "mean confidence", "accuracy", title="Reliability")
    for low, high, n, mean, accuracy in calibration.bins:
        bins.add_row(f"{low:.1f}-{high:.1f}", str(n), _f(mean), _f(accuracy))
    console.print(bins)
