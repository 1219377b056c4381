"""Regenerate the binary and non-UTF-8 test documents in this folder.

Run: .venv/bin/python tests/data/docs/make_docs.py
The PDF is written by hand (one page, Helvetica text and one URI link
annotation), so no PDF-authoring dependency is needed; python-docx writes the docx.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

HERE = Path(__file__).parent
ARABIC = (
    "قالت الوكالة إن الهجوم فشل "
    "https://example.com/news/%D9%84%D9%8A%D8%A8%D9%8A%D8%A7، وأضافت تفاصيل.\n"
)


def pdf_bytes(lines: list[str], uri: str) -> bytes:
    """A one-page PDF with the given Latin lines and one link annotation to `uri`."""
    shown = " 0 -16 Td ".join(f"({line}) Tj" for line in lines)
    stream = f"BT /F1 11 Tf 40 760 Td {shown} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> /Annots [6 0 R] >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Annot /Subtype /Link /Rect [40 700 300 714] /Border [0 0 0]"
        b" /A << /S /URI /URI (" + uri.encode("ascii") + b") >> >>",
    ]
    return assemble_pdf(objects)


def assemble_pdf(objects: list[bytes]) -> bytes:
    """A PDF file of numbered objects (the first is the catalog), with its xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def add_hyperlink(paragraph: docx.text.paragraph.Paragraph, url: str, text: str) -> None:
    """Append a real w:hyperlink (python-docx has no public writer for it)."""
    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    label = OxmlElement("w:t")
    label.text = text
    run.append(label)
    link.append(run)
    paragraph._p.append(link)


def write_docx(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("مقدمة التقرير.")
    paragraph = document.add_paragraph("ذكرت ")
    add_hyperlink(paragraph, "https://example.com/docx-link", "وكالة الأنباء")
    paragraph.add_run(" أن الهجوم فشل.")
    document.add_paragraph("وفي النص رابط ظاهر https://example.com/visible، كما ترى.")
    document.save(str(path))


def main() -> None:
    lines = [
        "Russia and Libya, a short report.",
        "The attack failed in weeks.",
        "See https://example.com/pdf-text for details.",
    ]
    (HERE / "article.pdf").write_bytes(pdf_bytes(lines, "https://example.com/annotated"))
    (HERE / "corrupt.pdf").write_bytes(pdf_bytes(lines, "https://example.com/x")[:300])
    write_docx(HERE / "article.docx")
    (HERE / "corrupt.docx").write_bytes(b"PK\x03\x04 this is not a real zip archive")
    (HERE / "cp1256.txt").write_bytes(ARABIC.encode("cp1256"))
    (HERE / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le"))
    (HERE / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (HERE / "latin1.txt").write_bytes(
        "Caf\xe9 cr\xe8me https://example.com/caf\xe9\n".encode("latin-1")
    )


if __name__ == "__main__":
    main()
