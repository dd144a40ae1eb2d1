"""Speakers: patterns that hold on news the rules were not tuned on.

Each pattern on small made-up texts, with the negative cases beside it: a person's gender
read from the article's own pronouns when the name table only guesses it; one member of a
group ("a New Hampshire Republican") as an unnamed person, never the party; an unnamed
source keeping what the article says of it ("a spokesman for committee Democrats");
transcript labels with an honorific ("MR. SMITH:") on the line before the quote.
"""

from __future__ import annotations

import pytest

from quotes import extract
from quotes.models import Quote
from quotes.nlp.pipeline import load_pipeline
from quotes.nlp.speakers import ArticleIndex
from quotes.text.lexicon import default_lexicon
from quotes.text.marks import find_quotes

L, R = "\u201c", "\u201d"


def _quotes(text: str) -> list[Quote]:
    return [q for q in extract(text) if q.kind == "direct"]


def _last(text: str) -> Quote:
    return _quotes(text)[-1]


def _genders(text: str) -> dict[str, str | None]:
    doc = load_pipeline()(text, disable=["quote_attribution"])
    in_quote = [False] * len(doc)
    for span in find_quotes(text):
        for t in doc.char_span(span.outer_start, span.outer_end, alignment_mode="expand") or []:
            in_quote[t.i] = True
    index = ArticleIndex(doc, in_quote, default_lexicon())
    return {p.name: p.gender for p in index.people}


# "Bernie" and "Marty" are given names the table only leans on ("mostly female", "mostly
# male"); "Susan" and "Tom" it is sure of; "Ms." is a title.
@pytest.mark.parametrize(
    "text, name, gender",
    [
        # the article's pronouns correct a guess
        ("Bernie Lund met Ann Berg. Lund said his plan would work and he would stay.",
         "Bernie Lund", "m"),
        ("Marty Walz met Tom Hall. Walz disagreed. She said her plan would fail.",
         "Marty Walz", "f"),
        # one vote is not enough: a lone pronoun is as often someone else's
        ("Bernie Lund met Ann Berg. Lund said his plan would work.", "Bernie Lund", "f"),
        # no pronoun, or a pronoun that two people named in the sentence could take: the guess
        ("Bernie Lund met Ann Berg on Monday.", "Bernie Lund", "f"),
        ("Bernie Lund and Tom Hall said his plan would work.", "Bernie Lund", "f"),
        # pronouns never overrule a given name the table is sure of
        ("Susan Lee met Ann Berg. Lee said his plan would work.", "Susan Lee", "f"),
        ("Susan Lee arrived. Lee said his plan worked and his team won.", "Susan Lee", "f"),
        # an object pronoun is someone else ("Lund called her"), and so is a pronoun after
        # a sentence whose one person is no subject
        ("Bernie Lund arrived. Lund called him and thanked him.", "Bernie Lund", "f"),
        ("Ann Berg praised Bernie Lund. He said it would work.", "Bernie Lund", "f"),
        # pronouns that disagree decide nothing
        ("Marty Walz arrived. Walz said her plan and his plan differ.", "Marty Walz", "m"),
        # a title is never overruled
        ("Ms. Bernie Lund arrived. Lund said his plan would work and he would stay.",
         "Bernie Lund", "f"),
        # "spokesman" is given to women too: the given name decides, else it leans male
        ("Campaign spokesman Hope Lee arrived on Monday.", "Hope Lee", "f"),
        ("Campaign spokesman Tom Lee arrived on Monday.", "Tom Lee", "m"),
        ("Campaign spokesman Xu Wen arrived on Monday.", "Xu Wen", "m"),
        ("Campaign spokesman Xu Wen arrived. Wen said her team won and she stayed.",
         "Xu Wen", "f"),
        # a pronoun inside a quote is the speaker's, not the narrator's
        (f"Bernie Lund arrived. {L}He lied,{R} Lund said.", "Bernie Lund", "f"),
    ],
)  # fmt: skip
def test_gender_from_the_articles_own_pronouns(text: str, name: str, gender: str) -> None:
    assert _genders(text)[name] == gender


@pytest.mark.parametrize(
    "text, speaker",
    [
        # a guessed gender no longer hides the antecedent of "he"
        (f"Bernie Lund met Ann Berg. Lund said his plan would work and he would stay. "
         f"{L}We will win,{R} he said.", "Bernie Lund"),
        (f"Marty Walz met Tom Hall. Walz disagreed. She said her plan would fail. "
         f"{L}We will lose,{R} she said.", "Marty Walz"),
        # negative: the sure gender of another person still rules her out
        (f"Bernie Lund met Ann Berg. Berg said her plan would work. {L}We will win,{R} she said.",
         "Ann Berg"),
    ],
)  # fmt: skip
def test_a_pronoun_finds_a_person_whose_name_misled_the_table(text: str, speaker: str) -> None:
    q = _last(text)
    assert q.speaker is not None and q.speaker.name == speaker


@pytest.mark.parametrize(
    "text, name, kind",
    [
        (f"Tom Hall leads. {L}He will win,{R} said a New Hampshire Republican.",
         "New Hampshire Republican", "anonymous"),
        (f"Tom Hall leads. {L}He will win,{R} added another Iowa Democrat.",
         "Iowa Democrat", "anonymous"),
        # negatives: the party itself, and a named member of it
        (f"Tom Hall leads. {L}He will win,{R} said the Republicans.",
         "Republican Party", "organization"),
        (f"Ann Berg leads. {L}She will win,{R} said Republican Tom Hall.", "Tom Hall", "person"),
    ],
)  # fmt: skip
def test_one_member_of_a_group_is_an_unnamed_person(text: str, name: str, kind: str) -> None:
    q = _last(text)
    assert q.speaker is not None
    assert (q.speaker.name, q.speaker.kind) == (name, kind)


@pytest.mark.parametrize(
    "text, name",
    [
        (f"Tom Hall leads. {L}He will win,{R} says a source involved in the campaign.",
         "source involved in the campaign"),
        (f"Tom Hall leads. {L}He will win,{R} said an aide to the governor.",
         "aide to the governor"),
        (f"Tom Hall leads. {L}He will win,{R} said an official familiar with the talks.",
         "official familiar with the talks"),
        # negative: what follows is no qualifier of the source
        (f"Tom Hall leads. {L}He will win,{R} said an official on Monday.", "official"),
    ],
)  # fmt: skip
def test_an_unnamed_source_keeps_what_says_whose_it_is(text: str, name: str) -> None:
    q = _last(text)
    assert q.speaker is not None and q.speaker.kind == "anonymous"
    assert q.speaker.name == name


@pytest.mark.parametrize(
    "text, speakers",
    [
        (f"MR. SMITH: {L}I was there.{R}\nMS. JONES: {L}I was not.{R}", ["Smith", "Jones"]),
        (f"SEN. ANN LEE: {L}We agree.{R}\nTOM HALL: {L}We do not.{R}", ["Ann Lee", "Tom Hall"]),
        # the label inside the quote, as before
        (f"{L}PENCE: Well, look, we won.{R}", ["Pence"]),
        # negatives: a heading is nobody's turn; a label is not taken from a line before
        (f"UPDATE: {L}We are closed,{R} the company said.", ["company"]),
        (f"MR. SMITH: left early.\n{L}We are closed,{R} said Ann Berg.", ["Ann Berg"]),
    ],
)  # fmt: skip
def test_transcript_labels(text: str, speakers: list[str]) -> None:
    found = [q.speaker.name if q.speaker else None for q in _quotes(text)]
    assert found == speakers


def test_a_transcript_label_gives_no_punctuation_as_role() -> None:
    q = _quotes(f"MR. SMITH: {L}I was there.{R}")[0]
    assert q.role is None
