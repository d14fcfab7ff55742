"""Document routes: list the ingested documents, show one with its text, mentions and the
relationships it states, and upload new case texts or records into the running server."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Path, Query, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from api.deps import Admin, Investigator, next_offset
from api.errors import TooLarge, responses
from api.schemas import EdgeOut
from api.schemas_documents import (
    DocumentDetailOut,
    DocumentOut,
    DocumentPage,
    MentionOut,
    UploadOut,
)
from api.uploads import Upload

router = APIRouter(prefix="/api", tags=["documents"])


@router.get("/documents", response_model=DocumentPage, name="list_documents",
            responses=responses(401, 403, 422, 503))
def list_documents(
    call: Investigator,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    # The embedded engine crashes on ORDER BY with SKIP past about 12,000 (ladybug 0.22).
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> Response:
    """Ingested documents in id order."""
    services = call.services
    found = services.store.documents(limit=limit + 1, offset=offset)
    items = [DocumentOut.of(d, has_text=services.texts.has(d.doc_id)) for d in found[:limit]]
    page = DocumentPage(items=items, offset=offset, limit=limit,
                        next_offset=next_offset(offset, limit, len(found)))
    return call.reply(page, count=len(items))


@router.get("/documents/{doc_id}", response_model=DocumentDetailOut, name="get_document",
            responses=responses(401, 403, 404, 422, 503))
def get_document(
    call: Investigator,
    doc_id: Annotated[str, Path(min_length=1, max_length=300, description="The record's doc id.")],
) -> Response:
    """A document: its text when it was uploaded with one, every entity mention in text order,
    and the relationships it states with their evidence sentences."""
    services = call.services
    info, mentions = services.store.document(doc_id)
    # Every entity the document names, with or without a mention span.
    ids = {i for group in services.store.document_nodes(info.id).values() for i in group}
    stated = [e for e in services.store.edges_among(ids)
              if e.evidence is not None and e.evidence.doc_id == info.doc_id]
    out = DocumentDetailOut(
        document=DocumentOut.of(info, has_text=services.texts.has(info.doc_id)),
        text=services.texts.get(info.doc_id),
        mentions=[MentionOut.of(m) for m in mentions],
        relationships=[EdgeOut.of(e) for e in stated],
    )
    return call.reply(out, count=len(out.mentions))


@router.post("/documents", response_model=UploadOut, status_code=201, name="upload_documents",
             responses=responses(400, 401, 403, 413, 415, 422, 501, 503))
async def upload_documents(
    call: Admin,
    files: Annotated[list[UploadFile], File(description=(
        "Extraction records (.jsonl, one record per line) and/or case texts (.txt, .md, .html, "
        ".pdf). A text named like a record's doc id is kept as that record's text; other texts "
        "are extracted first."))],
) -> Response:
    """Extract (when texts are sent) and ingest documents while the server runs. Idempotent:
    an unchanged record is left as it is, a changed one replaces its earlier version."""
    limit = int(call.services.settings.max_upload_mb * 2**20)
    uploads, total = [], 0
    for f in files:
        data = await f.read()
        total += len(data)
        if total > limit:
            raise TooLarge(f"the upload is larger than {call.services.settings.max_upload_mb:g} "
                           "MiB; send fewer files at a time")
        uploads.append(Upload(name=f.filename or "upload", data=data))
    result = await run_in_threadpool(call.services.uploads.ingest, uploads)
    r = result.report
    out = UploadOut(documents=result.doc_ids, added=r.added, updated=r.updated,
                    unchanged=r.unchanged, same_as_proposed=r.same_as_proposed,
                    texts_kept=result.texts_kept, errors=result.errors)
    params = {"files": [u.filename for u in uploads], "bytes": total}
    return await run_in_threadpool(call.reply, out, count=len(out.documents), params=params,
                                   status=201)
