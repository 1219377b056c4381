"""GitHub workflow-command annotations: one per issue, escaped so nothing splits a command."""

from __future__ import annotations

from citecheck.report import Format, render
from citecheck.report.github import escape_data, escape_property
from report_fixture import make_report


def _lines() -> list[str]:
    return render(make_report(), Format.GITHUB).splitlines()


def test_one_annotation_per_issue() -> None:
    lines = _lines()
    assert len(lines) == 11
    assert sum(line.startswith("::error ") for line in lines) == 3  # two dead, one truncated
    assert sum(line.startswith("::notice ") for line in lines) == 3


def test_errors_are_exactly_the_findings_that_fail_the_run() -> None:
    report = make_report()
    errors = [line for line in _lines() if line.startswith("::error ")]
    assert len(errors) == len(report.findings(frozenset({"dead", "truncated"})))
    soft404 = next(line for line in _lines() if "Soft 404" in line)
    assert soft404.startswith("::warning ")  # not in fail_on: the run exits 0 for it
    strict = render(report, Format.GITHUB, fail_on=("dead", "truncated", "soft404")).splitlines()
    assert next(line for line in strict if "Soft 404" in line).startswith("::error ")


def test_annotation_points_at_file_line_column() -> None:
    dead = next(line for line in _lines() if "alarabiya" in line)
    assert dead.startswith(
        "::error file=articles/libya-russia.md,line=20,col=3,title=CC001 unreachable-link::"
    )


def test_escaping() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c") == "a%3Ab%2Cc"
    truncated = next(line for line in _lines() if "skynewsarabia" in line)
    assert truncated.endswith("/world/ر%25")


def test_every_line_is_a_single_command() -> None:
    for line in _lines():
        head, _, message = line.partition("::")[2].partition("::")
        assert head
        assert message
        assert "\n" not in message
