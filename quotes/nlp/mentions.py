"""What the speaker resolver knows about a mention: people, genders, roles, results.

Small helpers shared by :mod:`quotes.nlp.speakers`: the :class:`Person` records of an article, the
:class:`Resolved` result, a mention's role words ("foreign policy advisor"), and a person's
gender from an honorific, a gendered title, or the given name (gender-guesser's name table),
which "he"/"she" resolution needs.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache

import gender_guesser.detector
from spacy.tokens import Span, Token

from quotes.models import EntityRef, TextSpan
from quotes.text.lexicon import Lexicon

__all__ = [
    "ORG_LABELS",
    "PRONOUNS",
    "Person",
    "Resolved",
    "acronym",
    "description_gender",
    "GENDER_GUESS",
    "GENDER_NAME",
    "GENDER_NONE",
    "GENDER_TITLE",
    "gender_evidence",
    "gender_of",
    "gender_of_name",
    "name_gender_evidence",
    "role_tokens",
    "span_text",
]

PRONOUNS = {
    "he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f",
    "they": "p", "them": "p", "it": "n", "its": "n", "i": "1", "we": "1", "you": "2",
}  # fmt: skip
_FEMALE_WORDS = {
    "mrs", "mrs.", "ms", "ms.", "miss", "spokeswoman", "chairwoman", "congresswoman", "madame",
    "frau", "lady", "dame", "queen", "princess", "widow", "actress", "businesswoman",
    "councilwoman",
}  # fmt: skip
_MALE_WORDS = {
    "mr", "mr.", "monsieur", "herr", "sir", "lord", "king", "prince", "widower", "actor",
}  # fmt: skip
# Titles in "-man" that news also gives women ("Trump spokesman Hope Hicks"): they lean male
# only where the given name says nothing.
_GENERIC_MALE_WORDS = {"spokesman", "chairman", "congressman", "businessman", "councilman"}
ORG_LABELS = {"ORG", "NORP", "GPE", "FAC", "LOC"}
_ROLE_DEPS = {"compound", "amod", "nmod", "npadvmod", "nummod"}


@cache
def _gender_detector() -> gender_guesser.detector.Detector:
    return gender_guesser.detector.Detector(case_sensitive=False)


# How strong a person's gender evidence is: a gendered title or honorific next to the name,
# a given name the table is sure of, a given name it only leans on ("mostly_female" for
# "Bernie"), none. The article's own pronouns outweigh a weak guess (ArticleIndex).
GENDER_TITLE, GENDER_NAME, GENDER_GUESS, GENDER_NONE = 3, 2, 1, 0


def gender_evidence(ent: Span, head: Token, name: list[str]) -> tuple[str | None, int]:
    """ "m", "f" or None, and its strength: from an honorific or gendered title ("Mr.",
    "spokeswoman") next to the name, else from the given name (gender-guesser's table)."""
    near = [*ent, *head.lefts]
    if ent.start > 0:
        near.append(ent.doc[ent.start - 1])
    generic = False
    for t in near:
        word = t.text.lower()
        if word in _FEMALE_WORDS:
            return "f", GENDER_TITLE
        if word in _MALE_WORDS:
            return "m", GENDER_TITLE
        generic = generic or word in _GENERIC_MALE_WORDS
    gender, strength = name_gender_evidence(name)
    if generic and gender is None:
        return "m", GENDER_GUESS  # "spokesman Lee": a guess the article's pronouns outweigh
    return gender, strength


def description_gender(word: str) -> str | None:
    """The gender a description's noun says: "spokeswoman" f, "spokesman" m (as news
    mostly uses it), "official" nothing."""
    word = word.lower()
    if word in _FEMALE_WORDS:
        return "f"
    if word in _MALE_WORDS or word in _GENERIC_MALE_WORDS:
        return "m"
    return None


def gender_of(ent: Span, head: Token, name: list[str]) -> str | None:
    """The gender :func:`gender_evidence` gives, without its strength."""
    return gender_evidence(ent, head, name)[0]


def name_gender_evidence(name: list[str]) -> tuple[str | None, int]:
    """The gender gender-guesser's table gives the first given name it knows, and whether
    the table is sure (``GENDER_NAME``) or leans (``GENDER_GUESS``). A lone word is taken
    for a surname and tells nothing ("Clinton")."""
    for word in name[:-1]:
        guess = _gender_detector().get_gender(word.capitalize())
        if guess in ("male", "female"):
            return guess[0], GENDER_NAME
        if guess in ("mostly_male", "mostly_female"):
            return guess[7], GENDER_GUESS
    return None, GENDER_NONE


def gender_of_name(name: list[str]) -> str | None:
    """The gender :func:`name_gender_evidence` gives, without its strength."""
    return name_gender_evidence(name)[0]


def acronym(name: str) -> str:
    """ "International Monetary Fund" -> "IMF" (small words skipped)."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


@dataclass
class Person:
    """One person of the article under their fullest name."""

    name: str
    aliases: set[str] = field(default_factory=set)
    roles: list[str] = field(default_factory=list)
    gender: str | None = None
    gender_strength: int = 0  # GENDER_TITLE ... GENDER_NONE: what ``gender`` rests on
    # (token index, is subject), outside quotes only, kept sorted: a lookup near a token is
    # a bisection, not a walk of every mention (a long article names its people thousands
    # of times, and every quote asks)
    mentions: list[tuple[int, bool]] = field(default_factory=list)

    def last_before(self, i: int) -> int:
        """The token index of the latest mention before token ``i``; -1 without one."""
        k = bisect_left(self.mentions, (i,))
        return self.mentions[k - 1][0] if k else -1

    def count_before(self, i: int) -> int:
        """How many mentions stand before token ``i``."""
        return bisect_left(self.mentions, (i,))

    def mentioned_at(self, i: int) -> bool:
        k = bisect_left(self.mentions, (i,))
        return k < len(self.mentions) and self.mentions[k][0] == i

    def ref(self) -> EntityRef:
        return EntityRef(self.name, "person", tuple(sorted(self.aliases - {self.name})))


@dataclass(frozen=True)
class Resolved:
    """What a mention resolved to."""

    entity: EntityRef | None
    role: str | None = None
    affiliation: str | None = None
    mention: TextSpan | None = None
    confidence: float = 1.0


def role_tokens(head: Token, name_span: Span | None, lexicon: Lexicon) -> list[Token]:
    """Title and description words before a name ("foreign policy advisor"), or the noun
    phrase it stands in apposition to ("the Ukrainian President, Volodymyr Zelensky"), or an
    apposition after it ("State Secretary for Europe"); without determiners, possessors or
    honorifics."""
    start = name_span.start if name_span is not None else head.i
    skip = ("det", "poss", "case", "punct")
    tokens: list[Token] = []
    for t in head.lefts:
        if t.dep_ in _ROLE_DEPS and t.i < start:
            tokens.extend(
                s for s in t.subtree
                if s.dep_ not in skip and s.i < start and not _under_possessor(s, t)
            )  # fmt: skip
    if not tokens:  # a title chained to the given name ("Commission President Ursula ...")
        i = start - 1
        while i >= 0 and head.doc[i].dep_ in _ROLE_DEPS and i < head.doc[i].head.i <= head.i:
            i -= 1
        tokens = [t for t in head.doc[i + 1 : start] if t.dep_ not in skip]
    if not tokens and head.dep_ == "appos" and head.head.pos_ in ("NOUN", "PROPN"):
        boss = head.head  # "the head of Russian diplomacy, Sergey Lavrov"
        if boss.ent_type_ != "PERSON":
            tokens = [
                s for s in boss.subtree
                if s.i < head.left_edge.i and not s.is_punct and s.dep_ not in skip
                and not _under_possessor(s, boss)
            ]  # fmt: skip
    if not tokens:
        for child in head.rights:
            if child.dep_ == "appos" and child.pos_ in ("NOUN", "PROPN"):
                tokens = [s for s in child.subtree if s.dep_ not in ("det", "punct", "relcl")]
                break
    # "MR. SMITH": the honorific's full stop, split off upper case, is no role either
    tokens = [t for t in tokens if t.lower_ not in lexicon.honorifics and not t.is_punct]
    return sorted(set(tokens), key=lambda t: t.i)


def _under_possessor(token: Token, top: Token) -> bool:
    """Whether ``token`` sits in a possessor below ``top`` ("Putin's" in "Putin's adviser")."""
    while token != top:
        if token.dep_ in ("poss", "case"):
            return True
        token = token.head
    return False


def span_text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text
