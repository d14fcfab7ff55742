"""Cypher script export: statements that recreate the subgraph in Neo4j 5 when run with
`cypher-shell -f`, and a reader that parses such a script back.

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

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from graph.cypher import neo4j_schema
from graph.export.bundle import ExportFile, ExportFormat
from graph.export.errors import ExportFileError
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

FMT = ExportFormat.CYPHER
_ESCAPES: Final = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t",
                   "\b": "\\b", "\f": "\\f"}
_UNESCAPES: Final = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t", "b": "\b",
                     "f": "\f"}
# Control, format (bidi overrides, zero-width), line/paragraph separator, surrogate,
# private-use and unassigned characters: escaped so the script shows exactly what it stores.
_HIDDEN_CATEGORIES: Final = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
_PLAIN_KEY: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NODE_COLUMNS: Final = {c.name: c for c in node_columns()} | {"search": Column("search", "string")}
_EDGE_COLUMNS: Final = {c.name: c for c in EDGE_COLUMNS}


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
                     + _sets("n", values, _NODE_COLUMNS) + ";")
    by_id = {n.id: n.label for n in table.nodes}
    for edge in table.edges:
        values = {k: v for k, v in edge.values.items() if k != "type"}
        doc = values.pop("doc_id", None)
        merge_map = f" {{doc_id: {literal(doc)}}}" if doc is not None else ""
        lines.append(
            f"MATCH (a:{by_id[edge.source].cypher} {{id: {literal(edge.source)}}}) "
            f"MATCH (b:{by_id[edge.target].cypher} {{id: {literal(edge.target)}}}) "
            f"MERGE (a)-[r:{edge.type.value}{merge_map}]->(b)"
            + _sets("r", values, _EDGE_COLUMNS) + ";"
        )
    return [ExportFile.of(f"{stem}{FMT.suffix}", ("\n".join(lines) + "\n").encode("utf-8"))]


# -- reading -----------------------------------------------------------------------------------

_TOKEN: Final = re.compile(
    r"""(?P<space>\s+)
      |(?P<comment>//[^\n]*)
      |(?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
      |(?P<name>`(?:[^`]|``)*`|[A-Za-z_][A-Za-z0-9_]*)
      |(?P<number>\d+(?:\.\d+)?(?:[eE]-?\d+)?)
      |(?P<punct>->|<-|[-(){}\[\]:,.=;|])""",
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    line: int


def _tokens(script: str, where: str) -> Iterator[_Token]:
    pos, line = 0, 1
    while pos < len(script):
        match = _TOKEN.match(script, pos)
        if match is None:
            raise ExportFileError(f"{where}:{line}", f"unexpected text {script[pos:pos + 20]!r}")
        kind = match.lastgroup or ""
        if kind not in ("space", "comment"):
            yield _Token(kind, match.group(), line)
        line += match.group().count("\n")
        pos = match.end()


def _unquote(token: _Token) -> str:
    if token.kind == "name":
        return token.text[1:-1].replace("``", "`") if token.text.startswith("`") else token.text
    body, out, i = token.text[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        code = body[i + 1]
        if code in ("u", "U"):
            width = 4 if code == "u" else 8
            out.append(chr(int(body[i + 2 : i + 2 + width], 16)))
            i += 2 + width
        else:
            out.append(_UNESCAPES[code])
            i += 2
    return "".join(out)


class _Statement:
    """A cursor over one statement's tokens, for the shapes `write` produces."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens, self.i = tokens, 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, text: str | None = None, kind: str | None = None) -> _Token:
        token = self.peek()
        if token is None or (text and token.text.upper() != text) or (kind and token.kind != kind):
            found = token.text if token else "the end of the statement"
            raise ValueError(f"expected {text or kind}, found {found!r}")
        self.i += 1
        return token

    def literal(self) -> Any:
        token = self.peek()
        if token is not None and token.text == "[":
            self.take("[")
            items = []
            while (nxt := self.peek()) is not None and nxt.text != "]":
                items.append(self.literal())
                if (sep := self.peek()) is not None and sep.text == ",":
                    self.take(",")
            self.take("]")
            return items
        sign = 1
        if token is not None and token.text == "-":
            self.take("-")
            sign = -1
        token = self.take()
        if token.kind == "string":
            return _unquote(token)
        if token.kind == "number":
            is_float = any(c in token.text for c in ".eE")
            return sign * (float(token.text) if is_float else int(token.text))
        word = token.text.lower()
        if token.kind == "name" and word in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[word]
        raise ValueError(f"expected a literal, found {token.text!r}")

    def node(self, var: str) -> tuple[str, str]:
        """`(var:`Label` {id: '...'})` -> (label, id)."""
        self.take("(")
        self.take(var.upper())
        self.take(":")
        label = _unquote(self.take(kind="name"))
        self.take("{")
        self.take("ID")
        self.take(":")
        node_id = self.literal()
        self.take("}")
        self.take(")")
        return label, node_id

    def sets(self, var: str) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if self.peek() is None:
            return values
        self.take("SET")
        while True:
            self.take(var.upper())
            self.take(".")
            key = _unquote(self.take(kind="name"))
            self.take("=")
            values[key] = self.literal()
            if self.peek() is None:
                return values
            self.take(",")


def read(name: str, data: bytes) -> Subgraph:
    """The subgraph a script written by `write` creates (schema statements are skipped)."""
    try:
        script = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ExportFileError(name, "not UTF-8 text") from e
    nodes: list[Node] = []
    edges: list[Edge] = []
    statement: list[_Token] = []
    for token in _tokens(script, name):
        if token.text != ";":
            statement.append(token)
            continue
        if statement:
            where = f"{name}:{statement[0].line}"
            try:
                _interpret(_Statement(statement), nodes, edges)
            except (KeyError, ValueError, IndexError) as e:
                raise ExportFileError(where, str(e) or type(e).__name__) from e
        statement = []
    if statement:
        raise ExportFileError(name, "the last statement has no closing ';'")
    return subgraph_from(nodes, edges)


def _interpret(st: _Statement, nodes: list[Node], edges: list[Edge]) -> None:
    first = st.take().text.upper()
    if first == "CREATE":
        return
    if first == "MERGE":
        label, node_id = st.node("n")
        row = _typed(st.sets("n"), _NODE_COLUMNS)
        nodes.append(node_from(node_id, {**row, "type": Label(label).value}))
        return
    if first != "MATCH":
        raise ValueError(f"unexpected statement {first}")
    _, source = st.node("a")
    st.take("MATCH")
    _, target = st.node("b")
    for text in ("MERGE", "(", "A", ")", "-", "[", "R", ":"):
        st.take(text)
    rel = RelType(_unquote(st.take(kind="name")))
    values: dict[str, Any] = {}
    if (token := st.peek()) is not None and token.text == "{":
        st.take("{")
        st.take("DOC_ID")
        st.take(":")
        values["doc_id"] = st.literal()
        st.take("}")
    for text in ("]", "->", "(", "B", ")"):
        st.take(text)
    values.update(_typed(st.sets("r"), _EDGE_COLUMNS))
    edges.append(edge_from(source, target, {**values, "type": rel.value}))


def _typed(values: dict[str, Any], columns: dict[str, Column]) -> dict[str, Any]:
    """SET values as row values: JSON columns decoded, unknown keys kept in `props`."""
    out: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in values.items():
        column = columns.get(key)
        if key == "search":
            continue
        if column is None:
            extra[key] = value
        elif column.kind == "json":
            out[key] = json.loads(value)
        else:
            out[key] = value
    if extra:
        out["props"] = {**extra, **(out.get("props") or {})}
    return out
