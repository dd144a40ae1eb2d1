"""Reading articles, the ingest pipeline, the CLI, and the issue's targets on the samples."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree
from store_builders import person, quote
from typer.testing import CliRunner

from quotes.batch.ingest import ingest, ingest_articles
from quotes.batch.io import (
    article_from_json,
    count_articles,
    expand_paths,
    iter_articles,
    json_objects,
)
from quotes.cli import app
from quotes.errors import EmptyInputError, InputError
from quotes.graph import build as graph
from quotes.models import Article, Quote
from quotes.store.database import Store

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "articles"
# $QUOTES_GRAPHML_XSD (as tests/api/helpers.py reads it), else ../shared beside the checkout.
XSD = Path(
    os.environ.get(
        "QUOTES_GRAPHML_XSD",
        Path(__file__).resolve().parents[3] / "shared" / "graphml" / "graphml.xsd",
    )
)


@pytest.mark.parametrize(
    "obj, expected",
    [
        ({"text": "t"}, Article(text="t")),
        ({"id": 7, "text": "t", "published": "2021-12-30T10:00:00Z"},
         Article(text="t", id="7", published="2021-12-30")),
        ({"text": "t", "lang": "en"}, Article(text="t", meta={"lang": "en"})),
        ({"text": "t", "title": ""}, Article(text="t")),
        ({"text": ""}, EmptyInputError),
        ({"title": "no text"}, InputError),
        ({"text": 3}, InputError),
        ({"text": "t", "published": "yesterday"}, InputError),
        ({"text": "t", "source": ["a"]}, InputError),
        (["text"], InputError),
    ],
)  # fmt: skip
def test_article_from_json(obj: object, expected: Article | type[Exception]) -> None:
    if isinstance(expected, type):
        with pytest.raises(expected):
            article_from_json(obj)
    else:
        assert article_from_json(obj) == expected


def _write_inputs(folder: Path) -> None:
    (folder / "sub").mkdir()
    (folder / "one.txt").write_text("Title one\n\nBody one.", encoding="utf-8")
    (folder / "sub" / "two.txt").write_text("\ufeffTitle two\nBody two.", encoding="utf-8")
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "h.txt").write_text("hidden", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x01binary")
    lines = [
        json.dumps({"id": "j1", "text": "JSON one", "published": "2021-12-30"}),
        "",
        "{not json",
        json.dumps({"id": "j2", "text": ""}),
        json.dumps({"id": "j3", "text": "JSON three"}),
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_iter_articles_reads_folders_and_json_lines(tmp_path: Path) -> None:
    _write_inputs(tmp_path)
    errors: list[tuple[str, str]] = []
    found = list(
        iter_articles([tmp_path, tmp_path / "missing.txt"], lambda w, e: errors.append((w, str(e))))
    )
    assert [a.id for a in found] == ["j1", "j3", "one", "two"]
    assert found[2].title == "Title one" and found[2].source == str(tmp_path / "one.txt")
    assert found[3].text.startswith("Title two")  # BOM dropped
    where = sorted(w.replace(str(tmp_path), "") for w, _ in errors)
    assert where == ["/bad.txt", "/feed.jsonl:3", "/feed.jsonl:4", "/missing.txt"]
    assert count_articles([tmp_path]) == 4 + 3  # 4 JSON lines + 3 text files, bad included
    assert [p.name for p in expand_paths([tmp_path / "notes.md"], print)] == ["notes.md"]


class _FakeExtractor:
    """Records what it was asked to extract; "bad" texts fail like the real one does."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, texts: Sequence[str]) -> list[list[Quote] | InputError]:
        self.seen.extend(texts)
        return [
            InputError("too long") if "bad" in t else [quote(0, person(t.split()[0]))]
            for t in texts
        ]


def test_known_texts_are_not_extracted_again(store: Store) -> None:
    fake = _FakeExtractor()
    articles = [Article("Peskov one", id="a"), Article("Putin two", id="b")]
    first = ingest_articles(articles, store, extractor=fake, batch_size=1)
    again = ingest_articles([*articles, articles[0]], store, extractor=fake)
    assert (first.created, first.quotes) == (2, 2)
    assert (again.created, again.existing, again.quotes) == (0, 3, 0)
    assert fake.seen == ["Peskov one", "Putin two"]


def test_a_bad_article_is_reported_and_the_rest_goes_in(store: Store) -> None:
    fake = _FakeExtractor()
    articles = [Article("Peskov one", id="a"), Article("bad one", id="b"), Article("X", id="a")]
    report = ingest_articles(articles, store, extractor=fake)
    assert report.created == 1
    assert [w for w, _ in report.errors] == ["b", "a"]  # extractor error, then id conflict
    assert store.counts()["articles"] == 1


def test_reprocess_replaces_quotes(store: Store) -> None:
    ingest_articles([Article("Peskov one", id="a")], store, extractor=_FakeExtractor())
    report = ingest_articles(
        [Article("Peskov one", id="a")],
        store,
        reprocess=True,
        extractor=lambda texts: [[quote(5, person("Lavrov")), quote(40, None)] for _ in texts],
    )
    assert (report.replaced, report.quotes) == (1, 2)
    assert [q.speaker_name for q in store.iter_quotes()] == ["Lavrov", None]


# ---- the real extractor on the sample articles (issue 3's targets) ------------------------


@pytest.fixture
def samples(store: Store) -> Store:
    report = ingest([SAMPLES], store)
    assert report.errors == []
    assert report.created == 5
    return store


@pytest.mark.parametrize(
    "spellings",
    [("Peskov", "Peskow"), ("Putin", "Poutin"), ("Zelensky", "Selenskyj")],
)
def test_one_entity_per_person_in_the_samples(samples: Store, spellings: tuple[str, ...]) -> None:
    found = {tuple(e.id for e in samples.find_entities(name)) for name in spellings}
    assert len(found) == 1
    (ids,) = found
    assert len(ids) == 1


def test_psaki_said_her_quote_and_donfried_spoke_about_russia(samples: Store) -> None:
    built = graph.from_records(samples.graph_records())
    (psaki,) = graph.find_entity_nodes(built, "Jen Psaki")
    said = [v for _, v, r in built.out_edges(psaki, data="relation") if r == "said"]
    assert said, "Jen Psaki said nothing"
    (donfried,) = graph.find_entity_nodes(built, "Karen Donfried")
    # Russia the place, whom she spoke about (Russia that speaks is an organization)
    (russia,) = [
        n for n in graph.find_entity_nodes(built, "Russia") if built.nodes[n]["kind"] == "place"
    ]
    her_quotes = [v for _, v, r in built.out_edges(donfried, data="relation") if r == "said"]
    assert any(built.has_edge(q, russia) for q in her_quotes)
    assert not built.has_edge(her_quotes[0], psaki)


def test_ingesting_the_samples_again_changes_nothing(samples: Store) -> None:
    before = (samples.counts(), sorted((q.id, q.speaker_id) for q in samples.iter_quotes()))
    report = ingest([SAMPLES], samples)
    assert (report.created, report.existing, report.quotes) == (0, 5, 0)
    after = (samples.counts(), sorted((q.id, q.speaker_id) for q in samples.iter_quotes()))
    assert after == before


# ---- the command line ---------------------------------------------------------------------


def test_cli_ingest_show_export(sqlite_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00")
    result = runner.invoke(app, ["ingest", str(SAMPLES), str(bad), "--db", sqlite_url])
    assert result.exit_code == 1, result.output
    assert "bad.txt: binary file" in result.output
    assert "5 new" in result.output

    shown = runner.invoke(app, ["show", "speaker", "Peskow"], env={"QUOTES_DB": sqlite_url})
    assert shown.exit_code == 0 and "Dmitri Peskow" in shown.output  # the first full name
    with Store(sqlite_url) as store:
        confidences = [q["confidence"] for q in store.quotes_by_speaker("Peskow").data]
        above = store.quotes_by_speaker("Peskow", min_confidence=max(confidences)).total
        assert above == confidences.count(max(confidences)) >= 1
        assert store.quotes_by_speaker("Peskow", min_confidence=0.0).total == len(confidences)
    args = ["show", "speaker", "Peskow", "--db", sqlite_url, "--min-confidence"]
    assert "(0 quotes)" in runner.invoke(app, [*args, "1.0"]).output or max(confidences) == 1.0
    plural = "" if len(confidences) == 1 else "s"
    assert f"({len(confidences)} quote{plural})" in runner.invoke(app, [*args, "0"]).output
    missing = runner.invoke(app, ["show", "about", "Atlantis", "--db", sqlite_url])
    assert missing.exit_code == 1 and "no entity named 'Atlantis'" in missing.output
    pairs = runner.invoke(app, ["show", "pairs", "--db", sqlite_url])
    assert pairs.exit_code == 0 and "Russia" in pairs.output

    out = tmp_path / "g.graphml"
    exported = runner.invoke(app, ["export", "graphml", "-o", str(out), "--db", sqlite_url])
    assert exported.exit_code == 0, exported.output
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(etree.parse(str(out))), schema.error_log
    about = tmp_path / "about.json"
    runner.invoke(
        app, ["export", "json", "-o", str(about), "--about", "Russia", "--db", sqlite_url]
    )
    sub = nx.node_link_graph(json.loads(about.read_text(encoding="utf-8")), edges="edges")
    assert 0 < sub.number_of_nodes() < nx.read_graphml(out).number_of_nodes()
    csv_out = runner.invoke(app, ["export", "csv", "--speaker", "Psaki", "--db", sqlite_url])
    assert csv_out.exit_code == 0 and csv_out.output.startswith("quote_id,")


@pytest.mark.parametrize("workers, code", [("1", 0), ("2", 0), ("0", 2)])
def test_cli_workers(sqlite_url: str, workers: str, code: int) -> None:
    result = CliRunner().invoke(
        app, ["ingest", str(SAMPLES / "000_03f0e9fff3fa6216.txt"), "--workers", workers,
              "--db", sqlite_url],
    )  # fmt: skip
    assert result.exit_code == code, result.output


def test_json_objects_name_the_line_that_stops_them(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": 1}\n\n{"id": 2}\n[3]\n{"id": 4}\n')
    objects = json_objects(path)
    assert [next(objects), next(objects)] == [{"id": 1}, {"id": 2}]  # a BOM, a blank line
    with pytest.raises(InputError, match=r"records\.jsonl:4: expected a JSON object"):
        next(objects)
    path.write_bytes(b'{"id": 1}\n{"id": \n')
    with pytest.raises(InputError, match=r"records\.jsonl:2: not JSON"):
        list(json_objects(path))
    path.write_bytes(b'{"id": "caf\xe9"}\n')
    with pytest.raises(InputError, match=r"records\.jsonl:1: not UTF-8"):
        list(json_objects(path))
    with pytest.raises(InputError, match=r"missing\.jsonl: cannot read"):
        list(json_objects(tmp_path / "missing.jsonl"))
