"""`citecheck report FILE.json`: re-render offline, stdout or files, clean errors."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citecheck.cli import app
from citecheck.report import Format, render
from report_fixture import make_report


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "run.json"
    path.write_text(render(make_report(), Format.JSON), encoding="utf-8")
    return path


def test_default_is_html_on_stdout(saved: Path) -> None:
    result = CliRunner().invoke(app, ["report", str(saved)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert result.stderr == ""


def test_json_re_renders_identically(saved: Path) -> None:
    result = CliRunner().invoke(app, ["report", str(saved), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(saved.read_text(encoding="utf-8"))


def test_output_file(saved: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.xml"
    result = CliRunner().invoke(app, ["report", str(saved), "-f", "junit", "-o", str(target)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert ET.fromstring(target.read_bytes()).get("tests") == "13"


def test_all_formats_next_to_the_input_without_overwriting_it(saved: Path) -> None:
    before = saved.read_bytes()
    result = CliRunner().invoke(app, ["report", str(saved), "--format", "all"])
    assert result.exit_code == 0, result.stderr
    names = sorted(path.name for path in saved.parent.iterdir())
    assert names == ["run.html", "run.json", "run.junit.xml", "run.md", "run.sarif"]
    assert saved.read_bytes() == before


def test_several_formats_to_a_base_name(saved: Path, tmp_path: Path) -> None:
    base = tmp_path / "nightly" / "citecheck"
    args = ["report", str(saved), "-f", "sarif", "-f", "markdown", "-o", str(base)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0
    assert sorted(path.name for path in base.parent.iterdir()) == [
        "citecheck.md",
        "citecheck.sarif",
    ]


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, [], "cannot read JSON report"),
        ("{}", [], "not a citecheck/1 JSON report"),
        ("ok", ["--format", "pdf"], "unknown format 'pdf'"),
    ],
)
def test_errors_exit_2_with_one_line(
    tmp_path: Path, content: str | None, args: list[str], message: str
) -> None:
    path = tmp_path / "given.json"
    if content == "ok":
        path.write_text(render(make_report(), Format.JSON), encoding="utf-8")
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["report", str(path), *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
