"""Reported speech (quotes.nlp.reported): what is a statement, whose it is, and what is not one.

Made-up sentences only. Each positive row names the content and the speaker; each negative
row is a sentence that must give no reported-speech record at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from extraction_helpers import reported

from quotes import extract
from quotes.errors import LexiconError
from quotes.text.lexicon import Lexicon, lexicon_dir


@pytest.mark.parametrize(
    "text, content, speaker, kind",
    [
        (
            "Spokesman Dmitri Orlov said the call was planned for the late evening.",
            "the call was planned for the late evening",
            "Dmitri Orlov",
            "indirect",
        ),
        (
            "It was planned for the late evening, said spokesman Dmitri Orlov of the agency.",
            "It was planned for the late evening",
            "Dmitri Orlov",
            "indirect",
        ),
        (
            "Mayor Ines Okafor said that the bridge would reopen in May.",
            "the bridge would reopen in May",
            "Ines Okafor",
            "indirect",
        ),
        (
            "According to the Kremlin, President Ivan Petrov opposed any new sanctions.",
            "President Ivan Petrov opposed any new sanctions",
            "Kremlin",
            "indirect",
        ),
        (
            "The talks had failed, according to Foreign Minister Lena Holm.",
            "The talks had failed",
            "Lena Holm",
            "indirect",
        ),
        (
            "Senator Tom Baker told reporters that the budget was dead.",
            "the budget was dead",
            "Tom Baker",
            "indirect",
        ),
        (
            "Maria Lopez warned that the plan was “a disaster for farmers”.",
            "the plan was “a disaster for farmers”",
            "Maria Lopez",
            "mixed",
        ),
        (
            "The governor, Ada Brandt, announced a new tax on sugary drinks.",
            "a new tax on sugary drinks",
            "Ada Brandt",
            "indirect",
        ),
        (
            "Kremlin: the call was planned for the late evening.",
            "the call was planned for the late evening",
            "Kremlin",
            "indirect",
        ),
    ],
)
def test_statement(text: str, content: str, speaker: str, kind: str) -> None:
    found = reported(text)
    assert [(q.text, q.kind) for q in found] == [(content, kind)]
    (q,) = found
    assert text[q.start : q.end] == q.text
    assert q.speaker is not None and q.speaker.name == speaker
    assert q.cue is not None and text[q.cue.start : q.cue.end] == q.cue.text


@pytest.mark.parametrize(
    "text",
    [
        "Mayor Ines Okafor said.",  # no content
        "Mayor Ines Okafor said so.",  # no clause worth the name
        "Mayor Ines Okafor did not say that the bridge would reopen in May.",  # negated
        "Mayor Ines Okafor never said the bridge would reopen in May.",  # negated
        "Mayor Ines Okafor would say the bridge will reopen in May.",  # hypothetical
        "If Mayor Ines Okafor says the bridge will reopen, the town will celebrate.",  # condition
        "Mayor Ines Okafor wants to announce that the bridge will reopen.",  # intention
        "Mayor Ines Okafor declined to say whether the bridge would reopen.",  # refusal
        "Mayor Ines Okafor plans to reopen the bridge in May.",  # a plan, no speech verb
        "Mayor Ines Okafor asked whether the bridge would reopen in May.",  # a question
        "Mayor Ines Okafor said whether the bridge would reopen was unclear?",  # a question
        "Mayor Ines Okafor believes the bridge will reopen in May.",  # a belief, not speech
        "We reported last week that the bridge would reopen in May.",  # the narrator
        "As this newspaper reported, the bridge would reopen in May.",  # the narrator's outlet
        "The bridge will reopen in May, the town hopes.",  # no speech verb
        "He said the bridge would reopen in May.",  # a pronoun nobody fits: never "he"
        # an interview's turn labels name nobody
        "Ines Okafor spoke to us.\n\nQ: Why did the bridge close?\n\nA: Engineers found cracks.",
    ],
)
def test_not_a_statement(text: str) -> None:
    assert reported(text) == []


def test_direct_quote_stays_direct() -> None:
    quotes = extract("“The bridge will reopen in May,” said Mayor Ines Okafor.")
    assert [q.kind for q in quotes] == ["direct"]
    assert quotes[0].speaker is not None and quotes[0].speaker.name == "Ines Okafor"


def test_mixed_quote_and_its_fragment_are_one_record() -> None:
    text = "Mayor Ines Okafor said the closure was “a scandal” and would end soon."
    quotes = extract(text)
    assert [q.kind for q in quotes] == ["mixed"]
    assert "“a scandal”" in quotes[0].text


@pytest.mark.parametrize(
    "text, content",
    [
        # a subject before the quote: the quote is part of a clause of its own
        (
            "Farmers “lost everything this year,” Mayor Ines Okafor said.",
            "Farmers “lost everything this year,”",
        ),
        # a quote that goes on after the statement's own cue, without a cue of its own
        (
            "The bridge “will not reopen before May,” said Mayor Ines Okafor. “We need time.”",
            "The bridge “will not reopen before May,” said Mayor Ines Okafor. “We need time.”",
        ),
        (
            "The bridge will not reopen before May, Mayor Ines Okafor said. “We need time.”",
            "The bridge will not reopen before May, Mayor Ines Okafor said. “We need time.”",
        ),
    ],
)
def test_mixed_attribution_is_one_record(text: str, content: str) -> None:
    quotes = extract(text)
    assert [(q.kind, q.text) for q in quotes] == [("mixed", content)]
    assert quotes[0].speaker is not None and quotes[0].speaker.name == "Ines Okafor"


@pytest.mark.parametrize(
    "text",
    [
        "But “the bridge is old,” Mayor Ines Okafor said. “We need more time.”",
        "On Monday, “the bridge closed,” Mayor Ines Okafor said.",
        # a quote in the cue's own sentence may have a cue of its own
        "The bridge will close, Mayor Ines Okafor said, calling the cracks “a real danger”.",
        # the quote after a second cue continues that cue's quote, not the statement
        "Mayor Ines Okafor said the bridge would reopen. “We need time,” she said. “It is old.”",
    ],
)
def test_quote_with_a_lead_in_stays_direct(text: str) -> None:
    assert [q.kind for q in extract(text) if q.kind == "mixed"] == []


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        # a headline's label the tagger took for a common noun, its verb for a name
        (
            "Poll: Voters Back Okafor With Record Lead.\n\nA poll shows it.",
            "Voters Back Okafor With Record Lead",
            "Poll",
        ),
        (
            "Okafor: Bridge Will Reopen In May.\n\nThe mayor spoke.",
            "Bridge Will Reopen In May",
            "Okafor",
        ),
    ],
)
def test_headline_label(text: str, content: str, speaker: str) -> None:
    (q,) = [q for q in reported(text) if q.rule == "reported_colon"]
    assert q.text == content
    assert q.speaker is not None and q.speaker.name.endswith(speaker)


def test_pronoun_speaker_is_named() -> None:
    text = "Mayor Ines Okafor opened the bridge. She said the repairs had cost too much."
    (q,) = reported(text)
    assert q.speaker is not None and q.speaker.name == "Ines Okafor"
    assert q.speaker_mention is not None and q.speaker_mention.text == "She"


def test_addressee_is_not_the_speaker() -> None:
    text = "Mayor Ines Okafor spoke on radio, telling Tom Baker that the repairs had cost too much."
    (q,) = reported(text)
    assert q.speaker is not None and q.speaker.name == "Ines Okafor"


@pytest.mark.parametrize(
    "row, message",
    [
        ("say\tclause,speech\n", "unknown complement 'speech'"),
        ("say\n", "expected 2 tab-separated columns"),
    ],
)
def test_bad_reported_cue_table(tmp_path: Path, row: str, message: str) -> None:
    folder = tmp_path / "lexicon"
    folder.mkdir()
    for table in lexicon_dir().iterdir():
        (folder / table.name).write_text(table.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "reported_cues.tsv").write_text(row, encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        Lexicon.load(folder)
