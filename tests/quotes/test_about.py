"""Whom a quote is about: each way a target is referred to, and what never counts.

Made-up texts only. Each row gives a short article, the quote to look at (a word of it), and
the targets expected as (name, how); ``None`` for a target that must not be there.
"""

from __future__ import annotations

import pytest
from extraction_helpers import the_quote

from quotes.models import AboutRef, Quote

L, R = "\u201c", "\u201d"


def _about(q: Quote) -> dict[str, str]:
    return {ref.name: ref.how for ref in q.about if isinstance(ref, AboutRef)}


@pytest.mark.parametrize(
    "text, word, expected",
    [
        # names, at their fullest in the article
        (
            f"Shipping magnate Tomasz Nowak bought the port in May. Nowak said little. "
            f"{L}Tomasz Nowak has never set foot on our docks,{R} said Ada Brandt.",
            "docks",
            {"Tomasz Nowak": "name"},
        ),
        (
            f"US President Joe Biden spoke. {L}Biden will not back down,{R} said Ana Ruiz.",
            "back down",
            {"Joe Biden": "name"},
        ),
        (
            "Hillary Clinton and Bill Clinton arrived in Ohio. "
            f"{L}Hillary has a plan for the mills,{R} said Tom Baker.",
            "plan",
            {"Hillary Clinton": "name"},
        ),
        # a demonym or adjective stands for the country
        (
            f"{L}Sanctions will hit the Russian economy hard,{R} said Ana Ruiz.",
            "economy",
            {"Russia": "name"},
        ),
        # pronouns: the person meant, never the speaker
        (
            "Finance Minister Anna Kowal published new figures on Monday. "
            f"{L}Nobody in Warsaw takes her numbers seriously,{R} said Piotr Zielinski.",
            "numbers",
            {"Anna Kowal": "pronoun"},
        ),
        # "you" asked or held to words: the one who answers, else the one the story is about
        (
            "Senator Ana Ruiz questioned bank chief Tom Baker on Tuesday. "
            f"Ruiz said: {L}We have the figures. Do you accept the blame?{R} "
            f"{L}I accept it,{R} Baker said.",
            "blame",
            {"Tom Baker": "pronoun"},
        ),
        (
            "Bank chief Tom Baker testified for hours on Tuesday. Baker spoke of one percent. "
            f"{L}Every time you say that, the bank looks worse,{R} said Senator Ana Ruiz.",
            "looks worse",
            {"Tom Baker": "pronoun"},
        ),
        # "this White House": the body the speaker points at
        (
            f"{L}There is a disconnect between this White House and the army,{R} said Ann Lee.",
            "disconnect",
            {"White House": "name"},
        ),
        # descriptions: the person the article gave that role
        (
            "The mayor of Gdansk, Ewa Lis, closed the docks on Friday. "
            f"{L}The mayor is playing politics,{R} said Ada Brandt.",
            "politics",
            {"Ewa Lis": "description"},
        ),
        (
            "Canada and Mexico signed the deal. Canada will gain most, said the report. "
            f"{L}This country needs a leader,{R} said Tom Baker.",
            "leader",
            {"Canada": "description"},
        ),
        (
            "Hillary Clinton spoke in Ohio. "
            f"{L}The Clinton campaign is in panic mode,{R} said Tom Baker.",
            "panic",
            {"Clinton campaign": "name"},
        ),
        # the frame's target, outside the marks
        (
            "President Joe Biden spoke with Vladimir Putin for an hour. "
            f"Putin, in turn, warned Biden that {L}new sanctions would be a colossal mistake.{R}",
            "colossal",
            {"Joe Biden": "frame"},
        ),
        (
            "Chancellor Olaf Berger met Ana Ruiz in Bonn. "
            f"Asked about Berger, Ruiz said: {L}We talk every week.{R}",
            "every week",
            {"Olaf Berger": "frame"},
        ),
        (
            "Senator Tom Baker spoke after Mayor Ewa Lis. "
            f"Baker said of Lis: {L}We disagree on the budget.{R}",
            "budget",
            {"Ewa Lis": "frame"},
        ),
        (
            "Senator Ana Ruiz questioned Tom Baker, the bank's chief, on Tuesday. "
            f"Ruiz scolded him: {L}You should resign today.{R}",
            "resign",
            {"Tom Baker": "frame"},
        ),
        (
            "Mayor Ewa Lis spoke first. "
            f"Asked about Lis's plan, Tom Baker said: {L}It will not work.{R}",
            "not work",
            {"Ewa Lis": "frame"},
        ),
        (
            "Vladimir Putin spoke with Joe Biden for an hour. While Putin, according to his "
            f"adviser Yuri Ushakov, was {L}satisfied{R} with the call, Washington was not.",
            "satisfied",
            {"Vladimir Putin": "frame"},
        ),
    ],
)
def test_targets(text: str, word: str, expected: dict[str, str]) -> None:
    about = _about(the_quote(text, word))
    for name, how in expected.items():
        assert about.get(name) == how, about


@pytest.mark.parametrize(
    "text, word, absent",
    [
        # the speaker's references to themselves
        (f"{L}I have done my job,{R} said Ann Lee.", "my job", "Ann Lee"),
        (
            f"Kremlin spokesman Dmitry Orlov spoke. {L}The Kremlin won't comment,{R} said Orlov.",
            "comment",
            "Kremlin",
        ),
        (
            f"Tom Baker spoke on Monday. {L}He is tired,{R} said Baker.",
            "tired",
            "Tom Baker",
        ),
        (
            f"{L}The United States will respond,{R} said a senior US government official.",
            "respond",
            "United States",
        ),
        # generic groups
        (f"{L}Americans deserve better,{R} said Ann Lee.", "deserve", "United States"),
        (f"{L}Latinos will decide this race,{R} said Ann Lee.", "decide", "Latinos"),
        (f"{L}American families are struggling,{R} said Ann Lee.", "families", "United States"),
        (
            f"President Joe Biden spoke. {L}The next president will have to act,{R} said Ann Lee.",
            "next president",
            "Joe Biden",
        ),
        (
            f"Canada signed. {L}Schools across the country are failing,{R} said Ann Lee.",
            "Schools",
            "Canada",
        ),
        # "you" for anyone, not for the person the story is about
        (
            "Bank chief Tom Baker testified for hours on Tuesday. Baker spoke of one percent. "
            f"{L}If you look back, the record is clear,{R} said Senator Ana Ruiz.",
            "look back",
            "Tom Baker",
        ),
        (
            "Bank chief Tom Baker testified for hours on Tuesday. Baker spoke of one percent. "
            f"{L}You can cut costs and still lose money,{R} said Senator Ana Ruiz.",
            "cut costs",
            "Tom Baker",
        ),
        (
            "Bank chief Tom Baker testified for hours on Tuesday. "
            f"{L}You know, the bank is fine,{R} said Ana Ruiz. {L}Fine,{R} said Baker.",
            "bank is fine",
            "Tom Baker",
        ),
        # titles of works are not actors
        (
            f"{L}I was reading War and Peace all summer,{R} said Ann Lee.",
            "reading",
            "War and Peace",
        ),
        # the channel is not a target; a place as where is not an actor
        (f"Ann Lee told CNN: {L}We are ready for the vote.{R}", "ready", "CNN"),
        (f"{L}A bomb went off in Tulsa last night,{R} said Ann Lee.", "bomb", "Tulsa"),
    ],
)
def test_never_about(text: str, word: str, absent: str) -> None:
    assert absent not in {ref.name for ref in the_quote(text, word).about}


def test_each_entry_carries_how_and_where() -> None:
    text = (
        "Finance Minister Anna Kowal published new figures. "
        f"{L}Nobody believes her numbers,{R} said Piotr Zielinski."
    )
    q = the_quote(text, "numbers")
    ref = next(r for r in q.about if r.name == "Anna Kowal")
    assert isinstance(ref, AboutRef) and ref.how == "pronoun"
    assert ref.mention is not None and text[ref.mention.start : ref.mention.end] == "her"
    entry = next(a for a in q.to_dict()["about_mentions"] if a["name"] == "Anna Kowal")
    assert entry == {
        "name": "Anna Kowal",
        "kind": "person",
        "how": "pronoun",
        "text": "her",
        "start": ref.mention.start,
        "end": ref.mention.end,
    }
    assert q.to_dict()["about"] == [r.name for r in q.about]
