"""The plain-text table: readable, no colour codes, a summary line."""

from __future__ import annotations

from dataclasses import replace

import pytest

from citecheck.report import Format, render
from citecheck.report.text import render as render_text
from report_fixture import make_report


def test_table_and_summary() -> None:
    text = render(make_report(), Format.TEXT)
    assert "\x1b[" not in text
    assert "Truncated URL" in text
    last = text.strip().splitlines()[-1]
    assert "3 findings" in text
    assert last.endswith("205.5 s")


def _where_cells() -> list[str]:
    report = make_report()
    return [
        f"{r.citation.location.path}:{r.citation.location.line}:{r.citation.location.column}"
        for r in report.results
    ]


@pytest.mark.parametrize("width", [60, 80, 100, 120, 160, 200])
def test_fits_the_width_and_keeps_file_line_whole(width: int) -> None:
    text = render_text(make_report(), width=width)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    for where in _where_cells():
        assert any(where in line for line in lines), (width, where)


def test_wide_terminal_uses_the_room_for_claims_and_archive_links() -> None:
    wide = render_text(make_report(), width=200)
    assert "The UN envoy said the" in wide
    assert "│ https://web.archive" in wide
    assert max(len(line) for line in wide.splitlines()) > 160  # the space is used
    middle = render_text(make_report(), width=160)
    assert "Claim" in middle
    assert "Suggestion" not in middle  # the claim's first words come before the archive link
    narrow = render_text(make_report(), width=120)
    assert "Suggestion" not in narrow
    assert "Claim" not in narrow  # 120 columns are just enough for URL and reason


def test_narrow_terminal_stacks_each_citation() -> None:
    text = render_text(make_report(), width=70)
    assert "┃" not in text  # no table squeezed into 70 columns
    assert "! articles/libya-russia.md:20:3  Dead" in text
    assert "  archived copy: https://web.archive.org/" in text
    assert max(len(line) for line in text.splitlines()) <= 70


def test_summary_is_plural_aware() -> None:
    report = make_report()
    one = replace(report, documents=(replace(report.documents[0], results=report.results[2:3]),))
    line = render_text(one, width=120).strip().splitlines()[-1]
    assert "1 citation in 1 document (1 dead); 1 finding;" in line


def test_findings_are_marked() -> None:
    text = render_text(make_report(), width=200)
    marked = [line for line in text.splitlines() if line.startswith("│ ! ")]
    assert len(marked) == 3


def test_rich_markup_in_content_is_shown_literally() -> None:
    report = make_report()
    document = report.documents[0]
    verdict = replace(document.results[0].verdict, reason="[red]x[/red] [link=https://e.example]y")
    first = replace(document.results[0], verdict=verdict)
    report = replace(report, documents=(replace(document, results=(first,)),))
    assert "[red]x[/red] [link=https://e.example]y" in render_text(report, width=200)
