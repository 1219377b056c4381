"""The learned support classifier: claim × best passages → supported / contradicted / unrelated.

Two logistic heads over the scalar signals of scorer.py and stance.py:

- **related**: does the page speak of what the claim says at all? It reads the
  evidence signals — plain token overlap of the claim's content words with the
  page, its best passages and its headline, BM25 coverage of the best window,
  the encoder's cosines of the best sentences and clauses, names and numbers
  found — and its weights on them are held non-negative while fitting, so more
  evidence never lowers the score: a page cannot rank below plain token overlap
  for reasons the overlap itself gives.
- **stance**: given that it does, does it state the claim or say otherwise? It
  reads how close the best passages come in meaning (cosines, word alignment) and
  the clash cues (negation, antonym, role order, another number, debunk words
  around the repeated claim, another name), not word overlap: the stance corpus
  corrupts headlines keeping their words, which would teach that a claim copying
  the page's words is likely contradicted.

P(supported) = P(related) · P(states | related) is the score; P(contradicted) =
P(related) · (1 − P(states | related)). Same-language and cross-language pairs get
separate models (across scripts word overlap is near zero). Weights and the
thresholds that cut the probabilities into labels are fitted by
`benchmarks/train_support.py` (fixed seed, numpy only; see its docstring for what
was fitted and tuned on what) and shipped as `stance_weights.json`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import numpy.typing as npt

logger = logging.getLogger(__name__)

WEIGHTS_FILE = "stance_weights.json"
CLASSES = ("supported", "contradicted", "unrelated")
SUPPORTED, CONTRADICTED, UNRELATED = range(3)
Array = npt.NDArray[np.float64]
EVIDENCE = frozenset(
    {"coverage", "page_coverage", "sentence_coverage", "overlap", "passage_overlap",
     "lead_overlap", "cosine", "clause_cosine", "sentence_cosine", "aligned_mean",
     "aligned_min", "names", "sentence_names", "numbers"}
)  # fmt: skip
"""Evidence that the page speaks of the claim: the related head's weight on each is held at
or above zero while fitting, so more of it never lowers the score."""


@dataclass(frozen=True, slots=True)
class Head:
    """One fitted binary logistic model over named scalar inputs."""

    features: tuple[str, ...]
    mean: Array
    scale: Array
    weights: Array
    bias: float

    def logits(self, table: Mapping[str, Array]) -> Array:
        """Logits of many pairs, given each feature's column."""
        rows = np.column_stack(
            [np.asarray(table[name], dtype=np.float64) for name in self.features]
        )
        result: Array = ((rows - self.mean) / self.scale) @ self.weights + self.bias
        return result


@dataclass(frozen=True, slots=True)
class SupportModel:
    """The related and stance heads of one language pair, and the label thresholds."""

    related: Head
    stance: Head
    supported: float
    """P(supported) at or above which a claim is `supported`."""
    partial: float
    """P(supported) at or above which a claim is at least `partial`."""
    contradicted: float
    """P(contradicted) at or above which (and above P(supported)) a claim is `contradicted`."""

    def predict(self, table: Mapping[str, Array]) -> Array:
        """P(supported), P(contradicted), P(unrelated) of many pairs (one row each)."""
        related = sigmoid(self.related.logits(table))
        states = sigmoid(self.stance.logits(table))
        return np.column_stack([related * states, related * (1 - states), 1 - related])

    def probabilities(self, values: Mapping[str, float]) -> Array:
        """P(supported), P(contradicted), P(unrelated) of one pair."""
        table = {name: np.array([float(values.get(name, 0.0))]) for name in self.names()}
        row: Array = self.predict(table)[0]
        return row

    def names(self) -> set[str]:
        """Every feature either head reads."""
        return {*self.related.features, *self.stance.features}


def sigmoid(values: Array) -> Array:
    """The logistic function, clipped so it never overflows."""
    result: Array = 1 / (1 + np.exp(-np.clip(values, -30, 30)))
    return result


def fit_head(
    features: Sequence[str],
    table: Mapping[str, Array],
    targets: Array,
    sample_weight: Array,
    *,
    l2: float,
    monotone: frozenset[str] = frozenset(),
    steps: int = 3000,
    rate: float = 0.5,
) -> Head:
    """Fit a binary logistic head by full-batch projected gradient descent (deterministic).

    Args:
        features: the inputs, by name.
        table: each feature's column.
        targets: 1.0 for the positive class, 0.0 otherwise.
        sample_weight: how much each row counts.
        l2: ridge penalty on the standardised weights.
        monotone: features whose weight is kept at or above zero.
        steps: gradient steps.
        rate: step size.
    """
    rows = np.column_stack([np.asarray(table[name], dtype=np.float64) for name in features])
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    scale[scale < 1e-6] = 1.0
    scaled = (rows - mean) / scale
    floor = np.array([0.0 if name in monotone else -np.inf for name in features])
    weights, bias = np.zeros(len(features)), 0.0
    total = sample_weight.sum()
    for _ in range(steps):
        error = (sigmoid(scaled @ weights + bias) - targets) * sample_weight
        weights = np.maximum(floor, weights - rate * (scaled.T @ error / total + l2 * weights))
        bias -= rate * float(error.sum() / total)
    return Head(tuple(features), mean, scale, weights, bias)


def _head_json(head: Head) -> dict[str, object]:
    return {
        "features": list(head.features),
        "mean": np.round(head.mean, 6).tolist(),
        "scale": np.round(head.scale, 6).tolist(),
        "weights": np.round(head.weights, 6).tolist(),
        "bias": round(head.bias, 6),
    }


def _head(data: Mapping[str, object]) -> Head:
    def array(name: str) -> Array:
        return np.asarray(data[name], dtype=np.float64)

    return Head(
        features=tuple(data["features"]),  # type: ignore[arg-type]
        mean=array("mean"),
        scale=array("scale"),
        weights=array("weights"),
        bias=float(data["bias"]),  # type: ignore[arg-type]
    )


def to_json(model: SupportModel) -> dict[str, object]:
    """A model as plain JSON (floats rounded to 6 digits: the file stays small and stable)."""
    return {
        "related": _head_json(model.related),
        "stance": _head_json(model.stance),
        "supported": round(model.supported, 4),
        "partial": round(model.partial, 4),
        "contradicted": round(model.contradicted, 4),
    }


def from_json(data: Mapping[str, object]) -> SupportModel:
    """Read a model written by `to_json`."""
    return SupportModel(
        related=_head(data["related"]),  # type: ignore[arg-type]
        stance=_head(data["stance"]),  # type: ignore[arg-type]
        supported=float(data["supported"]),  # type: ignore[arg-type]
        partial=float(data["partial"]),  # type: ignore[arg-type]
        contradicted=float(data["contradicted"]),  # type: ignore[arg-type]
    )


@lru_cache(maxsize=1)
def models() -> dict[str, SupportModel]:
    """The shipped models by language pair ("same", "cross"), or none."""
    try:
        raw = resources.files("citecheck.compare").joinpath(WEIGHTS_FILE).read_text("utf-8")
    except (FileNotFoundError, OSError):
        logger.warning("%s missing; support falls back to the fusion weights", WEIGHTS_FILE)
        return {}
    return {name: from_json(data) for name, data in json.loads(raw).items()}


def threshold_for_precision(
    scores: Sequence[float],
    positives: Sequence[bool],
    precision: float,
    weights: Sequence[float] | None = None,
) -> float:
    """The lowest cut whose `score >= cut` reaches the wanted (weighted) precision (1.0 if none)."""
    order = np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")
    counts = np.ones(len(order)) if weights is None else np.asarray(weights, dtype=np.float64)
    hits = np.cumsum((np.asarray(positives, dtype=np.float64) * counts)[order])
    reached = np.flatnonzero(hits >= precision * np.cumsum(counts[order]) - 1e-12)
    return float(np.asarray(scores)[order][reached[-1]]) if len(reached) else 1.0
