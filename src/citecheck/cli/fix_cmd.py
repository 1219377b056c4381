"""`citecheck fix`: rewrite a document with the suggested replacements for its sources.

It scans the file (or reads a saved JSON report of it), prints the unified diff
of the replacements on stdout, and writes the file only with `--write`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from citecheck.cli.app import app
from citecheck.cli.common import configure_logging, exits_cleanly, logging_level, stderr_console
from citecheck.config import Settings
from citecheck.errors import InputError
from citecheck.models import CheckResult

if TYPE_CHECKING:
    from rich.console import Console

    from citecheck.fix import FixPlan

FIX_HELP = (
    "Exit codes: 0 the diff was shown (and written with --write) or nothing needed fixing; "
    "2 the file cannot be read, rewritten or scanned, or the report does not cover it."
)


@app.command("fix", epilog=FIX_HELP)
@exits_cleanly
def fix_command(
    path: Annotated[Path, typer.Argument(help="A txt, md or html document.", show_default=False)],
    write: Annotated[
        bool, typer.Option("--write", help="Rewrite the file (default: only show the diff).")
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="Use a saved `scan --format json` report of the file instead of scanning.",
            show_default=False,
        ),
    ] = None,
    cited_at: Annotated[
        str | None,
        typer.Option(
            "--cited-at",
            envvar="CITECHECK_CITED_AT",
            help="Date the sources were cited (YYYY-MM-DD), for picking archived copies.",
            show_default=False,
        ),
    ] = None,
    cache_dir: Annotated[
        Path | None,
        typer.Option("--cache", envvar="CITECHECK_CACHE", help="Cache folder.", show_default=False),
    ] = None,
    config_file: Annotated[
        Path | None,
        typer.Option(
            "--config", envvar="CITECHECK_CONFIG", help="Config file.", show_default=False
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Errors only.")] = False,
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="-v info, -vv debug.")
    ] = 0,
) -> None:
    """Replace dead links by archived copies and complete cut-off URLs, after a diff."""
    from citecheck.fix import check_rewritable, plan_document, write_document

    console = stderr_console()
    configure_logging(logging_level(verbose, quiet), console)
    check_rewritable(path)
    if report is not None:
        results = _results_from_report(report, path)
    else:
        results = _results_from_scan(path, _settings(cited_at, cache_dir, config_file))
    plan = plan_document(path, results)
    _show(plan, console, write=write, quiet=quiet)
    if write and plan.changed:
        write_document(plan)


def _settings(cited_at: str | None, cache_dir: Path | None, config_file: Path | None) -> Settings:
    from citecheck.cli.scan_cmd import build_settings

    flags = {
        "cited_at": _date(cited_at),
        "cache_dir": None if cache_dir is None else str(cache_dir),
        "suggest": True,
    }
    return build_settings(flags, config_file=config_file)


def _date(value: str | None) -> date | None:
    try:
        return None if value is None else date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            "expected a date like 2019-06-01", param_hint="--cited-at"
        ) from None


def _results_from_scan(path: Path, settings: Settings) -> Sequence[CheckResult]:
    from citecheck.pipeline import scan

    return scan([path], settings).results


def _results_from_report(report_path: Path, path: Path) -> Sequence[CheckResult]:
    from citecheck.report.load import read_report

    wanted = path.resolve()
    for document in read_report(report_path).documents:
        if Path(document.path).resolve() == wanted:
            return document.results
    raise InputError(f"the report {report_path} has no results for this file", path=str(path))


def _show(plan: FixPlan, console: Console, *, write: bool, quiet: bool) -> None:
    if not plan.changed:
        if not quiet:
            console.print("nothing to fix: no suggested replacements", markup=False)
        return
    sys.stdout.write(plan.diff())
    sys.stdout.flush()
    if quiet:
        return
    for replacement in plan.replacements:
        line = plan.original.count("\n", 0, replacement.span.start) + 1
        console.print(f"line {line}: {replacement.reason}", markup=False)
    count = len(plan.replacements)
    done = f"wrote {count} replacement(s) to {plan.path}" if write else "run with --write to apply"
    console.print(done, markup=False)
