"""SAME_AS review routes: list candidate (or decided) resolution links, and decide them. Every
decision is stored on the link (who, when, why), is reversible, and is audited."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import Admin, Investigator, next_offset
from api.errors import responses
from api.schemas import DecisionIn, SameAsOut, SameAsPage
from graph.model import SameAsStatus

router = APIRouter(prefix="/api", tags=["review"])


@router.get("/same-as", response_model=SameAsPage, name="list_same_as",
            responses=responses(401, 403, 422, 503))
def list_same_as(
    call: Investigator,
    status: Annotated[SameAsStatus, Query(description="Which review state.")] = (
        SameAsStatus.CANDIDATE
    ),
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=4000)] = 0,
) -> Response:
    """SAME_AS links in one review state, best match score first."""
    found = call.services.store.same_as(status=status, limit=limit + 1, offset=offset)
    items = [SameAsOut.of(s) for s in found[:limit]]
    page = SameAsPage(items=items, offset=offset, limit=limit,
                      next_offset=next_offset(offset, limit, len(found)))
    return call.reply(page, count=len(items))


@router.post("/same-as/decisions", response_model=SameAsOut, name="decide_same_as",
             responses=responses(400, 401, 403, 404, 422, 503))
def decide_same_as(call: Admin, body: DecisionIn) -> Response:
    """Accept or reject a SAME_AS link (either direction), or return it to `candidate`.
    Accepted links make repeat-offender counts treat both entities as one."""
    link = call.services.store.decide_same_as(
        body.source, body.target, body.status, by=call.principal.who, reason=body.reason
    )
    call.services.clusters.changed()
    return call.reply(SameAsOut.of(link), count=1, params=body.model_dump(mode="json"))
