"""The manifest of an export, and `store_info`: what an auditor needs to trust and reproduce
an export. It records what was asked and by whom, when, from which store and which version of
its data, what the export holds (counts per label and type), the evidence behind every
relationship, how to load the files, and the SHA-256 of each data file.

The data version is a SHA-256 over every ingested document's record hash, every SAME_AS review
decision and the node and relationship counts: any ingest, retraction or review changes it, and
the same data always gives the same version, whichever machine computes it.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from importlib import metadata
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from graph.cypher import Dialect
from graph.export.bundle import ExportFile, ExportFormat
from graph.export.table import Table, canonical_json
from graph.model import SameAsStatus
from graph.store import EVIDENCE_FIELDS, MAX_LIMIT, Store
from graph.types import Subgraph

MANIFEST_VERSION = 1


def store_info(store: Store) -> dict[str, Any]:
    """Which store an export came from and the version of its data (see the module docstring).
    Reads every document's hash, so it costs one pass over the documents."""
    stats = store.stats()
    hashes = store.all_document_hashes()
    decisions: list[list[str]] = []
    for status in (SameAsStatus.ACCEPTED, SameAsStatus.REJECTED):
        offset = 0
        while True:
            links = store.same_as(status=status, limit=MAX_LIMIT, offset=offset)
            decisions += [[s.source.id, s.target.id, s.status.value, s.decided_at or ""]
                          for s in links]
            if len(links) < MAX_LIMIT:
                break
            offset += MAX_LIMIT
    version = hashlib.sha256(canonical_json({
        "documents": sorted(hashes.items()),
        "review": sorted(decisions),
        "stats": stats.model_dump(),
    }).encode("utf-8")).hexdigest()
    return {
        "backend": "neo4j" if store.dialect is Dialect.NEO4J else "embedded",
        "location": _without_credentials(store.location),
        "data_version": f"sha256:{version}",
        "documents": len(hashes),
        "nodes": sum(stats.nodes.values()),
        "relationships": sum(stats.relationships.values()),
    }


def _without_credentials(location: str) -> str:
    """A store location safe to hand out: a URI loses any user:password part."""
    if "://" not in location:
        return location
    parts = urlsplit(location)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=host))


def generator() -> dict[str, str]:
    try:
        version = metadata.version("casegraph")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return {"name": "casegraph", "version": version}


def build_manifest(
    *, fmt: ExportFormat, table: Table, subgraph: Subgraph, files: list[ExportFile],
    request: dict[str, Any], requested_by: str, store: dict[str, Any],
    how_to_load: dict[str, Any], created_at: datetime | None = None,
) -> dict[str, Any]:
    """The manifest of an export; only `requested_by` and `created_at` differ between two
    exports of the same request on the same data."""
    when = (created_at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    evidence = []
    documents: set[str] = set()
    for row in table.edges:
        entry: dict[str, Any] = {"id": row.id, "source": row.source, "type": row.type.value,
                                 "target": row.target, "evidence": None}
        if "doc_id" in row.values:
            entry["evidence"] = {f: row.values.get(p) for p, f in EVIDENCE_FIELDS.items()}
            documents.add(row.values["doc_id"])
        review = {k: row.values[k] for k in ("status", "score", "method", "decided_by",
                                              "decided_at", "reason") if k in row.values}
        if review:
            entry["review"] = review
        evidence.append(entry)
    return {
        "manifest_version": MANIFEST_VERSION,
        "generator": generator(),
        "format": fmt.value,
        "created_at": when,
        "requested_by": requested_by,
        "request": request,
        "store": store,
        "counts": {
            "nodes": len(table.nodes),
            "relationships": len(table.edges),
            "labels": table.label_counts(),
            "types": table.type_counts(),
            "truncated": subgraph.truncated,
            "total_nodes": subgraph.total_nodes,
        },
        "files": [
            {"name": f.name, "bytes": len(f.data), "sha256": f.sha256,
             "media_type": fmt.media_type}
            for f in files
        ],
        "how_to_load": how_to_load,
        "documents": sorted(documents),
        "evidence": evidence,
    }
