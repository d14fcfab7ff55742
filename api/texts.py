"""The text shelf: case texts kept on upload, so the document view can show the very characters
the mention and evidence offsets point at. One UTF-8 file per document in a folder."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,150}")


class TextShelf:
    """Texts by doc id, in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _file(self, doc_id: str) -> Path:
        # Doc ids come from file names and records; only plain ones are used as file names,
        # anything else (slashes, dots first, odd characters) is hashed, so no id can escape.
        doc_id = doc_id.removeprefix("doc:")
        if _SAFE.fullmatch(doc_id) and not doc_id.endswith("."):
            name = doc_id
        else:
            name = "id-" + hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:32]
        return self.folder / f"{name}.txt"

    def put(self, doc_id: str, text: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self._file(doc_id)
        tmp = target.with_name(target.name + ".tmp")
        # newline="" keeps "\r\n" as it is: offsets count every character of the text as read.
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, target)

    def get(self, doc_id: str) -> str | None:
        path = self._file(doc_id)
        if not path.is_file():
            return None
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()

    def has(self, doc_id: str) -> bool:
        return self._file(doc_id).is_file()
