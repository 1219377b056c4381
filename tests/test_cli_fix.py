"""`citecheck fix`: the diff on stdout, the file rewritten only with --write."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archive_services import AVAILABLE, SEED_CUT_PREFIX, ArchiveServices, percent_encoded
from citecheck.cli import app
from citecheck.extract import extract_citations
from citecheck.inputs.load import load_document
from citecheck.models import CheckResult, DocumentResult, Report, Status, Suggestion, Verdict
from citecheck.report.json import render
from localserver import LocalServer, Reply

DEAD = "https://example.org/news/dead-page"
ARCHIVED = f"https://web.archive.org/web/20190510080000/{DEAD}"
WHEN = datetime(2019, 5, 10, 8, tzinfo=UTC)
ARTICLE = f"""# A short report

The offensive stalled within weeks, as reported [here]({DEAD}).

Sources:
https://example.org/alive
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def saved_report(document: Path, folder: Path) -> Path:
    """A JSON report of `document` as `scan --format json` writes it, with a suggestion."""
    results = []
    for citation in extract_citations(load_document(document)):
        dead = citation.url == DEAD
        verdict = Verdict(Status.DEAD, "HTTP 404") if dead else Verdict(Status.OK, "200")
        suggestion = Suggestion(ARCHIVED, "wayback", WHEN, DEAD, archive_url=ARCHIVED)
        results.append(CheckResult(citation, verdict, suggestion=suggestion if dead else None))
    report = Report(
        documents=(DocumentResult(str(document), load_document(document).kind, tuple(results)),),
        started_at=WHEN,
        finished_at=WHEN,
        tool_version="test",
    )
    path = folder / "report.json"
    path.write_text(render(report), encoding="utf-8")
    return path


def test_without_write_only_the_diff_is_printed(
    runner: CliRunner, article: Path, tmp_path: Path
) -> None:
    report = saved_report(article, tmp_path)

    result = runner.invoke(app, ["fix", str(article), "--report", str(report)])

    assert result.exit_code == 0, result.output
    assert f"-The offensive stalled within weeks, as reported [here]({DEAD})." in result.stdout
    assert f"+The offensive stalled within weeks, as reported [here]({ARCHIVED})." in result.stdout
    assert "run with --write to apply" in result.stderr
    assert "line 3: dead link replaced by an archived copy" in result.stderr
    assert article.read_text(encoding="utf-8") == ARTICLE


def test_write_rewrites_the_file(runner: CliRunner, article: Path, tmp_path: Path) -> None:
    report = saved_report(article, tmp_path)

    result = runner.invoke(app, ["fix", str(article), "--report", str(report), "--write"])

    assert result.exit_code == 0, result.output
    assert article.read_text(encoding="utf-8") == ARTICLE.replace(f"({DEAD})", f"({ARCHIVED})")
    assert "wrote 1 replacement(s)" in result.stderr

    again = runner.invoke(app, ["fix", str(article), "--report", str(report), "--write"])
    assert again.exit_code == 0, again.output
    assert "nothing to fix" in again.stderr
    assert article.read_text(encoding="utf-8") == ARTICLE.replace(f"({DEAD})", f"({ARCHIVED})")


def test_report_about_another_file_is_refused(
    runner: CliRunner, article: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.md"
    other.write_text(ARTICLE, encoding="utf-8")
    report = saved_report(other, tmp_path)

    result = runner.invoke(app, ["fix", str(article), "--report", str(report)])

    assert result.exit_code == 2
    assert "has no results for this file" in result.stderr
    assert result.stdout == ""


def test_pdf_is_refused_before_any_scan(runner: CliRunner, tmp_path: Path) -> None:
    pdf = tmp_path / "article.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")

    result = runner.invoke(app, ["fix", str(pdf)])

    assert result.exit_code == 2
    assert "cannot rewrite .pdf files; only txt, md and html" in result.stderr


def test_bad_cited_at_is_a_usage_error(runner: CliRunner, article: Path) -> None:
    result = runner.invoke(app, ["fix", str(article), "--cited-at", "May 2019"])

    assert result.exit_code == 2
    assert "expected a date like 2019-06-01" in result.output


# -- end to end: a real scan against a local site and a fake web archive ---------------


@pytest.fixture
def site(server: LocalServer) -> tuple[LocalServer, ArchiveServices]:
    services = ArchiveServices(server)
    page = "<html><body><p>" + "alive page. " * 40 + "</p></body></html>"
    server.route("/alive", Reply(200, page))
    server.route("/gone", Reply(404, "<html><body>not found</body></html>"))
    return server, services


def fix_arguments(
    article: Path, services: ArchiveServices, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """`fix ARTICLE` for an offline scan whose web archive is the fake one."""
    config = article.parent / "citecheck.toml"
    config.write_text(
        "check_network = false\nhost_delay_s = 0.0\nsupport = false\n"
        "[retry]\nattempts = 1\nbase_wait_s = 0.0\n"
    )
    monkeypatch.setenv("CITECHECK_WAYBACK_AVAILABLE_URL", services.available_url)
    monkeypatch.setenv("CITECHECK_WAYBACK_CDX_URL", services.cdx_url)
    cache = str(article.parent / "cache")
    return ["fix", str(article), "--cache", cache, "--config", str(config)]


def test_scan_then_fix_replaces_a_dead_link_by_its_archived_copy(
    runner: CliRunner,
    tmp_path: Path,
    site: tuple[LocalServer, ArchiveServices],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server, services = site
    gone, alive = server.url("/gone"), server.url("/alive")
    services.add(gone, "20190501000000", body="<p>the page as it was</p>")
    article = tmp_path / "article.txt"
    article.write_text(f"It happened, see {gone} and also {alive} for context.\n")
    arguments = fix_arguments(article, services, monkeypatch)

    result = runner.invoke(app, [*arguments, "--cited-at", "2019-05-14", "--write"])

    replay = server.url(f"/web/20190501000000/{gone}")
    assert result.exit_code == 0, result.output
    assert article.read_text() == f"It happened, see {replay} and also {alive} for context.\n"
    assert services.server.hits[AVAILABLE] == 1


def test_scan_then_fix_completes_the_seeds_cut_off_arabic_url(
    runner: CliRunner,
    tmp_path: Path,
    site: tuple[LocalServer, ArchiveServices],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, services = site
    candidates = [
        SEED_CUT_PREFIX + percent_encoded(tail) for tail in ("كيا-ترسل", "امب-يتصل", "حيب-دولي")
    ]
    for url in candidates:
        services.add(url, "20190515000000")
    article = tmp_path / "article.txt"
    article.write_text(
        "تحليل\n\nفشل هجوم حفتر على طرابلس رغم اتصال هاتفي من ترامب أعلن فيه دعمه.\n\n"
        f"المصادر:\n{SEED_CUT_PREFIX}%25\n",
        encoding="utf-8",
    )
    arguments = fix_arguments(article, services, monkeypatch)

    result = runner.invoke(app, arguments)

    assert result.exit_code == 0, result.output
    assert f"-{SEED_CUT_PREFIX}%25" in result.stdout
    assert f"+{candidates[1]}" in result.stdout
    assert "cut-off URL completed from the web archive" in result.stderr
    assert f"{SEED_CUT_PREFIX}%25" in article.read_text(encoding="utf-8")


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_fix_on_an_unreachable_network_says_so_and_exits_three(
    runner: CliRunner, article: Path, tmp_path: Path, how: str
) -> None:
    before = article.read_text(encoding="utf-8")
    args = ["fix", str(article), "--write", "--cache", str(tmp_path / "cache")]
    env = {}
    if how == "flag":
        args += ["--canary", "canary.invalid"]
    else:
        env["CITECHECK_CANARY"] = "canary.invalid"
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 3, result.stderr
    assert "network is unreachable" in result.stderr
    assert "nothing to fix" not in result.stderr
    assert article.read_text(encoding="utf-8") == before
