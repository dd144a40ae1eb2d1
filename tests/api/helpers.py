"""Shared pieces of the API tests: a sample article, problem checks, the GraphML schema."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx
import pytest
from lxml import etree

REPO = Path(__file__).resolve().parents[2]
PROBLEM_JSON = "application/problem+json"

# A made-up article: Peskov under his German spelling, two quotes. In the sample store he is
# "Dmitri Peskow": the first full name the samples give him (article 003's reported speech).
PESKOW_ARTICLE = (
    "Kremlin talks\n\n"
    'Kremlin spokesman Dmitry Peskow said on Monday: "The talks with Washington were useful, '
    'but there is no breakthrough." He added that Moscow wanted "guarantees in writing" '
    "from NATO."
)


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem with this status; its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert body["title"] and body["detail"]
    assert "Traceback" not in response.text
    return body


def graphml_schema() -> etree.XMLSchema:
    """The GraphML XSD: ``$QUOTES_GRAPHML_XSD`` or ``../shared/graphml/graphml.xsd``."""
    default = REPO.parent / "shared" / "graphml" / "graphml.xsd"
    path = Path(os.environ.get("QUOTES_GRAPHML_XSD", default))
    if not path.is_file():
        pytest.fail(
            f"GraphML schema not found at {path}: set QUOTES_GRAPHML_XSD to graphml.xsd "
            "(with xlink.xsd next to it)"
        )
    return etree.XMLSchema(etree.parse(str(path)))


GEXF_XSD = REPO / "tests" / "data" / "gexf" / "gexf.xsd"


def assert_valid_gexf(data: bytes) -> etree._ElementTree:
    """Parse ``data`` and validate it against the GEXF 1.3 schema (kept in tests/data)."""
    document = etree.ElementTree(etree.fromstring(data))
    schema = etree.XMLSchema(etree.parse(str(GEXF_XSD)))
    assert schema.validate(document), schema.error_log
    return document


def assert_valid_graphml(data: bytes) -> etree._ElementTree:
    """Parse ``data`` and validate it against the GraphML schema."""
    document = etree.ElementTree(etree.fromstring(data))
    schema = graphml_schema()
    assert schema.validate(document), schema.error_log
    return document
