"""`citecheck extract PATH...`: list every citation and its claims, without fetching."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from citecheck.cli.app import app
from citecheck.cli.common import exits_cleanly, stderr_console
from citecheck.collect import collect
from citecheck.config import Settings
from citecheck.extract import display_url, extract_citations
from citecheck.models import Citation, Document
from citecheck.serialize import extract_summary, iter_extract_json

logger = logging.getLogger(__name__)

Found = list[tuple[Document, list[Citation]]]


class ExtractFormat(StrEnum):
    """What `citecheck extract` prints on stdout."""

    TEXT = "text"
    JSON = "json"


_HELP = """List every cited URL and the claims it backs, without touching the network.

PATH may be files or folders (searched for .txt .md .markdown .html .htm .pdf .docx).

Exit codes: 0 done; 2 bad input (missing path, nothing supported, binary, empty,
badly encoded or corrupt file, a file over 64 MiB) or bad usage.
"""


@app.command("extract", help=_HELP)
@exits_cleanly
def extract_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders to read.", show_default=False)
    ],
    output_format: Annotated[
        ExtractFormat, typer.Option("--format", "-f", help="Output format on stdout.")
    ] = ExtractFormat.TEXT,
) -> None:
    """List every cited URL and the claims it backs."""
    found: Found = [(doc, extract_citations(doc)) for doc in collect(paths, Settings())]
    if output_format is ExtractFormat.JSON:
        # streamed and compact: bounded memory, and json's C encoder (no indent) is 4x faster
        for piece in iter_extract_json(found, datetime.now(UTC)):
            sys.stdout.write(piece)
    else:
        _print_text(found, sys.stdout.write)
    _print_summary(found)


def _print_text(found: Found, write: Callable[[str], object]) -> None:
    """Write a plain list (rich adds nothing here, and is slow over thousands of lines)."""
    for document, citations in found:
        write(f"{document.path}: {len(citations)} citations\n")
        for citation in citations:
            write(_text_line(citation))
            for claim in citation.claims[:_CLAIMS_SHOWN]:
                write(f"      « {_shorten(claim.text)} » (line {claim.location.line})\n")
            if len(citation.claims) > _CLAIMS_SHOWN:
                write(f"      … {len(citation.claims) - _CLAIMS_SHOWN} more claims\n")


_CLAIMS_SHOWN = 3


def _text_line(citation: Citation) -> str:
    defects = f" [{', '.join(citation.defects)}]" if citation.defects else ""
    place = f"{citation.location.line}:{citation.location.column}"
    repair = f" → {display_url(citation.repaired_url)}" if citation.repaired_url else ""
    return f"  {place:>8} {citation.style:<12} {citation.display_url}{defects}{repair}\n"


def _shorten(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _print_summary(found: Found) -> None:
    summary = extract_summary(found)
    defects = ", ".join(f"{count} {name}" for name, count in summary["by_defect"].items())
    stderr_console().print(
        f"{summary['citations']} citations ({summary['unique_urls']} unique URLs) in"
        f" {summary['documents']} document{'' if summary['documents'] == 1 else 's'}"
        + (f"; {defects}" if defects else ""),
        markup=False,
    )
