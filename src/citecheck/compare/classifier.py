"""The learned pair classifier: claim × best passages → supported / contradicted / unrelated.

A multinomial logistic model over two kinds of input:

- the scalar signals of scorer.py and stance.py (coverage, BM25-picked
  passages' cosines, plain token overlap, names, numbers, negation, antonyms,
  role order, debunk words), and
- the frozen multilingual encoder's view of the pair: the element-wise product
  and absolute difference of the claim's and the best passage's vectors, which
  carry what a cosine averages away (a negated verb, a changed quantity).

Same-language and cross-language pairs get separate models: across scripts the
word-level signals are near zero, so that model reads only the signals that mean
the same in both cases. Weights are fitted by `scripts/train_support.py` (fixed
seed, numpy only) on the Arabic News Stance corpus and our own pairs, and shipped
as `stance_weights.json`; inference is a matrix product in numpy.
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

WEIGHTS_FILE = "stance_weights.json"
CLASSES = ("supported", "contradicted", "unrelated")
SUPPORTED, CONTRADICTED, UNRELATED = range(3)
SAME_FEATURES = (
    "coverage", "page_coverage", "cosine", "clause_cosine", "sentence_cosine", "numbers",
    "has_numbers", "missing_places", "missing_words", "sentence_coverage",
    "aligned_mean", "aligned_min", "names", "sentence_names",
    "overlap", "passage_overlap", "negation", "antonym", "role_swap", "order_discord",
    "number_clash", "debunk_passage", "debunk_lead", "entity_mismatch",
)  # fmt: skip
"""Scalar inputs of the same-language model, in weight order."""
CROSS_FEATURES = (
    "cosine", "clause_cosine", "sentence_cosine", "numbers", "has_numbers", "missing_places",
    "aligned_mean", "aligned_min", "names", "sentence_names",
    "negation", "antonym", "number_clash", "debunk_passage", "debunk_lead", "entity_mismatch",
)  # fmt: skip
"""Scalar inputs of the cross-language model: signals that mean the same across scripts."""
VECTOR_SIZE = 512


def pair_vector(
    claim: npt.NDArray[np.float32] | None, passage: npt.NDArray[np.float32] | None
) -> npt.NDArray[np.float64]:
    """The encoder's view of a pair: [claim ⊙ passage, |claim − passage|] (zeros without)."""
    if claim is None or passage is None:
        return np.zeros(2 * VECTOR_SIZE)
    u, v = claim.astype(np.float64), passage.astype(np.float64)
    return np.concatenate([u * v, np.abs(u - v)])


@dataclass(frozen=True, slots=True)
class StanceModel:
    """One fitted multinomial logistic model and the thresholds that cut its probabilities."""

    features: tuple[str, ...]
    uses_vectors: bool
    mean: npt.NDArray[np.float64]
    scale: npt.NDArray[np.float64]
    weights: npt.NDArray[np.float64]
    """One row per class (CLASSES order), one column per input."""
    bias: npt.NDArray[np.float64]
    supported: float
    """P(supported) at or above which a claim is `supported` (chosen on dev)."""
    partial: float
    """P(supported) at or above which a claim is at least `partial`."""
    contradicted: float
    """P(contradicted) at or above which (and above P(supported)) a claim is `contradicted`."""

    def inputs(
        self, values: Mapping[str, float], vector: npt.NDArray[np.float64] | None
    ) -> npt.NDArray[np.float64]:
        """The model's input row, unscaled: the named scalars, then the pair vector."""
        row = np.array([float(values.get(name, 0.0)) for name in self.features])
        if self.uses_vectors:
            row = np.concatenate([row, vector if vector is not None else np.zeros(2 * VECTOR_SIZE)])
        return row

    def probabilities(
        self, values: Mapping[str, float], vector: npt.NDArray[np.float64] | None = None
    ) -> npt.NDArray[np.float64]:
        """P(supported), P(contradicted), P(unrelated) for one pair."""
        row: npt.NDArray[np.float64] = self.predict(self.inputs(values, vector)[None, :])[0]
        return row

    def predict(self, rows: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Class probabilities of unscaled input rows."""
        logits: npt.NDArray[np.float64] = (rows - self.mean) / self.scale @ self.weights.T
        return softmax(logits + self.bias)


def softmax(logits: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Row-wise softmax."""
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    result: npt.NDArray[np.float64] = shifted / shifted.sum(axis=1, keepdims=True)
    return result


def fit(
    rows: npt.NDArray[np.float64],
    labels: npt.NDArray[np.int64],
    sample_weight: npt.NDArray[np.float64],
    *,
    l2: float,
    steps: int = 4000,
    rate: float = 0.5,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64],
           npt.NDArray[np.float64]]:  # fmt: skip
    """Fit a multinomial logistic model by full-batch gradient descent (deterministic).

    Returns:
        mean, scale (standardisation of the inputs), weights (classes × inputs), bias.
    """
    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale < 1e-6] = 1.0
    scaled = (rows - mean) / scale
    targets = np.eye(len(CLASSES))[labels]
    weights = np.zeros((len(CLASSES), rows.shape[1]))
    bias = np.zeros(len(CLASSES))
    total = sample_weight.sum()
    for _ in range(steps):
        error = (softmax(scaled @ weights.T + bias) - targets) * sample_weight[:, None]
        weights -= rate * (error.T @ scaled / total + l2 * weights)
        bias -= rate * error.sum(axis=0) / total
    return mean, scale, weights, bias


def to_json(model: StanceModel) -> dict[str, object]:
    """A model as plain JSON (floats rounded to 6 digits: the file stays small and stable)."""

    def rounded(values: npt.NDArray[np.float64]) -> list[object]:
        return np.round(values, 6).tolist()  # type: ignore[no-any-return]

    return {
        "features": list(model.features),
        "uses_vectors": model.uses_vectors,
        "mean": rounded(model.mean),
        "scale": rounded(model.scale),
        "weights": rounded(model.weights),
        "bias": rounded(model.bias),
        "supported": round(model.supported, 4),
        "partial": round(model.partial, 4),
        "contradicted": round(model.contradicted, 4),
    }


def from_json(data: Mapping[str, object]) -> StanceModel:
    """Read a model written by `to_json`."""

    def array(name: str) -> npt.NDArray[np.float64]:
        return np.asarray(data[name], dtype=np.float64)

    return StanceModel(
        features=tuple(data["features"]),  # type: ignore[arg-type]
        uses_vectors=bool(data["uses_vectors"]),
        mean=array("mean"),
        scale=array("scale"),
        weights=array("weights"),
        bias=array("bias"),
        supported=float(data["supported"]),  # type: ignore[arg-type]
        partial=float(data["partial"]),  # type: ignore[arg-type]
        contradicted=float(data["contradicted"]),  # type: ignore[arg-type]
    )


@lru_cache(maxsize=1)
def models() -> dict[str, StanceModel]:
    """The shipped models by name ("same", "cross", and their "_lexical" variants), or none."""
    try:
        raw = resources.files("citecheck.compare").joinpath(WEIGHTS_FILE).read_text("utf-8")
    except (FileNotFoundError, OSError):
        logger.warning("%s missing; support falls back to the fusion weights", WEIGHTS_FILE)
        return {}
    return {name: from_json(data) for name, data in json.loads(raw).items()}


def logit(probability: float) -> float:
    """Inverse of the logistic function, clamped away from 0 and 1."""
    clamped = min(1 - 1e-9, max(1e-9, probability))
    return math.log(clamped / (1 - clamped))


def thresholds_for_precision(
    scores: Sequence[float], positives: Sequence[bool], precision: float
) -> float:
    """The lowest cut whose `score >= cut` reaches the wanted precision (1.0 if none does)."""
    order = sorted(zip(scores, positives, strict=True), key=lambda item: -item[0])
    best, hits = 1.0, 0
    for rank, (score, positive) in enumerate(order, 1):
        hits += positive
        if hits / rank >= precision:
            best = score
    return best
