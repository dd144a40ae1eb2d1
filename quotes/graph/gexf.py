"""GEXF 1.3 export, streamed, with time and colours: the format Gephi's timeline reads.

:class:`GEXFWriter` writes any networkx graph the way :class:`quotes.graph.graphml.GraphMLWriter`
writes GraphML: one pass to fix each attribute's type, then nodes and edges straight to the
stream in 64 KiB chunks, never a second copy of the graph. On top of the plain attributes:

- time: a node or edge with a ``first``/``last`` date (the speaker network) or a
  ``published`` date (quotes and articles of the full graph) gets ``start``/``end``, and the
  graph is ``mode="dynamic" timeformat="date"``, so Gephi's timeline plays the network;
  something undated has no bounds (present at every time);
- colour and size: each node gets the colour of its ``kind`` (:data:`KIND_COLOURS`, the web
  page's legend) and a size that grows with its quotes; an edge's ``weight`` is its weight;
- the GEXF 1.3 schema (``gexf.net/1.3``, checked in the tests) declares the ``color`` and
  ``size`` elements in the GEXF namespace itself, so that is where they are written (Gephi
  reads them by their local name; networkx's reader, which looks in a ``viz`` namespace,
  reads the rest of the file and leaves the colours out).

Attribute values follow the GraphML rules (:func:`quotes.graph.graphml.graphml_value`): no None,
lists joined with ``"; "``, text cleaned of what XML 1.0 cannot carry.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import Any, TypeGuard

import networkx as nx

from quotes.errors import ExportError

# The GraphML writer's type rules and XML escaping, shared so both formats agree.
from quotes.graph.graphml import (
    PathOrFile,
    StreamedXML,
    _attr,
    _type_of,
    _unify,
    binary_target,
    graphml_value,
)

__all__ = ["KIND_COLOURS", "GEXFWriter", "write_gexf"]

_NS = "http://gexf.net/1.3"
_HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<gexf xmlns="{_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    f'xsi:schemaLocation="{_NS} {_NS}/gexf.xsd" version="1.3">\n'
)
# The colours of the web page's legend (api/web/static/js/views/graph.js), by node kind.
KIND_COLOURS: dict[str, tuple[int, int, int]] = {
    "person": (26, 95, 180),
    "organization": (198, 70, 0),
    "place": (38, 162, 105),
    "anonymous": (119, 118, 123),
    "quote": (192, 191, 188),
    "article": (97, 53, 131),
}
_DEFAULT_COLOUR = (85, 85, 85)
# Attributes that become the element's own XML attributes (time, weight, label), not data.
_TIME_PAIRS = (("first", "last"), ("published", "published"))
# Written as the element's XML attributes, not as data: Gephi has its own label and weight
# columns, and a data column of the same title would clash with them.
_NODE_OWN = frozenset({"label"})
_EDGE_OWN = frozenset({"label", "weight"})


def _date(value: Any) -> str | None:
    """``value`` as an ``xs:date``, or None when it is not one (then it gives no time)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    return None


def _times(data: dict[str, Any]) -> str:
    for first, last in _TIME_PAIRS:
        start, end = _date(data.get(first)), _date(data.get(last))
        if start or end:
            return (f' start="{start}"' if start else "") + (f' end="{end}"' if end else "")
    return ""


def _size(data: dict[str, Any]) -> float:
    quotes = sum(v for k in ("quotes_said", "quoted_about") if isinstance(v := data.get(k), int))
    return round(4.0 + 4.0 * math.sqrt(quotes), 2)


def _format(value: bool | int | float | str, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        number = float(value)
        return repr(number) if math.isfinite(number) else ("NaN" if number != number else "INF")
    if kind == "long":
        return str(int(value))
    return _attr(str(value))


class GEXFWriter(StreamedXML):
    """Writes one graph as GEXF 1.3 to a binary stream, element by element."""

    def write(self, graph: nx.Graph) -> None:
        """Write ``graph``: its attribute declarations, then nodes, then edges."""
        node_types, edge_types, dynamic = self._survey(graph)
        direction = "directed" if graph.is_directed() else "undirected"
        time = ' mode="dynamic" timeformat="date"' if dynamic else ' mode="static"'
        self._emit(_HEADER)
        self._emit(f"<meta><creator>quotes</creator>{self._description(graph)}</meta>\n")
        self._emit(f'<graph defaultedgetype="{direction}"{time}>\n')
        node_ids = self._declare("node", node_types)
        edge_ids = self._declare("edge", edge_types)
        self._emit(f'<nodes count="{graph.number_of_nodes()}">\n')
        for node, data in graph.nodes(data=True):
            label = data.get("label")
            self._emit(
                f'<node id="{_attr(str(node))}"'
                + (f' label="{_attr(str(label))}"' if label is not None else "")
                + f"{_times(data)}>{self._values(data, node_ids, node_types)}"
                + self._viz(data)
                + "</node>\n"
            )
        self._emit(f'</nodes>\n<edges count="{graph.number_of_edges()}">\n')
        for i, (u, v, key, data) in enumerate(self._edges(graph)):
            weight = data.get("weight")
            self._emit(
                f'<edge id="{_attr(str(key if key is not None else i))}" '
                f'source="{_attr(str(u))}" target="{_attr(str(v))}"'
                + (f' weight="{float(weight)!r}"' if _is_number(weight) else "")
                + f"{_times(data)}>{self._values(data, edge_ids, edge_types)}</edge>\n"
            )
        self._emit("</edges>\n</graph>\n</gexf>\n")
        self.flush()

    @staticmethod
    def _edges(graph: nx.Graph) -> Iterator[tuple[Any, Any, Any, dict[str, Any]]]:
        if graph.is_multigraph():
            for u, v, key, data in graph.edges(keys=True, data=True):
                yield u, v, data.get("edge_id", key), data
        else:
            for u, v, data in graph.edges(data=True):
                yield u, v, data.get("edge_id"), data

    def _survey(self, graph: nx.Graph) -> tuple[dict[str, str], dict[str, str], bool]:
        """Each attribute's type for nodes and for edges, and whether anything has a date."""
        dynamic = False

        def see(types: dict[str, str], data: dict[str, Any], own: frozenset[str]) -> None:
            nonlocal dynamic
            dynamic = dynamic or bool(_times(data))
            for name, raw in data.items():
                value = graphml_value(raw)
                if value is not None and name not in own:
                    kind = _type_of(value)
                    types[name] = _unify(types[name], kind) if name in types else kind

        node_types: dict[str, str] = {}
        edge_types: dict[str, str] = {}
        for _, data in graph.nodes(data=True):
            see(node_types, data, _NODE_OWN)
        for _, _, _, data in self._edges(graph):
            see(edge_types, data, _EDGE_OWN)
        return node_types, edge_types, dynamic

    def _declare(self, domain: str, types: dict[str, str]) -> dict[str, str]:
        ids = {name: f"{domain[0]}{i}" for i, name in enumerate(types)}
        if ids:
            self._emit(f'<attributes class="{domain}" mode="static">\n')
            for name, attr_id in ids.items():
                self._emit(
                    f'<attribute id="{attr_id}" title="{_attr(name)}" type="{types[name]}"/>\n'
                )
            self._emit("</attributes>\n")
        return ids

    @staticmethod
    def _description(graph: nx.Graph) -> str:
        parts = [f"{k}={graphml_value(v)}" for k, v in graph.graph.items() if v is not None]
        return f"<description>{_attr('; '.join(parts))}</description>" if parts else ""

    @staticmethod
    def _values(data: dict[str, Any], ids: dict[str, str], types: dict[str, str]) -> str:
        parts = []
        for name, raw in data.items():
            value = graphml_value(raw)
            if value is not None and name in ids:
                parts.append(f'<attvalue for="{ids[name]}" value="{_format(value, types[name])}"/>')
        return f"<attvalues>{''.join(parts)}</attvalues>" if parts else ""

    @staticmethod
    def _viz(data: dict[str, Any]) -> str:
        r, g, b = KIND_COLOURS.get(str(data.get("kind")), _DEFAULT_COLOUR)
        return f'<color r="{r}" g="{g}" b="{b}"/><size value="{_size(data)}"/>'


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def write_gexf(graph: nx.Graph, target: PathOrFile) -> None:
    """Write ``graph`` as GEXF 1.3 to a path or an open binary file (left open)."""
    with binary_target(target) as stream:
        try:
            GEXFWriter(stream).write(graph)
        except (OSError, TypeError) as err:
            raise ExportError(f"cannot write GEXF: {err}") from err
