"""Ingest: idempotent re-runs, replaced records, malformed input, and a real kill mid-run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from graph.embedded import EmbeddedStore
from graph.errors import RecordError
from graph.ingest import Ingestor
from graph.model import Label
from graph.records import Record, read_records
from graph.store import Store
from tests.graph.factories import corpus


def dump(store: Store) -> dict[str, Any]:
    """Every node and relationship with every property (but ingest times), sorted."""
    ids: list[str] = []
    for label in Label:
        _, rows = store.cypher(f"MATCH (n:`{label.value}`) RETURN n.id", limit=100_000)
        ids += [r[0] for r in rows]
    sub = store.subgraph(ids, documents=True)
    nodes = []
    for n in sub.nodes:
        props = {k: v for k, v in n.properties.items() if k != "ingested_at"}
        nodes.append(
            (n.id, n.label.value, n.name, sorted(n.aliases), json.dumps(props, sort_keys=True))
        )
    edges = [json.dumps(e.model_dump(mode="json"), sort_keys=True) for e in sub.edges]
    return {"nodes": sorted(nodes), "edges": sorted(edges)}


def many(n: int) -> list[Record]:
    """`n` distinct documents built from the designed corpus (same facts, new doc ids)."""
    base = corpus()
    out = []
    for i in range(n):
        r = base[i % len(base)]
        out.append(r.model_copy(update={"doc_id": f"{r.doc_id}-{i:03d}"}))
    return out


def test_ingesting_twice_changes_nothing(store: Store) -> None:
    first = Ingestor(store).ingest(corpus())
    assert first.added == 6 and not first.errors
    before = dump(store)
    again = Ingestor(store).ingest(corpus())
    assert (again.added, again.updated, again.unchanged) == (0, 0, 6)
    assert dump(store) == before


def test_batch_size_does_not_change_the_graph(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "a") as a, EmbeddedStore(tmp_path / "b") as b:
        Ingestor(a, batch_size=1).ingest(corpus())
        Ingestor(b, batch_size=100).ingest(corpus())
        assert dump(a) == dump(b)


def test_a_changed_record_replaces_its_old_facts(store: Store) -> None:
    Ingestor(store).ingest(corpus())
    records = corpus()
    x4 = records[3]
    renamed = x4.model_copy(
        update={
            "entities": [
                e.model_copy(update={"name": "Jade Palace KTV"})
                if e.name == "Golden Dragon KTV"
                else e
                for e in x4.entities
            ]
        }
    )
    report = Ingestor(store).ingest([renamed])
    assert report.updated == 1
    assert not store.search("Golden Dragon")  # orphaned by the update, so removed
    assert store.search("Jade Palace")[0].label is Label.VENUE
    assert store.stats().nodes["Document"] == 6
    assert Ingestor(store).ingest([renamed]).unchanged == 1


def test_aliases_accumulate_across_batches(store: Store) -> None:
    Ingestor(store, batch_size=1).ingest(corpus())
    suqian = [n for n in store.search("suqian") if n.label is Label.LOCATION]
    assert len(suqian) == 1
    assert {suqian[0].name, *suqian[0].aliases} == {"Suqian City", "Suqian"}


def test_malformed_records_are_reported_with_file_and_line_and_skipped(
    store: Store, tmp_path: Path
) -> None:
    good = [r.to_json() for r in corpus()[:2]]
    bad_ref = json.loads(good[0])
    bad_ref["doc_id"] = "bad-ref"
    bad_ref["relations"][0]["target"] = "nobody"
    bad_pair = json.loads(good[1])
    bad_pair["doc_id"] = "bad-pair"
    bad_pair["relations"][0]["type"] = "RUNS"  # Authority -> Case cannot be RUNS
    lines = [
        good[0],
        "{not json",
        json.dumps(bad_ref),
        "[1, 2]",
        json.dumps(bad_pair),
        json.dumps({"doc_id": "x", "extra": 1}),
        good[1],
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = Ingestor(store).ingest(read_records(path))
    assert report.added == 2
    wheres = [e.where for e in report.errors]
    assert wheres == [f"{path}:{n}" for n in (2, 3, 4, 5, 6)]
    messages = " | ".join(str(e) for e in report.errors)
    assert "not valid JSON" in messages and "nobody" in messages and "RUNS" in messages
    assert store.stats().nodes["Document"] == 2  # nothing half-written


def test_a_non_utf8_record_file_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes('{"doc_id": "caf\xe9"}\n'.encode("latin-1"))
    items = list(read_records(path))
    assert len(items) == 1 and isinstance(items[0], RecordError)
    assert "UTF-8" in str(items[0])


def _casegraph(*args: str) -> list[str]:
    return [sys.executable, "-c", "from api.cli import main; main()", *args]


def test_killing_an_ingest_halfway_then_rerunning_gives_the_clean_graph(tmp_path: Path) -> None:
    records = many(60)
    path = tmp_path / "records.jsonl"
    path.write_text("".join(r.to_json() + "\n" for r in records), encoding="utf-8")
    killed_db, clean_db = tmp_path / "killed", tmp_path / "clean"
    proc = subprocess.Popen(
        _casegraph("ingest", str(path), "--db", str(killed_db), "--batch-size", "2", "--verbose"),
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith("committed 6 documents"):
            proc.send_signal(signal.SIGKILL)  # a real kill: no cleanup runs
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    with EmbeddedStore(killed_db) as partial:
        done = partial.stats().nodes["Document"]
    assert 6 <= done < 60, "the kill must land mid-run"
    rerun = subprocess.run(
        _casegraph("ingest", str(path), "--db", str(killed_db), "--json"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads(rerun.stdout)
    assert report["unchanged"] == done and report["added"] == 60 - done
    subprocess.run(
        _casegraph("ingest", str(path), "--db", str(clean_db)),
        check=True,
        capture_output=True,
        timeout=120,
    )
    with EmbeddedStore(killed_db) as resumed, EmbeddedStore(clean_db) as clean:
        assert dump(resumed) == dump(clean)


def test_ctrl_c_leaves_whole_documents_and_a_clear_message(tmp_path: Path) -> None:
    records = many(60)
    path = tmp_path / "records.jsonl"
    path.write_text("".join(r.to_json() + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "db"
    proc = subprocess.Popen(
        _casegraph("ingest", str(path), "--db", str(db), "--batch-size", "2", "--verbose"),
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    lines = []
    for line in proc.stderr:
        lines.append(line)
        if line.startswith("committed 4 documents"):
            proc.send_signal(signal.SIGINT)
            break
    lines += proc.stderr.readlines()
    proc.wait(timeout=60)
    assert proc.returncode == 130, "".join(lines)
    assert any("interrupted" in line for line in lines)
    with EmbeddedStore(db) as store:
        docs = store.stats().nodes["Document"]
        assert docs % 2 == 0  # whole batches only
        ids = {d.doc_id for d in store.documents(limit=100)}
        for doc in ids:  # every stored document has its facts
            info, mentions = store.document(doc)
            assert mentions
