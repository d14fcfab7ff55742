"""Document routes through the real app: listing, one document with its text, mentions and
stated relationships, and uploads while the server runs (records, texts, bad input)."""

from __future__ import annotations

import sys

import pytest

from graph.records import Entity, Record, Relation, Span
from tests.api.conftest import MakeApp, Served
from tests.api.factories import CaseText, records, texts


def _jsonl(*records: Record) -> bytes:
    return "".join(r.to_json() + "\n" for r in records).encode("utf-8")


def _new_case() -> CaseText:
    c = CaseText("2024-wuhan-meiyan-clinic")
    c.says("The Meiyan Cosmetic Clinic in Wuhan, run by Hu Jiahui, gave double-eyelid surgery "
           "to a 15-year-old.")
    clinic = c.names("clinic", "Venue", "Meiyan Cosmetic Clinic", kind="clinic")
    hu = c.names("op", "Operator", "Hu Jiahui")
    vio = c.names("vio", "Violation", "cosmetic surgery on minors",
                  as_="gave double-eyelid surgery", category="tattoo_and_cosmetic")
    c.links("OPERATES", hu, clinic).links("COMMITTED", clinic, vio)
    return c


def test_documents_listed_in_id_order_and_paged(world: Served) -> None:
    c = world.client
    everything = c.get("/api/documents").json()["items"]
    assert [d["doc_id"] for d in everything] == sorted(texts())
    assert all(d["has_text"] for d in everything)
    first = c.get("/api/documents", params={"limit": 4}).json()
    second = c.get("/api/documents", params={"limit": 4, "offset": 4}).json()
    assert first["next_offset"] == 4
    assert [d["doc_id"] for d in first["items"] + second["items"]] == sorted(texts())[:8]


def test_document_shows_text_and_mentions_at_their_offsets(world: Served) -> None:
    doc = world.client.get("/api/documents/2022-changsha-hongyun-bar").json()
    text = doc["text"]
    assert text == texts()["2022-changsha-hongyun-bar"]
    record = next(r for r in records() if r.doc_id == "2022-changsha-hongyun-bar")
    assert doc["document"]["has_text"] and doc["document"]["entities"] == len(record.entities)
    starts = [m["start"] for m in doc["mentions"]]
    assert starts == sorted(starts)
    for m in doc["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"]
    stated = doc["relationships"]
    assert {r["type"] for r in stated} >= {"FILED", "AGAINST", "OPERATES", "COMMITTED"}
    for r in stated:
        ev = r["evidence"]
        assert ev["doc_id"] == "2022-changsha-hongyun-bar"
        assert text[ev["start"] : ev["end"]] == ev["sentence"]


def test_unknown_document_is_404(world: Served) -> None:
    r = world.client.get("/api/documents/no-such-case")
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_upload_records_with_their_text_then_find_them(make_app: MakeApp) -> None:
    served = make_app()
    c = served.client
    case = _new_case()
    files = [("files", ("new.jsonl", _jsonl(case.record()), "application/x-ndjson")),
             ("files", (f"{case.doc_id}.txt", case.text.encode("utf-8"), "text/plain"))]
    r = c.post("/api/documents", files=files)
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["documents"] == [case.doc_id] and out["added"] == 1 and out["texts_kept"] == 1
    hits = c.get("/api/search", params={"q": "Meiyan", "label": "Venue"}).json()["items"]
    assert [h["name"] for h in hits] == ["Meiyan Cosmetic Clinic"]
    doc = c.get(f"/api/documents/{case.doc_id}").json()
    assert doc["text"] == case.text
    # The same upload again changes nothing.
    again = c.post("/api/documents", files=files).json()
    assert again["unchanged"] == 1 and again["added"] == 0


def test_upload_changed_record_replaces_the_old_one(make_app: MakeApp) -> None:
    served = make_app()
    c = served.client
    case = _new_case()
    c.post("/api/documents", files=[("files", ("a.jsonl", _jsonl(case.record())))])
    changed = case.record().model_copy(update={"relations": case.record().relations[:1]})
    r = c.post("/api/documents", files=[("files", ("a.jsonl", _jsonl(changed)))]).json()
    assert r["updated"] == 1
    clinic = c.get("/api/search", params={"q": "Meiyan", "label": "Venue"}).json()["items"][0]["id"]
    ego = c.get(f"/api/entities/{clinic}/ego", params={"via_hubs": True}).json()
    assert {e["type"] for e in ego["edges"]} == {"OPERATES"}


def test_upload_reports_bad_records_and_keeps_the_good_ones(make_app: MakeApp) -> None:
    served = make_app(loaded=False)
    case = _new_case()
    body = _jsonl(case.record()) + b'{"doc_id": "broken", "entities": [{"key": 1}]}\n' + b"{nope\n"
    r = served.client.post("/api/documents", files=[("files", ("mixed.jsonl", body))])
    assert r.status_code == 201
    out = r.json()
    assert out["added"] == 1 and len(out["errors"]) == 2
    assert out["errors"][0].startswith("mixed.jsonl:2:")
    assert "mixed.jsonl:3" in out["errors"][1] and "not valid JSON" in out["errors"][1]


def test_upload_of_only_bad_records_is_422_and_writes_nothing(make_app: MakeApp) -> None:
    served = make_app(loaded=False)
    bad = Record(doc_id="x", entities=[Entity(key="a", type="Company", name="Acme")]).to_json()
    lines = bad.replace('"Company"', '"Spaceship"') + "\n"
    r = served.client.post("/api/documents", files=[("files", ("bad.jsonl", lines.encode()))])
    assert r.status_code == 422
    assert r.json()["code"] == "invalid_record" and "bad.jsonl:1" in r.json()["message"]
    assert served.client.get("/api/documents").json()["items"] == []


def test_upload_refuses_unknown_kinds_and_non_utf8(make_app: MakeApp) -> None:
    served = make_app(loaded=False)
    c = served.client
    r = c.post("/api/documents", files=[("files", ("photo.png", b"\x89PNG...."))])
    assert r.status_code == 415 and "photo.png" in r.json()["message"]
    r = c.post("/api/documents", files=[("files", ("latin.jsonl", "café".encode("latin-1")))])
    assert r.status_code == 422 and "UTF-8" in r.json()["message"]
    assert c.post("/api/documents").status_code == 422  # no files at all


def test_upload_past_the_size_limit_is_413(make_app: MakeApp) -> None:
    served = make_app(loaded=False, max_upload_mb=0.01)
    big = b"x" * 20_000
    r = served.client.post("/api/documents", files=[("files", ("big.txt", big))])
    assert r.status_code == 413 and r.json()["code"] == "too_large"
    assert served.client.get("/api/documents").json()["items"] == []


def test_case_text_upload_is_extracted_and_kept(make_app: MakeApp) -> None:
    served = make_app(loaded=False)
    case = _new_case()
    files = [("files", ("2024-wuhan-meiyan-clinic.txt", case.text.encode("utf-8")))]
    r = served.client.post("/api/documents", files=files)
    assert r.status_code == 201, r.text
    assert r.json()["documents"] == ["2024-wuhan-meiyan-clinic"] and r.json()["texts_kept"] == 1
    doc = served.client.get("/api/documents/2024-wuhan-meiyan-clinic").json()
    assert doc["text"] == case.text
    for m in doc["mentions"]:
        assert case.text[m["start"] : m["end"]] == m["text"]
    assert any(m["text"] == "Meiyan Cosmetic Clinic" for m in doc["mentions"])


def test_without_an_extractor_a_text_upload_is_refused_whole(
        make_app: MakeApp, monkeypatch: pytest.MonkeyPatch) -> None:
    # The one fault injected here: an install without the extract package. Hiding the module
    # is the only way to cause it while the package is present.
    monkeypatch.setitem(sys.modules, "extract.api", None)
    served = make_app(loaded=False)
    case = _new_case()
    files = [("files", ("new.jsonl", _jsonl(case.record()))),
             ("files", ("another-case.txt", b"Some other case text about a company."))]
    r = served.client.post("/api/documents", files=files)
    assert r.status_code == 501
    assert r.json()["code"] == "extraction_unavailable" and ".jsonl" in r.json()["message"]
    # The records sent along were not ingested either: nothing is half-done.
    assert served.client.get("/api/documents").json()["items"] == []


def test_records_only_document_has_no_text_but_its_mentions(make_app: MakeApp) -> None:
    served = make_app(loaded=False)
    rec = Record(
        doc_id="records-only", source="elsewhere/records-only.txt",
        entities=[Entity(key="c", type="Company", name="Bright Star Toys Co., Ltd.",
                         mentions=[Span(start=4, end=30, text="Bright Star Toys Co., Ltd.")]),
                  Entity(key="v", type="Violation", name="unsafe toys",
                         properties={"category": "product_safety"})],
        relations=[Relation(
            type="COMMITTED", source="c", target="v",
            evidence=Span(start=0, end=35, text="The Bright Star Toys Co., Ltd. sold"),
        )],
    )
    served.client.post("/api/documents", files=[("files", ("r.jsonl", _jsonl(rec)))])
    doc = served.client.get("/api/documents/records-only").json()
    assert doc["text"] is None and not doc["document"]["has_text"]
    assert [m["text"] for m in doc["mentions"]] == ["Bright Star Toys Co., Ltd."]
    # The violation has no mention span, but the relationship to it is still stated here.
    stated = {r["type"]: r["evidence"]["sentence"] for r in doc["relationships"]}
    assert stated["COMMITTED"] == "The Bright Star Toys Co., Ltd. sold"
