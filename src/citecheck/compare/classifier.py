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

The same-language model has a second stance head for pages of more than one sentence
(`page_stance`), fitted on those pages alone, and a `supported` cut of its own for pages
of one sentence (`supported_line`), set for precision.

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
from dataclasses import dataclass, field
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
    sparse: Mapping[str, float] = field(default_factory=dict)
    """Weights of sparse terms (difference.py: `c|stem`, `x|stem|stem`); unseen terms weigh 0."""

    def logits(
        self, table: Mapping[str, Array], terms: Sequence[Sequence[str]] | None = None
    ) -> Array:
        """Logits of many pairs, given each feature's column and each pair's sparse terms."""
        rows = np.column_stack(
            [np.asarray(table[name], dtype=np.float64) for name in self.features]
        )
        result: Array = ((rows - self.mean) / self.scale) @ self.weights + self.bias
        if terms is not None and self.sparse:
            result = result + np.array(
                [
                    sum(self.sparse.get(term, 0.0) * value for term, value in _values(row).items())
                    for row in terms
                ]
            )
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
    page_stance: Head | None = None
    """The stance head of pages of more than one sentence (None: `stance` reads every page).
    One-line headline pairs (ANS) outnumber whole pages in training, and what tells a
    restated claim from a changed one differs between them (a long article sentence that
    states a short claim is further from it in meaning than a reworded headline is), so
    whole pages get a head fitted on whole pages."""
    supported_line: float = 0.0
    """P(supported) at or above which a claim on a page of one sentence (a headline, a post)
    is `supported`: a one-line page restating a claim in other words is where a changed word
    hides best, so its cut is set for precision apart from whole pages'."""

    def supported_cut(self, page_sentences: float) -> float:
        """The `supported` cut for a page of this length (features.page_sentences: 0 for one
        sentence)."""
        return max(self.supported, self.supported_line) if page_sentences <= 0 else self.supported

    def predict(
        self, table: Mapping[str, Array], terms: Sequence[Sequence[str]] | None = None
    ) -> Array:
        """P(supported), P(contradicted), P(unrelated) of many pairs (one row each)."""
        related = sigmoid(self.related.logits(table))
        states = sigmoid(self.stance.logits(table, terms))
        if self.page_stance is not None:
            whole = np.asarray(table[PAGE_LENGTH], dtype=np.float64) > 0
            states = np.where(whole, sigmoid(self.page_stance.logits(table, terms)), states)
        return np.column_stack([related * states, related * (1 - states), 1 - related])

    def probabilities(self, values: Mapping[str, float], terms: Sequence[str] = ()) -> Array:
        """P(supported), P(contradicted), P(unrelated) of one pair."""
        table = {name: np.array([float(values.get(name, 0.0))]) for name in self.names()}
        row: Array = self.predict(table, [terms])[0]
        return row

    def names(self) -> set[str]:
        """Every feature a head reads."""
        pages = (PAGE_LENGTH, *self.page_stance.features) if self.page_stance else ()
        return {*self.related.features, *self.stance.features, *pages}


PAGE_LENGTH = "page_sentences"
"""The feature that tells one-sentence pages (0) from whole pages (features.page_sentences)."""


def sigmoid(values: Array) -> Array:
    """The logistic function, clipped so it never overflows."""
    result: Array = 1 / (1 + np.exp(-np.clip(values, -30, 30)))
    return result


SPARSE_RATE = 4.0


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
    terms: Sequence[Sequence[str]] | None = None,
    sparse_l2: float | None = None,
    sparse_rate: float = SPARSE_RATE,
    groups: Sequence[tuple[str, str]] | None = None,
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
        terms: each row's sparse terms; those seen in fewer than MIN_TERM_GROUPS groups
            are left out.
        groups: each row's claim and passage: a term seen with only one claim or only
            one passage could only memorise it (default: every row its own claim and
            passage).
        sparse_l2: ridge penalty on the sparse weights (default: `l2`).
        sparse_rate: step size of the sparse weights (each is seen in few rows, so its
            gradient is small: a larger step lets it converge within `steps`).
    """
    rows = np.column_stack([np.asarray(table[name], dtype=np.float64) for name in features])
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    scale[scale < 1e-6] = 1.0
    scaled = (rows - mean) / scale
    floor = np.array([0.0 if name in monotone else -np.inf for name in features])
    weights, bias = np.zeros(len(features)), 0.0
    sparse = _SparseRows.of(terms or [], len(targets), groups)
    coefficients = np.zeros(len(sparse.vocabulary))
    penalty = l2 if sparse_l2 is None else sparse_l2
    total = sample_weight.sum()
    for _ in range(steps):
        logits = scaled @ weights + bias + sparse.times(coefficients)
        error = (sigmoid(logits) - targets) * sample_weight
        weights = np.maximum(floor, weights - rate * (scaled.T @ error / total + l2 * weights))
        coefficients -= sparse_rate * (
            sparse.transposed_times(error) / total + penalty * coefficients
        )
        bias -= rate * float(error.sum() / total)
    kept = {
        term: round(float(value), 4)
        for term, value in zip(sparse.vocabulary, coefficients, strict=True)
        if abs(value) >= MIN_TERM_WEIGHT
    }
    return Head(tuple(features), mean, scale, weights, bias, kept)


def _values(row: Sequence[str]) -> dict[str, float]:
    """What each of a row's sparse terms counts: 1/sqrt(the number of terms of its kind, the
    part before "|"), so a long passage's many terms weigh no more in all than a headline's."""
    kinds: dict[str, int] = {}
    unique = set(row)
    for term in unique:
        kind = term.split("|", 1)[0]
        kinds[kind] = kinds.get(kind, 0) + 1
    return {term: 1.0 / float(np.sqrt(kinds[term.split("|", 1)[0]])) for term in unique}


MIN_TERM_GROUPS = 2
"""A sparse term seen with fewer claims or passages gets no weight (it could only memorise
them: our own pairs score one claim against several pages, and ANS one headline against
several claims)."""
MIN_TERM_WEIGHT = 1e-3
"""Sparse weights smaller than this are not shipped (they change no label)."""


@dataclass(frozen=True, slots=True)
class _SparseRows:
    """Rows of sparse terms as coordinates (row, term number), for full-batch fitting."""

    vocabulary: tuple[str, ...]
    rows: npt.NDArray[np.intp]
    columns: npt.NDArray[np.intp]
    values: Array
    size: int

    @classmethod
    def of(
        cls,
        terms: Sequence[Sequence[str]],
        size: int,
        groups: Sequence[tuple[str, str]] | None,
    ) -> _SparseRows:
        claims: dict[str, set[str]] = {}
        passages: dict[str, set[str]] = {}
        for number, row in enumerate(terms):
            claim, passage = groups[number] if groups is not None else (str(number),) * 2
            for term in row:
                claims.setdefault(term, set()).add(claim)
                passages.setdefault(term, set()).add(passage)
        vocabulary = tuple(
            sorted(
                term
                for term in claims
                if min(len(claims[term]), len(passages[term])) >= MIN_TERM_GROUPS
            )
        )
        column_of = {term: i for i, term in enumerate(vocabulary)}
        found = [
            (row, column_of[term], value)
            for row, items in enumerate(terms)
            for term, value in _values(items).items()
            if term in column_of
        ]
        rows = np.array([row for row, _, _ in found], dtype=np.intp)
        columns = np.array([column for _, column, _ in found], dtype=np.intp)
        values = np.array([value for _, _, value in found], dtype=np.float64)
        return cls(vocabulary, rows, columns, values, size)

    def times(self, coefficients: Array) -> Array:
        result: Array = np.bincount(
            self.rows, weights=coefficients[self.columns] * self.values, minlength=self.size
        ).astype(np.float64)
        return result

    def transposed_times(self, error: Array) -> Array:
        result: Array = np.bincount(
            self.columns, weights=error[self.rows] * self.values, minlength=len(self.vocabulary)
        ).astype(np.float64)
        return result


def _head_json(head: Head) -> dict[str, object]:
    return {
        "features": list(head.features),
        "mean": np.round(head.mean, 6).tolist(),
        "scale": np.round(head.scale, 6).tolist(),
        "weights": np.round(head.weights, 6).tolist(),
        "bias": round(head.bias, 6),
        **({"sparse": dict(sorted(head.sparse.items()))} if head.sparse else {}),
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
        sparse=dict(data.get("sparse", {})),  # type: ignore[call-overload]
    )


def to_json(model: SupportModel) -> dict[str, object]:
    """A model as plain JSON (floats rounded to 6 digits: the file stays small and stable)."""
    return {
        "related": _head_json(model.related),
        "stance": _head_json(model.stance),
        **({"page_stance": _head_json(model.page_stance)} if model.page_stance else {}),
        "supported": round(model.supported, 4),
        "partial": round(model.partial, 4),
        "contradicted": round(model.contradicted, 4),
        "supported_line": round(model.supported_line, 4),
    }


def from_json(data: Mapping[str, object]) -> SupportModel:
    """Read a model written by `to_json`."""
    return SupportModel(
        related=_head(data["related"]),  # type: ignore[arg-type]
        stance=_head(data["stance"]),  # type: ignore[arg-type]
        page_stance=_head(data["page_stance"]) if "page_stance" in data else None,  # type: ignore[arg-type]
        supported=float(data["supported"]),  # type: ignore[arg-type]
        partial=float(data["partial"]),  # type: ignore[arg-type]
        contradicted=float(data["contradicted"]),  # type: ignore[arg-type]
        supported_line=float(data.get("supported_line", 0.0)),  # type: ignore[arg-type]
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
