"""`GET /cds-services`: the discovery document (CDS Hooks 2.0 "Discovery"), one entry per
service: id, hook, title, description, and the prefetch templates of its guideline's bindings."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from compiler.service.registry import Service
from compiler.service.state import authenticated, state

router = APIRouter(tags=["CDS Hooks"])


def describe(service: Service) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "hook": service.hook,
        "title": service.title,
        "description": service.description,
        "id": service.id,
    }
    if service.guideline.templates:  # an empty object is not allowed: left out
        entry["prefetch"] = dict(service.guideline.templates)
    return entry


@router.get("/cds-services", dependencies=[Depends(authenticated)])
def discovery(request: Request) -> dict[str, Any]:
    """The CDS services of every guideline served."""
    return {"services": [describe(s) for s in state(request).registry.services.values()]}
