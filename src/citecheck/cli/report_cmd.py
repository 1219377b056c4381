"""`citecheck report`: re-render a saved JSON report in any format, offline.

A nightly job can keep only `report.json` and turn it into HTML, SARIF, JUnit or
a Markdown summary later. What counts as a finding is the scan's own `fail_on`,
kept in the JSON, so the re-rendered report says what the original run said.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from citecheck.cli.app import app
from citecheck.cli.common import exits_cleanly
from citecheck.cli.output import EXTENSIONS, expand_formats, write_text

REPORT_HELP = (
    "Exit codes: 0 the report was rendered; 2 the file is not a citecheck/1 JSON report, "
    "a format is unknown, or the output cannot be written."
)


@app.command("report", epilog=REPORT_HELP)
@exits_cleanly
def report_command(
    path: Annotated[
        Path,
        typer.Argument(
            help="A JSON report from `citecheck scan --format json`.", show_default=False
        ),
    ],
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            envvar="CITECHECK_FORMAT",
            help="text, json, sarif, github, junit, markdown, html or all; repeatable. "
            "Default: html.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write here instead of stdout ('-' is stdout). With several formats, a base "
            "name: one file per format. Default: stdout; several formats: next to PATH.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Re-render a JSON report (for example as the HTML report) without the network."""
    from citecheck.report import Format, render
    from citecheck.report.load import read_report

    report = read_report(path)
    names = expand_formats(formats or [Format.HTML])
    if len(names) == 1:
        write_text(render(report, Format(names[0])), output)
        return
    base = Path(output) if output and output != "-" else path.with_suffix("")
    for name in names:
        target = base.with_name(f"{base.name}.{EXTENSIONS[name]}")
        if target.resolve() != path.resolve():  # never overwrite the input with itself
            write_text(render(report, Format(name)), str(target))
