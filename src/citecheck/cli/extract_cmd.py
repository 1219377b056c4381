"""`citecheck extract PATH...`: list every citation and its claims, without fetching."""

from __future__ import annotations

import codecs
import functools
import logging
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, BinaryIO

import typer

from citecheck.cli.app import app
from citecheck.cli.common import exits_cleanly, print_skipped, visible
from citecheck.cli.options import CONFIG_FILE_OPTION, config_options, load_configuration
from citecheck.config import Settings
from citecheck.errors import InputError
from citecheck.extract import display_url, extract_citations
from citecheck.inputs.collect import collect, input_files, is_stdin, nothing_read
from citecheck.inputs.relative import resolve_relative_links
from citecheck.models import Citation, Document, SkippedInput
from citecheck.report.serialize import (
    EXTRACT_JSON_TAIL,
    extract_json_head,
    extract_summary,
    write_extract_documents,
)

logger = logging.getLogger(__name__)

Write = Callable[[str], object]


class ExtractFormat(StrEnum):
    """What `citecheck extract` prints on stdout."""

    TEXT = "text"
    JSON = "json"


_HELP = """List every cited URL and the claims it backs, without touching the network.

PATH may be files or folders (searched for .txt .md .markdown .html .htm .pdf .docx).

A file that cannot be read (binary, empty, badly encoded, corrupt, over 64 MiB, not
a regular file) is named on stderr and in the JSON summary, and left out; the others
are read. Control characters from a document are shown escaped (\\x1b).

Exit codes: 0 done (also when the reader of the output closes the pipe early); 2 bad
input (a missing path, nothing supported, no file that could be read) or bad usage.
"""


EXTRACT_OPTIONS = ("include-path", "exclude-path", "base-url", "root-dir")
"""The config options `extract` takes as flags; it reads the same config file as `scan`."""


@app.command("extract", help=_HELP)
@exits_cleanly
@config_options(*EXTRACT_OPTIONS)
def extract_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders to read.", show_default=False)
    ],
    output_format: Annotated[
        ExtractFormat, typer.Option("--format", "-f", help="Output format on stdout.")
    ] = ExtractFormat.TEXT,
    config_file: Annotated[Path | None, CONFIG_FILE_OPTION] = None,
    **options: Any,
) -> None:
    """List every cited URL and the claims it backs."""
    _show_warnings()  # first: config deprecation warnings are shown too
    settings = load_configuration(options, config_file, paths).settings
    skipped: list[SkippedInput] = []  # unreadable files: reported, the others read
    if output_format is ExtractFormat.JSON:
        summary = _write_json(paths, settings, skipped)
    else:
        documents = collect(paths, settings, skipped=skipped)
        found = [(doc, extract_citations(doc)) for doc in documents]
        _print_text(found, sys.stdout.write)
        summary = extract_summary(found)
    sys.stdout.flush()  # a closed pipe shows here, before the summary on stderr
    print_skipped(_warn, skipped)
    _print_summary(summary)


def _warn(line: str) -> None:
    sys.stderr.write(line + "\n")


class _WarningFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return visible(f"citecheck: warning: {record.getMessage()}")


def _show_warnings() -> None:
    """Send the library's warnings (a stray byte read as U+FFFD...) to stderr, plainly."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_WarningFormatter())
    handler.setLevel(logging.WARNING)
    library = logging.getLogger("citecheck")
    library.handlers[:] = [handler]
    library.setLevel(logging.WARNING)


def _write_json(
    paths: list[Path], settings: Settings, skipped: list[SkippedInput]
) -> dict[str, Any]:
    """Write the JSON, its documents spooled to a temporary file until the summary
    that comes first is known: memory holds a piece of one file, not all output."""
    if any(is_stdin(path) for path in paths):
        raise InputError("extract reads standard input ('-') with --format text; scan does too")
    files = input_files(paths, settings)
    if not files:
        raise InputError("no input given")
    # relative links resolve as `scan` resolves them (the warning without a base is text-only)
    prepare = functools.partial(resolve_relative_links, settings=settings)
    with tempfile.TemporaryFile() as spool:
        summary = write_extract_documents(
            files, spool, skipped, prepare=prepare if settings.base_url else None
        )
        if skipped and not summary["documents"]:
            raise nothing_read(skipped)
        if skipped:
            summary["skipped_inputs"] = [{"path": s.path, "reason": s.reason} for s in skipped]
        sys.stdout.write(extract_json_head(summary, datetime.now(UTC)))
        spool.seek(0)
        _copy_to_stdout(spool)
    sys.stdout.write(EXTRACT_JSON_TAIL)
    return summary


def _copy_to_stdout(spool: BinaryIO) -> None:
    """Copy UTF-8 bytes to stdout: as they are where stdout is UTF-8, else as text."""
    encoding = codecs.lookup(getattr(sys.stdout, "encoding", None) or "ascii").name
    binary = getattr(sys.stdout, "buffer", None) if encoding == "utf-8" else None
    if binary is not None:
        sys.stdout.flush()
        shutil.copyfileobj(spool, binary, _COPY_BYTES)
        binary.flush()
        return
    decoder = codecs.getincrementaldecoder("utf-8")()
    while block := spool.read(_COPY_BYTES):
        sys.stdout.write(decoder.decode(block))


_COPY_BYTES = 1024 * 1024


def _print_text(found: Iterable[tuple[Document, list[Citation]]], write: Write) -> None:
    """Write a plain list (rich adds nothing here, and is slow over thousands of lines).

    Whatever comes from a document (its path, claims, URLs) goes through `visible`:
    an escape sequence in a document never reaches the terminal raw.
    """
    for document, citations in found:
        write(f"{visible(document.path)}: {len(citations)} citations\n")
        for citation in citations:
            write(_text_line(citation))
            for claim in citation.claims[:_CLAIMS_SHOWN]:
                claim_text = visible(_shorten(claim.text))
                write(f"      « {claim_text} » (line {claim.location.line})\n")
            if len(citation.claims) > _CLAIMS_SHOWN:
                write(f"      … {len(citation.claims) - _CLAIMS_SHOWN} more claims\n")


_CLAIMS_SHOWN = 3


def _text_line(citation: Citation) -> str:
    defects = f" [{', '.join(citation.defects)}]" if citation.defects else ""
    place = f"{citation.location.line}:{citation.location.column}"
    repair = f" → {display_url(citation.repaired_url)}" if citation.repaired_url else ""
    source = f" ({citation.source_name})" if citation.source_name else ""
    line = f"{citation.style:<12} {citation.display_url}{source}{defects}{repair}"
    return f"  {place:>8} {visible(line)}\n"


def _shorten(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _print_summary(summary: dict[str, Any]) -> None:
    defects = ", ".join(f"{count} {name}" for name, count in summary["by_defect"].items())
    # plain text needs no rich console (whose import alone costs a tenth of a small run)
    sys.stderr.write(
        f"{_plural(summary['citations'], 'citation')}"
        f" ({_plural(summary['unique_urls'], 'unique URL')}) in"
        f" {_plural(summary['documents'], 'document')}" + (f"; {defects}" if defects else "") + "\n"
    )
