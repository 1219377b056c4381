"""How benchmarks/train_support.py turns out-of-fold probabilities into label cuts."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import train_support  # noqa: E402  (benchmarks/ is not a package)
from support_pairs import Pair  # noqa: E402

from citecheck.compare import classifier  # noqa: E402


def _model() -> classifier.SupportModel:
    head = classifier.Head(("coverage",), np.zeros(1), np.ones(1), np.zeros(1), 0.0)
    return classifier.SupportModel(head, head, 1.0, 1.0, 1.0)


def _pairs(labels: list[str]) -> list[Pair]:
    return [
        Pair(f"claim {n}", f"page {n}", label, "own-article", False, f"article {n % 40}")
        for n, label in enumerate(labels)
    ]


def test_partial_cut_leaves_most_pages_that_do_not_speak_of_the_claim_unsupported() -> None:
    rng = np.random.default_rng(0)
    supported = rng.uniform(0.1, 1.0, 200)
    unrelated = rng.uniform(0.0, 0.5, 200)  # recall-leaning F-beta alone cuts at ~0.1
    scores = np.concatenate([supported, unrelated])
    probabilities = np.column_stack([scores, np.zeros(400), 1 - scores])
    pairs = _pairs(["supported"] * 200 + ["unrelated"] * 200)
    model = train_support.with_thresholds(_model(), probabilities, pairs, np.zeros(400))
    assert (unrelated < model.partial).mean() >= train_support.UNRELATED_KEPT
    assert model.partial <= model.supported


def test_supported_cut_moves_less_than_one_maximiser_when_some_pages_are_left_out() -> None:
    rng = np.random.default_rng(1)
    positives = rng.random(400) < 0.5
    scores = np.clip(positives * 0.25 + rng.normal(0.4, 0.2, 400), 0, 1)
    groups = [f"page {n % 80}" for n in range(400)]
    plain, stable = [], []
    for draw in range(6):
        kept = np.array([int(group.split()[1]) % 6 != draw for group in groups])
        args = (scores[kept], positives[kept], train_support.PRECISION_BETA, np.ones(kept.sum()))
        plain.append(train_support.best_cut(*args))
        stable.append(
            train_support.stable_cut(*args, [g for g, k in zip(groups, kept, strict=True) if k])
        )
    assert np.ptp(stable) < np.ptp(plain)


def test_quantile_is_the_cut_under_which_the_share_lies() -> None:
    scores = np.array([0.4, 0.1, 0.3, 0.2])
    assert 0.3 < train_support.quantile(scores, np.ones(4), 0.75) < 0.31
    assert train_support.quantile(scores, np.array([0.0, 1.0, 0.0, 0.0]), 0.5) > 0.1
    assert train_support.quantile(np.array([]), np.array([]), 0.9) == 0.0
