"""The results spool: a scan's results go to disk as they are decided, and every report
written from it is the report the results would make in memory, byte for byte."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from citecheck.cited import extract_all
from citecheck.extract import extract_citations
from citecheck.inputs.collect import collect
from citecheck.models import Report, Status
from citecheck.pipeline import scan
from citecheck.report import Format, render, render_chunks
from citecheck.report.spool import ResultSpool, SpooledDocument, SpooledDocuments
from report_fixture import make_report
from test_pipeline import local_settings

_NONCE = re.compile(r"nonce(-|=\")[A-Za-z0-9_-]{22}")  # a fresh CSP nonce per HTML file


def _spooled(report: Report, folder: Path, seed: int = 14) -> Report:
    """The report with its results written to a spool in a shuffled order (as URLs
    finish in any order) and its documents read back from it."""
    numbered = list(enumerate(report.iter_results()))
    random.Random(seed).shuffle(numbered)
    spool = ResultSpool(folder)
    for number, result in numbered:
        spool.write(number, result)
    layout, first = [], 0
    for document in report.documents:
        layout.append(SpooledDocument(document.path, document.kind, first, len(document.results)))
        first += len(document.results)
    return replace(report, documents=SpooledDocuments(spool, layout), tally=spool.tally)


def _in_memory(report: Report) -> Report:
    """The same report with every result in memory and nothing counted in advance."""
    return replace(report, documents=tuple(report.documents), tally=None)


def _text(report: Report, fmt: Format, fail_on: tuple[str, ...] | None = None) -> str:
    return _NONCE.sub("", "".join(render_chunks(report, fmt, fail_on=fail_on)))


FAIL_ONS = [None, ("dead", "soft404", "unsupported", "partial"), ()]


@pytest.mark.parametrize("fail_on", FAIL_ONS)
@pytest.mark.parametrize("fmt", list(Format))
def test_a_spooled_report_is_written_byte_for_byte_as_in_memory(
    tmp_path: Path, fmt: Format, fail_on: tuple[str, ...] | None
) -> None:
    report = make_report()
    spooled = _spooled(report, tmp_path)
    expected = _NONCE.sub("", render(report, fmt, fail_on=fail_on))
    assert _text(spooled, fmt, fail_on) == expected


@pytest.mark.parametrize("fmt", [Format.JSON, Format.JUNIT, Format.MARKDOWN])
def test_a_spooled_nightly_report_counts_only_confirmed_failures(
    tmp_path: Path, fmt: Format
) -> None:
    settings = {"fail_on": ["dead", "soft404", "unsupported"], "confirm_after": 3}
    report = make_report(settings=settings)
    assert _text(_spooled(report, tmp_path), fmt) == render(report, fmt)


def test_the_counts_kept_as_results_are_spooled_are_the_counts_of_the_results(
    tmp_path: Path,
) -> None:
    report = make_report()
    spooled = _spooled(report, tmp_path)
    assert spooled.summary == report.summary
    for fail_on in [frozenset({"dead"}), frozenset({"unsupported", "timeout", "partial"})]:
        assert spooled.finding_count(fail_on) == len(report.findings(fail_on))


def test_a_spooled_report_reads_its_documents_again_on_each_pass(tmp_path: Path) -> None:
    spooled = _spooled(make_report(), tmp_path)
    first, second = list(spooled.documents), list(spooled.documents)
    assert first == second == list(make_report().documents)
    assert first[0].results[0] is not second[0].results[0]  # not kept between passes
    assert spooled.documents[-1] == make_report().documents[-1]


def test_a_citation_never_judged_is_an_error_not_a_silent_gap(tmp_path: Path) -> None:
    from citecheck.errors import ReportError

    report = make_report()
    spool = ResultSpool(tmp_path)
    spool.write(0, report.results[0])
    documents = SpooledDocuments(spool, [SpooledDocument("a.md", report.documents[0].kind, 0, 2)])
    with pytest.raises(ReportError, match="never judged"):
        list(documents)


def test_the_spool_leaves_no_file_in_the_cache_folder(tmp_path: Path) -> None:
    spool = ResultSpool(tmp_path / "cache")
    spool.write(0, make_report().results[0])
    assert list((tmp_path / "cache").iterdir()) == []


EXAMPLES = Path(__file__).parent.parent / "examples"
DOCS = Path(__file__).parent / "data" / "docs"


def test_citations_read_back_from_their_spool_equal_those_extracted(tmp_path: Path) -> None:
    settings = local_settings(tmp_path)
    inputs = [EXAMPLES, DOCS]
    expected = [
        (document.path, citation)
        for document in collect(inputs, settings, skipped=[])
        for citation in extract_citations(document)
    ]
    cited = extract_all(inputs, settings, [])

    assert len(expected) >= 15  # text, pdf and docx, Arabic and English
    read = [cited.read(number) for number in range(len(cited))]
    assert [(document.path, citation) for document, citation in read] == expected
    assert list(cited.waiting) == list(dict.fromkeys(c.url for _, c in expected))
    assert all(document.text == "" for document in cited.documents)


def _sources(tmp_path: Path, site_server, documents: int, per_document: int) -> list[Path]:
    """Documents citing many URLs of the site, some of them in more than one document."""
    rng = random.Random(7)
    paths = ["/status/200", "/status/404", "/status/410", "/status/500", "/article.html"]
    folder = tmp_path / "docs"
    folder.mkdir()
    made = []
    for number in range(documents):
        lines = [f"# Article {number}", ""]
        for line in range(per_document):
            url = site_server.url(f"{rng.choice(paths)}?n={rng.randrange(documents * 40)}")
            lines += [f"Claim {number}.{line} said the port grew ({url}).", ""]
        made.append(folder / f"article-{number:02d}.md")
        made[-1].write_text("\n".join(lines), encoding="utf-8")
    return made


def test_a_large_runs_reports_equal_those_written_from_memory(tmp_path: Path, site_server) -> None:
    docs = _sources(tmp_path, site_server, documents=8, per_document=40)
    settings = local_settings(tmp_path, support=False, soft404_probe=False)
    report = scan(docs, settings)

    assert isinstance(report.documents, SpooledDocuments)
    assert report.summary["citations"] == 320
    assert {Status.OK, Status.DEAD, Status.ERROR} <= set(report.summary["by_status"])
    memory = _in_memory(report)
    for fmt in Format:
        assert _text(report, fmt) == _text(memory, fmt), fmt


CACHE_ENTRIES = {"warc", "index.sqlite3", "index.sqlite3-wal", "index.sqlite3-shm"}
"""What a cache folder holds (store/archive.py): no results spool among them."""


def _spooled_files(pid: int, cache: Path) -> int:
    """How many of the process's open files in `cache` have no name there and hold
    something: the citations' spool, then the results' spool."""
    found = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
            size = os.stat(f"/proc/{pid}/fd/{fd}").st_size
        except OSError:
            continue
        found += target.startswith(str(cache)) and target.endswith("(deleted)") and size > 0
    return found


def _scan_command(docs: Path, work: Path, timeout_s: float) -> list[str]:
    command = [sys.executable, "-m", "citecheck", "scan", str(docs), "-f", "json"]
    command += ["-o", str(work / "out.json"), "--cache", str(work / "cache"), "-q"]
    command += ["--reports-dir", str(work / "reports"), "--no-html-report", "--no-progress"]
    command += ["--no-network-check", "--no-suggest", "--no-support", "--retries", "1"]
    return [*command, "--timeout", str(timeout_s), "--host-delay", "0", "--fail-on", "never"]


def _take_ctrl_c_as_a_terminal_does() -> None:
    """A test run started in the background (`pytest &`, nohup) hands its children SIGINT
    ignored, and a scan that ignores it outlives the signal this test sends: the child takes
    SIGINT as a run started from a terminal does."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT])
def test_a_run_stopped_midway_leaves_no_spool_and_a_cache_the_next_run_uses(
    tmp_path: Path, site_server, stop: signal.Signals
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    fast = [site_server.url(f"/status/200?n={n}") for n in range(30)]
    hanging = [site_server.url(f"/slow?ms=30000&n={n}") for n in range(3)]
    text = "".join(f"Claim {n} held ({url}).\n\n" for n, url in enumerate(fast + hanging))
    (docs / "article.md").write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    running = subprocess.Popen(
        _scan_command(docs, tmp_path, 60), env=env, preexec_fn=_take_ctrl_c_as_a_terminal_does
    )
    try:
        deadline = time.monotonic() + 60  # a wait for the run to get there, not a timing
        while _spooled_files(running.pid, tmp_path / "cache") < 2:  # some results judged
            assert running.poll() is None
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(running.pid, stop)
        assert running.wait(30) != 0
    finally:
        running.kill()
        running.wait()

    cache = tmp_path / "cache"
    assert not (tmp_path / "out.json").exists()
    assert {p.name for p in cache.iterdir()} <= CACHE_ENTRIES
    with sqlite3.connect(cache / "index.sqlite3") as index:
        assert index.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    again = subprocess.run(_scan_command(docs, tmp_path, 0.5), env=env, timeout=120)
    assert again.returncode == 0
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    statuses = [c["status"] for d in data["documents"] for c in d["citations"]]
    assert statuses == ["ok"] * len(fast) + ["timeout"] * len(hanging)
