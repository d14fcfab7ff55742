"""Analysts' routes: repeat offenders, pattern counts, business clusters and read-only Cypher."""

from __future__ import annotations

import base64
import math
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api.deps import Analyst, Investigator, next_offset
from api.errors import responses
from api.schemas import (
    ClusterOut,
    ClusterPage,
    CypherIn,
    CypherOut,
    OffenderOut,
    OffenderPage,
    PatternOut,
    PatternPage,
)
from graph.model import Category, Label

router = APIRouter(prefix="/api", tags=["analysis"])
ERRORS = responses(401, 403, 422, 503)

CategoryQ = Annotated[Category | None, Query(description="Only cases of this violation category.")]
YearQ = Annotated[int | None, Query(ge=0, le=9999)]
LocationQ = Annotated[str | None, Query(min_length=1, max_length=200,
                                        description="Only parties located in this place.")]
PartyLabel = Literal["Company", "Venue", "Operator"]
Dimension = Literal["category", "location", "year"]


@router.get("/offenders", response_model=OffenderPage, name="repeat_offenders", responses=ERRORS)
def repeat_offenders(
    call: Investigator,
    min_cases: Annotated[int, Query(ge=1, le=1000, description="At least this many cases.")] = 2,
    category: CategoryQ = None, year_from: YearQ = None, year_to: YearQ = None,
    location: LocationQ = None,
    label: Annotated[list[PartyLabel] | None, Query(description="Only these kinds.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> Response:
    """Companies, venues and operators against which at least `min_cases` distinct cases were
    brought, most first, with their cases, documents and violations. Entities joined by accepted
    SAME_AS decisions count as one."""
    labels = tuple(Label(x) for x in label) if label else (Label.COMPANY, Label.VENUE,
                                                         Label.OPERATOR)
    found = call.services.store.offenders(
        min_cases=min_cases, category=category, year_from=year_from, year_to=year_to,
        location=location, labels=labels, limit=limit + 1, offset=offset,
    )
    items = [OffenderOut.of(o) for o in found[:limit]]
    page = OffenderPage(items=items, offset=offset, limit=limit,
                        next_offset=next_offset(offset, limit, len(found)))
    return call.reply(page, count=len(items))


@router.get("/patterns", response_model=PatternPage, name="violation_patterns", responses=ERRORS)
def violation_patterns(
    call: Analyst,
    by: Annotated[list[Dimension] | None, Query(description="Dimensions to group by "
                                               "(default: all three).")] = None,
    category: CategoryQ = None, year_from: YearQ = None, year_to: YearQ = None,
    location: LocationQ = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0, le=4000)] = 0,
) -> Response:
    """Counts of cases, documents and parties by violation category, location and year."""
    found = call.services.store.patterns(
        by=tuple(by or ("category", "location", "year")), category=category,
        year_from=year_from, year_to=year_to, location=location, limit=offset + limit + 1,
    )
    items = [PatternOut.of(p) for p in found[offset : offset + limit]]
    page = PatternPage(items=items, offset=offset, limit=limit,
                       next_offset=next_offset(offset, limit, len(found) - offset))
    return call.reply(page, count=len(items))


@router.get("/clusters", response_model=ClusterPage, name="business_clusters", responses=ERRORS)
def business_clusters(
    call: Investigator,
    sort: Annotated[Literal["size", "violations"], Query(
        description="Rank by members, or by cases brought against members.")] = "size",
    min_size: Annotated[int, Query(ge=2, le=10_000)] = 2,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> Response:
    """Groups of companies, venues and operators held together by shared operators, owners and
    SAME_AS links, each with its members and the edges that join them."""
    ranked = call.services.clusters.ranked(by=sort, min_size=min_size)
    items = [ClusterOut.of(c) for c in ranked[offset : offset + limit]]
    page = ClusterPage(items=items, offset=offset, limit=limit,
                       next_offset=next_offset(offset, limit, len(ranked) - offset))
    return call.reply(page, count=len(items))


@router.post("/cypher", response_model=CypherOut, name="run_cypher",
             responses=responses(400, 401, 403, 422, 503))
def run_cypher(call: Analyst, body: CypherIn) -> Response:
    """Run read-only Cypher (in the store's dialect) with `$parameters`, within the server's
    row and time limits. Writes are refused."""
    settings = call.services.settings
    limit = min(body.limit or settings.cypher_max_rows, settings.cypher_max_rows)
    timeout = min(body.timeout_s or settings.cypher_timeout_s, settings.cypher_timeout_s)
    columns, rows = call.services.store.cypher(body.query, body.params, limit=limit + 1,
                                               timeout_s=timeout)
    out = CypherOut(columns=[str(c) for c in columns],
                    rows=[[json_safe(v) for v in row] for row in rows[:limit]],
                    truncated=len(rows) > limit)
    params = {"query": body.query, "params": body.params, "limit": limit, "timeout_s": timeout}
    return call.reply(out, count=len(out.rows), params=params)


def json_safe(value: Any) -> Any:
    """A query value as plain JSON: engine nodes and paths become dicts and lists, dates become
    ISO strings, bytes base64, and anything else its text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v) for v in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, UUID):
        return str(value)
    items = getattr(value, "items", None)
    if callable(items):  # driver Node / Relationship objects
        return {str(k): json_safe(v) for k, v in items()}
    return str(value)
