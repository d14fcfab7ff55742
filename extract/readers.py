"""Readers: files, folders and stdin in, decoded document texts out.

Every input becomes either a `Text` (the decoded text whose character offsets the records use)
or a `ReadError` naming the input and what is wrong with it, so one bad file never stops a run.
Formats: plain text and Markdown as they are, HTML as its visible text, PDF as its text layer.
"""

from __future__ import annotations

import codecs
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Final

import charset_normalizer

from extract.formats import FormatError, html_text, looks_like_html, pdf_text
from extract.settings import ExtractSettings
from graph.errors import RecordError

TEXT_SUFFIXES: Final = frozenset({".txt", ".text", ".md", ".markdown"})
HTML_SUFFIXES: Final = frozenset({".html", ".htm", ".xhtml"})
PDF_SUFFIXES: Final = frozenset({".pdf"})
KNOWN_SUFFIXES: Final = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES
STDIN: Final = "-"

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Encodings charset-normalizer may propose that we trust. For anything else (its single-byte
# guesses are often exotic code pages) Western text in Windows-1252 is by far the likelier truth.
_MULTIBYTE: Final = frozenset({
    "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "shift_jis", "cp932", "euc_jp", "euc_kr",
    "cp949", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be",
    "iso2022_jp", "hz",
})
_BINARY_MAGIC: Final = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x7fELF", b"MZ", b"\x1f\x8b",
    b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"Rar!", b"SQLite format 3", b"\x00\x00\x01\x00",
    b"OggS", b"ID3", b"RIFF", b"%!PS",
)
_MAX_CONTROL_SHARE: Final = 0.01


class ReadError(RecordError):
    """An input that could not be turned into text: unreadable, binary, empty or too large."""


@dataclass(frozen=True)
class Text:
    """One decoded document: the text the offsets refer to, and where it came from."""

    doc_id: str
    source: str
    text: str
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = field(default_factory=tuple)


def doc_id_of(source: str) -> str:
    """The record's `doc_id` for an input: the file name without its extension."""
    if source == STDIN:
        return "stdin"
    return Path(source).stem or Path(source).name or "document"


def iter_inputs(paths: Iterable[str]) -> Iterator[str | ReadError]:
    """Expand paths into the files to read, in a stable order. Folders are walked recursively
    for known suffixes (hidden files skipped); a path that does not exist is an error."""
    for raw in paths:
        if raw == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in KNOWN_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                yield ReadError(raw, "folder holds no .txt, .md, .html or .pdf files")
            for p in found:
                yield str(p)
        elif path.exists():
            yield raw
        else:
            yield ReadError(raw, "no such file or folder")


def read_paths(
    paths: Iterable[str], settings: ExtractSettings | None = None, *, stdin: BinaryIO | None = None
) -> Iterator[Text | ReadError]:
    """Every input of `paths` read and decoded, or the reason it could not be."""
    settings = settings or ExtractSettings()
    for item in iter_inputs(paths):
        if isinstance(item, ReadError):
            yield item
        elif item == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield read_bytes(_read_limited(stream, settings.max_bytes, STDIN), STDIN, settings)
        else:
            yield read_file(Path(item), settings, source=item)


def read_file(path: Path, settings: ExtractSettings | None = None, *, source: str = "") -> (
    Text | ReadError
):
    """One file, decoded by its suffix (text, HTML or PDF)."""
    settings = settings or ExtractSettings()
    source = source or str(path)
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            return _too_large(source, size, settings.max_bytes)
        data = path.read_bytes()
    except OSError as e:
        return ReadError(source, f"cannot be read ({e.strerror or e})")
    return read_bytes(data, source, settings)


def read_bytes(data: bytes | ReadError, source: str, settings: ExtractSettings | None = None) -> (
    Text | ReadError
):
    """Bytes of one input turned into a `Text`; the suffix of `source` picks the format."""
    if isinstance(data, ReadError):
        return data
    settings = settings or ExtractSettings()
    if len(data) > settings.max_bytes:
        return _too_large(source, len(data), settings.max_bytes)
    suffix = Path(source).suffix.lower() if source != STDIN else ""
    if suffix in PDF_SUFFIXES or data.startswith(b"%PDF-"):
        try:
            text, encoding, warnings = pdf_text(data), "pdf", list[str]()
        except FormatError as e:
            return ReadError(source, str(e))
    else:
        decoded = decode(data, source)
        if isinstance(decoded, ReadError):
            return decoded
        text, encoding, warnings = decoded
        if suffix in HTML_SUFFIXES or (not suffix and looks_like_html(text)):
            text = html_text(text)
    if not text.strip():
        return ReadError(source, "is empty (no text to extract)")
    return Text(doc_id_of(source), source, text, encoding, tuple(warnings))


def decode(data: bytes, source: str = "<bytes>") -> tuple[str, str, list[str]] | ReadError:
    """Decode bytes to text: byte-order marks first, then strict UTF-8, then a detected
    encoding. A file that is mostly UTF-8 with stray bytes of another encoding (mixed
    encodings) is read with those bytes as Windows-1252 and a warning. Binary data is refused."""
    if not data:
        return ReadError(source, "is empty (0 bytes)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"), encoding, [], source)
    if data.startswith(_BINARY_MAGIC):
        return ReadError(source, "is a binary file, not text")
    try:
        return _checked(data.decode("utf-8"), "utf-8", [], source)
    except UnicodeDecodeError:
        pass
    has_nul = b"\x00" in data
    if not has_nul and _is_mostly_utf8(data):
        text, replaced = _utf8_with_fallback(data)
        warning = (
            f"mixed encodings: {replaced} byte(s) were not valid UTF-8 and were read as "
            "Windows-1252; check those characters"
        )
        return _checked(text, "utf-8+cp1252", [warning], source)
    best = charset_normalizer.from_bytes(data).best()
    if best is not None and best.encoding in _MULTIBYTE:
        return _checked(str(best), best.encoding, [], source)
    if has_nul:
        return ReadError(source, "is a binary file, not text (it contains NUL bytes)")
    return _checked(_cp1252(data), "cp1252", [], source)


def _checked(
    text: str, encoding: str, warnings: list[str], source: str
) -> tuple[str, str, list[str]] | ReadError:
    """Refuse decoded text that is mostly control characters: that is binary data."""
    sample = text[:65536]
    controls = sum(
        1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v"
    )
    if sample and controls / len(sample) > _MAX_CONTROL_SHARE:
        return ReadError(source, f"looks binary, not text ({controls} control characters)")
    return text.replace("\x00", ""), encoding, warnings


def _is_mostly_utf8(data: bytes) -> bool:
    """Whether the bytes hold real multi-byte UTF-8 sequences, so the undecodable rest is a
    second encoding mixed in rather than the whole file being in another encoding."""
    valid = data.decode("utf-8", errors="ignore")
    multibyte = sum(1 for ch in valid if ord(ch) > 0x7F)
    invalid = len(data) - len(valid.encode("utf-8"))
    return multibyte >= 1 and multibyte >= invalid // 4


def _western(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read undecodable bytes as Windows-1252, or Latin-1 for the five
    bytes Windows-1252 leaves undefined (Latin-1 maps every byte)."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start:error.end]
    text = "".join(
        bytes([b]).decode("latin-1") if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
        else bytes([b]).decode("cp1252")
        for b in bad
    )
    return text, error.end


codecs.register_error("casegraph-western", _western)


def _utf8_with_fallback(data: bytes) -> tuple[str, int]:
    text = data.decode("utf-8", errors="casegraph-western")
    valid = len(data.decode("utf-8", errors="ignore").encode("utf-8"))
    return text, len(data) - valid


def _cp1252(data: bytes) -> str:
    return data.decode("cp1252", errors="casegraph-western")


def _read_limited(stream: BinaryIO, limit: int, source: str) -> bytes | ReadError:
    data = stream.read(limit + 1)
    if len(data) > limit:
        return _too_large(source, None, limit)
    return data


def _too_large(source: str, size: int | None, limit: int) -> ReadError:
    have = f" ({size / 2**20:.1f} MiB)" if size is not None else ""
    return ReadError(
        source,
        f"is larger than the {limit / 2**20:.1f} MiB limit{have}; raise "
        "CASEGRAPH_EXTRACT_MAX_BYTES to read it (long texts are processed in chunks)",
    )
