"""The CLI reference and README stay true to the code."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_generator():
    spec = importlib.util.spec_from_file_location(
        "gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_up_to_date() -> None:
    generator = load_generator()
    expected = generator.render()
    actual = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/cli.md is stale: run .venv/bin/python scripts/gen_cli_docs.py"


def test_every_scan_option_is_in_the_reference() -> None:
    generator = load_generator()
    options = set(re.findall(r"--[a-z][a-z0-9-]+", generator.help_text(["scan"])))
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert options, "no options found in scan --help"
    assert not {option for option in options if option not in reference}


def test_readme_documents_every_exit_code_and_the_quickstart_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |"):
        assert code in readme
    quickstart = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.+?)\n```", quickstart, flags=re.S)
    # Exactly two commands on a fresh clone: set up and scan the example, set up and test.
    assert len(commands) == 2
    assert "citecheck scan examples/" in commands[0]
    assert "scripts/test.sh" in commands[1]
    installing = readme.split("## Installing", 1)[1].split("\n## ", 1)[0]
    assert "pipx install citecheck-sources" in installing  # the free distribution name
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
