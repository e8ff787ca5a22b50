"""The plain API beside CDS Hooks: `GET /guidelines`, `GET /guidelines/{id}`, and
`POST /guidelines/{id}/evaluate`, which takes the guideline's input JSON (section 1 of a
guideline's contract) and returns its result (section 7), exactly as `guideline eval` does."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Request

from compiler.service.registry import Guideline
from compiler.service.state import authenticated, state

router = APIRouter(tags=["Guidelines"])


def describe(guideline: Guideline, services: list[str]) -> dict[str, Any]:
    program = guideline.program
    return {
        "id": program.id,
        "title": program.title,
        "version": program.version,
        "status": program.status,
        "services": services,
        "inputs": [i.name for i in program.inputs],
        "sources": [{"key": s.key, "reference": s.reference} for s in program.sources],
    }


def _services(request: Request, guideline_id: str) -> list[str]:
    return [s.id for s in state(request).registry.services.values() if s.guideline.id == guideline_id]


@router.get("/guidelines", dependencies=[Depends(authenticated)])
def guidelines(request: Request) -> dict[str, Any]:
    """Every guideline served."""
    registry = state(request).registry
    return {"guidelines": [describe(g, _services(request, g.id)) for g in registry.guidelines.values()]}


@router.get("/guidelines/{guideline_id}", dependencies=[Depends(authenticated)])
def guideline(guideline_id: str, request: Request) -> dict[str, Any]:
    """One guideline: its id, title, version, status, services, inputs and sources."""
    found = state(request).registry.guidelines.get(guideline_id)
    if found is None:
        raise HTTPException(404, {"error": "no such guideline"})
    return describe(found, _services(request, guideline_id))


@router.post("/guidelines/{guideline_id}/evaluate", dependencies=[Depends(authenticated)])
def evaluate(guideline_id: str, request: Request, inputs: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
    """The result of the guideline for these inputs (an invalid input gives `invalid_input`)."""
    found = state(request).registry.guidelines.get(guideline_id)
    if found is None:
        raise HTTPException(404, {"error": "no such guideline"})
    result: dict[str, Any] = dict(found.evaluator.evaluate(inputs))
    return result
