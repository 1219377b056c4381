# ruff: noqa: E501  (the pages and claims are data: one sentence or claim a line)
"""Build tests/data/claims.jsonl and the page texts from the topic definitions below.

Every page and claim here was written for citecheck's tests. Each topic has two
Arabic and two English pages about different events with the same people;
each page backs two claims. For every claim the script emits six pairs:
support, same-topic (sibling page in the same language), swap (the claim against
the other-language page of the topic), unrelated (a page from another topic),
entity-swapped and negated claims against the supporting page.
Topics t1-t4, t9 and t11 form the dev split (fitting), t5-t8 and t10 the test split; t9
and t10 have English pages only, t11 Arabic pages only (no swap pairs). t11 and the
last claims on t1/t2 pages are hard Arabic name swaps (the swapped-in name is on the page).

Run: python tests/data/support/build_claims.py
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
DEV_TOPICS = {"t1", "t2", "t3", "t4", "t9", "t11"}

# page id -> text;  claims: (page id, claim, evidence substring, entity-swapped claim, negated claim)
PAGES: dict[str, str] = {}
CLAIMS: list[tuple[str, str, str, str, str]] = []

# ---------------------------------------------------------------- t1: Libya, Tripoli offensive
PAGES[
    "t1_a1"
] = """طرابلس - أعلن المشير خليفة حفتر، قائد قوات شرق ليبيا، يوم الرابع من أبريل 2019 بدء هجوم واسع للسيطرة على العاصمة طرابلس.
وجاء الإعلان بينما كان الأمين العام للأمم المتحدة أنطونيو غوتيريش يزور العاصمة الليبية للتحضير لمؤتمر المصالحة.
وقالت مصادر محلية إن القوات المهاجمة دخلت مدينة غريان الواقعة على بعد نحو 100 كيلومتر جنوب طرابلس دون مقاومة تذكر.
ودعت حكومة الوفاق الوطني برئاسة فايز السراج قواتها إلى النفير العام والتصدي للهجوم.
وغادر غوتيريش ليبيا بعد لقائه حفتر في بنغازي، معربا عن قلقه العميق من خطر المواجهة الدامية.
ويخشى دبلوماسيون غربيون أن ينسف القتال سنوات من الجهود السياسية التي رعتها المنظمة الدولية."""
PAGES[
    "t1_a2"
] = """أرجأ المبعوث الأممي إلى ليبيا غسان سلامة الملتقى الوطني الجامع الذي كان مقررا عقده في مدينة غدامس بين 14 و16 أبريل.
وقال سلامة في مؤتمر صحفي إن تأجيل الملتقى جاء بسبب المعارك الدائرة حول طرابلس، وإنه لا يمكن دعوة المشاركين تحت القصف.
وكانت البعثة الأممية قد وجهت الدعوة إلى نحو 150 شخصية ليبية من مختلف المناطق والتيارات.
وأكد المبعوث أن الأمم المتحدة ستعيد تحديد موعد جديد فور توفر الظروف المناسبة.
وأضاف أن البعثة باقية في طرابلس ولن تغادر البلاد رغم تدهور الوضع الأمني.
ويعد الملتقى حجر الأساس في خطة العمل التي طرحها سلامة أمام مجلس الأمن في سبتمبر 2017."""
PAGES[
    "t1_e1"
] = """The UN Security Council failed on Sunday to agree on a statement calling on Khalifa Haftar's forces to halt their advance on Tripoli.
Diplomats said Russia blocked the British-drafted text because it singled out Haftar's Libyan National Army.
Moscow insisted that the statement should call on all parties in Libya to stop fighting instead.
The United States also declined to back the draft, according to two diplomats familiar with the talks.
The council met behind closed doors after envoy Ghassan Salame briefed members by video from Tripoli.
Council statements require consensus among all fifteen members, so a single objection is enough to stop one."""
PAGES[
    "t1_e2"
] = """The World Health Organization said on Wednesday that fighting around Tripoli had killed 174 people and wounded 758 since the offensive began.
The toll includes fighters and civilians, the agency said, warning that hospitals were running short of supplies.
The UN humanitarian office reported that more than 18,000 people had fled their homes in the southern suburbs of the capital.
Aid workers said the former international airport had become a front line, with shelling heard across the city.
Ghassan Salame called for a humanitarian truce so that the wounded could be evacuated.
Migrants held in detention centres near the fighting were at particular risk, the International Organization for Migration warned."""
CLAIMS += [
    (
        "t1_a1",
        "شن خليفة حفتر هجوما للسيطرة على طرابلس في 4 أبريل 2019",
        "بدء هجوم واسع للسيطرة على العاصمة طرابلس",
        "شن فايز السراج هجوما للسيطرة على بنغازي في 4 أبريل 2019",
        "نفى خليفة حفتر أنه شن هجوما للسيطرة على طرابلس في 4 أبريل 2019",
    ),
    (
        "t1_a1",
        "دخلت قوات حفتر مدينة غريان جنوب العاصمة دون مقاومة",
        "دخلت مدينة غريان",
        "دخلت قوات حفتر مدينة مصراتة شرق العاصمة دون مقاومة",
        "لم تدخل قوات حفتر مدينة غريان جنوب العاصمة",
    ),
    (
        "t1_a2",
        "أعلن غسان سلامه تأجيل الملتقى الوطني في غدامس بسبب القتال حول طرابلس",
        "بسبب المعارك الدائرة حول طرابلس",
        "أعلن غسان سلامه تأجيل الملتقى الوطني في سرت بسبب القتال حول بنغازي",
        "رفض غسان سلامه تأجيل الملتقى الوطني في غدامس رغم القتال حول طرابلس",
    ),
    (
        "t1_a2",
        "دعت البعثة الأممية نحو 150 شخصية ليبية إلى الملتقى",
        "نحو 150 شخصية ليبية",
        "دعت الجامعة العربية نحو 150 شخصية ليبية إلى الملتقى",
        "لم تدع البعثة الأممية أي شخصية ليبية إلى الملتقى",
    ),
    (
        "t1_e1",
        "عرقلت روسيا بيانا لمجلس الأمن يدعو قوات حفتر إلى وقف تقدمها نحو طرابلس",
        "Russia blocked the British-drafted text",
        "عرقلت الصين بيانا لمجلس الأمن يدعو قوات حفتر إلى وقف تقدمها نحو طرابلس",
        "أيدت روسيا بيانا لمجلس الأمن يدعو قوات حفتر إلى وقف تقدمها ولم تعرقله",
    ),
    (
        "t1_e1",
        "امتنعت الولايات المتحدة أيضا عن دعم مشروع البيان البريطاني",
        "The United States also declined to back the draft",
        "امتنعت فرنسا أيضا عن دعم مشروع البيان البريطاني",
        "دعمت الولايات المتحدة مشروع البيان البريطاني ولم تمتنع عن تأييده",
    ),
    (
        "t1_e2",
        "قالت منظمة الصحة العالمية إن المعارك حول طرابلس أسفرت عن مقتل 174 شخصا وإصابة 758",
        "killed 174 people and wounded 758",
        "قالت منظمة العفو الدولية إن المعارك حول بنغازي أسفرت عن مقتل 174 شخصا وإصابة 758",
        "نفت منظمة الصحة العالمية أن المعارك حول طرابلس أسفرت عن مقتل 174 شخصا",
    ),
    (
        "t1_e2",
        "نزح أكثر من 18 ألف شخص من الضواحي الجنوبية للعاصمة الليبية",
        "more than 18,000 people had fled their homes",
        "نزح أكثر من 18 ألف شخص من الضواحي الجنوبية لمدينة سبها",
        "لم ينزح أحد من الضواحي الجنوبية للعاصمة الليبية",
    ),
]

# ---------------------------------------------------------------- t2: Russia and Libya, Lavrov
PAGES[
    "t2_a1"
] = """موسكو - استقبل وزير الخارجية الروسي سيرغي لافروف المشير خليفة حفتر في العاصمة الروسية يوم الأربعاء لبحث تطورات الأزمة الليبية.
وقال لافروف في مستهل اللقاء إن روسيا تؤيد تسوية سياسية شاملة تحت رعاية الأمم المتحدة وتعارض أي حل عسكري.
وأضاف الوزير أن موسكو تقيم اتصالات مع جميع الأطراف الليبية دون استثناء، في الشرق والغرب على حد سواء.
من جهته، شكر حفتر الجانب الروسي على موقفه الداعم لوحدة ليبيا.
وحضر اللقاء نائب وزير الخارجية ميخائيل بوغدانوف، المبعوث الخاص للرئيس الروسي إلى الشرق الأوسط.
وتأتي الزيارة بعد أسابيع من مشاركة حفتر في مؤتمر باليرمو الذي استضافته إيطاليا."""
PAGES[
    "t2_a2"
] = """أعلن وزير الخارجية الروسي سيرغي لافروف أن بلاده مستعدة لاستئناف الرحلات الجوية المباشرة بين موسكو وطرابلس فور تحسن الوضع الأمني.
جاء ذلك خلال استقباله نائب رئيس المجلس الرئاسي الليبي أحمد معيتيق، الذي زار موسكو على رأس وفد حكومي.
وبحث الجانبان عودة الشركات الروسية لاستكمال مشروعات متوقفة منذ 2011، بينها خط السكك الحديدية بين سرت وبنغازي.
وقال معيتيق إن حكومة الوفاق ترحب بعودة الاستثمارات الروسية، مشيرا إلى أن قيمة العقود المجمدة تتجاوز أربعة مليارات دولار.
واتفق الطرفان على تشكيل لجنة مشتركة تجتمع بشكل دوري لمتابعة الملفات الاقتصادية."""
PAGES[
    "t2_e1"
] = """Russian Foreign Minister Sergei Lavrov said in an interview on Monday that Russia had no troops in Libya.
Lavrov dismissed reports that Russian private military contractors were fighting alongside Khalifa Haftar's forces as speculation.
If there are Russian citizens in Libya, he said, they do not represent the Russian state and are not paid by it.
The remarks came after Western officials accused the Wagner group of deploying snipers near Tripoli.
Lavrov also criticised the 2011 NATO intervention, which he said had destroyed the Libyan state.
He repeated Moscow's call for a ceasefire and for talks between the rival governments."""
PAGES[
    "t2_e2"
] = """Russia's Rosneft signed a cooperation agreement with Libya's National Oil Corporation in February 2017, the companies said.
The deal, signed by Rosneft chief Igor Sechin and NOC chairman Mustafa Sanalla in London, set up a joint committee to assess investment opportunities.
Under the agreement Rosneft could also buy Libyan crude oil, the companies said in a statement.
Russian deputy foreign minister Mikhail Bogdanov said Moscow wanted its energy firms to return to Libya once security improved.
Russian companies had contracts worth billions of dollars in Libya before the 2011 uprising, including railway and arms deals.
Analysts said the agreement gave Moscow a new foothold in the country's energy sector."""
CLAIMS += [
    (
        "t2_a1",
        "قال سيرجي لافروف إن روسيا تدعم حلا سياسيا في ليبيا وترفض الحل العسكري",
        "روسيا تؤيد تسوية سياسية شاملة",
        "قال سيرجي شويغو إن روسيا تدعم حلا سياسيا في ليبيا وترفض الحل العسكري",
        "قال سيرجي لافروف إن روسيا لا تدعم حلا سياسيا في ليبيا",
    ),
    (
        "t2_a1",
        "حضر ميخائيل بوغدانوف لقاء لافروف وحفتر في موسكو",
        "وحضر اللقاء نائب وزير الخارجية ميخائيل بوغدانوف",
        "حضر ديمتري بيسكوف لقاء لافروف وحفتر في موسكو",
        "لم يحضر ميخائيل بوغدانوف لقاء لافروف وحفتر في موسكو",
    ),
    (
        "t2_a2",
        "أبدت موسكو استعدادها لاستئناف الرحلات الجوية المباشرة مع طرابلس",
        "لاستئناف الرحلات الجوية المباشرة",
        "أبدت أنقرة استعدادها لاستئناف الرحلات الجوية المباشرة مع طرابلس",
        "رفضت موسكو استئناف الرحلات الجوية المباشرة مع طرابلس",
    ),
    (
        "t2_a2",
        "قال أحمد معيتيق إن قيمة العقود الروسية المجمدة في ليبيا تتجاوز أربعة مليارات دولار",
        "تتجاوز أربعة مليارات دولار",
        "قال عقيلة صالح إن قيمة العقود الروسية المجمدة في ليبيا تتجاوز أربعة مليارات دولار",
        "نفى أحمد معيتيق أن قيمة العقود الروسية المجمدة في ليبيا تتجاوز أربعة مليارات دولار",
    ),
    (
        "t2_e1",
        "نفى لافروف وجود قوات روسية في ليبيا",
        "Russia had no troops in Libya",
        "نفى لافروف وجود قوات روسية في سوريا",
        "أكد لافروف وجود قوات روسية في ليبيا",
    ),
    (
        "t2_e1",
        "انتقد سيرغي لافروف تدخل حلف الناتو في ليبيا عام 2011",
        "criticised the 2011 NATO intervention",
        "انتقد سيرغي لافروف تدخل الاتحاد الأوروبي في مالي عام 2011",
        "أشاد سيرغي لافروف بتدخل حلف الناتو في ليبيا عام 2011 ولم ينتقده",
    ),
    (
        "t2_e2",
        "وقعت شركة روسنفت اتفاق تعاون مع المؤسسة الوطنية للنفط الليبية في فبراير 2017",
        "signed a cooperation agreement with Libya's National Oil Corporation in February 2017",
        "وقعت شركة غازبروم اتفاق تعاون مع المؤسسة الوطنية للنفط الجزائرية في فبراير 2017",
        "لم توقع شركة روسنفت أي اتفاق مع المؤسسة الوطنية للنفط الليبية",
    ),
    (
        "t2_e2",
        "وقع الاتفاق إيغور سيتشين ومصطفى صنع الله في لندن",
        "signed by Rosneft chief Igor Sechin and NOC chairman Mustafa Sanalla in London",
        "وقع الاتفاق إيغور سيتشين ومصطفى صنع الله في روما",
        "لم يوقع إيغور سيتشين ومصطفى صنع الله أي اتفاق في لندن",
    ),
]

# ---------------------------------------------------------------- t3: Libyan oil
PAGES[
    "t3_a1"
] = """أعلنت المؤسسة الوطنية للنفط في ليبيا حالة القوة القاهرة في حقل الشرارة النفطي بعد سيطرة مجموعة مسلحة عليه.
وكان الحقل الواقع في جنوب غرب البلاد ينتج نحو 315 ألف برميل يوميا قبل إغلاقه، أي قرابة ثلث الإنتاج الوطني.
وقال رئيس المؤسسة مصطفى صنع الله إن الإغلاق يكلف البلاد خسائر يومية كبيرة ويهدد إمدادات الكهرباء.
وطالب المحتجون من أبناء المنطقة بتوفير الوقود والخدمات والوظائف لسكان الجنوب.
وأكدت المؤسسة أنها لن تستأنف الإنتاج قبل انسحاب المسلحين وضمان سلامة العاملين."""
PAGES[
    "t3_a2"
] = """استأنف حقل الفيل النفطي في جنوب ليبيا الإنتاج بعد توقف دام أكثر من شهر، بحسب بيان للمؤسسة الوطنية للنفط.
ويدير الحقل مشروع مشترك بين المؤسسة وشركة إيني الإيطالية، وتبلغ طاقته نحو 70 ألف برميل يوميا.
وأوضح البيان أن حراس المنشآت النفطية أنهوا اعتصامهم بعد اتفاق على صرف رواتبهم المتأخرة.
وقال مصطفى صنع الله إن عودة الحقل للعمل خطوة مهمة لكن حماية المنشآت يجب أن تبقى بعيدة عن الصراع السياسي.
ويرتبط الحقل بخط أنابيب يصل إلى مجمع مليتة على الساحل الغربي."""
PAGES[
    "t3_e1"
] = """Forces loyal to Khalifa Haftar handed control of the Ras Lanuf and Es Sider oil terminals back to the National Oil Corporation in July 2018.
The eastern-based commander had earlier said the ports would be run by a rival oil body in Benghazi, a move that halted exports.
Exports from the two terminals, Libya's largest, resumed days after the handover.
Mustafa Sanalla welcomed the decision and said the oil sector must stay neutral.
The blockade cost the country around 850,000 barrels per day of output at its peak, according to NOC estimates.
Foreign buyers had refused to deal with the parallel corporation, which the United Nations does not recognise."""
PAGES[
    "t3_e2"
] = """Libya's oil output rose to 1.28 million barrels per day in June, the highest level since 2013, the National Oil Corporation said.
Oil revenue for the first half of the year reached 11.7 billion dollars, the corporation added.
The increase came after repairs at several fields in the Sirte basin and the reopening of pipelines to the coast.
NOC chairman Mustafa Sanalla warned that fragile security could quickly reverse the gains.
Libya holds Africa's largest proven crude reserves, estimated at about 48 billion barrels.
Production had fallen below 200,000 barrels per day in 2016 when fighting shut most ports."""
CLAIMS += [
    (
        "t3_a1",
        "أعلنت المؤسسة الوطنية للنفط القوة القاهرة في حقل الشرارة بعد استيلاء مسلحين عليه",
        "حالة القوة القاهرة في حقل الشرارة",
        "أعلنت المؤسسة الوطنية للنفط القوة القاهرة في حقل الظهرة بعد استيلاء مسلحين عليه",
        "لم تعلن المؤسسة الوطنية للنفط القوة القاهرة في حقل الشرارة",
    ),
    (
        "t3_a1",
        "كان حقل الشرارة ينتج نحو 315 ألف برميل في اليوم",
        "ينتج نحو 315 ألف برميل يوميا",
        "كان حقل السرير ينتج نحو 315 ألف برميل في اليوم",
        "لم يكن حقل الشرارة ينتج أي نفط",
    ),
    (
        "t3_a2",
        "عاد حقل الفيل الذي تديره المؤسسة مع شركة إيني إلى الإنتاج بعد توقف تجاوز شهرا",
        "استأنف حقل الفيل النفطي",
        "عاد حقل الفيل الذي تديره المؤسسة مع شركة توتال إلى الإنتاج بعد توقف تجاوز شهرا",
        "لم يعد حقل الفيل إلى الإنتاج رغم انتهاء التوقف",
    ),
    (
        "t3_a2",
        "أنهى حراس المنشآت النفطية اعتصامهم بعد الاتفاق على دفع رواتبهم المتأخرة",
        "أنهوا اعتصامهم بعد اتفاق على صرف رواتبهم المتأخرة",
        "أنهى عمال شركة البريقة اعتصامهم بعد الاتفاق على دفع رواتبهم المتأخرة",
        "رفض حراس المنشآت النفطية إنهاء اعتصامهم رغم الاتفاق على رواتبهم",
    ),
    (
        "t3_e1",
        "سلمت قوات حفتر ميناءي رأس لانوف والسدرة إلى المؤسسة الوطنية للنفط في يوليو 2018",
        "handed control of the Ras Lanuf and Es Sider oil terminals",
        "سلمت قوات حفتر ميناءي الزويتينة والحريقة إلى المؤسسة الوطنية للنفط في يوليو 2018",
        "رفضت قوات حفتر تسليم ميناءي رأس لانوف والسدرة إلى المؤسسة الوطنية للنفط",
    ),
    (
        "t3_e1",
        "كلف الإغلاق ليبيا نحو 850 ألف برميل يوميا من الإنتاج في ذروته",
        "around 850,000 barrels per day",
        "كلف الإغلاق الجزائر نحو 850 ألف برميل يوميا من الإنتاج في ذروته",
        "لم يكلف الإغلاق ليبيا أي خسارة في الإنتاج",
    ),
    (
        "t3_e2",
        "ارتفع إنتاج ليبيا النفطي إلى 1.28 مليون برميل يوميا وهو الأعلى منذ 2013",
        "1.28 million barrels per day",
        "ارتفع إنتاج نيجيريا النفطي إلى 1.28 مليون برميل يوميا وهو الأعلى منذ 2013",
        "لم يرتفع إنتاج ليبيا النفطي بل تراجع إلى أدنى مستوى منذ 2013",
    ),
    (
        "t3_e2",
        "بلغت إيرادات النفط الليبية 11.7 مليار دولار في النصف الأول من العام",
        "11.7 billion dollars",
        "بلغت إيرادات الغاز الجزائرية 11.7 مليار دولار في النصف الأول من العام",
        "لم تتجاوز إيرادات النفط الليبية مليار دولار في النصف الأول من العام",
    ),
]

# ---------------------------------------------------------------- t4: migration in the Mediterranean
PAGES[
    "t4_a1"
] = """غرق قارب يقل مهاجرين قبالة سواحل مدينة زوارة غرب ليبيا، ما أدى إلى وفاة 65 شخصا على الأقل، بحسب المنظمة الدولية للهجرة.
وقالت المنظمة إن صيادين محليين أنقذوا 16 ناجيا ونقلوهم إلى الشاطئ في حالة إعياء شديد.
وكان القارب قد أبحر من الساحل الليبي متجها إلى جزيرة لامبيدوزا الإيطالية قبل أن ينقلب بسبب سوء الأحوال الجوية.
وأضافت المنظمة أن معظم الضحايا من بنغلاديش ومصر ودول أفريقيا جنوب الصحراء.
وجددت المنظمة دعوتها إلى استئناف عمليات البحث والإنقاذ الأوروبية في وسط المتوسط."""
PAGES[
    "t4_a2"
] = """وقعت إيطاليا اتفاقا مع حكومة الوفاق الليبية لتدريب وتجهيز خفر السواحل الليبي بهدف الحد من الهجرة غير النظامية.
وبموجب الاتفاق، ستدرب روما نحو 200 عنصر من خفر السواحل وتسلم طرابلس عشرة زوارق دورية.
وقال وزير الداخلية الإيطالي إن الاتفاق سيسمح بإعادة المهاجرين الذين يتم اعتراضهم في المياه الليبية.
وانتقدت منظمات حقوقية الاتفاق، معتبرة أن المهاجرين المعادين يتعرضون لانتهاكات في مراكز الاحتجاز.
ويمول الاتحاد الأوروبي جزءا من البرنامج عبر صندوق الطوارئ الخاص بأفريقيا."""
PAGES[
    "t4_e1"
] = """An air strike hit the Tajoura detention centre east of Tripoli on the night of July 2, 2019, killing 53 migrants and refugees.
More than 130 people were injured when the hangar holding about 600 detainees was struck, UN officials said.
The internationally recognised government blamed Haftar's forces, which denied carrying out the attack.
The UN refugee agency said the location of the centre had been shared with both warring parties.
Ghassan Salame described the strike as possibly amounting to a war crime.
Survivors said guards had shot at people trying to flee after the strike, a claim authorities rejected."""
PAGES[
    "t4_e2"
] = """The UN refugee agency evacuated 300 refugees from Libya to Rwanda under a new emergency transit agreement, officials said.
The first group of 66 people, including children and young mothers, landed in Kigali in September.
Rwanda agreed to host up to 500 refugees at a time while their cases for resettlement in third countries are processed.
UNHCR said evacuation flights to Niger had slowed because resettlement places in Europe were limited.
The agency called for more countries to offer places to refugees held in Libyan detention centres.
Many of those evacuated had been held for months in centres near front lines around Tripoli."""
CLAIMS += [
    (
        "t4_a1",
        "لقي 65 مهاجرا على الأقل حتفهم في غرق قارب قبالة زوارة",
        "وفاة 65 شخصا على الأقل",
        "لقي 65 مهاجرا على الأقل حتفهم في غرق قارب قبالة صبراتة",
        "نفت المنظمة الدولية للهجرة وفاة مهاجرين في غرق قارب قبالة زوارة",
    ),
    (
        "t4_a1",
        "أنقذ صيادون محليون 16 ناجيا من القارب الغارق",
        "أنقذوا 16 ناجيا",
        "أنقذ خفر السواحل الإيطالي 16 ناجيا من القارب الغارق",
        "لم ينقذ الصيادون المحليون أي ناج من القارب الغارق",
    ),
    (
        "t4_a2",
        "ستدرب إيطاليا قرابة 200 من عناصر خفر السواحل الليبي",
        "ستدرب روما نحو 200 عنصر",
        "ستدرب فرنسا قرابة 200 من عناصر خفر السواحل الليبي",
        "لن تدرب إيطاليا أي عنصر من خفر السواحل الليبي",
    ),
    (
        "t4_a2",
        "انتقدت منظمات حقوق الإنسان الاتفاق الإيطالي الليبي بسبب الانتهاكات في مراكز الاحتجاز",
        "وانتقدت منظمات حقوقية الاتفاق",
        "انتقدت الحكومة المالطية الاتفاق الإيطالي الليبي بسبب الانتهاكات في مراكز الاحتجاز",
        "لم تنتقد منظمات حقوق الإنسان الاتفاق الإيطالي الليبي",
    ),
    (
        "t4_e1",
        "قتل 53 مهاجرا في غارة جوية على مركز احتجاز تاجوراء في يوليو 2019",
        "killing 53 migrants and refugees",
        "قتل 53 مهاجرا في غارة جوية على مركز احتجاز الزاوية في يوليو 2019",
        "لم يقتل أي مهاجر في الغارة على مركز احتجاز تاجوراء",
    ),
    (
        "t4_e1",
        "وصف غسان سلامة الغارة بأنها قد ترقى إلى جريمة حرب",
        "possibly amounting to a war crime",
        "وصف أنطونيو غوتيريش الغارة بأنها قد ترقى إلى جريمة حرب",
        "نفى غسان سلامة أن الغارة قد ترقى إلى جريمة حرب",
    ),
    (
        "t4_e2",
        "نقلت مفوضية اللاجئين 300 لاجئ من ليبيا إلى رواندا",
        "evacuated 300 refugees from Libya to Rwanda",
        "نقلت مفوضية اللاجئين 300 لاجئ من ليبيا إلى أوغندا",
        "لم تنقل مفوضية اللاجئين أي لاجئ من ليبيا إلى رواندا",
    ),
    (
        "t4_e2",
        "وافقت رواندا على استضافة ما يصل إلى 500 لاجئ في وقت واحد",
        "host up to 500 refugees at a time",
        "وافقت كينيا على استضافة ما يصل إلى 500 لاجئ في وقت واحد",
        "رفضت رواندا استضافة أي لاجئ قادم من ليبيا",
    ),
]

# ---------------------------------------------------------------- t5: Syria talks (test split)
PAGES[
    "t5_a1"
] = """اختتمت في العاصمة الكازاخية جولة جديدة من محادثات أستانا حول سوريا بمشاركة روسيا وتركيا وإيران بصفتها الدول الضامنة.
وأكد البيان الختامي التزام الدول الثلاث بسيادة سوريا ووحدة أراضيها ورفض أي أجندات انفصالية.
وترأس الوفد الروسي المبعوث الخاص ألكسندر لافرنتييف، فيما ترأس وفد الحكومة السورية بشار الجعفري.
واتفق المشاركون على عقد الجولة المقبلة في نور سلطان خلال ثلاثة أشهر.
وشارك في الجلسات بصفة مراقب ممثلون عن الأمم المتحدة والأردن."""
PAGES[
    "t5_a2"
] = """اتفق الرئيسان الروسي فلاديمير بوتين والتركي رجب طيب أردوغان في مدينة سوتشي على إقامة منطقة منزوعة السلاح في إدلب.
ويتراوح عمق المنطقة بين 15 و20 كيلومترا على طول خطوط التماس بين قوات الحكومة وفصائل المعارضة.
وبموجب الاتفاق، يتعين على الفصائل المتشددة الانسحاب من المنطقة وسحب أسلحتها الثقيلة قبل منتصف أكتوبر.
وستسير دوريات تركية وروسية منسقة في المنطقة لمراقبة تنفيذ الاتفاق.
وقال بوتين إن الاتفاق جنب المحافظة عملية عسكرية واسعة كانت تستعد لها دمشق."""
PAGES[
    "t5_e1"
] = """Air strikes hit the town of Khan Sheikhoun in Idlib province on Tuesday, damaging a hospital and killing at least 12 civilians, a monitoring group said.
The Syrian Observatory for Human Rights said Russian and Syrian government aircraft carried out the raids.
Rescue workers from the White Helmets said they pulled survivors from the rubble of several homes.
Moscow's defence ministry denied its planes had struck civilian targets.
Tens of thousands of people have fled towards the Turkish border since the escalation began in April.
The strikes came despite a ceasefire agreed by Russia and Turkey the previous year."""
PAGES[
    "t5_e2"
] = """The committee charged with drafting a new Syrian constitution held its first meeting in Geneva on Wednesday.
The body has 150 members, split equally between the government, the opposition and civil society.
UN special envoy Geir Pedersen called the launch a sign of hope for the Syrian people.
A smaller drafting group of 45 members is expected to do the detailed work.
Russian Foreign Minister Sergei Lavrov, with his Turkish and Iranian counterparts, had met in Geneva a day earlier to back the process.
Critics said the committee could not succeed without a wider ceasefire on the ground."""
CLAIMS += [
    (
        "t5_a1",
        "ترأس ألكسندر لافرنتييف الوفد الروسي في محادثات أستانا",
        "ترأس الوفد الروسي المبعوث الخاص ألكسندر لافرنتييف",
        "ترأس سيرغي ريابكوف الوفد الروسي في محادثات أستانا",
        "لم يترأس ألكسندر لافرنتييف الوفد الروسي في محادثات أستانا",
    ),
    (
        "t5_a1",
        "اتفق المشاركون في أستانا على عقد الجولة القادمة في نور سلطان",
        "الجولة المقبلة في نور سلطان",
        "اتفق المشاركون في أستانا على عقد الجولة القادمة في جنيف",
        "لم يتفق المشاركون في أستانا على موعد أو مكان الجولة القادمة",
    ),
    (
        "t5_a2",
        "اتفق بوتين وأردوغان في سوتشي على منطقة منزوعة السلاح في إدلب",
        "منطقة منزوعة السلاح في إدلب",
        "اتفق بوتين وروحاني في سوتشي على منطقة منزوعة السلاح في إدلب",
        "فشل بوتين وأردوغان في سوتشي في الاتفاق على منطقة منزوعة السلاح ولم يتفقا",
    ),
    (
        "t5_a2",
        "يبلغ عمق المنطقة العازلة في إدلب ما بين 15 و20 كم",
        "بين 15 و20 كيلومترا",
        "يبلغ عمق المنطقة العازلة في درعا ما بين 15 و20 كم",
        "لا يتجاوز عمق المنطقة العازلة في إدلب كيلومترا واحدا",
    ),
    (
        "t5_e1",
        "قال المرصد السوري إن طائرات روسية وسورية قصفت خان شيخون وأصابت مستشفى",
        "Russian and Syrian government aircraft carried out the raids",
        "قال المرصد السوري إن طائرات تركية قصفت خان شيخون وأصابت مستشفى",
        "نفى المرصد السوري أن طائرات روسية قصفت خان شيخون",
    ),
    (
        "t5_e1",
        "نفت وزارة الدفاع الروسية أن طائراتها استهدفت مواقع مدنية",
        "denied its planes had struck civilian targets",
        "نفت وزارة الدفاع التركية أن طائراتها استهدفت مواقع مدنية",
        "أقرت وزارة الدفاع الروسية بأن طائراتها استهدفت مواقع مدنية",
    ),
    (
        "t5_e2",
        "تضم اللجنة الدستورية السورية 150 عضوا موزعين بالتساوي على الحكومة والمعارضة والمجتمع المدني",
        "The body has 150 members",
        "تضم اللجنة الدستورية اليمنية 150 عضوا موزعين بالتساوي على الحكومة والمعارضة والمجتمع المدني",
        "لا تضم اللجنة الدستورية السورية أي ممثلين عن المجتمع المدني",
    ),
    (
        "t5_e2",
        "وصف المبعوث الأممي غير بيدرسن انطلاق اللجنة بأنه بارقة أمل للسوريين",
        "a sign of hope for the Syrian people",
        "وصف المبعوث الأممي ستيفان دي ميستورا انطلاق اللجنة بأنه بارقة أمل للسوريين",
        "لم ير المبعوث الأممي غير بيدرسن في انطلاق اللجنة أي بارقة أمل",
    ),
]

# ---------------------------------------------------------------- t6: Egypt economy (test split)
PAGES[
    "t6_a1"
] = """خفض البنك المركزي المصري أسعار الفائدة الأساسية بمقدار 150 نقطة أساس في اجتماع لجنة السياسة النقدية يوم الخميس.
وقال البنك إن القرار جاء بعد تراجع معدلات التضخم واستقرار سعر صرف الجنيه.
وأصبح سعر عائد الإيداع لليلة واحدة 14.25 بالمئة، وسعر الإقراض 15.25 بالمئة.
وكان محافظ البنك طارق عامر قد أشار في وقت سابق إلى أن السياسة النقدية ستدعم النمو والاستثمار.
وتوقع محللون مزيدا من الخفض خلال العام المقبل إذا استمر تباطؤ الأسعار."""
PAGES[
    "t6_a2"
] = """حققت قناة السويس إيرادات قياسية بلغت 5.8 مليار دولار خلال العام المالي المنتهي، بحسب هيئة قناة السويس.
وقال رئيس الهيئة الفريق أسامة ربيع إن عدد السفن العابرة ارتفع إلى أكثر من 20 ألف سفينة.
وأرجع ربيع الزيادة إلى سياسات تسويقية مرنة وتخفيضات لبعض أنواع السفن.
وتعد القناة أحد أهم مصادر النقد الأجنبي لمصر إلى جانب السياحة وتحويلات العاملين في الخارج.
وتعمل الهيئة على توسيع القطاع الجنوبي للقناة وازدواج بعض أجزائه."""
PAGES[
    "t6_e1"
] = """The International Monetary Fund approved a 3 billion dollar loan for Egypt under a new 46-month programme, the fund said.
IMF managing director Kristalina Georgieva said the programme would help Egypt protect vulnerable households.
The deal commits Cairo to a more flexible exchange rate and a smaller role for state-owned companies.
The Egyptian pound has lost about half its value against the dollar since March.
Egypt is the fund's second largest borrower after Argentina.
The government said it expected the loan to unlock around 14 billion dollars in further financing from partners."""
PAGES[
    "t6_e2"
] = """Egypt's annual urban inflation fell to 4.8 percent in September, the lowest rate in nearly 14 years, the statistics agency CAPMAS said.
Food prices declined for a third month in a row, helping to pull down the overall rate.
The central bank's target is an inflation rate of 9 percent, plus or minus three points.
Economists said the slowdown gave the central bank room to cut interest rates again.
Households still complain that wages have not caught up with price rises since the 2016 devaluation.
Core inflation, which strips out volatile items, also fell, to 2.6 percent."""
CLAIMS += [
    (
        "t6_a1",
        "خفض المركزي المصري الفائدة 150 نقطة أساس",
        "بمقدار 150 نقطة أساس",
        "خفض المركزي الأردني الفائدة 150 نقطة أساس",
        "لم يخفض المركزي المصري الفائدة بل أبقاها دون تغيير",
    ),
    (
        "t6_a1",
        "أصبح عائد الإيداع لليلة واحدة في مصر 14.25% بعد القرار",
        "14.25 بالمئة",
        "أصبح عائد الإيداع لليلة واحدة في تونس 14.25% بعد القرار",
        "لم يتغير عائد الإيداع لليلة واحدة في مصر بعد القرار",
    ),
    (
        "t6_a2",
        "بلغت إيرادات قناة السويس مستوى قياسيا عند 5.8 مليار دولار",
        "5.8 مليار دولار",
        "بلغت إيرادات ميناء جبل علي مستوى قياسيا عند 5.8 مليار دولار",
        "لم تحقق قناة السويس أي إيرادات قياسية بل تراجعت",
    ),
    (
        "t6_a2",
        "قال أسامة ربيع إن أكثر من 20 ألف سفينة عبرت القناة",
        "أكثر من 20 ألف سفينة",
        "قال مهاب مميش إن أكثر من 20 ألف سفينة عبرت القناة",
        "نفى أسامة ربيع أن أكثر من 20 ألف سفينة عبرت القناة",
    ),
    (
        "t6_e1",
        "وافق صندوق النقد الدولي على قرض لمصر بقيمة 3 مليارات دولار",
        "approved a 3 billion dollar loan for Egypt",
        "وافق البنك الدولي على قرض لتونس بقيمة 3 مليارات دولار",
        "رفض صندوق النقد الدولي منح مصر قرضا بقيمة 3 مليارات دولار",
    ),
    (
        "t6_e1",
        "فقد الجنيه المصري نحو نصف قيمته أمام الدولار منذ مارس",
        "lost about half its value against the dollar",
        "فقدت الليرة التركية نحو نصف قيمتها أمام الدولار منذ مارس",
        "لم يفقد الجنيه المصري شيئا من قيمته أمام الدولار منذ مارس",
    ),
    (
        "t6_e2",
        "تراجع التضخم السنوي في مدن مصر إلى 4.8% في سبتمبر",
        "fell to 4.8 percent in September",
        "تراجع التضخم السنوي في مدن المغرب إلى 4.8% في سبتمبر",
        "لم يتراجع التضخم السنوي في مدن مصر بل ارتفع في سبتمبر",
    ),
    (
        "t6_e2",
        "انخفضت أسعار الغذاء في مصر للشهر الثالث على التوالي",
        "Food prices declined for a third month in a row",
        "انخفضت أسعار الوقود في مصر للشهر الثالث على التوالي",
        "لم تنخفض أسعار الغذاء في مصر بل ارتفعت للشهر الثالث",
    ),
]

# ---------------------------------------------------------------- t7: Sudan (test split)
PAGES[
    "t7_a1"
] = """أعلن الجيش السوداني يوم 11 أبريل 2019 عزل الرئيس عمر البشير واعتقاله بعد ثلاثين عاما في الحكم.
وقال وزير الدفاع عوض بن عوف في بيان متلفز إن مجلسا عسكريا انتقاليا سيتولى إدارة البلاد لمدة عامين.
وأعلن بن عوف أيضا فرض حالة الطوارئ لثلاثة أشهر وحظر التجول ليلا.
ورفض المحتجون المعتصمون أمام مقر القيادة العامة البيان، مطالبين بتسليم السلطة إلى حكومة مدنية.
وبعد يوم واحد فقط تنحى بن عوف عن رئاسة المجلس وخلفه الفريق عبد الفتاح البرهان."""
PAGES[
    "t7_a2"
] = """أدى عبد الله حمدوك اليمين الدستورية رئيسا لوزراء السودان، بعد أيام من تشكيل مجلس السيادة الانتقالي.
ويضم مجلس السيادة 11 عضوا، خمسة عسكريين وخمسة مدنيين وعضوا مدنيا يتم اختياره بالتوافق.
وتستمر المرحلة الانتقالية 39 شهرا تنتهي بإجراء انتخابات عامة.
وقال حمدوك، الخبير الاقتصادي السابق في الأمم المتحدة، إن أولويات حكومته وقف الحرب ومعالجة الأزمة الاقتصادية.
ويرأس مجلس السيادة في النصف الأول من الفترة الانتقالية الفريق عبد الفتاح البرهان."""
PAGES[
    "t7_e1"
] = """Security forces stormed the protest sit-in outside the army headquarters in Khartoum on June 3, 2019, killing more than 100 people, according to doctors linked to the protest movement.
The Forces of Freedom and Change said the ruling military council bore full responsibility for the bloodshed.
Witnesses said members of the Rapid Support Forces, commanded by Mohamed Hamdan Dagalo, led the assault.
The military council said it had targeted a nearby area known for crime and regretted that events had spread to the sit-in.
The African Union suspended Sudan's membership days later until a civilian-led authority was set up.
Internet access was cut across the country for weeks after the crackdown."""
PAGES[
    "t7_e2"
] = """The United States formally removed Sudan from its list of state sponsors of terrorism, ending a designation that had lasted 27 years.
The decision followed Sudan's payment of 335 million dollars in compensation to victims of the 1998 embassy bombings in Kenya and Tanzania.
Prime Minister Abdalla Hamdok welcomed the move, saying it would reconnect Sudan with the global economy.
The listing had blocked debt relief and deterred foreign investors.
Sudan also agreed to establish ties with Israel as part of a wider diplomatic push by Washington.
Officials in Khartoum said they hoped to clear arrears with the World Bank within months."""
CLAIMS += [
    (
        "t7_a1",
        "عزل الجيش السوداني عمر البشير في 11 أبريل 2019",
        "عزل الرئيس عمر البشير",
        "عزل الجيش الجزائري عبد العزيز بوتفليقة في 11 أبريل 2019",
        "لم يعزل الجيش السوداني عمر البشير في 11 أبريل 2019",
    ),
    (
        "t7_a1",
        "تنحى عوض بن عوف عن رئاسة المجلس العسكري بعد يوم واحد وخلفه البرهان",
        "تنحى بن عوف عن رئاسة المجلس",
        "تنحى محمد حمدان دقلو عن رئاسة المجلس العسكري بعد يوم واحد وخلفه البرهان",
        "رفض عوض بن عوف التنحي عن رئاسة المجلس العسكري",
    ),
    (
        "t7_a2",
        "أدى عبدالله حمدوك اليمين رئيسا للحكومة السودانية",
        "أدى عبد الله حمدوك اليمين الدستورية",
        "أدى الصادق المهدي اليمين رئيسا للحكومة السودانية",
        "لم يؤد عبدالله حمدوك اليمين رئيسا للحكومة السودانية",
    ),
    (
        "t7_a2",
        "حددت مدة المرحلة الانتقالية في السودان بتسعة وثلاثين شهرا",
        "39 شهرا",
        "حددت مدة المرحلة الانتقالية في تشاد بتسعة وثلاثين شهرا",
        "لم تحدد أي مدة للمرحلة الانتقالية في السودان",
    ),
    (
        "t7_e1",
        "قتل أكثر من 100 شخص عند فض اعتصام القيادة العامة في الخرطوم يوم 3 يونيو 2019",
        "killing more than 100 people",
        "قتل أكثر من 100 شخص عند فض اعتصام في أم درمان يوم 3 يونيو 2019",
        "لم يقتل أحد عند فض اعتصام القيادة العامة في الخرطوم يوم 3 يونيو 2019",
    ),
    (
        "t7_e1",
        "علق الاتحاد الأفريقي عضوية السودان بعد فض الاعتصام",
        "The African Union suspended Sudan's membership",
        "علقت الجامعة العربية عضوية السودان بعد فض الاعتصام",
        "لم يعلق الاتحاد الأفريقي عضوية السودان بعد فض الاعتصام",
    ),
    (
        "t7_e2",
        "رفعت الولايات المتحدة اسم السودان من قائمة الدول الراعية للإرهاب",
        "removed Sudan from its list of state sponsors of terrorism",
        "رفعت الولايات المتحدة اسم سوريا من قائمة الدول الراعية للإرهاب",
        "رفضت الولايات المتحدة رفع اسم السودان من قائمة الدول الراعية للإرهاب",
    ),
    (
        "t7_e2",
        "دفع السودان 335 مليون دولار تعويضات لضحايا تفجيري السفارتين عام 1998",
        "335 million dollars in compensation",
        "دفعت ليبيا 335 مليون دولار تعويضات لضحايا تفجيري السفارتين عام 1998",
        "لم يدفع السودان أي تعويضات لضحايا تفجيري السفارتين",
    ),
]

# ---------------------------------------------------------------- t8: Tunisia and Algeria votes (test split)
PAGES[
    "t8_a1"
] = """فاز أستاذ القانون الدستوري قيس سعيد بالانتخابات الرئاسية التونسية بعد حصوله على 72.71 بالمئة من الأصوات في الجولة الثانية.
وحصل منافسه رجل الأعمال نبيل القروي على 27.29 بالمئة، بحسب النتائج الرسمية التي أعلنتها هيئة الانتخابات.
وبلغت نسبة المشاركة في الجولة الثانية نحو 55 بالمئة، وهي أعلى من نسبة المشاركة في الجولة الأولى.
وخرج آلاف التونسيين إلى شارع الحبيب بورقيبة في العاصمة احتفالا بفوز سعيد.
وتعهد الرئيس المنتخب باحترام الدستور ومكافحة الفساد."""
PAGES[
    "t8_a2"
] = """تصدرت حركة النهضة نتائج الانتخابات التشريعية في تونس بحصولها على 52 مقعدا من أصل 217 في البرلمان.
وجاء حزب قلب تونس الذي يتزعمه نبيل القروي في المرتبة الثانية بـ38 مقعدا.
وانتخب البرلمان الجديد زعيم حركة النهضة راشد الغنوشي رئيسا له في أولى جلساته.
ويتعين على الحزب الفائز تشكيل حكومة ائتلافية لأنه لا يملك الأغلبية المطلقة.
وأبدى مراقبون قلقهم من تشتت البرلمان بين كتل صغيرة كثيرة."""
PAGES[
    "t8_e1"
] = """Algerian President Abdelaziz Bouteflika resigned on April 2, 2019, after weeks of mass protests against his bid for a fifth term.
The army chief of staff, General Ahmed Gaid Salah, had demanded hours earlier that the president be declared unfit for office.
Bouteflika, 82, had rarely been seen in public since suffering a stroke in 2013.
Crowds in Algiers celebrated the news with car horns and flags.
Under the constitution, the speaker of the upper house, Abdelkader Bensalah, became interim head of state.
Protesters vowed to keep marching until the entire ruling elite stepped down."""
PAGES[
    "t8_e2"
] = """Former prime minister Abdelmadjid Tebboune won Algeria's presidential election with 58 percent of the vote, the electoral authority said.
Turnout was 39.9 percent, the lowest in any presidential election since independence.
Tebboune, 74, served briefly as prime minister under Abdelaziz Bouteflika in 2017.
Protesters rejected the vote as a ploy by the army to preserve the old system.
Four other candidates, all linked to the former government, shared the remaining votes.
Tebboune offered dialogue with the protest movement in his first speech."""
CLAIMS += [
    (
        "t8_a1",
        "فاز قيس سعيّد برئاسة تونس بنسبة 72.71% في الجولة الثانية",
        "72.71 بالمئة",
        "فاز الباجي قائد السبسي برئاسة تونس بنسبة 72.71% في الجولة الثانية",
        "لم يفز قيس سعيّد برئاسة تونس في الجولة الثانية",
    ),
    (
        "t8_a1",
        "احتفل آلاف التونسيين في شارع الحبيب بورقيبة بفوز سعيد",
        "شارع الحبيب بورقيبة",
        "احتفل آلاف التونسيين في ساحة القصبة بفوز القروي",
        "لم يحتفل التونسيون في شارع الحبيب بورقيبة بفوز سعيد",
    ),
    (
        "t8_a2",
        "حصلت النهضة على 52 مقعدا في البرلمان التونسي",
        "52 مقعدا من أصل 217",
        "حصل حزب نداء تونس على 52 مقعدا في البرلمان التونسي",
        "لم تحصل النهضة على أي مقعد في البرلمان التونسي",
    ),
    (
        "t8_a2",
        "انتخب راشد الغنوشي رئيسا للبرلمان التونسي",
        "راشد الغنوشي رئيسا له",
        "انتخب نبيل القروي رئيسا للبرلمان التونسي",
        "لم ينتخب راشد الغنوشي رئيسا للبرلمان التونسي",
    ),
    (
        "t8_e1",
        "استقال عبد العزيز بوتفليقة في 2 أبريل 2019 بعد احتجاجات على ترشحه لولاية خامسة",
        "resigned on April 2, 2019",
        "استقال عبد العزيز بلخادم في 2 أبريل 2019 بعد احتجاجات على ترشحه لولاية خامسة",
        "رفض عبد العزيز بوتفليقة الاستقالة رغم الاحتجاجات على ترشحه لولاية خامسة",
    ),
    (
        "t8_e1",
        "تولى عبد القادر بن صالح رئاسة الدولة مؤقتا بعد استقالة بوتفليقة",
        "Abdelkader Bensalah, became interim head of state",
        "تولى أحمد قايد صالح رئاسة الدولة مؤقتا بعد استقالة بوتفليقة",
        "لم يتول عبد القادر بن صالح رئاسة الدولة بعد استقالة بوتفليقة",
    ),
    (
        "t8_e2",
        "فاز عبد المجيد تبون بالرئاسة الجزائرية بنسبة 58% من الأصوات",
        "58 percent of the vote",
        "فاز علي بن فليس بالرئاسة الجزائرية بنسبة 58% من الأصوات",
        "لم يفز عبد المجيد تبون بالرئاسة الجزائرية",
    ),
    (
        "t8_e2",
        "بلغت نسبة المشاركة في الانتخابات الرئاسية الجزائرية 39.9% وهي الأدنى منذ الاستقلال",
        "Turnout was 39.9 percent",
        "بلغت نسبة المشاركة في الانتخابات الرئاسية التونسية 39.9% وهي الأدنى منذ الثورة",
        "لم تكن نسبة المشاركة في الانتخابات الرئاسية الجزائرية هي الأدنى منذ الاستقلال بل الأعلى",
    ),
]

# ---------------------------------------------------------------- t9, t10: English pages that paraphrase at length
# Real English sources rarely mirror an Arabic claim: the fact sits in one clause of a long
# sentence ("X said on Monday that ..., adding that ..."). These topics have English pages only;
# their claims are translations of one clause. t9 is dev, t10 test.
PAGES[
    "t9_e1"
] = """Talks between Egypt, Sudan and Ethiopia over the giant dam on the Blue Nile ended without agreement on Monday, the Egyptian irrigation ministry said in a statement, blaming Addis Ababa for rejecting a legally binding deal on how fast the reservoir is filled.
Ethiopian Water Minister Seleshi Bekele told reporters in Addis Ababa that his country would begin the second filling of the reservoir in July as planned, whatever the outcome of the negotiations, because the rainy season could not be postponed.
Sudan, which fears that the dam will disrupt the operation of its own Roseires dam downstream, has proposed that the African Union, the United States, the European Union and the United Nations mediate jointly, a proposal Ethiopia has so far turned down.
The dam, which Ethiopia began building in 2011 at a cost of about 4 billion dollars, is expected to generate more than 5,000 megawatts of electricity once it is complete, doubling the country's output.
Egyptian officials say the country depends on the Nile for about 97 percent of its fresh water and have warned repeatedly that they will not accept any harm to their share.
The latest round, hosted by the Democratic Republic of Congo, which chairs the African Union this year, was the first in several months."""
PAGES[
    "t9_e2"
] = """Egypt's foreign minister Sameh Shoukry warned the UN Security Council on Thursday that the dispute over the dam had become an existential threat, urging members to press Ethiopia to sign a binding agreement before the reservoir was filled again.
Ethiopia's ambassador, Taye Atske Selassie, replied that the council was not the right forum for a technical dispute over water, which he said should be settled by the African Union, and accused Cairo of trying to keep a colonial-era monopoly over the river.
Sudan's foreign minister Mariam al-Sadiq al-Mahdi, speaking by video link, said that the lives of some 20 million Sudanese who live along the Blue Nile depended on the safe operation of the dam.
The council, which held its second meeting on the dam in a year, did not adopt any text, and Tunisia, which had circulated a draft resolution, said it would keep consulting members.
Diplomats said several members, including Russia and China, were reluctant to let the council take up disputes over rivers, fearing a precedent."""
PAGES[
    "t10_e1"
] = """Lebanon's central bank governor Riad Salameh said on Wednesday that the bank would stop subsidising fuel imports at the official exchange rate within weeks, arguing that its foreign reserves had fallen to about 15 billion dollars and could no longer be spent on goods that were being smuggled to Syria.
Caretaker Prime Minister Hassan Diab, whose government resigned after the port explosion last August, said in a televised address that the decision had been taken without consulting the cabinet and warned that it would push millions of Lebanese into poverty.
The Lebanese pound, which was pegged at 1,507 to the dollar for more than two decades, has lost about 90 percent of its value on the parallel market since late 2019, according to traders in Beirut.
Queues stretched for hundreds of metres outside petrol stations across the country on Thursday, and several hospitals said they had only a few days of diesel left for their generators.
The World Bank has described the crisis as one of the worst the world has seen since the mid-nineteenth century."""
PAGES[
    "t10_e2"
] = """Caretaker Prime Minister Hassan Diab asked Qatar and other Arab states on Tuesday for urgent help to keep the lights on, saying during a meeting with foreign ambassadors in Beirut that Lebanon was days away from a social explosion.
Energy Minister Raymond Ghajar said that the state power company, which has cost the treasury more than 40 billion dollars over three decades, could supply only two to three hours of electricity a day because it had run out of money to buy fuel oil.
Iraq agreed in July to supply Lebanon with one million tonnes of heavy fuel oil a year in exchange for medical services, an arrangement that officials said would cover about a third of the power plants' needs.
Central bank governor Riad Salameh, who is under investigation in several European countries, was not present at the meeting, a spokesman for the prime minister said.
Donors have said they will not provide large-scale aid until a new government carries out reforms demanded by the International Monetary Fund."""
CLAIMS += [
    (
        "t9_e1",
        "قال وزير المياه الإثيوبي سيليشي بيكيلي إن بلاده ستبدأ الملء الثاني لخزان السد في يوليو",
        "his country would begin the second filling of the reservoir in July",
        "قال وزير الري السوداني ياسر عباس إن بلاده ستبدأ الملء الثاني لخزان السد في يوليو",
        "قال وزير المياه الإثيوبي سيليشي بيكيلي إن بلاده لن تبدأ الملء الثاني لخزان السد في يوليو",
    ),
    (
        "t9_e1",
        "اقترح السودان وساطة مشتركة يقودها الاتحاد الأفريقي والولايات المتحدة والاتحاد الأوروبي والأمم المتحدة",
        "the African Union, the United States, the European Union and the United Nations mediate jointly",
        "اقترحت إثيوبيا وساطة مشتركة يقودها الاتحاد الأفريقي والولايات المتحدة والاتحاد الأوروبي والأمم المتحدة",
        "رفض السودان وساطة مشتركة يقودها الاتحاد الأفريقي والولايات المتحدة والاتحاد الأوروبي والأمم المتحدة",
    ),
    (
        "t9_e1",
        "تعتمد مصر على النيل في نحو 97% من مياهها العذبة",
        "depends on the Nile for about 97 percent of its fresh water",
        "يعتمد السودان على النيل في نحو 97% من مياهه العذبة",
        "لا تعتمد مصر على النيل في 97% من مياهها العذبة",
    ),
    (
        "t9_e2",
        "حذر وزير الخارجية المصري سامح شكري مجلس الأمن من أن أزمة السد باتت تهديدا وجوديا",
        "the dispute over the dam had become an existential threat",
        "حذرت وزيرة الخارجية السودانية مريم الصادق المهدي مجلس الأمن من أن أزمة السد باتت تهديدا وجوديا",
        "قال سامح شكري لمجلس الأمن إن أزمة السد ليست تهديدا وجوديا",
    ),
    (
        "t9_e2",
        "قالت مريم الصادق المهدي إن حياة نحو 20 مليون سوداني على ضفاف النيل الأزرق تتوقف على التشغيل الآمن للسد",
        "the lives of some 20 million Sudanese who live along the Blue Nile depended on the safe operation of the dam",
        "قالت مريم الصادق المهدي إن حياة نحو 20 مليون مصري على ضفاف النيل الأزرق تتوقف على التشغيل الآمن للسد",
        "نفت مريم الصادق المهدي أن حياة نحو 20 مليون سوداني على ضفاف النيل الأزرق تتوقف على التشغيل الآمن للسد",
    ),
    (
        "t9_e2",
        "وزعت تونس مشروع قرار بشأن السد على أعضاء مجلس الأمن",
        "Tunisia, which had circulated a draft resolution",
        "وزعت الجزائر مشروع قرار بشأن السد على أعضاء مجلس الأمن",
        "لم توزع تونس أي مشروع قرار بشأن السد على أعضاء مجلس الأمن",
    ),
    (
        "t10_e1",
        "قال حاكم مصرف لبنان رياض سلامة إن المصرف سيتوقف عن دعم استيراد الوقود خلال أسابيع",
        "the bank would stop subsidising fuel imports at the official exchange rate within weeks",
        "قال رئيس الحكومة حسان دياب إن المصرف سيتوقف عن دعم استيراد الوقود خلال أسابيع",
        "نفى رياض سلامة أن يتوقف المصرف عن دعم استيراد الوقود خلال أسابيع",
    ),
    (
        "t10_e1",
        "فقدت الليرة اللبنانية نحو 90% من قيمتها في السوق الموازية منذ أواخر 2019",
        "has lost about 90 percent of its value on the parallel market since late 2019",
        "فقدت الليرة السورية نحو 90% من قيمتها في السوق الموازية منذ أواخر 2019",
        "لم تفقد الليرة اللبنانية 90% من قيمتها في السوق الموازية منذ أواخر 2019",
    ),
    (
        "t10_e1",
        "وصف البنك الدولي الأزمة اللبنانية بأنها من أسوأ الأزمات في العالم منذ منتصف القرن التاسع عشر",
        "one of the worst the world has seen since the mid-nineteenth century",
        "وصف صندوق النقد الدولي الأزمة اللبنانية بأنها من أسوأ الأزمات في العالم منذ منتصف القرن التاسع عشر",
        "نفى البنك الدولي أن تكون الأزمة اللبنانية من أسوأ الأزمات في العالم منذ منتصف القرن التاسع عشر",
    ),
    (
        "t10_e2",
        "طلب حسان دياب من قطر ودول عربية أخرى مساعدة عاجلة لتجنب انقطاع الكهرباء",
        "asked Qatar and other Arab states on Tuesday for urgent help to keep the lights on",
        "طلب حسان دياب من الكويت ودول عربية أخرى مساعدة عاجلة لتجنب انقطاع الكهرباء",
        "رفض حسان دياب طلب مساعدة عاجلة من قطر ودول عربية أخرى لتجنب انقطاع الكهرباء",
    ),
    (
        "t10_e2",
        "قال وزير الطاقة ريمون غجر إن شركة الكهرباء توفر ساعتين إلى ثلاث ساعات فقط من الكهرباء يوميا",
        "could supply only two to three hours of electricity a day",
        "قال رياض سلامة إن شركة الكهرباء توفر ساعتين إلى ثلاث ساعات فقط من الكهرباء يوميا",
        "نفى وزير الطاقة ريمون غجر أن شركة الكهرباء توفر ساعتين إلى ثلاث ساعات فقط من الكهرباء يوميا",
    ),
    (
        "t10_e2",
        "وافق العراق على تزويد لبنان بمليون طن من زيت الوقود الثقيل سنويا مقابل خدمات طبية",
        "Iraq agreed in July to supply Lebanon with one million tonnes of heavy fuel oil a year",
        "وافقت قطر على تزويد لبنان بمليون طن من زيت الوقود الثقيل سنويا مقابل خدمات طبية",
        "رفض العراق تزويد لبنان بمليون طن من زيت الوقود الثقيل سنويا مقابل خدمات طبية",
    ),
]
# ---------------------------------------------------------------- t11 and dev pages: hard Arabic name swaps (dev split)
# The swapped-in name stands elsewhere on the same Arabic page, often in the same kind of
# slot (after a party title, or as the object of the same verb), so every claim word is on
# the page. Appended last so the ids of the claims above do not move; their pairs are
# marked "fit": "no" (they probe the entity check, and the fusion weights are fitted
# without them).
PROBES_FROM = len(CLAIMS)
PAGES[
    "t11_a1"
] = """الرباط - تصدر حزب التجمع الوطني للأحرار بزعامة عزيز أخنوش نتائج الانتخابات التشريعية المغربية بحصوله على 102 مقعد من أصل 395 في مجلس النواب.
وجاء حزب الأصالة والمعاصرة في المرتبة الثانية بـ87 مقعدا، تلاه حزب الاستقلال بقيادة نزار بركة بـ81 مقعدا.
وتراجع حزب العدالة والتنمية الذي قاد الحكومة عشر سنوات إلى 13 مقعدا فقط، وأعلن أمينه العام سعد الدين العثماني استقالته من قيادة الحزب.
وكلف الملك محمد السادس عزيز أخنوش بتشكيل الحكومة الجديدة بعد يومين من إعلان النتائج.
وبلغت نسبة المشاركة 50.35 بالمئة بحسب وزارة الداخلية، وهي أعلى من نسبة الانتخابات السابقة.
وشكل أخنوش لاحقا ائتلافا حكوميا مع حزبي الأصالة والمعاصرة والاستقلال."""
PAGES[
    "t11_a2"
] = """بغداد - انتخب مجلس النواب العراقي في جلسته الأولى رئيس حزب تقدم محمد الحلبوسي رئيسا للبرلمان لولاية ثانية بعد حصوله على 200 صوت.
وتصدرت الكتلة الصدرية بزعامة مقتدى الصدر نتائج الانتخابات التشريعية بحصولها على 73 مقعدا من أصل 329.
وحل ائتلاف دولة القانون بقيادة نوري المالكي ثالثا بـ33 مقعدا، فيما حصل تحالف تقدم على 37 مقعدا.
وقاطع نواب الإطار التنسيقي الجلسة احتجاجا على ما وصفوه بتجاوزات رافقت التصويت.
وأعلن الصدر أنه يسعى إلى تشكيل حكومة أغلبية وطنية لا شرقية ولا غربية.
ولا يملك أي تحالف بمفرده الأغلبية اللازمة لتسمية رئيس الوزراء."""
CLAIMS += [
    (
        "t11_a1",
        "حصل حزب التجمع الوطني للأحرار على 102 مقعد في مجلس النواب المغربي",
        "بحصوله على 102 مقعد من أصل 395",
        "حصل حزب الأصالة والمعاصرة على 102 مقعد في مجلس النواب المغربي",
        "لم يحصل حزب التجمع الوطني للأحرار على أي مقعد في مجلس النواب المغربي",
    ),
    (
        "t11_a1",
        "كلف الملك محمد السادس عزيز أخنوش بتشكيل الحكومة",
        "وكلف الملك محمد السادس عزيز أخنوش بتشكيل الحكومة الجديدة",
        "كلف الملك محمد السادس نزار بركة بتشكيل الحكومة",
        "رفض الملك محمد السادس تكليف عزيز أخنوش بتشكيل الحكومة",
    ),
    (
        "t11_a1",
        "أعلن سعد الدين العثماني استقالته من قيادة حزب العدالة والتنمية",
        "وأعلن أمينه العام سعد الدين العثماني استقالته",
        "أعلن عزيز أخنوش استقالته من قيادة حزب العدالة والتنمية",
        "نفى سعد الدين العثماني استقالته من قيادة حزب العدالة والتنمية",
    ),
    (
        "t11_a2",
        "انتخب مجلس النواب العراقي محمد الحلبوسي رئيسا للبرلمان لولاية ثانية",
        "محمد الحلبوسي رئيسا للبرلمان لولاية ثانية",
        "انتخب مجلس النواب العراقي نوري المالكي رئيسا للبرلمان لولاية ثانية",
        "لم ينتخب مجلس النواب العراقي محمد الحلبوسي رئيسا للبرلمان",
    ),
    (
        "t11_a2",
        "حصلت الكتلة الصدرية على 73 مقعدا في البرلمان العراقي",
        "بحصولها على 73 مقعدا من أصل 329",
        "حصل ائتلاف دولة القانون على 73 مقعدا في البرلمان العراقي",
        "لم تحصل الكتلة الصدرية على أي مقعد في البرلمان العراقي",
    ),
    (
        "t11_a2",
        "قال مقتدى الصدر إنه يسعى إلى تشكيل حكومة أغلبية وطنية",
        "يسعى إلى تشكيل حكومة أغلبية وطنية",
        "قال نوري المالكي إنه يسعى إلى تشكيل حكومة أغلبية وطنية",
        "نفى مقتدى الصدر سعيه إلى تشكيل حكومة أغلبية وطنية",
    ),
    (
        "t1_a1",
        "غادر غوتيريش ليبيا بعد لقائه حفتر في بنغازي",
        "وغادر غوتيريش ليبيا بعد لقائه حفتر في بنغازي",
        "غادر غوتيريش ليبيا بعد لقائه فايز السراج في بنغازي",
        "لم يغادر غوتيريش ليبيا بعد لقائه حفتر في بنغازي",
    ),
    (
        "t1_a1",
        "دعت حكومة الوفاق برئاسة فايز السراج قواتها إلى النفير العام",
        "برئاسة فايز السراج قواتها إلى النفير العام",
        "دعت حكومة الوفاق برئاسة خليفة حفتر قواتها إلى النفير العام",
        "رفضت حكومة الوفاق برئاسة فايز السراج دعوة قواتها إلى النفير العام",
    ),
    (
        "t2_a1",
        "شكر حفتر الجانب الروسي على موقفه الداعم لوحدة ليبيا",
        "شكر حفتر الجانب الروسي",
        "شكر بوغدانوف الجانب الروسي على موقفه الداعم لوحدة ليبيا",
        "لم يشكر حفتر الجانب الروسي على موقفه من وحدة ليبيا",
    ),
]
UNRELATED_TOPIC = {"t9": "t3", "t10": "t7", "t11": "t1"}
"""Topics without a neighbour take their unrelated page from a topic of the same split."""


def _sibling(page: str) -> str:
    """The other page of the same topic in the same language (a1↔a2, e1↔e2)."""
    return page[:-1] + ("2" if page.endswith("1") else "1")


def _swap(page: str) -> str:
    """The other-language page of the topic with the same number (a1↔e1)."""
    topic, kind = page.split("_")
    return f"{topic}_{'e' if kind[0] == 'a' else 'a'}{kind[1]}"


def _unrelated(page: str) -> str:
    """The same-slot page of the neighbouring topic in the same split (t1↔t2, t3↔t4...)."""
    topic, kind = page.split("_")
    if topic in UNRELATED_TOPIC:
        return f"{UNRELATED_TOPIC[topic]}_{kind}"
    number = int(topic[1:])
    other = number + 1 if number % 2 else number - 1
    return f"t{other}_{kind}"


def _pair(
    index: int, kind: str, claim: str, page: str, label: str, evidence: str = ""
) -> dict[str, str]:
    claim_lang = "ar"
    page_lang = "ar" if "_a" in page else "en"
    topic = page.split("_")[0]
    return {
        "id": f"c{index:02d}-{kind}",
        "claim_id": f"c{index:02d}",
        "topic": topic,
        "split": "dev" if topic in DEV_TOPICS else "test",
        "kind": kind,
        "pair": f"{claim_lang}-{page_lang}",
        "claim": claim,
        "page": f"{page}.txt",
        "label": label,
        "evidence": evidence,
        "fit": "yes" if index < PROBES_FROM else "no",
    }


def build() -> list[dict[str, str]]:
    """Every labelled pair, in a fixed order."""
    first_claim = {page: claim for page, claim, *_ in reversed(CLAIMS)}
    rows: list[dict[str, str]] = []
    for index, (page, claim, evidence, swapped, negated) in enumerate(CLAIMS):
        assert evidence in PAGES[page], (page, evidence)
        rows += [
            _pair(index, "support", claim, page, "supported", evidence),
            _pair(index, "same_topic", claim, _sibling(page), "unsupported"),
            _pair(index, "unrelated", claim, _unrelated(page), "unsupported"),
            _pair(index, "entity_swap", swapped, page, "unsupported"),
            _pair(index, "negated", negated, page, "unsupported"),
        ]
        if _swap(page) in PAGES:  # the English-only topics have no other-language page
            rows.insert(-3, _pair(index, "swap", claim, _swap(page), "unsupported"))
        if first_claim[page] == claim:
            compound = f"{claim}، كما {first_claim[_sibling(page)]}"
            rows.append(_pair(index, "partial", compound, page, "partial", evidence))
    return rows


def main() -> None:
    """Write the pages and claims.jsonl next to this script."""
    for name, text in PAGES.items():
        (HERE / "pages" / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    rows = build()
    with (HERE.parent / "claims.jsonl").open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(PAGES)} pages, {len(CLAIMS)} claims, {len(rows)} pairs")


if __name__ == "__main__":
    main()
