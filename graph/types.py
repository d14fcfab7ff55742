"""Typed results of store operations: nodes, edges with their evidence, subgraphs, paths and the
analysts' aggregates. Every store backend returns exactly these."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from graph.model import Category, Label, RelType, SameAsStatus


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class Node(_Result):
    """A node with its properties (empty ones left out)."""

    id: str
    label: Label
    name: str
    aliases: list[str] = Field(default_factory=list)
    properties: dict[str, Any] = Field(default_factory=dict)


class Evidence(_Result):
    """Where a relationship is stated: document, span, sentence, extractor and confidence."""

    doc_id: str
    start: int | None = None
    end: int | None = None
    sentence: str | None = None
    extractor: str | None = None
    confidence: float | None = None


class Edge(_Result):
    """One relationship. Extracted facts carry `evidence`; SAME_AS carries its review state."""

    source: str
    target: str
    type: RelType
    evidence: Evidence | None = None
    properties: dict[str, Any] = Field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str, str]:
        """Identity of the edge: one per endpoints, type and document."""
        doc = self.evidence.doc_id if self.evidence else ""
        return (self.source, self.type.value, self.target, doc)


class Subgraph(_Result):
    """Nodes and the edges among them. `truncated` says a cap cut it short."""

    nodes: list[Node] = Field(default_factory=list)
    edges: list[Edge] = Field(default_factory=list)
    truncated: bool = False
    total_nodes: int | None = None


class Path(_Result):
    """A walk from the first node to the last; `edges[i]` joins `nodes[i]` and `nodes[i+1]`
    (in either direction)."""

    nodes: list[Node]
    edges: list[Edge]

    @property
    def length(self) -> int:
        return len(self.edges)


class ViolationSummary(_Result):
    name: str
    category: Category | str
    documents: list[str]


class Offender(_Result):
    """A party in at least N distinct cases, with its cases and violations."""

    key: str
    type: Label
    name: str
    aliases: list[str]
    cases: int
    case_ids: list[str]
    documents: list[str]
    years: list[int]
    violations: list[ViolationSummary]


class LinkedBusiness(_Result):
    """A business linked to the asked-about entity, and the shortest path that explains why."""

    node: Node
    hops: int
    via: list[RelType]
    path: Path


class PatternCount(_Result):
    """One cell of the category x location x year table (a missing key means "all")."""

    category: str | None = None
    location: str | None = None
    year: int | None = None
    cases: int
    documents: int
    parties: int


class Stats(_Result):
    nodes: dict[str, int]
    relationships: dict[str, int]


class SameAsLink(_Result):
    """A candidate (or decided) resolution link between two entities."""

    source: Node
    target: Node
    score: float
    method: str
    status: SameAsStatus
    decided_by: str | None = None
    decided_at: str | None = None
    reason: str | None = None


class DocumentInfo(_Result):
    id: str
    doc_id: str
    source: str
    year: int | None = None
    extractor: str | None = None
    ingested_at: str | None = None
    entities: int = 0


class Mention(_Result):
    """One entity mention in one document."""

    node: Node
    start: int
    end: int
    text: str


def node_link(nodes: list[Node], edges: list[Edge], **extra: Any) -> dict[str, Any]:
    """Node-link JSON (`{"nodes": [...], "links": [...]}`, as networkx names it): each link
    with its type and evidence. `extra` keys are added at the top level."""
    return {
        "nodes": [n.model_dump(mode="json") for n in nodes],
        "links": [
            {
                "source": e.source,
                "target": e.target,
                "type": e.type.value,
                "evidence": e.evidence.model_dump(mode="json") if e.evidence else None,
                "properties": e.properties,
            }
            for e in edges
        ],
        **extra,
    }
