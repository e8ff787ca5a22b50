"""`guideline serve`'s JWT checks (CDS Hooks 2.0 "Trusting CDS Clients"), against a real server:
every failure is a 401 with a JSON reason, and a good token is accepted once."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.service.helpers import ISSUER, token
from tests.service.server import AZA, OTHER_ISSUER, Running, hook_body, running


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    with running(tmp_path_factory.mktemp("auth")) as found:
        yield found


def _discovery(server: Running, bearer: str | None) -> httpx.Response:
    headers = {} if bearer is None else {"Authorization": f"Bearer {bearer}"}
    return httpx.get(server.base + "/cds-services", headers=headers, timeout=30)


def _refused(response: httpx.Response, reason: str) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"error": "unauthorized", "reason": reason}


def test_a_good_es384_and_rs384_token_each_open_discovery(server: Running) -> None:
    aud = server.base + "/cds-services"
    for alg in ("ES384", "RS384"):
        response = _discovery(server, token(server.keys, aud, alg=alg))
        assert response.status_code == 200, response.text
        assert AZA in [s["id"] for s in response.json()["services"]]


def test_aud_may_be_a_list_naming_the_endpoint(server: Running) -> None:
    assert _discovery(server, token(server.keys, [server.base + "/cds-services"])).status_code == 200


def test_no_token_and_another_scheme_are_refused(server: Running) -> None:
    _refused(_discovery(server, None), "a bearer token is required")
    response = httpx.get(server.base + "/cds-services", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    _refused(response, "a bearer token is required")


@pytest.mark.parametrize("bad", ["not-a-jwt", "a.b.c", "eyJhbGciOiJFUzM4NCJ9..", "...."])
def test_a_malformed_token_is_refused(server: Running, bad: str) -> None:
    _refused(_discovery(server, bad), "malformed token")


@pytest.mark.parametrize("alg", ["none", "HS256"])
def test_unsigned_and_hmac_tokens_are_refused(server: Running, alg: str) -> None:
    _refused(
        _discovery(server, token(server.keys, server.base + "/cds-services", alg=alg)),
        "signing algorithm not accepted (ES384 or RS384)",
    )


def test_an_rs256_token_is_refused_though_the_key_is_trusted(server: Running) -> None:
    import jwt

    claims = {
        "iss": ISSUER,
        "aud": server.base + "/cds-services",
        "exp": int(time.time()) + 60,
        "iat": int(time.time()),
        "jti": "rs256-1",
    }
    signed = jwt.encode(claims, server.keys.rsa, algorithm="RS256", headers={"kid": "rsa-key-1"})
    _refused(_discovery(server, signed), "signing algorithm not accepted (ES384 or RS384)")


def test_an_untrusted_issuer_is_refused(server: Running) -> None:
    _refused(
        _discovery(server, token(server.keys, server.base + "/cds-services", iss="https://evil.example")),
        "untrusted issuer or key",
    )


def test_the_audience_must_be_exactly_the_endpoint(server: Running) -> None:
    wrong = [
        server.base + "/cds-services/" + AZA,
        server.base,
        "https://other.example/cds-services",
        server.base + "/cds-services/",
    ]
    for aud in wrong:
        _refused(_discovery(server, token(server.keys, aud)), "wrong audience")
    # a service call wants the service's own URL, not discovery's
    response = httpx.post(
        server.base + f"/cds-services/{AZA}",
        json=hook_body(prefetch={}),
        headers={"Authorization": "Bearer " + token(server.keys, server.base + "/cds-services")},
    )
    _refused(response, "wrong audience")
    both = [server.base + "/cds-services", server.base + "/cds-services/" + AZA]
    _refused(_discovery(server, token(server.keys, both)), "wrong audience")


def test_an_expired_token_is_refused(server: Running) -> None:
    _refused(_discovery(server, token(server.keys, server.base + "/cds-services", exp_in=-5)), "token expired")


@pytest.mark.parametrize("offset", [-301 - 60, 400])
def test_iat_must_be_within_five_minutes(server: Running, offset: float) -> None:
    signed = token(server.keys, server.base + "/cds-services", iat_offset=offset, exp_in=900)
    _refused(_discovery(server, signed), "token issued too long ago or in the future")


@pytest.mark.parametrize("claim", ["jti", "exp", "iat", "aud"])
def test_a_missing_claim_is_refused(server: Running, claim: str) -> None:
    response = _discovery(server, token(server.keys, server.base + "/cds-services", drop=(claim,)))
    assert response.status_code == 401
    assert response.json()["reason"] in ("token lacks a required claim", "wrong audience")


def test_a_replayed_jti_is_refused(server: Running) -> None:
    signed = token(server.keys, server.base + "/cds-services", jti="once-only-1")
    assert _discovery(server, signed).status_code == 200
    _refused(_discovery(server, signed), "token already used")
    again = token(server.keys, server.base + "/cds-services", jti="once-only-1")  # a new token, same jti
    _refused(_discovery(server, again), "token already used")


def test_an_unknown_kid_is_refused(server: Running) -> None:
    _refused(
        _discovery(server, token(server.keys, server.base + "/cds-services", kid="no-such-key")),
        "untrusted issuer or key",
    )


def test_a_token_signed_by_another_key_is_refused(server: Running) -> None:
    from tests.service.helpers import make_keys

    _refused(_discovery(server, token(make_keys(), server.base + "/cds-services")), "untrusted issuer or key")


def test_a_forged_payload_is_refused(server: Running) -> None:
    good = token(server.keys, server.base + "/cds-services")
    head, payload, signature = good.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["sub"] = "someone-else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    _refused(_discovery(server, f"{head}.{forged}.{signature}"), "untrusted issuer or key")


def test_a_jku_not_on_the_allowlist_is_refused_and_never_fetched(server: Running) -> None:
    before = list(server.jwks_hits)
    for url in (server.jwks_base + "/other.json", "https://evil.example/jwks.json"):
        signed = token(server.keys, server.base + "/cds-services", iss=OTHER_ISSUER, jku=url)
        _refused(_discovery(server, signed), "untrusted issuer or key")
    # the first issuer's keys are a file: it may name no jku at all
    signed = token(server.keys, server.base + "/cds-services", jku=server.jwks_base + "/jwks.json")
    _refused(_discovery(server, signed), "untrusted issuer or key")
    assert server.jwks_hits == before


def test_keys_from_an_allowlisted_jku_are_fetched_once_and_cached(server: Running) -> None:
    url = server.jwks_base + "/jwks.json"
    for _ in range(3):
        signed = token(server.keys, server.base + "/cds-services", iss=OTHER_ISSUER, jku=url)
        assert _discovery(server, signed).status_code == 200
    signed = token(server.keys, server.base + "/cds-services", iss=OTHER_ISSUER, alg="RS384")  # no jku: its URL
    assert _discovery(server, signed).status_code == 200
    assert server.jwks_hits.count("/jwks.json") == 1


def test_every_protected_endpoint_wants_a_token(server: Running) -> None:
    for method, path in [
        ("GET", "/cds-services"),
        ("POST", f"/cds-services/{AZA}"),
        ("POST", f"/cds-services/{AZA}/feedback"),
        ("GET", "/guidelines"),
        ("GET", f"/guidelines/{AZA}"),
        ("POST", f"/guidelines/{AZA}/evaluate"),
    ]:
        response = httpx.request(method, server.base + path, json={} if method == "POST" else None)
        assert response.status_code == 401, (method, path)
    assert httpx.get(server.base + "/health").status_code == 200
    assert httpx.get(server.base + "/ready").json()["status"] == "ready"


def test_the_replay_cache_stays_bounded_and_refuses_when_full() -> None:
    from compiler.service.auth import ReplayCache, Unauthorized

    cache = ReplayCache(3)
    now = 1000.0
    for n in range(3):
        cache.admit("i", f"j{n}", now + 10, now)
    with pytest.raises(Unauthorized):
        cache.admit("i", "j3", now + 10, now)
    cache.admit("i", "j3", now + 30, now + 11)  # the first three have expired
    assert len(cache) == 1


def test_a_jwks_file_with_a_private_key_gives_no_key(tmp_path: Path) -> None:
    from compiler.service.auth import _keys
    from tests.service.helpers import make_keys

    jwk = make_keys().jwks()["keys"][0] | {"d": "secret"}
    assert _keys({"keys": [jwk]}, "f") == {}
