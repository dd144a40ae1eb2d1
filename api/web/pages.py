"""The routes of the web application: the page shell, its static files and the vendored library.

:func:`install_web` adds them to an app. Page routes all answer with ``static/index.html``
under a strict Content-Security-Policy (scripts, styles and connections from this origin only),
so even a quote that slipped through as markup could not run a script. Only the files named in
:data:`VENDOR` are served from ``node_modules``; when ``npm ci`` has not been run, they are a
404 whose text says so, and the graph page shows that message instead of the graph.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.convertors import Convertor, register_url_convertor

__all__ = ["CSP", "NODE_MODULES", "PAGES", "STATIC_DIR", "VENDOR", "install_web"]

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
NODE_MODULES = WEB_DIR / "node_modules"
SHELL = STATIC_DIR / "index.html"

# The paths that are pages; the modules in static/js pick the view from the path.
# ``:name``: any non-empty rest of the path, so a name with "/" ("AC/DC", linked as
# AC%2FDC, which the server decodes) reaches its page too; "/speakers/" is no page.
PAGES = ("/", "/graph", "/add", "/speakers/{name:name}", "/articles/{article_id}")


class _NameConvertor(Convertor[str]):
    regex = ".+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("name", _NameConvertor())
# URL name under /vendor/ -> file under node_modules (nothing else there is reachable).
VENDOR = {"cytoscape.mjs": "cytoscape/dist/cytoscape.esm.min.mjs"}

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
_PAGE_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-cache",  # the shell is tiny; always revalidate so updates show
}
_MISSING = "The graph library is not installed on the server: run `npm ci` in api/web.\n"


def _page() -> FileResponse:
    return FileResponse(SHELL, media_type="text/html; charset=utf-8", headers=_PAGE_HEADERS)


def _router(node_modules: Path) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    for path in PAGES:
        router.add_api_route(path, _page, methods=["GET", "HEAD"], response_class=FileResponse)

    @router.api_route("/vendor/{name}", methods=["GET", "HEAD"], response_model=None)
    def vendor(name: str) -> Response:
        relative = VENDOR.get(name)
        if relative is None:
            return PlainTextResponse("No such file.\n", status_code=404)
        path = node_modules / relative
        if not path.is_file():
            return PlainTextResponse(_MISSING, status_code=404)
        return FileResponse(
            path, media_type="text/javascript", headers={"X-Content-Type-Options": "nosniff"}
        )

    return router


def install_web(app: FastAPI, node_modules: Path = NODE_MODULES) -> None:
    """Serve the web application at ``/`` (pages, ``/static``, ``/vendor``) from ``app``."""
    app.include_router(_router(node_modules))
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="web-static")
