"""Settings as every command reads them: one config file, one validation, named errors."""

from __future__ import annotations

import ast
import inspect
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citecheck.cli import app, fix_cmd, scan_cmd
from test_cli_scan import scan_args

runner = CliRunner()
SRC = Path(__file__).resolve().parent.parent / "src" / "citecheck"


def quick_scan(tmp_path: Path, *extra: str) -> list[str]:
    return scan_args(tmp_path, "--no-support", *extra)


@pytest.fixture
def folder(tmp_path: Path, site_server) -> Path:
    base = site_server.server.base_url
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text(f"Figures rose ({base}/article.html).\n", encoding="utf-8")
    (docs / "b.txt").write_text(f"Gone: {base}/status/404\n", encoding="utf-8")
    return docs


@pytest.mark.parametrize(
    ("config", "env", "flags", "named"),
    [
        ('fail_on = ["daed"]\n', {}, [], "citecheck.toml: fail_on"),
        ('fail_on = "dead,daed"\n', {}, [], "citecheck.toml: fail_on"),
        ("", {"CITECHECK_FAIL_ON": "daed"}, [], "CITECHECK_FAIL_ON"),
        ("", {}, ["--fail-on", "daed"], "--fail-on"),
    ],
)
def test_a_wrong_fail_on_is_exit_two_naming_source_key_and_choices(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    folder: Path,
    config: str,
    env: dict[str, str],
    flags: list[str],
    named: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "citecheck.toml").write_text(config, encoding="utf-8")
    result = runner.invoke(app, [*quick_scan(tmp_path, *flags), str(folder)], env=env)
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert named in lines[0]
    assert "'daed'" in lines[0]
    assert "choose from ok, redirected, dead" in lines[0]
    assert result.stdout == ""
    assert not (tmp_path / "cache").exists(), "validated before any work"


def test_include_is_a_url_pattern_even_when_scanning_a_folder(
    tmp_path: Path, folder: Path, site_server
) -> None:
    args = quick_scan(tmp_path, "-f", "json", "--exclude", ".", "--include", r"article\.html")
    result = runner.invoke(app, [*args, str(folder)])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    statuses = {
        c["url"].rsplit("/", 1)[1]: c["status"] for d in data["documents"] for c in d["citations"]
    }
    assert statuses == {"article.html": "ok", "404": "skipped"}


def test_include_path_and_exclude_path_choose_the_files(tmp_path: Path, folder: Path) -> None:
    only_md = runner.invoke(
        app, [*quick_scan(tmp_path, "-f", "json", "--include-path", "*.md"), str(folder)]
    )
    assert only_md.exit_code == 0, only_md.stderr
    paths = [Path(d["path"]).name for d in json.loads(only_md.stdout)["documents"]]
    assert paths == ["a.md"]
    no_md = runner.invoke(
        app, [*quick_scan(tmp_path, "-f", "json", "--exclude-path", "*.md"), str(folder)]
    )
    assert [Path(d["path"]).name for d in json.loads(no_md.stdout)["documents"]] == ["b.txt"]


def test_extract_reads_the_same_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "citecheck.toml").write_text('exclude_path = ["*.txt"]\n', encoding="utf-8")
    result = runner.invoke(app, ["extract", str(folder)])
    assert result.exit_code == 0, result.stderr
    assert "a.md: 1 citations" in result.stdout
    assert "b.txt" not in result.stdout
    (tmp_path / "citecheck.toml").write_text('fail_on = ["daed"]\n', encoding="utf-8")
    broken = runner.invoke(app, ["extract", str(folder)])
    assert broken.exit_code == 2
    assert "citecheck.toml: fail_on: unknown value(s) 'daed'" in broken.stderr


def test_fix_reads_the_same_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "citecheck.toml").write_text('cited_at = "last spring"\n', encoding="utf-8")
    result = runner.invoke(app, ["fix", str(folder / "a.md")])
    assert result.exit_code == 2
    assert "citecheck.toml: cited_at: expected a date like 2019-06-01" in result.stderr


def test_old_config_keys_work_and_warn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "citecheck.toml").write_text(
        'fail_on = ["blocked"]\ntimeout_s = 2\n', encoding="utf-8"
    )
    result = runner.invoke(app, [*quick_scan(tmp_path), str(folder)])
    assert result.exit_code == 0, result.stderr
    assert "'timeout_s' is deprecated; use 'timeout'" in result.stderr


def test_scan_command_is_a_thin_skin() -> None:
    lines = inspect.getsource(inspect.unwrap(scan_cmd.scan_command)).splitlines()
    assert len(lines) <= 60, len(lines)


def test_no_command_imports_from_a_sibling_command() -> None:
    for path in (SRC / "cli").glob("*_cmd.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        }
        assert not {name for name in imported if name.endswith("_cmd")}, path.name
    assert fix_cmd.load_configuration is scan_cmd.load_configuration


def test_the_ci_example_config_uses_the_current_key_names(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from citecheck.config import load_configuration

    example = SRC.parent.parent / "examples" / "ci" / "citecheck.toml"
    settings = load_configuration(config_file=example, environ={}).settings
    assert settings.confirm_after == 3
    assert settings.host_delay_s == 1.0
    assert not [r for r in caplog.records if "deprecated" in r.getMessage()]
