"""Exports carry hostile quote text unchanged and let none of it escape into the format.

Quotes whose text closes GraphML elements and opens new ones, ends CDATA, holds every kind of
quotation mark, control characters and NUL, or starts like a spreadsheet formula, are
stored and exported as GraphML, node-link JSON and CSV. Read back (lxml against the XSD and
networkx; ``json``; ``csv``) each text is what was stored (GraphML can carry no NUL or other
C0 control: those become U+FFFD, as :mod:`quotes.graph.graphml` documents), no element or node was
injected, and every CSV cell starting with ``=``, ``+``, ``-`` or ``@`` is neutralised with a
leading ``'``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

from quotes.graph import build as graph
from quotes.graph.exports import write_node_link_json, write_quotes_csv
from quotes.graph.graphml import write_graphml
from quotes.models import Article, EntityRef, Quote
from quotes.store.database import Store

NASTY = [
    '</data><node id="x"><data key="d0">pwned</data></node><data key="d1">',
    "]]><![CDATA[ <evil/> ]]>",
    "He said \"straight\", 'single', “curly”, «guillemets» and &amp; &lt;",
    '=HYPERLINK("http://evil.example","click")',
    "+1+1 is two",
    "-2+3 as a cell",
    "@SUM(A1:A9) again",
    "tab\there, newline\nhere, carriage\rreturn",
    "nul\x00bell\x07escape\x1b form\x0c feed, and \u2028 separator",
    "<script>alert('x')</script> & <!-- comment --> <?php echo 1; ?>",
]
SPEAKER = EntityRef(name='Mara "</data>" Velkin', kind="person")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    url = f"sqlite:///{tmp_path_factory.mktemp('exports') / 'q.db'}"
    text, quotes = "", []
    for quote_text in NASTY:
        start = len(text) + 1
        text += "“" + quote_text + "” said Velkin.\n"
        quotes.append(Quote(start=start, end=start + len(quote_text), text=quote_text,
                            speaker=SPEAKER, rule="cue", confidence=0.9))  # fmt: skip
    opened = Store.open(url)
    opened.add_article(Article(text=text, id="nasty", title="]]></title>"), quotes)
    return opened


def _graph(store: Store) -> nx.MultiDiGraph:
    return graph.from_records(store.graph_records())


def _schema() -> etree.XMLSchema:
    default = Path(__file__).resolve().parents[3] / "shared" / "graphml" / "graphml.xsd"
    path = Path(os.environ.get("QUOTES_GRAPHML_XSD", default))
    if not path.is_file():
        pytest.fail(f"GraphML schema not found at {path}: set QUOTES_GRAPHML_XSD")
    return etree.XMLSchema(etree.parse(str(path)))


def test_graphml_round_trips_and_injects_nothing(store: Store) -> None:
    built = _graph(store)
    out = io.BytesIO()
    write_graphml(built, out)
    document = etree.fromstring(out.getvalue())
    schema = _schema()
    assert schema.validate(etree.ElementTree(document)), schema.error_log
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(document.findall(".//g:node", ns)) == built.number_of_nodes()
    assert len(document.findall(".//g:edge", ns)) == built.number_of_edges()
    assert not document.findall(".//g:node[@id='x']", ns)
    read = nx.read_graphml(io.BytesIO(out.getvalue()))
    labels = {d["label"] for _, d in read.nodes(data=True) if d.get("kind") == "quote"}
    assert labels == {_XML_ILLEGAL.sub("\ufffd", t) for t in NASTY}
    names = {d.get("label") for _, d in read.nodes(data=True) if d.get("kind") == "person"}
    assert SPEAKER.name in names


def test_json_round_trips_exactly(store: Store) -> None:
    built = _graph(store)
    out = io.BytesIO()
    write_node_link_json(built, out)
    read = nx.node_link_graph(json.loads(out.getvalue()), edges="edges")
    labels = {d["label"] for _, d in read.nodes(data=True) if d.get("kind") == "quote"}
    assert labels == set(NASTY)
    assert read.number_of_nodes() == built.number_of_nodes()
    assert read.number_of_edges() == built.number_of_edges()


def test_csv_round_trips_and_neutralises_formulas(store: Store) -> None:
    out = io.BytesIO()
    assert write_quotes_csv(store.iter_quotes(), out) == len(NASTY)
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"), newline="")))
    assert len(rows) == len(NASTY)
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    texts = {row["text"].removeprefix("'") if row["text"][1:2] in "=+-@" else row["text"]
             for row in rows}  # fmt: skip
    assert texts == set(NASTY)
    assert {row["text"] for row in rows if row["text"].startswith("'")} == {
        "'" + t for t in NASTY if t[0] in "=+-@"
    }
