"""The plain-text table: readable, no colour codes, a summary line."""

from __future__ import annotations

from dataclasses import replace

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


def test_findings_are_marked() -> None:
    text = render_text(make_report(), width=200)
    marked = [line for line in text.splitlines() if line.startswith("│ ! ")]
    assert len(marked) == 3


def test_width_is_respected() -> None:
    text = render_text(make_report(), width=80)
    assert max(len(line) for line in text.splitlines()[:-3]) <= 80


def test_rich_markup_in_content_is_shown_literally() -> None:
    report = make_report()
    document = report.documents[0]
    verdict = replace(document.results[0].verdict, reason="[red]x[/red] [link=https://e.example]y")
    first = replace(document.results[0], verdict=verdict)
    report = replace(report, documents=(replace(document, results=(first,)),))
    assert "[red]x[/red] [link=https://e.example]y" in render_text(report, width=200)
