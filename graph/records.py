"""The extraction record: one JSON object per document, the contract between extractors and the
graph (format in the README). Validated strictly, so a malformed record is refused whole."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from graph.errors import RecordError
from graph.model import ENDPOINTS, ENTITIES, Label, RelType

MAX_RECORD_BYTES = 64 * 1024 * 1024


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Span(_Strict):
    """A character span into the document text as read (after decoding)."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")
        return self


class Extractor(_Strict):
    """Which program made a record."""

    name: str = "casegraph"
    version: str = "0"
    model: str | None = None


class Entity(_Strict):
    """One entity of one document. `key` is unique within the record."""

    key: str = Field(min_length=1, max_length=200)
    type: Label
    name: str = Field(min_length=1, max_length=500)
    mentions: list[Span] = Field(default_factory=list)
    properties: dict[str, Any] = Field(default_factory=dict)

    @field_validator("type")
    @classmethod
    def _not_document(cls, value: Label) -> Label:
        if value not in ENTITIES:
            raise ValueError("Document nodes are made by ingest, not by records")
        return value


class Relation(_Strict):
    """One relationship between two entities of the same record, with its evidence."""

    type: RelType
    source: str
    target: str
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    evidence: Span | None = None

    @field_validator("type")
    @classmethod
    def _extracted(cls, value: RelType) -> RelType:
        if value in (RelType.MENTIONED_IN, RelType.SAME_AS):
            raise ValueError(f"{value} is made by ingest and review, not by records")
        return value


class Record(_Strict):
    """Everything one extractor found in one document."""

    doc_id: str = Field(min_length=1, max_length=300)
    source: str = ""
    extractor: Extractor = Field(default_factory=Extractor)
    entities: list[Entity] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Record:
        types: dict[str, Label] = {}
        for entity in self.entities:
            if entity.key in types:
                raise ValueError(f"entity key {entity.key!r} is used twice")
            types[entity.key] = entity.type
        for rel in self.relations:
            for end in (rel.source, rel.target):
                if end not in types:
                    raise ValueError(f"relation {rel.type} names unknown entity key {end!r}")
            pair = (types[rel.source], types[rel.target])
            if pair not in ENDPOINTS[rel.type]:
                allowed = ", ".join(f"{a}->{b}" for a, b in ENDPOINTS[rel.type])
                raise ValueError(
                    f"relation {rel.type} cannot join {pair[0]}->{pair[1]} (allowed: {allowed})"
                )
        return self

    def to_json(self) -> str:
        """One line of JSONL, keys in a stable order."""
        return self.model_dump_json(exclude_none=True)


def parse_record(line: str, *, where: str = "<record>") -> Record:
    """One record from one JSON line, or a `RecordError` that says where and what is wrong."""
    if len(line) > MAX_RECORD_BYTES:
        raise RecordError(where, f"record is larger than {MAX_RECORD_BYTES // 2**20} MiB")
    try:
        data = json.loads(line)
    except json.JSONDecodeError as e:
        raise RecordError(where, f"not valid JSON ({e.msg} at column {e.colno})") from e
    if not isinstance(data, dict):
        raise RecordError(where, "a record must be a JSON object")
    try:
        return Record.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "record"
        raise RecordError(where, f"{loc}: {first['msg']}") from e


def read_records(path: Path) -> Iterator[Record | RecordError]:
    """Records from a JSONL file, yielding a `RecordError` (not raising) for each bad line so a
    caller can report it and go on."""
    with path.open("r", encoding="utf-8", errors="strict") as handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield parse_record(line, where=f"{path}:{number}")
                except RecordError as e:
                    yield e
        except UnicodeDecodeError as e:
            yield RecordError(str(path), f"not UTF-8 text ({e.reason}); records must be UTF-8")
