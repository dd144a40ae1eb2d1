"""``quotes show speaker|about|pairs|ego|entity``: query the store from the command line.

``speaker NAME`` and ``about NAME`` list quotes (any alias or spelling variant finds the
entity), ``pairs`` the speaker → target pairs with the most quotes, ``ego NAME`` the entities
around one in the speaker → target graph, ``entity NAME`` its aliases, roles and targets.
Names resolve as in the API; an unknown one is one line on stderr, with the closest known
names (the API's 404 message), and exit code 1. ``--json`` prints the API's JSON page.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from quotes.cli import app
from quotes.cli.options import DbOption, StdoutConsole, fail, open_store, reader_may_leave
from quotes.errors import QuotesError
from quotes.graph import build as graph
from quotes.store.database import Store
from quotes.store.records import EntityRecord

if TYPE_CHECKING:
    from quotes.store.reads import QuoteFilter

show = typer.Typer(
    help="Query the store: quotes by or about someone, pairs, ego graphs.",
    short_help="Query the store: quotes, pairs, ego graphs.",
    rich_markup_mode=None,
)
app.add_typer(show, name="show")

Limit = Annotated[int, typer.Option(min=1, metavar="N", help="Show at most this many.")]
Offset = Annotated[int, typer.Option(min=0, metavar="N", help="Skip this many first.")]
Since = Annotated[
    dt.datetime | None,
    typer.Option(formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="Published on or after."),
]
Until = Annotated[
    dt.datetime | None,
    typer.Option(formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="Published on or before."),
]


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def plural(count: int, noun: str) -> str:
    """``1 quote``, ``2 quotes``, ``0 quotes``."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def _resolve(store: Store, name: str, *, what: str, speakers_only: bool) -> list[EntityRecord]:
    """The entities ``name`` names, as the API resolves it; unknown: exit 1 with the closest.

    The message and its suggestions are the API's 404 (:func:`quotes.store.reads.unknown_name`),
    word for word, so the command line and the API agree on what a name means.
    """
    from quotes.store import reads  # rapidfuzz and pydantic: only the commands that read

    ids = reads.resolve(store, name)
    if not ids:
        detail, _ = reads.unknown_name(store, name, what=what, speakers_only=speakers_only)
        fail(QuotesError(detail))
    return [store.get_entity(entity_id) for entity_id in ids]


def _names(entities: list[EntityRecord]) -> str:
    return " / ".join(e.name for e in entities)


def _show_page(
    store: Store, where: QuoteFilter, title: str, *, limit: int, offset: int, as_json: bool
) -> None:
    """One page of quotes as a table, or (``as_json``) as the API's JSON page."""
    from api.routes import page_body  # the API's page envelope
    from quotes.store import reads

    quotes, total = reads.quote_page(store, where, limit=limit, offset=offset)
    if as_json:
        with reader_may_leave():
            sys.stdout.write(page_body(quotes, total, offset).decode() + "\n")
            sys.stdout.flush()
        return
    table = Table(title=f"{title} ({plural(total, 'quote')})", show_lines=False)
    for column in ("published", "speaker", "quote", "about", "id"):
        table.add_column(column, overflow="fold")
    for q in quotes:
        speaker = q["speaker"]["name"] if q["speaker"] else "?"
        about = ", ".join(e["name"] for e in q["about"])
        table.add_row(q["published"] or "", speaker, q["text"], about, q["id"])
    _print(table)


def _print(renderable: Table) -> None:
    with reader_may_leave():
        StdoutConsole().print(renderable)
        sys.stdout.flush()


JsonFlag = Annotated[bool, typer.Option("--json", help="The API's JSON page instead of a table.")]
MinConfidence = Annotated[
    float | None,
    typer.Option(min=0.0, max=1.0, metavar="X", help="Only quotes of at least this confidence."),
]


@show.command("speaker")
def show_speaker(
    name: str,
    db: DbOption = None,
    about: Annotated[
        str | None, typer.Option(metavar="NAME", help="Only quotes about this entity.")
    ] = None,
    since: Since = None,
    until: Until = None,
    min_confidence: MinConfidence = None,
    limit: Limit = 20,
    offset: Offset = 0,
    as_json: JsonFlag = False,
) -> None:
    """Quotes said by NAME, newest first."""
    from quotes.store import reads

    with open_store(db) as store:
        speakers = _resolve(store, name, what="speaker", speakers_only=True)
        targets = _resolve(store, about, what="entity", speakers_only=False) if about else None
        where = reads.QuoteFilter(
            speakers=[e.id for e in speakers],
            about=[e.id for e in targets] if targets is not None else None,
            since=_day(since), until=_day(until), min_confidence=min_confidence,
        )  # fmt: skip
        title = f"said by {_names(speakers)}"
        if targets is not None:
            title += f" about {_names(targets)}"
        _show_page(store, where, title, limit=limit, offset=offset, as_json=as_json)


@show.command("about")
def show_about(
    name: str,
    db: DbOption = None,
    since: Since = None,
    until: Until = None,
    min_confidence: MinConfidence = None,
    limit: Limit = 20,
    offset: Offset = 0,
    as_json: JsonFlag = False,
) -> None:
    """Quotes about NAME, newest first."""
    from quotes.store import reads

    with open_store(db) as store:
        targets = _resolve(store, name, what="entity", speakers_only=False)
        where = reads.QuoteFilter(
            about=[e.id for e in targets], since=_day(since), until=_day(until),
            min_confidence=min_confidence,
        )  # fmt: skip
        title = f"about {_names(targets)}"
        _show_page(store, where, title, limit=limit, offset=offset, as_json=as_json)


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
    _print(table)


@show.command("ego")
def show_ego(
    name: str,
    db: DbOption = None,
    radius: Annotated[int, typer.Option(min=1, help="Steps from NAME.")] = 1,
) -> None:
    """The speaker → target graph around NAME.

    Who NAME talks about, and who talks about NAME.
    """
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
    _print(table)


@show.command("entity")
def show_entity(name: str, db: DbOption = None) -> None:
    """NAME's canonical name, aliases and roles.

    Also how many quotes they said and are about, and whom they talk about most.
    """
    with open_store(db) as store:
        try:
            detail = store.entity_detail(name)
        except QuotesError as err:
            fail(err)
    with reader_may_leave():
        console = StdoutConsole()
        entity = detail.entity
        console.print(f"[bold]{entity.name}[/bold] ({entity.kind}, id {entity.id})")
        console.print(f"aliases: {', '.join(entity.aliases)}", markup=False)
        said, about = plural(detail.quotes_said, "quote"), plural(detail.quotes_about, "quote")
        console.print(f"said {said}; {about} about")
        console.print(f"roles: {', '.join(detail.roles) or '-'}", markup=False)
        for target, count in detail.top_targets:
            console.print(f"  → {target.name}: {count}", markup=False)
        sys.stdout.flush()
