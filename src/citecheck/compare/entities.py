"""Entity agreement between a claim and the one sentence that anchors its evidence.

Embeddings and word overlap both forgive a swapped name: "Qatar agreed to supply
Lebanon with fuel" sits close to "Iraq agreed to supply Lebanon with fuel",
and a page that mentions Qatar elsewhere even matches every claim word. So the
entities are checked in the anchor sentence itself (the sentence closest to the
claim with its names left out, so that a swapped name cannot choose it): where
the claim names a country or a person that the anchor lacks while the anchor
names another one the claim lacks, the claim maps one entity onto a different
one, and the scorer caps it at `partial`.
"""

from __future__ import annotations

import calendar
import itertools
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from citecheck.compare import bm25, names
from citecheck.compare.normalize import fold, is_arabic

MIN_PERSON_TOKENS = 2
"""A run of capitalised words this long is read as a person or body ("Hassan Diab")."""
MIN_COUNTRY_STEM = 4
"""Letters a country name and its demonym must share (Iraq/Iraqi, Syri-a/-an, Leban-on/-ese)."""
_CAPITALISED = re.compile(r"\b[A-Z][\w'\-]{3,}")
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+)+")


def conflict(claim: str, anchor: str, page_names: Iterable[str]) -> bool:
    """Whether the claim names a country or person where the anchor names another one.

    Args:
        claim: the (sub-)claim. Only an Arabic claim is checked: an English one's words are
            not names to look up, and against an English anchor every capitalised run the
            anchor holds and the claim lacks would read as a swapped person.
        anchor: the sentence of the page that best states it, Arabic or English.
        page_names: skeletons of the page's Latin names (`names.latin_names`).
    """
    if not is_arabic(claim):
        return False
    words = _claim_words(claim)
    claimed, stated = _countries(words), _anchor_countries(anchor)
    if claimed - stated and stated - claimed:
        return True
    return _person_conflict(words, anchor, frozenset(page_names))


def masked(claim: str, page_names: Iterable[str]) -> str:
    """The claim with its countries and page names left out: the predicate it states."""
    known = frozenset(page_names)
    kept = [word for word in claim.split() if not _is_entity(word, known)]
    return " ".join(kept)


def _is_entity(word: str, page_names: frozenset[str]) -> bool:
    folded = _claim_words(word)
    return bool(folded) and (
        names.exonym(folded[0]) is not None or names.matches_name(folded[0], page_names)
    )


def _claim_words(claim: str) -> list[str]:
    """The folded surface words of the claim (numbers left out)."""
    return [word for word in bm25.terms(fold(claim)) if word[0] not in "~#" and not word.isdigit()]


def _joined(words: list[str]) -> list[str]:
    """The words and each adjacent pair joined, as names are written in Latin (عبد العزيز)."""
    return words + [left + right for left, right in itertools.pairwise(words)]


def _countries(words: Iterable[str]) -> set[str]:
    """The countries Arabic words name, also with a clitic written on (والعراق، لمصر)."""
    return {country for word in words if (country := names.country(word))}


def _anchor_countries(anchor: str) -> set[str]:
    """Countries an anchor names: by exonym in Arabic, by name or demonym in English."""
    if is_arabic(anchor):
        return _countries(bm25.terms(fold(anchor)))
    words = {_ascii(word).lower() for word in _CAPITALISED.findall(anchor)}
    return {
        country
        for country, stem in _english_countries()
        if any(word.startswith(stem) for word in words)
    }


@lru_cache(maxsize=1)
def _english_countries() -> tuple[tuple[str, str], ...]:
    """CLDR English country names with the stem their demonyms share (Leban-, Syri-)."""
    found = []
    for country in set(names.gazetteer().values()):
        plain = _ascii(country).lower()
        if " " not in plain and len(plain) >= MIN_COUNTRY_STEM:
            found.append((country, plain[: max(MIN_COUNTRY_STEM, len(plain) - 2)]))
    return tuple(sorted(found))


def _ascii(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()


def _person_conflict(words: list[str], anchor: str, page_names: frozenset[str]) -> bool:
    """A page name of the claim missing from a Latin anchor that names an unclaimed person."""
    if is_arabic(anchor) or not page_names:
        return False
    here = names.latin_names(anchor)
    persons = [word for word in words if not names.exonym(word)]
    missing = [
        word
        for word in persons
        if names.matches_name(word, page_names) and not names.matches_name(word, here)
    ]
    joined = _joined(words)
    return bool(missing) and any(_unclaimed(run, joined) for run in _runs(anchor))


def _runs(anchor: str) -> list[list[str]]:
    """Runs of capitalised words of the anchor, calendar words and countries left out."""
    skip = _calendar_words()
    runs = []
    for match in _CAPITALISED_RUN.finditer(anchor):
        tokens = [token for token in match.group().split() if token.lower() not in skip]
        tokens = [token for token in tokens if not _anchor_countries(token)]
        if len(tokens) >= MIN_PERSON_TOKENS:
            runs.append(tokens)
    return runs


def _unclaimed(run: list[str], words: list[str]) -> bool:
    """Whether no word of the claim names any token of the run."""
    keys = {names.skeleton(token) for token in run}
    return not any(names.matches_name(word, keys) for word in words)


@lru_cache(maxsize=1)
def _calendar_words() -> frozenset[str]:
    months = [name.lower() for name in calendar.month_name[1:]]
    days = [name.lower() for name in calendar.day_name]
    return frozenset([*months, *days, "the", "a", "an", "on", "in", "under"])
