"""``GET /healthz``: the process is up, with its store open and its model loaded.

The lifespan opens both before the server accepts a connection, so answering at all means
they are ready. It touches neither, so a load balancer's probes cost the store nothing.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.schemas import HealthPublic

__all__ = ["router"]

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness and readiness")
async def healthz() -> HealthPublic:
    """`{"status": "ok"}` once the store is open and the model loaded."""
    return HealthPublic()
