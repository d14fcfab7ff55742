"""`casegraph export`: a subgraph for auditors as GraphML, GEXF, node-link JSON, Neo4j import
CSV or a Cypher script, with a manifest (request, requester, store and data version, counts,
evidence, SHA-256 of every file). The work is `graph.export`'s; this module turns options into a
`Selection`, writes the bundle and says on stderr what it wrote.
"""

from __future__ import annotations

import getpass
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli import err, friendly
from api.cli_graph import Db, store_at
from graph.errors import InvalidQuery
from graph.export import (
    ExportBundle,
    ExportFormat,
    Selection,
    export_subgraph,
    select,
    store_info,
)
from graph.export.bundle import MANIFEST_NAME, MANIFEST_SUFFIX, write_file
from graph.model import Category


class Query(StrEnum):
    """The query results `--query` exports."""

    OFFENDERS = "offenders"
    LINKED = "linked"
    PATH = "path"


def export(
    output: Annotated[str, typer.Option(
        "--output", "-o",
        help="Where to write: a file (single-file formats; the manifest goes beside it as "
             "<file>.manifest.json), a folder, a .zip, or - for stdout.",
    )],
    fmt: Annotated[ExportFormat | None, typer.Option(
        "--format", "-f", help="Export format (default: from the --output suffix).",
    )] = None,
    entity: Annotated[str | None, typer.Option(
        "--entity", "-e",
        help="An entity id or unambiguous name: export its neighbourhood (with --query linked, "
             "its linked businesses).",
    )] = None,
    hops: Annotated[int | None, typer.Option(
        min=1, max=10,
        help="Hops: around --entity (1-3, default 1); for --query linked (1-6, default 3); "
             "at most for --query path (default 6).",
    )] = None,
    ids: Annotated[str | None, typer.Option(
        "--ids", help="Comma-separated node ids: export them and the relationships among them.",
    )] = None,
    query: Annotated[Query | None, typer.Option(
        "--query", "-q", help="Export a query result: offenders, linked or path.",
    )] = None,
    min_cases: Annotated[int, typer.Option(
        "--min-cases", min=1, help="--query offenders: at least this many cases.",
    )] = 2,
    category: Annotated[Category | None, typer.Option(
        help="--query offenders: only cases of this violation category.",
    )] = None,
    year_from: Annotated[int | None, typer.Option(
        min=1900, max=2100, help="--query offenders: only cases from this year on.",
    )] = None,
    year_to: Annotated[int | None, typer.Option(
        min=1900, max=2100, help="--query offenders: only cases up to this year.",
    )] = None,
    location: Annotated[str | None, typer.Option(
        help="--query offenders: only parties located in this place.",
    )] = None,
    source: Annotated[str | None, typer.Option(
        "--from", help="--query path: the entity (id or name) the paths start at.",
    )] = None,
    target: Annotated[str | None, typer.Option(
        "--to", help="--query path: the entity (id or name) the paths end at.",
    )] = None,
    limit: Annotated[int | None, typer.Option(
        min=1, max=5000,
        help="Most nodes around --entity (default 200), linked businesses (100) or offenders "
             "(100).",
    )] = None,
    via_hubs: Annotated[bool, typer.Option(
        "--via-hubs", help="Let --entity and --query path walk through violations and places.",
    )] = False,
    documents: Annotated[bool, typer.Option(
        "--documents", help="Also export the documents the evidence cites.",
    )] = False,
    by: Annotated[str | None, typer.Option(
        "--by", help="Who asks, for the manifest (default: your login name).",
    )] = None,
    manifest: Annotated[Path | None, typer.Option(
        "--manifest", help="With -o -: write the manifest to this file.",
    )] = None,
    db: Db = None,
) -> None:
    """Export a subgraph for auditors, with a manifest of what, who, when and from which data."""
    selection = _selection(entity, hops, ids, query, min_cases, category, year_from, year_to,
                           location, source, target, limit, via_hubs, documents)
    chosen = fmt or ExportFormat.from_suffix(output)
    if chosen is None:
        raise InvalidQuery(f"cannot tell the format from {output!r}; give --format")
    if output == "-" and not chosen.single_file:
        raise InvalidQuery(f"a {chosen} export is several files; give a folder or a .zip to -o")
    with store_at(db) as store:
        selected = select(store, selection)
        info = store_info(store)
    request = {**selected.request, "format": chosen.value}
    stem = Path(output).stem if output != "-" and Path(output).suffix else "casegraph"
    bundle = export_subgraph(
        selected.subgraph, chosen, request=request, requested_by=by or _login(),
        store_info=info, name=_safe_stem(stem),
    )
    _deliver(bundle, output, manifest)
    counts = bundle.manifest["counts"]
    if counts["truncated"]:
        err.print("[yellow]note:[/] the neighbourhood was capped; raise --limit to export more")
    if not counts["nodes"]:
        err.print("[yellow]note:[/] nothing matched; the export is empty")


def _selection(
    entity: str | None, hops: int | None, ids: str | None, query: Query | None,
    min_cases: int, category: Category | None, year_from: int | None, year_to: int | None,
    location: str | None, source: str | None, target: str | None, limit: int | None,
    via_hubs: bool, documents: bool,
) -> Selection:
    """The one selection the options name; conflicting or missing ones are one clear error."""

    def common(**kind: Any) -> Selection:
        return Selection(limit=limit, documents=documents, **kind)

    if ids is not None:
        if entity or query:
            raise InvalidQuery("--ids cannot be combined with --entity or --query")
        return common(kind="ids", ids=[i for i in ids.split(",") if i.strip()])
    if query is Query.OFFENDERS:
        if entity:
            raise InvalidQuery("--query offenders takes no --entity")
        return common(kind="offenders", min_cases=min_cases,
                      category=category.value if category else None, year_from=year_from,
                      year_to=year_to, location=location)
    if query is Query.LINKED:
        if not entity:
            raise InvalidQuery("--query linked needs --entity")
        if hops is not None and hops > 6:
            raise InvalidQuery("--query linked takes --hops from 1 to 6")
        return common(kind="linked", entity=entity, hops=hops)
    if query is Query.PATH:
        if not (source and target):
            raise InvalidQuery("--query path needs --from and --to")
        return common(kind="path", source=source, target=target, hops=hops, via_hubs=via_hubs)
    if entity:
        if hops is not None and hops > 3:
            raise InvalidQuery("--hops around an entity is 1 to 3")
        return common(kind="entity", entity=entity, hops=hops, via_hubs=via_hubs)
    raise InvalidQuery("say what to export: --entity E, --ids ID,ID or --query "
                       "offenders|linked|path")


def _deliver(bundle: ExportBundle, output: str, manifest: Path | None) -> None:
    counts = bundle.manifest["counts"]
    what = f"{counts['nodes']} nodes and {counts['relationships']} relationships as {bundle.format}"
    if output == "-":
        data = bundle.files[0]
        sys.stdout.buffer.write(data.data)
        sys.stdout.buffer.flush()
        if manifest is not None:
            write_file(manifest, bundle.manifest_bytes())
            err.print(f"exported {what} to stdout (sha256 {data.sha256}); manifest: {manifest}")
        else:
            # stdout carries the data alone; the hash on stderr still lets a reader verify it.
            err.print(f"exported {what} to stdout (sha256 {data.sha256}); no manifest written "
                      "(add --manifest FILE to keep one)")
        return
    paths = bundle.write(Path(output))
    manifest_path = next((p for p in paths if p.name.endswith((MANIFEST_NAME, MANIFEST_SUFFIX))),
                         None)
    where = paths[0] if len(paths) <= 2 else Path(output)
    note = f"; manifest: {manifest_path}" if manifest_path and manifest_path != paths[0] else ""
    err.print(f"exported {what} to {where}{note}")


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _safe_stem(stem: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "._-" else "_" for c in stem).lstrip("._-")
    return cleaned[:100] or "casegraph"


def register(app: typer.Typer) -> None:
    """Add `casegraph export` to the command line."""
    app.command("export")(friendly(export))
