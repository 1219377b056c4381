"""End to end: articles in every citation layout, news-site pages on loopback, the real `scan`.

A small run of benchmarks/support_e2e.py (two citations per article, 30–40 KB pages,
support scoring off to stay fast): every citation must find the sentence it backs as
its claim, in Arabic and English. The full benchmark, with support figures, is
`python benchmarks/support_eval.py --e2e`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import support_e2e  # noqa: E402  (benchmarks/ is not a package)

KEYS = [f"{language}/{layout}" for language in ("ar", "en") for layout in support_e2e.LAYOUTS]
KNOWN_GAPS: dict[str, str] = {}
"""Layouts whose claim is still cut short (extraction, claims.py); strict, so a fix shows."""


@pytest.fixture(scope="module")
def figures() -> dict[str, object]:
    return support_e2e.evaluate(small=True, support=False)


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(key, marks=pytest.mark.xfail(reason=KNOWN_GAPS[key], strict=True))
        if key in KNOWN_GAPS
        else key
        for key in KEYS
    ],
)
def test_claim_association_is_exact(figures: dict[str, object], key: str) -> None:
    association = figures["association"]
    assert isinstance(association, dict)
    assert association[key] == 1.0


def test_every_citation_is_found(figures: dict[str, object]) -> None:
    assert figures["expected"] == 2 * len(KEYS)
    association = figures["association"]
    assert isinstance(association, dict)
    assert sorted(association) == sorted(KEYS)
