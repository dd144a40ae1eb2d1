"""The ``quotes`` command.

Each sub-command lives in its own module and registers itself on :data:`app`; this package
only assembles them. Errors from the library are one line on stderr and a non-zero exit code.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="quotes",
    help="Quote attribution for news: who said what about whom.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Click's plain help: it wraps to the terminal and never cuts an option's name (Rich's
    # boxed tables cut "--no-single-writer" at 80 columns).
    rich_markup_mode=None,
)


@app.callback()
def main() -> None:
    """Quote attribution for news: who said what about whom."""


# Sub-commands register on import.
from quotes.cli import eval_cmd, extract_cmd  # noqa: E402,F401

__all__ = ["app"]

# Store-backed sub-commands (one line each, sorted, so parallel additions merge cleanly).
import quotes.cli.export_cmd  # noqa: E402,F401
import quotes.cli.ingest_cmd  # noqa: E402,F401
import quotes.cli.serve_cmd  # noqa: E402,F401
import quotes.cli.show_cmd  # noqa: E402,F401
import quotes.cli.train_cmd  # noqa: E402,F401
