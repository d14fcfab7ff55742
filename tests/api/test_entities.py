"""Entity routes through the real app: search, one entity, ego network, linked businesses,
cluster of an entity and shortest paths, with their error cases."""

from __future__ import annotations

from tests.api.conftest import Served, node_id


def test_search_finds_by_prefix_and_filters_by_label(world: Served) -> None:
    c = world.client
    page = c.get("/api/search", params={"q": "hongyun"}).json()
    assert [n["name"] for n in page["items"]] == ["Hongyun Bar"]
    assert page["items"][0]["label"] == "Venue"
    sunward = c.get("/api/search", params={"q": "sunward"}).json()["items"]
    assert {n["label"] for n in sunward} == {"Company", "Venue"}
    only = c.get("/api/search", params={"q": "sunward", "label": "Company"}).json()["items"]
    assert {n["label"] for n in only} == {"Company"} and len(only) == 2


def test_search_pages_without_overlap(world: Served) -> None:
    c = world.client
    everything = c.get("/api/search", params={"q": "sunward", "limit": 100}).json()["items"]
    assert len(everything) == 4
    first = c.get("/api/search", params={"q": "sunward", "limit": 3}).json()
    assert first["next_offset"] == 3
    second = c.get("/api/search", params={"q": "sunward", "limit": 3, "offset": 3}).json()
    assert second["next_offset"] is None
    ids = [n["id"] for n in first["items"] + second["items"]]
    assert ids == [n["id"] for n in everything]


def test_search_rejects_missing_or_oversized_query(world: Served) -> None:
    for params in ({}, {"q": ""}, {"q": "x" * 201}, {"q": "a", "limit": 0}):
        r = world.client.get("/api/search", params=params)
        assert r.status_code == 422, params
        assert r.json()["code"] == "invalid_parameter"


def test_entity_by_id_and_by_name_with_documents_and_mentions(world: Served) -> None:
    c = world.client
    qiu = node_id(c, "Qiu Mou")
    by_id = c.get(f"/api/entities/{qiu}").json()
    by_name = c.get("/api/entities/Qiu Mou").json()
    assert by_id == by_name
    assert by_id["node"]["label"] == "Operator"
    docs = {d["doc_id"]: d["mentions"] for d in by_id["documents"]}
    assert set(docs) == {"2019-changsha-yeying-ktv", "2022-changsha-hongyun-bar"}
    for mentions in docs.values():
        assert all(m["text"] == "Qiu Mou" and m["end"] - m["start"] == 7 for m in mentions)


def test_unknown_entity_is_404_with_advice(world: Served) -> None:
    r = world.client.get("/api/entities/co:0000000000000000")
    assert r.status_code == 404
    body = r.json()
    assert body["code"] == "not_found" and "search" in body["message"]


def test_ambiguous_name_is_422_naming_the_candidates(world: Served) -> None:
    # Two "administrative penalty" cases: a name that picks no single entity.
    r = world.client.get("/api/entities/administrative penalty")
    assert r.status_code == 422
    assert "give an id" in r.json()["message"]


def test_ego_network_pages_through_every_neighbour_once(world: Served) -> None:
    c = world.client
    cafe = node_id(c, "Feiyu Internet Cafe")
    whole = c.get(f"/api/entities/{cafe}/ego", params={"radius": 2, "limit": 500}).json()
    assert not whole["truncated"] and whole["next_offset"] is None
    everyone = {n["id"] for n in whole["nodes"]} - {cafe}
    assert node_id(c, "Xuzhou Lanhai Culture Co., Ltd.") in everyone
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        page = c.get(f"/api/entities/{cafe}/ego",
                     params={"radius": 2, "limit": 2, "offset": offset}).json()
        assert cafe in {n["id"] for n in page["nodes"]}
        assert len(page["nodes"]) <= 3
        seen += [n["id"] for n in page["nodes"] if n["id"] != cafe]
        offset = page["next_offset"]
        assert page["truncated"] == (offset is not None)
    assert sorted(seen) == sorted(everyone)


def test_ego_edges_join_returned_nodes_and_carry_evidence(world: Served) -> None:
    c = world.client
    bar = node_id(c, "Hongyun Bar")
    g = c.get(f"/api/entities/{bar}/ego", params={"radius": 1}).json()
    ids = {n["id"] for n in g["nodes"]}
    assert g["edges"]
    for e in g["edges"]:
        assert e["source"] in ids and e["target"] in ids
        assert e["evidence"]["doc_id"] and e["evidence"]["sentence"]


def test_ego_radius_is_bounded(world: Served) -> None:
    bar = node_id(world.client, "Hongyun Bar")
    for radius in (0, 4):
        r = world.client.get(f"/api/entities/{bar}/ego", params={"radius": radius})
        assert r.status_code == 422


def test_linked_businesses_explain_each_link_with_a_path(world: Served) -> None:
    c = world.client
    cafe = node_id(c, "Feiyu Internet Cafe")
    page = c.get(f"/api/entities/{cafe}/linked").json()
    by_name = {x["node"]["name"]: x for x in page["items"]}
    hotel = by_name["Lanhai E-sports Hotel"]
    assert hotel["hops"] == 3 and hotel["via"] == ["OPERATES", "OWNS", "RUNS"]
    path = hotel["path"]
    assert path["nodes"][0]["id"] == cafe and path["nodes"][-1]["name"] == "Lanhai E-sports Hotel"
    assert len(path["edges"]) == path["length"] == 3
    # Businesses linked only through a shared city or violation are not links.
    assert "Yeying KTV" not in by_name


def test_linked_hops_and_via_narrow_the_answer(world: Served) -> None:
    c = world.client
    cafe = node_id(c, "Feiyu Internet Cafe")
    near = c.get(f"/api/entities/{cafe}/linked", params={"hops": 2}).json()["items"]
    assert {x["node"]["name"] for x in near} == {"Xuzhou Lanhai Culture Co., Ltd."}
    runs_only = c.get(f"/api/entities/{cafe}/linked", params={"via": "RUNS"}).json()["items"]
    assert runs_only == []
    assert c.get(f"/api/entities/{cafe}/linked", params={"via": "NOPE"}).status_code == 422
    assert c.get(f"/api/entities/{cafe}/linked",
                 params={"via": "MENTIONED_IN"}).status_code == 422


def test_cluster_of_an_entity_holds_its_operator_and_businesses(world: Served) -> None:
    c = world.client
    cafe = node_id(c, "Feiyu Internet Cafe")
    cluster = c.get(f"/api/entities/{cafe}/cluster").json()
    names = {m["name"] for m in cluster["members"]}
    assert names == {"Feiyu Internet Cafe", "Tang Feiyu", "Xuzhou Lanhai Culture Co., Ltd.",
                     "Lanhai E-sports Hotel"}
    ids = {m["id"] for m in cluster["members"]}
    assert all(e["source"] in ids and e["target"] in ids for e in cluster["edges"])
    assert cluster["cases"] == 2 and cluster["size"] == 4


def test_cluster_of_an_unlinked_authority_is_itself(world: Served) -> None:
    c = world.client
    ftc = node_id(c, "Federal Trade Commission")
    cluster = c.get(f"/api/entities/{ftc}/cluster").json()
    assert [m["id"] for m in cluster["members"]] == [ftc] and cluster["edges"] == []


def test_shortest_paths_between_two_venues_of_one_operator(world: Served) -> None:
    c = world.client
    r = c.get("/api/paths", params={"source": "Yeying KTV", "target": "Hongyun Bar"}).json()
    assert r["source"]["name"] == "Yeying KTV" and r["target"]["name"] == "Hongyun Bar"
    lengths = {p["length"] for p in r["paths"]}
    assert lengths == {2}
    for p in r["paths"]:
        assert [n["name"] for n in p["nodes"]] == ["Yeying KTV", "Qiu Mou", "Hongyun Bar"]
        assert {e["type"] for e in p["edges"]} == {"OPERATES"}


def test_no_path_is_404_no_path(world: Served) -> None:
    r = world.client.get("/api/paths", params={"source": "Inkwell Tattoo Studio",
                                               "target": "Pixelfort Inc.", "max_hops": 3})
    assert r.status_code == 404
    assert r.json()["code"] == "no_path" and "3 hops" in r.json()["message"]


def test_paths_through_hubs_only_when_asked(world: Served) -> None:
    params = {"source": "Yeying KTV", "target": "Hongyun Bar", "max_hops": 2}
    plain = world.client.get("/api/paths", params=params).json()["paths"]
    assert all(p["nodes"][1]["name"] == "Qiu Mou" for p in plain)
    via = world.client.get("/api/paths", params={**params, "via_hubs": "true"}).json()["paths"]
    middles = {p["nodes"][1]["label"] for p in via}
    assert {"Location", "Violation"} <= middles and len(via) > len(plain)
