"""Fixtures for the web tests: a real server loaded with the sample articles, and Chromium.

The five articles in ``data/articles`` are ingested into a throw-away SQLite store with the
``quotes ingest`` command, then ``quotes serve`` (uvicorn) runs on a free loopback port with a
known ``QUOTES_API_KEY``. Debian's Chromium (``/usr/bin/chromium``) is driven by Playwright:
Playwright's own browser download is never used. Each test gets a fresh browser context and
page; every console error and uncaught exception on it fails the test, unless the test is
marked ``console_errors_expected`` (it provokes 401s, 404s or a dead server on purpose).
Screenshots go to ``artifacts/screenshots/`` (gitignored); ``docs/screenshots/`` holds copies.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Playwright, sync_playwright
from servers import free_port, quotes_command, running_server

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "data" / "articles"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
WEB_API_KEY = "web-test-key"
_START_TIMEOUT = 90.0
# As on this machine's notes: no network chatter, no sandbox (root), a fresh profile per launch
# (Playwright makes a temporary --user-data-dir itself).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

Shoot = Callable[[Page, str], Path]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "console_errors_expected: the test provokes console errors on purpose"
    )


@pytest.fixture(scope="session")
def api_key() -> str:
    """The write key the server was started with."""
    return WEB_API_KEY


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a real ``quotes serve`` loaded with the sample articles."""
    folder = tmp_path_factory.mktemp("web")
    db = f"sqlite:///{folder / 'web.db'}"
    ingest = subprocess.run(
        [quotes_command(), "ingest", str(ARTICLES), "--db", db],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert ingest.returncode == 0, ingest.stdout + ingest.stderr
    port = free_port()
    env = {"QUOTES_API_KEY": WEB_API_KEY, "QUOTES_API_KEYS": None}
    command = [quotes_command(), "serve", "--host", "127.0.0.1", "--port", str(port), "--db", db]
    with running_server(command, env, folder / "server.log", port, _START_TIMEOUT) as running:
        yield running.base


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} not found: apt-get install -y chromium chromium-driver")
    launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@pytest.fixture
def console_errors() -> list[str]:
    """Console errors and uncaught exceptions seen on the test's page."""
    return []


@pytest.fixture
def page(
    browser: Browser, server: str, console_errors: list[str], request: pytest.FixtureRequest
) -> Iterator[Page]:
    """A fresh page at desktop width whose base URL is the server."""
    context = browser.new_context(base_url=server, viewport={"width": 1100, "height": 900})
    context.set_default_timeout(15_000)
    opened = context.new_page()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            console_errors.append(f"{opened.url}: {message.text}")

    def on_error(error: Error) -> None:
        console_errors.append(f"{opened.url}: uncaught {error}")

    opened.on("console", on_console)
    opened.on("pageerror", on_error)
    yield opened
    context.close()
    if request.node.get_closest_marker("console_errors_expected") is None:
        assert console_errors == [], "console errors:\n" + "\n".join(console_errors)


@pytest.fixture(scope="session")
def shoot() -> Shoot:
    """Save a full-page screenshot as artifacts/screenshots/NAME.png."""
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True)

    def save(page: Page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
