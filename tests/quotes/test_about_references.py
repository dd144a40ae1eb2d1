"""Whom a quote is about: acronyms, the article's word for a place, pronouns named
only in quotes, "they" for a body, the colon's clause, forms of address.

Made-up texts only. Each table pairs the case a rule must get right with a negative case it
must leave alone (self-reference, generic groups, channels, nobody in particular).
"""

from __future__ import annotations

import pytest
from extraction_helpers import about_names, check_names, the_quote

L, R = "\u201c", "\u201d"


@pytest.mark.parametrize(
    "text, word, present, absent",
    [
        # an acronym the table expands, though no word of it has two letters
        (
            f"{L}The U.N. has failed the refugees,{R} said Ann Lee.",
            "refugees",
            "United Nations",
            None,
        ),
        # an acronym the article spells out is that body, not a longer name it begins
        (
            "The Democratic National Committee met. Ann Lee sits on the DNC Rules Committee. "
            f"{L}The DNC has lost its way,{R} said Tom Hart.",
            "lost its way",
            "Democratic National Committee",
            "DNC Rules Committee",
        ),
        # "this White House" is the White House
        (
            "The White House declined to comment. "
            f"{L}This White House has ignored the generals,{R} said Ann Lee.",
            "generals",
            "White House",
            None,
        ),
        # a place written out as a word keeps the word the quote has ...
        (
            f"{L}The vote in Britain has put Europe in a critical spot,{R} said Ann Lee.",
            "critical spot",
            "Britain",
            "United Kingdom",
        ),
        # ... an acronym is expanded
        (f"{L}The UK must leave the talks now,{R} said Ann Lee.", "talks", "United Kingdom", None),
    ],
)
def test_names(text: str, word: str, present: str | None, absent: str | None) -> None:
    check_names(about_names(text, word), present, absent)


VOICES = (
    "Readers wrote to us about the port.\n\n"
    f"{L}Mr. Tomasz Nowak has ruined this port for all of us,{R} said Maria Diaz.\n\n"
)


@pytest.mark.parametrize(
    "text, word, present, absent",
    [
        # a pronoun nobody outside the marks fits: the person of its gender the quotes named
        (
            VOICES + f"{L}He cannot even answer a question,{R} said Ewa Green.",
            "answer a question",
            "Tomasz Nowak",
            None,
        ),
        # ... not of another gender
        (
            VOICES + f"{L}She cannot even answer a question,{R} said Ewa Green.",
            "answer a question",
            None,
            "Tomasz Nowak",
        ),
    ],
)
def test_pronoun_named_only_in_quotes(
    text: str, word: str, present: str | None, absent: str | None
) -> None:
    check_names(about_names(text, word), present, absent)


@pytest.mark.parametrize(
    "text, word, present, absent",
    [
        # "they" for the company named just before
        (
            "Northfield Mining Company went bankrupt last year. "
            f"{L}They would try to sell their best assets,{R} said Tom Hart.",
            "best assets",
            "Northfield Mining Company",
            None,
        ),
        # a plural noun nearer by is what "they" is: people, not the company
        (
            "Northfield Mining Company fired the miners last year. "
            f"{L}They were never paid for the last month,{R} said Tom Hart.",
            "never paid",
            None,
            "Northfield Mining Company",
        ),
        # "we" nearer by: the speaker's own side
        (
            "Northfield Mining Company went bankrupt last year. "
            f"{L}We told them so, and they would not listen,{R} said Tom Hart.",
            "not listen",
            None,
            "Northfield Mining Company",
        ),
    ],
)
def test_they_for_a_body(text: str, word: str, present: str | None, absent: str | None) -> None:
    check_names(about_names(text, word), present, absent)


SCOLDED = "Richard Moore testified on Tuesday. Senator Ann Lee scolded him: "


@pytest.mark.parametrize(
    "text, word, present, absent",
    [
        # the clause a colon ends: whom its verb addresses
        (
            SCOLDED + f"{L}You have misled this panel,{R} she said.",
            "misled",
            "Richard Moore",
            None,
        ),
        # ... for the quote that continues it too
        (
            SCOLDED + f"{L}You have misled this panel,{R} she said. {L}Nobody believes you.{R}",
            "Nobody believes",
            "Richard Moore",
            None,
        ),
        # the outlet told is a channel, not a target
        (
            f"Senator Ann Lee told CNN: {L}The port deal is a disgrace for the city.{R}",
            "disgrace",
            None,
            "CNN",
        ),
    ],
)
def test_colon_clause(text: str, word: str, present: str | None, absent: str | None) -> None:
    check_names(about_names(text, word), present, absent)


PRESIDENT = "President Tom Hart met Ann Lee on Monday. "


@pytest.mark.parametrize(
    "text, word, present, absent",
    [
        # a role after an address honorific is its holder
        (
            PRESIDENT + f"{L}Mr. President, will you sign the bill?{R} she asked.",
            "sign the bill",
            "Tom Hart",
            None,
        ),
        # ... not a role without the honorific, said of anyone
        (
            PRESIDENT + f"{L}A president must sign the bill,{R} she said.",
            "must sign",
            None,
            "Tom Hart",
        ),
        # a role in the plural is nobody in particular
        (
            "Senator Tom Hart is a candidate for governor. "
            f"{L}Those candidates have no plan for the port,{R} said Ann Lee.",
            "no plan",
            None,
            "Tom Hart",
        ),
    ],
)
def test_roles(text: str, word: str, present: str | None, absent: str | None) -> None:
    check_names(about_names(text, word), present, absent)


def test_a_place_as_written_keeps_the_table_name_as_an_alias() -> None:
    text = f"{L}The vote in Britain has put Europe in a critical spot,{R} said Ann Lee."
    refs = {ref.name: ref for ref in the_quote(text, "critical spot").about}
    assert refs["Britain"].aliases == ("United Kingdom",)
    assert refs["Europe"].aliases == ()
