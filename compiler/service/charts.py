"""`GET /guidelines/{id}/evaluations/{evaluation}/flowchart.svg`: the guideline's flowchart with
one evaluation's path highlighted (`compiler.flowchart`), the target of a card's link.

A browser follows the link without the client's JWT, so the evaluation id (128 random bits,
`compiler.service.store`) is what grants access; it names no patient, and it stops working when
the evaluation leaves the store. The answer is never cached, sends no referrer, and runs no
script (`Content-Security-Policy`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from compiler.service.state import state

if TYPE_CHECKING:
    from dsl.program import Program

router = APIRouter(tags=["Flowcharts"])

HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
}


def draw(program: Program, result: Mapping[str, Any]) -> bytes:
    from compiler.flowchart.chart import to_dot
    from compiler.flowchart.dot import run_dot
    from compiler.flowchart.overlay import highlight_overlay

    return run_dot(to_dot(program, highlight_overlay(program, result)), "svg")


@router.get(
    "/guidelines/{guideline_id}/evaluations/{evaluation_id}/flowchart.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}},
)
def flowchart(guideline_id: str, evaluation_id: str, request: Request) -> Response:
    """The flowchart of one evaluation kept by this service."""
    shared = state(request)
    evaluation = shared.store.get(guideline_id, evaluation_id)
    guideline = shared.registry.guidelines.get(guideline_id)
    if evaluation is None or guideline is None:
        raise HTTPException(404, {"error": "no such evaluation (evaluations are kept for a limited time)"})
    svg = evaluation.drawn.get("svg")
    if svg is None:
        svg = draw(guideline.program, evaluation.result)
        evaluation.drawn["svg"] = svg
    return Response(svg, media_type="image/svg+xml", headers=HEADERS)
