"""What a run leaves on disk besides the report it was asked for.

The timestamped reports in `reports/` (`citecheck-<UTC time>.<format>`) are kept
for the last `keep_reports` runs; older runs' files are deleted, and nothing
else in the folder is touched (`latest.html` stays). A run that only writes one
report to a named file (`-f json -o out.json`) keeps no cache unless one was
configured: it works in a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import contextlib
import logging
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from citecheck.config import Configuration, Settings
from citecheck.errors import ReportError

logger = logging.getLogger(__name__)

_RUN_FILE = re.compile(r"citecheck-(\d{8}T\d{6}Z)\.[A-Za-z0-9.]+")


def prune_reports(reports_dir: Path, keep: int) -> list[Path]:
    """Delete the reports of all but the newest `keep` runs; 0 keeps everything.

    Args:
        reports_dir: the reports folder (missing is fine).
        keep: how many runs' reports to keep.

    Returns:
        The files deleted.

    Raises:
        ReportError: a file cannot be deleted.
    """
    if keep <= 0 or not reports_dir.is_dir():
        return []
    runs: dict[str, list[Path]] = {}
    for path in reports_dir.iterdir():
        match = _RUN_FILE.fullmatch(path.name)
        if match and path.is_file() and not path.is_symlink():
            runs.setdefault(match.group(1), []).append(path)
    old = sorted(runs)[:-keep]
    deleted = [path for stamp in old for path in sorted(runs[stamp])]
    for path in deleted:
        try:
            path.unlink()
        except OSError as exc:
            raise ReportError(f"cannot delete an old report: {exc}", path=str(path)) from exc
    if deleted:
        logger.info("deleted %d old report file(s) from %s", len(deleted), reports_dir)
    return deleted


@contextlib.contextmanager
def run_settings(configuration: Configuration) -> Iterator[Settings]:
    """The settings to run with: a temporary cache folder when none is to be kept."""
    if configuration.keeps_cache:
        yield configuration.settings
        return
    with tempfile.TemporaryDirectory(prefix="citecheck-cache-") as folder:
        yield configuration.settings.replace(cache_dir=folder)
