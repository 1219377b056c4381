"""Arabic names swapped inside the anchor sentence (an Arabic claim against an Arabic page).

Arabic script has no capitals, so a name is known by what stands before it: a
title or head noun (حزب، حركة، السيد، المشير، رئيس، زعيم) or a "led by" cue
(بزعامة، برئاسة، يتزعمه). The page's own gazetteer is the words that follow such
a cue anywhere on the page (a chain like زعيم حركة النهضة is followed through
to its end). A swapped name is then caught in one of two slots of the anchor
sentence (the sentence that best states the claim's predicate):

1. Title slot: the claim names X after a party or honorific title, the anchor
   lacks X, and the anchor names Y after a title of the same class that the
   claim lacks ("حزب نداء تونس" where the anchor says "حركة النهضة").
2. Bracketed slot: a run of claim words missing from the anchor, holding a page
   name, sits between two claim words the anchor also has, in the same order and
   a few words apart; between those two the anchor holds a page name the claim
   lacks ("انتخب نبيل القروي رئيسا" where the anchor says "انتخب ... راشد الغنوشي
   رئيسا"). A paraphrased common word (العاصمة for طرابلس) is no page name, and a
   page name without a counterpart name in the anchor (قوات حفتر against القوات
   المهاجمة) is an omission, not a swap; neither is flagged.

Words are matched by form, stem or spelling variant (bm25), also without a
leading conjunction و. The scorer picks the anchor with the claim's names and
titles masked (`masked`), so a swapped-in name written elsewhere on the page
cannot pull the anchor to its own sentence. Arabic claims on Arabic pages only:
across scripts entities.py compares Latin names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from citecheck.compare import bm25
from citecheck.compare.normalize import fold, tokens

MAX_NAME_WORDS = 3
"""Words read as a name after a title: first name, family name, and one more."""
MAX_SLOT_WORDS = 8
"""Anchor words two aligned claim words may enclose and still frame the same slot."""
PARTY, PERSON, OFFICE = "party", "person", "office"
"""Title classes. A party title, an honorific or a "led by" cue is followed by a name; an
office title (رئيس الهيئة, رئيسا للحكومة, وزير الخارجية) is often followed by an
institution first, which is skipped; a name only counts after it, and office names are
not compared in the title slot (رئيس الحكومة and رئيس الوزراء name the same post)."""


def _folded(words: str) -> frozenset[str]:
    return frozenset(fold(word) for word in words.split())


_TITLES: dict[str, frozenset[str]] = {
    PARTY: _folded("حزب حركة تيار جبهة ائتلاف كتلة تحالف"),
    PERSON: _folded(
        "السيد المشير الفريق اللواء العقيد الجنرال الشيخ الدكتور الأمير الملك "
        "بزعامة برئاسة بقيادة يتزعم يتزعمه يتزعمها يقوده يقودها يرأسه يرأسها"
    ),
    OFFICE: _folded("رئيس زعيم وزير نائب قائد محافظ مبعوث أمين المتحدث الناطق سفير مستشار"),
}
MIN_BARE = 3
"""Letters a word keeps once its conjunction و is dropped (ورد is no وَ + رد)."""
_ARTICLES = ("وال", "بال", "فال", "كال", "لل", "ال")
_BREAKS = re.compile(r"[.!?؟،,;؛:()\[\]«»\"\n]+")


@dataclass(frozen=True, slots=True)
class Named:
    """A name read after a title: its class and its folded words."""

    kind: str
    words: tuple[str, ...]


def page_names(text: str) -> frozenset[str]:
    """The folded words that follow a title or a "led by" cue anywhere on the page."""
    return frozenset(word for run in _runs(text) for named in _named(run) for word in named.words)


def swapped(claim: str, anchor: str, known: frozenset[str]) -> bool:
    """Whether the anchor names someone else in the slot where the claim names a page name.

    Args:
        claim: the (sub-)claim, Arabic.
        anchor: the Arabic sentence of the page that best states the claim's predicate.
        known: the page's gazetteer (`page_names` of the page text).
    """
    claim_words = [word for run in _runs(claim) for word in run]
    anchor_words = [word for run in _runs(anchor) for word in run]
    if not claim_words or not anchor_words:
        return False
    return _title_swap(claim, anchor, claim_words, anchor_words) or _slot_swap(
        claim_words, anchor_words, known | page_names(claim)
    )


def masked(claim: str, known: frozenset[str]) -> str:
    """The claim without its page names and title-led names: the predicate it states.

    The anchor sentence is chosen by this text, so that a swapped-in name that the
    page writes in another sentence cannot pull the anchor to that sentence.
    """
    names = known | page_names(claim)
    kept = [word for word in claim.split() if fold(word) not in names]
    return " ".join(word for word in kept if title_class(fold(word)) is None)


def _runs(text: str) -> list[list[str]]:
    """Runs of folded content words, broken at punctuation and stop words (a name ends there)."""
    runs: list[list[str]] = [[]]
    for part in _BREAKS.split(fold(text)):
        for word in tokens(part):
            if word in bm25.STOP_WORDS or len(word) < 2:
                runs.append([])
            else:
                runs[-1].append(word)
        runs.append([])
    return [run for run in runs if run]


def title_class(word: str) -> str | None:
    """The class of a title word (with or without و, ب, ل, ال, accusative ا), else None."""
    forms = {word, word.removesuffix("ا"), word.removesuffix("ه")}
    bare = word.removeprefix("و") if len(word) > 4 else word
    forms |= {bare, bare.removesuffix("ا")}
    for prefix in _ARTICLES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            forms |= {word[len(prefix) :], word[len(prefix) :].removesuffix("ا")}
    return next((kind for kind, titles in _TITLES.items() if forms & titles), None)


def _named(words: Sequence[str]) -> list[Named]:
    """The names read after titles in one run of words; a chain of titles is followed.

    After an office title the institution is skipped first (the words with an article
    or a ل prefix: وزير الخارجية الروسي سيرغي لافروف, رئيسا للحكومة السودانية).
    """
    found, position = [], 0
    while position < len(words):
        kind = title_class(words[position])
        position += 1
        if kind is None:
            continue
        while kind == OFFICE and position < len(words) and _is_institution(words[position]):
            position += 1
        name: list[str] = []
        while position < len(words) and len(name) < MAX_NAME_WORDS:
            word = words[position]
            if title_class(word) is not None or word.isdigit():
                break
            name.append(word)
            position += 1
        if name:
            found.append(Named(kind, tuple(name)))
    return found


def _is_institution(word: str) -> bool:
    """A word with the article or a ل prefix: part of an institution, not a given name."""
    return word.startswith(("ال", "وال", "بال", "فال", "كال", "ل"))


def _present(text_words: Iterable[str]) -> set[str]:
    """The index terms of the words, each also without a leading و (وأعلن ~ أعلن)."""
    words = [*text_words]
    bare = [word[1:] for word in words if word.startswith("و") and len(word) > MIN_BARE + 1]
    return set(bm25.terms(" ".join([*words, *bare])))


def _has(word: str, present: set[str]) -> bool:
    """Whether a word occurs among the terms by form, stem or spelling variant."""
    return bm25.missing([word], present) == 0


def _title_swap(
    claim: str, anchor: str, claim_words: Sequence[str], anchor_words: Sequence[str]
) -> bool:
    """A party or honorific title naming X in the claim and Y (not in the claim) in the anchor."""
    in_claim, in_anchor = _present(claim_words), _present(anchor_words)
    theirs = [named for run in _runs(anchor) for named in _named(run) if named.kind != OFFICE]
    for mine in (named for run in _runs(claim) for named in _named(run)):
        if mine.kind == OFFICE or _has(mine.words[0], in_anchor):
            continue
        if any(other.kind == mine.kind and not _has(other.words[0], in_claim) for other in theirs):
            return True
    return False


def _slot_swap(
    claim_words: Sequence[str], anchor_words: Sequence[str], known: frozenset[str]
) -> bool:
    """A claim gap holding a page name, framed by two aligned words around another page name."""
    positions = [_positions(word, anchor_words) for word in claim_words]
    in_claim = _present(claim_words)
    for start, end in _gaps(positions):
        framed = start > 0 and end < len(positions)
        if not framed or not any(word in known for word in claim_words[start:end]):
            continue
        for left, right in _frames(positions[start - 1], positions[end]):
            enclosed = anchor_words[left + 1 : right]
            if any(word in known and not _has(word, in_claim) for word in enclosed):
                return True
    return False


def _positions(word: str, anchor_words: Sequence[str]) -> list[int]:
    """Where a claim word occurs in the anchor (by form, stem or spelling variant)."""
    return [i for i, other in enumerate(anchor_words) if _has(word, _present([other]))]


def _gaps(positions: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    """Half-open ranges of consecutive claim words the anchor lacks."""
    gaps, start = [], None
    for index, found in enumerate([*positions, [0]]):
        if not found and start is None:
            start = index
        elif found and start is not None:
            gaps.append((start, index))
            start = None
    return gaps


def _frames(left: Sequence[int], right: Sequence[int]) -> list[tuple[int, int]]:
    """Ordered pairs of anchor positions enclosing one to MAX_SLOT_WORDS words."""
    return [(a, b) for a in left for b in right if 0 < b - a - 1 <= MAX_SLOT_WORDS]
