"""`citecheck scan` as a user runs it: streams, files, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citecheck.cli import app

runner = CliRunner()


def scan_args(tmp_path: Path, *extra: str) -> list[str]:
    return [
        "scan",
        "--cache",
        str(tmp_path / "cache"),
        "--reports-dir",
        str(tmp_path / "reports"),
        "--host-delay",
        "0",
        "--retries",
        "1",
        "--timeout",
        "2",
        "--no-network-check",
        "--no-suggest",
        "--no-progress",
        *extra,
    ]


@pytest.fixture
def doc(tmp_path: Path, site_server) -> Path:
    base = site_server.server.base_url
    path = tmp_path / "doc.md"
    path.write_text(
        f"The harbour figures rose by a fifth ({base}/article.html).\n\n"
        f"This one is gone: {base}/status/404\n",
        encoding="utf-8",
    )
    return path


def test_json_goes_to_stdout_and_the_summary_to_stderr(tmp_path: Path, doc: Path) -> None:
    result = runner.invoke(app, [*scan_args(tmp_path, "--format", "json"), str(doc)])
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "citecheck/1"
    statuses = sorted(c["status"] for d in data["documents"] for c in d["citations"])
    assert statuses == ["dead", "ok"]
    assert "2 citations in 1 document:" in result.stderr
    assert "HTML report:" in result.stderr
    assert (tmp_path / "reports" / "latest.html").is_file()


@pytest.mark.parametrize(
    ("fail_on", "code"), [("never", 0), ("blocked", 0), ("dead", 1), ("blocked,dead", 1)]
)
def test_fail_on_chooses_what_fails_the_run(
    tmp_path: Path, doc: Path, fail_on: str, code: int
) -> None:
    result = runner.invoke(app, [*scan_args(tmp_path, "--fail-on", fail_on), str(doc)])
    assert result.exit_code == code, result.stderr


def test_output_file_and_format_all(tmp_path: Path, doc: Path) -> None:
    out = tmp_path / "out" / "run"
    result = runner.invoke(
        app, [*scan_args(tmp_path, "--format", "all", "--output", str(out), "-q"), str(doc)]
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == ""
    for suffix in ("json", "html", "junit.xml", "sarif", "md"):
        assert (out.parent / f"run.{suffix}").stat().st_size > 0
    json.loads((out.parent / "run.json").read_text(encoding="utf-8"))


def test_offline_scan_exits_three_and_calls_nothing_dead(tmp_path: Path) -> None:
    doc = tmp_path / "offline.txt"
    doc.write_text("Source: https://www.aljazeera.net/news/2019/5/14/story\n", encoding="utf-8")
    args = [a for a in scan_args(tmp_path, "--format", "json") if a != "--no-network-check"]
    result = runner.invoke(app, [*args, "--canary", "canary.invalid", str(doc)])
    assert result.exit_code == 3, result.stderr
    data = json.loads(result.stdout)
    statuses = {c["status"] for d in data["documents"] for c in d["citations"]}
    assert statuses == {"error"}
    assert "network is unreachable" in result.stderr.lower()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.txt"], "missing.txt"),
        (["--fail-on", "deadish", "x.txt"], "deadish"),
        (["--config", "nope.toml", "x.txt"], "config file not found"),
        (["--format", "pdf", "x.txt"], "unknown format"),
    ],
)
def test_bad_input_is_one_line_and_exit_two(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.txt").write_text("no links here at all, only words.\n", encoding="utf-8")
    result = runner.invoke(app, [*scan_args(tmp_path), *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_config_file_in_the_working_folder_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, doc: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "citecheck.toml").write_text('fail_on = ["blocked"]\n', encoding="utf-8")
    result = runner.invoke(app, [*scan_args(tmp_path, "--format", "json"), str(doc)])
    assert result.exit_code == 0, "dead is no longer a finding under the config's fail_on"
    (tmp_path / "citecheck.toml").write_text("fail_on = 3\n", encoding="utf-8")
    result = runner.invoke(app, [*scan_args(tmp_path), str(doc)])
    assert result.exit_code == 2
    assert "fail_on" in result.stderr


def test_config_file_holds_the_output_flags_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, doc: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "citecheck.toml").write_text(
        'format = "json"\nhtml_report = false\nno_progress = true\n'
        'output = "out/report.json"\nfail_on = ["blocked"]\n',
        encoding="utf-8",
    )
    args = [a for a in scan_args(tmp_path) if a != "--no-progress"]
    result = runner.invoke(app, [*args, str(doc)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert data["schema"] == "citecheck/1"
    assert not (tmp_path / "reports").exists(), "html_report = false in the config"
    flagged = runner.invoke(app, [*args, "--format", "markdown", "-o", "-", str(doc)])
    assert flagged.stdout.lstrip().startswith("#"), "flags win over the config file"


def test_wrong_type_for_an_output_key_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, doc: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "citecheck.toml").write_text("html_report = 'yes'\n", encoding="utf-8")
    result = runner.invoke(app, [*scan_args(tmp_path), str(doc)])
    assert result.exit_code == 2
    assert "html_report" in result.stderr


def test_the_bundled_example_on_a_machine_without_internet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real case here: default canaries, the example article, no route to the world."""
    example = Path(__file__).resolve().parent.parent / "examples" / "article.txt"
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        app, ["scan", str(example), "--format", "json", "--no-progress", "--host-delay", "0"]
    )
    assert result.exit_code == 3, result.stderr
    citations = [c for d in json.loads(result.stdout)["documents"] for c in d["citations"]]
    statuses = {c["status"] for c in citations}
    assert "dead" not in statuses
    assert statuses == {"error", "truncated"}
    assert {c["reason"] for c in citations if c["status"] == "error"} == {"network unreachable"}
    assert sum(c["status"] == "truncated" for c in citations) == 3
    assert "network is unreachable" in result.stderr
    assert (tmp_path / "reports" / "latest.html").is_file()
    assert (tmp_path / "cache" / "index.sqlite3").is_file()


def test_unknown_format_is_rejected_before_any_work(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("Source: https://www.aljazeera.net/news/2019/5/14/story\n", encoding="utf-8")
    args = [a for a in scan_args(tmp_path, "-f", "csv") if a != "--no-network-check"]
    # An unreachable canary would take the network check's time and print its warning.
    result = runner.invoke(app, [*args, "--canary", "canary.invalid", str(doc)])
    assert result.exit_code == 2
    assert "unknown format 'csv'" in result.stderr
    assert "network" not in result.stderr.lower()  # no network check ran
    assert not (tmp_path / "cache").exists()  # nothing was fetched or archived
    assert not (tmp_path / "reports").exists()
