"""A command's config options as typer parameters, generated from `config_keys.OPTIONS`.

Every option is declared once, in the library (`config_keys.py`): its flag, its
help, its config key and its environment variable. Here each becomes a keyword
parameter of the command, defaulting to None so "not given" can be told apart
from "given the default". The values go to `config.load_configuration` as text,
untouched, so a flag, a variable and a config key are converted and validated
by the same code, and an error names the one the user wrote. (typer does not
read the variables itself for the same reason: its errors would name the flag.)
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar, get_type_hints

import typer

from citecheck.config import Configuration, OutputSettings, RetryPolicy, Settings
from citecheck.config import load_configuration as _load
from citecheck.config_keys import Kind, Option, options_named

F = TypeVar("F", bound=Callable[..., Any])

_ANNOTATIONS: dict[Kind, Any] = {
    Kind.TEXT: str | None,
    Kind.LIST: list[str] | None,
    Kind.SWITCH: bool | None,
    Kind.FLAG: bool | None,
}
_METAVARS = {float: "<float>", int: "<int>"}


def config_options(*names: str) -> Callable[[F], F]:
    """Give a command one keyword parameter per named option (its `**options`).

    The command's own arguments come first, then the generated options in the
    order named, then the command's own options (--config, -q, -v).
    """

    def decorate(command: F) -> F:
        signature = inspect.signature(command, eval_str=True)
        own = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
        arguments = [p for p in own if p.default is p.empty]
        rest = [p for p in own if p.default is not p.empty]
        added = [_parameter(option) for option in options_named(*names)]
        parameters = [*arguments, *added, *rest]
        command.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        hints = {p.name: p.annotation for p in parameters}
        command.__annotations__ = {**hints, "return": None}
        return command

    return decorate


def load_configuration(
    options: Mapping[str, Any], config_file: Path | None, inputs: Sequence[Path] = ()
) -> Configuration:
    """Layer the config file, the environment and the given flags (see config.py)."""
    return _load(options, config_file=config_file, inputs=inputs)


CONFIG_FILE_OPTION: Any = typer.Option(
    "--config",
    help="Config file (default: citecheck.toml or [tool.citecheck] found upwards).  "
    "[env var: CITECHECK_CONFIG]",
    envvar="CITECHECK_CONFIG",
    show_envvar=False,
    show_default=False,
)
"""`--config` (as `Annotated[Path | None, CONFIG_FILE_OPTION] = None`): read by typer
itself, since it names the file the other options come from."""


def _parameter(option: Option) -> inspect.Parameter:
    return inspect.Parameter(
        option.key,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
        default=typer.Option(
            None,
            *_declarations(option),
            help=_help(option),
            metavar=None if option.kind in {Kind.SWITCH, Kind.FLAG} else _metavar(option),
            show_default=False,
        ),
        annotation=_ANNOTATIONS[option.kind],
    )


def _declarations(option: Option) -> list[str]:
    if option.kind is Kind.SWITCH:
        return [f"{option.flag}/{option.negative}"]
    return [option.flag, option.short] if option.short else [option.flag]


def _help(option: Option) -> str:
    default = _default_text(option)
    shown = f" [default: {default}]" if default else ""
    return f"{option.help}{shown}  [env var: {option.env}]"


def _default_text(option: Option) -> str:
    owner, name = _owner(option)
    value = getattr(_defaults(owner), name)
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, tuple):
        return option.separator.join(value) if option.separator == "," else ", ".join(value)
    if value is None or name == "user_agent":
        return ""
    return str(value)


def _metavar(option: Option) -> str:
    if option.metavar:
        return option.metavar
    owner, name = _owner(option)
    return _METAVARS.get(_field_types(owner)[name], "<str>")


@functools.cache
def _field_types(owner: type) -> dict[str, Any]:
    """The field types of a settings class, resolved once: `get_type_hints` evaluates
    every annotation again on each call (about 1 ms), and every command's options ask
    at import, at every start of the command."""
    return get_type_hints(owner)


@functools.cache
def _defaults(owner: type) -> Any:
    return owner()  # frozen: one default instance serves every option


def _owner(option: Option) -> tuple[type, str]:
    target, _, name = option.field.partition(".")
    owners: dict[str, type] = {"output": OutputSettings, "retry": RetryPolicy}
    return (owners[target], name) if name else (Settings, target)
