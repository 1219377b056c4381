"""False clashes seen on whole article pages (our own sentences of the same shapes): each
named clash must be one the page states against the claim, not one it agrees with."""

from __future__ import annotations

import pytest

from citecheck.compare import entities, names, signals, stance
from citecheck.compare.normalize import fold


def _kind(claim: str, passage: str, lead: str = "") -> str:
    return stance.clash(claim, passage, lead).kind


RUMOUR_PAGE = (
    "نفت وزارة الصحة ما تداولته مواقع التواصل عن إغلاق مستشفى الزرقاء الحكومي، "
    "وقالت إن الخبر شائعة لا أساس لها"
)


@pytest.mark.parametrize(
    ("claim", "page"),
    [
        ("نفت وزارة الصحة شائعة إغلاق مستشفى الزرقاء الحكومي", RUMOUR_PAGE),
        ("أكدت وزارة الصحة أن مستشفى الزرقاء الحكومي لن يغلق", RUMOUR_PAGE),
        (
            "The ministry dismissed the rumour that the Zarqa hospital will close",
            "Reports that the Zarqa hospital will close are false, the health ministry said",
        ),
        (
            "The Zarqa hospital will not close, the health ministry said",
            "Fact check: Will the Zarqa hospital close? The claim is fake, the ministry said",
        ),
    ],
)
def test_a_claim_restating_the_denial_agrees_with_the_debunk(claim: str, page: str) -> None:
    assert _kind(claim, page, page) not in stance.EXPLICIT


def test_a_debunk_of_the_opposite_claim_is_no_clash() -> None:
    claim = "رفعت الحكومة أسعار الوقود بنسبة 10 بالمئة الشهر الماضي"
    lead = "حقيقة خفض أسعار الوقود: الحكومة تنفي الشائعة"
    assert stance.debunk(lead, stance.content(claim)) is None
    # the debunk of the claim itself is still named
    assert stance.debunk("حقيقة رفع أسعار الوقود بنسبة 10 بالمئة", stance.content(claim))


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        # the verb's subject follows an Arabic denial verb: it is not what is denied
        (
            "قررت وزارة التربية والتعليم تطبيق نظام البكالوريا بديلا للثانوية العامة",
            "نفت وزارة التربية والتعليم صحة ما تداولته الصفحات عن تسريب امتحان الثانوية العامة",
        ),
        (
            "The health ministry opened a new clinic in Zarqa",
            "The health ministry denied that a clinic in Zarqa was closed",
        ),
        (
            "أكدت هيئة الزكاة أن نسبة الضريبة باقية دون تعديل",
            "نفت هيئة الزكاة صحة ما تداولته الحسابات عن خفض نسبة الضريبة",
        ),
    ],
)
def test_a_reported_denial_is_not_the_page_negating(claim: str, passage: str) -> None:
    assert not signals.disagrees(claim, passage)


def test_a_denial_of_the_claim_itself_is_still_a_debunk() -> None:
    claim = "أغلقت وزارة الصحة مستشفى الزرقاء الحكومي"
    assert _kind(claim, RUMOUR_PAGE, RUMOUR_PAGE) == "debunk"


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        (
            "لا يصبح أي تعديل في أسعار الوقود نافذا إلا بعد موافقة مجلس الوزراء",
            "أي تعديل في أسعار الوقود يصبح نافذا بعد موافقة مجلس الوزراء",
        ),
        (
            "No fuel price change takes effect except after cabinet approval",
            "A fuel price change takes effect after cabinet approval",
        ),
        (
            "أغلقت المدارس أبوابها باستثناء مدارس العاصمة",
            "لم تغلق مدارس العاصمة أبوابها بينما أغلقت المدارس في باقي المحافظات",
        ),
    ],
)
def test_an_exception_is_no_negation_of_the_whole(claim: str, passage: str) -> None:
    assert not signals.disagrees(claim, passage)


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        ("لم يصدر الحكم بعد على المتهم في قضية الفساد", "المتهم في قضية الفساد ينتظر الحكم"),
        (
            "The former minister has not yet been sentenced in the corruption case",
            "The former minister is awaiting sentencing in the corruption case",
        ),
        (
            "The verdict in the corruption case has not been issued yet",
            "The verdict in the corruption case is still pending",
        ),
    ],
)
def test_not_yet_agrees_with_awaiting(claim: str, passage: str) -> None:
    assert not signals.disagrees(claim, passage)
    assert _kind(claim, passage) not in stance.EXPLICIT


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        ("وصف الخبراء الزلزال بأنه لم يكن ضعيفا", "وصف الخبراء الزلزال بأنه قوي"),
        ("Experts said the earthquake was strong", "Experts said the earthquake was not weak"),
        ("The earthquake was not weak, experts said", "The earthquake was strong, experts said"),
        ("الزلزال كان قويا بحسب الخبراء", "الزلزال لم يكن ضعيفا بحسب الخبراء"),
    ],
)
def test_a_negated_antonym_agrees(claim: str, passage: str) -> None:
    assert _kind(claim, passage) not in stance.EXPLICIT


def test_a_plain_antonym_and_a_plain_negation_still_clash() -> None:
    assert _kind("الزلزال كان قويا بحسب الخبراء", "الزلزال كان ضعيفا بحسب الخبراء") == "antonym"
    strong, weak = "Experts said the earthquake was strong", "Experts said the earthquake was weak"
    assert _kind(strong, weak) == "antonym"
    opened = "The health ministry opened a new clinic"
    assert _kind(opened, "The health ministry did not open a clinic") == "negation"


def test_a_question_on_the_page_asserts_nothing() -> None:
    claim = "افتتح وزير الصحة مستشفى جديدا في مدينة الزرقاء"
    assert not signals.disagrees(claim, "هل لم يفتتح وزير الصحة مستشفى جديدا في مدينة الزرقاء؟")


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        # two quantities of the claim: the page's figure of one is no clash with the other
        (
            "تقدم أكثر من 850 ألف مترشح لامتحان البكالوريا، وأقصي منهم 1240 بسبب الغش",
            "وكشفت الوزارة أن 1240 مترشحا أقصوا من الامتحان بسبب الغش",
        ),
        (
            "Over 850,000 voters registered, and 1,240 of them were barred for fraud",
            "The commission said 1,240 voters were barred for fraud",
        ),
        # a difference and a total of the page's figures
        (
            "ارتفع عدد الزوار بمقدار 300 ألف زائر هذا العام",
            "ارتفع عدد الزوار من 1.2 مليون زائر إلى 1.5 مليون زائر هذا العام",
        ),
        (
            "The two blasts killed 20 people",
            "The first blast killed 12 people and the second killed 8 people",
        ),
        # a rounded figure
        ("نسبة المشاركة لم تتجاوز 14 بالمئة", "بلغت نسبة المشاركة 13.8 بالمئة"),
    ],
)
def test_numbers_the_page_accounts_for_are_no_clash(claim: str, passage: str) -> None:
    assert stance.number_clash(claim, passage) is None


def test_a_changed_number_still_clashes_with_its_evidence_named() -> None:
    found = stance.clash("Water level up 40% in 2019", "Water level down 15% in 2019", "")
    assert found.kind == "number"
    assert found.description == "claim: up 40%; page: down 15%"
    assert stance.number_clash("قتل 20 شخصا في الانفجارين", "قتل 12 شخصا في الانفجار الأول")


def test_amman_is_not_oman() -> None:
    # عمّان (Amman) folds to عمان, Oman's name: the bare word names no country
    assert names.country("عمان") is None
    assert names.country("بعمان") is None
    assert names.country(fold("العمانية")) == "Oman"
    claim = "افتتح وزير الصحة مستشفى جديدا في عمّان"
    anchor = "افتتح وزير الصحة الأردني مستشفى جديدا في العاصمة"
    assert not entities.conflict(claim, anchor, [])
    assert entities.conflict("افتتح وزير الصحة مستشفى جديدا في سوريا", anchor, [])


def test_a_denial_answers_a_claim_of_what_the_same_speaker_said() -> None:
    claim = "أقرت وزارة الدفاع بأن طائراتها استهدفت مواقع مدنية في المدينة"
    assert signals.disagrees(claim, "نفت وزارة الدفاع أن طائراتها استهدفت مواقع مدنية في المدينة")
    english = "The defence ministry denied its planes had struck civilian targets in the city"
    assert signals.disagrees(claim, english, english)


def test_a_judgement_of_falsehood_in_the_sentence_answers_a_negated_claim_across_scripts() -> None:
    claim = "مشروب الثوم والليمون لا يشفي من حمى الضنك"
    sentence = (
        'Messages claiming that a garlic and lemon drink "cures dengue fever" are false, '
        "the ministry of health told reporters this week."
    )
    assert not signals.disagrees(claim, sentence, "the ministry of health told reporters")


def test_a_denial_verb_across_scripts_frames_nothing_by_itself() -> None:
    claim = stance.content("تشغل الخطوط القطرية ثلاث رحلات يومية بين الدوحة وبيروت")
    passage = "A spokesperson denied the image and said the airline flies three times a day"
    assert stance.debunk(passage, claim) is None
    assert stance.debunk("The claim about three daily flights is fake", claim) == "fake"


def test_a_bound_is_affirmed_only_by_a_clause_that_speaks_of_exceeding_it() -> None:
    claim = "نسبة المشاركة في الدور الثاني لم تتجاوز 14 بالمئة"
    assert not signals.disagrees(claim, "بلغت نسبة المشاركة في الدور الثاني 13.8 بالمئة")
    assert signals.disagrees(claim, "نسبة المشاركة في الدور الثاني تتجاوز 14 بالمئة")


def test_a_figure_is_not_the_sum_of_itself() -> None:
    claim = "خفض البنك المركزي الفائدة بواقع 200 نقطة أساس"
    passage = "خفض البنك المركزي الفائدة بواقع 100 نقطة أساس بعد خفض سابق بواقع 100 نقطة أساس"
    found = stance.number_clash(claim, passage)
    assert found is not None
    assert "200" in found[0]


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        (
            "نال القانون تأييد 67 نائبا في جلسة البرلمان",
            "وصوت لصالح القانون 67 نائبا في جلسة البرلمان، فيما عارضه 31 نائبا",
        ),
        (
            "The law won the backing of 67 MPs",
            "67 MPs voted in favour of the law, while 31 opposed it",
        ),
    ],
)
def test_votes_for_and_against_are_no_antonym_clash_for_the_votes_for(
    claim: str, passage: str
) -> None:
    assert _kind(claim, passage) != "antonym"
    assert _kind("رفض البرلمان القانون بأغلبية كبيرة", "صوت البرلمان لصالح القانون بأغلبية") in (
        "antonym",
        "negation",
    )


def test_a_figure_the_page_gives_beside_the_other_side_clashes() -> None:
    passage = "وصوت لصالح القانون 67 نائبا في جلسة البرلمان، فيما عارضه 31 نائبا"
    found = stance.clash("أيد 31 نائبا فقط القانون في جلسة البرلمان", passage, "")
    assert found.kind == "antonym"
    assert found.description == "claim: ايد 31; page: عارضه 31"
    english = stance.clash("Only 31 MPs backed the law", "67 MPs backed the law; 31 opposed it", "")
    assert english.description == "claim: backed 31; page: opposed 31"
