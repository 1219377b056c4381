"""JUnit XML: parses back, one test case per citation, failures follow fail_on."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from citecheck.models import Claim, Location, Span
from citecheck.report import Format, render
from report_fixture import EN_DOC, make_report


def _parse(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))


def test_one_case_per_citation_grouped_by_document() -> None:
    root = _parse(render(make_report(), Format.JUNIT))
    suites = root.findall("testsuite")
    assert [suite.get("name") for suite in suites] == ["articles/libya-russia.md", EN_DOC]
    assert [len(suite.findall("testcase")) for suite in suites] == [4, 9]
    assert root.get("tests") == "13"


def test_default_failures_are_dead_and_truncated() -> None:
    root = _parse(render(make_report(), Format.JUNIT))
    failed = [
        case.find("failure") for case in root.iter("testcase") if case.find("failure") is not None
    ]
    assert sorted(failure.get("type") or "" for failure in failed) == ["dead", "dead", "truncated"]
    assert root.get("failures") == "3"
    assert root.get("skipped") == "2"


def test_fail_on_accepts_statuses_and_labels() -> None:
    root = _parse(render(make_report(), Format.JUNIT, fail_on=("timeout", "unsupported")))
    types = sorted(
        case.find("failure").get("type")
        for case in root.iter("testcase")
        if case.find("failure") is not None
    )  # type: ignore[union-attr]
    assert types == ["ok", "timeout"]  # the unsupported claim sits on an ok page
    assert _parse(render(make_report(), Format.JUNIT, fail_on=())).get("failures") == "0"


def test_hostile_and_control_characters_survive_as_valid_xml() -> None:
    report = make_report()
    document = report.documents[1]
    bad = Claim("bell\x07 and NUL\x00 and ]]> <![CDATA[", Span(0, 1), Location(EN_DOC, 1, 1))
    first = replace(
        document.results[0], citation=replace(document.results[0].citation, claims=(bad,))
    )
    report = replace(report, documents=(replace(document, results=(first, *document.results[1:])),))
    root = _parse(render(report, Format.JUNIT))
    out = root.find("testsuite/testcase/system-out")
    assert out is not None
    assert out.text is not None
    assert "bell and NUL and ]]> <![CDATA[" in out.text
