"""Write small real PDFs for tests: lines of Helvetica text and URI link annotations.

Built with pypdf (already a dependency); each line is drawn with `Tj` and `T*`, so
pypdf's text layer gives one line of text per line drawn, as for a typeset page
whose reference list wraps long URLs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pypdf import PdfWriter
from pypdf.annotations import Link
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

LEADING = 14
TOP = 720


def _escaped(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _font(writer: PdfWriter) -> DictionaryObject:
    helvetica = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    return DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(helvetica)})}
    )


def write_pdf(path: Path, lines: Sequence[str], links: Sequence[tuple[int, str]] = ()) -> None:
    """Write a one-page PDF: `lines` top to bottom; each link (line index, URI) an
    annotation over that line, as a typesetter puts one per line of a wrapped link."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=612, height=792)
    page[NameObject("/Resources")] = _font(writer)
    operators = ["BT", "/F1 10 Tf", f"{LEADING} TL", f"72 {TOP} Td"]
    operators += [f"({_escaped(line)}) Tj T*" for line in lines]
    operators.append("ET")
    content = DecodedStreamObject()
    content.set_data("\n".join(operators).encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(content)
    for line, uri in links:
        bottom = TOP - LEADING * line - 2
        writer.add_annotation(0, Link(rect=(72, bottom, 540, bottom + 12), url=uri))
    with path.open("wb") as handle:
        writer.write(handle)
