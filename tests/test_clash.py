"""A clash is one the page states and a reader can check: false clashes seen on whole real
articles and translations (our own sentences of the same shape), and real ones still named."""

from __future__ import annotations

import pytest

from citecheck.compare import signals, stance

HOSPITAL = "افتتح وزير الصحة مستشفى جديدا في مدينة الزرقاء"


def _kind(claim: str, passage: str, lead: str = "") -> str:
    return stance.clash(claim, passage, lead).kind


@pytest.mark.parametrize(
    "passage",
    [
        # the negation stands in another sentence of the passage
        "افتتح وزير الصحة اليوم مستشفى جديدا في مدينة الزرقاء. ولم تعلن الوزارة موعد افتتاح "
        "مستشفى إربد",
        # the negation governs another predicate of the same clause
        "افتتح وزير الصحة مستشفى جديدا في مدينة الزرقاء ولم يكن هناك أي تأخير في العمل",
    ],
)
def test_a_negation_that_does_not_govern_the_claim_is_no_clash(passage: str) -> None:
    assert _kind(HOSPITAL, passage) != "negation"
    assert not signals.disagrees(HOSPITAL, passage)


def test_a_negation_of_the_claims_predicate_is_still_a_clash() -> None:
    passage = "لم يفتتح وزير الصحة المستشفى الجديد في مدينة الزرقاء، إذ أجل الافتتاح"
    assert _kind(HOSPITAL, passage) == "negation"
    assert signals.disagrees("The minister attended the summit", "The minister did not attend")


def test_a_year_is_no_clash_with_a_count() -> None:
    assert _kind("قتل 12 شخصا في انفجار بالعاصمة", "وقع الانفجار في سوق العاصمة عام 2018") != (
        "number"
    )
    assert stance.number_clash("Prices rose 4% in March", "The 2019 budget was approved") is None


@pytest.mark.parametrize(
    ("claim", "passage", "said"),
    [
        ("قتل 12 شخصا في انفجار بالعاصمة", "قتل 30 شخصا في انفجار بالعاصمة", ("12", "30")),
        ("ارتفع عدد السياح 30 بالمئة", "تراجع عدد السياح 12 في المئة عام 2019", ("30%", "12%")),
        ("Water level up 40% in 2019", "Water level down 15% in 2019", ("40%", "15%")),
        ("مقبرة عمرها 1000 سنة", "مقبرة أثرية عمرها 4400 عام", ("1000", "4400")),
    ],
)
def test_numbers_of_one_quantity_clash(claim: str, passage: str, said: tuple[str, str]) -> None:
    found = stance.number_clash(claim, passage)
    assert found is not None
    assert said[0] in found[0]
    assert said[1] in found[1]


@pytest.mark.parametrize(
    "lead",
    [
        HOSPITAL + ". ونفى الوزير وجود نقص في الكوادر الطبية",  # a denial of something else
        "وقال الوزير إن الحقيقة أن الطلب على الخدمات الصحية يتزايد",  # "the truth" plainly
    ],
)
def test_a_debunk_word_that_does_not_frame_the_claim_is_no_clash(lead: str) -> None:
    assert _kind(HOSPITAL, HOSPITAL, lead) != "debunk"


@pytest.mark.parametrize(
    "lead",
    [
        "حقيقة الخبر المتداول: " + HOSPITAL,
        "نفت الوزارة ما تداولته مواقع التواصل من أن وزير الصحة افتتح مستشفى جديدا في الزرقاء",
        HOSPITAL + ".. شائعة جديدة تنفيها الحكومة",
        "The claim that " + "the minister opened a new hospital in Zarqa" + " is fake",
    ],
)
def test_a_debunk_that_frames_the_claim_is_named(lead: str) -> None:
    claim = HOSPITAL if "Zarqa" not in lead else "The minister opened a new hospital in Zarqa"
    assert stance.debunk(lead, stance.content(claim)) is not None


def test_an_opposite_word_in_a_sentence_about_something_else_is_no_clash() -> None:
    claim = "ارتفعت أسعار الذهب في السوق المحلية"
    passage = "قفزت أسعار الذهب في السوق المحلية أمس. في المقابل انخفضت صادرات النفط"
    assert _kind(claim, passage) != "antonym"
    assert _kind(claim, "انخفضت أسعار الذهب في السوق المحلية أمس") == "antonym"


@pytest.mark.parametrize(
    ("claim", "evidence"),
    [
        # English lexical negation answers a negation cue, both ways and across scripts
        (
            "The cause of the outbreak is still unknown",
            "Officials do not know the cause of the outbreak",
        ),
        ("لم يعرف سبب الحريق حتى الآن", "The cause of the fire is unknown so far"),
        ("The vote was not legal, the court said", "المحكمة قالت إن التصويت غير قانوني"),
        # Arabic fixed expressions that hold a negation particle and negate nothing
        ("قتل ما لا يقل عن 12 شخصا في الانفجار", "قتل 12 شخصا على الأقل في الانفجار"),
        ("الإصلاحات ليس فقط في التعليم بل في الصحة", "الإصلاحات تشمل التعليم والصحة"),
        # "at most": a bound, not a denial
        ("أسرة تحتضن طفلة عمرها ثمانية أشهر", "احتضنت أسرة طفلة لا يزيد عمرها على ثمانية أشهر"),
        ("بلغت مدة الرحلة ساعتين", "بلغت مدة الرحلة ساعتين لا تتجاوز"),
        ("The clinic treats children up to five years old", "It treats children no more than five"),
    ],
)
def test_words_that_negate_by_themselves_or_not_at_all_are_no_clash(
    claim: str, evidence: str
) -> None:
    assert not signals.disagrees(claim, evidence, evidence)


def test_a_negative_word_that_does_not_answer_the_negation_is_no_balance() -> None:
    claim = "إسرائيل تقر خطة لترحيل المهاجرين غير الشرعيين"  # both sides say "غير"
    assert signals.disagrees(claim, "إسرائيل لن تقر خطة لترحيل المهاجرين غير الشرعيين")
    # "without resistance" does not deny "entered"
    claim = "لم تدخل القوات مدينة غريان جنوب العاصمة"
    assert signals.disagrees(claim, "دخلت القوات مدينة غريان جنوب العاصمة دون مقاومة")


def test_quantities_read_the_kind_of_each_number() -> None:
    found = signals.quantities("ارتفع 30 بالمئة عام 2015 وبلغت الخسائر 18 ألف دينار")
    assert [(value, kind) for value, kind, _ in found] == [
        ("30", signals.PERCENT),
        ("2015", signals.YEAR),
        ("18000", "money"),
    ]


def test_a_number_in_guillemets_before_its_scale_word_is_the_same_number() -> None:
    headline = "«12» ألف متطوع يستعدون لخدمة الزوار في موسم الحج"
    assert stance.number_clash(headline, headline) is None


def test_a_number_the_page_gives_elsewhere_is_no_clash() -> None:
    claim = "ترقية 125 قاضيا في وزارة العدل"
    passage = "كما صدر أمر بنقل 25 قاضيا إلى ديوان المظالم"
    assert stance.number_clash(claim, passage) is not None
    page_terms = frozenset({"125", "25", "قاضيا"})
    assert stance.number_clash(claim, passage, page_terms) is None


def test_a_total_of_the_passage_figure_and_one_elsewhere_on_the_page_is_no_clash() -> None:
    claim = "ترقية وتعيين 125 قاضيا في العدل والمظالم"
    passage = "كما صدر أمر بتعيين وترقية 25 قاضيا في ديوان المظالم"
    # 100 judges at the ministry, written in another sentence of the page
    assert stance.number_clash(claim, passage, frozenset({"100", "25", "قاض"})) is None
    # no such figure elsewhere: the claim's 125 against the passage's 25 is a clash
    assert stance.number_clash(claim, passage, frozenset({"7", "25", "قاض"})) is not None


def test_a_quantity_the_passage_shares_a_value_of_is_agreed() -> None:
    # 6% is on both sides: the claim's other percentage is not set against the page's 14%
    claim = "دخل المستشفى 6% من المصابين و1% العناية المركزة"
    assert stance.number_clash(claim, "In about 14% of cases, and 6% need intensive care") is None
    # a date's year beside a disease's name is one year among others
    assert (
        stance.number_clash("أعلن الوباء في 11 مارس 2020 بسبب كورونا 2019", "Since March 2020")
        is None
    )


@pytest.mark.parametrize(
    ("claim", "evidence"),
    [
        # a question asserts nothing
        ("هل أصبح الحوار بين البلدين مطلبا أمريكيا؟", "قد يكون الحوار مطلبا أمريكيا أو لا يكون"),
        ("لماذا لا يثق العالم بالبرنامج النووي", "العالم يثق بالبرنامج النووي"),
        # a negated claim is affirmed only by a clause holding what it negates
        ("حتى لا يظلم الشاب السعودي", "لا صحة لما تداولته المواقع عن متفجرات بحوزة شاب سعودي"),
        # "no less than" with لن, and a warning answers "urged not to"
        (
            "مدة التدريب 45 يوما قبل الدمج في الجيش",
            "مدة التدريب لن تقل عن 45 يوما قبل الدمج في الجيش",
        ),
        (
            "الداخلية تحذر من الزواج من مجهولات الهوية",
            "شددت الداخلية على عدم الزواج من مجهولات الهوية",
        ),
        # across scripts numbers are no shared subject; "unforgettable" answers "لا تنسى"
        (
            "أصبح المهرجان في 25 يناير 2020 ذكرى لا تنسى",
            "The festival on January 25, 2020 became an unforgettable memory",
        ),
        # "refusing" answers رفض, "with the exception of" answers باستثناء
        (
            "رفضت فنادق عديدة استقبال النزلاء الأجانب باستثناء الدبلوماسيين",
            "Many hotels are refusing foreign guests, with the exception of diplomats",
        ),
    ],
)
def test_no_clash_a_reader_could_not_check(claim: str, evidence: str) -> None:
    assert not signals.disagrees(claim, evidence)


def test_the_truth_inside_prose_frames_nothing_but_a_truth_headline_does() -> None:
    claim = stance.content("الدبلوماسية الشاملة للمملكة في عهد سعود الفيصل")
    prose = "وكان سعود الفيصل يرى أن الحقيقة أن الدبلوماسية الشاملة للمملكة تتجاوز الحكومات"
    assert stance.debunk(prose, claim) is None
    assert stance.debunk("حقيقة الدبلوماسية الشاملة للمملكة في عهد سعود الفيصل", claim)


def test_another_is_not_the_opposite_of_first() -> None:
    claim = "تسريب الصور الأولى لهاتف سامسونج جالكسي نوت الجديد"
    passage = "أطلقت سامسونج آخر جهاز لها من سلسلة جالكسي نوت في أكتوبر"
    assert _kind(claim, passage) != "antonym"


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        # opposites news headlines turn on, beyond up/down: appear/vanish, enter/leave,
        # praise/condemn, engagement/separation, hold/cancel, stability/unrest
        ("الممثل يظهر مجددا في مهرجان القاهرة", "اختفاء الممثل عن مهرجان القاهرة"),
        ("انسحاب القوات الحكومية من المدينة الساحلية", "دخول القوات الحكومية إلى المدينة الساحلية"),
        ("ترحيب دولي بقرار الحكومة بشأن الانتخابات", "انتقاد دولي لقرار الحكومة بشأن الانتخابات"),
        ("المغني يعلن خطوبته على عارضة الأزياء", "المغني ينفصل عن عارضة الأزياء"),
        ("الاتحاد يلغي مباراة الديربي في العاصمة", "الاتحاد يجري مباراة الديربي في العاصمة"),
        (
            "The central bank raised its main interest rate to 45%",
            "The central bank cut its main interest rate",
        ),
        (
            "Gold prices soared on Monday in Asian trading",
            "Gold prices plunged on Monday in Asian trading",
        ),
    ],
)
def test_news_opposites_are_an_antonym_clash(claim: str, passage: str) -> None:
    assert _kind(claim, passage) == "antonym"


def test_both_sides_on_the_page_are_still_no_clash() -> None:
    claim = "ارتفعت أسعار النفط بعد العقوبات"
    assert _kind(claim, "هوت أسعار النفط بعد العقوبات") == "antonym"
    assert _kind(claim, "تعافت أسعار النفط بعد العقوبات رغم تدهور الطلب") != "antonym"


@pytest.mark.parametrize(
    ("claim", "passage", "said"),
    [
        # a privative (بغير، غير، without) or a failure (الإخفاق في) denies the word after it
        (
            "المصرف يقبل السداد بالعملة المحلية للشركات",
            "المصرف يقبل السداد بغير العملة المحلية للشركات",
            ("بالعمله", "بغير العمله"),
        ),
        (
            "أكدت اللجنة أن المبنى آمن للسكان",
            "قالت اللجنة إن المبنى غير آمن للسكان",
            ("امن", "غير امن"),
        ),
        (
            "الاجتماع الوزاري توصل إلى اتفاق بشأن الحدود",
            "الإخفاق في التوصل إلى اتفاق بشأن الحدود في الاجتماع الوزاري",
            ("توصل", "الاخفاق في التوصل"),
        ),
        (
            "The suspect was searched with a warrant at his home",
            "Officers searched the suspect's home without a warrant.",
            ("warrant", "without a warrant"),
        ),
        (
            "أعلنت البلدية أن المشروع غير مكتمل",
            "أعلنت البلدية أن المشروع مكتمل وجاهز للافتتاح",
            ("غير مكتمل", "مكتمل"),
        ),
        ("الإنتاج اليومي للمصنع بلغ ألف سيارة", "الإنتاج الشهري للمصنع بلغ ألف سيارة", None),
    ],
)
def test_a_privative_before_the_claims_word_is_its_opposite(
    claim: str, passage: str, said: tuple[str, str] | None
) -> None:
    assert _kind(claim, passage) == "antonym"
    if said is not None:
        assert stance.opposite(claim, passage) == said


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        # both sides deny the word; غير أن is "but"; غير before a definite word is the verb
        ("الحكومة تعتبر البناء غير قانوني", "الحكومة تعتبر البناء غير قانوني في المنطقة"),
        ("الوزير أعلن الخطة الجديدة للنقل", "غير أن الوزير أعلن الخطة الجديدة للنقل"),
        ("الوزير أعلن موقفه من الخطة", "غير الوزير موقفه من الخطة"),
        ("He left without a word to the press", "He left without a word to the press."),
    ],
)
def test_a_privative_both_sides_hold_or_no_privative_is_no_clash(claim: str, passage: str) -> None:
    assert stance.privative(claim, passage) is None


@pytest.mark.parametrize(
    ("claim", "passage", "said"),
    [
        (
            "تراجع للنفط وسط صعود للدولار وتجدد المخاوف",
            "النفط يرتفع مع هبوط الدولار وانحسار المخاوف",
            ("تراجع … صعود", "يرتفع … هبوط"),
        ),
        (
            "Shares fell as the yen rose in Tokyo",
            "Shares rose as the yen fell in Tokyo.",
            ("fell … rose", "rose … fell"),
        ),
    ],
)
def test_opposites_swapped_over_the_same_subjects_clash(
    claim: str, passage: str, said: tuple[str, str]
) -> None:
    assert stance.opposite(claim, passage) == said


def test_opposites_swapped_with_their_subjects_say_the_same() -> None:
    claim = "ارتفعت الأسهم في البورصة بينما هبط الذهب"
    assert stance.opposite(claim, "هبط الذهب بينما ارتفعت الأسهم في البورصة") is None


def test_an_opposite_behind_a_one_letter_prefix_is_read() -> None:
    claim = "اتفاق لخروج القوات من المدينة الساحلية"
    passage = "اتفاق بشأن دخول القوات إلى المدينة الساحلية"
    assert stance.opposite(claim, passage) == ("لخروج", "دخول")
