"""`citecheck scan`: check every citation in the given documents.

Settings come from, weakest first: the defaults in config.py, a config file
(`citecheck.toml` or `[tool.citecheck]`), `CITECHECK_*` environment variables,
then the flags; `config.load_configuration` layers and validates them. The flags
themselves are declared once, in config_keys.py (see cli/options.py).
"""

from __future__ import annotations

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
    print_skipped,
    stderr_console,
)
from citecheck.cli.options import CONFIG_FILE_OPTION, config_options, load_configuration
from citecheck.config import Settings
from citecheck.models import Report, SupportLabel
from citecheck.runfiles import prune_reports, run_settings

if TYPE_CHECKING:
    from rich.console import Console


EXIT_CODES_HELP = (
    "Exit codes: 0 nothing at or above --fail-on; 1 findings; 2 usage, config, input "
    "or internal error; 3 the network is unreachable, so nothing could be judged."
)


SCAN_OPTIONS = (
    "format",
    "output",
    "fail-on",
    "cache",
    "index",
    "archive-dir",
    "workers",
    "cluster",
    "score-resource",
    "reports-dir",
    "html-report",
    "keep-reports",
    "timeout",
    "url-budget",
    "max-concurrency",
    "per-host",
    "host-delay",
    "retries",
    "max-bytes",
    "user-agent",
    "header",
    "accept",
    "include",
    "exclude",
    "include-path",
    "exclude-path",
    "base-url",
    "root-dir",
    "remap",
    "basic-auth",
    "cookie-jar",
    "insecure",
    "max-cache-age",
    "ca-bundle",
    "block-private",
    "network-check",
    "canary",
    "confirm-after",
    "confirm-spacing",
    "offline",
    "support",
    "suggest",
    "cited-at",
    "archive-live",
    "no-progress",
)
"""The flags of `scan`, in --help order; each is declared once in config_keys.py."""


@app.command("scan", epilog=EXIT_CODES_HELP)
@exits_cleanly
@config_options(*SCAN_OPTIONS)
def scan_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Documents or folders to scan.", show_default=False)
    ],
    config_file: Annotated[Path | None, CONFIG_FILE_OPTION] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Errors only; no summary.")] = False,
    verbose: Annotated[int, VERBOSE_OPTION] = 0,
    **options: Any,
) -> None:
    """Fetch, classify, archive and judge every cited URL in the documents."""
    from citecheck.cli.output import expand_formats, write_outputs
    from citecheck.cli.progress_view import choose_progress
    from citecheck.pipeline import scan

    console = stderr_console()
    configure_logging(logging_level(verbose, quiet), console)
    configuration = load_configuration(options, config_file, paths)
    output = configuration.output
    expand_formats(list(output.formats))  # an unknown format fails before any work
    progress = choose_progress(
        console, quiet=quiet, verbose=verbose, enabled=not output.no_progress
    )
    with run_settings(configuration) as settings:
        report = scan(paths, settings, progress=progress)
        if not quiet:
            print_skipped(
                lambda line: console.print(line, markup=False, highlight=False),
                report.skipped_inputs,
            )
        # while the cache folder, which holds the results' spool, is there
        write_outputs(report, list(output.formats), output.output, settings)
        html_path = _write_html(report, settings) if configuration.writes_html_report else None
    prune_reports(Path(settings.reports_dir), output.keep_reports)
    code = exit_code(report, settings)
    if not quiet:
        _print_summary(console, report, html_path, code)
    raise typer.Exit(int(code))


def exit_code(report: Report, settings: Settings) -> ExitCode:
    """0 nothing to fail on, 1 findings, 3 network unreachable (DESIGN.md §5)."""
    if report.network_unreachable:
        return ExitCode.NETWORK_UNREACHABLE
    if report.finding_count(frozenset(settings.fail_on)):
        return ExitCode.FINDINGS
    return ExitCode.OK


def _write_html(report: Report, settings: Settings) -> Path:
    from citecheck.report import write_html_report

    # named by the run's start, as the other formats in reports/ are (cli/output.py)
    return write_html_report(report, Path(settings.reports_dir), now=report.started_at)


def _print_summary(
    console: Console, report: Report, html_path: Path | None, code: ExitCode
) -> None:
    from citecheck.report._common import plural

    summary = report.summary
    parts = [f"{count} {status}" for status, count in summary["by_status"].items()]
    support = [f"{count} {label}" for label, count in summary["by_support"].items()]
    line = f"{plural(summary['citations'], 'citation')} in "
    line += f"{plural(summary['documents'], 'document')}: "
    line += ", ".join(parts) or "nothing to check"
    if support and any(label != SupportLabel.UNKNOWN for label in summary["by_support"]):
        line += "; support: " + ", ".join(support)
    console.print(line, markup=False, highlight=False)
    if report.network_unreachable:
        console.print(
            "Exit 3: the network is unreachable, so no link was judged dead.",
            markup=False,
            highlight=False,
        )
    if html_path is not None:
        console.print(f"HTML report: {html_path}", markup=False, highlight=False)
