"""Speakers named by surname, and documents that speak, on small made-up texts with the
negative cases beside each pattern.

- a surname looked up without a generational suffix ("Harold Ford Jr." is the "Ford" who
  speaks, not the company; "Henry Ford II" has the surname "ford");
- a surname the recognizer typed as a place is a mention of the person where a person stands
  (the subject: "Israel said ..."), not after a preposition ("flew to Israel");
- a document that speaks ("the report said") is its author: named with it ("the report by
  ..."), or the subject that released it a few sentences before ("Acme released a report"),
  a person or an organization as the article has them, never a person who only stands near.
"""

from __future__ import annotations

import pytest

from quotes.nlp.extract import extract
from quotes.text.names import fold, surname

L, R = "\u201c", "\u201d"


def _speaker(text: str) -> tuple[str | None, str | None]:
    quote = [q for q in extract(text) if q.kind == "direct"][-1]
    return (quote.speaker.name, quote.speaker.kind) if quote.speaker else (None, None)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Harold Ford Jr.", "ford"),
        ("Tom Brady Sr", "brady"),
        ("Henry Ford II", "ford"),
        ("Ann Gray III", "gray"),
        ("John Doe IV", "doe"),
        # negatives: a suffix only as a whole last word, and never the whole name
        ("Ann Ivy", "ivy"),
        ("Jr", None),  # (folded as any word is)
        ("Dan Israel", "israel"),
    ],
)
def test_surname_leaves_out_generational_suffix(name: str, expected: str | None) -> None:
    assert surname(name) == (expected if expected is not None else fold(name))


@pytest.mark.parametrize(
    "text, name, kind",
    [
        (f"Harold Ford Jr. spoke in the city. {L}We shall win,{R} Ford said.",
         "Harold Ford Jr", "person"),
        (f"Tom Brady Sr. watched from the stands. {L}I am proud,{R} Brady said.",
         "Tom Brady Sr", "person"),
        # negative: nobody is named Ford, the company stays the company
        (f"Tom Hall spoke in the city. {L}We shall win,{R} Ford said.", "Ford", "organization"),
    ],
)  # fmt: skip
def test_suffixed_name_keeps_its_surname(text: str, name: str, kind: str) -> None:
    assert _speaker(text) == (name, kind)


@pytest.mark.parametrize(
    "text, name",
    [
        # the surname typed as a place stands as a subject: it is the person's mention
        (f"Dan Israel runs the lab. Tom Hall joined in May. Israel said the test had failed. "
         f"{L}We will try again,{R} he said.", "Dan Israel"),
        (f"Paul Houston coaches the team. Mark Reed joined him in June. Houston told reporters "
         f"the season was long. {L}We are tired,{R} he said.", "Paul Houston"),
        # negatives: after a preposition it is the place
        (f"Dan Israel runs the lab. Tom Hall flew to Israel in May. {L}We will try again,{R} "
         f"he said.", "Tom Hall"),
        (f"Paul Houston coaches the team. Mark Reed moved to Houston in June. {L}We are "
         f"tired,{R} he said.", "Mark Reed"),
    ],
)  # fmt: skip
def test_surname_typed_as_place_is_a_mention(text: str, name: str) -> None:
    assert _speaker(text)[0] == name


@pytest.mark.parametrize(
    "text, name, kind",
    [
        (f"Acme Research released figures on Tuesday. Tom Hall wrote a report. {L}Pay has not "
         f"kept up,{R} the report said.", "Tom Hall", "person"),
        (f"Acme Research released a report on Tuesday about wages. {L}Pay has not kept up,{R} "
         f"the report said.", "Acme Research", "organization"),
        (f"Senator Ann Lee issued a statement after the vote. Tom Hall was not there. {L}This "
         f"is a sad day,{R} the statement said.", "Ann Lee", "person"),
        # negatives: nobody is named behind the document; who receives or reads it
        (f"The report was published on Tuesday. {L}Pay has not kept up,{R} the report said.",
         None, None),
        (f"Acme Research sent a report to Tom Hall on Monday. {L}Pay has not kept up,{R} "
         f"the report said.", "Acme Research", "organization"),
        (f"Tom Hall read a report by Acme Research on Monday. {L}Pay has not kept up,{R} "
         f"the report said.", "Acme Research", "organization"),
    ],
)  # fmt: skip
def test_document_speaks_for_its_author(text: str, name: str | None, kind: str | None) -> None:
    assert _speaker(text) == (name, kind)
