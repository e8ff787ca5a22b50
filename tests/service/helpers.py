"""What the service tests share: signing keys made by the tests (no private key is committed),
tokens, and real servers (uvicorn on a free loopback port, in a thread) for the service, for a
small FHIR server and for a JWKS endpoint."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import jwt
import uvicorn
from cryptography.hazmat.primitives.asymmetric import ec, rsa

ISSUER = "https://ehr.example.org"
KID_EC = "ec-key-1"
KID_RSA = "rsa-key-1"


@dataclass
class Keys:
    ec: ec.EllipticCurvePrivateKey
    rsa: rsa.RSAPrivateKey

    def jwks(self) -> dict[str, Any]:
        ec_jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(self.ec.public_key()))
        rsa_jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.rsa.public_key()))
        ec_jwk.update(kid=KID_EC, use="sig", alg="ES384")
        rsa_jwk.update(kid=KID_RSA, use="sig", alg="RS384")
        return {"keys": [ec_jwk, rsa_jwk]}


def make_keys() -> Keys:
    return Keys(ec.generate_private_key(ec.SECP384R1()), rsa.generate_private_key(public_exponent=65537, key_size=2048))


def token(
    keys: Keys,
    aud: str | list[str],
    *,
    iss: str = ISSUER,
    alg: str = "ES384",
    kid: str | None = None,
    jku: str | None = None,
    now: float | None = None,
    exp_in: float = 300,
    iat_offset: float = 0,
    jti: str | None = None,
    drop: tuple[str, ...] = (),
) -> str:
    """A CDS client's JWT for `aud`, signed with the test keys (or as `alg` says)."""
    moment = time.time() if now is None else now
    claims: dict[str, Any] = {
        "iss": iss,
        "sub": "test-client",
        "aud": aud,
        "exp": int(moment + exp_in),
        "iat": int(moment + iat_offset),
        "jti": jti or str(uuid.uuid4()),
    }
    for name in drop:
        claims.pop(name)
    headers: dict[str, Any] = {"typ": "JWT"}
    if jku is not None:
        headers["jku"] = jku
    if alg == "ES384":
        headers["kid"] = kid or KID_EC
        return jwt.encode(claims, keys.ec, algorithm="ES384", headers=headers)
    if alg == "RS384":
        headers["kid"] = kid or KID_RSA
        return jwt.encode(claims, keys.rsa, algorithm="RS384", headers=headers)
    if alg == "HS256":
        headers["kid"] = kid or KID_EC
        return jwt.encode(claims, "a-shared-secret-of-at-least-32-bytes!!", algorithm="HS256", headers=headers)
    if alg == "none":
        headers["kid"] = kid or KID_EC
        return jwt.encode(claims, "", algorithm="none", headers=headers)
    raise ValueError(alg)


def free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextmanager
def serving(make_app: Callable[[str], Any]) -> Iterator[str]:
    """Run `make_app(base_url)` under uvicorn on a free loopback port in a thread; yield the base
    URL once it accepts connections; stop it cleanly."""
    sock = free_socket()
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    app = make_app(base)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.01)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@dataclass
class FhirServer:
    """A tiny FHIR server: GET {base}/{query} answers what `answers` holds for the query's
    resource type, when the bearer token is `token`; it records the queries it got."""

    token: str = "fhir-token-123"
    answers: dict[str, Any] = field(default_factory=dict)  # resource type → Bundle (or a status int)
    requests: list[str] = field(default_factory=list)
    delay: float = 0.0

    def app(self, base: str) -> Any:
        from starlette.applications import Starlette
        from starlette.requests import Request
        from starlette.responses import JSONResponse, Response
        from starlette.routing import Route

        async def search(request: Request) -> Response:
            self.requests.append(request.url.path + ("?" + request.url.query if request.url.query else ""))
            if request.headers.get("authorization") != f"Bearer {self.token}":
                return JSONResponse({"resourceType": "OperationOutcome", "issue": []}, status_code=401)
            if self.delay:
                await asyncio.sleep(self.delay)
            answer = self.answers.get(request.path_params["kind"], empty_bundle())
            if isinstance(answer, int):
                return JSONResponse({"resourceType": "OperationOutcome", "issue": []}, status_code=answer)
            return JSONResponse(answer, media_type="application/fhir+json")

        return Starlette(routes=[Route("/fhir/{kind}", search)])


def empty_bundle() -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "searchset", "entry": []}


def searchset(resources: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": dict(r)} for r in resources]}


def jwks_app(document: Mapping[str, Any], hits: list[str]) -> Callable[[str], Any]:
    def make(base: str) -> Any:
        from starlette.applications import Starlette
        from starlette.requests import Request
        from starlette.responses import JSONResponse
        from starlette.routing import Route

        async def keys(request: Request) -> JSONResponse:
            hits.append(request.url.path)
            return JSONResponse(dict(document))

        return Starlette(routes=[Route("/jwks.json", keys), Route("/other.json", keys)])

    return make
