"""Reported speech: "As X reported, Y", passives with their agent ("Y was first
reported by X"), the addressee of "urged X to ...", and the cues "point to", "joke",
"lament".

Made-up sentences only. Each positive row names the content and the speaker; each negative
row says what must not be found.
"""

from __future__ import annotations

import pytest
from extraction_helpers import one_statement, reported

from quotes import extract


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        # "As X reported, Y": the clause without the cue's phrase, either side of it
        (
            "As the Daily Planet reported on Monday, the mayor was refusing to call the fire an "
            "accident.",
            "the mayor was refusing to call the fire an accident",
            "Daily Planet",
        ),
        (
            "The mayor was refusing to call the fire an accident, as the Daily Planet reported.",
            "The mayor was refusing to call the fire an accident",
            "Daily Planet",
        ),
        (
            "As Senator Ann Lee noted in her speech, the county has lost three factories.",
            "the county has lost three factories",
            "Ann Lee",
        ),
        # a passive speech verb: its subject is what was said, its agent the speaker
        (
            "The decision to close the plant was first reported by the Daily Planet.",
            "The decision to close the plant",
            "Daily Planet",
        ),
        # "urged X to ...": the addressee is part of what was urged
        (
            "Senator Ann Lee urged the council to delay the vote.",
            "the council to delay the vote",
            "Ann Lee",
        ),
        (
            "Senator Ann Lee pointed to the rising cost of housing in the city.",
            "the rising cost of housing in the city",
            "Ann Lee",
        ),
        # "told X to ...": what was told, with its addressee
        (
            "Mayor Tom Ruiz told Ann Lee to quiet down during the meeting.",
            "Ann Lee to quiet down during the meeting",
            "Tom Ruiz",
        ),
        # a clause the parser took for the object of "said": a verb inside that object
        (
            "The candidate said families of people killed by police file lawsuits.",
            "families of people killed by police file lawsuits",
            "candidate",
        ),
        # a relative clause saying something of its noun: the whole clause, as the gold has it
        (
            "Ann Lee attacked the tax, which she argued would hurt small farms in the county.",
            "which she argued would hurt small farms in the county",
            "Ann Lee",
        ),
        # a gerund after a preposition: the speaker is the subject of the verb it hangs on
        (
            "After saying he was nervous about the vote, Senator Ann Lee left the room.",
            "he was nervous about the vote",
            "Ann Lee",
        ),
        (
            "Senator Ann Lee opened the meeting by arguing that the tax would hurt farms.",
            "the tax would hurt farms",
            "Ann Lee",
        ),
        # a condition inside what was said is no indirect question
        (
            "Governor Ann Lee said if the council votes no, the plan will fail.",
            "if the council votes no, the plan will fail",
            "Ann Lee",
        ),
        (
            "Mayor Tom Ruiz joked that the council would never agree on the color of the bridge.",
            "the council would never agree on the color of the bridge",
            "Tom Ruiz",
        ),
    ],
)
def test_statement(text: str, content: str, speaker: str) -> None:
    assert one_statement(text, content, speaker).kind == "indirect"


@pytest.mark.parametrize(
    "text",
    [
        # "as" without a speaker, or with a verb that is no speech act
        "As expected, the council voted on the new budget plan.",
        "As Senator Ann Lee spoke, the council voted on the new budget plan.",
        "As reported, the council voted on the new budget plan.",
        # the object of "said" with no verb in it names no statement
        "Senator Ann Lee said the same thing about the old budget.",
        "Mayor Tom Ruiz told reporters at the town hall.",
        "Mayor Tom Ruiz did not tell Ann Lee to quiet down during the meeting.",
        # a person in the passive is not what was said
        "Judge Ann Lee was confirmed by the Senate on Tuesday.",
        # negated, planned, hypothetical: the negative cases for the new cues too
        "Senator Ann Lee did not urge the council to delay the vote.",
        "Senator Ann Lee wants to urge the council to delay the vote.",
        "Senator Ann Lee would urge the council to delay the vote.",
        "The decision to close the plant was not reported by the Daily Planet.",
        "Ann Lee attacked the tax, which she did not say would hurt small farms in the county.",
        "Ann Lee attacked the tax, which she would argue hurts small farms in the county.",
        "Without saying that the plan would fail, Senator Ann Lee left the room.",
        "Instead of saying that the plan would fail, Senator Ann Lee left the room.",
        # the narrator's own outlet
        "As we reported on Monday, the mayor was refusing to call the fire an accident.",
        # a question stays refused
        "Governor Ann Lee asked if the council would vote on the plan.",
        "Governor Ann Lee said if the council would vote on the plan.",
        "As Senator Ann Lee asked, why has the county lost three factories?",
    ],
)
def test_not_a_statement(text: str) -> None:
    assert reported(text) == []


def test_clause_opening_before_its_quote_is_one_mixed_record() -> None:
    text = "That, the commission said, \u201cwould be helpful in avoiding uncertainty.\u201d"
    found = extract(text)
    assert [(q.kind, q.text) for q in found] == [("mixed", text)]
    assert found[0].speaker is not None and found[0].speaker.name == "commission"


def test_quote_around_its_cue_stays_direct() -> None:
    text = "\u201cThe economy,\u201d Senator Ann Lee said, \u201cis growing fast this year.\u201d"
    assert {q.kind for q in extract(text)} == {"direct"}
