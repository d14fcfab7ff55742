"""The audit log through the real app: every query, export and decision is recorded with who,
when, what, the parameters, the result count and the SHA-256 of the body sent; the log survives
restarts and its hash chain shows tampering."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api import audit
from api.app import create_app
from api.audit import AuditEntry, AuditLog
from api.auth import Role
from api.settings import ApiSettings
from graph.embedded import EmbeddedStore
from tests.api.conftest import MakeApp, Served


def _last(served: Served, action: str) -> dict[str, object]:
    page = served.client.get("/api/audit", params={"action": action, "limit": 1},
                             headers=served.headers(Role.AUDITOR) if served.keys else None)
    items = page.json()["items"]
    assert items, action
    return items[0]


def test_a_query_is_recorded_with_the_hash_of_the_body_sent(make_app: MakeApp) -> None:
    served = make_app(keys=True)
    r = served.client.get("/api/offenders", params={"min_cases": 2, "category": "alcohol_tobacco"},
                          headers=served.headers(Role.INVESTIGATOR))
    digest = hashlib.sha256(r.content).hexdigest()
    assert r.headers["x-result-sha256"] == digest
    entry = _last(served, "repeat_offenders")
    assert entry["sha256"] == digest and str(entry["seq"]) == r.headers["x-audit-seq"]
    assert entry["who"] == "investigator tester (" + entry["key_id"] + ")"  # type: ignore[operator]
    assert entry["role"] == "investigator" and entry["status"] == 200
    assert entry["params"] == {"min_cases": "2", "category": "alcohol_tobacco"}
    assert entry["count"] == len(r.json()["items"])
    assert entry["path"] == "/api/offenders" and entry["method"] == "GET"


def test_exports_and_decisions_are_recorded(make_app: MakeApp) -> None:
    served = make_app()
    c = served.client
    r = c.get("/api/exports/ego/Qiu Mou", params={"format": "gexf"})
    export = _last(served, "export_ego")
    assert export["sha256"] == hashlib.sha256(r.content).hexdigest()
    assert export["params"]["format"] == "gexf"  # type: ignore[index]
    assert export["params"]["resolved"].startswith("op:")  # type: ignore[index]
    pair = c.get("/api/same-as").json()["items"][0]
    c.post("/api/same-as/decisions", json={"source": pair["source"]["id"],
                                           "target": pair["target"]["id"],
                                           "status": "rejected", "reason": "checked registry"})
    decision = _last(served, "decide_same_as")
    assert decision["params"] == {"source": pair["source"]["id"], "target": pair["target"]["id"],
                                  "status": "rejected", "reason": "checked registry"}
    body = {"query": "MATCH (n:Venue) RETURN count(n) AS n"}
    c.post("/api/cypher", json=body)
    cypher = _last(served, "run_cypher")
    assert cypher["params"]["query"] == body["query"] and cypher["count"] == 1  # type: ignore[index]


def test_log_survives_a_restart_and_keeps_its_chain(make_app: MakeApp) -> None:
    served = make_app()
    served.client.get("/api/stats")
    served.client.get("/api/documents")
    before = served.client.get("/api/audit/verify").json()
    folder = served.folder
    served.store.close()
    # A new server process on the same folder continues the same log.
    store = EmbeddedStore(folder)
    try:
        again = TestClient(create_app(ApiSettings(), store))
        again.get("/api/stats")
        check = again.get("/api/audit/verify").json()
        assert check["intact"] and check["entries"] == before["entries"] + 2
        oldest = again.get("/api/audit", params={"order": "oldest", "limit": 1}).json()
        assert oldest["items"][0]["seq"] == 1 and oldest["items"][0]["action"] == "stats"
        assert oldest["total"] == check["entries"] + 1
    finally:
        store.close()


def test_editing_or_removing_a_line_breaks_the_chain(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    log = AuditLog(path)
    for n in range(4):
        log.append(who="someone", role="auditor", action="stats", count=n)
    assert log.verify().intact
    lines = path.read_text().splitlines()
    edited = json.loads(lines[1])
    edited["count"] = 99
    path.write_text("\n".join([lines[0], json.dumps(edited), *lines[2:]]) + "\n")
    assert log.verify().first_broken == 3
    path.write_text("\n".join([lines[0], *lines[2:]]) + "\n")
    check = log.verify()
    assert not check.intact and check.first_broken == 3
    # Appending after a torn last line still works and is numbered after it.
    path.write_text("\n".join(lines) + '\n{"seq": 5, "at"')
    entry = log.append(who="x", role="admin", action="stats")
    assert entry.seq == 6


def test_audit_pages_newest_first_and_filters(make_app: MakeApp) -> None:
    served = make_app()
    c = served.client
    for q in ("qiu", "tang", "wang"):
        c.get("/api/search", params={"q": q})
    page = c.get("/api/audit", params={"action": "search_entities", "limit": 2}).json()
    assert [e["params"]["q"] for e in page["items"]] == ["wang", "tang"]
    assert page["next_offset"] == 2 and page["total"] == 3
    rest = c.get("/api/audit", params={"action": "search_entities", "limit": 2,
                                       "offset": 2}).json()
    assert [e["params"]["q"] for e in rest["items"]] == ["qiu"] and rest["next_offset"] is None
    assert c.get("/api/audit", params={"who": "nobody"}).json()["items"] == []
    assert c.get("/api/audit", params={"order": "sideways"}).status_code == 422


def test_unwritable_log_withholds_the_answer(make_app: MakeApp, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the log's folder should be")
    served = make_app(audit_file=str(blocker / "audit.jsonl"))
    r = served.client.get("/api/offenders")
    assert r.status_code == 503 and r.json()["code"] == "audit_unavailable"
    assert "items" not in r.text


@pytest.mark.parametrize("newest_first", [True, False])
def test_pages_of_a_long_log_match_reading_it_whole(tmp_path: Path, newest_first: bool,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages read backwards in blocks agree with the whole log read forwards, across block
    boundaries (lines longer than a block, for the pages and for each append's look at the
    last line), with filters, and past a torn last line."""
    original = audit._backwards
    monkeypatch.setattr(audit, "_backwards", lambda handle, block=257: original(handle, block))
    log = AuditLog(tmp_path / "audit.jsonl")
    for i in range(120):
        log.append(who=f"key{i % 3}", role="analyst", action=("search", "stats")[i % 2],
                   params={"q": "x" * (i * 7 % 300)})
    with open(log.path, "ab") as handle:
        handle.write(b'{"seq": 121, "at"')  # a crash mid-write
    whole = [AuditEntry.model_validate_json(line)
             for line in log.path.read_bytes().splitlines()[:-1]]  # all but the torn line
    order = list(reversed(whole)) if newest_first else whole
    for who, action in ((None, None), ("key1", None), (None, "stats"), ("key2", "search")):
        chosen = [e for e in order if (who is None or e.who == who)
                  and (action is None or e.action == action)]
        for offset in (0, 7, 39, len(chosen) - 1, len(chosen) + 5):
            page = log.page(offset=offset, limit=11, who=who, action=action,
                            newest_first=newest_first)
            assert page.total == len(chosen)
            assert [e.seq for e in page.items] == [e.seq for e in chosen[offset:offset + 11]]
            assert page.next_offset == (offset + 11 if offset + 11 < len(chosen) else None)
