"""Business clusters on a real store: a sprawling component is split into its communities with
a fixed seed (so the same data gives the same clusters), and an upload through the API shows in
the clusters at once."""

from __future__ import annotations

from pathlib import Path

from api.clusters import Clusters
from graph.embedded import EmbeddedStore
from graph.ingest import Ingestor
from graph.records import Record
from tests.api.conftest import MakeApp, node_id
from tests.api.factories import CaseText


def _group(doc_id: str, prefix: str, bridge: str | None = None) -> Record:
    """Two operators who both run five venues: a tight group. `bridge` also runs the first."""
    c = CaseText(doc_id)
    c.says(f"{prefix} Wei and {prefix} Lin jointly run five {prefix} arcades.")
    ops = [c.names(f"op{i}", "Operator", f"{prefix} {who}") for i, who in enumerate(("Wei", "Lin"))]
    venues = [c.names(f"v{i}", "Venue", f"{prefix} Arcade No. {i}", kind="arcade")
              for i in range(5)]
    for op in ops:
        for v in venues:
            c.links("OPERATES", op, v)
    if bridge:
        c.says(f"{bridge} also manages {prefix} Arcade No. 0.")
        b = c.names("bridge", "Operator", bridge)
        c.links("OPERATES", b, venues[0])
    return c.record()


def test_a_sprawling_component_is_split_into_repeatable_communities(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "db")
    try:
        Ingestor(store).ingest([_group("north", "North"),
                                _group("south", "South", bridge="Gao Jianguo"),
                                _group("bridge", "North", bridge="Gao Jianguo")])
        found = Clusters(store, split_size=6, seed=7).ranked()
        assert len(found) >= 2
        assert {c.component_size for c in found} == {15}
        members = [m.id for c in found for m in c.members]
        assert len(members) == len(set(members)) == 15
        for c in found:
            names = {m.name.split()[0] for m in c.members if m.label.value == "Venue"}
            assert len(names) <= 1, names  # a community does not mix the two groups' venues
            ids = {m.id for m in c.members}
            assert all(e.source in ids and e.target in ids for e in c.edges)
        again = Clusters(store, split_size=6, seed=7).ranked()
        assert [c.id for c in again] == [c.id for c in found]
        whole = Clusters(store, split_size=100).ranked()
        assert [c.size for c in whole] == [15]
    finally:
        store.close()


def test_an_upload_shows_in_the_clusters_at_once(make_app: MakeApp) -> None:
    served = make_app()
    c = served.client
    shop = node_id(c, "Inkwell Tattoo Studio")
    assert c.get(f"/api/entities/{shop}/cluster").json()["size"] == 2
    more = CaseText("2024-guangzhou-wang-second-studio")
    more.says("Wang Mou, who runs the Inkwell Tattoo Studio, opened Inkwell Two in Panyu.")
    wang = more.names("op", "Operator", "Wang Mou")
    first = more.names("a", "Venue", "Inkwell Tattoo Studio", kind="tattoo_parlour")
    second = more.names("b", "Venue", "Inkwell Two", kind="tattoo_parlour")
    more.links("OPERATES", wang, first).links("OPERATES", wang, second)
    body = (more.record().to_json() + "\n").encode()
    assert c.post("/api/documents", files=[("files", ("w.jsonl", body))]).status_code == 201
    grown = c.get(f"/api/entities/{shop}/cluster").json()
    assert grown["size"] == 3 and "Inkwell Two" in {m["name"] for m in grown["members"]}
