"""Settings for a run, their defaults, and loading them from a config file.

The CLI and the library share the `DEFAULT_*` constants below, so `--help`
shows the same defaults a notebook gets from `Settings()`.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from citecheck.errors import ConfigError

DEFAULT_CACHE_DIR = "cache"
DEFAULT_REPORTS_DIR = "reports"
DEFAULT_FAIL_ON = ("dead", "truncated")
DEFAULT_TIMEOUT_S = 15.0
DEFAULT_CONNECT_TIMEOUT_S = 10.0
DEFAULT_URL_BUDGET_S = 60.0
DEFAULT_MAX_CONCURRENCY = 32
DEFAULT_PER_HOST_CONCURRENCY = 2
DEFAULT_HOST_DELAY_S = 1.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 10
DEFAULT_RETRY_ATTEMPTS = 3
DEFAULT_RETRY_BASE_WAIT_S = 1.0
DEFAULT_RETRY_MAX_WAIT_S = 30.0
DEFAULT_CONFIRM_AFTER = 1  # report dead at once; nightly jobs raise it (IABot uses 3)
DEFAULT_CONFIRM_SPACING_HOURS = 72.0
DEFAULT_USER_AGENT = (
    "citecheck/{version} (+https://github.com/citecheck/citecheck; checks cited sources)"
)
DEFAULT_CANARY_HOSTS = ("one.one.one.one", "dns.google", "example.com")
DEFAULT_WAYBACK_AVAILABLE_URL = "https://archive.org/wayback/available"
DEFAULT_WAYBACK_CDX_URL = "https://web.archive.org/cdx/search/cdx"
DEFAULT_SPN_URL = "https://web.archive.org/save"
DEFAULT_MIN_PAGE_CHARS = 200
CONFIG_FILE_NAME = "citecheck.toml"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently to retry a URL (decisions live in retry.py)."""

    attempts: int = DEFAULT_RETRY_ATTEMPTS
    base_wait_s: float = DEFAULT_RETRY_BASE_WAIT_S
    max_wait_s: float = DEFAULT_RETRY_MAX_WAIT_S
    jitter: bool = True


@dataclass(frozen=True, slots=True)
class HostSettings:
    """Overrides for one host name (politeness, headers, timeouts)."""

    delay_s: float | None = None
    concurrency: int | None = None
    timeout_s: float | None = None
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Settings:
    """Every knob of a run, in one immutable object passed to every stage."""

    cache_dir: str = DEFAULT_CACHE_DIR
    reports_dir: str = DEFAULT_REPORTS_DIR
    fail_on: tuple[str, ...] = DEFAULT_FAIL_ON
    # fetching
    timeout_s: float = DEFAULT_TIMEOUT_S
    connect_timeout_s: float = DEFAULT_CONNECT_TIMEOUT_S
    url_budget_s: float = DEFAULT_URL_BUDGET_S
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY
    per_host_concurrency: int = DEFAULT_PER_HOST_CONCURRENCY
    host_delay_s: float = DEFAULT_HOST_DELAY_S
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    user_agent: str = DEFAULT_USER_AGENT
    headers: tuple[tuple[str, str], ...] = ()
    accept_status: tuple[int, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    hosts: Mapping[str, HostSettings] = field(default_factory=dict)
    ca_bundle: str | None = None
    trust_env: bool = True
    block_private: bool = False
    check_network: bool = True
    canary_hosts: tuple[str, ...] = DEFAULT_CANARY_HOSTS
    soft404_probe: bool = True
    bot_markers: tuple[str, ...] = ()
    """Extra lower-case substrings that mark a bot-challenge page (beyond classify's own)."""
    # archive and history
    offline: bool = False
    confirm_after: int = DEFAULT_CONFIRM_AFTER
    confirm_spacing_hours: float = DEFAULT_CONFIRM_SPACING_HOURS
    # support
    support: bool = True
    min_page_chars: int = DEFAULT_MIN_PAGE_CHARS
    nli_model_dir: str | None = None
    """A local ONNX NLI model folder (compare/nli.py); None = default backend only."""
    llm_url: str | None = None
    """A local OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 (compare/llm.py)."""
    llm_model: str = "local"
    # recovery
    suggest: bool = True
    cited_at: date | None = None
    wayback_available_url: str = DEFAULT_WAYBACK_AVAILABLE_URL
    wayback_cdx_url: str = DEFAULT_WAYBACK_CDX_URL
    memento_url: str | None = None
    archive_live: bool = False
    wayback_replay_url: str | None = None
    """Replay base (`.../web`); None derives it from the CDX endpoint's host."""
    spn_url: str = DEFAULT_SPN_URL

    def host(self, name: str) -> HostSettings:
        """Return the overrides for a host name, or empty overrides."""
        return self.hosts.get(name.lower(), HostSettings())

    def replace(self, **changes: Any) -> Settings:
        """Return a copy with some fields changed."""
        return dataclasses.replace(self, **changes)


def settings_from_environment(
    base: Settings | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Apply the archive endpoint variables (`CITECHECK_WAYBACK_*`, `CITECHECK_MEMENTO_URL`)."""
    env = os.environ if environ is None else environ
    settings = base or Settings()
    changes: dict[str, Any] = {}
    for variable, name in _ENDPOINT_VARIABLES.items():
        if env.get(variable):
            changes[name] = env[variable]
    return settings.replace(**changes) if changes else settings


_ENDPOINT_VARIABLES = {
    "CITECHECK_WAYBACK_AVAILABLE_URL": "wayback_available_url",
    "CITECHECK_WAYBACK_CDX_URL": "wayback_cdx_url",
    "CITECHECK_MEMENTO_URL": "memento_url",
    "CITECHECK_WAYBACK_REPLAY_URL": "wayback_replay_url",
    "CITECHECK_SPN_URL": "spn_url",
}


def find_config_file(start: Path) -> Path | None:
    """Return `citecheck.toml`, or a pyproject.toml with `[tool.citecheck]`, at or above start."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_FILE_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "citecheck" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def load_config_table(path: Path) -> dict[str, Any]:
    """Read the citecheck table of a config file (whole file, or `[tool.citecheck]`)."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("citecheck", {})
        return dict(table) if isinstance(table, dict) else {}
    return data


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file: {exc}", path=str(path)) from exc


def settings_from_table(table: Mapping[str, Any], base: Settings | None = None) -> Settings:
    """Build Settings from a config table (`citecheck.toml` or `[tool.citecheck]`).

    Keys are the Settings field names, with dashes or underscores; `retry` and
    `hosts.<name>` are sub-tables. Unknown keys and wrong types raise ConfigError,
    so a typo in a nightly job's config fails loudly instead of being ignored.
    """
    settings = base or Settings()
    changes: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        if key == "retry":
            changes["retry"] = _sub_table(RetryPolicy, value, "retry")
        elif key == "hosts":
            changes["hosts"] = _hosts_table(value)
        else:
            changes[key] = _coerce_field(key, value)
    return settings.replace(**changes)


def _field_types(cls: type) -> dict[str, str]:
    # With postponed annotations, field.type is the annotation's source text.
    return {item.name: str(item.type) for item in dataclasses.fields(cls)}


def _coerce_field(key: str, value: Any) -> Any:
    types = _field_types(Settings)
    if key not in types:
        raise ConfigError(f"unknown setting {key!r}")
    return _coerce(types[key], value, key)


def _coerce(text: str, value: Any, key: str) -> Any:
    if text.startswith("tuple[tuple[str, str]"):
        return _header_pairs(value, key)
    if text.startswith("tuple["):
        items = [value] if isinstance(value, str | int) else value
        if not isinstance(items, list | tuple):
            raise ConfigError(f"setting {key!r} must be a list")
        return tuple(_coerce(_tuple_item(text), item, key) for item in items)
    if text.startswith("date") and isinstance(value, str):
        return _parse_date(value, key)
    return _scalar(text, value, key)


def _tuple_item(text: str) -> str:
    return text.removeprefix("tuple[").split(",")[0].rstrip("]")


def _scalar(text: str, value: Any, key: str) -> Any:
    if value is None and "None" in text:
        return None
    expected: tuple[type, ...]
    if text.startswith("bool"):
        expected = (bool,)
    elif text.startswith("int"):
        expected = (int,)
    elif text.startswith("float"):
        expected = (int, float)
    else:
        expected = (str,)
    if not isinstance(value, expected) or (expected != (bool,) and isinstance(value, bool)):
        raise ConfigError(f"setting {key!r} has the wrong type: {value!r}")
    return float(value) if text.startswith("float") else value


def _parse_date(value: str, key: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f"setting {key!r} is not a date (YYYY-MM-DD): {value!r}") from exc


def _header_pairs(value: Any, key: str) -> tuple[tuple[str, str], ...]:
    if isinstance(value, dict):
        return tuple((str(name), str(item)) for name, item in value.items())
    if isinstance(value, list):
        return tuple(parse_header(str(item)) for item in value)
    raise ConfigError(f"setting {key!r} must be a table or a list of 'Name: value'")


def parse_header(text: str) -> tuple[str, str]:
    """Split `Name: value` into a header pair; raise ConfigError when malformed."""
    name, separator, value = text.partition(":")
    if not separator or not name.strip():
        raise ConfigError(f"header must look like 'Name: value', got {text!r}")
    return name.strip(), value.strip()


def _sub_table(cls: type, value: Any, key: str) -> Any:
    if not isinstance(value, dict):
        raise ConfigError(f"setting {key!r} must be a table")
    types = _field_types(cls)
    changes = {}
    for raw_name, item in value.items():
        name = raw_name.replace("-", "_")
        if name not in types:
            raise ConfigError(f"unknown setting {key}.{raw_name}")
        changes[name] = _coerce(types[name], item, f"{key}.{raw_name}")
    return cls(**changes)


def _hosts_table(value: Any) -> dict[str, HostSettings]:
    if not isinstance(value, dict):
        raise ConfigError("setting 'hosts' must be a table of host tables")
    return {
        host.lower(): _sub_table(HostSettings, table, f"hosts.{host}")
        for host, table in value.items()
    }
