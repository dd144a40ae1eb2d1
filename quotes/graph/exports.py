"""The graph an export holds, its node-link JSON and a CSV of the quotes table, streamed.

:func:`export_graph` is the one place the CLI and the API get the graph they export: the
speaker network (the default form, :mod:`quotes.graph.network`) or the full three-kind graph
(:mod:`quotes.graph.build`), of the quotes an :class:`~quotes.store.records.ExportFilter` keeps.

The JSON is what :func:`networkx.node_link_data` gives (``edges="edges"``), so
``networkx.node_link_graph(data, edges="edges")`` reads it back; it is written node by node
rather than built as one dict. The CSV is for spreadsheet users: one quote per row, and a cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with ``'``
so a spreadsheet shows it as text instead of running it as a formula (CSV injection).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from typing import IO, Any

import networkx as nx

from quotes.errors import ExportError, InputError
from quotes.graph import build as graphs
from quotes.graph.graphml import PathOrFile, binary_target, graphml_value
from quotes.graph.network import speaker_network
from quotes.store.database import Store
from quotes.store.records import ExportFilter, QuoteRecord

__all__ = [
    "CSV_COLUMNS",
    "GRAPH_FORMS",
    "check_quote_filter",
    "export_graph",
    "neutralise_cell",
    "write_node_link_json",
    "write_quotes_csv",
]

# "speakers": entities only, one edge per speaker -> target pair; "full": entities, quotes
# and articles, linked by said / about / in.
GRAPH_FORMS = ("speakers", "full")

CSV_COLUMNS = (
    "quote_id", "article_id", "published", "start", "end", "text", "speaker", "speaker_kind",
    "role", "affiliation", "mention", "cue", "rule", "confidence", "about", "kind",
)  # fmt: skip
_SURROGATE = re.compile("[\ud800-\udfff]")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_graph(store: Store, form: str, selection: ExportFilter | None = None) -> nx.Graph:
    """The graph of ``form`` (one of :data:`GRAPH_FORMS`) over the quotes ``selection`` keeps.

    ``min_weight`` counts the quotes of a speaker -> target edge, which only the speaker
    network has: asked of another form it is an :class:`InputError`, not ignored.
    """
    selection = selection or ExportFilter()
    if form == "speakers":
        return speaker_network(store, selection)
    if form != "full":
        raise InputError(f"form must be one of {', '.join(GRAPH_FORMS)}, not {form!r}")
    if selection.min_weight > 1:
        raise InputError("min_weight applies to the speaker network (form speakers), not full")
    built = graphs.from_records(store.graph_records(selection=selection))
    return graphs.keep_about(built, selection.how) if selection.how else built


def check_quote_filter(selection: ExportFilter) -> None:
    """A filter for the quotes table (CSV): ``min_weight`` has no meaning there."""
    if selection.min_weight > 1:
        raise InputError("min_weight applies to the speaker network, not to the quotes table")


def neutralise_cell(value: object) -> object:
    """A text cell a spreadsheet will not evaluate; numbers and None pass through."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _json_line(obj: dict[str, Any]) -> str:
    # A lone surrogate cannot be encoded as UTF-8: it becomes U+FFFD, as in the GraphML.
    return _SURROGATE.sub("\ufffd", json.dumps(obj, ensure_ascii=False, allow_nan=False))


def _clean_attrs(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {}
    for name, raw in data.items():
        value = graphml_value(raw)
        if isinstance(value, float) and value != value:  # NaN has no JSON spelling
            value = None
        if value is not None:
            cleaned[name] = value
    return cleaned


def write_node_link_json(graph: nx.Graph, target: PathOrFile) -> None:
    """Write ``graph`` as node-link JSON to a path or an open binary file."""
    with binary_target(target) as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8", newline="\n", write_through=True)
        try:
            head = {
                "directed": graph.is_directed(),
                "multigraph": graph.is_multigraph(),
                "graph": _clean_attrs(graph.graph),
            }
            stream.write(_json_line(head)[:-1] + ',\n"nodes": [')
            for i, (node, data) in enumerate(graph.nodes(data=True)):
                stream.write(
                    ("," if i else "") + "\n" + _json_line({**_clean_attrs(data), "id": node})
                )
            stream.write('\n],\n"edges": [')
            edges = (
                graph.edges(keys=True, data=True)
                if graph.is_multigraph()
                else ((u, v, None, d) for u, v, d in graph.edges(data=True))
            )
            for i, (u, v, key, data) in enumerate(edges):
                edge = {**_clean_attrs(data), "source": u, "target": v}
                if key is not None:
                    edge["key"] = key
                stream.write(("," if i else "") + "\n" + _json_line(edge))
            stream.write("\n]}\n")
            stream.flush()
        except (TypeError, ValueError, OSError) as err:
            raise ExportError(f"cannot write node-link JSON: {err}") from err
        finally:
            stream.detach()  # leave the caller's file open


def _csv_row(quote: QuoteRecord) -> list[object]:
    row: list[object] = [
        quote.id, quote.article_id, quote.published, quote.start, quote.end, quote.text,
        quote.speaker_name, quote.speaker_kind, quote.role, quote.affiliation,
        quote.mention_text, quote.cue_text, quote.rule, round(quote.confidence, 3),
        "; ".join(quote.about_names), quote.kind,
    ]  # fmt: skip
    return [neutralise_cell(cell) for cell in row]


def write_quotes_csv(quotes: Iterable[QuoteRecord], target: PathOrFile) -> int:
    """Write the quotes as CSV (UTF-8, header row) to a path or a binary file; rows written."""
    count = 0
    with binary_target(target) as raw:
        stream: IO[str] = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=True)
        try:
            writer = csv.writer(stream)
            writer.writerow(CSV_COLUMNS)
            for quote in quotes:
                writer.writerow(_csv_row(quote))
                count += 1
            stream.flush()
        except OSError as err:
            raise ExportError(f"cannot write CSV: {err}") from err
        finally:
            stream.detach()  # type: ignore[attr-defined]
    return count
