"""Node-link JSON export: networkx's `node_link_data` shape (`nodes` and `links`), which
`networkx.node_link_graph(data, edges="links")`, d3 and vis-network read directly.

JSON carries every value natively, so each node is `{"id", "type", "name", "aliases",
"properties"}` and each link `{"source", "target", "key", "type", "evidence", "properties"}`,
the same shape as `graph.types`. Keys inside `properties` are sorted and the text is indented
one space, so the same subgraph always gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx
from pydantic import ValidationError

from graph.export.bundle import ExportFile, ExportFormat
from graph.export.errors import ExportFileError
from graph.export.table import Table, edge_from, node_from, subgraph_from
from graph.types import Edge, Evidence, Node, Subgraph

FMT = ExportFormat.JSON
_NODE_KEYS = ("id", "type", "name", "aliases", "properties")
_LINK_KEYS = ("source", "target", "key", "type", "evidence", "properties")


def write(table: Table, stem: str) -> list[ExportFile]:
    """One `.json` file."""
    graph = nx.MultiDiGraph()
    for node in table.nodes:
        graph.add_node(node.id, **_node_fields(node_from(node.id, node.values)))
    for row in table.edges:
        edge = edge_from(row.source, row.target, row.values)
        evidence = edge.evidence.model_dump() if edge.evidence is not None else None
        graph.add_edge(row.source, row.target, key=row.id, type=edge.type.value,
                       evidence=evidence, properties=_sorted(edge.properties))
    data = nx.node_link_data(graph, edges="links")
    # node_link_data puts "id" last; a fixed, readable key order instead.
    data["nodes"] = [{k: n[k] for k in _NODE_KEYS} for n in data["nodes"]]
    data["links"] = [{k: e[k] for k in _LINK_KEYS} for e in data["links"]]
    text = json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False)
    return [ExportFile.of(f"{stem}{FMT.suffix}", (text + "\n").encode("utf-8"))]


def _node_fields(node: Node) -> dict[str, Any]:
    return {"type": node.label.value, "name": node.name, "aliases": list(node.aliases),
            "properties": _sorted(node.properties)}


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


def read(name: str, data: bytes) -> Subgraph:
    """The subgraph in a node-link JSON file written by `write`."""
    try:
        doc = json.loads(data.decode("utf-8"))
        nodes_in, links_in = doc["nodes"], doc["links"]
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as e:
        raise ExportFileError(name, f"not node-link JSON with nodes and links ({e})") from e
    nodes: list[Node] = []
    edges: list[Edge] = []
    for i, item in enumerate(nodes_in):
        try:
            nodes.append(Node(id=item["id"], label=item["type"], name=item.get("name", ""),
                              aliases=item.get("aliases") or [],
                              properties=item.get("properties") or {}))
        except (KeyError, TypeError, ValidationError) as e:
            raise ExportFileError(f"{name}: nodes[{i}]", _reason(e)) from e
    for i, item in enumerate(links_in):
        try:
            evidence = item.get("evidence")
            edges.append(Edge(
                source=item["source"], target=item["target"], type=item["type"],
                evidence=Evidence(**evidence) if evidence else None,
                properties=item.get("properties") or {},
            ))
        except (KeyError, TypeError, ValidationError) as e:
            raise ExportFileError(f"{name}: links[{i}]", _reason(e)) from e
    return subgraph_from(nodes, edges)


def _reason(e: Exception) -> str:
    if isinstance(e, KeyError):
        return f"missing {e}"
    return str(e).splitlines()[0] if str(e) else type(e).__name__

