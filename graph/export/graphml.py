"""GraphML export (for Gephi, yEd, Cytoscape and networkx): written with networkx's GraphML
writer, read back with a small ElementTree reader that keeps every value exactly.

Nodes carry `label` (the name, which Gephi and yEd display), `type` (the casegraph label) and the
typed columns of `graph.export.table`; relationships carry `label` (the type, displayed), `type`
and their evidence. Each `<key>` declares its `attr.type` (string, long, double, boolean); lists
and `props` are JSON text. Values that are absent are left out, never written as "None".
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any
from xml.etree import ElementTree

import networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

from graph.export.bundle import ExportFile, ExportFormat
from graph.export.errors import ExportFileError
from graph.export.table import Table, edge_from, node_from, subgraph_from
from graph.export.xml_values import (
    DISPLAY,
    EDGE_COLUMNS_BY_NAME,
    NODE_COLUMNS,
    parse_value,
    xml_attrs,
    xml_text,
)
from graph.types import Edge, Node, Subgraph

NS = "{http://graphml.graphdrawing.org/xmlns}"
FMT = ExportFormat.GRAPHML


class _Writer(GraphMLWriter):  # type: ignore[misc]
    def add_data(self, name: str, element_type: type, value: str, scope: str = "all",
                 default: Any = None) -> Any:
        # networkx writes Python's "True"; the GraphML schema's booleans are lowercase.
        if element_type is bool:
            value = value.lower()
        return super().add_data(name, element_type, value, scope, default)


def write(table: Table, stem: str) -> list[ExportFile]:
    """One `.graphml` file."""
    graph = nx.MultiDiGraph()
    for node in table.nodes:
        where = f"node {node.id}"
        attrs = xml_attrs(node.values, NODE_COLUMNS, where, FMT)
        graph.add_node(xml_text(node.id, where, FMT), **{DISPLAY: attrs["name"], **attrs})
    for edge in table.edges:
        where = f"relationship {edge.source} -{edge.type}-> {edge.target}"
        attrs = xml_attrs(edge.values, EDGE_COLUMNS_BY_NAME, where, FMT)
        graph.add_edge(edge.source, edge.target, key=edge.id, **{DISPLAY: edge.type.value, **attrs})
    writer = _Writer(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(graph)
    # networkx inserts each new <key> first; list them in the order they were declared.
    keys = sorted((e for e in writer.xml if e.tag == "key"), key=lambda e: int(e.get("id")[1:]))
    for element in keys:
        writer.xml.remove(element)
    for position, element in enumerate(keys):
        writer.xml.insert(position, element)
    buffer = io.BytesIO()
    writer.dump(buffer)
    # ElementTree leaves a carriage return in element text as is, and every XML reader turns it
    # into a line feed; as a character reference it survives. The writer's own line breaks are
    # plain "\n", so every "\r" in the output is data.
    data = buffer.getvalue().replace(b"\r", b"&#13;")
    return [ExportFile.of(f"{stem}{FMT.suffix}", data)]


def read(name: str, data: bytes) -> Subgraph:
    """The subgraph in a GraphML file written by `write` (other attributes go to `props`)."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as e:
        raise ExportFileError(name, f"not well-formed XML ({e})") from e
    keys = {
        k.get("id", ""): (k.get("for", ""), k.get("attr.name", ""), k.get("attr.type"))
        for k in root.iter(f"{NS}key")
    }
    graph = root.find(f"{NS}graph")
    if graph is None:
        raise ExportFileError(name, "no <graph> element")
    nodes: list[Node] = []
    edges: list[Edge] = []
    for element in graph.iter(f"{NS}node"):
        node_id = element.get("id", "")
        values = _values(element, keys, NODE_COLUMNS, f"{name}: node {node_id}")
        try:
            nodes.append(node_from(node_id, values))
        except (KeyError, ValueError) as e:
            raise ExportFileError(name, f"node {node_id}: {e}") from e
    for element in graph.iter(f"{NS}edge"):
        source, target = element.get("source", ""), element.get("target", "")
        values = _values(element, keys, EDGE_COLUMNS_BY_NAME, f"{name}: edge {source}->{target}")
        try:
            edges.append(edge_from(source, target, values))
        except (KeyError, ValueError) as e:
            raise ExportFileError(name, f"edge {source}->{target}: {e}") from e
    return subgraph_from(nodes, edges)


def _values(element: ElementTree.Element, keys: Mapping[str, tuple[str, str, str | None]],
            columns: Mapping[str, Any], where: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for data in element.findall(f"{NS}data"):
        _, attr, kind = keys.get(data.get("key", ""), ("", "", None))
        if not attr or attr == DISPLAY:
            continue
        try:
            value = parse_value(kind, columns.get(attr), data.text or "")
        except ValueError as e:
            raise ExportFileError(where, f"{attr}: {e}") from e
        (values if attr in columns else extra)[attr] = value
    if extra:
        # Attributes a tool added after export (Gephi's modularity, say) are kept, not lost.
        values["props"] = {**extra, **(values.get("props") or {})}
    return values
