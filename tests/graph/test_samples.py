"""The shipped sample corpus: the graph finds what the corpus was written to contain.

`examples/expected.json` was written by the corpus author from intent (which companies recur,
who runs what, which same-name people are different), not from any output of this code;
`examples/records.jsonl` holds the hand-annotated records of every sample text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.embedded import EmbeddedStore
from graph.ingest import Ingestor
from graph.model import Label
from graph.names import fold
from graph.records import read_records
from graph.store import Store
from tests.conftest import EXAMPLES

EXPECTED = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
RECORDS = EXAMPLES / "records.jsonl"


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("samples") / "db"
    with EmbeddedStore(folder) as store:
        report = Ingestor(store).ingest(read_records(RECORDS))
        assert not report.errors and report.added >= 40
    yield folder


@pytest.fixture
def store(samples: Path) -> Iterator[Store]:
    with EmbeddedStore(samples) as s:
        yield s


def named(store: Store, name: str, labels: tuple[Label, ...] = ()) -> list:
    """Nodes whose name or alias is `name` (folded)."""
    return [
        n
        for n in store.search(name, labels=labels, limit=50)
        if fold(name) in {fold(x) for x in [n.name, *n.aliases]}
    ]


def test_ingesting_the_samples_twice_changes_no_count(samples: Path) -> None:
    with EmbeddedStore(samples) as store:
        before = store.stats()
        report = Ingestor(store).ingest(read_records(RECORDS))
        assert report.added == 0 and report.updated == 0 and report.unchanged >= 40
        assert store.stats() == before


@pytest.mark.parametrize("expected", EXPECTED["repeat_offenders"], ids=lambda e: e["name"])
def test_each_planted_repeat_offender_is_listed_once_with_all_its_documents(
    samples: Path, expected: dict
) -> None:
    result = CliRunner().invoke(
        app, ["offenders", "--db", str(samples), "--min-cases", "2", "--json"]
    )
    assert result.exit_code == 0, result.output
    offenders = json.loads(result.stdout)
    mine = [
        o
        for o in offenders
        if fold(expected["name"]) in {fold(x) for x in [o["name"], *o["aliases"]]}
    ]
    assert len(mine) == 1, f"{expected['name']} listed {len(mine)} times"
    assert mine[0]["type"] == expected["type"]
    assert set(expected["documents"]) <= set(mine[0]["documents"])
    assert mine[0]["cases"] >= len(expected["documents"])
    assert all(v["documents"] for v in mine[0]["violations"])


@pytest.mark.parametrize("expected", EXPECTED["linked_businesses"], ids=lambda e: e["entity"])
def test_each_planted_link_is_found_with_a_path_and_evidence(store: Store, expected: dict) -> None:
    (start,) = named(store, expected["entity"], (Label.COMPANY, Label.VENUE))
    if expected["via"] == "alias":
        # An alias is not a link between two businesses: both names are one node.
        for other in expected["linked"]:
            assert [n.id for n in named(store, other, (Label.COMPANY, Label.VENUE))] == [start.id]
        return
    found = {r.node.name: r for r in store.linked(start.id, hops=3)}
    for other in expected["linked"]:
        assert other in found, f"{other} not linked to {start.name}"
        path = found[other].path
        assert path.nodes[0].id == start.id and path.nodes[-1].name == other
        assert all(e.evidence and e.evidence.sentence for e in path.edges)


def test_name_variants_resolve_to_one_node(store: Store) -> None:
    for group in EXPECTED["name_variants"]:
        canonical = named(store, group["canonical"])
        assert len(canonical) == 1, group["canonical"]
        node = canonical[0]
        # A variant is a stored name or alias, or a short form mentioned in one of its texts.
        surfaces = {fold(x) for x in [node.name, *node.aliases]}
        surfaces |= {fold(m[2]) for _, spans in store.entity_documents(node.id) for m in spans}
        for variant in group["variants"]:
            assert fold(variant) in surfaces, (group["canonical"], variant)


def test_same_name_operators_in_different_documents_stay_apart(store: Store) -> None:
    for trap in EXPECTED["same_surname_traps"]:
        if len(trap["documents"]) < 2:
            continue
        nodes = named(store, trap["name"], (Label.OPERATOR,))
        docs = [sorted(d for d, _ in store.entity_documents(n.id)) for n in nodes]
        assert len(nodes) == len(trap["documents"]), (trap["name"], docs)
        assert sorted(d for ds in docs for d in ds) == sorted(trap["documents"])


def test_quoted_officials_are_not_operators(store: Store) -> None:
    for official in ("Tang Wei", "Huang Jianguo", "Gao Jun"):
        assert not named(store, official, (Label.OPERATOR,)), official
