"""Extraction verbs of the command line: `extract` (texts in, JSONL records or a table out) and
`eval` (extraction scored against gold annotations). Records go to stdout unless `-o` is given,
so `casegraph extract cases/ | casegraph ingest -` composes; progress and problems go to stderr."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.cli import err, friendly
from graph.errors import RecordError
from graph.records import Record

out = Console(highlight=False, soft_wrap=True)


class OutputFormat(StrEnum):
    """How `casegraph extract` prints records."""

    JSONL = "jsonl"
    TABLE = "table"


Workers = Annotated[int, typer.Option(min=1, max=64, help="Processes for nlp.pipe (n_process).")]
Model = Annotated[
    str | None,
    typer.Option(help="spaCy pipeline to load ('blank' for rules only); default from "
                      "CASEGRAPH_EXTRACT_MODEL or en_core_web_sm, falling back as documented."),
]


@contextmanager
def _destination(path: Path | None) -> Iterator[TextIO]:
    """stdout, or a file written whole: a temporary file renamed into place when done, so an
    interrupted run never leaves half a file behind."""
    if path is None:
        yield sys.stdout
        return
    folder = path.resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            yield handle
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@contextmanager
def _progress(total: int | None) -> Iterator[Progress | None]:
    """A progress bar on stderr for runs worth watching (a terminal and several files)."""
    if not err.is_terminal or (total is not None and total < 3):
        yield None
        return
    with Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True) as bar:
        yield bar


def _count_inputs(paths: list[str]) -> int | None:
    from extract.readers import ReadError, iter_inputs

    items = list(iter_inputs(paths))
    return len([i for i in items if not isinstance(i, ReadError)])


def _table(record: Record) -> None:
    names = {e.key: e.name for e in record.entities}
    title = f"{record.doc_id}  ({record.source})  {len(record.entities)} entities, " \
            f"{len(record.relations)} relations"
    entities = Table(title=title, title_justify="left", show_lines=False)
    for column in ("type", "name", "mentions", "properties"):
        entities.add_column(column)
    for e in sorted(record.entities, key=lambda e: (e.type.value, e.name)):
        props = ", ".join(f"{k}={v}" for k, v in e.properties.items())
        entities.add_row(e.type.value, e.name, str(len(e.mentions)), props)
    out.print(entities)
    relations = Table(show_lines=False)
    for column in ("relation", "from", "to", "conf.", "evidence"):
        relations.add_column(column)
    for r in record.relations:
        evidence = r.evidence.text if r.evidence else ""
        evidence = evidence if len(evidence) <= 80 else evidence[:77] + "..."
        relations.add_row(r.type.value, names[r.source], names[r.target], f"{r.confidence:.2f}",
                          evidence)
    out.print(relations)


def extract(
    paths: Annotated[list[str], typer.Argument(help="Text, Markdown, HTML or PDF files, "
                                                    "folders (recursive), or - for stdin.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", help="jsonl records or a table.")] = (
        OutputFormat.JSONL),
    output: Annotated[Path | None, typer.Option("-o", "--output",
                                                help="Write records here, not stdout.")] = None,
    workers: Workers = 1,
    model: Model = None,
) -> None:
    """Extract entities, relations and violations from case texts as JSONL records (one per
    document) or a readable table. Unreadable, binary or empty inputs are reported on stderr
    and skipped; the exit code is 1 when any input was skipped."""
    from extract.api import extract_paths
    from extract.settings import ExtractSettings

    settings = ExtractSettings()
    written = skipped = 0
    total = _count_inputs(paths) if "-" not in paths else None
    with _progress(total) as bar, _destination(output) as handle:
        task = bar.add_task("extract", total=total) if bar else None

        def advance(_: object) -> None:
            if bar is not None and task is not None:
                bar.advance(task)

        def warn(message: str) -> None:
            err.print(f"[yellow]warning:[/] {message}")

        for item in extract_paths(paths, workers=workers, model=model, settings=settings,
                                  progress=advance, warn=warn):
            if isinstance(item, RecordError):
                skipped += 1
                err.print(f"[yellow]skipped:[/] {item}")
                continue
            written += 1
            if fmt is OutputFormat.TABLE and output is None:
                _table(item)
            else:
                handle.write(item.to_json() + "\n")
    where = f" to {output}" if output else ""
    err.print(f"extracted {written} record(s){where}; {skipped} input(s) skipped")
    if skipped:
        raise typer.Exit(1)


def _score_table(score: dict[str, object]) -> None:
    def section(title: str, rows: dict[str, dict[str, float]], micro: dict[str, float]) -> None:
        table = Table(title=title, title_justify="left")
        for column in ("type", "P", "R", "F1", "tp", "fp", "fn"):
            table.add_column(column, justify="left" if column == "type" else "right")
        for name, c in [*rows.items(), ("micro", micro)]:
            table.add_row(name, f"{c['precision']:.3f}", f"{c['recall']:.3f}", f"{c['f1']:.3f}",
                          str(c["tp"]), str(c["fp"]), str(c["fn"]),
                          style="bold" if name == "micro" else None)
        out.print(table)

    section("entities", score["entities"], score["entities_micro"])  # type: ignore[arg-type]
    section("relations", score["relations"], score["relations_micro"])  # type: ignore[arg-type]
    v = score["violations"]
    assert isinstance(v, dict)
    table = Table(title="violations", title_justify="left")
    for column in ("gold", "detected", "detection", "category accuracy", "offender linkage",
                   "predicted", "precision"):
        table.add_column(column, justify="right")
    table.add_row(str(v["gold"]), str(v["detected"]), f"{v['detection']:.3f}",
                  f"{v['category_accuracy']:.3f}", f"{v['offender_linkage']:.3f}",
                  str(v["predicted"]), f"{v['precision']:.3f}")
    out.print(table)
    if v.get("gold_not_in_text"):
        out.print(f"[yellow]{v['gold_not_in_text']} gold violation text(s) do not occur in "
                  "their document and cannot be detected[/]")
    out.print(f"{score['documents']} document(s) scored")


def evaluate(
    texts: Annotated[list[str], typer.Argument(help="The annotated texts (files or folders).")],
    gold: Annotated[Path, typer.Option("--gold", help="Gold annotations (JSONL), one object "
                                                      "per text, `id` = file stem.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="Also list each miss and false "
                                                          "positive per document.")] = False,
    workers: Workers = 1,
    model: Model = None,
) -> None:
    """Score extraction against gold annotations: precision, recall and F1 per entity and
    relation type (and micro), violation detection, category accuracy and offender linkage."""
    from extract.api import extract_texts
    from extract.evaluate import evaluate as score_records
    from extract.gold import load_gold
    from extract.readers import ReadError, Text, read_paths

    annotations = load_gold(gold)
    readable: list[Text] = []
    for item in read_paths(texts):
        if isinstance(item, ReadError):
            err.print(f"[yellow]skipped:[/] {item}")
        elif item.doc_id not in annotations:
            err.print(f"[yellow]skipped:[/] {item.source}: no gold annotation with id "
                      f"{item.doc_id!r}")
        else:
            readable.append(item)
    if not readable:
        raise RecordError(str(gold), "none of the texts has a gold annotation")
    records = extract_texts(readable, workers=workers, model=model)
    pairs = [(record, text.text) for record, text in zip(records, readable, strict=True)]
    scored = {t.doc_id for t in readable}
    result = score_records(pairs, {k: v for k, v in annotations.items() if k in scored})
    data = result.as_dict()
    if errors:
        data["errors"] = {k: vars(v) for k, v in sorted(result.errors.items())}
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    _score_table(data)
    if errors:
        for doc_id, problems in data["errors"].items():
            out.print(f"[bold]{doc_id}[/]")
            for kind, lines in problems.items():
                for line in lines:
                    out.print(f"  {kind}: {line}")


def register(app: typer.Typer) -> None:
    """Add `extract` and `eval` to the casegraph command line."""
    app.command("extract")(friendly(extract))
    app.command("eval")(friendly(evaluate))
