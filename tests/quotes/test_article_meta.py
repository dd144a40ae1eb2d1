"""An article's date, title, url and outlet: JSON Lines fields, front matter, --published."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree
from typer.testing import CliRunner

from quotes.batch.io import (
    article_from_json,
    article_from_text_file,
    parse_published,
    split_front_matter,
)
from quotes.cli import app
from quotes.errors import EmptyInputError, InputError
from quotes.graph.network import speaker_network
from quotes.models import Article
from quotes.store.database import Store

GEXF_XSD = Path(__file__).resolve().parents[1] / "data" / "gexf" / "gexf.xsd"
# Made-up text: two named speakers, each about someone else.
TEXT = (
    '"Joe Biden is wrong about Russia," Dmitry Peskov said.\n\n'
    '"Vladimir Putin must step back from Ukraine," Jen Psaki told reporters.\n'
)
runner = CliRunner()


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2021-12-30", "2021-12-30"),
        (" 2021-12-30 ", "2021-12-30"),
        ("2021-12-30T23:10:00+01:00", "2021-12-30"),
        ("2021-12-30 08:00", "2021-12-30"),
        ("30/12/2021", None),
        ("2021-13-01", None),
        ("20211230", None),
        ("2021-12-30Tlate", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_published(value: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(InputError, match="YYYY-MM-DD"):
            parse_published(value)
    else:
        assert parse_published(value) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("---\npublished: 2021-12-30\ntitle: A call\n---\nBody.\n",
         ({"published": "2021-12-30", "title": "A call"}, "Body.\n")),
        ("---\nurl: https://example.org/a?b=1\noutlet: 'Example Times'\n---\n\nBody",
         ({"url": "https://example.org/a?b=1", "outlet": "Example Times"}, "\nBody")),
        ("No header.\n---\npublished: 2021-12-30\n---\n",
         ({}, "No header.\n---\npublished: 2021-12-30\n---\n")),
        ("---\nA rule, then text.\n", ({}, "---\nA rule, then text.\n")),
        ("---\npublished: 30/12/2021\n---\nBody", InputError),
        ("---\npublishd: 2021-12-30\n---\nBody", InputError),  # a typo is not ignored
        ("---\ntitle: never closed\nBody", InputError),
        ("---\ntitle: x\nnot a field\n---\nBody", InputError),
    ],
)  # fmt: skip
def test_split_front_matter(
    text: str, expected: tuple[dict[str, str], str] | type[Exception]
) -> None:
    if isinstance(expected, type):
        with pytest.raises(expected):
            split_front_matter(text)
    else:
        assert split_front_matter(text) == expected


def test_text_file_with_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_text(f"---\npublished: 2021-12-30\noutlet: Example\n---\n{TEXT}", encoding="utf-8")
    found = article_from_text_file(path)
    assert (found.id, found.published, found.outlet, found.url) == (
        "call", "2021-12-30", "Example", None,
    )  # fmt: skip
    assert found.text == TEXT and found.title == TEXT.splitlines()[0]
    only_header = tmp_path / "empty.txt"
    only_header.write_text("---\ntitle: nothing\n---\n\n", encoding="utf-8")
    with pytest.raises(EmptyInputError):
        article_from_text_file(only_header)


def test_json_lines_fields() -> None:
    obj = {
        "text": "t",
        "url": "https://example.org/x",
        "outlet": "Example",
        "published": "2022-01-05",
    }
    assert article_from_json(obj) == Article(
        text="t", url="https://example.org/x", outlet="Example", published="2022-01-05"
    )
    with pytest.raises(InputError, match='"outlet" must be a string'):
        article_from_json({"text": "t", "outlet": 3})


def test_ingest_dates_articles_and_the_gexf_has_time(tmp_path: Path) -> None:
    (tmp_path / "header.txt").write_text(
        f"---\npublished: 2021-12-30\nurl: https://example.org/h\n---\n{TEXT}", encoding="utf-8"
    )
    (tmp_path / "plain.txt").write_text(TEXT.replace("wrong", "mistaken"), encoding="utf-8")
    record = {"id": "feed1", "text": TEXT.replace("step", "go"), "published": "2022-01-05",
              "outlet": "Example Wire"}  # fmt: skip
    (tmp_path / "feed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = tmp_path / "q.db"
    result = runner.invoke(
        app, ["ingest", str(tmp_path), "--db", str(db), "--published", "2022-01-01"]
    )
    assert result.exit_code == 0, result.output
    with Store.open(str(db)) as store:
        dates = {a: store.get_article(a).published for a in ("header", "plain", "feed1")}
        assert dates == {"header": "2021-12-30", "plain": "2022-01-01", "feed1": "2022-01-05"}
        assert store.get_article("header").url == "https://example.org/h"
        assert store.get_article("feed1").outlet == "Example Wire"
        assert not (store.get_article("header").text or "").startswith("---")
        network = speaker_network(store)
    assert network.number_of_edges() >= 2
    assert all(d.get("first") and d.get("last") for _, _, d in network.edges(data=True))

    out = tmp_path / "network.gexf"
    result = runner.invoke(app, ["export", "gexf", "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    document = etree.parse(str(out))
    schema = etree.XMLSchema(etree.parse(str(GEXF_XSD)))
    assert schema.validate(document), schema.error_log
    edges = document.findall(".//{http://gexf.net/1.3}edge")
    assert edges and all(e.get("start") and e.get("end") for e in edges)
    back = nx.read_gexf(str(out))
    assert back.number_of_edges() == network.number_of_edges()

    since = runner.invoke(app, ["export", "json", "--db", str(db), "--since", "2022-01-02"])
    later = nx.node_link_graph(json.load(io.StringIO(since.stdout)), edges="edges")
    weights = [sum(w for _, _, w in g.edges(data="weight")) for g in (later, network)]
    assert 0 < weights[0] < weights[1]
    assert all(d["first"] >= "2022-01-02" for _, _, d in later.edges(data=True))


@pytest.mark.parametrize(
    "args, message",
    [
        (["ingest", "x.txt", "--published", "30/12/2021"], "YYYY-MM-DD"),
        (["export", "gexf", "--since", "2021-12-32"], "since"),
        (["export", "gexf", "--kind", "paraphrase"], "kind"),
        (["export", "gexf", "--min-weight", "0"], "min-weight"),
        (["export", "gexf", "--since", "2022-01-02", "--until", "2022-01-01"], "after"),
        (["export", "csv", "--min-weight", "2"], "speaker network"),
        (["export", "gexf", "--form", "full", "--min-weight", "2"], "speaker network"),
    ],
)
def test_cli_refuses_bad_values(tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "--db", str(tmp_path / "q.db")])
    assert result.exit_code != 0
    assert message in result.output
