"""``min_confidence=``: a floor on the attribution's confidence, on both quote lists.

``/v1/speakers/{name}/quotes`` (its fast path hands the parameter to the route) and
``/v1/quotes`` keep only the quotes whose confidence is at least the floor; totals and paging
count only those; a value outside [0, 1] or not a number is a 422 problem.
"""

from __future__ import annotations

import pytest
from conftest import TestClient
from helpers import assert_problem

from quotes.store.database import Store

PATHS = ["/v1/speakers/Putin/quotes", "/v1/quotes"]


def _confidences(oracle: Store, path: str) -> list[float]:
    speaker = "Putin" if "speakers" in path else None
    return [q.confidence for q in oracle.iter_quotes(speaker=speaker)]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("floor", [0.0, 0.5, 0.8, 0.9, 0.95, 1.0])
def test_only_quotes_at_or_above_the_floor(
    client: TestClient, oracle: Store, path: str, floor: float
) -> None:
    body = client.get(path, params={"min_confidence": floor, "limit": 500}).json()
    expected = [c for c in _confidences(oracle, path) if c >= floor]
    assert body["total"] == len(expected) == len(body["data"])
    assert sorted(q["confidence"] for q in body["data"]) == sorted(expected)


@pytest.mark.parametrize("path", PATHS)
def test_the_floor_filters_something_in_the_samples(client: TestClient, path: str) -> None:
    every = client.get(path).json()["total"]
    sure = client.get(path, params={"min_confidence": 0.9}).json()["total"]
    assert 0 < sure < every  # else the tests above would prove nothing


def test_paging_counts_only_the_kept_quotes(client: TestClient) -> None:
    first = client.get("/v1/quotes", params={"min_confidence": 0.8, "limit": 2}).json()
    assert first["next_offset"] == 2 and first["total"] > 2
    ids: list[str] = []
    offset: int | None = 0
    while offset is not None:
        page = client.get(
            "/v1/quotes", params={"min_confidence": 0.8, "limit": 2, "offset": offset}
        ).json()
        ids += [q["id"] for q in page["data"]]
        offset = page["next_offset"]
    assert len(ids) == len(set(ids)) == first["total"]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("value", ["-0.1", "1.5", "high", ""])
def test_a_bad_floor_is_a_422(client: TestClient, path: str, value: str) -> None:
    assert_problem(client.get(path, params={"min_confidence": value}), 422)
