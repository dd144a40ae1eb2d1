"""``/v1/speakers``: the list, one speaker, and their quotes (any spelling of the name)."""

from __future__ import annotations

import pytest
from conftest import TestClient
from helpers import assert_problem

from quotes.models import Article, EntityRef, Quote, TextSpan
from quotes.store.database import Store

PSAKI = EntityRef("Jen Psaki", "person", ("Psaki",))
BIDEN = EntityRef("Joe Biden", "person")


def _dated(day: str, words: str) -> tuple[Article, list[Quote]]:
    text = f"Psaki said: “{words}”"
    start = text.index(words)
    quote = Quote(
        start=start, end=start + len(words), text=words, speaker=PSAKI, role="press secretary",
        speaker_mention=TextSpan("Psaki", 0, 5), cue=TextSpan("said", 6, 10), about=(BIDEN,),
        rule="test", confidence=0.9,
    )  # fmt: skip
    return Article(text=text, id=f"dated-{day}", published=day), [quote]


@pytest.fixture(scope="module", autouse=True)
def dated_articles(db_url: str) -> None:
    """Two dated articles with a Psaki quote each (the samples have no dates)."""
    with Store.open(db_url) as store:
        for day, words in (("2022-01-10", "January words"), ("2022-02-14", "February words")):
            store.add_article(*_dated(day, words))


def test_list_is_most_quoted_first_with_counts(client: TestClient, oracle: Store) -> None:
    body = client.get("/v1/speakers", params={"limit": 500}).json()
    counts = [s["quotes"] for s in body["data"]]
    assert counts == sorted(counts, reverse=True) and all(n > 0 for n in counts)
    assert body["total"] == len(body["data"]) and body["next_offset"] is None
    assert sum(counts) == sum(q.speaker_id is not None for q in oracle.iter_quotes())
    putin = next(s for s in body["data"] if s["name"] == "Vladimir Putin")
    assert putin["quotes"] == oracle.quotes_by_speaker("Putin").total
    assert {"Putin", "Vladimir Poutin"} <= set(putin["aliases"])


def test_list_pages_cover_everything_once(client: TestClient) -> None:
    total = client.get("/v1/speakers").json()["total"]
    seen: list[int] = []
    offset: int | None = 0
    while offset is not None:
        page = client.get("/v1/speakers", params={"limit": 3, "offset": offset}).json()
        assert page["total"] == total
        assert len(page["data"]) <= 3
        seen += [s["id"] for s in page["data"]]
        offset = page["next_offset"]
    assert len(seen) == len(set(seen)) == total


@pytest.mark.parametrize(
    "q, expected",
    [
        ("peskow", {"Dmitri Peskow"}),  # a spelling variant
        ("PSAK", {"Jen Psaki"}),  # part of an alias, any case
        ("Poutin", {"Vladimir Putin"}),  # an alias seen in an article
        ("zzzz", set()),  # negative: nothing
    ],
)
def test_list_query(client: TestClient, q: str, expected: set[str]) -> None:
    body = client.get("/v1/speakers", params={"q": q}).json()
    assert {s["name"] for s in body["data"]} == expected
    assert body["total"] == len(expected)


def test_list_kind_filter(client: TestClient) -> None:
    people = client.get("/v1/speakers", params={"kind": "person", "limit": 500}).json()
    orgs = client.get("/v1/speakers", params={"kind": "organization", "limit": 500}).json()
    assert people["total"] > 0 and orgs["total"] > 0
    assert {s["kind"] for s in people["data"]} == {"person"}
    assert {s["kind"] for s in orgs["data"]} == {"organization"}
    white_house = client.get("/v1/speakers", params={"q": "white house", "kind": "organization"})
    names = [s["name"] for s in white_house.json()["data"]]
    assert names[0] == "White House" and all("White House" in n for n in names)


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "martian"},
        {"limit": 0},
        {"limit": 501},
        {"offset": -1},
        {"limit": "ten"},
        {"q": ""},
    ],
)
def test_list_bad_parameters(client: TestClient, params: dict[str, object]) -> None:
    body = assert_problem(client.get("/v1/speakers", params=params), 422)
    assert body["errors"] and body["errors"][0]["loc"].startswith("query.")


@pytest.mark.parametrize("name", ["Peskow", "Peskov", "Dmitry Peskov", "dmitri peskow"])
def test_detail_under_any_spelling(client: TestClient, oracle: Store, name: str) -> None:
    body = client.get(f"/v1/speakers/{name}").json()
    expected = oracle.entity_detail("Dmitry Peskov")
    assert body["name"] == "Dmitri Peskow" and body["kind"] == "person"
    assert body["quotes"] == expected.quotes_said >= 1
    assert body["roles"] == list(expected.roles)


def test_detail_has_roles_aliases_and_top_entities(client: TestClient, oracle: Store) -> None:
    body = client.get("/v1/speakers/Psaki").json()
    assert body["name"] == "Jen Psaki" and set(body["aliases"]) >= {"Jen Psaki", "Psaki"}
    assert body["quotes"] == oracle.entity_detail("Psaki").quotes_said >= 2
    assert "press secretary" in body["roles"]
    top = body["top_entities"][0]
    assert (top["name"], top["kind"]) == ("Joe Biden", "person") and top["quotes"] >= 2


@pytest.mark.parametrize("path", ["/v1/speakers/Pesko", "/v1/speakers/Pesko/quotes"])
def test_unknown_speaker_suggests_closest_names(client: TestClient, path: str) -> None:
    body = assert_problem(client.get(path), 404)
    assert "Dmitri Peskow" in body["suggestions"]
    assert "Pesko" in body["detail"] and "Dmitri Peskow" in body["detail"]


def test_unknown_speaker_without_close_names(client: TestClient) -> None:
    body = assert_problem(client.get("/v1/speakers/Xqzvw/quotes"), 404)
    assert body["suggestions"] == []


def test_quotes_under_another_spelling(client: TestClient, oracle: Store) -> None:
    body = client.get("/v1/speakers/Peskow/quotes").json()
    expected = oracle.quotes_by_speaker("Dmitry Peskov")
    assert body["total"] == expected.total >= 1
    assert [q["id"] for q in body["data"]] == [q["id"] for q in expected.data]
    for quote in body["data"]:
        assert quote["speaker"]["name"] == "Dmitri Peskow"
        article = client.get(f"/v1/articles/{quote['article_id']}").json()
        assert article["text"][quote["start"] : quote["end"]] == quote["text"]
        cue = quote["cue"]
        assert article["text"][cue["start"] : cue["end"]] == cue["text"]
        assert set(quote) >= {"role", "mention", "about", "published", "affiliation", "rule"}


def test_quotes_newest_first_and_date_filters(client: TestClient) -> None:
    data = client.get("/v1/speakers/Psaki/quotes").json()["data"]
    published = [q["published"] for q in data]
    # the two made-up dated quotes, then the samples' (undated) quotes and reported statements
    assert published[:2] == ["2022-02-14", "2022-01-10"] and len(published) > 2
    assert set(published[2:]) == {None}
    since = client.get("/v1/speakers/Psaki/quotes", params={"since": "2022-02-01"}).json()
    assert [q["text"] for q in since["data"]] == ["February words"]
    until = client.get("/v1/speakers/Psaki/quotes", params={"until": "2022-01-31"}).json()
    assert [q["text"] for q in until["data"]] == ["January words"]
    assert_problem(client.get("/v1/speakers/Psaki/quotes", params={"since": "last week"}), 422)


def test_quotes_about_filter(client: TestClient, oracle: Store) -> None:
    about = client.get("/v1/speakers/Psaki/quotes", params={"about": "Biden"}).json()
    assert about["total"] == oracle.quotes_by_speaker("Psaki", about="Biden").total >= 2
    assert all("Joe Biden" in [a["name"] for a in q["about"]] for q in about["data"])
    none = client.get("/v1/speakers/Psaki/quotes", params={"about": "Karen Donfried"}).json()
    assert none == {"data": [], "total": 0, "next_offset": None}
    body = assert_problem(
        client.get("/v1/speakers/Psaki/quotes", params={"about": "Bidenski"}), 404
    )
    assert "Joe Biden" in body["suggestions"]


def test_quotes_paging(client: TestClient, oracle: Store) -> None:
    total = oracle.quotes_by_speaker("Putin").total
    assert total >= 3
    first = client.get("/v1/speakers/Putin/quotes", params={"limit": total - 2}).json()
    assert (first["total"], len(first["data"]), first["next_offset"]) == (
        total,
        total - 2,
        total - 2,
    )
    rest = client.get("/v1/speakers/Putin/quotes", params={"offset": total - 2}).json()
    assert (rest["total"], len(rest["data"]), rest["next_offset"]) == (total, 2, None)
    ids = [q["id"] for q in first["data"] + rest["data"]]
    assert ids == [q["id"] for q in oracle.quotes_by_speaker("Putin").data]
    past = client.get("/v1/speakers/Putin/quotes", params={"offset": 50}).json()
    assert past == {"data": [], "total": total, "next_offset": None}


@pytest.mark.parametrize("kind", ["direct", "indirect", "mixed"])
def test_quotes_of_one_kind(client: TestClient, oracle: Store, kind: str) -> None:
    url = "/v1/speakers/Putin/quotes"
    every = client.get(url, params={"limit": 500}).json()
    some = client.get(url, params={"kind": kind, "limit": 500}).json()
    assert some["total"] == oracle.quotes_by_speaker("Putin", kind=kind).total
    assert {q["kind"] for q in some["data"]} <= {kind}
    assert [q["id"] for q in some["data"]] == [q["id"] for q in every["data"] if q["kind"] == kind]


def test_every_kind_is_in_the_samples(client: TestClient) -> None:
    body = client.get("/v1/quotes", params={"limit": 500}).json()
    assert {q["kind"] for q in body["data"]} == {"direct", "indirect", "mixed"}


@pytest.mark.parametrize(
    "url",
    [
        "/v1/speakers/Putin/quotes?kind=reported",
        "/v1/quotes?kind=quote",
        "/v1/entities/Russia/quoted-about?kind=Direct",
        "/v1/graph?kind=all",
    ],
)
def test_unknown_kind_is_a_422(client: TestClient, url: str) -> None:
    assert_problem(client.get(url), 422)
