"""Support scoring: does the cited page say what the article claims (DESIGN.md §6).

One small interface, `SupportScorer.score(claim, page) -> Support`, over an
offline default backend (normalised BM25 + multilingual USE embeddings + names
across scripts, fused per language pair; see scorer.py), with optional stronger
rerankers (nli.py, llm.py) that judge only the top evidence windows.
"""

from __future__ import annotations

import logging

from citecheck.compare.cache import FeatureCache, MemoryCache, SqliteCache
from citecheck.compare.drift import drift
from citecheck.compare.embed import Embedder, UseEmbedder, default_embedder
from citecheck.compare.llm import LlmReranker
from citecheck.compare.nli import NliReranker
from citecheck.compare.scorer import Reranker, SupportScorer, build_scorer, unknown
from citecheck.compare.slug import slug_support, with_slug_hint
from citecheck.compare.sources import best_sources

logging.getLogger(__name__).addHandler(logging.NullHandler())

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
