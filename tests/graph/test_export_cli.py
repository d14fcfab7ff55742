"""`casegraph export` through typer's runner on a real embedded store: each selector and output
kind, the data read back equal to what the store holds, and user mistakes as one line and exit
code 2."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.embedded import EmbeddedStore
from graph.export import ExportFormat, read_export
from graph.ingest import Ingestor
from graph.model import Label, RelType
from tests.graph.export_factories import HOSTILE_NAME, hostile_record
from tests.graph.factories import corpus

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store folder, closed again so each command can open it."""
    folder = tmp_path_factory.mktemp("cli") / "db"
    with EmbeddedStore(folder) as store:
        Ingestor(store).ingest([*corpus(), hostile_record()])
    return str(folder)


def run(*args: str) -> tuple[int, bytes, str]:
    result = runner.invoke(app, ["export", *args])
    return result.exit_code, result.stdout_bytes, result.stderr


def ids_of(db: str, *names: str) -> list[str]:
    with EmbeddedStore(db, read_only=True) as store:
        return [store.resolve(n).id for n in names]


def test_entity_neighbourhood_as_graphml_with_the_manifest_beside_it(
    db: str, tmp_path: Path
) -> None:
    out = tmp_path / "blue-wave.graphml"
    code, _, err = run("--entity", "Blue Wave Internet Cafe", "--hops", "2", "-o", str(out),
                       "--db", db, "--by", "auditor 7")
    assert code == 0, err
    manifest = json.loads((tmp_path / "blue-wave.graphml.manifest.json").read_text("utf-8"))
    assert manifest["files"][0]["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert manifest["format"] == "graphml" and manifest["requested_by"] == "auditor 7"
    request = manifest["request"]
    assert request["resolved"].startswith("ven:")
    assert request == {"selector": "entity", "entity": "Blue Wave Internet Cafe", "hops": 2,
                       "limit": 200, "via_hubs": False, "documents": False,
                       "resolved": request["resolved"], "format": "graphml"}
    with EmbeddedStore(db, read_only=True) as store:
        expected = store.ego(request["resolved"], radius=2)
    back = read_export(out)
    assert back.nodes == expected.nodes and back.edges == expected.edges
    assert manifest["counts"]["nodes"] == len(expected.nodes)
    assert f"exported {len(expected.nodes)} nodes" in err and str(out) in err


def test_ids_as_csv_into_a_folder(db: str, tmp_path: Path) -> None:
    ids = ids_of(db, "Xinghe Hotel Management Group", "Xinghe Hotel Suqian Co., Ltd.")
    code, _, err = run("--ids", ",".join(ids), "--format", "csv", "-o", str(tmp_path / "csv"),
                       "--db", db)
    assert code == 0, err
    names = sorted(p.name for p in (tmp_path / "csv").iterdir())
    assert names == ["manifest.json", "nodes_Company.csv", "rels_OWNS.csv"]
    back = read_export(tmp_path / "csv")
    assert sorted(n.id for n in back.nodes) == sorted(ids)
    assert [e.type for e in back.edges] == [RelType.OWNS]


def test_offenders_as_json_in_a_zip(db: str, tmp_path: Path) -> None:
    out = tmp_path / "offenders.zip"
    code, _, err = run("--query", "offenders", "--min-cases", "2", "-f", "json", "-o", str(out),
                       "--db", db)
    assert code == 0, err
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["manifest.json", "offenders.json"]
        manifest = json.loads(archive.read("manifest.json"))
    request = manifest["request"]
    assert request == {
        "selector": "offenders", "min_cases": 2, "category": None, "year_from": None,
        "year_to": None, "location": None, "limit": 100, "documents": False, "format": "json",
        "offenders": request["offenders"],
    }
    with EmbeddedStore(db, read_only=True) as store:
        assert request["offenders"] == [o.key for o in store.offenders(min_cases=2)]
    assert len(request["offenders"]) == 2
    names = {n.name for n in read_export(out).nodes}
    assert {"Blue Wave Internet Cafe", "Zhao Mou", "admitting minors to an internet cafe"} <= names


def test_linked_businesses_as_gexf(db: str, tmp_path: Path) -> None:
    out = tmp_path / "linked.gexf"
    code, _, err = run("--query", "linked", "--entity", "Lucky Star Hotel", "-o", str(out),
                       "--db", db)
    assert code == 0, err
    back = read_export(out)
    assert "Moonlight Guesthouse" in {n.name for n in back.nodes}
    assert not any(n.label is Label.VIOLATION for n in back.nodes)


def test_path_to_stdout_as_cypher_with_the_manifest_elsewhere(db: str, tmp_path: Path) -> None:
    manifest = tmp_path / "path.manifest.json"
    code, out, err = run("--query", "path", "--from", "Lucky Star Hotel", "--to",
                         "Moonlight Guesthouse", "-f", "cypher", "-o", "-", "--manifest",
                         str(manifest), "--db", db)
    assert code == 0, err
    assert out.startswith(b"// casegraph export:")
    recorded = json.loads(manifest.read_text("utf-8"))
    assert recorded["files"][0]["sha256"] == hashlib.sha256(out).hexdigest()
    assert hashlib.sha256(out).hexdigest() in err
    script = tmp_path / "path.cypher"
    script.write_bytes(out)
    assert "88 Jiefang Road, Wuxi" in {n.name for n in read_export(script).nodes}


def test_json_to_stdout_without_a_manifest_says_so(db: str) -> None:
    code, out, err = run("--entity", HOSTILE_NAME, "-f", "json", "-o", "-", "--documents",
                         "--db", db)
    assert code == 0, err
    data = json.loads(out)
    assert HOSTILE_NAME in {n["name"] for n in data["nodes"]}
    assert any(n["type"] == "Document" for n in data["nodes"])
    assert "no manifest written" in err


def test_format_comes_from_the_suffix(db: str, tmp_path: Path) -> None:
    out = tmp_path / "net.cql"
    code, _, err = run("--entity", "Golden Dragon KTV", "-o", str(out), "--db", db)
    assert code == 0, err
    manifest = json.loads((tmp_path / "net.cql.manifest.json").read_text("utf-8"))
    assert manifest["format"] == ExportFormat.CYPHER


@pytest.mark.parametrize(("args", "message"), [
    (["--entity", "No Such Company Ltd", "-f", "json", "-o", "x.json"], "no entity"),
    (["--entity", "Zhao Mou", "-f", "json", "-o", "x.json"], "names several entities"),
    (["-f", "json", "-o", "x.json"], "say what to export"),
    (["--ids", "x", "--entity", "y", "-o", "x.json"], "cannot be combined"),
    (["--query", "linked", "-o", "x.json"], "needs --entity"),
    (["--query", "path", "--from", "a", "-o", "x.json"], "needs --from and --to"),
    (["--entity", "Zhao Mou", "-f", "csv", "-o", "-"], "several files"),
    (["--entity", "Zhao Mou", "-o", "out"], "give --format"),
    (["--entity", "Zhao Mou", "--hops", "5", "-o", "x.json"], "1 to 3"),
    (["--ids", "co:0000000000000000", "-o", "x.json"], "no entity"),
])
def test_mistakes_are_one_line_and_exit_2(
    db: str, tmp_path: Path, args: list[str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(*args, "--db", db)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
