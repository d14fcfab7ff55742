"""The store interface: every operation casegraph needs from a graph database, written once over
two backend primitives (`_read`, `_write`) and the query registry in `graph.cypher`.

A backend (embedded Ladybug, Neo4j) supplies a dialect, a way to run one read and one write
transaction, and the conversion of its path values; everything else, and so every answer, is
shared. The contract suite in `tests/graph/` runs against every backend.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Self

from graph.cypher import (
    CASE_FILTERS,
    LB_ANY_NODE,
    LB_NO_HUBS,
    LB_NO_HUBS_BUT_ENDS,
    NEO_ANY_NODE,
    NEO_NO_HUBS,
    NO_FILTER,
    NODES_BY_ID,
    Dialect,
    Fragment,
    set_list,
)
from graph.errors import InvalidQuery, NodeNotFound, NoPath
from graph.model import (
    BUSINESS_LINKS,
    ENDPOINTS,
    HUB_LABELS,
    LABEL_PROPERTIES,
    NODE_PROPERTIES,
    PARTIES,
    REL_PROPERTIES,
    Category,
    Label,
    RelType,
    SameAsStatus,
    document_id,
    label_of_id,
)
from graph.names import fold
from graph.types import (
    DocumentInfo,
    Edge,
    Evidence,
    LinkedBusiness,
    Mention,
    Node,
    Offender,
    Path,
    PatternCount,
    SameAsLink,
    Stats,
    Subgraph,
    ViolationSummary,
)

Row = dict[str, Any]
RawPath = tuple[list[str], list[Row]]
"""A path as a backend returns it: node ids in order, and per step a row with `src`, `type`,
`dst` and the relationship's properties."""

MAX_RADIUS = 3
MAX_LINK_HOPS = 6
MAX_PATH_HOPS = 10
MAX_LIMIT = 5000
EVIDENCE_FIELDS = {
    "doc_id": "doc_id",
    "char_start": "start",
    "char_end": "end",
    "sentence": "sentence",
    "extractor": "extractor",
    "confidence": "confidence",
}
"""Relationship property -> `Evidence` field."""
TRAVERSED = tuple(t for t in RelType if t is not RelType.MENTIONED_IN)
"""What ego networks and open path queries walk: everything but document links."""


@dataclass
class WriteBatch:
    """One transaction of ingest: documents to retract, nodes to upsert, relationships to
    create. Nodes are merged by id; relationships are created (ingest retracts a document's
    relationships before writing them again, so re-runs never duplicate)."""

    retract: list[str] = field(default_factory=list)
    nodes: dict[Label, list[Row]] = field(default_factory=lambda: defaultdict(list))
    """Nodes to merge by id (the writer does not know whether they exist)."""
    new_nodes: dict[Label, list[Row]] = field(default_factory=lambda: defaultdict(list))
    """Nodes the writer knows are new: created."""
    known_nodes: dict[Label, list[Row]] = field(default_factory=lambda: defaultdict(list))
    """Nodes the writer knows exist: their aliases and search text are replaced."""
    rels: dict[tuple[RelType, Label, Label], list[Row]] = field(
        default_factory=lambda: defaultdict(list)
    )
    orphan_check: dict[Label, set[str]] = field(default_factory=lambda: defaultdict(set))
    same_as: list[tuple[Node, Node, float, str]] = field(default_factory=list)
    """Candidate links to propose (kept as they are when already there or decided)."""

    def add_node(self, label: Label, row: Row, *, exists: bool | None = None) -> None:
        """Queue a node: `exists` True or False when the writer knows, None to merge."""
        full = {p: None for p in NODE_PROPERTIES} | {p: None for p in LABEL_PROPERTIES[label]}
        unknown = set(row) - set(full)
        if unknown:
            raise InvalidQuery(f"{label} has no properties {sorted(unknown)}")
        target = {None: self.nodes, True: self.known_nodes, False: self.new_nodes}[exists]
        target[label].append(full | row)

    def add_rel(self, rel: RelType, src: Label, dst: Label, row: Row) -> None:
        if (src, dst) not in ENDPOINTS[rel]:
            raise InvalidQuery(f"{rel} cannot join {src} to {dst}")
        full = {p: None for p in REL_PROPERTIES}
        unknown = set(row) - set(full) - {"src", "dst"}
        if unknown:
            raise InvalidQuery(f"{rel} has no properties {sorted(unknown)}")
        self.rels[(rel, src, dst)].append(full | row)

    def __len__(self) -> int:
        groups = (self.nodes, self.new_nodes, self.known_nodes, self.rels)
        return sum(len(rows) for group in groups for rows in group.values())


class Store(ABC):
    """A property graph of cases, businesses, operators and violations."""

    dialect: Dialect
    location: str

    # -- backend primitives ------------------------------------------------------------------

    @abstractmethod
    def _read(self, text: str, params: Mapping[str, Any]) -> list[Row]:
        """Run one read query; rows as dicts of column name to plain value."""

    @abstractmethod
    def _write(self, statements: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
        """Run statements in one write transaction: all of them, or none."""

    @abstractmethod
    def _write_count(self, text: str, params: Mapping[str, Any]) -> int:
        """Run one write statement that returns a column `n`, in its own transaction."""

    @abstractmethod
    def _raw_path(self, row: Row) -> RawPath:
        """The path in a LINKED or SHORTEST_PATHS row, as node ids and step rows."""

    @abstractmethod
    def _read_only(
        self, text: str, params: Mapping[str, Any], *, limit: int, timeout_s: float
    ) -> tuple[list[str], list[list[Any]]]:
        """Run caller-supplied Cypher in a read-only transaction with a time limit; columns and
        at most `limit` rows. A write attempt raises `ReadOnlyViolation`."""

    @abstractmethod
    def init_schema(self) -> None:
        """Create constraints, indexes or tables; safe to call again."""

    @abstractmethod
    def close(self) -> None:
        """Release the database (and, for the embedded store, its file lock)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _q(self, name: str, params: Mapping[str, Any] | None = None, **slots: object) -> list[Row]:
        from graph.cypher import REGISTRY

        return self._read(REGISTRY[name].render(self.dialect, **slots), params or {})

    # -- writes ----------------------------------------------------------------------------

    def write(self, batch: WriteBatch) -> None:
        """Apply one batch in one transaction."""
        from graph.cypher import (
            CREATE_NODES,
            CREATE_RELS,
            DELETE_DOCUMENT,
            DELETE_DOCUMENT_RELS,
            DELETE_ORPHANS,
            RENAME_NODES,
            UPSERT_NODES,
        )

        d = self.dialect
        statements: list[tuple[str, Mapping[str, Any]]] = []
        for doc_id in batch.retract:
            statements.append((DELETE_DOCUMENT_RELS.render(d), {"doc_id": doc_id}))
            statements.append((DELETE_DOCUMENT.render(d), {"id": document_id(doc_id)}))
        for label, rows in batch.nodes.items():
            if rows:
                sets = set_list("n", _filled(rows, exclude={"id"}))
                text = UPSERT_NODES.render(d, label=label, create_sets=sets)
                statements.append((text, {"rows": rows}))
        for label, rows in batch.new_nodes.items():
            if rows:
                sets = set_list("n", _filled(rows, exclude={"id"}))
                statements.append((CREATE_NODES.render(d, label=label, sets=sets), {"rows": rows}))
        for label, rows in batch.known_nodes.items():
            if rows:
                slim = [
                    {"id": r["id"], "aliases": r["aliases"], "search": r["search"]} for r in rows
                ]
                statements.append((RENAME_NODES.render(d, label=label), {"rows": slim}))
        for (rel, src, dst), rows in batch.rels.items():
            if rows:
                sets = set_list("r", _filled(rows, exclude={"src", "dst"}))
                text = CREATE_RELS.render(d, src=src, dst=dst, type=rel, sets=sets)
                statements.append((text, {"rows": rows}))
        for a, b, score, method in batch.same_as:
            statements.append(self._propose(a, b, score, method))
        for label, ids in batch.orphan_check.items():
            if ids:
                statements.append((DELETE_ORPHANS.render(d, label=label), {"ids": sorted(ids)}))
        if statements:
            self._write(statements)

    def document_hashes(self, doc_ids: Sequence[str]) -> dict[str, str]:
        """The stored record hash of each given document node id that exists."""
        rows = self._q("document_hashes", {"ids": list(doc_ids)})
        return {r["id"]: r["sha256"] or "" for r in rows}

    def all_document_hashes(self) -> dict[str, str]:
        """The stored record hash of every document node, by id, read in one pass."""
        return {r["id"]: r["sha256"] or "" for r in self._q("all_document_hashes", {})}

    def document_nodes(self, doc_node_id: str) -> dict[Label, set[str]]:
        """Ids of the entities mentioned in a document, by label."""
        out: dict[Label, set[str]] = {}
        for label in Label:
            if label is not Label.DOCUMENT:
                ids = {r["id"] for r in self._q("document_nodes", {"id": doc_node_id}, label=label)}
                if ids:
                    out[label] = ids
        return out

    def delete_document(self, doc_id: str) -> None:
        """Retract a document: its relationships, its node, and entities nobody else mentions."""
        doc_id = doc_id.removeprefix("doc:")
        node_id = document_id(doc_id)
        if not self.document_hashes([node_id]):
            raise NodeNotFound(doc_id)
        batch = WriteBatch(retract=[doc_id])
        batch.orphan_check.update(self.document_nodes(node_id))
        self.write(batch)

    def name_index(self, labels: Iterable[Label]) -> list[tuple[Label, str, str, list[str]]]:
        """(label, id, name, aliases) of every node of the labels: the resolver's index."""
        out = []
        for label in labels:
            for r in self._q("name_index", label=label):
                out.append((label, r["id"], r["name"] or "", list(r["aliases"] or [])))
        return out

    def operators_of(self, business_ids: Sequence[str]) -> list[tuple[str, str, str]]:
        """(operator id, operator name, business id) for operators of the given businesses."""
        out: list[tuple[str, str, str]] = []
        by_label = _group_ids(business_ids)
        for label, ids in by_label.items():
            rows = self._q("operators_of", {"ids": ids}, label=label)
            out.extend((r["id"], r["name"] or "", r["business"]) for r in rows)
        return out

    # -- nodes and edges ---------------------------------------------------------------------

    def nodes(self, ids: Iterable[str]) -> dict[str, Node]:
        """The nodes with the given ids that exist, keyed by id."""
        out: dict[str, Node] = {}
        for label, group in _group_ids(ids).items():
            for row in self._read(NODES_BY_ID[label].render(self.dialect), {"ids": group}):
                out[row["id"]] = _node(label, row)
        return out

    def get_node(self, node_id: str) -> Node:
        """One node, or `NodeNotFound`."""
        found = self.nodes([node_id])
        if node_id not in found:
            raise NodeNotFound(node_id)
        return found[node_id]

    def resolve(self, ref: str) -> Node:
        """A node by id, or by a name that identifies exactly one entity."""
        if label_of_id(ref) is not None:
            return self.get_node(ref)
        hits = [n for n in self.search(ref, limit=50) if fold(n.name) == fold(ref)]
        if not hits:
            hits = self.search(ref, limit=2)
        if len(hits) == 1:
            return hits[0]
        if not hits:
            raise NodeNotFound(ref)
        names = "; ".join(f"{n.id} ({n.label}: {n.name})" for n in hits[:5])
        raise InvalidQuery(f"{ref!r} names several entities, give an id: {names}")

    def edges_among(self, ids: Iterable[str], *, documents: bool = False) -> list[Edge]:
        """Every relationship whose two ends are both in `ids` (document links only when
        asked), in a stable order."""
        idlist = sorted(set(ids))
        types = tuple(RelType) if documents else TRAVERSED
        edges: dict[tuple[str, str, str, str], Edge] = {}
        for label, sources in _group_ids(idlist).items():
            # Only the types that can leave this label: each extra type is a table to visit.
            out = tuple(t for t in types if any(a is label for a, _ in ENDPOINTS[t]))
            if not out:
                continue
            params = {"sources": sources, "ids": idlist}
            for row in self._q("edges_among", params, src=label, types=out):
                edge = _edge(row)
                edges[edge.key] = edge
        return [edges[k] for k in sorted(edges)]

    def subgraph(self, ids: Iterable[str], *, documents: bool = False) -> Subgraph:
        """The nodes with these ids and every relationship among them."""
        found = self.nodes(ids)
        missing = sorted(set(ids) - set(found))
        if missing:
            raise NodeNotFound(missing[0])
        nodes = [found[k] for k in sorted(found)]
        return Subgraph(nodes=nodes, edges=self.edges_among(found, documents=documents))

    def search(self, query: str, *, labels: Sequence[Label] = (), limit: int = 20) -> list[Node]:
        """Entities whose name or an alias starts with `query` (case, accents and punctuation
        ignored), then those containing it; exact names first."""
        _bounded("limit", limit, 1, MAX_LIMIT)
        needle = fold(query)
        if not needle:
            return []
        chosen = tuple(labels) or tuple(label for label in Label if label is not Label.DOCUMENT)
        hits: dict[str, int] = {}
        for rank, pattern in ((0, "\n" + needle), (1, needle)):
            for r in self._q("search", {"needle": pattern, "limit": limit}, labels=chosen):
                exact = ("\n" + needle + "\n") in (r["search"] + "\n")
                hits.setdefault(r["id"], -1 if exact else rank)
            if len(hits) >= limit:
                break
        found = self.nodes(hits)
        order = sorted(found.values(), key=lambda n: (hits[n.id], len(n.name), n.name, n.id))
        return order[:limit]

    # -- traversals --------------------------------------------------------------------------

    def _filters(self, via_hubs: bool) -> dict[str, Fragment]:
        return {
            "neo_filter": NEO_ANY_NODE if via_hubs else NEO_NO_HUBS,
            "lb_filter": LB_ANY_NODE if via_hubs else LB_NO_HUBS,
        }

    def ego(
        self,
        node_id: str,
        *,
        radius: int = 1,
        limit: int = 200,
        offset: int = 0,
        via_hubs: bool = False,
    ) -> Subgraph:
        """The neighbourhood of a node within `radius` hops (1-3), nearest first, capped at
        `limit` nodes besides the centre; `truncated` says more exist (page with `offset`).

        Violations and places (hubs) end a walk but do not carry one unless `via_hubs`: the
        walk runs over the other nodes, then the hubs next to what it reached are attached."""
        _bounded("radius", radius, 1, MAX_RADIUS)
        _bounded("limit", limit, 1, MAX_LIMIT)
        _bounded("offset", offset, 0, 10**7)
        centre = self.get_node(node_id)
        want = offset + limit + 1
        rows = self._q(
            "ego",
            {"id": node_id, "limit": want},
            label=centre.label,
            types=TRAVERSED,
            radius=radius,
            **self._filters(via_hubs),
        )
        hops = {r["id"]: r["hops"] for r in rows}
        if not via_hubs:
            hops = {k: h for k, h in hops.items() if label_of_id(k) not in HUB_LABELS}
            inner = {node_id: 0} | {k: h for k, h in hops.items() if h < radius}
            groups = _group_ids(inner)
            for rel, pairs in ENDPOINTS.items():
                for src, hub in pairs:
                    if hub not in HUB_LABELS or src not in groups:
                        continue
                    rows = self._q(
                        "hub_neighbours", {"ids": groups[src]}, src=src, type=rel, hub=hub
                    )
                    for r in rows:
                        if r["id"] != node_id:
                            step = inner[r["source"]] + 1
                            hops[r["id"]] = min(hops.get(r["id"], step), step)
        order = sorted(hops, key=lambda k: (hops[k], k))[offset:]
        truncated = len(order) > limit
        graph = self.subgraph([node_id, *order[:limit]])
        return Subgraph(
            nodes=graph.nodes,
            edges=graph.edges,
            truncated=truncated,
            total_nodes=None if truncated else offset + len(order) + 1,
        )

    def linked(
        self,
        node_id: str,
        *,
        hops: int = 3,
        via: Sequence[RelType] = BUSINESS_LINKS,
        limit: int = 100,
    ) -> list[LinkedBusiness]:
        """Companies and venues linked to a node through shared operators, owners, addresses and
        resolution links (not through violations or cities), each with its shortest path."""
        _bounded("hops", hops, 1, MAX_LINK_HOPS)
        _bounded("limit", limit, 1, MAX_LIMIT)
        types = tuple(dict.fromkeys(via))
        if not types or RelType.MENTIONED_IN in types:
            raise InvalidQuery("via must name relationship types other than MENTIONED_IN")
        centre = self.get_node(node_id)
        rows = self._q(
            "linked",
            {"id": node_id, "limit": limit},
            label=centre.label,
            types=types,
            hops=hops,
            **self._filters(False),
        )
        raws = [self._raw_path(r) for r in rows]
        paths = self._paths(raws)
        out = [
            LinkedBusiness(node=p.nodes[-1], hops=p.length, via=[e.type for e in p.edges], path=p)
            for p in paths
        ]
        return sorted(out, key=lambda x: (x.hops, x.node.name, x.node.id))

    def shortest_paths(
        self,
        source: str,
        target: str,
        *,
        max_hops: int = 6,
        via_hubs: bool = False,
        limit: int = 10,
    ) -> list[Path]:
        """All shortest paths between two nodes (up to `limit`), or `NoPath`."""
        _bounded("max_hops", max_hops, 1, MAX_PATH_HOPS)
        _bounded("limit", limit, 1, 100)
        a, b = self.get_node(source), self.get_node(target)
        if a.id == b.id:
            return [Path(nodes=[a], edges=[])]
        filters = self._filters(via_hubs)
        if not via_hubs:
            filters["lb_filter"] = LB_NO_HUBS_BUT_ENDS
        rows = self._q(
            "shortest_paths",
            {"a": a.id, "b": b.id, "limit": limit},
            src=a.label,
            dst=b.label,
            types=TRAVERSED,
            hops=max_hops,
            **filters,
        )
        paths = self._paths([self._raw_path(r) for r in rows])
        if not paths:
            raise NoPath(source, target, max_hops)
        return sorted(paths, key=lambda p: [n.id for n in p.nodes])

    def _paths(self, raws: Sequence[RawPath]) -> list[Path]:
        found = self.nodes({i for ids, _ in raws for i in ids})
        out = []
        for ids, steps in raws:
            edges = [_edge({**s, "source": s["src"], "target": s["dst"]}) for s in steps]
            out.append(Path(nodes=[found[i] for i in ids], edges=edges))
        return out

    # -- analysts' queries -----------------------------------------------------------------

    def offenders(
        self,
        *,
        min_cases: int = 2,
        category: Category | str | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
        location: str | None = None,
        labels: Sequence[Label] = PARTIES,
        limit: int = 100,
        offset: int = 0,
    ) -> list[Offender]:
        """Companies, venues and operators against which at least `min_cases` distinct cases
        were brought, most first. Entities joined by accepted SAME_AS links count as one."""
        _bounded("min_cases", min_cases, 1, 10**6)
        _bounded("limit", limit, 1, MAX_LIMIT)
        _bounded("offset", offset, 0, 10**7)
        labels = tuple(labels)
        if not labels or any(label not in PARTIES for label in labels):
            raise InvalidQuery("offenders are Company, Venue or Operator")
        params, filters = _case_filters(category, year_from, year_to, location)
        counted = self._q(
            "offender_counts",
            {**params, "min_cases": min_cases, "limit": MAX_LIMIT * 4},
            labels=labels,
            filters=filters,
        )
        groups = self._accepted_groups(labels)
        members = {m for g in groups for m in g}
        ids = {r["id"] for r in counted} | members
        cases: dict[str, dict[str, tuple[int | None, str | None]]] = defaultdict(dict)
        for r in self._q(
            "offender_cases", {**params, "ids": sorted(ids)}, labels=labels, filters=filters
        ):
            for case_id, year, doc_id in zip(r["case_ids"], r["years"], r["doc_ids"], strict=True):
                cases[r["id"]][case_id] = (year or None, doc_id or None)
        violations: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
        for r in self._q("offender_violations", {"ids": sorted(ids)}, labels=labels):
            violations[r["id"]].append((r["violation"], [d for d in r["doc_ids"] if d]))
        kinds = self.nodes({v for found in violations.values() for v, _ in found})
        clusters = [sorted(g) for g in groups]
        clusters += [[i] for i in sorted(ids - members)]
        found = self.nodes(ids)
        results = []
        for cluster in clusters:
            merged = {c: v for m in cluster for c, v in cases[m].items()}
            if len(merged) < min_cases:
                continue
            rep = max(cluster, key=lambda m: (len(cases[m]), m == min(cluster)))
            node = found[rep]
            results.append(_offender(node, cluster, found, merged, violations, kinds))
        results.sort(key=lambda o: (-o.cases, o.name, o.key))
        return results[offset : offset + limit]

    def _accepted_groups(self, labels: Sequence[Label]) -> list[set[str]]:
        rows = self._q(
            "same_as_among", {"status": SameAsStatus.ACCEPTED.value}, labels=tuple(labels)
        )
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for r in rows:
            parent[find(r["source"])] = find(r["target"])
        groups: dict[str, set[str]] = defaultdict(set)
        for x in parent:
            groups[find(x)].add(x)
        return [g for g in groups.values() if len(g) > 1]

    def patterns(
        self,
        *,
        by: Sequence[str] = ("category", "location", "year"),
        category: Category | str | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
        location: str | None = None,
        limit: int = 500,
    ) -> list[PatternCount]:
        """Counts of cases, documents and parties by any of category, location and year."""
        dims = tuple(dict.fromkeys(by))
        if not dims or any(d not in ("category", "location", "year") for d in dims):
            raise InvalidQuery("by must be one or more of: category, location, year")
        _bounded("limit", limit, 1, MAX_LIMIT)
        params, filters = _case_filters(category, year_from, year_to, location)
        rows = self._q("pattern_rows", params, labels=PARTIES, filters=filters)
        cells: dict[tuple[Any, ...], tuple[set[str], set[str], set[str]]] = defaultdict(
            lambda: (set(), set(), set())
        )
        for r in rows:
            if r["location_kind"] == "address":
                r["location"] = None
            if "category" in dims and category and r["category"] != category:
                continue
            key = tuple(r[d] for d in dims)
            cases_, docs, parties = cells[key]
            cases_.add(r["case_id"])
            if r["doc_id"]:
                docs.add(r["doc_id"])
            parties.add(r["party"])
        out = [
            PatternCount(
                **dict(zip(dims, key, strict=True)),
                cases=len(c),
                documents=len(d),
                parties=len(p),
            )
            for key, (c, d, p) in cells.items()
        ]
        out.sort(key=lambda x: (-x.cases, str(x.category), str(x.location), x.year or 0))
        return out[:limit]

    def business_links(
        self,
        *,
        types: Sequence[RelType] = (
            RelType.OPERATES,
            RelType.RUNS,
            RelType.OWNS,
            RelType.SAME_AS,
        ),
    ) -> list[Edge]:
        """Every relationship of the given types among companies, venues and operators (rejected
        SAME_AS links left out): the projection business clusters are computed on."""
        edges: dict[tuple[str, str, str, str], Edge] = {}
        for rel in types:
            for src, dst in ENDPOINTS[rel]:
                if src not in PARTIES or dst not in PARTIES:
                    continue
                for row in self._q("business_edges", src=src, dst=dst, type=rel):
                    edge = _edge({**row, "type": rel.value})
                    edges[edge.key] = edge
        return [edges[k] for k in sorted(edges)]

    def cypher(
        self,
        text: str,
        params: Mapping[str, Any] | None = None,
        *,
        limit: int = 1000,
        timeout_s: float = 10.0,
    ) -> tuple[list[str], list[list[Any]]]:
        """An analyst's own read-only Cypher (in this backend's dialect), capped in rows and
        time. Parameters are passed as parameters, never formatted into the text."""
        _bounded("limit", limit, 1, 100_000)
        if not text.strip():
            raise InvalidQuery("the query is empty")
        if not 0 < timeout_s <= 300:
            raise InvalidQuery("timeout_s must be more than 0 and at most 300")
        return self._read_only(text, dict(params or {}), limit=limit, timeout_s=timeout_s)

    # -- documents, review, stats ----------------------------------------------------------

    def stats(self) -> Stats:
        """Node counts per label and relationship counts per type."""
        nodes = {lb.value: self._q("count_nodes", label=lb)[0]["n"] for lb in Label}
        rels = {t.value: self._q("count_rels", type=t)[0]["n"] for t in RelType}
        return Stats(nodes=nodes, relationships=rels)

    def documents(self, *, limit: int = 100, offset: int = 0) -> list[DocumentInfo]:
        """Ingested documents in id order."""
        _bounded("limit", limit, 1, MAX_LIMIT)
        _bounded("offset", offset, 0, 10**7)
        rows = self._q("documents", {"stop": offset + limit})
        return [_document(r) for r in rows[offset:]]

    def document(self, doc_id: str) -> tuple[DocumentInfo, list[Mention]]:
        """One document and every entity mention in it, in text order."""
        node_id = doc_id if doc_id.startswith("doc:") else f"doc:{doc_id}"
        rows = self._read(NODES_BY_ID[Label.DOCUMENT].render(self.dialect), {"ids": [node_id]})
        if not rows:
            raise NodeNotFound(doc_id)
        spans: list[tuple[str, int, int, str]] = []
        for label in Label:
            if label is Label.DOCUMENT:
                continue
            for r in self._q("document_mentions", {"id": node_id}, label=label):
                spans.extend((r["id"], s, e, t) for s, e, t in json.loads(r["mentions"] or "[]"))
        found = self.nodes({s[0] for s in spans})
        mentions = [
            Mention(node=found[i], start=s, end=e, text=t) for i, s, e, t in spans if i in found
        ]
        mentions.sort(key=lambda m: (m.start, m.end, m.node.id))
        info = _document(rows[0]).model_copy(update={"entities": len(found)})
        return info, mentions

    def entity_documents(self, node_id: str) -> list[tuple[str, list[tuple[int, int, str]]]]:
        """The documents that mention an entity, each with the mention spans."""
        node = self.get_node(node_id)
        rows = self._q("entity_documents", {"id": node_id}, label=node.label)
        return [
            (r["id"].removeprefix("doc:"), [tuple(m) for m in json.loads(r["mentions"] or "[]")])
            for r in rows
        ]

    def same_as(
        self, *, status: SameAsStatus = SameAsStatus.CANDIDATE, limit: int = 100, offset: int = 0
    ) -> list[SameAsLink]:
        """SAME_AS links in one review state, best score first."""
        _bounded("limit", limit, 1, MAX_LIMIT)
        _bounded("offset", offset, 0, 10**7)
        rows: list[Row] = []
        for src, dst in ENDPOINTS[RelType.SAME_AS]:
            rows += self._q("same_as_list", {"status": status.value}, src=src, dst=dst)
        rows.sort(key=lambda r: (-(r["score"] or 0), r["source"], r["target"]))
        rows = rows[offset : offset + limit]
        found = self.nodes({r["source"] for r in rows} | {r["target"] for r in rows})
        return [
            SameAsLink(
                source=found[r["source"]],
                target=found[r["target"]],
                score=r["score"] or 0.0,
                method=r["method"] or "",
                status=SameAsStatus(r["status"]),
                decided_by=r["decided_by"] or None,
                decided_at=r["decided_at"] or None,
                reason=r["reason"] or None,
            )
            for r in rows
            if r["source"] in found and r["target"] in found
        ]

    def propose_same_as(self, a: str, b: str, *, score: float, method: str) -> None:
        """Add a candidate link (kept as it is if already there or decided)."""
        self._write([self._propose(self.get_node(a), self.get_node(b), score, method)])

    def _propose(
        self, a: Node, b: Node, score: float, method: str
    ) -> tuple[str, Mapping[str, Any]]:
        from graph.cypher import SET_SAME_AS

        if (a.label, b.label) not in ENDPOINTS[RelType.SAME_AS]:
            raise InvalidQuery(f"SAME_AS cannot join {a.label} and {b.label}")
        params = {
            "a": a.id,
            "b": b.id,
            "score": float(score),
            "method": method,
            "status": SameAsStatus.CANDIDATE.value,
            "decided_by": "",
            "decided_at": "",
            "reason": "",
        }
        return SET_SAME_AS.render(self.dialect, src=a.label, dst=b.label), params

    def decide_same_as(
        self,
        a: str,
        b: str,
        status: SameAsStatus,
        *,
        by: str,
        reason: str = "",
        at: datetime | None = None,
    ) -> SameAsLink:
        """Accept, reject, or return to candidate a SAME_AS link (either direction)."""
        from graph.cypher import DECIDE_SAME_AS

        na, nb = self.get_node(a), self.get_node(b)
        when = (at or datetime.now(UTC)).isoformat(timespec="seconds")
        params = {"status": status.value, "decided_by": by, "decided_at": when, "reason": reason}
        for x, y in ((na, nb), (nb, na)):
            if (x.label, y.label) not in ENDPOINTS[RelType.SAME_AS]:
                continue
            text = DECIDE_SAME_AS.render(self.dialect, src=x.label, dst=y.label)
            # A write that reports its count: the embedded engine has no separate "did it match".
            changed = self._write_count(text, {**params, "a": x.id, "b": y.id})
            if changed:
                return next(
                    s
                    for s in self.same_as(status=status, limit=MAX_LIMIT)
                    if s.source.id == x.id and s.target.id == y.id
                )
        raise NodeNotFound(f"SAME_AS {a} ~ {b}")


# -- row conversion ---------------------------------------------------------------------------


def _group_ids(ids: Iterable[str]) -> dict[Label, list[str]]:
    groups: dict[Label, list[str]] = defaultdict(list)
    for node_id in sorted(set(ids)):
        label = label_of_id(node_id)
        if label is not None:
            groups[label].append(node_id)
    return groups


def _filled(rows: Sequence[Row], *, exclude: set[str]) -> list[str]:
    """Columns that have a value in at least one row, in a stable order."""
    names: dict[str, None] = {}
    for row in rows:
        for key, value in row.items():
            if value is not None and key not in exclude:
                names[key] = None
    return sorted(names)


def _bounded(name: str, value: int, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidQuery(f"{name} must be an integer from {low} to {high}, got {value!r}")


def _case_filters(
    category: Category | str | None,
    year_from: int | None,
    year_to: int | None,
    location: str | None,
) -> tuple[dict[str, Any], Fragment]:
    params: dict[str, Any] = {}
    parts: list[str] = []
    if category:
        valid = {c.value for c in Category}
        if str(category) not in valid:
            raise InvalidQuery(f"unknown category {category!r}; one of: {', '.join(sorted(valid))}")
        params["category"] = str(category)
        parts.append(CASE_FILTERS["category"])
    if year_from is not None or year_to is not None:
        low, high = year_from or 0, year_to or 9999
        _bounded("year_from", low, 0, 9999)
        _bounded("year_to", high, 0, 9999)
        params.update(year_from=low, year_to=high)
        parts.append(CASE_FILTERS["year"])
    if location:
        params["location"] = fold(location)
        parts.append(CASE_FILTERS["location"])
    return params, Fragment("".join(parts)) if parts else NO_FILTER


def _node(label: Label, row: Row) -> Node:
    extra = {p: row.get(p) for p in LABEL_PROPERTIES[label] if row.get(p) is not None}
    if row.get("props"):
        extra = {**json.loads(row["props"]), **extra}
    return Node(
        id=row["id"],
        label=label,
        name=row.get("name") or "",
        aliases=list(row.get("aliases") or []),
        properties=extra,
    )


def _edge(row: Row) -> Edge:
    rel = RelType(row["type"])
    props = {
        p: row.get(p) for p in REL_PROPERTIES if p not in EVIDENCE_FIELDS and row.get(p) is not None
    }
    evidence = None
    if row.get("doc_id"):
        evidence = Evidence.model_validate({f: row.get(p) for p, f in EVIDENCE_FIELDS.items()})
    return Edge(
        source=row["source"], target=row["target"], type=rel, evidence=evidence, properties=props
    )


def _document(row: Row) -> DocumentInfo:
    return DocumentInfo(
        id=row["id"],
        doc_id=row["id"].removeprefix("doc:"),
        source=row.get("source") or "",
        year=row.get("year"),
        extractor=row.get("extractor"),
        ingested_at=row.get("ingested_at"),
    )


def _offender(
    node: Node,
    cluster: list[str],
    found: Mapping[str, Node],
    cases: Mapping[str, tuple[int | None, str | None]],
    violations: Mapping[str, list[tuple[str, list[str]]]],
    kinds: Mapping[str, Node],
) -> Offender:
    aliases = list(node.aliases)
    for member in cluster:
        other = found.get(member)
        if other is not None and member != node.id:
            aliases += [other.name, *other.aliases]
    by_name: dict[tuple[str, str], set[str]] = defaultdict(set)
    for member in cluster:
        for violation_id, doc_ids in violations.get(member, []):
            kind = kinds.get(violation_id)
            if kind is not None:
                category = str(kind.properties.get("category") or "other")
                by_name[(kind.name, category)].update(doc_ids)
    docs = sorted({d for _, d in cases.values() if d})
    return Offender(
        key=node.id,
        type=node.label,
        name=node.name,
        aliases=sorted({a for a in aliases if a and a != node.name}),
        cases=len(cases),
        case_ids=sorted(cases),
        documents=docs,
        years=sorted({y for y, _ in cases.values() if y is not None}),
        violations=[
            ViolationSummary(name=n, category=c, documents=sorted(d))
            for (n, c), d in sorted(by_name.items())
        ],
    )
