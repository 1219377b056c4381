"""`citecheck scan`: check every citation in the given documents.

Settings come from, weakest first: the defaults in config.py, a config file
(`citecheck.toml` or `[tool.citecheck]`), `CITECHECK_*` environment variables,
then the flags. Every option defaults to None here so "not given" can be told
apart from "given the default" when layering them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from citecheck import config
from citecheck.cli.app import app
from citecheck.cli.common import (
    ExitCode,
    configure_logging,
    exits_cleanly,
    logging_level,
    stderr_console,
)
from citecheck.config import Settings
from citecheck.errors import ConfigError
from citecheck.models import Report, Status, SupportLabel

if TYPE_CHECKING:
    from rich.console import Console

FAIL_ON_CHOICES = (*(status.value for status in Status), *(label.value for label in SupportLabel))
DEFAULT_CANARIES = ", ".join(config.DEFAULT_CANARY_HOSTS)

EXIT_CODES_HELP = (
    "Exit codes: 0 nothing at or above --fail-on; 1 findings; 2 usage, config, input "
    "or internal error; 3 the network is unreachable, so nothing could be judged."
)


@app.command("scan", epilog=EXIT_CODES_HELP)
@exits_cleanly
def scan_command(
    paths: list[Path] = typer.Argument(
        ..., help="Documents or folders to scan.", show_default=False
    ),
    formats: list[str] = typer.Option(
        None,
        "--format",
        "-f",
        envvar="CITECHECK_FORMAT",
        help="Report format for stdout: text, json, sarif, github, junit, markdown, html or all; "
        "repeatable. [default: text]",
        show_default=False,
    ),
    output: str = typer.Option(
        None,
        "--output",
        "-o",
        envvar="CITECHECK_OUTPUT",
        help="Write the report here instead of stdout ('-' is stdout). With several formats, "
        "a base name: one file per format.",
        show_default=False,
    ),
    fail_on: str = typer.Option(
        None,
        "--fail-on",
        envvar="CITECHECK_FAIL_ON",
        help="Comma-separated statuses and support labels that count as findings, or 'never'. "
        f"[default: {','.join(config.DEFAULT_FAIL_ON)}]",
        show_default=False,
    ),
    cache_dir: Path = typer.Option(
        None,
        "--cache",
        envvar="CITECHECK_CACHE",
        help=f"Cache folder (WARC archive + index). [default: {config.DEFAULT_CACHE_DIR}]",
        show_default=False,
    ),
    reports_dir: Path = typer.Option(
        None,
        "--reports-dir",
        envvar="CITECHECK_REPORTS_DIR",
        help=f"Where the HTML report goes. [default: {config.DEFAULT_REPORTS_DIR}]",
        show_default=False,
    ),
    html_report: bool = typer.Option(
        None,
        "--html-report/--no-html-report",
        envvar="CITECHECK_HTML_REPORT",
        help="Write reports/citecheck-<time>.html and reports/latest.html. [default: on]",
        show_default=False,
    ),
    config_file: Path = typer.Option(
        None,
        "--config",
        envvar="CITECHECK_CONFIG",
        help="Config file (default: citecheck.toml or [tool.citecheck] found upwards).",
        show_default=False,
    ),
    timeout: float = typer.Option(
        None,
        "--timeout",
        envvar="CITECHECK_TIMEOUT",
        help=f"Seconds to wait for an answer. [default: {config.DEFAULT_TIMEOUT_S}]",
        show_default=False,
    ),
    url_budget: float = typer.Option(
        None,
        "--url-budget",
        envvar="CITECHECK_URL_BUDGET",
        help=f"Total seconds one URL may take, retries included. [default: "
        f"{config.DEFAULT_URL_BUDGET_S}]",
        show_default=False,
    ),
    max_concurrency: int = typer.Option(
        None,
        "--max-concurrency",
        envvar="CITECHECK_MAX_CONCURRENCY",
        help=f"Requests in flight at once. [default: {config.DEFAULT_MAX_CONCURRENCY}]",
        show_default=False,
    ),
    per_host: int = typer.Option(
        None,
        "--per-host",
        envvar="CITECHECK_PER_HOST",
        help=f"Requests in flight per host. [default: {config.DEFAULT_PER_HOST_CONCURRENCY}]",
        show_default=False,
    ),
    host_delay: float = typer.Option(
        None,
        "--host-delay",
        envvar="CITECHECK_HOST_DELAY",
        help=f"Minimum seconds between requests to one host. [default: "
        f"{config.DEFAULT_HOST_DELAY_S}]",
        show_default=False,
    ),
    retries: int = typer.Option(
        None,
        "--retries",
        envvar="CITECHECK_RETRIES",
        help=f"Attempts per URL for retryable failures. [default: {config.DEFAULT_RETRY_ATTEMPTS}]",
        show_default=False,
    ),
    max_bytes: int = typer.Option(
        None,
        "--max-bytes",
        envvar="CITECHECK_MAX_BYTES",
        help=f"Most bytes read from one page. [default: {config.DEFAULT_MAX_BYTES}]",
        show_default=False,
    ),
    user_agent: str = typer.Option(
        None,
        "--user-agent",
        envvar="CITECHECK_USER_AGENT",
        help="User-Agent header, with a contact URL.",
        show_default=False,
    ),
    headers: list[str] = typer.Option(
        None,
        "--header",
        "-H",
        envvar="CITECHECK_HEADER",
        help="Extra request header 'Name: value'; repeatable.",
        show_default=False,
    ),
    accept: str = typer.Option(
        None,
        "--accept",
        envvar="CITECHECK_ACCEPT",
        help="Comma-separated HTTP status codes to accept as alive (e.g. 200,204,403).",
        show_default=False,
    ),
    include: list[str] = typer.Option(
        None,
        "--include",
        envvar="CITECHECK_INCLUDE",
        help="Check URLs matching this regex even when --exclude matches; repeatable.",
        show_default=False,
    ),
    exclude: list[str] = typer.Option(
        None,
        "--exclude",
        envvar="CITECHECK_EXCLUDE",
        help="Skip URLs matching this regex; repeatable.",
        show_default=False,
    ),
    ca_bundle: Path = typer.Option(
        None,
        "--ca-bundle",
        envvar="CITECHECK_CA_BUNDLE",
        help="PEM file of CA certificates to trust.",
        show_default=False,
    ),
    block_private: bool = typer.Option(
        None,
        "--block-private/--allow-private",
        envvar="CITECHECK_BLOCK_PRIVATE",
        help="Refuse URLs that resolve to loopback, private or link-local addresses.",
        show_default=False,
    ),
    check_network: bool = typer.Option(
        None,
        "--network-check/--no-network-check",
        envvar="CITECHECK_NETWORK_CHECK",
        help="Check canary hosts first, so an offline machine calls nothing dead.",
        show_default=False,
    ),
    canaries: list[str] = typer.Option(
        None,
        "--canary",
        envvar="CITECHECK_CANARY",
        help="Host (or host:port) whose reachability proves the network works; repeatable. "
        f"[default: {DEFAULT_CANARIES}]",
        show_default=False,
    ),
    confirm_after: int = typer.Option(
        None,
        "--confirm-after",
        envvar="CITECHECK_CONFIRM_AFTER",
        help=f"Failing runs before a link is confirmed dead. [default: "
        f"{config.DEFAULT_CONFIRM_AFTER}]",
        show_default=False,
    ),
    confirm_spacing: float = typer.Option(
        None,
        "--confirm-spacing",
        envvar="CITECHECK_CONFIRM_SPACING",
        help=f"Hours the failures must span. [default: {config.DEFAULT_CONFIRM_SPACING_HOURS}]",
        show_default=False,
    ),
    offline: bool = typer.Option(
        None,
        "--offline/--online",
        envvar="CITECHECK_OFFLINE",
        help="Judge the archived copies in the cache instead of fetching anything.",
        show_default=False,
    ),
    support: bool = typer.Option(
        None,
        "--support/--no-support",
        envvar="CITECHECK_SUPPORT",
        help="Score whether each page supports its claims. [default: on]",
        show_default=False,
    ),
    suggest: bool = typer.Option(
        None,
        "--suggest/--no-suggest",
        envvar="CITECHECK_SUGGEST",
        help="Look up archived copies of dead or cut-off links. [default: on]",
        show_default=False,
    ),
    cited_at: str = typer.Option(
        None,
        "--cited-at",
        envvar="CITECHECK_CITED_AT",
        help="Date the sources were cited (YYYY-MM-DD), for picking archived copies.",
        show_default=False,
    ),
    archive_live: bool = typer.Option(
        None,
        "--archive-live/--no-archive-live",
        envvar="CITECHECK_ARCHIVE_LIVE",
        help="Ask the Wayback Machine to save live cited pages (credentials from env).",
        show_default=False,
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Errors only; no summary."),
    verbose: int = typer.Option(
        0, "--verbose", "-v", count=True, help="-v: a line per URL; -vv: debug and tracebacks."
    ),
    no_progress: bool = typer.Option(
        None, "--no-progress", help="Never draw a progress bar.", show_default=False
    ),
) -> None:
    """Fetch, classify, archive and judge every cited URL in the documents."""
    console = stderr_console()
    configure_logging(logging_level(verbose, quiet), console)
    flags = {
        "fail_on": _fail_on(fail_on),
        "cache_dir": _text(cache_dir),
        "reports_dir": _text(reports_dir),
        "timeout_s": timeout,
        "url_budget_s": url_budget,
        "max_concurrency": max_concurrency,
        "per_host_concurrency": per_host,
        "host_delay_s": host_delay,
        "max_bytes": max_bytes,
        "user_agent": user_agent,
        "headers": tuple(config.parse_header(h) for h in headers) if headers else None,
        "accept_status": _status_codes(accept),
        "include": tuple(include) if include else None,
        "exclude": tuple(exclude) if exclude else None,
        "ca_bundle": _text(ca_bundle),
        "block_private": block_private,
        "check_network": check_network,
        "canary_hosts": tuple(canaries) if canaries else None,
        "confirm_after": confirm_after,
        "confirm_spacing_hours": confirm_spacing,
        "offline": offline,
        "support": support,
        "suggest": suggest,
        "cited_at": _date(cited_at),
        "archive_live": archive_live,
    }
    from citecheck.cli.output import write_outputs
    from citecheck.cli.progress_view import choose_progress

    table = read_config(config_file)
    settings = build_settings(flags, config_file=config_file, retries=retries, table=table)
    output_config = output_options(table)
    formats = formats or output_config.get("format") or ["text"]
    output = output if output is not None else output_config.get("output")
    html_report = _first_given(html_report, output_config.get("html_report"), default=True)
    no_progress = _first_given(no_progress, output_config.get("no_progress"), default=False)
    progress = choose_progress(console, quiet=quiet, verbose=verbose, enabled=not no_progress)
    from citecheck.pipeline import scan

    report = scan(paths, settings, progress=progress)
    write_outputs(report, formats, output, settings)
    html_path = _write_html(report, settings) if html_report else None
    code = exit_code(report, settings)
    if not quiet:
        _print_summary(console, report, html_path, code)
    raise typer.Exit(int(code))


OUTPUT_KEYS = {"format": list, "output": str, "html_report": bool, "no_progress": bool}
"""Config keys for the CLI's own flags (where the report goes), kept out of Settings."""


def build_settings(
    flags: dict[str, Any],
    *,
    config_file: Path | None,
    retries: int | None = None,
    table: dict[str, Any] | None = None,
) -> Settings:
    """Layer defaults, the config file, the environment and the given flags into Settings.

    `table` is the config file already read (`read_config`), so a command reads it once.
    """
    settings = Settings()
    table = dict(read_config(config_file) if table is None else table)
    for key in OUTPUT_KEYS:
        table.pop(key, None)
    if table:
        settings = config.settings_from_table(table, settings)
    settings = config.settings_from_environment(settings)
    given = {key: value for key, value in flags.items() if value is not None}
    if retries is not None:
        given["retry"] = settings.retry.__class__(
            attempts=retries,
            base_wait_s=settings.retry.base_wait_s,
            max_wait_s=settings.retry.max_wait_s,
            jitter=settings.retry.jitter,
        )
    return settings.replace(**given)


def output_options(table: dict[str, Any]) -> dict[str, Any]:
    """The config table's values for the CLI-only flags (format, output, html_report...)."""
    options = {key: table[key] for key in OUTPUT_KEYS if key in table}
    if isinstance(options.get("format"), str):
        options["format"] = [options["format"]]
    for key, value in options.items():
        if not isinstance(value, OUTPUT_KEYS[key]):
            raise ConfigError(f"setting {key!r} has the wrong type: {value!r}")
    return options


def read_config(config_file: Path | None) -> dict[str, Any]:
    """Read the given config file, or the one found upwards from here; {} when none."""
    if config_file is not None and not config_file.is_file():
        raise ConfigError("config file not found", path=str(config_file))
    path = config_file or config.find_config_file(Path.cwd())
    return dict(config.load_config_table(path)) if path is not None else {}


def _first_given(*values: bool | None, default: bool) -> bool:
    return next((value for value in values if value is not None), default)


def exit_code(report: Report, settings: Settings) -> ExitCode:
    """0 nothing to fail on, 1 findings, 3 network unreachable (DESIGN.md §5)."""
    if report.network_unreachable:
        return ExitCode.NETWORK_UNREACHABLE
    if report.findings(frozenset(settings.fail_on)):
        return ExitCode.FINDINGS
    return ExitCode.OK


def _fail_on(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    names = tuple(name.strip() for name in value.split(",") if name.strip())
    if names == ("never",):
        return ()
    unknown = [name for name in names if name not in FAIL_ON_CHOICES]
    if unknown:
        raise typer.BadParameter(
            f"unknown value(s) {', '.join(unknown)}; choose from {', '.join(FAIL_ON_CHOICES)} "
            "or 'never'",
            param_hint="--fail-on",
        )
    return names


def _status_codes(value: str | None) -> tuple[int, ...] | None:
    if value is None:
        return None
    try:
        return tuple(int(code) for code in value.split(",") if code.strip())
    except ValueError:
        raise typer.BadParameter(
            "expected comma-separated numbers", param_hint="--accept"
        ) from None


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            "expected a date like 2019-06-01", param_hint="--cited-at"
        ) from None


def _text(path: Path | None) -> str | None:
    return None if path is None else str(path)


def _write_html(report: Report, settings: Settings) -> Path:
    from citecheck.report import write_html_report

    return write_html_report(report, Path(settings.reports_dir), now=datetime.now(UTC))


def _print_summary(
    console: Console, report: Report, html_path: Path | None, code: ExitCode
) -> None:
    summary = report.summary
    parts = [f"{count} {status}" for status, count in summary["by_status"].items()]
    support = [f"{count} {label}" for label, count in summary["by_support"].items()]
    line = f"{summary['citations']} citations in {summary['documents']} documents: "
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
