"""Whom quotes are about: the figures of the reference ``score_about.py``, and the misses.

The reference is ``../shared/eval/score_about.py``; this module counts the same figures from
the same files, number for number, with the name and span rules of
:mod:`~quotes.evaluation.matching` (which mirror ``score.py``):

- **about P/R/F1** over the gold quotes that a predicted quote matches (the first prediction,
  in the file's order, sharing at least half of the longer span's words), each quote's
  predicted names (repeats dropped) against its gold ones, one to one; recall is also split
  into targets inside the quote marks and frame targets outside them;
- **edge P/R/F1**: per annotated article, the set of (speaker, target) pairs of all gold
  quotes against that of all predicted quotes, matched or not: the edges a who-about-whom
  graph gets.

Like the reference, an article none of whose gold quotes is annotated is not scored (an
article with no gold quote among them: the ones typed with ``''`` marks, which the gold does
not cover, are of these). The report counts the articles scored and the (deduplicated) edges
predicted in the articles left out, which no figure sees.

On top, for error analysis, every gold target of a matched quote is classed by how the quote
refers to it (:data:`quotes.models.ABOUT_HOWS`: ``frame`` when annotated so, else ``name``
when a word of the name, its acronym or its demonym is in the quoted words, ``pronoun`` when a
third- or second-person pronoun is, else ``description``), and found or missed is counted per
class. Predicted targets that carry a ``how`` (as this engine's do) are counted per class as
right or spurious.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quotes.batch.io import json_objects
from quotes.errors import InputError
from quotes.evaluation.matching import (
    GoldDoc,
    GoldQuote,
    Name,
    Span,
    make_span,
    names_match,
    normalize_speaker,
)
from quotes.evaluation.scoring import PRF, PredictionRecords
from quotes.models import ABOUT_HOWS

__all__ = [
    "AboutError",
    "AboutReport",
    "GoldTarget",
    "evaluate_about",
    "how_referred",
    "load_about",
]

GoldAbout = Mapping[tuple[str, int], Sequence["GoldTarget"]]
Edge = tuple[Name, Name]  # (speaker, target), normalised

_WORD = re.compile(r"\w+")
_PRONOUNS = frozenset(
    "he him his himself she her hers herself they them their theirs themselves "
    "it its itself you your yours yourself".split()
)
_SMALL = frozenset("the of and for a an in on at to de".split())


@dataclass(frozen=True, slots=True)
class GoldTarget:
    """One annotated target of a gold quote."""

    name: str
    kind: str
    frame: bool


@dataclass(frozen=True, slots=True)
class AboutError:
    """A gold target the matched prediction lacks (``missed``) or a predicted one that no
    gold target matches (``spurious``), with the quote it belongs to."""

    doc_id: str
    kind: str
    start: int
    name: str
    how: str | None
    quote: str


@dataclass(frozen=True, slots=True)
class AboutReport:
    """The figures of ``score_about.py`` plus the breakdown by how a target is referred to.

    ``docs`` articles were given, ``articles`` of them scored (some gold quote annotated);
    ``unscored_pred_edges`` is the number of distinct (speaker, target) pairs predicted in
    the others."""

    matched_quotes: int
    docs: int
    articles: int
    unscored_pred_edges: int
    about: PRF
    recall_inside: float
    recall_frame: float
    gold_about: int
    gold_frame: int
    edge: PRF
    gold_edges: int
    pred_edges: int
    gold_by_how: Mapping[str, int]
    found_by_how: Mapping[str, int]
    pred_by_how: Mapping[str, int]
    right_by_how: Mapping[str, int]
    errors: tuple[AboutError, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The reference scorer's keys and values, then ``by_how``."""
        return {
            "matched_quotes": self.matched_quotes,
            "docs": self.docs,
            "articles": self.articles,
            "unscored_pred_edges": self.unscored_pred_edges,
            "about_P": self.about.precision,
            "about_R": self.about.recall,
            "about_F1": self.about.f1,
            "about_R_inside": self.recall_inside,
            "about_R_frame": self.recall_frame,
            "gold_about": self.gold_about,
            "gold_frame": self.gold_frame,
            "edge_P": self.edge.precision,
            "edge_R": self.edge.recall,
            "edge_F1": self.edge.f1,
            "gold_edges": self.gold_edges,
            "pred_edges": self.pred_edges,
            "by_how": {
                how: {
                    "gold": self.gold_by_how.get(how, 0),
                    "found": self.found_by_how.get(how, 0),
                    "missed": self.gold_by_how.get(how, 0) - self.found_by_how.get(how, 0),
                    "pred": self.pred_by_how.get(how, 0),
                    "right": self.right_by_how.get(how, 0),
                }
                for how in ABOUT_HOWS
            },
        }


# ------------------------------------------------------------------------------- reading
def load_about(path: Path) -> dict[tuple[str, int], tuple[GoldTarget, ...]]:
    """The annotation file: (article id, gold quote start) -> its targets."""
    out: dict[tuple[str, int], tuple[GoldTarget, ...]] = {}
    for n, r in enumerate(json_objects(Path(path)), 1):
        try:
            targets = tuple(
                GoldTarget(str(a["name"]), str(a.get("kind") or ""), bool(a.get("frame")))
                for a in r["about"]
            )
            out[str(r["id"]), int(r["start"])] = targets
        except (KeyError, TypeError, ValueError) as err:
            raise InputError(f"{path}: line {n}: malformed about record ({err!r})") from err
    return out


def _targets_of(about: Any) -> list[tuple[Name, str | None]]:
    """A prediction's ``about`` (names, or objects with a ``name``) as normalised names, each
    with the ``how`` it carries, if any."""
    out = []
    for a in about or ():
        how = None
        if isinstance(a, str):
            n: Any = a
        else:
            n = a.get("name") or a.get("text") or a.get("entity") or ""
            how = a.get("how")
            if isinstance(n, dict):
                n = n.get("name", "")
        norm = normalize_speaker(str(n))
        if norm:
            out.append((norm, how if isinstance(how, str) else None))
    return out


# ------------------------------------------------------------------------------ counting
def _match(xs: Sequence[Name], ys: Sequence[Name]) -> list[tuple[int, int]]:
    """Greedy one-to-one matches, each x taking the first free y it matches."""
    used: set[int] = set()
    hits = []
    for i, x in enumerate(xs):
        for j, y in enumerate(ys):
            if j not in used and names_match(x, y):
                used.add(j)
                hits.append((i, j))
                break
    return hits


def _dedupe(pairs: Sequence[Any], same: Any) -> list[Any]:
    out: list[Any] = []
    for p in pairs:
        if not any(same(p, q) for q in out):
            out.append(p)
    return out


def _same_edge(e: Edge, f: Edge) -> bool:
    return names_match(e[0], f[0]) and names_match(e[1], f[1])


def how_referred(quote_text: str, target: GoldTarget, demonyms: Mapping[str, str]) -> str:
    """How ``quote_text`` refers to a gold target (see the module docstring)."""
    if target.frame:
        return "frame"
    words = [w.lower() for w in _WORD.findall(quote_text)]
    said = set(words)
    name_words = [w for w in _WORD.findall(target.name.lower()) if w not in _SMALL]
    initials = "".join(w[0] for w in name_words)
    for w in words:
        if any(len(n) >= 3 and w.startswith(n) for n in name_words):
            return "name"  # also "Russia" in "Russian"
        if len(initials) >= 2 and w == initials:
            return "name"  # "FBI"
        place = demonyms.get(w) or demonyms.get(w.rstrip("s"))
        if place is not None and names_match(
            normalize_speaker(place), normalize_speaker(target.name)
        ):
            return "name"  # "American" for the United States
    return "pronoun" if said & _PRONOUNS else "description"


@dataclass(slots=True)
class _Tally:
    c: Counter[str] = field(default_factory=Counter)
    gold_by_how: Counter[str] = field(default_factory=Counter)
    found_by_how: Counter[str] = field(default_factory=Counter)
    pred_by_how: Counter[str] = field(default_factory=Counter)
    right_by_how: Counter[str] = field(default_factory=Counter)
    errors: list[AboutError] = field(default_factory=list)


def _first_overlapping(gold: Span, text: str, preds: Sequence[Mapping[str, Any]]) -> Any:
    """The first prediction, in the file's order, sharing half of the longer span's words."""
    for p in preds:
        if p.get("start") is None or p.get("end") is None:
            continue
        span = make_span(text, int(p["start"]), int(p["end"]))
        shared = len(gold.words & span.words)
        if gold.words and span.words and shared >= 0.5 * max(len(gold.words), len(span.words)):
            return p
    return None


def _count_quote(
    doc: GoldDoc,
    quote: GoldQuote,
    targets: Sequence[GoldTarget],
    best: Mapping[str, Any],
    tally: _Tally,
    demonyms: Mapping[str, str],
) -> None:
    c = tally.c
    c["quotes"] += 1
    quote_text = doc.text[quote.span.start : quote.span.end]
    gold = [(n, t) for t in targets if (n := normalize_speaker(t.name))]
    predicted = _dedupe(_targets_of(best.get("about")), lambda a, b: names_match(a[0], b[0]))
    hits = _match([n for n, _ in gold], [n for n, _ in predicted])
    c["tp"] += len(hits)
    c["np"] += len(predicted)
    c["ng"] += len(gold)
    hit_gold, hit_pred = {i for i, _ in hits}, {j for _, j in hits}
    start = quote.record_start
    for i, (_, target) in enumerate(gold):
        where = "frame" if target.frame else "in"
        c["ng_" + where] += 1
        c["tp_" + where] += i in hit_gold
        how = how_referred(quote_text, target, demonyms)
        tally.gold_by_how[how] += 1
        tally.found_by_how[how] += i in hit_gold
        if i not in hit_gold:
            tally.errors.append(AboutError(doc.id, "missed", start, target.name, how, quote_text))
    for j, (name, pred_how) in enumerate(predicted):
        if pred_how is not None:
            tally.pred_by_how[pred_how] += 1
            tally.right_by_how[pred_how] += j in hit_pred
        if j not in hit_pred:
            error = AboutError(doc.id, "spurious", start, " ".join(name), pred_how, quote_text)
            tally.errors.append(error)


def _count_doc(
    doc: GoldDoc,
    gold_about: GoldAbout,
    preds: Sequence[Mapping[str, Any]],
    tally: _Tally,
    demonyms: Mapping[str, str],
) -> None:
    gold_edges: list[Edge] = []
    pred_edges = _edges_of(preds)
    for q in doc.quotes:
        key = (doc.id, q.record_start)
        if key not in gold_about:
            continue
        targets = gold_about[key]
        speaker = normalize_speaker(q.resolved or q.speaker or "")
        if speaker:
            gold_edges += [(speaker, n) for t in targets if (n := normalize_speaker(t.name))]
        best = _first_overlapping(q.span, doc.text, preds)
        if best is not None:
            _count_quote(doc, q, targets, best, tally, demonyms)
    gold_set, pred_set = _dedupe(gold_edges, _same_edge), _dedupe(pred_edges, _same_edge)
    tally.c["etp"] += len(_match_edges(gold_set, pred_set))
    tally.c["enp"] += len(pred_set)
    tally.c["eng"] += len(gold_set)


def _edges_of(preds: Sequence[Mapping[str, Any]]) -> list[Edge]:
    """The (speaker, target) pairs of all predicted quotes, repeats kept."""
    edges: list[Edge] = []
    for p in preds:
        speaker = normalize_speaker(p.get("speaker") or "")
        if speaker:
            edges += [(speaker, n) for n, _ in _targets_of(p.get("about"))]
    return edges


def _match_edges(gold: Sequence[Edge], pred: Sequence[Edge]) -> list[int]:
    used: set[int] = set()
    for e in gold:
        j = next((j for j, f in enumerate(pred) if j not in used and _same_edge(e, f)), None)
        if j is not None:
            used.add(j)
    return sorted(used)


def evaluate_about(
    docs: Sequence[GoldDoc],
    gold_about: GoldAbout,
    predictions: PredictionRecords,
    demonyms: Mapping[str, str] | None = None,
) -> AboutReport:
    """Score the ``about`` of ``predictions`` against the annotation.

    ``gold_about`` is :func:`load_about`'s mapping, keyed by each gold quote's
    ``record_start``; ``demonyms`` (lower-case adjective -> place) only feeds the breakdown by
    how a target is referred to.
    """
    tally = _Tally()
    for doc in docs:
        preds = predictions.get(doc.id) or ()
        if not any((doc.id, q.record_start) in gold_about for q in doc.quotes):
            tally.c["unscored_edges"] += len(_dedupe(_edges_of(preds), _same_edge))
            continue  # an article nobody annotated
        tally.c["articles"] += 1
        _count_doc(doc, gold_about, preds, tally, demonyms or {})
    c = tally.c
    return AboutReport(
        matched_quotes=c["quotes"],
        docs=len(docs),
        articles=c["articles"],
        unscored_pred_edges=c["unscored_edges"],
        about=PRF.of(c["tp"], c["np"], c["ng"]),
        recall_inside=c["tp_in"] / c["ng_in"] if c["ng_in"] else 0.0,
        recall_frame=c["tp_frame"] / c["ng_frame"] if c["ng_frame"] else 0.0,
        gold_about=c["ng"],
        gold_frame=c["ng_frame"],
        edge=PRF.of(c["etp"], c["enp"], c["eng"]),
        gold_edges=c["eng"],
        pred_edges=c["enp"],
        gold_by_how=dict(tally.gold_by_how),
        found_by_how=dict(tally.found_by_how),
        pred_by_how=dict(tally.pred_by_how),
        right_by_how=dict(tally.right_by_how),
        errors=tuple(tally.errors),
    )
