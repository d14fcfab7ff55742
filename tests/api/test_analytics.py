"""Analysts' routes through the real app: repeat offenders, pattern counts, business clusters and
read-only Cypher, with their filters, bounds and refusals."""

from __future__ import annotations

from tests.api.conftest import MakeApp, Served, node_id


def test_repeat_offenders_with_cases_documents_and_violations(world: Served) -> None:
    page = world.client.get("/api/offenders").json()
    by_name = {o["name"]: o for o in page["items"]}
    assert set(by_name) == {"Qiu Mou", "Feiyu Internet Cafe", "Pixelfort Inc.", "Bubble Pals"}
    qiu = by_name["Qiu Mou"]
    assert qiu["cases"] == 2 and qiu["years"] == [2019, 2022] and qiu["type"] == "Operator"
    assert qiu["documents"] == ["2019-changsha-yeying-ktv", "2022-changsha-hongyun-bar"]
    assert [v["name"] for v in qiu["violations"]] == ["selling alcohol to minors"]
    cases = [o["cases"] for o in page["items"]]
    assert cases == sorted(cases, reverse=True)


def test_offender_filters(world: Served) -> None:
    c = world.client
    names = lambda **p: {o["name"] for o in c.get("/api/offenders", params=p).json()["items"]}  # noqa: E731
    assert names(category="personal_information") == {"Pixelfort Inc.", "Bubble Pals"}
    assert names(label="Operator") == {"Qiu Mou"}
    assert names(location="Xuzhou") == {"Feiyu Internet Cafe"}
    assert names(year_from=2020, year_to=2021) == set()
    assert "Inkwell Tattoo Studio" in names(min_cases=1)


def test_offenders_page(world: Served) -> None:
    c = world.client
    first = c.get("/api/offenders", params={"limit": 3}).json()
    rest = c.get("/api/offenders", params={"limit": 3, "offset": 3}).json()
    assert first["next_offset"] == 3 and rest["next_offset"] is None
    assert len(first["items"]) + len(rest["items"]) == 4


def test_offender_parameters_are_checked(world: Served) -> None:
    c = world.client
    for params in ({"category": "arson"}, {"min_cases": 0}, {"label": "Case"},
                   {"year_from": -1}, {"limit": 501}):
        r = c.get("/api/offenders", params=params)
        assert r.status_code == 422, params
        assert r.json()["details"], params


def test_patterns_count_cases_by_category_place_and_year(world: Served) -> None:
    c = world.client
    cells = c.get("/api/patterns").json()["items"]
    alcohol = [p for p in cells if p["category"] == "alcohol_tobacco"]
    assert {(p["location"], p["year"]) for p in alcohol} >= {("Changsha", 2019),
                                                             ("Changsha", 2022)}
    by_category = c.get("/api/patterns", params={"by": "category"}).json()["items"]
    assert {p["location"] for p in by_category} == {None}
    tattoo = next(p for p in by_category if p["category"] == "tattoo_and_cosmetic")
    assert tattoo == {"category": "tattoo_and_cosmetic", "location": None, "year": None,
                      "cases": 1, "documents": 1, "parties": 2}
    years = c.get("/api/patterns", params={"by": "year", "year_from": 2023}).json()["items"]
    assert {p["year"] for p in years} == {2023, 2024}
    assert c.get("/api/patterns", params={"by": "colour"}).status_code == 422


def test_clusters_ranked_with_members_and_joining_edges(world: Served) -> None:
    c = world.client
    page = c.get("/api/clusters").json()
    sizes = [x["size"] for x in page["items"]]
    assert sizes == sorted(sizes, reverse=True) and min(sizes) >= 2
    for cluster in page["items"]:
        ids = {m["id"] for m in cluster["members"]}
        assert len(ids) == cluster["size"]
        assert {m["label"] for m in cluster["members"]} <= {"Company", "Venue", "Operator"}
        assert all(e["source"] in ids and e["target"] in ids for e in cluster["edges"])
        assert all(e["type"] in {"OPERATES", "RUNS", "OWNS", "SAME_AS"} for e in cluster["edges"])
    sunward = next(x for x in page["items"]
                   if "Hangzhou Sunward Technology Co., Ltd." in {m["name"] for m in x["members"]})
    assert "SAME_AS" in {e["type"] for e in sunward["edges"]}
    by_cases = c.get("/api/clusters", params={"sort": "violations"}).json()["items"]
    counts = [x["cases"] for x in by_cases]
    assert counts == sorted(counts, reverse=True)
    big = c.get("/api/clusters", params={"min_size": 4}).json()["items"]
    assert big and all(x["size"] >= 4 for x in big)


def test_cypher_reads_with_parameters(world: Served) -> None:
    body = {"query": "MATCH (v:Venue) WHERE v.name = $name RETURN v.name AS name, v.kind AS kind",
            "params": {"name": "Hongyun Bar"}}
    out = world.client.post("/api/cypher", json=body).json()
    assert out == {"columns": ["name", "kind"], "rows": [["Hongyun Bar", "bar"]],
                   "truncated": False}


def test_cypher_row_cap_marks_truncation(world: Served) -> None:
    body = {"query": "MATCH (v:Venue) RETURN v.name ORDER BY v.name", "limit": 3}
    out = world.client.post("/api/cypher", json=body).json()
    assert len(out["rows"]) == 3 and out["truncated"] is True


def test_cypher_refuses_writes_and_reports_bad_queries(make_app: MakeApp) -> None:
    served = make_app()
    c = served.client
    before = c.get("/api/stats").json()["nodes"]["Venue"]
    r = c.post("/api/cypher", json={"query": "CREATE (v:Venue {id: 'ven:evil'}) RETURN v"})
    assert r.status_code == 403 and r.json()["code"] == "read_only"
    r = c.post("/api/cypher", json={"query": "MATCH (n) DETACH DELETE n"})
    assert r.status_code == 403
    assert c.get("/api/stats").json()["nodes"]["Venue"] == before
    r = c.post("/api/cypher", json={"query": "MATCH (n RETURN n"})
    assert r.status_code == 422 and r.json()["code"] == "invalid_query"
    assert c.post("/api/cypher", json={"query": ""}).status_code == 422
    assert c.post("/api/cypher", json={"query": "RETURN 1", "timeout_s": 0}).status_code == 422


def test_cypher_values_become_plain_json(world: Served) -> None:
    qiu = node_id(world.client, "Qiu Mou")
    body = {"query": "MATCH (o:Operator {id: $id})-[r:OPERATES]->(v) RETURN o, r, v.name LIMIT 1",
            "params": {"id": qiu}}
    out = world.client.post("/api/cypher", json=body).json()
    node, rel, name = out["rows"][0]
    assert node["name"] == "Qiu Mou" and isinstance(rel, dict) and name


def test_cypher_refuses_a_skip_that_would_crash_the_embedded_engine(world: Served) -> None:
    for body in ({"query": "MATCH (n:Venue) RETURN n.name ORDER BY n.name SKIP 50000"},
                 {"query": "MATCH (n:Venue) RETURN n.name ORDER BY n.name SKIP $s",
                  "params": {"s": 20000}}):
        r = world.client.post("/api/cypher", json=body)
        assert r.status_code == 422 and "SKIP" in r.json()["message"]
    ok = {"query": "MATCH (n:Venue) RETURN n.name ORDER BY n.name SKIP 2"}
    assert len(world.client.post("/api/cypher", json=ok).json()["rows"]) == 6
    # The service is still up.
    assert world.client.get("/api/health").status_code == 200
