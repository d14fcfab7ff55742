"""The service verbs of the command line: `keys create|list|revoke` through typer's runner,
`demo --no-serve` building the sample store, and `serve` as a real process that answers over
HTTP, holds the store against other writers, and refuses to expose itself without keys."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from api.cli import app as cli
from api.demo import EXAMPLES_ENV, DemoError, find_examples
from graph.embedded import EmbeddedStore
from tests.api.conftest import load_world
from tests.api.factories import records

CASEGRAPH = Path(sys.executable).with_name("casegraph")


def test_keys_round_trip(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "db")
    made = runner.invoke(cli, ["keys", "create", "--role", "auditor", "--name", "Audra",
                               "--db", db])
    assert made.exit_code == 0, made.output
    token = made.stdout.strip().splitlines()[-1]
    assert token.startswith("cgk_")
    listed = json.loads(runner.invoke(cli, ["keys", "list", "--json", "--db", db]).stdout)
    assert [(k["role"], k["name"], k["revoked_at"]) for k in listed] == [("auditor", "Audra", None)]
    assert "sha256" not in listed[0] and token not in (tmp_path / "db" / "keys.json").read_text()
    gone = runner.invoke(cli, ["keys", "revoke", listed[0]["id"], "--db", db])
    assert gone.exit_code == 0
    listed = json.loads(runner.invoke(cli, ["keys", "list", "--json", "--db", db]).stdout)
    assert listed[0]["revoked_at"]
    audit = (tmp_path / "db" / "audit.jsonl").read_text().splitlines()
    assert [json.loads(x)["action"] for x in audit] == ["cli.keys.create", "cli.keys.revoke"]


def test_key_mistakes_are_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(cli, ["keys", "revoke", "nope", "--db", str(tmp_path)])
    assert r.exit_code == 2 and "no API key" in r.output and "Traceback" not in r.output
    r = runner.invoke(cli, ["keys", "create", "--role", "emperor", "--db", str(tmp_path)])
    assert r.exit_code == 2


def _records_file(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "records.jsonl"
    path.write_text("".join(r.to_json() + "\n" for r in records()), encoding="utf-8")
    return path


def test_demo_builds_a_store_from_records_and_is_idempotent(tmp_path: Path) -> None:
    runner = CliRunner()
    source = _records_file(tmp_path / "examples")
    folder = tmp_path / "demo"
    args = ["demo", "--no-serve", "--folder", str(folder), "--records", str(source)]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert f"{len(records())} documents" in first.output and "4 repeat offenders" in first.output
    again = runner.invoke(cli, args)
    assert again.exit_code == 0 and "4 repeat offenders" in again.output
    store = EmbeddedStore(folder)
    try:
        assert len(store.documents()) == len(records())
    finally:
        store.close()


def test_demo_refuses_to_wipe_a_folder_that_is_not_a_store(tmp_path: Path) -> None:
    precious = tmp_path / "thesis"
    precious.mkdir()
    (precious / "chapter1.md").write_text("years of work")
    source = _records_file(tmp_path / "examples")
    r = CliRunner().invoke(cli, ["demo", "--no-serve", "--fresh", "--folder", str(precious),
                                 "--records", str(source)])
    assert r.exit_code == 2 and "not a casegraph store" in r.output
    assert (precious / "chapter1.md").read_text() == "years of work"


def test_sample_records_are_found_from_the_checkout_or_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = find_examples()
    assert shipped.name == "records.jsonl" and shipped.parent.name == "examples"
    own = _records_file(tmp_path / "mine")
    monkeypatch.setenv(EXAMPLES_ENV, str(own.parent))
    assert find_examples() == own
    with pytest.raises(DemoError):
        find_examples(str(tmp_path / "missing.jsonl"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    """`casegraph serve` as its own process on a loaded store; stopped with SIGINT."""
    db = tmp_path / "db"
    load_world(db).close()
    port = _free_port()
    process = subprocess.Popen(
        [str(CASEGRAPH), "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(url + "/api/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"serve did not start: {process.communicate()[1]}")
        time.sleep(0.1)
    yield url, db, process
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_serve_answers_and_holds_the_store(
        served: tuple[str, Path, subprocess.Popen[str]]) -> None:
    url, db, process = served
    offenders = httpx.get(url + "/api/offenders").json()["items"]
    assert {o["name"] for o in offenders} >= {"Qiu Mou", "Pixelfort Inc."}
    assert httpx.get(url + "/api/health").json()["auth"] == "local"
    # The running server owns the store: a second writer is told to use the API instead.
    other = CliRunner().invoke(cli, ["ingest", "--db", str(db), str(db / "nothing.jsonl")])
    assert other.exit_code != 0 and "in use by another process" in other.output
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=20)
    assert "local single-user mode" in stderr and url in stderr


def test_serve_refuses_to_expose_a_store_without_keys(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "db"), "--host", "0.0.0.0"])
    assert r.exit_code == 2
    assert "without API keys" in r.output and "casegraph keys create" in r.output
    assert not (tmp_path / "db").exists()  # refused before the store was even opened
