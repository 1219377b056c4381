"""`citecheck cache stats|prune|export|show`: inspect and manage the cache folder.

A thin skin over `citecheck.store.cacheops`: data goes to stdout (or `--output`),
the one-line summaries to stderr. The cache folder comes from the same layers as
`scan`'s: `--cache`, `CITECHECK_CACHE`, the config file's `cache` key, the default.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from citecheck.cli.app import app
from citecheck.cli.common import exits_cleanly, stderr_console
from citecheck.cli.options import CONFIG_FILE_OPTION, config_options, load_configuration
from citecheck.config import Settings
from citecheck.errors import ConfigError

if TYPE_CHECKING:
    from rich.console import Console

    from citecheck.store.archive import Archive
    from citecheck.store.cacheops import ArchivedCopy, CacheStats

cache_app = typer.Typer(
    name="cache",
    help="Inspect and manage the cache: WARC captures and the index of every check.",
    no_args_is_help=True,
)
app.add_typer(cache_app, name="cache")

DEFAULT_PRUNE_DAYS = 90.0


class ExportFormat(StrEnum):
    """What `cache export` writes."""

    JSONL = "jsonl"
    WARC = "warc"


FORMAT_OPTION = typer.Option(
    ExportFormat.JSONL,
    "--format",
    "-f",
    help="jsonl: every check as a JSON line; "
    "warc: the latest capture of each URL as one WARC file (needs --output).",
)


@cache_app.command("stats")
@exits_cleanly
@config_options("cache", "index", "archive-dir")
def stats_command(
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    config_file: Annotated[Path | None, CONFIG_FILE_OPTION] = None,
    **options: Any,
) -> None:
    """Show how many URLs, checks and WARC bytes the cache holds, and checks by status."""

    from citecheck.store.cacheops import cache_stats

    settings = _cache_settings(options, config_file)
    with _open(settings) as archive:
        stats = cache_stats(archive)
    if as_json:
        typer.echo(json.dumps(dataclasses.asdict(stats), indent=2, sort_keys=True))
    else:
        typer.echo(_stats_text(stats))


def _stats_text(stats: CacheStats) -> str:
    lines = [
        f"urls: {stats.urls}",
        f"checks: {stats.checks}",
        f"warc files: {stats.warc_files} ({stats.warc_bytes} bytes)",
        f"oldest check: {stats.oldest or '-'}",
        f"newest check: {stats.newest or '-'}",
    ]
    lines += [f"  {status}: {count}" for status, count in stats.by_status.items()]
    return "\n".join(lines)


@cache_app.command("prune")
@exits_cleanly
@config_options("cache", "index", "archive-dir")
def prune_command(
    older_than: float = typer.Option(
        DEFAULT_PRUNE_DAYS,
        "--older-than",
        min=0,
        help="Drop checks older than this many days (each URL keeps its latest check and capture).",
    ),
    config_file: Annotated[Path | None, CONFIG_FILE_OPTION] = None,
    **options: Any,
) -> None:
    """Drop old checks and reclaim WARC space no check refers to any more."""
    from citecheck.store.archive import utc_now
    from citecheck.store.cacheops import prune

    settings = _cache_settings(options, config_file)
    with _open(settings) as archive:
        outcome = prune(archive, older_than=timedelta(days=older_than), now=utc_now())
    stderr_console().print(
        f"removed {outcome.checks_removed} checks; deleted {outcome.files_deleted} and "
        f"rewrote {outcome.files_rewritten} WARC files; freed {outcome.bytes_freed} bytes",
        markup=False,
        highlight=False,
    )


@cache_app.command("export")
@exits_cleanly
@config_options("cache", "index", "archive-dir")
def export_command(
    export_format: ExportFormat = FORMAT_OPTION,
    output: str = typer.Option(
        "-", "--output", "-o", help="Where to write ('-' is stdout, jsonl only)."
    ),
    config_file: Annotated[Path | None, CONFIG_FILE_OPTION] = None,
    **options: Any,
) -> None:
    """Export the index as JSON lines, or the latest captures as a WARC file."""

    settings = _cache_settings(options, config_file)
    if export_format is ExportFormat.WARC and output == "-":
        raise ConfigError("--format warc needs --output FILE")
    with _open(settings) as archive:
        count = _export(archive, export_format, output)
    stderr_console().print(f"exported {count} records", markup=False, highlight=False)


def _export(archive: Archive, export_format: ExportFormat, output: str) -> int:
    from citecheck.store.cacheindex import translating
    from citecheck.store.cacheops import atomic_output, export_jsonl, export_warc

    if export_format is ExportFormat.WARC:
        return export_warc(archive, Path(output))
    if output == "-":
        return export_jsonl(archive, sys.stdout)
    with translating("write the export", output), atomic_output(Path(output), "w") as handle:
        return export_jsonl(archive, handle)


@cache_app.command("show")
@exits_cleanly
@config_options("cache", "index", "archive-dir")
def show_command(
    url: str = typer.Argument(..., help="The cited URL, as the report shows it."),
    output: Path = typer.Option(
        None,
        "--output",
        "-o",
        help="Write the archived page here (default: a new file in a fresh temporary folder).",
        show_default=False,
    ),
    serve: bool = typer.Option(
        False, "--serve", help="Serve the archived page on 127.0.0.1 until Ctrl-C instead."
    ),
    port: int = typer.Option(0, "--port", min=0, max=65535, help="Port for --serve (0: any)."),
    config_file: Annotated[Path | None, CONFIG_FILE_OPTION] = None,
    **options: Any,
) -> None:
    """Open the archived copy of a URL: write it to a file, or serve it on 127.0.0.1.

    The copy runs no script and loads nothing from the live web.
    """

    from citecheck.store.cacheops import archived_copy, atomic_output

    settings = _cache_settings(options, config_file)
    with _open(settings) as archive:
        copy = archived_copy(archive, url)
    if copy is None:
        raise ConfigError(f"the cache holds no archived copy of {url}", path=settings.cache_dir)
    taken = copy.checked_at.strftime("%Y-%m-%d %H:%M UTC") if copy.checked_at else "unknown"
    console = stderr_console()
    if serve:
        _serve(copy, port, taken, console)
        return
    target = output or _fresh_file(copy.is_html)
    with atomic_output(target, "wb") as handle:
        handle.write(copy.as_file())
    console.print(f"archived {taken}: {url}", markup=False, highlight=False)
    typer.echo(str(target))


def _fresh_file(is_html: bool) -> Path:
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="citecheck-archived-"))
    return folder / ("page.html" if is_html else "page")


def _serve(copy: ArchivedCopy, port: int, taken: str, console: Console) -> None:
    from citecheck.store.cacheops import serve_archived_copy

    try:
        server = serve_archived_copy(copy, port)
    except OSError as exc:
        raise ConfigError(f"cannot serve on 127.0.0.1:{port}: {exc.strerror}") from exc
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    console.print(f"archived {taken}: {copy.url}", markup=False, highlight=False)
    console.print(f"serving it at {address} — Ctrl-C to stop", markup=False, highlight=False)
    typer.echo(address)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def _cache_settings(options: dict[str, Any], config_file: Path | None) -> Settings:
    """The configured cache (folder, index, archive folder): flags, environment, config file.

    Refuses to create an empty cache where the user probably mistyped a path.
    """
    settings = load_configuration(options, config_file).settings
    if not Path(settings.cache_dir).is_dir():
        raise ConfigError(f"no cache folder at {settings.cache_dir}", path=settings.cache_dir)
    return settings


def _open(settings: Settings) -> Archive:
    from citecheck.store.archive import Archive

    return Archive.open(settings.cache_dir, index=settings.index, archive_dir=settings.archive_dir)
