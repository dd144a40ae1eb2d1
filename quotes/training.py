"""Training the speaker model (:mod:`quotes.ranker`) on human gold: ``quotes train``.

The gold articles are parsed once (optionally cached as a spaCy ``DocBin`` outside the
repository), the rules attribute every quote, and each quote that matches a gold quote gives
its candidate speakers as examples, labelled by whether the candidate's name matches the
gold speaker as the scorer matches it (resolved mode: the hand-resolved name where there is
one). A logistic regression (scikit-learn, needed only here: the ``train`` extra) is fitted on
all of them; the calibration map is fitted on out-of-fold scores (articles split into folds
by the seed), so no quote calibrates the model that saw it. The result is plain JSON.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc, DocBin

from quotes.attribution import attribute
from quotes.errors import InputError
from quotes.evaluation.data import covered, load_gold
from quotes.evaluation.matching import GoldDoc, make_span, match_spans, speaker_matches
from quotes.lexicon import Lexicon, default_lexicon
from quotes.marks import find_quotes
from quotes.models import Quote
from quotes.pipeline import load_pipeline
from quotes.ranker import Candidate, SpeakerModel

__all__ = ["Examples", "TrainResult", "collect", "fit", "parse", "train"]

FOLDS = 5


@dataclass
class Examples:
    """Candidate rows: features, label, the quote they belong to, the article's number."""

    features: list[dict[str, float]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    quote: list[int] = field(default_factory=list)
    article: list[int] = field(default_factory=list)
    quotes: int = 0
    answerable: int = 0  # quotes with at least one right candidate


@dataclass(frozen=True)
class TrainResult:
    model: SpeakerModel
    examples: Examples


def parse(
    docs: Sequence[GoldDoc], model: str | None = None, cache: Path | None = None
) -> list[Doc]:
    """The gold texts parsed by the pipeline (without attribution); cached in ``cache``."""
    nlp = load_pipeline(model)
    if cache is not None and cache.exists():
        parsed = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in parsed] == [d.text for d in docs]:
            return parsed
    parsed = list(nlp.pipe((d.text for d in docs), batch_size=16, disable=["quote_attribution"]))
    if cache is not None:
        DocBin(docs=parsed).to_disk(cache)
    return parsed


def collect(docs: Sequence[GoldDoc], parsed: Sequence[Doc]) -> Examples:
    """The labelled candidates of every rule-attributed quote that matches a gold quote."""
    lexicon = default_lexicon()
    examples = Examples()
    for n, (gold, doc) in enumerate(zip(docs, parsed, strict=True)):
        seen = _rule_quotes(doc, lexicon)
        pred = [make_span(gold.text, quote.start, quote.end) for quote, _ in seen]
        for gi, pi in match_spans([g.span for g in gold.quotes], pred, "overlap"):
            g = gold.quotes[gi]
            if g.speaker is None:
                continue  # the source is not in the text: nothing to rank
            cands = seen[pi][1]
            labels = [int(speaker_matches(g, c.entity.name, "resolved")) for c in cands]
            examples.quotes += 1
            examples.answerable += int(any(labels))
            for cand, label in zip(cands, labels, strict=True):
                examples.features.append(cand.features)
                examples.labels.append(label)
                examples.quote.append(examples.quotes)
                examples.article.append(n)
    return examples


def _rule_quotes(doc: Doc, lexicon: Lexicon) -> list[tuple[Quote, list[Candidate]]]:
    """The quotes of ``doc`` as the rules attribute them, each with its candidates."""
    seen: list[tuple[Quote, list[Candidate]]] = []
    spans = find_quotes(doc.text)
    if spans:
        attribute(doc, spans, lexicon, observe=lambda _q, quote, c: seen.append((quote, c)))
    return seen


def _matrix(examples: Examples, names: list[str]) -> np.ndarray:
    index = {name: j for j, name in enumerate(names)}
    x = np.zeros((len(examples.features), len(names)))
    for i, row in enumerate(examples.features):
        for k, v in row.items():
            x[i, index[k]] = v
    return x


def _top(scores: np.ndarray, examples: Examples, rows: np.ndarray) -> Iterator[tuple[float, int]]:
    """Per quote among ``rows`` (``scores`` holds theirs, in order): the best candidate's
    score and whether it is right."""
    best: dict[int, tuple[float, int]] = {}
    for score, i in zip(scores, rows, strict=True):
        q = examples.quote[i]
        if q not in best or score > best[q][0]:
            best[q] = (float(score), examples.labels[i])
    yield from best.values()


def fit(
    examples: Examples, *, seed: int = 0, c: float = 1.0
) -> tuple[SpeakerModel, dict[str, Any]]:
    """The model and its cross-validated training figures."""
    try:
        from sklearn.isotonic import IsotonicRegression
        from sklearn.linear_model import LogisticRegression
    except ImportError as err:  # pragma: no cover - the train extra is not installed
        raise InputError("training needs scikit-learn: pip install 'quotes[train]'") from err
    if not examples.labels or len(set(examples.labels)) < 2:
        raise InputError("no examples to train on (no gold quote matched, or one label only)")
    names = sorted({k for row in examples.features for k in row})
    x, y = _matrix(examples, names), np.array(examples.labels)
    articles = np.array(examples.article)
    order = np.random.default_rng(seed).permutation(sorted(set(examples.article)))
    fold_of = {a: k % FOLDS for k, a in enumerate(order)}
    folds = np.array([fold_of[a] for a in articles])
    tops: list[tuple[float, int]] = []
    for k in range(min(FOLDS, len(order))):
        train, held = folds != k, np.flatnonzero(folds == k)
        if len(set(y[train])) < 2:
            continue
        lr = LogisticRegression(C=c, max_iter=5000).fit(x[train], y[train])
        tops.extend(_top(lr.predict_proba(x[held])[:, 1], examples, held))
    final = LogisticRegression(C=c, max_iter=5000).fit(x, y)
    scores = np.array([s for s, _ in tops])
    rights = np.array([r for _, r in tops])
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(scores, rights)
    calibrated = iso.predict(scores)
    bins = np.minimum((calibrated * 10).astype(int), 9)
    ece = sum(
        abs(calibrated[bins == b].mean() - rights[bins == b].mean()) * (bins == b).sum()
        for b in range(10)
        if (bins == b).any()
    ) / len(rights)
    figures = {
        "quotes": examples.quotes,
        "answerable": examples.answerable,
        "candidates": len(y),
        "positives": int(y.sum()),
        "folds": FOLDS,
        "cv_top_accuracy": round(float(rights.mean()), 4),
        "cv_ece_in_sample_of_calibration": round(float(ece), 4),
    }
    model = SpeakerModel(
        weights={n: round(float(w), 6) for n, w in zip(names, final.coef_[0], strict=True)},
        intercept=round(float(final.intercept_[0]), 6),
        calibration_x=tuple(round(float(v), 6) for v in iso.X_thresholds_),
        calibration_y=tuple(round(float(v), 6) for v in iso.y_thresholds_),
    )
    return model, figures


def train(
    gold: Path,
    resolved: Path | None = None,
    *,
    seed: int = 0,
    c: float = 1.0,
    spacy_model: str | None = None,
    cache: Path | None = None,
) -> TrainResult:
    """Parse, collect and fit: the model trained on the gold at ``gold``."""
    docs = covered(load_gold(gold, resolved))
    parsed = parse(docs, spacy_model, cache)
    examples = collect(docs, parsed)
    model, figures = fit(examples, seed=seed, c=c)
    card = {
        "training_data": gold.name,
        "resolved": resolved.name if resolved else None,
        "articles": len(docs),
        "seed": seed,
        "C": c,
        **figures,
    }
    return TrainResult(
        SpeakerModel(
            model.weights, model.intercept, model.calibration_x, model.calibration_y, card
        ),
        examples,
    )
