"""Converting and validating one setting's value, whichever layer it comes from.

The type comes from the Settings field's real annotation (`typing.get_type_hints`),
and each type has one explicit converter; a few fields whose values have more
shape than their type (`fail_on`, `accept_status`, URL patterns, headers) have a
named parser. A value from the environment is always text; one from a TOML file
or a flag already has a type. Every error is a `ConfigError` that starts with
where the value came from (`citecheck.toml: fail_on`, `CITECHECK_FAIL_ON`,
`--fail-on`) and says what is allowed.
"""

from __future__ import annotations

import dataclasses
import re
import types
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, Union, get_args, get_origin, get_type_hints

from citecheck.errors import ConfigError
from citecheck.models import Status, SupportLabel
from citecheck.net.access import Credentials

FAIL_ON_CHOICES = (*(status.value for status in Status), *(label.value for label in SupportLabel))
"""The names `fail_on` accepts, besides `never`."""

_TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})  # as click reads them
_FALSE = frozenset({"0", "false", "f", "no", "n", "off"})


@dataclasses.dataclass(frozen=True, slots=True)
class Raw:
    """A value to convert, where it came from, and how to split it when it is text."""

    value: Any
    where: str
    from_text: bool = False
    separator: str | None = None


def convert_field(cls: type, name: str, raw: Raw) -> Any:
    """Convert a raw value for the field `name` of the dataclass `cls`."""
    parser = FIELD_PARSERS.get(name)
    if parser is not None:
        return parser(raw)
    return convert(get_type_hints(cls)[name], raw)


def convert(hint: Any, raw: Raw) -> Any:
    """Convert a raw value to the type `hint`, or raise ConfigError saying why not."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        return _optional(hint, raw)
    if origin is tuple:
        item = get_args(hint)[0]
        return tuple(convert(item, part) for part in _items(raw))
    if origin is Mapping:
        return _table_of_tables(get_args(hint)[1], raw)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _sub_table(hint, raw)
    scalar = _SCALARS.get(hint)
    if scalar is None:
        raise TypeError(f"no converter for {hint!r}")  # a programming error, not user input
    return scalar(raw)


def _optional(hint: Any, raw: Raw) -> Any:
    if raw.value is None:
        return None
    inner = [arg for arg in get_args(hint) if arg is not type(None)]
    return convert(inner[0], raw)


def _items(raw: Raw) -> list[Raw]:
    value = raw.value
    if isinstance(value, str):
        if raw.separator is not None:
            value = [part.strip() for part in value.split(raw.separator) if part.strip()]
        else:
            value = value.split() if raw.from_text else [value]
    elif isinstance(value, int | float) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list | tuple):
        raise ConfigError(f"{raw.where}: expected a list, got {raw.value!r}")
    return [dataclasses.replace(raw, value=item, separator=None) for item in value]


def _to_bool(raw: Raw) -> bool:
    value = raw.value
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and raw.from_text and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ConfigError(f"{raw.where}: expected true or false, got {value!r}")


def _to_int(raw: Raw) -> int:
    return int(_number(raw, int, "a whole number"))


def _to_float(raw: Raw) -> float:
    return float(_number(raw, float, "a number"))


def _number(raw: Raw, kind: type[int] | type[float], description: str) -> int | float:
    """A number from a typed value, or from text; a bool is never a number here."""
    value = raw.value
    if isinstance(value, str) and raw.from_text:
        try:
            return kind(value.strip())
        except ValueError:
            pass
    elif _is_number(value) and (kind is float or isinstance(value, int)):
        return kind(value)
    raise ConfigError(f"{raw.where}: expected {description}, got {value!r}")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _to_str(raw: Raw) -> str:
    if isinstance(raw.value, str):
        return raw.value
    raise ConfigError(f"{raw.where}: expected a string, got {raw.value!r}")


def _to_date(raw: Raw) -> date:
    value = raw.value
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ConfigError(f"{raw.where}: expected a date like 2019-06-01, got {value!r}")


_SCALARS: dict[Any, Callable[[Raw], Any]] = {
    bool: _to_bool,
    int: _to_int,
    float: _to_float,
    str: _to_str,
    date: _to_date,
}


def _sub_table(cls: type, raw: Raw) -> Any:
    if not isinstance(raw.value, Mapping):
        raise ConfigError(f"{raw.where}: expected a table")
    names = {item.name for item in dataclasses.fields(cls)}
    changes = {}
    for raw_name, item in raw.value.items():
        name = raw_name.replace("-", "_")
        where = f"{raw.where}.{raw_name}"
        if name not in names:
            choices = ", ".join(sorted(names))
            raise ConfigError(f"{where}: unknown key; choose from {choices}")
        changes[name] = convert_field(cls, name, Raw(item, where))
    return cls(**changes)


def _table_of_tables(cls: type, raw: Raw) -> dict[str, Any]:
    if not isinstance(raw.value, Mapping):
        raise ConfigError(f"{raw.where}: expected a table of tables, one per host")
    return {
        str(name).lower(): _sub_table(cls, Raw(table, f"{raw.where}.{name}"))
        for name, table in raw.value.items()
    }


def parse_fail_on(raw: Raw) -> tuple[str, ...]:
    """Statuses and support labels that count as findings; `never` (or nothing) is none."""
    names = tuple(_to_str(item).strip() for item in _items(_comma_separated(raw)))
    if names in {(), ("never",)}:
        return ()
    unknown = [name for name in names if name not in FAIL_ON_CHOICES]
    if unknown:
        raise ConfigError(
            f"{raw.where}: unknown value(s) {', '.join(map(repr, unknown))}; "
            f"choose from {', '.join(FAIL_ON_CHOICES)}, or never"
        )
    return names


def parse_accept(raw: Raw) -> tuple[int, ...]:
    """HTTP status codes counted as alive: numbers and ranges like `200..299` or `200..=299`."""
    codes: set[int] = set()
    for item in _items(_comma_separated(raw)):
        codes.update(_status_range(item))
    return tuple(sorted(codes))


def _status_range(item: Raw) -> range:
    text = str(item.value).strip() if not isinstance(item.value, bool) else ""
    low, dots, high = text.partition("..")
    try:
        first = int(low)
        last = int(high.removeprefix("=")) if dots else first
    except ValueError:
        first, last = 0, -1
    if not 100 <= first <= last <= 599:
        raise ConfigError(
            f"{item.where}: {item.value!r} is not an HTTP status or a range like 200..299"
        )
    return range(first, last + 1)


def parse_patterns(raw: Raw) -> tuple[str, ...]:
    """URL regular expressions, compiled here so a bad one fails before any work."""
    patterns = tuple(_to_str(item) for item in _items(raw))
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(
                f"{raw.where}: {pattern!r} is not a regular expression ({exc}); "
                "file globs go in include-path / exclude-path"
            ) from None
    return patterns


def parse_headers(raw: Raw) -> tuple[tuple[str, str], ...]:
    """Headers as a table (`{Name = "value"}`) or a list of `Name: value`."""
    if isinstance(raw.value, Mapping):
        return tuple((str(name), str(item)) for name, item in raw.value.items())
    return tuple(_header(item) for item in _items(raw))


def _header(item: Raw) -> tuple[str, str]:
    name, separator, value = _to_str(item).partition(":")
    if not separator or not name.strip():
        raise ConfigError(f"{item.where}: a header looks like 'Name: value', got {item.value!r}")
    return name.strip(), value.strip()


def parse_base_url(raw: Raw) -> str | None:
    """An absolute http(s) URL that relative links resolve against."""
    if raw.value is None:
        return None
    text = _to_str(raw).strip()
    if not re.match(r"(?i)https?://[^/?#\s]+", text):
        raise ConfigError(
            f"{raw.where}: expected an http(s) URL like https://example.org/, got {text!r}"
        )
    return text


def parse_remap(raw: Raw) -> tuple[tuple[str, str], ...]:
    """`REGEX REPLACEMENT` rules; the regex and the groups it refers to are checked here."""
    rules = []
    for item in _items(raw):
        pattern, _, replacement = _to_str(item).strip().partition(" ")
        if not pattern or not replacement.strip():
            raise ConfigError(
                f"{item.where}: a remap rule is 'REGEX REPLACEMENT', got {item.value!r}"
            )
        compiled = _regex(pattern, item.where)
        _check_template(compiled, replacement.strip(), item.where)
        rules.append((pattern, replacement.strip()))
    return tuple(rules)


def _regex(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ConfigError(f"{where}: {pattern!r} is not a regular expression ({exc})") from None


def _check_template(compiled: re.Pattern[str], template: str, where: str) -> None:
    for number, name in re.findall(r"\\(?:(\d+)|g<(\w+)>)", template):
        reference = number or name
        if reference.isdigit():
            known = int(reference) <= compiled.groups
        else:
            known = reference in compiled.groupindex
        if not known:
            raise ConfigError(f"{where}: {template!r} refers to a group the regex does not have")


def parse_host_credentials(raw: Raw) -> tuple[tuple[str, Credentials], ...]:
    """`HOST USER:PASSWORD` items (the flag and the top-level `basic_auth` key)."""
    pairs = []
    for item in _items(raw):
        host, _, secret = _to_str(item).strip().partition(" ")
        if not host or ":" not in secret:
            shown = host or "''"
            raise ConfigError(f"{item.where}: expected 'HOST USER:PASSWORD' (host {shown})")
        pairs.append((host.lower(), _credentials(Raw(secret.strip(), item.where))))
    return tuple(pairs)


def parse_credentials(raw: Raw) -> Credentials | None:
    """`[hosts."x".basic_auth]` as `{username, password}` or `"user:pass"`."""
    if isinstance(raw.value, Mapping):
        table: Credentials = _sub_table(Credentials, raw)
        return table
    return _credentials(raw)


def _credentials(raw: Raw) -> Credentials:
    user, separator, password = _to_str(raw).partition(":")
    if not separator or not user:
        raise ConfigError(f"{raw.where}: expected 'USER:PASSWORD' (the password is not shown)")
    return Credentials(user, password)


_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw]?)")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(raw: Raw) -> float | None:
    """Seconds, from a number or a duration like `90s`, `30m`, `12h`, `2d`, `1w`."""
    if raw.value is None:
        return None
    if _is_number(raw.value):
        return float(raw.value)
    match = _DURATION.fullmatch(_to_str(raw).strip().lower())
    if match is None:
        raise ConfigError(
            f"{raw.where}: expected a duration like 90s, 30m, 12h or 2d, got {raw.value!r}"
        )
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def parse_hosts(raw: Raw) -> tuple[str, ...]:
    """Host names, compared in lower case."""
    return tuple(_to_str(item).strip().lower() for item in _items(raw))


def _comma_separated(raw: Raw) -> Raw:
    return dataclasses.replace(raw, separator=",") if isinstance(raw.value, str) else raw


FIELD_PARSERS: dict[str, Callable[[Raw], Any]] = {
    "fail_on": parse_fail_on,
    "accept_status": parse_accept,
    "url_include": parse_patterns,
    "url_exclude": parse_patterns,
    "headers": parse_headers,
    "base_url": parse_base_url,
    "remap": parse_remap,
    "auth_by_host": parse_host_credentials,
    "basic_auth": parse_credentials,
    "max_cache_age_s": parse_duration,
    "insecure_hosts": parse_hosts,
}
"""Fields whose values have more shape than their type says."""
