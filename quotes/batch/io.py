"""Reading articles from disk: text files, folders of them, and JSON Lines.

An article's date, title, address and outlet come from its JSON Lines fields
(``published``, ``title``, ``url``, ``outlet``) or, in a text file, from a small front-matter
header before the text::

    ---
    published: 2021-12-30
    title: Biden and Putin talk on the phone
    url: https://example.org/2021/12/30/call
    outlet: Example Times
    ---
    The text...

The header is not part of the stored text (offsets count from the line after it). A date
must be ``YYYY-MM-DD`` (or an ISO date-time, whose day is kept); anything else is an error
that names the file, never a guess.

Every problem with a file becomes an :class:`~quotes.errors.InputError` with a message that
names the file, so a caller can report it and go on with the next one.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from quotes.errors import EmptyInputError, InputError
from quotes.models import Article

__all__ = [
    "ErrorHandler",
    "article_from_json",
    "article_from_text_file",
    "count_articles",
    "expand_paths",
    "is_jsonl",
    "iter_articles",
    "json_lines",
    "json_objects",
    "parse_published",
    "read_jsonl",
    "split_front_matter",
    "read_text_file",
    "skipped_files",
]

# Bytes that do not occur in text: a file holding them is binary.
_BINARY_SNIFF = 8192


def read_text_file(path: Path) -> str:
    """The file's text, decoded as UTF-8 (a BOM is dropped)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise InputError("no such file") from err
    except IsADirectoryError as err:
        raise InputError("is a directory") from err
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}") from err
    if b"\x00" in data[:_BINARY_SNIFF]:
        raise InputError("binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"not UTF-8 (byte {err.start}: {data[err.start]:#04x})") from err
    if not text.strip():
        raise EmptyInputError("empty file")
    return text


# Extensions a folder is searched for; a file named on the command line is read whatever
# its name (JSON Lines by these extensions, text otherwise).
TEXT_SUFFIXES = (".txt", ".text")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
_TITLE_MAX = 300
_FIELDS = ("id", "title", "source", "published", "url", "outlet")
# The keys a text file's front matter may set (its id is the file name, its source the path).
FRONT_MATTER_KEYS = ("published", "title", "url", "outlet")
_FRONT_FENCE = "---"
_FRONT_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:\s*(.*?)\s*$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ].+)?$")


def parse_published(value: str, what: str = "published") -> str:
    """``value`` as an ISO day ``YYYY-MM-DD``: a date, or a date-time whose day is kept.

    Anything else (``30/12/2021``, ``2021-13-01``, ``yesterday``) is an InputError.
    """
    text = value.strip()
    try:
        if not _ISO_DAY.match(text):
            raise ValueError(text)
        if len(text) == 10:
            return dt.date.fromisoformat(text).isoformat()
        return dt.datetime.fromisoformat(text).date().isoformat()
    except ValueError as err:
        raise InputError(f"{what} {value!r} is not a date of the form YYYY-MM-DD") from err


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """The front-matter fields of a text file and the text after them.

    A text whose first line is not ``---`` has no front matter. One that opens with ``---``
    and a ``key: value`` line must close it with ``---`` and use only
    :data:`FRONT_MATTER_KEYS`; a date is checked by :func:`parse_published`.
    """
    lines = text.splitlines(keepends=True)
    if len(lines) < 2 or lines[0].strip() != _FRONT_FENCE or not _FRONT_LINE.match(lines[1]):
        return {}, text  # a text that starts with a rule, not a header
    fields: dict[str, str] = {}
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == _FRONT_FENCE:
            return fields, "".join(lines[number:])
        match = _FRONT_LINE.match(line)
        if match is None:
            raise InputError(f"front matter line {number} is not 'key: value': {line.strip()!r}")
        key, value = match.group(1).lower(), match.group(2).strip().strip("\"'")
        if key not in FRONT_MATTER_KEYS:
            known = ", ".join(FRONT_MATTER_KEYS)
            raise InputError(f"front matter line {number}: unknown key {key!r} (known: {known})")
        fields[key] = parse_published(value) if key == "published" else value
    raise InputError("front matter opened with '---' is never closed")


ErrorHandler = Callable[[str, InputError], None]


def expand_paths(paths: Iterable[Path], on_error: ErrorHandler) -> list[Path]:
    """Files to read: each file as given, each folder's text and JSONL files (sorted, recursive).

    A path that does not exist is reported to ``on_error`` and left out; what a folder holds
    besides articles is left out too (:func:`skipped_files` says which and why).
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p, why in _folder_files(path) if why is None)
        elif path.exists():
            found.append(path)
        else:
            on_error(str(path), InputError("no such file or folder"))
    return found


def skipped_files(paths: Iterable[Path]) -> list[tuple[Path, str]]:
    """The files in the folders among ``paths`` that :func:`expand_paths` leaves out, and why.

    A file named on its own is always read; in a folder only ``.txt``/``.text`` (one article
    each) and ``.jsonl``/``.ndjson`` files are articles, and hidden files and folders (a
    leading dot: ``.git``, ``.DS_Store``) are passed over.
    """
    return [(p, why) for path in paths if path.is_dir() for p, why in _folder_files(path) if why]


def _folder_files(folder: Path) -> Iterator[tuple[Path, str | None]]:
    """Every file under ``folder``, sorted, with why it is not read (None: it is an article)."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            yield path, "hidden"
        elif path.suffix.lower() not in TEXT_SUFFIXES + JSONL_SUFFIXES:
            yield path, f"not {'/'.join(TEXT_SUFFIXES + JSONL_SUFFIXES)}"
        else:
            yield path, None


def is_jsonl(path: Path) -> bool:
    """True for a JSON Lines file (by its extension)."""
    return path.suffix.lower() in JSONL_SUFFIXES


def article_from_text_file(path: Path) -> Article:
    """An article from a text file: id = file name without extension; title, date, url and
    outlet from its front matter (the title defaults to the first line)."""
    fields, text = split_front_matter(read_text_file(path))
    if not text.strip():
        raise EmptyInputError("no text after the front matter")
    title = fields.get("title") or next(
        (line.strip() for line in text.splitlines() if line.strip()), ""
    )
    return Article(
        text=text, id=path.stem, title=title[:_TITLE_MAX], source=str(path),
        published=fields.get("published"), url=fields.get("url") or None,
        outlet=fields.get("outlet") or None,
    )  # fmt: skip


def article_from_json(obj: object) -> Article:
    """An article from one JSON object ``{"id","title","source","published","url","outlet",
    "text"}``: every field but ``text`` may be left out."""
    if not isinstance(obj, dict):
        raise InputError(f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError('"text" must be a string')
    if not text.strip():
        raise EmptyInputError('"text" is empty')
    fields: dict[str, str | None] = {}
    for name in _FIELDS:
        value = obj.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and name == "id":
            value = str(value)
        if value is not None and not isinstance(value, str):
            raise InputError(f'"{name}" must be a string')
        fields[name] = value or None
    if fields["published"] is not None:
        fields["published"] = parse_published(fields["published"], '"published"')
    meta = {k: v for k, v in obj.items() if k not in (*_FIELDS, "text")}
    return Article(text=text, meta=meta, **fields)


def json_lines(path: Path) -> Iterator[tuple[int, object]]:
    """``(line number, value)`` for each non-blank line of a JSON Lines file, read as it goes.

    A line that is not UTF-8 JSON comes as an :class:`InputError` value (the caller decides
    whether to skip it or stop); a file that cannot be opened raises one.
    """
    try:
        stream = path.open("rb")
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}") from err
    with stream:
        for number, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            try:
                yield number, json.loads(raw.decode("utf-8-sig"))
            except UnicodeDecodeError as err:
                yield number, InputError(f"not UTF-8: {err.reason}")
            except json.JSONDecodeError as err:
                yield number, InputError(f"not JSON: {err.msg}")


def json_objects(path: Path) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSON Lines file; the first bad line raises ``path:line: why``."""
    lines = json_lines(path)
    try:
        first = next(lines, None)
    except InputError as err:  # the file cannot be opened
        raise InputError(f"{path}: {err}") from err.__cause__
    if first is None:
        return
    for number, value in itertools.chain([first], lines):
        if isinstance(value, InputError):
            raise InputError(f"{path}:{number}: {value}")
        if not isinstance(value, dict):
            raise InputError(f"{path}:{number}: expected a JSON object")
        yield value


def read_jsonl(path: Path, on_error: ErrorHandler) -> Iterator[Article]:
    """The articles of a JSON Lines file; a bad line is reported as ``path:line`` and skipped."""
    for number, value in json_lines(path):
        try:
            if isinstance(value, InputError):
                raise value
            yield article_from_json(value)
        except InputError as err:
            on_error(f"{path}:{number}", err)


def iter_articles(paths: Iterable[Path], on_error: ErrorHandler) -> Iterator[Article]:
    """Every article in files, folders and JSON Lines; problems go to ``on_error(where, err)``."""
    for path in expand_paths(paths, on_error):
        try:
            if is_jsonl(path):
                yield from read_jsonl(path, on_error)
            else:
                yield article_from_text_file(path)
        except InputError as err:
            on_error(str(path), err)


def count_articles(paths: Iterable[Path]) -> int:
    """About how many articles :func:`iter_articles` will yield (for a progress bar)."""
    total = 0
    for path in expand_paths(paths, lambda _where, _err: None):
        if not is_jsonl(path):
            total += 1
            continue
        try:
            with path.open("rb") as stream:
                total += sum(1 for line in stream if line.strip())
        except OSError:
            continue  # reported when it is read
    return total
