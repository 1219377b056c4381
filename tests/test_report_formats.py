"""Every format: a registered renderer, and output equal to its golden file.

Regenerate the golden files after an intended change with
`UPDATE_GOLDEN=1 pytest tests/test_report_formats.py`, then read the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from citecheck import __version__
from citecheck.report import RENDERERS, Format, render
from report_fixture import make_report

GOLDEN = Path(__file__).parent / "data" / "golden"
GOLDEN_FILES = {
    Format.TEXT: "report.txt",
    Format.JSON: "report.json",
    Format.SARIF: "report.sarif",
    Format.GITHUB: "annotations.txt",
    Format.JUNIT: "report.junit.xml",
    Format.MARKDOWN: "report.md",
}
_VERSION = re.compile(re.escape(__version__))
_NONCE = re.compile(r"nonce(-|=\")[A-Za-z0-9_-]{22}")


def normalise(text: str) -> str:
    """Hide what legitimately changes between releases: the version string."""
    return _VERSION.sub("<version>", text)


def test_every_format_has_a_renderer() -> None:
    assert set(RENDERERS) == set(Format)


@pytest.mark.parametrize("fmt", list(Format))
def test_every_renderer_handles_an_empty_report(fmt: Format) -> None:
    empty = make_report(documents=(), claims=())
    assert render(empty, fmt) is not None


@pytest.mark.parametrize("fmt", list(Format))
def test_renderers_are_deterministic(fmt: Format) -> None:
    first, second = render(make_report(), fmt), render(make_report(), fmt)
    if fmt == Format.HTML:  # a fresh CSP nonce per file, by design
        first, second = _NONCE.sub("", first), _NONCE.sub("", second)
    assert first == second


@pytest.mark.parametrize(("fmt", "name"), list(GOLDEN_FILES.items()))
def test_matches_golden(fmt: Format, name: str) -> None:
    actual = normalise(render(make_report(tool_version=__version__), fmt))
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


def test_html_has_no_golden_but_every_other_format_does() -> None:
    assert set(GOLDEN_FILES) == set(Format) - {Format.HTML}


def test_fail_on_defaults_to_the_runs_setting() -> None:
    strict = make_report(settings={"fail_on": ["dead", "truncated", "unsupported"]})
    assert "**4 findings**" in render(strict, Format.MARKDOWN)
    assert "**3 findings**" in render(make_report(), Format.MARKDOWN)
    assert "**0 findings**" in render(strict, Format.MARKDOWN, fail_on=())
