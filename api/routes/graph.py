"""``/v1/graph``: the who-said-what-about-whom graph, as GraphML or node-link JSON.

Nodes are entities, quotes and articles; edges are ``said``, ``about`` and ``in`` (see
:mod:`quotes.graph`). ``speaker`` and ``about`` narrow it to the quotes by or about someone
(any spelling; unknown names are a 404 with suggestions). The graph is built from the store
in the threadpool, then written by the library's streaming writers straight into the
response body, so a large graph starts arriving at once and is never held twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Annotated

import networkx as nx
from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from api.deps import StoreDep
from api.lookup import resolve_or_404
from api.routes import problems
from api.routes.speakers import Kind
from api.streaming import stream_writer
from quotes import graph as graphs
from quotes.exports import write_node_link_json
from quotes.graphml import write_graphml
from quotes.store import Store

__all__ = ["GRAPHML", "router"]

router = APIRouter(prefix="/graph", tags=["graph"])

GRAPHML = "application/graphml+xml"
Speaker = Annotated[
    str | None, Query(min_length=1, max_length=200, description="Only quotes by this speaker.")
]
About = Annotated[
    str | None, Query(min_length=1, max_length=200, description="Only quotes about this entity.")
]

_NODE_LINK = {
    "content": {"application/json": {"schema": {"type": "object"}}},
    "description": "networkx node-link JSON (edges under `edges`)",
}


def _graph(
    store: Store, speaker: str | None, about: str | None, kind: str | None
) -> nx.MultiDiGraph:
    if speaker is not None:
        resolve_or_404(store, speaker, what="speaker", speakers_only=True)
    if about is not None:
        resolve_or_404(store, about)
    return graphs.from_records(store.graph_records(speaker=speaker, about=about, kind=kind))


def _streamed(
    write: Callable[[nx.Graph, IO[bytes]], None], g: nx.Graph, media_type: str, filename: str
) -> StreamingResponse:
    return StreamingResponse(
        stream_writer(lambda stream: write(g, stream)),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(
    ".graphml",
    summary="The graph as GraphML",
    response_class=StreamingResponse,
    responses=problems(404, 422, ok={"content": {GRAPHML: {}}, "description": "GraphML 1.0"}),
)
def graph_graphml(
    store: StoreDep, speaker: Speaker = None, about: About = None, kind: Kind = None
) -> StreamingResponse:
    """GraphML for Gephi, Cytoscape, igraph or networkx, streamed; every edge has the
    ``kind`` of its quote (direct, indirect, mixed)."""
    graph = _graph(store, speaker, about, kind)
    return _streamed(write_graphml, graph, GRAPHML, "quotes.graphml")


@router.get(
    "",
    summary="The graph as node-link JSON",
    response_class=StreamingResponse,
    responses=problems(404, 422, ok=_NODE_LINK),
)
def graph_json(
    store: StoreDep, speaker: Speaker = None, about: About = None, kind: Kind = None
) -> StreamingResponse:
    """Node-link JSON, as `networkx.node_link_data(graph, edges="edges")` gives, streamed."""
    return _streamed(
        write_node_link_json, _graph(store, speaker, about, kind), "application/json", "quotes.json"
    )
