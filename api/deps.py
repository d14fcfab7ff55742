"""Route dependencies as `Annotated` aliases: the services, the store, and the caller with a
role check. The caller also answers: `call.reply(...)` records the answer in the audit log and
sends exactly the bytes whose SHA-256 the log keeps."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request, Response, Security
from fastapi.security import APIKeyCookie, APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from api.auth import LOCAL_USER, Principal, Role, token_from
from api.errors import Forbidden, Unauthorized
from api.services import Services
from graph.store import Store

COOKIE = "casegraph_key"

bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer cgk_...`.")
header_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key.")
cookie_key = APIKeyCookie(name=COOKIE, auto_error=False,
                          description="Set by the views' sign-in page (/login).")


def _services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(_services)]


def _store(services: ServicesDep) -> Store:
    return services.store


StoreDep = Annotated[Store, Depends(_store)]


def _action(request: Request) -> str:
    route = request.scope.get("route")
    return str(getattr(route, "name", "") or request.url.path)


def principal(
    request: Request, services: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)] = None,
    api_key: Annotated[str | None, Security(header_key)] = None,
    cookie: Annotated[str | None, Security(cookie_key)] = None,
) -> Principal:
    """Who is asking. With no keys configured, a loopback-bound server serves its one local
    user; otherwise a valid key is required."""
    token = token_from(
        f"Bearer {credentials.credentials}" if credentials else None, api_key, cookie
    )
    if not services.keys.has_active():
        if services.settings.loopback:
            return LOCAL_USER
        raise Unauthorized("this server has no API keys configured; an administrator must "
                           "create one with `casegraph keys create --role admin`")
    if token is None:
        raise Unauthorized("an API key is needed: send `Authorization: Bearer <key>` or "
                           "`X-API-Key`, or sign in at /login")
    key = services.keys.verify(token)
    if key is None:
        services.audit.append(who="unknown key", role="", action=_action(request),
                              method=request.method, path=request.url.path, status=401)
        raise Unauthorized("this API key is unknown or revoked; ask an administrator for one")
    return Principal(who=f"{key.name or 'key'} ({key.id})", role=key.role, key_id=key.id)


class Caller:
    """The authenticated caller of one request, and the way its answer is sent."""

    def __init__(self, request: Request, who: Principal, services: Services) -> None:
        self.request = request
        self.principal = who
        self.services = services

    @property
    def who(self) -> str:
        return self.principal.key_id or self.principal.who

    def _record(self, *, body: bytes, count: int | None, params: dict[str, Any] | None,
                status: int) -> dict[str, str]:
        digest = hashlib.sha256(body).hexdigest()
        if params is None:
            params = {**self.request.path_params}
            for key in self.request.query_params:
                values = self.request.query_params.getlist(key)
                params[key] = values[0] if len(values) == 1 else values
        entry = self.services.audit.append(
            who=self.principal.who, role=self.principal.role.value,
            key_id=self.principal.key_id, action=_action(self.request),
            method=self.request.method, path=self.request.url.path, params=params,
            status=status, count=count, sha256=digest,
        )
        return {"X-Audit-Seq": str(entry.seq), "X-Result-SHA256": digest}

    def reply(self, result: BaseModel, *, count: int | None = None,
              params: dict[str, Any] | None = None, status: int = 200) -> Response:
        """Send `result` as JSON after recording it (strict: no log line, no answer)."""
        body = result.model_dump_json().encode("utf-8")
        headers = self._record(body=body, count=count, params=params, status=status)
        return Response(body, status_code=status, media_type="application/json",
                        headers=headers)

    def reply_bytes(self, data: bytes, *, media_type: str, filename: str, count: int | None,
                    params: dict[str, Any] | None = None) -> Response:
        """Send a file download after recording it."""
        headers = self._record(body=data, count=count, params=params, status=200)
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        return Response(data, media_type=media_type, headers=headers)


def require(role: Role) -> Callable[..., Caller]:
    """A dependency admitting callers whose role is `role` or above."""

    def dependency(
        request: Request, services: ServicesDep,
        who: Annotated[Principal, Depends(principal)],
    ) -> Caller:
        if not who.role.may(role):
            services.audit.append(
                who=who.who, role=who.role.value, key_id=who.key_id, action=_action(request),
                method=request.method, path=request.url.path, status=403,
            )
            raise Forbidden(f"this needs the {role.value} role or above; your key has the "
                            f"{who.role.value} role")
        return Caller(request, who, services)

    return dependency


Investigator = Annotated[Caller, Depends(require(Role.INVESTIGATOR))]
Analyst = Annotated[Caller, Depends(require(Role.ANALYST))]
Auditor = Annotated[Caller, Depends(require(Role.AUDITOR))]
Admin = Annotated[Caller, Depends(require(Role.ADMIN))]


def next_offset(offset: int, limit: int, fetched: int) -> int | None:
    """Where the next page starts, given that `limit + 1` items were asked for."""
    return offset + limit if fetched > limit else None
