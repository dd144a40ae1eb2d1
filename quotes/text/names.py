"""Names: cleaning them, and deciding when two spellings name the same entity.

The same person reaches us as "Peskov", "Peskow" and "Dmitri Peskow": transliterations of one
Cyrillic name into English, German and French, with and without the given name. Two names
match when their surnames agree after transliteration to ASCII (anyascii) and the spelling
folds of ``data/lexicon/transliteration.tsv``, or sound alike (jellyfish's metaphone) and are
close in spelling (rapidfuzz's Jaro-Winkler); and their given names, when both have one, are
compatible. Abbreviations, nicknames and former names are in the aliases table.
"""

from __future__ import annotations

import re
from functools import lru_cache

import jellyfish
from anyascii import anyascii
from rapidfuzz.distance import JaroWinkler

from quotes.text.lexicon import Lexicon, default_lexicon

__all__ = [
    "blocking_key",
    "clean_name",
    "fold",
    "name_tokens",
    "resolve_alias",
    "same_name",
    "surname",
    "surname_key",
]

_GENERATIONAL = {"jr", "sr", "ii", "iii", "iv"}
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")  # keeps O'Neill whole
_POSSESSIVE = re.compile(r"['\u2019]s?$")
# Surnames that differ only past these thresholds are different people:
# "Peskov"/"Peskow" fold to one key; "Clinton"/"Clanton" do not sound alike enough.
_SURNAME_SIMILARITY = 0.9
_GIVEN_SIMILARITY = 0.85


def clean_name(name: str, lexicon: Lexicon | None = None) -> str:
    """The name without a leading article, honorifics, possessive 's or surrounding marks
    and dashes ("-Donald Trump" glued to the dash before it)."""
    lexicon = lexicon or default_lexicon()
    words = name.replace("\u2019", "'").split()
    skip = 0  # an index, not words[1:] in a loop: "the the the ..." stays linear
    while skip < len(words) and (
        words[skip].lower() in ("the", "a", "an") or words[skip].lower() in lexicon.honorifics
    ):
        skip += 1
    words = _one_unit(words[skip:])
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1])
    name = " ".join(words).strip(" ,;:\"'-\u2013\u2014")
    if name.endswith(".") and "." not in name.split()[-1][:-1]:
        name = name[:-1]  # a full stop, not the end of an abbreviation ("U.S.")
    return name


def _one_unit(words: list[str]) -> list[str]:
    """``words`` without repetition: "Putin Putin Putin" is Putin, "Vladimir Putin Vladimir
    Putin" is Vladimir Putin. The recognizer glues a name said over and over into one
    entity; no real name is a shorter name several times over, but for one word twice
    ("Sirhan Sirhan"), which is kept."""
    n = len(words)
    for period in range(1, n // 2 + 1):
        if period == 1 and n == 2:
            continue
        if n % period == 0 and all(words[i] == words[i - period] for i in range(period, n)):
            return words[:period]
    return words


@lru_cache(maxsize=65536)
def _fold_word(word: str, folds: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    for pattern, replacement in folds:
        word = pattern.sub(replacement, word)
    return word


def fold(name: str, lexicon: Lexicon | None = None) -> str:
    """ASCII, lower case, transliteration-folded: "Selenskyj" and "Zelenskyy" give one key."""
    lexicon = lexicon or default_lexicon()
    words = _WORD.findall(anyascii(name).lower())
    return " ".join(_fold_word(w, lexicon.folds) for w in words)


def name_tokens(name: str, lexicon: Lexicon | None = None) -> list[str]:
    """Lower-case ASCII words of a person's name, without titles, initials or "Jr"."""
    lexicon = lexicon or default_lexicon()
    words = _WORD.findall(anyascii(clean_name(name, lexicon)).lower())
    words = [w for w in words if w not in lexicon.honorifics and w not in lexicon.role_words]
    while len(words) > 1 and words[-1] in _GENERATIONAL:
        words.pop()
    if len(words) > 2:
        words = [words[0]] + [w for w in words[1:-1] if len(w) > 1] + [words[-1]]
    return words


def surname(name: str, lexicon: Lexicon | None = None) -> str:
    """The folded surname of a person's name: its last word, a generational suffix left
    out ("Martin Luther King Jr." is "king", "Henry Ford II" is "ford")."""
    lexicon = lexicon or default_lexicon()
    words = _WORD.findall(anyascii(name).lower())  # the suffix read before folding ("jr")
    while len(words) > 1 and words[-1] in _GENERATIONAL:
        words.pop()
    return _fold_word(words[-1], lexicon.folds) if words else ""


def surname_key(name: str, lexicon: Lexicon | None = None) -> str:
    """A blocking key for candidate matches: the metaphone of the folded surname."""
    lexicon = lexicon or default_lexicon()
    words = name_tokens(name, lexicon)
    if not words:
        return ""
    return jellyfish.metaphone(_fold_word(words[-1], lexicon.folds)) or words[-1]


def blocking_key(name: str, lexicon: Lexicon | None = None) -> str:
    """A key that two names :func:`same_name` accepts always share (the metaphone of the
    folded surname, or the folded surname when it has none): look-ups compare a name with
    the names under its key only."""
    lexicon = lexicon or default_lexicon()
    words = name_tokens(name, lexicon)
    if not words:
        return ""
    folded = _fold_word(words[-1], lexicon.folds)
    return jellyfish.metaphone(folded) or folded


def _same_word(
    a: str, b: str, folds: tuple[tuple[re.Pattern[str], str], ...], threshold: float
) -> bool:
    if a == b:
        return True
    fa, fb = _fold_word(a, folds), _fold_word(b, folds)
    if fa == fb:
        return True
    if min(len(fa), len(fb)) < 4:
        return False
    return (
        jellyfish.metaphone(fa) == jellyfish.metaphone(fb)
        and JaroWinkler.similarity(fa, fb) >= threshold
    )


def _compatible_given(a: str, b: str, folds: tuple[tuple[re.Pattern[str], str], ...]) -> bool:
    if len(a) == 1 or len(b) == 1:  # an initial: "J. Psaki"
        return a[0] == b[0]
    return _same_word(a, b, folds, _GIVEN_SIMILARITY)


def same_name(a: str, b: str, lexicon: Lexicon | None = None) -> bool:
    """True when ``a`` and ``b`` can name the same person.

    "Psaki" ~ "Jen Psaki", "Peskow" ~ "Dmitry Peskov", "Poutin" ~ "Vladimir Putin";
    but "Bill Clinton" !~ "Hillary Clinton".
    """
    lexicon = lexicon or default_lexicon()
    ta, tb = (
        name_tokens(resolve_alias(a, lexicon), lexicon),
        name_tokens(resolve_alias(b, lexicon), lexicon),
    )
    if not ta or not tb:
        return False
    if not _same_word(ta[-1], tb[-1], lexicon.folds, _SURNAME_SIMILARITY):
        return False
    if len(ta) > 1 and len(tb) > 1:
        return _compatible_given(ta[0], tb[0], lexicon.folds)
    return True


def resolve_alias(name: str, lexicon: Lexicon | None = None) -> str:
    """The canonical name from the aliases table, or the cleaned name itself."""
    lexicon = lexicon or default_lexicon()
    cleaned = clean_name(name, lexicon)
    return lexicon.aliases.get(cleaned.lower(), cleaned)
