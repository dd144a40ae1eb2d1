"""Reported speech: cues set apart inside their clause, complements whose subject
the parser hung on the verb, statements inside statements, shared speakers, documents.

Made-up sentences only. Each positive row names the content and the speaker; each negative
row says what must not be found.
"""

from __future__ import annotations

import pytest
from extraction_helpers import reported

from quotes import extract


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        # the cue's phrase between commas inside its clause: the whole clause, cue included,
        # as the gold gives a statement in parts ("first to last part")
        (
            "In his state, Governor Tom Ruiz said, nonviolent offenders are sent to treatment.",
            "In his state, Governor Tom Ruiz said, nonviolent offenders are sent to treatment",
            "Tom Ruiz",
        ),
        (
            "In the end, Mayor Ines Okafor said, union voters almost always vote for the party.",
            "In the end, Mayor Ines Okafor said, union voters almost always vote for the party",
            "Ines Okafor",
        ),
        (
            "Ms. Malik also had two in-person interviews, federal officials said, the first by a "
            "consular officer in Pakistan.",
            "Ms. Malik also had two in-person interviews, federal officials said, the first by a "
            "consular officer in Pakistan",
            "federal officials",
        ),
        # the clause before the cue alone when nothing follows it
        (
            "The economy is growing again, Minister Lena Holm said.",
            "The economy is growing again",
            "Lena Holm",
        ),
        # a complement whose subject the parser took for the verb's modifier
        (
            "The budget office said about half of the higher adjustment in its deficit "
            "projections reflected revenue losses from the tax cuts.",
            "about half of the higher adjustment in its deficit projections reflected "
            "revenue losses from the tax cuts",
            "budget office",
        ),
        # a speech verb inside the content under "that", or a participle, is no new statement
        (
            "Senator Peter Hoekstra said that a swap involved difficult trade-offs but that "
            "Obama should have insisted on getting all Americans out.",
            "a swap involved difficult trade-offs but that Obama should have insisted on "
            "getting all Americans out",
            "Peter Hoekstra",
        ),
        (
            "Secretary John Kerry said the Iranians released by the United States were "
            "close to completing their sentences.",
            "the Iranians released by the United States were close to completing their sentences",
            "John Kerry",
        ),
        # who speaks through a document
        (
            "The account praised the attack, according to a report from the SITE Intelligence "
            "Group.",
            "The account praised the attack",
            "SITE Intelligence Group",
        ),
    ],
)
def test_statement(text: str, content: str, speaker: str) -> None:
    found = reported(text)
    assert [q.text for q in found] == [content]
    (q,) = found
    assert text[q.start : q.end] == q.text
    assert q.speaker is not None and q.speaker.name == speaker


def test_conjoined_cue_shares_its_speaker() -> None:
    text = (
        "The deputy head of the delegation, Wang Lei, said the United States should reduce "
        "its patrols in the region and said any attempts to isolate China would fail."
    )
    found = reported(text)
    assert [q.speaker.name if q.speaker else None for q in found] == ["Wang Lei", "Wang Lei"]
    assert [q.text for q in found] == [
        "the United States should reduce its patrols in the region",
        "any attempts to isolate China would fail",
    ]


def test_adding_that_is_a_second_statement() -> None:
    text = "The economy is growing, Minister Lena Holm said, adding that jobs were coming back."
    assert [q.text for q in reported(text)] == [
        "The economy is growing",
        "jobs were coming back",
    ]


def test_clause_opening_before_its_quote_is_mixed() -> None:
    text = "Still, golf clubs are “just scratching out a profit,” said analyst Tom Hedge."
    (q,) = extract(text)
    assert q.kind == "mixed"
    assert q.text == "Still, golf clubs are “just scratching out a profit,”"
    assert q.speaker is not None and q.speaker.name == "Tom Hedge"


@pytest.mark.parametrize(
    "text",
    [
        # the quote is the cue's direct quote: its lead-in is too short to be a clause
        "“The bridge will reopen in May,” said Mayor Ines Okafor.",
        "And “the bridge will reopen in May,” said Mayor Ines Okafor.",
        # another cue's quote after a colon
        "Ines Okafor scolded him: “You are late,” said Tom Baker.",
    ],
)
def test_quote_before_its_cue_stays_direct(text: str) -> None:
    kinds = [q.kind for q in extract(text)]
    assert "mixed" not in kinds and "direct" in kinds


@pytest.mark.parametrize(
    "text",
    [
        # a pronoun set apart inside its clause that nobody fits: never "he"
        "The hashtag, he said, was even more popular, with millions of posts.",
        # a relative clause is not a cue set apart
        "The minister, who said little, left the meeting at noon.",
        # negated and hypothetical cues set apart stay refused
        "The bridge, Mayor Ines Okafor did not say, would reopen in May.",
        "The bridge, Mayor Ines Okafor would say, will reopen in May.",
    ],
)
def test_not_a_statement(text: str) -> None:
    assert reported(text) == []


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        # a transcript's speaker label, a sentence of its own, then the turn on the same line
        (
            "Anna Berg hosts the show.\n\nBERG: Well, the plan is bad for farmers.\n",
            "Well, the plan is bad for farmers",
            "Anna Berg",
        ),
        (
            "Anna Berg hosts the show.\n\nBERG: Well, no one likes it. It costs too much.\n",
            "Well, no one likes it. It costs too much",
            "Anna Berg",
        ),
    ],
)
def test_transcript_turn(text: str, content: str, speaker: str) -> None:
    found = [q for q in reported(text) if q.rule == "reported_colon"]
    assert [q.text for q in found] == [content]
    assert found[0].speaker is not None and found[0].speaker.name == speaker


@pytest.mark.parametrize(
    "text",
    [
        "The vote was close.\n\nCORRECTION:\n\nAn earlier version misstated the vote date.\n",
        "The vote was close.\n\nEditor's Note: The following is part 3 of a series on farms.\n",
        "The vote was close.\n\nPREVIOUSLY:\nThe council voted to close the plant in May.\n",
    ],
)
def test_outlet_notes_are_not_labels(text: str) -> None:
    assert [q for q in reported(text) if q.rule == "reported_colon"] == []


def test_headline_label_keeps_its_sentence() -> None:
    text = "Kremlin: the call was planned for the evening. Analysts doubt the talks will help.\n"
    found = [q for q in reported(text) if q.rule == "reported_colon"]
    assert [q.text for q in found] == ["the call was planned for the evening"]


@pytest.mark.parametrize(
    "text",
    [
        "Telephone call on Thursday: Biden and Putin talk about the conflict in Ukraine\n",
        "Talks in Geneva on Monday: the delegations will meet again in spring\n",
        "Summit in 2022: the leaders agreed to meet again\n",
    ],
)
def test_a_headlines_when_is_no_source(text: str) -> None:
    found = [q for q in reported(text) if q.rule == "reported_colon"]
    assert [q.speaker for q in found if q.speaker is not None] == []
