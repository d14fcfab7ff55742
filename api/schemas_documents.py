"""Request and response bodies of the document routes: documents, their mentions and the
relationships they state, and what an upload did."""

from __future__ import annotations

from pydantic import Field

from api.schemas import EdgeOut, NodeOut, Out, Page
from graph.types import DocumentInfo, Mention


class DocumentOut(Out):
    id: str
    doc_id: str
    source: str
    year: int | None = None
    extractor: str | None = None
    ingested_at: str | None = None
    entities: int = 0
    has_text: bool = Field(default=False, description="Whether the case text is kept.")

    @classmethod
    def of(cls, d: DocumentInfo, *, has_text: bool = False) -> DocumentOut:
        return cls(**d.model_dump(), has_text=has_text)


class DocumentPage(Page[DocumentOut]):
    pass


class MentionOut(Out):
    node: NodeOut
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, m: Mention) -> MentionOut:
        return cls(node=NodeOut.of(m.node), start=m.start, end=m.end, text=m.text)


class DocumentDetailOut(Out):
    """A document, its text when kept, every mention in text order, and the relationships it
    states (with their evidence sentences)."""

    document: DocumentOut
    text: str | None = None
    mentions: list[MentionOut]
    relationships: list[EdgeOut]


class UploadOut(Out):
    documents: list[str] = Field(description="Doc ids of the records read from the upload.")
    added: int
    updated: int
    unchanged: int
    same_as_proposed: int
    texts_kept: int
    errors: list[str] = Field(description="Records refused, each with where and why.")
