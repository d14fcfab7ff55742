"""The demo: the sample records shipped with casegraph (`examples/records.jsonl`, with their
case texts under `examples/cases/`) loaded into an embedded store of their own.

The records are looked up where a checkout keeps them, or where an install put them, so
`casegraph demo` works from a source tree and from an installed package alike.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from api.settings import ApiSettings

EXAMPLES_ENV = "CASEGRAPH_EXAMPLES"


class DemoError(Exception):
    """The demo cannot be built as asked."""


def find_examples(explicit: str | None = None) -> Path:
    """The sample records: `--records`, else $CASEGRAPH_EXAMPLES (a file or folder), else the
    `examples/` folder of the checkout this package runs from, else the copy installed under
    `<prefix>/share/casegraph/examples`."""
    candidates: list[Path] = []
    if explicit:
        candidates.append(Path(explicit))
    if os.environ.get(EXAMPLES_ENV):
        candidates.append(Path(os.environ[EXAMPLES_ENV]))
    candidates.append(Path(__file__).resolve().parent.parent / "examples")
    candidates.append(Path(sys.prefix) / "share" / "casegraph" / "examples")
    for c in candidates:
        found = c / "records.jsonl" if c.is_dir() else c
        if found.is_file():
            return found
        if explicit and c == Path(explicit):
            raise DemoError(f"no records at {explicit}")
    raise DemoError(
        "cannot find the sample records (examples/records.jsonl). Run from a casegraph checkout, "
        f"set {EXAMPLES_ENV} to the examples folder, or pass --records FILE."
    )


def _case_texts(examples: Path) -> dict[str, Path]:
    """Case texts shipped next to the records, by doc id (file stem)."""
    root = examples.parent / "cases"
    if not root.is_dir():
        return {}
    return {p.stem: p for p in sorted(root.rglob("*.txt"))}


def build_demo(
    folder: Path, records: Path, *, fresh: bool = False
) -> tuple[int, int, int, list[str]]:
    """Ingest the sample records (and keep their texts) into an embedded store in `folder`.
    Returns documents ingested, texts kept, repeat offenders found, and refused records."""
    from api.texts import TextShelf
    from graph.embedded import DB_FILE, EmbeddedStore
    from graph.ingest import Ingestor
    from graph.records import read_records

    if fresh and folder.exists():
        if not (folder / DB_FILE).exists():
            raise DemoError(f"{folder} exists and is not a casegraph store; not removing it")
        shutil.rmtree(folder)
    store = EmbeddedStore(folder)
    try:
        report = Ingestor(store).ingest(read_records(records))
        shelf = TextShelf(ApiSettings().texts_path(str(folder)))
        texts = _case_texts(records)
        kept = 0
        for doc in store.documents(limit=5000):
            path = texts.get(doc.doc_id)
            if path is not None:
                with open(path, encoding="utf-8", newline="") as handle:
                    shelf.put(doc.doc_id, handle.read())
                kept += 1
        offenders = len(store.offenders(min_cases=2, limit=5000))
        return report.documents, kept, offenders, [str(e) for e in report.errors]
    finally:
        store.close()
