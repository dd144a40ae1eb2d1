"""Speakers by description, shared surname, label and document, on small made-up texts,
with the negative cases beside each pattern.

- a definite description of a role the article gave nobody ("the minority leader", "the
  investor") takes up the person named just before it, as a coreference heuristic would;
  never an unnamed source's noun ("the official"), a noun the article introduced for someone
  unnamed ("a fashion designer ... the designer"), a person of the other gender, or the
  person named inside the description ("Hall's former strategist");
- a bare surname two people share is the one the article named most, not the one named
  last in passing ("Ted Cruz ... a photo of Heidi Cruz ... Cruz said");
- a transcript label is a name whatever the recognizer typed it ("WALLACE: Governor, ...");
- a document of an organization speaks under the name the article gave it ("the IMF report"
  after "the International Monetary Fund (IMF)");
- a speaker's "he"/"she" takes, in the antecedent's sentence, the subject who speaks there
  before the subject of the clause reported ("Cruz won the crowds, Stovall said").
"""

from __future__ import annotations

import pytest
from extraction_helpers import speaker_by_the_rules

from quotes.nlp.attribution import attribute
from quotes.nlp.pipeline import load_pipeline
from quotes.text.lexicon import default_lexicon
from quotes.text.marks import find_quotes

L, R = "\u201c", "\u201d"


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"Harry Reid spoke to reporters on Monday. Reid would not say whether he backed the "
         f"plan. {L}We will see,{R} the minority leader said.", ("Harry Reid", "person")),
        (f"Mark Cuban attacked the senator on Friday. {L}He has no friends in the Senate,{R} "
         f"the investor said.", ("Mark Cuban", "person")),
        (f"Tom Hall met the voters in Ohio. {L}The race is close,{R} the candidate said.",
         ("Tom Hall", "person")),
        # negatives: an unnamed source's noun keeps its own chain
        (f"Tom Hall met the voters in Ohio. {L}The race is close,{R} the official said.",
         ("official", "anonymous")),
        # a noun the article gave someone unnamed before
        (f"A fashion designer met Tom Hall in May. Hall spoke for an hour. {L}It is hard,{R} "
         f"the designer said.", ("designer", "anonymous")),
        # the person named inside the description is not the one described
        (f"Tom Hall spoke in Ohio on Monday. {L}It was outrageous,{R} Hall's former strategist "
         f"said.", ("Hall's former strategist", "anonymous")),
        # a relation of someone named is someone else than the person named before
        (f"Tom Hall met Ann Lee on Monday. {L}She will not testify,{R} Lee's lawyer said.",
         None),
    ],
)  # fmt: skip
def test_definite_description_takes_up_the_person_named_before(
    text: str, expected: tuple[str, str] | None
) -> None:
    if expected is None:  # anyone but the people named before
        assert speaker_by_the_rules(text)[0] not in ("Tom Hall", "Ann Lee")
    else:
        assert speaker_by_the_rules(text) == expected


@pytest.mark.parametrize(
    "text, name",
    [
        (f"Ted Cruz spoke in Iowa on Monday. Later Ted Cruz thanked the crowd. Trump also "
         f"retweeted a photo of Heidi Cruz. {L}I do not support people who attack my family,"
         f"{R} Cruz said in July.", "Ted Cruz"),
        # negative: the article is about her
        (f"Heidi Cruz spoke in Iowa on Monday. Later Heidi Cruz thanked the crowd. Trump also "
         f"retweeted a photo of Ted Cruz. {L}I do not support people who attack my family,"
         f"{R} Cruz said in July.", "Heidi Cruz"),
    ],
)  # fmt: skip
def test_shared_surname_is_the_one_named_most(text: str, name: str) -> None:
    assert speaker_by_the_rules(text)[0] == name


def test_transcript_label_is_a_name_whatever_its_type() -> None:
    text = (
        'Chris Wallace spoke to Mike Pence.\n\n"PENCE: Well, look, it is fine.\n\n'
        '"WALLACE: Let\u2019s start with breaking news. Governor Pence, thanks.\n\n'
        '"PENCE: Thanks, Chris.\n\n"WALLACE: Governor, I don\u2019t want to interrupt.'
    )
    doc = load_pipeline(None)(text, disable=["quote_attribution"])
    quotes = attribute(doc, find_quotes(doc.text), default_lexicon())
    speakers = [(q.speaker.name, q.speaker.kind) for q in quotes if q.speaker]
    assert speakers[-1] == ("Chris Wallace", "person")
    assert all(kind == "person" for _, kind in speakers)


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"The International Monetary Fund (IMF) cut its forecast on Tuesday. {L}The outlook "
         f"is unclear,{R} the IMF report stated.", ("International Monetary Fund", "organization")),
        # negative: an acronym the article never spelled out stays as it is
        (f"Markets fell on Tuesday. {L}The outlook is unclear,{R} the IMF report stated.",
         ("IMF", "organization")),
    ],
)  # fmt: skip
def test_document_of_an_organization_speaks_under_its_full_name(
    text: str, expected: tuple[str, str]
) -> None:
    assert speaker_by_the_rules(text) == expected


@pytest.mark.parametrize(
    "text, name",
    [
        (f"Robert Stovall runs the county party. Ted Cruz electrified the crowds, Stovall "
         f"said. {L}He was very articulate,{R} he said.", "Robert Stovall"),
        (f"Mark Jones teaches in Houston. Ted Cruz is gaining momentum, Jones said. {L}He is "
         f"building his base,{R} he said.", "Mark Jones"),
        # negative: nobody speaks in the sentence, the leftmost subject stays the antecedent
        (f"Robert Stovall runs the county party. Ted Cruz electrified the small crowds while "
         f"Stovall watched. {L}It was a good night,{R} he said.", "Ted Cruz"),
    ],
)  # fmt: skip
def test_speaking_subject_is_the_pronoun_antecedent(text: str, name: str) -> None:
    assert speaker_by_the_rules(text)[0] == name
