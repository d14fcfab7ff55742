"""Subgraph -> vis-network data: nodes styled by label, edges labelled by relationship and
carrying their evidence, built with pyvis and handed to the page as typed JSON.

The page never styles anything itself: the first drawing and every expansion come through here,
so a node looks the same however it arrived.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, Field
from pyvis.network import Network

from graph.model import Label, RelType
from graph.types import Edge, Node, Subgraph
from viz.style import MORE_STYLE, caption, edge_style, node_style, physics

PROPERTY_LINES = 8
"""Most property lines a tooltip shows."""


class VisNode(BaseModel):
    """One node as vis-network draws it, plus what the side panel shows."""

    id: str
    label: str
    title: str = Field(description="Tooltip text (plain text, one fact per line).")
    shape: str
    color: dict[str, Any]
    size: int
    kind: str = Field(description="`entity`, or `more` for a 'show more' placeholder.")
    type: str = Field(description="The node label (Company, Venue, ...), or `More`.")
    name: str
    aliases: list[str] = Field(default_factory=list)
    properties: dict[str, Any] = Field(default_factory=dict)
    borderWidth: int = 1
    shapeProperties: dict[str, Any] = Field(default_factory=dict)
    centre: str | None = Field(default=None, description="For `more`: whose neighbours.")
    offset: int | None = Field(default=None, description="For `more`: where the next page starts.")
    radius: int | None = Field(default=None, description="For `more`: the radius being paged.")


class VisEdge(BaseModel):
    """One relationship as vis-network draws it, with its evidence for the side panel."""

    id: str
    source: str
    target: str
    label: str
    title: str
    type: str = Field(description="The relationship type, or `MORE` for a placeholder's link.")
    color: dict[str, Any]
    dashes: bool
    width: float
    arrows: str = "to"
    evidence: dict[str, Any] | None = None
    properties: dict[str, Any] = Field(default_factory=dict)


class VisGraph(BaseModel):
    """What a view draws (or adds, on expansion)."""

    nodes: list[VisNode]
    edges: list[VisEdge]
    centre: str | None = None
    truncated: bool = False
    next_offset: int | None = None
    options: dict[str, Any] = Field(default_factory=dict)


def edge_id(edge: Edge) -> str:
    """Stable across requests, so an expansion never draws an edge twice."""
    return "|".join(edge.key)


def more_id(centre: str, offset: int) -> str:
    return f"more:{centre}:{offset}"


def _node_tooltip(node: Node) -> str:
    noun = node_style(node.label).noun
    lines = [f"{noun}: {node.name}"]
    if node.aliases:
        lines.append("Also: " + "; ".join(node.aliases[:6]))
    for key, value in list(node.properties.items())[:PROPERTY_LINES]:
        if isinstance(value, bool):
            value = "yes" if value else "no"
        lines.append(f"{key.replace('_', ' ')}: {value}")
    lines.append(f"id: {node.id}")
    return "\n".join(lines)


def _edge_tooltip(edge: Edge) -> str:
    lines = [edge.type.value.replace("_", " ").lower()]
    ev = edge.evidence
    if ev is not None:
        if ev.sentence:
            lines.append(f"“{ev.sentence}”")
        where = [f"document {ev.doc_id}"]
        if ev.confidence is not None:
            where.append(f"confidence {ev.confidence:.2f}")
        lines.append(", ".join(where))
    if edge.type is RelType.SAME_AS:
        status = edge.properties.get("status", "candidate")
        score = edge.properties.get("score")
        lines.append(f"review: {status}" + (f", score {score:.2f}" if score else ""))
    lines.append("Click for the evidence")
    return "\n".join(lines)


def _caption(node: Node) -> str:
    # Cases are often named by their kind ("administrative penalty"): the year tells them apart.
    year = node.properties.get("year")
    if node.label is Label.CASE and isinstance(year, int) and str(year) not in node.name:
        return caption(f"{node.name} ({year})")
    return caption(node.name)


def _colour(colour: str) -> dict[str, Any]:
    return {"background": colour, "border": "#1f2937",
            "highlight": {"background": colour, "border": "#111827"},
            "hover": {"background": colour, "border": "#111827"}}


def to_vis(
    graph: Subgraph, *, centre: str | None = None, next_offset: int | None = None,
    radius: int = 1, emphasise: set[str] | None = None,
) -> VisGraph:
    """The vis-network data of a subgraph. When the subgraph was cut short (`next_offset`
    given), a 'show more' node hangs off `centre` and pages on from there."""
    net = Network(directed=True)
    emphasise = emphasise or set()
    for node in graph.nodes:
        style = node_style(node.label)
        net.add_node(
            node.id, label=_caption(node), title=_node_tooltip(node), shape=style.shape,
            color=_colour(style.colour),
            size=style.size + (6 if node.id == centre or node.id in emphasise else 0),
            borderWidth=3 if node.id == centre or node.id in emphasise else 1,
            kind="entity", type=node.label.value, name=node.name, aliases=list(node.aliases),
            properties=node.properties,
        )
    for edge in graph.edges:
        if edge.source not in net.node_map or edge.target not in net.node_map:
            continue
        look = edge_style(edge.type)
        dashes = look.dashes and edge.properties.get("status") != "accepted"
        net.add_edge(
            edge.source, edge.target, id=edge_id(edge), label=edge.type.value,
            type=edge.type.value,
            title=_edge_tooltip(edge),
            color={"color": look.colour, "highlight": "#111827", "hover": look.colour},
            dashes=dashes, width=look.width, arrows="to",
            evidence=edge.evidence.model_dump() if edge.evidence else None,
            properties=edge.properties,
        )
    if centre is not None and next_offset is not None and centre in net.node_map:
        mid = more_id(centre, next_offset)
        net.add_node(
            mid, label="show more…", title="More neighbours are not drawn yet.\n"
            "Double-click to add the next ones.", shape=MORE_STYLE.shape,
            color=_colour(MORE_STYLE.colour), size=MORE_STYLE.size, kind="more", type="More",
            name="show more", centre=centre, offset=next_offset, radius=radius,
            shapeProperties={"borderDashes": [4, 3]},
        )
        net.add_edge(centre, mid, id=f"{mid}|edge", label="", type="MORE",
                     title="more neighbours", color={"color": "#cbd5e1"}, dashes=True, width=1.0,
                     arrows="")
    net.barnes_hut()
    options = json.loads(net.options.to_json())
    options["physics"] = physics(len(graph.nodes))
    options["interaction"] = {"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                              "multiselect": False, "hideEdgesOnDrag": len(graph.nodes) > 150}
    options["edges"] = {"smooth": {"enabled": True, "type": "dynamic"},
                        "font": {"size": 10, "align": "middle", "color": "#334155",
                                 "strokeWidth": 3, "strokeColor": "#ffffff"},
                        "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}}}
    options["nodes"] = {"font": {"size": 13, "face": "system-ui, sans-serif",
                                 "color": "#0f172a", "strokeWidth": 3,
                                 "strokeColor": "#ffffff"}}
    return VisGraph(
        nodes=[VisNode.model_validate(_plain(n)) for n in net.nodes],
        edges=[VisEdge.model_validate(_edge_fields(e)) for e in net.edges],
        centre=centre, truncated=graph.truncated or next_offset is not None,
        next_offset=next_offset,
        options=options,
    )


def _plain(node: dict[str, Any]) -> dict[str, Any]:
    # pyvis adds keys of its own (e.g. `font` colour); keep only what VisNode declares.
    return {k: v for k, v in node.items() if k in VisNode.model_fields}


def _edge_fields(edge: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in edge.items() if k in VisEdge.model_fields}
    out["source"], out["target"] = edge["from"], edge["to"]
    return out

