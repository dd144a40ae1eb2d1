"""The web application's routes without a browser: the shell, its headers, the vendored library.

A bare FastAPI app with :func:`api.web.install_web` is enough here (no store, no model); one
test checks that ``create_app`` mounts the same routes.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from fastapi import FastAPI

from api.main import create_app
from api.settings import Settings
from api.web import NODE_MODULES, install_web
from api.web.pages import CSP, DOCS, DOCS_CSP, STATIC_DIR, VENDOR

with warnings.catch_warnings():
    # Starlette 1.x prefers httpx2 for its TestClient and warns once, at import, with httpx.
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

PAGES = ["/", "/graph", "/add", "/speakers/Psaki", "/speakers/Dmitry%20Peskov", "/articles/a-1"]


def _client(node_modules: Path = NODE_MODULES) -> TestClient:
    app = FastAPI(docs_url=None, redoc_url=None)
    install_web(app, node_modules=node_modules)
    return TestClient(app)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_the_shell_under_a_strict_csp(path: str) -> None:
    response = _client().get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == CSP
    assert "'unsafe-inline'" not in CSP and "'unsafe-eval'" not in CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert '<script type="module" src="/static/js/main.js">' in response.text


@pytest.mark.parametrize(
    "path", ["/speakers", "/speakers/", "/articles", "/graph/x", "/static/nope.js"]
)
def test_other_paths_are_not_pages(path: str) -> None:
    assert _client().get(path).status_code == 404


@pytest.mark.parametrize("path", ["/speakers/AC%2FDC", "/speakers/a/b"])
def test_a_name_with_a_slash_is_a_page(path: str) -> None:
    # The server decodes %2F before routing: the page is the speaker "AC/DC"'s.
    response = _client().get(path)
    assert response.status_code == 200 and "text/html" in response.headers["content-type"]


def test_static_modules_are_served_as_javascript() -> None:
    response = _client().get("/static/js/main.js")
    assert response.status_code == 200
    assert "javascript" in response.headers["content-type"]


def test_the_graph_library_comes_from_node_modules() -> None:
    # Fails until `npm ci` has run in api/web: that is the set-up step, not an optional one.
    response = _client().get("/vendor/cytoscape.mjs")
    assert response.status_code == 200, "run `npm ci` in api/web"
    assert response.headers["content-type"].startswith("text/javascript")
    assert "export" in response.text


def test_a_missing_library_is_a_404_that_says_what_to_do(tmp_path: Path) -> None:
    response = _client(node_modules=tmp_path).get("/vendor/cytoscape.mjs")
    assert response.status_code == 404
    assert "npm ci" in response.text


@pytest.mark.parametrize(
    "name", ["cytoscape.js", "package.json", "..%2Fpackage.json", "%2E%2E%2Fpages.py"]
)
def test_only_named_vendor_files_are_reachable(name: str) -> None:
    assert _client().get(f"/vendor/{name}").status_code == 404


def test_create_app_serves_the_web_application() -> None:
    # Not entered as a context manager: no lifespan, so no store and no model are opened.
    client = TestClient(create_app(Settings(db="sqlite:///:memory:")))
    for path in [*PAGES, "/static/app.css", "/vendor/cytoscape.mjs"]:
        assert client.get(path).status_code == 200, path


# The modules never parse data as markup: text goes in as text nodes (see static/js/dom.js).
_MARKUP_SINKS = re.compile(
    r"\.(?:inner|outer)HTML\s*\+?=|insertAdjacentHTML\(|document\.write|\beval\(|new Function\("
)


@pytest.mark.parametrize(
    "module", sorted(STATIC_DIR.rglob("*.js")), ids=lambda p: p.relative_to(STATIC_DIR).as_posix()
)
def test_no_module_writes_markup(module: Path) -> None:
    assert not _MARKUP_SINKS.findall(module.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path, marker", [("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc")])
def test_api_docs_are_local_pages_under_a_csp(path: str, marker: str) -> None:
    response = _client().get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == DOCS_CSP
    assert "'unsafe-eval'" not in DOCS_CSP and "script-src 'self';" in DOCS_CSP
    # Every script and stylesheet the page names is on this server: no CDN, no font service.
    sources = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert sources and all(s.startswith(("/", "data:")) for s in sources), sources
    assert marker in response.text


@pytest.mark.parametrize(
    "name, media",
    [
        ("swagger-ui-bundle.js", "text/javascript"),
        ("swagger-ui.css", "text/css"),
        ("redoc.standalone.js", "text/javascript"),
    ],
)
def test_the_docs_assets_come_from_node_modules(name: str, media: str) -> None:
    response = _client().get(f"/vendor/{name}")
    assert response.status_code == 200, "run `npm ci` in api/web"
    assert response.headers["content-type"].startswith(media)
    assert len(response.content) > 100_000  # the real bundle, not a stub
    assert VENDOR[name].split("/", 1)[0] in (NODE_MODULES / "..").resolve().joinpath(
        "package.json"
    ).read_text(encoding="utf-8")


def test_fastapis_own_docs_would_clash() -> None:
    with pytest.raises(ValueError, match="docs_url=None"):
        install_web(FastAPI())


def test_fastapis_cdn_docs_are_gone() -> None:
    client = TestClient(create_app(Settings(db="sqlite:///:memory:")))
    for path in ("/docs", "/redoc"):
        response = client.get(path)
        assert response.status_code == 200
        assert "cdn.jsdelivr.net" not in response.text and "fonts.googleapis" not in response.text
    assert client.get("/openapi.json").json()["paths"]


@pytest.mark.parametrize(
    "path, accept, page",
    [
        ("/no/such/page", "text/html,application/xhtml+xml,*/*;q=0.8", True),
        ("/speakers", "text/html", True),
        ("/static/nope.js", "text/html", True),
        ("/no/such/page", "application/json", False),  # an API client: problem+json
        ("/no/such/page", "*/*", False),
        ("/v1/nope", "text/html", False),  # the API's own paths: always problem+json
        ("/v1", "text/html", False),
    ],
)
def test_unknown_urls_are_the_apps_own_page_for_browsers(
    path: str, accept: str, page: bool
) -> None:
    response = TestClient(create_app(Settings(db="sqlite:///:memory:"))).get(
        path, headers={"Accept": accept}
    )
    assert response.status_code == 404
    if page:
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["content-security-policy"] == CSP
        assert '<script type="module" src="/static/js/main.js">' in response.text
    else:
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["status"] == 404


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
@pytest.mark.parametrize("name", ["../../pages.py", "../index.html", "/etc/passwd"])
def test_docs_pages_take_no_parameter_that_names_a_file(path: str, name: str) -> None:
    response = _client().get(path, params={"name": name})
    assert response.status_code == 200
    assert response.text == (STATIC_DIR / "docs" / DOCS[path]).read_text(encoding="utf-8")
