"""Training the speaker model (:mod:`quotes.nlp.ranker`) on human gold: ``quotes train``.

The gold articles are parsed once (optionally cached as a spaCy ``DocBin`` outside the
repository), the rules attribute every quote, and each quote that matches a gold quote gives
its candidate speakers as examples, labelled by whether the candidate's name matches the
gold speaker as the scorer matches it (resolved mode: the hand-resolved name where there is
one). The ranker is a conditional logit (each quote's candidates compete through a softmax;
fitted with scipy's L-BFGS); the confidence is a logistic regression (scikit-learn) over the
ranker's out-of-fold choices (articles split into folds by the seed), so no quote calibrates
a ranker that saw it. Both are needed only here (the ``train`` extra). The result is JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc, DocBin

from quotes.errors import InputError
from quotes.evaluation.data import covered, load_gold
from quotes.evaluation.matching import GoldDoc, make_span, match_spans, speaker_matches
from quotes.models import EntityRef, Quote
from quotes.nlp.attribution import attribute
from quotes.nlp.mentions import Resolved
from quotes.nlp.pipeline import load_pipeline
from quotes.nlp.ranker import Candidate, SpeakerModel, confidence_features, pick, runner_up
from quotes.text.lexicon import Lexicon, default_lexicon
from quotes.text.marks import find_quotes

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


def _groups(examples: Examples, rows: np.ndarray) -> list[np.ndarray]:
    """The row indices of each quote among ``rows`` (a quote's rows are contiguous)."""
    quotes = np.array(examples.quote)[rows]
    cuts = np.flatnonzero(np.diff(quotes)) + 1
    return np.split(rows, cuts)


def _fit_ranker(x: np.ndarray, y: np.ndarray, groups: list[np.ndarray], c: float) -> np.ndarray:
    """Weights maximising each quote's softmax share of its right candidates, L2 ``1/c``.

    Only quotes with a right candidate and a wrong one teach the ranking."""
    from scipy.optimize import minimize

    useful = [g for g in groups if 0 < y[g].sum() < len(g)]
    if not useful:
        raise InputError("no quote has both a right and a wrong candidate: nothing to rank")
    rows = np.concatenate(useful)
    starts = np.cumsum([0] + [len(g) for g in useful[:-1]])
    xs, pos = x[rows], y[rows].astype(bool)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = xs @ w
        zmax = np.maximum.reduceat(z, starts)
        e = np.exp(z - np.repeat(zmax, [len(g) for g in useful]))
        total = np.add.reduceat(e, starts)
        right = np.add.reduceat(np.where(pos, e, 0.0), starts)
        sizes = [len(g) for g in useful]
        p = e / np.repeat(total, sizes)
        q = np.where(pos, e, 0.0) / np.repeat(right, sizes)
        value = float(-(np.log(right) - np.log(total)).sum() + 0.5 / c * w @ w)
        return value, xs.T @ (p - q) + w / c

    result = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B",
                      options={"maxiter": 2000})  # fmt: skip
    return np.asarray(result.x)


_MARGINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


@dataclass(frozen=True)
class _Held:
    """One held-out quote: its candidates' rows and their shares under the fold's ranker."""

    rows: np.ndarray
    shares: np.ndarray


def _held(w: np.ndarray, x: np.ndarray, groups: list[np.ndarray]) -> list[_Held]:
    out = []
    for g in groups:
        z = x[g] @ w
        e = np.exp(z - z.max())
        out.append(_Held(g, e / e.sum()))
    return out


def _cands(examples: Examples, rows: np.ndarray) -> list[Candidate]:
    return [Candidate(EntityRef("", "person"), Resolved(None), examples.features[i]) for i in rows]


def _choices(
    held: list[_Held], y: np.ndarray, examples: Examples, margin: float
) -> list[tuple[dict[str, float], int]]:
    """Per quote: the confidence features of the choice at ``margin``, and whether it is right."""
    out = []
    for h in held:
        cands = _cands(examples, h.rows)
        best = pick(cands, h.shares, margin)
        shares = h.shares
        features = confidence_features(
            cands[best], float(shares[best]), runner_up(shares, best), len(cands)
        )
        out.append((features, int(y[h.rows[best]])))
    return out


def _best_margin(held: list[_Held], y: np.ndarray, examples: Examples, folds: np.ndarray) -> float:
    """The override margin: the middle of the plateau of the cross-validation curve.

    Each margin's accuracy is measured per fold (out-of-fold choices); the plateau is the run
    of neighbouring margins, around the best one, whose mean accuracy is within one standard
    error (over folds) of the best's; the margin chosen is the plateau's middle (the lower
    of two middles). A few quotes more or less move the best margin along a flat curve, not
    the middle of the flat part."""
    fold_of_quote = np.array([folds[h.rows[0]] for h in held])
    ks = sorted(set(fold_of_quote.tolist()))
    curve = []
    for margin in _MARGINS:
        right = np.array([r for _, r in _choices(held, y, examples, margin)])
        curve.append([right[fold_of_quote == k].mean() for k in ks])
    acc = np.array(curve)  # margins x folds
    means = acc.mean(axis=1)
    best = int(np.argmax(means))
    se = acc[best].std(ddof=1) / np.sqrt(len(ks)) if len(ks) > 1 else 0.0
    lo = hi = best
    while lo > 0 and means[lo - 1] >= means[best] - se:
        lo -= 1
    while hi < len(_MARGINS) - 1 and means[hi + 1] >= means[best] - se:
        hi += 1
    return _MARGINS[(lo + hi) // 2]


def _margin_curve(held: list[_Held], y: np.ndarray, examples: Examples) -> dict[str, float]:
    """Out-of-fold accuracy at each override margin (recorded in the model card)."""
    return {
        str(m): round(float(np.mean([r for _, r in _choices(held, y, examples, m)])), 4)
        for m in _MARGINS
    }


def _rules_accuracy(examples: Examples) -> float:
    """How often the rules' own choice is right, over the same quotes (the baseline)."""
    right = {q for q, f, y in zip(examples.quote, examples.features, examples.labels, strict=True)
             if y and f.get("c_rule")}  # fmt: skip
    return len(right) / examples.quotes if examples.quotes else 0.0


def fit(
    examples: Examples, *, seed: int = 0, c: float = 1.0
) -> tuple[SpeakerModel, dict[str, Any]]:
    """The model and its cross-validated training figures.

    The ranker is fitted on every quote; the confidence model on the ranker's out-of-fold
    choices (folds of articles, shuffled by ``seed``), so it learns how often a choice made
    without seeing the quote is right."""
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError as err:  # pragma: no cover - the train extra is not installed
        raise InputError("training needs scikit-learn: pip install 'quotes[train]'") from err
    if not examples.labels or len(set(examples.labels)) < 2:
        raise InputError("no examples to train on (no gold quote matched, or one label only)")
    names = sorted({k for row in examples.features for k in row})
    x, y = _matrix(examples, names), np.array(examples.labels)
    order = np.random.default_rng(seed).permutation(sorted(set(examples.article)))
    fold_of = {a: k % FOLDS for k, a in enumerate(order)}
    folds = np.array([fold_of[a] for a in examples.article])
    held: list[_Held] = []
    for k in range(min(FOLDS, len(order))):
        train_rows, held_rows = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
        w = _fit_ranker(x, y, _groups(examples, train_rows), c)
        held.extend(_held(w, x, _groups(examples, held_rows)))
    margin = _best_margin(held, y, examples, folds)
    choices = _choices(held, y, examples, margin)
    weights = _fit_ranker(x, y, _groups(examples, np.arange(len(y))), c)
    conf_names = sorted({name for f, _ in choices for name in f})
    index = {n: j for j, n in enumerate(conf_names)}
    cx = np.zeros((len(choices), len(conf_names)))
    for i, (f, _) in enumerate(choices):
        for name, v in f.items():
            cx[i, index[name]] = v
    cy = np.array([r for _, r in choices])
    if len(set(cy)) < 2:
        raise InputError("every out-of-fold choice is right (or wrong): cannot calibrate")
    lr = LogisticRegression(C=c, max_iter=5000, fit_intercept=False).fit(cx, cy)
    figures = {
        "quotes": examples.quotes,
        "answerable": examples.answerable,
        "candidates": len(y),
        "positives": int(y.sum()),
        "folds": FOLDS,
        "cv_top_accuracy": round(float(cy.mean()), 4),
        "cv_top_accuracy_without_margin": round(
            float(np.mean([r for _, r in _choices(held, y, examples, 0.0)])), 4
        ),
        "override_margin": margin,
        "override_margin_curve": _margin_curve(held, y, examples),
        "rules_accuracy": round(_rules_accuracy(examples), 4),
    }
    model = SpeakerModel(
        weights={n: round(float(v), 6) for n, v in zip(names, weights, strict=True) if v},
        confidence={n: round(float(v), 6) for n, v in zip(conf_names, lr.coef_[0], strict=True)},
        override_margin=margin,
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
        SpeakerModel(model.weights, model.confidence, card, model.override_margin), examples
    )
