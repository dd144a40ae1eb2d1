"""Files in, files out: gold and prediction JSON Lines, and running the extractor on gold.

Gold files are read from wherever the caller says (they hold copyrighted news and are never
copied into the repository). Predictions are written in the reference scorer's format, so
anyone can cross-check with ``python3 ../shared/eval/score.py GOLD PRED --resolved ...``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from quotes.batch.io import json_objects
from quotes.errors import InputError
from quotes.evaluation.matching import GoldDoc, GoldQuote, make_span
from quotes.evaluation.scoring import EvalReport, PredictionRecords, evaluate
from quotes.models import Quote
from quotes.nlp.extract import extract_many

__all__ = [
    "EVAL_KINDS",
    "Extractor",
    "covered",
    "load_gold",
    "load_predictions",
    "of_kind",
    "predict",
    "prediction_record",
    "run_predictions",
    "score_files",
    "write_predictions",
]

# Anything that turns a stream of texts into one result per text, like extract_many: the
# text's quotes, or the InputError it gave.
Extractor = Callable[[Iterable[str]], Iterable[list[Quote] | InputError]]
# What each gold file scores: dev.jsonl holds direct quotes, dev_reported.jsonl reported
# speech (indirect and mixed). Each kind is scored against its own gold only, so reported
# speech is never a spurious direct quote, nor a direct quote spurious reported speech.
EVAL_KINDS: dict[str, frozenset[str]] = {
    "direct": frozenset({"direct"}),
    "reported": frozenset({"indirect", "mixed"}),
}


# ------------------------------------------------------------------------------- reading
def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return list(json_objects(path))


def _gold_quote(text: str, q: Mapping[str, Any], resolution: Mapping[str, Any]) -> GoldQuote:
    aliases = q.get("speaker_aliases_silver") or ()
    return GoldQuote(
        span=make_span(text, int(q["start"]), int(q["end"])),
        speaker=q.get("speaker"),
        silver_aliases=tuple(a for a in aliases if isinstance(a, str)),
        resolved=resolution.get("resolved"),
        # An explicit null counts as unnamed, like a missing key counts as named.
        named=bool(resolution.get("named", True)),
        corrected_speaker=resolution.get("corrected_speaker"),
        record_start=int(q["start"]),
        speaker_start=_offset(q.get("speaker_start")),
        speaker_end=_offset(q.get("speaker_end")),
        mention_class=resolution.get("mention_class"),
    )


def _offset(value: Any) -> int | None:
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


def load_gold(path: Path, resolved_path: Path | None = None) -> list[GoldDoc]:
    """The gold articles, each direct quote joined with its hand-resolved speaker, if any."""
    resolutions: dict[tuple[Any, Any], dict[str, Any]] = {}
    if resolved_path is not None:
        resolutions = {(r.get("id"), r.get("start")): r for r in _read_jsonl(resolved_path)}
    docs = []
    for n, d in enumerate(_read_jsonl(path), 1):
        try:
            text = d["text"]
            quotes = tuple(
                _gold_quote(text, q, resolutions.get((d["id"], q["start"]), {}))
                for q in d["quotes"]
            )
            mixed = tuple(_gold_quote(text, q, {}) for q in d.get("mixed_quotes") or ())
        except (KeyError, TypeError, ValueError) as err:
            raise InputError(f"{path}: article {n}: malformed gold record ({err!r})") from err
        docs.append(GoldDoc(id=d["id"], text=text, quotes=quotes, mixed=mixed))
    return docs


def covered(docs: Sequence[GoldDoc]) -> list[GoldDoc]:
    """The articles whose quote marks the gold set covers: all but those typed with ``''``
    marks whose gold is empty (the converter did not read ``''`` as a quote mark, so their
    quotes are missing from the gold, not absent from the text; docs/evaluation.md)."""
    return [d for d in docs if not (d.text.count("''") > 4 and not d.quotes)]


def load_predictions(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Predictions by article id (a later line for the same id wins, as in the scorer)."""
    return {r["id"]: list(r.get("quotes") or []) for r in _read_jsonl(path) if "id" in r}


def score_files(
    gold_path: Path,
    pred_path: Path,
    *,
    resolved_path: Path | None = None,
    include_mixed: bool = False,
) -> EvalReport:
    """The scorer's figures for a prediction file (``score.py GOLD PRED --resolved ...``)."""
    docs = load_gold(gold_path, resolved_path)
    return evaluate(docs, load_predictions(pred_path), include_mixed=include_mixed)


def prediction_record(quote: Quote) -> dict[str, Any]:
    """A quote as the scorers read it, with the rule that found it for the breakdown, and
    whom it is about (``score_about.py`` reads each entry's ``name``; ``how`` and the
    offsets feed the breakdown)."""
    return {
        "start": quote.start,
        "end": quote.end,
        "speaker": quote.speaker.name if quote.speaker else None,
        "rule": quote.rule,
        "about": quote.to_dict()["about_mentions"],
        "confidence": quote.confidence,
        "kind": quote.kind,
    }


def of_kind(predictions: PredictionRecords, kind: str) -> dict[str, list[dict[str, Any]]]:
    """The predictions that ``kind`` ("direct" or "reported", :data:`EVAL_KINDS`) scores.

    A record without a ``kind`` (a prediction file from another tool) is kept: the scorer
    would score it too.
    """
    if kind not in EVAL_KINDS:
        raise InputError(f"unknown kind {kind!r}; expected one of {', '.join(EVAL_KINDS)}")
    wanted = EVAL_KINDS[kind]
    return {
        doc_id: [dict(r) for r in records if r.get("kind") is None or r["kind"] in wanted]
        for doc_id, records in predictions.items()
    }


def predict(
    docs: Sequence[GoldDoc], extractor: Extractor | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Run ``extractor`` (default :func:`quotes.nlp.extract.extract_many`, which batches) over
    the gold texts; article id -> prediction records, in gold order.

    A blank article has no quotes and is not sent to the extractor, which refuses blank text.
    """
    run = extractor if extractor is not None else extract_many
    predictions: dict[str, list[dict[str, Any]]] = {doc.id: [] for doc in docs}
    todo = [doc for doc in docs if doc.text.strip()]
    for doc, quotes in zip(todo, run(doc.text for doc in todo), strict=True):
        if isinstance(quotes, InputError):  # gold the extractor cannot read: say which
            raise InputError(f"gold article {doc.id}: {quotes}") from quotes
        predictions[doc.id] = [prediction_record(q) for q in quotes]
    return predictions


def run_predictions(
    gold_path: Path, extractor: Extractor | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Read the gold JSON Lines at ``gold_path`` and predict quotes for its articles."""
    return predict(load_gold(Path(gold_path)), extractor)


def write_predictions(predictions: PredictionRecords, path: Path) -> None:
    """One ``{"id", "quotes"}`` line per article: the scorer's prediction format."""
    with Path(path).open("w", encoding="utf-8") as out:
        for doc_id, quotes in predictions.items():
            out.write(json.dumps({"id": doc_id, "quotes": list(quotes)}, ensure_ascii=False))
            out.write("\n")
