"""The options people expect from lychee and LinkChecker, against real loopback servers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citecheck.cli import app
from test_cli_scan import scan_args

runner = CliRunner()


def quick_scan(tmp_path: Path, *extra: str) -> list[str]:
    return scan_args(tmp_path, "--no-support", "-f", "json", "--fail-on", "never", *extra)


def statuses(stdout: str) -> dict[str, str]:
    data = json.loads(stdout)
    return {c["url"]: c["status"] for d in data["documents"] for c in d["citations"]}


def test_a_document_read_from_stdin(tmp_path: Path, site_server) -> None:
    url = site_server.server.url("/article.html")
    result = runner.invoke(app, [*quick_scan(tmp_path), "-"], input=f"Rose by a fifth ({url}).\n")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [d["path"] for d in data["documents"]] == ["<stdin>"]
    assert statuses(result.stdout) == {url: "ok"}
    html = f'<p>Rose by a fifth, <a href="{site_server.server.url("/status/404")}">here</a>.</p>'
    result = runner.invoke(app, [*quick_scan(tmp_path), "-"], input=html)
    assert statuses(result.stdout) == {site_server.server.url("/status/404"): "dead"}


def test_empty_stdin_is_one_line_and_exit_two(tmp_path: Path) -> None:
    result = runner.invoke(app, [*quick_scan(tmp_path), "-"], input="")
    assert result.exit_code == 2
    assert "<stdin>: input is empty" in result.stderr


@pytest.fixture
def site_docs(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "status").mkdir(parents=True)
    (root / "status" / "page.md").write_text(
        "Gone, says [the notice](404).\n\nBut [the article](../article.html) stands.\n"
        "[Mail](mailto:desk@example.org) and [top](#top) are not web links.\n",
        encoding="utf-8",
    )
    (root / "index.html").write_text(
        '<p>See <a href="article.html">the article</a> and <a href="/status/410">this</a>.</p>',
        encoding="utf-8",
    )
    return root


def test_relative_links_resolve_against_base_url_and_root_dir(
    tmp_path: Path, site_docs: Path, site_server
) -> None:
    base = site_server.server.url("/")
    args = quick_scan(tmp_path, "--base-url", base, "--root-dir", str(site_docs))
    result = runner.invoke(app, [*args, str(site_docs)])
    assert result.exit_code == 0, result.stderr
    assert statuses(result.stdout) == {
        site_server.server.url("/article.html"): "ok",
        site_server.server.url("/status/410"): "dead",
        site_server.server.url("/status/404"): "dead",
    }
    assert "relative link" not in result.stderr


def test_relative_links_without_a_base_are_named_once_per_document(
    tmp_path: Path, site_docs: Path
) -> None:
    result = runner.invoke(app, [*quick_scan(tmp_path), str(site_docs)])
    assert result.exit_code == 0, result.stderr
    assert statuses(result.stdout) == {}
    stderr = "".join(result.stderr.split())  # the console wraps long lines
    assert stderr.count("relativelink(s)notchecked") == 2, result.stderr
    assert "page.md:2relativelink(s)notchecked;give--base-url" in stderr
    assert "index.html:2relativelink(s)notchecked" in stderr


def test_root_dir_alone_is_a_usage_error(tmp_path: Path, site_docs: Path) -> None:
    result = runner.invoke(app, [*quick_scan(tmp_path, "--root-dir", "."), str(site_docs)])
    assert result.exit_code == 2
    assert "--root-dir needs --base-url" in result.stderr


def test_accept_ranges_decide_which_statuses_are_alive(tmp_path: Path, site_server) -> None:
    doc = tmp_path / "doc.md"
    forbidden, gone = site_server.server.url("/status/403"), site_server.server.url("/status/410")
    doc.write_text(f"One {forbidden} and two {gone}\n", encoding="utf-8")
    plain = runner.invoke(app, [*quick_scan(tmp_path), str(doc)])
    assert statuses(plain.stdout)[forbidden] != "ok"
    accepted = runner.invoke(app, [*quick_scan(tmp_path, "--accept", "200..299,403"), str(doc)])
    assert accepted.exit_code == 0, accepted.stderr
    assert statuses(accepted.stdout) == {forbidden: "ok", gone: "dead"}
    ranged = runner.invoke(app, [*quick_scan(tmp_path, "--accept", "400..=410"), str(doc)])
    assert statuses(ranged.stdout) == {forbidden: "ok", gone: "ok"}
    bad = runner.invoke(app, [*quick_scan(tmp_path, "--accept", "200..abc"), str(doc)])
    assert bad.exit_code == 2
    assert "--accept: '200..abc' is not an HTTP status or a range like 200..299" in bad.stderr


def test_ignore_files_in_the_working_folder_and_the_document_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site_server
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    urls = [site_server.server.url(f"/status/{code}") for code in (404, 410, 500)]
    (docs / "a.md").write_text(" ".join(urls) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".citecheckignore").write_text("# the old desk\n/status/404$\n\n", encoding="utf-8")
    (docs / ".citecheckignore").write_text("/status/410$\n", encoding="utf-8")
    result = runner.invoke(app, [*quick_scan(tmp_path, "--retries", "1"), str(docs)])
    assert result.exit_code == 0, result.stderr
    found = statuses(result.stdout)
    assert (found[urls[0]], found[urls[1]]) == ("skipped", "skipped")
    assert found[urls[2]] != "skipped"
    (docs / ".citecheckignore").write_text("ok\n(unclosed\n", encoding="utf-8")
    broken = runner.invoke(app, [*quick_scan(tmp_path), str(docs)])
    assert broken.exit_code == 2
    assert ".citecheckignore:2: '(unclosed' is not a regular expression" in broken.stderr


def bare_scan(tmp_path: Path, *extra: str) -> list[str]:
    """A scan that leaves --cache and --reports-dir to their defaults (in the working folder)."""
    args = scan_args(tmp_path, "--no-support", *extra)
    for flag in ("--cache", "--reports-dir"):
        index = args.index(flag)
        del args[index : index + 2]
    return args


def test_one_format_to_one_file_writes_no_html_report_and_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site_server
) -> None:
    monkeypatch.chdir(tmp_path)
    doc = tmp_path / "doc.md"
    doc.write_text(f"See {site_server.server.url('/article.html')}\n", encoding="utf-8")
    result = runner.invoke(app, [*bare_scan(tmp_path, "-f", "json", "-o", "out.json"), str(doc)])
    assert result.exit_code == 0, result.stderr
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["documents"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.md", "out.json"]
    assert "HTML report" not in result.stderr
    configured = runner.invoke(
        app, [*bare_scan(tmp_path, "-f", "json", "-o", "out.json", "--html-report"), str(doc)]
    )
    assert configured.exit_code == 0, configured.stderr
    assert (tmp_path / "reports" / "latest.html").is_file()
    assert not (tmp_path / "cache").exists()
    (tmp_path / "citecheck.toml").write_text('cache = "cache"\n', encoding="utf-8")
    cached = runner.invoke(app, [*bare_scan(tmp_path, "-f", "json", "-o", "out.json"), str(doc)])
    assert cached.exit_code == 0, cached.stderr
    assert (tmp_path / "cache" / "index.sqlite3").is_file()


def test_old_runs_reports_are_pruned_and_nothing_else(tmp_path: Path, site_server) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    old = ["20200101T000000Z", "20200102T000000Z", "20200103T000000Z"]
    for stamp in old:
        for suffix in ("html", "json", "junit.xml"):
            (reports / f"citecheck-{stamp}.{suffix}").write_text("old", encoding="utf-8")
    (reports / "notes.txt").write_text("mine", encoding="utf-8")
    doc = tmp_path / "doc.md"
    doc.write_text(f"See {site_server.server.url('/article.html')}\n", encoding="utf-8")
    result = runner.invoke(app, [*quick_scan(tmp_path, "--keep-reports", "2"), str(doc)])
    assert result.exit_code == 0, result.stderr
    left = sorted(p.name for p in reports.iterdir())
    assert "notes.txt" in left
    assert "latest.html" in left
    assert not any(old[0] in name or old[1] in name for name in left)
    assert sum(old[2] in name for name in left) == 3
    assert len([n for n in left if n.startswith("citecheck-") and old[2] not in n]) == 1


def test_extract_resolves_relative_links_and_reads_stdin(tmp_path: Path, site_docs: Path) -> None:
    base = ["--base-url", "https://news.example/", "--root-dir", str(site_docs)]
    page = str(site_docs / "status" / "page.md")
    as_json = runner.invoke(app, ["extract", "-f", "json", *base, page])
    assert as_json.exit_code == 0, as_json.stderr
    urls = [c["url"] for d in json.loads(as_json.stdout)["documents"] for c in d["citations"]]
    assert urls == ["https://news.example/status/404", "https://news.example/article.html"]
    as_text = runner.invoke(app, ["extract", *base, page])
    assert "https://news.example/status/404" in as_text.stdout
    piped = runner.invoke(app, ["extract", "-"], input="See https://news.example/a\n")
    assert piped.exit_code == 0, piped.stderr
    assert "<stdin>: 1 citations" in piped.stdout
    refused = runner.invoke(app, ["extract", "-f", "json", "-"], input="x")
    assert refused.exit_code == 2
    assert "standard input ('-') with --format text" in refused.stderr


def test_one_run_writes_one_set_of_reports(tmp_path: Path, site_server) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(f"See {site_server.server.url('/article.html')}\n", encoding="utf-8")
    result = runner.invoke(app, [*scan_args(tmp_path, "--no-support", "-f", "all"), str(doc)])
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "reports").iterdir())
    stamps = {name.split(".")[0] for name in names if name.startswith("citecheck-")}
    assert len(stamps) == 1, names
    assert len([n for n in names if n.endswith(".html")]) == 2, "the run's HTML and latest.html"
