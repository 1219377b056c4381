"""Word forms stems do not match (Arabic derivation, number words) and claims spread over a page."""

from __future__ import annotations

import math

import pytest

from citecheck.compare import SupportScorer, bm25, features, morphology
from citecheck.compare.normalize import fold
from citecheck.config import Settings
from citecheck.models import PageText


def _roots(word: str) -> set[str]:
    return set(morphology.roots(bm25.stems(fold(word))))


@pytest.mark.parametrize(
    ("verb", "noun"),
    [
        ("يعوض", "تعويضا"),  # he compensates ~ compensation (تفعيل)
        ("يعتقل", "الاعتقال"),  # he arrests ~ the arrest (افتعال)
        ("يفتتح", "افتتاح"),  # he opens ~ opening
        ("تنطلق", "انطلاق"),  # it starts ~ the start (انفعال)
        ("يستقبل", "استقبال"),  # he receives ~ reception (استفعال)
        ("يشارك", "المشاركين"),  # he takes part ~ the participants (فاعل)
        ("يتفقد", "تفقد"),  # he inspects ~ inspection (تفعّل)
        ("يزور", "زيارة"),  # he visits ~ a visit (hollow root)
        ("يقتل", "مقتل"),  # he kills ~ the killing of (مفعل)
    ],
)
def test_a_verb_and_its_verbal_noun_share_a_root(verb: str, noun: str) -> None:
    assert _roots(verb) & _roots(noun)


@pytest.mark.parametrize(
    ("first", "second"),
    [("يعوض", "يعتقل"), ("افتتاح", "استقبال"), ("وزير", "زيارة"), ("مقتل", "مكتب")],
)
def test_words_of_other_roots_do_not_meet(first: str, second: str) -> None:
    assert not _roots(first) & _roots(second)


def test_a_bare_stem_with_a_long_vowel_gets_no_root() -> None:
    assert morphology.roots(("زير",)) == ()
    assert morphology.roots(("قتل",)) == ("قتل",)


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("ستة", "6"),
        ("ست", "6"),
        ("وثلاثة", "3"),
        ("الخمسة", "5"),
        ("بعشرين", "20"),
        ("ألفين", "2000"),
        ("مائة", "100"),
        ("six", "6"),
        ("Twenty", "20"),
        ("٦", "6"),
        ("06", "6"),
        ("2015", "2015"),
    ],
)
def test_number_words_and_digits_read_as_one_value(word: str, value: str) -> None:
    assert morphology.number_value(fold(word)) == value


@pytest.mark.parametrize("word", ["ستار", "وزير", "sixth", "someone", "ثالث"])
def test_other_words_have_no_number_value(word: str) -> None:
    assert morphology.number_value(fold(word)) is None


PAGE = (
    "قام أمير المنطقة اليوم بجولة تفقدية في مستشفى الملك فهد بعد السيول.\n"
    "وأكد المتحدث باسم الإمارة أن الطقس سيتحسن خلال الأيام المقبلة.\n"
    "وتواصل فرق الدفاع المدني فتح الطرق التي أغلقتها المياه.\n"
    "وأعلن الأمير أن الدولة ستصرف تعويضا لكل أسرة متضررة.\n"
    "وبلغ عدد المصابين في المستشفى ستة أشخاص غادر أربعة منهم."
)


def _span(claim: str, page: str = PAGE, sentence: int = 0) -> dict[str, float]:
    """The coverage features of a claim, with the page's sentence number `sentence` as the
    best sentence."""
    scorer = SupportScorer(Settings(min_page_chars=0), embedder=None)
    index = scorer.page_index(PageText(url="https://forms.test/", text=page, language="ar"))
    window = next(
        i for i, one in enumerate(index.windows) if one.first == sentence and one.size == 1
    )
    return features.coverages(bm25.terms(fold(claim)), index, window)


def test_a_headline_joining_the_lead_and_a_later_sentence_is_covered_by_both() -> None:
    span = _span("أمير المنطقة يتفقد مستشفى الملك فهد.. ويعلن صرف تعويض لكل أسرة متضررة")
    assert span["span_coverage"] > 0.8  # يتفقد ~ تفقدية and ويعلن ~ وأعلن by root: half a word
    assert span["span_gain"] > 0.3  # no one sentence holds it
    assert span["coverage"] < span["span_coverage"]  # nor three neighbouring ones
    assert span["sentence_coverage"] <= span["coverage"] <= span["page_coverage"]


def test_a_number_in_digits_matches_the_number_written_out() -> None:
    last = len(PAGE.splitlines()) - 1
    span = _span("6 مصابين في المستشفى", sentence=last)
    assert span["sentence_coverage"] == pytest.approx(1.0)
    assert _span("9 مصابين في المستشفى", sentence=last)["sentence_coverage"] < 0.9


def test_a_verb_matches_its_verbal_noun_for_part_of_a_word() -> None:
    derived = _span("الأمير يعوض كل أسرة متضررة")["page_coverage"]
    unrelated = _span("الأمير يعتقل كل أسرة متضررة")["page_coverage"]
    assert 0 < derived - unrelated < 1


def test_a_claim_on_another_topic_is_barely_covered() -> None:
    span = _span("وزير الخارجية يلتقي نظيره الروسي في موسكو")
    assert span["span_coverage"] < 0.2
    assert span["span_gain"] == 0


def test_english_number_words_match_digits() -> None:
    page = (
        "Six people were injured when the roof of the market collapsed on Monday.\n"
        "The mayor said repairs would take three weeks."
    )
    with_digits = _span("6 injured as market roof collapses", page)
    other = _span("9 injured as market roof collapses", page)
    assert with_digits["sentence_coverage"] > other["sentence_coverage"]


def test_the_scorer_reports_the_span_it_read() -> None:
    scorer = SupportScorer(Settings(min_page_chars=0), embedder=None)
    page = PageText(url="https://forms.test/", text=PAGE, language="ar")
    claim = "أمير المنطقة يتفقد مستشفى الملك فهد.. ويعلن صرف تعويض لكل أسرة متضررة"
    values = dict(scorer.score(claim, page).features)
    assert values["span_coverage"] > values["sentence_coverage"]


def test_the_page_length_feature_tells_a_headline_from_an_article() -> None:
    scorer = SupportScorer(Settings(min_page_chars=0), embedder=None)
    one = scorer.page_index(
        PageText(url="https://forms.test/1", text="سطر واحد فقط", language="ar")
    )
    whole = scorer.page_index(PageText(url="https://forms.test/2", text=PAGE, language="ar"))
    assert features.page_sentences(one) == 0.0
    assert features.page_sentences(whole) == pytest.approx(math.log(len(PAGE.splitlines())))


def test_the_page_length_feature_stops_growing_past_the_pages_it_was_fitted_on() -> None:
    scorer = SupportScorer(Settings(min_page_chars=0), embedder=None)
    lines = [f"وقال المتحدث في التعليق رقم {n} إن الخدمة تحسنت كثيرا." for n in range(400)]
    long_page = PageText(url="https://forms.test/3", text="\n".join(lines), language="ar")
    index = scorer.page_index(long_page)
    assert index.sentence_terms is not None
    assert index.sentence_terms.size > 300
    assert features.page_sentences(index) == pytest.approx(math.log(features.PAGE_SENTENCES_CAP))
