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
MIN_CLAUSE_WORDS = 4
"""A clause shorter than this joins its neighbour: too short to carry a fact."""
MAX_CLAUSE_WORDS = 24
"""Longer clauses (run-on text, lost sentence breaks) are also read in overlapping spans."""

_SENTENCE_END = re.compile(r"(?<=[.!?؟。])\s+|\n\s*")
_ABBREVIATION = re.compile(
    r"(?:^|(?<=[\s(\"'«]))(?:[A-Z\u0621-\u064a]|Dr|Mr|Mrs|Ms|Prof|St|Jr|Sr|Gen|Gov|Sen|Rep"
    r"|Lt|Col|Sgt|Capt|No|vs|U\.S|U\.K|U\.N|e\.g|i\.e)\.\Z"
)
"""A title or an initial before a full stop that ends no sentence: د. (doctor), م.
(engineer), Dr., U.S., John F. Kennedy. Split there, "أشاد وزير التعليم د." would be a
sentence of its own and the minister's name would open the next."""
_ABBREVIATION_CHARS = 5
"""How far back from a full stop an abbreviation can start ("U.S." is four)."""
_CLAUSE_BREAKS = re.compile(r"\s*[،,;؛:]\s+|\s+[-–—]\s+")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+", re.IGNORECASE)
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
        if _after_abbreviation(text, match):
            continue
        _add_piece(found, text, start, match.start())
        start = match.end()
    _add_piece(found, text, start, len(text))
    return found


def _after_abbreviation(text: str, match: re.Match[str]) -> bool:
    """Whether a break is the space after an abbreviation's full stop on the same line."""
    end = match.start()
    if "\n" in match.group() or not end or text[end - 1] != ".":
        return False
    return _ABBREVIATION.search(text, max(0, end - _ABBREVIATION_CHARS - 1), end) is not None


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


def clean_claim(claim: str) -> str:
    """The claim without the URLs a bare citation leaves in it, nor their empty brackets.

    Other spacing is kept: a double space can mark digits lost in extraction.
    """
    if not _URL.search(claim):
        return claim
    text = re.sub(rf"\s*(?:{_URL.pattern})\s*", " ", claim, flags=re.IGNORECASE)
    text = re.sub(r"\s*[(\[]\s*[)\]]", " ", text)
    return text.strip(" .،,:;؛-")


def clauses(sentence: str) -> list[str]:
    """The clauses of a sentence that has several, and spans of a run-on one; else none.

    "The authority said that shipments rose by a fifth, driven by new berths"
    gives the clause that carries the fact; a translated claim is close to that
    clause while the whole sentence dilutes it with the extra one.
    """
    parts: list[str] = []
    for piece in _CLAUSE_BREAKS.split(sentence):
        if parts and len(piece.split()) < MIN_CLAUSE_WORDS:
            parts[-1] = f"{parts[-1]}, {piece}"
        elif piece.strip():
            parts.append(piece)
    if parts and len(parts[0].split()) < MIN_CLAUSE_WORDS and len(parts) > 1:
        parts[:2] = [f"{parts[0]}, {parts[1]}"]
    found = parts if len(parts) > 1 else []
    for part in parts:
        found += _spans(part.split())
    return found


def _spans(words: list[str]) -> list[str]:
    """Overlapping spans of MAX_CLAUSE_WORDS words (half overlap) of an over-long clause."""
    if len(words) <= MAX_CLAUSE_WORDS:
        return []
    step = MAX_CLAUSE_WORDS // 2
    starts = range(0, len(words) - step, step)
    return [" ".join(words[start : start + MAX_CLAUSE_WORDS]) for start in starts]
