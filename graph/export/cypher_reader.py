"""Reading a Cypher script written by `graph.export.cypher_script` back into a subgraph: a
tokenizer for Cypher's literals and names, and a parser for exactly the statement shapes the
writer produces (anything else is an `ExportFileError` naming the line). Used by the round-trip
checks; it is not a general Cypher parser.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from graph.export.cypher_script import EDGE_COLUMNS_BY_NAME, NODE_COLUMNS
from graph.export.errors import ExportFileError
from graph.export.table import Column, edge_from, node_from, subgraph_from
from graph.model import Label, RelType
from graph.types import Edge, Node, Subgraph

_UNESCAPES: Final = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t", "b": "\b",
                     "f": "\f"}

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
        row = _typed(st.sets("n"), NODE_COLUMNS)
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
    values.update(_typed(st.sets("r"), EDGE_COLUMNS_BY_NAME))
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
