"""Reading articles from disk: text files, folders of them, and JSON Lines.

Every problem with a file becomes an :class:`~quotes.errors.InputError` with a message that
names the file, so a caller can report it and go on with the next one.
"""

from __future__ import annotations

from pathlib import Path

from quotes.errors import EmptyInputError, InputError

__all__ = ["read_text_file"]

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
