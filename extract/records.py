"""Records: the pipeline's plain-data results turned into extraction records
(`graph.records.Record`), with spans into the document text as read. A long text processed in
chunks gives one record: chunk offsets are added back and entities merge by key."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import metadata
from typing import Any

from graph.model import ENDPOINTS, Label, RelType
from graph.records import Entity, Extractor, Record, Relation, Span


@cache
def extractor_version() -> str:
    """The version of casegraph that made a record (looked up once: the lookup reads the
    installed packages' metadata from disk)."""
    try:
        return metadata.version("casegraph")
    except metadata.PackageNotFoundError:
        return "0"


@dataclass
class Chunk:
    """The results for one piece of a text, and where the piece starts in it."""

    offset: int
    data: dict[str, Any]


def _span(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text[start:end])


def build_record(text: str, doc_id: str, source: str, chunks: list[Chunk], model: str) -> Record:
    """One record for a whole text from the results of its chunks."""
    entities: dict[str, dict[str, Any]] = {}
    relations: dict[tuple[str, str, str], Relation] = {}
    for chunk in chunks:
        for e in chunk.data.get("entities", []):
            spans = [(s + chunk.offset, t + chunk.offset) for s, t in e["mentions"]]
            have = entities.get(e["key"])
            if have is None:
                entities[e["key"]] = {**e, "mentions": spans}
            else:
                have["mentions"] = sorted(set(have["mentions"]) | set(spans))
                aliases = have["properties"].get("aliases", []) + [
                    a for a in e["properties"].get("aliases", [])
                    if a not in have["properties"].get("aliases", [])]
                if aliases:
                    have["properties"]["aliases"] = aliases
    types = {k: Label(e["type"]) for k, e in entities.items()}
    for chunk in chunks:
        for r in chunk.data.get("relations", []):
            rel_type = RelType(r["type"])
            if r["source"] not in types or r["target"] not in types:
                continue
            if (types[r["source"]], types[r["target"]]) not in ENDPOINTS[rel_type]:
                continue
            start, end = r["evidence"][0] + chunk.offset, r["evidence"][1] + chunk.offset
            ident = (rel_type.value, r["source"], r["target"])
            old = relations.get(ident)
            if old is None or old.confidence < r["confidence"]:
                relations[ident] = Relation(type=rel_type, source=r["source"], target=r["target"],
                                            confidence=r["confidence"],
                                            evidence=_span(text, start, end))
    record_entities = [
        Entity(key=k, type=Label(e["type"]), name=e["name"][:500] or k,
               mentions=[_span(text, s, t) for s, t in sorted(set(e["mentions"]))],
               properties=e["properties"])
        for k, e in entities.items()
    ]
    return Record(doc_id=doc_id, source=source,
                  extractor=Extractor(name="casegraph", version=extractor_version(), model=model),
                  entities=record_entities, relations=list(relations.values()))
