"""Reported speech: a source that names nobody the article knows is a typed
anonymous one ("according to a new poll", "the report said"), not a refused statement; a
pronoun nobody fits, negated and hypothetical cues and the narrator's own report stay refused.
The clause's first words hung on a cue set apart inside it ("Voters, the mayor suggested,
...") are the clause's, not the cue's.

Made-up sentences only. Each positive row names the content and the speaker; each negative
row says what must not be found.
"""

from __future__ import annotations

import pytest
from extraction_helpers import one_statement, reported


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        (
            "According to a new poll, Mayor Tom Ruiz leads the race by ten points.",
            "Mayor Tom Ruiz leads the race by ten points",
            "new poll",
        ),
        (
            "The report said the city had spent too much on the stadium.",
            "the city had spent too much on the stadium",
            "report",
        ),
        # a document that names nobody is the report, typed anonymous (it was refused)
        (
            "The account praised the attack, according to a report.",
            "The account praised the attack",
            "report",
        ),
        (
            "A report from the state auditor said the bridge was unsafe.",
            "the bridge was unsafe",
            "report from the state auditor",
        ),
    ],
)
def test_unnamed_source(text: str, content: str, speaker: str) -> None:
    source = one_statement(text, content, speaker).speaker
    assert source is not None and source.kind == "anonymous"


@pytest.mark.parametrize(
    "text",
    [
        "They said the bridge would close in May.",  # a pronoun nobody fits: never "they"
        "The report did not say the bridge was unsafe.",  # negated
        "The report would say the bridge was unsafe if it were honest.",  # hypothetical
        "Our report said the bridge was unsafe.",  # the narrator's own outlet
        "The report said.",  # no content
        "The report asked whether the bridge was unsafe.",  # a question
    ],
)
def test_unnamed_source_refused(text: str) -> None:
    assert reported(text) == []


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        (
            "Voters, Clinton suggested, don't have to worry that big banks can influence"
            " politicians.",
            "Voters, Clinton suggested, don't have to worry that big banks can influence"
            " politicians",
            "Clinton",
        ),
        (
            "Farmers, Ann Lee argued, will lose the most from the new tax.",
            "Farmers, Ann Lee argued, will lose the most from the new tax",
            "Ann Lee",
        ),
    ],
)
def test_clause_words_hung_on_the_cue(text: str, content: str, speaker: str) -> None:
    one_statement(text, content, speaker)


@pytest.mark.parametrize(
    "text",
    [
        "Voters, Clinton did not suggest, have to worry about big banks.",  # negated
        "Voters, we reported, have to worry about big banks.",  # the narrator
    ],
)
def test_clause_words_hung_on_the_cue_refused(text: str) -> None:
    assert reported(text) == []


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        # the agent of a passive "tell" said it
        (
            "Tom Ruiz was told by his aides that the race would end soon.",
            "the race would end soon",
            "aides",
        ),
        (
            "Tom Ruiz told reporters that the race would end soon.",
            "the race would end soon",
            "Tom Ruiz",
        ),
    ],
)
def test_addressed_cue(text: str, content: str, speaker: str) -> None:
    one_statement(text, content, speaker)


@pytest.mark.parametrize(
    "text",
    [
        # the passive's subject is who heard it, not who said it
        "Tom Ruiz was told that the race would end soon.",
        "Governor Ann Lee was warned that the bridge would not hold.",
        "Governor Ann Lee was reminded that the budget was due in May.",
    ],
)
def test_addressee_of_a_passive_cue_is_no_source(text: str) -> None:
    assert reported(text) == []


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        (
            "Until the announcement, most of the workers said they had loved the plant.",
            "they had loved the plant",
            "workers",
        ),
        (
            "Some of the same candidates have said they oppose troops in Syria.",
            "they oppose troops in Syria",
            "same candidates",
        ),
    ],
)
def test_part_of_a_group(text: str, content: str, speaker: str) -> None:
    one_statement(text, content, speaker)


@pytest.mark.parametrize(
    "text",
    [
        "Most said they had loved working for the plant.",  # the part alone names nobody
        "Most of the workers did not say they had loved the plant.",  # negated
        "Most of them said they had loved the plant.",  # a pronoun nobody fits
    ],
)
def test_part_of_a_group_refused(text: str) -> None:
    assert reported(text) == []


@pytest.mark.parametrize(
    "text, speaker",
    [
        # a message or readout from an organization speaks for it
        ("According to a message from the Kremlin, the talks went well.", "Kremlin"),
        ("A readout from the White House said the call lasted an hour.", "White House"),
    ],
)
def test_message_of_an_organization_is_its_own(text: str, speaker: str) -> None:
    found = reported(text)
    assert len(found) == 1 and found[0].speaker is not None
    assert (found[0].speaker.name, found[0].speaker.kind) == (speaker, "organization")
