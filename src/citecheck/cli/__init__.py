"""The `citecheck` command line: a thin typer skin over the library.

Each command lives in its own module and registers itself on `app`; this module
holds the app, the shared options and the top-level error handling.
"""

from __future__ import annotations

from citecheck.cli.app import app

__all__ = ["app"]
from citecheck.cli import (
    cache_cmd,  # noqa: F401
    extract_cmd,  # noqa: F401
    fix_cmd,  # noqa: F401
    report_cmd,  # noqa: F401
    scan_cmd,  # noqa: F401
)
