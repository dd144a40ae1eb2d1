"""Evaluation built in: the figures of the reference scorer, and where the errors come from.

The reference is ``../shared/eval/score.py``. This package computes the same figures from the
same files, number for number: quote P/R/F1 at three span-matching levels (exact, overlap,
any), and speaker accuracy and end-to-end P/R/F1 in three speaker modes (strict, lenient,
resolved), with mixed quotes as don't-care. The figures that count are quote F1 at the overlap
level and the resolved ones (spAccR, e2eF1R). On top, a per-rule breakdown and the individual
errors show what to fix. It is written afresh, not imported: the scorer lives outside the repo.

- :mod:`~quotes.evaluation.matching`: when spans and speaker names match (pure functions);
- :mod:`~quotes.evaluation.scoring`: counting them into an :class:`EvalReport`;
- :mod:`~quotes.evaluation.data`: reading gold and predictions, running the extractor;
- :mod:`~quotes.evaluation.about`: whom quotes are about, the figures of
  ``../shared/eval/score_about.py`` (about P/R/F1, edge F1) and the misses by how a target
  is referred to.
"""

from __future__ import annotations

from quotes.evaluation.about import (
    AboutError,
    AboutReport,
    GoldTarget,
    evaluate_about,
    how_referred,
    load_about,
)
from quotes.evaluation.data import (
    EVAL_KINDS,
    Extractor,
    covered,
    load_gold,
    load_predictions,
    of_kind,
    predict,
    prediction_record,
    run_predictions,
    score_files,
    write_predictions,
)
from quotes.evaluation.matching import (
    HEADLINE_LEVEL,
    LEVELS,
    MENTION_GROUPS,
    MODES,
    GoldDoc,
    GoldQuote,
    Span,
    mention_group,
)
from quotes.evaluation.scoring import (
    ERROR_KINDS,
    PRF,
    ErrorCase,
    EvalReport,
    LevelScore,
    PredictionRecords,
    Reliability,
    RuleStats,
    evaluate,
    reliability,
    sample_errors,
)

__all__ = [
    "AboutError",
    "AboutReport",
    "GoldTarget",
    "evaluate_about",
    "how_referred",
    "load_about",
    "ERROR_KINDS",
    "EVAL_KINDS",
    "HEADLINE_LEVEL",
    "LEVELS",
    "MODES",
    "PRF",
    "ErrorCase",
    "EvalReport",
    "Extractor",
    "GoldDoc",
    "GoldQuote",
    "LevelScore",
    "MENTION_GROUPS",
    "PredictionRecords",
    "Reliability",
    "RuleStats",
    "Span",
    "covered",
    "evaluate",
    "load_gold",
    "load_predictions",
    "mention_group",
    "of_kind",
    "predict",
    "prediction_record",
    "reliability",
    "run_predictions",
    "sample_errors",
    "score_files",
    "write_predictions",
]
