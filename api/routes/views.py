"""The pages: home, the network views (entity, path, offender, cluster), the document view,
sign-in and a readable API reference. Pages carry no data themselves; their scripts fetch it from
the API with the caller's key, so the same roles and the same audit apply."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import COOKIE, ServicesDep
from api.routes.entities import Ref
from viz.render import render
from viz.style import legend

router = APIRouter(include_in_schema=False)


def _page(template: str, *, page: str, title: str, config: dict[str, Any] | None = None,
          status: int = 200, **context: Any) -> HTMLResponse:
    config = {"legend": legend(), **(config or {})}
    return HTMLResponse(render(template, page=page, title=title, config=config, **context),
                        status_code=status)


def _network(request: Request, *, kind: str, heading: str, title: str, data: str,
             export: str | None, **context: Any) -> HTMLResponse:
    services = request.app.state.services
    config = {"kind": kind, "dataUrl": data, "exportUrl": export,
              "expandCap": services.settings.expand_node_cap}
    return _page("network.html", page="network", title=title, heading=heading, config=config,
                 **context)


@router.get("/", response_class=HTMLResponse)
def home(q: Annotated[str | None, Query(max_length=200)] = None) -> HTMLResponse:
    return _page("home.html", page="home", title="Home", query=q or "")


@router.get("/view/ego/{ref}", response_class=HTMLResponse)
def ego_page(request: Request, ref: Ref,
             radius: Annotated[int, Query(ge=1, le=3)] = 1) -> HTMLResponse:
    r = quote(ref, safe="")
    return _network(request, kind="ego", heading="Network", title=ref,
                    data=f"/api/views/ego/{r}?radius={radius}",
                    export=f"/api/exports/ego/{r}?radius={radius}", radius_choice=True,
                    radius=radius)


@router.get("/view/path", response_class=HTMLResponse)
def path_page(
    request: Request,
    source: Annotated[str, Query(min_length=1, max_length=300)],
    target: Annotated[str, Query(min_length=1, max_length=300)],
    via_hubs: bool = False,
) -> HTMLResponse:
    query = urlencode({"source": source, "target": target,
                       "via_hubs": "true" if via_hubs else "false"})
    return _network(request, kind="path", heading="Paths", title=f"{source} → {target}",
                    data=f"/api/views/path?{query}", export=f"/api/exports/path?{query}")


@router.get("/view/offender/{ref}", response_class=HTMLResponse)
def offender_page(request: Request, ref: Ref) -> HTMLResponse:
    r = quote(ref, safe="")
    return _network(request, kind="offender", heading="Cases and violations", title=ref,
                    data=f"/api/views/offender/{r}", export=f"/api/exports/offender/{r}")


@router.get("/view/cluster/{ref}", response_class=HTMLResponse)
def cluster_page(request: Request, ref: Ref) -> HTMLResponse:
    r = quote(ref, safe="")
    return _network(request, kind="cluster", heading="Linked businesses", title=ref,
                    data=f"/api/views/cluster/{r}", export=f"/api/exports/cluster/{r}")


@router.get("/view/document/{doc_id}", response_class=HTMLResponse)
def document_page(doc_id: Ref) -> HTMLResponse:
    return _page("document.html", page="document", title=doc_id, config={"docId": doc_id})


def _safe_next(target: str) -> str:
    # Only paths on this server: no scheme, no host, no protocol-relative "//".
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_page(next: Annotated[str, Query(max_length=500)] = "/") -> HTMLResponse:
    return _page("login.html", page="login", title="Sign in", next=_safe_next(next), error="")


@router.post("/login")
def login(
    services: ServicesDep,
    key: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    found = services.keys.verify(key)
    if found is None:
        return _page("login.html", page="login", title="Sign in", next=_safe_next(next),
                     error="That key is unknown or revoked.", status=401)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(COOKIE, key.strip(), httponly=True, samesite="strict",
                        secure=services.settings.cookie_secure, max_age=12 * 3600)
    services.audit.append(who=f"{found.name or 'key'} ({found.id})", role=found.role.value,
                          key_id=found.id, action="login", method="POST", path="/login")
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.get("/api-docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    operations = [
        {"method": method.upper(), "path": path, "id": op.get("operationId", ""),
         "summary": (op.get("description") or op.get("summary") or "").split("\n\n")[0]}
        for path, item in schema["paths"].items() for method, op in item.items()
    ]
    return _page("api_docs.html", page="api", title="API", operations=operations,
                 openapi_version=schema.get("openapi", ""))
