"""Support scoring: does the cited page say what the article claims (DESIGN.md §6).

One small interface, `SupportScorer.score(claim, page) -> Support`, over an
offline default backend (normalised BM25 + multilingual USE embeddings + names
across scripts, fused per language pair; see scorer.py), with optional stronger
rerankers (nli.py, llm.py) that judge only the top evidence windows.

The names below are imported on first use (PEP 562): a run without support
scoring imports `compare.normalize` for a page's script, never the scorer,
its features or numpy. `drift` is imported at once (it is light until used), so
`citecheck.compare.drift` names the function, as it always did.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING

from citecheck.compare.drift import drift

if TYPE_CHECKING:
    from citecheck.compare.cache import FeatureCache, MemoryCache, SqliteCache
    from citecheck.compare.embed import Embedder, UseEmbedder, default_embedder
    from citecheck.compare.llm import LlmReranker
    from citecheck.compare.nli import NliReranker
    from citecheck.compare.scorer import Reranker, SupportScorer, build_scorer, unknown
    from citecheck.compare.slug import slug_support, with_slug_hint
    from citecheck.compare.sources import best_sources

logging.getLogger(__name__).addHandler(logging.NullHandler())

_HOMES = {
    "FeatureCache": "cache",
    "MemoryCache": "cache",
    "SqliteCache": "cache",
    "Embedder": "embed",
    "UseEmbedder": "embed",
    "default_embedder": "embed",
    "LlmReranker": "llm",
    "NliReranker": "nli",
    "Reranker": "scorer",
    "SupportScorer": "scorer",
    "build_scorer": "scorer",
    "unknown": "scorer",
    "slug_support": "slug",
    "with_slug_hint": "slug",
    "best_sources": "sources",
}
"""Each public name and the module it lives in."""

__all__ = [
    "Embedder",
    "FeatureCache",
    "LlmReranker",
    "MemoryCache",
    "NliReranker",
    "Reranker",
    "SqliteCache",
    "SupportScorer",
    "UseEmbedder",
    "best_sources",
    "build_scorer",
    "default_embedder",
    "drift",
    "slug_support",
    "unknown",
    "with_slug_hint",
]


def __getattr__(name: str) -> object:
    """Import a public name's module the first time the name is asked for."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
