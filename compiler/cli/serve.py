"""`guideline serve`: the guidelines as a secure CDS Hooks 2.0 service (docs/cds-hooks.md).

    guideline serve guideline/ --trust https://ehr.example.org=ehr-jwks.json --base-url https://cds.example.org
    guideline serve guideline/ --insecure-no-auth            # development only: no token is checked
    guideline serve --config service.toml
    guideline serve --config service.toml --feedback-report  # count the feedback stored

FastAPI and uvicorn are imported inside `run` only.
"""

from __future__ import annotations

import argparse
import sys

from compiler.cli.command import Command
from compiler.files import UsageError, read_text
from dsl.text import visible

WARNING = (
    "WARNING: --insecure-no-auth: no JWT is checked; anyone who can reach this port can call the service."
    " For development only."
)


def settings_of(args: argparse.Namespace) -> object:
    from compiler.service.settings import Settings, from_toml, merged, trust

    base = from_toml(read_text(args.config, "config file"), args.config, checked=False) if args.config else Settings()
    issuers = tuple(trust(spec) for spec in args.trust or ())
    return merged(
        base,
        guidelines=tuple(args.files) if args.files else None,
        host=args.host,
        port=args.port,
        base_url=args.base_url,
        fhir_timeout=args.fhir_timeout,
        issuers=(base.issuers + issuers) if issuers else None,
        insecure_no_auth=True if args.insecure_no_auth else None,
        web_access=args.web_access,
    )


def cmd_serve(args: argparse.Namespace) -> int:
    if args.feedback_report:
        return feedback_report(args)
    from compiler.service.settings import Settings

    settings = settings_of(args)
    assert isinstance(settings, Settings)
    if not settings.guidelines:
        raise UsageError("name the guidelines to serve (files or a directory), or guidelines = [...] in --config")
    if settings.insecure_no_auth:
        print(WARNING, file=sys.stderr, flush=True)
    import logging

    import uvicorn

    from compiler.service.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(settings)
    print(
        f"serving {len(app.state.service.registry.services)} CDS services at {visible(settings.base)}/cds-services",
        file=sys.stderr,
        flush=True,
    )
    if settings.web_access != "off":
        print(f"the web page: {visible(settings.base)}/", file=sys.stderr, flush=True)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        access_log=False,
        log_level="info",
        server_header=False,
        proxy_headers=False,
    )
    return 0


def feedback_report(args: argparse.Namespace) -> int:
    import os

    from compiler.service.feedback import FeedbackStore, report
    from compiler.service.settings import Settings, from_toml

    config = read_text(args.config, "config file") if args.config else None
    settings = from_toml(config, args.config, checked=False) if config is not None else Settings()
    path = settings.feedback_database
    if not os.path.isfile(path):
        raise UsageError(f"{path}: no feedback database (set feedback_database in --config)")
    store = FeedbackStore(path)
    try:
        print("\n".join(visible(line) for line in report(store).splitlines()))
    finally:
        store.close()
    return 0


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="*", metavar="FILES or DIR", help="guideline files, or a directory of them")
    p.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port to listen on (default 8080)")
    p.add_argument("--config", metavar="FILE", help="a TOML file of settings (docs/cds-hooks.md)")
    p.add_argument(
        "--trust",
        action="append",
        metavar="ISSUER=JWKS",
        help="a trusted client: its iss and its JWK Set (a file or an https URL); repeatable",
    )
    p.add_argument("--base-url", metavar="URL", help="the service's public URL (default http://HOST:PORT)")
    p.add_argument("--fhir-timeout", type=float, metavar="SECONDS", help="timeout of each FHIR server request")
    p.add_argument("--insecure-no-auth", action="store_true", help="check no JWT (development only)")
    p.add_argument(
        "--web-access",
        choices=("loopback", "open", "off"),
        help="who may use the web page (default loopback; docs/web.md)",
    )
    p.add_argument("--feedback-report", action="store_true", help="print the feedback counts and exit")


COMMANDS = (Command(95, "serve", "serve the guidelines as CDS Hooks 2.0 services", _arguments, cmd_serve),)
