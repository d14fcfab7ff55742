"""Exports against a real embedded store: every format read back equal to what was exported,
hostile strings intact, the same request giving the same bytes, manifests whose hashes match
the files on disk, and the Cypher script replayed in a real Cypher engine (the embedded one) and
checked by Neo4j's own linter."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import ladybug
import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.cypher import ladybug_schema, linter_schema
from graph.embedded import DB_FILE, EmbeddedStore
from graph.errors import NodeNotFound
from graph.export import (
    ExportBundle,
    ExportError,
    ExportFileError,
    ExportFormat,
    Selection,
    export_subgraph,
    read_export,
    select,
    store_info,
)
from graph.export.cypher_reader import _Token, _unquote
from graph.export.cypher_script import string_literal
from graph.export.manifest import _without_credentials
from graph.ingest import Ingestor
from graph.model import Label, RelType, SameAsStatus
from graph.store import Store
from graph.types import Edge, Evidence, Node, Subgraph
from tests.graph.export_factories import (
    CLOSE_GRAPHML,
    CONTROL_SENTENCE,
    HOSTILE_ALIASES,
    HOSTILE_NAME,
    HOSTILE_SENTENCE,
    INJECTION,
    control_record,
    hostile_record,
)
from tests.graph.factories import corpus

REPO = Path(__file__).resolve().parents[2]
ALL = list(ExportFormat)
ANY_TEXT = [ExportFormat.JSON, ExportFormat.CSV, ExportFormat.CYPHER]
"""Formats that carry any text, control characters included (XML cannot)."""
WHEN = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
BLUE_WAVE = Selection(kind="entity", entity="Blue Wave Internet Cafe", hops=2)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The designed corpus, the hostile and the control-character documents, and one reviewed
    SAME_AS link whose reason is hostile too. Read-only for the tests of this module."""
    s = EmbeddedStore(tmp_path_factory.mktemp("export") / "db")
    Ingestor(s, batch_size=3).ingest([*corpus(), hostile_record(), control_record()])
    a = s.resolve("Xinghe Hotel Suqian Co., Ltd.").id
    b = s.resolve("Xinghe Hotel Wuxi Co., Ltd.").id
    s.propose_same_as(a, b, score=0.625, method="fuzzy")
    s.decide_same_as(a, b, SameAsStatus.REJECTED, by="auditor 'x'", reason=INJECTION,
                     at=WHEN)
    yield s
    s.close()


def _graph(store: Store, *, skip_docs: tuple[str, ...] = ()) -> Subgraph:
    ids: set[str] = set()
    for doc in store.documents(limit=100):
        if doc.doc_id in skip_docs:
            continue
        ids.add(doc.id)
        for members in store.document_nodes(doc.id).values():
            ids |= members
    return store.subgraph(ids, documents=True)


@pytest.fixture(scope="module")
def full(store: Store) -> Subgraph:
    """Every node and relationship, documents and MENTIONED_IN included."""
    return _graph(store)


@pytest.fixture(scope="module")
def xml_safe(store: Store) -> Subgraph:
    """Everything but the document whose evidence holds control characters."""
    return _graph(store, skip_docs=("x8-pdf",))


@pytest.fixture(scope="module")
def info(store: Store) -> dict[str, object]:
    return store_info(store)


def _export(graph: Subgraph, fmt: ExportFormat, info: dict[str, object], **kw: object
            ) -> ExportBundle:
    return export_subgraph(graph, fmt, request=kw.pop("request", {"selector": "test"}),  # type: ignore[arg-type]
                           requested_by=str(kw.pop("by", "tester")), store_info=info,
                           created_at=WHEN, **kw)  # type: ignore[arg-type]


def _same(back: Subgraph, graph: Subgraph) -> None:
    assert [n.id for n in back.nodes] == [n.id for n in graph.nodes]
    assert back.nodes == graph.nodes
    assert [e.key for e in back.edges] == [e.key for e in graph.edges]
    assert back.edges == graph.edges


# -- the data is what it should be -----------------------------------------------------------


def test_fixture_holds_every_kind_of_value(full: Subgraph, xml_safe: Subgraph) -> None:
    # The round trips below prove something only if the graph has all this in it.
    labels = {n.label for n in full.nodes}
    types = {e.type for e in full.edges}
    assert labels == set(Label)
    assert {RelType.MENTIONED_IN, RelType.SAME_AS, RelType.COMMITTED, RelType.OWNS} <= types
    company = next(n for n in full.nodes if n.name == HOSTILE_NAME)
    assert set(company.aliases) == set(HOSTILE_ALIASES)
    assert company.properties["registered"]["tags"] == ["a;b", INJECTION]
    assert company.properties["note"] is None
    sentences = {e.evidence.sentence for e in full.edges if e.evidence}
    assert HOSTILE_SENTENCE in sentences and CONTROL_SENTENCE in sentences
    assert CONTROL_SENTENCE not in {e.evidence.sentence for e in xml_safe.edges if e.evidence}
    same_as = next(e for e in full.edges if e.type is RelType.SAME_AS)
    assert same_as.evidence is None and same_as.properties["reason"] == INJECTION


# -- round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ALL)
def test_every_format_reads_back_to_the_same_subgraph(
    xml_safe: Subgraph, info: dict[str, object], fmt: ExportFormat
) -> None:
    bundle = _export(xml_safe, fmt, info)
    _same(read_export(bundle), xml_safe)


@pytest.mark.parametrize("fmt", ANY_TEXT)
def test_control_characters_survive_the_formats_that_carry_any_text(
    full: Subgraph, info: dict[str, object], fmt: ExportFormat
) -> None:
    _same(read_export(_export(full, fmt, info)), full)


@pytest.mark.parametrize("fmt", [ExportFormat.GRAPHML, ExportFormat.GEXF])
def test_xml_formats_refuse_a_control_character_and_say_where(
    full: Subgraph, info: dict[str, object], fmt: ExportFormat, tmp_path: Path
) -> None:
    with pytest.raises(ExportError) as caught:
        _export(full, fmt, info).write(tmp_path / f"out.{fmt}")
    message = str(caught.value)
    assert "U+000C" in message and "OPERATES" in message and "sentence" in message
    assert "json, csv or cypher" in message
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("fmt", ALL)
@pytest.mark.parametrize("target", ["file", "folder", "zip"])
def test_written_exports_read_back_from_disk(
    xml_safe: Subgraph, info: dict[str, object], fmt: ExportFormat, target: str,
    tmp_path: Path,
) -> None:
    out = {"file": tmp_path / f"net{fmt.suffix}", "folder": tmp_path / "bundle",
           "zip": tmp_path / "bundle.zip"}[target]
    written = _export(xml_safe, fmt, info).write(out)
    assert all(p.exists() for p in written)
    _same(read_export(out), xml_safe)


def test_a_list_of_csv_files_reads_back_without_the_manifest(
    store: Store, info: dict[str, object], tmp_path: Path
) -> None:
    graph = select(store, BLUE_WAVE).subgraph
    paths = _export(graph, ExportFormat.CSV, info).write(tmp_path / "csv")
    _same(read_export([p for p in paths if p.suffix == ".csv"]), graph)


# -- determinism -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ALL)
def test_the_same_request_gives_byte_identical_data_files(
    store: Store, fmt: ExportFormat
) -> None:
    selection = Selection(kind="entity", entity="Blue Wave Internet Cafe", hops=3,
                          via_hubs=True, documents=True)
    first, second = select(store, selection), select(store, selection)
    a = export_subgraph(first.subgraph, fmt, request=first.request, requested_by="alice",
                        store_info=store_info(store), created_at=WHEN)
    b = export_subgraph(second.subgraph, fmt, request=second.request, requested_by="bob",
                        store_info=store_info(store))
    assert len(a.files) >= 1
    assert [(f.name, f.data) for f in a.files] == [(f.name, f.data) for f in b.files]
    differs = {k for k in a.manifest if a.manifest[k] != b.manifest[k]}
    assert differs == {"requested_by", "created_at"}
    # Zip entries carry no time either: the archives differ only inside the manifest.
    za, zb = zipfile.ZipFile(io.BytesIO(a.zip_bytes())), zipfile.ZipFile(io.BytesIO(b.zip_bytes()))
    for name in [f.name for f in a.files]:
        assert za.getinfo(name).date_time == zb.getinfo(name).date_time
        assert za.read(name) == zb.read(name)


def test_input_order_does_not_change_the_bytes(full: Subgraph, info: dict[str, object]) -> None:
    shuffled = Subgraph(nodes=list(reversed(full.nodes)), edges=list(reversed(full.edges)))
    for fmt in ANY_TEXT:
        assert _export(shuffled, fmt, info).files == _export(full, fmt, info).files


# -- the manifest ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ALL)
def test_manifest_hashes_counts_and_evidence_match_the_export(
    xml_safe: Subgraph, info: dict[str, object], fmt: ExportFormat, tmp_path: Path
) -> None:
    request = {"selector": "ids", "ids": ["x"], "format": fmt.value}
    written = _export(xml_safe, fmt, info, request=request, by="auditor@example").write(
        tmp_path / "out")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    on_disk = {p.name: p.read_bytes() for p in written if p.name != "manifest.json"}
    assert sorted(on_disk) == sorted(f["name"] for f in manifest["files"])
    for entry in manifest["files"]:
        assert hashlib.sha256(on_disk[entry["name"]]).hexdigest() == entry["sha256"]
        assert len(on_disk[entry["name"]]) == entry["bytes"]
    assert manifest["format"] == fmt.value
    assert manifest["request"] == request
    assert manifest["requested_by"] == "auditor@example"
    assert manifest["created_at"] == "2024-05-01T09:30:00+00:00"
    assert manifest["store"] == info
    assert manifest["counts"]["labels"] == dict(Counter(n.label.value for n in xml_safe.nodes))
    assert manifest["counts"]["types"] == dict(Counter(e.type.value for e in xml_safe.edges))
    assert manifest["counts"]["nodes"] == len(xml_safe.nodes)
    by_key = {(e["source"], e["type"], e["target"], (e["evidence"] or {}).get("doc_id", "")): e
              for e in manifest["evidence"]}
    assert len(by_key) == len(xml_safe.edges)
    for edge in xml_safe.edges:
        entry = by_key[edge.key]
        expected = edge.evidence.model_dump() if edge.evidence else None
        assert entry["evidence"] == expected
    docs = {e.evidence.doc_id for e in xml_safe.edges if e.evidence}
    assert manifest["documents"] == sorted(docs)
    assert manifest["how_to_load"]["command"]


def test_single_file_export_names_itself_in_the_manifest_beside_it(
    xml_safe: Subgraph, info: dict[str, object], tmp_path: Path
) -> None:
    out = tmp_path / "reports" / "suqian.graphml"
    data, manifest_path = _export(xml_safe, ExportFormat.GRAPHML, info).write(out)
    assert (data, manifest_path) == (out, tmp_path / "reports" / "suqian.graphml.manifest.json")
    manifest = json.loads(manifest_path.read_text("utf-8"))
    assert manifest["files"][0]["name"] == "suqian.graphml"
    assert manifest["files"][0]["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()


@pytest.mark.parametrize("fmt", [ExportFormat.GEXF, ExportFormat.CSV])
def test_a_changed_file_is_caught_on_reading_back(
    xml_safe: Subgraph, info: dict[str, object], fmt: ExportFormat, tmp_path: Path
) -> None:
    written = _export(xml_safe, fmt, info).write(tmp_path / "out")
    victim = next(p for p in written if b"Zhao" in p.read_bytes())
    victim.write_bytes(victim.read_bytes().replace(b"Zhao", b"Zhou", 1))
    with pytest.raises(ExportFileError, match="SHA-256 differs"):
        read_export(tmp_path / "out")


def test_store_info_is_stable_and_moves_with_the_data(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "db") as s:
        Ingestor(s).ingest(corpus()[:3])
        first = store_info(s)
        assert store_info(s) == first
        assert first["backend"] == "embedded" and first["location"] == str(tmp_path / "db")
        assert first["documents"] == 3
        Ingestor(s).ingest(corpus()[3:4])
        second = store_info(s)
        assert second["data_version"] != first["data_version"]
        a, b = (s.resolve(n).id for n in ("Blue Wave Internet Cafe", "Starlight E-sports Hotel"))
        s.propose_same_as(a, b, score=0.5, method="test")
        third = store_info(s)
        s.decide_same_as(a, b, SameAsStatus.ACCEPTED, by="me", at=WHEN)
        assert store_info(s)["data_version"] not in {second["data_version"],
                                                     third["data_version"]}


def test_store_locations_never_carry_credentials() -> None:
    assert _without_credentials("neo4j://neo4j:s3cret@db.example:7687") == (
        "neo4j://db.example:7687")
    assert _without_credentials("./casegraph-data") == "./casegraph-data"


# -- the formats as their tools see them -----------------------------------------------------


def test_graphml_declares_types_and_loads_in_networkx(
    xml_safe: Subgraph, info: dict[str, object]
) -> None:
    data = _export(xml_safe, ExportFormat.GRAPHML, info).files[0].data
    assert b"None" not in data and b"True" not in data
    graph = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    assert graph.number_of_nodes() == len(xml_safe.nodes)
    assert graph.number_of_edges() == len(xml_safe.edges)
    company = next(d for _, d in graph.nodes(data=True) if d["name"] == HOSTILE_NAME)
    assert company["label"] == HOSTILE_NAME and company["type"] == "Company"
    assert company["generic"] is False
    assert json.loads(company["aliases"]) == sorted(HOSTILE_ALIASES)
    years = [d["year"] for _, d in graph.nodes(data=True) if d["type"] == "Case" and "year" in d]
    assert years and all(isinstance(y, int) for y in years)
    runs = next(d for *_, d in graph.edges(data=True) if d["type"] == "RUNS"
                and d.get("sentence") == HOSTILE_SENTENCE)
    assert runs["confidence"] == 0.875 and runs["label"] == "RUNS"


def test_gexf_has_no_date_and_loads_in_networkx(
    xml_safe: Subgraph, info: dict[str, object]
) -> None:
    data = _export(xml_safe, ExportFormat.GEXF, info).files[0].data
    assert b"lastmodifieddate" not in data and b"NetworkX" not in data
    graph = nx.read_gexf(io.BytesIO(data))
    names = {d["label"] for _, d in graph.nodes(data=True)}
    assert HOSTILE_NAME in names and f"Toy shop {INJECTION}" in names
    labels = Counter(d["label"] for *_, d in graph.edges(data=True))
    assert labels == Counter(e.type.value for e in xml_safe.edges)
    venue = next(d for _, d in graph.nodes(data=True) if d["type"] == "Venue"
                 and d.get("kind") == CLOSE_GRAPHML)
    assert venue["name"] == f"Toy shop {INJECTION}"


def test_csv_follows_neo4j_admin_headers(xml_safe: Subgraph, info: dict[str, object]) -> None:
    bundle = _export(xml_safe, ExportFormat.CSV, info)
    files = {f.name: f.data.decode("utf-8") for f in bundle.files}
    assert {f"nodes_{label.value}.csv" for label in Label} <= set(files)
    for name, text in files.items():
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert all(len(r) == len(rows[0]) for r in rows), name
        head = rows[0]
        if name.startswith("nodes_"):
            assert head[:3] == ["id:ID", ":LABEL", "name"]
            assert {r[1] for r in rows[1:]} == {name.removeprefix("nodes_").removesuffix(".csv")}
        else:
            assert head[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert "year:long" in files["nodes_Case.csv"].splitlines()[0]
    assert "aliases:string[]" in files["nodes_Company.csv"].splitlines()[0]
    assert "confidence:double" in files["rels_RUNS.csv"].splitlines()[0]
    how = bundle.manifest["how_to_load"]
    # The hostile aliases contain ";", "|" and "¦": the next delimiter is chosen and named.
    assert how["array_delimiter"] == "\u241f"
    assert "--array-delimiter=U+241F" in how["command"]
    assert how["command"].startswith("neo4j-admin database import full neo4j ")
    for name in files:
        flag = "--nodes=" if name.startswith("nodes_") else "--relationships="
        assert f"{flag}{name}" in how["command"]
    assert "--id-type=string" in how["command"] and "--multiline-fields=true" in how["command"]


def test_csv_uses_semicolons_when_no_alias_contains_one(
    store: Store, info: dict[str, object]
) -> None:
    graph = select(store, BLUE_WAVE).subgraph
    how = _export(graph, ExportFormat.CSV, info).manifest["how_to_load"]
    assert how["array_delimiter"] == ";" and "--array-delimiter=U+003B" in how["command"]


def test_node_link_json_is_what_networkx_reads(full: Subgraph, info: dict[str, object]) -> None:
    data = json.loads(_export(full, ExportFormat.JSON, info).files[0].data)
    graph = nx.node_link_graph(data, edges="links")
    assert graph.number_of_nodes() == len(full.nodes)
    assert graph.number_of_edges() == len(full.edges)
    link = next(e for e in data["links"] if e["type"] == "RUNS" and e["evidence"]
                and e["evidence"]["sentence"] == HOSTILE_SENTENCE)
    assert link["evidence"]["confidence"] == 0.875


# -- the Cypher script -----------------------------------------------------------------------


def _replay(script: str, folder: Path, times: int = 1) -> None:
    """Run an exported script in a fresh embedded database: Neo4j's schema statements are
    skipped (the engine has its own DDL), every other line is one statement."""
    folder.mkdir()
    db = ladybug.Database(str(folder / DB_FILE))
    conn = ladybug.Connection(db)
    for ddl in ladybug_schema():
        conn.execute(ddl)
    statements = [line for line in script.splitlines() if line and not line.startswith("//")]
    assert all(s.endswith(";") for s in statements)
    for _ in range(times):
        for statement in statements:
            if not statement.startswith("CREATE "):
                conn.execute(statement[:-1])
    conn.close()
    db.close()


def test_cypher_script_recreates_the_subgraph_in_a_real_engine(
    full: Subgraph, info: dict[str, object], tmp_path: Path
) -> None:
    script = _export(full, ExportFormat.CYPHER, info).files[0].data.decode("utf-8")
    # Run twice: MERGE by id and by (type, document) must not duplicate anything.
    _replay(script, tmp_path / "replay", times=2)
    with EmbeddedStore(tmp_path / "replay") as replay:
        again = replay.subgraph([n.id for n in full.nodes], documents=True)
        stats = replay.stats()
    _same(again, full)
    assert sum(stats.nodes.values()) == len(full.nodes)
    assert sum(stats.relationships.values()) == len(full.edges)


def test_cypher_script_passes_neo4js_linter(
    store: Store, info: dict[str, object], tmp_path: Path
) -> None:
    tools = REPO / "tools"
    node = shutil.which("node")
    assert node and (tools / "node_modules").is_dir(), "run: npm ci --prefix tools"
    # The hostile and control documents, plus a reviewed SAME_AS link (no document to merge
    # by): every statement shape, kept small because the linter takes ~0.2 s a statement.
    small = _graph(store, skip_docs=tuple(r.doc_id for r in corpus()))
    pair = [store.resolve(n).id for n in ("Xinghe Hotel Suqian Co., Ltd.",
                                          "Xinghe Hotel Wuxi Co., Ltd.")]
    small = store.subgraph([n.id for n in small.nodes] + pair, documents=True)
    assert {RelType.SAME_AS, RelType.MENTIONED_IN, RelType.RUNS} <= {e.type for e in small.edges}
    text = _export(small, ExportFormat.CYPHER, info).files[0].data.decode("utf-8")
    # The schema statements come from graph.cypher and are linted by test_cypher_lint.py.
    script = tmp_path / "export.cypher"
    script.write_text("".join(line for line in text.splitlines(keepends=True)
                              if not line.startswith("CREATE ")), "utf-8")
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps({"schema": linter_schema(), "queries": []}))
    run = subprocess.run([node, str(tools / "lint-cypher.mjs"), str(schema), str(script)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert ", 0 errors" in run.stdout


def test_the_linter_catches_a_broken_script(tmp_path: Path) -> None:
    # The gate above means something only if a script with a stray quote fails it.
    tools = REPO / "tools"
    node = shutil.which("node")
    assert node and (tools / "node_modules").is_dir(), "run: npm ci --prefix tools"
    script = tmp_path / "bad.cypher"
    script.write_text("MERGE (n:`Company` {id: 'co:1'}) SET n.name = 'O'Brien';\n")
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps({"schema": linter_schema(), "queries": []}))
    run = subprocess.run([node, str(tools / "lint-cypher.mjs"), str(schema), str(script)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stdout


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ladybug.Connection]:
    db = ladybug.Database(str(tmp_path_factory.mktemp("literals") / DB_FILE))
    conn = ladybug.Connection(db)
    yield conn
    conn.close()
    db.close()


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40))
def test_string_literals_denote_exactly_their_text(
    engine: ladybug.Connection, text: str
) -> None:
    literal = string_literal(text)
    assert "\n" not in literal and "\r" not in literal
    assert _unquote(_Token("string", literal, 1)) == text
    result = engine.execute(f"RETURN {literal} AS s")
    assert result.get_next()[0] == text


_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30)


@settings(max_examples=60, deadline=None)
@given(name=_TEXT, alias=_TEXT, sentence=_TEXT, extra=_TEXT)
def test_any_text_survives_every_format_that_accepts_it(
    name: str, alias: str, sentence: str, extra: str
) -> None:
    company = Node(id="co:a", label=Label.COMPANY, name=name, aliases=[alias],
                   properties={extra: [extra], "generic": False})
    venue = Node(id="ven:b", label=Label.VENUE, name=extra, properties={"kind": sentence})
    runs = Edge(source="co:a", target="ven:b", type=RelType.RUNS,
                evidence=Evidence(doc_id=alias or "d", start=0, end=len(sentence),
                                  sentence=sentence, confidence=0.5))
    graph = Subgraph(nodes=[company, venue], edges=[runs])
    for fmt in ALL:
        try:
            bundle = _export(graph, fmt, {})
        except ExportError as e:
            # Only XML may refuse, and only for a character XML cannot carry.
            assert fmt in (ExportFormat.GRAPHML, ExportFormat.GEXF) and "U+" in str(e)
            continue
        _same(read_export(bundle), graph)


# -- refusals --------------------------------------------------------------------------------


def _node(node_id: str, **properties: object) -> Node:
    return Node(id=node_id, label=Label.COMPANY, name=node_id, properties=properties)


def test_an_edge_to_a_missing_node_is_refused(info: dict[str, object]) -> None:
    graph = Subgraph(nodes=[_node("co:a")],
                     edges=[Edge(source="co:a", target="co:b", type=RelType.OWNS)])
    with pytest.raises(ExportError, match="co:b"):
        _export(graph, ExportFormat.JSON, info)


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_values_no_format_carries_faithfully_are_refused(
    info: dict[str, object], value: object
) -> None:
    with pytest.raises(ExportError, match="co:a"):
        _export(Subgraph(nodes=[_node("co:a", size=value)]), ExportFormat.CSV, info)
    # A typed integer column is 64-bit in every target (GraphML long, Neo4j INTEGER).
    case = Node(id="case:a", label=Label.CASE, name="c", properties={"year": 2**70})
    with pytest.raises(ExportError, match="64 bits"):
        _export(Subgraph(nodes=[case]), ExportFormat.CSV, info)


def test_two_different_nodes_with_one_id_are_refused(info: dict[str, object]) -> None:
    graph = Subgraph(nodes=[_node("co:a"), _node("co:a", x=1)])
    with pytest.raises(ExportError, match="two different nodes"):
        _export(graph, ExportFormat.GRAPHML, info)


def test_values_of_the_wrong_type_keep_their_type(info: dict[str, object]) -> None:
    # A year given as text, a boolean where a number goes: kept as given, not coerced.
    case = Node(id="case:a", label=Label.CASE, name="c",
                properties={"year": "2021", "kind": 3, "doc_id": None})
    edge = Edge(source="case:a", target="case:a", type=RelType.SAME_AS,
                evidence=Evidence(doc_id="d", confidence=1.0), properties={"score": True})
    graph = Subgraph(nodes=[case], edges=[edge])
    for fmt in ALL:
        _same(read_export(_export(graph, fmt, info)), graph)


def test_unknown_format_and_bad_name_are_refused(full: Subgraph, info: dict[str, object]) -> None:
    with pytest.raises(ExportError, match="one of: graphml"):
        _export(full, "xlsx", info)  # type: ignore[arg-type]
    with pytest.raises(ExportError, match="export name"):
        _export(full, ExportFormat.JSON, info, name="../etc/passwd")


# -- selections ------------------------------------------------------------------------------


def test_offenders_come_with_their_cases_and_violations(store: Store) -> None:
    selected = select(store, Selection(kind="offenders", min_cases=2))
    graph = selected.subgraph
    offenders = store.offenders(min_cases=2)
    ids = {n.id for n in graph.nodes}
    assert offenders and selected.request["offenders"] == [o.key for o in offenders]
    for offender in offenders:
        assert offender.key in ids and set(offender.case_ids) <= ids
    violations = {n.name for n in graph.nodes if n.label is Label.VIOLATION}
    assert {v.name for o in offenders for v in o.violations} <= violations
    assert {n.label for n in graph.nodes} <= {Label.CASE, Label.VIOLATION, *(
        o.type for o in offenders)}
    assert any(e.type is RelType.COMMITTED for e in graph.edges)
    assert any(e.type is RelType.AGAINST for e in graph.edges)


def test_linked_and_path_selections_hold_the_paths(store: Store) -> None:
    linked = select(store, Selection(kind="linked", entity="Xinghe Hotel Management Group"))
    names = {n.name for n in linked.subgraph.nodes}
    assert {"Xinghe Hotel Suqian Co., Ltd.", "Xinghe Hotel Wuxi Co., Ltd."} <= names
    assert not any(n.label is Label.VIOLATION for n in linked.subgraph.nodes)
    path = select(store, Selection(kind="path", source="Lucky Star Hotel",
                                   target="Moonlight Guesthouse"))
    assert "88 Jiefang Road, Wuxi" in {n.name for n in path.subgraph.nodes}
    assert len(path.request["resolved"]) == 2


def test_ids_and_documents_selections(store: Store) -> None:
    zhao = store.resolve("Blue Wave Internet Cafe")
    plain = select(store, Selection(kind="ids", ids=[zhao.id, " "]))
    assert [n.id for n in plain.subgraph.nodes] == [zhao.id]
    with_docs = select(store, Selection(kind="entity", entity=zhao.id, documents=True))
    docs = {n.id for n in with_docs.subgraph.nodes if n.label is Label.DOCUMENT}
    cited = {f"doc:{e.evidence.doc_id}" for e in with_docs.subgraph.edges
             if e.evidence and e.type is not RelType.MENTIONED_IN}
    assert docs == cited and docs
    assert any(e.type is RelType.MENTIONED_IN for e in with_docs.subgraph.edges)
    with pytest.raises(NodeNotFound):
        select(store, Selection(kind="entity", entity="No Such Company Ltd"))
    with pytest.raises(ExportError, match="at least one"):
        select(store, Selection(kind="ids", ids=[" "]))
    with pytest.raises(ExportError, match="target"):
        select(store, Selection(kind="path", source=zhao.id))
