"""The default support scorer: lexical, embedding and name signals fused per language pair.

The cascade for one claim against one page:

1. Nothing to read (no page, or under `Settings.min_page_chars` of text) → `unknown`.
2. Read the page's headline from its title where the text lacks it (headline.py: the
   page reader drops an `<h1>` outside the article) as its first sentence, not where the
   lead frames the claim as false. Normalise both sides (normalize.py) and cut the page
   into 1–3 sentence windows and the long sentences into clauses (windows.py); the
   page's windows, terms, sentence and clause vectors are computed once per content
   digest and cached.
3. Drop URLs left in the claim, split it into sub-claims; for each, rank windows
   by BM25 plus embedding cosine (with the sentence or its best clause: a
   translated claim matches one clause of a long English sentence), and read the
   features of the best ones: word coverage, cosines, names matched across
   scripts, numbers found; and, over the whole page, how much of the claim its
   best few sentences hold together (`span_coverage`: a headline joins its
   article's lead and a later sentence), its words matched also by Arabic root
   (يعوض ~ تعويضا) and number value (6 ~ ستة ~ six), morphology.py; and how long the
   page is (a whole article states a claim in other words than a headline does).
4. The learned classifier of the language pair (classifier.py) turns the
   features — token overlap and BM25 coverage, cosines, names, numbers, and the
   clash cues of stance.py (negation, antonym, role order, another number, debunk
   words) — into P(supported) (the score) and P(contradicted); its thresholds cut
   them into `supported` / `partial` / `unsupported`, and `contradicted` when
   P(contradicted) passes its cut, beats P(supported) and the evidence names a
   clash a reader can check ("claim: up 40%; page: down 15%"). Without the
   sentence encoder the fusion weights of fusion.py decide instead.
5. Check polarity of the best evidence sentence (of its clause closest to the
   claim, across scripts); a mismatch is flagged `possible_contradiction` and
   caps the claim at `unsupported` when it is not `contradicted` (never when the
   claim holds the same negation words as the sentence, e.g. repeats it whole;
   fixed expressions such as لا يزال or لا سيما negate nothing, signals.py).
   A claim whose digits were lost is flagged
   `digits_lost` and its number check is skipped. A claim naming a country or
   person where the sentence that states its predicate names another
   (entities.py; for an Arabic claim on an Arabic page also a name read after a
   title in the same slot, slots.py) is flagged `entity_mismatch` and kept at
   `partial` (an Arabic claim only: entities.conflict says why).
6. Sub-claim labels combine: all supported → supported; some → partial.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np
import numpy.typing as npt

from citecheck.compare import (
    align,
    bm25,
    classifier,
    difference,
    entities,
    features,
    headline,
    names,
    signals,
    slots,
    stance,
)
from citecheck.compare.cache import FeatureCache, MemoryCache, digest
from citecheck.compare.embed import Embedder, MemoEmbedder, Vectors, default_embedder
from citecheck.compare.features import PageIndex
from citecheck.compare.fusion import CROSS, SAME, Calibration, calibrations
from citecheck.compare.normalize import fold, is_arabic
from citecheck.compare.passages import DIMENSIONS, PageVectors, passage_key
from citecheck.compare.windows import (
    clean_claim,
    sentences,
    split_claim,
    windows,
)
from citecheck.config import Settings
from citecheck.models import Citation, PageText, Span, Support, SupportLabel

if TYPE_CHECKING:
    from citecheck.net.relay import RelayClient

logger = logging.getLogger(__name__)

MAX_INDEXED_PAGES = 32
"""Page indexes kept in memory (least recently used dropped): the citations of one page
share its index; vectors outlive it in the feature cache."""
TOP_WINDOWS = 3
"""Windows handed to the features and to optional rerankers (NLI, LLM)."""
CANDIDATE_WINDOWS = 6
"""Windows picked per claim by word coverage and BM25 whose sentences (and neighbours) are
embedded; the rest of a long page is matched lexically only."""
CLAUSE_SENTENCES = 6
"""Candidate sentences, the claim's best by cosine and words, whose clauses are embedded
too: a translated claim is closest to one clause of a long sentence."""
CROSS_CANDIDATES = 40
"""Sentences embedded for a claim in another script, where few words can be shared: those
naming the claim's names and numbers first, then the page's first ones."""
NAME_RANK_WEIGHT = 0.5
"""Without embeddings, across scripts, a window naming the claim's people and places ranks
higher by this much (with them, cosine ranks: a name boost would favour swapped names)."""
ANCHOR_COVERAGE_WEIGHT = 0.5
"""Weight of word and number coverage beside cosine when choosing the anchor sentence."""
LEAD_SENTENCES = 3
"""The headline and lead: where a debunking article frames the claim it repeats."""
CONTRADICTION_CAP = 0.5
"""A polarity mismatch at most halves the score: the page may say the opposite."""
CAPPING_FLAGS = frozenset({"entity_mismatch", "names_only"})
"""Flags that keep a claim at `partial` however high its score: names_only marks a
cross-language pair scored without embeddings, where only names and numbers can meet.
A country the page never names (entity_not_on_page) is only a signal the classifier
weighs: "Sisi: we will…" implies the Egypt of "Sisi says Egypt will…"."""
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
    terms: tuple[str, ...] = ()
    """Sparse terms of what the claim and its best passage do not share (difference.py)."""


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
        inner: Embedder | None = (
            default_embedder() if embedder is _UNSET else embedder  # type: ignore[assignment]
        )
        self.embedder: Embedder | None = MemoEmbedder(inner) if inner is not None else None
        self.cache: FeatureCache = cache if cache is not None else MemoryCache()
        self.reranker = reranker
        self._pages: dict[str, PageIndex] = {}
        self._words = align.WordVectors(self.embedder) if self.embedder is not None else None
        self.learned: dict[str, classifier.SupportModel] | None = classifier.models() or None
        """The learned classifiers, which decide every label (None: the fusion weights)."""

    def score(self, claim: str, page: PageText) -> Support:
        """Score one claim against one page text (see the module docstring for the steps)."""
        if len(page.text.strip()) < self.settings.min_page_chars:
            return unknown(
                claim, f"page has under {self.settings.min_page_chars} characters of text"
            )
        text = clean_claim(claim)
        if not any(char.isalnum() for char in text):
            return unknown(claim, "no claim text once URLs and markup are removed")
        index = self.page_index(page)
        parts = split_claim(text)
        supports = [self._score_part(part, self._debunked(part, page, index)) for part in parts]
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
        """Return (building once per content digest) the derived features of a page.

        A headline its title gives beyond its text (headline.py) is read as its first
        sentence; evidence spans stay spans of `page.text`.
        """
        title = headline.headline(page.title, page.text)
        if title is not None:
            text = f"{title}\n{page.text}"
            page = dataclasses.replace(page, text=text)
        key = digest(page.text)
        index = self._pages.pop(key, None) or self._build_index(
            page, key, len(title or "") + bool(title)
        )
        self._pages[key] = index  # most recently used last
        while len(self._pages) > MAX_INDEXED_PAGES:
            self._pages.pop(next(iter(self._pages)))
        return index

    def _debunked(self, claim: str, page: PageText, index: PageIndex) -> PageIndex:
        """The page without the headline of its title where its lead frames the claim as
        false: a page titled with a rumour that its article denies backs nothing by its
        title (the lead is read with and without the title: with it, the title's own
        repetition of the claim sets how much of it a framing clause must repeat). A title
        that frames the claim itself ("حقيقة ...", "The truth about ...") is kept: it is
        the clearest debunk cue of the page."""
        if not index.offset:
            return index
        words = stance.content(claim)
        if stance.debunk(index.text[: index.offset - 1], words) is not None:  # the title's
            return index
        own_sentences = (
            window.text
            for window in index.windows
            if window.size == 1 and window.span.start >= index.offset
        )
        lead = " ".join(itertools.islice(own_sentences, LEAD_SENTENCES))
        if stance.debunk(lead, words) is None and stance.debunk(index.lead, words) is None:
            return index
        return self.page_index(dataclasses.replace(page, title=None))

    def _build_index(self, page: PageText, key: str, offset: int = 0) -> PageIndex:
        page_windows = tuple(windows(page.text))
        parts = [sentence for sentence, _ in sentences(page.text)]
        per_sentence = [bm25.terms(fold(sentence)) for sentence in parts]
        sentence_names = [frozenset(names.latin_names(sentence)) for sentence in parts]
        language = _language(page)
        page_terms = tuple(term for part in per_sentence for term in part)
        vectors = (
            PageVectors(parts, page_windows, self._embed_passages)
            if self.embedder is not None
            else None
        )
        return PageIndex(
            text=page.text,
            language=language[:2],
            windows=page_windows,
            page_terms=page_terms,
            term_set=frozenset(page_terms),
            lead=" ".join(parts[:LEAD_SENTENCES]),
            index=bm25.BM25(per_sentence, [(w.first, w.size) for w in page_windows]),
            latin_names=frozenset(names.latin_names(page.text)),
            vectors=vectors,
            window_names=tuple(
                frozenset().union(*sentence_names[w.first : w.first + w.size]) for w in page_windows
            ),
            arabic_names=slots.page_names(page.text) if language[:2] == "ar" else frozenset(),
            sentence_terms=features.SentenceTerms.of(per_sentence),
            offset=offset,
        )

    def _embed_passages(self, texts: list[str]) -> Vectors:
        """Vectors of passages, from the feature cache by digest, the rest in one batch."""
        assert self.embedder is not None
        keys = [passage_key(self.embedder.name, text) for text in texts]
        found: dict[int, Vectors] = {}
        for number, key in enumerate(keys):
            cached = self.cache.get(key)
            if cached is not None and len(cached) == 4 * DIMENSIONS:
                found[number] = np.frombuffer(cached, dtype=np.float32)
        missing = [number for number in range(len(texts)) if number not in found]
        if missing:
            fresh = self.embedder.encode([texts[number] for number in missing])
            rows = np.asarray(fresh, dtype=np.float32).reshape(len(missing), DIMENSIONS)
            for number, row in zip(missing, rows, strict=True):
                found[number] = row
            self.cache.put_many([(keys[number], found[number].tobytes()) for number in missing])
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([found[number] for number in range(len(texts))])

    def _score_part(self, claim: str, index: PageIndex) -> Support:
        evaluation = self.evaluate(claim, index)
        model = self._model(claim, index)
        if model is not None:
            probabilities = model.probabilities(evaluation.features, evaluation.terms)
            probability = float(probabilities[classifier.SUPPORTED])
            against = float(probabilities[classifier.CONTRADICTED])
            supported = model.supported_cut(evaluation.features.get(classifier.PAGE_LENGTH, 1.0))
            cuts = Cuts(supported, model.partial, model.contradicted, against, learned=True)
        else:
            calibration = self._calibration(claim, index)
            probability = calibration.probability(evaluation.features)
            cuts = Cuts(calibration.supported, calibration.partial)
        if self.reranker is not None:
            top = [index.windows[i].text for i in evaluation.ranked]
            judged = self.reranker.judge(claim, top)
            if judged is not None:
                evaluation.features["reranker"] = judged
                probability = (probability + judged) / 2
        return self._support(claim, index, evaluation, probability, cuts)

    def _model(self, claim: str, index: PageIndex) -> classifier.SupportModel | None:
        """The shipped classifier for this language pair (None: the fusion weights decide).

        Without the sentence encoder (a degraded mode) the fusion weights of fusion.py
        decide: a lexical classifier ranked our own labelled set worse than they do.
        """
        if self.learned is None or self.embedder is None:
            return None
        return self.learned.get(SAME if is_arabic(claim) == (index.language == "ar") else CROSS)

    def _calibration(self, claim: str, index: PageIndex) -> Calibration:
        pair = SAME if is_arabic(claim) == (index.language == "ar") else CROSS
        table = calibrations()
        if self.embedder is None:
            return table.get(f"{pair}_lexical", table[pair])
        return table[pair]

    def evaluate(self, claim: str, index: PageIndex) -> Evaluation:
        """Compute the features of one (sub-)claim against a page and rank its windows."""
        self._prime(claim, index)
        claim_terms = bm25.terms(fold(claim))
        coverages = index.index.coverages(claim_terms)
        lexical = np.array(index.index.scores(claim_terms))
        lexical = lexical / lexical.max() if lexical.size and lexical.max() > 0 else lexical
        if index.vectors is not None:
            index.vectors.ensure(self._candidates(claim, coverages + 0.5 * lexical, index))
        vector = self._vector(claim, index)
        cosines = self._cosines(vector, index)
        if index.vectors is not None:
            index.vectors.ensure((), clauses=_best_sentences(cosines + coverages + lexical, index))
        clause_cosines = np.maximum(cosines, self._clause_cosines(vector, index))
        ranking = clause_cosines + 0.5 * coverages + 0.25 * lexical
        if vector is None and is_arabic(claim) != (index.language == "ar"):
            ranking += NAME_RANK_WEIGHT * features.window_name_shares(claim, index)
        order = [int(i) for i in np.argsort(-ranking)]
        ranked = order[:TOP_WINDOWS]
        best_sentence = next((i for i in order if index.windows[i].size == 1), 0)
        values = {
            **features.coverages(claim_terms, index, best_sentence),
            "cosine": float(cosines.max(initial=0.0)),
            "clause_cosine": float(clause_cosines.max(initial=0.0)),
            "sentence_cosine": features.sentence_max(cosines, index),
            "names": features.name_share(claim, index),
            "numbers": features.number_share(claim, [index.windows[i].text for i in ranked]),
            "has_numbers": float(bool(signals.numbers(claim))),
            "missing_places": features.missing_places(claim, index),
            "missing_words": min(4.0, bm25.missing(claim_terms, index.page_terms)) / 4,
            "sentence_names": features.sentence_names(claim, index, best_sentence),
            "page_sentences": features.page_sentences(index),
            **self._alignment(claim, index, ranked),
        }
        affirmed = (
            self._vector(signals.affirmed(claim), index) if signals.polarity(claim) else vector
        )
        row = self._best_clause(affirmed, index, best_sentence)
        clause = index.clause_texts[row] if row is not None else ""
        unnamed = slots.masked(entities.masked(claim, index.latin_names), index.arabic_names)
        anchor = self._anchor(unnamed, index)
        passage = index.windows[ranked[0]].text if ranked else ""
        values.update(stance.cues(claim, passage, index.lead, index.term_set))
        sentence = index.windows[best_sentence].text if index.windows else ""
        dense, terms = difference.features(claim, sentence)
        values.update(dense)
        values["debunk_sentence"] = float(
            stance.debunk(sentence, stance.content(claim)) is not None
        )
        anchor_text = (
            index.windows[anchor if anchor is not None else best_sentence].text
            if (index.windows)
            else ""
        )
        values["entity_mismatch"] = float(
            entities.conflict(claim, anchor_text, index.latin_names)
            or _arabic_swap(claim, anchor_text, index)
        )
        return Evaluation(values, ranked, best_sentence, clause, anchor, terms)

    @staticmethod
    def chosen(evaluation: Evaluation, index: PageIndex) -> tuple[str, str]:
        """The texts of the best passage and of the best one-sentence window ("" without)."""
        if not index.windows:
            return "", ""
        passage = index.windows[evaluation.ranked[0]].text if evaluation.ranked else ""
        return passage, index.windows[evaluation.best_sentence].text

    @staticmethod
    def _candidates(claim: str, lexical: npt.NDArray[np.float64], index: PageIndex) -> set[int]:
        """The sentences worth embedding for a claim: its best lexical windows and their
        neighbours, the headline and lead, and across scripts the sentences naming its
        names, then the page's first ones."""
        wanted = set(range(LEAD_SENTENCES))
        for number in np.argsort(-lexical)[:CANDIDATE_WINDOWS]:
            window = index.windows[int(number)]
            wanted.update(range(window.first - 1, window.first + window.size + 1))
        if is_arabic(claim) != (index.language == "ar"):
            shares = features.window_name_shares(claim, index)
            for number in np.argsort(-shares)[: CROSS_CANDIDATES // 3]:
                if shares[number] > 0:
                    window = index.windows[int(number)]
                    wanted.update(range(window.first, window.first + window.size))
            wanted.update(range(max(0, CROSS_CANDIDATES - len(wanted))))
        return wanted

    def _prime(self, claim: str, index: PageIndex) -> None:
        """Embed in one batch every text the claim's features will ask for."""
        if self.embedder is None or index.window_vectors is None:
            return
        unnamed = slots.masked(entities.masked(claim, index.latin_names), index.arabic_names)
        texts = [claim, signals.affirmed(claim), unnamed, *align.content_words(claim)]
        self.embedder.encode([text for text in texts if text.strip()])

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
        coverages = index.index.coverages(terms)
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
        if vector is None or index.vectors is None or not index.windows:
            return None
        sentence = index.windows[window].first
        index.vectors.ensure((), clauses=[sentence])
        rows = [i for i, owner in enumerate(index.clause_sentences) if owner == sentence]
        if not rows:
            return None
        return rows[int(np.argmax(index.vectors.clause_vectors[rows] @ vector))]

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
        cuts: Cuts,
    ) -> Support:
        best = index.windows[evaluation.ranked[0]] if evaluation.ranked else None
        flags: list[str] = []
        if signals.has_lost_digits(claim):
            flags.append("digits_lost")
        sentence = index.windows[evaluation.best_sentence].text if index.windows else ""
        if best is not None and signals.disagrees(claim, sentence, evaluation.best_clause):
            flags.append("possible_contradiction")
            if not cuts.learned:  # the classifier weighs negation itself
                probability *= CONTRADICTION_CAP
        clash = stance.clash(
            claim, best.text if best else "", index.lead, index.term_set, evaluation.best_clause
        )
        if cuts.contradicted is not None and clash.kind not in stance.EXPLICIT:
            cuts = dataclasses.replace(cuts, contradicted=None)  # no clash a reader can check
        if evaluation.features.get("missing_places", 0.0) > 0:
            flags.append("entity_not_on_page")
        if evaluation.features.get("entity_mismatch", 0.0) > 0:
            flags.append("entity_mismatch")
        if self.embedder is None and is_arabic(claim) != (index.language == "ar"):
            flags.append("names_only")
        label = _label(probability, cuts, flags)
        if label is SupportLabel.SUPPORTED and CAPPING_FLAGS & set(flags):
            label = SupportLabel.PARTIAL
        reason = _reason(label, flags)
        if label is SupportLabel.CONTRADICTED:
            flags.append(f"clash_{clash.kind}")
            reason = f"the page says otherwise ({clash.description})"
        return Support(
            score=round(probability, 4),
            label=label,
            claim=claim,
            evidence=best.text if best else "",
            evidence_span=_in_text(best.span, index.offset) if best else None,
            language=index.language,
            flags=tuple(flags),
            features=tuple(sorted(evaluation.features.items())),
            reason=reason,
        )


@dataclass(frozen=True, slots=True)
class Cuts:
    """Where probabilities become labels, and the probability that the page says otherwise."""

    supported: float
    partial: float
    contradicted: float | None = None
    """P(contradicted) from which a claim is `contradicted` (None: not contradicted)."""
    against: float = 0.0
    learned: bool = False
    """Whether the classifier decides (it weighs negation itself, so a polarity mismatch
    does not also halve its score); otherwise the fusion weights do."""


def _best_sentences(scores: npt.NDArray[np.float64], index: PageIndex) -> list[int]:
    """The sentences of the CLAUSE_SENTENCES best one-sentence windows by `scores`."""
    singles = [i for i, window in enumerate(index.windows) if window.size == 1]
    best = sorted(singles, key=lambda i: -float(scores[i]))[:CLAUSE_SENTENCES]
    return [index.windows[i].first for i in best]


def _in_text(span: Span, offset: int) -> Span | None:
    """A span of the indexed text as a span of the page's own text: the part after a
    headline read from the title, which the text does not hold (None: only the headline)."""
    if span.end <= offset:
        return None
    return Span(max(0, span.start - offset), span.end - offset)


def _arabic_swap(claim: str, anchor: str, index: PageIndex) -> bool:
    """An Arabic name of the claim replaced by another in the Arabic anchor (slots.py)."""
    return (
        index.language == "ar"
        and is_arabic(claim)
        and slots.swapped(claim, anchor, index.arabic_names)
    )


def _language(page: PageText) -> str:
    """The page language; its script decides where the declared one contradicts it."""
    arabic = is_arabic(page.text)
    declared = (page.language or "")[:2]
    if declared and (declared == "ar") == arabic:
        return declared
    return "ar" if arabic else "en"


def _label(probability: float, cuts: Cuts, flags: Sequence[str]) -> SupportLabel:
    against = cuts.against >= (cuts.contradicted or 2.0) and cuts.against > probability
    if against:
        return SupportLabel.CONTRADICTED
    if "possible_contradiction" in flags:
        return SupportLabel.UNSUPPORTED
    if probability >= cuts.supported:
        return SupportLabel.SUPPORTED
    if probability >= cuts.partial:
        return SupportLabel.PARTIAL
    return SupportLabel.UNSUPPORTED


def _reason(label: SupportLabel, flags: Sequence[str]) -> str:
    if "possible_contradiction" in flags and label is SupportLabel.UNSUPPORTED:
        return "the best evidence has the opposite polarity (negation) to the claim"
    if "entity_mismatch" in flags and label is not SupportLabel.UNSUPPORTED:
        return "the evidence names another country or person than the claim"
    return {
        SupportLabel.SUPPORTED: "the page states the claim",
        SupportLabel.PARTIAL: "the page backs part of the claim",
        SupportLabel.UNSUPPORTED: "no passage of the page states the claim",
        SupportLabel.CONTRADICTED: "the page says otherwise",
        SupportLabel.UNKNOWN: "nothing to read",
    }[label]


def _combine(claim: str, parts: Sequence[Support]) -> Support:
    supported = sum(part.label is SupportLabel.SUPPORTED for part in parts)
    against = [part for part in parts if part.label is SupportLabel.CONTRADICTED]
    label = (
        SupportLabel.CONTRADICTED
        if against
        else SupportLabel.SUPPORTED
        if supported == len(parts)
        else SupportLabel.PARTIAL
        if supported or any(part.label is SupportLabel.PARTIAL for part in parts)
        else SupportLabel.UNSUPPORTED
    )
    weakest = min(parts, key=lambda part: part.score)
    best = against[0] if against else max(parts, key=lambda part: part.score)
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
        reason=best.reason
        if against
        else f"{supported} of {len(parts)} parts supported; weakest: {weakest.claim[:60]}",
    )


def unknown(claim: str, reason: str) -> Support:
    """A support with nothing to judge: never `unsupported` for a page we could not see."""
    return Support(0.0, SupportLabel.UNKNOWN, claim=claim, reason=reason)


def build_scorer(
    settings: Settings, *, cache: FeatureCache | None = None, llm_relay: RelayClient | None = None
) -> SupportScorer:
    """The scorer a run uses: USE when installed, the feature cache, and any configured judge.

    Args:
        settings: `cache_dir` for features.sqlite3; `nli_model_dir` / `llm_url` pick a reranker.
        cache: override the SQLite feature cache (tests, disabled cache).
        llm_relay: in a worker process, the way the LLM judge's requests reach the run's
            HTTP client (net/relay.py).

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

        reranker = LlmReranker(
            settings.llm_url,
            settings.llm_model,
            timeout_s=settings.timeout_s,
            settings=settings,
            relay=llm_relay,
        )
    store = cache if cache is not None else SqliteCache(settings.cache_dir)
    return SupportScorer(settings, cache=store, reranker=reranker)
