"""Administration routes: the audit log (auditors and admins) and API keys (admins)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api.audit import AuditCheckOut, AuditPage
from api.auth import KeyCreatedOut, KeyIn, KeyListOut, KeyOut
from api.deps import Admin, Auditor
from api.errors import responses

router = APIRouter(prefix="/api", tags=["administration"])
ERRORS = responses(401, 403, 422)


@router.get("/audit", response_model=AuditPage, name="audit_log", responses=ERRORS)
def audit_log(
    call: Auditor,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    who: Annotated[str | None, Query(max_length=200, description="A key id or name.")] = None,
    action: Annotated[str | None, Query(max_length=100, description="An operation id.")] = None,
    order: Annotated[str, Query(pattern="^(newest|oldest)$")] = "newest",
) -> Response:
    """Page through the audit log: who asked what, when, with which parameters, how many
    results and the SHA-256 of each answer sent."""
    page = call.services.audit.page(offset=offset, limit=limit, who=who, action=action,
                                    newest_first=order == "newest")
    return call.reply(page, count=len(page.items))


@router.get("/audit/verify", response_model=AuditCheckOut, name="verify_audit_log",
            responses=ERRORS)
def verify_audit_log(call: Auditor) -> Response:
    """Check the audit log's hash chain: an edited or removed line breaks it."""
    check = call.services.audit.verify()
    return call.reply(check, count=check.entries)


@router.get("/keys", response_model=KeyListOut, name="list_keys", responses=ERRORS)
def list_keys(call: Admin) -> Response:
    """Every API key (active and revoked), without the keys themselves."""
    out = KeyListOut(items=[KeyOut.of(k) for k in call.services.keys.keys()])
    return call.reply(out, count=len(out.items))


@router.post("/keys", response_model=KeyCreatedOut, status_code=201, name="create_key",
             responses=responses(400, 401, 403, 422))
def create_key(call: Admin, body: KeyIn) -> Response:
    """Issue a key. The key is in this answer only; the server keeps its hash."""
    key, token = call.services.keys.create(body.role, body.name)
    out = KeyCreatedOut(**KeyOut.of(key).model_dump(), key=token)
    # The audit keeps the hash of an answer without the secret: the key must not be derivable.
    call.reply(KeyOut.of(key), count=1, params=body.model_dump(mode="json"), status=201)
    return Response(out.model_dump_json(), status_code=201, media_type="application/json")


@router.delete("/keys/{key_id}", response_model=KeyOut, name="revoke_key",
               responses=responses(401, 403, 404, 422))
def revoke_key(
    call: Admin, key_id: Annotated[str, Path(min_length=1, max_length=64)],
) -> Response:
    """Revoke a key at once. It stays listed (revoked), so audit entries keep their meaning."""
    key = call.services.keys.revoke(key_id)
    return call.reply(KeyOut.of(key), count=1)
