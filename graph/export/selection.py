"""What to export: a `Selection` names a subgraph the way an auditor asks for one (an entity's
neighbourhood, a list of ids, the repeat offenders, an entity's linked businesses, the paths
between two entities), and `select` fetches it from a store.

The CLI and the API build the same `Selection`, so an export asked for either way is the same
request, recorded in the manifest as `Selection.request()` plus what names resolved to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from graph.export.errors import ExportError
from graph.model import Label, RelType, SameAsStatus, document_id
from graph.store import MAX_LIMIT, Store
from graph.types import Subgraph

SelectionKind = Literal["entity", "ids", "offenders", "linked", "path"]


class Selection(BaseModel):
    """One export request. Which fields apply depends on `kind`:

    * `entity`: `entity` (id or unambiguous name), `hops` (1-3, default 1), `limit` (default
      200), `via_hubs`;
    * `ids`: `ids`;
    * `offenders`: `min_cases` (default 2), `category`, `year_from`, `year_to`, `location`,
      `limit` (default 100): the offenders with their cases and the violations they committed;
    * `linked`: `entity`, `hops` (1-6, default 3), `limit` (default 100): the nodes on the paths
      to every linked business;
    * `path`: `source`, `target`, `hops` (at most, default 6), `via_hubs`: all shortest paths.

    `documents` adds the documents that state the evidence, with their MENTIONED_IN links.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: SelectionKind
    entity: str | None = Field(default=None, max_length=500)
    ids: list[str] = Field(default_factory=list, max_length=MAX_LIMIT)
    source: str | None = Field(default=None, max_length=500)
    target: str | None = Field(default=None, max_length=500)
    hops: int | None = Field(default=None, ge=1, le=10)
    limit: int | None = Field(default=None, ge=1, le=MAX_LIMIT)
    via_hubs: bool = False
    min_cases: int = Field(default=2, ge=1)
    category: str | None = Field(default=None, max_length=100)
    year_from: int | None = Field(default=None, ge=0, le=9999)
    year_to: int | None = Field(default=None, ge=0, le=9999)
    location: str | None = Field(default=None, max_length=500)
    documents: bool = False

    def bounds(self) -> tuple[int, int]:
        """Hops and limit with the defaults of this kind filled in (0 where they do not apply)."""
        hops, limit = _DEFAULTS[self.kind]
        return self.hops or hops, self.limit or limit

    def request(self) -> dict[str, Any]:
        """The request as recorded in a manifest: the kind and every field that applies to it,
        defaults included, so the manifest alone says exactly what was fetched."""
        hops, limit = self.bounds()
        full = {**self.model_dump(), "hops": hops, "limit": limit}
        return {"selector": self.kind, **{k: full[k] for k in _FIELDS[self.kind]}}


_DEFAULTS: dict[str, tuple[int, int]] = {
    "entity": (1, 200), "ids": (0, 0), "offenders": (0, 100), "linked": (3, 100), "path": (6, 0),
}
_FIELDS: dict[str, tuple[str, ...]] = {
    "entity": ("entity", "hops", "limit", "via_hubs", "documents"),
    "ids": ("ids", "documents"),
    "offenders": ("min_cases", "category", "year_from", "year_to", "location", "limit",
                  "documents"),
    "linked": ("entity", "hops", "limit", "documents"),
    "path": ("source", "target", "hops", "via_hubs", "documents"),
}


@dataclass(frozen=True)
class Selected:
    """A fetched selection: the subgraph and the request with names resolved to ids."""

    subgraph: Subgraph
    request: dict[str, Any]


def select(store: Store, selection: Selection) -> Selected:
    """Fetch the subgraph a selection names (graph errors such as `NodeNotFound` pass through)."""
    request = selection.request()
    s = selection
    hops, limit = s.bounds()
    if s.kind == "entity":
        node = store.resolve(_needed(s.entity, "an entity"))
        request["resolved"] = node.id
        graph = store.ego(node.id, radius=hops, limit=limit, via_hubs=s.via_hubs)
    elif s.kind == "ids":
        ids = sorted({i.strip() for i in s.ids if i.strip()})
        if not ids:
            raise ExportError("give at least one node id")
        graph = store.subgraph(ids)
    elif s.kind == "offenders":
        graph = _offenders(store, s, limit, request)
    elif s.kind == "linked":
        node = store.resolve(_needed(s.entity, "an entity"))
        request["resolved"] = node.id
        links = store.linked(node.id, hops=hops, limit=limit)
        request["linked"] = [link.node.id for link in links]
        graph = store.subgraph({node.id} | {n.id for link in links for n in link.path.nodes})
    else:
        a = store.resolve(_needed(s.source, "a source entity"))
        b = store.resolve(_needed(s.target, "a target entity"))
        request["resolved"] = [a.id, b.id]
        paths = store.shortest_paths(a.id, b.id, max_hops=hops, via_hubs=s.via_hubs)
        graph = store.subgraph({n.id for p in paths for n in p.nodes})
    if s.documents:
        graph = with_documents(store, graph)
    return Selected(subgraph=graph, request=request)


def _needed(value: str | None, what: str) -> str:
    if not value or not value.strip():
        raise ExportError(f"this selection needs {what}")
    return value.strip()


def _offenders(store: Store, s: Selection, limit: int, request: dict[str, Any]) -> Subgraph:
    offenders = store.offenders(
        min_cases=s.min_cases, category=s.category, year_from=s.year_from, year_to=s.year_to,
        location=s.location, limit=limit,
    )
    request["offenders"] = [o.key for o in offenders]
    ids: set[str] = set()
    for offender in offenders:
        ids.add(offender.key)
        ids.update(offender.case_ids)
        # An offender counts the cases of the entities accepted as the same; export those
        # entities too, each with the violations it committed.
        queue, seen = [offender.key], {offender.key}
        while queue:
            member = queue.pop()
            # Violations are hubs, reached only when hubs are allowed.
            ego = store.ego(member, radius=1, limit=MAX_LIMIT, via_hubs=True)
            for edge in ego.edges:
                if member not in (edge.source, edge.target):
                    continue
                other = edge.target if edge.source == member else edge.source
                if edge.type is RelType.COMMITTED:
                    ids.add(other)
                elif (edge.type is RelType.SAME_AS and other not in seen
                      and edge.properties.get("status") == SameAsStatus.ACCEPTED.value):
                    seen.add(other)
                    ids.add(other)
                    queue.append(other)
    return store.subgraph(ids) if ids else Subgraph()


def with_documents(store: Store, graph: Subgraph) -> Subgraph:
    """The subgraph plus the documents its evidence cites and the MENTIONED_IN links between
    them and its nodes."""
    cited = {document_id(e.evidence.doc_id) for e in graph.edges if e.evidence}
    found = store.nodes(cited)
    ids = {n.id for n in graph.nodes if n.label is not Label.DOCUMENT} | set(found)
    full = store.subgraph(ids, documents=True)
    return full.model_copy(update={"truncated": graph.truncated, "total_nodes": graph.total_nodes})
