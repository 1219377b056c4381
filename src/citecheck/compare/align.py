"""Soft word alignment across languages: each claim word against the evidence's words.

BM25 and coverage need shared words, which an Arabic claim and an English page
lack. Here every content word is embedded on its own (multilingual USE places
نفط near "oil"), and each claim word takes its best cosine among the words of
the top evidence windows (embedded on first use, so a long page costs only the
words of its best windows). A word matched by form or by name counts as fully
aligned. The weakest-aligned word is the telling one: a swapped name or place
has no counterpart in the evidence, while a paraphrase usually does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from citecheck.compare import bm25
from citecheck.compare.embed import Embedder, Vectors
from citecheck.compare.normalize import fold

_WORD = re.compile(r"[^\W\d_]{2,}")


def content_words(text: str) -> list[str]:
    """The distinct content words of a text, in their written form (stop words dropped)."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(text):
        if fold(word) not in bm25.STOP_WORDS:
            seen.setdefault(word, None)
    return list(seen)


class WordVectors:
    """Vectors of single words, embedded on first use and kept (bounded) for later claims."""

    def __init__(self, embedder: Embedder, limit: int = 50_000) -> None:
        """Wrap an embedder; at most `limit` words are kept."""
        self._embedder = embedder
        self._limit = limit
        self._vectors: dict[str, Vectors] = {}

    def lookup(self, words: Sequence[str]) -> Vectors:
        """One row per word, embedding in one batch the words not seen before."""
        new = [word for word in dict.fromkeys(words) if word not in self._vectors]
        if new:
            if len(self._vectors) + len(new) > self._limit:
                self._vectors.clear()
            self._vectors.update(zip(new, self._embedder.encode(new), strict=True))
        if not words:
            return np.zeros((0, 512), dtype=np.float32)
        return np.stack([self._vectors[word] for word in words])


def alignment(
    claim_words: Sequence[str], evidence_words: Sequence[str], vectors: WordVectors
) -> list[float]:
    """For each claim word, its best cosine with any evidence word (0 without evidence)."""
    if not evidence_words or not claim_words:
        return [0.0] * len(claim_words)
    similarities = vectors.lookup(claim_words) @ vectors.lookup(evidence_words).T
    return [float(value) for value in similarities.max(axis=1)]
