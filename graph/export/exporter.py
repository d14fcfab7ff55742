"""Making an export from a subgraph (`export_subgraph`) and reading one back (`read_export`):
the dispatch between the formats, the manifest, and the hash check on the way back in.

Data files depend on the subgraph alone: nodes in id order, relationships in key order, keys and
columns in a fixed order, no timestamps, floats in Python's shortest round-trip form. So the same
request on the same data gives byte-identical files; only the manifest's `requested_by` and
`created_at` differ.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any, Final

from graph.export import cypher_reader, cypher_script, gexf, graphml, neo4j_csv, nodelink
from graph.export.bundle import (
    MANIFEST_NAME,
    MANIFEST_SUFFIX,
    ExportBundle,
    ExportFile,
    ExportFormat,
    sha256,
)
from graph.export.errors import ExportError, ExportFileError
from graph.export.manifest import build_manifest
from graph.export.table import table_of
from graph.types import Subgraph

_WRITERS: Final[dict[ExportFormat, ModuleType]] = {
    ExportFormat.GRAPHML: graphml,
    ExportFormat.GEXF: gexf,
    ExportFormat.JSON: nodelink,
    ExportFormat.CYPHER: cypher_script,
}
_READERS: Final[dict[ExportFormat, ModuleType]] = {**_WRITERS,
                                                   ExportFormat.CYPHER: cypher_reader}
_HOW: Final[dict[ExportFormat, Callable[[str], dict[str, Any]]]] = {
    ExportFormat.GRAPHML: lambda name: {
        "tool": "Gephi, yEd, Cytoscape or networkx",
        "command": f"networkx.read_graphml({name!r}, force_multigraph=True)",
        "notes": ["Gephi: File > Open. A node's `label` is its name and `type` its casegraph "
                  "label; a relationship's `label` is its type. `aliases` and `props` are JSON "
                  "text."],
    },
    ExportFormat.GEXF: lambda name: {
        "tool": "Gephi",
        "command": f"Gephi: File > Open > {name}",
        "notes": ["A node's label is its name and `type` its casegraph label; a relationship's "
                  "label is its type. `aliases` and `props` are JSON text."],
    },
    ExportFormat.JSON: lambda name: {
        "tool": "networkx, d3 or any JSON reader",
        "command": f"networkx.node_link_graph(json.load(open({name!r})), edges='links')",
        "notes": ["Each link carries its type, its evidence and its other properties."],
    },
    ExportFormat.CYPHER: lambda name: {
        "tool": "cypher-shell (Neo4j 5)",
        "command": f"cypher-shell -a neo4j://HOST:7687 -u USER -f {name}",
        "notes": ["Idempotent: nodes merge by id, relationships by type and document."],
    },
}
_STEM: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def export_subgraph(
    subgraph: Subgraph, fmt: ExportFormat | str, *, request: dict[str, Any], requested_by: str,
    store_info: dict[str, Any], name: str = "casegraph", created_at: datetime | None = None,
) -> ExportBundle:
    """The subgraph in one format, with its manifest. `request` says what was asked (it is
    recorded as given), `store_info` where from (see `graph.export.store_info`), `name` the
    stem of single-file names (`casegraph.graphml`). Raises `ExportError` for a subgraph or
    value the format cannot carry faithfully; nothing is written."""
    fmt = parse_format(fmt)
    if not _STEM.fullmatch(name):
        raise ExportError(f"export name {name!r} must be letters, digits, '.', '_' or '-'")
    table = table_of(subgraph)
    files: list[ExportFile]
    if fmt is ExportFormat.CSV:
        files, how = neo4j_csv.write(table, name)
    else:
        files = _WRITERS[fmt].write(table, name)
        how = _HOW[fmt](files[0].name)
    manifest = build_manifest(
        fmt=fmt, table=table, subgraph=subgraph, files=files, request=request,
        requested_by=requested_by, store=store_info, how_to_load=how, created_at=created_at,
    )
    return ExportBundle(format=fmt, files=files, manifest=manifest)


def parse_format(fmt: ExportFormat | str) -> ExportFormat:
    try:
        return ExportFormat(str(fmt).lower())
    except ValueError:
        known = ", ".join(f.value for f in ExportFormat)
        raise ExportError(f"unknown export format {fmt!r}; one of: {known}") from None


Source = ExportBundle | str | Path | Sequence[str | Path]


def read_export(source: Source, fmt: ExportFormat | str | None = None) -> Subgraph:
    """Read an export back into a subgraph: a bundle, a zip, a folder, a single data file, or a
    list of files. When a manifest is at hand (in the bundle, zip or folder, or beside a single
    file as `<name>.manifest.json`), every file must match its SHA-256, or `ExportFileError`
    says which file changed."""
    files, manifest = _load(source)
    if manifest is not None:
        files = _verified(files, manifest)
    chosen = parse_format(fmt) if fmt else _format_of(files, manifest)
    if chosen is ExportFormat.CSV:
        how = (manifest or {}).get("how_to_load") or {}
        delimiter = how.get("array_delimiter", neo4j_csv.DEFAULT_ARRAY_DELIMITER)
        return neo4j_csv.read({n: d for n, d in files.items() if n.lower().endswith(".csv")},
                              delimiter)
    if len(files) != 1:
        raise ExportFileError(", ".join(sorted(files)) or "the source",
                              f"a {chosen} export is one data file, found {len(files)}")
    (name, data), = files.items()
    result: Subgraph = _READERS[chosen].read(name, data)
    return result


def _load(source: Source) -> tuple[dict[str, bytes], dict[str, Any] | None]:
    if isinstance(source, ExportBundle):
        return {f.name: f.data for f in source.files}, source.manifest
    if isinstance(source, (str, Path)):
        path = Path(source)
        if path.suffix.lower() == ".zip" and path.is_file():
            with zipfile.ZipFile(path) as archive:
                entries = {n: archive.read(n) for n in archive.namelist() if not n.endswith("/")}
            raw = entries.pop(MANIFEST_NAME, None)
            return entries, _parse_manifest(raw, path) if raw is not None else None
        if path.is_dir():
            manifest_path = path / MANIFEST_NAME
            if manifest_path.is_file():
                manifest = _parse_manifest(manifest_path.read_bytes(), manifest_path)
                names = [str(f.get("name", "")) for f in manifest.get("files", [])]
                missing = [n for n in names if not (path / n).is_file()]
                if missing:
                    raise ExportFileError(str(path / missing[0]),
                                          "listed in the manifest but absent")
                return {n: (path / n).read_bytes() for n in names}, manifest
            known = {f.suffix for f in ExportFormat} | {".cql"}
            return {p.name: p.read_bytes() for p in sorted(path.iterdir())
                    if p.is_file() and p.suffix.lower() in known}, None
        if not path.is_file():
            raise ExportFileError(str(path), "no such file or folder")
        beside = path.with_name(path.name + MANIFEST_SUFFIX)
        found = _parse_manifest(beside.read_bytes(), beside) if beside.is_file() else None
        return {path.name: path.read_bytes()}, found
    paths = [Path(p) for p in source]
    for p in paths:
        if not p.is_file():
            raise ExportFileError(str(p), "no such file")
    return {p.name: p.read_bytes() for p in paths}, None


def _parse_manifest(raw: bytes, where: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ExportFileError(str(where), f"the manifest is not JSON ({e})") from e
    if not isinstance(manifest, dict):
        raise ExportFileError(str(where), "the manifest is not a JSON object")
    return manifest


def _verified(files: dict[str, bytes], manifest: dict[str, Any]) -> dict[str, bytes]:
    """Only the files the manifest lists, each checked against its SHA-256."""
    out: dict[str, bytes] = {}
    for entry in manifest.get("files", []):
        name = str(entry.get("name", ""))
        if name not in files:
            raise ExportFileError(name, "listed in the manifest but absent")
        if sha256(files[name]) != entry.get("sha256"):
            raise ExportFileError(
                name, "SHA-256 differs from the manifest: the file changed after export"
            )
        out[name] = files[name]
    return out


def _format_of(files: dict[str, bytes], manifest: dict[str, Any] | None) -> ExportFormat:
    if manifest is not None and manifest.get("format"):
        return parse_format(str(manifest["format"]))
    if files and all(n.lower().endswith(".csv") for n in files):
        return ExportFormat.CSV
    if len(files) == 1:
        found = ExportFormat.from_suffix(next(iter(files)))
        if found is not None:
            return found
    raise ExportError("cannot tell the export's format from its files; give fmt")
