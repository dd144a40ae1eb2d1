"""The learned speaker model: which candidate speaks a quote, and how sure that is.

The sieves (:mod:`quotes.nlp.sieves`) give each quote one speaker mention, and the resolver
(:mod:`quotes.nlp.speakers`) one entity for it. That choice is good evidence but not the only one:
:mod:`quotes.nlp.candidates` lists the other people and organizations that could have said the
quote, with generic features. :class:`SpeakerModel` is read from JSON (no pickle, no
scikit-learn at run time): a linear score per candidate, compared through a softmax over the
quote's candidates, picks the speaker (the rules' firm choices are kept, :func:`is_firm`),
and a logistic regression over the choice's share and margin, fitted on out-of-fold choices of
the training split, turns it into ``confidence``: the probability that the speaker is right.
``quotes train`` rebuilds the model (:mod:`quotes.evaluation.training`;
``quotes/nlp/trained/MODEL_CARD.md``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from quotes.errors import InputError
from quotes.models import Quote
from quotes.nlp.candidates import RULES, Candidate, candidates, log_scale

__all__ = [
    "MODEL_FORMAT",
    "RULES",
    "Candidate",
    "SpeakerModel",
    "apply",
    "candidates",
    "confidence_features",
    "default_model",
    "is_firm",
    "pick",
    "runner_up",
]

MODEL_FORMAT = "quotes-speaker-ranker/1"


# ---------------------------------------------------------------------------------- model
def confidence_features(chosen: Candidate, best: float, second: float, n: int) -> dict[str, float]:
    """What the confidence of a choice rests on: how far the best candidate is ahead (its
    share and margin), how many there were, and the quote's rule and mention kind."""
    share = min(max(best, 1e-6), 1 - 1e-6)
    features = {
        "bias": 1.0,
        "share_logit": math.log(share / (1 - share)) / 5,
        "margin": best - second,
        "candidates": log_scale(n) / 3,
    }
    for name, value in chosen.features.items():
        if name.startswith(("q_", "c_rule", "c_previous", "c_kind_")):
            features[name] = value
    return features


def _dot(weights: dict[str, float], features: dict[str, float]) -> float:
    return sum(weights.get(k, 0.0) * v for k, v in features.items())


@dataclass(frozen=True)
class SpeakerModel:
    """A ranking model over candidate features and the calibrated confidence of its choice.

    ``weights`` maps a feature name to its coefficient in the candidates' linear score (a
    missing name weighs nothing); the candidates of a quote compete through a softmax.
    ``confidence`` is a logistic regression over :func:`confidence_features` of the choice,
    fitted on out-of-fold choices, whose output is the probability that the speaker is right.
    """

    weights: dict[str, float]
    confidence: dict[str, float]
    card: dict[str, Any] = field(default_factory=dict)
    # How much larger a share another candidate needs to replace the rules' choice: the
    # rules are right most of the time, and a close call is no reason to overrule them.
    override_margin: float = 0.0

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SpeakerModel:
        if data.get("format") != MODEL_FORMAT:
            raise InputError(f"not a speaker model (format {data.get('format')!r})")
        try:
            return cls(
                weights={str(k): float(v) for k, v in data["weights"].items()},
                confidence={str(k): float(v) for k, v in data["confidence"].items()},
                card=dict(data.get("card") or {}),
                override_margin=float(data.get("override_margin", 0.0)),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise InputError(f"malformed speaker model ({err!r})") from err

    @classmethod
    def load(cls, path: Path) -> SpeakerModel:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise InputError(f"{path}: cannot read the speaker model ({err})") from err
        return cls.from_dict(data)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "weights": dict(sorted(self.weights.items())),
            "confidence": dict(sorted(self.confidence.items())),
            "override_margin": self.override_margin,
            "card": self.card,
        }

    def shares(self, cands: list[Candidate]) -> np.ndarray:
        """Each candidate's share of the quote (softmax of the linear scores)."""
        z = np.array([_dot(self.weights, c.features) for c in cands])
        e = np.exp(z - z.max())
        return e / e.sum()

    def choose(self, cands: list[Candidate]) -> tuple[Candidate | None, float]:
        """The best candidate and the calibrated probability that it is the speaker."""
        if not cands:
            return None, 0.0
        shares = self.shares(cands)
        best = pick(cands, shares, self.override_margin)
        features = confidence_features(
            cands[best], float(shares[best]), runner_up(shares, best), len(cands)
        )
        z = _dot(self.confidence, features)
        return cands[best], float(1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0))))


# A name that a reporting verb, a dash, "according to", a colon or a transcript label gives
# the quote is its speaker: the model chooses among candidates where the rules had to guess
# (a pronoun's or a description's referent, a continuation, a clause without a cue).
_FIRM_RULES = {"transcript", "cue", "according_to", "dash", "colon_intro", "headline"}


def is_firm(cand: Candidate) -> bool:
    """Whether ``cand`` is the rules' choice, named by the quote's own attribution: a name,
    or a description the article gave a named person ("the new coach", "Maria Lenz, the new
    coach")."""
    f = cand.features
    named = f.get("q_head_name") or (f.get("q_head_desc") and cand.entity.kind == "person")
    return (
        bool(f.get("c_rule"))
        and bool(named)
        and any(f.get(f"q_rule_{rule}") for rule in _FIRM_RULES)
    )


def pick(cands: list[Candidate], shares: np.ndarray, margin: float) -> int:
    """The index of the chosen candidate: the largest share, unless the rules' choice is a
    firm one (:func:`is_firm`) or within ``margin`` of it."""
    best = int(np.argmax(shares))
    rule = next((i for i, c in enumerate(cands) if c.features.get("c_rule")), None)
    if rule is not None and rule != best:
        if is_firm(cands[rule]) or shares[best] - shares[rule] < margin:
            return rule
    return best


def runner_up(shares: np.ndarray, chosen: int) -> float:
    """The largest share among the candidates not chosen (0 if there is none)."""
    others = np.delete(shares, chosen)
    return float(others.max()) if len(others) else 0.0


def apply(model: SpeakerModel, quote: Quote, cands: list[Candidate], prior: Quote | None) -> Quote:
    """``quote`` with the model's speaker and calibrated confidence."""
    chosen, confidence = model.choose(cands)
    if chosen is None:
        return replace(quote, confidence=0.0)
    if chosen.source == "rule" or (quote.speaker is not None and chosen.entity == quote.speaker):
        return replace(quote, confidence=round(confidence, 3))
    r = chosen.resolved
    cue = prior.cue if chosen.source == "previous" and prior is not None else None
    return replace(
        quote,
        speaker=chosen.entity,
        role=r.role,
        affiliation=r.affiliation,
        speaker_mention=r.mention,
        cue=cue if quote.rule in ("continuation", "none") else quote.cue,
        about=tuple(a for a in quote.about if a != chosen.entity),
        rule="ranker",
        confidence=round(confidence, 3),
    )


@cache
def default_model() -> SpeakerModel:
    """The model shipped in the package (``quotes/nlp/trained/speaker_model.json``)."""
    path = resources.files("quotes.nlp").joinpath("trained/speaker_model.json")
    return SpeakerModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
