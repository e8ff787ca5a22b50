"""`guideline serve`: the guidelines as CDS Hooks 2.0 services (docs/cds-hooks.md).

`compiler.service.app.create_app(settings)` builds the FastAPI application; `settings` holds
what the command line and the config file say. FastAPI, uvicorn and httpx are imported only by
this package, never by `guideline --help`.
"""
