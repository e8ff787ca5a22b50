"""The servers of the service tests, started once per test module: the service (with trusted
clients: one whose JWKS is a file, one whose JWKS is served by a loopback URL), a FHIR server,
and the JWKS endpoint."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.service.helpers import ISSUER, FhirServer, Keys, jwks_app, make_keys, serving, token

ROOT = Path(__file__).resolve().parent.parent.parent
GUIDELINES = (
    str(ROOT / "guideline"),
    str(ROOT / "tests/golden/hostile.guideline"),
    str(ROOT / "tests/service/markup.guideline"),
)
OTHER_ISSUER = "https://other-ehr.example.org"
AZA = "azathioprine-thrombocytopenia"


@dataclass
class Running:
    base: str
    keys: Keys
    fhir: FhirServer
    fhir_base: str
    jwks_base: str
    jwks_hits: list[str]
    feedback_database: str
    app: Any

    def auth(self, path: str, **claims: Any) -> dict[str, str]:
        return {"Authorization": "Bearer " + token(self.keys, self.base + path, **claims)}

    def get(self, path: str, **claims: Any) -> httpx.Response:
        return httpx.get(self.base + path, headers=self.auth(path, **claims), timeout=30)

    def post(self, path: str, body: Any, **claims: Any) -> httpx.Response:
        return httpx.post(self.base + path, json=body, headers=self.auth(path, **claims), timeout=30)

    def call(self, service: str, body: dict[str, Any], **claims: Any) -> httpx.Response:
        return self.post(f"/cds-services/{service}", body, **claims)


def hook_body(
    hook: str = "patient-view", patient: str = "p1", prefetch: Any = "absent", **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "hook": hook,
        "hookInstance": str(uuid.uuid4()),
        "context": {"userId": "Practitioner/dr-1", "patientId": patient},
    }
    if prefetch != "absent":
        body["prefetch"] = prefetch
    body.update(extra)
    return body


@contextmanager
def running(tmp: Path, **settings: Any) -> Iterator[Running]:
    from compiler.service.app import create_app
    from compiler.service.settings import Issuer, Settings

    keys = make_keys()
    jwks_file = tmp / "ehr-jwks.json"
    jwks_file.write_text(json.dumps(keys.jwks()), encoding="utf-8")
    fhir = FhirServer()
    hits: list[str] = []
    database = str(tmp / "feedback.sqlite3")
    with ExitStack() as stack:
        fhir_base = stack.enter_context(serving(fhir.app))
        jwks_base = stack.enter_context(serving(jwks_app(keys.jwks(), hits)))
        made: list[Any] = []

        def make(base: str) -> Any:
            chosen = Settings(
                guidelines=GUIDELINES,
                base_url=base,
                issuers=(
                    Issuer(ISSUER, jwks_file=str(jwks_file)),
                    Issuer(OTHER_ISSUER, jwks_url=jwks_base + "/jwks.json"),
                ),
                feedback_database=database,
                fhir_timeout=2.0,
                **settings,
            )
            made.append(create_app(chosen))
            return made[0]

        base = stack.enter_context(serving(make))
        yield Running(base, keys, fhir, fhir_base + "/fhir", jwks_base, hits, database, made[0])
