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
    assert sum(line.startswith("::error ") for line in lines) == 4
    assert sum(line.startswith("::notice ") for line in lines) == 3


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
