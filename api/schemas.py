"""The API's typed request and response bodies (`...In` / `...Out`), converted from the graph's
result types. The OpenAPI document, and so every generated client, is built from these."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from api.clusters import Cluster
from graph.model import Label, RelType, SameAsStatus
from graph.types import (
    Edge,
    Evidence,
    LinkedBusiness,
    Node,
    Offender,
    Path,
    PatternCount,
    SameAsLink,
    Subgraph,
)

T = TypeVar("T")


class Out(BaseModel):
    """Base of every body the API sends or takes: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")


class FieldErrorOut(Out):
    location: str = Field(description="Where the bad value is, e.g. `query.radius`.")
    message: str


class ErrorOut(Out):
    """Every error the API returns has this shape."""

    status: int = Field(description="The HTTP status, repeated for logs and scripts.")
    code: str = Field(description="A stable machine-readable code, e.g. `not_found`.")
    message: str = Field(description="What went wrong and what to do about it.")
    details: list[FieldErrorOut] = Field(default_factory=list)


class Page(Out, Generic[T]):
    """One page of a list. Ask again with `offset=next_offset` while it is not null."""

    items: list[T]
    offset: int
    limit: int
    next_offset: int | None = None


# -- nodes, edges, paths ----------------------------------------------------------------------


class NodeOut(Out):
    id: str
    label: Label
    name: str
    aliases: list[str] = Field(default_factory=list)
    properties: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def of(cls, node: Node) -> NodeOut:
        return cls(id=node.id, label=node.label, name=node.name, aliases=list(node.aliases),
                   properties=dict(node.properties))


class EvidenceOut(Out):
    """Where a relationship is stated: document, character span and sentence."""

    doc_id: str
    start: int | None = None
    end: int | None = None
    sentence: str | None = None
    extractor: str | None = None
    confidence: float | None = None

    @classmethod
    def of(cls, ev: Evidence) -> EvidenceOut:
        return cls(**ev.model_dump())


class EdgeOut(Out):
    source: str
    target: str
    type: RelType
    evidence: EvidenceOut | None = None
    properties: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def of(cls, edge: Edge) -> EdgeOut:
        return cls(
            source=edge.source, target=edge.target, type=edge.type,
            evidence=EvidenceOut.of(edge.evidence) if edge.evidence else None,
            properties=dict(edge.properties),
        )


class SubgraphOut(Out):
    """Nodes and the relationships among them. When `truncated`, ask again with
    `offset=next_offset` for the next nodes."""

    nodes: list[NodeOut]
    edges: list[EdgeOut]
    truncated: bool = False
    total_nodes: int | None = None
    next_offset: int | None = None

    @classmethod
    def of(cls, graph: Subgraph, *, next_offset: int | None = None) -> SubgraphOut:
        return cls(
            nodes=[NodeOut.of(n) for n in graph.nodes], edges=[EdgeOut.of(e) for e in graph.edges],
            truncated=graph.truncated, total_nodes=graph.total_nodes, next_offset=next_offset,
        )


class PathOut(Out):
    """A walk: `edges[i]` joins `nodes[i]` and `nodes[i+1]`, in either direction."""

    nodes: list[NodeOut]
    edges: list[EdgeOut]
    length: int

    @classmethod
    def of(cls, path: Path) -> PathOut:
        return cls(nodes=[NodeOut.of(n) for n in path.nodes],
                   edges=[EdgeOut.of(e) for e in path.edges], length=path.length)


class PathsOut(Out):
    source: NodeOut
    target: NodeOut
    paths: list[PathOut]


class SpanOut(Out):
    start: int
    end: int
    text: str


class EntityDocumentOut(Out):
    doc_id: str
    mentions: list[SpanOut]


class EntityOut(Out):
    """An entity with where it is mentioned."""

    node: NodeOut
    documents: list[EntityDocumentOut]


class NodePage(Page[NodeOut]):
    pass


# -- analysts' answers ------------------------------------------------------------------------


class ViolationOut(Out):
    name: str
    category: str
    documents: list[str]


class OffenderOut(Out):
    key: str
    type: Label
    name: str
    aliases: list[str]
    cases: int
    case_ids: list[str]
    documents: list[str]
    years: list[int]
    violations: list[ViolationOut]

    @classmethod
    def of(cls, o: Offender) -> OffenderOut:
        return cls(
            key=o.key, type=o.type, name=o.name, aliases=list(o.aliases), cases=o.cases,
            case_ids=list(o.case_ids), documents=list(o.documents), years=list(o.years),
            violations=[ViolationOut(name=v.name, category=str(v.category),
                                     documents=list(v.documents)) for v in o.violations],
        )


class OffenderPage(Page[OffenderOut]):
    pass


class LinkedOut(Out):
    """A business linked to the asked-about entity, and the path that explains it."""

    node: NodeOut
    hops: int
    via: list[RelType]
    path: PathOut

    @classmethod
    def of(cls, lb: LinkedBusiness) -> LinkedOut:
        return cls(node=NodeOut.of(lb.node), hops=lb.hops, via=list(lb.via),
                   path=PathOut.of(lb.path))


class LinkedPage(Page[LinkedOut]):
    pass


class PatternOut(Out):
    """One cell of the category x location x year table (null means "all")."""

    category: str | None = None
    location: str | None = None
    year: int | None = None
    cases: int
    documents: int
    parties: int

    @classmethod
    def of(cls, p: PatternCount) -> PatternOut:
        return cls(**p.model_dump())


class PatternPage(Page[PatternOut]):
    pass


class ClusterOut(Out):
    """Companies, venues and operators held together by shared operators, owners and SAME_AS
    links, with the edges that join them and the cases brought against them."""

    id: str = Field(description="Stable for the same members; changes when the data does.")
    size: int
    members: list[NodeOut]
    edges: list[EdgeOut]
    cases: int = Field(description="Distinct cases brought against any member.")
    violations: list[str] = Field(description="Distinct violations committed by members.")
    component_size: int = Field(
        description="Size of the connected component; larger than `size` when a big "
        "component was split into communities."
    )

    @classmethod
    def of(cls, c: Cluster) -> ClusterOut:
        return cls(id=c.id, size=c.size, members=[NodeOut.of(n) for n in c.members],
                   edges=[EdgeOut.of(e) for e in c.edges], cases=c.cases,
                   violations=list(c.violations), component_size=c.component_size)


class ClusterPage(Page[ClusterOut]):
    pass


class StatsOut(Out):
    nodes: dict[str, int]
    relationships: dict[str, int]


class CypherIn(Out):
    query: str = Field(min_length=1, max_length=20_000,
                       description="Read-only Cypher in the store's dialect.")
    params: dict[str, Any] = Field(default_factory=dict,
                                   description="Values for `$name` parameters in the query.")
    limit: int | None = Field(default=None, ge=1, le=100_000,
                              description="Most rows to return (capped by the server).")
    timeout_s: float | None = Field(default=None, gt=0, le=300,
                                    description="Time limit (capped by the server).")


class CypherOut(Out):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = Field(description="True when the row cap cut the answer short.")


# -- review, documents -------------------------------------------------------------------------


class SameAsOut(Out):
    source: NodeOut
    target: NodeOut
    score: float
    method: str
    status: SameAsStatus
    decided_by: str | None = None
    decided_at: str | None = None
    reason: str | None = None

    @classmethod
    def of(cls, s: SameAsLink) -> SameAsOut:
        return cls(source=NodeOut.of(s.source), target=NodeOut.of(s.target), score=s.score,
                   method=s.method, status=s.status, decided_by=s.decided_by,
                   decided_at=s.decided_at, reason=s.reason)


class SameAsPage(Page[SameAsOut]):
    pass


class DecisionIn(Out):
    """A reviewer's decision on a SAME_AS link; send `candidate` to undo an earlier one."""

    source: str = Field(min_length=1, max_length=200)
    target: str = Field(min_length=1, max_length=200)
    status: SameAsStatus
    reason: str = Field(default="", max_length=2000)
