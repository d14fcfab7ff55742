"""Readers: every format, encoding and kind of garbage, on real files in a temporary folder."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from extract.api import extract_texts, split_chunks
from extract.readers import ReadError, Text, decode, read_bytes, read_file, read_paths
from extract.settings import ExtractSettings

SENTENCE = "Zhang Mou ran the Feiyu Internet Cafe in Xuzhou."


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a real text layer, written by hand (offsets included)."""
    text = " ".join(f"({line}) Tj 0 -14 Td" for line in lines)
    stream = f"BT /F1 12 Tf 72 720 Td {text} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def test_plain_text_and_markdown(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "b.md").write_text(f"# Case\n\n**{SENTENCE}**", encoding="utf-8")
    texts = list(read_paths([str(tmp_path)]))
    assert [t.doc_id for t in texts if isinstance(t, Text)] == ["a", "b"]
    assert all(isinstance(t, Text) and SENTENCE in t.text for t in texts)


def test_html_keeps_only_visible_text(tmp_path: Path) -> None:
    html = ("<html><head><title>T</title><style>p {color: red}</style></head><body>"
            "<script>var x = 'Hidden Company Ltd';</script><h1>Headline</h1>"
            f"<p>{SENTENCE}</p><div hidden>Secret Bureau</div>"
            "<p style='display: none'>Invisible Court</p><p>Second<br>line</p></body></html>")
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    text = read_file(tmp_path / "page.html")
    assert isinstance(text, Text)
    assert SENTENCE in text.text and "Headline" in text.text
    for hidden in ("Hidden Company", "Secret Bureau", "Invisible Court", "color: red"):
        assert hidden not in text.text
    assert "Second\nline" in text.text


def test_pdf_text_layer(tmp_path: Path) -> None:
    (tmp_path / "case.pdf").write_bytes(make_pdf([SENTENCE, "The bureau fined him."]))
    text = read_file(tmp_path / "case.pdf")
    assert isinstance(text, Text), text
    assert "Feiyu Internet Cafe" in text.text and "fined him" in text.text


def test_pdf_without_text_and_broken_pdf(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(make_pdf([]))
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not a pdf at all")
    scan = read_file(tmp_path / "scan.pdf")
    broken = read_file(tmp_path / "broken.pdf")
    assert isinstance(scan, ReadError) and "text layer" in str(scan)
    assert isinstance(broken, ReadError) and "broken.pdf" in str(broken)


@pytest.mark.parametrize(("data", "encoding"), [
    (("\ufeff" + SENTENCE).encode("utf-8"), "utf-8-sig"),
    (SENTENCE.encode("utf-16"), "utf-16"),
    (SENTENCE.encode("utf-16-be").join([b"\xfe\xff", b""]), "utf-16"),
    (SENTENCE.encode("utf-32"), "utf-32"),
    ("Café Müller in Zürich fined the owner.".encode("latin-1"), "cp1252"),
    (("北京市人民检察院对张某提起民事公益诉讼。网吧违规接纳未成年人上网。" * 3).encode("gb18030"),
     "gb18030"),
])
def test_encodings_are_detected(data: bytes, encoding: str) -> None:
    decoded = decode(data, "x.txt")
    assert not isinstance(decoded, ReadError), decoded
    text, found, warnings = decoded
    assert found == encoding
    assert "\ufeff" not in text and "\x00" not in text
    assert warnings == []


def test_mixed_encodings_are_read_with_a_warning() -> None:
    data = "Café run by Zhang Mou. ".encode() + "Second café in Zürich.".encode("latin-1")
    decoded = decode(data, "mixed.txt")
    assert not isinstance(decoded, ReadError)
    text, encoding, warnings = decoded
    assert text == "Café run by Zhang Mou. Second café in Zürich."
    assert encoding == "utf-8+cp1252" and "mixed encodings" in warnings[0]


@pytest.mark.parametrize(("name", "data", "message"), [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\t \n", "empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), "binary"),
    ("noise.txt", bytes(range(256)) * 8, "binary"),
    ("controls.txt", b"\x01\x02\x03\x04abc" * 100, "binary"),
])
def test_garbage_is_reported_by_name(tmp_path: Path, name: str, data: bytes,
                                     message: str) -> None:
    (tmp_path / name).write_bytes(data)
    result = read_file(tmp_path / name)
    assert isinstance(result, ReadError)
    assert name in str(result) and message in str(result)


def test_a_huge_file_is_refused_with_the_setting_to_raise(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:  # 50 MB of text, written in pieces
        line = (SENTENCE + "\n").encode()
        for _ in range(50 * 2**20 // len(line) + 1):
            handle.write(line)
    result = read_file(big)
    assert isinstance(result, ReadError)
    assert "huge.txt" in str(result) and "CASEGRAPH_EXTRACT_MAX_BYTES" in str(result)
    small_limit = read_bytes(b"x" * 2000, "s.txt", ExtractSettings(max_bytes=1000))
    assert isinstance(small_limit, ReadError) and "limit" in str(small_limit)


def test_folders_missing_paths_and_stdin(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.txt").write_text(SENTENCE)
    (tmp_path / ".hidden.txt").write_text(SENTENCE)
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff" + bytes(50))
    (tmp_path / "empty_dir").mkdir()
    results = list(read_paths([str(tmp_path), str(tmp_path / "nope.txt"),
                               str(tmp_path / "empty_dir"), "-"],
                              stdin=io.BytesIO(SENTENCE.encode())))
    texts = [r for r in results if isinstance(r, Text)]
    errors = [str(r) for r in results if isinstance(r, ReadError)]
    assert [t.doc_id for t in texts] == ["deep", "stdin"]
    assert any("nope.txt" in e and "no such file" in e for e in errors)
    assert any("empty_dir" in e for e in errors)


def test_chunks_cut_at_paragraphs_and_cover_the_text() -> None:
    text = "\n\n".join(f"Paragraph {i}. " + "word " * 50 for i in range(40))
    pieces = split_chunks(text, 1000)
    assert len(pieces) > 5
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 1000 for _, piece in pieces)
    assert all(text[offset:offset + len(piece)] == piece for offset, piece in pieces)
    assert all(piece.endswith("\n\n") for _, piece in pieces[:-1])


def test_long_text_in_chunks_keeps_global_offsets(blank_nlp: object) -> None:
    filler = "Nothing of note happened in the town that week. " * 30
    text = "\n\n".join(
        f"{filler}\n\nThe Feiyu Internet Cafe {i} in Xuzhou was run by Zhang Mou."
        for i in range(6))
    record = next(extract_texts([Text("long", "long.txt", text)], model="blank",
                                settings=ExtractSettings(chunk_chars=1500)))
    spans = [m for e in record.entities for m in e.mentions]
    assert len(spans) >= 12
    assert all(text[m.start:m.end] == m.text for m in spans)
    # one entity across chunks: its key is the same in every chunk, so the mentions merge
    cafe = [e for e in record.entities if e.name == "Feiyu Internet Cafe"]
    assert len(cafe) == 1 and len(cafe[0].mentions) == 6
    assert max(m.start for m in cafe[0].mentions) > 5 * len(filler)
