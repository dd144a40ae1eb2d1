"""Hand-made Quote, Article and record fixtures for the store, graph and export tests."""

from __future__ import annotations

from quotes.models import Article, EntityRef, Quote, TextSpan
from quotes.store.records import ArticleRecord, EntityRecord, QuoteRecord


def person(name: str, *aliases: str) -> EntityRef:
    return EntityRef(name, "person", aliases)


def org(name: str, *aliases: str) -> EntityRef:
    return EntityRef(name, "organization", aliases)


def place(name: str, *aliases: str) -> EntityRef:
    return EntityRef(name, "place", aliases)


def anonymous(name: str) -> EntityRef:
    return EntityRef(name, "anonymous")


def quote(
    start: int,
    speaker: EntityRef | None,
    *about: EntityRef,
    role: str | None = None,
    text: str | None = None,
) -> Quote:
    words = text or f"quote at {start}"
    return Quote(
        start=start,
        end=start + len(words),
        text=words,
        speaker=speaker,
        role=role,
        speaker_mention=TextSpan(speaker.name, start + 100, start + 100 + len(speaker.name))
        if speaker
        else None,
        cue=TextSpan("said", start + 90, start + 94),
        about=about,
        rule="test",
        confidence=0.75,
    )


def article(text: str, article_id: str | None = None, published: str | None = None) -> Article:
    return Article(text=text, id=article_id, title=f"title of {article_id}", published=published)


def entity(entity_id: int, name: str, kind: str = "person", *aliases: str) -> EntityRecord:
    return EntityRecord(entity_id, name, kind, (name, *aliases))


def article_record(article_id: str, published: str | None = "2021-12-30") -> ArticleRecord:
    return ArticleRecord(article_id, f"hash-{article_id}", f"Title {article_id}", None, published)


def quote_record(
    article_id: str,
    start: int,
    speaker: int | None,
    *about: int,
    text: str = "words",
    published: str | None = "2021-12-30",
    kind: str = "direct",
) -> QuoteRecord:
    return QuoteRecord(
        id=f"{article_id}:{start}-{start + len(text)}",
        article_id=article_id,
        start=start,
        end=start + len(text),
        text=text,
        speaker_id=speaker,
        cue_text="said",
        role="spokesman" if speaker else None,
        rule="test",
        confidence=0.5,
        published=published,
        kind=kind,
        about_ids=about,
    )
