"""The default support scorer: lexical, embedding and name signals fused per language pair.

The cascade for one claim against one page:

1. Nothing to read (no page, or under `Settings.min_page_chars` of text) → `unknown`.
2. Normalise both sides (normalize.py) and cut the page into 1–3 sentence windows
   and the long sentences into clauses (windows.py); the page's windows, terms,
   sentence and clause vectors are computed once per content digest and cached.
3. Drop URLs left in the claim, split it into sub-claims; for each, rank windows
   by BM25 plus embedding cosine (with the sentence or its best clause: a
   translated claim matches one clause of a long English sentence), and read the
   features of the best ones: word coverage, cosines, names matched across
   scripts, numbers found.
4. Fuse the features with the logistic model of the language pair (fusion.py)
   into a probability, and cut it into a label with the pair's thresholds.
5. Check polarity of the best evidence sentence (of its clause closest to the
   claim, across scripts); a mismatch caps the label at `unsupported` and flags
   `possible_contradiction`. A claim whose digits were lost is flagged
   `digits_lost` and its number check is skipped. A claim naming a country or
   person where the sentence that states its predicate names another
   (entities.py; for an Arabic claim on an Arabic page also a name read after a
   title in the same slot, slots.py) is flagged `entity_mismatch` and kept at
   `partial`.
6. Sub-claim labels combine: all supported → supported; some → partial.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from citecheck.compare import align, bm25, entities, features, names, signals, slots
from citecheck.compare.cache import FeatureCache, MemoryCache, digest
from citecheck.compare.embed import Embedder, Vectors, default_embedder
from citecheck.compare.features import PageIndex
from citecheck.compare.fusion import CROSS, SAME, Calibration, calibrations
from citecheck.compare.normalize import fold, is_arabic
from citecheck.compare.windows import (
    Window,
    clauses,
    clean_claim,
    sentences,
    split_claim,
    windows,
)
from citecheck.config import Settings
from citecheck.models import Citation, PageText, Support, SupportLabel

logger = logging.getLogger(__name__)

TOP_WINDOWS = 3
"""Windows handed to the features and to optional rerankers (NLI, LLM)."""
MAX_EMBEDDED_SENTENCES = 300
"""Sentences embedded per page (about 3 s on one core); later ones are matched lexically only."""
NAME_RANK_WEIGHT = 0.5
"""Without embeddings, across scripts, a window naming the claim's people and places ranks
higher by this much (with them, cosine ranks: a name boost would favour swapped names)."""
ANCHOR_COVERAGE_WEIGHT = 0.5
"""Weight of word and number coverage beside cosine when choosing the anchor sentence."""
CONTRADICTION_CAP = 0.5
"""A polarity mismatch at most halves the score: the page may say the opposite."""
CAPPING_FLAGS = frozenset({"entity_not_on_page", "entity_mismatch", "names_only"})
"""Flags that keep a claim at `partial` however high its score: names_only marks a
cross-language pair scored without embeddings, where only names and numbers can meet."""
_UNSET: object = object()


class Reranker(Protocol):
    """A stronger judge run only on the top evidence windows (nli.py, llm.py)."""

    def judge(self, claim: str, evidence: Sequence[str]) -> float | None:
        """Return the probability that the evidence supports the claim, or None for no answer."""
        ...


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The features and best windows of one (sub-)claim against one page."""

    features: dict[str, float]
    ranked: list[int]
    best_sentence: int
    """The best-ranked one-sentence window: where the claim's polarity is checked."""
    best_clause: str = ""
    """The clause of that sentence closest to the claim by embedding ("" if it has none)."""
    anchor: int | None = None
    """The one-sentence window closest to the claim with its names left out: where the
    claim's entities are checked, so a swapped name cannot pull the anchor its way."""


class SupportScorer:
    """Scores how well page texts support claims; the default offline backend."""

    def __init__(
        self,
        settings: Settings,
        *,
        embedder: Embedder | object | None = _UNSET,
        cache: FeatureCache | None = None,
        reranker: Reranker | None = None,
    ) -> None:
        """Set up the scorer.

        Args:
            settings: the run's settings (`min_page_chars`).
            embedder: sentence embedder; default USE when installed, None for lexical only.
            cache: where page vectors are kept by content digest (default: in memory).
            reranker: optional stronger judge applied to the top evidence windows.
        """
        self.settings = settings
        self.embedder: Embedder | None = (
            default_embedder() if embedder is _UNSET else embedder  # type: ignore[assignment]
        )
        self.cache: FeatureCache = cache if cache is not None else MemoryCache()
        self.reranker = reranker
        self._pages: dict[str, PageIndex] = {}
        self._words = align.WordVectors(self.embedder) if self.embedder is not None else None

    def score(self, claim: str, page: PageText) -> Support:
        """Score one claim against one page text (see the module docstring for the steps)."""
        if len(page.text.strip()) < self.settings.min_page_chars:
            return unknown(
                claim, f"page has under {self.settings.min_page_chars} characters of text"
            )
        index = self.page_index(page)
        parts = split_claim(clean_claim(claim) or claim)
        supports = [self._score_part(part, index) for part in parts]
        return supports[0] if len(supports) == 1 else _combine(claim, supports)

    def assess(
        self, citation: Citation, page: PageText | None
    ) -> tuple[Support, tuple[Support, ...]]:
        """Score every claim a citation backs; the overall support is the best of them.

        Returns:
            The overall support and one support per claim, in claim order.
        """
        if page is None:
            return unknown("", "no page text to read (dead, blocked or unreadable)"), ()
        claims = [claim.text for claim in citation.claims] or [citation.link_text or ""]
        per_claim = tuple(self.score(text, page) for text in claims if text.strip())
        if not per_claim:
            return unknown("", "the citation backs no claim"), ()
        return max(per_claim, key=lambda support: support.score), per_claim

    def page_index(self, page: PageText) -> PageIndex:
        """Return (building once per content digest) the derived features of a page."""
        key = digest(page.text)
        if key not in self._pages:
            self._pages[key] = self._build_index(page, key)
        return self._pages[key]

    def _build_index(self, page: PageText, key: str) -> PageIndex:
        page_windows = tuple(windows(page.text))
        per_sentence = [bm25.terms(fold(sentence)) for sentence, _ in sentences(page.text)]
        terms = tuple(
            tuple(term for part in per_sentence[w.first : w.first + w.size] for term in part)
            for w in page_windows
        )
        language = _language(page)
        owned = _clauses(page.text)
        clause_vectors = self._clause_vectors(owned, key)
        return PageIndex(
            text=page.text,
            language=language[:2],
            windows=page_windows,
            terms=terms,
            page_terms=tuple(term for part in per_sentence for term in part),
            index=bm25.BM25(terms),
            latin_names=frozenset(names.latin_names(page.text)),
            window_vectors=self._window_vectors(page.text, page_windows, key),
            clause_vectors=clause_vectors,
            clause_sentences=tuple(number for number, _ in owned),
            clause_texts=tuple(clause for _, clause in owned),
            window_names=tuple(frozenset(names.latin_names(w.text)) for w in page_windows),
            arabic_names=slots.page_names(page.text) if language[:2] == "ar" else frozenset(),
        )

    def _clause_vectors(self, owned: Sequence[tuple[int, str]], key: str) -> Vectors | None:
        """Vectors of the clauses of the embedded sentences (None without an embedder)."""
        if self.embedder is None:
            return None
        return self._embedded(f"{key}:{self.embedder.name}:clauses", owned)

    def _embedded(self, cache_key: str, owned: Sequence[tuple[int, str]]) -> Vectors:
        return self._cached(cache_key, lambda: self._encode([clause for _, clause in owned]))

    def _cached(self, cache_key: str, compute: Callable[[], Vectors]) -> Vectors:
        """Vectors kept in the feature cache under `cache_key`, computed on a miss."""
        cached = self.cache.get(cache_key)
        if cached is not None:
            return np.frombuffer(cached, dtype=np.float32).reshape(-1, 512)
        vectors = compute()
        self.cache.put(cache_key, vectors.tobytes())
        return vectors

    def _encode(self, texts: Sequence[str]) -> Vectors:
        assert self.embedder is not None
        return self.embedder.encode(texts).astype(np.float32).reshape(len(texts), 512)

    def _window_vectors(
        self, text: str, page_windows: Sequence[Window], key: str
    ) -> Vectors | None:
        if self.embedder is None:
            return None
        vectors = self._sentence_vectors(text, key)
        rows = [
            vectors[window.first : window.first + window.size].mean(axis=0)
            for window in page_windows
        ]
        matrix = np.asarray(rows, dtype=np.float32).reshape(len(rows), -1)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        normalised: Vectors = (matrix / np.maximum(norms, 1e-9)).astype(np.float32)
        return normalised

    def _sentence_vectors(self, text: str, key: str) -> Vectors:
        assert self.embedder is not None
        parts = [sentence for sentence, _ in sentences(text)]

        def compute() -> Vectors:
            vectors = np.zeros((len(parts), 512), dtype=np.float32)
            vectors[:MAX_EMBEDDED_SENTENCES] = self._encode(parts[:MAX_EMBEDDED_SENTENCES])
            return vectors

        return self._cached(f"{key}:{self.embedder.name}", compute)

    def _score_part(self, claim: str, index: PageIndex) -> Support:
        evaluation = self.evaluate(claim, index)
        calibration = self._calibration(claim, index)
        probability = calibration.probability(evaluation.features)
        if self.reranker is not None:
            top = [index.windows[i].text for i in evaluation.ranked]
            judged = self.reranker.judge(claim, top)
            if judged is not None:
                evaluation.features["reranker"] = judged
                probability = (probability + judged) / 2
        return self._support(claim, index, evaluation, probability, calibration)

    def _calibration(self, claim: str, index: PageIndex) -> Calibration:
        pair = SAME if is_arabic(claim) == (index.language == "ar") else CROSS
        table = calibrations()
        if self.embedder is None:
            return table.get(f"{pair}_lexical", table[pair])
        return table[pair]

    def evaluate(self, claim: str, index: PageIndex) -> Evaluation:
        """Compute the features of one (sub-)claim against a page and rank its windows."""
        claim_terms = bm25.terms(fold(claim))
        coverages = np.array(
            [bm25.coverage(claim_terms, terms, index.index.idf) for terms in index.terms]
        )
        vector = self._vector(claim, index)
        cosines = self._cosines(vector, index)
        clause_cosines = np.maximum(cosines, self._clause_cosines(vector, index))
        lexical = np.array(index.index.scores(claim_terms))
        lexical = lexical / lexical.max() if lexical.size and lexical.max() > 0 else lexical
        ranking = clause_cosines + 0.5 * coverages + 0.25 * lexical
        if vector is None and is_arabic(claim) != (index.language == "ar"):
            ranking += NAME_RANK_WEIGHT * features.window_name_shares(claim, index)
        order = [int(i) for i in np.argsort(-ranking)]
        ranked = order[:TOP_WINDOWS]
        best_sentence = next((i for i in order if index.windows[i].size == 1), 0)
        values = {
            "coverage": float(coverages.max(initial=0.0)),
            "page_coverage": bm25.coverage(claim_terms, index.page_terms, index.index.idf),
            "cosine": float(cosines.max(initial=0.0)),
            "clause_cosine": float(clause_cosines.max(initial=0.0)),
            "sentence_cosine": features.sentence_max(cosines, index),
            "names": features.name_share(claim, index),
            "numbers": features.number_share(claim, [index.windows[i].text for i in ranked]),
            "has_numbers": float(bool(signals.numbers(claim))),
            "missing_places": features.missing_places(claim, index),
            "missing_words": min(4.0, bm25.missing(claim_terms, index.page_terms)) / 4,
            "sentence_coverage": float(coverages[best_sentence]) if coverages.size else 0.0,
            "sentence_names": features.sentence_names(claim, index, best_sentence),
            "foreign_word": self._foreign_word(claim, index, ranked[0] if ranked else None),
            **self._alignment(claim, index, ranked),
        }
        affirmed = (
            self._vector(signals.affirmed(claim), index) if signals.polarity(claim) else vector
        )
        row = self._best_clause(affirmed, index, best_sentence)
        clause = index.clause_texts[row] if row is not None else ""
        unnamed = slots.masked(entities.masked(claim, index.latin_names), index.arabic_names)
        anchor = self._anchor(unnamed, index)
        return Evaluation(values, ranked, best_sentence, clause, anchor)

    def _anchor(self, masked: str, index: PageIndex) -> int | None:
        """The one-sentence window closest to the masked claim, ranked as evidence is.

        Cosine with the sentence or its best clause, plus half the word coverage (as in
        `evaluate`) and half the share of the claim's numbers the sentence holds: they keep
        the claim's rarer words and figures in the choice.
        Without an embedder only a same-language pair has an anchor (by coverage alone).
        """
        vector = self._vector(masked, index) if masked.strip() else None
        same_language = is_arabic(masked) == (index.language == "ar")
        if vector is None and not (masked.strip() and same_language):
            return None
        terms = bm25.terms(fold(masked))
        coverages = np.array([bm25.coverage(terms, part, index.index.idf) for part in index.terms])
        numbers = [features.number_share(masked, [window.text]) for window in index.windows]
        closest = ANCHOR_COVERAGE_WEIGHT * (coverages + np.array(numbers))
        if vector is not None:
            closest += np.maximum(self._cosines(vector, index), self._clause_cosines(vector, index))
        singles = [i for i, window in enumerate(index.windows) if window.size == 1]
        return max(singles, key=lambda i: float(closest[i]), default=None)

    @staticmethod
    def _best_clause(vector: Vectors | None, index: PageIndex, window: int) -> int | None:
        """The clause row of a one-sentence window closest to a claim vector (None if none).

        A negated claim is matched by its affirmed form, so that its own negation
        does not steer the choice toward a negated clause of the evidence.
        """
        if vector is None or index.clause_vectors is None or not index.windows:
            return None
        sentence = index.windows[window].first
        rows = [i for i, owner in enumerate(index.clause_sentences) if owner == sentence]
        if not rows:
            return None
        return rows[int(np.argmax(index.clause_vectors[rows] @ vector))]

    def _leave_one_out(self, claim: str, words: Sequence[str], target: Vectors) -> float:
        """Largest cosine gain toward `target` from dropping one of `words`, scaled to [0, 1]."""
        if self.embedder is None or not words:
            return 0.0
        variants = [features.without(claim, word) for word in words]
        vectors = self.embedder.encode([claim, *variants]) @ target
        return float(min(1.0, 10 * max(0.0, (vectors[1:] - vectors[0]).max())))

    def _alignment(self, claim: str, index: PageIndex, ranked: Sequence[int]) -> dict[str, float]:
        """Mean and weakest soft alignment of the claim's words with the top windows' words."""
        if self._words is None:
            return {"aligned_mean": 0.0, "aligned_min": 0.0}
        evidence = " ".join(index.windows[i].text for i in ranked)
        present = set(bm25.terms(fold(evidence)))
        latin = names.latin_names(evidence)
        words = align.content_words(claim)
        exact = [features.is_matched(word, present, latin) for word in words]
        soft = [word for word, hit in zip(words, exact, strict=True) if not hit]
        scores = iter(align.alignment(soft, align.content_words(evidence), self._words))
        values = [1.0 if hit else next(scores) for hit in exact] or [0.0]
        return {"aligned_mean": float(np.mean(values)), "aligned_min": float(min(values))}

    def _foreign_word(self, claim: str, index: PageIndex, best: int | None) -> float:
        """How much the claim moves toward its best evidence when one of its words is dropped.

        A swapped name ("Turkish" where the page says "Russian") pulls the claim
        away from the evidence, so leaving it out raises the cosine; a
        paraphrased word carries shared meaning, so leaving it out lowers it.
        Only words the page lacks in every form are tried (all words across scripts).
        """
        if self.embedder is None or best is None or index.window_vectors is None:
            return 0.0
        return self._leave_one_out(
            claim, features.candidate_words(claim, index), index.window_vectors[best]
        )

    def _vector(self, claim: str, index: PageIndex) -> Vectors | None:
        if self.embedder is None or index.window_vectors is None or not len(index.windows):
            return None
        vector: Vectors = self.embedder.encode([claim])[0]
        return vector

    @staticmethod
    def _cosines(vector: Vectors | None, index: PageIndex) -> npt.NDArray[np.float64]:
        if vector is None or index.window_vectors is None:
            return np.zeros(len(index.windows))
        return np.asarray(index.window_vectors @ vector, dtype=np.float64)

    @staticmethod
    def _clause_cosines(vector: Vectors | None, index: PageIndex) -> npt.NDArray[np.float64]:
        """Per window, the best cosine of the claim with a clause of its sentences (0 if none)."""
        result = np.zeros(len(index.windows))
        if vector is None or index.clause_vectors is None or not index.clause_sentences:
            return result
        best = np.zeros(max(index.clause_sentences) + 1)
        np.maximum.at(best, np.array(index.clause_sentences), index.clause_vectors @ vector)
        for number, window in enumerate(index.windows):
            result[number] = best[window.first : window.first + window.size].max(initial=0.0)
        return result

    def _support(
        self,
        claim: str,
        index: PageIndex,
        evaluation: Evaluation,
        probability: float,
        calibration: Calibration,
    ) -> Support:
        best = index.windows[evaluation.ranked[0]] if evaluation.ranked else None
        flags: list[str] = []
        if signals.has_lost_digits(claim):
            flags.append("digits_lost")
        sentence = index.windows[evaluation.best_sentence].text if index.windows else ""
        evidence_polarity = signals.clause_polarity(sentence, claim, evaluation.best_clause)
        if best is not None and signals.polarity(claim) != evidence_polarity:
            flags.append("possible_contradiction")
            probability *= CONTRADICTION_CAP
        if evaluation.features.get("missing_places", 0.0) > 0:
            flags.append("entity_not_on_page")
        anchor = sentence if evaluation.anchor is None else index.windows[evaluation.anchor].text
        if entities.conflict(claim, anchor, index.latin_names) or _arabic_swap(
            claim, anchor, index
        ):
            flags.append("entity_mismatch")
        if self.embedder is None and is_arabic(claim) != (index.language == "ar"):
            flags.append("names_only")
        label = _label(probability, calibration, contradicted="possible_contradiction" in flags)
        if label is SupportLabel.SUPPORTED and CAPPING_FLAGS & set(flags):
            label = SupportLabel.PARTIAL
        return Support(
            score=round(probability, 4),
            label=label,
            claim=claim,
            evidence=best.text if best else "",
            evidence_span=best.span if best else None,
            language=index.language,
            flags=tuple(flags),
            features=tuple(sorted(evaluation.features.items())),
            reason=_reason(label, flags),
        )


def _arabic_swap(claim: str, anchor: str, index: PageIndex) -> bool:
    """An Arabic name of the claim replaced by another in the Arabic anchor (slots.py)."""
    return (
        index.language == "ar"
        and is_arabic(claim)
        and slots.swapped(claim, anchor, index.arabic_names)
    )


def _clauses(text: str) -> list[tuple[int, str]]:
    """The clauses of the page's embedded sentences, each with the number of its sentence."""
    parts = [sentence for sentence, _ in sentences(text)][:MAX_EMBEDDED_SENTENCES]
    return [(number, clause) for number, part in enumerate(parts) for clause in clauses(part)]


def _language(page: PageText) -> str:
    """The page language; its script decides where the declared one contradicts it."""
    arabic = is_arabic(page.text)
    declared = (page.language or "")[:2]
    if declared and (declared == "ar") == arabic:
        return declared
    return "ar" if arabic else "en"


def _label(probability: float, calibration: Calibration, *, contradicted: bool) -> SupportLabel:
    if contradicted:
        return SupportLabel.UNSUPPORTED
    if probability >= calibration.supported:
        return SupportLabel.SUPPORTED
    if probability >= calibration.partial:
        return SupportLabel.PARTIAL
    return SupportLabel.UNSUPPORTED


def _reason(label: SupportLabel, flags: Sequence[str]) -> str:
    if "possible_contradiction" in flags:
        return "the best evidence has the opposite polarity (negation) to the claim"
    if "entity_mismatch" in flags and label is not SupportLabel.UNSUPPORTED:
        return "the evidence names another country or person than the claim"
    return {
        SupportLabel.SUPPORTED: "the page states the claim",
        SupportLabel.PARTIAL: "the page backs part of the claim",
        SupportLabel.UNSUPPORTED: "no passage of the page states the claim",
        SupportLabel.UNKNOWN: "nothing to read",
    }[label]


def _combine(claim: str, parts: Sequence[Support]) -> Support:
    supported = sum(part.label is SupportLabel.SUPPORTED for part in parts)
    label = (
        SupportLabel.SUPPORTED
        if supported == len(parts)
        else SupportLabel.PARTIAL
        if supported or any(part.label is SupportLabel.PARTIAL for part in parts)
        else SupportLabel.UNSUPPORTED
    )
    weakest = min(parts, key=lambda part: part.score)
    best = max(parts, key=lambda part: part.score)
    flags = tuple(sorted({flag for part in parts for flag in part.flags}))
    score = float(np.mean([part.score for part in parts]))
    features = (*best.features, ("subclaims", float(len(parts))))
    return Support(
        score=round(score, 4),
        label=label,
        claim=claim,
        evidence=best.evidence,
        evidence_span=best.evidence_span,
        language=best.language,
        flags=flags,
        features=features,
        reason=f"{supported} of {len(parts)} parts supported; weakest: {weakest.claim[:60]}",
    )


def unknown(claim: str, reason: str) -> Support:
    """A support with nothing to judge: never `unsupported` for a page we could not see."""
    return Support(0.0, SupportLabel.UNKNOWN, claim=claim, reason=reason)


def build_scorer(settings: Settings, *, cache: FeatureCache | None = None) -> SupportScorer:
    """The scorer a run uses: USE when installed, the feature cache, and any configured judge.

    Args:
        settings: `cache_dir` for features.sqlite3; `nli_model_dir` / `llm_url` pick a reranker.
        cache: override the SQLite feature cache (tests, disabled cache).

    Raises:
        ConfigError: the NLI model folder is unusable.
        ArchiveError: the feature cache cannot be opened.
    """
    from citecheck.compare.cache import SqliteCache

    reranker: Reranker | None = None
    if settings.nli_model_dir:
        from citecheck.compare.nli import NliReranker

        reranker = NliReranker(settings.nli_model_dir)
    elif settings.llm_url:
        from citecheck.compare.llm import LlmReranker

        reranker = LlmReranker(settings.llm_url, settings.llm_model, timeout_s=settings.timeout_s)
    store = cache if cache is not None else SqliteCache(settings.cache_dir)
    return SupportScorer(settings, cache=store, reranker=reranker)
