"""``quotes extract FILE... [-]``: JSON Lines of quotes on stdout, one object per quote.

This output is a contract other tools rely on: keys and types are fixed (see the README).
A file that cannot be read or parsed (missing, empty, binary, not UTF-8, too long) is one
line on stderr; the other files are still processed, and the exit code is 1.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from quotes.batch.io import read_text_file
from quotes.cli import app
from quotes.cli.options import fail, reader_may_leave
from quotes.errors import InputError, QuotesError
from quotes.nlp.extract import extract_many


@app.command("extract")
def extract_command(
    files: Annotated[
        list[str], typer.Argument(metavar="FILE", help="Text files; '-' reads standard input.")
    ],
    model: Annotated[str | None, typer.Option(help="Installed spaCy model name.")] = None,
    min_confidence: Annotated[
        float | None,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Only quotes whose speaker is right with at least this probability.",
        ),
    ] = None,
) -> None:
    """Print every quote in FILES as JSON Lines."""
    failed = False
    readable: list[tuple[str, str]] = []
    for name in files:
        try:
            text = sys.stdin.read() if name == "-" else read_text_file(Path(name))
        except InputError as err:
            typer.echo(f"quotes: {name}: {err}", err=True)
            failed = True
            continue
        readable.append((name, text))

    def texts() -> Iterator[str]:
        return (text for _, text in readable)

    try:
        with reader_may_leave():
            for (name, _), quotes in zip(readable, extract_many(texts(), model=model), strict=True):
                if isinstance(quotes, InputError):  # this file only: the others go on
                    typer.echo(f"quotes: {name}: {quotes}", err=True)
                    failed = True
                    continue
                for quote in quotes:
                    if min_confidence is not None and quote.confidence < min_confidence:
                        continue
                    sys.stdout.write(json.dumps({"article": name, **quote.to_dict()}) + "\n")
            sys.stdout.flush()
    except QuotesError as err:
        fail(err, 2)
    if failed:
        raise typer.Exit(1)
