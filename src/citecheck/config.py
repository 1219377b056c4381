"""Settings for a run, their defaults, and building them from every layer.

The CLI and the library share the `DEFAULT_*` constants below, so `--help`
shows the same defaults a notebook gets from `Settings()`.

`load_configuration` is the one place where settings are layered, weakest
first: the defaults, a config file (`citecheck.toml` or `[tool.citecheck]`),
`CITECHECK_*` environment variables, then the command line's flags. Every value,
whichever layer it comes from, is converted and validated by the same code
(`config_values.py`), and an invalid one is a `ConfigError` naming where it came
from (the file, the variable or the flag), the key and what is allowed.
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from citecheck.config_keys import OPTIONS, Option, option_for_key
from citecheck.config_values import Raw, convert_field
from citecheck.errors import ConfigError
from citecheck.inputs.ignorefile import ignore_file_patterns
from citecheck.net.access import Credentials

logger = logging.getLogger(__name__)

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
DEFAULT_FORMATS = ("text",)
DEFAULT_KEEP_REPORTS = 20  # runs whose timestamped reports stay in reports/
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
    basic_auth: Credentials | None = None
    """`{username = "...", password = "..."}` or `"user:pass"` in `[hosts."name"]`."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Every knob of a run, in one immutable object passed to every stage."""

    cache_dir: str = DEFAULT_CACHE_DIR
    index: str | None = None
    """The check index: None for `<cache_dir>/index.sqlite3`, or a `postgresql://` URL
    (a database shared by the workers of a cluster and by every night's run)."""
    archive_dir: str | None = None
    """Where the WARC files go: None for `<cache_dir>/warc`, a (shared) folder, or an
    fsspec URL such as `s3://bucket/prefix` that every worker of a cluster can reach."""
    workers: int = 0
    """Dask worker processes to start on this machine; 0 runs in this process alone."""
    cluster: str | None = None
    """A running Dask scheduler (`tcp://host:8786`) to run on instead of this machine."""
    score_resource: str | None = None
    """A Dask resource (e.g. `GPU`) that support scoring tasks need: they then run only on
    workers started with it; `--workers N` starts its workers with one each."""
    reports_dir: str = DEFAULT_REPORTS_DIR
    fail_on: tuple[str, ...] = DEFAULT_FAIL_ON
    # inputs
    input_include: tuple[str, ...] = ()
    """File globs: only files in folders matching one of these are read."""
    input_exclude: tuple[str, ...] = ()
    """File globs: files in folders matching one of these are not read."""
    base_url: str | None = None
    """Relative links in Markdown and HTML documents are resolved against this URL."""
    root_dir: str | None = None
    """The folder `base_url` serves: a document's relative links resolve from its place in it."""
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
    secret_headers: tuple[str, ...] = ()
    """More request header names whose values are never written down (`citecheck.redact`)."""
    accept_status: tuple[int, ...] = ()
    url_include: tuple[str, ...] = ()
    """URL regexes checked even when `url_exclude` matches them (as lychee's --include)."""
    url_exclude: tuple[str, ...] = ()
    """URL regexes of links that are skipped, not fetched."""
    hosts: Mapping[str, HostSettings] = field(default_factory=dict)
    remap: tuple[tuple[str, str], ...] = ()
    """(regex, replacement) rules applied to a URL before it is fetched; first match wins."""
    auth_by_host: tuple[tuple[str, Credentials], ...] = ()
    """Basic auth per host from `--basic-auth 'host user:pass'` (see also `hosts`)."""
    cookie_jar: str | None = None
    """A Netscape-format cookie file, read before the run and written back after it."""
    insecure_hosts: tuple[str, ...] = ()
    """Hosts whose TLS certificate is not verified; their results say so."""
    max_cache_age_s: float | None = None
    """Reuse a successful check younger than this instead of fetching again."""
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

    def credentials(self, name: str) -> Credentials | None:
        """Basic-auth credentials for a host: its `hosts` table first, then `--basic-auth`."""
        host = name.lower()
        given = dict(self.auth_by_host).get(host)
        return self.host(host).basic_auth or given

    def replace(self, **changes: Any) -> Settings:
        """Return a copy with some fields changed."""
        return dataclasses.replace(self, **changes)

    def report_summary(self) -> dict[str, object]:
        """The settings worth recording in a report (no headers: they may hold secrets)."""
        return {
            "cache_dir": self.cache_dir,
            "fail_on": list(self.fail_on),
            "timeout_s": self.timeout_s,
            "max_concurrency": self.max_concurrency,
            "per_host_concurrency": self.per_host_concurrency,
            "host_delay_s": self.host_delay_s,
            "confirm_after": self.confirm_after,
            "confirm_spacing_hours": self.confirm_spacing_hours,
            "support": self.support,
            "suggest": self.suggest,
            "cited_at": self.cited_at.isoformat() if self.cited_at else None,
        }


@dataclass(frozen=True, slots=True)
class OutputSettings:
    """Where the CLI sends the report: not part of a run, so kept out of `Settings`."""

    formats: tuple[str, ...] = DEFAULT_FORMATS
    output: str | None = None
    html_report: bool = True
    no_progress: bool = False
    keep_reports: int = DEFAULT_KEEP_REPORTS
    """Runs whose timestamped reports are kept in reports/ (0 keeps all)."""


@dataclass(frozen=True, slots=True)
class Configuration:
    """What `load_configuration` returns: the run's settings and the CLI's output choices."""

    settings: Settings
    output: OutputSettings
    config_path: Path | None = None
    given: frozenset[str] = frozenset()
    """The keys some layer (file, environment, flag) set, as opposed to defaults."""

    @property
    def is_single_report(self) -> bool:
        """The user asked for one report in one named file (`-f json -o x`), nothing else."""
        output = self.output
        named_file = output.output is not None and output.output != "-"
        return named_file and len(output.formats) == 1 and output.formats[0] != "all"

    @property
    def writes_html_report(self) -> bool:
        """Write reports/*.html: on by default, off for a single report unless configured."""
        if "html_report" in self.given or not self.is_single_report:
            return self.output.html_report
        return False

    @property
    def keeps_cache(self) -> bool:
        """Keep cache/ after the run: yes, except for a single report unless configured."""
        return "cache" in self.given or not self.is_single_report


FIELD_KEYS = tuple(
    item.name
    for item in dataclasses.fields(Settings)
    if item.name not in {option.field for option in OPTIONS}
)
"""Config keys for the settings that have no flag: their Settings field names."""


def load_configuration(
    flags: Mapping[str, Any] | None = None,
    *,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    inputs: Sequence[str | Path] = (),
) -> Configuration:
    """Layer the defaults, the config file, the environment and the flags, then validate.

    URL patterns in a `.citecheckignore` file (one regex per line, `#` comments, as
    lychee's `.lycheeignore`) in the working folder, in a folder given as input or
    beside a document given as input are added to `url_exclude`.

    Args:
        flags: option key (`config_keys.OPTIONS`, e.g. `fail_on`) to the value the
            command line gave; None or a missing key means "not given".
        config_file: the file named by `--config`; None looks upwards from `cwd`.
        environ: the environment (default `os.environ`).
        cwd: where to look for a config file and `.citecheckignore` (default the
            working folder).
        inputs: the documents and folders of the run (folders may hold an ignore file).

    Returns:
        The validated settings and output choices.

    Raises:
        ConfigError: a missing or unreadable config file, an unknown key, or a value
            of the wrong type or outside the allowed choices. The message names the
            file, variable or flag, the key, and what is allowed.
    """
    cwd = cwd or Path.cwd()
    path = _config_path(config_file, cwd)
    values = _file_values(path) if path is not None else {}
    values.update(_environment_values(os.environ if environ is None else environ))
    values.update(_flag_values(flags or {}))
    settings, output = _apply(values)
    _check_combinations(settings)
    roots = [path if path.is_dir() else path.parent for path in map(Path, inputs)]
    ignored = ignore_file_patterns([cwd, *roots])
    if ignored:
        settings = settings.replace(url_exclude=(*settings.url_exclude, *ignored))
    return Configuration(settings, output, config_path=path, given=frozenset(values))


def _check_combinations(settings: Settings) -> None:
    """Settings that are valid alone but not together."""
    if settings.root_dir is not None and settings.base_url is None:
        raise ConfigError("--root-dir needs --base-url: the URL the folder is served from")


def settings_from_table(table: Mapping[str, Any], base: Settings | None = None) -> Settings:
    """Build Settings from a config table (`citecheck.toml` or `[tool.citecheck]`).

    Keys are the flag names (`timeout`, `host-delay`) or, for settings that have
    no flag, the Settings field names; dashes and underscores are the same.
    Unknown keys and wrong values raise ConfigError.
    """
    values = _table_values(table, CONFIG_FILE_NAME)
    settings, _ = _apply(values, base or Settings())
    return settings


def settings_from_environment(
    base: Settings | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Apply the `CITECHECK_<KEY>` environment variables to settings."""
    values = _environment_values(os.environ if environ is None else environ)
    settings, _ = _apply(values, base or Settings())
    return settings


def _config_path(config_file: Path | None, cwd: Path) -> Path | None:
    if config_file is None:
        return find_config_file(cwd)
    if not config_file.is_file():
        raise ConfigError("config file not found", path=str(config_file))
    return config_file


def _file_values(path: Path) -> dict[str, Raw]:
    return _table_values(load_config_table(path), str(path))


def _table_values(table: Mapping[str, Any], source: str) -> dict[str, Raw]:
    values: dict[str, Raw] = {}
    for raw_key, raw in table.items():
        key = _file_key(raw_key, source)
        values[key] = Raw(raw, f"{source}: {raw_key}")
    return values


def _file_key(raw_key: str, source: str) -> str:
    """Map a file key to its canonical name, warning about the old names."""
    key = raw_key.replace("-", "_")
    option = option_for_key(key)
    if option is not None:
        if key != option.key:
            logger.warning("%s: the key %r is deprecated; use %r", source, raw_key, option.key)
        return option.key
    if key in FIELD_KEYS:
        return key
    known = [*(option.key for option in OPTIONS), *FIELD_KEYS]
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise ConfigError(f"{source}: unknown key {raw_key!r}{hint}")


def _environment_values(environ: Mapping[str, str]) -> dict[str, Raw]:
    values: dict[str, Raw] = {}
    for option in OPTIONS:
        if option.env and environ.get(option.env):
            values[option.key] = Raw(environ[option.env], option.env, from_text=True)
    for key in FIELD_KEYS:
        variable = f"CITECHECK_{key.upper()}"
        if key not in _TABLE_KEYS and environ.get(variable):
            values[key] = Raw(environ[variable], variable, from_text=True)
    return values


_TABLE_KEYS = frozenset({"retry", "hosts"})


def _flag_values(flags: Mapping[str, Any]) -> dict[str, Raw]:
    values: dict[str, Raw] = {}
    for key, raw in flags.items():
        option = option_for_key(key)
        if option is None:
            raise ConfigError(f"unknown option {key!r}")
        if raw is not None and raw != [] and raw != ():
            values[option.key] = Raw(raw, option.flag, from_text=isinstance(raw, str))
    return values


def _apply(
    values: Mapping[str, Raw], base: Settings | None = None
) -> tuple[Settings, OutputSettings]:
    settings = base or Settings()
    changes: dict[str, Any] = {}
    output: dict[str, Any] = {}
    retry: dict[str, Any] = {}
    for key, value in values.items():
        option = option_for_key(key)
        if option is None:
            changes[key] = convert_field(Settings, key, value)
            continue
        raw = dataclasses.replace(value, separator=option.separator)
        _route(option, _convert_option(option, raw), changes, output, retry)
    if retry:
        base_retry = changes.get("retry", settings.retry)
        changes["retry"] = dataclasses.replace(base_retry, **retry)
    return settings.replace(**changes), OutputSettings(**output)


def _convert_option(option: Option, raw: Raw) -> Any:
    target, _, name = option.field.partition(".")
    owner = {"output": OutputSettings, "retry": RetryPolicy}.get(target)
    if owner is None:
        return convert_field(Settings, option.field, raw)
    return convert_field(owner, name, raw)


def _route(
    option: Option,
    converted: Any,
    changes: dict[str, Any],
    output: dict[str, Any],
    retry: dict[str, Any],
) -> None:
    target, _, name = option.field.partition(".")
    if target == "output":
        output[name] = converted
    elif target == "retry":
        retry[name] = converted
    else:
        changes[option.field] = converted


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
