"""The service's settings: from the command line, from a TOML file (`--config FILE`), or both
(a flag given on the command line wins over the file). docs/cds-hooks.md shows a file.

    base_url = "https://cds.example.org"      # the public URL: the JWT `aud` is built from it
    guidelines = ["guideline/"]               # files or directories of *.guideline
    host = "127.0.0.1"
    port = 8080
    cors_origins = ["https://ehr.example.org"]
    max_body_bytes = 1000000
    feedback_database = "/var/lib/guideline/feedback.sqlite3"

    [fhir]                                    # calls to the client's `fhirServer`
    timeout = 5.0                             # seconds, per request
    max_bytes = 5000000                       # per response
    max_pages = 5                             # `next` links followed per search

    [results]                                 # evaluations kept for the flowchart links
    max_count = 1000
    max_seconds = 3600

    [[trust]]                                 # one table per trusted CDS client
    issuer = "https://ehr.example.org"
    jwks = "https://ehr.example.org/.well-known/jwks.json"   # a file, or an https URL
    jku = ["https://ehr.example.org/keys/jwks.json"]          # more `jku` URLs it may name

A URL this service fetches (a JWKS, a FHIR server) must be `https`, except on a loopback host
(`127.0.0.1`, `::1`, `localhost`), which development and the tests use.
"""

from __future__ import annotations

import ipaddress
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from compiler.files import UsageError


@dataclass(frozen=True)
class Issuer:
    """A trusted CDS client: its `iss`, where its keys are (a JWKS file, or URLs), and which `jku`
    URLs a token of it may name (the `jwks` URL is always one of them)."""

    iss: str
    jwks_file: str | None = None
    jwks_url: str | None = None
    jku: tuple[str, ...] = ()

    @property
    def allowed_jku(self) -> tuple[str, ...]:
        return ((self.jwks_url,) if self.jwks_url else ()) + self.jku


@dataclass(frozen=True)
class Settings:
    guidelines: tuple[str, ...] = ()
    host: str = "127.0.0.1"
    port: int = 8080
    base_url: str | None = None  # None: http://HOST:PORT
    issuers: tuple[Issuer, ...] = ()
    insecure_no_auth: bool = False
    fhir_timeout: float = 10.0
    fhir_max_bytes: int = 5_000_000
    fhir_max_pages: int = 5
    jwks_timeout: float = 5.0
    jwks_max_bytes: int = 200_000
    jwks_cache_seconds: float = 300.0
    jti_cache_size: int = 100_000
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = 1_000_000
    feedback_database: str = "guideline-feedback.sqlite3"
    results_max_count: int = 1000
    results_max_seconds: float = 3600.0
    issued_cards_max: int = 10_000  # card uuid → codes, so feedback can name what it was about
    web_access: str = "loopback"  # who may use the web page: loopback, open or off (docs/web.md)
    extra: Mapping[str, Any] = field(default_factory=dict)  # room for later settings

    @property
    def base(self) -> str:
        """The public base URL, without a trailing slash."""
        if self.base_url:
            return self.base_url.rstrip("/")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def issuer(self, iss: str) -> Issuer | None:
        return next((i for i in self.issuers if i.iss == iss), None)


def loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def fetchable(url: str) -> bool:
    """Whether this service may fetch `url`: https, or http on a loopback host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if not parts.hostname or parts.username or parts.password:
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and loopback(url))


def trust(spec: str) -> Issuer:
    """`--trust ISSUER=JWKS`: JWKS is a file path or an https URL."""
    iss, sep, jwks = spec.rpartition("=")
    if not sep or not iss or not jwks:
        raise UsageError(f"--trust wants ISSUER=JWKS (a file or an https URL), not {spec!r}")
    return _issuer(iss, jwks, ())


def _issuer(iss: str, jwks: str, jku: Sequence[str]) -> Issuer:
    for url in jku:
        if not fetchable(url):
            raise UsageError(f"trusted issuer {iss!r}: jku {url!r} is not an https URL")
    if jwks.startswith(("http://", "https://")):
        if not fetchable(jwks):
            raise UsageError(f"trusted issuer {iss!r}: JWKS URL {jwks!r} is not https")
        return Issuer(iss, jwks_url=jwks, jku=tuple(jku))
    return Issuer(iss, jwks_file=jwks, jku=tuple(jku))


_TOP = {
    "base_url": str,
    "guidelines": list,
    "host": str,
    "port": int,
    "cors_origins": list,
    "max_body_bytes": int,
    "feedback_database": str,
    "insecure_no_auth": bool,
    "jti_cache_size": int,
    "web_access": str,
}
_TABLES: dict[str, dict[str, tuple[str, type | tuple[type, ...]]]] = {
    "fhir": {
        "timeout": ("fhir_timeout", (int, float)),
        "max_bytes": ("fhir_max_bytes", int),
        "max_pages": ("fhir_max_pages", int),
    },
    "results": {"max_count": ("results_max_count", int), "max_seconds": ("results_max_seconds", (int, float))},
    "jwks": {
        "timeout": ("jwks_timeout", (int, float)),
        "max_bytes": ("jwks_max_bytes", int),
        "cache_seconds": ("jwks_cache_seconds", (int, float)),
    },
}


def from_toml(text: str, path: str, *, checked: bool = True) -> Settings:
    """The settings a config file holds; `UsageError` naming the file and the key otherwise."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: not valid TOML: {error}") from None
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in _TOP:
            kind = _TOP[key]
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise UsageError(f"{path}: {key} must be a {kind.__name__}")
            if isinstance(value, list):
                if not all(isinstance(v, str) for v in value):
                    raise UsageError(f"{path}: {key} must be a list of strings")
                value = tuple(value)
            values[key] = value
        elif key in _TABLES and isinstance(value, dict):
            for name, setting in value.items():
                if name not in _TABLES[key]:
                    raise UsageError(f"{path}: unknown setting [{key}] {name}")
                attribute, kinds = _TABLES[key][name]
                if not isinstance(setting, kinds) or isinstance(setting, bool):
                    raise UsageError(f"{path}: [{key}] {name} must be a number")
                values[attribute] = setting
        elif key == "trust" and isinstance(value, list):
            issuers = []
            for entry in value:
                if not isinstance(entry, dict) or not isinstance(entry.get("issuer"), str):
                    raise UsageError(f'{path}: each [[trust]] needs issuer = "..."')
                jwks, jku = entry.get("jwks"), entry.get("jku", [])
                if not isinstance(jwks, str) or not isinstance(jku, list) or not all(isinstance(u, str) for u in jku):
                    raise UsageError(
                        f"{path}: [[trust]] {entry['issuer']!r} needs jwks = FILE or URL, jku a list of URLs"
                    )
                unknown = set(entry) - {"issuer", "jwks", "jku"}
                if unknown:
                    raise UsageError(f"{path}: unknown setting in [[trust]]: {', '.join(sorted(unknown))}")
                issuers.append(_issuer(entry["issuer"], jwks, jku))
            values["issuers"] = tuple(issuers)
        else:
            raise UsageError(f"{path}: unknown setting {key!r}")
    found = Settings(**values)
    return check(found) if checked else found


def check(settings: Settings) -> Settings:
    """The settings, or `UsageError` for one that cannot work."""
    for name in (
        "port",
        "max_body_bytes",
        "fhir_max_bytes",
        "fhir_max_pages",
        "jwks_max_bytes",
        "results_max_count",
        "jti_cache_size",
    ):
        if getattr(settings, name) <= 0 and name != "port":
            raise UsageError(f"{name} must be positive")
    if not 0 <= settings.port <= 65535:
        raise UsageError("port must be from 0 to 65535")
    for name in ("fhir_timeout", "jwks_timeout", "results_max_seconds"):
        if not getattr(settings, name) > 0:
            raise UsageError(f"{name} must be positive")
    if settings.base_url is not None:
        wrong = UsageError(f"--base-url must be an http(s) URL without query, not {settings.base_url!r}")
        try:
            parts = urlsplit(settings.base_url)
            parts.port  # noqa: B018 - raises ValueError for a port out of range
        except ValueError:
            raise wrong from None
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise wrong
    for origin in settings.cors_origins:
        if origin == "*" or not origin.startswith(("http://", "https://")):
            raise UsageError(f"CORS origin {origin!r}: name each origin (scheme://host[:port]); '*' is refused")
    if settings.web_access not in ("loopback", "open", "off"):
        raise UsageError(f"web_access must be loopback, open or off, not {settings.web_access!r}")
    if not settings.issuers and not settings.insecure_no_auth:
        raise UsageError(
            "no trusted client: give --trust ISSUER=JWKS (or [[trust]] in --config),"
            " or --insecure-no-auth for development"
        )
    return settings


def merged(base: Settings, **overrides: Any) -> Settings:
    """`base` with each override that is not None (the command line over the config file)."""
    return check(replace(base, **{k: v for k, v in overrides.items() if v is not None}))
