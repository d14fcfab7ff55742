"""Cypher script export: statements that recreate the subgraph in Neo4j 5 when run with
`cypher-shell -f` (`graph.export.cypher_reader` parses such a script back).

This is the one place casegraph formats values into Cypher text. They are literals in an
output file, not a query casegraph runs, so they cannot be `$parameters`: every string is
single-quoted with backslash escapes for the quote, the backslash and line breaks, and every
other control, format or separator character (including bidirectional overrides that could make
the script read differently from what it does) is written as a `\\u` escape. Property keys are
the model's names; labels and types come from the enums and are back-quoted.

The script opens with casegraph's Neo4j schema (constraints and indexes, from `graph.cypher`),
then one statement per line: `MERGE` each node by id, then match both ends and `MERGE` each
relationship by type and document, setting all other properties. Running it twice changes
nothing. Nodes keep the store's shape: `aliases`, `search` and `props` (JSON text).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Final

from graph.cypher import neo4j_schema
from graph.export.bundle import ExportFile, ExportFormat
from graph.export.table import (
    EDGE_COLUMNS,
    Column,
    Table,
    canonical_json,
    node_columns,
)
from graph.names import search_text

FMT = ExportFormat.CYPHER
_ESCAPES: Final = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t",
                   "\b": "\\b", "\f": "\\f"}
# Control, format (bidi overrides, zero-width), line/paragraph separator, surrogate,
# private-use and unassigned characters: escaped so the script shows exactly what it stores.
_HIDDEN_CATEGORIES: Final = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
_PLAIN_KEY: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
NODE_COLUMNS: Final = {c.name: c for c in node_columns()} | {"search": Column("search", "string")}
EDGE_COLUMNS_BY_NAME: Final = {c.name: c for c in EDGE_COLUMNS}


def string_literal(text: str) -> str:
    """A Cypher string literal that denotes exactly `text`, whatever it contains."""
    out = ["'"]
    for ch in text:
        escape = _ESCAPES.get(ch)
        if escape is not None:
            out.append(escape)
        elif unicodedata.category(ch) in _HIDDEN_CATEGORIES:
            code = ord(ch)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    out.append("'")
    return "".join(out)


def literal(value: Any) -> str:
    """A Cypher literal for a string, number, boolean, null or list of them."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Python's shortest round-trip form; Cypher's exponent takes no "+".
        return repr(value).replace("e+", "e")
    if isinstance(value, str):
        return string_literal(value)
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def _key(name: str) -> str:
    return name if _PLAIN_KEY.fullmatch(name) else "`" + name.replace("`", "``") + "`"


def _sets(var: str, values: dict[str, Any], columns: dict[str, Column]) -> str:
    parts = []
    for name, value in values.items():
        text = canonical_json(value) if columns[name].kind == "json" else value
        parts.append(f"{var}.{_key(name)} = {literal(text)}")
    return (" SET " + ", ".join(parts)) if parts else ""


def write(table: Table, stem: str) -> list[ExportFile]:
    """One `.cypher` file."""
    labels = ", ".join(f"{k} {v}" for k, v in table.label_counts().items()) or "none"
    types = ", ".join(f"{k} {v}" for k, v in table.type_counts().items()) or "none"
    lines = [
        f"// casegraph export: {len(table.nodes)} nodes ({labels}), "
        f"{len(table.edges)} relationships ({types}).",
        "// Recreates the subgraph in Neo4j 5 and may be run again: nodes merge by id,",
        "// relationships by type and document. Run: cypher-shell -a neo4j://HOST:7687 "
        f"-u USER -f {stem}{FMT.suffix}",
        *(f"{statement};" for statement in neo4j_schema()),
    ]
    for node in table.nodes:
        rest = {k: v for k, v in node.values.items() if k not in ("type", "name", "aliases")}
        aliases = node.values.get("aliases", [])
        values = {"name": node.values["name"], "aliases": aliases,
                  "search": search_text([node.values["name"], *aliases]), **rest}
        lines.append(f"MERGE (n:{node.label.cypher} {{id: {literal(node.id)}}})"
                     + _sets("n", values, NODE_COLUMNS) + ";")
    by_id = {n.id: n.label for n in table.nodes}
    for edge in table.edges:
        values = {k: v for k, v in edge.values.items() if k != "type"}
        doc = values.pop("doc_id", None)
        merge_map = f" {{doc_id: {literal(doc)}}}" if doc is not None else ""
        lines.append(
            f"MATCH (a:{by_id[edge.source].cypher} {{id: {literal(edge.source)}}}) "
            f"MATCH (b:{by_id[edge.target].cypher} {{id: {literal(edge.target)}}}) "
            f"MERGE (a)-[r:{edge.type.value}{merge_map}]->(b)"
            + _sets("r", values, EDGE_COLUMNS_BY_NAME) + ";"
        )
    return [ExportFile.of(f"{stem}{FMT.suffix}", ("\n".join(lines) + "\n").encode("utf-8"))]
