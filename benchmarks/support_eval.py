"""Evaluate support scoring on tests/data/claims.jsonl (and fit the fusion weights).

    python benchmarks/support_eval.py            # evaluate on the test split, print a table
    python benchmarks/support_eval.py --fit      # refit fusion_weights.json on the dev split
    python benchmarks/support_eval.py --json     # print the figures as JSON (for the baseline)
    python benchmarks/support_eval.py --lexical  # without the embedder
    python benchmarks/support_eval.py --ans DIR  # Arabic News Stance dev: AUC, precision, confusion
    python benchmarks/support_eval.py --e2e      # articles × layouts × news pages through `scan`
    python benchmarks/support_eval.py --cpu      # CPU seconds per citation on 100 KB pages
    python benchmarks/support_eval.py --articles # our own articles' held-out split, beside overlap

Figures: ROC-AUC of supported vs same-topic negatives (same_topic + swap) per language
pair, label accuracy with the thresholds fitted on dev, evidence hit@3, expected
calibration error, mean seconds per citation, and the plain baseline (USE max
cosine over page sentences).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from citecheck.compare import SupportScorer
from citecheck.compare.features import PageIndex
from citecheck.compare.fusion import CROSS, SAME, best_threshold, fit_logistic
from citecheck.config import Settings
from citecheck.models import PageText, Support, SupportLabel

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
WEIGHTS = ROOT / "src" / "citecheck" / "compare" / "fusion_weights.json"
SAME_TOPIC = ("same_topic", "swap")
FEATURES = {
    SAME: (
        "coverage", "page_coverage", "cosine", "clause_cosine", "sentence_cosine", "numbers",
        "missing_places",
        "missing_words", "sentence_coverage", "aligned_mean", "aligned_min",
    ),
    CROSS: (
        "cosine", "clause_cosine", "sentence_cosine", "names", "numbers", "missing_places",
        "sentence_names",
        "aligned_mean", "aligned_min",
    ),
    f"{SAME}_lexical": (
        "coverage", "page_coverage", "numbers", "missing_places", "missing_words",
        "sentence_coverage",
    ),
    f"{CROSS}_lexical": ("names", "numbers", "has_numbers", "missing_places", "sentence_names"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Scored:
    """One labelled pair with the scorer's answer."""

    row: dict[str, str]
    support: Support
    top_spans: tuple[tuple[int, int], ...]
    seconds: float


def load_rows(split: str | None = None) -> list[dict[str, str]]:
    """The labelled pairs of claims.jsonl, optionally one split only."""
    lines = (DATA / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    return [row for row in rows if split is None or row["split"] == split]


def load_page(name: str) -> PageText:
    """A page of tests/data/support/pages as PageText."""
    text = (DATA / "support" / "pages" / name).read_text(encoding="utf-8").strip()
    return PageText(
        url=f"https://example.test/{name}", text=text, language="ar" if "_a" in name else "en"
    )


def score_rows(scorer: SupportScorer, rows: Sequence[dict[str, str]]) -> list[Scored]:
    """Score every pair, timing each one (page reading included the first time)."""
    scored = []
    for row in rows:
        page = load_page(row["page"])
        start = time.perf_counter()
        support = scorer.score(row["claim"], page)
        seconds = time.perf_counter() - start
        index = scorer.page_index(page)
        # the top windows are only needed for evidence hit@3 on supported pairs
        ranked = scorer.evaluate(row["claim"], index).ranked if row["kind"] == "support" else []
        spans = tuple((index.windows[i].span.start, index.windows[i].span.end) for i in ranked)
        scored.append(Scored(row, support, spans, seconds))
    return scored


def roc_auc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    if not positives or not negatives:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def calibration_error(scored: Sequence[Scored], bins: int = 10) -> float:
    """Expected calibration error of the score as P(supported)."""
    scores = np.array([item.support.score for item in scored])
    truth = np.array([item.row["label"] == "supported" for item in scored], dtype=float)
    total = 0.0
    for low in np.linspace(0, 1, bins, endpoint=False):
        mask = (scores >= low) & (scores < low + 1 / bins + (low >= 1 - 1 / bins))
        if mask.any():
            total += mask.sum() / len(scores) * abs(scores[mask].mean() - truth[mask].mean())
    return float(total)


def hit_at_3(scored: Sequence[Scored]) -> float:
    """Share of supported pairs whose gold evidence lies in one of the top three windows."""
    hits = []
    for item in scored:
        if item.row["kind"] != "support":
            continue
        text = load_page(item.row["page"]).text
        start = text.index(item.row["evidence"])
        end = start + len(item.row["evidence"])
        hits.append(any(low <= start and end <= high for low, high in item.top_spans))
    return sum(hits) / len(hits) if hits else float("nan")


NOT_SUPPORTED = (*SAME_TOPIC, "unrelated", "negated", "entity_swap")
"""Every kind of row whose page does not back the claim, clashes included."""


def baseline_auc(
    scorer: SupportScorer,
    rows: Sequence[dict[str, str]],
    pair: str,
    negatives: Sequence[str] = SAME_TOPIC,
) -> float:
    """ROC-AUC of the plain baseline: max USE cosine between the claim and page sentences."""
    from citecheck.compare.windows import sentences

    embedder = scorer.embedder
    if embedder is None:
        return float("nan")
    values: dict[str, list[float]] = {"pos": [], "neg": []}
    pages: dict[str, np.ndarray] = {}  # type: ignore[type-arg]
    for row in rows:
        if row["pair"] != pair or row["kind"] not in ("support", *negatives):
            continue
        if row["page"] not in pages:
            text = load_page(row["page"]).text
            pages[row["page"]] = embedder.encode([part for part, _ in sentences(text)])
        vectors = pages[row["page"]]
        cosine = float((vectors @ embedder.encode([row["claim"]])[0]).max())
        values["pos" if row["kind"] == "support" else "neg"].append(cosine)
    return roc_auc(values["pos"], values["neg"])


def metrics(scorer: SupportScorer, rows: Sequence[dict[str, str]]) -> dict[str, float]:
    """Every figure of the evaluation for one split."""
    scored = score_rows(scorer, rows)
    figures: dict[str, float] = {}
    for pair in ("ar-ar", "ar-en"):
        mine = [item for item in scored if item.row["pair"] == pair]
        positives = [item.support.score for item in mine if item.row["kind"] == "support"]
        negatives = [item.support.score for item in mine if item.row["kind"] in SAME_TOPIC]
        figures[f"auc_{pair}"] = roc_auc(positives, negatives)
        figures[f"baseline_auc_{pair}"] = baseline_auc(scorer, rows, pair)
        for suffix, kinds in (("", SAME_TOPIC), ("_all", NOT_SUPPORTED)):
            figures[f"overlap_auc{suffix}_{pair}"] = roc_auc(
                [overlap_of(item) for item in mine if item.row["kind"] == "support"],
                [overlap_of(item) for item in mine if item.row["kind"] in kinds],
            )
        figures[f"auc_all_{pair}"] = roc_auc(
            positives, [item.support.score for item in mine if item.row["kind"] in NOT_SUPPORTED]
        )
        figures[f"baseline_auc_all_{pair}"] = baseline_auc(scorer, rows, pair, NOT_SUPPORTED)
    figures["accuracy"] = sum(_agrees(item) for item in scored) / len(scored)
    figures["supported_precision"] = _precision(scored)
    said_against = [item for item in scored if item.support.label is SupportLabel.CONTRADICTED]
    figures["contradicted_precision"] = sum(
        item.row["kind"] in ("negated", "entity_swap") for item in said_against
    ) / max(1, len(said_against))
    for kind in ("negated", "entity_swap"):
        mine = [item for item in scored if item.row["kind"] == kind]
        figures[f"{kind}_supported"] = float(
            sum(item.support.label is SupportLabel.SUPPORTED for item in mine)
        )
    figures["hit_at_3"] = hit_at_3(scored)
    figures["ece"] = calibration_error(scored)
    figures["seconds_per_citation"] = sum(item.seconds for item in scored) / len(scored)
    figures["cold_seconds_per_citation"] = cold_seconds(scorer, rows)
    return figures


def overlap_of(item: Scored) -> float:
    """The plain token-overlap baseline for one scored row (token_overlap of claim and page)."""
    return token_overlap(item.row["claim"], load_page(item.row["page"]).text)


def _agrees(item: Scored) -> bool:
    """The label matches the row's; `contradicted` counts as `unsupported` (the labelled set
    predates that label: its negated and swapped-name claims are labelled unsupported)."""
    label = item.support.label
    if label is SupportLabel.CONTRADICTED:
        label = SupportLabel.UNSUPPORTED
    return bool(label == item.row["label"])


def cold_seconds(scorer: SupportScorer, rows: Sequence[dict[str, str]]) -> float:
    """Mean time of a citation whose page was never seen: read, embed and score one claim."""
    fresh = SupportScorer(scorer.settings, embedder=scorer.embedder)
    first = {row["page"]: row for row in rows if row["kind"] == "support"}
    start = time.perf_counter()
    for row in first.values():
        fresh.score(row["claim"], load_page(row["page"]))
    return (time.perf_counter() - start) / max(1, len(first))


def _precision(scored: Sequence[Scored]) -> float:
    predicted = [item for item in scored if item.support.label is SupportLabel.SUPPORTED]
    return (
        sum(item.row["label"] == "supported" for item in predicted) / len(predicted)
        if predicted
        else 0.0
    )


def fit(scorer: SupportScorer) -> dict[str, dict[str, object]]:
    """Fit weights and thresholds per language pair on the dev split.

    The name-swap probes (rows with "fit": "no") are left out: they test the entity
    check, which caps a swap at `partial` whatever its score, not the weights.
    """
    rows = [row for row in load_rows("dev") if row.get("fit", "yes") == "yes"]
    table: dict[str, dict[str, object]] = {}
    for name, features in FEATURES.items():
        pair = "ar-ar" if name.startswith(SAME) else "ar-en"
        mine = [
            row for row in rows if row["pair"] == pair and row["kind"] not in ("partial", "negated")
        ]
        matrix, labels = _features(scorer, mine, features)
        weights, intercept = fit_logistic(matrix, labels)
        probabilities = 1 / (1 + np.exp(-(matrix @ weights + intercept)))
        cut = best_threshold(list(probabilities), [bool(v) for v in labels])
        perturbed = [
            p for p, row in zip(probabilities, mine, strict=True) if row["kind"] == "entity_swap"
        ]
        # no perturbed dev claim may come out supported: lift the cut above them
        cut = max(cut, max(perturbed, default=0.0) + 0.01)
        table[name] = {
            "features": list(features),
            "coefficients": [round(float(w), 4) for w in weights],
            "intercept": round(intercept, 4),
            "supported": round(min(cut, 0.95), 4),
        }
        table[name]["partial"] = round(float(table[name]["supported"]) / 2, 4)  # type: ignore[arg-type]
    return table


def _features(
    scorer: SupportScorer, rows: Sequence[dict[str, str]], names: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[type-arg]
    matrix, labels = [], []
    for row in rows:
        index: PageIndex = scorer.page_index(load_page(row["page"]))
        values = scorer.evaluate(row["claim"], index).features
        matrix.append([values[name] for name in names])
        labels.append(1.0 if row["label"] == "supported" else 0.0)
    return np.array(matrix), np.array(labels)


def token_overlap(claim: str, page: str) -> float:
    """The plain baseline: share of the claim's folded words that the page contains."""
    from citecheck.compare.normalize import fold, tokens

    wanted = set(tokens(fold(claim)))
    return len(wanted & set(tokens(fold(page)))) / len(wanted) if wanted else 0.0


def ans_figures(folder: Path, *, lexical: bool = False) -> dict[str, object]:
    """Scores of the ANS dev split (s1 = page, s2 = claim) against the token-overlap baseline.

    agree = supported, disagree = contradicted, other = unrelated; AUC is supported vs not.
    """
    import csv
    from collections import Counter

    with (folder / "stance-dev.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    settings = Settings(min_page_chars=0)
    scorer = SupportScorer(settings, embedder=None) if lexical else SupportScorer(settings)
    truth = {"agree": "supported", "disagree": "contradicted", "other": "unrelated"}
    scores, baseline, labels = [], [], Counter()
    for row in rows:
        page = PageText(url="https://ans.test/", text=row["s1"], language="ar")
        support = scorer.score(row["s2"], page)
        scores.append((truth[row["stance"]], support.score))
        baseline.append((truth[row["stance"]], token_overlap(row["s2"], row["s1"])))
        labels[(truth[row["stance"]], support.label.value)] += 1

    def auc(pairs: list[tuple[str, float]]) -> float:
        positives = [score for kind, score in pairs if kind == "supported"]
        return roc_auc(positives, [score for kind, score in pairs if kind != "supported"])

    def precision(label: str) -> float:
        total = sum(n for (_, p), n in labels.items() if p == label)
        return labels[(label, label)] / total if total else float("nan")

    return {
        "pairs": len(rows),
        "auc": round(auc(scores), 4),
        "token_overlap_auc": round(auc(baseline), 4),
        "supported_precision": round(precision("supported"), 4),
        "contradicted_precision": round(precision("contradicted"), 4),
        "supported_recall": round(
            labels[("supported", "supported")]
            / max(1, sum(n for (t, _), n in labels.items() if t == "supported")),
            4,
        ),
        "contradicted_recall": round(
            labels[("contradicted", "contradicted")]
            / max(1, sum(n for (t, _), n in labels.items() if t == "contradicted")),
            4,
        ),
        "confusion": {f"{t}->{p}": n for (t, p), n in sorted(labels.items())},
    }


@dataclass(frozen=True, slots=True)
class Judged:
    """One labelled pair of our own articles with the scorer's answer and the baseline's."""

    label: str
    cross: bool
    kind: str
    score: float
    said: str
    overlap: float


def article_figures(split: str = "heldout") -> dict[str, object]:
    """Scores of our own whole articles (benchmarks/data/own_articles.jsonl, one split; the
    pairs of support_pairs.own_article_pairs) beside the token-overlap baseline.

    AUC is supported vs not, overall, per language pair, per page shape (the article as
    extracted text, and with a site's boilerplate) and on headlines alone (the headline and
    its paraphrase against their article and against another: how real articles are
    checked against their own headline); precision and recall of `supported` and
    `contradicted` (None where nothing got the label); and the label each claim kind and
    page shape got.
    """
    from collections import Counter

    from support_pairs import own_article_pairs

    scorer = SupportScorer(Settings(min_page_chars=0))
    judged = []
    for pair in own_article_pairs(split):
        support = scorer.score(pair.claim, PageText(url="https://own.test/", text=pair.page))
        overlap = token_overlap(pair.claim, pair.page)
        judged.append(
            Judged(pair.label, pair.cross, pair.kind, support.score, support.label.value, overlap)
        )
    groups = {
        "all": judged,
        "same": [row for row in judged if not row.cross],
        "cross": [row for row in judged if row.cross],
        "shape page": [row for row in judged if row.kind.endswith("/page")],
        "shape site": [row for row in judged if row.kind.endswith("/site")],
        "headlines": [row for row in judged if row.kind.startswith(("title/", "headline/"))],
    }
    figures: dict[str, object] = {"split": split, "pairs": len(judged)}
    figures.update({name: label_figures(rows) for name, rows in groups.items()})
    figures["by_kind"] = dict(sorted(Counter(f"{row.kind}->{row.said}" for row in judged).items()))
    return figures


def label_figures(rows: Sequence[Judged]) -> dict[str, float | None]:
    """AUC of the score and of token overlap (supported vs not), label precision and recall,
    and the share of supported pairs left `partial`."""
    good = [row for row in rows if row.label == "supported"]
    bad = [row for row in rows if row.label != "supported"]
    figures = {
        "n": float(len(rows)),
        "auc": roc_auc([row.score for row in good], [row.score for row in bad]),
        "token_overlap_auc": roc_auc([row.overlap for row in good], [row.overlap for row in bad]),
    }
    for label in ("supported", "contradicted"):
        said = [row for row in rows if row.said == label]
        hits = sum(row.label == label for row in said)
        figures[f"{label}_precision"] = hits / len(said) if said else float("nan")
        figures[f"{label}_recall"] = hits / max(1, sum(row.label == label for row in rows))
    figures["supported_as_partial"] = sum(row.said == "partial" for row in good) / max(1, len(good))
    return {key: round(value, 4) if value == value else None for key, value in figures.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation (or the fit) and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="refit fusion_weights.json on dev")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--lexical", action="store_true", help="score without the embedder")
    parser.add_argument("--split", default="test", choices=("dev", "test", "all"))
    parser.add_argument("--ans", type=Path, help="folder with the ANS stance-dev.csv")
    parser.add_argument("--e2e", action="store_true", help="end-to-end articles through scan")
    parser.add_argument("--small", action="store_true", help="with --e2e: the quick version")
    parser.add_argument("--cpu", action="store_true", help="CPU per citation on 100 KB pages")
    parser.add_argument(
        "--articles", action="store_true", help="our own articles' held-out split (own_articles)"
    )
    args = parser.parse_args(argv)
    if args.articles:
        print(json.dumps(article_figures(), indent=2, ensure_ascii=False))
        return 0
    if args.ans or args.e2e or args.cpu:
        import support_e2e

        figures_of: dict[str, object] = (
            ans_figures(args.ans, lexical=args.lexical)
            if args.ans
            else support_e2e.cpu_per_citation()
            if args.cpu
            else support_e2e.evaluate(small=args.small)
        )
        print(json.dumps(figures_of, indent=2, ensure_ascii=False))
        return 0
    settings = Settings(min_page_chars=200)
    scorer = SupportScorer(settings, embedder=None) if args.lexical else SupportScorer(settings)
    if args.fit:
        WEIGHTS.write_text(json.dumps(fit(scorer), indent=2) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS}", file=sys.stderr)
        return 0
    figures = metrics(scorer, load_rows(None if args.split == "all" else args.split))
    if args.json:
        print(json.dumps({key: round(value, 4) for key, value in figures.items()}, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:24} {value:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
