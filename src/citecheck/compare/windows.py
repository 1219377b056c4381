"""Cutting a page into evidence windows and a claim into sub-claims.

A window is one to three consecutive sentences of the page, kept with its
character span in the stored page text so the report can point at it. A claim
that joins several facts ("... ، كما ..." / "..., and ...") is split into
sub-claims, each scored on its own, so a page that backs only one of them is
labelled `partial` rather than all-or-nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citecheck.models import Span

MAX_WINDOW_SENTENCES = 3
"""Evidence often spans a sentence and its follow-up; three covers nearly all of it."""
MIN_SUBCLAIM_WORDS = 4
"""A part shorter than this is a fragment, not a fact of its own."""

_SENTENCE_END = re.compile(r"(?<=[.!?؟。])\s+|\n\s*")
_CLAIM_JOINS = re.compile(
    r"\s*[؛;]\s*|\s*،?\s+(?:كما|فيما|بينما|في حين)\s+|,\s+(?:and|while|whereas)\s+|\s+and also\s+"
)


@dataclass(frozen=True, slots=True)
class Window:
    """One to three consecutive sentences of a page, with their span in the page text."""

    text: str
    span: Span
    first: int
    """Index of the window's first sentence."""
    size: int


def sentences(text: str) -> list[tuple[str, Span]]:
    """Split text into sentences, each with its span in `text` (blank pieces dropped)."""
    found: list[tuple[str, Span]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        _add_piece(found, text, start, match.start())
        start = match.end()
    _add_piece(found, text, start, len(text))
    return found


def _add_piece(found: list[tuple[str, Span]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        found.append((stripped, Span(start + lead, start + lead + len(stripped))))


def windows(text: str, max_size: int = MAX_WINDOW_SENTENCES) -> list[Window]:
    """Return every run of 1..max_size consecutive sentences of `text` as a window."""
    parts = sentences(text)
    result: list[Window] = []
    for first in range(len(parts)):
        for size in range(1, max_size + 1):
            if first + size > len(parts):
                break
            span = Span(parts[first][1].start, parts[first + size - 1][1].end)
            result.append(Window(text[span.start : span.end], span, first, size))
    return result


def split_claim(claim: str) -> list[str]:
    """Split a claim joining several facts into sub-claims; short fragments stay joined."""
    parts = [part.strip(" .،,") for part in _CLAIM_JOINS.split(claim)]
    kept: list[str] = []
    for part in parts:
        if len(part.split()) >= MIN_SUBCLAIM_WORDS or not kept:
            kept.append(part)
        else:
            kept[-1] = f"{kept[-1]} {part}"
    return [part for part in kept if part] or [claim]
