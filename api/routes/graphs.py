"""Network data for the views: vis-network nodes and edges (styled by `viz`) for an entity's
neighbourhood, a path, a repeat offender and a cluster. Expansions on double-click use the same
neighbourhood route with `radius=1` and an `offset`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api import networks
from api.deps import Investigator
from api.errors import responses
from api.routes.entities import Ref, ViaHubs
from viz.network import VisGraph, to_vis

router = APIRouter(prefix="/api/views", tags=["views"])
ERRORS = responses(401, 403, 404, 422, 503)


@router.get("/ego/{ref}", response_model=VisGraph, name="view_ego", responses=ERRORS)
def view_ego(
    call: Investigator, ref: Ref,
    radius: Annotated[int, Query(ge=1, le=3)] = 1,
    limit: Annotated[int | None, Query(ge=1, le=2000, description="Most nodes to add "
                                       "(capped by the server's view cap).")] = None,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    via_hubs: ViaHubs = True,
) -> Response:
    """An entity and its neighbours, ready to draw; a 'show more' node pages on when capped."""
    services = call.services
    cap = min(limit or services.settings.view_node_cap, services.settings.view_node_cap)
    node = services.store.resolve(ref)
    graph = services.store.ego(node.id, radius=radius, limit=cap, offset=offset,
                               via_hubs=via_hubs)
    vis = to_vis(graph, centre=node.id, radius=radius,
                 next_offset=offset + cap if graph.truncated else None)
    return call.reply(vis, count=len(vis.nodes))


@router.get("/path", response_model=VisGraph, name="view_path", responses=ERRORS)
def view_path(
    call: Investigator,
    source: Annotated[str, Query(min_length=1, max_length=300)],
    target: Annotated[str, Query(min_length=1, max_length=300)],
    max_hops: Annotated[int, Query(ge=1, le=10)] = 6,
    via_hubs: ViaHubs = False,
) -> Response:
    """The shortest paths between two entities, ready to draw (both ends emphasised)."""
    store = call.services.store
    a, b = store.resolve(source), store.resolve(target)
    paths = store.shortest_paths(a.id, b.id, max_hops=max_hops, via_hubs=via_hubs, limit=20)
    vis = to_vis(networks.union(paths), emphasise={a.id, b.id})
    return call.reply(vis, count=len(vis.nodes))


@router.get("/offender/{ref}", response_model=VisGraph, name="view_offender", responses=ERRORS)
def view_offender(call: Investigator, ref: Ref) -> Response:
    """A party with its cases, who brought them, and the violations, ready to draw."""
    services = call.services
    node = services.store.resolve(ref)
    graph = networks.offender(services.store, node.id, cap=services.settings.view_node_cap)
    vis = to_vis(graph, centre=node.id)
    return call.reply(vis, count=len(vis.nodes))


@router.get("/cluster/{ref}", response_model=VisGraph, name="view_cluster", responses=ERRORS)
def view_cluster(call: Investigator, ref: Ref) -> Response:
    """The business cluster of an entity, ready to draw."""
    services = call.services
    node = services.store.resolve(ref)
    found = services.clusters.of(node.id)
    graph = networks.cluster(found, keep=node.id, cap=services.settings.view_node_cap)
    vis = to_vis(graph, emphasise={node.id})
    return call.reply(vis, count=len(vis.nodes))
