"""The API's documentation pages work offline: Swagger UI at /docs and ReDoc at /redoc.

Debian's Chromium loads each page from the test server with every other address cut off (the
browser context aborts any request that is not for the server, and the test fails if one was
even tried); every operation of /openapi.json must then be listed, and no console error (a
Content-Security-Policy violation would be one) may appear.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Page, Route, expect

pytestmark = pytest.mark.slow


@pytest.fixture
def offline(page: Page, server: str) -> Iterator[list[str]]:
    """Cut the page off from every address but the server's; yields the refused URLs."""
    refused: list[str] = []
    ours = urlsplit(server).netloc

    def only_the_server(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).netloc == ours or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            refused.append(url)
            route.abort("internetdisconnected")

    page.context.route("**/*", only_the_server)
    yield refused
    assert refused == [], f"the page tried to reach other hosts: {refused}"


def _operations(server: str) -> list[tuple[str, str, str]]:
    spec = httpx.get(f"{server}/openapi.json", timeout=30).json()
    found = [
        (method.upper(), path, operation["summary"])
        for path, item in spec["paths"].items()
        for method, operation in item.items()
    ]
    assert len(found) >= 10
    return found


def test_swagger_ui_lists_every_operation_offline(
    page: Page, server: str, offline: list[str], shoot
) -> None:
    page.goto("/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("quotes")
    operations = _operations(server)
    blocks = page.locator(".opblock")
    expect(blocks).to_have_count(len(operations))
    for method, path, _summary in operations:
        block = page.locator(f".opblock-{method.lower()}").filter(
            has=page.locator(".opblock-summary-path", has_text=path)
        )
        expect(block.first).to_be_visible()
    # One operation opens and shows its parameters, from the local description.
    page.locator(".opblock-summary-path", has_text="/v1/speakers/{name}/quotes").first.click()
    expect(page.locator(".parameters-container").first).to_contain_text("min_confidence")
    shoot(page, "api-docs-swagger")


# ReDoc's sidebar footer shows Redocly's logo from their CDN (no option turns it off); the
# docs' CSP blocks it before any request is made, the image hides itself, and Chromium logs
# the blocked load. That is the one console error allowed here.
_REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@pytest.mark.console_errors_expected
def test_redoc_lists_every_operation_offline(
    page: Page, server: str, offline: list[str], console_errors: list[str], shoot
) -> None:
    page.goto("/redoc")
    operations = _operations(server)
    expect(page.locator("[role=menuitem]").first).to_be_attached()
    headings = page.locator("h2")
    for _method, _path, summary in operations:
        expect(headings.filter(has_text=summary).first).to_be_attached()
    shoot(page, "api-docs-redoc")
    assert all("Content Security Policy" in e and _REDOC_LOGO in e for e in console_errors), (
        console_errors
    )


@pytest.mark.console_errors_expected  # the missing bundle is a 404 on purpose
def test_docs_without_the_assets_say_what_to_do(page: Page) -> None:
    page.route("**/vendor/swagger-ui-bundle.js", lambda route: route.fulfill(status=404, body="x"))
    page.goto("/docs")
    expect(page.locator("#docs-missing")).to_be_visible()
    expect(page.locator("#docs-missing")).to_contain_text("npm ci")
