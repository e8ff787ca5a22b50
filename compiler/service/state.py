"""What the routers share (one per app, in `app.state.service`), and the authentication every
route but health, readiness and the evaluation links depends on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fastapi import Request

from compiler.service.auth import Authenticator, bearer
from compiler.service.registry import Registry
from compiler.service.settings import Settings
from compiler.service.store import Bounded, Store

if TYPE_CHECKING:
    from compiler.service.feedback import FeedbackStore

__all__ = ["State", "state", "authenticated"]


@dataclass
class State:
    settings: Settings
    registry: Registry
    store: Store
    issued: Bounded  # card uuid → (service id, codes, status)
    feedback: FeedbackStore
    auth: Authenticator | None  # None: --insecure-no-auth
    client: Any = None  # httpx.AsyncClient, opened by the lifespan
    ready: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.settings.base + path


def state(request: Request) -> State:
    found: State = request.app.state.service
    return found


def audience(request: Request) -> tuple[str, ...]:
    """The `aud` a token for this request must name: this endpoint's public URL
    (`BASE/cds-services`, `BASE/cds-services/{id}`); feedback also takes its service's URL."""
    path = request.scope["path"]
    root = request.scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root) :]
    base = state(request).settings.base
    path = path.rstrip("/") or "/"
    found: tuple[str, ...] = (base + path,)
    if path.startswith("/cds-services/") and path.endswith("/feedback"):
        found += (base + path[: -len("/feedback")],)
    return found


async def authenticated(request: Request) -> dict[str, Any] | None:
    """The dependency of every protected route: the token's claims (None without auth)."""
    service = state(request)
    if service.auth is None:
        return None
    return await service.auth.verify(bearer(request.headers.get("authorization")), audience(request))
