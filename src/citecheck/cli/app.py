"""The typer application and the options every command shares."""

from __future__ import annotations

import typer

from citecheck import __version__

app = typer.Typer(
    name="citecheck",
    help="Check the sources an article cites: alive, the right page, supporting the claim.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"citecheck {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """Check cited sources in articles (txt, md, html, pdf, docx)."""
