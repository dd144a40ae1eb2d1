"""Speakers: unnamed voices and descriptions, on small made-up texts with
the negative cases beside each pattern.

- "he"/"she" takes up an unnamed speaker named after the people of the passage ("...,
  warned the US representative. '...,' he said" is the representative), never one of the
  other gender, never when a person is named after it, never a description that stands
  beside a name ("Ann Berg, the spokeswoman");
- a definite description takes up the unnamed speaker with its noun that spoke before ("a
  senior official said ... the official said"); a new noun is a new source;
- "the board said" is the organization named before whose name has the noun, not a body
  the description qualifies ("the Ohio board");
- the candidates of a description know when a person holds another title ("President Tom
  Hall" for "the spokesman") and when the person is only named inside the description ("an
  aide to Senator Ann Lee").
"""

from __future__ import annotations

import pytest
from extraction_helpers import by_the_rules, speaker_by_the_rules

L, R = "\u201c", "\u201d"


@pytest.mark.parametrize(
    "text, name, kind",
    [
        # the unnamed speaker is the nearer antecedent
        (f"President Tom Hall spoke on Monday. {L}We are ready,{R} warned the US "
         f"representative. {L}Nobody wants a war,{R} he said.", "US representative", "anonymous"),
        (f"Anna Berg met reporters in Oslo. {L}We will not give up,{R} said a ministry "
         f"spokeswoman. {L}The costs are wrong,{R} she added.", "ministry spokeswoman",
         "anonymous"),
        (f"Tom Hall arrived. A senior official said the plan had failed. {L}It is over,{R} "
         f"he said.", "senior official", "anonymous"),
        # ... and the chain stays with it
        (f"Tom Hall arrived. A senior official said the plan had failed. He said it was "
         f"late. {L}It is over,{R} he said.", "senior official", "anonymous"),
        # negative: the gender does not fit ("spokeswoman" is no "he")
        (f"President Tom Hall spoke on Monday. {L}We will not give up,{R} said a ministry "
         f"spokeswoman. {L}Nobody wants a war,{R} he said.", "Tom Hall", "person"),
        # negative: a person named after the unnamed speaker is nearer
        (f"A ministry spokeswoman spoke first. Then Anna Berg arrived in Oslo. "
         f"{L}Nobody wants a war,{R} she said.", "Anna Berg", "person"),
        # negative: a description beside a name is that person
        (f"Anna Berg, the ministry spokeswoman, said the talks had failed. Tom Hall left. "
         f"{L}Nobody wants a war,{R} she said.", "Anna Berg", "person"),
        # negative: a source that is no speaker ("the official's car") takes no pronoun
        (f"Tom Hall saw the official's car. {L}Nobody wants a war,{R} he said.", "Tom Hall",
         "person"),
    ],
)  # fmt: skip
def test_a_pronoun_takes_up_an_unnamed_speaker(text: str, name: str, kind: str) -> None:
    assert speaker_by_the_rules(text) == (name, kind)


@pytest.mark.parametrize(
    "text, name, kind",
    [
        (f"Tom Hall arrived. A senior official said the talks failed. {L}Nobody wants a "
         f"war,{R} the official said.", "senior official", "anonymous"),
        # negative: another noun is another source
        (f"Tom Hall arrived. A senior official said the talks failed. {L}Nobody wants a "
         f"war,{R} the spokesman said.", "spokesman", "anonymous"),
        # negative: an indefinite description is a new source
        (f"Tom Hall arrived. A senior official said the talks failed. {L}Nobody wants a "
         f"war,{R} an official said.", "official", "anonymous"),
    ],
)  # fmt: skip
def test_a_definite_description_takes_up_the_source_before(text: str, name: str, kind: str) -> None:
    assert speaker_by_the_rules(text) == (name, kind)


@pytest.mark.parametrize(
    "text, name",
    [
        (f"The Illinois Board of Elections met on Monday. Tom Hall was there. {L}The "
         f"petition is valid,{R} the board said.", "Illinois Board of Elections"),
        (f"The Senate Finance Committee met on Monday. {L}We need more time,{R} the "
         f"committee said.", "Senate Finance Committee"),
        # negative: a qualified body is a body of its own
        (f"The Illinois Board of Elections met on Monday. {L}The petition is valid,{R} the "
         f"Ohio board said.", "Ohio board"),
        # negative: no organization with that noun was named
        (f"Acme Bank lost money on Monday. {L}We need more time,{R} the committee said.",
         "committee"),
    ],
)  # fmt: skip
def test_a_body_described_is_the_organization_named_before(text: str, name: str) -> None:
    assert speaker_by_the_rules(text) == (name, "organization")


def _features(text: str, name: str) -> dict[str, float]:
    cands = by_the_rules(text)[1][-1]
    return next(c.features for c in cands if c.entity.name == name)


@pytest.mark.parametrize(
    "text, name, feature, present",
    [
        # the article gave the person another title
        (f"President Tom Hall spoke on Monday. {L}We agreed,{R} the spokesman said.",
         "Tom Hall", "d_role_other", True),
        (f"Spokesman Tom Hall spoke on Monday. {L}We agreed,{R} the spokesman said.",
         "Tom Hall", "d_role_other", False),
        (f"Spokesman Tom Hall spoke on Monday. {L}We agreed,{R} the spokesman said.",
         "Tom Hall", "d_role_head", True),
        # no title to compare, or a generic head ("official") a title may still fit
        (f"Tom Hall spoke on Monday. {L}We agreed,{R} the spokesman said.", "Tom Hall",
         "d_role_unknown", True),
        (f"Senator Tom Hall spoke on Monday. {L}We agreed,{R} the official said.", "Tom Hall",
         "d_role_other_generic", True),
        # the person is whose aide it is, not the aide
        (f"Ann Lee arrived. {L}We agreed,{R} said an aide to Senator Ann Lee.", "Ann Lee",
         "d_named_inside", True),
        (f"Ann Lee arrived. {L}We agreed,{R} said an aide in the capital.", "Ann Lee",
         "d_named_inside", False),
    ],
)  # fmt: skip
def test_description_candidate_features(text: str, name: str, feature: str, present: bool) -> None:
    assert (_features(text, name).get(feature, 0.0) > 0) is present


@pytest.mark.parametrize(
    "text, name",
    [
        # the nearest sentence names her only as an object: the subject before goes on
        (f"Ann Lee met reporters in Oslo on Monday. The talks with Eva Berg had failed. "
         f"{L}We will try again,{R} she said.", "Ann Lee"),
        # negative: the nearest sentence has a subject that fits
        (f"Ann Lee met reporters in Oslo on Monday. Eva Berg said the talks had failed. "
         f"{L}We will try again,{R} she said.", "Eva Berg"),
        # negative: the subject before stands in another paragraph
        (f"Ann Lee met reporters in Oslo on Monday.\n\nThe talks with Eva Berg had failed. "
         f"{L}We will try again,{R} she said.", "Eva Berg"),
        # a given name the table only leans on ("Bernie") does not rule out "he" ...
        (f"Bernie Lund arrived in Oslo on Monday. {L}We will win,{R} he said.", "Bernie Lund"),
        # ... a given name it is sure of does
        (f"Susan Lee arrived in Oslo on Monday. {L}We will win,{R} he said.", None),
    ],
)  # fmt: skip
def test_a_pronouns_antecedent(text: str, name: str | None) -> None:
    assert speaker_by_the_rules(text)[0] == name
