"""SAME_AS review through the real app: candidates are listed, decisions are stored with who,
when and why, change what repeat-offender counts see, and can be undone."""

from __future__ import annotations

from tests.api.conftest import MakeApp, Served, node_id

SUNWARD = ("Hangzhou Sunward Technology Co., Ltd.", "Hangzhou Sunward Technologies Co., Ltd.")


def test_candidates_are_listed_best_first(world: Served) -> None:
    page = world.client.get("/api/same-as").json()
    pairs = [{s["source"]["name"], s["target"]["name"]} for s in page["items"]]
    assert set(SUNWARD) in pairs
    link = page["items"][0]
    assert link["status"] == "candidate" and 0.86 <= link["score"] <= 1.0
    assert link["method"] == "fuzzy-name" and link["decided_by"] is None
    assert world.client.get("/api/same-as", params={"status": "accepted"}).json()["items"] == []
    assert world.client.get("/api/same-as", params={"status": "maybe"}).status_code == 422


def test_accepting_merges_counts_and_can_be_undone(make_app: MakeApp) -> None:
    c = make_app().client
    a, b = (node_id(c, n) for n in SUNWARD)

    def sunward_offenders() -> list[dict[str, object]]:
        items = c.get("/api/offenders").json()["items"]
        return [o for o in items if "Sunward" in str(o["name"])]

    assert sunward_offenders() == []  # one case each: not repeat offenders apart
    r = c.post("/api/same-as/decisions",
               json={"source": b, "target": a, "status": "accepted", "reason": "same licence"})
    assert r.status_code == 200, r.text
    decided = r.json()
    assert decided["status"] == "accepted" and decided["decided_by"] == "local"
    assert decided["reason"] == "same licence" and decided["decided_at"]
    merged = sunward_offenders()
    assert len(merged) == 1 and merged[0]["cases"] == 2
    assert set(merged[0]["documents"]) == {"2019-hangzhou-sunward-homework",
                                           "2023-hangzhou-sunward-watch"}
    listed = c.get("/api/same-as", params={"status": "accepted"}).json()["items"]
    assert [(s["source"]["id"], s["target"]["id"]) for s in listed] == [(b, a)]
    # Reversible: back to candidate, and the counts go back too.
    undo = c.post("/api/same-as/decisions", json={"source": a, "target": b,
                                                  "status": "candidate"}).json()
    assert undo["status"] == "candidate"
    assert sunward_offenders() == []


def test_rejecting_keeps_them_apart_and_is_remembered(make_app: MakeApp) -> None:
    c = make_app().client
    a, b = (node_id(c, n) for n in SUNWARD)
    c.post("/api/same-as/decisions", json={"source": a, "target": b, "status": "rejected",
                                           "reason": "different licence numbers"})
    assert c.get("/api/same-as").json()["items"] == []
    rejected = c.get("/api/same-as", params={"status": "rejected"}).json()["items"]
    assert rejected[0]["reason"] == "different licence numbers"
    cluster = c.get(f"/api/entities/{a}/cluster").json()
    assert b not in {m["id"] for m in cluster["members"]}


def test_decision_on_unknown_link_or_entity_is_404(make_app: MakeApp) -> None:
    c = make_app().client
    a = node_id(c, SUNWARD[0])
    tattoo = node_id(c, "Inkwell Tattoo Studio")
    r = c.post("/api/same-as/decisions", json={"source": a, "target": tattoo,
                                               "status": "accepted"})
    assert r.status_code == 404
    r = c.post("/api/same-as/decisions", json={"source": "co:0000000000000000", "target": a,
                                               "status": "accepted"})
    assert r.status_code == 404
    r = c.post("/api/same-as/decisions", json={"source": a, "target": a, "status": "sure"})
    assert r.status_code == 422
