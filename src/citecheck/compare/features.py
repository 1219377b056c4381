"""The signals behind a support score, each a small function of a claim and a page index.

scorer.py computes them for every (sub-)claim; fusion.py weighs them. Each
feature is named in `Support.features`, so a person can audit a score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from citecheck.compare import bm25, morphology, names, signals
from citecheck.compare.embed import Vectors
from citecheck.compare.normalize import fold
from citecheck.compare.passages import PageVectors
from citecheck.compare.windows import Window

SPAN_SENTENCES = 3
"""Sentences that may together state a claim: a headline joins facts from its article's lead
and a later sentence, or names a place or person only the later text names."""


@dataclass(frozen=True, slots=True)
class SentenceTerms:
    """Per sentence of a page, the keys its words are matched by: forms, stems and skeletons
    (bm25.terms), and number values ("=6" for 6, ستة or six) and Arabic roots ("^فتح")."""

    postings: dict[str, npt.NDArray[np.intp]]
    """Key → the sentences holding it."""
    size: int
    """How many sentences the page has."""

    @classmethod
    def of(cls, per_sentence: Sequence[Sequence[str]]) -> SentenceTerms:
        """Index the bm25 terms of each sentence of a page, with their number and root keys."""
        found: dict[str, list[int]] = {}
        for number, part in enumerate(per_sentence):
            for key in {key for term in part for key in _keys(term)}:
                found.setdefault(key, []).append(number)
        postings = {key: np.array(rows, dtype=np.intp) for key, rows in found.items()}
        return cls(postings, len(per_sentence))

    def matches(self, surface: str) -> npt.NDArray[np.float64]:
        """Per sentence, how well it holds a claim word: 1 by form, stem or number value,
        ROOT_CREDIT by root only, SKELETON_CREDIT by spelling skeleton only, else 0."""
        matched = np.zeros(self.size)
        graded = (
            (bm25.SKELETON_CREDIT, ["#" + names.skeleton(surface)]),
            (morphology.ROOT_CREDIT, ["^" + root for root in _roots(surface)]),
            (1.0, [surface, *("~" + form for form in bm25.stems(surface)), *_number(surface)]),
        )
        for credit, keys in graded:
            for key in keys:
                rows = self.postings.get(key)
                if rows is not None:
                    matched[rows] = np.maximum(matched[rows], credit)
        return matched


def _keys(term: str) -> tuple[str, ...]:
    """The keys one bm25 term is found by: itself, and for a word its number value and roots."""
    if term[0] in "~#":
        return (term,)
    return (term, *_number(term), *("^" + root for root in _roots(term)))


def _number(word: str) -> tuple[str, ...]:
    value = morphology.number_value(word)
    return ("=" + value,) if value is not None else ()


def _roots(word: str) -> tuple[str, ...]:
    return morphology.roots(bm25.stems(word)) if not word.isascii() else ()


@dataclass(frozen=True, slots=True)
class PageIndex:
    """Everything derived from one page text, computed once per content digest."""

    text: str
    language: str
    windows: tuple[Window, ...]
    page_terms: tuple[str, ...]
    index: bm25.BM25
    """BM25 and word coverage over the windows."""
    latin_names: frozenset[str]
    vectors: PageVectors | None
    """Sentence, window and clause vectors, embedded for candidate passages on demand."""
    window_names: tuple[frozenset[str], ...] = ()
    """Skeletons of the Latin names of each window (cross-language evidence ranking)."""
    arabic_names: frozenset[str] = frozenset()
    """Folded words an Arabic page writes after a title or "led by" cue (slots.page_names)."""
    lead: str = ""
    """The page's first sentences (headline and lead), where a debunk frames its claim."""
    term_set: frozenset[str] = frozenset()
    """`page_terms` as a set (plain token overlap of a claim with the whole page)."""
    sentence_terms: SentenceTerms | None = None
    """Each sentence's words by form, stem, number value and root (`span_coverage`)."""
    offset: int = 0
    """Characters before the page's own text: a headline read from its title (headline.py)."""

    @property
    def window_vectors(self) -> Vectors | None:
        """One normalised row per window (zeros where its sentences are not embedded yet)."""
        return self.vectors.window_vectors if self.vectors is not None else None

    @property
    def clause_vectors(self) -> Vectors | None:
        """One row per clause of the embedded sentences (windows.clauses)."""
        return self.vectors.clause_vectors if self.vectors is not None else None

    @property
    def clause_sentences(self) -> Sequence[int]:
        """The sentence each clause row belongs to."""
        return self.vectors.clause_sentences if self.vectors is not None else ()

    @property
    def clause_texts(self) -> Sequence[str]:
        """The text of each clause row."""
        return self.vectors.clause_texts if self.vectors is not None else ()


def name_share(claim: str, index: PageIndex) -> float:
    """Names of the claim found among the page's Latin names (cross-script), 3 = full."""
    words = [word for word in bm25.terms(fold(claim)) if word[0] not in "~#" and not word.isdigit()]
    if not words or not index.latin_names:
        return 0.0
    matched = sum(names.matches_name(word, index.latin_names) for word in words)
    return min(1.0, matched / 3)


def window_name_shares(claim: str, index: PageIndex) -> npt.NDArray[np.float64]:
    """Per window, the share of the claim's page names (across scripts) that it contains."""
    shares = np.zeros(len(index.windows))
    words = [word for word in bm25.terms(fold(claim)) if word[0] not in "~#" and not word.isdigit()]
    wanted = [word for word in words if names.matches_name(word, index.latin_names)]
    if not wanted or len(index.window_names) != len(index.windows):
        return shares
    named = _names_matched(wanted, frozenset().union(*index.window_names))
    for number, found in enumerate(index.window_names):
        shares[number] = sum(bool(named[word] & found) for word in wanted) / len(wanted)
    return shares


def _names_matched(words: Sequence[str], candidates: frozenset[str]) -> dict[str, set[str]]:
    """Per word, the names it matches (`names.matches_name` holds for any one of them):
    each (word, name) pair is compared once, not once per window that has the name."""
    return {
        word: {name for name in candidates if names.matches_name(word, (name,))} for word in words
    }


def is_matched(word: str, present: set[str], latin: set[str]) -> bool:
    """Whether a claim word occurs in the evidence by form, stem, skeleton or name."""
    folded = [term for term in bm25.terms(fold(word)) if term[0] not in "~#"]
    if not folded:
        return True
    return bm25.missing(folded, present) == 0 or names.matches_name(folded[0], latin)


def sentence_max(values: npt.NDArray[np.float64], index: PageIndex) -> float:
    """The best value over one-sentence windows (the plain max-cosine baseline)."""
    singles = [float(values[i]) for i, window in enumerate(index.windows) if window.size == 1]
    return max(singles, default=0.0)


def sentence_names(claim: str, index: PageIndex, sentence: int) -> float:
    """Share of the claim's names found on the page that also stand in the best sentence."""
    if not index.windows or not index.latin_names:
        return 0.0
    words = [word for word in bm25.terms(fold(claim)) if word[0] not in "~#" and not word.isdigit()]
    on_page = [word for word in words if names.matches_name(word, index.latin_names)]
    if not on_page:
        return 0.0
    here = names.latin_names(index.windows[sentence].text)
    return sum(names.matches_name(word, here) for word in on_page) / len(on_page)


def missing_places(claim: str, index: PageIndex) -> float:
    """Countries the claim names (مصر, اليمنية) that the page never mentions, in any script."""
    present = set(index.page_terms)
    missing = 0
    for word in bm25.terms(fold(claim)):
        if word[0] in "~#" or names.exonym(word) is None:
            continue
        if word not in present and not any("~" + form in present for form in bm25.stems(word)):
            missing += not names.matches_name(word, index.latin_names)
    return float(min(missing, 2))


def number_share(claim: str, evidence: Sequence[str]) -> float:
    """Share of the claim's numbers (as values) found in the evidence; 1 without numbers."""
    wanted = signals.numbers(claim)
    if not wanted:
        return 1.0
    found = set().union(*(signals.numbers(text) for text in evidence)) if evidence else set()
    return len(wanted & found) / len(wanted)


PAGE_SENTENCES_CAP = 50
"""Pages longer than this read as this long. The longest pages the stance heads were fitted on
hold about 45 sentences; a 100 KB page of comments and lists is no likelier to state a claim,
and an uncapped log would push its P(states) up beyond anything the fit has seen."""


def page_sentences(index: PageIndex) -> float:
    """How long the page is: the log of its sentence count (0 for one sentence). A whole
    article states what it backs in other words than a one-line headline restating another
    does, so the stance head reads claims on long pages apart from headline pairs."""
    size = index.sentence_terms.size if index.sentence_terms is not None else 1
    return float(np.log(min(max(1, size), PAGE_SENTENCES_CAP)))


def coverages(claim_terms: Sequence[str], index: PageIndex, sentence: int) -> dict[str, float]:
    """How much of the claim (IDF-weighted words, graded as `SentenceTerms.matches` grades
    them: by form, stem, number value, root, skeleton) the page holds, and where.

    Args:
        claim_terms: the claim's bm25 terms.
        index: the page.
        sentence: the best one-sentence window (the scorer's choice).

    Returns:
        `coverage`, the best window's share (0..1); `sentence_coverage`, the share the best
        sentence holds; `page_coverage`, the whole page's; `span_coverage`, what up to
        SPAN_SENTENCES sentences hold together, picked greedily, each adding most of the
        words still missing (the lead and a later sentence may so back a headline that no
        single sentence states); `span_gain`, what the sentences after the first add.
    """
    names = ("coverage", "sentence_coverage", "page_coverage", "span_coverage", "span_gain")
    surfaces = sorted({term for term in claim_terms if term[0] not in "~#"})
    terms = index.sentence_terms
    if terms is None or not surfaces or not terms.size or not index.windows:
        return dict.fromkeys(names, 0.0)
    rarest = max(index.index.idf.values(), default=1.0)
    weights = np.array([index.index.idf.get(word, rarest) for word in surfaces])
    weights = weights / weights.sum()
    matched = np.stack([terms.matches(word) for word in surfaces])
    in_windows = [
        weights @ matched[:, window.first : window.first + window.size].max(axis=1)
        for window in index.windows
    ]
    span, gain = _span(weights, matched)
    return {
        "coverage": float(max(in_windows)),
        "sentence_coverage": float(in_windows[sentence]),
        "page_coverage": float(weights @ matched.max(axis=1)),
        "span_coverage": span,
        "span_gain": gain,
    }


def _span(
    weights: npt.NDArray[np.float64], matched: npt.NDArray[np.float64]
) -> tuple[float, float]:
    """The share up to SPAN_SENTENCES greedily picked sentences hold, and what all but the
    first add to it."""
    covered = np.zeros(len(weights))
    shares: list[float] = []
    for _ in range(SPAN_SENTENCES):
        gains = weights @ np.maximum(matched, covered[:, None])
        best = int(np.argmax(gains))
        if shares and gains[best] <= shares[-1] + 1e-9:
            break
        covered = np.maximum(covered, matched[:, best])
        shares.append(float(gains[best]))
    return shares[-1], shares[-1] - shares[0]
