"""The claim each citation backs, for every citation layout, in Arabic and English.

Each case writes a document, reads it back through `citecheck.extract_documents`
(what `scan` uses) and through `citecheck extract --format json` (the streamed
writer), and checks both give the exact claim text and source name: never the URL,
never markup, never link text that only names the source.
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from tests.data.docs.make_docs import add_hyperlink, assemble_pdf
from typer.testing import CliRunner

from citecheck import extract_documents
from citecheck.cli import app
from citecheck.models import CitationStyle

Found = dict[str, tuple[list[str], str | None]]
"""For each cited URL as written: its claims' texts and its source name."""


def extracted(path: Path) -> Found:
    """The claims and source names of a file, checked equal through both entry points."""
    ((_, citations),) = extract_documents([path])
    found = {c.raw: ([claim.text for claim in c.claims], c.source_name) for c in citations}
    result = CliRunner().invoke(app, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    (document,) = json.loads(result.stdout)["documents"]
    streamed = {
        c["raw"]: ([claim["text"] for claim in c["claims"]], c["source_name"])
        for c in document["citations"]
    }
    assert streamed == found
    return found


CEASEFIRE = "قالت الوزارة إن الطرفين اتفقا على وقف القتال."


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- a sentence, its full stop, then the URL on the same line -------------------------


def test_url_after_the_full_stop_backs_the_sentence_before_it_arabic(tmp_path: Path) -> None:
    text = (
        "قالت الوزارة إن الطرفين اتفقا على وقف القتال. https://example.org/a\n"
        "وأضاف المتحدث أن الصادرات ارتفعت بنسبة 4%. https://example.org/b\n"
    )
    assert extracted(write(tmp_path, "a.txt", text)) == {
        "https://example.org/a": (["قالت الوزارة إن الطرفين اتفقا على وقف القتال."], None),
        "https://example.org/b": (["وأضاف المتحدث أن الصادرات ارتفعت بنسبة 4%."], None),
    }


def test_url_after_the_full_stop_backs_the_sentence_before_it_english(tmp_path: Path) -> None:
    text = "Intro line. The ministry said exports rose 4% last year. https://example.org/c\n"
    assert extracted(write(tmp_path, "a.txt", text)) == {
        "https://example.org/c": (["The ministry said exports rose 4% last year."], None),
    }


def test_a_double_full_stop_joins_clauses_and_does_not_end_the_claim(tmp_path: Path) -> None:
    # `X.. Y` is a clause separator in Arabic headlines and prose; `...` still ends a sentence.
    text = (
        "السيسي يفتتح مشروعات جديدة.. ويؤكد استمرار التنمية. https://example.org/ar\n\n"
        "The talks stalled.. then resumed on Monday. https://example.org/en\n\n"
        "Prices rose... Then they fell in May. https://example.org/ellipsis\n"
    )
    assert extracted(write(tmp_path, "a.txt", text)) == {
        "https://example.org/ar": (["السيسي يفتتح مشروعات جديدة.. ويؤكد استمرار التنمية."], None),
        "https://example.org/en": (["The talks stalled.. then resumed on Monday."], None),
        "https://example.org/ellipsis": (["Then they fell in May."], None),
    }


def test_arabic_question_and_exclamation_ends_take_their_url(tmp_path: Path) -> None:
    text = (
        "هل انسحبت القوات من المدينة؟ https://example.org/q وأكد الجيش أن الانسحاب تم! "
        "https://example.org/e\n"
    )
    assert extracted(write(tmp_path, "a.txt", text)) == {
        "https://example.org/q": (["هل انسحبت القوات من المدينة؟"], None),
        "https://example.org/e": (["وأكد الجيش أن الانسحاب تم!"], None),
    }


def test_two_sentences_two_urls_in_one_paragraph(tmp_path: Path) -> None:
    text = (
        "The port reopened on Monday. https://example.org/port Grain exports doubled "
        "in May. https://example.org/grain\n\n"
        "أعيد فتح الميناء يوم الاثنين. https://example.org/ar-port تضاعفت صادرات الحبوب "
        "في مايو. https://example.org/ar-grain\n"
    )
    assert extracted(write(tmp_path, "a.txt", text)) == {
        "https://example.org/port": (["The port reopened on Monday."], None),
        "https://example.org/grain": (["Grain exports doubled in May."], None),
        "https://example.org/ar-port": (["أعيد فتح الميناء يوم الاثنين."], None),
        "https://example.org/ar-grain": (["تضاعفت صادرات الحبوب في مايو."], None),
    }


def test_percent_encoded_arabic_url_after_a_colon_ends_its_claim(tmp_path: Path) -> None:
    url = "https://www.aljazeera.net/news/%D9%87%D8%AC%D9%88%D9%85-%D9%81%D8%B4%D9%84"
    text = f"وقد نقلت الجزيرة تفاصيل فشل الهجوم في تقرير مطوّل: {url}\nوانتهى الاجتماع دون اتفاق.\n"
    assert extracted(write(tmp_path, "a.txt", text)) == {
        url: (["وقد نقلت الجزيرة تفاصيل فشل الهجوم في تقرير مطوّل"], None),
    }


def test_a_source_label_before_a_trailing_url_is_not_the_claim(tmp_path: Path) -> None:
    text = (
        "The dam holds 40% less water than last year. Source: https://example.org/dam\n\n"
        "انخفض منسوب المياه في السد بنسبة 40%. المصدر: https://example.org/sad\n"
    )
    assert extracted(write(tmp_path, "a.txt", text)) == {
        "https://example.org/dam": (["The dam holds 40% less water than last year."], None),
        "https://example.org/sad": (["انخفض منسوب المياه في السد بنسبة 40%."], None),
    }


# -- a URL alone on the line after a paragraph ------------------------------------------


def test_url_alone_after_a_paragraph_backs_that_paragraph(tmp_path: Path) -> None:
    text = (
        "مقدمة لا يدعمها المصدر.\n\n"
        "انهارت المحادثات يوم الجمعة بعد يومين. وغادر الوفد العاصمة.\n"
        "https://example.org/talks\n\n"
        "The talks collapsed on Friday after two days.\n"
        "https://example.org/en-talks\n"
    )
    assert extracted(write(tmp_path, "a.txt", text)) == {
        "https://example.org/talks": (
            ["انهارت المحادثات يوم الجمعة بعد يومين.", "وغادر الوفد العاصمة."],
            None,
        ),
        "https://example.org/en-talks": (["The talks collapsed on Friday after two days."], None),
    }


def test_source_blocks_back_the_section_above(tmp_path: Path) -> None:
    text = (
        "## الاقتصاد\n\n"
        "ارتفعت الصادرات بنسبة 4%.\n\n"
        "وتراجع التضخم إلى 3%.\n\n"
        "https://example.org/one\n"
        "- Reuters: https://example.org/two\n\n"
        "## Trade\n\n"
        "Exports rose 4% in May.\n\n"
        "https://example.org/three\n"
    )
    found = extracted(write(tmp_path, "a.md", text))
    section = ["ارتفعت الصادرات بنسبة 4%.", "وتراجع التضخم إلى 3%."]
    assert found == {
        "https://example.org/one": (section, None),
        "https://example.org/two": (section, "Reuters"),
        "https://example.org/three": (["Exports rose 4% in May."], None),
    }


def test_a_sources_heading_above_the_block_is_not_a_claim(tmp_path: Path) -> None:
    text = (
        "تحليل\n\n"
        "فشل الهجوم على العاصمة خلال أسابيع.\n\n"
        "المصادر:\n"
        "https://example.org/ar-src\n\n"
        "The offensive stalled within weeks.\n"
        "Sources:\n"
        "https://example.org/en-src\n"
    )
    assert extracted(write(tmp_path, "a.txt", text)) == {
        "https://example.org/ar-src": (["فشل الهجوم على العاصمة خلال أسابيع."], None),
        "https://example.org/en-src": (["The offensive stalled within weeks."], None),
    }


# -- (URL) inside a sentence ------------------------------------------------------------


def test_url_in_brackets_inside_a_sentence(tmp_path: Path) -> None:
    text = (
        "The council (https://example.org/e) approved the budget on Monday.\n\n"
        "وافق المجلس (https://example.org/ar) على الميزانية يوم الاثنين، وفق البيان.\n"
    )
    assert extracted(write(tmp_path, "a.txt", text)) == {
        "https://example.org/e": (["The council approved the budget on Monday."], None),
        "https://example.org/ar": (["وافق المجلس على الميزانية يوم الاثنين، وفق البيان."], None),
    }


# -- markdown ------------------------------------------------------------------------


def test_markdown_source_link_in_brackets_is_the_source_name(tmp_path: Path) -> None:
    text = (
        "قالت الوزارة إن الطرفين اتفقا على **وقف القتال** ([صحيفة الوادي](https://example.org/w)).\n\n"
        "The ministry said exports rose 4% ([Reuters](https://example.org/r)).\n"
    )
    assert extracted(write(tmp_path, "a.md", text)) == {
        "https://example.org/w": ([CEASEFIRE], "صحيفة الوادي"),
        "https://example.org/r": (["The ministry said exports rose 4%."], "Reuters"),
    }


def test_markdown_attribution_links(tmp_path: Path) -> None:
    text = (
        "The ministry said exports rose 4%, [according to Reuters](https://example.org/r).\n\n"
        "ارتفعت الصادرات بنسبة 4% بحسب [BBC عربي](https://example.org/bbc).\n\n"
        "Talks resumed on Monday. [AP](https://example.org/ap)\n\n"
        "According to [AP](https://example.org/ap-lead), exports fell in June.\n\n"
        "ذكرت [وفا](https://example.org/wafa) أن المعبر أعيد فتحه.\n"
    )
    assert extracted(write(tmp_path, "a.md", text)) == {
        "https://example.org/r": (["The ministry said exports rose 4%."], "Reuters"),
        "https://example.org/bbc": (["ارتفعت الصادرات بنسبة 4%."], "BBC عربي"),
        "https://example.org/ap-lead": (["exports fell in June."], "AP"),
        "https://example.org/wafa": (["ذكرت وفا أن المعبر أعيد فتحه."], "وفا"),
        "https://example.org/ap": (["Talks resumed on Monday."], "AP"),
    }


QUARTER = "The ministry said exports rose 4% in the first quarter."


def test_claim_bearing_link_text_gives_the_enclosing_sentence(tmp_path: Path) -> None:
    text = (
        "Intro. [The ministry said exports rose 4%](https://example.org/x) in the first"
        " quarter.\n\n"
        "مقدمة. [أعلنت الوزارة أن الصادرات ارتفعت](https://example.org/y) في الربع الأول.\n"
    )
    assert extracted(write(tmp_path, "a.md", text)) == {
        "https://example.org/x": ([QUARTER], None),
        "https://example.org/y": (["أعلنت الوزارة أن الصادرات ارتفعت في الربع الأول."], None),
    }


COPPER = "وافقت وزارة التعدين على ترخيص جديد لمشروع النحاس في الشمال."
STORM = "أغلقت السلطات المدارس يومين بسبب موجة البرد والثلوج."


def test_arabic_link_text_that_ends_the_sentence_is_claim_text(tmp_path: Path) -> None:
    """Arabic has no capitals: link text that reads on from the words before it is the
    end of the claim, not a source's name; one that stands apart or says it is a
    source (صحيفة…، بحسب…) is still the source name."""
    text = (
        "وافقت وزارة التعدين على ترخيص جديد لمشروع [النحاس في الشمال](https://example.org/c).\n\n"
        "أغلقت السلطات المدارس يومين بسبب [موجة البرد والثلوج](https://example.org/s).\n\n"
        "ارتفعت الصادرات في مايو [صحيفة الوادي](https://example.org/w).\n\n"
        "ارتفعت الصادرات في مايو، [رويترز](https://example.org/r).\n\n"
        "ارتفعت الصادرات في مايو [بحسب رويترز](https://example.org/b).\n"
    )
    exports = "ارتفعت الصادرات في مايو."
    assert extracted(write(tmp_path, "a.md", text)) == {
        "https://example.org/c": ([COPPER], None),
        "https://example.org/s": ([STORM], None),
        "https://example.org/w": ([exports], "صحيفة الوادي"),
        "https://example.org/r": ([exports], "رويترز"),
        "https://example.org/b": ([exports], "رويترز"),
    }


def test_arabic_anchor_text_that_ends_the_sentence_is_claim_text(tmp_path: Path) -> None:
    text = (
        "<html><body>\n"
        '<p>وافقت وزارة التعدين على ترخيص جديد لمشروع <a href="https://example.org/news/'
        'copper-licence-approved-by-the-ministry">النحاس في الشمال</a>.</p>\n'
        '<p>أغلقت السلطات المدارس يومين بسبب <a href="https://example.org/s">موجة البرد'
        " والثلوج</a>.</p>\n"
        '<p>ارتفعت الصادرات في مايو <a href="https://example.org/w">صحيفة الوادي</a>.</p>\n'
        "</body></html>\n"
    )
    assert extracted(write(tmp_path, "a.html", text)) == {
        "https://example.org/news/copper-licence-approved-by-the-ministry": ([COPPER], None),
        "https://example.org/s": ([STORM], None),
        "https://example.org/w": (["ارتفعت الصادرات في مايو."], "صحيفة الوادي"),
    }


def test_autolinks_and_markup_never_reach_the_claim(tmp_path: Path) -> None:
    text = (
        "# Heading\n\n"
        "> The *deal* was signed in `Doha` on Monday. <https://example.org/auto>\n\n"
        "- وُقّع **الاتفاق** في _الدوحة_ يوم الاثنين ![صورة](https://example.org/i.png) "
        "<https://example.org/ar-auto>\n"
    )
    assert extracted(write(tmp_path, "a.md", text)) == {
        "https://example.org/auto": (["The deal was signed in Doha on Monday."], None),
        "https://example.org/i.png": (["وُقّع الاتفاق في الدوحة يوم الاثنين"], None),
        "https://example.org/ar-auto": (["وُقّع الاتفاق في الدوحة يوم الاثنين"], None),
    }


def test_a_link_with_no_claim_around_it_backs_no_claim(tmp_path: Path) -> None:
    text = "[Reuters](https://example.org/only)\n\n[رويترز](https://example.org/ar-only)\n"
    assert extracted(write(tmp_path, "a.md", text)) == {
        "https://example.org/only": ([], "Reuters"),
        "https://example.org/ar-only": ([], "رويترز"),
    }


# -- footnotes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "first_note", "second_note"),
    [
        ("[1]", "[2]", "[1]", "[2]"),
        ("[^1]", "[^2]", "[^1]:", "[^2]:"),
        ("\u00b9", "\u00b2", "\u00b9", "\u00b2"),
        ("(1)", "(2)", "(1)", "2."),
    ],
)
def test_footnote_markers_with_a_notes_list(
    tmp_path: Path, first: str, second: str, first_note: str, second_note: str
) -> None:
    text = (
        f"أعلنت السلطات توقيف اثنين{first}. The minister denied the report{second}."
        " ثم عاد الهدوء.\n\n"
        f"{first_note} رويترز، https://example.org/arrest\n"
        f"{second_note} https://example.org/denial\n"
    )
    found = extracted(write(tmp_path, "a.md", text))
    assert found == {
        "https://example.org/arrest": (["أعلنت السلطات توقيف اثنين."], "رويترز"),
        "https://example.org/denial": (["The minister denied the report."], None),
    }


# -- HTML, docx, PDF -------------------------------------------------------------------


def test_html_anchors(tmp_path: Path) -> None:
    text = (
        "<html><body><h1>عنوان</h1>\n"
        '<p>قالت الوزارة إن الطرفين اتفقا على <b>وقف القتال</b> (<a href="https://example.org/h1">'
        "صحيفة الوادي</a>).</p>\n"
        '<p>The ministry said exports rose 4%, <a href="https://example.org/h2">according to '
        "Reuters</a>.</p>\n"
        '<p><a href="https://example.org/h3">The ministry said exports rose 4%</a> in May.</p>\n'
        "<p>Talks resumed on Monday &amp; Tuesday. "
        '<a href="https://example.org/h4">BBC عربي</a></p>\n'
        "</body></html>\n"
    )
    assert extracted(write(tmp_path, "a.html", text)) == {
        "https://example.org/h1": ([CEASEFIRE], "صحيفة الوادي"),
        "https://example.org/h2": (["The ministry said exports rose 4%."], "Reuters"),
        "https://example.org/h3": (["The ministry said exports rose 4% in May."], None),
        "https://example.org/h4": (["Talks resumed on Monday & Tuesday."], "BBC عربي"),
    }


def test_docx_hyperlinks(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("ارتفعت الصادرات بنسبة 4% (")
    add_hyperlink(paragraph, "https://example.org/d1", "رويترز")
    paragraph.add_run(").")
    paragraph = document.add_paragraph("Talks resumed on Monday, ")
    add_hyperlink(paragraph, "https://example.org/d2", "according to the BBC")
    paragraph.add_run(".")
    paragraph = document.add_paragraph("")
    add_hyperlink(paragraph, "https://example.org/d3", "The port reopened on Monday")
    paragraph.add_run(" after a week.")
    path = tmp_path / "a.docx"
    document.save(str(path))
    assert extracted(path) == {
        "https://example.org/d1": (["ارتفعت الصادرات بنسبة 4%."], "رويترز"),
        "https://example.org/d2": (["Talks resumed on Monday."], "the BBC"),
        "https://example.org/d3": (["The port reopened on Monday after a week."], None),
    }


def test_link_text_style_is_kept_for_markup_links(tmp_path: Path) -> None:
    text = '<p>Exports rose. <a href="https://example.org/s">Reuters</a></p>'
    ((_, (citation,)),) = extract_documents([write(tmp_path, "a.html", text)])
    assert citation.style is CitationStyle.LINK_TEXT
    assert citation.link_text == "Reuters"


def test_reports_show_the_source_name_and_round_trip_it() -> None:
    from dataclasses import replace

    from citecheck.report import Format, render
    from citecheck.report.load import load_report
    from report_fixture import make_report

    report = make_report()
    documents = tuple(
        replace(
            document,
            results=tuple(
                replace(result, citation=replace(result.citation, source_name="صحيفة الوادي"))
                for result in document.results
            ),
        )
        for document in report.documents
    )
    report = replace(report, documents=documents)
    for fmt in (Format.TEXT, Format.MARKDOWN, Format.HTML):
        assert "صحيفة الوادي" in render(report, fmt), fmt
    loaded = load_report(json.loads(render(report, Format.JSON)))
    assert {result.citation.source_name for result in loaded.results} == {"صحيفة الوادي"}


# -- PDF link annotations ----------------------------------------------------------------

Run = tuple[str, int, int]
"""Text drawn at (x, y) on the page."""


def pdf_with_links(runs: list[Run], links: list[tuple[str, tuple[int, int, int, int]]]) -> bytes:
    """A one-page PDF drawing each run at its place, with URI link annotations.

    Characters are single-byte codes mapped back to Unicode by a ToUnicode CMap,
    so Arabic text comes out of the text layer as real PDFs of Arabic articles give it.
    """
    chars = sorted({char for text, _, _ in runs for char in text})
    codes = {char: 0x21 + index for index, char in enumerate(chars)}
    assert len(codes) < 0x5C - 0x21  # below `\`: no escaping needed
    shown = " ".join(
        f"BT /F1 11 Tf {x} {y} Td <{bytes(codes[c] for c in text).hex()}> Tj ET"
        for text, x, y in runs
    )
    cmap = "\n".join(
        [
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
            "1 begincodespacerange <00> <FF> endcodespacerange",
            f"{len(codes)} beginbfchar",
            *(f"<{code:02x}> <{ord(char):04x}>" for char, code in codes.items()),
            "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end",
        ]
    ).encode()
    annotations = " ".join(f"{7 + n} 0 R" for n in range(len(links)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> /Annots [" + annotations.encode() + b"] >>",
        b"<< /Length %d >>\nstream\n" % len(shown) + shown.encode() + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
        *(
            f"<< /Type /Annot /Subtype /Link /Rect [{' '.join(map(str, rect))}] /Border [0 0 0]"
            f" /A << /S /URI /URI ({uri}) >> >>".encode()
            for uri, rect in links
        ),
    ]
    return assemble_pdf(objects)


def test_pdf_link_annotations_over_source_names_and_claims(tmp_path: Path) -> None:
    runs = [
        ("Exports rose 4% in May (", 40, 760),
        ("Reuters", 160, 760),
        (").", 200, 760),
        ("The port reopened on Monday.", 40, 744),
        ("Grain exports doubled", 40, 728),
        (" in June.", 160, 728),
    ]
    links = [
        ("https://example.org/p1", (158, 756, 198, 770)),
        ("https://example.org/p2", (38, 724, 158, 738)),
    ]
    path = tmp_path / "a.pdf"
    path.write_bytes(pdf_with_links(runs, links))
    assert extracted(path) == {
        "https://example.org/p1": (["Exports rose 4% in May."], "Reuters"),
        "https://example.org/p2": (["Grain exports doubled in June."], None),
    }


def test_pdf_link_annotations_in_arabic(tmp_path: Path) -> None:
    # Arabic PDFs draw glyphs in visual order; pypdf's text layer turns them back
    runs = [("ارتفعت الصادرات في مايو بحسب"[::-1], 200, 760), ("رويترز"[::-1] + " ", 150, 760)]
    path = tmp_path / "a.pdf"
    path.write_bytes(pdf_with_links(runs, [("https://example.org/ar", (148, 756, 198, 770))]))
    assert extracted(path) == {"https://example.org/ar": (["ارتفعت الصادرات في مايو"], "رويترز")}
