"""`casegraph extract` and `casegraph eval` through typer's CliRunner, on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language
from typer.testing import CliRunner

from api.cli import app
from graph.records import parse_record
from tests.extract.helpers import DEV_GOLD, DEV_TEXTS, MODEL

runner = CliRunner()
TEXT = ("The People's Procuratorate of Yunlong District sued Tang Moumou, who ran the Feiyu "
        "Internet Cafe, for admitting minors.")


@pytest.fixture(autouse=True)
def _model(model_nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    # The command loads the model named by the setting; the session already has it loaded.
    monkeypatch.setenv("CASEGRAPH_EXTRACT_MODEL", MODEL)


def test_extract_writes_jsonl_to_stdout(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.html").write_text(f"<p>{TEXT}</p>", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 0, result.output
    records = [parse_record(line) for line in result.stdout.splitlines()]
    assert [r.doc_id for r in records] == ["a", "b"]
    assert records[0].source == str(tmp_path / "a.txt")
    assert "extracted 2 record(s)" in result.stderr


def test_extract_from_stdin_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "out" / "records.jsonl"
    result = runner.invoke(app, ["extract", "-", "-o", str(out)], input=TEXT)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    (record,) = [parse_record(line) for line in out.read_text().splitlines()]
    assert record.doc_id == "stdin"
    assert any(e.name == "Tang Moumou" for e in record.entities)


def test_extract_as_a_table(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    result = runner.invoke(app, ["extract", "--format", "table", str(tmp_path / "a.txt")])
    assert result.exit_code == 0, result.output
    assert "Feiyu Internet Cafe" in result.stdout and "OPERATES" in result.stdout


def test_bad_inputs_are_reported_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    result = runner.invoke(app, ["extract", str(tmp_path), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    for name in ("empty.txt", "binary.txt", "missing.txt"):
        assert name in result.stderr
    assert "3 input(s) skipped" in result.stderr
    assert "Traceback" not in result.output


def test_eval_prints_scores_and_json(tmp_path: Path) -> None:
    texts = sorted(DEV_TEXTS.glob("*.txt"))[:3]
    result = runner.invoke(app, ["eval", "--gold", str(DEV_GOLD), *map(str, texts), "--json"])
    assert result.exit_code == 0, result.output
    score = json.loads(result.stdout)
    assert score["documents"] == 3
    assert 0.5 < score["entities_micro"]["f1"] <= 1.0
    assert set(score["violations"]) >= {"detection", "category_accuracy", "offender_linkage"}
    table = runner.invoke(app, ["eval", "--gold", str(DEV_GOLD), str(texts[0]), "--errors"])
    assert table.exit_code == 0, table.output
    assert "micro" in table.stdout and "violations" in table.stdout


def test_eval_mistakes_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "unknown.txt").write_text(TEXT, encoding="utf-8")
    missing = runner.invoke(app, ["eval", "--gold", str(tmp_path / "nope.jsonl"),
                                  str(tmp_path)])
    assert missing.exit_code == 2 and "nope.jsonl" in missing.stderr
    unmatched = runner.invoke(app, ["eval", "--gold", str(DEV_GOLD), str(tmp_path)])
    assert unmatched.exit_code == 2
    assert "no gold annotation" in unmatched.stderr
    assert "Traceback" not in missing.output + unmatched.output
