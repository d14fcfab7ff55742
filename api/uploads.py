"""Uploads: case texts and extraction records sent to the running server, extracted when they
are texts, ingested into the graph, and their texts kept for the document view.

The server owns the embedded store while it runs, so this is how new cases reach the graph then.
An upload is checked whole before anything is written: if its texts need an extractor that is not
installed, nothing is ingested.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from api.errors import ExtractionUnavailable, Unsupported
from api.texts import TextShelf
from graph.errors import RecordError
from graph.ingest import Ingestor, IngestReport
from graph.records import Record, parse_record
from graph.store import Store

RECORD_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf"})
PLAIN_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})

@dataclass(frozen=True)
class Upload:
    """One uploaded file: its name as sent and its bytes."""

    name: str
    data: bytes

    @property
    def filename(self) -> str:
        # Only the last part of a client-supplied name is ever used.
        return PurePath(self.name.replace("\\", "/")).name or "upload"

    @property
    def suffix(self) -> str:
        return PurePath(self.filename).suffix.lower()

    @property
    def stem(self) -> str:
        return PurePath(self.filename).stem or "document"


@dataclass
class UploadResult:
    doc_ids: list[str]
    report: IngestReport
    texts_kept: int
    errors: list[str] = field(default_factory=list)


def extractor_available() -> bool:
    """Whether an extractor is installed, without importing it (it loads spaCy)."""
    try:
        return importlib.util.find_spec("extract.api") is not None
    except ImportError:
        return False


def _read_text(upload: Upload) -> str | RecordError:
    """The text a record's offsets refer to: decoded as the extractor reads it, when the
    extractor's readers are installed; plain UTF-8 otherwise."""
    try:
        from extract.readers import read_bytes
    except ImportError:
        if upload.suffix not in PLAIN_SUFFIXES:
            return RecordError(upload.filename, "reading HTML or PDF needs the extractor")
        try:
            return upload.data.decode("utf-8")
        except UnicodeDecodeError as e:
            return RecordError(upload.filename, f"not UTF-8 text ({e.reason})")
    result = read_bytes(upload.data, upload.filename)
    if isinstance(result, RecordError):
        return result
    return str(result.text)


class Uploads:
    """Turns uploads into ingested documents, one upload at a time."""

    def __init__(self, store: Store, shelf: TextShelf, *,
                 on_change: Callable[[], None] = lambda: None) -> None:
        self.store = store
        self.shelf = shelf
        self.on_change = on_change
        self._lock = threading.Lock()

    def ingest(self, uploads: list[Upload]) -> UploadResult:
        unknown = [u.filename for u in uploads if u.suffix not in RECORD_SUFFIXES | TEXT_SUFFIXES]
        if unknown:
            raise Unsupported(
                f"cannot read {unknown[0]!r}: send extraction records (.jsonl) or case texts "
                f"({', '.join(sorted(TEXT_SUFFIXES))})"
            )
        records: list[Record | RecordError] = []
        for u in uploads:
            if u.suffix in RECORD_SUFFIXES:
                records += _parse(u)
        named = {r.doc_id for r in records if isinstance(r, Record)}
        texts: dict[str, str] = {}
        to_extract: list[Upload] = []
        for u in (u for u in uploads if u.suffix in TEXT_SUFFIXES):
            if u.stem in named:
                text = _read_text(u)
                if isinstance(text, RecordError):
                    records.append(text)
                else:
                    texts[u.stem] = text  # the case text of an uploaded record
            else:
                to_extract.append(u)
        if to_extract:
            extracted, kept = self._extract(to_extract)
            records += extracted
            texts.update(kept)
        good = [r for r in records if isinstance(r, Record)]
        bad = [r for r in records if isinstance(r, RecordError)]
        if not good:
            if bad:
                raise bad[0]
            raise RecordError("upload", "no records or texts found; send at least one file")
        with self._lock:
            report = Ingestor(self.store).ingest(good)
            kept_count = 0
            for record in good:
                if record.doc_id in texts:
                    self.shelf.put(record.doc_id, texts[record.doc_id])
                    kept_count += 1
        self.on_change()
        report.errors.extend(bad)
        return UploadResult(
            doc_ids=sorted({r.doc_id for r in good}), report=report, texts_kept=kept_count,
            errors=[str(e) for e in report.errors],
        )

    def _extract(self, uploads: list[Upload]) -> tuple[list[Record | RecordError], dict[str, str]]:
        """Records for case texts, by the extractor's in-memory entry point; and each text as
        the extractor read it (the characters its offsets count)."""
        try:
            from extract.api import extract_texts
            from extract.readers import read_bytes
        except ImportError as e:
            names = ", ".join(u.filename for u in uploads[:3])
            raise ExtractionUnavailable(
                f"cannot extract case texts ({names}): the extractor is not installed here "
                f"({e}). Upload extraction records (.jsonl from `casegraph extract`) instead, "
                "optionally with their texts."
            ) from e
        out: list[Record | RecordError] = []
        kept: dict[str, str] = {}
        texts = []
        for u in uploads:
            text = read_bytes(u.data, u.filename)
            if isinstance(text, RecordError):
                out.append(text)
                continue
            texts.append(text)
            kept[text.doc_id] = text.text
        if texts:
            out += list(_records(extract_texts(texts)))
        return out, kept


def _parse(upload: Upload) -> Iterator[Record | RecordError]:
    try:
        text = upload.data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        yield RecordError(upload.filename, f"not UTF-8 text ({e.reason}); records must be UTF-8")
        return
    if upload.suffix == ".json" and text.lstrip().startswith("["):
        yield RecordError(upload.filename, "send one JSON record per line (JSONL), not an array")
        return
    # Split on "\n" only: JSON strings may hold other line separators (U+2028) unescaped.
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            try:
                yield parse_record(line, where=f"{upload.filename}:{number}")
            except RecordError as e:
                yield e


def _records(items: Iterable[Any]) -> Iterator[Record | RecordError]:
    for item in items:
        if isinstance(item, Record | RecordError):
            yield item
