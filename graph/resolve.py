"""Cross-document entity resolution: which node each entity of a record becomes.

Rules, in order:
- Companies, venues and authorities with the same normalised name (case, punctuation and legal
  suffixes folded) or a known alias ("X, formerly Y"; "X (Y)") are one node.
- Near-identical names (rapidfuzz, blocked by shared name tokens) at or above `merge_score` are
  one node; those between `candidate_score` and `merge_score` become separate nodes joined by a
  SAME_AS candidate for review.
- Unnamed businesses ("a company in Beijing") stay within their document.
- Operators: anonymised ones ("Zhang Mou", "a man surnamed Li") are never merged by name alone;
  they are one node only when the same name operates or owns the same resolved business. Full
  personal names are merged by name.
- Locations by place name; violations by category and name; cases per document.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from graph.model import ENDPOINTS, Label, RelType, make_id, name_key
from graph.names import (
    is_anonymised,
    normalize_authority,
    normalize_name,
    normalize_person,
    normalize_place,
)
from graph.records import Entity, Record
from graph.store import Store

RESOLVED_BY_NAME = (Label.COMPANY, Label.VENUE, Label.AUTHORITY)
_STOP_TOKENS = {
    "the",
    "of",
    "and",
    "co",
    "company",
    "technology",
    "network",
    "information",
    "internet",
    "group",
    "services",
    "service",
    "hotel",
    "cafe",
    "shop",
    "store",
    "people",
    "peoples",
    "city",
    "district",
    "county",
    "province",
    "trading",
    "culture",
    "media",
    "management",
}


@dataclass
class Known:
    """What the resolver knows of one node: its label, canonical name and aliases."""

    label: Label
    name: str
    aliases: list[str] = field(default_factory=list)
    new: bool = False


@dataclass
class Candidate:
    """A proposed SAME_AS link between two nodes that may be one entity."""

    source: str
    target: str
    score: float
    method: str


@dataclass
class Resolution:
    """The node id of every entity key of one record, and what it taught the resolver."""

    ids: dict[str, str]
    candidates: list[Candidate]


def is_generic(entity: Entity) -> bool:
    """Whether a business name is a description ("a company in Beijing") rather than a name."""
    if entity.properties.get("generic") is True:
        return True
    if entity.properties.get("generic") is False:
        return False
    words = entity.name.split()
    return bool(words) and words[0].lower() in {"a", "an", "one", "some", "certain"}


class Resolver:
    """Maps record entities to node ids, consistently across documents and runs."""

    def __init__(
        self, store: Store, *, merge_score: float = 96.0, candidate_score: float = 86.0
    ) -> None:
        self.store = store
        self.merge_score = merge_score
        self.candidate_score = candidate_score
        self.known: dict[str, Known] = {}
        self._exact: dict[tuple[Label, str], str] = {}
        self._blocks: dict[tuple[Label, str], set[str]] = defaultdict(set)
        self._norms: dict[str, set[str]] = defaultdict(set)
        self._operators: dict[tuple[str, str], str] = {}
        """(person name, business id) -> operator id, from the store and this run."""
        self._fetched: set[str] = set()
        """Businesses whose stored operators are already in `_operators`."""
        self._loaded = False

    # -- index -------------------------------------------------------------------------------

    def load(self) -> None:
        """Read every resolvable name in the store once."""
        if self._loaded:
            return
        for label, node_id, name, aliases in self.store.name_index(RESOLVED_BY_NAME):
            self.known[node_id] = Known(label, name, aliases)
            for n in [name, *aliases]:
                self._register(label, node_id, n)
        self._loaded = True

    def _register(self, label: Label, node_id: str, name: str) -> None:
        norm = _norm(label, name)
        if not norm:
            return
        self._exact.setdefault((label, norm), node_id)
        self._norms[node_id].add(norm)
        for token in _block_tokens(norm):
            self._blocks[(label, token)].add(node_id)

    def _fuzzy(self, label: Label, norm: str) -> tuple[str, float] | None:
        pool: set[str] = set()
        for token in _block_tokens(norm):
            pool |= self._blocks.get((label, token), set())
        best: tuple[str, float] | None = None
        for node_id in sorted(pool):
            for other in self._norms[node_id]:
                score = fuzz.token_sort_ratio(norm, other)
                if best is None or score > best[1]:
                    best = (node_id, score)
        return best

    # -- resolution --------------------------------------------------------------------------

    def resolve(self, record: Record) -> Resolution:
        """Node ids for every entity of a record."""
        return self.resolve_batch([record])[0]

    def resolve_batch(self, records: list[Record]) -> list[Resolution]:
        """Node ids for every entity of several records, in order: everything but operators
        first, then one store lookup for the operators of every business they run, then the
        operators (an operator is anchored by what it runs). The answer is the same as
        resolving the records one by one."""
        self.load()
        out = []
        for record in records:
            ids: dict[str, str] = {}
            candidates: list[Candidate] = []
            for entity in record.entities:
                if entity.type is not Label.OPERATOR:
                    ids[entity.key] = self._entity(record, entity, candidates)
            out.append(Resolution(ids=ids, candidates=candidates))
        anchors = {
            resolution.ids[r.target]
            for record, resolution in zip(records, out, strict=True)
            for r in record.relations
            if r.type in (RelType.OPERATES, RelType.OWNS) and r.target in resolution.ids
        }
        self._prefetch(sorted(anchors - self._fetched))
        for record, resolution in zip(records, out, strict=True):
            for entity in record.entities:
                if entity.type is Label.OPERATOR:
                    resolution.ids[entity.key] = self._operator(record, entity, resolution.ids)
        return out

    def _prefetch(self, businesses: list[str]) -> None:
        for op_id, name, business in self.store.operators_of(businesses):
            self._operators.setdefault((normalize_person(name), business), op_id)
        self._fetched.update(businesses)

    def _entity(self, record: Record, entity: Entity, candidates: list[Candidate]) -> str:
        if entity.type in RESOLVED_BY_NAME:
            return self._business(record, entity, candidates)
        if entity.type is Label.LOCATION:
            return make_id(Label.LOCATION, "Location", normalize_place(entity.name))
        if entity.type is Label.VIOLATION:
            category = str(entity.properties.get("category", "other"))
            norm = normalize_name(entity.name, legal=False)
            return make_id(Label.VIOLATION, category, norm)
        return make_id(Label.CASE, record.doc_id, entity.key)  # one proceeding per document

    def _business(self, record: Record, entity: Entity, out: list[Candidate]) -> str:
        label = entity.type
        if is_generic(entity):
            return make_id(label, record.doc_id, entity.key)
        names = [entity.name, *_aliases(entity)]
        for name in names:
            hit = self._exact.get((label, _norm(label, name)))
            if hit:
                return self._remember(hit, label, names)
        norm = _norm(label, entity.name)
        best = self._fuzzy(label, norm)
        if best and best[1] >= self.merge_score:
            return self._remember(best[0], label, names)
        node_id = name_key(label, entity.name)
        if node_id in self.known and self.known[node_id].label is not label:
            node_id = make_id(label, label.value, norm, "2")
        self._remember(node_id, label, names)
        if best and best[1] >= self.candidate_score and best[0] != node_id:
            out.append(Candidate(node_id, best[0], round(best[1] / 100.0, 3), "fuzzy-name"))
        return node_id

    def _remember(self, node_id: str, label: Label, names: list[str]) -> str:
        known = self.known.get(node_id)
        if known is None:
            known = self.known[node_id] = Known(label, names[0], [], new=True)
        for name in names:
            if name != known.name and name not in known.aliases:
                known.aliases.append(name)
            self._register(label, node_id, name)
        return node_id

    def _operator(self, record: Record, entity: Entity, ids: dict[str, str]) -> str:
        person = normalize_person(entity.name)
        anchors = sorted(
            ids[r.target]
            for r in record.relations
            if r.source == entity.key
            and r.type in (RelType.OPERATES, RelType.OWNS)
            and r.target in ids
        )
        self._prefetch([b for b in anchors if b not in self._fetched])
        for business in anchors:
            hit = self._operators.get((person, business))
            if hit:
                self._anchor(person, anchors, hit)
                return hit
        if is_anonymised(entity.name):
            node_id = make_id(Label.OPERATOR, record.doc_id, entity.key)
        else:
            node_id = make_id(Label.OPERATOR, "Operator", person)
        self._anchor(person, anchors, node_id)
        return node_id

    def _anchor(self, person: str, anchors: list[str], node_id: str) -> None:
        for business in anchors:
            self._operators.setdefault((person, business), node_id)

    def aliases_of(self, node_id: str) -> tuple[str, list[str]] | None:
        """Canonical name and aliases the resolver holds for a node (businesses only)."""
        known = self.known.get(node_id)
        return (known.name, list(known.aliases)) if known else None


def _aliases(entity: Entity) -> list[str]:
    raw: Any = entity.properties.get("aliases", [])
    if isinstance(raw, str):
        raw = [raw]
    return [a for a in raw if isinstance(a, str) and a.strip()]


def _norm(label: Label, name: str) -> str:
    return normalize_authority(name) if label is Label.AUTHORITY else normalize_name(name)


def _block_tokens(norm: str) -> set[str]:
    """Blocking keys: the first four letters of each distinctive token, so a one-letter typo
    late in a word ("Sunward"/"Sunwards") still meets its twin."""
    tokens = {t[:4] for t in norm.split() if len(t) >= 3 and t not in _STOP_TOKENS}
    return tokens or {t[:4] for t in norm.split()[:1]}


def props_json(entity: Entity, skip: set[str]) -> str | None:
    """Record properties that have no column of their own, as JSON (None when there are none)."""
    extra = {k: v for k, v in sorted(entity.properties.items()) if k not in skip}
    return json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None


def allowed(rel: RelType, src: Label, dst: Label) -> bool:
    return (src, dst) in ENDPOINTS[rel]
