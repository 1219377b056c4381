"""The Markdown summary: counts, changes, findings, and text that cannot break the table."""

from __future__ import annotations

from dataclasses import replace

from citecheck.report import Format, render
from citecheck.report.markdown import MAX_FINDINGS, cell
from report_fixture import make_report


def test_summary_counts_and_findings() -> None:
    text = render(make_report(), Format.MARKDOWN)
    assert text.startswith("## citecheck: 13 citations in 2 documents")
    assert "| Dead | 2 |" in text
    assert "| unsupported | 1 |" in text
    assert "1 newly failing, 1 confirmed failing, 1 recovered, 1 drifted" in text
    findings = [line for line in text.splitlines() if line.startswith("| articles/")]
    assert len(findings) == 3


def test_pipes_in_paths_are_escaped_so_rows_keep_six_cells() -> None:
    text = render(make_report(), Format.MARKDOWN)
    row = next(line for line in text.splitlines() if "report.md:21" in line)
    assert "en \\| report.md" in row
    assert row.replace("\\|", "").count("|") == 7


def test_cell_neutralises_html_and_markup() -> None:
    assert cell("<script>x</script> | *a* [b](c)\nnext") == (
        "&lt;script&gt;x&lt;/script&gt; \\| \\*a\\* \\[b\\](c) next"
    )


def test_suggestion_is_a_link() -> None:
    text = render(make_report(), Format.MARKDOWN)
    assert (
        "[web archive](https://web.archive.org/web/20190408000000/https://www.alarabiya.net" in text
    )


def test_no_findings_says_so() -> None:
    assert "No findings." in render(make_report(), Format.MARKDOWN, fail_on=())


def test_long_finding_lists_are_capped() -> None:
    report = make_report()
    many = report.documents[0].results[2:3] * (MAX_FINDINGS + 5)
    from dataclasses import replace

    big = replace(report, documents=(replace(report.documents[0], results=many),))
    text = render(big, Format.MARKDOWN)
    assert "…and 5 more" in text


def test_network_unreachable_is_stated() -> None:
    down = make_report(network_unreachable=True, network_reason="no DNS")
    assert "**Network unreachable**" in render(down, Format.MARKDOWN)


def _section(text: str, title: str) -> list[str]:
    body = text.split(f"### {title}", 1)[1].split("\n### ", 1)[0]
    return [line for line in body.splitlines() if line.startswith("- ")]


def test_nightly_summary_names_the_links_with_their_claims() -> None:
    text = render(make_report(), Format.MARKDOWN)
    (newly,) = _section(text, "Newly failing since the previous run")
    assert "`https://news.example.org/displaced`" in newly
    assert "“The UN envoy said the offensive on Tripoli" in newly
    (soft,) = _section(text, "Soft 404s")
    assert "`https://news.example.org/un-envoy`" in soft
    assert "report.md:5:3" in soft
    (unsupported,) = _section(text, "Claims the cited page does not support")
    assert "(unsupported, score 0.12)" in unsupported
    assert "&lt;script&gt;" in unsupported  # the claim is shown, never run


def test_first_run_on_an_empty_cache_reports_no_changes() -> None:
    report = make_report()
    first_run = [
        replace(result, history=replace(result.history, recent=result.history.recent[-1:]))
        if result.history
        else result
        for result in report.results
    ]
    documents = []
    for document in report.documents:
        count = len(document.results)
        documents.append(replace(document, results=tuple(first_run[:count])))
        first_run = first_run[count:]
    text = render(replace(report, documents=tuple(documents)), Format.MARKDOWN)
    assert "Since the previous run" not in text
    assert "Newly failing" not in text
