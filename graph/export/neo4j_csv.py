"""CSV export in the header format of Neo4j's bulk importer (`neo4j-admin database import`):
one nodes file per label (`nodes_<Label>.csv`) and one relationships file per type
(`rels_<TYPE>.csv`), each with a typed header such as
`id:ID,:LABEL,name,aliases:string[],year:long,props,search` or
`:START_ID,:END_ID,:TYPE,doc_id,char_start:long,sentence,confidence:double`.

Every text value is quoted and an absent value is an empty, unquoted field: neo4j-admin reads
`""` as an empty string and an empty field as no property, and so does `read`. Integers are
declared `long` and decimals `double` (the importer's `int` and `float` are 32-bit and would
alter values). Arrays are joined with `;`, or, when some element contains `;`, with the first
of `|`, `¦`, `␟`, U+001F that none contains; the manifest's load command names the one used.
Nodes also get `search`, the folded name list casegraph's Neo4j store searches, so an imported
graph works with `casegraph --db neo4j://...`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any, Final

from graph.export.bundle import ExportFile
from graph.export.errors import ExportError, ExportFileError
from graph.export.table import (
    EDGE_COLUMNS,
    Column,
    Table,
    canonical_json,
    edge_from,
    node_columns,
    node_from,
    subgraph_from,
)
from graph.model import Label, RelType
from graph.names import search_text
from graph.types import Edge, Node, Subgraph

ARRAY_DELIMITERS: Final = (";", "|", "\u00a6", "\u241f", "\x1f")
DEFAULT_ARRAY_DELIMITER: Final = ";"
_HEADER_KIND: Final = {"string": "", "long": ":long", "double": ":double", "boolean": ":boolean",
                       "string[]": ":string[]", "json": ""}
_KNOWN: Final = {c.name: c for c in (*node_columns(), *EDGE_COLUMNS)}
_UNQUOTED_END: Final = re.compile(r"[,\n]")


def array_delimiter(table: Table) -> str:
    """The first candidate delimiter that no array element of the export contains."""
    elements = [v for row in table.nodes for v in row.values.get("aliases", [])]
    for candidate in ARRAY_DELIMITERS:
        if not any(candidate in element for element in elements):
            return candidate
    raise ExportError("aliases contain every array delimiter neo4j-admin could use; "
                      "export as json or cypher instead")


def write(table: Table, stem: str) -> tuple[list[ExportFile], dict[str, Any]]:
    """The CSV files (named after labels and types; `stem` is not used) and how to load them."""
    delimiter = array_delimiter(table)
    files: list[ExportFile] = []
    for label in Label:
        rows = [r for r in table.nodes if r.label is label]
        if not rows:
            continue
        columns = [c for c in table.used(node_columns(label), rows) if c.name != "type"]
        lines = [",".join(["id:ID", ":LABEL", *(_header(c) for c in columns), "search"])]
        for row in rows:
            cells = [_quote(row.id), _quote(label.value)]
            cells += [_cell(row.values.get(c.name), c, delimiter) for c in columns]
            cells.append(_quote(search_text([row.values["name"], *row.values.get("aliases", [])])))
            lines.append(",".join(cells))
        files.append(ExportFile.of(f"nodes_{label.value}.csv", _text(lines)))
    for rel in RelType:
        edge_rows = [r for r in table.edges if r.type is rel]
        if not edge_rows:
            continue
        columns = [c for c in table.used(EDGE_COLUMNS, edge_rows) if c.name != "type"]
        lines = [",".join([":START_ID", ":END_ID", ":TYPE", *(_header(c) for c in columns)])]
        for edge in edge_rows:
            cells = [_quote(edge.source), _quote(edge.target), _quote(rel.value)]
            cells += [_cell(edge.values.get(c.name), c, delimiter) for c in columns]
            lines.append(",".join(cells))
        files.append(ExportFile.of(f"rels_{rel.value}.csv", _text(lines)))
    return files, _how_to_load(files, delimiter)


def _how_to_load(files: list[ExportFile], delimiter: str) -> dict[str, Any]:
    args = ["neo4j-admin database import full neo4j", "--id-type=string",
            f"--array-delimiter=U+{ord(delimiter):04X}", "--multiline-fields=true"]
    args += [f"--nodes={f.name}" for f in files if f.name.startswith("nodes_")]
    args += [f"--relationships={f.name}" for f in files if f.name.startswith("rels_")]
    return {
        "tool": "neo4j-admin (Neo4j 5.19 or later)",
        "command": " ".join(args),
        "array_delimiter": delimiter,
        "notes": [
            "Run the command in the folder that holds these files (or give their paths).",
            "The database (here `neo4j`) must not exist yet: stop the DBMS or drop it first, or "
            "add --overwrite-destination=true to replace it.",
            "Afterwards start it (or CREATE DATABASE neo4j) and run `casegraph init --db "
            "neo4j://...` to add casegraph's constraints and indexes.",
            "Quoted empty fields are empty strings; empty unquoted fields are absent properties.",
            "The files are for neo4j-admin: values are exactly as stored, so a spreadsheet may "
            "read a cell that starts with = + - or @ as a formula. Import them as text.",
        ],
    }


def _header(column: Column) -> str:
    return column.name + _HEADER_KIND[column.kind]


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _cell(value: Any, column: Column, delimiter: str) -> str:
    if value is None:
        return ""
    match column.kind:
        case "string":
            return _quote(value)
        case "json":
            return _quote(canonical_json(value))
        case "string[]":
            return _quote(delimiter.join(value))
        case "boolean":
            return "true" if value else "false"
        case _:
            return repr(value)


def _text(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


# -- reading -----------------------------------------------------------------------------------


def read(files: Mapping[str, bytes], delimiter: str = DEFAULT_ARRAY_DELIMITER) -> Subgraph:
    """The subgraph in CSV files written by `write`; each file says by its header whether it
    holds nodes (`:ID`) or relationships (`:START_ID`)."""
    nodes: list[Node] = []
    edges: list[Edge] = []
    for name in sorted(files):
        try:
            text = files[name].decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as e:
            raise ExportFileError(name, "not UTF-8 text") from e
        records = _records(text, name)
        header = next(records, None)
        if header is None:
            continue
        fields = [_field(cell) for cell, _ in header[1]]
        names = [f[0] for f in fields]
        if ":START_ID" not in names and not any(n.endswith(":ID") or n == ":ID" for n in names):
            raise ExportFileError(name, "header has neither an :ID nor a :START_ID column")
        for line, cells in records:
            if len(cells) != len(fields):
                raise ExportFileError(f"{name}:{line}",
                                      f"{len(cells)} fields where the header has {len(fields)}")
            try:
                values, meta = _row(fields, cells, delimiter)
                if ":START_ID" in meta:
                    values["type"] = meta[":TYPE"]
                    edges.append(edge_from(meta[":START_ID"], meta[":END_ID"], values))
                else:
                    values["type"] = meta[":LABEL"]
                    nodes.append(node_from(meta[":ID"], values))
            except (KeyError, ValueError, TypeError) as e:
                raise ExportFileError(f"{name}:{line}", str(e) or type(e).__name__) from e
    return subgraph_from(nodes, edges)


def _field(header: str) -> tuple[str, str]:
    """A header cell as (name or :ROLE, declared type)."""
    if header.startswith(":"):
        return header, ""
    name, _, kind = header.partition(":")
    if kind == "ID":
        return ":ID", ""
    return name, kind


def _row(fields: list[tuple[str, str]], cells: list[tuple[str, bool]],
         delimiter: str) -> tuple[dict[str, Any], dict[str, str]]:
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    meta: dict[str, str] = {}
    for (name, kind), (text, quoted) in zip(fields, cells, strict=True):
        if name.startswith(":"):
            meta[name] = text
            continue
        if name == "search" or (not quoted and text == ""):
            continue
        column = _KNOWN.get(name)
        value = _typed(kind, column, text, delimiter)
        (values if column is not None else extra)[name] = value
    if extra:
        values["props"] = {**extra, **(values.get("props") or {})}
    return values, meta


def _typed(kind: str, column: Column | None, text: str, delimiter: str) -> Any:
    base = kind.removesuffix("[]")
    if kind.endswith("[]"):
        return [_typed(base, None, part, delimiter) for part in text.split(delimiter)]
    if base in ("long", "int", "short", "byte"):
        return int(text)
    if base in ("double", "float"):
        return float(text)
    if base == "boolean":
        if text not in ("true", "false"):
            raise ValueError(f"not a boolean: {text!r}")
        return text == "true"
    if column is not None and column.kind == "json":
        return json.loads(text)
    return text


def _records(text: str, where: str) -> Iterator[tuple[int, list[tuple[str, bool]]]]:
    """RFC 4180 records as (line number, [(text, was quoted)]): the quoting matters, since a
    quoted empty field is an empty string and an unquoted one is no value."""
    pos, end, line = 0, len(text), 1
    while pos < end:
        start_line = line
        row: list[tuple[str, bool]] = []
        while True:
            if pos < end and text[pos] == '"':
                parts: list[str] = []
                pos += 1
                while True:
                    close = text.find('"', pos)
                    if close < 0:
                        raise ExportFileError(f"{where}:{start_line}", "unterminated quoted field")
                    parts.append(text[pos:close])
                    if text.startswith('""', close):
                        parts.append('"')
                        pos = close + 2
                        continue
                    pos = close + 1
                    break
                value = "".join(parts)
                line += value.count("\n")
                row.append((value, True))
            else:
                match = _UNQUOTED_END.search(text, pos)
                stop = match.start() if match else end
                row.append((text[pos:stop].removesuffix("\r"), False))
                pos = stop
            if pos >= end:
                break
            if text[pos] == ",":
                pos += 1
                continue
            if text.startswith("\r\n", pos) or text[pos] == "\n":
                pos += 2 if text[pos] == "\r" else 1
                line += 1
                break
            raise ExportFileError(f"{where}:{start_line}", "text after a closing quote")
        yield start_line, row
