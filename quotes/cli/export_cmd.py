"""``quotes export graphml|json|csv [-o FILE] [--speaker NAME] [--about NAME]``.

GraphML and node-link JSON hold the who-said-what-about-whom graph (all of it, or the quotes
by ``--speaker`` / about ``--about`` with their entities and articles); CSV holds the quotes
table. Without ``-o`` the export goes to standard output.
"""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from quotes import graph
from quotes.cli import app
from quotes.cli.options import DbOption, fail, open_store
from quotes.errors import QuotesError
from quotes.exports import write_node_link_json, write_quotes_csv
from quotes.graphml import PathOrFile, write_graphml
from quotes.models import QUOTE_KINDS


class Format(enum.StrEnum):
    """Export formats."""

    graphml = "graphml"
    json = "json"
    csv = "csv"


class Kind(enum.StrEnum):
    """Quote kinds (quotes.models.QUOTE_KINDS)."""

    direct = "direct"
    indirect = "indirect"
    mixed = "mixed"


assert {k.value for k in Kind} == set(QUOTE_KINDS)


@app.command("export")
def export_command(
    fmt: Annotated[Format, typer.Argument(metavar="FORMAT", help="graphml, json or csv.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")
    ] = None,
    db: DbOption = None,
    speaker: Annotated[str | None, typer.Option(help="Only quotes by this speaker.")] = None,
    about: Annotated[str | None, typer.Option(help="Only quotes about this entity.")] = None,
    kind: Annotated[
        Kind | None, typer.Option(help="Only quotes of this kind (edges carry it anyway).")
    ] = None,
) -> None:
    """Export the graph (GraphML, node-link JSON) or the quotes table (CSV)."""
    only = kind.value if kind is not None else None
    target: PathOrFile = output if output is not None else sys.stdout.buffer
    with open_store(db) as store:
        try:
            if fmt is Format.csv:
                write_quotes_csv(store.iter_quotes(speaker=speaker, about=about, kind=only), target)
                return
            records = store.graph_records(speaker=speaker, about=about, kind=only)
            built = graph.from_records(records)
            del records  # the graph holds what it needs
            if fmt is Format.graphml:
                write_graphml(built, target)
            else:
                write_node_link_json(built, target)
        except QuotesError as err:
            fail(err)
