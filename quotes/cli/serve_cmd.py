"""``quotes serve``: run the REST API (``api.main:create_app``) under uvicorn.

The API's settings come from ``QUOTES_*`` variables; ``--db`` overrides ``QUOTES_DB``. With
one worker the app is built here, its settings passed as an argument. ``--workers N`` starts N
processes on the same port (uvicorn's supervisor), which import the app factory by name: the
only channel to them is their environment, so there ``--db`` is handed over as
``QUOTES_DB``. Nothing of FastAPI or ``api`` is imported until the command runs: the
``quotes`` package itself never depends on the web layer.

Each worker opens the
store and loads the model once; their caches stay correct across processes because each
checks the store's version before serving from them (:mod:`api.cache`). Extraction runs in
``QUOTES_EXTRACT_WORKERS`` processes per server process (default: cores - 1).

Proxy headers are ignored unless ``--forwarded-allow-ips`` names the proxies (comma-separated
addresses, or ``*``); slow clients are cut off (:mod:`api.serving`).
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from quotes.cli import app
from quotes.cli.options import DbOption

__all__ = ["serve"]

APP_FACTORY = "api.main:create_app"


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    db: DbOption = None,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Worker processes sharing the port.")
    ] = 1,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            help="Proxies whose X-Forwarded-For is trusted (comma-separated IPs, or '*'); "
            "default: none, proxy headers are ignored."
        ),
    ] = None,
) -> None:
    """Serve the REST API and the web page.

    Write keys: QUOTES_API_KEY / QUOTES_API_KEYS. The API's documentation is at /docs.
    """
    import uvicorn  # only when serving: the rest of the CLI does not need it

    from api.main import create_app
    from api.serving import uvicorn_options
    from api.settings import Settings

    options = uvicorn_options(forwarded_allow_ips)
    if workers == 1:  # this process serves: its settings are an argument
        settings = Settings(db=db) if db else Settings()
        uvicorn.run(create_app(settings), host=host, port=port, **options)
        return
    if db:  # uvicorn's child processes import the factory: their environment is the channel
        os.environ["QUOTES_DB"] = db
    uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, workers=workers, **options)
