"""GEXF 1.2 export (Gephi's own format): written with networkx's GEXF writer, read back with a
small ElementTree reader that keeps every value exactly.

A node's GEXF `label` is its name and a relationship's `label` its type, which is what Gephi
shows and filters on; everything else is a declared, typed attribute (string, long, double,
boolean), lists and `props` as JSON text. GEXF gives the word `type` to an edge's direction, so
the relationship type lives only in the edge label. The writer's date and version stamp are
left out: the same data gives the same bytes, and the manifest says when and with what.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any
from xml.etree import ElementTree

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from graph.export.bundle import ExportFile, ExportFormat
from graph.export.errors import ExportFileError
from graph.export.table import Table, edge_from, node_from, subgraph_from
from graph.export.xml_values import (
    EDGE_COLUMNS_BY_NAME,
    NODE_COLUMNS,
    parse_value,
    xml_attrs,
    xml_text,
)
from graph.types import Edge, Node, Subgraph

NS = "{http://www.gexf.net/1.2draft}"
FMT = ExportFormat.GEXF


class _Writer(GEXFWriter):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__(encoding="utf-8", prettyprint=True, version="1.2draft")
        self.meta_element.attrib.pop("lastmodifieddate", None)
        creator = self.meta_element.find("creator")
        if creator is not None:
            creator.text = "casegraph"

    def add_attributes(self, node_or_edge: str, xml_obj: Any, data: dict[str, Any],
                       default: Any) -> Any:
        # networkx adds the multigraph key as an attribute; here it is the edge id already.
        data.pop("key", None)
        return super().add_attributes(node_or_edge, xml_obj, data, default)


def write(table: Table, stem: str) -> list[ExportFile]:
    """One `.gexf` file."""
    graph = nx.MultiDiGraph()
    for node in table.nodes:
        where = f"node {node.id}"
        attrs = xml_attrs(node.values, NODE_COLUMNS, where, FMT)
        graph.add_node(xml_text(node.id, where, FMT), label=attrs["name"], **attrs)
    for edge in table.edges:
        where = f"relationship {edge.source} -{edge.type}-> {edge.target}"
        attrs = xml_attrs(edge.values, EDGE_COLUMNS_BY_NAME, where, FMT)
        attrs.pop("type")
        graph.add_edge(edge.source, edge.target, key=edge.id, id=edge.id,
                       label=edge.type.value, **attrs)
    writer = _Writer()
    writer.add_graph(graph)
    buffer = io.BytesIO()
    writer.write(buffer)
    return [ExportFile.of(f"{stem}{FMT.suffix}", buffer.getvalue())]


def read(name: str, data: bytes) -> Subgraph:
    """The subgraph in a GEXF file written by `write` (other attributes go to `props`)."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as e:
        raise ExportFileError(name, f"not well-formed XML ({e})") from e
    graph = root.find(f"{NS}graph")
    if graph is None:
        raise ExportFileError(name, "no <graph> element (is it GEXF 1.2?)")
    declared: dict[str, dict[str, tuple[str, str]]] = {"node": {}, "edge": {}}
    for block in graph.findall(f"{NS}attributes"):
        for attr in block.findall(f"{NS}attribute"):
            declared.setdefault(block.get("class", ""), {})[attr.get("id", "")] = (
                attr.get("title", ""), attr.get("type", "string"),
            )
    nodes: list[Node] = []
    edges: list[Edge] = []
    for element in graph.iter(f"{NS}node"):
        node_id = element.get("id", "")
        values = _values(element, declared["node"], NODE_COLUMNS, f"{name}: node {node_id}")
        try:
            nodes.append(node_from(node_id, values))
        except (KeyError, ValueError) as e:
            raise ExportFileError(name, f"node {node_id}: {e}") from e
    for element in graph.iter(f"{NS}edge"):
        source, target = element.get("source", ""), element.get("target", "")
        where = f"{name}: edge {source}->{target}"
        values = {"type": element.get("label", ""),
                  **_values(element, declared["edge"], EDGE_COLUMNS_BY_NAME, where)}
        try:
            edges.append(edge_from(source, target, values))
        except (KeyError, ValueError) as e:
            raise ExportFileError(name, f"edge {source}->{target}: {e}") from e
    return subgraph_from(nodes, edges)


def _values(element: ElementTree.Element, declared: Mapping[str, tuple[str, str]],
            columns: Mapping[str, Any], where: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    attvalues = element.find(f"{NS}attvalues")
    for item in attvalues.findall(f"{NS}attvalue") if attvalues is not None else []:
        title, kind = declared.get(item.get("for", ""), ("", "string"))
        if not title:
            continue
        try:
            value = parse_value(kind, columns.get(title), item.get("value", ""))
        except ValueError as e:
            raise ExportFileError(where, f"{title}: {e}") from e
        (values if title in columns else extra)[title] = value
    if extra:
        values["props"] = {**extra, **(values.get("props") or {})}
    return values
