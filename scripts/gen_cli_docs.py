"""Regenerate docs/cli.md from the commands' own --help (run after changing an option).

    .venv/bin/python scripts/gen_cli_docs.py

tests/test_docs.py fails when docs/cli.md is out of date, so the reference
never drifts from the code (sqlite-utils keeps its CLI docs the same way).
"""

from __future__ import annotations

import sys
from pathlib import Path

from typer.testing import CliRunner

from citecheck.cli import app

COMMANDS = (
    [],
    ["extract"],
    ["scan"],
    ["report"],
    ["fix"],
    ["cache"],
    ["cache", "stats"],
    ["cache", "prune"],
    ["cache", "export"],
    ["cache", "show"],
)
DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"

HEADER = """# Command-line reference

Generated from `--help` by `scripts/gen_cli_docs.py`; do not edit by hand.

## Exit codes

| code | meaning |
|---|---|
| 0 | nothing at or above `--fail-on` |
| 1 | findings: a citation's status or support label is in `--fail-on` |
| 2 | usage, config, input or internal error (one line on stderr, never a traceback) |
| 3 | the network is unreachable, so nothing could be judged (no link is called dead) |
| 130 | interrupted (Ctrl-C); the cache stays consistent |
"""


def help_text(command: list[str]) -> str:
    """Return the --help output of one command, at a fixed width."""
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "100", "TERM": "dumb"})
    if result.exit_code != 0:
        raise RuntimeError(f"citecheck {' '.join(command)} --help failed: {result.output}")
    return result.stdout.rstrip() + "\n"


def render() -> str:
    """Return the whole reference as Markdown."""
    sections = [HEADER]
    for command in COMMANDS:
        title = " ".join(["citecheck", *command])
        sections.append(f"\n## `{title}`\n\n```text\n{help_text(command)}```\n")
    return "".join(sections)


if __name__ == "__main__":
    DOC.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {DOC}\n")
