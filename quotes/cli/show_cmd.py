"""``quotes show speaker|about|pairs|ego|entity``: query the store from the command line.

``speaker NAME`` and ``about NAME`` list quotes (any alias or spelling variant finds the
entity), ``pairs`` the speaker → target pairs with the most quotes, ``ego NAME`` the entities
around one in the speaker → target graph, ``entity NAME`` its aliases, roles and targets.
An unknown name is one line on stderr and exit code 1.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from quotes import graph
from quotes.cli import app
from quotes.cli.options import DbOption, fail, open_store
from quotes.errors import QuotesError
from quotes.records import Page

show = typer.Typer(help="Query the store: quotes by or about someone, pairs, ego graphs.")
app.add_typer(show, name="show")

Limit = Annotated[int, typer.Option(min=1, help="Show at most this many.")]
Offset = Annotated[int, typer.Option(min=0, help="Skip this many first.")]
MinConfidence = Annotated[
    float | None,
    typer.Option(
        min=0.0, max=1.0, help="Only quotes whose speaker is right with at least this probability."
    ),
]
Since = Annotated[
    dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Published on or after.")
]
Until = Annotated[
    dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Published on or before.")
]


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def _print_page(page: Page, title: str) -> None:
    table = Table(title=f"{title} ({page.total} quotes)", show_lines=False)
    for column in ("published", "speaker", "quote", "about", "id"):
        table.add_column(column, overflow="fold")
    for q in page.data:
        table.add_row(
            q.published or "", q.speaker_name or "?", q.text, ", ".join(q.about_names), q.id
        )
    Console().print(table)


@show.command("speaker")
def show_speaker(
    name: str,
    db: DbOption = None,
    about: Annotated[str | None, typer.Option(help="Only quotes about this entity.")] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 20,
    offset: Offset = 0,
    min_confidence: MinConfidence = None,
) -> None:
    """Quotes said by NAME, newest first."""
    with open_store(db) as store:
        try:
            page = store.quotes_by_speaker(
                name, about=about, since=_day(since), until=_day(until),
                min_confidence=min_confidence, limit=limit, offset=offset,
            )  # fmt: skip
        except QuotesError as err:
            fail(err)
    _print_page(page, f"said by {name}")


@show.command("about")
def show_about(
    name: str,
    db: DbOption = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 20,
    offset: Offset = 0,
    min_confidence: MinConfidence = None,
) -> None:
    """Quotes about NAME, newest first."""
    with open_store(db) as store:
        try:
            page = store.quotes_about(
                name, since=_day(since), until=_day(until), min_confidence=min_confidence,
                limit=limit, offset=offset,
            )  # fmt: skip
        except QuotesError as err:
            fail(err)
    _print_page(page, f"about {name}")


@show.command("pairs")
def show_pairs(db: DbOption = None, limit: Limit = 20) -> None:
    """The speaker → target pairs with the most quotes."""
    with open_store(db) as store:
        pairs = store.top_pairs(limit=limit)
    table = Table(title="speaker → target")
    for column in ("speaker", "target", "quotes"):
        table.add_column(column)
    for pair in pairs:
        table.add_row(pair.speaker.name, pair.target.name, str(pair.quotes))
    Console().print(table)


@show.command("ego")
def show_ego(
    name: str,
    db: DbOption = None,
    radius: Annotated[int, typer.Option(min=1, help="Steps from NAME.")] = 1,
) -> None:
    """The speaker → target graph around NAME: who they talk about, who talks about them."""
    with open_store(db) as store:
        projected = graph.project(graph.from_records(store.graph_records()))
    try:
        ego = graph.ego(projected, name, radius=radius)
    except QuotesError as err:
        fail(err)
    table = Table(title=f"ego graph of {name}: {ego.number_of_nodes()} entities")
    for column in ("speaker", "target", "quotes"):
        table.add_column(column)
    for u, v, weight in sorted(ego.edges(data="weight"), key=lambda e: (-e[2], e[0], e[1])):
        table.add_row(ego.nodes[u]["label"], ego.nodes[v]["label"], str(weight))
    Console().print(table)


@show.command("entity")
def show_entity(name: str, db: DbOption = None) -> None:
    """NAME's canonical name, aliases, quote counts, roles and most frequent targets."""
    with open_store(db) as store:
        try:
            detail = store.entity_detail(name)
        except QuotesError as err:
            fail(err)
    console = Console()
    entity = detail.entity
    console.print(f"[bold]{entity.name}[/bold] ({entity.kind}, id {entity.id})")
    console.print(f"aliases: {', '.join(entity.aliases)}", markup=False)
    console.print(f"said {detail.quotes_said} quotes; {detail.quotes_about} quotes about")
    console.print(f"roles: {', '.join(detail.roles) or '-'}", markup=False)
    for target, count in detail.top_targets:
        console.print(f"  → {target.name}: {count}", markup=False)
