"""A long plain-text or markdown file as a run of pieces, each extracted on its own.

`iter_pieces` cuts the text at blank lines into pieces of `PIECE_CHARS` or so, and
gives each one the end of the piece before it as context (`LOOKBACK_CHARS` of
text or more), so that the citations of each piece (those at or after `since`)
come out exactly as from the whole document, while memory holds one piece at a time:

- no URL, markdown link or source block runs across a blank line; a markdown
  link's `(`, title or `)` can sit across one, so a cut is never made where the
  line before ends with `(` or the line after starts with `)`, `"` or `'`;
- every claim lies within `claims.LOOKBACK_CHARS` before its citation, or in the
  paragraph that holds it (which ends at a blank line, inside the piece);
- footnotes are the exception: a `[1]` marker anywhere in the document changes
  how a numbered line is read, so a document with markers raises `NotStreamable`
  and is read whole.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from citecheck.extract.claims import LOOKBACK_CHARS, has_footnote_marker
from citecheck.inputs.load import NotStreamable, document_kind, iter_text_pieces, line_starts
from citecheck.models import DocKind, Document

logger = logging.getLogger(__name__)

PIECE_CHARS = 128 * 1024
"""Roughly how much text each piece holds besides its context (measured: larger
pieces are no faster, and hold more memory)."""
_BLANK_RUN = re.compile(r"\s*\n[^\S\n]*\n\s*")
"""White space holding a blank line: the only place a piece may end."""
_NOT_AFTER = ")\"'"
_NOT_BEFORE = "("


class Piece(NamedTuple):
    """Part of a document: its own text after `since`, with context before it.

    `document.text` is context + own text; its citations at or after `since` are
    the piece's own (`extract.iter_citations(piece.document, since=piece.since)`).
    """

    document: Document
    since: int

    @property
    def line_base(self) -> int:
        """The number of source lines before the piece's text."""
        return self.document.line_base


def is_streamable(path: Path) -> bool:
    """Whether `iter_pieces` may be tried on a file (plain text or markdown)."""
    return document_kind(path) in (DocKind.TEXT, DocKind.MARKDOWN)


def iter_pieces(path: Path, *, piece_chars: int = PIECE_CHARS) -> Iterator[Piece]:
    """Yield a text or markdown file as pieces whose citations equal the whole file's.

    Args:
        path: a `.txt` / `.md` file (see `is_streamable`).
        piece_chars: about how much text each piece holds besides its context
            (at least `LOOKBACK_CHARS`).

    Yields:
        The pieces, in order; together their own citations are the document's.

    Raises:
        NotStreamable: the file must be read whole (not plain UTF-8, or it has
            footnote markers); pieces already yielded are to be dropped.
    """
    kind = document_kind(path) or DocKind.TEXT
    piece_chars = max(piece_chars, LOOKBACK_CHARS)
    buffer, own, line_base = "", 0, 0  # `own`: where the next piece's own text starts
    for text in iter_text_pieces(path):
        buffer += text
        while (cut := _next_cut(buffer, own + piece_chars)) is not None:
            yield _piece(path, kind, buffer[:cut], own, line_base)
            keep = _cut(buffer, own, cut - LOOKBACK_CHARS)
            keep = own if keep is None else keep  # the whole piece as context
            line_base += buffer.count("\n", 0, keep)
            buffer, own = buffer[keep:], cut - keep
    if buffer:
        yield _piece(path, kind, buffer, own, line_base)


def _piece(path: Path, kind: DocKind, text: str, since: int, line_base: int) -> Piece:
    if has_footnote_marker(text, since):
        raise NotStreamable(path)  # markers tie lines across the whole document
    return Piece(Document(str(path), kind, text, line_starts(text), line_base=line_base), since)


def _next_cut(text: str, low: int) -> int | None:
    """Return the first place at or after `low` where a piece may end, or None."""
    at = low
    while (blank := text.find("\n\n", at)) >= 0:
        cut = _cut_at(text, blank)
        if cut is not None and cut >= low:
            return cut
        at = blank + 2
    return None


def _cut(text: str, low: int, high: int) -> int | None:
    """Return the last place in [low, high] where a piece may end, or None."""
    end = high
    while (blank := text.rfind("\n\n", low, end)) >= 0:
        cut = _cut_at(text, blank)
        if cut is not None and low <= cut <= high:
            return cut
        end = blank + 1
    return None


def _cut_at(text: str, blank: int) -> int | None:
    """Return where a piece may end at the blank line at `blank`, or None.

    It is the start of the line after the blank line(s), where nothing of the text
    around it (a URL, a link, a sentence's claim) reaches across.
    """
    run = _BLANK_RUN.match(text, _run_start(text, blank))
    assert run is not None  # it holds `blank`
    if run.end() == len(text) or text[run.end()] in _NOT_AFTER:
        return None  # the white space may go on in the next piece, or `)` may close a link
    if text[run.start() - 1 : run.start()] == _NOT_BEFORE:
        return None
    return text.rfind("\n", 0, run.end()) + 1


def _run_start(text: str, at: int) -> int:
    while at > 0 and text[at - 1].isspace():
        at -= 1
    return at
