"""The application: `create_app(settings)` builds the FastAPI app that `guideline serve` runs.

One router per concern, each a module of this package: discovery, hooks (the service calls),
feedback, evaluate (the plain API), charts (the evaluations' flowcharts), health. Pages (issue 15)
are added the same way: a module with an `APIRouter`, included here. What the routers share is
one `State` in `app.state.service`. The middleware around every request (`errors.BodyLimit`)
bounds the body, wants JSON, logs without data and answers a bug without a traceback; CORS is
on only for the configured origins.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from compiler import web
from compiler.service import charts, discovery, errors, evaluate, feedback, health, hooks
from compiler.service.auth import Authenticator
from compiler.service.feedback import FeedbackStore
from compiler.service.registry import Registry
from compiler.service.settings import Settings
from compiler.service.state import State
from compiler.service.store import Bounded, Store

__all__ = ["create_app"]

log = logging.getLogger("guideline.service")

ROUTERS = (discovery.router, hooks.router, feedback.router, evaluate.router, charts.router, health.router)


def create_app(settings: Settings, registry: Registry | None = None) -> FastAPI:
    """The app for these settings (the guidelines are loaded and compiled now, unless given)."""
    import httpx

    registry = registry if registry is not None else Registry.from_paths(settings.guidelines)
    shared = State(
        settings=settings,
        registry=registry,
        store=Store(settings.results_max_count, settings.results_max_seconds),
        issued=Bounded(settings.issued_cards_max),
        feedback=FeedbackStore(settings.feedback_database),
        auth=None if settings.insecure_no_auth else Authenticator(settings),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with httpx.AsyncClient(limits=httpx.Limits(max_connections=64), trust_env=False) as client:
            shared.client = client
            if shared.auth is not None:
                shared.auth.client = client
            shared.ready = True
            try:
                yield
            finally:
                shared.ready = False
                shared.feedback.close()

    app = FastAPI(
        title="Guideline CDS Hooks service",
        version="1.0",
        description="CDS Hooks 2.0 services of executable clinical guidelines (docs/cds-hooks.md).",
        lifespan=lifespan,
    )
    app.state.service = shared
    for router in ROUTERS:
        app.include_router(router)
    app.include_router(web.router)  # the page (docs/web.md), after the service's own routes
    errors.install(app)
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
            allow_credentials=False,
        )
    app.add_middleware(errors.BodyLimit, max_body_bytes=settings.max_body_bytes)
    return app
