"""A `--no-support` scan never loads support scoring: not the scorer, nor numpy, nor trafilatura.

Importing them costs more CPU than checking hundreds of links, so a link-checking
run must not pay for them. The scan runs in a fresh interpreter under
`python -X importtime`, whose log names every module the process imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from localserver import LocalServer, Reply

PAGE = "<html><head><title>Port expands</title></head><body><p>The port grew.</p></body></html>"
SUPPORT_ONLY = ("numpy", "trafilatura", "citecheck.compare.scorer", "citecheck.compare.bm25")
"""Modules only support scoring (or drift, or main-text reading) needs."""


def _imported(stderr: str) -> set[str]:
    """The modules named in a `-X importtime` log."""
    return {
        line.rsplit("|", 1)[-1].strip()
        for line in stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def _scan(doc: Path, work: Path, *options: str) -> tuple[set[str], dict[str, object]]:
    report = work / "report.json"
    command = [sys.executable, "-X", "importtime", "-m", "citecheck", "scan", str(doc)]
    command += ["--cache", str(work / "cache"), "--reports-dir", str(work / "reports")]
    command += ["--no-network-check", "--no-suggest", "--no-html-report", "--no-progress"]
    command += ["--fail-on", "never", "-q", "-f", "json", "-o", str(report), *options]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=100, check=False)
    assert completed.returncode == 0, completed.stderr[-2000:]
    return _imported(completed.stderr), json.loads(report.read_text(encoding="utf-8"))


def test_a_no_support_scan_imports_nothing_of_support_scoring(
    server: LocalServer, tmp_path: Path
) -> None:
    server.route("/news/port-expands", Reply(200, PAGE))
    doc = tmp_path / "article.md"
    url = server.url("/news/port-expands")
    doc.write_text(f"The port grew last year [source]({url}).\n", encoding="utf-8")

    imported, report = _scan(doc, tmp_path, "--no-support")

    [document] = report["documents"]  # type: ignore[misc]
    assert [c["status"] for c in document["citations"]] == ["ok"]
    assert {"citecheck.pipeline", "citecheck.store.archive", "httpx"} <= imported
    loaded = sorted(
        name
        for name in imported
        if any(name == heavy or name.startswith(heavy + ".") for heavy in SUPPORT_ONLY)
    )
    assert loaded == []


def test_a_first_scan_archives_without_importing_warcio(
    server: LocalServer, tmp_path: Path
) -> None:
    # warcio (and fsspec, which it imports) are for reading records back: ~0.1 s a run
    server.route("/news/port-expands", Reply(200, PAGE))
    doc = tmp_path / "article.md"
    doc.write_text(f"The port grew [source]({server.url('/news/port-expands')}).\n")

    imported, report = _scan(doc, tmp_path, "--no-support")

    [document] = report["documents"]  # type: ignore[misc]
    assert [c["archive"] is not None for c in document["citations"]] == [True]
    assert "citecheck.store.warcfile" in imported
    assert {"warcio", "fsspec"} & imported == set()


def test_every_public_name_of_compare_still_resolves_from_the_package() -> None:
    import citecheck.compare as compare

    for name in compare.__all__:
        assert getattr(compare, name).__module__.startswith("citecheck.compare."), name
    with pytest.raises(AttributeError, match="no_such_name"):
        compare.no_such_name  # noqa: B018
