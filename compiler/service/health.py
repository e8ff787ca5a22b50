"""`GET /health` (the process answers) and `GET /ready` (every guideline is compiled and the
feedback database is open): for load balancers and orchestrators, without authentication and
without any data."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from compiler.service.state import state

router = APIRouter(tags=["Operations"])


@router.get("/health")
def health() -> dict[str, str]:
    """Liveness: always ok while the process serves."""
    return {"status": "ok"}


@router.get("/ready", response_model=None)
def ready(request: Request) -> JSONResponse | dict[str, object]:
    """Readiness: 200 once the service can evaluate, 503 before."""
    shared = state(request)
    if not shared.ready:
        return JSONResponse({"status": "starting"}, status_code=503)
    return {"status": "ready", "guidelines": len(shared.registry.guidelines), "services": len(shared.registry.services)}
