"""Who may use the page (docs/web.md, "Security").

A browser holds no CDS Hooks JWT, so the page and its own requests are not behind the service's
token check; they are guarded instead by:

- **the access mode** (`web_access`): `loopback` (the default): the page answers only clients on
  this machine: a clinician's own workstation, or the hospital's reverse proxy on the same host,
  which signs staff in (single sign-on) before it forwards to the service; `open`: every client
  that reaches the port, for a deployment whose network or proxy on another host already
  authenticates; `off`: no page. With `--insecure-no-auth` (development) the page is open.
- **the host**: the `Host` of every page request must be the service's public host
  (`base_url`) or a loopback name, so that a hostile site cannot reach a loopback service through
  a DNS name it controls (DNS rebinding);
- **the origin** of every POST (the evaluations, the PDF): `Origin` must be the page's own
  origin, and `Sec-Fetch-Site`, when the browser sends it, `same-origin`: another site open in
  the same browser cannot submit patient data to the page or read its answers (and CORS gives
  them no access: the service's CORS origins are for CDS clients).

Refusals are answered 403 (404 when the page is off) in JSON, saying which rule failed.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

if TYPE_CHECKING:  # the service includes the page: the page imports nothing of it at run time
    from compiler.service.settings import Settings
    from compiler.service.state import State

__all__ = ["Access", "MODES", "mode", "page_access", "same_origin", "shared"]

Access = Literal["loopback", "open", "off"]
MODES: tuple[Access, ...] = ("loopback", "open", "off")
LOOPBACK_NAMES = ("localhost",)


def shared(request: Request) -> State:
    """What the service's routers share (`compiler.service.state.State`)."""
    found: State = request.app.state.service
    return found


def mode(settings: Settings) -> Access:
    """The page's access mode: the setting `web_access` (default `loopback`); `open` without auth."""
    if settings.insecure_no_auth:
        return "open"
    chosen = settings.web_access
    if chosen not in MODES:
        raise ValueError(f"web_access must be one of {', '.join(MODES)}, not {chosen!r}")
    return chosen


def _loopback_host(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _hostname(netloc: str) -> str:
    return (urlsplit("//" + netloc).hostname or "").lower()


def _host_allowed(request: Request, settings: Settings) -> bool:
    netloc = request.headers.get("host", "")
    if not netloc:
        return False
    public = urlsplit(settings.base).netloc.lower()
    return netloc.lower() == public or _loopback_host(_hostname(netloc))


async def page_access(request: Request) -> None:
    """The dependency of every page route: the access mode and the host."""
    settings = shared(request).settings
    chosen = mode(settings)
    if chosen == "off":
        raise HTTPException(404, {"error": 'the web page is turned off (web_access = "off")'})
    if not _host_allowed(request, settings):
        raise HTTPException(403, {"error": "the page is served only under the service's own host name"})
    client = request.client.host if request.client is not None else ""
    if chosen == "loopback" and not _loopback_host(client):
        raise HTTPException(
            403,
            {"error": 'the page is served only to this machine (web_access = "loopback"): open it through the proxy'},
        )


async def same_origin(request: Request) -> None:
    """The dependency of the page's POSTs: sent by the page itself."""
    await page_access(request)
    site = request.headers.get("sec-fetch-site")
    if site is not None and site != "same-origin":
        raise HTTPException(403, {"error": "a page request must come from the page (Sec-Fetch-Site)"})
    origin = request.headers.get("origin")
    host = request.headers.get("host", "")
    if (
        origin is None
        or urlsplit(origin).netloc.lower() != host.lower()
        or urlsplit(origin).scheme
        not in (
            "http",
            "https",
        )
    ):
        raise HTTPException(403, {"error": "a page request must come from the page (Origin)"})
