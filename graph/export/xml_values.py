"""Typed values in the two XML formats (GraphML and GEXF): which attribute type each column
declares, how lists and JSON columns become text, how text becomes a value again, and which
characters XML cannot carry at all.

XML 1.0 has no way to write most control characters, not even as character references. Rather
than drop or alter a character of evidence, an export that would need one is refused with a
message that names the value and points to the formats that carry any text (JSON, CSV, Cypher).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Final

from graph.export.errors import ExportError
from graph.export.table import EDGE_COLUMNS, Column, canonical_json, node_columns

# Characters allowed in an XML 1.0 document (the `Char` production).
_NOT_XML: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

NODE_COLUMNS: Final = {c.name: c for c in node_columns()}
EDGE_COLUMNS_BY_NAME: Final = {c.name: c for c in EDGE_COLUMNS}
DISPLAY: Final = "label"
"""The attribute Gephi and yEd show on the canvas: a node's name, a relationship's type."""


def xml_text(text: str, where: str, fmt: str) -> str:
    """`text` if XML can carry it, else `ExportError` naming the first character it cannot."""
    bad = _NOT_XML.search(text)
    if bad:
        raise ExportError(
            f"{where} contains the control character U+{ord(bad.group()):04X}, which {fmt} "
            "(XML) cannot carry; export as json, csv or cypher instead"
        )
    return text


def xml_attrs(values: Mapping[str, Any], columns: Mapping[str, Column], where: str,
              fmt: str) -> dict[str, Any]:
    """A row's values as XML attribute values: scalars keep their Python type (the writer
    declares it), lists and JSON columns become canonical JSON text."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        kind = columns[name].kind
        if kind in ("string[]", "json"):
            value = canonical_json(value)
        if isinstance(value, str):
            value = xml_text(value, f"{where} ({name})", fmt)
        out[name] = value
    return out


def parse_value(kind: str | None, column: Column | None, text: str) -> Any:
    """A value read from XML: `kind` is the declared attribute type (GraphML/GEXF names),
    `column` our column of that name, if any. Raises ValueError on malformed text."""
    if kind in ("long", "int", "integer"):
        return int(text)
    if kind in ("double", "float"):
        return float(text)
    if kind == "boolean":
        low = text.strip().lower()
        if low not in ("true", "false", "1", "0"):
            raise ValueError(f"not a boolean: {text!r}")
        return low in ("true", "1")
    if column is not None and column.kind in ("string[]", "json"):
        return json.loads(text)
    return text
