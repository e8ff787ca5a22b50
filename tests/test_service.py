"""`guideline serve` against a real server (uvicorn on a loopback port, real HTTP with httpx):
discovery, each state of a call's prefetch, the FHIR server fallback and its failures (412), the
cards (each validated against a JSON Schema of the CDS Hooks 2.0 response), their escaping, the
suggestions of an order-sign call, the flowchart links, feedback, the plain evaluate endpoint,
and the answers to bad requests. The vignettes go through the service as FHIR records and give
what the evaluator gives on the mapped inputs."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import jsonschema  # type: ignore[import-untyped]
import pytest
from markdown_it import MarkdownIt

from compiler.api import check_text, load
from compiler.cli import main
from compiler.fhir import map_record, prefetch_templates
from tests.conftest import ROOT, SPECIFICATION
from tests.fhir.builder import record as vignette_record
from tests.service.helpers import searchset
from tests.service.server import AZA, Running, hook_body, running

SCHEMA = json.loads((ROOT / "tests/service/cds-hooks-response.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
AZA_PATH = str(ROOT / "guideline/azathioprine_thrombocytopenia.guideline")
MARKUP = "markup-attack"
ORIGIN = "https://ehr.example.org"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    with running(
        tmp_path_factory.mktemp("service"), cors_origins=(ORIGIN,), fhir_max_bytes=300_000, max_body_bytes=400_000
    ) as found:
        yield found


def cards_of(response: httpx.Response) -> list[dict[str, Any]]:
    """The cards of a 200 answer, each checked against the CDS Hooks 2.0 schema and the
    service's own promises (extension, order by urgency)."""
    assert response.status_code == 200, response.text
    body = response.json()
    VALIDATOR.validate(body)
    order = {"critical": 0, "warning": 1, "info": 2}
    ranks = [order[c["indicator"]] for c in body["cards"]]
    assert ranks == sorted(ranks)
    for card in body["cards"]:
        assert set(card["extension"]) >= {"codes", "status"}
        assert len(card["summary"]) < 140
    cards: list[dict[str, Any]] = body["cards"]
    return cards


def slots(bundle: dict[str, Any], templates: dict[str, str]) -> dict[str, Any]:
    """A whole record split into the guideline's prefetch slots, as a client would answer them."""
    by_type: dict[str, list[dict[str, Any]]] = {}
    for entry in bundle["entry"]:
        by_type.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])
    found = {}
    for key in templates:
        if key == "observations":
            found[key] = searchset(by_type.get("Observation", []))
        elif key == "conditions":
            found[key] = searchset(by_type.get("Condition", []))
        elif key == "medications":
            found[key] = searchset(by_type.get("MedicationRequest", []) + by_type.get("Medication", []))
        else:
            found[key] = searchset([])
    return found


@pytest.fixture(scope="module")
def program() -> Any:
    return check_text(Path(AZA_PATH).read_text(encoding="utf-8"), AZA_PATH).program


@pytest.fixture(scope="module")
def vignettes() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads((SPECIFICATION / "vignettes.json").read_text(encoding="utf-8"))
    return found


def _vignette(vignettes: list[dict[str, Any]], ident: str) -> dict[str, Any]:
    return next(v for v in vignettes if v["id"] == ident)


# ---- discovery ----


def test_discovery_lists_each_guideline_s_services_with_its_templates(server: Running, program: Any) -> None:
    services = {s["id"]: s for s in server.get("/cds-services").json()["services"]}
    assert {AZA, f"{AZA}-order-select", f"{AZA}-order-sign", "hostile-texts", MARKUP} <= set(services)
    assert services[AZA]["hook"] == "patient-view"
    assert services[f"{AZA}-order-select"]["hook"] == "order-select"
    assert services[f"{AZA}-order-sign"]["hook"] == "order-sign"
    assert services[AZA]["prefetch"] == prefetch_templates(program)
    assert "{{context.patientId}}" in services[AZA]["prefetch"]["observations"]
    assert "prefetch" not in services["hostile-texts"]  # no bindings: no prefetch, and no order services
    assert "hostile-texts-order-sign" not in services
    for service in services.values():
        assert service["description"] and service["title"]


# ---- the prefetch states ----


def test_a_full_prefetch_needs_no_fhir_server(server: Running, program: Any, vignettes: list[dict[str, Any]]) -> None:
    bundle, _ = vignette_record(_vignette(vignettes, "p01"), datetime.now(UTC))
    before = len(server.fhir.requests)
    cards = cards_of(server.call(AZA, hook_body(prefetch=slots(bundle, prefetch_templates(program)))))
    assert len(server.fhir.requests) == before
    codes = sorted(code for card in cards for code in card["extension"]["codes"])
    assert codes == sorted(_vignette(vignettes, "p01")["codes"])


def _with_fhir(server: Running, **extra: Any) -> dict[str, Any]:
    return {
        "fhirServer": server.fhir_base,
        "fhirAuthorization": {
            "access_token": server.fhir.token,
            "token_type": "Bearer",
            "expires_in": 300,
            "scope": "patient/*.read",
            "subject": "guideline-service",
        },
        **extra,
    }


def _serve_record(server: Running, bundle: dict[str, Any], program: Any) -> dict[str, Any]:
    full = slots(bundle, prefetch_templates(program))
    server.fhir.answers = {
        "Observation": full["observations"],
        "Condition": full["conditions"],
        "MedicationRequest": full["medications"],
    }
    return full


def test_a_partial_prefetch_is_completed_from_the_fhir_server(
    server: Running, program: Any, vignettes: list[dict[str, Any]]
) -> None:
    vignette = _vignette(vignettes, "p01")
    full = _serve_record(server, vignette_record(vignette, datetime.now(UTC))[0], program)
    server.fhir.requests.clear()
    given = {"observations": full["observations"], "observation-history": full["observation-history"]}
    cards = cards_of(server.call(AZA, hook_body(prefetch=given, **_with_fhir(server))))
    assert sorted(c for card in cards for c in card["extension"]["codes"]) == sorted(vignette["codes"])
    assert sorted(r.split("?")[0] for r in server.fhir.requests) == ["/fhir/Condition", "/fhir/MedicationRequest"]
    assert all("patient=p1" in r for r in server.fhir.requests)


@pytest.mark.parametrize("prefetch", ["absent", None, {}])
def test_no_prefetch_at_all_is_fetched_whole(
    server: Running, program: Any, vignettes: list[dict[str, Any]], prefetch: Any
) -> None:
    vignette = _vignette(vignettes, "p02")
    _serve_record(server, vignette_record(vignette, datetime.now(UTC))[0], program)
    server.fhir.requests.clear()
    cards = cards_of(server.call(AZA, hook_body(prefetch=prefetch, **_with_fhir(server))))
    assert len(server.fhir.requests) == len(prefetch_templates(program))
    assert sorted(c for card in cards for c in card["extension"]["codes"]) == sorted(vignette["codes"])


def test_an_operation_outcome_in_a_slot_is_fetched_again(
    server: Running, program: Any, vignettes: list[dict[str, Any]]
) -> None:
    vignette = _vignette(vignettes, "p01")
    full = _serve_record(server, vignette_record(vignette, datetime.now(UTC))[0], program)
    server.fhir.requests.clear()
    full = dict(
        full, conditions={"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "timeout"}]}
    )
    cards = cards_of(server.call(AZA, hook_body(prefetch=full, **_with_fhir(server))))
    assert [r.split("?")[0] for r in server.fhir.requests] == ["/fhir/Condition"]
    assert sorted(c for card in cards for c in card["extension"]["codes"]) == sorted(vignette["codes"])


def test_a_null_slot_is_a_search_without_a_match(
    server: Running, program: Any, vignettes: list[dict[str, Any]]
) -> None:
    """CDS Hooks 2.0: null when the client has no data for a key; for a search, an empty result."""
    vignette = _vignette(vignettes, "p01")
    full = slots(vignette_record(vignette, datetime.now(UTC))[0], prefetch_templates(program))
    server.fhir.requests.clear()
    medications = [e["resource"] for e in full["medications"]["entry"]]
    assert not any(
        m.get("medicationCodeableConcept", {}).get("coding", [{}])[0].get("code") in ("519", "73689")
        for m in medications
        if m["status"] == "active"
    )
    cards = cards_of(server.call(AZA, hook_body(prefetch=dict(full, medications=None))))
    assert server.fhir.requests == []
    assert all(card["extension"]["status"] in ("complete", "needs_data") for card in cards)


def test_missing_data_without_a_fhir_server_is_412(server: Running, program: Any) -> None:
    response = server.call(AZA, hook_body(prefetch={"observations": searchset([])}))
    assert response.status_code == 412
    assert set(response.json()["missing"]) == set(prefetch_templates(program)) - {"observations"}


@pytest.mark.parametrize("answer", [500, 404, "wrong-token", "too-large", "not-fhir"])
def test_a_fhir_server_that_fails_gives_412(server: Running, answer: Any) -> None:
    body = hook_body(**_with_fhir(server))
    if answer == "wrong-token":
        body["fhirAuthorization"]["access_token"] = "stolen"
        server.fhir.answers = {}
    elif answer == "too-large":
        big = {"resourceType": "Observation", "status": "final", "note": [{"text": "x" * 400_000}]}
        server.fhir.answers = {"Observation": searchset([big])}
    elif answer == "not-fhir":
        server.fhir.answers = {"Observation": {"hello": "world"}}
    else:
        server.fhir.answers = {"Observation": answer}
    response = server.call(AZA, body)
    assert response.status_code == 412, response.text
    assert response.json()["reason"].startswith("the FHIR server")


def test_a_fhir_server_that_does_not_answer_in_time_gives_412(server: Running) -> None:
    server.fhir.answers, server.fhir.delay = {}, 2.5
    try:
        response = server.call(AZA, hook_body(**_with_fhir(server)))
    finally:
        server.fhir.delay = 0.0
    assert response.status_code == 412
    assert response.json()["reason"] == "the FHIR server did not answer in time"


def test_a_fhir_server_that_is_not_https_is_not_called(server: Running) -> None:
    body = hook_body(**_with_fhir(server))
    body["fhirServer"] = "http://fhir.example.org/fhir"
    response = server.call(AZA, body)
    assert response.status_code == 412
    assert response.json()["reason"] == "fhirServer is not an https URL"


# ---- cards ----


def test_a_needs_data_result_gives_an_info_card_naming_each_missing_input(server: Running, program: Any) -> None:
    empty = {key: searchset([]) for key in prefetch_templates(program)}
    cards = cards_of(server.call(AZA, hook_body(prefetch=empty)))
    data = [c for c in cards if not c["extension"]["codes"]]
    assert len(data) == 1 and data[0]["indicator"] == "info"
    assert data[0]["extension"]["status"] == "needs_data"
    assert data[0]["summary"].startswith("More data needed: ")
    assert "Indication for azathioprine (indication)" in data[0]["detail"]
    assert "overrideReasons" not in data[0]


def test_an_invalid_input_gives_one_warning_card_naming_it(server: Running, program: Any) -> None:
    now = datetime.now(UTC).isoformat()
    bad = {
        "resourceType": "Observation",
        "id": "plt-1",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "777-3"}]},
        "effectiveDateTime": now,
        "valueQuantity": {"value": 5, "unit": "g/dL", "system": "http://unitsofmeasure.org", "code": "g/dL"},
    }
    record = {key: searchset([]) for key in prefetch_templates(program)}
    record["observations"] = searchset([bad])
    mapped = map_record(program, record, now=datetime.now(UTC))
    expected = load(AZA_PATH).evaluate(mapped.inputs)
    cards = cards_of(server.call(AZA, hook_body(prefetch=record)))
    assert expected["status"] == "invalid_input"
    assert len(cards) == 1
    assert cards[0]["indicator"] == "warning" and cards[0]["extension"] == {"codes": [], "status": "invalid_input"}
    for error in expected["errors"]:
        assert error["input"].replace("_", "\\_") in cards[0]["detail"]


def test_an_order_sign_call_suggests_removing_a_draft_febuxostat_order(
    server: Running, program: Any, vignettes: list[dict[str, Any]]
) -> None:
    full = slots(vignette_record(_vignette(vignettes, "p01"), datetime.now(UTC))[0], prefetch_templates(program))
    draft = {
        "resourceType": "MedicationRequest",
        "id": "draft-febuxostat-1",
        "status": "draft",
        "intent": "order",
        "subject": {"reference": "Patient/p1"},
        "medicationCodeableConcept": {
            "text": "Febuxostat 80 mg tablet",
            "coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "73689"}],
        },
    }
    body = hook_body("order-sign", prefetch=full)
    body["context"]["draftOrders"] = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": draft}]}
    cards = cards_of(server.call(f"{AZA}-order-sign", body))
    critical = cards[0]
    assert critical["indicator"] == "critical" and "febuxostat_contraindicated" in critical["extension"]["codes"]
    assert critical["selectionBehavior"] == "at-most-one"
    [suggestion] = critical["suggestions"]
    assert suggestion["actions"] == [
        {"type": "delete", "description": suggestion["label"], "resourceId": "MedicationRequest/draft-febuxostat-1"}
    ]
    assert "Febuxostat 80 mg tablet" in suggestion["label"]
    assert all(r["display"] for r in critical["overrideReasons"])
    # the same record without the draft: no febuxostat, no suggestion
    plain = cards_of(server.call(AZA, hook_body(prefetch=full)))
    assert not any("suggestions" in c for c in plain)
    assert not any("febuxostat_contraindicated" in c["extension"]["codes"] for c in plain)


def test_an_order_select_call_needs_its_selections(server: Running) -> None:
    body = hook_body("order-select", prefetch={})
    body["context"]["draftOrders"] = {"resourceType": "Bundle", "entry": []}
    response = server.call(f"{AZA}-order-select", body)
    assert response.status_code == 422
    assert any(p["location"][-1] == "selections" for p in response.json()["problems"])


def _rendered(markdown: str) -> tuple[list[str], str]:
    """The kinds of markup a GFM renderer (markdown-it, HTML on, tables and strikethrough on)
    finds in a card's detail, and the HTML it makes."""
    parser = MarkdownIt("commonmark", {"html": True, "linkify": False}).enable(["table", "strikethrough"])
    kinds: list[str] = []
    for token in parser.parse(markdown):
        kinds.append(token.type)
        kinds += [child.type for child in token.children or ()]
    return kinds, parser.render(markdown)


ALLOWED = {
    "paragraph_open",
    "paragraph_close",
    "inline",
    "text",
    "strong_open",
    "strong_close",
    "bullet_list_open",
    "bullet_list_close",
    "list_item_open",
    "list_item_close",
    "softbreak",
}


def _inert(card: dict[str, Any]) -> None:
    kinds, html = _rendered(card["detail"])
    assert set(kinds) <= ALLOWED, set(kinds) - ALLOWED
    for raw in (
        "<script",
        "<img",
        "<a ",
        "<b>",
        "<i>",
        "<u>",
        "<!--",
        "<h1",
        "<em>",
        "<code>",
        "<blockquote",
        "<table",
    ):
        assert raw not in html
    assert "\u202e" not in card["detail"] and "\u202e" not in card["summary"]
    assert "\n" not in card["summary"]


def test_hostile_texts_cannot_add_markdown_or_html_to_cards(server: Running) -> None:
    now = datetime.now(UTC).isoformat()
    low: dict[str, Any] = {
        "resourceType": "Observation",
        "id": "c-1",
        "status": "final",
        "effectiveDateTime": now,
        "code": {"coding": [{"system": "http://loinc.org", "code": "777-3"}]},
        "valueQuantity": {"value": 10, "unit": "10*9/L", "system": "http://unitsofmeasure.org", "code": "10*9/L"},
    }
    drug = {
        "resourceType": "MedicationRequest",
        "id": "m-1",
        "status": "active",
        "intent": "order",
        "subject": {"reference": "Patient/p1"},
        "authoredOn": now,
        "medicationCodeableConcept": {
            "text": "**evil** <b>drug</b>",
            "coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "73689"}],
        },
    }
    prefetch = {"observations": searchset([low]), "medications": searchset([drug])}
    cards = cards_of(server.call(MARKUP, hook_body(prefetch=prefetch)))
    assert [c["indicator"] for c in cards] == ["critical"]
    assert set(cards[0]["extension"]["codes"]) == {"danger", "drug_stop"}
    shown = _rendered(cards[0]["detail"])[1]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold** _em_ [link](javascript:alert(1))" in shown
    fine = low | {"valueQuantity": low["valueQuantity"] | {"value": 100}}
    calm = cards_of(
        server.call(MARKUP, hook_body(prefetch={"observations": searchset([fine]), "medications": searchset([])}))
    )
    assert [c["extension"]["codes"] for c in calm] == [["calm"]]
    hostile = cards_of(server.call("hostile-texts", hook_body()))  # no bindings: every input unknown
    for card in cards + calm + hostile:
        _inert(card)


def test_cards_of_the_hostile_guideline_are_inert_for_every_result() -> None:
    from compiler.service.cards import cards

    path = str(ROOT / "tests/golden/hostile.guideline")
    hostile = check_text(Path(path).read_text(encoding="utf-8"), path).program
    evaluator = load(path)
    for inputs in ({"n": 1}, {"n": -1, "__class__": "_x"}, {}, {"n": 7}):
        made = cards(
            hostile, evaluator.evaluate(inputs), chart_url="http://x.test/c.svg", guideline_url="http://x.test/g"
        )
        assert made
        VALIDATOR.validate({"cards": made})
        for card in made:
            _inert(card)


# ---- links, feedback, the plain API ----


def test_a_card_links_to_its_evaluation_s_flowchart_without_patient_data(
    server: Running, program: Any, vignettes: list[dict[str, Any]]
) -> None:
    full = slots(vignette_record(_vignette(vignettes, "p01"), datetime.now(UTC))[0], prefetch_templates(program))
    cards = cards_of(server.call(AZA, hook_body(patient="patient-4711", prefetch=full)))
    [link] = cards[0]["links"]
    assert link["url"].startswith(server.base + f"/guidelines/{AZA}/evaluations/")
    assert "4711" not in link["url"] and "platelet" not in link["url"]
    assert all(card["links"] == [link] for card in cards)
    chart = httpx.get(link["url"], timeout=30)
    assert chart.status_code == 200
    assert chart.headers["content-type"] == "image/svg+xml"
    assert chart.headers["cache-control"] == "no-store" and chart.headers["referrer-policy"] == "no-referrer"
    assert chart.content.lstrip().startswith((b"<?xml", b"<svg"))
    assert httpx.get(link["url"].replace("/evaluations/", "/evaluations/x"), timeout=30).status_code == 404


def test_feedback_is_stored_and_counted(server: Running, program: Any, capsys: pytest.CaptureFixture[str]) -> None:
    empty = {key: searchset([]) for key in prefetch_templates(program)}
    card = cards_of(server.call(AZA, hook_body(prefetch=empty)))[0]
    feedback = {
        "feedback": [
            {
                "card": card["uuid"],
                "outcome": "overridden",
                "outcomeTimestamp": "2026-01-02T03:04:05Z",
                "overrideReason": {
                    "reason": {"system": "urn:guideline-toolchain:override-reason", "code": "not-applicable"},
                    "userComment": "patient name here",
                },
            },
            {
                "card": "4e0a3a1e-3283-4575-ab82-028d55fe2719",
                "outcome": "accepted",
                "outcomeTimestamp": "2026-01-02T03:04:05Z",
                "acceptedSuggestions": [{"id": "e56e1945-20b3-4393-8503-a1a20fd73152"}],
            },
        ]
    }
    response = server.post(f"/cds-services/{AZA}/feedback", feedback)
    assert response.status_code == 200 and response.json() == {"stored": 2}
    with sqlite3.connect(server.feedback_database) as db:
        rows = db.execute(
            "select card, outcome, override_code, has_comment, status from feedback order by id"
        ).fetchall()
        assert "patient name here" not in json.dumps(db.execute("select * from feedback").fetchall())
    assert (card["uuid"], "overridden", "not-applicable", 1, "needs_data") in rows
    bad = server.post(f"/cds-services/{AZA}/feedback", {"feedback": [{"card": "x", "outcome": "maybe"}]})
    assert bad.status_code == 422
    config = Path(server.feedback_database).with_suffix(".toml")
    config.write_text(f'feedback_database = "{server.feedback_database}"\n', encoding="utf-8")
    assert main(["serve", "--config", str(config), "--feedback-report"]) == 0
    shown = capsys.readouterr().out
    assert f"{AZA}  overridden  not-applicable  1" in shown
    assert f"{AZA}  accepted  -  1" in shown


def test_the_evaluate_endpoint_returns_the_evaluator_s_result(server: Running) -> None:
    example = json.loads((ROOT / "guideline/azathioprine_thrombocytopenia.example.json").read_text(encoding="utf-8"))
    response = server.post(f"/guidelines/{AZA}/evaluate", example)
    assert response.status_code == 200
    assert response.json() == load(AZA_PATH).evaluate(example)
    invalid = server.post(f"/guidelines/{AZA}/evaluate", {"platelets": "many"})
    assert invalid.status_code == 200 and invalid.json()["status"] == "invalid_input"
    listed = server.get("/guidelines").json()["guidelines"]
    assert AZA in [g["id"] for g in listed]
    assert server.get(f"/guidelines/{AZA}").json()["services"] == [AZA, f"{AZA}-order-select", f"{AZA}-order-sign"]
    assert server.get("/guidelines/nothing").status_code == 404


# ---- bad requests ----


def _raw(server: Running, path: str, content: bytes, content_type: str = "application/json") -> httpx.Response:
    headers = server.auth(path) | {"Content-Type": content_type}
    return httpx.post(server.base + path, content=content, headers=headers, timeout=30)


def test_bad_requests_get_400_or_422_with_a_clear_message(server: Running) -> None:
    path = f"/cds-services/{AZA}"
    malformed = _raw(server, path, b'{"hook": "patient-view",')
    assert malformed.status_code == 400 and malformed.json() == {"error": "malformed JSON"}
    wrong_type = _raw(server, path, json.dumps(hook_body()).encode(), "text/plain")
    assert wrong_type.status_code == 400 and "JSON" in wrong_type.json()["error"]
    other_hook = server.call(AZA, hook_body("order-sign"))
    assert other_hook.status_code == 400 and "patient-view" in other_hook.json()["error"]
    unknown = server.call("no-such-service", hook_body())
    assert unknown.status_code == 404
    broken = hook_body()
    del broken["hookInstance"]
    missing = server.call(AZA, broken)
    assert missing.status_code == 422 and missing.json()["problems"][0]["location"] == ["body", "hookInstance"]
    injected = server.call(AZA, hook_body(patient="p1&code=x"))
    assert injected.status_code == 422
    assert server.call(AZA, hook_body(prefetch={"observations": {"no": "type"}})).status_code == 422
    assert server.post(f"/cds-services/{AZA}", [1, 2]).status_code == 422
    auth_only = hook_body(
        fhirAuthorization={"access_token": "t", "token_type": "Bearer", "expires_in": 1, "scope": "s", "subject": "s"}
    )
    assert server.call(AZA, auth_only).status_code == 422


def test_a_body_over_the_limit_is_refused(server: Running) -> None:
    path = f"/cds-services/{AZA}"
    big = json.dumps(hook_body(extension={"padding": "x" * 500_000})).encode()
    assert _raw(server, path, big).status_code == 413

    def chunks() -> Iterator[bytes]:
        for _ in range(10):
            yield b" " * 50_000

    streamed = httpx.post(
        server.base + path,
        content=chunks(),
        timeout=30,
        headers=server.auth(path) | {"Content-Type": "application/json"},
    )
    assert streamed.status_code == 413


def test_cors_answers_only_the_configured_origin(server: Running) -> None:
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
    }
    good = httpx.options(server.base + "/cds-services", headers={"Origin": ORIGIN} | preflight)
    assert good.headers.get("access-control-allow-origin") == ORIGIN
    evil = httpx.options(server.base + "/cds-services", headers={"Origin": "https://evil.example"} | preflight)
    assert "access-control-allow-origin" not in evil.headers
    plain = server.get("/cds-services")
    assert "access-control-allow-origin" not in plain.headers


# ---- the vignettes, through the service ----


def test_every_vignette_through_the_service_matches_the_evaluator(
    server: Running, program: Any, vignettes: list[dict[str, Any]]
) -> None:
    evaluator = load(AZA_PATH)
    templates = prefetch_templates(program)
    for vignette in vignettes:
        now = datetime.now(UTC)
        prefetch = slots(vignette_record(vignette, now)[0], templates)
        expected = evaluator.evaluate(map_record(program, prefetch, now=now).inputs)
        cards = cards_of(server.call(AZA, hook_body(patient=vignette["id"], prefetch=prefetch)))
        shown = [code for card in cards for code in card["extension"]["codes"]]
        assert sorted(shown) == sorted(r["code"] for r in expected["recommendations"]), vignette["id"]
        assert {card["extension"]["status"] for card in cards} <= {expected["status"]}, vignette["id"]
        if expected["status"] == "needs_data":
            [data] = [c for c in cards if not c["extension"]["codes"]]
            for name in expected["needs"]:
                assert f"({name.replace('_', chr(92) + '_')})" in data["detail"], vignette["id"]
