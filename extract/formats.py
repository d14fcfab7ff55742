"""Formats: the text inside an HTML page (what a browser shows) and inside a PDF (its text
layer). Plain text and Markdown need nothing."""

from __future__ import annotations

import io
from typing import Final


class FormatError(ValueError):
    """A file whose format holds no text we can read; the message says why."""


_BREAK: Final = "\ue000"  # a private-use character: no text has it, splitlines() keeps it


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def html_text(html: str) -> str:
    """The visible text of an HTML page: scripts, styles and hidden parts dropped, block
    elements on their own lines."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head", "svg", "iframe"]):
        tag.decompose()
    for tag in soup.find_all(hidden=True):
        tag.decompose()
    for tag in soup.find_all(style=True):
        style = str(tag.get("style", "")).replace(" ", "").lower()
        if "display:none" in style or "visibility:hidden" in style:
            tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with(_BREAK)  # kept through the white-space folding below
    blocks = {
        "p", "div", "section", "article", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
        "tr", "table", "blockquote", "pre", "header", "footer", "main", "aside", "dd", "dt",
        "figcaption", "title",
    }
    for tag in soup.find_all(blocks):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    raw = soup.get_text()
    lines = [" ".join(line.split()) for line in raw.splitlines()]
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    text = "\n\n".join(paragraphs) + ("\n" if paragraphs else "")
    return text.replace(f" {_BREAK} ", "\n").replace(_BREAK, "\n")


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF, pages separated by a blank line; `FormatError` saying why when
    there is none to read."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs every recoverable oddity; the one clear error we return is enough.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:  # noqa: BLE001 - any failure here means "we cannot open it"
                raise FormatError("is an encrypted PDF; decrypt it first") from None
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as e:
        raise FormatError(f"is not a readable PDF ({e})") from e
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise FormatError("is a PDF without a text layer (scanned?); run OCR on it first")
    return text + "\n"
