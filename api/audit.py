"""The audit log: one JSON line per query, export, upload, review decision and key change, with
who asked, when, the parameters, how many results and the SHA-256 of the answer sent.

Append-only and chained: each line carries the SHA-256 of the line before it, so a removed or
edited line shows up in `verify()`. The log is a file in the state folder, so it survives
restarts, and the CLI (`casegraph keys`) appends to the same file under the same lock.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.errors import AuditUnavailable

MAX_PARAM_CHARS = 20_000
"""Longer parameter values are cut (with a marker) so one query cannot bloat the log."""


class AuditEntry(BaseModel):
    """One line of the audit log, as stored and as the API returns it."""

    model_config = ConfigDict(extra="forbid")

    seq: int = Field(description="Position in the log, from 1.")
    at: str = Field(description="UTC time, ISO 8601.")
    who: str = Field(description="Key name and id, or `local` for the single local user.")
    role: str
    key_id: str | None = None
    action: str = Field(description="The API operation (its operationId) or CLI command.")
    method: str = ""
    path: str = ""
    params: dict[str, Any] = Field(default_factory=dict)
    status: int = 200
    count: int | None = Field(default=None, description="How many results were returned.")
    sha256: str | None = Field(default=None, description="SHA-256 of the response body sent.")
    prev: str = Field(default="", description="SHA-256 of the previous line (empty for the first).")


class AuditPage(BaseModel):
    items: list[AuditEntry]
    offset: int
    limit: int
    next_offset: int | None = None
    total: int


class AuditCheckOut(BaseModel):
    entries: int
    intact: bool
    first_broken: int | None = Field(
        default=None, description="Seq of the first line whose chain does not hold."
    )


def _line_hash(line: bytes) -> str:
    return hashlib.sha256(line.rstrip(b"\n")).hexdigest()


def _clip(value: Any) -> Any:
    if isinstance(value, str):
        if len(value) <= MAX_PARAM_CHARS:
            return str(value)
        return value[:MAX_PARAM_CHARS] + f"... [{len(value) - MAX_PARAM_CHARS} more chars]"
    if isinstance(value, dict):
        return {str(k): _clip(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clip(v) for v in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return _clip(str(value))


class AuditLog:
    """Appends to, and pages through, one JSON-lines audit file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def append(
        self, *, who: str, role: str, action: str, key_id: str | None = None, method: str = "",
        path: str = "", params: dict[str, Any] | None = None, status: int = 200,
        count: int | None = None, sha256: str | None = None,
    ) -> AuditEntry:
        """Write one entry (flushed to disk before returning), or raise `AuditUnavailable`."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock, open(self.path, "ab+") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    seq, prev = _tail(handle)
                    entry = AuditEntry(
                        seq=seq + 1, at=datetime.now(UTC).isoformat(timespec="milliseconds"),
                        who=who, role=role, key_id=key_id, action=action, method=method,
                        path=path, params=_clip(params or {}), status=status, count=count,
                        sha256=sha256, prev=prev,
                    )
                    line = json.dumps(entry.model_dump(), ensure_ascii=False,
                                      separators=(",", ":")) + "\n"
                    handle.seek(0, os.SEEK_END)
                    handle.write(line.encode("utf-8"))
                    handle.flush()
                    os.fsync(handle.fileno())
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)
            return entry
        except OSError as e:
            raise AuditUnavailable(
                f"the audit log {self.path} cannot be written ({e.strerror}); answers are "
                "withheld until it can"
            ) from e

    def _lines(self) -> Iterator[bytes]:
        if not self.path.exists():
            return
        with open(self.path, "rb") as handle:
            yield from _all_lines(handle)

    def entries(self) -> Iterator[AuditEntry]:
        for line in self._lines():
            yield AuditEntry.model_validate_json(line)

    def page(
        self, *, offset: int = 0, limit: int = 100, who: str | None = None,
        action: str | None = None, newest_first: bool = True,
    ) -> AuditPage:
        """A page of entries, newest first unless asked otherwise, optionally for one key id
        or name (`who`) and one action. Lines are read from the end backwards when newest
        first, and only the entries on the page are validated: a page costs one `json.loads` per
        line counted, not a model per line."""
        lines = self._lines_backwards() if newest_first else self._lines()
        items: list[AuditEntry] = []
        total = 0
        for line in lines:
            try:
                raw = json.loads(line)
            except ValueError:
                continue  # a torn line (a crash mid-write): `verify` reports it
            if who is not None and who not in (raw.get("key_id"), raw.get("who")):
                continue
            if action is not None and raw.get("action") != action:
                continue
            if offset <= total < offset + limit:
                items.append(AuditEntry.model_validate(raw))
            total += 1
        more = offset + limit < total
        return AuditPage(items=items, offset=offset, limit=limit,
                         next_offset=offset + limit if more else None, total=total)

    def _lines_backwards(self) -> Iterator[bytes]:
        """The non-empty lines of the log, last first."""
        if not self.path.exists():
            return
        with open(self.path, "rb") as handle:
            yield from _backwards(handle)

    def verify(self) -> AuditCheckOut:
        """Walk the chain: every line must name the hash of the one before it."""
        prev, count = "", 0
        for line in self._lines():
            count += 1
            try:
                entry = AuditEntry.model_validate_json(line)
            except ValueError:
                return AuditCheckOut(entries=count, intact=False, first_broken=count)
            if entry.prev != prev or entry.seq != count:
                return AuditCheckOut(entries=count, intact=False, first_broken=entry.seq)
            prev = _line_hash(line)
        return AuditCheckOut(entries=count, intact=True)


def _tail(handle: Any) -> tuple[int, str]:
    """Seq and hash of the last line of an open log (0 and "" when empty)."""
    last = next(_backwards(handle), None)
    if last is None:
        return 0, ""
    try:
        seq = int(json.loads(last)["seq"])
    except (ValueError, KeyError, TypeError):
        # A torn last line (crash mid-write): count past it, chain to what is there.
        seq = sum(1 for _ in _all_lines(handle))
    return seq, _line_hash(last)


def _backwards(handle: Any, block: int = 1 << 16) -> Iterator[bytes]:
    """The non-empty lines of an open log, last first, read in blocks from the end (without
    their line ends)."""
    handle.seek(0, os.SEEK_END)
    pos = handle.tell()
    rest = b""
    while pos > 0:
        step = min(block, pos)
        pos -= step
        handle.seek(pos)
        parts = (handle.read(step) + rest).split(b"\n")
        rest = parts[0]  # may continue in the block before
        yield from (line for line in reversed(parts[1:]) if line.strip())
    if rest.strip():
        yield rest


def _all_lines(handle: Any) -> Iterator[bytes]:
    handle.seek(0)
    yield from (line for line in handle if line.strip())
