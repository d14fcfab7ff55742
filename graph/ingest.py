"""Ingest: extraction records into the graph, idempotently and resumably.

Each batch of records is one transaction, and a document's node (with the hash of its record)
is written in the same transaction as its facts. So an interrupted ingest leaves only whole
documents behind, and a re-run skips documents whose record is unchanged, re-writes those whose
record changed (retracting their old facts first), and finishes the rest.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from graph.errors import RecordError
from graph.model import LABEL_PROPERTIES, Label, RelType, document_id
from graph.names import is_anonymised, search_text
from graph.records import Entity, Record, Relation, Span
from graph.resolve import Candidate, Resolver, is_generic, props_json
from graph.store import Store, WriteBatch
from graph.types import Node

Progress = Callable[[int], None]
"""Called with the number of records handled since the last call."""

_COLUMN_PROPS = {"aliases", "generic"} | {p for d in LABEL_PROPERTIES.values() for p in d}


@dataclass
class IngestReport:
    """What one ingest did."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    same_as_proposed: int = 0
    errors: list[RecordError] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return self.added + self.updated + self.unchanged

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "same_as_proposed": self.same_as_proposed,
            "errors": [str(e) for e in self.errors],
        }


def record_hash(record: Record) -> str:
    """The identity of a record's content: unchanged hash means nothing to do."""
    return hashlib.sha256(record.to_json().encode("utf-8")).hexdigest()


class Ingestor:
    """Writes records into a store in batches of `batch_size` documents."""

    def __init__(
        self,
        store: Store,
        *,
        batch_size: int = 500,
        resolver: Resolver | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.store = store
        self.batch_size = max(1, batch_size)
        self.resolver = resolver or Resolver(store)
        self.now = now

    def ingest(
        self, records: Iterable[Record | RecordError], progress: Progress | None = None
    ) -> IngestReport:
        """Ingest records (a `RecordError` in the stream is reported and skipped)."""
        report = IngestReport()
        pending: list[Record] = []
        for item in records:
            if isinstance(item, RecordError):
                report.errors.append(item)
                if progress:
                    progress(1)
                continue
            pending.append(item)
            if len(pending) >= self.batch_size:
                self._flush(pending, report, progress)
                pending = []
        if pending:
            self._flush(pending, report, progress)
        return report

    def _flush(
        self, records: list[Record], report: IngestReport, progress: Progress | None
    ) -> None:
        # The last record for a doc id wins within one batch, as it would across batches.
        latest = {r.doc_id: r for r in records}
        stored = self.store.document_hashes([document_id(d) for d in latest])
        batch = WriteBatch()
        nodes: dict[str, tuple[Label, dict[str, Any]]] = {}
        proposals: list[Candidate] = []
        todo: list[tuple[Record, str]] = []
        for doc_id, record in latest.items():
            digest = record_hash(record)
            previous = stored.get(document_id(doc_id))
            if previous == digest:
                report.unchanged += 1
                continue
            if previous is not None:
                batch.retract.append(doc_id)
                for label, ids in self.store.document_nodes(document_id(doc_id)).items():
                    batch.orphan_check[label] |= ids
                report.updated += 1
            else:
                report.added += 1
            todo.append((complete(record), digest))
        resolutions = self.resolver.resolve_batch([record for record, _ in todo])
        for (record, digest), resolution in zip(todo, resolutions, strict=True):
            proposals += resolution.candidates
            self._document(record, digest, resolution.ids, nodes, batch)
        # A node keeps the name it was first stored under; every other spelling becomes an
        # alias, unioned with what earlier batches stored.
        stored_nodes = self.store.nodes(
            k for k, (label, _) in nodes.items() if label is not Label.DOCUMENT
        )
        for node_id, (label, row) in nodes.items():
            names = {row["name"], *row["aliases"]}
            known = self.resolver.aliases_of(node_id)
            if known:
                names |= {known[0], *known[1]}
                row["name"] = known[0]
            if node_id in stored_nodes:
                old = stored_nodes[node_id]
                names |= {old.name, *old.aliases}
                row["name"] = old.name
            row["aliases"] = sorted(names - {row["name"]})
            row["search"] = search_text([row["name"], *row["aliases"]])
            # Documents are always new here: a replaced one is deleted first, in this batch.
            exists = label is not Label.DOCUMENT and node_id in stored_nodes
            batch.add_node(label, {"id": node_id, **row}, exists=exists)
        for c in proposals:
            pair = self.store.nodes([c.source, c.target]) | {
                k: _pending(k, nodes) for k in (c.source, c.target) if k in nodes
            }
            batch.same_as.append((pair[c.source], pair[c.target], c.score, c.method))
        self.store.write(batch)
        report.same_as_proposed += len(proposals)
        if progress:
            progress(len(records))

    def _document(
        self,
        record: Record,
        digest: str,
        ids: dict[str, str],
        nodes: dict[str, tuple[Label, dict[str, Any]]],
        batch: WriteBatch,
    ) -> None:
        doc_node = document_id(record.doc_id)
        extractor = " ".join(
            x
            for x in (record.extractor.name, record.extractor.version, record.extractor.model)
            if x
        )
        entities = {e.key: e for e in record.entities}
        years = [
            int(e.properties["year"])
            for e in record.entities
            if e.type is Label.CASE and isinstance(e.properties.get("year"), int)
        ]
        nodes[doc_node] = (
            Label.DOCUMENT,
            {
                "name": record.doc_id,
                "aliases": [],
                "source": record.source,
                "year": max(years) if years else None,
                "sha256": digest,
                "extractor": extractor,
                "ingested_at": self.now().isoformat(timespec="seconds"),
            },
        )
        mentions: dict[str, list[Span]] = defaultdict(list)
        for entity in record.entities:
            node_id = ids[entity.key]
            mentions[node_id] += entity.mentions
            row = _entity_row(entity, record.doc_id)
            if node_id in nodes:
                merged = nodes[node_id][1]
                merged["aliases"] = sorted(
                    {*merged["aliases"], *row["aliases"], row["name"]} - {merged["name"]}
                )
            else:
                nodes[node_id] = (entity.type, row)
        for node_id, spans in mentions.items():
            label = nodes[node_id][0]
            unique = sorted({(s.start, s.end, s.text) for s in spans})
            first = unique[0] if unique else (None, None, None)
            batch.add_rel(
                RelType.MENTIONED_IN,
                label,
                Label.DOCUMENT,
                {
                    "src": node_id,
                    "dst": doc_node,
                    "doc_id": record.doc_id,
                    "char_start": first[0],
                    "char_end": first[1],
                    "sentence": first[2],
                    "extractor": extractor,
                    "confidence": 1.0,
                    "mentions": json.dumps(unique, ensure_ascii=False),
                },
            )
        seen: dict[tuple[str, RelType, str], Relation] = {}
        for rel in record.relations:
            src, dst = ids[rel.source], ids[rel.target]
            if src == dst:
                continue
            key = (src, rel.type, dst)
            if key not in seen or rel.confidence > seen[key].confidence:
                seen[key] = rel
        for (src, rel_type, dst), rel in sorted(seen.items(), key=lambda kv: kv[0]):
            ev = rel.evidence
            batch.add_rel(
                rel_type,
                entities[rel.source].type,
                entities[rel.target].type,
                {
                    "src": src,
                    "dst": dst,
                    "doc_id": record.doc_id,
                    "char_start": ev.start if ev else None,
                    "char_end": ev.end if ev else None,
                    "sentence": ev.text if ev else None,
                    "extractor": extractor,
                    "confidence": rel.confidence,
                },
            )


def _entity_row(entity: Entity, doc_id: str) -> dict[str, Any]:
    props = entity.properties
    row: dict[str, Any] = {
        "name": entity.name,
        "aliases": sorted(
            {a for a in props.get("aliases", []) if isinstance(a, str)} - {entity.name}
        ),
        "props": props_json(entity, _COLUMN_PROPS),
    }
    for prop, kind in LABEL_PROPERTIES[entity.type].items():
        value = props.get(prop)
        if prop == "doc_id":
            value = doc_id
        elif prop == "generic":
            value = is_generic(entity)
        elif prop == "anonymised":
            value = is_anonymised(entity.name)
        elif kind == "INT64":
            value = value if isinstance(value, int) and not isinstance(value, bool) else None
        elif kind == "STRING":
            value = str(value) if value is not None else None
        row[prop] = value
    return row


def _pending(node_id: str, nodes: dict[str, tuple[Label, dict[str, Any]]]) -> Node:
    """A node of the batch being written, as the store will hold it."""
    label, row = nodes[node_id]
    return Node(id=node_id, label=label, name=row["name"], aliases=row["aliases"])


def complete(record: Record) -> Record:
    """The record plus what every case implies: a document that reports a violation reports a
    case (an implicit one if the record names none), brought against whoever committed it and
    concerning that violation."""
    relations = list(record.relations)
    committed = [r for r in relations if r.type is RelType.COMMITTED]
    if not committed:
        return record
    entities = list(record.entities)
    cases = [e for e in entities if e.type is Label.CASE]
    if not cases:
        keys = {e.key for e in entities}
        key = "case:" + record.doc_id
        while key in keys:
            key += "_"
        cases = [Entity(key=key, type=Label.CASE, name=f"case reported in {record.doc_id}")]
        entities += cases
    if len(cases) != 1:
        return record.model_copy(update={"entities": entities})
    case_key = cases[0].key
    have = {(r.type, r.source, r.target) for r in relations}
    for r in committed:
        for rel_type, src, dst in (
            (RelType.AGAINST, case_key, r.source),
            (RelType.CONCERNS, case_key, r.target),
        ):
            if (rel_type, src, dst) not in have:
                have.add((rel_type, src, dst))
                relations.append(
                    Relation(
                        type=rel_type,
                        source=src,
                        target=dst,
                        confidence=r.confidence,
                        evidence=r.evidence,
                    )
                )
    return record.model_copy(update={"entities": entities, "relations": relations})
