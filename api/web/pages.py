"""The routes of the web application: the page shell, its static files, the vendored libraries.

:func:`install_web` adds them to an app. Page routes all answer with ``static/index.html``
under a strict Content-Security-Policy (scripts, styles and connections from this origin only),
so even a quote that slipped through as markup could not run a script. Only the files named in
:data:`VENDOR` are served from ``node_modules``; when ``npm ci`` has not been run, they are a
404 whose text says so, and the graph page shows that message instead of the graph.

The API's documentation, ``/docs`` (Swagger UI) and ``/redoc`` (ReDoc), is served the same
way: both viewers come from npm (``swagger-ui-dist``, ``redoc``, pinned in package.json), never
from a CDN, so they work offline, under :data:`DOCS_CSP`. That policy differs from the page's in
one place only: both viewers set inline styles (ReDoc's styled-components writes ``<style>``
elements), so styles may be inline; scripts still come only from this origin, and ReDoc's
search worker from a ``blob:`` URL it makes itself.

A browser that asks for a page that does not exist (a ``GET`` for HTML outside ``/v1``) gets
the shell with status 404, and the page says "There is no such page"; API clients keep
getting problem+json.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException as StarletteHTTPException

__all__ = [
    "CSP",
    "DOCS",
    "DOCS_CSP",
    "NODE_MODULES",
    "PAGES",
    "STATIC_DIR",
    "VENDOR",
    "install_web",
]

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
NODE_MODULES = WEB_DIR / "node_modules"
SHELL = STATIC_DIR / "index.html"

# The paths that are pages; the modules in static/js pick the view from the path.
# ``:name``: any non-empty rest of the path, so a name with "/" ("AC/DC", linked as
# AC%2FDC, which the server decodes) reaches its page too; "/speakers/" is no page.
PAGES = ("/", "/quotes", "/graph", "/add", "/speakers/{name:name}", "/articles/{article_id}")


class _NameConvertor(Convertor[str]):
    regex = ".+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("name", _NameConvertor())
# URL name under /vendor/ -> file under node_modules (nothing else there is reachable).
VENDOR = {
    "cytoscape.mjs": "cytoscape/dist/cytoscape.esm.min.mjs",
    # The fcose layout and the two libraries it needs (UMD scripts that set globals).
    "layout-base.js": "layout-base/layout-base.js",
    "cose-base.js": "cose-base/cose-base.js",
    "cytoscape-fcose.js": "cytoscape-fcose/cytoscape-fcose.js",
    "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
    "redoc.standalone.js": "redoc/bundles/redoc.standalone.js",
}
_MEDIA = {".css": "text/css", ".js": "text/javascript", ".mjs": "text/javascript"}
# The API documentation pages: path -> the HTML file in static/docs.
DOCS = {"/docs": "swagger.html", "/redoc": "redoc.html"}

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_PAGE_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-cache",  # the shell is tiny; always revalidate so updates show
}
_DOCS_HEADERS = {**_PAGE_HEADERS, "Content-Security-Policy": DOCS_CSP}
_MISSING = "This library is not installed on the server: run `npm ci` in api/web.\n"


def _page(status_code: int = 200) -> FileResponse:
    return FileResponse(
        SHELL, status_code=status_code, media_type="text/html; charset=utf-8",
        headers=_PAGE_HEADERS,
    )  # fmt: skip


def _docs_page(name: str) -> Callable[[], FileResponse]:
    """The route of one docs page. It takes no parameters: FastAPI would read any parameter
    (even one with a default) from the query string, and this one names a file."""
    path = STATIC_DIR / "docs" / name

    def docs_page() -> FileResponse:
        return FileResponse(path, media_type="text/html; charset=utf-8", headers=_DOCS_HEADERS)

    return docs_page


def _wants_page(request: Request) -> bool:
    """A browser's request for a page (HTML, outside the API), not an API client's."""
    path = request.url.path
    return (
        request.method in ("GET", "HEAD")
        and not (path == "/v1" or path.startswith("/v1/"))
        and "text/html" in request.headers.get("accept", "")
    )


def _router(node_modules: Path) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    for path in PAGES:
        router.add_api_route(path, _page, methods=["GET", "HEAD"], response_class=FileResponse)
    for path, name in DOCS.items():
        router.add_api_route(
            path, _docs_page(name), methods=["GET", "HEAD"], response_class=FileResponse
        )

    @router.api_route("/vendor/{name}", methods=["GET", "HEAD"], response_model=None)
    def vendor(name: str) -> Response:
        relative = VENDOR.get(name)
        if relative is None:
            return PlainTextResponse("No such file.\n", status_code=404)
        path = node_modules / relative
        if not path.is_file():
            return PlainTextResponse(_MISSING, status_code=404)
        return FileResponse(
            path, media_type=_MEDIA[path.suffix], headers={"X-Content-Type-Options": "nosniff"}
        )

    return router


def _not_found_page(app: FastAPI) -> None:
    """404s for a browser's page request become the shell ("There is no such page").

    Wraps the app's own handler of HTTP errors (problem+json, :mod:`api.errors`), which
    still answers everything else.
    """
    api_handler = app.exception_handlers.get(StarletteHTTPException)

    async def handler(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 404 and _wants_page(request):
            return _page(404)
        if api_handler is None:
            raise exc
        answer = api_handler(request, exc)
        return await answer if inspect.isawaitable(answer) else answer

    app.add_exception_handler(StarletteHTTPException, handler)


def install_web(app: FastAPI, node_modules: Path = NODE_MODULES) -> None:
    """Serve the web application at ``/`` (pages, ``/static``, ``/vendor``) and the API's
    documentation at ``/docs`` and ``/redoc`` from ``app``.

    Create ``app`` with ``docs_url=None, redoc_url=None`` (FastAPI's own pages load their
    scripts from a CDN), and after its error handlers: the "no such page" wraps them.
    """
    if app.docs_url or app.redoc_url:
        raise ValueError("create the app with docs_url=None, redoc_url=None: api.web serves them")
    app.include_router(_router(node_modules))
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="web-static")
    _not_found_page(app)
