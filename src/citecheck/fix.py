"""Rewriting a document with the suggested replacements for its dead and cut-off sources.

`plan_fixes` turns the results of a scan into `Replacement`s (where, what was
written, what to write instead); `apply_fixes` applies them; `plan_document`
does both for a file on disk and keeps what writing it back needs (encoding,
byte-order mark, line endings), and `write_document` replaces the file
atomically. Only txt, md and html are rewritten: a PDF or docx cannot be edited
in place without damaging it.

Offsets: the loader keeps txt and md as they are and blanks HTML markup without
moving text, with line breaks normalised to `\\n`, so a citation's span indexes
the same decoded text that is rewritten here. An href that does not sit at the
citation's span (HTML link targets) is found by its exact text instead.
"""

from __future__ import annotations

import codecs
import difflib
import html
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from citecheck.errors import InputError
from citecheck.inputs.load import decode_text, document_kind
from citecheck.models import CheckResult, DocKind, Span, Status
from citecheck.safewrite import write_bytes

logger = logging.getLogger(__name__)

REWRITABLE = frozenset({DocKind.TEXT, DocKind.MARKDOWN, DocKind.HTML})
_URL_ENDS = frozenset("\"'<>)] \t\n\u00bb\u201d")
_URL_STARTS = frozenset("\"'<>([ \t\n\u00ab\u201c")
_SENTENCE_ENDS = frozenset(".,;:!?\u060c\u061b")


@dataclass(frozen=True, slots=True)
class Replacement:
    """One edit: the text at `span` (`old`) becomes `new`, and why."""

    span: Span
    old: str
    new: str
    reason: str


@dataclass(frozen=True, slots=True)
class FixPlan:
    """A document, its rewritten text, and how to write it back as it was encoded."""

    path: Path
    original: str
    fixed: str
    replacements: tuple[Replacement, ...]
    encoding: str
    bom: bytes
    newline: str

    @property
    def changed(self) -> bool:
        """Whether any replacement changes the text."""
        return self.fixed != self.original

    def diff(self) -> str:
        """A unified diff of the change, for people to review."""
        lines = difflib.unified_diff(
            self.original.splitlines(keepends=True),
            self.fixed.splitlines(keepends=True),
            fromfile=f"a/{self.path.name}",
            tofile=f"b/{self.path.name}",
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def plan_fixes(document_text: str, results: Sequence[CheckResult]) -> list[Replacement]:
    """Work out the replacements a document's suggestions call for.

    A result with a suggestion is replaced where its citation's span holds the
    URL as written; otherwise every exact occurrence of it is (an HTML href).
    Overlapping or unlocatable citations are skipped, with a log line.

    Args:
        document_text: the decoded text the results' spans index.
        results: the document's results, from a scan or a saved JSON report.

    Returns:
        Non-overlapping replacements, in document order.
    """
    planned: dict[Span, Replacement] = {}
    for result in results:
        for replacement in _replacements(document_text, result):
            planned.setdefault(replacement.span, replacement)
    return _without_overlaps(sorted(planned.values(), key=lambda r: r.span.start))


def apply_fixes(text: str, replacements: Sequence[Replacement]) -> str:
    """Apply non-overlapping replacements to `text`.

    Raises:
        InputError: the text at a span is not what the replacement expects (the
            document changed since it was scanned).
    """
    pieces: list[str] = []
    cursor = 0
    for replacement in sorted(replacements, key=lambda r: r.span.start):
        start, end = replacement.span.start, replacement.span.end
        if start < cursor or text[start:end] != replacement.old:
            raise InputError(f"document changed since the scan: {replacement.old!r} not found")
        pieces += [text[cursor:start], replacement.new]
        cursor = end
    return "".join([*pieces, text[cursor:]])


def plan_document(path: Path, results: Sequence[CheckResult]) -> FixPlan:
    """Read a txt, md or html file and plan its rewrite from its results.

    Raises:
        InputError: unreadable, or a kind that cannot be rewritten (pdf, docx).
    """
    check_rewritable(path)
    data = _read_bytes(path)
    text = decode_text(data, str(path))
    replacements = tuple(plan_fixes(text, results))
    encoding, bom = _encoding_of(data)
    newline = "\r\n" if b"\r\n" in data or "\r\n".encode(encoding) in data else "\n"
    fixed = apply_fixes(text, replacements)
    return FixPlan(path, text, fixed, replacements, encoding, bom, newline)


def check_rewritable(path: Path) -> None:
    """Refuse early a document kind that cannot be rewritten.

    Raises:
        InputError: the file is not txt, md or html.
    """
    if document_kind(path) not in REWRITABLE:
        kinds = "txt, md and html"
        message = f"cannot rewrite {path.suffix or 'these'} files; only {kinds}"
        raise InputError(message, path=str(path))


def write_document(plan: FixPlan) -> None:
    """Replace the file with the fixed text atomically, in its own encoding and line endings.

    Raises:
        InputError: the file cannot be written, or the new text cannot be encoded.
    """
    try:
        payload = plan.bom + plan.fixed.replace("\n", plan.newline).encode(plan.encoding)
    except UnicodeEncodeError as exc:
        raise InputError(
            f"fixed text cannot be written as {plan.encoding}", path=str(plan.path)
        ) from exc
    _atomic_write(plan.path, payload)


def _replacements(text: str, result: CheckResult) -> Iterator[Replacement]:
    suggestion = result.suggestion
    citation = result.citation
    if suggestion is None or not citation.raw or suggestion.url == citation.raw:
        return
    reason = _reason(result)
    span = citation.span
    if text[span.start : span.end] == citation.raw:
        yield Replacement(span, citation.raw, suggestion.url, reason)
        return
    found = list(_occurrences(text, citation.raw))
    if not found:
        logger.warning("%s: cannot find %s to replace", citation.location.path, citation.raw)
    for start, written in found:
        new = html.escape(suggestion.url) if written != citation.raw else suggestion.url
        yield Replacement(Span(start, start + len(written)), written, new, reason)


def _occurrences(text: str, raw: str) -> Iterator[tuple[int, str]]:
    forms = dict.fromkeys((raw, html.escape(raw)))
    for form in forms:
        start = text.find(form)
        while start != -1:
            if _is_whole(text, start, len(form)):
                yield start, form
            start = text.find(form, start + 1)


def _is_whole(text: str, start: int, length: int) -> bool:
    """Whether a match is a whole URL, not part of a longer one (an archive link's tail)."""
    if start > 0 and text[start - 1] not in _URL_STARTS:
        return False
    after = text[start + length : start + length + 2]
    if not after or after[0] in _URL_ENDS:
        return True
    return after[0] in _SENTENCE_ENDS and (len(after) == 1 or after[1].isspace())


def _reason(result: CheckResult) -> str:
    if result.verdict.status is Status.TRUNCATED:
        return "cut-off URL completed from the web archive"
    return f"{result.verdict.status} link replaced by an archived copy"


def _without_overlaps(replacements: list[Replacement]) -> list[Replacement]:
    kept: list[Replacement] = []
    for replacement in replacements:
        if kept and replacement.span.start < kept[-1].span.end:
            logger.warning("skipping an overlapping replacement of %s", replacement.old)
            continue
        kept.append(replacement)
    return kept


def _encoding_of(data: bytes) -> tuple[str, bytes]:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return encoding, bom
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1256", b""
    return "utf-8", b""


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=str(path)) from exc


def _atomic_write(path: Path, payload: bytes) -> None:
    try:
        write_bytes(path, payload)  # a symlinked document keeps its link
    except OSError as exc:
        raise InputError(f"cannot write file: {exc.strerror or exc}", path=str(path)) from exc
