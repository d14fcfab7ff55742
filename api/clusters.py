"""Business clusters: groups of companies, venues and operators held together by shared operators,
owners and SAME_AS links, computed with networkx on the store's business-link projection.

Connected components first; a component larger than the split size is divided into communities
(Louvain, fixed seed) so one sprawling chain does not hide the tight groups inside it.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from graph.store import MAX_LIMIT, Store
from graph.types import Edge, Node, Offender

log = logging.getLogger("casegraph.api")


@dataclass(frozen=True)
class Cluster:
    id: str
    members: list[Node]
    edges: list[Edge]
    cases: int
    violations: list[str]
    component_size: int

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass
class _Cache:
    clusters: list[Cluster] = field(default_factory=list)
    generation: int = -1
    at: float = 0.0


class Clusters:
    """Computes clusters on demand and reuses them until the graph changes or they age."""

    def __init__(self, store: Store, *, split_size: int = 40, seed: int = 7,
                 max_age_s: float = 30.0) -> None:
        self.store = store
        self.split_size = split_size
        self.seed = seed
        self.max_age_s = max_age_s
        self.generation = 0
        self._cache = _Cache()
        self._lock = threading.Lock()

    def warm(self) -> threading.Thread:
        """Compute the clusters in the background (at start-up), so the first person to ask
        does not wait for community detection over the whole graph."""

        def run() -> None:
            try:
                self.all()
            except Exception:  # noqa: BLE001 - a failed warm-up only means a cold first request
                log.warning("computing business clusters in the background failed", exc_info=True)

        thread = threading.Thread(target=run, name="casegraph-clusters", daemon=True)
        thread.start()
        return thread

    def changed(self) -> None:
        """The graph was written through this server: forget computed clusters."""
        with self._lock:
            self.generation += 1

    def all(self) -> list[Cluster]:
        """Every cluster of two or more members, largest first."""
        with self._lock:
            fresh = (self._cache.generation == self.generation
                     and time.monotonic() - self._cache.at <= self.max_age_s)
            if fresh:
                return self._cache.clusters
            generation = self.generation
        clusters = self._compute()
        with self._lock:
            self._cache = _Cache(clusters, generation, time.monotonic())
        return clusters

    def ranked(self, by: str = "size", min_size: int = 2) -> list[Cluster]:
        """Clusters of at least `min_size` members, by size or by cases (ties by the other)."""
        chosen = [c for c in self.all() if c.size >= min_size]
        if by == "violations":
            return sorted(chosen, key=lambda c: (-c.cases, -len(c.violations), -c.size, c.id))
        return sorted(chosen, key=lambda c: (-c.size, -c.cases, c.id))

    def of(self, node_id: str) -> Cluster:
        """The cluster an entity belongs to; an entity with no business links is its own."""
        for cluster in self.all():
            if any(m.id == node_id for m in cluster.members):
                return cluster
        node = self.store.get_node(node_id)
        return Cluster(id=_cluster_id([node.id]), members=[node], edges=[],
                       cases=self._case_count([node.id]), violations=[], component_size=1)

    def _case_count(self, ids: list[str]) -> int:
        offenders = self._offenders()
        return len({c for i in ids if i in offenders for c in offenders[i].case_ids})

    def _compute(self) -> list[Cluster]:
        edges = self.store.business_links()
        graph = nx.Graph()
        graph.add_edges_from((e.source, e.target) for e in edges)
        groups: list[tuple[set[str], int]] = []
        for component in nx.connected_components(graph):
            if len(component) <= self.split_size:
                groups.append((set(component), len(component)))
                continue
            communities = nx.community.louvain_communities(
                graph.subgraph(component), seed=self.seed
            )
            groups += [(set(c), len(component)) for c in communities]
        nodes = self.store.nodes({i for g, _ in groups for i in g})
        offenders = self._offenders()
        group_of = {m: n for n, (members, _) in enumerate(groups) for m in members}
        inner: dict[int, list[Edge]] = defaultdict(list)
        for e in edges:
            n = group_of.get(e.source)
            # Edges between two communities of a split component join no cluster.
            if n is not None and group_of.get(e.target) == n:
                inner[n].append(e)
        out = []
        for n, (members, component_size) in enumerate(groups):
            ids = sorted(i for i in members if i in nodes)
            if not ids:
                continue
            cases = {c for i in ids if i in offenders for c in offenders[i].case_ids}
            violations = {v.name for i in ids if i in offenders for v in offenders[i].violations}
            out.append(Cluster(
                id=_cluster_id(ids), members=[nodes[i] for i in ids],
                edges=sorted(inner[n], key=lambda e: e.key), cases=len(cases),
                violations=sorted(violations), component_size=component_size,
            ))
        return out

    def _offenders(self) -> dict[str, Offender]:
        """Every party with at least one case, by key. Offenders merge accepted SAME_AS groups
        under one key, and that key is always a member of the group's cluster."""
        found: dict[str, Offender] = {}
        offset = 0
        while True:
            page = self.store.offenders(min_cases=1, limit=MAX_LIMIT, offset=offset)
            found.update((o.key, o) for o in page)
            if len(page) < MAX_LIMIT:
                return found
            offset += MAX_LIMIT


def _cluster_id(ids: list[str]) -> str:
    return "cl:" + hashlib.sha1("\n".join(sorted(ids)).encode("utf-8")).hexdigest()[:12]
