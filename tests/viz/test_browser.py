"""The views in a real headless browser (Debian's chromium through Playwright) against the real
app over HTTP: the home page searches and lists offenders, a network view settles and stops,
double-clicking expands a node through the API, clicking an edge shows its evidence, a capped
view pages on through 'show more', the document view highlights mentions. Every request must
go to 127.0.0.1."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from api.app import create_app
from api.auth import KeyRing, Role
from api.settings import ApiSettings
from tests.api.conftest import load_world
from tests.viz.conftest import LiveServer, Requests

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "bench" / "out"


def _ready(page: Page) -> None:
    page.wait_for_selector("#network[data-ready='1']", timeout=20_000)


def _node_xy(page: Page, node_id: str) -> tuple[float, float]:
    x, y = page.evaluate(
        """id => { const p = network.getPositions([id])[id]; const d = network.canvasToDOM(p);
                   const r = document.getElementById('network').getBoundingClientRect();
                   return [r.left + d.x, r.top + d.y]; }""", node_id)
    return float(x), float(y)


def _edge_xy(page: Page, edge_id: str) -> tuple[float, float]:
    x, y = page.evaluate(
        """id => { const p = network.body.edges[id].edgeType.getPoint(0.5);
                   const d = network.canvasToDOM(p);
                   const r = document.getElementById('network').getBoundingClientRect();
                   return [r.left + d.x, r.top + d.y]; }""", edge_id)
    return float(x), float(y)


def _until(page: Page, predicate: str, timeout_s: float = 15.0) -> None:
    """Poll a JS predicate with `evaluate` (the page's CSP forbids the eval that
    `wait_for_function` needs)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(predicate):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {predicate}")
        time.sleep(0.05)


def _clickable_edge(page: Page, rel: str, source: str | None = None) -> dict[str, object]:
    """An edge of type `rel` (from `source`, when given) whose midpoint a click would hit: no
    node there and this edge, not another, under the pointer."""
    page.evaluate("network.fit()")
    time.sleep(0.3)  # the fit animation
    edge = page.evaluate(
        """([rel, source]) => {
             const ok = cgEdges.get({filter: e => e.type === rel && (!source || e.from === source)})
               .filter(e => {
                 const d = network.canvasToDOM(network.body.edges[e.id].edgeType.getPoint(0.5));
                 return network.getNodeAt(d) === undefined && network.getEdgeAt(d) === e.id;
               });
             return ok[0] || null; }""", [rel, source])
    assert edge is not None, f"no clickable {rel} edge"
    return dict(edge)


def _count(page: Page, kind: str = "entity") -> int:
    return int(page.evaluate(f"cgNodes.get({{filter: n => n.kind === '{kind}'}}).length"))


def _node_named(page: Page, name: str) -> str:
    return str(page.evaluate("name => cgNodes.get({filter: n => n.name === name})[0].id", name))


def test_home_searches_and_lists_offenders(live: LiveServer,
                                           page: tuple[Page, Requests]) -> None:
    p, seen = page
    p.goto(live.url + "/")
    p.wait_for_selector("#offender-table tbody tr[data-key]")
    names = p.locator("#offender-table .offender-link").all_inner_texts()
    assert "Qiu Mou" in names and "Feiyu Internet Cafe" in names
    p.fill("#search-input", "sunward")
    p.wait_for_selector("#search-results li[data-id]")
    assert p.locator("#search-results li[data-id]").count() == 4
    p.wait_for_selector("#pattern-table tbody tr td.num")
    p.wait_for_selector("#cluster-list li a")
    assert p.locator("#review-list button").count() == 2  # local user is admin: may decide
    assert seen.urls and seen.outside() == []


def test_network_settles_expands_on_double_click_and_shows_evidence(
        live: LiveServer, page: tuple[Page, Requests]) -> None:
    p, seen = page
    p.goto(live.url + "/view/ego/" + quote("Xuzhou Lanhai Culture Co., Ltd."))
    _ready(p)
    # Physics ran to lay the network out, then stopped: nothing keeps moving.
    assert p.evaluate("network.physics.options.enabled") is False
    assert p.locator("#view-title").inner_text() == "Xuzhou Lanhai Culture Co., Ltd."
    before = _count(p)
    assert before == 3
    tang = _node_named(p, "Tang Feiyu")
    p.mouse.dblclick(*_node_xy(p, tang))
    _until(p, f"() => cgNodes.get({{filter: n => n.kind === 'entity'}}).length > {before}")
    assert "Feiyu Internet Cafe" in p.evaluate("cgNodes.get().map(n => n.name)")
    p.wait_for_selector("#network[data-expanded='1']")
    # Click an edge: the side panel shows the sentence it was extracted from.
    edge = _clickable_edge(p, "OWNS")
    p.mouse.click(*_edge_xy(p, str(edge["id"])))
    p.wait_for_selector("#evidence-sentence")
    evidence = edge["evidence"]
    assert isinstance(evidence, dict)
    assert p.locator("#evidence-sentence").inner_text() == evidence["sentence"]
    assert "owns Xuzhou Lanhai Culture" in evidence["sentence"]
    assert p.locator("#evidence-document").inner_text() == evidence["doc_id"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    p.screenshot(path=str(SHOTS / "view-ego.png"))
    assert seen.outside() == []


def test_capped_view_pages_on_through_show_more(live: LiveServer,
                                                page: tuple[Page, Requests]) -> None:
    p, seen = page
    p.goto(live.url + "/view/ego/" + quote("Qiu Mou") + "?radius=2")
    _ready(p)
    assert _count(p) == 6  # the centre and the view cap of 5
    more = p.evaluate("cgNodes.get({filter: n => n.kind === 'more'})[0]")
    assert more["offset"] == 5 and more["radius"] == 2
    assert "capped" in p.locator("#status").inner_text()
    p.mouse.dblclick(*_node_xy(p, more["id"]))
    _until(p, "() => cgNodes.get({filter: n => n.kind === 'entity'}).length > 6")
    assert p.evaluate(f"cgNodes.get('{more['id']}')") is None
    assert seen.outside() == []


def test_offender_path_and_cluster_views_draw(live: LiveServer,
                                              page: tuple[Page, Requests]) -> None:
    p, seen = page
    for path, expect in [
        ("/view/offender/" + quote("Feiyu Internet Cafe"), {"Case", "Violation", "Authority"}),
        ("/view/path?source=Yeying%20KTV&target=Hongyun%20Bar", {"Venue", "Operator"}),
        ("/view/cluster/" + quote("Tang Feiyu"), {"Venue", "Operator", "Company"}),
    ]:
        p.goto(live.url + path)
        _ready(p)
        types = set(p.evaluate("cgNodes.get().map(n => n.type)"))
        assert expect <= types, (path, types)
        assert p.locator("#exports a[data-format='graphml']").count() == 1
    assert seen.outside() == []


def test_document_view_highlights_mentions_and_selects_evidence(
        live: LiveServer, page: tuple[Page, Requests]) -> None:
    p, seen = page
    p.goto(live.url + "/view/document/2024-xuzhou-feiyu-internet-cafe")
    p.wait_for_selector("#doc-text[data-ready='1']")
    marks = p.locator("#doc-text mark").all_inner_texts()
    assert "Feiyu Internet Cafe" in marks and "Tang Feiyu" in marks
    first = p.locator("#doc-facts a.sentence").first
    sentence = first.inner_text().strip("“”")
    first.click()
    assert p.evaluate("window.getSelection().toString()") == sentence
    SHOTS.mkdir(parents=True, exist_ok=True)
    p.screenshot(path=str(SHOTS / "view-document.png"))
    assert seen.outside() == []


def test_failing_view_says_why(live: LiveServer, page: tuple[Page, Requests]) -> None:
    p, _ = page
    p.goto(live.url + "/view/ego/co:0000000000000000")
    p.wait_for_selector("#network[data-ready='error']")
    assert "no entity" in p.locator("#panel").inner_text()


def test_hovering_a_node_shows_its_properties(live: LiveServer,
                                              page: tuple[Page, Requests]) -> None:
    p, _ = page
    p.goto(live.url + "/view/ego/" + quote("Hongyun Bar"))
    _ready(p)
    bar = _node_named(p, "Hongyun Bar")
    x, y = _node_xy(p, bar)
    p.mouse.move(x - 40, y - 40)
    p.mouse.move(x, y)
    tooltip = p.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    text = tooltip.inner_text()
    assert "Venue or product: Hongyun Bar" in text and "kind: bar" in text


@pytest.fixture(scope="module")
def keyed_live(
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("keyed-live") / "db"
    store = load_world(folder)
    ring = KeyRing(ApiSettings().keys_path(str(folder)))
    keys = {role.value: ring.create(role, f"{role.value} in the browser")[1] for role in Role}
    server = LiveServer(create_app(ApiSettings(), store))
    yield server, keys
    server.stop()


def test_signing_in_and_what_an_investigator_sees(keyed_live: tuple[LiveServer, dict[str, str]],
                                                   page: tuple[Page, Requests]) -> None:
    server, keys = keyed_live
    p, seen = page
    p.goto(server.url + "/")
    p.wait_for_selector("#banner a[href^='/login']")  # no key yet: asked to sign in
    p.click("#banner a[href^='/login']")
    p.fill("input[name=key]", "cgk_wrong_key")
    p.click("button[type=submit]")
    assert "unknown or revoked" in p.locator("p.error").inner_text()
    assert p.locator("#banner").is_hidden()
    p.fill("input[name=key]", keys["investigator"])
    p.click("button[type=submit]")
    p.wait_for_selector("#offender-table tbody tr[data-key]")
    assert "investigator" in p.locator("#whoami").inner_text()
    p.wait_for_selector("#pattern-table tbody td.muted")
    assert "higher role" in p.locator("#pattern-table tbody").inner_text()
    p.wait_for_selector("#review-list li")
    assert p.locator("#review-list button").count() == 0  # may not decide
    assert p.locator("#upload-form").is_hidden()  # may not upload
    p.goto(server.url + "/view/ego/" + quote("Qiu Mou"))
    _ready(p)
    assert p.locator("#exports a").count() == 0  # exports are for auditors
    assert seen.outside() == []
