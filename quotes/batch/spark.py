"""Extraction on Spark: :func:`extract_partition` for ``rdd.mapPartitions``, and loading back.

The same batch function as every other backend (:func:`quotes.nlp.extract.extract_batch`) runs on
the executors; only plain data crosses to and from them: article rows go in, one plain
``dict`` per article comes out (no ``nlp``, no ``Doc``, no :class:`~quotes.models.Quote`
object). Each executor's Python worker loads the spaCy model on its first batch and keeps it
(:func:`quotes.nlp.pipeline.load_pipeline` caches it per process; Spark reuses its Python workers
by default). pyspark is an optional extra (``quotes[spark]``) and is never imported here:
the output schema is a DDL string, :data:`RESULT_SCHEMA`::

    from functools import partial
    from quotes.batch.spark import RESULT_SCHEMA, extract_partition

    articles = spark.read.json("news/*.jsonl")            # id, text, and title, source, ...
    rows = articles.rdd.mapPartitions(partial(extract_partition, batch_size=32))
    spark.createDataFrame(rows, RESULT_SCHEMA).write.json("quotes-out/")

One output row per input row, in partition order:

- ``id``, ``title``, ``source``, ``published``, ``text``: the article as read (``None`` for a
  missing column), so that the output alone can fill a store;
- ``error``: the :class:`~quotes.errors.InputError` message for a text that cannot be
  processed (empty, too long, not a string), else ``None``; one bad text costs only itself;
- ``quotes``: one :func:`quote_record` per quote, a lossless plain form of
  :class:`~quotes.models.Quote` (speaker and ``about`` entities keep their kind and aliases,
  the confidence is not rounded), unlike the CLI's :meth:`~quotes.models.Quote.to_dict`.

:func:`read_records` reads Spark's JSON output back (a folder of ``part-*.json`` files) and
:func:`load_records` writes it into a store from one process, as ``quotes ingest`` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from pathlib import Path
from typing import Any, cast

from quotes.batch.ingest import IngestReport
from quotes.batch.io import json_objects
from quotes.errors import InputError, StoreError
from quotes.models import (
    ABOUT_HOWS,
    QUOTE_KINDS,
    AboutHow,
    AboutRef,
    Article,
    EntityKind,
    EntityRef,
    Quote,
    QuoteKind,
    TextSpan,
    about_how,
    about_mention,
)
from quotes.nlp.extract import extract_batch
from quotes.store.database import Store
from quotes.store.records import AddResult

__all__ = [
    "ARTICLE_FIELDS",
    "DEFAULT_BATCH",
    "RESULT_SCHEMA",
    "extract_partition",
    "load_records",
    "quote_from_record",
    "quote_record",
    "read_records",
]

DEFAULT_BATCH = 32
ARTICLE_FIELDS = ("id", "title", "source", "published", "text")
# Spark's JSON writer leaves null fields out; reading puts them back.
_NULLS: dict[str, Any] = dict.fromkeys((*ARTICLE_FIELDS, "error"))

_SPAN = "STRUCT<text: STRING, start: INT, end: INT>"
_ENTITY = "STRUCT<name: STRING, kind: STRING, aliases: ARRAY<STRING>>"
# an about entry: the entity, how it was found and where (quotes.models.AboutRef)
_ABOUT = (
    f"STRUCT<name: STRING, kind: STRING, aliases: ARRAY<STRING>, how: STRING, mention: {_SPAN}>"
)
_QUOTE = (
    f"STRUCT<start: INT, end: INT, text: STRING, speaker: {_ENTITY}, role: STRING, "
    f"affiliation: STRING, speaker_mention: {_SPAN}, cue: {_SPAN}, about: ARRAY<{_ABOUT}>, "
    "rule: STRING, confidence: DOUBLE, kind: STRING>"
)
#: The Spark schema of :func:`extract_partition`'s rows, for ``spark.createDataFrame(rows,
#: RESULT_SCHEMA)`` (a DDL string: nothing to import from pyspark).
RESULT_SCHEMA = (
    "id STRING, title STRING, source STRING, published STRING, text STRING, "
    f"error STRING, quotes ARRAY<{_QUOTE}>"
)


def _entity_record(ref: EntityRef) -> dict[str, Any]:
    return {"name": ref.name, "kind": ref.kind, "aliases": list(ref.aliases)}


def _about_record(ref: EntityRef) -> dict[str, Any]:
    mention = about_mention(ref)
    return {
        **_entity_record(ref),
        "how": about_how(ref),
        "mention": mention.to_dict() if mention else None,
    }


def _about(data: Mapping[str, Any] | None) -> AboutRef | None:
    entity = _entity(data)
    if entity is None or data is None:
        return None
    how = data.get("how") or "name"
    if how not in ABOUT_HOWS:
        raise InputError(f"unknown about how {how!r} in a quote record")
    return AboutRef(
        entity.name, entity.kind, entity.aliases, how=cast(AboutHow, how),
        mention=_span(data.get("mention")),
    )  # fmt: skip


def quote_record(quote: Quote) -> dict[str, Any]:
    """``quote`` as plain, JSON-ready data that :func:`quote_from_record` turns back into it."""
    return {
        "start": quote.start,
        "end": quote.end,
        "text": quote.text,
        "speaker": _entity_record(quote.speaker) if quote.speaker else None,
        "role": quote.role,
        "affiliation": quote.affiliation,
        "speaker_mention": quote.speaker_mention.to_dict() if quote.speaker_mention else None,
        "cue": quote.cue.to_dict() if quote.cue else None,
        "about": [_about_record(ref) for ref in quote.about],
        "rule": quote.rule,
        "confidence": quote.confidence,
        "kind": quote.kind,
    }


def _entity(data: Mapping[str, Any] | None) -> EntityRef | None:
    if not data:
        return None
    return EntityRef(
        name=data["name"],
        kind=cast(EntityKind, data["kind"]),
        aliases=tuple(data.get("aliases") or ()),
    )


def _span(data: Mapping[str, Any] | None) -> TextSpan | None:
    return TextSpan(data["text"], data["start"], data["end"]) if data else None


def quote_from_record(data: Mapping[str, Any]) -> Quote:
    """The :class:`Quote` of a :func:`quote_record`; a key Spark's JSON writer left out
    (it drops null fields) counts as ``None``."""
    return Quote(
        start=data["start"],
        end=data["end"],
        text=data["text"],
        speaker=_entity(data.get("speaker")),
        role=data.get("role"),
        affiliation=data.get("affiliation"),
        speaker_mention=_span(data.get("speaker_mention")),
        cue=_span(data.get("cue")),
        about=tuple(ref for ref in map(_about, data.get("about") or ()) if ref is not None),
        rule=data.get("rule") or "none",
        confidence=float(data.get("confidence") or 0.0),
        kind=_kind(data.get("kind")),
    )


def _kind(value: Any) -> QuoteKind:
    """A record's kind; one written before kinds existed is a direct quote."""
    if value is None:
        return "direct"
    if value not in QUOTE_KINDS:
        raise InputError(f"unknown quote kind {value!r} in a Spark record")
    return cast(QuoteKind, value)


def _as_dict(row: Any) -> Mapping[str, Any]:
    """A Spark ``Row`` or a mapping, as a mapping."""
    as_dict = getattr(row, "asDict", None)
    return cast(Mapping[str, Any], as_dict() if as_dict is not None else row)


def _field(value: Any) -> str | None:
    """An article field as text: Spark may read ``id`` as a number, ``published`` as a date."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def extract_partition(
    rows: Iterable[Any],
    *,
    batch_size: int = DEFAULT_BATCH,
    model: str | None = None,
    full_parse: bool | None = None,
) -> Iterator[dict[str, Any]]:
    """One result row per article row (a Spark ``Row`` or a ``dict`` with at least
    ``text``), in order, extracting ``batch_size`` texts at a time with
    :func:`~quotes.nlp.extract.extract_batch`. For ``rdd.mapPartitions``: bind the options with
    :func:`functools.partial`."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    iterator = (_as_dict(row) for row in rows)
    while batch := list(islice(iterator, batch_size)):
        # A non-string text reaches extract_batch as it is: it becomes that row's InputError.
        texts: list[Any] = [row.get("text") for row in batch]
        results = extract_batch(texts, model=model, full_parse=full_parse)
        for row, quotes in zip(batch, results, strict=True):
            record: dict[str, Any] = {name: _field(row.get(name)) for name in ARTICLE_FIELDS}
            if not isinstance(row.get("text"), str):
                record["text"] = None  # not text: its error says what it was
            if isinstance(quotes, InputError):
                record["error"], record["quotes"] = str(quotes), []
            else:
                record["error"], record["quotes"] = None, [quote_record(q) for q in quotes]
            yield record


def read_records(paths: Sequence[Path]) -> Iterator[dict[str, Any]]:
    """The rows of JSON Lines files, and of the ``*.json``/``*.jsonl`` files of folders (Spark's
    ``write.json`` output: ``part-*`` files in partition order; ``_SUCCESS`` and ``.crc``
    files are skipped). Every row has the keys of :data:`RESULT_SCHEMA`, ``None`` where Spark's
    writer left a null field out."""
    for path in paths:
        if not path.is_dir():
            yield from _read_json_lines(path)
            continue
        for file in sorted(path.iterdir()):
            if file.is_file() and file.suffix in (".json", ".jsonl") and file.name[0] not in "._":
                yield from _read_json_lines(file)


def _read_json_lines(path: Path) -> Iterator[dict[str, Any]]:
    for record in json_objects(path):
        yield {**_NULLS, "quotes": [], **record}


def load_records(
    records: Iterable[Mapping[str, Any]],
    store: Store,
    *,
    reprocess: bool = False,
    on_error: Callable[[str, Exception], None] | None = None,
    on_article: Callable[[AddResult], None] | None = None,
) -> IngestReport:
    """Write :func:`extract_partition`'s rows into ``store``, one transaction per article, in
    order; nothing is extracted again. As with ``quotes ingest``, a text already stored is
    counted as existing, and a row with an ``error`` (or a store error) is reported and
    skipped."""
    report = IngestReport()

    def failed(where: str, err: Exception) -> None:
        report.errors.append((where, str(err)))
        if on_error:
            on_error(where, err)

    for number, record in enumerate(records, start=1):
        where = record.get("source") or record.get("id") or f"record {number}"
        if record.get("error"):
            failed(where, InputError(record["error"]))
            continue
        text = record.get("text")
        if not isinstance(text, str):
            failed(where, InputError('"text" is missing: the output must keep the text column'))
            continue
        article = Article(
            text=text,
            id=_field(record.get("id")),
            title=_field(record.get("title")),
            source=_field(record.get("source")),
            published=_field(record.get("published")),
        )
        quotes = [quote_from_record(q) for q in record.get("quotes") or ()]
        try:
            result = store.add_article(article, quotes, replace=reprocess)
        except StoreError as err:
            failed(where, err)
            continue
        report.count(result)
        if on_article:
            on_article(result)
    return report
