"""Whom a quote is about: names given only in part.

Made-up texts only. Each table pairs the case a rule must get right with a negative case it
must leave alone (two people of the same first name, a country that is also a first name).
"""

from __future__ import annotations

from typing import Any

import pytest
from extraction_helpers import about_names, check_names

L, R = "\u201c", "\u201d"


@pytest.mark.parametrize(
    "text, word, present, absent",
    [
        # a first name alone is the one person the article names in full by it
        (
            "Nadia Kowalczyk chairs the port board. "
            f"{L}Nadia never listens to the dockers,{R} said Tom Hart, a union steward.",
            "never listens",
            "Nadia Kowalczyk",
            ("Nadia",),
        ),
        # the full name given inside another quote counts too
        (
            f"{L}We asked Gregor Lindqvist for the figures,{R} said Ann Lee, the treasurer. "
            f"{L}Gregor sent nothing,{R} she added.",
            "sent nothing",
            "Gregor Lindqvist",
            ("Gregor",),
        ),
        # two people of that first name: nobody in particular
        (
            "Bill Carter and Bill Moran run rival firms in the valley. "
            f"{L}Bill will never sign the deal,{R} said Ann Lee, a rival.",
            "never sign",
            None,
            ("Bill Carter", "Bill Moran"),
        ),
        # a country is no person's first name ("Georgia" beside Georgia Mills)
        (
            "Georgia Mills spoke at the rally on Monday. "
            f"{L}Georgia must stand up to Moscow,{R} said Ann Lee, an analyst.",
            "stand up",
            "Georgia",
            ("Georgia Mills",),
        ),
        # nor is an organization's name of several words ("Ortiz Group" beside Sam Ortiz)
        (
            "Sam Ortiz founded the Ortiz Group. "
            f"{L}Ortiz Group broke the law,{R} said Ann Lee, a regulator.",
            "broke the law",
            "Ortiz Group",
            ("Sam Ortiz",),
        ),
    ],
)
def test_names_in_part(text: str, word: str, present: str | None, absent: tuple[str, ...]) -> None:
    check_names(about_names(text, word), present, absent)


@pytest.mark.parametrize(
    "phrase, present",
    [
        # a phrase the index took for a name ("pro-Kowalczyk") is nobody's pronoun: the woman
        # the article names most is
        ("pro-Kowalczyk", "Nadia Kowalczyk"),
        # a name written as one is kept
        ("Nadia Kowalczyk", "Nadia Kowalczyk"),
    ],
)
def test_pronoun_not_a_phrase(monkeypatch: pytest.MonkeyPatch, phrase: str, present: str) -> None:
    from quotes.models import EntityRef
    from quotes.nlp.mentions import Resolved
    from quotes.nlp.speakers import ArticleIndex

    real = ArticleIndex.resolve

    def resolve(self: ArticleIndex, token: Any, *args: Any, **kwargs: Any) -> Resolved:
        if getattr(token, "text", None) == "She":  # the resolver's answer, made up
            return Resolved(EntityRef(phrase, "person"))
        return real(self, token, *args, **kwargs)

    monkeypatch.setattr(ArticleIndex, "resolve", resolve)
    text = (
        "Nadia Kowalczyk chairs the port board. "
        f"{L}She never gives up,{R} said Tom Hart, an organizer."
    )
    names = about_names(text, "never gives up")
    assert present in names and "pro-Kowalczyk" not in names, names


@pytest.mark.parametrize(
    "text, word, present, absent",
    [
        # "this man" points at the man the article is about, as "he" would
        (
            "Viktor Sokol wants to be governor. Sokol spoke in Lodz on Monday. "
            f"{L}This man cannot be trusted with the budget,{R} said Ann Lee, a rival.",
            "cannot be trusted",
            "Viktor Sokol",
            ("Ann Lee",),
        ),
        # "that woman", with a woman named in the quote before it
        (
            "Tom Hart runs the council. "
            f"{L}Nadia Kowalczyk lied, and that woman must resign,{R} said Tom Hart.",
            "must resign",
            "Nadia Kowalczyk",
            ("Tom Hart",),
        ),
        # no demonstrative: a man, nobody in particular
        (
            "Viktor Sokol wants to be governor. Sokol spoke in Lodz on Monday. "
            f"{L}A man came to the door with a petition,{R} said Ann Lee, a clerk.",
            "came to the door",
            None,
            ("Viktor Sokol",),
        ),
        # the speaker is the only man: nobody
        (
            f"{L}This man will not quit the race,{R} said Viktor Sokol, pointing at himself.",
            "not quit",
            None,
            ("Viktor Sokol",),
        ),
    ],
)
def test_this_man(text: str, word: str, present: str | None, absent: tuple[str, ...]) -> None:
    check_names(about_names(text, word), present, absent)


_RALLY = "Donald Trump held a rally in Ohio on Monday. Ann Lee, a teacher, watched it. "


@pytest.mark.parametrize(
    "text, word, present, absent",
    [
        # a surname the tagger takes for a common noun (and the recognizer for an
        # organization) is the person the article names in full
        (_RALLY + f"{L}Trump will cut the budget,{R} she said.", "cut the budget",
         "Donald Trump", ()),
        (_RALLY + f"{L}Trump is already making our schools less safe,{R} she said.",
         "less safe", "Donald Trump", ()),
        # a noun modifying another is not the person
        (f"Ann Lee spoke to Tom Rose. {L}Rose gardens need care,{R} she said.", "gardens",
         None, ("Tom Rose",)),
        # nobody in the article by that surname: nobody
        (f"Ann Lee watched the rally. {L}Trump will cut the budget,{R} she said.",
         "cut the budget", None, ("Donald Trump",)),
    ],
)  # fmt: skip
def test_a_surname_taken_for_a_noun(
    text: str, word: str, present: str | None, absent: tuple[str, ...]
) -> None:
    check_names(about_names(text, word), present, absent)
