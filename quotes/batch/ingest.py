"""The ingest pipeline: read articles, extract their quotes, write each article atomically.

Three steps, kept apart so that the middle one can run in other processes or on a Dask
cluster (:mod:`quotes.batch.parallel`) while this process reads (and, on SQLite, writes):

1. reading (:func:`quotes.batch.io.iter_articles`): files, folders and JSON Lines; a bad file or
   line is reported and skipped;
2. extraction (:func:`extract_batch`): a pure function from texts to plain
   :class:`~quotes.models.Quote` records, with no store and no shared state;
3. writing (:meth:`quotes.store.database.Store.add_article`): one transaction per article, so an
   interrupted run keeps what it committed and the next run resumes, skipping known texts.
   On SQLite this process is the one writer, in article order. On PostgreSQL, with worker
   processes or Dask, each worker stores the articles it extracted, in parallel.

An article whose text is stored already (same content hash) is not even extracted again,
unless ``reprocess`` asks to replace its quotes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import islice
from pathlib import Path

from quotes.batch.io import iter_articles, parse_published
from quotes.batch.parallel import BatchMapper, Workers
from quotes.errors import InputError, QuotesError, StoreError
from quotes.models import Article, Quote
from quotes.nlp.extract import extract_batch
from quotes.store.database import Store, content_hash
from quotes.store.records import AddResult

__all__ = ["IngestReport", "ingest", "ingest_articles"]

DEFAULT_BATCH = 16


@dataclass
class IngestReport:
    """What one ingest run did."""

    created: int = 0
    existing: int = 0
    replaced: int = 0
    quotes: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def articles(self) -> int:
        """Articles handled without error."""
        return self.created + self.existing + self.replaced

    def count(self, result: AddResult) -> None:
        """Add one article's result to the totals."""
        setattr(self, result.status, getattr(self, result.status) + 1)
        self.quotes += result.quotes


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while batch := list(islice(iterator, size)):
        yield batch


def _todo(
    articles: Iterable[Article],
    store: Store,
    batch_size: int,
    reprocess: bool,
    known_one: Callable[[AddResult], None],
) -> Iterator[list[Article]]:
    """Batches of the articles to extract; the others are reported as already stored.

    Runs ahead of the writer when extraction is elsewhere: a text seen earlier in this run
    counts as known even if its article is not written yet, so it is never extracted twice.
    """
    seen: set[str] = set()
    for batch in _batches(articles, batch_size):
        hashes = [content_hash(a.text) for a in batch]
        known = set() if reprocess else store.known_hashes(hashes)
        todo: list[Article] = []
        for article, digest in zip(batch, hashes, strict=True):
            if digest in known or (digest in seen and not reprocess):
                known_one(AddResult(article.id or digest[:16], "existing", 0))
            else:
                todo.append(article)
            seen.add(digest)
        if todo:
            yield todo


def ingest_articles(
    articles: Iterable[Article],
    store: Store,
    *,
    reprocess: bool = False,
    batch_size: int = DEFAULT_BATCH,
    model: str | None = None,
    extractor: Callable[[Sequence[str]], list[list[Quote] | InputError]] | None = None,
    mapper: BatchMapper | None = None,
    on_error: Callable[[str, Exception], None] | None = None,
    on_article: Callable[[AddResult], None] | None = None,
    parallel_writes: bool = True,
) -> IngestReport:
    """Extract and store ``articles``; errors are reported per article, never fatal.

    ``mapper`` runs extraction elsewhere (see :mod:`quotes.batch.parallel`); ``extractor`` is one
    function over a batch, run here. This process writes, in article order, unless the
    store is PostgreSQL, ``mapper`` is a :class:`~quotes.batch.parallel.Workers` (processes or
    Dask) and ``parallel_writes`` holds: then each worker stores what it extracted. Results
    are reported in article order either way.
    """
    report = IngestReport()
    writer = None
    if isinstance(mapper, Workers) and parallel_writes and store.dialect == "postgresql":
        writer = mapper.writer(store.url, replace=reprocess)
    if mapper is None:
        run = extractor or (lambda texts: extract_batch(texts, model=model))
        mapper = partial(map, run)

    def failed(where: str, err: Exception) -> None:
        report.errors.append((where, str(err)))
        if on_error:
            on_error(where, err)

    def done(result: AddResult) -> None:
        report.count(result)
        if on_article:
            on_article(result)

    pending: deque[list[Article]] = deque()

    def todo() -> Iterator[list[Article]]:
        for batch in _todo(articles, store, batch_size, reprocess, done):
            pending.append(batch)
            yield batch

    def where(article: Article) -> str:
        return article.source or article.id or "article"

    if writer is not None:
        for stored in writer(todo()):
            for article, outcome in zip(pending.popleft(), stored, strict=True):
                if isinstance(outcome, QuotesError):
                    failed(where(article), outcome)
                else:
                    done(outcome)
        return report
    for results in mapper([a.text for a in batch] for batch in todo()):
        for article, quotes in zip(pending.popleft(), results, strict=True):
            if isinstance(quotes, InputError):
                failed(where(article), quotes)
                continue
            try:
                done(store.add_article(article, quotes, replace=reprocess))
            except StoreError as err:
                failed(where(article), err)
    return report


def ingest(
    paths: Sequence[Path],
    store: Store,
    *,
    reprocess: bool = False,
    batch_size: int = DEFAULT_BATCH,
    model: str | None = None,
    mapper: BatchMapper | None = None,
    on_error: Callable[[str, Exception], None] | None = None,
    on_article: Callable[[AddResult], None] | None = None,
    parallel_writes: bool = True,
    published: str | None = None,
) -> IngestReport:
    """Ingest files, folders and JSON Lines files into ``store``.

    ``published`` (``YYYY-MM-DD``) dates every article that does not carry its own date (a
    JSON Lines field or a text file's front matter); a date in another form is an InputError.
    """
    default_day = parse_published(published, "--published") if published else None
    read_errors: list[tuple[str, str]] = []

    def read_failed(where: str, err: InputError) -> None:
        read_errors.append((where, str(err)))
        if on_error:
            on_error(where, err)

    articles = iter_articles(paths, read_failed)
    if default_day is not None:
        articles = (a if a.published else replace(a, published=default_day) for a in articles)
    report = ingest_articles(
        articles,
        store,
        reprocess=reprocess,
        batch_size=batch_size,
        model=model,
        mapper=mapper,
        on_error=on_error,
        on_article=on_article,
        parallel_writes=parallel_writes,
    )
    report.errors[:0] = read_errors
    return report
