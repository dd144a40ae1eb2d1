"""Whom a quote is about: the rules added to cut spurious targets and wrong pronouns.

Made-up texts only. Each table pairs a case the rule must get right with a negative case the
rule must leave alone, so a rule that is too broad fails as surely as one that is missing.
"""

from __future__ import annotations

import pytest
from extraction_helpers import about_names

L, R = "\u201c", "\u201d"


@pytest.mark.parametrize(
    "text, word, present, absent",
    [
        # a place after "of" on a role or a measure says what someone is, not what it does
        (
            f"{L}This man wants to be president of the United States,{R} said Ann Lee.",
            "wants",
            None,
            "United States",
        ),
        (
            f"{L}He is not fit to lead a country the size of France,{R} said Ann Lee.",
            "fit to lead",
            None,
            "France",
        ),
        # ... but the place as an actor stays
        (
            f"{L}The United States will not accept these tests,{R} said Ann Lee.",
            "accept",
            "United States",
            None,
        ),
        # a party adjective on people is those people, not the party
        (
            f"{L}I have talked to my Republican friends about it,{R} said Ann Lee.",
            "friends",
            None,
            "Republican Party",
        ),
        (
            f"{L}The Democratic leaders have not said a word,{R} said Ann Lee.",
            "leaders",
            None,
            "Democratic Party",
        ),
        # ... the party itself, or its votes, stays
        (
            f"{L}Republicans will stop at nothing to win this,{R} said Ann Lee.",
            "stop at nothing",
            "Republican Party",
            None,
        ),
        (
            f"{L}They were never interested in Republican votes,{R} said Ann Lee.",
            "votes",
            "Republican Party",
            None,
        ),
    ],
)
def test_places_and_parties(text: str, word: str, present: str | None, absent: str | None) -> None:
    names = about_names(text, word)
    if present is not None:
        assert present in names, names
    if absent is not None:
        assert absent not in names, names


@pytest.mark.parametrize(
    "text, word, expected, unexpected",
    [
        # "X's campaign" names X; "the X campaign" names the campaign
        (
            "Hillary Clinton spoke in Ohio on Monday. "
            f"{L}Secretary Clinton's campaign is in trouble,{R} said Tom Baker.",
            "trouble",
            "Hillary Clinton",
            "Clinton campaign",
        ),
        (
            "Hillary Clinton spoke in Ohio on Monday. "
            f"{L}The Clinton campaign has sent its orders,{R} said Tom Baker.",
            "orders",
            "Clinton campaign",
            None,
        ),
    ],
)
def test_campaigns(text: str, word: str, expected: str, unexpected: str | None) -> None:
    names = about_names(text, word)
    assert expected in names, names
    if unexpected is not None:
        assert unexpected not in names, names


@pytest.mark.parametrize(
    "text, word, absent",
    [
        # a capitalized common word the recognizer took for a person, named only in quotes
        (f"{L}Meh, we can put this off a little bit,{R} said Ann Lee.", "put this off", "Meh"),
        # a group, a pronoun, a lowercase word are never people or places
        (f"{L}Latinos will decide this race,{R} said Ann Lee.", "decide", "Latinos"),
        (f"{L}Denying us justice is wrong,{R} said Ann Lee.", "Denying", "United States"),
    ],
)
def test_not_entities(text: str, word: str, absent: str) -> None:
    assert absent not in about_names(text, word)


@pytest.mark.parametrize(
    "text, word, present",
    [
        # a surname named mid-sentence inside the quote only is still that person
        (
            f"{L}Whether it is Clinton or Trump, the problem stays,{R} said Ann Lee.",
            "problem stays",
            "Trump",
        ),
        # a given name stays, though only inside the quote
        (f"{L}You know, I love Larry,{R} said Ann Lee.", "love", "Larry"),
    ],
)
def test_names_only_in_quotes_stay(text: str, word: str, present: str) -> None:
    assert any(present in n for n in about_names(text, word))


# A round of voices on one subject: each voice is named once, the subject in their words.
_VOICES = (
    "Readers told us what they thought of Donald Trump after the debate. "
    f"{L}Trump lies all the time. Trump is a disgrace,{R} said Carlos Ruiz, 34. "
    f"{L}Mr. Trump has no plan for us,{R} said Edwin Monroy, 41. "
    f"{L}He has said hateful things again and again,{R} said Paul Ortega, 29."
)


def test_pronoun_in_a_round_of_voices_is_the_subject() -> None:
    names = about_names(_VOICES, "hateful")
    assert "Donald Trump" in names, names
    assert "Edwin Monroy" not in names, names


def test_pronoun_after_a_source_who_is_the_subject_stays() -> None:
    # the nearest voice is the one mentioned most: "he" stays with him
    text = (
        "Senator Tom Baker spoke on Monday. Baker said the plan was dead. Baker left early. "
        f"{L}Tom Baker is right,{R} said Ann Lee. "
        f"{L}He knows the mills,{R} said Paul Ortega."
    )
    assert "Tom Baker" in about_names(text, "mills")


# A story about one man, with a passing mention of another just before the quote.
_TOPIC = (
    "Rep. Bobby Scott threw open his yard for a cookout. Bobby Scott wants a Senate seat. "
    "Scott has served for years, and Scott has the votes. Aides say Scott will run. "
    "Two black senators serve now, among them Cory Booker. "
    f"{L}Just because he hasn't done it doesn't mean he can't,{R} said Greg Meeks."
)
# The same, but the nearer man is named often: he is a person of the story, not in passing.
_NOT_PASSING = _TOPIC.replace(
    "Two black senators serve now, among them Cory Booker. ",
    "Cory Booker came too. Booker spoke. Booker left. Booker called. ",
)


@pytest.mark.parametrize(
    "text, present, absent",
    [
        (_TOPIC, "Bobby Scott", "Cory Booker"),
        (_NOT_PASSING, "Cory Booker", "Bobby Scott"),
    ],
)
def test_pronoun_after_a_passing_mention(text: str, present: str, absent: str) -> None:
    names = about_names(text, "doesn't mean")
    assert present in names, names
    assert absent not in names, names


_PRESIDENTS = (
    "President Barack Obama signed the bill in 2010. "
    "Former President Bill Clinton called it crazy on Monday. "
    f"{L}Since the day the president signed this bill, we have worked on it,{R} "
    "said Josh Earnest."
)


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # "the president" is the one in office, not the former one named last
        (_PRESIDENTS, "Barack Obama", "Bill Clinton"),
        # the only president the article names, in office
        (
            "President Barack Obama signed the bill in 2010. "
            f"{L}The president signed it,{R} said Josh Earnest.",
            "Barack Obama",
            None,
        ),
        # only a former one: nobody in office is named, so nobody
        (
            "Former President Bill Clinton called the bill crazy on Monday. "
            f"{L}The president should know better,{R} said Josh Earnest.",
            None,
            "Bill Clinton",
        ),
    ],
)
def test_the_president_is_the_one_in_office(
    text: str, present: str | None, absent: str | None
) -> None:
    names = about_names(text, "president")
    if present is not None:
        assert present in names, names
    if absent is not None:
        assert absent not in names, names
