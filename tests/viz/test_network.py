"""The views' data and pages without a browser: subgraphs become styled vis-network data with
evidence on edges and a 'show more' node when capped; pages load nothing from outside and
escape what they show."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import ApiSettings
from graph.model import Label, RelType
from graph.types import Edge, Evidence, Node, Subgraph
from tests.api.conftest import load_world
from viz.network import more_id, to_vis
from viz.render import vis_folder
from viz.style import EDGE_STYLES, LABEL_CHARS, NODE_STYLES, legend


def _graph() -> Subgraph:
    op = Node(id="op:1", label=Label.OPERATOR, name="Qiu Mou", aliases=["Qiu"])
    bar = Node(id="ven:1", label=Label.VENUE, name="Hongyun Bar " + "x" * 60,
               properties={"kind": "bar"})
    case = Node(id="case:1", label=Label.CASE, name="civil suit", properties={"year": 2022})
    ev = Evidence(doc_id="d1", start=0, end=20, sentence="Qiu Mou runs the bar.",
                  confidence=0.9, extractor="casegraph 1")
    return Subgraph(nodes=[op, bar, case], edges=[
        Edge(source="op:1", target="ven:1", type=RelType.OPERATES, evidence=ev),
        Edge(source="case:1", target="op:1", type=RelType.AGAINST, evidence=ev),
        Edge(source="op:1", target="ghost:1", type=RelType.OPERATES),  # end not drawn: dropped
    ])


def test_nodes_are_styled_by_label_and_keep_their_facts() -> None:
    vis = to_vis(_graph(), centre="op:1")
    nodes = {n.id: n for n in vis.nodes}
    for n in vis.nodes:
        style = NODE_STYLES[Label(n.type)]
        assert n.shape == style.shape and n.color["background"] == style.colour
    assert nodes["op:1"].size > NODE_STYLES[Label.OPERATOR].size  # the centre stands out
    assert nodes["ven:1"].label.endswith("…") and len(nodes["ven:1"].label) == LABEL_CHARS
    assert nodes["ven:1"].name.startswith("Hongyun Bar") and "kind: bar" in nodes["ven:1"].title
    assert nodes["case:1"].label == "civil suit (2022)"
    assert "Also: Qiu" in nodes["op:1"].title


def test_edges_are_labelled_and_carry_their_evidence() -> None:
    vis = to_vis(_graph())
    assert len(vis.edges) == 2
    operates = next(e for e in vis.edges if e.type == "OPERATES")
    assert operates.label == "OPERATES" and operates.arrows == "to"
    assert operates.color["color"] == EDGE_STYLES[RelType.OPERATES].colour
    assert operates.evidence == {"doc_id": "d1", "start": 0, "end": 20,
                                 "sentence": "Qiu Mou runs the bar.", "extractor": "casegraph 1",
                                 "confidence": 0.9}
    assert "“Qiu Mou runs the bar.”" in operates.title
    assert len({e.id for e in vis.edges}) == len(vis.edges)
    assert to_vis(_graph()).edges[0].id == vis.edges[0].id  # stable across calls


def test_capped_view_gets_a_show_more_node() -> None:
    vis = to_vis(_graph(), centre="op:1", next_offset=40)
    more = [n for n in vis.nodes if n.kind == "more"]
    assert [m.id for m in more] == [more_id("op:1", 40)]
    assert more[0].centre == "op:1" and more[0].offset == 40
    assert vis.truncated and vis.next_offset == 40
    assert any(e.target == more[0].id for e in vis.edges)
    assert not [n for n in to_vis(_graph(), centre="op:1").nodes if n.kind == "more"]


def test_physics_settles_then_the_page_turns_it_off() -> None:
    options = to_vis(_graph()).options
    assert options["physics"]["stabilization"]["enabled"] is True
    assert options["interaction"]["hover"] is True
    script = (Path(__file__).resolve().parents[2] / "viz" / "static" / "network.js").read_text()
    assert "stabilizationIterationsDone" in script and "enabled: false" in script


def test_legend_covers_every_label_a_view_draws() -> None:
    assert {row["label"] for row in legend()} == {lb.value for lb in Label} - {"Document"}


def test_vis_network_is_the_one_pyvis_ships() -> None:
    js = (vis_folder() / "vis-network.min.js").read_text(encoding="utf-8", errors="replace")
    assert "@version 9.1.2" in js


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    store = load_world(tmp_path_factory.mktemp("pages") / "db")
    return TestClient(create_app(ApiSettings(), store))


PAGES = ["/", "/?q=qiu", "/view/ego/Qiu Mou", "/view/ego/Qiu Mou?radius=2",
         "/view/path?source=Yeying KTV&target=Hongyun Bar", "/view/offender/Qiu Mou",
         "/view/cluster/Qiu Mou", "/view/document/2019-ftc-pixelfort", "/login", "/api-docs"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_nothing_from_outside(pages: TestClient, path: str) -> None:
    r = pages.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    soup = BeautifulSoup(r.text, "html.parser")
    refs = [t.get("src") or t.get("href") for t in soup.find_all(["script", "link", "img"])]
    refs = [x for x in refs if x]
    assert refs, path
    for ref in refs:
        assert ref.startswith(("/", "data:")) and not ref.startswith("//"), (path, ref)
        if ref.startswith("/static/"):
            assert pages.get(ref).status_code == 200, ref
    assert not re.search(r"https?://", r.text), path


def test_every_script_is_plain_text_free_of_outside_urls() -> None:
    static = Path(__file__).resolve().parents[2] / "viz" / "static"
    for script in static.glob("*.js"):
        text = script.read_text()
        assert not re.search(r"https?://", text), script.name
        assert "innerHTML" not in text, script.name  # data reaches pages as text only


def test_what_a_page_shows_is_escaped(pages: TestClient) -> None:
    hostile = '<img src=x onerror="alert(1)">'
    r = pages.get("/view/ego/" + quote(hostile, safe=""))
    assert r.status_code == 200
    assert hostile not in r.text and "&lt;img src=x" in r.text
    soup = BeautifulSoup(r.text, "html.parser")
    assert soup.find("img") is None
    config = json.loads(soup.find("script", id="page-config").string)
    assert config["dataUrl"] == "/api/views/ego/" + quote(hostile, safe="") + "?radius=1"
    closing = pages.get("/view/path", params={"source": "x</script><b>y", "target": "Qiu Mou"})
    assert closing.status_code == 200
    assert "</script><b>" not in closing.text
    assert BeautifulSoup(closing.text, "html.parser").find("b") is None


def test_view_data_routes_return_drawable_graphs(pages: TestClient) -> None:
    ego = pages.get("/api/views/ego/Qiu Mou").json()
    assert ego["centre"] and ego["nodes"] and ego["edges"]
    ids = {n["id"] for n in ego["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in ego["edges"])
    capped = pages.get("/api/views/ego/Qiu Mou", params={"limit": 2}).json()
    assert capped["truncated"] and any(n["kind"] == "more" for n in capped["nodes"])
    page2 = pages.get("/api/views/ego/Qiu Mou", params={"limit": 2, "offset": 2}).json()
    first = {n["id"] for n in capped["nodes"] if n["kind"] == "entity"} - {capped["centre"]}
    second = {n["id"] for n in page2["nodes"] if n["kind"] == "entity"} - {capped["centre"]}
    assert first and second and not first & second
    offender = pages.get("/api/views/offender/Qiu Mou").json()
    types = {n["type"] for n in offender["nodes"]}
    assert {"Operator", "Case", "Violation", "Authority"} <= types
    path = pages.get("/api/views/path",
                     params={"source": "Yeying KTV", "target": "Hongyun Bar"}).json()
    assert {n["name"] for n in path["nodes"]} == {"Yeying KTV", "Qiu Mou", "Hongyun Bar"}
    cluster = pages.get("/api/views/cluster/Qiu Mou").json()
    assert {n["type"] for n in cluster["nodes"]} <= {"Operator", "Venue", "Company"}
