"""The extraction entry points other packages call: texts or paths in, records out.

`extract_paths(paths, workers=1, model=None)` is what `casegraph extract` and `casegraph ingest`
use; `extract_text(text, doc_id=...)` serves a text held in memory (an upload). Long texts are
cut into chunks of `chunk_chars` at paragraph or sentence ends and processed in batches with
`nlp.pipe`; with `workers > 1` spaCy spreads the batches over that many processes.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from extract.pipeline import load, model_name
from extract.readers import ReadError, Text, read_paths
from extract.records import Chunk, build_record
from extract.settings import ExtractSettings
from graph.errors import RecordError
from graph.records import Record

Progress = Callable[[Text], None]
"""Called once per text when its record is ready."""
Warn = Callable[[str], None]
"""Called with each reader warning ("mixed encodings: ...")."""


def split_chunks(text: str, limit: int) -> list[tuple[int, str]]:
    """`text` as pieces of at most `limit` characters, each with its offset, cut at a blank
    line if possible, else a line break, else a sentence end, else a space."""
    if len(text) <= limit:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            window = text[start:end]
            for sep in ("\n\n", "\n", ". ", " "):
                cut = window.rfind(sep)
                if cut > limit // 4:
                    end = start + cut + len(sep)
                    break
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def extract_texts(
    texts: Iterable[Text | tuple[str, str]], *, workers: int = 1, model: str | None = None,
    settings: ExtractSettings | None = None, progress: Progress | None = None,
) -> Iterator[Record]:
    """Records for decoded texts (or `(doc_id, text)` pairs), in input order."""
    settings = settings or ExtractSettings()
    given = (t if isinstance(t, Text) else Text(t[0], t[0], t[1]) for t in texts)
    nlp = load(model if model is not None else settings.model)
    base = model_name(nlp)
    pending: deque[tuple[Text, int]] = deque()

    def pieces() -> Iterator[tuple[str, tuple[int, int]]]:
        for text in given:
            parts = split_chunks(text.text, settings.chunk_chars)
            pending.append((text, len(parts)))
            for offset, part in parts:
                yield part, (len(pending), offset)

    chunks: list[Chunk] = []
    n_process = max(1, workers)
    if n_process > 1 and multiprocessing.get_start_method(allow_none=True) is None:
        # spaCy starts its workers with the default method; forking a process that runs
        # threads (a server, a progress bar) can deadlock the child, so spawn them instead,
        # unless the application has already chosen a method
        multiprocessing.set_start_method("spawn")
    for doc, (_, offset) in nlp.pipe(pieces(), as_tuples=True, batch_size=settings.batch_size,
                                     n_process=n_process):
        chunks.append(Chunk(offset, doc._.casegraph or {}))
        text, total = pending[0]
        if len(chunks) == total:
            pending.popleft()
            yield build_record(text.text, text.doc_id, text.source, chunks, base)
            chunks = []
            if progress:
                progress(text)


def extract_text(text: str, *, doc_id: str = "text", source: str = "",
                 model: str | None = None) -> Record:
    """The record of one text held in memory."""
    return next(extract_texts([Text(doc_id, source or doc_id, text)], model=model))


def extract_paths(
    paths: Iterable[str], *, workers: int = 1, model: str | None = None,
    settings: ExtractSettings | None = None, stdin: BinaryIO | None = None,
    progress: Progress | None = None, warn: Warn | None = None,
) -> Iterator[Record | RecordError]:
    """A record for every readable file of `paths` (files, folders, `-` for stdin), and a
    `RecordError` (a `ReadError`) for every input that could not be read, so a caller can
    report it and go on."""
    settings = settings or ExtractSettings()
    errors: deque[RecordError] = deque()

    def readable() -> Iterator[Text]:
        for item in read_paths(paths, settings, stdin=stdin):
            if isinstance(item, ReadError):
                errors.append(item)
                continue
            if warn:
                for message in item.warnings:
                    warn(f"{item.source}: {message}")
            yield item

    for record in extract_texts(readable(), workers=workers, model=model, settings=settings,
                                progress=progress):
        while errors:
            yield errors.popleft()
        yield record
    while errors:
        yield errors.popleft()
