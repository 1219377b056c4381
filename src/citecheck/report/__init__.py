"""Reports: one renderer per format, all reading the same `Report`.

`render(report, fmt)` turns a run into text in any `Format`; `write_html_report`
writes the self-contained HTML file an editor opens in the morning. Each format
lives in its own module exposing `render(report, *, fail_on=None) -> str`, and
`RENDERERS` maps every `Format` to one (a test keeps it exhaustive). Formats that
can also be written a piece at a time (`STREAMERS`) are, by `render_chunks`, so
the report of a big run is never one string in memory.

A renderer's module is imported when its format is first asked for: importing
this package (as `citecheck extract` does, for `report.serialize`) loads neither
jinja2 nor rich, and `--format json` never loads the HTML template engine.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from citecheck.errors import ReportError
from citecheck.redact import redact_text
from citecheck.safewrite import write_chunks

if TYPE_CHECKING:
    from citecheck.models import Report
    from citecheck.report._common import FailOn

logger = logging.getLogger(__name__)

LATEST_HTML = "latest.html"


class Format(StrEnum):
    """The output formats of `--format`."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"
    JUNIT = "junit"
    MARKDOWN = "markdown"
    HTML = "html"


class Renderer(Protocol):
    """Turns a Report into the text of one format."""

    def __call__(self, report: Report, *, fail_on: FailOn | None = None) -> str:
        """Render `report`; `fail_on` names what counts as a finding (None: the default)."""
        ...


FunctionT = TypeVar("FunctionT")


class _ByModule(Mapping[Format, FunctionT], Generic[FunctionT]):
    """A registry of one function per format, each looked up in its format's module
    (`citecheck.report.<format>`), which is imported the first time it is asked for."""

    def __init__(self, formats: Iterable[Format], function: str) -> None:
        self._formats = tuple(formats)
        self._function = function

    def __getitem__(self, fmt: Format) -> FunctionT:
        if fmt not in self._formats:
            raise KeyError(fmt)
        module = importlib.import_module(f"{__name__}.{Format(fmt).value}")
        found: FunctionT = getattr(module, self._function)
        return found

    def __iter__(self) -> Iterator[Format]:
        return iter(self._formats)

    def __len__(self) -> int:
        return len(self._formats)


RENDERERS: Mapping[Format, Renderer] = _ByModule(Format, "render")


class Streamer(Protocol):
    """Turns a Report into the text of one format, piece by piece."""

    def __call__(self, report: Report, *, fail_on: FailOn | None = None) -> Iterator[str]:
        """The text of `render`, in pieces whose boundaries never fall inside a URL."""
        ...


STREAMERS: Mapping[Format, Streamer] = _ByModule(
    (Format.JSON, Format.HTML, Format.SARIF, Format.JUNIT, Format.GITHUB), "render_chunks"
)
PIECE_CHARS = 64 * 1024
"""Streamed text is handed over in pieces of about this many characters."""


def render(report: Report, fmt: Format, *, fail_on: FailOn | None = None) -> str:
    """Render a report in one format.

    Args:
        report: The run to render.
        fmt: The output format.
        fail_on: Statuses and support labels that count as findings
            (default `config.DEFAULT_FAIL_ON`).

    Returns:
        The rendered text, with the password of every URL in it redacted.
    """
    return redact_text(RENDERERS[Format(fmt)](report, fail_on=fail_on))


def render_chunks(report: Report, fmt: Format, *, fail_on: FailOn | None = None) -> Iterator[str]:
    """The text of `render`, built and handed over piece by piece where the format allows.

    Args:
        report: The run to render.
        fmt: The output format.
        fail_on: Statuses and support labels that count as findings.

    Yields:
        Pieces of the rendered text, each with its URLs' passwords redacted.
    """
    streamer = STREAMERS.get(Format(fmt))
    if streamer is None:
        yield render(report, fmt, fail_on=fail_on)
        return
    for piece in _cut_at_whitespace(streamer(report, fail_on=fail_on)):
        yield redact_text(piece)


def _cut_at_whitespace(chunks: Iterable[str], size: int = PIECE_CHARS) -> Iterator[str]:
    """The chunks regrouped into pieces of about `size` characters that each end with
    whitespace: a password in a URL never spans whitespace, so redacting the pieces one
    by one redacts exactly what redacting the whole text would."""
    held: list[str] = []
    length = 0
    for chunk in chunks:
        held.append(chunk)
        length += len(chunk)
        if length >= size:
            text = "".join(held)
            cut = max(text.rfind(" "), text.rfind("\n")) + 1
            if cut:
                yield text[:cut]
            held, length = [text[cut:]], len(text) - cut
    if length:
        yield "".join(held)


def write_html_report(
    report: Report,
    reports_dir: Path,
    *,
    now: datetime | None = None,
    fail_on: FailOn | None = None,
) -> Path:
    """Write `citecheck-<UTC timestamp>.html` and update `latest.html` next to it.

    Both files are written to a temporary file first, as the report is rendered, and
    moved into place, so a killed run never leaves a half-written report.

    Args:
        report: The run to render.
        reports_dir: The folder to write into (created if missing).
        now: The timestamp for the file name (default: the current UTC time).
        fail_on: Statuses and support labels that count as findings.

    Returns:
        The path of the timestamped report.

    Raises:
        ReportError: The folder or a file cannot be written.
    """
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = reports_dir / f"citecheck-{stamp}.html"
    write_pieces(target, render_chunks(report, Format.HTML, fail_on=fail_on))
    write_pieces(reports_dir / LATEST_HTML, _read_pieces(target))
    logger.info("wrote HTML report %s", target)
    return target


def write_atomically(path: Path, content: str) -> None:
    """Write UTF-8 text through a temporary file in the same folder and `os.replace`.

    A path that is not a regular file (`/dev/null`, a pipe, a socket) is written
    into in place and a symbolic link's target is replaced (`citecheck.safewrite`).

    Raises:
        ReportError: The folder or the file cannot be written.
    """
    write_pieces(path, (content,))


def _read_pieces(path: Path) -> Iterator[str]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            while piece := handle.read(PIECE_CHARS):
                yield piece
    except OSError as exc:
        raise ReportError(f"cannot read report back: {exc}", path=str(path)) from exc


def write_pieces(path: Path, pieces: Iterable[str]) -> None:
    """`write_atomically` for text made piece by piece (`render_chunks`), written as it comes.

    Raises:
        ReportError: The folder or the file cannot be written.
    """
    try:
        write_chunks(path, (piece.encode("utf-8") for piece in pieces))
    except OSError as exc:
        raise ReportError(f"cannot write report: {exc}", path=str(path)) from exc


__all__ = [
    "LATEST_HTML",
    "RENDERERS",
    "STREAMERS",
    "Format",
    "Renderer",
    "Streamer",
    "render",
    "render_chunks",
    "write_atomically",
    "write_html_report",
    "write_pieces",
]
