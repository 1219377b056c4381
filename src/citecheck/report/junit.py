"""JUnit XML: one test suite per document, one test case per citation.

A citation matching `fail_on` is a `<failure>`, a skipped one is `<skipped>`;
the rest pass. CI dashboards that read JUnit then show every source as a test.
Characters XML 1.0 cannot carry (control codes from a broken PDF) are dropped.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from citecheck.models import CheckResult, DocumentResult, Report, Status
from citecheck.report._common import TOOL_NAME, FailOn, Judgement, duration_s

logger = logging.getLogger(__name__)

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render(report: Report, *, fail_on: FailOn | None = None) -> str:
    """Render the report as JUnit XML.

    Args:
        report: The run to render.
        fail_on: Statuses and support labels that fail a test case (default dead,
            truncated).

    Returns:
        The XML document text.
    """
    return "".join(render_chunks(report, fail_on=fail_on))


def render_chunks(report: Report, *, fail_on: FailOn | None = None) -> Iterator[str]:
    """The text of `render`, a test suite (a document) at a time.

    Each suite is indented on its own as `ET.indent` indents it inside the whole tree,
    so the text is the same as serializing the whole tree at once.
    """
    judgement = Judgement.of(report, fail_on)
    root = ET.Element("testsuites", _run_counts(report, judgement))
    root.set("name", TOOL_NAME)
    root.set("time", f"{duration_s(report):.3f}")
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    if not report.documents:
        yield ET.tostring(root, encoding="unicode") + "\n"
        return
    root.text = "-"
    yield ET.tostring(root, encoding="unicode").removesuffix("-</testsuites>")
    for document in report.documents:
        suite = _suite(document, judgement)
        ET.indent(suite, level=1)
        yield "\n  " + ET.tostring(suite, encoding="unicode")
    yield "\n</testsuites>\n"


def _run_counts(report: Report, judgement: Judgement) -> dict[str, str]:
    summary = report.summary
    return {
        "tests": str(summary["citations"]),
        "failures": str(judgement.count),
        "errors": "0",
        "skipped": str(summary["by_status"].get(Status.SKIPPED, 0)),
    }


def _suite_counts(results: tuple[CheckResult, ...], judgement: Judgement) -> dict[str, str]:
    return {
        "tests": str(len(results)),
        "failures": str(sum(judgement.is_finding(result) for result in results)),
        "errors": "0",
        "skipped": str(sum(result.verdict.status == Status.SKIPPED for result in results)),
    }


def _suite(document: DocumentResult, judgement: Judgement) -> ET.Element:
    suite = ET.Element("testsuite", _suite_counts(document.results, judgement))
    suite.set("name", _clean(document.path))
    for result in document.results:
        suite.append(_case(result, document.path, judgement.is_finding(result)))
    return suite


def _case(result: CheckResult, path: str, failed: bool) -> ET.Element:
    citation = result.citation
    name = f"{citation.location.line}:{citation.location.column or 0} {citation.display_url}"
    case = ET.Element("testcase", {"classname": _clean(path), "name": _clean(name)})
    case.set("file", _clean(path))
    case.set("line", str(citation.location.line))
    message = _clean(f"{result.verdict.status}: {result.verdict.reason}")
    if failed:
        failure = ET.SubElement(
            case, "failure", {"message": message, "type": result.verdict.status}
        )
        failure.text = _details(result)
    elif result.verdict.status == Status.SKIPPED:
        ET.SubElement(case, "skipped", {"message": message})
    ET.SubElement(case, "system-out").text = _details(result)
    return case


def _details(result: CheckResult) -> str:
    lines = [f"url: {result.citation.url}", f"status: {result.verdict.status}"]
    lines += [f"reason: {result.verdict.reason}"] if result.verdict.reason else []
    if result.support:
        lines.append(f"support: {result.support.label} ({result.support.score:.2f})")
    lines += [f"claim: {claim.text}" for claim in result.citation.claims]
    if result.suggestion:
        lines.append(f"suggestion: {result.suggestion.url}")
    return _clean("\n".join(lines))


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)
