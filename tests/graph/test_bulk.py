"""Bulk loading (graph/bulk.py) on real stores: a small generated graph from bench/generate.py
loads with the counts it was generated with, answers the store's queries, loads the same way
through COPY and through batched writes, keeps awkward values intact, and a bad row or a
non-empty store is refused with nothing written."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bench.generate import Spec, SyntheticGraph, generate, records
from graph.bulk import bulk_load
from graph.cypher import csv_file
from graph.embedded import EmbeddedStore
from graph.errors import InvalidQuery
from graph.ingest import Ingestor
from graph.model import Label, RelType, document_id, make_id, name_key
from graph.store import Store

L, R = Label, RelType
TINY = Spec(nodes=2_000, rels=10_000, seed=11)


@pytest.fixture(scope="module")
def graph() -> SyntheticGraph:
    return generate(TINY)


def _empty_store(store: Store) -> bool:
    stats = store.stats()
    return not any(stats.nodes.values()) and not any(stats.relationships.values())


def test_generator_is_deterministic_skewed_and_exact(graph: SyntheticGraph) -> None:
    again = generate(TINY)
    assert again.nodes == graph.nodes and again.rels == graph.rels
    assert graph.relationship_count == TINY.rels
    assert sum(map(len, graph.nodes.values())) == TINY.nodes
    against = Counter(r["dst"] for (rel, _, _), rows in graph.rels.items() if rel is R.AGAINST
                      for r in rows)
    counts = sorted(against.values(), reverse=True)
    # Skewed: the busiest party faces many times the median party's cases.
    assert counts[0] >= 5 * counts[len(counts) // 2]
    evidence = [r for (rel, _, _), rows in graph.rels.items() if rel is not R.SAME_AS
                for r in rows]
    assert all(r["doc_id"] and r["sentence"] and r["extractor"] for r in evidence)
    other = generate(Spec(nodes=TINY.nodes, rels=TINY.rels, seed=12))
    assert other.nodes != graph.nodes


def test_bulk_load_counts_match(store: Store, graph: SyntheticGraph) -> None:
    report = bulk_load(store, graph.nodes, graph.rels)
    expected_nodes = {label.value: len(rows) for label, rows in graph.nodes.items()}
    expected_rels: Counter[str] = Counter()
    for (rel, _, _), rows in graph.rels.items():
        expected_rels[rel.value] += len(rows)
    stats = store.stats()
    assert stats.nodes == expected_nodes
    assert {k: v for k, v in stats.relationships.items() if v} == dict(expected_rels)
    assert report.nodes == expected_nodes and report.relationships == dict(expected_rels)
    assert report.method == ("copy" if isinstance(store, EmbeddedStore) else "batched")


def test_loaded_graph_answers_queries(store: Store, graph: SyntheticGraph) -> None:
    bulk_load(store, graph.nodes, graph.rels)
    picks = graph.picks
    # Accepted SAME_AS links make one offender of several nodes.
    cluster = {picks.busiest_company}
    accepted = [r for r in graph.rels.get((R.SAME_AS, L.COMPANY, L.COMPANY), [])
                if r["status"] == "accepted"]
    for _ in accepted:
        cluster |= {r["src"] for r in accepted if r["dst"] in cluster}
        cluster |= {r["dst"] for r in accepted if r["src"] in cluster}
    cases = {r["src"] for (rel, _, _), rows in graph.rels.items() if rel is R.AGAINST
             for r in rows if r["dst"] in cluster}
    top = [o for o in store.offenders(min_cases=2, limit=5000) if o.key in cluster]
    assert len(top) == 1 and top[0].cases == len(cases) and set(top[0].case_ids) == cases
    assert top[0].violations and all(v.documents for v in top[0].violations)

    company = store.get_node(picks.busiest_company)
    row = next(r for r in graph.nodes[L.COMPANY] if r["id"] == picks.busiest_company)
    assert company.name == row["name"] and company.label is L.COMPANY
    assert picks.busiest_company in {n.id for n in store.search(row["name"][:9], limit=200)}

    venues = {r["dst"] for r in graph.rels[(R.OPERATES, L.OPERATOR, L.VENUE)]
              if r["src"] == picks.busiest_operator}
    linked = {x.node.id for x in store.linked(picks.busy_venue, hops=2, limit=5000)}
    assert venues - {picks.busy_venue} <= linked

    ego = store.ego(picks.busiest_company, radius=2, limit=50)
    assert len(ego.nodes) == 51 and ego.truncated
    path = store.shortest_paths(picks.busy_venue, picks.busiest_operator, max_hops=2)[0]
    assert [n.id for n in path.nodes] == [picks.busy_venue, picks.busiest_operator]
    assert path.edges[0].evidence is not None and path.edges[0].evidence.sentence

    sample = picks.sample[:20]
    sub = store.subgraph(sample)
    assert {n.id for n in sub.nodes} == set(sample)
    cells = store.patterns(by=("category", "year"))
    assert sum(c.cases for c in cells) >= len(graph.nodes[L.CASE]) // 2


def test_copy_and_batched_loads_are_identical(tmp_path: Path, graph: SyntheticGraph) -> None:
    with EmbeddedStore(tmp_path / "copy") as a, EmbeddedStore(tmp_path / "batched") as b:
        assert bulk_load(a, graph.nodes, graph.rels).method == "copy"
        assert bulk_load(b, graph.nodes, graph.rels, method="batched", batch_size=3000).method \
            == "batched"
        assert a.stats() == b.stats()
        ids = [r["id"] for rows in graph.nodes.values() for r in rows[:40]]
        assert a.nodes(ids) == b.nodes(ids)
        assert a.edges_among(ids, documents=True) == b.edges_among(ids, documents=True)
        assert a.offenders(min_cases=3) == b.offenders(min_cases=3)


AWKWARD = [
    'He said "hi", then left', "comma, and\nnewline\r\n", "back\\slash", "007", "", " padded ",
    "张三 网络科技有限公司", "tab\there", "'single'", "NULL",
]


def _awkward_graph() -> tuple[dict[Label, list[dict[str, Any]]], dict[Any, list[dict[str, Any]]]]:
    companies = [
        {"id": make_id(L.COMPANY, str(i)), "name": text,
         "aliases": [t for t in (text,) if t] + ["x, y", '"q"'],
         "generic": i % 2 == 0, "props": json.dumps({"note": text})}
        for i, text in enumerate(AWKWARD)
    ]
    companies.append({"id": make_id(L.COMPANY, "plain"), "name": "Plain Co", "aliases": []})
    docs = [{"id": document_id("d1"), "name": "d1", "year": 2021, "source": "cases/d1.txt"}]
    rels = {
        (R.MENTIONED_IN, L.COMPANY, L.DOCUMENT): [
            {"src": c["id"], "dst": docs[0]["id"], "doc_id": "d1", "sentence": c["name"],
             "char_start": i, "char_end": i + 1, "confidence": 1}
            | ({"mentions": "[]"} if i % 2 else {})  # rows of different shapes
            for i, c in enumerate(companies)
        ],
    }
    return {L.COMPANY: companies, L.DOCUMENT: docs}, rels


def test_awkward_values_round_trip(tmp_path: Path) -> None:
    nodes, rels = _awkward_graph()
    with EmbeddedStore(tmp_path / "db") as store:
        bulk_load(store, nodes, rels)
        found = store.nodes(r["id"] for r in nodes[L.COMPANY])
        for row in nodes[L.COMPANY][: len(AWKWARD)]:
            node = found[row["id"]]
            assert node.name == row["name"]
            assert node.aliases == row["aliases"]
            assert node.properties == {"note": row["name"], "generic": row["generic"]}
        plain = found[make_id(L.COMPANY, "plain")]
        assert plain.aliases == [] and plain.properties == {}
        assert found[make_id(L.COMPANY, "0")].properties["generic"] is True
        # A row without `search` gets the one ingest would store, so search finds it.
        assert [n.id for n in store.search("plain co")] == [plain.id]
        ids = [r["id"] for r in nodes[L.COMPANY]] + [document_id("d1")]
        edges = store.edges_among(ids, documents=True)
        assert sorted(e.evidence.sentence for e in edges if e.evidence) == sorted(
            r["name"] for r in nodes[L.COMPANY]
        )
        assert {e.evidence.confidence for e in edges if e.evidence} == {1.0}


def test_refuses_a_store_that_is_not_empty(store: Store, graph: SyntheticGraph) -> None:
    Ingestor(store).ingest(records(graph, 2))
    before = store.stats()
    with pytest.raises(InvalidQuery, match="empty store"):
        bulk_load(store, graph.nodes, graph.rels)
    assert store.stats() == before


def _bad(case: str) -> tuple[dict[Label, list[dict[str, Any]]], dict[Any, list[dict[str, Any]]]]:
    co = {"id": name_key(L.COMPANY, "Acme"), "name": "Acme"}
    ven = {"id": name_key(L.VENUE, "Blue Cafe"), "name": "Blue Cafe"}
    runs = {"src": co["id"], "dst": ven["id"], "doc_id": "d1"}
    nodes: dict[Label, list[dict[str, Any]]] = {L.COMPANY: [co], L.VENUE: [ven]}
    rels: dict[Any, list[dict[str, Any]]] = {(R.RUNS, L.COMPANY, L.VENUE): [runs]}
    if case == "unknown property":
        co["colour"] = "red"
    elif case == "wrong type":
        nodes[L.CASE] = [{"id": make_id(L.CASE, "c"), "name": "c", "year": "2021"}]
    elif case == "bool for an integer":
        nodes[L.CASE] = [{"id": make_id(L.CASE, "c"), "name": "c", "year": True}]
    elif case == "id of another label":
        nodes[L.VENUE].append({"id": make_id(L.COMPANY, "x"), "name": "x"})
    elif case == "duplicate id":
        nodes[L.COMPANY].append(dict(co))
    elif case == "missing endpoint":
        runs["dst"] = name_key(L.VENUE, "Nowhere")
    elif case == "endpoint pair not in the model":
        rels = {(R.RUNS, L.VENUE, L.COMPANY): [{"src": ven["id"], "dst": co["id"]}]}
    elif case == "separator in a list":
        co["aliases"] = ["a\x1fb"]
    elif case == "empty list item":
        co["aliases"] = ["a", ""]
    elif case == "not a label":
        nodes["Company"] = nodes.pop(L.COMPANY)  # type: ignore[index]
    elif case == "integer out of range":  # passes the checks, refused by the engine: rollback
        nodes[L.CASE] = [{"id": make_id(L.CASE, "c"), "name": "c", "year": 2**70}]
    return nodes, rels


@pytest.mark.parametrize("case", [
    "unknown property", "wrong type", "bool for an integer", "id of another label",
    "duplicate id", "missing endpoint", "endpoint pair not in the model", "separator in a list",
    "empty list item", "not a label", "integer out of range",
])
def test_bad_rows_are_refused_and_nothing_is_written(tmp_path: Path, case: str) -> None:
    nodes, rels = _bad(case)
    with EmbeddedStore(tmp_path / "db") as store:
        with pytest.raises(InvalidQuery) as caught:
            bulk_load(store, nodes, rels)
        assert _empty_store(store)
        message = str(caught.value)
        if case not in ("endpoint pair not in the model", "not a label", "integer out of range"):
            assert "[" in message and "]" in message  # says which row
        if case == "integer out of range":
            assert "rolled back" in message
        # The same rows, once fixed, load: nothing was left half-written.
        good_nodes, good_rels = _bad("none")
        assert bulk_load(store, good_nodes, good_rels).relationships == {"RUNS": 1}


def test_records_ingest_onto_a_bulk_loaded_store(tmp_path: Path, graph: SyntheticGraph) -> None:
    new = records(graph, 40, seed=3)
    known = {r["name"]: r["id"] for label in (L.COMPANY, L.VENUE) for r in graph.nodes[label]}
    named = {e.name for rec in new for e in rec.entities if e.name in known}
    assert named, "some records should name businesses already in the graph"
    with EmbeddedStore(tmp_path / "db") as store:
        bulk_load(store, graph.nodes, graph.rels)
        before = store.stats().nodes
        report = Ingestor(store).ingest(new)
        assert report.added == 40 and not report.errors
        assert store.stats().nodes["Document"] == before["Document"] + 40
        for name in named:
            docs = {d for d, _ in store.entity_documents(known[name])}
            assert any(d.startswith("bench-new-") for d in docs), name


def test_csv_paths_are_checked() -> None:
    assert csv_file(Path("/tmp/x.csv")) == "'/tmp/x.csv'"
    for bad in ("x.csv", "/tmp/it's.csv", "/tmp/a\\b.csv", "/tmp/a\nb.csv", 3):
        with pytest.raises(InvalidQuery):
            csv_file(bad)


def test_argument_errors(tmp_path: Path, graph: SyntheticGraph) -> None:
    with EmbeddedStore(tmp_path / "db") as store:
        with pytest.raises(InvalidQuery):
            bulk_load(store, graph.nodes, graph.rels, batch_size=0)
        with pytest.raises(InvalidQuery):
            bulk_load(store, graph.nodes, graph.rels, method="fast")  # type: ignore[arg-type]
        assert _empty_store(store)


def test_benchmark_script_runs_end_to_end_on_a_tiny_graph(tmp_path: Path, repo: Path) -> None:
    # Only that the script works and reports every figure; its speed targets stay in bench/.
    done = subprocess.run(
        [sys.executable, str(repo / "bench" / "graph_bench.py"), "--nodes", "2000",
         "--rels", "10000", "--records", "20", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    for figure in ("bulk load", "open existing store", "incremental ingest", "repeat offenders",
                   "linked businesses", "ego network", "shortest paths", "patterns",
                   "name search", "subgraph of 100 ids", "peak RSS, query process"):
        assert any(line.startswith(figure) for line in lines), figure
    judged = [line.split()[-1] for line in lines if " < " in line or " >= " in line]
    assert len(judged) == 6 and set(judged) <= {"yes", "NO"}
    result = json.loads((tmp_path / "results-2000.json").read_text())["median"]
    assert result["load"]["nodes"] == 2000 and result["load"]["rels"] == 10000
    assert result["ingest"]["report"]["added"] == 20
    assert not (tmp_path / "db-2000").exists()  # removed unless --keep
