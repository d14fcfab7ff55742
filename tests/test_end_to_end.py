"""From raw case texts to repeat offenders, through the real extractor and the real store:
`casegraph extract examples/cases | casegraph ingest -`, then `casegraph offenders`."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.names import fold
from tests.conftest import EXAMPLES

EXPECTED = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
TEXTS = len(list((EXAMPLES / "cases").rglob("*.txt")))


@pytest.fixture(scope="module")
def offenders(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    runner = CliRunner()
    extracted = runner.invoke(app, ["extract", str(EXAMPLES / "cases")])
    assert extracted.exit_code == 0, extracted.stderr
    records = extracted.stdout
    assert len(records.splitlines()) == TEXTS
    db = str(tmp_path_factory.mktemp("e2e") / "db")
    ingested = runner.invoke(app, ["ingest", "-", "--db", db, "--json"], input=records)
    assert ingested.exit_code == 0, ingested.stderr
    assert json.loads(ingested.stdout)["added"] == TEXTS
    again = runner.invoke(app, ["ingest", "-", "--db", db, "--json"], input=records)
    assert json.loads(again.stdout)["unchanged"] == TEXTS
    listed = runner.invoke(app, ["offenders", "--db", db, "--min-cases", "2", "--json"])
    assert listed.exit_code == 0, listed.stderr
    return json.loads(listed.stdout)


@pytest.mark.parametrize("expected", EXPECTED["repeat_offenders"], ids=lambda e: e["name"])
def test_recurring_parties_are_one_node_with_all_their_cases(
    offenders: list[dict], expected: dict
) -> None:
    names = {fold(expected["name"])}
    mine = [o for o in offenders if names & {fold(x) for x in [o["name"], *o["aliases"]]}]
    assert len(mine) == 1, f"{expected['name']}: listed {len(mine)} times"
    assert set(expected["documents"]) <= set(mine[0]["documents"])


def test_same_name_operators_are_not_merged_into_an_offender(offenders: list[dict]) -> None:
    for trap in EXPECTED["same_surname_traps"]:
        merged = [
            o for o in offenders
            if o["type"] == "Operator" and fold(o["name"]) == fold(trap["name"])
        ]
        assert not merged, f"{trap['name']} was merged across documents: {merged}"

