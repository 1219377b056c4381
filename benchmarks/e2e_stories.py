"""News stories for the end-to-end support benchmark, written for this project.

Each story has the sentence an article states (`claim`, with an Arabic version
of an English story's claim in `claim_ar` for Arabic→English citations), the
sentences of a page that reports it in other words (`body`; `key` is the
index of the sentence that states the fact), and what turns the page against
the claim: `number` (the key sentence with another figure), `opposite` (the key
sentence saying the reverse) and `denial` (sentences of a fact-check that
repeats the claim in its headline and rejects it).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Story:
    """One news fact, the page that reports it, and the pages that contradict it."""

    name: str
    language: str
    claim: str
    headline: str
    body: tuple[str, ...]
    key: int
    number: str
    """The key sentence with another figure ("" when the claim gives none)."""
    opposite: str
    denial: tuple[str, ...]
    claim_ar: str = ""


STORIES = (
    Story(
        "dam", "ar",
        "ارتفع منسوب المياه في سد الموصل بنسبة 40 بالمئة خلال شهر آذار بعد أمطار غزيرة.",
        "منسوب سد الموصل يرتفع 40% بعد موسم أمطار استثنائي",
        (
            "أعلنت وزارة الموارد المائية العراقية أن مخزون سد الموصل سجل أعلى مستوى له منذ سنوات.",
            "وقال المتحدث باسم الوزارة إن منسوب المياه في السد زاد بنسبة 40 في المئة خلال آذار، "
            "مدفوعا بأمطار غزيرة وسيول في أعالي دجلة.",
            "وأضاف أن فرق الصيانة تراقب جسم السد على مدار الساعة.",
            "ويعد سد الموصل أكبر سد في العراق، ويؤمن مياه الري لمساحات واسعة في نينوى.",
            "وطمأنت الوزارة المزارعين إلى أن الحصص المائية للموسم الصيفي مضمونة.",
        ),
        1,
        "وقال المتحدث باسم الوزارة إن منسوب المياه في السد زاد بنسبة 15 في المئة خلال آذار، "
        "مدفوعا بأمطار غزيرة وسيول في أعالي دجلة.",
        "وقال المتحدث باسم الوزارة إن منسوب المياه في السد انخفض بنسبة 40 في المئة خلال آذار، "
        "بسبب شح الأمطار في أعالي دجلة.",
        (
            "حقيقة ارتفاع منسوب سد الموصل 40 بالمئة.",
            "نفت وزارة الموارد المائية ما تداولته صفحات على مواقع التواصل عن ارتفاع منسوب السد، "
            "ووصفت الخبر بأنه شائعة لا أساس لها.",
            "وأكدت الوزارة أن المنسوب ما زال دون معدله المعتاد لهذا الوقت من العام.",
        ),
    ),
    Story(
        "quake", "ar",
        "ضرب زلزال قوي بقوة 6.1 درجات محافظة هرمزكان جنوب إيران صباح الاثنين.",
        "زلزال بقوة 6.1 درجات يهز جنوب إيران",
        (
            "أفاد مركز رصد الزلازل الإيراني بأن هزة أرضية عنيفة بلغت شدتها 6.1 درجات على مقياس "
            "ريختر ضربت هرمزكان صباح الاثنين.",
            "وشعر سكان بندر عباس بالهزة وخرج كثيرون منهم إلى الشوارع.",
            "وقال مسؤول في الهلال الأحمر إن فرق الإغاثة توجهت إلى القرى القريبة من مركز الزلزال.",
            "ولم ترد حتى الآن أنباء عن سقوط ضحايا.",
        ),
        0,
        "أفاد مركز رصد الزلازل الإيراني بأن هزة أرضية عنيفة بلغت شدتها 4.2 درجات على مقياس "
        "ريختر ضربت هرمزكان صباح الاثنين.",
        "أفاد مركز رصد الزلازل الإيراني بأن هزة أرضية ضعيفة لم يشعر بها معظم السكان ضربت "
        "هرمزكان صباح الاثنين.",
        (
            "الحقيقة حول زلزال هرمزكان.",
            "نفى مركز رصد الزلازل الإيراني وقوع زلزال بقوة 6.1 درجات في جنوب البلاد، مؤكدا أن "
            "المقاطع المتداولة مفبركة وتعود إلى زلزال قديم.",
        ),
    ),
    Story(
        "wage", "ar",
        "قررت الحكومة الأردنية رفع الحد الأدنى للأجور إلى 290 دينارا اعتبارا من مطلع العام.",
        "الأردن: 290 دينارا حدا أدنى للأجور بدءا من كانون الثاني",
        (
            "أقرت اللجنة الثلاثية لشؤون العمل زيادة الحد الأدنى للأجور في المملكة.",
            "وبموجب القرار يصبح الحد الأدنى للأجر الشهري 290 دينارا، ويسري مطلع العام المقبل.",
            "وقال وزير العمل إن القرار جاء بعد مشاورات مع النقابات وغرف الصناعة والتجارة.",
            "ورحب الاتحاد العام لنقابات العمال بالزيادة، داعيا إلى ربط الأجور بالتضخم.",
        ),
        1,
        "وبموجب القرار يصبح الحد الأدنى للأجر الشهري 260 دينارا، ويسري مطلع العام المقبل.",
        "وبموجب القرار يبقى الحد الأدنى للأجر الشهري دون زيادة، بعد رفض الحكومة مقترح "
        "رفعه إلى 290 دينارا.",
        (
            "ما حقيقة رفع الحد الأدنى للأجور إلى 290 دينارا؟",
            "نفت وزارة العمل الأردنية صدور أي قرار برفع الحد الأدنى للأجور، وقالت إن الأنباء "
            "المتداولة كاذبة.",
        ),
    ),
    Story(
        "derby", "ar",
        "فاز الزمالك على الأهلي بهدفين مقابل هدف في مباراة القمة مساء الجمعة.",
        "الزمالك يحسم القمة أمام الأهلي",
        (
            "حقق فريق الزمالك انتصارا ثمينا على غريمه التقليدي الأهلي بنتيجة 2-1 في قمة الدوري "
            "المصري مساء الجمعة.",
            "وسجل للزمالك لاعبه في الشوط الأول قبل أن يعادل الأهلي من ركلة جزاء.",
            "وجاء هدف الفوز في الدقائق الأخيرة من المباراة التي أقيمت في استاد القاهرة.",
            "وبهذه النتيجة يقلص الزمالك الفارق مع المتصدر إلى ثلاث نقاط.",
        ),
        0,
        "حقق فريق الزمالك انتصارا ثمينا على غريمه التقليدي الأهلي بنتيجة 3-0 في قمة الدوري "
        "المصري مساء الجمعة.",
        "تلقى فريق الزمالك خسارة قاسية أمام غريمه التقليدي الأهلي في قمة الدوري المصري مساء "
        "الجمعة.",
        (
            "الحقيقة وراء فوز الزمالك على الأهلي.",
            "نفى مسؤولو رابطة الأندية صحة النتيجة المتداولة، وأكدوا أن مباراة القمة تأجلت ولم "
            "تقم أصلا.",
        ),
    ),
    Story(
        "schools", "ar",
        "أغلقت السلطات الأردنية المدارس في عمان يومين بسبب موجة البرد والثلوج.",
        "تعليق الدوام في مدارس عمان يومين بسبب المنخفض الجوي",
        (
            "قررت وزارة التربية والتعليم تعليق الدوام في جميع مدارس العاصمة عمان ليومين.",
            "وعزت الوزارة القرار إلى موجة برد قارس وتساقط الثلوج على المرتفعات.",
            "ودعت مديرية الأمن العام المواطنين إلى عدم الخروج إلا للضرورة.",
            "ويتوقع خبراء الأرصاد أن تنحسر الموجة مطلع الأسبوع المقبل.",
        ),
        0,
        "قررت وزارة التربية والتعليم تعليق الدوام في جميع مدارس العاصمة عمان لخمسة أيام.",
        "قررت وزارة التربية والتعليم استمرار الدوام في جميع مدارس العاصمة عمان رغم الموجة.",
        (
            "حقيقة إغلاق المدارس في عمان بسبب البرد.",
            "نفت وزارة التربية والتعليم الأردنية الأنباء عن تعليق الدوام، ووصفت المنشورات "
            "المتداولة بأنها إشاعات، مؤكدة أن الدوام مستمر كالمعتاد.",
        ),
    ),
    Story(
        "exports", "ar",
        "تراجعت صادرات المغرب من الفوسفات بنسبة 12 في المئة في الربع الأول من العام.",
        "انخفاض صادرات الفوسفات المغربية في الربع الأول",
        (
            "كشف مكتب الصرف المغربي أن عائدات تصدير الفوسفات ومشتقاته سجلت انخفاضا ملحوظا.",
            "وأوضح المكتب أن صادرات الفوسفات تراجعت بنسبة 12 في المئة خلال الأشهر الثلاثة الأولى "
            "من العام مقارنة بالفترة نفسها من العام الماضي.",
            "ويعزو محللون التراجع إلى هبوط أسعار الأسمدة في الأسواق العالمية.",
            "ويعد المغرب من أكبر مصدري الفوسفات في العالم.",
        ),
        1,
        "وأوضح المكتب أن صادرات الفوسفات تراجعت بنسبة 30 في المئة خلال الأشهر الثلاثة الأولى "
        "من العام مقارنة بالفترة نفسها من العام الماضي.",
        "وأوضح المكتب أن صادرات الفوسفات ارتفعت بنسبة 12 في المئة خلال الأشهر الثلاثة الأولى "
        "من العام مقارنة بالفترة نفسها من العام الماضي.",
        (
            "حقيقة تراجع صادرات الفوسفات المغربية.",
            "نفى مكتب الصرف المغربي الأرقام المتداولة عن تراجع الصادرات، ووصفها بأنها مضللة.",
        ),
    ),
    Story(
        "rates", "en",
        "Turkey's central bank cut its main interest rate to 45% on Thursday.",
        "Turkish central bank lowers policy rate to 45%",
        (
            "Turkey's central bank reduced its benchmark one-week repo rate to 45 percent on "
            "Thursday, its first cut in nearly two years.",
            "Policymakers said slowing inflation gave them room to ease.",
            "The lira was little changed after the decision.",
            "Economists had expected a smaller move.",
        ),
        0,
        "Turkey's central bank reduced its benchmark one-week repo rate to 38 percent on "
        "Thursday, its first cut in nearly two years.",
        "Turkey's central bank raised its benchmark one-week repo rate to 45 percent on "
        "Thursday, surprising markets.",
        (
            "The truth about the Turkish rate cut.",
            "Posts saying Turkey's central bank cut its rate to 45% are false, the bank said, "
            "adding that its committee has not met this month.",
        ),
        "خفض البنك المركزي التركي سعر الفائدة الرئيسي إلى 45 بالمئة يوم الخميس.",
    ),
    Story(
        "airport", "en",
        "Lebanese authorities closed Beirut airport for six hours as a storm hit the coast.",
        "Storm shuts Beirut airport for six hours",
        (
            "Beirut's international airport was shut for six hours on Thursday as a fierce storm "
            "battered Lebanon's coast, the transport ministry said.",
            "Incoming flights were diverted to Cyprus and Jordan.",
            "Winds reached 90 kilometres an hour and several roads were flooded.",
            "Operations resumed in the evening.",
        ),
        0,
        "Beirut's international airport was shut for two hours on Thursday as a fierce storm "
        "battered Lebanon's coast, the transport ministry said.",
        "Beirut's international airport stayed open on Thursday despite a fierce storm that "
        "battered Lebanon's coast, the transport ministry said.",
        (
            "Fact check: Beirut airport was not closed by the storm.",
            "Claims that Lebanese authorities closed Beirut airport for six hours are a hoax, the "
            "transport ministry said; all flights operated on schedule.",
        ),
        "أغلقت السلطات اللبنانية مطار بيروت ست ساعات بسبب عاصفة ضربت الساحل.",
    ),
    Story(
        "budget", "en",
        "Kuwait's parliament approved next year's budget by 40 votes to 10 on Wednesday.",
        "Kuwaiti lawmakers pass next year's budget",
        (
            "Kuwait's National Assembly passed the state budget for the coming fiscal year on "
            "Wednesday, with 40 members voting in favour and 10 against.",
            "The finance minister welcomed the vote.",
            "The budget keeps housing subsidies unchanged.",
            "Opposition members criticised spending on salaries.",
        ),
        0,
        "Kuwait's National Assembly passed the state budget for the coming fiscal year on "
        "Wednesday, with 28 members voting in favour and 22 against.",
        "Kuwait's National Assembly rejected the state budget for the coming fiscal year on "
        "Wednesday, with 40 members voting against it.",
        (
            "No, Kuwait's parliament did not approve the budget.",
            "Reports that lawmakers approved next year's budget are fake, the assembly's speaker "
            "said; the vote was postponed to next month.",
        ),
        "أقر البرلمان الكويتي ميزانية العام المقبل بأغلبية 40 صوتا مقابل 10 يوم الأربعاء.",
    ),
    Story(
        "drilling", "en",
        "Turkey is obstructing gas drilling off the coast of Cyprus, the Cypriot government said.",
        "Cyprus accuses Turkey of blocking gas drilling",
        (
            "The Cypriot government accused Turkey of obstructing gas exploration off the island's "
            "coast after Turkish warships shadowed a drillship.",
            "Nicosia said the vessel had to change course twice.",
            "Ankara says some of the blocks overlap its continental shelf.",
            "The European Union urged both sides to avoid escalation.",
        ),
        0,
        "",
        "The Turkish government accused Cyprus of obstructing gas exploration off Turkey's "
        "coast after Cypriot patrol boats shadowed a drillship.",
        (
            "The truth about the drilling row off Cyprus.",
            "Cypriot officials denied that Turkey had obstructed any drilling, calling the "
            "reports misleading.",
        ),
        "تعرقل تركيا التنقيب عن الغاز قبالة سواحل قبرص بحسب الحكومة القبرصية.",
    ),
    Story(
        "brics", "en",
        "Egypt and the United Arab Emirates joined the BRICS group at the start of 2024.",
        "Egypt, UAE become BRICS members",
        (
            "Egypt and the United Arab Emirates formally became members of the BRICS group on "
            "January 1, 2024, alongside Ethiopia and Iran.",
            "The expansion doubles the bloc's membership.",
            "Saudi Arabia has yet to confirm whether it will join.",
            "Officials in Cairo said membership would boost trade in local currencies.",
        ),
        0,
        "Egypt and the United Arab Emirates formally became members of the BRICS group on "
        "January 1, 2026, alongside Ethiopia and Iran.",
        "Egypt and the United Arab Emirates declined to become members of the BRICS group, "
        "officials said on Monday.",
        (
            "Fact check: Egypt and the UAE have not joined BRICS.",
            "Claims that both countries joined the bloc are false, a BRICS spokesman said.",
        ),
        "انضمت مصر والإمارات إلى مجموعة بريكس مطلع عام 2024.",
    ),
    Story(
        "licence", "en",
        "The mining ministry approved a new licence for the copper project in the north.",
        "Ministry grants licence to northern copper project",
        (
            "The mining ministry granted a new licence on Monday for the copper project in the "
            "northern highlands, an official said.",
            "The company plans to start construction next year.",
            "Environmental groups said they would appeal.",
            "The project is expected to employ 1,200 people.",
        ),
        0,
        "",
        "The mining ministry did not approve a new licence for the copper project in the "
        "northern highlands, citing missing environmental studies.",
        (
            "The truth about the copper licence.",
            "The ministry denied granting any licence to the northern copper project, calling "
            "the reports untrue.",
        ),
        "وافقت وزارة التعدين على ترخيص جديد لمشروع النحاس في الشمال.",
    ),
)  # fmt: skip


CHANGED_HEADLINES: dict[str, tuple[str, str]] = {
    "dam": (
        "منسوب سد الموصل يرتفع 15% بعد أمطار آذار",
        "منسوب سد الموصل ينخفض 40% بسبب شح الأمطار",
    ),
    "quake": ("زلزال بقوة 4.2 درجات يهز جنوب إيران", "هزة أرضية ضعيفة تضرب جنوب إيران"),
    "wage": (
        "الأردن: 260 دينارا حدا أدنى للأجور بدءا من كانون الثاني",
        "الحكومة الأردنية تبقي الحد الأدنى للأجور دون زيادة",
    ),
    "derby": ("الزمالك يكتسح الأهلي بثلاثية في القمة", "الأهلي يهزم الزمالك في القمة"),
    "schools": (
        "تعليق الدوام في مدارس عمان خمسة أيام بسبب المنخفض الجوي",
        "استمرار الدوام في مدارس عمان رغم المنخفض الجوي",
    ),
    "exports": (
        "صادرات الفوسفات المغربية تنخفض 30% في الربع الأول",
        "ارتفاع صادرات الفوسفات المغربية في الربع الأول",
    ),
    "rates": (
        "Turkish central bank lowers policy rate to 38%",
        "Turkish central bank raises policy rate to 45%",
    ),
    "airport": (
        "Storm shuts Beirut airport for two hours",
        "Beirut airport stays open despite storm",
    ),
    "budget": (
        "Kuwaiti lawmakers pass next year's budget by 28 votes to 22",
        "Kuwaiti lawmakers reject next year's budget",
    ),
    "drilling": ("", "Turkey accuses Cyprus of blocking gas drilling"),
    "brics": ("Egypt, UAE become BRICS members in 2026", "Egypt, UAE decline BRICS membership"),
    "licence": ("", "Ministry refuses licence for northern copper project"),
}
"""The headline of each story's `number` and `opposite` page: a news page's headline says
what its article says, so a page whose key sentence gives another figure or the reverse is
not also headed by the claim's own figure or direction ("" where the story has no such
variant)."""
