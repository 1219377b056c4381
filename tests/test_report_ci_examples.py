"""The CI examples parse, use the action and the component, only pass flags `citecheck scan`
really has, and every install instruction names the free distribution `citecheck-sources`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from citecheck.cli import app
from citecheck.models import Status, SupportLabel

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples" / "ci"
GITHUB = EXAMPLES / "github-nightly.yml"
GITLAB = EXAMPLES / "gitlab-ci.yml"
COMPONENT = ROOT / "templates" / "citecheck.yml"
ACTION_RUN = ROOT / "scripts" / "action_run.py"
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *sorted(EXAMPLES.iterdir())]


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def scan_help() -> str:
    result = CliRunner().invoke(app, ["scan", "--help"], env={"COLUMNS": "250"})
    assert result.exit_code == 0
    return result.stdout


def _github_action_step() -> dict[str, Any]:
    steps = _load(GITHUB)["jobs"]["citecheck"]["steps"]
    return next(step for step in steps if step.get("uses", "").startswith("citecheck/citecheck@"))


def _gitlab_inputs() -> dict[str, str]:
    include = _load(GITLAB)["include"][0]
    assert include["component"].endswith("/citecheck@0.1.0")
    inputs = include["inputs"]
    assert isinstance(inputs, dict)
    return inputs


def _flags(text: str) -> set[str]:
    return set(re.findall(r"(--[a-z][a-z-]+)", text))


def test_examples_and_scripts_use_only_real_scan_flags(scan_help: str) -> None:
    used = _flags(_github_action_step()["with"]["args"]) | _flags(_gitlab_inputs()["args"])
    used |= _flags(ACTION_RUN.read_text(encoding="utf-8"))
    used |= _flags(str(yaml.safe_load_all(COMPONENT.read_text(encoding="utf-8"))))
    assert {"--confirm-after", "--cache", "--output", "--fail-on"} <= used
    assert sorted(flag for flag in used if flag not in scan_help) == []


def test_example_fail_on_values_are_valid() -> None:
    for value in (_github_action_step()["with"]["fail-on"], _gitlab_inputs()["fail-on"]):
        assert set(value.split(",")) <= {*Status, *SupportLabel}


def test_github_workflow_is_nightly_and_opens_one_issue_on_findings() -> None:
    workflow = _load(GITHUB)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as a boolean
    assert "cron" in triggers["schedule"][0]
    assert workflow["permissions"]["issues"] == "write"
    steps = workflow["jobs"]["citecheck"]["steps"]
    action = _github_action_step()
    assert set(action["with"]) <= set(_load(ROOT / "action.yml")["inputs"])
    issue = next(step for step in steps if "gh issue create" in step.get("run", ""))
    assert issue["if"] == f"steps.{action['id']}.outputs.exit-code == '1'"
    assert "gh issue edit" in issue["run"]  # an open issue is updated, never duplicated
    assert "--label citecheck" in issue["run"]
    assert steps[-1]["if"] == "always()"
    assert "exit 1" in steps[-1]["run"]


def test_gitlab_example_runs_on_a_schedule() -> None:
    job = _load(GITLAB)["citecheck-nightly"]
    assert _gitlab_inputs()["job-name"] == "citecheck-nightly"
    assert any(rule["if"].endswith('"schedule"') for rule in job["rules"])
    assert _gitlab_inputs()["package"].startswith("citecheck-sources==")


@pytest.mark.parametrize("path", DOCS, ids=lambda path: path.name)
def test_install_instructions_name_the_distribution(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    wrong = re.findall(r"(?:pip|pipx) install (?:-\S+ )*['\"]?citecheck(?![\w-])", text)
    assert wrong == []
