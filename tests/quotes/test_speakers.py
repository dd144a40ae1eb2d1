"""Speaker resolution: pronouns, descriptions, roles, anonymous sources, institutions."""

from __future__ import annotations

import pytest

from quotes import extract
from quotes.models import Quote


def only(text: str) -> Quote:
    quotes = extract(text)
    assert len(quotes) == 1, quotes
    return quotes[0]


@pytest.mark.parametrize(
    "text, name",
    [
        ("Senator Anna Berg arrived late.\n\n“The bill is dead,” she said.", "Anna Berg"),
        ("Mayor Tom Baker arrived late.\n\n“The bill is dead,” he said.", "Tom Baker"),
        # gender picks the right antecedent, not just the nearest one
        (
            "Anna Berg met Tom Baker in Rome. Berg left first.\n\n“It went well,” he said.",
            "Tom Baker",
        ),
        (
            "Russian President Vladimir Petrov met the press.\n\n"
            "“Sanctions are a mistake,” the Russian President said.",
            "Vladimir Petrov",
        ),
        (
            "Kremlin spokesman Dmitry Orlov spoke first.\n\n“Nothing changed,” the spokesman said.",
            "Dmitry Orlov",
        ),
        ("Jane Whitfield chairs the panel.\n\n“We are ready,” Whitfield said.", "Jane Whitfield"),
    ],
)
def test_resolved_to_the_person(text: str, name: str) -> None:
    q = only(text)
    assert q.speaker is not None and q.speaker.name == name
    assert q.speaker.kind == "person"


@pytest.mark.parametrize("pronoun", ["he", "she", "they", "it"])
def test_a_pronoun_is_never_a_speaker(pronoun: str) -> None:
    q = only(f"“Nothing will change at all,” {pronoun} said.")
    assert q.speaker is None or q.speaker.name.lower() != pronoun


def test_role_kept_apart_and_adviser_is_not_his_boss() -> None:
    q = only("“It would be a colossal mistake,” said Putin's foreign policy advisor Yuri Ushakov.")
    assert q.speaker is not None and q.speaker.name == "Yuri Ushakov"
    assert q.role == "foreign policy advisor"


def test_titles_are_not_part_of_the_name() -> None:
    q = only("“We will see,” said Mr. Tom Baker.")
    assert q.speaker is not None and q.speaker.name == "Tom Baker"


def test_anonymous_source_typed_by_its_organization() -> None:
    q = only("“We are in a permanent state of crisis,” said a senior White House official.")
    assert q.speaker is not None and q.speaker.kind == "anonymous"
    assert q.affiliation == "White House"
    assert "official" in q.speaker.name


@pytest.mark.parametrize("org", ["the White House", "the Kremlin"])
def test_institutions_are_organizations(org: str) -> None:
    # the reported "Talks will go on" and the quote both: the institution speaks in each
    quotes = extract(f"Talks will go on, {org} said, calling the call “serious and substantial”.")
    assert [q.kind for q in quotes] == ["indirect", "direct"]
    for q in quotes:
        assert q.speaker is not None and q.speaker.kind == "organization"
        assert q.speaker.name == org.removeprefix("the ")


def test_short_name_is_the_full_name_of_the_article() -> None:
    text = "Press secretary Jen Psaki briefed reporters.\n\n“Talks will go on,” said Psaki."
    assert only(text).speaker.name == "Jen Psaki"  # type: ignore[union-attr]


def test_about_uses_canonical_names() -> None:
    text = (
        "US President Joe Biden spoke on Monday.\n\n"
        "“President Biden will hit the Russian economy hard,” said Ana Ruiz."
    )
    about = {ref.name for ref in only(text).about}
    assert {"Joe Biden", "Russia"} <= about
    assert "Ana Ruiz" not in about


def test_shared_surname_is_told_apart_by_the_pronoun() -> None:
    text = (
        "Ted Cruz spoke after a photo of Heidi Cruz appeared online.\n\n"
        "Delegates asked how Cruz could break his pledge.\n\n"
        "“The day that was broken was the day this became personal,” he said."
    )
    assert only(text).speaker.name == "Ted Cruz"  # type: ignore[union-attr]


def test_inverted_said_at_a_sentence_start() -> None:
    text = "Tax expert Ryan Ellis was not convinced. Said Ellis: “I don't see any reform here.”"
    assert only(text).speaker.name == "Ryan Ellis"  # type: ignore[union-attr]


def test_anonymous_source_keeps_its_qualifier() -> None:
    q = only("“They are in a frenzy over nothing,” said one Democratic source on the panel.")
    assert q.speaker is not None and q.speaker.kind == "anonymous"
    assert q.speaker.name == "one Democratic source on the panel"


def test_name_with_particles_and_its_title() -> None:
    q = only("European Commission President Ursula von der Leyen said: “We stand with Ukraine.”")
    assert q.speaker is not None and q.speaker.name == "Ursula von der Leyen"
    assert q.role == "European Commission President"
