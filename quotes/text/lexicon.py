"""The word lists and tables the rules use, loaded once from ``data/lexicon``.

Reporting verbs, titles, demonyms, aliases and spelling folds are data, not code: a user can
read and extend them without touching a rule. Tables are plain text (one entry per line, or
tab-separated columns); ``#`` starts a comment. An installed wheel carries them as
``quotes/_lexicon``; a source checkout reads ``data/lexicon`` directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from quotes.errors import LexiconError

__all__ = ["Lexicon", "default_lexicon", "lexicon_dir"]


def lexicon_dir() -> Path:
    """The folder holding the tables: packaged copy first, then the source checkout."""
    here = Path(__file__).resolve().parents[1]  # the quotes package
    for candidate in (here / "_lexicon", here.parent / "data" / "lexicon"):
        if candidate.is_dir():
            return candidate
    raise LexiconError(f"no lexicon folder found next to {here}")


def _rows(path: Path, columns: int) -> Iterator[list[str]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise LexiconError(f"cannot read lexicon table {path}: {err}") from err
    for number, raw in enumerate(lines, start=1):
        line = raw.split("#", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split("\t")] if columns > 1 else [line.strip()]
        if len(cells) != columns or not all(cells):
            raise LexiconError(f"{path}:{number}: expected {columns} tab-separated columns")
        yield cells


REPORTED_COMPLEMENTS = frozenset({"clause", "object", "infinitive"})


def _reported_cues(path: Path) -> dict[str, frozenset[str]]:
    cues = {}
    for cue, forms in _rows(path, 2):
        complements = frozenset(f.strip() for f in forms.split(","))
        unknown = complements - REPORTED_COMPLEMENTS
        if unknown:
            raise LexiconError(
                f"{path}: {cue!r}: unknown complement {sorted(unknown)[0]!r}; "
                f"expected {', '.join(sorted(REPORTED_COMPLEMENTS))}"
            )
        cues[cue.lower()] = complements
    return cues


@dataclass(frozen=True)
class Lexicon:
    """Every table the rules consult. Keys are lower-cased."""

    cue_verbs: frozenset[str]
    honorifics: frozenset[str]
    role_words: frozenset[str]
    anonymous_heads: frozenset[str]
    organization_heads: frozenset[str]
    document_heads: frozenset[str]
    media_nouns: frozenset[str]
    demonyms: dict[str, str]
    aliases: dict[str, str]
    folds: tuple[tuple[re.Pattern[str], str], ...]
    # Speech verbs that introduce reported speech (quotes.nlp.reported), narrower than
    # cue_verbs, each with the complements that hold what was said ("clause", "object",
    # "infinitive").
    reported_cues: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path | None = None, extra_aliases: Path | None = None) -> Lexicon:
        """Read the tables from ``folder`` (default: :func:`lexicon_dir`).

        ``extra_aliases`` is a user's own aliases table; its lines win over the shipped ones.
        """
        folder = folder or lexicon_dir()
        titles = list(_rows(folder / "titles.tsv", 2))
        aliases = {alias.lower(): name for alias, name in _rows(folder / "aliases.tsv", 2)}
        if extra_aliases is not None:
            aliases.update({a.lower(): n for a, n in _rows(extra_aliases, 2)})
        folds = []
        for pattern, replacement in _rows(folder / "transliteration.tsv", 2):
            regex = pattern.replace("^", r"\b").replace("$", r"\b")
            folds.append((re.compile(regex), replacement))
        return cls(
            cue_verbs=frozenset(w.lower() for (w,) in _rows(folder / "cue_verbs.txt", 1)),
            honorifics=frozenset(w.lower() for w, kind in titles if kind == "honorific"),
            role_words=frozenset(w.lower() for w, kind in titles if kind == "role"),
            anonymous_heads=frozenset(
                w.lower() for (w,) in _rows(folder / "anonymous_heads.txt", 1)
            ),
            organization_heads=frozenset(
                w.lower() for (w,) in _rows(folder / "organization_heads.txt", 1)
            ),
            document_heads=frozenset(w.lower() for (w,) in _rows(folder / "document_heads.txt", 1)),
            media_nouns=frozenset(w.lower() for (w,) in _rows(folder / "media_nouns.txt", 1)),
            demonyms={d.lower(): place for d, place in _rows(folder / "demonyms.tsv", 2)},
            aliases=aliases,
            folds=tuple(folds),
            reported_cues=_reported_cues(folder / "reported_cues.tsv"),
        )

    def is_title(self, word: str) -> bool:
        """True for honorifics and role words ("Mr.", "President", "spokesman")."""
        lowered = word.lower()
        return lowered in self.honorifics or lowered in self.role_words


@cache
def default_lexicon() -> Lexicon:
    """The shipped tables, loaded once per process."""
    return Lexicon.load()
