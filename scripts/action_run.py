"""The scan step of the citecheck GitHub Action (action.yml), kept here so it can be tested.

It reads the action's inputs from `CITECHECK_INPUT_*` environment variables, runs
`citecheck scan` with the machine-readable formats written under the reports folder,
appends the Markdown summary to `$GITHUB_STEP_SUMMARY`, and writes the step outputs
(`exit-code`, `findings`, `json`, `markdown`) to `$GITHUB_OUTPUT`. It always exits 0
itself, so the steps that save the cache and upload the reports still run; the
action's last step turns the recorded exit code into the job's result.

Standard library only: it runs in the workflow's Python before anything else is known.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path

FORMATS = ("json", "junit", "sarif", "markdown")
BASE_NAME = "citecheck"


def split_paths(text: str) -> list[str]:
    """Paths one per line; a line that is not itself a path holds several, split like a shell."""
    paths: list[str] = []
    for line in (line.strip() for line in text.splitlines()):
        if line:
            paths += [line] if Path(line).exists() else shlex.split(line)
    return paths


def scan_command(environ: Mapping[str, str]) -> list[str]:
    """Build the `citecheck scan` command line from the action's inputs."""
    reports = environ.get("CITECHECK_INPUT_REPORTS_DIR") or "reports"
    command = [environ.get("CITECHECK_COMMAND") or "citecheck", "scan"]
    command += split_paths(environ.get("CITECHECK_INPUT_PATHS") or ".")
    command += ["--cache", environ.get("CITECHECK_INPUT_CACHE_DIR") or "cache"]
    command += ["--reports-dir", reports, "--output", f"{reports}/{BASE_NAME}", "--no-progress"]
    for name in FORMATS:
        command += ["--format", name]
    if fail_on := (environ.get("CITECHECK_INPUT_FAIL_ON") or "").strip():
        command += ["--fail-on", fail_on]
    if config := (environ.get("CITECHECK_INPUT_CONFIG") or "").strip():
        command += ["--config", config]
    return command + shlex.split(environ.get("CITECHECK_INPUT_ARGS") or "")


def count_findings(json_report: Path) -> int | None:
    """The `summary.findings` of the JSON report, or None when there is no readable report."""
    try:
        data = json.loads(json_report.read_text(encoding="utf-8"))
        return int(data["summary"]["findings"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def append_summary(summary_file: str | None, markdown: Path, code: int) -> None:
    """Append the Markdown report to the job summary, or say why there is none."""
    if not summary_file:
        return
    if markdown.is_file():
        text = markdown.read_text(encoding="utf-8")
    else:
        text = f"## citecheck\n\ncitecheck exited with {code} before writing a report.\n"
    with open(summary_file, "a", encoding="utf-8") as handle:
        handle.write(text if text.endswith("\n") else text + "\n")


def write_outputs(output_file: str | None, outputs: Mapping[str, str]) -> None:
    """Append `name=value` lines (a heredoc for multi-line values) to `$GITHUB_OUTPUT`."""
    if not output_file:
        return
    with open(output_file, "a", encoding="utf-8") as handle:
        for name, value in outputs.items():
            if "\n" in value:
                delimiter = f"ghadelimiter_{uuid.uuid4()}"
                handle.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
            else:
                handle.write(f"{name}={value}\n")


def main(environ: Mapping[str, str], argv: Sequence[str] = ()) -> int:
    """Run the scan, publish the summary and outputs; return 0 unless the step itself broke."""
    command = [*scan_command(environ), *argv]
    print("+ " + shlex.join(command), flush=True)
    try:
        code = subprocess.run(command, check=False).returncode
    except OSError as exc:  # the command is missing: the install step failed
        print(f"::error title=citecheck::cannot run citecheck: {exc}", flush=True)
        code = 127
    reports = Path(environ.get("CITECHECK_INPUT_REPORTS_DIR") or "reports")
    markdown = reports / f"{BASE_NAME}.md"
    append_summary(environ.get("GITHUB_STEP_SUMMARY"), markdown, code)
    findings = count_findings(reports / f"{BASE_NAME}.json")
    write_outputs(
        environ.get("GITHUB_OUTPUT"),
        {
            "exit-code": str(code),
            "findings": "" if findings is None else str(findings),
            "json": str(reports / f"{BASE_NAME}.json"),
            "markdown": str(markdown),
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(os.environ, sys.argv[1:]))
