"""Graph verbs of the command line: init, ingest, retract, search, stats, offenders, linked, path
and SAME_AS review. Each opens the store named by `--db` (or CASEGRAPH_DB), does one store
call and prints a table, or JSON with `--json`."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.cli import err, friendly
from graph import open_store
from graph.errors import InvalidQuery, RecordError
from graph.ingest import Ingestor
from graph.model import Category, Label, RelType, SameAsStatus
from graph.records import Record, parse_record, read_records
from graph.store import Store
from graph.types import Path as GraphPath
from graph.types import node_link

out = Console(highlight=False, soft_wrap=True)
RECORD_SUFFIXES = (".jsonl", ".ndjson")

Db = Annotated[
    str | None,
    typer.Option("--db", envvar="CASEGRAPH_DB", help="Store folder, or a neo4j:// / bolt:// URI."),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


@contextmanager
def store_at(db: str | None) -> Iterator[Store]:
    """Open the store for one command and always close it (releasing the embedded lock)."""
    store = open_store(db)
    try:
        yield store
    finally:
        store.close()


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# -- ingest -----------------------------------------------------------------------------------


def _record_stream(paths: list[str], workers: int) -> Iterator[Record | RecordError]:
    """Records from JSONL files and stdin; other files are texts for the extractor."""
    texts: list[str] = []
    for raw in paths:
        if raw == "-":
            yield from _stdin_records()
            continue
        path = Path(raw)
        if not path.exists():
            yield RecordError(raw, "no such file or folder")
        elif path.is_file() and path.suffix.lower() in RECORD_SUFFIXES:
            yield from read_records(path)
        elif path.is_dir() and any(path.rglob("*.jsonl")):
            for child in sorted(path.rglob("*")):
                if child.suffix.lower() in RECORD_SUFFIXES:
                    yield from read_records(child)
                elif child.is_file() and child.suffix.lower() in (
                    ".txt",
                    ".md",
                    ".html",
                    ".htm",
                    ".pdf",
                ):
                    texts.append(str(child))
        else:
            texts.append(raw)
    if texts:
        yield from _extract(texts, workers)


def _stdin_records() -> Iterator[Record | RecordError]:
    data = sys.stdin.read()
    if data.lstrip().startswith("{"):
        for number, line in enumerate(data.splitlines(), start=1):
            if line.strip():
                try:
                    yield parse_record(line, where=f"<stdin>:{number}")
                except RecordError as e:
                    yield e
        return
    from extract.api import extract_texts

    yield from extract_texts([("stdin", data)])


def _extract(paths: list[str], workers: int) -> Iterator[Record | RecordError]:
    try:
        from extract.api import extract_paths
    except ImportError as e:  # pragma: no cover - only without the extract package
        raise InvalidQuery(
            f"raw texts need the extractor ({e}); ingest JSONL records instead"
        ) from e
    yield from extract_paths(paths, workers=workers)


def ingest(
    paths: Annotated[
        list[str], typer.Argument(help="JSONL record files, case texts, folders, or - for stdin.")
    ],
    db: Db = None,
    batch_size: Annotated[
        int, typer.Option(min=1, max=10_000, help="Documents per transaction.")
    ] = 500,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Extraction processes for raw texts.")
    ] = 1,
    as_json: AsJson = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log each committed batch.")
    ] = False,
) -> None:
    """Put records (or texts, extracted on the way) into the graph. Idempotent: unchanged
    documents are skipped, changed ones replaced; an interrupted run can simply be run again."""
    with store_at(db) as store:
        store.init_schema()  # idempotent; on Neo4j the first ingest creates constraints
        committed = 0
        progress = Progress(
            TextColumn("ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        )

        def advance(n: int) -> None:
            nonlocal committed
            committed += n
            progress.update(task, advance=n)
            if verbose:
                err.print(f"committed {committed} documents", highlight=False)

        with progress:
            task = progress.add_task("ingest", total=None)
            report = Ingestor(store, batch_size=batch_size).ingest(
                _record_stream(paths, workers), advance
            )
    for error in report.errors:
        err.print(f"[yellow]skipped[/] {error}")
    if as_json:
        _print_json(report.as_dict())
    else:
        err.print(
            f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
            f"{len(report.errors)} skipped; {report.same_as_proposed} SAME_AS candidates proposed"
        )
    if report.errors and not report.documents:
        raise typer.Exit(2)


def retract(
    doc_ids: Annotated[list[str], typer.Argument(help="Document ids to take out of the graph.")],
    db: Db = None,
) -> None:
    """Take withdrawn or corrected documents out: their facts go, and entities no other
    document mentions go with them."""
    with store_at(db) as store:
        for doc_id in doc_ids:
            store.delete_document(doc_id)
            err.print(f"retracted {doc_id}")


def init(db: Db = None) -> None:
    """Create the schema (constraints and indexes on Neo4j; tables in the embedded store)."""
    with store_at(db) as store:
        store.init_schema()
        err.print(f"schema ready in {store.location}")


# -- reads ------------------------------------------------------------------------------------


def stats(db: Db = None, as_json: AsJson = False) -> None:
    """Node counts per label and relationship counts per type."""
    with store_at(db) as store:
        result = store.stats()
    if as_json:
        _print_json(result.model_dump(mode="json"))
        return
    table = Table("label / type", "count")
    for name, count in [*result.nodes.items(), *result.relationships.items()]:
        table.add_row(name, str(count))
    out.print(table)


def search(
    query: Annotated[str, typer.Argument(help="Start of a name or alias (case-insensitive).")],
    db: Db = None,
    label: Annotated[list[Label] | None, typer.Option("--label", help="Only these labels.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    as_json: AsJson = False,
) -> None:
    """Find entities by name or alias."""
    with store_at(db) as store:
        hits = store.search(query, labels=tuple(label or ()), limit=limit)
    if as_json:
        _print_json([n.model_dump(mode="json") for n in hits])
        return
    table = Table("id", "label", "name", "aliases")
    for n in hits:
        table.add_row(n.id, n.label.value, n.name, "; ".join(n.aliases))
    out.print(table)


def offenders(
    db: Db = None,
    min_cases: Annotated[
        int, typer.Option("--min-cases", min=1, help="At least this many distinct cases.")
    ] = 2,
    category: Annotated[
        Category | None, typer.Option(help="Only cases of this violation category.")
    ] = None,
    year_from: Annotated[int | None, typer.Option(min=1900, max=2100)] = None,
    year_to: Annotated[int | None, typer.Option(min=1900, max=2100)] = None,
    location: Annotated[
        str | None, typer.Option(help="Only parties located in this place.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=5000)] = 100,
    as_json: AsJson = False,
) -> None:
    """Repeat offenders: companies, venues and operators in at least N cases, most first."""
    with store_at(db) as store:
        found = store.offenders(
            min_cases=min_cases,
            category=category,
            year_from=year_from,
            year_to=year_to,
            location=location,
            limit=limit,
        )
    if as_json:
        _print_json([o.model_dump(mode="json") for o in found])
        return
    table = Table("cases", "type", "name", "years", "violations", "documents")
    for o in found:
        table.add_row(
            str(o.cases),
            o.type.value,
            o.name + (f"\n({'; '.join(o.aliases)})" if o.aliases else ""),
            ", ".join(map(str, o.years)),
            "\n".join(f"{v.name} [{v.category}]" for v in o.violations),
            "\n".join(o.documents),
        )
    out.print(table if found else f"no party is in {min_cases} or more cases")


def linked(
    entity: Annotated[str, typer.Argument(help="An entity id, or a name that identifies one.")],
    db: Db = None,
    hops: Annotated[int, typer.Option("--hops", min=1, max=6, help="Longest link to follow.")] = 3,
    via: Annotated[
        list[RelType] | None, typer.Option("--via", help="Relationship types to follow.")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Businesses linked to an entity through shared operators, owners, addresses or
    resolution links, each with the path that links it."""
    with store_at(db) as store:
        start = store.resolve(entity)
        kwargs: dict[str, Any] = {"hops": hops}
        if via:
            kwargs["via"] = tuple(via)
        results = store.linked(start.id, **kwargs)
    if as_json:
        nodes, edges = _merge_paths([r.path for r in results])
        _print_json(
            node_link(
                nodes,
                edges,
                entity=start.model_dump(mode="json"),
                results=[
                    {
                        "key": r.node.id,
                        "type": r.node.label.value,
                        "name": r.node.name,
                        "hops": r.hops,
                        "via": [v.value for v in r.via],
                        "path": [n.id for n in r.path.nodes],
                    }
                    for r in results
                ],
            )
        )
        return
    out.print(f"[bold]{start.name}[/] ({start.label.value}, {start.id})")
    if not results:
        out.print(f"no linked business within {hops} hops")
    for r in results:
        out.print(f"  {r.node.name} ({r.node.label.value}) — {r.hops} hop(s): {_describe(r.path)}")


def path(
    source: Annotated[str, typer.Argument(help="Entity id or name.")],
    target: Annotated[str, typer.Argument(help="Entity id or name.")],
    db: Db = None,
    max_hops: Annotated[int, typer.Option("--max-hops", min=1, max=10)] = 6,
    via_hubs: Annotated[
        bool, typer.Option("--via-hubs", help="Also walk through shared violations and cities.")
    ] = False,
    as_json: AsJson = False,
) -> None:
    """The shortest paths between two entities, with the evidence of every step."""
    with store_at(db) as store:
        a, b = store.resolve(source), store.resolve(target)
        paths = store.shortest_paths(a.id, b.id, max_hops=max_hops, via_hubs=via_hubs)
    if as_json:
        nodes, edges = _merge_paths(paths)
        _print_json(node_link(nodes, edges, paths=[[n.id for n in p.nodes] for p in paths]))
        return
    for p in paths:
        out.print(_describe(p))
        for e in p.edges:
            if e.evidence and e.evidence.sentence:
                out.print(
                    f"    [dim]{e.type.value} ({e.evidence.doc_id}): {e.evidence.sentence}[/]"
                )


def _merge_paths(paths: list[GraphPath]) -> tuple[list[Any], list[Any]]:
    nodes = {n.id: n for p in paths for n in p.nodes}
    edges = {e.key: e for p in paths for e in p.edges}
    return [nodes[k] for k in sorted(nodes)], [edges[k] for k in sorted(edges)]


def _describe(p: GraphPath) -> str:
    parts = [p.nodes[0].name]
    for edge, node in zip(p.edges, p.nodes[1:], strict=True):
        forward = edge.target == node.id
        arrow = f"-[{edge.type.value}]->" if forward else f"<-[{edge.type.value}]-"
        parts += [arrow, node.name]
    return " ".join(parts)


# -- review -----------------------------------------------------------------------------------

review = typer.Typer(
    help="Review SAME_AS candidates: entities that may be one.", no_args_is_help=True
)


@review.command("list")
@friendly
def review_list(
    db: Db = None,
    status: Annotated[
        SameAsStatus, typer.Option(help="Which review state to list.")
    ] = SameAsStatus.CANDIDATE,
    limit: Annotated[int, typer.Option(min=1, max=5000)] = 50,
    as_json: AsJson = False,
) -> None:
    """List SAME_AS links in one review state, best score first."""
    with store_at(db) as store:
        links = store.same_as(status=status, limit=limit)
    if as_json:
        _print_json([link.model_dump(mode="json") for link in links])
        return
    table = Table("score", "a", "b", "method", "decided")
    for link in links:
        table.add_row(
            f"{link.score:.2f}",
            f"{link.source.name}\n{link.source.id}",
            f"{link.target.name}\n{link.target.id}",
            link.method,
            f"{link.decided_by or ''} {link.decided_at or ''}".strip(),
        )
    out.print(table)


def _decide(status: SameAsStatus) -> Any:
    def decide(
        a: Annotated[str, typer.Argument(help="Entity id.")],
        b: Annotated[str, typer.Argument(help="Entity id.")],
        by: Annotated[str, typer.Option("--by", help="Who decides (kept with the decision).")],
        reason: Annotated[str, typer.Option(help="Why.")] = "",
        db: Db = None,
    ) -> None:
        with store_at(db) as store:
            link = store.decide_same_as(a, b, status, by=by, reason=reason)
        err.print(
            f"{link.source.name} ~ {link.target.name}: {link.status.value} by {link.decided_by}"
        )

    decide.__doc__ = {
        SameAsStatus.ACCEPTED: "Accept: the two are one entity (queries count them together).",
        SameAsStatus.REJECTED: "Reject: they are different (traversals stop using the link).",
        SameAsStatus.CANDIDATE: "Undo a decision: back to candidate.",
    }[status]
    return friendly(decide)


review.command("accept")(_decide(SameAsStatus.ACCEPTED))
review.command("reject")(_decide(SameAsStatus.REJECTED))
review.command("reset")(_decide(SameAsStatus.CANDIDATE))


def register(app: typer.Typer) -> None:
    """Add the graph verbs to the command line."""
    for func in (init, ingest, retract, stats, search, offenders, linked, path):
        app.command()(friendly(func))
    app.add_typer(review, name="review")
