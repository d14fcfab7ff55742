"""The FastAPI application: `create_app(settings, store)` wires the routes, the error table,
the pages and their bundled scripts around one store, and closes the store on shutdown."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import errors
from api.routes import admin, analytics, documents, entities, graphs, review, system, views
from api.routes.system import package_version
from api.services import Services
from api.settings import ApiSettings
from graph.store import Store
from viz.render import APP_URL, STATIC, VIS_URL, vis_folder

DESCRIPTION = """\
Explore businesses, the people who run them, and the violations in enforcement cases: search,
repeat offenders, linked businesses, neighbourhoods, paths, pattern counts, clusters, documents
with their evidence, SAME_AS review, read-only Cypher and exports with manifests.

Authenticate with an API key (`Authorization: Bearer cgk_...` or `X-API-Key`). Roles, each
including the ones before it: investigator (read), analyst (+ patterns, Cypher), auditor
(+ exports, audit log), admin (+ uploads, review decisions, keys). Every answer is recorded in
the audit log; the `X-Result-SHA256` header is the hash of the body the log keeps.

Errors always have one shape: `{"status", "code", "message", "details"}`.
"""

TAGS = [
    {"name": "entities", "description": "Search and explore entities and their links."},
    {"name": "analysis", "description": "Repeat offenders, patterns, clusters, Cypher."},
    {"name": "documents", "description": "Case documents: list, read, upload."},
    {"name": "review", "description": "SAME_AS candidates and decisions."},
    {"name": "exports", "description": "Subgraphs as files, with a manifest."},
    {"name": "views", "description": "Network data for the browser views."},
    {"name": "administration", "description": "Audit log and API keys."},
    {"name": "service", "description": "Health, version, identity, statistics."},
]

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
       "form-action 'self'")
"""Pages load nothing from elsewhere (vis-network is served from here); inline styles are
allowed because vis-network sets them on its own elements."""


def _operation_id(route: APIRoute) -> str:
    return route.name


class BodyLimit:
    """Refuses requests whose declared body is past the upload limit before reading them."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = dict(scope.get("headers") or []).get(b"content-length")
            if length is not None and length.isdigit() and int(length) > self.limit:
                response = errors.error_response(
                    413, "too_large",
                    f"the request body is larger than {self.limit / 2**20:g} MiB",
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Adds a content security policy to pages and the usual hardening headers to everything."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                kind = dict(headers).get(b"content-type", b"")
                headers += [(b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"same-origin")]
                if kind.startswith(b"text/html"):
                    headers += [(b"content-security-policy", CSP.encode()),
                                (b"x-frame-options", b"DENY")]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, sending)


def create_app(settings: ApiSettings | None = None, store: Store | None = None) -> FastAPI:
    """The API and views over `store` (opened from the environment when not given). The app
    owns the store: it is closed when the app shuts down."""
    settings = settings or ApiSettings()
    if store is None:
        from graph import open_store

        store = open_store()
    services = Services.build(settings, store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        warming = services.clusters.warm()
        try:
            yield
        finally:
            warming.join(timeout=30)
            store.close()

    app = FastAPI(
        title="casegraph", version=package_version(), description=DESCRIPTION,
        openapi_tags=TAGS, lifespan=lifespan, docs_url=None, redoc_url=None,
        generate_unique_id_function=_operation_id,
    )
    app.state.services = services
    errors.install(app)
    for module in (system, entities, analytics, documents, review, graphs, admin, views):
        app.include_router(module.router)
    _include_exports(app)
    app.mount(VIS_URL, StaticFiles(directory=vis_folder()), name="vis")
    app.mount(APP_URL, StaticFiles(directory=STATIC), name="app-static")
    limit = int(settings.max_upload_mb * 2**20) + 64 * 1024  # room for multipart framing
    app.add_middleware(BodyLimit, limit=limit)
    app.add_middleware(SecurityHeaders)
    return app


def _include_exports(app: FastAPI) -> None:
    # Exports need graph.export; without it the rest of the service still runs.
    try:
        from api.routes import exports
    except ImportError as e:
        if "graph.export" not in str(e) and "exports" not in str(e):
            raise
        return
    app.include_router(exports.router)

