"""Counting: quote P/R/F1, speaker accuracy and end-to-end figures, and the error breakdown.

:func:`evaluate` takes gold articles and predictions already in memory and returns an
:class:`EvalReport` whose :meth:`~EvalReport.to_dict` has the reference scorer's keys and
values. Per-rule counts and individual errors are taken at the headline (overlap) level.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from itertools import islice, zip_longest
from typing import Any, Literal

from quotes.evaluation.matching import (
    HEADLINE_LEVEL,
    KINDS,
    LEVELS,
    MENTION_GROUPS,
    MODES,
    NOWHERE,
    GoldDoc,
    GoldQuote,
    Predicted,
    Span,
    locate_predictions,
    match_spans,
    mention_group,
    speaker_kind,
    speaker_matches,
)

__all__ = [
    "ERROR_KINDS",
    "PRF",
    "ErrorCase",
    "EvalReport",
    "LevelScore",
    "PredictionRecords",
    "Reliability",
    "RuleStats",
    "evaluate",
    "reliability",
    "sample_errors",
]

PredictionRecords = Mapping[str, Sequence[Mapping[str, Any]]]
ErrorKind = Literal["missed", "spurious", "speaker"]
ERROR_KINDS: tuple[ErrorKind, ...] = ("missed", "spurious", "speaker")
# Characters of article shown either side of an error.
CONTEXT_CHARS = 60
# Confidence bins of the reliability table: [0, 0.1), [0.1, 0.2) ... [0.9, 1.0].
RELIABILITY_BINS = 10


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 (0.0 where undefined, as in the scorer)."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, tp: int, n_pred: int, n_gold: int) -> PRF:
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        return cls(p, r, 2 * p * r / (p + r) if p + r else 0.0)


@dataclass(frozen=True, slots=True)
class LevelScore:
    """The figures at one span-matching level; :meth:`to_dict` uses the scorer's keys."""

    gold: int
    pred_counted: int
    pred_ignored_dontcare: int
    tp: int
    quote: PRF
    speaker_accuracy: Mapping[str, float]
    speaker_n: Mapping[str, int]
    speaker_accuracy_by_kind: Mapping[tuple[str, str], float | None]
    speaker_n_by_kind: Mapping[str, int]
    e2e: Mapping[str, PRF]

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "gold": self.gold,
            "pred_counted": self.pred_counted,
            "pred_ignored_dontcare": self.pred_ignored_dontcare,
            "tp": self.tp,
            "quote_P": self.quote.precision,
            "quote_R": self.quote.recall,
            "quote_F1": self.quote.f1,
        }
        for mode in MODES:
            d[f"speaker_acc_{mode}"] = self.speaker_accuracy[mode]
            d[f"speaker_n_{mode}"] = self.speaker_n[mode]
            for kind in KINDS:
                d[f"speaker_acc_{mode}_{kind}"] = self.speaker_accuracy_by_kind[mode, kind]
                d[f"speaker_n_{kind}"] = self.speaker_n_by_kind[kind]
            e2e = self.e2e[mode]
            d[f"e2e_{mode}_P"], d[f"e2e_{mode}_R"] = e2e.precision, e2e.recall
            d[f"e2e_{mode}_F1"] = e2e.f1
        return d


@dataclass(slots=True)
class RuleStats:
    """How the predictions of one extraction rule fared, at the headline (overlap) level.

    ``speaker_correct``/``speaker_wrong`` split the span true positives by the resolved
    speaker; predictions neither TP nor FP fell on a don't-care (mixed) quote.
    """

    rule: str
    predictions: int = 0
    span_tp: int = 0
    span_fp: int = 0
    speaker_correct: int = 0
    speaker_wrong: int = 0

    @property
    def ignored(self) -> int:
        return self.predictions - self.span_tp - self.span_fp


@dataclass(frozen=True, slots=True)
class ErrorCase:
    """One error at the headline level: a gold quote missed, a spurious prediction, or a
    matched span with the wrong (resolved) speaker. ``context`` shows the span in brackets."""

    doc_id: str
    kind: ErrorKind
    start: int
    end: int
    gold_speaker: str | None
    pred_speaker: str | None
    rule: str | None
    context: str


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Everything one evaluation found: figures per level, per-rule counts, the errors."""

    docs: int
    include_mixed: bool
    pred_ids_not_in_gold: int
    pred_quotes_not_located: int
    levels: Mapping[str, LevelScore]
    rules: tuple[RuleStats, ...]
    missed: int
    errors: tuple[ErrorCase, ...] = ()
    # (mention group, number of matched quotes, of them with the right resolved speaker)
    by_mention: tuple[tuple[str, int, int], ...] = ()
    # (confidence, right) for every matched quote whose prediction carries a confidence
    confidences: tuple[tuple[float, bool], ...] = ()

    @property
    def mention_accuracy(self) -> dict[str, float | None]:
        """Resolved speaker accuracy by kind of gold mention (:data:`MENTION_GROUPS`)."""
        return {g: ok / n if n else None for g, n, ok in self.by_mention}

    @property
    def calibration(self) -> Reliability:
        return reliability(self.confidences)

    @property
    def headline(self) -> dict[str, float]:
        """The figures that count: quote F1 (overlap), spAccR and e2eF1R."""
        lv = self.levels[HEADLINE_LEVEL]
        return {
            "quote_F1": lv.quote.f1,
            "speaker_acc_resolved": lv.speaker_accuracy["resolved"],
            "e2e_resolved_F1": lv.e2e["resolved"].f1,
        }

    def to_dict(self) -> dict[str, Any]:
        """The scorer's JSON (less its file names), plus ``headline``, ``rules``, ``missed``."""
        return {
            "include_mixed": self.include_mixed,
            "docs": self.docs,
            "pred_ids_not_in_gold": self.pred_ids_not_in_gold,
            "pred_quotes_not_located": self.pred_quotes_not_located,
            "levels": {lv: score.to_dict() for lv, score in self.levels.items()},
            "headline": self.headline,
            "rules": [{**asdict(r), "ignored": r.ignored} for r in self.rules],
            "missed": self.missed,
            "by_mention": {g: {"n": n, "correct": ok} for g, n, ok in self.by_mention},
            "calibration": self.calibration.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Reliability:
    """Confidence against observed accuracy: per bin (low, high, n, mean confidence,
    accuracy), and the expected calibration error (the bins' gaps weighted by their size)."""

    bins: tuple[tuple[float, float, int, float, float], ...]
    ece: float | None
    n: int

    def to_dict(self) -> dict[str, Any]:
        keys = ("low", "high", "n", "confidence", "accuracy")
        bins = [dict(zip(keys, b, strict=True)) for b in self.bins]
        return {"ece": self.ece, "n": self.n, "bins": bins}


def reliability(pairs: Sequence[tuple[float, bool]], n_bins: int = RELIABILITY_BINS) -> Reliability:
    """The reliability table and ECE of (confidence, right) pairs, in equal-width bins."""
    rows: list[list[tuple[float, bool]]] = [[] for _ in range(n_bins)]
    for confidence, right in pairs:
        rows[min(int(confidence * n_bins), n_bins - 1)].append((confidence, right))
    bins = []
    gap = 0.0
    for k, row in enumerate(rows):
        if not row:
            continue
        mean = sum(c for c, _ in row) / len(row)
        accuracy = sum(r for _, r in row) / len(row)
        gap += len(row) * abs(mean - accuracy)
        bins.append((k / n_bins, (k + 1) / n_bins, len(row), mean, accuracy))
    return Reliability(tuple(bins), gap / len(pairs) if pairs else None, len(pairs))


# ------------------------------------------------------------------------------ counting
@dataclass(slots=True)
class _Tally:
    gold: int = 0
    pred: int = 0
    ignored: int = 0
    tp: int = 0
    speaker_n: Counter[tuple[str, str]] = field(default_factory=Counter)
    speaker_ok: Counter[tuple[str, str]] = field(default_factory=Counter)
    e2e_tp: Counter[str] = field(default_factory=Counter)

    def add_pair(self, gold: GoldQuote, predicted: str | None) -> None:
        kind = speaker_kind(gold.speaker)
        for mode in MODES:
            ok = speaker_matches(gold, predicted, mode)
            self.e2e_tp[mode] += ok
            # Speaker accuracy is over quotes whose source is in the text.
            if gold.speaker is not None:
                self.speaker_n[mode, kind] += 1
                self.speaker_ok[mode, kind] += ok

    def score(self) -> LevelScore:
        def ratio(ok: int, n: int) -> float:
            return ok / n if n else 0.0

        n = {m: sum(self.speaker_n[m, k] for k in KINDS) for m in MODES}
        return LevelScore(
            gold=self.gold,
            pred_counted=self.pred,
            pred_ignored_dontcare=self.ignored,
            tp=self.tp,
            quote=PRF.of(self.tp, self.pred, self.gold),
            speaker_accuracy={
                m: ratio(sum(self.speaker_ok[m, k] for k in KINDS), n[m]) for m in MODES
            },
            speaker_n=n,
            speaker_accuracy_by_kind={
                (m, k): self.speaker_ok[m, k] / self.speaker_n[m, k]
                if self.speaker_n[m, k]
                else None
                for m in MODES
                for k in KINDS
            },
            speaker_n_by_kind={k: self.speaker_n[MODES[-1], k] for k in KINDS},
            e2e={m: PRF.of(self.e2e_tp[m], self.pred, self.gold) for m in MODES},
        )


def _is_dontcare(span: Span, dontcare: frozenset[int]) -> bool:
    """Mostly inside a mixed quote (called it a "rigged election"): neither TP nor FP."""
    return bool(dontcare and span.words) and len(span.words & dontcare) >= 0.5 * len(span.words)


def _count_level(
    gold: Sequence[GoldQuote],
    preds: Sequence[Predicted],
    dontcare: frozenset[int],
    level: str,
    tally: _Tally,
) -> tuple[list[tuple[int, int]], set[int]]:
    """Match one article's spans at ``level``, count, and return the pairs and ignored ones."""
    pairs = match_spans([g.span for g in gold], [p.span for p in preds], level)
    matched = {pi for _, pi in pairs}
    ignored = {
        pi for pi, p in enumerate(preds) if pi not in matched and _is_dontcare(p.span, dontcare)
    }
    tally.gold += len(gold)
    tally.pred += len(preds) - len(ignored)
    tally.ignored += len(ignored)
    tally.tp += len(pairs)
    for gi, pi in pairs:
        tally.add_pair(gold[gi], preds[pi].speaker)
    return pairs, ignored


# ---------------------------------------------------------------------------- diagnostics
def _context(text: str, span: Span, width: int = CONTEXT_CHARS) -> str:
    """The span in brackets with ``width`` characters either side, on one line."""
    if span == NOWHERE:
        return "(quote text not found in the article)"
    inner = text[span.start : span.end]
    if len(inner) > 3 * width:
        inner = f"{inner[: 2 * width]} … {inner[-width:]}"
    before, after = text[max(0, span.start - width) : span.start], text[span.end : span.end + width]
    return " ".join(f"{before}[{inner}]{after}".split())


@dataclass(slots=True)
class _Diagnostics:
    """Per-rule counts and the individual errors, at the headline level."""

    rules: dict[str, RuleStats] = field(default_factory=dict)
    errors: list[ErrorCase] = field(default_factory=list)
    missed: int = 0
    mention_n: Counter[str] = field(default_factory=Counter)
    mention_ok: Counter[str] = field(default_factory=Counter)
    confidences: list[tuple[float, bool]] = field(default_factory=list)

    def add(
        self,
        doc: GoldDoc,
        gold: Sequence[GoldQuote],
        preds: Sequence[Predicted],
        pairs: Sequence[tuple[int, int]],
        ignored: set[int],
    ) -> None:
        gold_of = {pi: gi for gi, pi in pairs}
        found: list[tuple[ErrorKind, Span, GoldQuote | None, Predicted | None]] = []
        for pi, p in enumerate(preds):
            stats = self.rules.setdefault(p.rule, RuleStats(p.rule))
            stats.predictions += 1
            if pi in ignored:
                continue
            if pi not in gold_of:
                stats.span_fp += 1
                found.append(("spurious", p.span, None, p))
                continue
            stats.span_tp += 1
            g = gold[gold_of[pi]]
            right = speaker_matches(g, p.speaker, "resolved")
            group = mention_group(doc.text, g)
            if group is not None:
                self.mention_n[group] += 1
                self.mention_ok[group] += right
            if p.confidence is not None:
                self.confidences.append((p.confidence, right))
            if right:
                stats.speaker_correct += 1
            else:
                stats.speaker_wrong += 1
                found.append(("speaker", g.span, g, p))
        missed = [g for gi, g in enumerate(gold) if gi not in set(gold_of.values())]
        self.missed += len(missed)
        found.extend(("missed", g.span, g, None) for g in missed)
        found.sort(key=lambda f: f[1].start)
        self.errors.extend(_error_case(doc, *f) for f in found)


def _error_case(
    doc: GoldDoc, kind: ErrorKind, span: Span, gold: GoldQuote | None, pred: Predicted | None
) -> ErrorCase:
    return ErrorCase(
        doc_id=doc.id,
        kind=kind,
        start=span.start,
        end=span.end,
        gold_speaker=(gold.resolved or gold.speaker) if gold else None,
        pred_speaker=pred.speaker if pred else None,
        rule=pred.rule if pred else None,
        context=_context(doc.text, span),
    )


def sample_errors(errors: Sequence[ErrorCase], n: int) -> list[ErrorCase]:
    """Up to ``n`` errors, taking the kinds in turn so that every kind is seen."""
    by_kind = [[e for e in errors if e.kind == kind] for kind in ERROR_KINDS]
    interleaved = (e for row in zip_longest(*by_kind) for e in row if e is not None)
    return list(islice(interleaved, max(n, 0)))


# -------------------------------------------------------------------------------- scoring
def evaluate(
    docs: Sequence[GoldDoc], predictions: PredictionRecords, *, include_mixed: bool = False
) -> EvalReport:
    """Score ``predictions`` (article id -> quote records) against the gold articles.

    Mixed quotes are don't-care unless ``include_mixed`` makes them ordinary gold quotes.
    Articles without predictions count as articles where nothing was found.
    """
    tallies = {level: _Tally() for level in LEVELS}
    diagnostics = _Diagnostics()
    not_located = 0
    for doc in docs:
        gold = doc.quotes + doc.mixed if include_mixed else doc.quotes
        dontcare = frozenset[int]() if include_mixed else _words_of(doc.mixed)
        preds, missing = locate_predictions(doc.text, predictions.get(doc.id) or ())
        not_located += missing
        for level in LEVELS:
            pairs, ignored = _count_level(gold, preds, dontcare, level, tallies[level])
            if level == HEADLINE_LEVEL:
                diagnostics.add(doc, gold, preds, pairs, ignored)
    gold_ids = {doc.id for doc in docs}
    rules = sorted(diagnostics.rules.values(), key=lambda r: (-r.predictions, r.rule))
    return EvalReport(
        docs=len(docs),
        include_mixed=include_mixed,
        pred_ids_not_in_gold=sum(1 for i in predictions if i not in gold_ids),
        pred_quotes_not_located=not_located,
        levels={level: tally.score() for level, tally in tallies.items()},
        rules=tuple(rules),
        missed=diagnostics.missed,
        errors=tuple(diagnostics.errors),
        by_mention=tuple(
            (g, diagnostics.mention_n[g], diagnostics.mention_ok[g]) for g in MENTION_GROUPS
        ),
        confidences=tuple(diagnostics.confidences),
    )


def _words_of(quotes: Iterable[GoldQuote]) -> frozenset[int]:
    return frozenset(w for q in quotes for w in q.span.words)
