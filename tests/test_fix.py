"""Planning and applying the replacements `citecheck fix` writes into a document."""

from __future__ import annotations

import codecs
from datetime import UTC, datetime
from pathlib import Path

import pytest

from citecheck.errors import InputError
from citecheck.extract import extract_citations
from citecheck.fix import Replacement, apply_fixes, plan_document, plan_fixes, write_document
from citecheck.inputs.load import load_document
from citecheck.models import (
    CheckResult,
    Citation,
    CitationStyle,
    Location,
    Span,
    Status,
    Suggestion,
    Verdict,
)

DEAD = "https://example.org/news/dead-page"
CUT = "https://www.aljazeera.net/news/politics/2019/5/14/%D9%87%D8%AC%D9%88%D9%85-%D8%AA%D8%B1%25"
FULL = CUT.removesuffix("%25") + "%D8%A7%D9%85%D8%A8"
ARCHIVED = f"https://web.archive.org/web/20190510080000/{DEAD}"
WHEN = datetime(2019, 5, 10, 8, tzinfo=UTC)

MARKDOWN = f"""# تقرير عن الهجوم على العاصمة الليبية وفشله في تحقيق أهدافه المعلنة

قال المحلل إن الهجوم فشل [كما ورد هنا]({DEAD}).
وأضاف أن الدعم الخارجي لم يكن كافيا لتغيير ميزان القوى على الأرض حول طرابلس،
وأن المفاوضات السياسية تعثرت بعد أسابيع من القتال والنزوح في الضواحي الجنوبية.

المصادر:
{CUT}
https://example.org/alive
"""


def results_for(path: Path, replacements: dict[str, Suggestion | None]) -> list[CheckResult]:
    """Extract the document's citations for real and attach the given suggestions."""
    document = load_document(path)
    return [
        CheckResult(
            citation,
            _verdict(citation),
            suggestion=replacements.get(citation.raw),
        )
        for citation in extract_citations(document)
    ]


def _verdict(citation: Citation) -> Verdict:
    if citation.is_truncated:
        return Verdict(Status.TRUNCATED, "cut off")
    return Verdict(Status.DEAD, "404") if "dead" in citation.raw else Verdict(Status.OK, "200")


def archived(url: str = ARCHIVED) -> Suggestion:
    return Suggestion(url, "wayback", WHEN, original_url=DEAD, archive_url=url)


def repaired() -> Suggestion:
    return Suggestion(FULL, "wayback-cdx-prefix", WHEN, original_url=FULL)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_markdown_dead_and_cut_off_links_are_replaced(tmp_path: Path) -> None:
    path = write(tmp_path, "article.md", MARKDOWN)
    results = results_for(path, {DEAD: archived(), CUT: repaired()})

    replacements = plan_fixes(MARKDOWN, results)
    fixed = apply_fixes(MARKDOWN, replacements)

    assert [r.new for r in replacements] == [ARCHIVED, FULL]
    assert [r.reason for r in replacements] == [
        "dead link replaced by an archived copy",
        "cut-off URL completed from the web archive",
    ]
    assert fixed == MARKDOWN.replace(f"({DEAD})", f"({ARCHIVED})").replace(CUT, FULL)


def test_results_without_suggestions_change_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "article.md", MARKDOWN)
    results = results_for(path, {})

    assert plan_fixes(MARKDOWN, results) == []
    assert plan_document(path, results).changed is False


def test_html_href_and_escaped_text_are_both_replaced(tmp_path: Path) -> None:
    source = (
        '<html><body><p>It failed <a href="https://example.org/dead?a=1&amp;b=2">per this</a>.'
        "</p>\n<p>See https://example.org/dead?a=1&amp;b=2 and https://example.org/dead?a=1&amp;b=22"
        "</p></body></html>\n"
    )
    path = write(tmp_path, "page.html", source)
    replacement = "https://web.archive.org/web/2019/https://example.org/dead?a=1&b=2"
    results = results_for(path, {"https://example.org/dead?a=1&b=2": archived(replacement)})

    plan = plan_document(path, results)

    escaped = "https://web.archive.org/web/2019/https://example.org/dead?a=1&amp;b=2"
    assert len(plan.replacements) == 2
    assert plan.fixed.count(escaped) == 2
    assert "https://example.org/dead?a=1&amp;b=22" in plan.fixed


def test_span_that_no_longer_matches_is_an_error() -> None:
    replacement = Replacement(Span(0, 5), "https", "ftp", "test")

    with pytest.raises(InputError, match="document changed since the scan"):
        apply_fixes("http://x", [replacement])


def test_overlapping_replacements_keep_the_first() -> None:
    text = f"see {DEAD} now"
    start = text.index(DEAD)
    where = Location("a.txt", 1, start + 1)
    outer = Citation(DEAD, DEAD, DEAD, where, Span(start, start + len(DEAD)), CitationStyle.INLINE)
    inner_raw = DEAD[:-5]
    inner = Citation(
        inner_raw, inner_raw, inner_raw, where, Span(start, start + len(inner_raw)),
        CitationStyle.INLINE,
    )  # fmt: skip
    dead = Verdict(Status.DEAD, "404")
    results = [
        CheckResult(inner, dead, suggestion=archived("A")),
        CheckResult(outer, dead, suggestion=archived("B")),
    ]

    replacements = plan_fixes(text, results)

    assert len(replacements) == 1
    assert apply_fixes(text, replacements) in {"see A-page now", "see B now"}


def test_url_found_by_text_must_be_whole_not_part_of_a_longer_one() -> None:
    text = f"a {DEAD}-2 and {DEAD}. and ({DEAD}) and {ARCHIVED}"
    moved = Citation(DEAD, DEAD, DEAD, Location("a.txt", 1), Span(0, 0), CitationStyle.INLINE)
    results = [CheckResult(moved, Verdict(Status.DEAD, "404"), suggestion=archived("X"))]

    fixed = apply_fixes(text, plan_fixes(text, results))

    assert fixed == f"a {DEAD}-2 and X. and (X) and {ARCHIVED}"


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_pdf_and_docx_cannot_be_rewritten(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"article{suffix}"
    path.write_bytes(b"%PDF-1.4")

    with pytest.raises(InputError, match=rf"cannot rewrite \{suffix} files; only txt, md and html"):
        plan_document(path, [])


@pytest.mark.parametrize(
    ("encoding", "bom", "newline"),
    [
        ("utf-8", b"", "\n"),
        ("cp1256", b"", "\r\n"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "\r\n"),
        ("utf-8", codecs.BOM_UTF8, "\n"),
    ],
)
def test_written_file_keeps_its_encoding_and_line_endings(
    tmp_path: Path, encoding: str, bom: bytes, newline: str
) -> None:
    text = MARKDOWN.replace("[كما ورد هنا]", "كما ورد هنا ").replace("\n", newline)
    path = tmp_path / "article.txt"
    path.write_bytes(bom + text.encode(encoding))
    results = results_for(path, {DEAD: archived(), CUT: repaired()})

    plan = plan_document(path, results)
    write_document(plan)

    written = path.read_bytes()
    assert written.startswith(bom)
    expected = text.replace(DEAD, ARCHIVED).replace(CUT, FULL)
    assert written[len(bom) :].decode(encoding) == expected
    assert [p.name for p in tmp_path.iterdir()] == ["article.txt"]


def test_diff_shows_the_changed_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "article.md", MARKDOWN)
    plan = plan_document(path, results_for(path, {CUT: repaired()}))

    diff = plan.diff().splitlines()

    assert diff[:2] == ["--- a/article.md", "+++ b/article.md"]
    assert f"-{CUT}" in diff
    assert f"+{FULL}" in diff
    assert not any(line.startswith(("-", "+")) and DEAD in line for line in diff)
