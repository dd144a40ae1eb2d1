"""Reported speech: the object of "tweet" and "emphasize" is what was said
("tweeted a warning", "emphasized the cost"), as the train gold has it; the object of
"claim" is not ("claimed victory", "claimed responsibility": winning, not saying); negated,
planned and hypothetical uses, and a pronoun as object, stay refused.

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
            "Mayor Tom Ruiz tweeted a warning about the flooded roads.",
            "a warning about the flooded roads",
            "Tom Ruiz",
        ),
        (
            "Governor Ann Lee emphasized the cost of the new bridge.",
            "the cost of the new bridge",
            "Ann Lee",
        ),
        # the clause still comes first when there is one
        (
            "Mayor Tom Ruiz tweeted that the flooded roads would stay closed.",
            "the flooded roads would stay closed",
            "Tom Ruiz",
        ),
    ],
)
def test_object_statement(text: str, content: str, speaker: str) -> None:
    assert one_statement(text, content, speaker).kind == "indirect"


@pytest.mark.parametrize(
    "text",
    [
        # "claim" takes a clause or an infinitive, not an object
        "Senator Ann Lee claimed victory in the county race.",
        "The militant group claimed responsibility for the attack on the bridge.",
        "Mayor Tom Ruiz did not tweet a warning about the flooded roads.",
        "Mayor Tom Ruiz would tweet a warning about the flooded roads.",
        "Mayor Tom Ruiz wants to tweet a warning about the flooded roads.",
        "Mayor Tom Ruiz never tweeted a warning about the flooded roads.",
        "Governor Ann Lee refused to emphasize the cost of the new bridge.",
        # a pronoun as object names no statement
        "Mayor Tom Ruiz tweeted it on Monday.",
        # the narrator's own voice
        "We tweeted a warning about the flooded roads.",
    ],
)
def test_not_an_object_statement(text: str) -> None:
    assert reported(text) == []
