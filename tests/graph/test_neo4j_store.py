"""The Neo4j backend: what can be checked without a server always runs (addresses, errors, path
rows); what needs one is marked `neo4j` and runs only with NEO4J_URI set (docs/neo4j.md).

The traversal tests run on the embedded store too: both backends must agree that hubs are
pre-filtered (a shortest path never crosses a violation, however much shorter that would be).
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Iterator
from datetime import date, datetime
from datetime import time as dtime
from pathlib import Path

import pytest
from neo4j.graph import Graph, Node
from neo4j.spatial import CartesianPoint
from neo4j.time import Date, DateTime, Duration, Time

from graph import open_store
from graph.cypher import REGISTRY, Dialect, set_list
from graph.embedded import EmbeddedStore
from graph.errors import (
    GraphError,
    InvalidQuery,
    NodeNotFound,
    NoPath,
    ReadOnlyViolation,
    StoreUnavailable,
)
from graph.model import Label, RelType, make_id
from graph.neo4j import Neo4jStore, plain
from graph.settings import GraphSettings
from graph.store import Store, WriteBatch
from tests.graph import neo4j_fixture

LIVE = bool(os.environ.get("NEO4J_URI"))
live = [
    pytest.mark.neo4j,
    pytest.mark.skipif(not LIVE, reason="set NEO4J_URI to run against a live Neo4j"),
]


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on: connecting is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- without a server -----------------------------------------------------------------------


def test_unreachable_server_says_what_to_check(closed_port: int) -> None:
    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match="is the server running") as caught:
        Neo4jStore(f"bolt://127.0.0.1:{closed_port}", auth=("neo4j", "pw"))
    assert type(caught.value.__cause__).__name__ == "ServiceUnavailable"
    # The probe makes one attempt: no 30-second retry loop before the user hears anything.
    assert time.monotonic() - started < 10


def test_open_store_routes_a_neo4j_uri_to_the_neo4j_backend(closed_port: int) -> None:
    with pytest.raises(StoreUnavailable, match=f"neo4j://127.0.0.1:{closed_port}"):
        open_store(f"neo4j://127.0.0.1:{closed_port}")


def test_an_address_that_is_not_bolt_is_refused() -> None:
    with pytest.raises(StoreUnavailable, match="not a Bolt address"):
        Neo4jStore("http://127.0.0.1:7474")


def test_a_password_in_the_uri_never_reaches_a_message(closed_port: int) -> None:
    with pytest.raises(StoreUnavailable) as caught:
        Neo4jStore(f"bolt://neo4j:s3cret-pw@127.0.0.1:{closed_port}")
    assert "s3cret-pw" not in str(caught.value)
    assert f"127.0.0.1:{closed_port}" in str(caught.value)


def test_from_settings_names_the_database_it_was_given(
    closed_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEO4J_USERNAME", "analyst")
    monkeypatch.setenv("NEO4J_PASSWORD", "pw")
    monkeypatch.setenv("NEO4J_DATABASE", "cases")
    settings = GraphSettings(db=f"neo4j://127.0.0.1:{closed_port}")
    with pytest.raises(StoreUnavailable, match=r"\(database cases\)"):
        Neo4jStore.from_settings(settings)


def test_a_closed_store_refuses_work() -> None:
    store = Neo4jStore("bolt://127.0.0.1:7687", verify=False)  # the driver connects lazily
    store.close()
    store.close()  # closing twice is harmless
    with pytest.raises(StoreUnavailable, match="closed"):
        store.stats()
    with pytest.raises(StoreUnavailable, match="closed"):
        store.cypher("RETURN 1")


def test_path_rows_become_node_ids_and_steps_with_every_property() -> None:
    # The row shape NEO_PATH_COLUMNS returns; _raw_path must flatten `props` into each step.
    row = {
        "id": "ven:2",
        "path_ids": ["co:1", "op:9", "ven:2"],
        "path_rels": [
            {"src": "op:9", "type": "OPERATES", "dst": "co:1",
             "props": {"doc_id": "d1", "char_start": 3, "confidence": 0.9}},
            {"src": "op:9", "type": "OPERATES", "dst": "ven:2", "props": {}},
        ],
    }
    store = Neo4jStore("bolt://127.0.0.1:7687", verify=False)
    try:
        ids, steps = store._raw_path(row)
    finally:
        store.close()
    assert ids == ["co:1", "op:9", "ven:2"]
    assert steps[0] == {
        "src": "op:9", "type": "OPERATES", "dst": "co:1",
        "doc_id": "d1", "char_start": 3, "confidence": 0.9,
    }
    assert steps[1] == {"src": "op:9", "type": "OPERATES", "dst": "ven:2"}


def test_analysts_values_become_plain_python_shaped_like_the_embedded_engines() -> None:
    node = Node(Graph(), "4:db:7", 7, ["Company"], {"id": "co:1", "aliases": ["ACME"]})
    values = [node, DateTime(2024, 5, 6, 7, 8, 9), Date(2024, 5, 6), Time(1, 2, 3),
              Duration(days=2, seconds=3), CartesianPoint((1.0, 2.0)), {"k": (1, [node])}]
    out = plain(values)
    as_dict = {"_ID": "4:db:7", "_LABEL": "Company", "id": "co:1", "aliases": ["ACME"]}
    assert out == [
        as_dict, datetime(2024, 5, 6, 7, 8, 9), date(2024, 5, 6), dtime(1, 2, 3), "P2DT3S",
        {"srid": 7203, "coordinates": [1.0, 2.0]}, {"k": [1, [as_dict]]},
    ]
    json.dumps(out, default=str)  # nothing driver-specific is left


def test_neo4j_path_queries_return_the_columns_raw_path_reads() -> None:
    for name in ("linked", "shortest_paths"):
        text = REGISTRY[name].text(Dialect.NEO4J)
        for column in ("AS path_ids", "AS path_rels", "src: startNode(e).id", "type: type(e)",
                       "dst: endNode(e).id", "props: properties(e)"):
            assert column in text, f"{name} lacks {column}"
        # Selection happens before filtering only when the filter sits inside the parentheses.
        assert "SHORTEST (p = " in text and "shortestPath(" not in text


def test_the_fixture_refuses_to_wipe_without_the_flag(
    closed_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{closed_port}")
    monkeypatch.delenv(neo4j_fixture.WIPE_FLAG, raising=False)
    # Refusal comes before any connection: an unreachable server would raise StoreUnavailable.
    with pytest.raises(pytest.fail.Exception, match=neo4j_fixture.WIPE_FLAG):
        neo4j_fixture.open_test_neo4j()


# -- traversals: the same answers on every backend ------------------------------------------

BACKENDS = ["embedded", pytest.param("neo4j", marks=live)]


@pytest.fixture(params=BACKENDS)
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    store: Store = (
        EmbeddedStore(tmp_path / "db") if request.param == "embedded"
        else neo4j_fixture.open_test_neo4j()
    )
    try:
        yield store
    finally:
        store.close()


def _node(batch: WriteBatch, label: Label, name: str, **props: object) -> str:
    node_id = make_id(label, "test", name)
    batch.add_node(label, {"id": node_id, "name": name, "aliases": [name.upper()],
                           "search": f"\n{name.lower()}", **props})
    return node_id


@pytest.fixture
def hub_graph(any_store: Store) -> tuple[Store, dict[str, str]]:
    return any_store, build_hub_graph(any_store)


def build_hub_graph(store: Store) -> dict[str, str]:
    """A company whose shortest way to venue V2 is through a violation (2 hops), while the
    clean way runs through its operator and a SAME_AS link (3 hops).

        V1 <-RUNS- A -COMMITTED-> X <-COMMITTED- V2
                   ^                              |
           O -OPERATES                  SAME_AS (V3 -> V2)
           O -OPERATES-> V3 ----------------------'
    """
    b = WriteBatch()
    n = {
        "A": _node(b, Label.COMPANY, "Alder Trading Co", generic=False),
        "V1": _node(b, Label.VENUE, "First Light Cafe", kind="internet_cafe"),
        "V2": _node(b, Label.VENUE, "Second Wind Hotel", kind="hotel"),
        "V3": _node(b, Label.VENUE, "Second Wind Inn", kind="hotel"),
        "O": _node(b, Label.OPERATOR, "Wei Mou", anonymised=True),
        "X": _node(b, Label.VIOLATION, "admitting minors", category="accommodation"),
    }
    b.add_rel(RelType.RUNS, Label.COMPANY, Label.VENUE, _props(n["A"], n["V1"]))
    b.add_rel(RelType.COMMITTED, Label.COMPANY, Label.VIOLATION, _props(n["A"], n["X"]))
    b.add_rel(RelType.COMMITTED, Label.VENUE, Label.VIOLATION, _props(n["V2"], n["X"]))
    b.add_rel(RelType.OPERATES, Label.OPERATOR, Label.COMPANY, _props(n["O"], n["A"]))
    b.add_rel(RelType.OPERATES, Label.OPERATOR, Label.VENUE, _props(n["O"], n["V3"]))
    b.add_rel(RelType.SAME_AS, Label.VENUE, Label.VENUE,
              {"src": n["V3"], "dst": n["V2"], "score": 0.9, "method": "fuzzy",
               "status": "candidate"})
    store.write(b)
    return n


def _props(src: str, dst: str) -> dict[str, object]:
    return {"src": src, "dst": dst, "doc_id": "t1", "char_start": 0, "char_end": 5,
            "sentence": f"{src} and {dst}", "confidence": 0.75}


def test_shortest_paths_avoid_hubs_even_when_the_hub_way_is_shorter(
    hub_graph: tuple[Store, dict[str, str]],
) -> None:
    store, n = hub_graph
    clean = store.shortest_paths(n["A"], n["V2"], max_hops=4)
    assert [[x.id for x in p.nodes] for p in clean] == [[n["A"], n["O"], n["V3"], n["V2"]]]
    assert [e.type for e in clean[0].edges] == [RelType.OPERATES, RelType.OPERATES,
                                                RelType.SAME_AS]
    first = clean[0].edges[0]
    assert (first.source, first.target) == (n["O"], n["A"])  # stored direction, not walk order
    assert first.evidence is not None and first.evidence.doc_id == "t1"
    assert first.evidence.confidence == 0.75
    via_hub = store.shortest_paths(n["A"], n["V2"], max_hops=4, via_hubs=True)
    assert [[x.id for x in p.nodes] for p in via_hub] == [[n["A"], n["X"], n["V2"]]]
    with pytest.raises(NoPath):
        store.shortest_paths(n["A"], n["V2"], max_hops=2)


def test_ego_networks_stop_at_hubs_unless_asked(hub_graph: tuple[Store, dict[str, str]]) -> None:
    store, n = hub_graph
    near = {x.id for x in store.ego(n["A"], radius=2).nodes}
    # Whether the hub itself is listed differs between engines (docs/neo4j.md); walking on
    # through it does not.
    assert near - {n["X"]} == {n["A"], n["V1"], n["O"], n["V3"]}
    wide = store.ego(n["A"], radius=2, via_hubs=True)
    assert {x.id for x in wide.nodes} == {n["A"], n["V1"], n["O"], n["X"], n["V3"], n["V2"]}


def test_linked_businesses_come_with_their_shortest_clean_path(
    hub_graph: tuple[Store, dict[str, str]],
) -> None:
    store, n = hub_graph
    found = {x.node.id: x for x in store.linked(n["A"], hops=3)}
    assert {i: x.hops for i, x in found.items()} == {n["V1"]: 1, n["V3"]: 2, n["V2"]: 3}
    assert found[n["V2"]].via == [RelType.OPERATES, RelType.OPERATES, RelType.SAME_AS]
    assert [x.id for x in found[n["V2"]].path.nodes] == [n["A"], n["O"], n["V3"], n["V2"]]
    assert found[n["V2"]].path.edges[2].properties["method"] == "fuzzy"
    assert {x.node.id for x in store.linked(n["A"], hops=1)} == {n["V1"]}


def test_values_come_back_as_plain_python(hub_graph: tuple[Store, dict[str, str]]) -> None:
    store, n = hub_graph
    cafe = store.get_node(n["V1"])
    assert cafe.aliases == ["FIRST LIGHT CAFE"] and type(cafe.aliases) is list
    assert store.get_node(n["O"]).properties["anonymised"] is True
    assert store.get_node(n["A"]).properties["generic"] is False
    stats = store.stats()
    assert stats.relationships["COMMITTED"] == 2 and type(stats.relationships["COMMITTED"]) is int
    with pytest.raises(NodeNotFound):
        store.get_node(make_id(Label.VENUE, "nobody"))


# -- against a live server ------------------------------------------------------------------


@pytest.fixture
def neo() -> Iterator[Neo4jStore]:
    store = neo4j_fixture.open_test_neo4j()
    try:
        yield store
    finally:
        store.close()


@pytest.mark.neo4j
@pytest.mark.skipif(not LIVE, reason="set NEO4J_URI to run against a live Neo4j")
class TestLive:
    def test_schema_is_applied_and_applying_it_again_changes_nothing(
        self, neo: Neo4jStore
    ) -> None:
        neo.init_schema()
        columns, rows = neo.cypher("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name")
        names = {r[0] for r in rows}
        assert columns == ["name"]
        assert {f"{label.value.lower()}_id" for label in Label} <= names
        _, indexes = neo.cypher("SHOW INDEXES YIELD name RETURN name")
        assert {"entity_names", "rel_doc"} <= {r[0] for r in indexes}

    def test_a_read_only_query_cannot_write(self, neo: Neo4jStore) -> None:
        with pytest.raises(ReadOnlyViolation):
            neo.cypher("CREATE (:`Company` {id: 'co:intruder', name: 'Intruder'})")
        assert neo.stats().nodes["Company"] == 0

    def test_read_only_queries_are_capped_and_timed(self, neo: Neo4jStore) -> None:
        columns, rows = neo.cypher("UNWIND range(1, 50) AS x RETURN x, x * 2 AS y", limit=10)
        assert columns == ["x", "y"] and rows[:2] == [[1, 2], [2, 4]] and len(rows) == 10
        with pytest.raises(InvalidQuery, match="longer than"):
            neo.cypher(
                "UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7 = 3 RETURN count(*) AS n",
                timeout_s=0.5,
            )
        with pytest.raises(InvalidQuery, match="failed"):
            neo.cypher("MATCH (n RETURN n")

    def test_graph_values_in_analysts_results_are_plain(self, neo: Neo4jStore) -> None:
        n = build_hub_graph(neo)
        _, rows = neo.cypher(
            "MATCH p = (a:`Company` {id: $a})-[r:RUNS]->(v) RETURN a, r, p", {"a": n["A"]}
        )
        company, runs, path = rows[0]
        assert company["_LABEL"] == "Company" and company["id"] == n["A"]
        assert runs["_LABEL"] == "RUNS" and runs["doc_id"] == "t1"
        assert (runs["_SRC"], runs["_DST"]) == (company["_ID"], path["_NODES"][1]["_ID"])
        assert [x["id"] for x in path["_NODES"]] == [n["A"], n["V1"]]
        json.dumps(rows)

    def test_parameters_reach_the_query_as_parameters(self, neo: Neo4jStore) -> None:
        hostile = "x'}) DETACH DELETE n //"
        _, rows = neo.cypher("RETURN $name AS name", {"name": hostile})
        assert rows == [[hostile]]

    def test_wrong_password_says_check_the_credentials(self) -> None:
        settings = neo4j_fixture.neo4j_settings().model_copy(
            update={"neo4j_password": "definitely-not-the-password"}
        )
        with pytest.raises(StoreUnavailable, match="NEO4J_PASSWORD"):
            Neo4jStore.from_settings(settings)

    def test_unknown_database_says_check_neo4j_database(self) -> None:
        settings = neo4j_fixture.neo4j_settings().model_copy(
            update={"neo4j_database": "no-such-casegraph-db"}
        )
        with pytest.raises(StoreUnavailable, match="NEO4J_DATABASE"):
            Neo4jStore.from_settings(settings)

    def test_a_batch_is_one_transaction(self, neo: Neo4jStore) -> None:
        b = WriteBatch()
        _node(b, Label.COMPANY, "Kept Nowhere Co")
        text = REGISTRY["upsert_nodes"].render(
            Dialect.NEO4J, label=Label.COMPANY,
            create_sets=set_list("n", ["name"]),
        )
        rows = b.nodes[Label.COMPANY]
        # The second statement fails (a null id cannot be merged): the first must not stick.
        with pytest.raises(GraphError, match="rejected"):
            neo._write([(text, {"rows": rows}), (text, {"rows": [{"id": None, "name": "x"}]})])
        assert neo.stats().nodes["Company"] == 0

    def test_hubs_are_endpoints_but_never_stepping_stones(self, neo: Neo4jStore) -> None:
        # The intent stated in graph/cypher.py: a violation or city may end a walk, not carry
        # one. (The embedded engine's `* SHORTEST` also drops hub endpoints; see docs/neo4j.md.)
        n = build_hub_graph(neo)
        assert n["X"] in {x.id for x in neo.ego(n["A"], radius=1).nodes}
        assert n["V2"] not in {x.id for x in neo.ego(n["A"], radius=2).nodes}
        path = neo.shortest_paths(n["A"], n["X"])
        assert [[x.id for x in p.nodes] for p in path] == [[n["A"], n["X"]]]

    def test_wipe_empties_the_database(self, neo: Neo4jStore) -> None:
        b = WriteBatch()
        for i in range(5):
            _node(b, Label.OPERATOR, f"Temp Person {i}")
        neo.write(b)
        assert neo.stats().nodes["Operator"] == 5
        assert neo4j_fixture.wipe(neo) == 5
        assert neo.stats().nodes["Operator"] == 0
