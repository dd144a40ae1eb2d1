"""Candidate features, on small made-up texts with negative cases: the
gender clash of an already listed candidate, the addressee of the cue ("she told Ann Lee"),
a person named in the quote's sentence only as an object, and a definite description whose
noun the article never used before ("the Florida senator": an epithet, not a new source)."""

from __future__ import annotations

import pytest
from extraction_helpers import by_the_rules

from quotes.nlp.ranker import Candidate

L, R = "\u201c", "\u201d"


def _last_candidates(text: str) -> dict[str, Candidate]:
    return {c.entity.name: c for c in by_the_rules(text)[1][-1]}


def _has(cands: dict[str, Candidate], name: str, feature: str) -> bool:
    return cands[name].features.get(feature, 0.0) > 0


@pytest.mark.parametrize(
    "text, name, present",
    [
        # the previous quote's speaker is a woman: "he" clashes with her
        (f"{L}We agreed,{R} said Ann Berg. Tom Hall left. {L}It is over,{R} he said.",
         "Ann Berg", True),
        # negative: the same speaker, and a pronoun that fits her
        (f"{L}We agreed,{R} said Ann Berg. Tom Hall left. {L}It is over,{R} she said.",
         "Ann Berg", False),
    ],
)  # fmt: skip
def test_gender_clash_marks_a_listed_candidate(text: str, name: str, present: bool) -> None:
    assert _has(_last_candidates(text), name, "p_gender_clash") is present


@pytest.mark.parametrize(
    "text, name, feature, present",
    [
        (f"Ann Berg met Eva Lund. {L}I never lied,{R} she told Eva Lund.", "Eva Lund",
         "c_cue_addressee", True),
        (f"Ann Berg met Eva Lund. {L}I never lied,{R} she told Eva Lund.", "Eva Lund",
         "c_sentence_object_only", True),
        (f"Ann Berg met Eva Lund. {L}I never lied,{R} she said to Eva Lund.", "Eva Lund",
         "c_cue_addressee", True),
        # negatives: the subject of the sentence, and a person not in the quote's sentence
        (f"Ann Berg met Eva Lund. {L}I never lied,{R} Eva Lund said.", "Eva Lund",
         "c_sentence_object_only", False),
        (f"Ann Berg met Eva Lund. {L}I never lied,{R} Eva Lund said.", "Eva Lund",
         "c_sentence_subject", True),
        (f"Ann Berg met Eva Lund. {L}I never lied,{R} she said.", "Eva Lund",
         "c_cue_addressee", False),
        (f"Ann Berg met Eva Lund. {L}I never lied,{R} she said.", "Ann Berg",
         "c_sentence_object_only", False),
    ],
)  # fmt: skip
def test_how_a_person_stands_in_the_quotes_sentence(
    text: str, name: str, feature: str, present: bool
) -> None:
    assert _has(_last_candidates(text), name, feature) is present


@pytest.mark.parametrize(
    "text, present",
    [
        # (three sentences back: beyond where the rules take up the person named before,
        # tests/quotes/test_speakers_descriptions.py, so the person is a candidate of its own)
        (f"Marco Ruiz leads the race. Polls opened at six. Turnout was high. Rain fell. "
         f"{L}I stand by it,{R} the Florida senator said.", True),
        # negatives: the noun stood before (a source taken up again), and an indefinite one
        (f"A senior official spoke. Marco Ruiz left. {L}I stand by it,{R} the official said.",
         False),
        (f"Marco Ruiz leads the race. {L}I stand by it,{R} a Florida senator said.", False),
    ],
)  # fmt: skip
def test_a_definite_description_never_used_before(text: str, present: bool) -> None:
    cands = _last_candidates(text)
    flagged = [c for c in cands.values() if c.features.get("d_definite_unseen_rule")]
    assert bool(flagged) is present
    if present:
        assert _has(cands, "Marco Ruiz", "d_definite_unseen_person")
