"""The graph of who said what about whom, built with networkx from the store's plain records.

:func:`build_graph` turns entity, article and quote records into a
:class:`networkx.MultiDiGraph`: nodes of kind ``person``, ``organization``, ``place``,
``anonymous``, ``quote`` and ``article``, each with a ``label``; edges with a ``relation``:
entity ``said`` quote, quote ``about`` entity (with ``how`` the target was found: ``name``,
``pronoun``, ``description`` or ``frame``), quote ``in`` article; every edge carries its
quote's ``kind`` (``direct``, ``indirect`` or ``mixed``: a quotation, reported speech, or
reported speech with a quoted fragment), which quote nodes carry as ``quote_kind``.
:func:`project` folds it into a speaker → target :class:`networkx.DiGraph` weighted by the
number of quotes (and by how), optionally keeping only some ways of finding targets. The queries
below work on either graph. No SQL and no I/O here: the store yields records, the exporters in
:mod:`quotes.graph.graphml` and :mod:`quotes.graph.exports` write files.

Every attribute value is a str, int, float or bool (lists are joined with ``"; "``, missing
values are left out), so the graph goes to GraphML and JSON as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from quotes.errors import InputError, NotFoundError
from quotes.models import ABOUT_HOWS, QUOTE_KINDS
from quotes.store.entities import Candidate, alias_key, matches
from quotes.store.records import ArticleRecord, EntityRecord, GraphRecords, QuoteRecord

__all__ = [
    "ALIAS_SEPARATOR",
    "ENTITY_NODE_KINDS",
    "article_node",
    "build_graph",
    "ego",
    "entity_node",
    "find_entity_nodes",
    "from_records",
    "keep_about",
    "project",
    "quote_node",
    "quotes_about",
    "quotes_by_speaker",
    "top_pairs",
]

ALIAS_SEPARATOR = "; "
ENTITY_NODE_KINDS = frozenset({"person", "organization", "place", "anonymous"})


def entity_node(entity_id: int) -> str:
    """The node id of an entity."""
    return f"entity:{entity_id}"


def quote_node(quote_id: str) -> str:
    """The node id of a quote."""
    return f"quote:{quote_id}"


def article_node(article_id: str) -> str:
    """The node id of an article."""
    return f"article:{article_id}"


def _present(**values: Any) -> dict[str, Any]:
    """The attributes that have a value: GraphML and most readers have no null."""
    return {k: v for k, v in values.items() if v is not None and v != ""}


def _entity_attrs(entity: EntityRecord) -> dict[str, Any]:
    return _present(
        kind=entity.kind,
        label=entity.name,
        entity_id=entity.id,
        aliases=ALIAS_SEPARATOR.join(entity.aliases),
    )


def _article_attrs(article: ArticleRecord) -> dict[str, Any]:
    return _present(
        kind="article",
        label=article.title or article.id,
        article_id=article.id,
        source=article.source,
        published=article.published,
        url=article.url,
        outlet=article.outlet,
    )


def _quote_attrs(quote: QuoteRecord) -> dict[str, Any]:
    return _present(
        kind="quote", label=quote.text, quote_id=quote.id, article_id=quote.article_id,
        start=quote.start, end=quote.end, speaker=quote.speaker_name,
        mention=quote.mention_text, cue=quote.cue_text, cue_start=quote.cue_start,
        cue_end=quote.cue_end, role=quote.role, affiliation=quote.affiliation,
        rule=quote.rule, confidence=float(quote.confidence), published=quote.published,
        quote_kind=quote.kind,
    )  # fmt: skip


def build_graph(
    entities: Iterable[EntityRecord],
    articles: Iterable[ArticleRecord],
    quotes: Iterable[QuoteRecord],
) -> nx.MultiDiGraph:
    """The who-said-what-about-whom graph. Every entity a quote names must be in ``entities``."""
    graph = nx.MultiDiGraph()
    for entity in entities:
        graph.add_node(entity_node(entity.id), **_entity_attrs(entity))
    for article in articles:
        graph.add_node(article_node(article.id), **_article_attrs(article))
    for quote in quotes:
        node = quote_node(quote.id)
        graph.add_node(node, **_quote_attrs(quote))
        edge = (quote.id, quote.kind)
        if quote.speaker_id is not None:
            _edge(graph, entity_node(quote.speaker_id), node, "said", *edge)
        for target, attrs in _about_attrs(quote).items():
            key = f"about:{quote.id}:{target}"
            _edge(graph, node, entity_node(target), "about", *edge, key, attrs)
        _edge(graph, node, article_node(quote.article_id), "in", *edge)
    return graph


def _about_attrs(quote: QuoteRecord) -> dict[int, dict[str, Any]]:
    """Each target's edge attributes: ``how`` it was found (``name``, ``pronoun``,
    ``description``, ``frame``), so a user can drop the weaker kinds, and the mention's
    offsets when known. The first entry for a target wins."""
    out: dict[int, dict[str, Any]] = {}
    for i, target in enumerate(quote.about_ids):
        if target in out:
            continue
        how = quote.about_hows[i] if i < len(quote.about_hows) else "name"
        start = quote.about_starts[i] if i < len(quote.about_starts) else None
        end = quote.about_ends[i] if i < len(quote.about_ends) else None
        out[target] = _present(how=how, mention_start=start, mention_end=end)
    return out


def _edge(
    graph: nx.MultiDiGraph,
    u: str,
    v: str,
    relation: str,
    quote_id: str,
    kind: str,
    key: str | None = None,
    attrs: dict[str, Any] | None = None,
) -> None:
    for end in (u, v):
        if end not in graph:
            raise ValueError(f"quote {quote_id!r} refers to {end!r}, which is not in the records")
    key = key or f"{relation}:{quote_id}"
    graph.add_edge(
        u, v, key=key, relation=relation, quote_id=quote_id, edge_id=key, kind=kind,
        **(attrs or {}),
    )  # fmt: skip


def from_records(records: GraphRecords) -> nx.MultiDiGraph:
    """:func:`build_graph` of what :meth:`quotes.store.database.Store.graph_records` returned."""
    return build_graph(records.entities, records.articles, records.quotes)


def project(graph: nx.MultiDiGraph, hows: Iterable[str] | None = None) -> nx.DiGraph:
    """Speaker → target, one edge per pair, ``weight`` = the number of quotes, ``kind`` the
    kinds among them ("direct", "direct; indirect", ...).

    ``hows`` keeps only targets found those ways (say ``{"name", "frame"}`` to drop those
    found through a pronoun or a description); each edge also counts its quotes by how, as
    ``weight_name``, ``weight_pronoun``, ``weight_description`` and ``weight_frame``.
    """
    kept = set(ABOUT_HOWS if hows is None else hows)
    projected = nx.DiGraph()
    for node, data in graph.nodes(data=True):
        if data.get("kind") in ENTITY_NODE_KINDS:
            projected.add_node(node, **data)
    for quote, data in graph.nodes(data=True):
        if data.get("kind") != "quote":
            continue
        speakers = [u for u, _, r in graph.in_edges(quote, data="relation") if r == "said"]
        targets = {
            v: d.get("how", "name")
            for _, v, d in graph.out_edges(quote, data=True)
            if d.get("relation") == "about" and d.get("how", "name") in kept
        }
        kind = str(data.get("quote_kind", "direct"))
        for speaker in speakers:
            for target, how in targets.items():
                if not projected.has_edge(speaker, target):
                    projected.add_edge(speaker, target, weight=0, kind=kind, **_HOW_WEIGHTS)
                edge = projected[speaker][target]
                edge["weight"] += 1
                edge[f"weight_{how}"] += 1
                kinds = set(str(edge["kind"]).split(ALIAS_SEPARATOR)) | {kind}
                edge["kind"] = ALIAS_SEPARATOR.join(k for k in QUOTE_KINDS if k in kinds)
    return projected


_HOW_WEIGHTS = {f"weight_{how}": 0 for how in ABOUT_HOWS}


def keep_about(graph: nx.MultiDiGraph, hows: Iterable[str]) -> nx.MultiDiGraph:
    """The graph with only the ``about`` edges found in one of ``hows`` (in place)."""
    kept = set(hows)
    unknown = kept - set(ABOUT_HOWS)
    if unknown:
        raise InputError(
            f"unknown way of finding a target: {', '.join(sorted(unknown))} "
            f"(choose from {', '.join(ABOUT_HOWS)})"
        )
    dropped = [
        (u, v, k)
        for u, v, k, d in graph.edges(keys=True, data=True)
        if d.get("relation") == "about" and d.get("how", "name") not in kept
    ]
    graph.remove_edges_from(dropped)
    return graph


def find_entity_nodes(graph: nx.Graph, name: str) -> list[str]:
    """Entity nodes ``name`` names: exact spellings (label or alias) first, else variants."""
    key = alias_key(name)
    entities = [
        (node, data) for node, data in graph.nodes(data=True)
        if data.get("kind") in ENTITY_NODE_KINDS
    ]  # fmt: skip
    exact = [node for node, data in entities if key in {alias_key(a) for a in _spellings(data)}]
    if exact:
        return exact
    return [
        node
        for node, data in entities
        if matches(name, Candidate(0, str(data.get("label", "")), str(data["kind"])))
    ]


def _spellings(data: dict[str, Any]) -> list[str]:
    aliases = str(data.get("aliases", ""))
    return [str(data.get("label", "")), *(a for a in aliases.split(ALIAS_SEPARATOR) if a)]


def _quotes_sorted(graph: nx.MultiDiGraph, nodes: Iterable[str]) -> list[str]:
    def order(node: str) -> tuple[str, str, int]:
        data = graph.nodes[node]
        return (data.get("published", ""), data.get("article_id", ""), -data.get("start", 0))

    return sorted(set(nodes), key=order, reverse=True)


def quotes_by_speaker(graph: nx.MultiDiGraph, name: str) -> list[str]:
    """Quote nodes said by the entity ``name`` names (any alias), newest first."""
    speakers = find_entity_nodes(graph, name)
    said = (v for s in speakers for _, v, r in graph.out_edges(s, data="relation") if r == "said")
    return _quotes_sorted(graph, said)


def quotes_about(graph: nx.MultiDiGraph, name: str) -> list[str]:
    """Quote nodes about the entity ``name`` names (any alias), newest first."""
    targets = find_entity_nodes(graph, name)
    about = (u for t in targets for u, _, r in graph.in_edges(t, data="relation") if r == "about")
    return _quotes_sorted(graph, about)


def top_pairs(projected: nx.DiGraph, n: int = 20) -> list[tuple[str, str, int]]:
    """The ``n`` heaviest speaker → target edges of a projection: (speaker, target, quotes)."""
    edges = [(u, v, int(w)) for u, v, w in projected.edges(data="weight", default=0)]
    edges.sort(key=lambda e: (-e[2], e[0], e[1]))
    return edges[:n]


def ego(projected: nx.DiGraph, name: str, radius: int = 1) -> nx.DiGraph:
    """The entities within ``radius`` steps of the one ``name`` names, either direction."""
    found = find_entity_nodes(projected, name)
    if not found:
        raise NotFoundError(f"no entity named {name!r} in the graph")
    return nx.ego_graph(projected, found[0], radius=radius, undirected=True)
