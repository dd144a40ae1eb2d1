"""``quotes export graphml|gexf|json|csv [-o FILE] [--form speakers|full] [filters]``.

GraphML, GEXF and node-link JSON hold a graph: by default the speaker network (entities,
one weighted and dated edge per speaker -> target pair, :mod:`quotes.graph.network`), with
``--form full`` the three-kind graph of entities, quotes and articles. CSV holds the quotes
table. Every export takes the same filters: ``--since``/``--until`` (the article's date),
``--speaker``, ``--about``, ``--min-confidence``, ``--kind`` and, for the speaker network,
``--min-weight``; each ``about`` link says ``how`` its target was found, and ``--how
name,frame`` keeps only those kinds. Without ``-o`` the export goes to standard output.
"""

from __future__ import annotations

import datetime as dt
import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from quotes.cli import app
from quotes.cli.options import DbOption, fail, open_store, reader_may_leave
from quotes.errors import QuotesError
from quotes.graph.exports import (
    check_quote_filter,
    export_graph,
    write_node_link_json,
    write_quotes_csv,
)
from quotes.graph.gexf import write_gexf
from quotes.graph.graphml import PathOrFile, write_graphml
from quotes.models import QUOTE_KINDS
from quotes.store.records import ExportFilter


class Format(enum.StrEnum):
    """Export formats."""

    graphml = "graphml"
    gexf = "gexf"
    json = "json"
    csv = "csv"


class Form(enum.StrEnum):
    """Which graph: the speaker network or the full graph."""

    speakers = "speakers"
    full = "full"


class Kind(enum.StrEnum):
    """Quote kinds (quotes.models.QUOTE_KINDS)."""

    direct = "direct"
    indirect = "indirect"
    mixed = "mixed"


assert {k.value for k in Kind} == set(QUOTE_KINDS)


_WRITERS = {
    Format.graphml: write_graphml,
    Format.gexf: write_gexf,
    Format.json: write_node_link_json,
}


@app.command("export")
def export_command(
    fmt: Annotated[Format, typer.Argument(metavar="FORMAT", help="graphml, gexf, json or csv.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")
    ] = None,
    db: DbOption = None,
    form: Annotated[
        Form,
        typer.Option(help="speakers: who speaks about whom; full: entities, quotes, articles."),
    ] = Form.speakers,
    since: Annotated[
        dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Published on or after.")
    ] = None,
    until: Annotated[
        dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Published on or before.")
    ] = None,
    speaker: Annotated[str | None, typer.Option(help="Only quotes by this speaker.")] = None,
    about: Annotated[str | None, typer.Option(help="Only quotes about this entity.")] = None,
    min_confidence: Annotated[
        float | None, typer.Option(min=0.0, max=1.0, help="Only quotes at least this sure.")
    ] = None,
    kind: Annotated[
        Kind | None, typer.Option(help="Only quotes of this kind (edges carry it anyway).")
    ] = None,
    min_weight: Annotated[
        int, typer.Option(min=1, help="Speaker network: edges with at least this many quotes.")
    ] = 1,
    how: Annotated[
        str | None,
        typer.Option(
            help="Keep only about-edges found these ways, comma-separated "
            "(name, pronoun, description, frame), e.g. name,frame."
        ),
    ] = None,
) -> None:
    """Export the graph or the quotes table.

    GraphML, GEXF or node-link JSON for the graph, CSV for the quotes table.
    """
    target: PathOrFile = output if output is not None else sys.stdout.buffer
    try:
        selection = ExportFilter(
            since=since.date() if since else None, until=until.date() if until else None,
            speaker=speaker, about=about, min_confidence=min_confidence,
            kind=kind.value if kind else None, min_weight=min_weight,
            how=tuple(h.strip() for h in how.split(",") if h.strip()) if how else None,
        )  # fmt: skip
    except QuotesError as err:
        fail(err, 2)
    with open_store(db) as store:
        try:
            with reader_may_leave():
                if fmt is Format.csv:
                    check_quote_filter(selection)
                    write_quotes_csv(store.iter_quotes(selection=selection), target)
                    return
                _WRITERS[fmt](export_graph(store, form.value, selection), target)
        except QuotesError as err:
            fail(err)
