"""What every command shares: the stderr console, verbosity, and clean failure.

The library raises `CiteCheckError` for anything that stops a run; here, and
only here, it becomes one line on stderr and an exit code. Anything else is a
bug: "internal error — please report", exit 2, traceback only under -vv.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable
from enum import IntEnum
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import typer

from citecheck.errors import CiteCheckError
from citecheck.models import SkippedInput

if TYPE_CHECKING:
    from rich.console import Console

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


class ExitCode(IntEnum):
    """The documented exit codes of every command."""

    OK = 0
    FINDINGS = 1
    ERROR = 2
    NETWORK_UNREACHABLE = 3
    INTERRUPTED = 130


def stderr_console() -> Console:
    """The console for everything human: progress, logs, warnings, the summary."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def logging_level(verbose: int, quiet: bool) -> int:
    """Map -q / -v / -vv to a logging level (they are mutually exclusive)."""
    if quiet and verbose:
        raise typer.BadParameter("--quiet and --verbose cannot be used together")
    if quiet:
        return logging.ERROR
    return {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)


def configure_logging(level: int, console: Console | None = None) -> None:
    """Send the library's log records to stderr at the chosen level."""
    from rich.logging import RichHandler

    from citecheck.redact import RedactingFilter

    handler = RichHandler(console=console or stderr_console(), show_path=False, show_time=False)
    handler.addFilter(RedactingFilter())  # a password in a cited URL never reaches the log
    root = logging.getLogger("citecheck")
    root.handlers[:] = [handler]
    root.setLevel(level)


def fail(message: str, code: ExitCode = ExitCode.ERROR) -> typer.Exit:
    """Print `citecheck: error: message` on stderr and return the Exit to raise."""
    from citecheck.redact import redact_text

    line = redact_text(f"citecheck: error: {message}")
    stderr_console().print(line, markup=False, highlight=False)
    return typer.Exit(int(code))


def exits_cleanly(command: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command so errors become one line and an exit code, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.BadParameter):
            raise
        except BrokenPipeError:  # `citecheck extract ... | head`: the reader has enough
            _silence_stdout()
            raise typer.Exit(int(ExitCode.OK)) from None
        except CiteCheckError as exc:
            raise fail(str(exc)) from None
        except KeyboardInterrupt:
            raise fail("interrupted", ExitCode.INTERRUPTED) from None
        except Exception as exc:  # the CLI top level is one of two allowed places
            logger.debug("internal error", exc_info=True)
            raise fail(f"internal error — please report: {exc!r}") from None

    return wrapper


VERBOSE_OPTION: Any = typer.Option(
    "--verbose",
    "-v",
    count=True,
    help="-v: a line per URL; -vv: debug and tracebacks.",
    show_default=False,
)
"""`-v`/`-vv`, the same for every command (use as `Annotated[int, VERBOSE_OPTION] = 0`)."""


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit raises nothing more."""
    try:
        target = sys.stdout.fileno()
    except (OSError, ValueError):  # not a real file (a test's buffer): nothing to flush
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, target)
    os.close(devnull)


def print_skipped(write: Callable[[str], object], skipped: Iterable[SkippedInput]) -> None:
    """Say on stderr which input files could not be read and were left out."""
    for item in skipped:
        write(visible(f"citecheck: warning: {item.path}: {item.reason} (skipped)"))


_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """Return text safe to print on a terminal: control characters shown escaped.

    A document (or a file name) can hold ESC sequences, C1 controls or an OSC
    title set that would rewrite the user's screen; each control character is
    written as `\\xNN` instead, and a line break inside a line as a space.
    """
    if _CONTROL.search(text) is None:  # the common case
        return text
    return _CONTROL.sub(_escaped_control, text)


def _escaped_control(match: re.Match[str]) -> str:
    char = match.group()
    return " " if char in "\n\r" else f"\\x{ord(char):02x}"
