"""The scorer on a tiny hand-built gold: overlap matching one-to-one, relation identity
(OWNS = SUBSIDIARY_OF reversed), violation detection, category and offender."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.evaluate import evaluate, match_entities
from extract.gold import GoldDoc, load_gold
from graph.errors import RecordError
from graph.model import Label, RelType
from graph.records import Entity, Record, Relation, Span

TEXT = ("Zhang Mou runs the Feiyu Internet Cafe. Feiyu Group Co., Ltd. owns Feiyu Cafe Co., "
        "Ltd. The cafe admitted minors. The Suqian Bureau fined Zhang.")
GOLD = GoldDoc.model_validate({
    "id": "d",
    "entities": [
        {"type": "Operator", "name": "Zhang Mou", "mentions": ["Zhang Mou", "Zhang"]},
        {"type": "Venue", "name": "Feiyu Internet Cafe", "mentions": ["Feiyu Internet Cafe"]},
        {"type": "Company", "name": "Feiyu Group", "mentions": ["Feiyu Group Co., Ltd."]},
        {"type": "Company", "name": "Feiyu Cafe", "mentions": ["Feiyu Cafe Co., Ltd."]},
        {"type": "Authority", "name": "Suqian Bureau", "mentions": ["Suqian Bureau"]},
    ],
    "relations": [
        {"type": "OPERATES", "from": "Zhang Mou", "to": "Feiyu Internet Cafe"},
        {"type": "SUBSIDIARY_OF", "from": "Feiyu Cafe", "to": "Feiyu Group"},
    ],
    "violations": [
        {"by": "Feiyu Internet Cafe", "category": "unsuitable_venues",
         "name": "admitting minors to an internet cafe", "text": "The cafe admitted minors"},
        {"by": "Zhang Mou", "category": "unsuitable_venues", "name": "x",
         "text": "fined Zhang"},
    ],
})


def span(text: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return Span(start=start, end=start + len(text), text=text)


def predicted() -> Record:
    ents = [
        Entity(key="op", type=Label.OPERATOR, name="Zhang", mentions=[span("Zhang Mou")]),
        Entity(key="ven", type=Label.VENUE, name="Feiyu", mentions=[span("Feiyu Internet")]),
        Entity(key="grp", type=Label.COMPANY, name="Group", mentions=[span("Feiyu Group")]),
        Entity(key="cafe", type=Label.COMPANY, name="Cafe", mentions=[span("Feiyu Cafe")]),
        Entity(key="loc", type=Label.LOCATION, name="Suqian", mentions=[span("Suqian")]),
        Entity(key="vio", type=Label.VIOLATION, name="admitting minors",
               mentions=[span("admitted minors")],
               properties={"category": "accommodation"}),
        Entity(key="vio2", type=Label.VIOLATION, name="running a cafe",
               mentions=[span("Zhang Mou runs")], properties={"category": "other"}),
    ]
    rels = [
        Relation(type=RelType.OPERATES, source="op", target="ven"),
        Relation(type=RelType.OWNS, source="grp", target="cafe"),
        Relation(type=RelType.RUNS, source="grp", target="ven"),
        Relation(type=RelType.COMMITTED, source="ven", target="vio"),
    ]
    return Record(doc_id="d", entities=ents, relations=rels)


def test_scores_of_a_hand_built_example() -> None:
    score = evaluate([(predicted(), TEXT)], {"d": GOLD}).as_dict()
    ents = score["entities"]
    assert ents["Operator"] == {"tp": 1, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0,
                                "f1": 1.0}
    assert ents["Company"]["tp"] == 2
    assert ents["Location"]["fp"] == 1 and ents["Authority"]["fn"] == 1
    micro = score["entities_micro"]
    assert (micro["tp"], micro["fp"], micro["fn"]) == (4, 1, 1)
    assert micro["f1"] == pytest.approx(0.8, abs=1e-4)
    rels = score["relations"]
    assert rels["OPERATES"]["tp"] == 1
    assert rels["OWNS"]["tp"] == 1  # gold SUBSIDIARY_OF cafe -> group
    assert rels["RUNS"]["fp"] == 1
    assert "COMMITTED" not in rels  # violations are scored on their own
    v = score["violations"]
    assert (v["gold"], v["detected"]) == (2, 1)
    assert v["detection"] == 0.5 and v["category_accuracy"] == 0.0
    assert v["offender_linkage"] == 1.0
    # two violation mentions predicted, one of them on no gold violation
    assert (v["predicted"], v["precision"]) == (2, 0.5)


def test_matching_is_one_to_one_largest_overlap_first() -> None:
    ents = [
        Entity(key="short", type=Label.VENUE, name="a", mentions=[span("Feiyu")]),
        Entity(key="long", type=Label.VENUE, name="b", mentions=[span("Feiyu Internet Cafe")]),
    ]
    matched = match_entities(Record(doc_id="d", entities=ents), GOLD, TEXT)
    assert matched == {"long": "Feiyu Internet Cafe"}


def test_gold_files_are_checked(tmp_path: Path) -> None:
    good = tmp_path / "g.jsonl"
    good.write_text(json.dumps(GOLD.model_dump(by_alias=True)) + "\n\n")
    assert list(load_gold(good)) == ["d"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "entities": [{"type": "Planet", "name": "Mars"}]}\n')
    with pytest.raises(RecordError, match="bad.jsonl:1"):
        load_gold(bad)
    with pytest.raises(RecordError, match="cannot read"):
        load_gold(tmp_path / "missing.jsonl")
