"""Sending rendered reports to stdout or to files (written atomically by the report package)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import UTC
from pathlib import Path

from citecheck.config import Settings
from citecheck.errors import ReportError
from citecheck.models import Report

EXTENSIONS = {
    "text": "txt",
    "json": "json",
    "sarif": "sarif",
    "github": "annotations.txt",
    "junit": "junit.xml",
    "markdown": "md",
    "html": "html",
}
ALL_FORMATS = ("json", "html", "junit", "sarif", "markdown")


def expand_formats(names: list[str]) -> list[str]:
    """Resolve 'all', reject unknown names, and drop repeats (keeping order)."""
    expanded: list[str] = []
    for name in names:
        for item in ALL_FORMATS if name == "all" else (name,):
            if item not in EXTENSIONS:
                choices = ", ".join([*EXTENSIONS, "all"])
                raise ReportError(f"unknown format {item!r}; choose from {choices}")
            if item not in expanded:
                expanded.append(item)
    return expanded


def write_outputs(report: Report, names: list[str], output: str | None, settings: Settings) -> None:
    """Render the report in each format and send it, as it is rendered, to stdout or files."""
    from citecheck.report import Format, render_chunks

    formats = expand_formats(names)
    if len(formats) == 1:
        write_pieces(render_chunks(report, Format(formats[0])), output)
        return
    base = Path(output) if output and output != "-" else _default_base(settings, report)
    for name in formats:
        target = str(base.with_name(f"{base.name}.{EXTENSIONS[name]}"))
        write_pieces(render_chunks(report, Format(name)), target)


def _default_base(settings: Settings, report: Report) -> Path:
    """reports/citecheck-<run start>: one stamp per run, shared with the HTML report."""
    stamp = report.started_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.reports_dir) / f"citecheck-{stamp}"


def write_text(text: str, output: str | None) -> None:
    """Write to stdout when output is None or '-', else atomically to the file."""
    write_pieces((text,), output)


def write_pieces(pieces: Iterable[str], output: str | None) -> None:
    """`write_text` for text made piece by piece: each piece is written as it comes."""
    if output is None or output == "-":
        last = ""
        for piece in pieces:
            sys.stdout.write(piece)
            last = piece or last
        if not last.endswith("\n"):
            sys.stdout.write("\n")
        sys.stdout.flush()
        return
    from citecheck.report import write_pieces as write_file

    write_file(Path(output), pieces)
