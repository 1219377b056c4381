"""claims: sentence splitting and which sentences each citation backs."""

from __future__ import annotations

from citecheck.extract import extract_citations
from citecheck.extract.claims import citations_by_claim, split_sentences
from citecheck.inputs.load import line_starts
from citecheck.models import CitationStyle, DocKind, Document


def doc(text: str, kind: DocKind = DocKind.TEXT) -> Document:
    return Document("article.txt", kind, text, line_starts(text))


def sentences(text: str) -> list[str]:
    return [text[span.start : span.end] for span in split_sentences(text)]


def test_arabic_sentence_ends() -> None:
    text = "هل انسحبت روسيا؟ لا. لكنها خففت وجودها؛ وبقي خبراؤها! انتهى…"
    assert sentences(text) == [
        "هل انسحبت روسيا؟",
        "لا.",
        "لكنها خففت وجودها؛",
        "وبقي خبراؤها!",
        "انتهى…",
    ]


def test_the_arabic_comma_and_a_wrapped_line_do_not_end_a_sentence() -> None:
    text = "قالت موسكو، في بيان طويل\nنشرته أمس، إنها محايدة."
    assert sentences(text) == ["قالت موسكو، في بيان طويل\nنشرته أمس، إنها محايدة."]


def test_closing_quotes_stay_with_their_sentence() -> None:
    assert sentences("قال: «لا ندعم أحدًا.» ثم غادر.") == ["قال: «لا ندعم أحدًا.»", "ثم غادر."]


def test_urls_and_decimals_do_not_split() -> None:
    text = "Growth was 3.5 percent per www.example.com/a.b report. Next one."
    assert sentences(text) == [
        "Growth was 3.5 percent per www.example.com/a.b report.",
        "Next one.",
    ]


def test_blank_lines_and_url_lines_end_sentences() -> None:
    text = "عنوان بلا نقطة\n\nفقرة أولى بلا نقطة\nhttps://example.com/a\n- بند"
    assert sentences(text) == [
        "عنوان بلا نقطة",
        "فقرة أولى بلا نقطة",
        "https://example.com/a",
        "- بند",
    ]


def test_a_markdown_heading_is_its_own_sentence() -> None:
    assert sentences("مقدمة.\n## القسم الأول\nنص القسم يبدأ هنا.") == [
        "مقدمة.",
        "## القسم الأول",
        "نص القسم يبدأ هنا.",
    ]


def test_split_a_range() -> None:
    text = "أ. ب. ج."
    assert [text[s.start : s.end] for s in split_sentences(text, 3, 8)] == ["ب.", "ج."]


def test_inline_citation_backs_its_own_sentence() -> None:
    text = "مقدمة. أكدت الوكالة الخبر https://example.com/news، وأضافت تفاصيل. خاتمة."
    (citation,) = extract_citations(doc(text))
    assert citation.style is CitationStyle.INLINE
    assert [claim.text for claim in citation.claims] == ["أكدت الوكالة الخبر، وأضافت تفاصيل."]


SOURCE_BLOCKS = """الفصل الأول

الجملة الأولى في الفصل. الجملة الثانية
تكمل على سطر آخر.

https://example.com/one
https://example.com/two

الفصل الثاني

جملة الفصل الثاني.

- https://example.com/three
"""


def test_source_block_backs_the_sentences_of_the_section_above() -> None:
    one, two, three = extract_citations(doc(SOURCE_BLOCKS))
    assert {one.style, two.style, three.style} == {CitationStyle.SOURCE_BLOCK}
    expected = ["الجملة الأولى في الفصل.", "الجملة الثانية تكمل على سطر آخر."]
    assert [claim.text for claim in one.claims] == expected
    assert [claim.text for claim in two.claims] == expected
    assert [claim.location.line for claim in one.claims] == [3, 3]
    assert [claim.text for claim in three.claims] == ["جملة الفصل الثاني."]


def test_each_claim_knows_the_citations_that_back_it() -> None:
    one, two, three = extract_citations(doc(SOURCE_BLOCKS))
    backing = citations_by_claim([one, two, three])
    assert [claim.text for claim in backing] == [
        "الجملة الأولى في الفصل.",
        "الجملة الثانية تكمل على سطر آخر.",
        "جملة الفصل الثاني.",
    ]
    assert [len(found) for found in backing.values()] == [2, 2, 1]
    assert backing[three.claims[0]] == (three,)


def test_source_block_stops_at_a_markdown_heading() -> None:
    text = "تمهيد لا يخص المصادر.\n\n## القسم\nما يدعمه المصدر.\n\nhttps://example.com/x\n"
    (citation,) = extract_citations(doc(text, DocKind.MARKDOWN))
    assert [claim.text for claim in citation.claims] == ["ما يدعمه المصدر."]


def test_footnote_definitions_back_the_sentences_with_the_marker() -> None:
    text = (
        "أعلنت طرابلس توقيف اثنين[1]. وذكرت الصحف أمرًا آخر[2]. ثم عاد الهدوء.\n\n"
        "[1] https://example.com/arrest\n"
        "[2]: https://example.com/press\n"
    )
    first, second = extract_citations(doc(text))
    assert first.style is second.style is CitationStyle.FOOTNOTE
    assert [claim.text for claim in first.claims] == ["أعلنت طرابلس توقيف اثنين."]
    assert [claim.text for claim in second.claims] == ["وذكرت الصحف أمرًا آخر."]


def test_numbered_list_without_markers_is_a_source_block() -> None:
    text = "ادعاء يحتاج مصدرًا.\n\n1. https://example.com/a\n2. https://example.com/b\n"
    first, second = extract_citations(doc(text))
    assert first.style is second.style is CitationStyle.SOURCE_BLOCK
    assert [claim.text for claim in second.claims] == ["ادعاء يحتاج مصدرًا."]


def test_markdown_link_text_backs_its_sentence() -> None:
    text = 'مقدمة. ذكرت [وكالة الأنباء](https://example.com/a "عنوان") أن الهجوم فشل. خاتمة.'
    (citation,) = extract_citations(doc(text, DocKind.MARKDOWN))
    assert citation.style is CitationStyle.LINK_TEXT
    assert citation.link_text == "وكالة الأنباء"
    assert citation.source_name == "وكالة الأنباء"
    assert [claim.text for claim in citation.claims] == ["ذكرت وكالة الأنباء أن الهجوم فشل."]


def test_attaching_claims_copies_every_citation_field() -> None:
    import dataclasses

    from citecheck.extract.claims import _with
    from citecheck.models import Citation, Claim, Defect, Location, Span

    values = {
        field.name: f"value of {field.name}"
        for field in dataclasses.fields(Citation)
        if field.type in ("str", "str | None")
    }
    citation = Citation(
        **values,
        location=Location("a", 1, 2),
        span=Span(3, 4),
        style=CitationStyle.INLINE,
        defects=(Defect.TRUNCATED,),
    )
    claims = (Claim("c", Span(0, 1), Location("a", 1, 1)),)
    expected = dataclasses.replace(citation, style=CitationStyle.FOOTNOTE, claims=claims)
    expected = dataclasses.replace(expected, source_name="Reuters")
    assert _with(citation, CitationStyle.FOOTNOTE, claims, "Reuters") == expected


def test_every_kind_of_white_space_is_stripped_from_sentences() -> None:
    spaces = [chr(code) for code in range(0x3001) if chr(code).isspace()]
    for space in spaces:
        text = f"أولى.{space}{space}ثانية{space}\n\n{space}ثالثة."
        assert sentences(text) == ["أولى.", "ثانية", "ثالثة."], repr(space)
