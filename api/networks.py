"""The subgraphs the network views draw: an entity's neighbourhood, the paths between two
entities, a repeat offender with its cases and violations, and a business cluster."""

from __future__ import annotations

from api.clusters import Cluster
from graph.model import Label
from graph.store import Store
from graph.types import Edge, Node, Path, Subgraph

CASE_NEIGHBOURS = 30
"""Most nodes taken around each case of an offender (its authority, violations, parties)."""


def union(paths: list[Path]) -> Subgraph:
    """The nodes and edges of several paths, each once."""
    nodes: dict[str, Node] = {}
    edges: dict[tuple[str, str, str, str], Edge] = {}
    for p in paths:
        nodes.update((n.id, n) for n in p.nodes)
        edges.update((e.key, e) for e in p.edges)
    return Subgraph(nodes=[nodes[k] for k in sorted(nodes)],
                    edges=[edges[k] for k in sorted(edges)])


def offender(store: Store, node_id: str, *, cap: int) -> Subgraph:
    """A party with the cases brought against it, what each case concerns and who filed it,
    and the violations it committed; then its other neighbours while room is left. At most
    `cap` nodes besides the party."""
    around = store.ego(node_id, radius=1, limit=max(cap, CASE_NEIGHBOURS) * 4, via_hubs=True)
    first = [n.id for n in around.nodes if n.label in (Label.CASE, Label.VIOLATION)]
    extra: list[str] = []
    for case in (n for n in around.nodes if n.label is Label.CASE):
        if len(first) + len(extra) > cap:
            break
        near = store.ego(case.id, radius=1, limit=CASE_NEIGHBOURS, via_hubs=True)
        extra += sorted(n.id for n in near.nodes
                        if n.label in (Label.AUTHORITY, Label.VIOLATION))
    rest = [n.id for n in around.nodes]
    # Cases and violations first, then who brought the cases, then anything else nearby.
    ordered = list(dict.fromkeys([node_id, *sorted(first), *extra, *sorted(rest)]))
    graph = store.subgraph(ordered[: cap + 1])
    return Subgraph(nodes=graph.nodes, edges=graph.edges,
                    truncated=around.truncated or len(ordered) > cap + 1)


def cluster(c: Cluster, *, keep: str, cap: int) -> Subgraph:
    """A cluster's members and joining edges; past `cap` members, the best connected ones
    (and always `keep`)."""
    if c.size <= cap + 1:
        return Subgraph(nodes=list(c.members), edges=list(c.edges))
    degree: dict[str, int] = {}
    for e in c.edges:
        degree[e.source] = degree.get(e.source, 0) + 1
        degree[e.target] = degree.get(e.target, 0) + 1
    ranked = sorted((m.id for m in c.members if m.id != keep),
                    key=lambda i: (-degree.get(i, 0), i))
    chosen = {keep, *ranked[:cap]}
    return Subgraph(
        nodes=[m for m in c.members if m.id in chosen],
        edges=[e for e in c.edges if e.source in chosen and e.target in chosen],
        truncated=True, total_nodes=c.size,
    )
