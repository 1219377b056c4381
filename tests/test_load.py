"""load: every supported format gives text, links and a way back to line:column."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from citecheck.errors import InputError
from citecheck.extract import extract_citations
from citecheck.inputs.load import (
    MAX_INPUT_BYTES,
    NotStreamable,
    decode_text,
    iter_text_pieces,
    load_document,
)
from citecheck.models import CitationStyle, DocKind

DOCS = Path(__file__).parent / "data" / "docs"
ARABIC_URL = "https://example.com/news/%D9%84%D9%8A%D8%A8%D9%8A%D8%A7"


def test_text_keeps_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("سطر أول\r\nسطر ثانٍ فيه https://example.com/x\r\n", encoding="utf-8")
    document = load_document(path)
    assert document.kind is DocKind.TEXT
    assert "\r" not in document.text
    at = document.text.index("https")
    assert (document.location(at).line, document.location(at).column) == (2, 14)


@pytest.mark.parametrize("name", ["cp1256.txt", "utf16.txt"])
def test_windows_1256_and_utf16_with_bom_are_decoded(name: str) -> None:
    document = load_document(DOCS / name)
    assert document.text.startswith("قالت الوكالة")
    assert [c.url for c in extract_citations(document)] == [ARABIC_URL]


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes(codecs.BOM_UTF8 + "# عنوان\n".encode())
    assert load_document(path).text == "# عنوان\n"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("binary.txt", "binary file"),
        ("latin1.txt", "not valid UTF-8"),
        ("corrupt.pdf", "corrupt or unreadable PDF"),
        ("corrupt.docx", "corrupt or unreadable docx"),
    ],
)
def test_bad_files_raise_one_line_input_errors(name: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        load_document(DOCS / name)
    assert "\n" not in str(caught.value)
    assert caught.value.path == str(DOCS / name)


def test_empty_missing_unsupported_and_oversized(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "big.txt").write_text("x" * 2048)
    with pytest.raises(InputError, match="empty"):
        load_document(tmp_path / "empty.txt")
    with pytest.raises(InputError, match="cannot read"):
        load_document(tmp_path / "missing.txt")
    with pytest.raises(InputError, match=r"unsupported file type '\.exe'"):
        load_document(tmp_path / "tool.exe")
    with pytest.raises(InputError, match="over the 0 MiB limit"):
        load_document(tmp_path / "big.txt", max_bytes=1024)
    assert MAX_INPUT_BYTES == 64 * 2**20


def test_invalid_utf16_after_bom_is_refused() -> None:
    with pytest.raises(InputError, match="after its byte-order mark"):
        decode_text(codecs.BOM_UTF16_LE + b"\x00\xd8", "x.txt")


HTML = """<!doctype html>
<html><head><title>تقرير</title><style>p { color: red }</style></head>
<body>
<p>قالت <a href="https://example.com/a?x=1&amp;y=2">الوكالة</a> إن الهجوم فشل.</p>
<p>رابط ظاهر: <a href="https://example.com/shown">https://example.com/shown</a>.</p>
<!-- https://example.com/in-a-comment -->
<p>نص عادي فيه https://example.com/plain&amp;z=3 أيضًا. <a href="mailto:a@example.com">بريد</a>
<a href="javascript:void(0)">زر</a></p>
</body></html>
"""


def test_html_text_links_and_positions(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    document = load_document(path)
    assert "<p>" not in document.text
    assert "color" not in document.text
    assert len(document.text) == len(HTML)  # markup blanked in place: same offsets
    citations = extract_citations(document)
    assert [(c.url, c.style, c.location.line) for c in citations] == [
        ("https://example.com/a?x=1&y=2", CitationStyle.LINK_TEXT, 4),
        ("https://example.com/shown", CitationStyle.INLINE, 5),
        ("https://example.com/plain&z=3", CitationStyle.INLINE, 7),
    ]
    first = citations[0]
    assert first.link_text == "الوكالة"
    assert first.location.column == HTML.splitlines()[3].index("الوكالة") + 1
    assert [claim.text for claim in first.claims] == ["قالت الوكالة إن الهجوم فشل."]


def test_pdf_text_layer_and_link_annotation() -> None:
    document = load_document(DOCS / "article.pdf")
    assert document.kind is DocKind.PDF
    assert "The attack failed in weeks." in document.text
    citations = extract_citations(document)
    assert sorted(c.url for c in citations) == [
        "https://example.com/annotated",
        "https://example.com/pdf-text",
    ]
    shown = next(c for c in citations if c.url.endswith("pdf-text"))
    assert shown.location.line == 3


def test_docx_text_and_hyperlinks() -> None:
    document = load_document(DOCS / "article.docx")
    assert document.kind is DocKind.DOCX
    linked, visible = extract_citations(document)
    assert (linked.url, linked.style, linked.link_text) == (
        "https://example.com/docx-link",
        CitationStyle.LINK_TEXT,
        "وكالة الأنباء",
    )
    assert linked.location.line == 2
    assert [claim.text for claim in linked.claims] == ["ذكرت وكالة الأنباء أن الهجوم فشل."]
    assert (visible.url, visible.location.line) == ("https://example.com/visible", 3)


def test_html_anchor_left_open_runs_to_the_end(tmp_path: Path) -> None:
    path = tmp_path / "open.htm"
    path.write_text('<p>انظر <a href="https://example.com/open">المصدر', encoding="utf-8")
    (link,) = load_document(path).links
    assert (link.target, link.anchor_text) == ("https://example.com/open", "المصدر")


@pytest.mark.parametrize("piece_bytes", [1, 2, 3, 7, 4096])
def test_text_pieces_join_to_the_decoded_text(tmp_path: Path, piece_bytes: int) -> None:
    path = tmp_path / "a.txt"
    data = "سطر\r\nثانٍ\rثالث https://example.com/%D8%A7\r\n\r\n".encode() * 50
    path.write_bytes(data)
    pieces = list(iter_text_pieces(path, piece_bytes=piece_bytes))
    assert len(pieces) > 1
    assert "".join(pieces) == decode_text(data)


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + b"text",
        "نص".encode("utf-16"),
        "نص عربي".encode("cp1256"),
        b"\x00\x01binary",
        b" \n\t\n",
        b"valid at first " * 100 + b"\xff",
        b"cut off at the end \xd8",
        b"",
    ],
)
def test_text_pieces_leave_anything_but_plain_utf8_to_load_document(
    tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    with pytest.raises(NotStreamable):
        list(iter_text_pieces(path, piece_bytes=64))
    with pytest.raises(NotStreamable):
        list(iter_text_pieces(tmp_path / "missing.txt"))
