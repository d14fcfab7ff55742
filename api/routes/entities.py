"""Entity routes: search, one entity with its documents, its neighbourhood, the businesses
linked to it, its cluster, and the shortest paths between two entities."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api.deps import Investigator, next_offset
from api.errors import responses
from api.schemas import (
    ClusterOut,
    EntityDocumentOut,
    EntityOut,
    LinkedOut,
    LinkedPage,
    NodeOut,
    NodePage,
    PathOut,
    PathsOut,
    SpanOut,
    SubgraphOut,
)
from graph.model import BUSINESS_LINKS, Label, RelType

router = APIRouter(prefix="/api", tags=["entities"])

Ref = Annotated[str, Path(
    min_length=1, max_length=300,
    description="An entity id (e.g. `co:1a2b...`), or a name that identifies one entity.",
)]
Offset = Annotated[int, Query(ge=0, le=100_000, description="Skip this many results.")]
ViaHubs = Annotated[bool, Query(description="Also walk through shared violations and places.")]
Via = Annotated[list[RelType] | None, Query(
    description="Relationship types to follow (default: operators, owners, addresses, SAME_AS).",
)]
ERRORS = responses(401, 403, 404, 422, 503)


@router.get("/search", response_model=NodePage, name="search_entities", responses=ERRORS)
def search_entities(
    call: Investigator,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Name or alias.")],
    label: Annotated[list[Label] | None, Query(description="Only these labels.")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=1000)] = 0,
) -> Response:
    """Entities whose name or an alias starts with, then contains, `q` (case, accents and
    punctuation ignored); exact names first."""
    found = call.services.store.search(q, labels=label or (), limit=offset + limit + 1)
    items = [NodeOut.of(n) for n in found[offset : offset + limit]]
    page = NodePage(items=items, offset=offset, limit=limit,
                    next_offset=next_offset(offset, limit, len(found) - offset))
    return call.reply(page, count=len(items))


@router.get("/entities/{ref}", response_model=EntityOut, name="get_entity", responses=ERRORS)
def get_entity(call: Investigator, ref: Ref) -> Response:
    """An entity with its properties and aliases, and every document that mentions it with the
    mention spans."""
    store = call.services.store
    node = store.resolve(ref)
    docs = [
        EntityDocumentOut(doc_id=doc, mentions=[SpanOut(start=s, end=e, text=t)
                                                for s, e, t in spans])
        for doc, spans in store.entity_documents(node.id)
    ]
    return call.reply(EntityOut(node=NodeOut.of(node), documents=docs), count=1)


@router.get("/entities/{ref}/ego", response_model=SubgraphOut, name="ego_network",
            responses=ERRORS)
def ego_network(
    call: Investigator, ref: Ref,
    radius: Annotated[int, Query(ge=1, le=3, description="Hops from the entity.")] = 1,
    limit: Annotated[int, Query(ge=1, le=500, description="Most nodes besides the centre.")] = 100,
    offset: Offset = 0,
    via_hubs: ViaHubs = False,
) -> Response:
    """The entity's neighbourhood, nearest first. When `truncated`, page on with
    `offset=next_offset`."""
    store = call.services.store
    node = store.resolve(ref)
    graph = store.ego(node.id, radius=radius, limit=limit, offset=offset, via_hubs=via_hubs)
    out = SubgraphOut.of(graph, next_offset=offset + limit if graph.truncated else None)
    return call.reply(out, count=len(out.nodes))


@router.get("/entities/{ref}/linked", response_model=LinkedPage, name="linked_businesses",
            responses=ERRORS)
def linked_businesses(
    call: Investigator, ref: Ref,
    hops: Annotated[int, Query(ge=1, le=6, description="Longest link to follow.")] = 3,
    via: Via = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=4000)] = 0,
) -> Response:
    """Companies and venues linked to the entity through shared operators, owners, addresses and
    resolution links (not through violations or cities), each with the path that explains it."""
    store = call.services.store
    node = store.resolve(ref)
    found = store.linked(node.id, hops=hops, via=tuple(via or BUSINESS_LINKS),
                         limit=offset + limit + 1)
    items = [LinkedOut.of(x) for x in found[offset : offset + limit]]
    page = LinkedPage(items=items, offset=offset, limit=limit,
                      next_offset=next_offset(offset, limit, len(found) - offset))
    return call.reply(page, count=len(items))


@router.get("/entities/{ref}/cluster", response_model=ClusterOut, name="entity_cluster",
            responses=ERRORS)
def entity_cluster(call: Investigator, ref: Ref) -> Response:
    """The business cluster the entity belongs to (itself alone if it has no business links)."""
    node = call.services.store.resolve(ref)
    cluster = ClusterOut.of(call.services.clusters.of(node.id))
    return call.reply(cluster, count=cluster.size)


@router.get("/paths", response_model=PathsOut, name="shortest_paths", responses=ERRORS)
def shortest_paths(
    call: Investigator,
    source: Annotated[str, Query(min_length=1, max_length=300, description="Id or name.")],
    target: Annotated[str, Query(min_length=1, max_length=300, description="Id or name.")],
    max_hops: Annotated[int, Query(ge=1, le=10)] = 6,
    via_hubs: ViaHubs = False,
    limit: Annotated[int, Query(ge=1, le=100, description="Most paths.")] = 10,
) -> Response:
    """Every shortest path between two entities (up to `limit`); 404 `no_path` when none is
    within `max_hops`."""
    store = call.services.store
    a, b = store.resolve(source), store.resolve(target)
    paths = store.shortest_paths(a.id, b.id, max_hops=max_hops, via_hubs=via_hubs, limit=limit)
    out = PathsOut(source=NodeOut.of(a), target=NodeOut.of(b),
                   paths=[PathOut.of(p) for p in paths])
    return call.reply(out, count=len(out.paths))
