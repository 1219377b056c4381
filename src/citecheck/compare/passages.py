"""Sentence and clause vectors of one page, embedded only for the passages a claim may match.

Embedding every sentence of a long news page costs seconds; a claim is stated by
a handful of them. The scorer picks candidate sentences cheaply first (BM25 and
word coverage with the claim, names and numbers across scripts, the headline and
lead) and asks `PageVectors.ensure` for them: only sentences not embedded yet
are embedded, in one batch; the clauses of a sentence only once the claim ranks
it among its best. One `PageVectors` is
kept per page and shared by all the claims citing it; vectors are also kept
across runs in the feature cache, by the digest of each passage's text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from citecheck.compare.embed import Vectors
from citecheck.compare.windows import Window
from citecheck.compare.windows import clauses as _clauses

DIMENSIONS = 512


def passage_key(model: str, text: str) -> str:
    """The feature-cache key of one passage's vector."""
    return f"v1:{model}:{hashlib.sha256(text.encode('utf-8')).hexdigest()[:32]}"


class PageVectors:
    """Vectors of a page's sentences, windows and clauses, filled in as claims need them."""

    def __init__(
        self,
        sentences: Sequence[str],
        windows: Sequence[Window],
        embed: Callable[[list[str]], Vectors],
    ) -> None:
        """Start with nothing embedded.

        Args:
            sentences: the page's sentences, in order.
            windows: the page's windows over those sentences.
            embed: turns passages into L2-normalised vectors (cached by the caller).
        """
        self._sentences = list(sentences)
        self._windows = list(windows)
        self._embed = embed
        self.sentence_vectors = np.zeros((len(sentences), DIMENSIONS), dtype=np.float32)
        self.embedded = np.zeros(len(sentences), dtype=bool)
        self.split = np.zeros(len(sentences), dtype=bool)
        """Sentences whose clauses are embedded."""
        self.window_vectors = np.zeros((len(windows), DIMENSIONS), dtype=np.float32)
        self._touching: list[list[int]] = [[] for _ in sentences]
        for number, window in enumerate(windows):
            for sentence in range(window.first, window.first + window.size):
                self._touching[sentence].append(number)
        self._clause_rows: list[Vectors] = []
        self.clause_sentences: list[int] = []
        self.clause_texts: list[str] = []
        self._clause_matrix: Vectors | None = None

    @property
    def clause_vectors(self) -> Vectors:
        """One row per clause of the embedded sentences (clause_sentences says whose)."""
        if self._clause_matrix is None:
            self._clause_matrix = (
                np.vstack(self._clause_rows).astype(np.float32)
                if self._clause_rows
                else np.zeros((0, DIMENSIONS), dtype=np.float32)
            )
        return self._clause_matrix

    def ensure(self, wanted: Iterable[int], *, clauses: Iterable[int] = ()) -> None:
        """Embed, in one batch, what is not embedded yet of the wanted sentences, and of the
        sentences in `clauses` also their clauses.

        Clauses are asked for only for the few sentences the claim ranks best: a long
        sentence has up to six clause spans, which cost twice the sentence to embed.
        """
        clauses = sorted({i for i in clauses if self._is_sentence(i) and not self.split[i]})
        new = sorted(
            {i for i in (*wanted, *clauses) if self._is_sentence(i) and not self.embedded[i]}
        )
        owned = [(i, clause) for i in clauses for clause in _clauses(self._sentences[i])]
        if not new and not owned:
            return
        vectors = self._embed([self._sentences[i] for i in new] + [c for _, c in owned])
        self.split[clauses] = True
        if new:
            self.sentence_vectors[new] = vectors[: len(new)]
            self.embedded[new] = True
            self._update_windows(new)
        if owned:
            self._clause_rows.append(vectors[len(new) :])
            self.clause_sentences += [i for i, _ in owned]
            self.clause_texts += [c for _, c in owned]
            self._clause_matrix = None

    def _is_sentence(self, number: int) -> bool:
        return 0 <= number < len(self._sentences)

    def _update_windows(self, new: Sequence[int]) -> None:
        """Recompute the (normalised mean) vector of each window whose sentences are all in."""
        for number in sorted({w for i in new for w in self._touching[i]}):
            window = self._windows[number]
            span = slice(window.first, window.first + window.size)
            if not self.embedded[span].all():
                continue
            mean = self.sentence_vectors[span].mean(axis=0)
            self.window_vectors[number] = mean / max(float(np.linalg.norm(mean)), 1e-9)
