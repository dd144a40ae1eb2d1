"""One table per attribution rule, each with negative cases, on made-up sentences."""

from __future__ import annotations

import pytest

from quotes import extract
from quotes.models import Quote


def by_text(text: str) -> dict[str, Quote]:
    return {q.text.rstrip(".,"): q for q in extract(text)}


def speaker_of(text: str, quote: str) -> str | None:
    found = by_text(text)
    assert quote in found, f"{quote!r} not found in {list(found)}"
    q = found[quote]
    return q.speaker.name if q.speaker else None


@pytest.mark.parametrize(
    "text, quote, speaker",
    [
        ("“We will not back down,” said Maria Lopez.", "We will not back down", "Maria Lopez"),
        ("“We will not back down,” Maria Lopez said.", "We will not back down", "Maria Lopez"),
        ("Maria Lopez said: “We will not back down.”", "We will not back down", "Maria Lopez"),
        (
            "Maria Lopez said that the plan was “a disaster for farmers”.",
            "the plan was “a disaster for farmers”",  # mixed: the fragment is in its record
            "Maria Lopez",
        ),
        (
            "Maria Lopez, who chairs the committee, said: “We will not back down.”",
            "We will not back down",
            "Maria Lopez",
        ),
        ("“Why now?” Maria Lopez asked.", "Why now?", "Maria Lopez"),
    ],
)
def test_cue(text: str, quote: str, speaker: str) -> None:
    assert speaker_of(text, quote) == speaker
    assert by_text(text)[quote].cue is not None


@pytest.mark.parametrize(
    "text, quote, speaker",
    [
        (
            "The deal is “dead and buried”, according to Tom Baker, a trade negotiator.",
            "dead and buried",
            "Tom Baker",
        ),
        (
            "While Anna Berg, according to Tom Baker, was “pleased with the outcome”, others left.",
            "pleased with the outcome",
            "Tom Baker",
        ),
    ],
)
def test_according_to(text: str, quote: str, speaker: str) -> None:
    q = by_text(text)[quote]
    assert q.speaker is not None and q.speaker.name == speaker
    assert q.rule == "according_to"


@pytest.mark.parametrize(
    "text, quote, speaker",
    [
        ("Merkel: tariffs would be “a grave error”\n\nThe talks go on.", "a grave error", "Merkel"),
    ],
)
def test_headline(text: str, quote: str, speaker: str) -> None:
    q = by_text(text)[quote]
    assert q.rule == "headline" and q.speaker is not None and q.speaker.name == speaker


@pytest.mark.parametrize(
    "text, quote, speaker",
    [
        ("“The river is rising.” — Carla Mendes\n", "The river is rising", "Carla Mendes"),
        ("“We need more teachers.” ― Paul Okafor.\n", "We need more teachers", "Paul Okafor"),
    ],
)  # fmt: skip
def test_dash(text: str, quote: str, speaker: str) -> None:
    q = by_text(text)[quote]
    assert q.rule == "dash" and q.speaker is not None and q.speaker.name == speaker


def test_continuation_in_the_next_sentence_and_paragraph() -> None:
    text = (
        "“The budget is balanced,” said Finance Minister Olaf Berger. “Nobody believed it.”\n\n"
        "“We did it anyway,” he added.\n\n“And we will do it again next year.”"
    )
    quotes = extract(text)
    assert [q.speaker.name if q.speaker else None for q in quotes] == ["Olaf Berger"] * 4
    assert quotes[1].rule == "continuation"
    assert quotes[3].rule == "continuation"


def test_continuation_stops_at_a_new_speaker() -> None:
    text = (
        "“The budget is balanced,” said Olaf Berger.\n\n"
        "Opposition leader Maria Lopez disagreed. “It is a fantasy,” she said."
    )
    assert speaker_of(text, "It is a fantasy") == "Maria Lopez"


def test_partial_quote_inside_reported_speech() -> None:
    text = "President Ivan Petrov warned that sanctions would be “a colossal mistake”."
    (q,) = extract(text)  # one record: the reported clause with its quoted fragment
    assert (q.kind, q.text) == ("mixed", "sanctions would be “a colossal mistake”")
    assert q.speaker is not None and q.speaker.name == "Ivan Petrov"
    assert q.cue is not None and q.cue.text == "warned"


def test_transcript_label() -> None:
    text = 'Governor Mike Pence spoke on air.\n\n"PENCE: Well, look, the numbers are clear."'
    assert speaker_of(text, "PENCE: Well, look, the numbers are clear") == "Mike Pence"


@pytest.mark.parametrize(
    "text, not_a_quote",
    [
        ("“We must talk,” said Josep Borrell to “Welt”.", "Welt"),
        ("She spoke on CBS's “Face the Nation” on Sunday.", "Face the Nation"),
        ("The newspaper “Le Monde” reported it first.", "Le Monde"),
        ('Del. Marcia "Cia" Price cheered the crowd.', "Cia"),
        ("He rejected the so-called “deal” outright.", "deal"),
        ("It will be hard.\n\n‘All Bets Are Off.’\n\nYears ago, he ran.", "All Bets Are Off"),
        ("Trump Was ‘Mocking’ Clinton Camp In Iowa\n\nHe spoke.", "Mocking"),
    ],
)
def test_not_speech(text: str, not_a_quote: str) -> None:
    assert not_a_quote not in by_text(text)


def test_one_word_quote_with_a_speaker_is_kept() -> None:
    text = "Russia's foreign minister Sergey Lavrov has ruled out any « concession »."
    assert speaker_of(text, "concession") == "Sergey Lavrov"


@pytest.mark.parametrize(
    "text, quote, speaker, rule",
    [
        (
            "Committee chair Ruth Adler said the witness never came.\n\n"
            "“He is a crucial witness in this inquiry.”",
            "He is a crucial witness in this inquiry",
            "Ruth Adler",
            "previous_sentence",
        ),
        (
            "Economist Liam Novak made the following comment:\n\n“Rates will rise again in May.”",
            "Rates will rise again in May",
            "Liam Novak",
            "colon_intro",
        ),
        (
            "The spot shows footage of Hillary Clinton asking, “Why aren't we ahead?”",
            "Why aren't we ahead?",
            "Hillary Clinton",
            "cue",
        ),
        (
            "Senator Ruth Adler said, “The vote will happen this week.”",
            "The vote will happen this week",
            "Ruth Adler",
            "cue",
        ),
    ],
)
def test_more_rules(text: str, quote: str, speaker: str, rule: str) -> None:
    q = by_text(text)[quote]
    assert q.speaker is not None and q.speaker.name == speaker
    assert q.rule == rule


def test_previous_sentence_needs_a_reporting_verb() -> None:
    text = "Ruth Adler walked in late.\n\n“He is a crucial witness in this inquiry.”"
    q = by_text(text)["He is a crucial witness in this inquiry"]
    assert q.rule != "previous_sentence"


def test_a_subordinate_speaker_does_not_interrupt_a_continuation() -> None:
    text = (
        "“Our progress is on the ballot,” Mr. Tom Baker said at the dinner, where Mrs. Ana "
        "Ruiz also spoke. “Justice is on the ballot too.”"
    )
    assert speaker_of(text, "Justice is on the ballot too") == "Tom Baker"
