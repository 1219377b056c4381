"""Reading pages in a scan: drift only against an earlier, different text."""

from __future__ import annotations

from pathlib import Path

from citecheck.models import Report, Status
from citecheck.pipeline import scan
from localserver import LocalServer, Reply
from test_pipeline import local_settings

PAGES = Path(__file__).parent / "data" / "support" / "pages"


def article_html(text: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    return f"<html><head><title>Story</title></head><body><article>{paragraphs}</article></body>"


def only_drift(report: Report) -> float | None:
    (result,) = report.results
    assert result.verdict.status == Status.OK
    assert result.history is not None
    return result.history.drift


def test_drift_is_none_first_then_zero_then_measured_when_the_text_changes(
    tmp_path: Path, server: LocalServer
) -> None:
    versions = [(PAGES / "t1_e1.txt").read_text("utf-8"), (PAGES / "t6_e1.txt").read_text("utf-8")]
    current = {"text": versions[0]}
    server.route("/story", lambda _request: Reply(200, article_html(current["text"])))
    doc = tmp_path / "doc.md"
    doc.write_text(f"The story is at {server.url('/story')}.\n", encoding="utf-8")
    settings = local_settings(tmp_path, support=False, soft404_probe=False)
    assert only_drift(scan([doc], settings)) is None, "a first check has nothing to drift from"
    assert only_drift(scan([doc], settings)) == 0.0
    current["text"] = versions[1]
    changed = only_drift(scan([doc], settings))
    assert changed is not None
    assert changed > 0.9
