"""Export routes through the real app: each view's subgraph in every format, zipped with a
manifest whose hashes match the bytes, read back to the same graph, and the refusals."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest

from graph.export import ExportFormat, read_export
from tests.api.conftest import Served, node_id


def _unzip(data: bytes) -> tuple[dict[str, bytes], dict[str, object]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    files = {n: archive.read(n) for n in archive.namelist()}
    return files, json.loads(files.pop("manifest.json"))


@pytest.mark.parametrize("fmt", [f.value for f in ExportFormat])
def test_ego_export_in_every_format_matches_the_network(world: Served, fmt: str,
                                                       tmp_path: Path) -> None:
    c = world.client
    bar = node_id(c, "Hongyun Bar")
    r = c.get(f"/api/exports/ego/{bar}", params={"format": fmt, "radius": 1})
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    assert f".{fmt}.zip" in r.headers["content-disposition"]
    files, manifest = _unzip(r.content)
    listed = {f["name"]: f["sha256"] for f in manifest["files"]}  # type: ignore[index, union-attr]
    assert listed == {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    assert manifest["requested_by"] == "local"
    assert manifest["request"]["resolved"] == bar  # type: ignore[index]
    ego = c.get(f"/api/entities/{bar}/ego", params={"via_hubs": True, "limit": 200}).json()
    saved = tmp_path / "download.zip"
    saved.write_bytes(r.content)
    back = read_export(saved, fmt)  # checks every file against the manifest's hash, too
    assert {n.id for n in back.nodes} == {n["id"] for n in ego["nodes"]}
    assert len(back.edges) == len(ego["edges"])


def test_same_request_gives_the_same_data_files(world: Served) -> None:
    c = world.client
    first, _ = _unzip(c.get("/api/exports/offender/Qiu Mou", params={"format": "graphml"}).content)
    second, _ = _unzip(c.get("/api/exports/offender/Qiu Mou",
                             params={"format": "graphml"}).content)
    assert first == second


def test_single_file_package_and_its_refusal_for_csv(world: Served) -> None:
    c = world.client
    r = c.get("/api/exports/path", params={"source": "Yeying KTV", "target": "Hongyun Bar",
                                           "format": "json", "package": "file"})
    assert r.status_code == 200 and r.headers["content-disposition"].endswith('.json"')
    graph = json.loads(r.content)
    assert {n["name"] for n in graph["nodes"]} == {"Yeying KTV", "Qiu Mou", "Hongyun Bar"}
    r = c.get("/api/exports/path", params={"source": "Yeying KTV", "target": "Hongyun Bar",
                                           "format": "csv", "package": "file"})
    assert r.status_code == 400 and "package=zip" in r.json()["message"]


def test_offender_and_cluster_exports_hold_what_the_views_show(world: Served) -> None:
    c = world.client
    for kind in ("offender", "cluster"):
        view = c.get(f"/api/views/{kind}/Qiu Mou").json()
        files, manifest = _unzip(c.get(f"/api/exports/{kind}/Qiu Mou",
                                       params={"format": "json"}).content)
        data = json.loads(next(iter(files.values())))
        assert {n["id"] for n in data["nodes"]} == {n["id"] for n in view["nodes"]}, kind
        assert manifest["request"]["view"] == kind  # type: ignore[index]


def test_any_selection_by_post(world: Served) -> None:
    c = world.client
    body = {"selection": {"kind": "offenders", "min_cases": 2}, "format": "gexf"}
    files, manifest = _unzip(c.post("/api/exports", json=body).content)
    assert manifest["request"]["selector"] == "offenders"  # type: ignore[index]
    offenders = {o["key"] for o in c.get("/api/offenders").json()["items"]}
    assert set(manifest["request"]["offenders"]) == offenders  # type: ignore[index]
    linked = {"selection": {"kind": "linked", "entity": "Feiyu Internet Cafe"}, "format": "json",
              "package": "file"}
    names = {n["name"] for n in json.loads(c.post("/api/exports", json=linked).content)["nodes"]}
    assert "Lanhai E-sports Hotel" in names


def test_export_mistakes(world: Served) -> None:
    c = world.client
    assert c.get("/api/exports/ego/nobody-at-all").status_code == 404
    r = c.get("/api/exports/ego/Qiu Mou", params={"format": "pdf"})
    assert r.status_code == 422 and r.json()["code"] == "invalid_parameter"
    r = c.post("/api/exports", json={"selection": {"kind": "ids", "ids": []}})
    assert r.status_code == 422 and "at least one" in r.json()["message"]
    r = c.post("/api/exports", json={"selection": {"kind": "path", "source": "Yeying KTV"}})
    assert r.status_code == 422
