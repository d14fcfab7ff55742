"""How the views draw the domain: a colour and shape per node label, a colour per relationship
type, and the physics that lays a network out and then stops.

Colours are picked to stay apart for the common kinds of colour blindness and to read on white;
shapes differ too, so a label is recognisable without its colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from graph.model import Label, RelType


@dataclass(frozen=True)
class NodeStyle:
    colour: str
    shape: str
    size: int
    noun: str
    """What the legend calls this kind of node."""


@dataclass(frozen=True)
class EdgeStyle:
    colour: str
    dashes: bool = False
    width: float = 1.5


NODE_STYLES: Final[dict[Label, NodeStyle]] = {
    Label.COMPANY: NodeStyle("#2563eb", "square", 18, "Company"),
    Label.VENUE: NodeStyle("#0d9488", "dot", 16, "Venue or product"),
    Label.OPERATOR: NodeStyle("#7c3aed", "diamond", 18, "Operator"),
    Label.VIOLATION: NodeStyle("#dc2626", "triangle", 16, "Violation"),
    Label.CASE: NodeStyle("#d97706", "star", 18, "Case"),
    Label.AUTHORITY: NodeStyle("#475569", "hexagon", 16, "Authority"),
    Label.LOCATION: NodeStyle("#16a34a", "triangleDown", 12, "Location"),
    Label.DOCUMENT: NodeStyle("#64748b", "box", 12, "Document"),
}
MORE_STYLE: Final = NodeStyle("#94a3b8", "box", 14, "More neighbours")

EDGE_STYLES: Final[dict[RelType, EdgeStyle]] = {
    RelType.OPERATES: EdgeStyle("#7c3aed", width=2.0),
    RelType.RUNS: EdgeStyle("#2563eb", width=2.0),
    RelType.OWNS: EdgeStyle("#1e3a8a", width=2.5),
    RelType.COMMITTED: EdgeStyle("#dc2626"),
    RelType.FILED: EdgeStyle("#475569"),
    RelType.AGAINST: EdgeStyle("#d97706"),
    RelType.CONCERNS: EdgeStyle("#f59e0b"),
    RelType.LOCATED_IN: EdgeStyle("#16a34a", width=1.0),
    RelType.MENTIONED_IN: EdgeStyle("#94a3b8", width=1.0),
    RelType.SAME_AS: EdgeStyle("#ea580c", dashes=True, width=2.0),
}

LABEL_CHARS: Final = 30
"""Node captions longer than this are cut with an ellipsis; the full name is in the tooltip."""


def node_style(label: Label) -> NodeStyle:
    return NODE_STYLES[label]


def edge_style(rel: RelType) -> EdgeStyle:
    return EDGE_STYLES[rel]


def caption(name: str) -> str:
    name = " ".join(name.split())
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"


def legend() -> list[dict[str, str]]:
    """Legend rows for the page: noun, colour and shape of every label a view can show."""
    return [
        {"label": label.value, "noun": s.noun, "colour": s.colour, "shape": s.shape}
        for label, s in NODE_STYLES.items() if label is not Label.DOCUMENT
    ]


def physics(node_count: int) -> dict[str, Any]:
    """Barnes-Hut settings that settle a few hundred nodes quickly. The page switches physics
    off once the layout has stabilised, so large views never keep moving."""
    iterations = 400 if node_count <= 150 else 200
    return {
        "enabled": True,
        "solver": "barnesHut",
        "barnesHut": {
            "gravitationalConstant": -9000, "centralGravity": 0.25, "springLength": 150,
            "springConstant": 0.04, "damping": 0.35, "avoidOverlap": 0.3,
        },
        "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 50,
                          "fit": True},
        "minVelocity": 0.75,
    }
