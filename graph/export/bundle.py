"""An export as it leaves casegraph: the data files of one format, each with its SHA-256, and
the manifest that says what was asked, by whom, from which data, and the evidence behind every
relationship.

Where a bundle goes (`ExportBundle.write(out)`):

* `out` ends in `.zip`: one zip archive holding the data files and `manifest.json`;
* a single-file format (GraphML, GEXF, JSON, Cypher) and `out` has a file suffix and is not an
  existing folder: the data goes to `out` itself and the manifest beside it, to
  `<out>.manifest.json` (the manifest then names the file `out.name`, so its hash entry matches
  what is on disk);
* otherwise `out` is a folder (created if needed): the data files and `manifest.json` go in it.
  Files of other names already in the folder are left alone.

Files are written to a temporary name and renamed, so an interrupted write never leaves half a
file under the final name.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from enum import StrEnum
from pathlib import Path
from typing import Any, Self

from pydantic import BaseModel, ConfigDict

from graph.export.errors import ExportError

MANIFEST_NAME = "manifest.json"
MANIFEST_SUFFIX = ".manifest.json"
# Zip entries carry a timestamp; a fixed one keeps the archive's data entries identical for the
# same data (zip cannot store dates before 1980).
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class ExportFormat(StrEnum):
    """The formats casegraph exports: GraphML and GEXF for Gephi and yEd, node-link JSON for
    scripts and networkx, CSV for `neo4j-admin database import`, Cypher for `cypher-shell`."""

    GRAPHML = "graphml"
    GEXF = "gexf"
    JSON = "json"
    CSV = "csv"
    CYPHER = "cypher"

    @property
    def single_file(self) -> bool:
        """Whether the format is one data file (CSV is one file per label and type)."""
        return self is not ExportFormat.CSV

    @property
    def suffix(self) -> str:
        return f".{self.value}"

    @property
    def media_type(self) -> str:
        return _MEDIA_TYPES[self]

    @classmethod
    def from_suffix(cls, path: str | Path) -> ExportFormat | None:
        """The format a file name implies (`.cql` counts as Cypher), or None."""
        suffix = Path(path).suffix.lower()
        if suffix == ".cql":
            return cls.CYPHER
        return next((f for f in cls if f.suffix == suffix and f.single_file), None)


_MEDIA_TYPES = {
    ExportFormat.GRAPHML: "application/graphml+xml",
    ExportFormat.GEXF: "application/gexf+xml",
    ExportFormat.JSON: "application/json",
    ExportFormat.CSV: "text/csv",
    ExportFormat.CYPHER: "application/x-cypher-query",
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ExportFile(BaseModel):
    """One data file of an export."""

    model_config = ConfigDict(frozen=True)

    name: str
    data: bytes
    sha256: str

    @classmethod
    def of(cls, name: str, data: bytes) -> ExportFile:
        return cls(name=name, data=data, sha256=sha256(data))


class ExportBundle(BaseModel):
    """The data files of one export and its manifest."""

    model_config = ConfigDict(frozen=True)

    format: ExportFormat
    files: list[ExportFile]
    manifest: dict[str, Any]

    def manifest_bytes(self) -> bytes:
        """The manifest as UTF-8 JSON, indented for people, keys in a fixed order."""
        text = json.dumps(self.manifest, ensure_ascii=False, indent=2, default=str)
        return (text + "\n").encode("utf-8")

    def zip_bytes(self) -> bytes:
        """A zip of the data files followed by `manifest.json`."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in [*((f.name, f.data) for f in self.files),
                               (MANIFEST_NAME, self.manifest_bytes())]:
                info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)
        return buffer.getvalue()

    def renamed(self, name: str) -> Self:
        """The same single-file export with its data file called `name` (manifest updated)."""
        if len(self.files) != 1:
            raise ExportError(f"a {self.format} export has several files; it cannot be renamed")
        file = self.files[0].model_copy(update={"name": name})
        listed = [{**entry, "name": name} for entry in self.manifest.get("files", [])]
        manifest = {**self.manifest, "files": listed}
        return self.model_copy(update={"files": [file], "manifest": manifest})

    def write(self, out: Path) -> list[Path]:
        """Write the export to `out` (see the module docstring); the paths written, data first."""
        out = Path(out)
        if out.suffix.lower() == ".zip":
            write_file(out, self.zip_bytes())
            return [out]
        if self.format.single_file and out.suffix and not out.is_dir():
            bundle = self.renamed(out.name)
            manifest = out.with_name(out.name + MANIFEST_SUFFIX)
            write_file(out, bundle.files[0].data)
            write_file(manifest, bundle.manifest_bytes())
            return [out, manifest]
        if out.exists() and not out.is_dir():
            raise ExportError(f"{out} is a file; a {self.format} export needs a folder or a .zip")
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for file in self.files:
            write_file(out / file.name, file.data)
            written.append(out / file.name)
        write_file(out / MANIFEST_NAME, self.manifest_bytes())
        return [*written, out / MANIFEST_NAME]


def write_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename (folders created)."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(data)
        os.replace(temp, path)
    except OSError as e:
        temp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {e.strerror or e}") from e
