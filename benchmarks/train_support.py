"""Train the support pair classifier and write src/citecheck/compare/stance_weights.json.

    python benchmarks/train_support.py --ans DIR          # fit, tune on dev, write the weights
    python benchmarks/train_support.py --ans DIR --check  # fit and compare with the shipped file

DIR holds stance-train.csv and stance-dev.csv of the Arabic News Stance corpus
(Khouja, FEVER 2020; columns s1, s2, stance). s1 (a real headline) plays the
page and s2 the claim: agree → supported, disagree → contradicted, other →
unrelated. Beside it: our own pairs, a minority written for this project and
never copied from the corpus — the dev split of tests/data/claims.jsonl (whole
pages, Arabic and English) and the train split of benchmarks/data/own_pairs.jsonl
(debunks, number and antonym clashes, Arabic→English). Unrelated pairs are added
by pairing a claim with the headline of another row (fixed seed).

Without the sentence encoder (a degraded mode) the scorer keeps the fusion weights of
fusion.py: a lexical classifier fitted here ranked our own labelled set worse than they do.
Weights are fitted on train by full-batch gradient descent (deterministic,
numpy only); the same-language thresholds are chosen on ANS dev: the lowest
P(supported) whose precision reaches SUPPORTED_PRECISION, and likewise for
contradicted. ANS has no cross-language pairs, so the cross-language thresholds
are chosen the same way on the Arabic→English training pairs (in sample: the
figures to quote for them are the held-out ones).
Held out: the test split of claims.jsonl and the heldout split of own_pairs.jsonl.
Features are cached in .cache/support_features/ by content (delete to recompute).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from citecheck.compare import SupportScorer, align, classifier
from citecheck.compare.classifier import CLASSES, CROSS_FEATURES, SAME_FEATURES, StanceModel
from citecheck.compare.normalize import is_arabic
from citecheck.compare.windows import clauses, sentences
from citecheck.config import Settings
from citecheck.models import PageText

ROOT = Path(__file__).resolve().parents[1]
WEIGHTS = ROOT / "src" / "citecheck" / "compare" / classifier.WEIGHTS_FILE
OWN_PAIRS = ROOT / "benchmarks" / "data" / "own_pairs.jsonl"
CLAIMS = ROOT / "tests" / "data" / "claims.jsonl"
PAGES = ROOT / "tests" / "data" / "support" / "pages"
CACHE = ROOT / ".cache" / "support_features"
SEED = 20261130
SYNTHETIC_UNRELATED = 0.15
"""Unrelated pairs added per ANS row (a claim against another row's headline)."""
OWN_WEIGHT = 2.0
"""Our own pairs count double: few, but whole pages and Arabic→English."""
CROSS_WEIGHT = 4.0
"""Cross-language rows weigh more in the cross model, which sees few of them."""
L2 = {"same": 0.0005, "cross": 0.002}
VECTORS = False
"""Whether the models also read the encoder's pair vector ([u⊙v, |u−v|], 1,024 inputs).
Measured on ANS dev: AUC 0.82 with them against 0.83 without (they overfit 3,000 pairs),
so the shipped models read the scalar signals only; --vectors refits with them."""
FEATURE_VERSION = 1
"""Bump when a feature's computation changes: cached features are then recomputed."""
PRIME_CHUNK = 48
"""Pairs whose texts are embedded together in one batch."""
SUPPORTED_PRECISION = 0.92
CONTRADICTED_PRECISION = 0.85
KIND_LABEL = {
    "support": "supported",
    "negated": "contradicted",
    "entity_swap": "contradicted",
    "same_topic": "unrelated",
    "swap": "unrelated",
    "unrelated": "unrelated",
}
STANCE_LABEL = {"agree": "supported", "disagree": "contradicted", "other": "unrelated"}


@dataclass(frozen=True, slots=True)
class Pair:
    """One labelled claim × page pair."""

    claim: str
    page: str
    label: str
    source: str
    """ans, ans-synthetic, claims or own."""
    cross: bool


def ans_pairs(path: Path, rng: random.Random) -> list[Pair]:
    """The ANS rows of one split, plus synthetic unrelated pairs."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    pairs = [Pair(row["s2"], row["s1"], STANCE_LABEL[row["stance"]], "ans", False) for row in rows]
    for _ in range(int(len(rows) * SYNTHETIC_UNRELATED)):
        first, second = rng.sample(range(len(rows)), 2)
        pairs.append(
            Pair(rows[first]["s2"], rows[second]["s1"], "unrelated", "ans-synthetic", False)
        )
    return pairs


def own_pairs(split: str) -> list[Pair]:
    """Our own pairs: claims.jsonl (dev → train, test → held out) and own_pairs.jsonl."""
    claims_split = "dev" if split == "train" else "test"
    pairs = []
    for line in CLAIMS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["split"] != claims_split or row["kind"] not in KIND_LABEL:
            continue
        page = (PAGES / row["page"]).read_text(encoding="utf-8").strip()
        pairs.append(
            Pair(row["claim"], page, KIND_LABEL[row["kind"]], "claims", row["pair"] == "ar-en")
        )
    own_split = "train" if split == "train" else "heldout"
    for line in OWN_PAIRS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["split"] == own_split:
            cross = is_arabic(row["claim"]) != is_arabic(row["page"])
            pairs.append(Pair(row["claim"], row["page"], row["label"], "own", cross))
    return pairs


def featurise(lexical: bool, pairs: Sequence[Pair], jobs: int) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[type-arg]
    """Scalar features (SAME_FEATURES order, all of them) and pair vectors of every pair.

    Pairs are read in fixed chunks, each by a fresh scorer (its own memo of vectors), so
    the figures do not depend on how many processes share the work.
    """
    key = hashlib.sha256(
        json.dumps([(p.claim, p.page) for p in pairs], ensure_ascii=False).encode()
        + json.dumps([SAME_FEATURES, FEATURE_VERSION, lexical]).encode()
    ).hexdigest()[:16]
    cached = CACHE / f"{key}.npz"
    if cached.exists():
        data = np.load(cached)
        return data["scalars"], data["vectors"]
    chunks = [
        (lexical, [(p.claim, p.page) for p in pairs[start : start + PRIME_CHUNK]])
        for start in range(0, len(pairs), PRIME_CHUNK)
    ]
    scalars: list[list[float]] = []
    vectors: list[np.ndarray] = []  # type: ignore[type-arg]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for number, (rows, pair_vectors) in enumerate(pool.map(_chunk_features, chunks)):
            scalars += rows
            vectors += pair_vectors
            if number % 10 == 0:
                print(f"  features {len(scalars)}/{len(pairs)}", file=sys.stderr)
    result = np.array(scalars), np.array(vectors)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(cached, scalars=result[0], vectors=result[1])
    return result


def _chunk_features(
    job: tuple[bool, list[tuple[str, str]]],
) -> tuple[list[list[float]], list[np.ndarray]]:  # type: ignore[type-arg]
    """Features of one chunk of (claim, page) pairs, by a fresh scorer (worker process)."""
    lexical, pairs = job
    settings = Settings(min_page_chars=0)
    scorer = SupportScorer(settings, embedder=None) if lexical else SupportScorer(settings)
    scorer.fusion_signals = False  # the classifier's own features: no fusion-only signals
    prime(scorer, pairs)
    rows, pair_vectors = [], []
    for claim, page in pairs:
        values, vector = pair_features(scorer, claim, page)
        rows.append([values.get(name, 0.0) for name in SAME_FEATURES])
        pair_vectors.append(vector)
    return rows, pair_vectors


def prime(scorer: SupportScorer, pairs: Sequence[tuple[str, str]]) -> None:
    """Embed the sentences, clauses, claims and words of many pairs in one batch (speed only)."""
    if scorer.embedder is None:
        return
    texts: list[str] = []
    for claim, page in pairs:
        parts = [sentence for sentence, _ in sentences(page)]
        texts += [*parts, *(clause for part in parts for clause in clauses(part))]
        texts += [claim, *align.content_words(claim), *align.content_words(page)]
    scorer.embedder.encode([text for text in texts if text.strip()])


def pair_features(
    scorer: SupportScorer, claim: str, page: str
) -> tuple[dict[str, float], np.ndarray]:  # type: ignore[type-arg]
    """The classifier's inputs for one pair, computed as the scorer computes them."""
    language = "ar" if is_arabic(page) else "en"
    index = scorer.page_index(PageText(url="https://pairs.test/", text=page, language=language))
    evaluation = scorer.evaluate(claim, index)
    pair = evaluation.pair if evaluation.pair is not None else np.zeros(2 * classifier.VECTOR_SIZE)
    return evaluation.features, pair


def columns(names: Sequence[str]) -> list[int]:
    """Positions of the named features among SAME_FEATURES."""
    return [SAME_FEATURES.index(name) for name in names]


def train_model(
    name: str,
    features: Sequence[str],
    train: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],  # type: ignore[type-arg]
    dev: tuple[np.ndarray, np.ndarray, np.ndarray],  # type: ignore[type-arg]
    *,
    vectors: bool,
) -> StanceModel:
    """Fit one model on train and choose its thresholds on dev."""
    scalars, pair_vectors, labels, weights = train
    rows = scalars[:, columns(features)]
    if vectors:
        rows = np.hstack([rows, pair_vectors])
    mean, scale, coefficients, bias = classifier.fit(
        rows, labels, weights, l2=L2[name.split("_")[0]]
    )
    model = StanceModel(tuple(features), vectors, mean, scale, coefficients, bias, 1.0, 1.0, 1.0)
    dev_scalars, dev_vectors, dev_labels = dev
    dev_rows = dev_scalars[:, columns(features)]
    if vectors:
        dev_rows = np.hstack([dev_rows, dev_vectors])
    probabilities = model.predict(dev_rows)
    supported = classifier.thresholds_for_precision(
        list(probabilities[:, 0]), list(dev_labels == 0), SUPPORTED_PRECISION
    )
    contradicted_rows = probabilities[:, 1] > probabilities[:, 0]
    contradicted = classifier.thresholds_for_precision(
        list(np.where(contradicted_rows, probabilities[:, 1], 0.0)),
        list(dev_labels == 1),
        CONTRADICTED_PRECISION,
    )
    fitted = StanceModel(
        tuple(features), vectors, mean, scale, coefficients, bias,
        float(supported), float(supported) / 2, float(max(contradicted, 0.34)),
    )  # fmt: skip
    print(f"  {name}: dev {dev_summary(fitted, probabilities, dev_labels)}", file=sys.stderr)
    return fitted


def dev_summary(model: StanceModel, probabilities: np.ndarray, labels: np.ndarray) -> str:  # type: ignore[type-arg]
    """AUC (supported vs not) and label precision/recall at the chosen thresholds, on dev."""
    supported = probabilities[:, 0]
    positives, negatives = supported[labels == 0], supported[labels != 0]
    auc = float((positives[:, None] > negatives[None, :]).mean()) if len(negatives) else 0.0
    said_supported = supported >= model.supported
    said_against = (probabilities[:, 1] >= model.contradicted) & (probabilities[:, 1] > supported)
    said_supported &= ~said_against

    def share(hits: np.ndarray, of: np.ndarray) -> float:  # type: ignore[type-arg]
        return float(hits.sum() / of.sum()) if of.sum() else float("nan")

    return (
        f"auc={auc:.3f} "
        f"supported P={share(said_supported & (labels == 0), said_supported):.3f} "
        f"R={share(said_supported & (labels == 0), labels == 0):.3f} "
        f"contradicted P={share(said_against & (labels == 1), said_against):.3f} "
        f"R={share(said_against & (labels == 1), labels == 1):.3f} "
        f"cuts={model.supported:.3f}/{model.contradicted:.3f}"
    )


def labels_of(pairs: Sequence[Pair]) -> np.ndarray:  # type: ignore[type-arg]
    """Class numbers of the pairs (CLASSES order)."""
    return np.array([CLASSES.index(pair.label) for pair in pairs])


def build(
    ans: Path, jobs: int = 1, *, vectors: bool = VECTORS
) -> tuple[dict[str, StanceModel], dict[str, object]]:
    """Fit every model; returns them and the data each was fitted and tuned on."""
    rng = random.Random(SEED)
    train_pairs = ans_pairs(ans / "stance-train.csv", rng) + own_pairs("train")
    dev_pairs = ans_pairs(ans / "stance-dev.csv", rng)
    models: dict[str, StanceModel] = {}
    train_scalars, train_vectors = featurise(False, train_pairs, jobs)
    dev_scalars, dev_vectors = featurise(False, dev_pairs, jobs)
    train_labels, dev_labels = labels_of(train_pairs), labels_of(dev_pairs)
    for name, features in (("same", SAME_FEATURES), ("cross", CROSS_FEATURES)):
        weights = np.array(
            [
                (OWN_WEIGHT if p.source in ("own", "claims") else 1.0)
                * (CROSS_WEIGHT if p.cross and name == "cross" else 1.0)
                for p in train_pairs
            ]
        )
        cross = np.array([p.cross for p in train_pairs])
        tune = (
            (dev_scalars, dev_vectors, dev_labels)
            if name == "same"
            else (train_scalars[cross], train_vectors[cross], train_labels[cross])
        )
        models[name] = train_model(
            name,
            features,
            (train_scalars, train_vectors, train_labels, weights),
            tune,
            vectors=vectors,
        )
    summary = {"train": len(train_pairs), "dev": len(dev_pairs), "seed": SEED}
    return models, summary


def main(argv: Sequence[str] | None = None) -> int:
    """Fit the models and write (or check) the shipped weights."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--ans", type=Path, default=Path(os.environ.get("CITECHECK_ANS", "data/ans")),
        help="folder with stance-train.csv and stance-dev.csv (or $CITECHECK_ANS)",
    )  # fmt: skip
    parser.add_argument("--check", action="store_true", help="compare with the shipped file")
    parser.add_argument("--jobs", type=int, default=2, help="processes computing features")
    parser.add_argument("--vectors", action="store_true", help="also read the pair vectors")
    args = parser.parse_args(argv)
    if not (args.ans / "stance-train.csv").exists():
        print(f"no stance-train.csv under {args.ans}", file=sys.stderr)
        return 2
    models, summary = build(args.ans, args.jobs, vectors=args.vectors)
    text = json.dumps({name: classifier.to_json(m) for name, m in models.items()}) + "\n"
    if args.check:
        same = WEIGHTS.exists() and WEIGHTS.read_text("utf-8") == text
        print("weights rebuild identically" if same else "weights differ from the shipped file")
        return 0 if same else 1
    WEIGHTS.write_text(text, encoding="utf-8")
    print(f"wrote {WEIGHTS} ({len(text) // 1024} KB) from {summary}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
