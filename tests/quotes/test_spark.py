"""The Spark recipe of docs/scaling.md, run: ``extract_partition`` under ``mapPartitions`` on
a local SparkSession gives exactly what :func:`extract_batch` gives in this process, and its
output loads into the same store as ``quotes ingest`` writes.

The Spark test needs the optional ``quotes[spark]`` extra and a Java runtime. Without them
it is skipped with the reason, except under CI (``$CI`` set), where ``.ci/run`` installs both:
there a missing one fails the test rather than let it pass unrun.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any, NoReturn

import networkx as nx
import pytest

from quotes.batch.ingest import IngestReport, ingest_articles
from quotes.batch.io import iter_articles
from quotes.batch.spark import (
    RESULT_SCHEMA,
    extract_partition,
    load_records,
    quote_from_record,
    quote_record,
    read_records,
)
from quotes.errors import InputError
from quotes.graph import build as graph
from quotes.models import Article
from quotes.nlp.extract import extract_batch
from quotes.store.database import Store

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "articles"
# One text that cannot be processed: its row carries the error, the others are unaffected.
EMPTY = Article(text="   \n", id="empty", source="empty.jsonl:1")


def _articles() -> list[Article]:
    def failed(where: str, err: InputError) -> None:
        raise AssertionError(f"{where}: {err}")

    articles = list(iter_articles([SAMPLES], failed))
    assert len(articles) == 5
    return [*articles[:2], EMPTY, *articles[2:]]


def _row(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "text": article.text,
    }


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return _articles()


@pytest.fixture(scope="module")
def expected(articles: list[Article]) -> list[Any]:
    """:func:`extract_batch` in this process: what every Spark row must hold."""
    results = extract_batch([a.text for a in articles])
    assert isinstance(results[2], InputError)
    assert sum(len(r) for r in results if isinstance(r, list)) > 0  # nothing proves nothing
    return results


def _check_rows(rows: list[dict[str, Any]], articles: list[Article], expected: list[Any]) -> None:
    assert [r["id"] for r in rows] == [a.id for a in articles]
    for row, article, result in zip(rows, articles, expected, strict=True):
        assert row["text"] == article.text and row["source"] == article.source
        if isinstance(result, InputError):
            assert row["error"] == str(result) and not row["quotes"]
        else:
            assert row["error"] is None
            quotes = [quote_from_record(q) for q in row["quotes"]]
            # offsets, speakers (with kinds and aliases), cues, targets, rules, confidences
            assert quotes == result


def _snapshot(store: Store) -> tuple[dict[str, int], list[Any], nx.MultiDiGraph]:
    return store.counts(), list(store.iter_quotes()), graph.from_records(store.graph_records())


def _store_of(path: Path, fill: Any) -> tuple[IngestReport, Any]:
    with Store(f"sqlite:///{path}") as store:
        store.upgrade()
        report = fill(store)
        return report, _snapshot(store)


def test_quote_records_round_trip_through_json(expected: list[Any]) -> None:
    quotes = [q for result in expected if isinstance(result, list) for q in result]
    assert [quote_from_record(json.loads(json.dumps(quote_record(q)))) for q in quotes] == quotes


def test_the_module_does_not_import_pyspark() -> None:
    # pyspark is an optional extra: quotes.batch.spark must import (and run) without it
    code = "import sys, quotes.batch.spark; sys.exit('pyspark' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False, timeout=120).returncode == 0


def test_partition_without_spark_is_extract_batch(
    articles: list[Article], expected: list[Any]
) -> None:
    rows = list(extract_partition(iter(map(_row, articles)), batch_size=2))
    _check_rows(rows, articles, expected)


def _assert_same_store(loaded: Any, ingested: Any) -> None:
    assert loaded[0] == ingested[0] and loaded[1] == ingested[1]
    assert nx.utils.graphs_equal(loaded[2], ingested[2])
    assert loaded[0]["quotes"] > 0


@pytest.fixture(scope="module")
def ingested(articles: list[Article], tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The store ``quotes ingest`` writes from the same articles."""
    path = tmp_path_factory.mktemp("ingest") / "ingest.db"
    report, snapshot = _store_of(path, partial(ingest_articles, articles, batch_size=2))
    assert report.created == 5 and [w for w, _ in report.errors] == ["empty.jsonl:1"]
    return snapshot


def test_loaded_records_give_the_store_of_ingest(
    articles: list[Article], ingested: Any, tmp_path: Path
) -> None:
    rows = list(extract_partition(map(_row, articles)))

    def fill(store: Store) -> IngestReport:
        report = load_records(rows, store)
        again = load_records(rows, store)  # a second load adds nothing
        assert again.existing == 5 and again.created == 0
        return report

    report, loaded = _store_of(tmp_path / "loaded.db", fill)
    assert report.created == 5 and [w for w, _ in report.errors] == ["empty.jsonl:1"]
    _assert_same_store(loaded, ingested)


# ---- on Spark ------------------------------------------------------------------------------


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI installs it (.ci/run, make install), so this must run")
    pytest.skip(reason)


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A local SparkSession: one executor thread, no UI, driver and blocks on 127.0.0.1."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        _unavailable("pyspark is not installed: pip install 'quotes[spark]'")
    if _java() is None:
        _unavailable("no Java runtime for Spark: apt-get install openjdk-17-jre-headless")
    # Read by the JVM launched below; the Python workers run this interpreter (quotes, model).
    environ = {"SPARK_LOCAL_IP": "127.0.0.1", "PYSPARK_PYTHON": sys.executable}
    saved = {name: os.environ.get(name) for name in environ}
    os.environ.update(environ)
    scratch = tmp_path_factory.mktemp("spark")
    session = (
        SparkSession.builder.master("local[1]")
        .appName("quotes-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.pyspark.python", sys.executable)
        .config("spark.sql.warehouse.dir", str(scratch / "warehouse"))
        .config("spark.driver.extraJavaOptions", f"-Djava.io.tmpdir={scratch}")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        _stop(session)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _stop(session: Any) -> None:
    """Stop the session and its JVM now, not when pytest exits (it holds ≈ 0.5 GB)."""
    from pyspark import SparkContext

    session.stop()
    gateway = SparkContext._gateway
    if gateway is None:
        return
    gateway.shutdown()
    process: subprocess.Popen[bytes] | None = getattr(gateway, "proc", None)
    if process is not None:
        if process.stdin:
            process.stdin.close()  # the JVM exits when its stdin closes
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    SparkContext._gateway = None
    SparkContext._jvm = None


@pytest.mark.slow
# pyspark's collect() drops the local socket its rows came through without closing it
@pytest.mark.filterwarnings("ignore:unclosed <socket.socket:ResourceWarning")
def test_spark_map_partitions_gives_extract_batch_and_loads_into_the_same_store(
    spark: Any, articles: list[Article], expected: list[Any], ingested: Any, tmp_path: Path
) -> None:
    # The recipe of docs/scaling.md, on a JSON Lines file of the sample articles.
    source = tmp_path / "articles.jsonl"
    source.write_text("".join(json.dumps(_row(a)) + "\n" for a in articles), encoding="utf-8")
    frame = spark.read.json(str(source))  # one small file: one partition, rows in order
    rows = frame.rdd.mapPartitions(partial(extract_partition, batch_size=2))
    out = spark.createDataFrame(rows, RESULT_SCHEMA).persist()
    out.write.json(str(tmp_path / "quotes-json"))
    out.write.parquet(str(tmp_path / "quotes-parquet"))
    out.unpersist()

    # JSON output, read back without Spark; Parquet output, read back by Spark
    _check_rows(list(read_records([tmp_path / "quotes-json"])), articles, expected)
    parquet = spark.read.parquet(str(tmp_path / "quotes-parquet")).collect()
    _check_rows([row.asDict(recursive=True) for row in parquet], articles, expected)

    def fill(store: Store) -> IngestReport:
        return load_records(read_records([tmp_path / "quotes-json"]), store)

    report, loaded = _store_of(tmp_path / "spark.db", fill)
    assert report.created == 5 and [w for w, _ in report.errors] == ["empty.jsonl:1"]
    _assert_same_store(loaded, ingested)
