"""The flat, typed table every export format is written from: one row per node and per
relationship, in a fixed order, with columns whose types come from the domain model. A GraphML
key, a GEXF attribute, a CSV header and a Cypher property therefore always agree on a value's
type, and each reader turns rows back into the same `Node`s and `Edge`s.

Node rows hold `type` (the label), `name`, `aliases`, the label's own typed properties and
`props`: a JSON object of every other property. A property whose value does not have its
column's type (or is None) also goes to `props`, so nothing is coerced or dropped on the way
out, and no format ever writes "None". Edge rows hold `type`, the evidence (`doc_id`,
`char_start`, `char_end`, `sentence`, `extractor`, `confidence`), the review and mention
properties of the model, and `props` for anything else.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from pydantic import ValidationError

from graph.export.errors import ExportError
from graph.model import LABEL_PROPERTIES, REL_PROPERTIES, Label, RelType
from graph.store import EVIDENCE_FIELDS
from graph.types import Edge, Evidence, Node, Subgraph

Kind = Literal["string", "long", "double", "boolean", "string[]", "json"]
_MODEL_KINDS: Final[dict[str, Kind]] = {
    "STRING": "string", "INT64": "long", "DOUBLE": "double", "BOOLEAN": "boolean",
    "STRING[]": "string[]",
}
INT64: Final = (-(2**63), 2**63 - 1)


@dataclass(frozen=True)
class Column:
    """A named, typed column. `json` columns hold any JSON value, written as JSON text where
    the format has no richer type."""

    name: str
    kind: Kind


def _label_columns() -> dict[str, Column]:
    # Formats declare one type per attribute name for all nodes, so a property shared by
    # several labels must have one type in the model; checked here, once, at import.
    out: dict[str, Column] = {}
    for props in LABEL_PROPERTIES.values():
        for name, kind in props.items():
            column = Column(name, _MODEL_KINDS[kind])
            if out.setdefault(name, column) != column:
                raise AssertionError(f"property {name} has two types in graph.model")
    return out


LABEL_COLUMNS: Final = _label_columns()
PROPS: Final = Column("props", "json")
NODE_HEAD: Final = (Column("type", "string"), Column("name", "string"),
                    Column("aliases", "string[]"))
EVIDENCE_COLUMNS: Final = tuple(Column(p, _MODEL_KINDS[REL_PROPERTIES[p]]) for p in EVIDENCE_FIELDS)
REL_COLUMNS: Final = tuple(
    Column(p, _MODEL_KINDS[k]) for p, k in REL_PROPERTIES.items() if p not in EVIDENCE_FIELDS
)
EDGE_COLUMNS: Final = (Column("type", "string"), *EVIDENCE_COLUMNS, *REL_COLUMNS, PROPS)


def node_columns(label: Label | None = None) -> tuple[Column, ...]:
    """The columns of one label's nodes (or of every label's), in file order."""
    names = LABEL_PROPERTIES[label] if label is not None else LABEL_COLUMNS
    return (*NODE_HEAD, *(LABEL_COLUMNS[n] for n in names), PROPS)


@dataclass(frozen=True)
class NodeRow:
    """One node as typed values by column name; absent columns have no value."""

    id: str
    label: Label
    values: dict[str, Any]


@dataclass(frozen=True)
class EdgeRow:
    """One relationship as typed values; `id` is stable for the same fact across exports."""

    id: str
    source: str
    target: str
    type: RelType
    values: dict[str, Any]


@dataclass(frozen=True)
class Table:
    """A subgraph as rows, nodes in id order and edges in key order."""

    nodes: list[NodeRow]
    edges: list[EdgeRow]

    def label_counts(self) -> dict[str, int]:
        counts = Counter(row.label.value for row in self.nodes)
        return {label.value: counts[label.value] for label in Label if counts[label.value]}

    def type_counts(self) -> dict[str, int]:
        counts = Counter(row.type.value for row in self.edges)
        return {rel.value: counts[rel.value] for rel in RelType if counts[rel.value]}

    def used(self, columns: Iterable[Column], rows: Iterable[NodeRow | EdgeRow]) -> list[Column]:
        """The columns that have a value in at least one of `rows`, in column order."""
        filled = {name for row in rows for name in row.values}
        return [c for c in columns if c.name in filled]


def canonical_json(value: Any) -> str:
    """JSON text with sorted keys and no spaces: the same value always gives the same bytes."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)


def edge_id(source: str, rel: RelType | str, target: str, doc_id: str) -> str:
    """A stable relationship id (one per endpoints, type and document), the same in every
    format and in the manifest's evidence list."""
    digest = hashlib.sha1("\x1f".join((source, str(rel), target, doc_id)).encode()).hexdigest()
    return f"rel:{digest[:16]}"


def fits(column: Column, value: Any) -> bool:
    """Whether a value has its column's type exactly (an int is not a double, a bool is not
    a long), so it comes back unchanged from a typed column."""
    match column.kind:
        case "string":
            return isinstance(value, str)
        case "long":
            return type(value) is int
        case "double":
            return type(value) is float
        case "boolean":
            return type(value) is bool
        case "string[]":
            return isinstance(value, list) and all(isinstance(v, str) for v in value)
        case "json":
            return True


# -- Subgraph -> Table -------------------------------------------------------------------------


def table_of(subgraph: Subgraph) -> Table:
    """The subgraph as sorted, checked rows. Refuses (with `ExportError`) an edge whose end is
    not among the nodes, two different nodes with one id, and values no format can carry
    faithfully: non-finite floats, integers beyond 64 bits, non-JSON properties."""
    nodes: dict[str, Node] = {}
    for node in subgraph.nodes:
        if nodes.setdefault(node.id, node) != node:
            raise ExportError(f"the subgraph has two different nodes with id {node.id!r}")
    edges: dict[tuple[str, str, str, str], Edge] = {}
    for edge in subgraph.edges:
        for end in (edge.source, edge.target):
            if end not in nodes:
                raise ExportError(
                    f"relationship {edge.source} -{edge.type}-> {edge.target} ends at {end!r}, "
                    "which is not among the subgraph's nodes"
                )
        if edges.setdefault(edge.key, edge) != edge:
            raise ExportError(f"the subgraph has two different relationships {edge.key}")
    node_rows = [_node_row(nodes[k]) for k in sorted(nodes)]
    edge_rows = [_edge_row(edges[k]) for k in sorted(edges)]
    return Table(nodes=node_rows, edges=edge_rows)


def _node_row(node: Node) -> NodeRow:
    where = f"node {node.id}"
    values: dict[str, Any] = {"type": node.label.value, "name": node.name}
    if node.aliases:
        values["aliases"] = list(node.aliases)
    extra: dict[str, Any] = {}
    own = LABEL_PROPERTIES[node.label]
    for key, value in node.properties.items():
        if key in own and fits(LABEL_COLUMNS[key], value):
            values[key] = value
        else:
            extra[key] = value
    ordered = {c.name: values[c.name] for c in node_columns(node.label) if c.name in values}
    if extra:
        ordered["props"] = _checked_json(extra, where)
    _check(ordered, where)
    return NodeRow(id=node.id, label=node.label, values=ordered)


def _edge_row(edge: Edge) -> EdgeRow:
    doc = edge.evidence.doc_id if edge.evidence else ""
    where = f"relationship {edge.source} -{edge.type}-> {edge.target} ({doc or 'no document'})"
    values: dict[str, Any] = {"type": edge.type.value}
    if edge.evidence is not None:
        for prop, field in EVIDENCE_FIELDS.items():
            value = getattr(edge.evidence, field)
            if value is not None:
                values[prop] = value
    extra: dict[str, Any] = {}
    typed = {c.name: c for c in REL_COLUMNS}
    for key, value in edge.properties.items():
        if key in typed and fits(typed[key], value):
            values[key] = value
        else:
            extra[key] = value
    ordered = {c.name: values[c.name] for c in EDGE_COLUMNS if c.name in values}
    if extra:
        ordered["props"] = _checked_json(extra, where)
    _check(ordered, where)
    return EdgeRow(
        id=edge_id(edge.source, edge.type, edge.target, doc), source=edge.source,
        target=edge.target, type=edge.type, values=ordered,
    )


def _checked_json(extra: dict[str, Any], where: str) -> dict[str, Any]:
    try:
        canonical_json(extra)
    except (TypeError, ValueError) as e:
        raise ExportError(f"{where}: a property cannot be exported as JSON ({e})") from e
    return dict(sorted(extra.items()))


def _check(values: Mapping[str, Any], where: str) -> None:
    for key, value in values.items():
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, float) and not math.isfinite(item):
                raise ExportError(f"{where}: {key} is {item}, which exports cannot carry")
            if type(item) is int and not INT64[0] <= item <= INT64[1]:
                raise ExportError(f"{where}: {key} = {item} does not fit in 64 bits")
            if isinstance(item, str):
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError as e:
                    raise ExportError(
                        f"{where}: {key} holds an unpaired surrogate, which is not text"
                    ) from e


# -- rows -> Subgraph --------------------------------------------------------------------------


def node_from(node_id: str, values: Mapping[str, Any]) -> Node:
    """A node from a row read back from a file (raises ValueError when the row is not one)."""
    label = Label(values["type"])
    properties: dict[str, Any] = dict(values.get("props") or {})
    for name in LABEL_PROPERTIES[label]:
        if values.get(name) is not None:
            properties[name] = values[name]
    try:
        return Node(id=node_id, label=label, name=values.get("name") or "",
                    aliases=list(values.get("aliases") or []), properties=properties)
    except ValidationError as e:
        raise ValueError(str(e).splitlines()[0]) from e


def edge_from(source: str, target: str, values: Mapping[str, Any]) -> Edge:
    """A relationship from a row read back from a file (ValueError when it is not one)."""
    properties: dict[str, Any] = dict(values.get("props") or {})
    for column in REL_COLUMNS:
        if values.get(column.name) is not None:
            properties[column.name] = values[column.name]
    evidence = None
    if values.get("doc_id") is not None:
        evidence = Evidence.model_validate(
            {f: values.get(p) for p, f in EVIDENCE_FIELDS.items()}
        )
    try:
        return Edge(source=source, target=target, type=RelType(values["type"]),
                    evidence=evidence, properties=properties)
    except ValidationError as e:
        raise ValueError(str(e).splitlines()[0]) from e


def subgraph_from(nodes: Iterable[Node], edges: Iterable[Edge]) -> Subgraph:
    """Nodes and edges read back, in the same order `table_of` writes them."""
    return Subgraph(nodes=sorted(nodes, key=lambda n: n.id),
                    edges=sorted(edges, key=lambda e: e.key))
