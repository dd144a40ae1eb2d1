"""The web application at ``/``: one HTML shell and a few static ES modules over the public API.

Every page (``/``, ``/speakers/{name}``, ``/articles/{id}``, ``/graph``, ``/add``) is the same
shell; the modules in ``static/js`` read the path and draw the page from ``/v1`` responses, so
the page sees exactly what any other client of the API sees and nothing more. The graph library
(cytoscape.js) comes from the npm registry, pinned by ``package-lock.json`` in this folder and
installed by ``npm ci`` at set-up time; it is served from ``node_modules``, so the page never
loads anything from the internet. So are the viewers of the API's documentation, Swagger UI
(``/docs``) and ReDoc (``/redoc``). A browser's request for a page that does not exist gets
the shell with a 404, and the app's own "no such page".
"""

from __future__ import annotations

from api.web.pages import NODE_MODULES, install_web

__all__ = ["NODE_MODULES", "install_web"]
