"""``quotes ingest PATH... [--db URL] [--reprocess] [--workers N] [--dask local|ADDRESS]``.

Extracts and stores articles. ``--workers N`` extracts in N processes on this machine;
``--dask local`` on a Dask ``LocalCluster`` of N worker processes on loopback, ``--dask
tcp://HOST:PORT`` on an existing Dask cluster (the optional ``quotes[dask]`` extra). On SQLite
this process writes, in article order. On PostgreSQL the workers store their own articles in
parallel; ``--single-writer`` makes this process write them in article order there too (the
same entity ids as a one-process run, see docs/scaling.md).

Extraction runs in worker processes (one unless ``--workers`` says more), each article within
the API's budget: ``--time-limit`` seconds (default 30) and ``--memory-mb`` above the model
(default 1536). An article over it, or over the cheap limits of :mod:`quotes.text.budget`, is one
line on stderr with the reason and is skipped; the rest go on. On PostgreSQL with
``--workers`` > 1 (and without ``--single-writer``) the workers write in parallel and only the
cheap limits apply; ``--dask`` likewise.

PATH is a text file, a folder (its ``.txt`` and ``.jsonl`` files, recursively) or a JSON Lines
file of ``{"id","title","source","published","url","outlet","text"}`` objects. A text file
may open with a front-matter header (``---``, ``published: 2021-12-30``, ``title: ...``,
``url: ...``, ``outlet: ...``, ``---``); ``--published YYYY-MM-DD`` dates the articles that
give no date of their own. A folder's other files (other extensions, hidden ones) are not
read, and one line on stderr says which and why. A path that does not exist stops the
command before any work (exit code 2). A progress bar on stderr
shows articles per second and the quotes found. A bad file or line is one line on stderr and
is skipped; the exit code is then 1. Each article is committed on its own: interrupt and run
again, and it resumes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from quotes.batch.ingest import DEFAULT_BATCH, ingest
from quotes.batch.io import count_articles, parse_published, skipped_files
from quotes.batch.parallel import BatchMapper, budget_mapper, dask_mapper, process_mapper
from quotes.batch.workpool import DEFAULT_MEMORY_LIMIT, DEFAULT_TIME_LIMIT
from quotes.cli import app
from quotes.cli.options import DbOption, fail, open_store
from quotes.errors import InputError, QuotesError
from quotes.store.records import AddResult


class _RateColumn(ProgressColumn):
    """Articles per second over the whole run."""

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time if task.finished else task.elapsed
        rate = task.completed / elapsed if elapsed else 0.0
        return Text(f"{rate:.1f} articles/s", style="progress.data.speed")


def _skipped_line(skipped: list[tuple[Path, str]], examples: int = 3) -> str:
    """``quotes: not read: 2 files not .txt/... (notes.md, README), 1 hidden (.DS_Store)``."""
    by_reason: dict[str, list[str]] = {}
    for path, why in skipped:
        by_reason.setdefault(why, []).append(path.name)
    parts = []
    for why, names in by_reason.items():
        shown = ", ".join(names[:examples]) + (", ..." if len(names) > examples else "")
        parts.append(f"{len(names)} {'file' if len(names) == 1 else 'files'} {why} ({shown})")
    return "quotes: not read in folders: " + "; ".join(parts)


@contextmanager
def _mapper(
    workers: int,
    dask: str | None,
    model: str | None,
    parallel_writes: bool,
    budget: tuple[float, int],
) -> Iterator[BatchMapper]:
    """Where extraction runs: budgeted processes, writing processes (PostgreSQL), or Dask."""
    if dask is not None:
        with dask_mapper(dask, workers=workers, model=model) as mapper:
            yield mapper
    elif workers > 1 and parallel_writes:
        with process_mapper(workers, model=model) as mapper:
            yield mapper
    else:
        time_limit, memory_limit = budget
        with budget_mapper(
            workers, model, time_limit=time_limit, memory_limit=memory_limit
        ) as mapper:
            yield mapper


@app.command("ingest")
def ingest_command(
    paths: Annotated[
        list[Path], typer.Argument(metavar="PATH", help="Text files, folders, JSON Lines files.")
    ],
    db: DbOption = None,
    reprocess: Annotated[
        bool,
        typer.Option("--reprocess", help="Extract known articles again, replace their quotes."),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            min=1, metavar="N", help="Extraction processes (with --dask local: Dask workers)."
        ),
    ] = 1,
    dask: Annotated[
        str | None,
        typer.Option(
            metavar="WHERE", help="Extract on Dask: 'local' (a LocalCluster) or tcp://HOST:PORT."
        ),
    ] = None,
    batch_size: Annotated[
        int, typer.Option(min=1, metavar="N", help="Texts per extraction batch.")
    ] = (DEFAULT_BATCH),
    model: Annotated[
        str | None, typer.Option(metavar="NAME", help="Installed spaCy model name.")
    ] = None,
    single_writer: Annotated[
        bool,
        typer.Option(
            "--single-writer",
            help="PostgreSQL: write from this process in article order, not workers.",
        ),
    ] = False,
    published: Annotated[
        str | None,
        typer.Option(help="YYYY-MM-DD: the date of every article that does not give its own."),
    ] = None,
    time_limit: Annotated[
        float, typer.Option(min=0.1, help="Seconds an article may take to extract.")
    ] = DEFAULT_TIME_LIMIT,
    memory_mb: Annotated[
        int, typer.Option(min=0, help="Memory a worker may take above the model (MB); 0: none.")
    ] = DEFAULT_MEMORY_LIMIT // 2**20,
) -> None:
    """Extract the quotes of every article in PATHS and store them."""
    if dask is not None and dask != "local" and "://" not in dask:
        raise typer.BadParameter("expected 'local' or a scheduler URL", param_hint="--dask")
    if published is not None:
        try:
            published = parse_published(published, "date")
        except InputError as err:
            raise typer.BadParameter(str(err), param_hint="--published") from err
    missing = [str(path) for path in paths if not path.exists()]
    if missing:  # before the store is opened or anything is read
        fail(InputError(f"no such file or folder: {', '.join(missing)}"), 2)
    console = Console(stderr=True)
    skipped = skipped_files(paths)
    if skipped:
        console.print(_skipped_line(skipped), markup=False, highlight=False, soft_wrap=True)
    store = open_store(db)
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TextColumn("{task.fields[quotes]} quotes found"),
        TimeElapsedColumn(),
        console=console,
    )

    try:
        parallel_writes = store.dialect == "postgresql" and not single_writer
        budget = (time_limit, memory_mb * 2**20)
        with progress, store, _mapper(workers, dask, model, parallel_writes, budget) as mapper:
            task = progress.add_task("ingest", total=count_articles(paths), quotes=0)

            def on_error(where: str, err: Exception) -> None:
                progress.console.print(
                    f"quotes: {where}: {err}", markup=False, highlight=False, soft_wrap=True
                )
                progress.advance(task)

            def on_article(result: AddResult) -> None:
                found = progress.tasks[task].fields["quotes"] + result.quotes
                progress.update(task, advance=1, quotes=found)

            report = ingest(
                paths, store, reprocess=reprocess, batch_size=batch_size, model=model,
                mapper=mapper, on_error=on_error, on_article=on_article,
                parallel_writes=not single_writer, published=published,
            )  # fmt: skip
            progress.update(task, total=progress.tasks[task].completed)
    except QuotesError as err:
        fail(err, 2)
    console.print(
        f"{report.created} new, {report.replaced} replaced, {report.existing} already stored; "
        f"{report.quotes} quotes; {len(report.errors)} skipped"
        + (f"; {len(skipped)} other files not read" if skipped else ""),
        highlight=False,
        soft_wrap=True,
    )
    if report.errors:
        raise typer.Exit(1)
