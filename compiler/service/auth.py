"""Who may call: the JWT every CDS Hooks 2.0 request carries (`Authorization: Bearer JWT`).

A token is accepted only when all of this holds (CDS Hooks 2.0, "Trusting CDS Clients"):

- it is a JWS in compact form whose header names `alg` ES384 or RS384 (`none` and every HMAC
  algorithm are refused: they prove nothing about the client), a `kid`, and `typ` JWT if any;
- its `iss` is a configured trusted client (`Settings.issuers`);
- the key is that client's key named by `kid`: from its JWKS file, or fetched (httpx, with a
  timeout, a bound on the size, and a cache) from the `jku` of the header when that URL is on the
  client's allowlist, else from its configured JWKS URL; the key type must fit the algorithm;
- the signature verifies with that key (PyJWT);
- `aud` is exactly this endpoint's public URL (`BASE/cds-services` for discovery,
  `BASE/cds-services/{id}` for a call), as a string or in a list;
- `exp` is in the future, `iat` within five minutes of now (either way), `jti` present;
- its `jti` was never accepted before from that issuer (`ReplayCache`: each is remembered until
  the token could not be accepted anyway, so the cache stays bounded; when it is full of live
  entries, tokens are refused rather than the oldest forgotten).

Anything else is `Unauthorized`, answered 401 with a short reason that says which rule failed but
nothing of keys, issuers or the service's configuration; the precise reason is logged (without
the token).
"""

from __future__ import annotations

import asyncio
import heapq
import json
import logging
import time
from collections.abc import Mapping
from typing import Any

import jwt

from compiler.files import UsageError
from compiler.service.settings import Issuer, Settings, fetchable

__all__ = ["ALGORITHMS", "Authenticator", "ReplayCache", "Unauthorized"]

log = logging.getLogger("guideline.service.auth")

ALGORITHMS = {"ES384": "EC", "RS384": "RSA"}  # accepted `alg` → the key type it needs
IAT_WINDOW = 300.0  # seconds: `iat` within five minutes of now
REFETCH_AFTER = 30.0  # seconds: an unknown kid fetches a JWKS URL again at most this often


class Unauthorized(Exception):
    """A request without an acceptable token: `reason` is what the 401 says."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail  # for the log only


class ReplayCache:
    """The `jti`s accepted, each until its token could no longer be accepted (bounded)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._until: dict[tuple[str, str], float] = {}
        self._heap: list[tuple[float, str, str]] = []

    def __len__(self) -> int:
        return len(self._until)

    def _purge(self, now: float) -> None:
        while self._heap and self._heap[0][0] < now:
            until, iss, jti = heapq.heappop(self._heap)
            if self._until.get((iss, jti)) == until:
                del self._until[(iss, jti)]

    def admit(self, iss: str, jti: str, until: float, now: float) -> None:
        """Remember `jti` until `until`; `Unauthorized` when it was seen or the cache is full."""
        self._purge(now)
        if (iss, jti) in self._until:
            raise Unauthorized("token already used", "replayed jti")
        if len(self._until) >= self.size:
            raise Unauthorized("too many recent tokens, try again shortly", "replay cache full")
        self._until[(iss, jti)] = until
        heapq.heappush(self._heap, (until, iss, jti))


def _keys(jwks: object, origin: str) -> dict[str, jwt.PyJWK]:
    """The signing keys of a JWK Set by `kid` (keys of another kind or use are left out)."""
    if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
        raise ValueError(f"{origin}: not a JWK Set (an object with a 'keys' list)")
    found: dict[str, jwt.PyJWK] = {}
    for entry in jwks["keys"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str):
            continue
        if entry.get("kty") not in ("EC", "RSA") or entry.get("use", "sig") != "sig" or "d" in entry:
            continue  # not a public signing key (a private key in a JWKS is refused outright)
        if entry["kty"] == "EC" and entry.get("crv") != "P-384":
            continue  # ES384 is ECDSA on P-384 only
        try:
            found[entry["kid"]] = jwt.PyJWK(entry)
        except (jwt.PyJWKError, jwt.InvalidKeyError, ValueError, TypeError):
            log.warning("%s: a key that cannot be used was skipped", origin)
    return found


class Authenticator:
    """Checks tokens against the settings; keeps the JWKS cache and the replay cache."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.replay = ReplayCache(settings.jti_cache_size)
        self._files: dict[str, dict[str, jwt.PyJWK]] = {}
        self._fetched: dict[str, tuple[float, dict[str, jwt.PyJWK]]] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self.client: Any = None  # an httpx.AsyncClient, set by the app's lifespan
        for issuer in settings.issuers:
            if issuer.jwks_file is not None:
                self._files[issuer.iss] = self._read_file(issuer)

    @staticmethod
    def _read_file(issuer: Issuer) -> dict[str, jwt.PyJWK]:
        assert issuer.jwks_file is not None
        try:
            with open(issuer.jwks_file, encoding="utf-8") as handle:
                return _keys(json.loads(handle.read(2_000_001)), issuer.jwks_file)
        except (OSError, ValueError) as error:
            raise UsageError(f"trusted issuer {issuer.iss!r}: cannot read its JWKS: {error}") from None

    async def verify(self, token: str | None, audience: tuple[str, ...]) -> dict[str, Any]:
        """The token's claims, or `Unauthorized`."""
        try:
            return await self._verify(token, audience)
        except Unauthorized as refused:
            log.info("token refused: %s", refused.detail or refused.reason)
            raise

    async def _verify(self, token: str | None, audience: tuple[str, ...]) -> dict[str, Any]:
        if not token:
            raise Unauthorized("a bearer token is required")
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except (jwt.DecodeError, ValueError, TypeError):
            raise Unauthorized("malformed token") from None
        alg = header.get("alg")
        if alg not in ALGORITHMS:
            raise Unauthorized("signing algorithm not accepted (ES384 or RS384)", f"alg {alg!r}")
        if header.get("typ", "JWT") != "JWT" or not isinstance(header.get("kid"), str):
            raise Unauthorized("malformed token", "typ or kid")
        iss = unverified.get("iss")
        issuer = self.settings.issuer(iss) if isinstance(iss, str) else None
        if issuer is None:
            raise Unauthorized("untrusted issuer or key", "iss not trusted")
        key = await self._key(issuer, header)
        if _kty(key) != ALGORITHMS[alg]:
            raise Unauthorized("untrusted issuer or key", "key type does not fit alg")
        now = time.time()
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,  # the public key itself: the algorithm is the header's, checked above
                algorithms=[alg],
                audience=list(audience),
                issuer=issuer.iss,
                options={"require": ["iss", "aud", "exp", "iat", "jti"], "verify_iat": False},
            )
        except jwt.InvalidAudienceError:
            raise Unauthorized("wrong audience", "aud") from None
        except jwt.ExpiredSignatureError:
            raise Unauthorized("token expired", "exp") from None
        except jwt.MissingRequiredClaimError as error:
            raise Unauthorized("token lacks a required claim", error.claim) from None
        except jwt.InvalidSignatureError:
            raise Unauthorized("untrusted issuer or key", "bad signature") from None
        except jwt.PyJWTError as error:
            raise Unauthorized("token refused", type(error).__name__) from None
        aud = claims["aud"]
        if isinstance(aud, list) and not all(a in audience for a in aud):
            raise Unauthorized("wrong audience", "aud list names another endpoint")
        iat, exp, jti = claims["iat"], claims["exp"], claims["jti"]
        if not isinstance(iat, (int, float)) or isinstance(iat, bool) or abs(now - iat) > IAT_WINDOW:
            raise Unauthorized("token issued too long ago or in the future", "iat")
        if not isinstance(jti, str) or not jti:
            raise Unauthorized("token lacks a required claim", "jti")
        self.replay.admit(issuer.iss, jti, min(float(exp), float(iat) + IAT_WINDOW) + 1.0, now)
        return claims

    async def _key(self, issuer: Issuer, header: Mapping[str, Any]) -> jwt.PyJWK:
        kid = header["kid"]
        jku = header.get("jku")
        if jku is not None:
            if not isinstance(jku, str) or jku not in issuer.allowed_jku or not fetchable(jku):
                raise Unauthorized("untrusted issuer or key", "jku not on the allowlist")
            keys = await self._fetch(jku, kid)
        elif issuer.jwks_file is not None:
            keys = self._files[issuer.iss]
        elif issuer.jwks_url is not None:
            keys = await self._fetch(issuer.jwks_url, kid)
        else:
            raise Unauthorized("untrusted issuer or key", "no keys")
        key = keys.get(kid)
        if key is None:
            raise Unauthorized("untrusted issuer or key", "unknown kid")
        return key

    async def _fetch(self, url: str, kid: str) -> dict[str, jwt.PyJWK]:
        """A JWKS URL's keys, from the cache while fresh; fetched again when `kid` is unknown
        (a rotated key), at most every `REFETCH_AFTER` seconds."""
        now = time.monotonic()
        cached = self._fetched.get(url)
        if cached is not None:
            at, keys = cached
            fresh = now - at < self.settings.jwks_cache_seconds
            if fresh and (kid in keys or now - at < REFETCH_AFTER):
                return keys
        lock = self._locks.setdefault(url, asyncio.Lock())
        async with lock:
            cached = self._fetched.get(url)
            if cached is not None and time.monotonic() - cached[0] < REFETCH_AFTER:
                return cached[1]
            keys = await self._download(url)
            self._fetched[url] = (time.monotonic(), keys)
            return keys

    async def _download(self, url: str) -> dict[str, jwt.PyJWK]:
        import httpx

        limit = self.settings.jwks_max_bytes
        try:
            async with self.client.stream(
                "GET", url, timeout=self.settings.jwks_timeout, follow_redirects=False
            ) as response:
                if response.status_code != 200:
                    raise Unauthorized("untrusted issuer or key", f"JWKS answered {response.status_code}")
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > limit:
                        raise Unauthorized("untrusted issuer or key", "JWKS too large")
            return _keys(json.loads(bytes(body)), url)
        except httpx.HTTPError as error:
            raise Unauthorized("untrusted issuer or key", f"JWKS fetch failed: {type(error).__name__}") from None
        except ValueError:
            raise Unauthorized("untrusted issuer or key", "JWKS is not a JWK Set") from None


def _kty(key: jwt.PyJWK) -> str:
    return str(key.key_type or "")


def bearer(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer TOKEN` header (None when there is none)."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None
