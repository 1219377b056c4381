"""Same-language lexical evidence: BM25 over surface forms and light stems.

Each word contributes its folded surface form and its Snowball stem, so
"الحكومة" matches "حكومات" through the stem while a name the stemmer damages
("لافروف") still matches through its surface form. Without snowballstemmer
installed, a small prefix/suffix stripper stands in for it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from citecheck.compare.names import MIN_SKELETON, skeleton
from citecheck.compare.normalize import is_arabic, tokens

logger = logging.getLogger(__name__)

SKELETON_CREDIT = 0.5
"""سيرجي/سيرغي share a skeleton, but so do some unrelated words: half credit."""
K1 = 1.2
B = 0.75

STOP_WORDS = frozenset(
    [
        "في",
        "من",
        "الي",
        "علي",
        "عن",
        "ان",
        "او",
        "ثم",
        "مع",
        "هذا",
        "هذه",
        "ذلك",
        "تلك",
        "التي",
        "الذي",
        "الذين",
        "كان",
        "كانت",
        "قد",
        "و",
        "ما",
        "هو",
        "هي",
        "هم",
        "بعد",
        "قبل",
        "عند",
        "حتي",
        "كل",
        "بين",
        "منذ",
        "لها",
        "له",
        "لهم",
        "فيه",
        "فيها",
        "به",
        "بها",
        "يوم",
        "اي",
        "ضمن",
        "خلال",
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "from",
        "and",
        "or",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "his",
        "her",
        "their",
        "which",
        "who",
        "has",
        "have",
        "had",
        "will",
        "would",
        "said",
        "says",
    ]
)
_AR_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_AR_SUFFIXES = ("ات", "ون", "ين", "ها", "هم", "يه", "ه", "ي")


def _light_stem(word: str) -> str:
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            word = word[len(prefix) :]
            break
    for suffix in _AR_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _load_stemmers() -> tuple[Callable[[str], str], Callable[[str], str]]:
    try:
        import snowballstemmer
    except ImportError:
        logger.info("snowballstemmer not installed; using the light Arabic stemmer")
        return _light_stem, lambda word: word.rstrip("s")
    arabic = snowballstemmer.stemmer("arabic")
    english = snowballstemmer.stemmer("english")
    return arabic.stemWord, english.stemWord


_STEM_AR, _STEM_EN = _load_stemmers()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return the stem of one folded word, Arabic or English."""
    return _STEM_AR(word) if is_arabic(word) else _STEM_EN(word)


@lru_cache(maxsize=65536)
def stems(word: str) -> tuple[str, ...]:
    """Every stem a folded word may take: Snowball with and without its article, and light.

    Snowball's Arabic stemmer treats a word differently with and without ال
    (الليبيه → ليبيه but ليبيه → ليب), so both readings are kept.
    """
    if not is_arabic(word):
        return (stem(word),)
    bare = _strip_article(word)
    return tuple(dict.fromkeys((stem(word), stem(bare), _light_stem(word), _light_stem(bare))))


def _strip_article(word: str) -> str:
    for prefix in ("وال", "بال", "فال", "كال", "لل", "ال"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :]
    return word


def terms(folded: str) -> list[str]:
    """Index terms of folded text: each content word as surface form, `~stem` and `#skeleton`."""
    result: list[str] = []
    for word in tokens(folded):
        result.extend(_word_terms(word))
    return result


@lru_cache(maxsize=65536)
def _word_terms(word: str) -> tuple[str, ...]:
    """The index terms of one folded word (none for a stop word): pages repeat their words."""
    if word in STOP_WORDS or (len(word) < 2 and not word.isdigit()):
        return ()
    shape = skeleton(word)
    forms = (word, *("~" + form for form in stems(word)))
    return (*forms, "#" + shape) if len(shape) >= MIN_SKELETON else forms


class BM25:
    """Okapi BM25 over a fixed list of documents (the windows of one page).

    Kept as postings (term -> the documents holding it, with counts) built with
    numpy, so a query costs its terms' postings, not a pass over every window of
    a long page.
    """

    def __init__(
        self, parts: Sequence[Sequence[str]], runs: Sequence[tuple[int, int]] | None = None
    ) -> None:
        """Index documents given as term lists, or as runs of consecutive parts.

        Args:
            parts: term lists; each is a document when `runs` is None.
            runs: (first part, number of parts) per document: a page's windows over
                its sentences, indexed without building each window's term list.
        """
        vocabulary: dict[str, int] = {}
        ids = np.array(
            [vocabulary.setdefault(term, len(vocabulary)) for part in parts for term in part],
            dtype=np.intp,
        )
        offsets = np.zeros(len(parts) + 1, dtype=np.intp)
        np.cumsum([len(part) for part in parts], out=offsets[1:])
        runs = [(i, 1) for i in range(len(parts))] if runs is None else runs
        firsts, sizes = np.array(runs, dtype=np.intp).reshape(-1, 2).T
        starts, ends = offsets[firsts], offsets[firsts + sizes]
        self._size = len(starts)
        lengths = ends - starts
        self._norm = K1 * (1 - B + B * lengths / (float(lengths.mean()) if self._size else 1.0))
        # one (term, document) key per occurrence; sorted unique keys are the postings
        documents = np.repeat(np.arange(self._size, dtype=np.intp), lengths)
        within = np.arange(len(documents), dtype=np.intp) - np.repeat(
            np.cumsum(lengths) - lengths, lengths
        )
        keys = ids[starts[documents] + within] * max(1, self._size) + documents
        unique, counts = np.unique(keys, return_counts=True)
        self._documents = unique % max(1, self._size)
        self._counts = counts.astype(np.float64)
        bounds = np.searchsorted(unique // max(1, self._size), np.arange(len(vocabulary) + 1))
        self._spans = {term: (int(bounds[i]), int(bounds[i + 1])) for term, i in vocabulary.items()}
        frequency = np.diff(bounds)
        idf = np.log(1 + (self._size - frequency + 0.5) / (frequency + 0.5))
        self.idf = dict(zip(vocabulary, idf.tolist(), strict=True))
        self._rarest = max(self.idf.values(), default=1.0)

    def _posting(self, term: str) -> npt.NDArray[np.intp] | None:
        """The documents holding a term (None if none does)."""
        span = self._spans.get(term)
        return self._documents[span[0] : span[1]] if span is not None else None

    def scores(self, query: Sequence[str]) -> list[float]:
        """Return the BM25 score of every document for the query terms."""
        total = np.zeros(self._size)
        for term in set(query):
            if term in self._spans:
                start, end = self._spans[term]
                numbers, counts = self._documents[start:end], self._counts[start:end]
                saturation = counts * (K1 + 1) / (counts + self._norm[numbers])
                total[numbers] += self.idf[term] * saturation
        return total.tolist()

    def coverages(self, query: Sequence[str]) -> npt.NDArray[np.float64]:
        """`coverage` of the query in every document, at the cost of the query's postings."""
        surfaces = {term for term in query if term[0] not in "~#"}
        found = np.zeros(self._size)
        weight = 0.0
        for surface in surfaces:
            term_weight = self.idf.get(surface, self._rarest)
            weight += term_weight
            found += term_weight * self._matches(surface)
        return found / weight if weight else found

    def _matches(self, surface: str) -> npt.NDArray[np.float64]:
        """`_match` of one word in every document: 1 by form or stem, a half by skeleton."""
        matched = np.zeros(self._size)
        similar = self._posting("#" + skeleton(surface))
        if similar is not None:
            matched[similar] = SKELETON_CREDIT
        for term in (surface, *("~" + form for form in stems(surface))):
            posting = self._posting(term)
            if posting is not None:
                matched[posting] = 1.0
        return matched


def coverage(query: Sequence[str], document: Sequence[str], idf: dict[str, float]) -> float:
    """IDF-weighted share of the query's words found in the document (0..1).

    A word counts as found when its surface form or its stem occurs; unseen
    words weigh as the rarest seen, since a claim word absent from the whole
    page is the strongest sign the page does not say it.
    """
    present = set(document)
    rarest = max(idf.values(), default=1.0)
    surfaces = [term for term in query if term[0] not in "~#"]
    weight = found = 0.0
    for surface in set(surfaces):
        term_weight = idf.get(surface, rarest)
        weight += term_weight
        found += term_weight * _match(surface, present)
    return found / weight if weight else 0.0


def missing(query: Iterable[str], document: Iterable[str]) -> int:
    """How many of the query's words the document lacks in every form (surface, stem, skeleton)."""
    present = set(document)
    return sum(_match(term, present) == 0 for term in set(query) if term[0] not in "~#")


def _match(surface: str, present: set[str]) -> float:
    """1 for the word or its stem, a half for a spelling variant (same consonant skeleton)."""
    if surface in present or any("~" + form in present for form in stems(surface)):
        return 1.0
    return SKELETON_CREDIT if "#" + skeleton(surface) in present else 0.0
