"""The GitHub Action (action.yml + scripts/action_run.py) and the GitLab component.

The files are validated against the published schemas (SchemaStore's, as the
check-jsonschema package ships them, so offline), and the tests also check what those
schemas cannot: that every `${{ inputs.x }}` is declared, that outputs point at real
step ids, that the cache is saved and the reports uploaded even on failure. The scan
step's logic runs for real against the loopback site with fake `GITHUB_STEP_SUMMARY`
and `GITHUB_OUTPUT` files, and so does the GitLab job's script.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).parent.parent
ACTION = ROOT / "action.yml"
GITLAB_COMPONENT = ROOT / "templates" / "citecheck.yml"
ACTION_RUN = ROOT / "scripts" / "action_run.py"
CITECHECK = Path(sys.executable).parent / "citecheck"
FAST_FLAGS = "--no-network-check --no-suggest --no-support --host-delay 0 --retries 1 --timeout 2"
_ACTION_KEYS = {"name", "description", "author", "inputs", "outputs", "runs", "branding"}
_STEP_KEYS = {
    "id", "if", "name", "uses", "run", "shell", "with", "env", "working-directory",
    "continue-on-error", "timeout-minutes",
}  # fmt: skip


def _action() -> dict[str, Any]:
    data = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_action_is_a_composite_action_with_the_documented_inputs() -> None:
    action = _action()
    assert set(action) <= _ACTION_KEYS
    assert {"name", "description", "runs"} <= set(action)
    assert action["runs"]["using"] == "composite"
    inputs = action["inputs"]
    for name in ("paths", "args", "fail-on", "config", "cache-key", "python-version"):
        assert isinstance(inputs[name]["description"], str)
        assert inputs[name]["description"]
        assert isinstance(inputs[name].get("default", ""), str)
    assert {"exit-code", "findings"} <= set(action["outputs"])


def test_every_step_is_valid_for_a_composite_action() -> None:
    steps = _action()["runs"]["steps"]
    for step in steps:
        assert set(step) <= _STEP_KEYS, step
        assert ("run" in step) != ("uses" in step), step
        if "run" in step:
            assert step["shell"] == "bash", step
        else:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", step["uses"]), step["uses"]


def test_every_expression_names_a_declared_input_or_step() -> None:
    action = _action()
    text = ACTION.read_text(encoding="utf-8")
    used_inputs = set(re.findall(r"inputs\.([\w-]+)", text))
    assert used_inputs <= set(action["inputs"]), used_inputs - set(action["inputs"])
    step_ids = {step["id"] for step in action["runs"]["steps"] if "id" in step}
    assert set(re.findall(r"steps\.([\w-]+)\.outputs", text)) <= step_ids
    for output in action["outputs"].values():
        assert re.fullmatch(r"\$\{\{ steps\.scan\.outputs\.[\w-]+ \}\}", output["value"])


def test_action_keeps_cache_uploads_reports_and_fails_last() -> None:
    steps = _action()["runs"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert uses.index("actions/cache/restore") < uses.index("actions/cache/save")
    assert "actions/setup-python" in uses
    pip_cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache@"))
    assert "pip-cache" in pip_cache["with"]["path"]
    for name in ("actions/cache/save", "actions/upload-artifact"):
        step = steps[uses.index(name)]
        assert step["if"] == "always()"
    upload = steps[uses.index("actions/upload-artifact")]
    assert upload["with"]["path"] == "reports/"
    assert steps[-1]["if"] == "always()"
    assert "exit 1" in steps[-1]["run"]
    scan = next(step for step in steps if step.get("id") == "scan")
    assert "scripts/action_run.py" in scan["run"]


def _action_env(tmp_path: Path, paths: str, **inputs: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CITECHECK_")}
    env.update(
        GITHUB_STEP_SUMMARY=str(tmp_path / "summary.md"),
        GITHUB_OUTPUT=str(tmp_path / "output.txt"),
        CITECHECK_COMMAND=str(CITECHECK),
        CITECHECK_INPUT_PATHS=paths,
        CITECHECK_INPUT_ARGS=FAST_FLAGS,
        NO_COLOR="1",
    )
    env.update({f"CITECHECK_INPUT_{key.upper()}": value for key, value in inputs.items()})
    return env


def _outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines())


def _run_action_step(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ACTION_RUN)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=100,
        check=False,
    )


@pytest.fixture
def articles(tmp_path: Path, site_server: Any) -> Path:
    base = site_server.server.base_url
    folder = tmp_path / "my articles"
    folder.mkdir()
    (folder / "a.md").write_text(
        f"The harbour figures rose by a fifth ({base}/article.html).\n\n"
        f"This one is gone: {base}/status/404\n",
        encoding="utf-8",
    )
    return folder


def test_action_step_writes_summary_outputs_and_reports(tmp_path: Path, articles: Path) -> None:
    env = _action_env(tmp_path, f"{articles}\n", FAIL_ON="dead")
    ran = _run_action_step(tmp_path, env)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    outputs = _outputs(tmp_path / "output.txt")
    assert outputs["exit-code"] == "1", ran.stdout + ran.stderr
    assert outputs["findings"] == "1"
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## citecheck")
    assert "/status/404" in summary
    reports = tmp_path / "reports"
    for name in ("citecheck.json", "citecheck.junit.xml", "citecheck.sarif", "latest.html"):
        assert (reports / name).is_file(), name
    assert (tmp_path / "cache").is_dir()
    assert json.loads((reports / "citecheck.json").read_text())["summary"]["findings"] == 1


def test_action_step_reports_a_clean_run_and_honours_fail_on_never(
    tmp_path: Path, articles: Path
) -> None:
    ran = _run_action_step(tmp_path, _action_env(tmp_path, str(articles), FAIL_ON="never"))
    assert ran.returncode == 0, ran.stderr
    outputs = _outputs(tmp_path / "output.txt")
    assert (outputs["exit-code"], outputs["findings"]) == ("0", "0")


def test_action_step_records_a_usage_error_and_still_writes_a_summary(tmp_path: Path) -> None:
    ran = _run_action_step(tmp_path, _action_env(tmp_path, str(tmp_path / "missing")))
    assert ran.returncode == 0
    outputs = _outputs(tmp_path / "output.txt")
    assert outputs["exit-code"] == "2"
    assert outputs["findings"] == ""
    assert "exited with 2" in (tmp_path / "summary.md").read_text(encoding="utf-8")


def _component() -> tuple[dict[str, Any], dict[str, Any]]:
    header, body = yaml.safe_load_all(GITLAB_COMPONENT.read_text(encoding="utf-8"))
    return header, body


def test_gitlab_component_declares_every_input_it_uses() -> None:
    header, body = _component()
    declared = set(header["spec"]["inputs"])
    used = set(re.findall(r"\$\[\[ inputs\.([\w-]+) \]\]", GITLAB_COMPONENT.read_text()))
    assert used == declared
    for spec in header["spec"]["inputs"].values():
        assert set(spec) <= {"default", "description", "options", "type", "regex"}
    (job,) = body.values()
    assert job["cache"][0]["paths"] == ["cache/"]
    assert job["cache"][0]["when"] == "always"
    assert job["artifacts"]["paths"] == ["reports/"]
    assert job["artifacts"]["reports"]["junit"] == "reports/citecheck.junit.xml"
    assert job["allow_failure"]["exit_codes"] == [3]
    assert "citecheck-sources" in header["spec"]["inputs"]["package"]["default"]


def test_gitlab_job_script_runs_and_exits_with_the_scan_code(
    tmp_path: Path, articles: Path
) -> None:
    _, body = _component()
    (job,) = body.values()
    (script,) = job["script"]
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "citecheck").symlink_to(CITECHECK)
    # The job's shell splits the paths input on spaces, so a folder with one is globbed.
    env = _action_env(tmp_path, "my*articles", FAIL_ON="dead")
    env["PATH"] = f"{tmp_path / 'bin'}{os.pathsep}{env['PATH']}"
    ran = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=100, check=False,
    )  # fmt: skip
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert ran.stdout.startswith("## citecheck")
    assert (tmp_path / "reports" / "citecheck.junit.xml").is_file()


# The published schemas (SchemaStore's github-action, github-workflow and gitlab-ci), as
# the check-jsonschema package ships them: validated offline, nothing vendored here.
PUBLISHED = [
    ("vendor.github-actions", ACTION),
    ("vendor.github-workflows", ROOT / "examples" / "ci" / "github-nightly.yml"),
    ("vendor.gitlab-ci", ROOT / "examples" / "ci" / "gitlab-ci.yml"),
]


def _check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(("schema", "path"), PUBLISHED, ids=lambda item: str(item)[-24:])
def test_files_validate_against_the_published_schemas(schema: str, path: Path) -> None:
    checked = _check_jsonschema(schema, path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_schema_check_rejects_a_step_without_a_shell(tmp_path: Path) -> None:
    broken = _action()
    del next(step for step in broken["runs"]["steps"] if "run" in step)["shell"]
    path = tmp_path / "action.yml"
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    assert _check_jsonschema("vendor.github-actions", path).returncode != 0


def test_gitlab_component_documents_validate_against_the_gitlab_schema() -> None:
    from importlib import resources

    import jsonschema

    vendor = resources.files("check_jsonschema.builtin_schemas.vendor")
    schema = json.loads((vendor / "gitlab-ci.json").read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    for document in _component():
        assert [error.message for error in validator.iter_errors(document)] == []
