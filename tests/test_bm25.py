"""The BM25 index answers per-window queries from postings exactly as the direct formulas do."""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest

from citecheck.compare import bm25
from citecheck.compare.normalize import normalize

WORDS = "الوزير لافروف سيرغي الوفود الليبية القمح أسعار minister Lavrov grain prices rose fell"


def _documents(seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    words = WORDS.split()
    texts = [" ".join(rng.choices(words, k=rng.randint(0, 9))) for _ in range(12)]
    return [bm25.terms(normalize(text).text) for text in texts]


def _okapi(query: list[str], documents: list[list[str]], idf: dict[str, float]) -> list[float]:
    average = sum(map(len, documents)) / len(documents)
    found = []
    for document in documents:
        counts = Counter(document)
        norm = bm25.K1 * (1 - bm25.B + bm25.B * len(document) / (average or 1.0))
        found.append(
            sum(
                idf[term] * counts[term] * (bm25.K1 + 1) / (counts[term] + norm)
                for term in set(query)
                if counts[term]
            )
        )
    return found


@pytest.mark.parametrize("seed", range(5))
def test_postings_give_the_direct_coverage_and_okapi_scores(seed: int) -> None:
    documents = _documents(seed)
    index = bm25.BM25(documents)
    query = bm25.terms(normalize("سيرجي لافروف وفود ليبية Lavrov grain fell sharply").text)
    direct = [bm25.coverage(query, document, index.idf) for document in documents]
    assert index.coverages(query).tolist() == pytest.approx(direct)
    assert index.scores(query) == pytest.approx(_okapi(query, documents, index.idf))
    frequency = Counter(term for document in documents for term in set(document))
    for term, count in frequency.items():
        assert index.idf[term] == pytest.approx(math.log(1 + (12 - count + 0.5) / (count + 0.5)))


def test_an_empty_index_scores_nothing() -> None:
    index = bm25.BM25([])
    assert index.scores(["x"]) == []
    assert index.coverages(["x"]).size == 0


def test_runs_of_parts_index_as_their_joined_term_lists() -> None:
    parts = _documents(7)
    runs = [(first, size) for first in range(len(parts)) for size in (1, 2, 3)]
    runs = [(first, size) for first, size in runs if first + size <= len(parts)]
    joined = [[term for part in parts[f : f + s] for term in part] for f, s in runs]
    by_runs, direct = bm25.BM25(parts, runs), bm25.BM25(joined)
    query = bm25.terms(normalize("لافروف الوفود grain prices").text)
    assert by_runs.idf == direct.idf
    assert by_runs.scores(query) == direct.scores(query)
    assert by_runs.coverages(query).tolist() == direct.coverages(query).tolist()
