"""How benchmarks/train_support.py turns out-of-fold probabilities into label cuts."""

from __future__ import annotations

import dataclasses
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
    model = train_support.with_thresholds(
        _model(), probabilities, pairs, np.zeros(400), np.ones(400)
    )
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


def test_one_line_cut_is_set_for_precision_apart_from_whole_pages() -> None:
    rng = np.random.default_rng(2)
    # whole pages separate cleanly; one-line pages hold reworded corruptions up to 0.8
    page_scores = np.concatenate([rng.uniform(0.6, 1.0, 200), rng.uniform(0.0, 0.4, 200)])
    line_scores = np.concatenate([rng.uniform(0.5, 1.0, 200), rng.uniform(0.3, 0.8, 200)])
    scores = np.concatenate([page_scores, line_scores])
    probabilities = np.column_stack([scores, np.zeros(800), 1 - scores])
    labels = (["supported"] * 200 + ["contradicted"] * 200) * 2
    pairs = [  # one-line pairs are headlines against a headline: no say in the page cut
        dataclasses.replace(pair, kind="headline/headline") if n >= 400 else pair
        for n, pair in enumerate(_pairs(labels))
    ]
    lengths = np.array([2.0] * 400 + [0.0] * 400)
    model = train_support.with_thresholds(_model(), probabilities, pairs, np.zeros(800), lengths)
    assert model.supported_line > model.supported
    said = line_scores >= model.supported_cut(0.0)
    assert said.any()
    assert (np.arange(400) < 200)[said].mean() >= 0.9  # the one-line cut is precise
    assert model.supported_cut(2.0) == model.supported


def test_precise_cut_is_the_lowest_score_that_reaches_the_precision() -> None:
    scores = np.linspace(1.0, 0.0, 100)
    positives = np.arange(100) < 50  # every score above 0.5 is a positive
    groups = np.array([f"page {n}" for n in range(100)])
    cut = train_support.precise_cut(scores, positives, groups)
    assert 0.45 < cut < 0.56


def test_whole_pages_read_the_page_stance_head_and_one_liners_the_other() -> None:
    related = classifier.Head(("a",), np.zeros(1), np.ones(1), np.zeros(1), 30.0)
    says = classifier.Head(("a",), np.zeros(1), np.ones(1), np.zeros(1), 30.0)
    denies = classifier.Head(("a",), np.zeros(1), np.ones(1), np.zeros(1), -30.0)
    model = classifier.SupportModel(related, says, 0.6, 0.3, 0.6, page_stance=denies)
    one_line = model.probabilities({"a": 0.0, "page_sentences": 0.0})
    whole = model.probabilities({"a": 0.0, "page_sentences": 1.5})
    assert one_line[classifier.SUPPORTED] > 0.99
    assert whole[classifier.CONTRADICTED] > 0.99
    again = classifier.from_json(classifier.to_json(model))
    assert again.page_stance is not None
    assert again.probabilities({"a": 0.0, "page_sentences": 1.5})[1] > 0.99
