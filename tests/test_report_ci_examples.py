"""The CI examples parse, keep the cache, and only use flags `citecheck scan` really has."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from citecheck.cli import app

EXAMPLES = Path(__file__).parent.parent / "examples" / "ci"
GITHUB = EXAMPLES / "github-nightly.yml"
GITLAB = EXAMPLES / "gitlab-ci.yml"


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _scan_flags(text: str) -> set[str]:
    commands = re.findall(r"citecheck scan .*?(?:--no-progress)", text, flags=re.DOTALL)
    assert commands, "no citecheck scan command found"
    return {flag for command in commands for flag in re.findall(r"(--[a-z][a-z-]+)", command)}


@pytest.fixture(scope="module")
def scan_help() -> str:
    result = CliRunner().invoke(app, ["scan", "--help"], env={"COLUMNS": "250"})
    assert result.exit_code == 0
    return result.stdout


@pytest.mark.parametrize("path", [GITHUB, GITLAB])
def test_uses_only_real_scan_flags(path: Path, scan_help: str) -> None:
    flags = _scan_flags(path.read_text(encoding="utf-8"))
    assert {"--confirm-after", "--cache", "--output"} <= flags
    missing = sorted(flag for flag in flags if flag not in scan_help)
    assert missing == []


def test_github_workflow_is_nightly_with_cache_artifact_and_summary() -> None:
    workflow = _load(GITHUB)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as a boolean
    assert "cron" in triggers["schedule"][0]
    steps = workflow["jobs"]["citecheck"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    assert any(name.startswith("actions/cache/restore@") for name in uses)
    assert any(name.startswith("actions/cache/save@") for name in uses)
    upload = next(
        step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@")
    )
    assert upload["with"]["path"] == "reports/"
    assert upload["if"] == "always()"
    assert any("$GITHUB_STEP_SUMMARY" in step.get("run", "") for step in steps)


def test_github_summary_file_is_what_scan_writes() -> None:
    text = GITHUB.read_text(encoding="utf-8")
    assert "--output reports/citecheck" in text
    assert "cat reports/citecheck.md" in text


def test_gitlab_job_keeps_cache_and_reports() -> None:
    job = _load(GITLAB)["citecheck-nightly"]
    assert job["cache"][0]["paths"] == ["cache/"]
    assert job["cache"][0]["when"] == "always"
    assert job["artifacts"]["paths"] == ["reports/"]
    assert job["artifacts"]["reports"]["junit"] == "reports/citecheck.junit.xml"
    assert job["allow_failure"]["exit_codes"] == [3]
    assert any(rule["if"].endswith('"schedule"') for rule in job["rules"])
