"""The graph verbs of the command line, through typer's runner on a real embedded store."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from tests.graph.factories import corpus

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    records = tmp_path / "records.jsonl"
    records.write_text("".join(r.to_json() + "\n" for r in corpus()), encoding="utf-8")
    folder = str(tmp_path / "db")
    result = runner.invoke(app, ["ingest", str(records), "--db", folder, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == 6
    return folder


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_stats_json(db: str) -> None:
    code, out, _ = run("stats", "--db", db, "--json")
    data = json.loads(out)
    assert code == 0 and data["nodes"]["Document"] == 6 and data["relationships"]["OPERATES"] == 4


def test_offenders_json_follows_the_contract(db: str) -> None:
    code, out, _ = run("offenders", "--db", db, "--min-cases", "2", "--json")
    data = json.loads(out)
    assert code == 0
    assert [(o["type"], o["name"], o["cases"]) for o in data] == [
        ("Venue", "Blue Wave Internet Cafe", 2),
        ("Operator", "Zhao Mou", 2),
    ]
    for o in data:
        assert {"key", "type", "name", "aliases", "cases", "documents", "violations"} <= set(o)
        assert o["documents"] == ["x1", "x3"]
    assert data[0]["violations"][0] == {
        "name": "admitting minors to an internet cafe",
        "category": "unsuitable_venues",
        "documents": ["x1", "x3"],
    }
    code, out, _ = run("offenders", "--db", db, "--min-cases", "1", "--category", "alcohol_tobacco")
    assert code == 0 and "Golden Dragon KTV" in out


def test_linked_json_gives_nodes_links_evidence_and_paths(db: str) -> None:
    code, out, _ = run("linked", "Blue Wave Internet Cafe", "--db", db, "--json")
    assert code == 0
    data = json.loads(out)
    ids = {n["id"] for n in data["nodes"]}
    assert all(link["source"] in ids and link["target"] in ids for link in data["links"])
    assert all(link["evidence"]["sentence"] for link in data["links"])
    results = {r["name"]: r for r in data["results"]}
    assert results["Starlight E-sports Hotel"]["via"] == ["OPERATES", "OPERATES"]
    assert results["Starlight E-sports Hotel"]["path"][0] == data["entity"]["id"]


def test_path_prints_the_steps_and_their_evidence(db: str) -> None:
    code, out, _ = run("path", "Starlight E-sports Hotel", "Sunward Kids", "--db", db)
    assert code == 0
    assert "Starlight E-sports Hotel <-[OPERATES]- Zhao Mou -[OPERATES]-> Blue Wave" in out
    assert "(x1):" in out
    code, out, _ = run("path", "Starlight E-sports Hotel", "Sunward Kids", "--db", db, "--json")
    assert len(json.loads(out)["paths"][0]) == 5


def test_user_mistakes_are_one_line_and_exit_2(db: str) -> None:
    for args, needle in [
        (("linked", "Nobody At All Ltd", "--db", db), "no entity"),
        (("linked", "Zhao Mou", "--db", db), "several entities"),
        (("path", "Starlight E-sports Hotel", "Golden Dragon KTV", "--db", db), "no path"),
        (("offenders", "--db", db, "--category", "nope"), "nope"),
        (("review", "accept", "co:1", "co:2", "--by", "x", "--db", db), "no entity"),
        (("retract", "never-ingested", "--db", db), "no entity"),
    ]:
        code, out, err = run(*args)
        assert code == 2, (args, out, err)
        assert needle in (err + out).lower()
        assert "Traceback" not in err + out


def test_search_review_and_retract(db: str) -> None:
    code, out, _ = run("search", "sunward", "--db", db, "--json")
    hits = json.loads(out)
    assert code == 0 and {h["name"] for h in hits} == {
        "Sunward Kids",
        "Sunward Network Technology Co., Ltd.",
    }
    ktv = json.loads(run("search", "golden dragon", "--db", db, "--json")[1])[0]["id"]
    moon = json.loads(run("search", "moonlight", "--db", db, "--json")[1])[0]["id"]
    from graph.embedded import EmbeddedStore

    with EmbeddedStore(db) as store:
        store.propose_same_as(ktv, moon, score=0.88, method="test")
    code, out, _ = run("review", "list", "--db", db, "--json")
    assert [link["score"] for link in json.loads(out)] == [0.88]
    code, _, err = run("review", "accept", ktv, moon, "--by", "ana", "--reason", "same", "--db", db)
    assert code == 0 and "accepted by ana" in err
    offenders = json.loads(run("offenders", "--db", db, "--min-cases", "2", "--json")[1])
    assert any(
        o["cases"] == 2 and "Moonlight Guesthouse" in [o["name"], *o["aliases"]] for o in offenders
    )
    code, _, err = run("retract", "x4", "--db", db)
    assert code == 0 and "retracted x4" in err
    assert json.loads(run("stats", "--db", db, "--json")[1])["nodes"]["Document"] == 5


def test_ingest_reports_bad_lines_and_keeps_going(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = corpus()[0].to_json()
    path.write_text(f"{good}\nnot json\n", encoding="utf-8")
    code, out, err = run("ingest", str(path), "--db", str(tmp_path / "db"), "--json")
    assert code == 0
    assert json.loads(out)["added"] == 1
    assert f"{path}:2" in err
    code, _, err = run("ingest", str(tmp_path / "missing.jsonl"), "--db", str(tmp_path / "db"))
    assert code == 2 and "no such file" in err


def test_a_second_writer_gets_a_clear_message(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from graph.embedded import EmbeddedStore; "
            f"s = EmbeddedStore({str(folder)!r}); print('open', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        code, out, err = run("stats", "--db", str(folder))
        assert code == 1
        assert "in use by another process" in err and "casegraph serve" in err
        assert "Traceback" not in err
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    assert run("stats", "--db", str(folder))[0] == 0
