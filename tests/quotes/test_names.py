"""Spelling variants of one name meet; different people stay apart."""

from __future__ import annotations

import pytest

from quotes.text.names import clean_name, fold, resolve_alias, same_name


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("Peskov", "Peskow", True),
        ("Dmitri Peskow", "Dmitry Peskov", True),
        ("Putin", "Poutin", True),
        ("Vladimir Putin", "Vladimir Poutin", True),
        ("Zelensky", "Selenskyj", True),
        ("Volodymyr Zelenskyy", "Volodymyr Selenskyj", True),
        ("Sergey Lavrov", "Sergei Lawrow", True),
        ("Psaki", "Jen Psaki", True),
        ("Mr. Biden", "Joe Biden", True),
        ("O'Neill", "James O\u2019Neill", True),
        ("Ryabkov", "Riabkov", True),
        # negative cases
        ("Bill Clinton", "Hillary Clinton", False),
        ("Trump", "Truman", False),
        ("Smith", "Schmidt", False),
        ("Kim", "Kimm", False),
        ("Joe Biden", "Jane Biden", False),
    ],
)
def test_same_name(a: str, b: str, expected: bool) -> None:
    assert same_name(a, b) is expected
    assert same_name(b, a) is expected


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Mr. Biden", "Biden"),
        ("the White House", "White House"),
        ("Putin\u2019s", "Putin"),
        ("Dr. Jill Biden", "Jill Biden"),
        # a dash glued to a name by the text around it ("-Donald Trump", "Peskov—")
        ("-Donald Trump", "Donald Trump"),
        ("—Dmitry Peskov–", "Dmitry Peskov"),
        # a hyphen inside a name stays
        ("Ban Ki-moon", "Ban Ki-moon"),
        ("Jean-Yves Le Drian", "Jean-Yves Le Drian"),
    ],
)
def test_clean_name(name: str, expected: str) -> None:
    assert clean_name(name) == expected


@pytest.mark.parametrize(
    "alias, expected",
    [("US", "United States"), ("the U.S.", "United States"), ("Kiev", "Kyiv"), ("Paris", "Paris")],
)
def test_aliases_table(alias: str, expected: str) -> None:
    assert resolve_alias(alias) == expected


def test_fold_is_ascii_and_folds_transliterations() -> None:
    assert fold("Selenskyj") == fold("Zelenskyy")
    assert fold("Peskow") == fold("Peskov")
    assert fold("Gonzàlez").isascii()
