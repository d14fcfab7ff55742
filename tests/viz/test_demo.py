"""The new user's first minutes, in a real browser: `casegraph demo` builds the sample store,
the served page lists repeat offenders, the user opens one, expands its network, reads the
evidence sentence of an edge and downloads a GraphML export with its manifest."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from playwright.sync_api import Page
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app as cli
from api.settings import ApiSettings
from graph.embedded import EmbeddedStore
from tests.viz.conftest import LiveServer, Requests
from tests.viz.test_browser import _clickable_edge, _edge_xy, _node_xy, _ready, _until

pytestmark = pytest.mark.browser


def test_demo_story(tmp_path: Path, page: tuple[Page, Requests]) -> None:
    folder = tmp_path / "casegraph-demo"
    built = CliRunner().invoke(cli, ["demo", "--no-serve", "--folder", str(folder)])
    assert built.exit_code == 0, built.output
    assert "repeat offenders" in built.output and "with their text" in built.output

    server = LiveServer(create_app(ApiSettings(), EmbeddedStore(folder)))
    try:
        p, seen = page
        p.goto(server.url + "/")
        p.wait_for_selector("#offender-table tbody tr[data-key]")
        first = p.locator("#offender-table .offender-link").first
        name = first.inner_text()
        first.click()
        _ready(p)
        assert p.locator("#view-title").inner_text() == name
        shown = int(p.evaluate("cgNodes.get().length"))

        # Expand: double-click a violation; others who committed it join the network.
        violation = p.evaluate("cgNodes.get({filter: n => n.type === 'Violation'})[0].id")
        p.mouse.dblclick(*_node_xy(p, violation))
        _until(p, f"() => cgNodes.get().length > {shown}")

        # Evidence: click an edge the offender committed; the sentence is shown.
        edge = _clickable_edge(p, "COMMITTED", str(p.evaluate("cgCentre")))
        p.mouse.click(*_edge_xy(p, str(edge["id"])))
        p.wait_for_selector("#evidence-sentence")
        sentence = p.locator("#evidence-sentence").inner_text()
        evidence = edge["evidence"]
        assert isinstance(evidence, dict)
        assert sentence == evidence["sentence"] and len(sentence) > 20

        # Export: the GraphML link downloads the data and its manifest.
        with p.expect_download() as download:
            p.locator("#exports a[data-format='graphml']").click()
        data = Path(download.value.path()).read_bytes()
        archive = zipfile.ZipFile(io.BytesIO(data))
        graphml = [n for n in archive.namelist() if n.endswith(".graphml")]
        assert len(graphml) == 1 and "manifest.json" in archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        body = archive.read(graphml[0])
        listed = {f["name"]: f["sha256"] for f in manifest["files"]}
        assert listed[graphml[0]] == hashlib.sha256(body).hexdigest()
        assert manifest["requested_by"] == "local"
        exported = nx.read_graphml(io.BytesIO(body))
        assert exported.number_of_nodes() == shown
        assert seen.outside() == []
    finally:
        server.stop()
