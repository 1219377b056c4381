"""`citecheck fix`: rewrite a document with the suggested replacements for its sources.

It scans the file (or reads a saved JSON report of it), prints the unified diff
of the replacements on stdout, and writes the file only with `--write`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from citecheck.cli.app import app
from citecheck.cli.common import (
    VERBOSE_OPTION,
    ExitCode,
    configure_logging,
    exits_cleanly,
    logging_level,
    stderr_console,
)
from citecheck.cli.options import CONFIG_FILE_OPTION, config_options, load_configuration
from citecheck.config import Settings
from citecheck.errors import InputError
from citecheck.models import CheckResult

if TYPE_CHECKING:
    from rich.console import Console

    from citecheck.fix import FixPlan

FIX_HELP = (
    "Exit codes: 0 the diff was shown (and written with --write) or nothing needed fixing; "
    "2 the file cannot be read, rewritten or scanned, or the report does not cover it; "
    "3 the network is unreachable, so no link could be judged or looked up."
)


FIX_OPTIONS = ("cited-at", "cache", "network-check", "canary")
"""The config options `fix` takes as flags; the config file and environment give the rest."""


@app.command("fix", epilog=FIX_HELP)
@exits_cleanly
@config_options(*FIX_OPTIONS)
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
    config_file: Annotated[Path | None, CONFIG_FILE_OPTION] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Errors only.")] = False,
    verbose: Annotated[int, VERBOSE_OPTION] = 0,
    **options: Any,
) -> None:
    """Replace dead links by archived copies and complete cut-off URLs, after a diff."""
    from citecheck.fix import check_rewritable, plan_document, write_document

    console = stderr_console()
    configure_logging(logging_level(verbose, quiet), console)
    check_rewritable(path)
    if report is not None:
        results = _results_from_report(report, path)
    else:
        results = _results_from_scan(path, _settings(options, config_file, path), console)
    plan = plan_document(path, results)
    _show(plan, console, write=write, quiet=quiet)
    if write and plan.changed:
        write_document(plan)


def _settings(options: dict[str, Any], config_file: Path | None, path: Path) -> Settings:
    """The same layered settings as `scan`, with suggestions on (they are the point)."""
    return load_configuration(options, config_file, [path]).settings.replace(suggest=True)


def _results_from_scan(path: Path, settings: Settings, console: Console) -> Sequence[CheckResult]:
    """Scan the file; an unreachable network stops here with exit 3, as `scan` does."""
    from citecheck.pipeline import scan

    report = scan([path], settings)
    if report.network_unreachable:
        console.print(
            f"The network is unreachable ({report.network_reason}); no link could be "
            "judged or looked up, so nothing was changed.",
            markup=False,
            highlight=False,
        )
        raise typer.Exit(int(ExitCode.NETWORK_UNREACHABLE))
    return report.results


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
