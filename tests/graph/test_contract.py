"""The store contract: every operation, with expected results, against every backend.

Expected answers come from the designed corpus (tests/graph/factories.py), not from a run of
the code: a backend that differs fails here.
"""

from __future__ import annotations

import pytest

from graph.errors import InvalidQuery, NodeNotFound, NoPath
from graph.model import Category, Label, RelType, SameAsStatus
from graph.store import Store


def one(store: Store, name: str, label: Label | None = None):
    hits = [n for n in store.search(name, limit=50) if label is None or n.label is label]
    exact = [n for n in hits if n.name.lower() == name.lower()]
    assert len(exact or hits) >= 1, f"{name} not found"
    return (exact or hits)[0]


def test_stats_counts_every_label_and_type(loaded: Store) -> None:
    stats = loaded.stats()
    assert set(stats.nodes) == {label.value for label in Label}
    assert set(stats.relationships) == {rel.value for rel in RelType}
    assert stats.nodes["Document"] == 6
    # Two spellings of Sunward, two spellings of Blue Wave: one node each.
    assert (
        stats.nodes["Venue"] == 6
    )  # Blue Wave, Starlight, Sunward Kids, Golden Dragon, Lucky Star, Moonlight
    assert stats.nodes["Operator"] == 2  # the two different Zhao Mous
    assert stats.nodes["Company"] == 4  # Sunward, Xinghe group, Xinghe Suqian, Xinghe Wuxi


def test_names_differing_in_suffix_case_or_accent_are_one_node(loaded: Store) -> None:
    sunward = one(loaded, "Sunward Network Technology Co., Ltd.", Label.COMPANY)
    assert "SUNWARD NETWORK TECHNOLOGY CO LTD" in sunward.aliases
    cafe = one(loaded, "Blue Wave Internet Cafe", Label.VENUE)
    assert "Blue Wave Internet Café" in cafe.aliases
    docs = {d for d, _ in loaded.entity_documents(cafe.id)}
    assert docs == {"x1", "x3"}


def test_anonymised_operators_are_merged_only_through_a_shared_business(loaded: Store) -> None:
    zhaos = [n for n in loaded.search("zhao", limit=10) if n.label is Label.OPERATOR]
    assert len(zhaos) == 2
    docs = sorted(sorted(d for d, _ in loaded.entity_documents(z.id)) for z in zhaos)
    assert docs == [["x1", "x3"], ["x4"]]


def test_repeat_offenders(loaded: Store) -> None:
    found = loaded.offenders(min_cases=2)
    names = {(o.type, o.name): o for o in found}
    assert set(names) == {(Label.VENUE, "Blue Wave Internet Cafe"), (Label.OPERATOR, "Zhao Mou")}
    cafe = names[(Label.VENUE, "Blue Wave Internet Cafe")]
    assert cafe.cases == 2 and cafe.documents == ["x1", "x3"] and cafe.years == [2019, 2022]
    assert [(v.name, v.category, v.documents) for v in cafe.violations] == [
        ("admitting minors to an internet cafe", "unsuitable_venues", ["x1", "x3"])
    ]
    assert all(o.cases >= 2 for o in found)
    everyone = loaded.offenders(min_cases=1)
    assert len(everyone) > len(found)
    assert [o.cases for o in everyone] == sorted((o.cases for o in everyone), reverse=True)


def test_offender_filters(loaded: Store) -> None:
    assert loaded.offenders(min_cases=2, category=Category.ALCOHOL_TOBACCO) == []
    only = loaded.offenders(min_cases=1, category="personal_information")
    assert [o.name for o in only] == ["Sunward Network Technology Co., Ltd."]
    in_2022 = loaded.offenders(min_cases=1, year_from=2022, year_to=2022)
    # x4 names no case, so its implicit case has no year and no year filter admits it.
    assert {o.name for o in in_2022} == {"Blue Wave Internet Cafe", "Zhao Mou"}
    assert all(o.years == [2022] and o.cases == 1 for o in in_2022)
    nanjing = loaded.offenders(min_cases=1, location="Nanjing")
    assert [o.name for o in nanjing] == ["Golden Dragon KTV"]
    with pytest.raises(InvalidQuery):
        loaded.offenders(category="not-a-category")
    with pytest.raises(InvalidQuery):
        loaded.offenders(min_cases=0)


def test_linked_businesses_come_with_their_paths(loaded: Store) -> None:
    cafe = one(loaded, "Blue Wave Internet Cafe", Label.VENUE)
    results = {r.node.name: r for r in loaded.linked(cafe.id, hops=3)}
    assert {
        "Starlight E-sports Hotel",
        "Sunward Network Technology Co., Ltd.",
        "Sunward Kids",
    } <= set(results)
    assert "Golden Dragon KTV" not in results  # the other Zhao Mou
    hotel = results["Starlight E-sports Hotel"]
    assert hotel.hops == 2 and hotel.via == [RelType.OPERATES, RelType.OPERATES]
    assert [n.label for n in hotel.path.nodes] == [Label.VENUE, Label.OPERATOR, Label.VENUE]
    assert all(e.evidence and e.evidence.sentence for e in hotel.path.edges)
    assert (
        hotel.path.nodes[0].id == cafe.id
        and hotel.path.nodes[-1].name == "Starlight E-sports Hotel"
    )


def test_linked_through_parent_and_shared_address_but_not_cities_or_violations(
    loaded: Store,
) -> None:
    suqian = one(loaded, "Xinghe Hotel Suqian Co., Ltd.", Label.COMPANY)
    names = {r.node.name: r.hops for r in loaded.linked(suqian.id, hops=4)}
    assert names.get("Xinghe Hotel Wuxi Co., Ltd.") == 2
    assert names.get("Lucky Star Hotel") == 3
    assert names.get("Moonlight Guesthouse") == 5 if "Moonlight Guesthouse" in names else True
    moon = one(loaded, "Moonlight Guesthouse", Label.VENUE)
    near = {r.node.name: r for r in loaded.linked(moon.id, hops=2)}
    assert near["Lucky Star Hotel"].via == [RelType.LOCATED_IN, RelType.LOCATED_IN]
    # Blue Wave and Golden Dragon share nothing but a violation category and cities.
    cafe = one(loaded, "Blue Wave Internet Cafe", Label.VENUE)
    assert "Golden Dragon KTV" not in {r.node.name for r in loaded.linked(cafe.id, hops=6)}


def test_ego_network_is_capped_and_pages(loaded: Store) -> None:
    cafe = one(loaded, "Blue Wave Internet Cafe", Label.VENUE)
    full = loaded.ego(cafe.id, radius=2, limit=500)
    assert not full.truncated and full.total_nodes == len(full.nodes)
    names = {n.name for n in full.nodes}
    assert {"Zhao Mou", "Starlight E-sports Hotel", "Sunward Network Technology Co., Ltd."} <= names
    assert not any(n.label is Label.DOCUMENT for n in full.nodes)
    ids = {n.id for n in full.nodes}
    assert all(e.source in ids and e.target in ids for e in full.edges)
    small = loaded.ego(cafe.id, radius=2, limit=3)
    assert small.truncated and len(small.nodes) == 4  # the centre and three
    page2 = loaded.ego(cafe.id, radius=2, limit=3, offset=3)
    assert {n.id for n in page2.nodes} - {cafe.id} != {n.id for n in small.nodes} - {cafe.id}
    with pytest.raises(InvalidQuery):
        loaded.ego(cafe.id, radius=4)
    with pytest.raises(NodeNotFound):
        loaded.ego("ven:0000000000000000")


def test_ego_does_not_walk_through_hubs_unless_asked(loaded: Store) -> None:
    ktv = one(loaded, "Golden Dragon KTV", Label.VENUE)
    plain = {n.name for n in loaded.ego(ktv.id, radius=2).nodes}
    assert "selling alcohol to minors" in plain and "Nanjing" in plain
    assert "Blue Wave Internet Cafe" not in plain
    cafe = one(loaded, "Blue Wave Internet Cafe", Label.VENUE)
    hubs = {n.name for n in loaded.ego(cafe.id, radius=2, via_hubs=True).nodes}
    assert "Blue Wave Internet Cafe" in hubs


def test_shortest_paths(loaded: Store) -> None:
    a = one(loaded, "Starlight E-sports Hotel", Label.VENUE)
    b = one(loaded, "Sunward Kids", Label.VENUE)
    paths = loaded.shortest_paths(a.id, b.id)
    assert paths and all(p.length == 4 for p in paths)
    assert [n.name for n in paths[0].nodes] == [
        "Starlight E-sports Hotel",
        "Zhao Mou",
        "Blue Wave Internet Cafe",
        "Sunward Network Technology Co., Ltd.",
        "Sunward Kids",
    ]
    for p in paths:
        for edge, (x, y) in zip(p.edges, zip(p.nodes, p.nodes[1:], strict=False), strict=True):
            assert {edge.source, edge.target} == {x.id, y.id}
    ktv = one(loaded, "Golden Dragon KTV", Label.VENUE)
    with pytest.raises(NoPath):
        loaded.shortest_paths(a.id, ktv.id, via_hubs=True, max_hops=10)
    # Sunward Kids and the Xinghe Suqian hotel company meet only in a city: a hub.
    xinghe = one(loaded, "Xinghe Hotel Suqian Co., Ltd.", Label.COMPANY)
    with pytest.raises(NoPath):
        loaded.shortest_paths(b.id, xinghe.id)
    through_hubs = loaded.shortest_paths(b.id, xinghe.id, via_hubs=True)
    assert [n.name for n in through_hubs[0].nodes] == [
        "Sunward Kids",
        "Sunward Network Technology Co., Ltd.",
        "Suqian City",
        "Xinghe Hotel Suqian Co., Ltd.",
    ]


def test_patterns(loaded: Store) -> None:
    by_cat = {p.category: p for p in loaded.patterns(by=["category"])}
    assert by_cat["unsuitable_venues"].cases == 2
    assert by_cat["unsuitable_venues"].documents == 2
    assert by_cat["alcohol_tobacco"].cases == 1
    by_year = {p.year: p.cases for p in loaded.patterns(by=["year"])}
    # x4-x6 name no case: their implicit cases have no year.
    assert by_year == {2019: 1, 2021: 1, 2022: 1, None: 3}
    cells = loaded.patterns(by=["category", "year"], category="unsuitable_venues")
    assert {(c.category, c.year) for c in cells} == {
        ("unsuitable_venues", 2019),
        ("unsuitable_venues", 2022),
    }
    places = {p.location for p in loaded.patterns(by=["location"])}
    assert "Nanjing" in places and "12 Heping Road, Xuzhou" not in places
    with pytest.raises(InvalidQuery):
        loaded.patterns(by=["colour"])


def test_search_is_prefix_case_insensitive_and_covers_aliases(loaded: Store) -> None:
    assert one(loaded, "sunward network").name.startswith("Sunward Network")
    assert {n.name for n in loaded.search("sunw")} >= {
        "Sunward Kids",
        "Sunward Network Technology Co., Ltd.",
    }
    by_alias = loaded.search("SUNWARD NETWORK TECHNOLOGY CO LTD")
    assert by_alias[0].name == "Sunward Network Technology Co., Ltd."
    assert [n.label for n in loaded.search("blue wave", labels=[Label.VENUE])] == [Label.VENUE]
    assert loaded.search("   ") == []
    assert loaded.search("zzzz-no-such") == []
    hostile = loaded.search("') MATCH (n) DETACH DELETE n //")
    assert hostile == [] and loaded.stats().nodes["Document"] == 6


def test_resolve_by_id_or_unambiguous_name(loaded: Store) -> None:
    cafe = one(loaded, "Blue Wave Internet Cafe", Label.VENUE)
    assert loaded.resolve(cafe.id) == cafe
    assert loaded.resolve("Blue Wave Internet Cafe").id == cafe.id
    with pytest.raises(InvalidQuery):
        loaded.resolve("Zhao Mou")  # two people
    with pytest.raises(NodeNotFound):
        loaded.resolve("Nobody Ltd")


def test_subgraph_and_edges_carry_evidence(loaded: Store) -> None:
    cafe = one(loaded, "Blue Wave Internet Cafe", Label.VENUE)
    zhao = [n for n in loaded.search("zhao") if n.label is Label.OPERATOR]
    sub = loaded.subgraph([cafe.id, *(z.id for z in zhao)])
    operates = [e for e in sub.edges if e.type is RelType.OPERATES]
    assert {e.evidence.doc_id for e in operates} == {"x1", "x3"}  # one edge per document
    assert all(e.evidence.sentence and e.evidence.confidence for e in operates)
    with pytest.raises(NodeNotFound):
        loaded.subgraph(["co:does-not-exist"])


def test_documents_and_mentions(loaded: Store) -> None:
    docs = loaded.documents()
    assert [d.doc_id for d in docs] == ["x1", "x2", "x3", "x4", "x5", "x6"]
    assert docs[0].year == 2019 and docs[0].source == "cases/x1.txt"
    info, mentions = loaded.document("x1")
    assert info.entities >= 8
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    assert any(m.text == "Blue Wave Internet Cafe" for m in mentions)
    with pytest.raises(NodeNotFound):
        loaded.document("nope")


def test_all_document_hashes_are_read_in_one_pass(loaded: Store) -> None:
    hashes = loaded.all_document_hashes()
    ids = [d.id for d in loaded.documents()]
    assert sorted(hashes) == sorted(ids)
    assert hashes == loaded.document_hashes(ids)
    assert all(len(h) == 64 for h in hashes.values())  # the SHA-256 of each record


def test_same_as_review_is_stored_and_reversible(loaded: Store) -> None:
    # Two venues with one case each: accepted as one entity, they are a repeat offender.
    a = one(loaded, "Golden Dragon KTV", Label.VENUE)
    b = one(loaded, "Moonlight Guesthouse", Label.VENUE)
    assert a.name not in {o.name for o in loaded.offenders(min_cases=2)}
    loaded.propose_same_as(a.id, b.id, score=0.9, method="test")
    assert [(s.source.id, s.target.id) for s in loaded.same_as()] == [(a.id, b.id)]
    assert b.id in {r.node.id for r in loaded.linked(a.id, hops=1)}  # candidates link
    link = loaded.decide_same_as(b.id, a.id, SameAsStatus.ACCEPTED, by="alice", reason="same place")
    assert link.status is SameAsStatus.ACCEPTED and link.decided_by == "alice"
    assert link.reason == "same place" and link.decided_at
    assert loaded.same_as() == []
    joined = [o for o in loaded.offenders(min_cases=2) if a.name in [o.name, *o.aliases]]
    assert len(joined) == 1 and joined[0].cases == 2
    assert b.name in [joined[0].name, *joined[0].aliases]
    assert joined[0].documents == ["x4", "x6"]
    back = loaded.decide_same_as(a.id, b.id, SameAsStatus.REJECTED, by="bob")
    assert back.status is SameAsStatus.REJECTED and back.decided_by == "bob"
    assert b.id not in {r.node.id for r in loaded.linked(a.id, hops=1)}
    assert a.name not in {o.name for o in loaded.offenders(min_cases=2)}
    loaded.decide_same_as(a.id, b.id, SameAsStatus.CANDIDATE, by="carol")
    assert [s.decided_by for s in loaded.same_as()] == ["carol"]
    with pytest.raises(NodeNotFound):
        loaded.decide_same_as(
            a.id, one(loaded, "Lucky Star Hotel").id, SameAsStatus.ACCEPTED, by="x"
        )


def test_business_links_projection(loaded: Store) -> None:
    edges = loaded.business_links()
    assert {e.type for e in edges} <= {
        RelType.OPERATES,
        RelType.RUNS,
        RelType.OWNS,
        RelType.SAME_AS,
    }
    owns = [e for e in edges if e.type is RelType.OWNS]
    assert len(owns) == 2


def test_read_only_cypher(loaded: Store) -> None:
    columns, rows = loaded.cypher("MATCH (n:Company) RETURN n.name AS name ORDER BY name", limit=2)
    assert columns == ["name"] and len(rows) == 2
    columns, rows = loaded.cypher(
        "MATCH (n:Venue) WHERE n.name = $name RETURN n.id", {"name": "Golden Dragon KTV"}
    )
    assert len(rows) == 1
    from graph.errors import ReadOnlyViolation

    with pytest.raises(ReadOnlyViolation):
        loaded.cypher("MATCH (n:Venue) SET n.name = 'x' RETURN n.id")
    assert loaded.search("Golden Dragon")[0].name == "Golden Dragon KTV"
    with pytest.raises(InvalidQuery):
        loaded.cypher("THIS IS NOT CYPHER")


def test_retracting_a_document_removes_its_facts_and_orphans(loaded: Store) -> None:
    before = loaded.stats()
    loaded.delete_document("x4")
    after = loaded.stats()
    assert after.nodes["Document"] == before.nodes["Document"] - 1
    assert not loaded.search("Golden Dragon")
    assert after.nodes["Operator"] == 1
    assert after.nodes["Location"] == before.nodes["Location"] - 1  # Nanjing only there


def test_hubs_end_a_walk_but_do_not_carry_one(loaded: Store) -> None:
    # The KTV's city and violation are one hop away: they belong to its radius-1 network,
    # and nothing beyond them does. (The embedded engine filters walk destinations too, so
    # this pins down that both engines give the same answer.)
    ktv = one(loaded, "Golden Dragon KTV", Label.VENUE)
    near = {n.name: n.label for n in loaded.ego(ktv.id, radius=1).nodes}
    assert near == {
        "Golden Dragon KTV": Label.VENUE, "Zhao Mou": Label.OPERATOR,
        "Nanjing": Label.LOCATION, "selling alcohol to minors": Label.VIOLATION,
        "case reported in x4": Label.CASE,
    }
    kids = one(loaded, "Sunward Kids", Label.VENUE)
    suqian = one(loaded, "Suqian City", Label.LOCATION)
    (path,) = loaded.shortest_paths(kids.id, suqian.id)
    assert [n.name for n in path.nodes] == [
        "Sunward Kids", "Sunward Network Technology Co., Ltd.", "Suqian City",
    ]
    cafe = one(loaded, "Blue Wave Internet Cafe", Label.VENUE)
    wide = {n.name for n in loaded.ego(cafe.id, radius=3).nodes}
    assert "Golden Dragon KTV" not in wide and "Xinghe Hotel Suqian Co., Ltd." not in wide
    assert "admitting minors to an internet cafe" in wide and "Xuzhou" in wide


def test_deep_pages_answer_empty_instead_of_failing(loaded: Store) -> None:
    # The embedded engine crashes the process on a sorted SKIP past ~12,000; no query may
    # send one, so a deep page must simply be empty.
    assert loaded.documents(offset=50_000, limit=10) == []
    assert [d.doc_id for d in loaded.documents(offset=2, limit=2)] == ["x3", "x4"]
    assert loaded.ego(one(loaded, "Zhao Mou", Label.OPERATOR).id, offset=20_000).nodes
    assert loaded.offenders(min_cases=1, offset=20_000) == []
    assert loaded.same_as(offset=20_000) == []


def test_analyst_cypher_with_a_deep_skip_is_refused_on_the_embedded_store(loaded: Store) -> None:
    if loaded.dialect.value != "ladybug":
        pytest.skip("the guard exists for the embedded engine's sorted-SKIP crash only")
    for text, params in (("MATCH (n:Company) RETURN n.id ORDER BY n.id SKIP 20000", {}),
                         ("MATCH (n:Company) RETURN n.id ORDER BY n.id SKIP $s", {"s": 50_000})):
        with pytest.raises(InvalidQuery, match="SKIP above"):
            loaded.cypher(text, params)
    assert loaded.cypher("MATCH (n:Company) RETURN n.id ORDER BY n.id SKIP 1")[1]
