"""GraphML export, streamed: the graph is written element by element, never built twice.

networkx's own ``write_graphml`` builds an ElementTree of the whole document first, which for
a large graph holds it in memory a second time. :class:`GraphMLWriter` makes one pass over the
attributes to fix each key's type, then writes nodes and edges straight to the stream.

What the output guarantees, so Gephi, Cytoscape, igraph, graph-tool and networkx read it:

- one ``attr.type`` per attribute name across nodes, edges and the graph (ints and floats mixed
  become ``double``; anything else mixed becomes ``string``);
- no None (left out), no lists (joined with ``"; "``), no dicts (JSON-encoded);
- the edge key is the ``id`` of ``<edge>`` and also a plain ``edge_id`` attribute, because
  some readers drop GraphML edge ids;
- ids and attribute names are valid ``NMTOKEN``s as the schema requires: a character outside
  ``[A-Za-z0-9._:-]`` becomes ``_xHHHH_`` (XmlConvert's reversible encoding);
- text is escaped, and characters XML 1.0 cannot carry at all (NUL and other C0 controls,
  lone surrogates, U+FFFE/U+FFFF) become U+FFFD.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from numbers import Integral, Real
from typing import IO, Any

import networkx as nx

from quotes.errors import ExportError

__all__ = [
    "GraphMLWriter",
    "PathOrFile",
    "binary_target",
    "graphml_value",
    "nmtoken",
    "write_graphml",
]

PathOrFile = str | os.PathLike[str] | IO[bytes]

_NS = "http://graphml.graphdrawing.org/xmlns"
_HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<graphml xmlns="{_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    f'xsi:schemaLocation="{_NS} {_NS}/1.0/graphml.xsd">\n'
)
_LIST_SEPARATOR = "; "
_INT64 = (-(2**63), 2**63 - 1)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_NMTOKEN = re.compile(r"[^A-Za-z0-9.:\-_]|_(?=x[0-9A-Fa-f]{4}_)")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
     "\t": "&#9;"}
)  # fmt: skip
# Flush the text buffer to the stream at about this many characters.
_FLUSH_AT = 1 << 16


def nmtoken(value: object) -> str:
    """``value`` as a GraphML id: unchanged if it is already a safe NMTOKEN."""
    text = str(value)
    if not text:
        raise ExportError("GraphML ids and attribute names cannot be empty")
    return _NOT_NMTOKEN.sub(_encode_char, text)


def _encode_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"_x{code:04X}_" if code <= 0xFFFF else f"_U{code:08X}_"


def _clean(text: str) -> str:
    return _ILLEGAL.sub("\ufffd", text) if _ILLEGAL.search(text) else text


def graphml_value(value: Any) -> bool | int | float | str | None:
    """A value GraphML can hold: None stays None (left out), collections become strings."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, Real):
        return float(value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    if isinstance(value, set | frozenset):
        return _LIST_SEPARATOR.join(sorted(str(graphml_value(v)) for v in value))
    if isinstance(value, list | tuple):
        return _LIST_SEPARATOR.join(str(graphml_value(v)) for v in value if v is not None)
    return str(value)


def _type_of(value: bool | int | float | str) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long" if _INT64[0] <= value <= _INT64[1] else "string"
    return "double" if isinstance(value, float) else "string"


def _unify(a: str, b: str) -> str:
    if a == b:
        return a
    if {a, b} == {"long", "double"}:
        return "double"
    return "string"


def _format(value: bool | int | float | str, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "string":
        return _clean(str(value)).translate(_TEXT_ESCAPES)
    if kind == "double":
        return repr(float(value))
    return str(int(value))


class StreamedXML:
    """Text written to a binary stream as UTF-8 in chunks of about 64 KiB: what keeps the
    GraphML and GEXF writers' memory flat whatever the graph's size."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._buffer: list[str] = []
        self._size = 0

    def _emit(self, text: str) -> None:
        self._buffer.append(text)
        self._size += len(text)
        if self._size >= _FLUSH_AT:
            self.flush()

    def flush(self) -> None:
        """Encode and write what is buffered."""
        if self._buffer:
            self._stream.write("".join(self._buffer).encode("utf-8"))
            self._buffer, self._size = [], 0


class GraphMLWriter(StreamedXML):
    """Writes one graph as GraphML to a binary stream, element by element."""

    def write(self, graph: nx.Graph) -> None:
        """Write ``graph``: keys, then the graph's own data, nodes, and edges."""
        types = self._infer_types(graph)
        keys = self._write_keys(graph, types)
        direction = "directed" if graph.is_directed() else "undirected"
        self._emit(_HEADER)
        self._emit("".join(keys["__decl__"]))
        self._emit(f'<graph id="G" edgedefault="{direction}">\n')
        self._emit(self._data(graph.graph, keys["graph"], types))
        for node, data in graph.nodes(data=True):
            body = self._data(data, keys["node"], types)
            self._emit(f'<node id="{_attr(nmtoken(node))}">{body}</node>\n')
        for u, v, key, data in self._edges(graph):
            edge_id = f' id="{_attr(nmtoken(key))}"' if key is not None else ""
            body = self._data(data, keys["edge"], types)
            self._emit(
                f'<edge{edge_id} source="{_attr(nmtoken(u))}" '
                f'target="{_attr(nmtoken(v))}">{body}</edge>\n'
            )
        self._emit("</graph>\n</graphml>\n")
        self.flush()

    @staticmethod
    def _edges(graph: nx.Graph) -> Iterator[tuple[Any, Any, Any, dict[str, Any]]]:
        if graph.is_multigraph():
            for u, v, key, data in graph.edges(keys=True, data=True):
                # The key is the edge id; written as an attribute too (some readers drop ids).
                yield u, v, data.get("edge_id", key), {"edge_id": str(key), **data}
        else:
            for u, v, data in graph.edges(data=True):
                yield u, v, data.get("edge_id"), data

    def _infer_types(self, graph: nx.Graph) -> dict[str, str]:
        types: dict[str, str] = {}

        def see(data: dict[str, Any]) -> None:
            for name, raw in data.items():
                value = graphml_value(raw)
                if value is not None:
                    kind = _type_of(value)
                    types[name] = _unify(types[name], kind) if name in types else kind

        see(graph.graph)
        for _, data in graph.nodes(data=True):
            see(data)
        for _, _, _, data in self._edges(graph):
            see(data)
        return types

    def _write_keys(self, graph: nx.Graph, types: dict[str, str]) -> dict[str, Any]:
        used: dict[str, dict[str, None]] = {"graph": {}, "node": {}, "edge": {}}
        used["graph"].update(dict.fromkeys(graph.graph))
        for _, data in graph.nodes(data=True):
            used["node"].update(dict.fromkeys(data))
        for _, _, _, data in self._edges(graph):
            used["edge"].update(dict.fromkeys(data))
        keys: dict[str, Any] = {"__decl__": []}
        for domain in ("graph", "node", "edge"):
            keys[domain] = {}
            for name in used[domain]:
                if name not in types:  # only ever None
                    continue
                key_id = f"d{len(keys['__decl__'])}"
                keys[domain][name] = key_id
                keys["__decl__"].append(
                    f'<key id="{key_id}" for="{domain}" attr.name="{_attr(nmtoken(name))}" '
                    f'attr.type="{types[name]}"/>\n'
                )
        return keys

    @staticmethod
    def _data(data: dict[str, Any], keys: dict[str, str], types: dict[str, str]) -> str:
        parts = []
        for name, raw in data.items():
            value = graphml_value(raw)
            if value is not None:
                parts.append(f'<data key="{keys[name]}">{_format(value, types[name])}</data>')
        return "".join(parts)


def _attr(text: str) -> str:
    return _clean(text).translate(_ATTR_ESCAPES)


@contextmanager
def binary_target(target: PathOrFile) -> Iterator[IO[bytes]]:
    """An open binary stream for a path (closed after) or the given file (left open)."""
    if isinstance(target, str | os.PathLike):
        try:
            with open(target, "wb") as stream:
                yield stream
        except OSError as err:
            raise ExportError(f"cannot write {os.fspath(target)!r}: {err.strerror}") from err
    else:
        yield target


def write_graphml(graph: nx.Graph, target: PathOrFile) -> None:
    """Write ``graph`` as GraphML to a path or an open binary file (left open)."""
    with binary_target(target) as stream:
        try:
            GraphMLWriter(stream).write(graph)
        except (OSError, TypeError) as err:
            raise ExportError(f"cannot write GraphML: {err}") from err
