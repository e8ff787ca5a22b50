"""The page's routes (docs/web.md):

- `GET /`: the guideline picker;
- `GET /guidelines/{id}/`: a guideline's page: its form, its result and its flowchart;
- `POST /guidelines/{id}/page/evaluate`: the guideline's input JSON → `{"result": the result,
  "html": the result region}`, exactly the result `POST /guidelines/{id}/evaluate` gives;
- `GET /guidelines/{id}/text`: the guideline's text, coloured, with line numbers;
- `POST /guidelines/{id}/page/flowchart.svg` and `.../flowchart.pdf`: the same inputs → the
  flowchart with the patient's path (`compiler.web.flowchart`);
- `GET /static/{name}`: the page's CSS and JavaScript, read from the package, and
  `highlight.css`, the colours of the guideline's text (`compiler.highlight`'s theme).

The inputs travel only in POST bodies: no URL holds patient data. Every answer carries a strict
Content-Security-Policy (scripts and styles from this origin only, nothing inline), is never
cached when it holds patient data, and sends no referrer. Who may call: `compiler.web.access`.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Mapping
from importlib import resources
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from compiler.web import access
from compiler.web.access import shared as state
from compiler.web.form import Field, choice_text, fields
from compiler.web.source import HIGHLIGHT_CSS, source_html, theme_css

if TYPE_CHECKING:  # the service includes the page: the page imports nothing of it at run time
    from compiler.service.registry import Guideline

__all__ = ["router", "CSP"]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
PRIVATE = HEADERS | {"Cache-Control": "no-store"}
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}

STATUS_WORDS = {
    "complete": ("Complete", "the pathway was decided from the data given."),
    "needs_data": ("Needs data", "the pathway stopped before the end: enter what is needed to decide."),
    "invalid_input": ("Invalid input", "nothing was evaluated: correct the fields marked."),
}
OTHER = "-other-"  # a choice select's "not listed" option: never a choice's name (an identifier)
URGENCY_WORDS = {"critical": "Critical", "warning": "Warning", "info": "Info"}

router = APIRouter(tags=["Page"], dependencies=[Depends(access.page_access)])


@functools.cache
def templates() -> Environment:
    env = Environment(
        loader=PackageLoader("compiler.web", "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["choice"] = choice_text
    return env


@functools.cache
def static_files() -> dict[str, tuple[bytes, str, str]]:
    """The static files by name: (bytes, content type, ETag)."""
    found: dict[str, tuple[bytes, str, str]] = {}
    for entry in resources.files("compiler.web").joinpath("static").iterdir():
        suffix = "." + entry.name.rsplit(".", 1)[-1]
        if entry.is_file() and suffix in STATIC_TYPES:
            data = entry.read_bytes()
            found[entry.name] = (data, STATIC_TYPES[suffix], _etag(data))
    theme = theme_css()
    found[HIGHLIGHT_CSS] = (theme, STATIC_TYPES[".css"], _etag(theme))
    return found


def _etag(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:16] + '"'


def _guideline(request: Request, guideline_id: str) -> Guideline:
    found = state(request).registry.guidelines.get(guideline_id)
    if found is None:
        raise HTTPException(404, {"error": "no such guideline"})
    return found


def _form(guideline: Guideline) -> tuple[Field, ...]:
    return fields(guideline.evaluator.input_schema, [i.name for i in guideline.program.inputs])


def _steps(guideline: Guideline) -> dict[str, Any]:
    """What the page shows of each step when it is clicked: its label, kind, conditions."""
    from dsl import program as p

    shown: dict[str, Any] = {}
    for step in guideline.program.steps:
        if isinstance(step, p.Decision):
            conditions = [b.text for b in step.branches]
            shown[step.id] = {"label": step.label or step.id, "kind": "decision", "conditions": conditions}
        else:
            texts = {r.code: r.text for r in guideline.program.recommendations}
            shown[step.id] = {
                "label": step.label or step.id,
                "kind": "action",
                "recommends": [texts.get(code, code) for code in step.recommends],
            }
    shown["end"] = {"label": "End", "kind": "end"}
    return shown


def _page(name: str, **values: Any) -> HTMLResponse:
    return HTMLResponse(templates().get_template(name).render(**values), headers=HEADERS)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def picker(request: Request) -> HTMLResponse:
    """Every guideline served, each a link to its page."""
    guidelines = [g.program for g in state(request).registry.guidelines.values()]
    return _page("picker.html", root="./", guidelines=guidelines)


@router.get("/guidelines/{guideline_id}/", response_class=HTMLResponse, include_in_schema=False)
def page(guideline_id: str, request: Request) -> HTMLResponse:
    """A guideline's page: its form (from `INPUT_SCHEMA`), its result, its flowchart, and a link to
    its text."""
    guideline = _guideline(request, guideline_id)
    form = _form(guideline)
    meta = {
        "id": guideline.id,
        "other": OTHER,
        "steps": _steps(guideline),
        "fields": {f.name: {"kind": f.kind, "unit": f.unit, "label": f.label} for f in form},
    }
    return _page("guideline.html", root="../../", program=guideline.program, fields=form, meta=meta, other=OTHER)


@router.get("/guidelines/{guideline_id}/text", response_class=HTMLResponse, include_in_schema=False)
def text(guideline_id: str, request: Request) -> HTMLResponse:
    """A guideline's text, coloured as the editor colours it, with line numbers
    (`compiler.web.source`): a page of its own, linked from the guideline's page, which stays
    light at the bedside."""
    guideline = _guideline(request, guideline_id)
    return _page(
        "text.html",
        root="../../",
        program=guideline.program,
        source=source_html(guideline.program.source_text),
        source_name=os.path.basename(guideline.path),
    )


def result_html(guideline: Guideline, result: Mapping[str, Any]) -> str:
    """The result region's contents: status in words, recommendations in order with urgency and
    citations (numbered footnotes with the sources' full text), what is needed, the errors."""
    program = guideline.program
    urgency = guideline.evaluator.urgency or {}
    sources = {s.key: s.reference for s in program.sources}
    numbers: dict[str, int] = {}
    recommendations = []
    for entry in result.get("recommendations", []):
        cited = []
        for key in entry.get("citations", []):
            numbers.setdefault(key, len(numbers) + 1)
            cited.append((numbers[key], key))
        level = urgency.get(entry.get("code", ""))
        recommendations.append(
            {
                "code": entry.get("code", ""),
                "text": entry.get("text", ""),
                "urgency": level,
                "urgency_word": URGENCY_WORDS.get(level or "", ""),
                "cited": cited,
            }
        )
    labels = {f.name: f.label for f in _form(guideline)}
    status = str(result.get("status", ""))
    word, meaning = STATUS_WORDS.get(status, (status, ""))
    return (
        templates()
        .get_template("result.html")
        .render(
            status=status,
            word=word,
            meaning=meaning,
            recommendations=recommendations,
            footnotes=[(n, key, sources.get(key, key)) for key, n in numbers.items()],
            needs=[(name, labels.get(name, name)) for name in result.get("needs", [])],
            errors=[
                (e.get("input", ""), labels.get(e.get("input", ""), e.get("input", "")), e.get("problem", ""))
                for e in result.get("errors", [])
            ],
            path=result.get("path", []),
        )
    )


Inputs = Annotated[dict[str, Any], Body()]


@router.post("/guidelines/{guideline_id}/page/evaluate", dependencies=[Depends(access.same_origin)])
def evaluate(guideline_id: str, request: Request, inputs: Inputs) -> JSONResponse:
    """The result for these inputs and the result region drawn from it."""
    guideline = _guideline(request, guideline_id)
    result = dict(guideline.evaluator.evaluate(inputs))
    return JSONResponse({"result": result, "html": result_html(guideline, result)}, headers=PRIVATE)


@router.post(
    "/guidelines/{guideline_id}/page/flowchart.svg",
    dependencies=[Depends(access.same_origin)],
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}},
)
def flowchart_svg(guideline_id: str, request: Request, inputs: Inputs) -> Response:
    """The flowchart with the path of these inputs, marked for the page."""
    from compiler.web import flowchart

    guideline = _guideline(request, guideline_id)
    result = guideline.evaluator.evaluate(inputs)
    return Response(flowchart.svg(guideline.program, result), media_type="image/svg+xml", headers=PRIVATE)


@router.post(
    "/guidelines/{guideline_id}/page/flowchart.pdf",
    dependencies=[Depends(access.same_origin)],
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def flowchart_pdf(guideline_id: str, request: Request, inputs: Inputs) -> Response:
    """The flowchart with the path of these inputs as a PDF download."""
    from compiler.web import flowchart

    guideline = _guideline(request, guideline_id)
    result = guideline.evaluator.evaluate(inputs)
    name = re.sub(r"[^A-Za-z0-9._-]", "_", guideline.id)
    headers = PRIVATE | {"Content-Disposition": f'attachment; filename="{name}-flowchart.pdf"'}
    return Response(flowchart.pdf(guideline.program, result), media_type="application/pdf", headers=headers)


@router.get("/static/{name}", include_in_schema=False)
def static(name: str, request: Request) -> Response:
    """The page's CSS and JavaScript (from the package: no CDN, no build step)."""
    found = static_files().get(name)
    if found is None:
        raise HTTPException(404, {"error": "no such file"})
    data, kind, etag = found
    headers = HEADERS | {"Cache-Control": "no-cache", "ETag": etag}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=kind, headers=headers)
