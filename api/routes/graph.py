"""``/v1/graph``: who speaks about whom, as GraphML, GEXF or node-link JSON, streamed.

By default the speaker network (:mod:`quotes.graph.network`): entities, one weighted, dated edge
per speaker → target pair with its first quote texts; ``form=full`` gives the three-kind graph
of entities, quotes and articles (``said``, ``about``, ``in``). Every format takes the same
filters: ``since``/``until`` (the article's date), ``speaker``, ``about`` (any spelling;
unknown names are a 404 with suggestions), ``min_confidence``, ``kind`` and ``min_weight``.
The graph is built from the store in the threadpool, then written by the library's streaming
writers straight into the response body, so a large graph starts arriving at once and is
never held twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import IO, Annotated, Literal

import networkx as nx
from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from api.deps import StoreDep
from api.lookup import resolve_or_404
from api.routes import problems
from api.routes.speakers import Kind
from api.streaming import stream_writer
from quotes.graph.exports import export_graph, write_node_link_json
from quotes.graph.gexf import write_gexf
from quotes.graph.graphml import write_graphml
from quotes.store.records import ExportFilter

__all__ = ["GEXF", "GRAPHML", "router"]

router = APIRouter(prefix="/graph", tags=["graph"])

GRAPHML = "application/graphml+xml"
GEXF = "application/gexf+xml"
Speaker = Annotated[
    str | None, Query(min_length=1, max_length=200, description="Only quotes by this speaker.")
]
About = Annotated[
    str | None, Query(min_length=1, max_length=200, description="Only quotes about this entity.")
]
Form = Annotated[
    Literal["speakers", "full"],
    Query(description="speakers: who speaks about whom; full: entities, quotes and articles."),
]
Since = Annotated[dt.date | None, Query(description="Published on or after (YYYY-MM-DD).")]
Until = Annotated[dt.date | None, Query(description="Published on or before (YYYY-MM-DD).")]
MinConfidence = Annotated[
    float | None, Query(ge=0.0, le=1.0, description="Only quotes at least this sure.")
]
How = Annotated[
    str | None,
    Query(
        max_length=64,
        description="Keep only about-links found these ways, comma-separated: name, pronoun, "
        "description, frame (e.g. name,frame).",
    ),
]
MinWeight = Annotated[
    int, Query(ge=1, le=1_000_000, description="Speaker network: edges with this many quotes.")
]

_NODE_LINK = {
    "content": {"application/json": {"schema": {"type": "object"}}},
    "description": "networkx node-link JSON (edges under `edges`)",
}


def _graph(
    store: StoreDep,
    form: Form = "speakers",
    since: Since = None,
    until: Until = None,
    speaker: Speaker = None,
    about: About = None,
    min_confidence: MinConfidence = None,
    kind: Kind = None,
    min_weight: MinWeight = 1,
    how: How = None,
) -> nx.Graph:
    """The graph the query asks for (a dependency: every format takes the same filters)."""
    selection = ExportFilter(
        since=since, until=until, speaker=speaker, about=about,
        min_confidence=min_confidence, kind=kind, min_weight=min_weight,
        how=tuple(h.strip() for h in how.split(",") if h.strip()) if how else None,
    )  # fmt: skip
    if speaker is not None:
        resolve_or_404(store, speaker, what="speaker", speakers_only=True)
    if about is not None:
        resolve_or_404(store, about)
    return export_graph(store, form, selection)


def _streamed(
    write: Callable[[nx.Graph, IO[bytes]], None], g: nx.Graph, media_type: str, filename: str
) -> StreamingResponse:
    return StreamingResponse(
        stream_writer(lambda stream: write(g, stream)),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


GraphDep = Annotated[nx.Graph, Depends(_graph)]


@router.get(
    ".graphml",
    summary="The graph as GraphML",
    response_class=StreamingResponse,
    responses=problems(404, 422, ok={"content": {GRAPHML: {}}, "description": "GraphML 1.0"}),
)
def graph_graphml(g: GraphDep) -> StreamingResponse:
    """GraphML for Cytoscape, igraph, networkx or Gephi, streamed."""
    return _streamed(write_graphml, g, GRAPHML, "quotes.graph.graphml")


@router.get(
    ".gexf",
    summary="The graph as GEXF 1.3, with time",
    response_class=StreamingResponse,
    responses=problems(404, 422, ok={"content": {GEXF: {}}, "description": "GEXF 1.3"}),
)
def graph_gexf(g: GraphDep) -> StreamingResponse:
    """GEXF 1.3 for Gephi: nodes and edges dated by their articles, coloured by kind."""
    return _streamed(write_gexf, g, GEXF, "quotes.graph.gexf")


@router.get(
    "",
    summary="The graph as node-link JSON",
    response_class=StreamingResponse,
    responses=problems(404, 422, ok=_NODE_LINK),
)
def graph_json(g: GraphDep) -> StreamingResponse:
    """Node-link JSON, as `networkx.node_link_data(graph, edges="edges")` gives, streamed."""
    return _streamed(write_node_link_json, g, "application/json", "quotes.json")
