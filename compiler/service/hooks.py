"""`POST /cds-services/{id}`: one CDS Hooks 2.0 call, evaluated.

1. The body is checked against the CDS Hooks request schema (the pydantic models below; the
   context against its hook's: `patient-view`, `order-select`, `order-sign`). The hook must be
   the service's. A patient id must be a FHIR id (it goes into FHIR queries).
2. The record: for each prefetch key of the guideline, the value the client sent. A key with
   `null` means the client has no data for it: for a search that is a search without a match (an
   empty searchset Bundle, CDS Hooks 2.0 "Prefetch Template"). A key that is absent, or holds an
   OperationOutcome (the client's prefetch failed), or a whole `prefetch` that is `null` or
   absent, is fetched from `fhirServer` with `fhirAuthorization` (`compiler.service.fhirclient`).
   When that cannot be done (no FHIR server or token given, a failure, a timeout, an answer too
   large), the answer is 412 naming the keys: no card is built on a guess.
3. The FHIR mapper (`compiler.fhir.map_record`) turns the record, and the draft orders of an
   `order-select` or `order-sign` call, into the guideline's inputs with their provenance; the
   compiled evaluator gives the result; the cards are built from it (`compiler.service.cards`).
   The evaluation is kept in memory (`compiler.service.store`) for the card's flowchart link.
"""

from __future__ import annotations

import asyncio
import uuid as uuid_module
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from compiler.service import cards as card_module
from compiler.service import markdown as md
from compiler.service.fhirclient import Unobtainable, fetch
from compiler.service.registry import Service
from compiler.service.state import State, authenticated, state

router = APIRouter(tags=["CDS Hooks"])

FHIR_ID = r"^[A-Za-z0-9\-.]{1,64}$"


class FhirAuthorization(BaseModel):
    model_config = ConfigDict(extra="allow")
    access_token: str = Field(min_length=1, max_length=20_000)
    token_type: Literal["Bearer"]
    expires_in: int
    scope: str
    subject: str
    patient: str | None = Field(default=None, pattern=FHIR_ID)


class Resource(BaseModel):
    """A FHIR resource, checked here only for its `resourceType` (the mapper checks the rest)."""

    model_config = ConfigDict(extra="allow")
    resourceType: str = Field(pattern=r"^[A-Z][A-Za-z]{1,63}$")


class HookRequest(BaseModel):
    """A CDS Hooks 2.0 service request."""

    model_config = ConfigDict(extra="allow")
    hook: str = Field(min_length=1, max_length=200)
    hookInstance: uuid_module.UUID
    fhirServer: str | None = Field(default=None, pattern=r"^https?://", max_length=2000)
    fhirAuthorization: FhirAuthorization | None = None
    context: dict[str, Any]
    prefetch: dict[str, Resource | None] | None = None
    extension: dict[str, Any] | None = None


class PatientViewContext(BaseModel):
    model_config = ConfigDict(extra="allow")
    userId: str = Field(min_length=1)
    patientId: str = Field(pattern=FHIR_ID)
    encounterId: str | None = Field(default=None, pattern=FHIR_ID)


class Bundle(BaseModel):
    model_config = ConfigDict(extra="allow")
    resourceType: Literal["Bundle"]
    entry: list[dict[str, Any]] = Field(default_factory=list)


class OrderSignContext(PatientViewContext):
    draftOrders: Bundle


class OrderSelectContext(OrderSignContext):
    selections: list[str] = Field(min_length=1)


CONTEXTS: dict[str, type[PatientViewContext]] = {
    "patient-view": PatientViewContext,
    "order-select": OrderSelectContext,
    "order-sign": OrderSignContext,
}


def _problems(error: ValidationError, where: str) -> list[dict[str, Any]]:
    return [
        {"location": ["body", where, *(str(p) for p in e["loc"])], "problem": e["msg"], "type": e["type"]}
        for e in error.errors()
    ]


def _drafts(context: PatientViewContext) -> tuple[dict[str, Any], ...]:
    if not isinstance(context, OrderSignContext):
        return ()
    found = []
    for entry in context.draftOrders.entry:
        resource = entry.get("resource")
        if isinstance(resource, dict) and isinstance(resource.get("resourceType"), str):
            found.append(resource)
    return tuple(found)


def _draft_label(resource: Mapping[str, Any]) -> str:
    concept = resource.get("medicationCodeableConcept")
    if isinstance(concept, dict):
        if isinstance(concept.get("text"), str):
            return str(concept["text"])
        for coding in concept.get("coding") or []:
            if isinstance(coding, dict) and isinstance(coding.get("display"), str):
                return str(coding["display"])
    return f"{resource.get('resourceType')}/{resource.get('id')}"


def _empty_search() -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "searchset", "total": 0, "entry": []}


async def _record(service: Service, body: HookRequest, shared: State) -> dict[str, Any]:
    """The prefetch key → resource or Bundle map the mapper reads: what the client sent, and
    what it lacks fetched; `HTTPException` 412 when something cannot be had."""
    from compiler.fhir import fill

    templates = service.guideline.templates
    sent = body.prefetch or {}
    record: dict[str, Any] = {}
    lacking: list[str] = []
    for key, template in templates.items():
        value = sent.get(key, "absent")
        if value == "absent":
            lacking.append(key)
        elif value is None:
            record[key] = _empty_search() if "?" in template else None
        else:
            assert isinstance(value, Resource)
            if value.resourceType == "OperationOutcome":
                lacking.append(key)
            else:
                record[key] = value.model_dump(mode="json", exclude_unset=False)
    if not lacking:
        return record
    if body.fhirServer is None or body.fhirAuthorization is None:
        raise HTTPException(
            412,
            {
                "error": "the data the guideline needs were not prefetched, and no FHIR server and token were given",
                "missing": lacking,
            },
        )
    token = body.fhirAuthorization.access_token
    server = body.fhirServer
    try:
        found = await asyncio.gather(
            *(
                fetch(shared.client, server, token, key, fill(templates[key], body.context), shared.settings)
                for key in lacking
            )
        )
    except Unobtainable as error:
        raise HTTPException(
            412,
            {
                "error": "the FHIR server could not give the data the guideline needs",
                "key": error.key,
                "reason": error.reason,
            },
        ) from None
    record.update(zip(lacking, found, strict=True))
    return record


def _record_lines(program: Any, mapped: Any) -> list[str]:
    """What was read from the record, one markdown line per input (escaped)."""
    lines = []
    for name, sources in mapped.provenance.items():
        if not sources:
            continue
        spec = program.input_table.get(name)
        label = spec.label if spec is not None and spec.label else name
        value = mapped.inputs.get(name)
        shown = value.get("value") if isinstance(value, dict) else value
        unit = value.get("unit") if isinstance(value, dict) else None
        if isinstance(shown, bool):
            shown = "yes" if shown else "no"
        where = "; ".join(f"{p.reference}" + (f", {p.date}" if p.date else "") for p in sources[:3]) + (
            "; ..." if len(sources) > 3 else ""
        )
        text = f"{label}: {shown}" + (f" {unit}" if unit else "") + f" ({where})"
        lines.append(md.item(md.text(text)))
    return lines


def evaluate_call(
    service: Service, body: HookRequest, context: PatientViewContext, record: Mapping[str, Any], shared: State
) -> dict[str, Any]:
    """The cards of one call whose record is at hand."""
    from compiler.fhir import map_record

    guideline = service.guideline
    program = guideline.program
    drafts = _drafts(context)
    mapped = map_record(program, record, now=datetime.now(UTC), draft_orders=drafts)
    if mapped.unavailable:
        raise HTTPException(
            412, {"error": "the data the guideline needs could not be had", "missing": list(mapped.unavailable)}
        )
    result = guideline.evaluator.evaluate(mapped.inputs)
    ident = shared.store.add(guideline.id, result)
    by_reference = {f"{d.get('resourceType')}/{d.get('id')}": d for d in drafts if d.get("id")}
    from_drafts: dict[str, list[card_module.Draft]] = {}
    for name, sources in mapped.provenance.items():
        for source in sources:
            draft = by_reference.get(source.reference)
            if draft is not None:
                from_drafts.setdefault(name, []).append(card_module.Draft(source.reference, _draft_label(draft)))
    made = card_module.cards(
        program,
        result,
        chart_url=shared.url(f"/guidelines/{guideline.id}/evaluations/{ident}/flowchart.svg"),
        guideline_url=shared.url(f"/guidelines/{guideline.id}/"),  # the page: the JSON API needs a token
        drafts=from_drafts,
        record=_record_lines(program, mapped),
        why=mapped.notes,
    )
    for card in made:
        shared.issued.put(card["uuid"], (service.id, card["extension"]["codes"], result["status"]))
    return {"cards": made}


@router.post("/cds-services/{service_id}", dependencies=[Depends(authenticated)])
async def call_service(service_id: str, body: HookRequest, request: Request) -> dict[str, Any]:
    """Evaluate the guideline of this service on the patient of the call; its cards."""
    shared = state(request)
    service = shared.registry.services.get(service_id)
    if service is None:
        raise HTTPException(404, {"error": "no such CDS service"})
    if body.hook != service.hook:
        raise HTTPException(400, {"error": f"this service answers the {service.hook} hook, not another"})
    try:
        context = CONTEXTS[service.hook].model_validate(body.context)
    except ValidationError as error:
        raise HTTPException(
            422, {"error": "the context breaks the hook's schema", "problems": _problems(error, "context")}
        ) from None
    if body.fhirAuthorization is not None and body.fhirServer is None:
        raise HTTPException(422, {"error": "fhirAuthorization is given without fhirServer"})
    record = await _record(service, body, shared)
    return evaluate_call(service, body, context, record, shared)

