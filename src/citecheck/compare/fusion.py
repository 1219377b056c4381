"""The logistic model that fuses the support signals, calibrated per language pair.

Same-language (ar→ar) and cross-language (ar→en) pairs get separate weights and
thresholds, because their signals live on different scales: word overlap is
strong evidence between two Arabic texts and nearly absent across scripts.
Weights are fitted on the dev split of `tests/data/claims.jsonl` by
`benchmarks/support_eval.py --fit` and shipped as `fusion_weights.json`.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import numpy.typing as npt

logger = logging.getLogger(__name__)

SAME = "same"
CROSS = "cross"
WEIGHTS_FILE = "fusion_weights.json"


@dataclass(frozen=True, slots=True)
class Calibration:
    """Weights and label thresholds for one language pair."""

    features: tuple[str, ...]
    coefficients: tuple[float, ...]
    intercept: float
    supported: float
    """Probability at or above which a claim is `supported`."""
    partial: float
    """Probability at or above which a claim is at least `partial`."""

    def probability(self, values: Mapping[str, float]) -> float:
        """Return the calibrated probability that the page supports the claim."""
        z = self.intercept + sum(
            weight * values.get(name, 0.0)
            for name, weight in zip(self.features, self.coefficients, strict=True)
        )
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


_FALLBACK = {
    SAME: Calibration(("coverage", "cosine", "numbers"), (6.0, 4.0, 1.0), -7.0, 0.6, 0.35),
    CROSS: Calibration(("cosine", "names", "numbers"), (10.0, 2.0, 1.0), -9.5, 0.6, 0.35),
}


@lru_cache(maxsize=1)
def calibrations() -> dict[str, Calibration]:
    """Load the fitted calibrations shipped with the package, or the hand-set fallback."""
    try:
        raw = resources.files("citecheck.compare").joinpath(WEIGHTS_FILE).read_text("utf-8")
    except (FileNotFoundError, OSError):
        logger.warning("%s missing; using hand-set fusion weights", WEIGHTS_FILE)
        return dict(_FALLBACK)
    return {pair: _calibration(data) for pair, data in json.loads(raw).items()}


def _calibration(data: Mapping[str, object]) -> Calibration:
    return Calibration(
        features=tuple(data["features"]),  # type: ignore[arg-type]
        coefficients=tuple(data["coefficients"]),  # type: ignore[arg-type]
        intercept=float(data["intercept"]),  # type: ignore[arg-type]
        supported=float(data["supported"]),  # type: ignore[arg-type]
        partial=float(data.get("partial", 0.0)),  # type: ignore[arg-type]
    )


def fit_logistic(
    rows: npt.NDArray[np.float64], labels: npt.NDArray[np.float64], *, l2: float = 0.001
) -> tuple[npt.NDArray[np.float64], float]:
    """Fit logistic-regression weights by gradient descent (small data, no sklearn).

    Args:
        rows: one feature row per example.
        labels: 1.0 for supported, 0.0 otherwise.
        l2: ridge penalty on the weights.

    Returns:
        The weights and the intercept.
    """
    weights = np.zeros(rows.shape[1])
    intercept = 0.0
    for _ in range(20000):
        predicted = 1 / (1 + np.exp(-(rows @ weights + intercept)))
        error = predicted - labels
        weights -= 1.0 * (rows.T @ error / len(labels) + l2 * weights)
        intercept -= 1.0 * float(error.mean())
    return weights, intercept


def best_threshold(scores: Sequence[float], positives: Sequence[bool]) -> float:
    """The score cut that maximises accuracy of `score >= cut` against `positives`."""
    candidates = sorted(set(scores))
    best, best_correct = 0.5, -1
    for cut in candidates:
        correct = sum(
            (score >= cut) == positive for score, positive in zip(scores, positives, strict=True)
        )
        if correct > best_correct:
            best, best_correct = cut, correct
    return best
