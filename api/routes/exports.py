"""Export routes for auditors: any subgraph (an entity's neighbourhood, the paths between two
entities, an offender with its cases, a cluster, or any `Selection`) as GraphML, GEXF, node-link
JSON, CSV or Cypher, by default zipped with the manifest that records who asked what, when,
from which data, the evidence behind every relationship and each file's SHA-256."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from api import networks
from api.deps import Auditor, Caller
from api.errors import BadRequest, responses
from api.routes.entities import Ref, ViaHubs
from graph.export import ExportFormat, Selection, export_subgraph, select, store_info
from graph.types import Subgraph

router = APIRouter(prefix="/api/exports", tags=["exports"])

FILE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"description": "A zip of the data files and `manifest.json` (or, with "
                         "`package=file`, the single data file).",
          "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}},
                      "application/octet-stream": {"schema": {"type": "string",
                                                              "format": "binary"}}}},
}
ERRORS = {**FILE_RESPONSE, **responses(400, 401, 403, 404, 422, 503)}

Format = Annotated[ExportFormat, Query(description="File format.")]
Package = Annotated[Literal["zip", "file"], Query(
    description="`zip`: data files and manifest.json. `file`: the data file alone (single-file "
                "formats only; the manifest is then not sent).")]
Documents = Annotated[bool, Query(description="Also export the documents the evidence cites.")]


class ExportIn(BaseModel):
    """An export request as scripts send it: what to select, and how to package it."""

    model_config = ConfigDict(extra="forbid")

    selection: Selection = Field(description="What to export (see the `kind` field).")
    format: ExportFormat = ExportFormat.GRAPHML
    package: Literal["zip", "file"] = "zip"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")[:60] or "export"


def _send(call: Caller, graph: Subgraph, fmt: ExportFormat, package: str, *, kind: str,
          ref: str, request: dict[str, Any]) -> Response:
    if package == "file" and not fmt.single_file:
        raise BadRequest(f"{fmt.value} exports are several files; ask for package=zip")
    stem = f"casegraph-{kind}"
    bundle = export_subgraph(graph, fmt, request=request, requested_by=call.principal.who,
                             store_info=store_info(call.services.store), name=stem)
    base = f"casegraph-{kind}-{_slug(ref)}"
    audit = {**request, "format": fmt.value, "package": package}
    if package == "file":
        data = bundle.files[0]
        return call.reply_bytes(data.data, media_type="application/octet-stream",
                                filename=f"{base}{fmt.suffix}", count=len(graph.nodes),
                                params=audit)
    return call.reply_bytes(bundle.zip_bytes(), media_type="application/zip",
                            filename=f"{base}.{fmt.value}.zip", count=len(graph.nodes),
                            params=audit)


def _selected(call: Caller, selection: Selection) -> tuple[Subgraph, dict[str, Any]]:
    found = select(call.services.store, selection)
    return found.subgraph, found.request


@router.get("/ego/{ref}", name="export_ego", responses=ERRORS, response_class=Response)
def export_ego(
    call: Auditor, ref: Ref, format: Format = ExportFormat.GRAPHML, package: Package = "zip",
    radius: Annotated[int, Query(ge=1, le=3)] = 1,
    limit: Annotated[int, Query(ge=1, le=2000)] = 200,
    via_hubs: ViaHubs = True, documents: Documents = False,
) -> Response:
    """An entity's neighbourhood (as the network view shows it) as files."""
    selection = Selection(kind="entity", entity=ref, hops=radius, limit=limit,
                          via_hubs=via_hubs, documents=documents)
    graph, request = _selected(call, selection)
    return _send(call, graph, format, package, kind="ego", ref=ref, request=request)


@router.get("/path", name="export_path", responses=ERRORS, response_class=Response)
def export_path(
    call: Auditor,
    source: Annotated[str, Query(min_length=1, max_length=300)],
    target: Annotated[str, Query(min_length=1, max_length=300)],
    format: Format = ExportFormat.GRAPHML, package: Package = "zip",
    max_hops: Annotated[int, Query(ge=1, le=10)] = 6,
    via_hubs: ViaHubs = False, documents: Documents = False,
) -> Response:
    """The shortest paths between two entities as files."""
    selection = Selection(kind="path", source=source, target=target, hops=max_hops,
                          via_hubs=via_hubs, documents=documents)
    graph, request = _selected(call, selection)
    return _send(call, graph, format, package, kind="path", ref=f"{source}-{target}",
                 request=request)


@router.get("/offender/{ref}", name="export_offender", responses=ERRORS,
            response_class=Response)
def export_offender(
    call: Auditor, ref: Ref, format: Format = ExportFormat.GRAPHML, package: Package = "zip",
    documents: Documents = False,
) -> Response:
    """A party with its cases, who brought them and the violations (as the offender view
    shows it) as files."""
    services = call.services
    node = services.store.resolve(ref)
    shown = networks.offender(services.store, node.id, cap=services.settings.view_node_cap)
    graph, request = _selected(call, Selection(kind="ids", ids=[n.id for n in shown.nodes],
                                               documents=documents))
    request = {"view": "offender", "entity": ref, "resolved": node.id, **request}
    return _send(call, graph, format, package, kind="offender", ref=ref, request=request)


@router.get("/cluster/{ref}", name="export_cluster", responses=ERRORS, response_class=Response)
def export_cluster(
    call: Auditor, ref: Ref, format: Format = ExportFormat.GRAPHML, package: Package = "zip",
    documents: Documents = False,
) -> Response:
    """The business cluster of an entity as files."""
    services = call.services
    node = services.store.resolve(ref)
    cluster = services.clusters.of(node.id)
    graph, request = _selected(call, Selection(kind="ids", ids=[m.id for m in cluster.members],
                                               documents=documents))
    request = {"view": "cluster", "entity": ref, "resolved": node.id, "cluster": cluster.id,
               **request}
    return _send(call, graph, format, package, kind="cluster", ref=ref, request=request)


@router.post("", name="export_selection", responses=ERRORS, response_class=Response)
def export_selection(call: Auditor, body: ExportIn) -> Response:
    """Any selection (entity, ids, offenders, linked, path), as `casegraph export` takes it."""
    graph, request = _selected(call, body.selection)
    ref = body.selection.entity or body.selection.source or body.selection.kind
    return _send(call, graph, body.format, body.package, kind=body.selection.kind, ref=ref,
                 request=request)
