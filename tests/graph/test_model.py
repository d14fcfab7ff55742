"""The domain is defined once: schema files, names and records follow graph/model.py."""

from __future__ import annotations

import doctest
import json

import pytest

import graph.names
from graph.cypher import REGISTRY, Dialect, ladybug_schema, neo4j_schema, schema_file_text
from graph.errors import InvalidQuery, RecordError
from graph.model import ENDPOINTS, Label, RelType, label_of_id, make_id, name_key
from graph.records import parse_record
from tests.conftest import REPO


def test_schema_cypher_is_generated_from_the_model() -> None:
    assert (REPO / "schema.cypher").read_text(encoding="utf-8") == schema_file_text(), (
        "schema.cypher is stale: run `python -m graph.cypher --schema > schema.cypher`"
    )


def test_every_label_has_a_unique_id_constraint_and_every_rel_a_table() -> None:
    neo = "\n".join(neo4j_schema())
    embedded = "\n".join(ladybug_schema())
    for label in Label:
        assert f"FOR (n:`{label.value}`) REQUIRE n.id IS UNIQUE" in neo
        assert f"CREATE NODE TABLE IF NOT EXISTS `{label.value}`(id STRING PRIMARY KEY" in embedded
    for rel, pairs in ENDPOINTS.items():
        assert f"CREATE REL TABLE IF NOT EXISTS {rel.value}(" in embedded
        for a, b in pairs:
            assert f"FROM `{a.value}` TO `{b.value}`" in embedded
    assert "CREATE FULLTEXT INDEX entity_names" in neo


def test_name_folding_doctests() -> None:
    result = doctest.testmod(graph.names)
    assert result.attempted >= 8 and result.failed == 0


def test_stable_ids() -> None:
    assert make_id(Label.COMPANY, "a", "b") == make_id(Label.COMPANY, "a", "b")
    assert make_id(Label.COMPANY, "a", "b") != make_id(Label.COMPANY, "ab")
    assert name_key(Label.COMPANY, "Acme Co., Ltd.") == name_key(
        Label.COMPANY, "ACME COMPANY LIMITED"
    )
    assert name_key(Label.COMPANY, "Acme") != name_key(Label.VENUE, "Acme")
    assert label_of_id(name_key(Label.VENUE, "x")) is Label.VENUE
    assert label_of_id("nonsense") is None


def test_query_slots_accept_only_enums_bounded_ints_and_fragments() -> None:
    ego = REGISTRY["ego"]
    good = dict(
        label=Label.VENUE,
        types=(RelType.RUNS,),
        radius=2,
        neo_filter=__import__("graph.cypher").cypher.NEO_NO_HUBS,
        lb_filter=__import__("graph.cypher").cypher.LB_NO_HUBS,
    )
    assert "`Venue`" in ego.render(Dialect.LADYBUG, **good)
    for bad in (
        {"radius": 99},
        {"radius": True},
        {"label": "Venue) DETACH DELETE (n"},
        {"lb_filter": "(r, n | WHERE true)"},
    ):
        with pytest.raises(InvalidQuery):
            ego.render(Dialect.LADYBUG, **{**good, **bad})
    with pytest.raises(InvalidQuery):
        ego.render(Dialect.LADYBUG, label=Label.VENUE)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.update(doc_id=""), "doc_id"),
        (lambda r: r["entities"][0].update(type="Person"), "type"),
        (lambda r: r["entities"][0].update(type="Document"), "Document"),
        (lambda r: r["entities"].append(dict(r["entities"][0])), "used twice"),
        (lambda r: r["relations"][0].update(confidence=1.5), "confidence"),
        (lambda r: r["relations"][0].update(type="MENTIONED_IN"), "made by ingest"),
        (
            lambda r: r["entities"][0]["mentions"].append({"start": 5, "end": 2, "text": "x"}),
            "before start",
        ),
        (lambda r: r.update(surprise=True), "surprise"),
    ],
)
def test_malformed_records_are_refused_with_a_reason(change, message) -> None:
    record = {
        "doc_id": "d",
        "entities": [
            {"key": "o", "type": "Operator", "name": "Li Mou", "mentions": []},
            {"key": "v", "type": "Venue", "name": "Red Star KTV"},
        ],
        "relations": [{"type": "OPERATES", "source": "o", "target": "v"}],
    }
    assert parse_record(json.dumps(record)).doc_id == "d"
    change(record)
    with pytest.raises(RecordError) as info:
        parse_record(json.dumps(record), where="f.jsonl:3")
    assert "f.jsonl:3" in str(info.value) and message in str(info.value)
