"""Fetching what a call's prefetch lacks from the client's `fhirServer` (CDS Hooks 2.0, "FHIR
Resource Access"): with the `fhirAuthorization` bearer token, a timeout per request, a bound on
each response's size, and at most `fhir_max_pages` pages of a search (its `next` links, which must
stay on the same server; a search with more pages is handed on as a partial Bundle, with its
`next` link, which the mapper reads as a search that may not reach back far enough). Anything
else is `Unobtainable`, which the hook answers with 412: a card is never built on data that
could not be had.

Nothing of the record is logged: a failure names the prefetch key and what went wrong.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from compiler.service.settings import Settings, fetchable

__all__ = ["Unobtainable", "fetch"]


class Unobtainable(Exception):
    """The data of a prefetch key cannot be had."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key = key
        self.reason = reason


def _same_server(base: str, url: str) -> bool:
    a, b = urlsplit(base), urlsplit(url)
    return (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port) and b.path.startswith(a.path.rstrip("/"))


async def _get(client: httpx.AsyncClient, url: str, token: str, key: str, settings: Settings) -> dict[str, Any]:
    headers = {"Accept": "application/fhir+json", "Authorization": f"Bearer {token}"}
    try:
        async with client.stream(
            "GET", url, headers=headers, timeout=settings.fhir_timeout, follow_redirects=False
        ) as response:
            if response.status_code != 200:
                raise Unobtainable(key, f"the FHIR server answered {response.status_code}")
            declared = response.headers.get("content-length")
            if declared is not None and declared.isdigit() and int(declared) > settings.fhir_max_bytes:
                raise Unobtainable(key, "the FHIR server's answer is too large")
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > settings.fhir_max_bytes:
                    raise Unobtainable(key, "the FHIR server's answer is too large")
    except httpx.TimeoutException:
        raise Unobtainable(key, "the FHIR server did not answer in time") from None
    except httpx.HTTPError as error:
        raise Unobtainable(key, f"the FHIR server cannot be reached ({type(error).__name__})") from None
    try:
        found = json.loads(bytes(body))
    except ValueError:
        raise Unobtainable(key, "the FHIR server's answer is not JSON") from None
    if not isinstance(found, dict) or not isinstance(found.get("resourceType"), str):
        raise Unobtainable(key, "the FHIR server's answer is not a FHIR resource")
    if found["resourceType"] == "OperationOutcome":
        raise Unobtainable(key, "the FHIR server answered an OperationOutcome")
    return found


async def fetch(
    client: httpx.AsyncClient, server: str, token: str, key: str, query: str, settings: Settings
) -> dict[str, Any]:
    """The resource or searchset Bundle of one filled prefetch template (`query`, relative to
    `server`), its pages joined into one Bundle."""
    if not fetchable(server):
        raise Unobtainable(key, "fhirServer is not an https URL")
    base = server.rstrip("/") + "/"
    url = urljoin(base, query)
    if not _same_server(base, url):
        raise Unobtainable(key, "the query leaves the FHIR server")
    found = await _get(client, url, token, key, settings)
    if found["resourceType"] != "Bundle":
        return found
    entries = list(found.get("entry") or [])
    page = found
    for _ in range(settings.fhir_max_pages - 1):
        following = next(
            (
                link.get("url")
                for link in page.get("link") or []
                if isinstance(link, dict) and link.get("relation") == "next"
            ),
            None,
        )
        if not isinstance(following, str):
            break
        if not _same_server(base, following):
            raise Unobtainable(key, "a next page is on another server")
        page = await _get(client, following, token, key, settings)
        if page.get("resourceType") != "Bundle":
            raise Unobtainable(key, "a next page is not a Bundle")
        entries += list(page.get("entry") or [])
    joined = {k: v for k, v in found.items() if k not in ("entry", "link", "total")}
    joined["entry"] = entries
    rest = [link for link in page.get("link") or [] if isinstance(link, dict) and link.get("relation") == "next"]
    if rest:  # more pages than fetched: the Bundle says it is partial, and the mapper reads it so
        joined["link"] = rest
    return joined
