"""Records from gold annotations: mentions at every occurrence, SUBSIDIARY_OF as OWNS,
violations as entities COMMITTED by their actor, evidence sentences; and the shipped
examples/records.jsonl is current with the gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.gold import GoldDoc, gold_to_record, main, occurrences, sentences
from graph.errors import RecordError
from graph.model import Label, RelType
from graph.records import parse_record
from tests.extract.helpers import REPO

TEXT = ("Yunjing Hotel Management Co., Ltd., a subsidiary of Yunjing Group Co., Ltd., runs the "
        "Yunjing Hotel in Yuzhong District. On 7 March 2021 the Yunjing Hotel let a girl check "
        "in alone. The People's Procuratorate of Yuzhong District acted. The hotel's owner, "
        "Yunjing, said No. 1 rule is safety.")
GOLD = GoldDoc.model_validate({
    "id": "h",
    "entities": [
        {"type": "Company", "name": "Yunjing Hotel Management Co., Ltd.",
         "mentions": ["Yunjing Hotel Management Co., Ltd."]},
        {"type": "Company", "name": "Yunjing Group Co., Ltd.",
         "mentions": ["Yunjing Group Co., Ltd."], "properties": {"aliases": []}},
        {"type": "Venue", "name": "Yunjing Hotel", "mentions": ["Yunjing Hotel"],
         "properties": {"kind": "hotel"}},
        {"type": "Location", "name": "Yuzhong District", "mentions": ["Yuzhong District"],
         "properties": {"kind": "district"}},
        {"type": "Authority", "name": "People's Procuratorate of Yuzhong District",
         "mentions": ["People's Procuratorate of Yuzhong District"]},
        {"type": "Case", "name": "recommendation", "mentions": ["acted"],
         "properties": {"year": 2021, "kind": "procuratorial recommendation"}},
    ],
    "relations": [
        {"type": "SUBSIDIARY_OF", "from": "Yunjing Hotel Management Co., Ltd.",
         "to": "Yunjing Group Co., Ltd."},
        {"type": "RUNS", "from": "Yunjing Hotel Management Co., Ltd.", "to": "Yunjing Hotel"},
        {"type": "LOCATED_IN", "from": "Yunjing Hotel", "to": "Yuzhong District"},
        {"type": "FILED", "from": "People's Procuratorate of Yuzhong District",
         "to": "recommendation"},
        {"type": "AGAINST", "from": "recommendation", "to": "Yunjing Hotel"},
    ],
    "violations": [
        {"by": "Yunjing Hotel", "category": "accommodation",
         "name": "admitting minors to a hotel without guardian checks",
         "text": "let a girl check in alone"},
    ],
})


def test_occurrences_respect_word_boundaries() -> None:
    assert occurrences("Zhang Mou met Zhangjiakou and Zhang.", "Zhang") == [(0, 5), (30, 35)]
    assert occurrences("a, b", ", b") == [(1, 4)]


def test_sentences_keep_abbreviations_whole() -> None:
    spans = sentences("Shanghai No. 1 Court ruled. Mr. Li paid.\nNext line")
    assert [TEXT_ for TEXT_ in ("Shanghai No. 1 Court ruled.", "Mr. Li paid.", "Next line")] \
        == ["Shanghai No. 1 Court ruled. Mr. Li paid.\nNext line"[s:e] for s, e in spans]


def test_gold_becomes_a_valid_record() -> None:
    record = gold_to_record(GOLD, TEXT, "h", "cases/h.txt")
    assert parse_record(record.to_json()) == record
    by_name = {e.name: e for e in record.entities}
    hotel = by_name["Yunjing Hotel"]
    # every whole-word occurrence, not the one inside "Yunjing Hotel Management"
    assert [m.start for m in hotel.mentions] == [
        TEXT.index("Yunjing Hotel in"), TEXT.index("Yunjing Hotel let")]
    assert all(TEXT[m.start:m.end] == m.text for e in record.entities for m in e.mentions)
    assert by_name["recommendation"].properties["year"] == 2021
    rels = {(r.type, by_name_key(record, r.source), by_name_key(record, r.target)): r
            for r in record.relations}
    owns = rels[(RelType.OWNS, "Yunjing Group Co., Ltd.", "Yunjing Hotel Management Co., Ltd.")]
    assert owns.evidence is not None and "subsidiary of" in owns.evidence.text
    violation = by_name["admitting minors to a hotel without guardian checks"]
    assert violation.type is Label.VIOLATION
    assert violation.properties == {"category": "accommodation"}
    committed = rels[(RelType.COMMITTED, "Yunjing Hotel", violation.name)]
    assert committed.evidence is not None and "let a girl check in alone" in \
        committed.evidence.text
    for r in record.relations:
        assert r.evidence is not None
        assert TEXT[r.evidence.start:r.evidence.end] == r.evidence.text


def by_name_key(record: object, key: str) -> str:
    from graph.records import Record

    assert isinstance(record, Record)
    return next(e.name for e in record.entities if e.key == key)


def test_unknown_entities_in_gold_are_errors() -> None:
    bad = GOLD.model_copy(update={"violations": [GOLD.violations[0].model_copy(
        update={"by": "Nobody"})]})
    with pytest.raises(RecordError, match="Nobody"):
        gold_to_record(bad, TEXT, "h", "h.txt")


def test_command_line_writes_records(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "cases" / "mini").mkdir(parents=True)
    (tmp_path / "cases" / "mini" / "h.txt").write_text(TEXT, encoding="utf-8")
    gold_file = tmp_path / "gold" / "mini.jsonl"
    gold_file.write_text(json.dumps(GOLD.model_dump(by_alias=True)) + "\n")
    out = tmp_path / "records.jsonl"
    assert main(["--out", str(out), str(gold_file)]) == 0
    (line,) = out.read_text().splitlines()
    assert parse_record(line).doc_id == "h"
    (tmp_path / "cases" / "mini" / "h.txt").unlink()
    assert main(["--out", str(out), str(gold_file)]) == 2


def test_shipped_records_are_current_with_the_gold(tmp_path: Path) -> None:
    """examples/records.jsonl is generated from ALL gold; regenerate it when the gold changes:
    python -m extract.gold --out examples/records.jsonl examples/gold/*.jsonl"""
    gold = sorted((REPO / "examples" / "gold").glob("*.jsonl"))
    out = tmp_path / "records.jsonl"
    assert main(["--out", str(out), *map(str, gold)]) == 0
    shipped = (REPO / "examples" / "records.jsonl").read_text(encoding="utf-8")
    fresh = out.read_text(encoding="utf-8")
    strip = [json.loads(line) | {"source": ""} for line in fresh.splitlines()]
    have = [json.loads(line) | {"source": ""} for line in shipped.splitlines()]
    assert strip == have, "examples/records.jsonl is stale: regenerate it (see docstring)"
