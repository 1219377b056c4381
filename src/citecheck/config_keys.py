"""Every user-facing setting: one name for its flag, config key and environment variable.

`--host-delay` is the key `host-delay` (or `host_delay`) in `citecheck.toml` and
`CITECHECK_HOST_DELAY` in the environment. `field` says which `Settings` field it
sets (`output.*` for the CLI's own `OutputSettings`, `retry.*` inside the retry
policy). The Settings field names that used to be the config keys (`timeout_s`,
`headers`...) are still accepted, with a deprecation warning.

Settings that have no flag (`max_redirects`, `[retry]`, `[hosts."name"]`...) keep
their field name as config key; see `config.FIELD_KEYS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """How an option is spelled on the command line."""

    TEXT = "text"  # --timeout 5
    LIST = "list"  # --header A --header B (repeatable)
    SWITCH = "switch"  # --support / --no-support
    FLAG = "flag"  # --no-progress


@dataclass(frozen=True, slots=True)
class Option:
    """One setting as a user names it."""

    name: str
    field: str
    help: str
    kind: Kind = Kind.TEXT
    short: str = ""
    negative: str = ""
    separator: str | None = None
    """How text (a flag or variable) splits into items; None = whitespace."""
    metavar: str = ""
    """Shown in --help instead of the value's type (e.g. `<path>`)."""

    @property
    def key(self) -> str:
        """The config file key: the flag name with underscores."""
        return self.name.replace("-", "_")

    @property
    def flag(self) -> str:
        """The long flag, e.g. `--host-delay`."""
        return f"--{self.name}"

    @property
    def env(self) -> str:
        """The environment variable, e.g. `CITECHECK_HOST_DELAY`."""
        return f"CITECHECK_{self.key.upper()}"

    @property
    def old_key(self) -> str:
        """The Settings field name, accepted as a deprecated config key when it differs."""
        return self.field.rpartition(".")[2]


OPTIONS: tuple[Option, ...] = (
    Option(
        "format",
        "output.formats",
        "Report format for stdout: text, json, sarif, github, junit, markdown, html or all; "
        "repeatable.",
        Kind.LIST,
        short="-f",
    ),
    Option(
        "output",
        "output.output",
        "Write the report here instead of stdout ('-' is stdout). With several formats, "
        "a base name: one file per format.",
        short="-o",
    ),
    Option(
        "fail-on",
        "fail_on",
        "Comma-separated statuses and support labels that count as findings, or 'never'.",
        separator=",",
    ),
    Option("cache", "cache_dir", "Cache folder (WARC archive + index).", metavar="<path>"),
    Option(
        "index",
        "index",
        "The check index: a postgresql:// URL shared by many machines and runs (needs the "
        "'scale' extra); default: index.sqlite3 in the cache folder.",
        metavar="<url>",
    ),
    Option(
        "archive-dir",
        "archive_dir",
        "Where the WARC files go: a (shared) folder, or an fsspec URL such as "
        "s3://bucket/prefix (needs the 'scale' extra); default: warc/ in the cache folder.",
        metavar="<path|url>",
    ),
    Option(
        "workers",
        "workers",
        "Run on a Dask cluster of this many worker processes on this machine (needs the "
        "'scale' extra); 0 runs in one process.",
    ),
    Option(
        "cluster",
        "cluster",
        "Run on the Dask scheduler at this address, e.g. tcp://host:8786 (needs the "
        "'scale' extra).",
        metavar="<address>",
    ),
    Option(
        "score-resource",
        "score_resource",
        "Run support scoring on Dask only on workers that offer this resource, e.g. GPU "
        "(dask worker --resources GPU=1); default: any worker.",
        metavar="<name>",
    ),
    Option("reports-dir", "reports_dir", "Where the HTML report goes.", metavar="<path>"),
    Option(
        "html-report",
        "output.html_report",
        "Write reports/citecheck-<time>.html and reports/latest.html (off by default when "
        "one format goes to one -o file; so is the cache).",
        Kind.SWITCH,
        negative="--no-html-report",
    ),
    Option(
        "keep-reports",
        "output.keep_reports",
        "Keep the timestamped reports of this many runs in the reports folder; older ones "
        "are deleted (0 keeps all).",
    ),
    Option("timeout", "timeout_s", "Seconds to wait for an answer."),
    Option("url-budget", "url_budget_s", "Total seconds one URL may take, retries included."),
    Option("max-concurrency", "max_concurrency", "Requests in flight at once."),
    Option("per-host", "per_host_concurrency", "Requests in flight per host."),
    Option("host-delay", "host_delay_s", "Minimum seconds between requests to one host."),
    Option("retries", "retry.attempts", "Attempts per URL for retryable failures."),
    Option("max-bytes", "max_bytes", "Most bytes read from one page."),
    Option("user-agent", "user_agent", "User-Agent header, with a contact URL."),
    Option(
        "header",
        "headers",
        "Extra request header 'Name: value'; repeatable.",
        Kind.LIST,
        short="-H",
        separator="\n",
    ),
    Option(
        "accept",
        "accept_status",
        "HTTP statuses counted as alive besides 2xx: codes and ranges, e.g. 200..299,403.",
        separator=",",
    ),
    Option(
        "include",
        "url_include",
        "Check URLs matching this regex even when --exclude matches; repeatable.",
        Kind.LIST,
    ),
    Option("exclude", "url_exclude", "Skip URLs matching this regex; repeatable.", Kind.LIST),
    Option(
        "include-path",
        "input_include",
        "Read only the files in folders that match this glob (e.g. '*.md'); repeatable.",
        Kind.LIST,
    ),
    Option(
        "exclude-path",
        "input_exclude",
        "Do not read the files in folders that match this glob; repeatable.",
        Kind.LIST,
    ),
    Option(
        "base-url",
        "base_url",
        "Resolve relative links in Markdown and HTML documents against this URL.",
    ),
    Option(
        "root-dir",
        "root_dir",
        "The folder --base-url serves: a document's relative links resolve from its place "
        "under it.",
        metavar="<path>",
    ),
    Option(
        "remap",
        "remap",
        "Rewrite URLs before fetching: 'REGEX REPLACEMENT' (re.sub syntax, first rule that "
        "matches wins); reports show the cited URL; repeatable.",
        Kind.LIST,
        separator="\n",
    ),
    Option(
        "basic-auth",
        "auth_by_host",
        "HTTP basic auth for one host: 'HOST USER:PASSWORD'; repeatable. Never archived or "
        "reported.",
        Kind.LIST,
        separator="\n",
    ),
    Option(
        "cookie-jar",
        "cookie_jar",
        "Netscape-format cookie file sent with requests and updated after the run.",
        metavar="<path>",
    ),
    Option(
        "insecure",
        "insecure_hosts",
        "Do not verify the TLS certificate of this host (results say 'certificate not "
        "verified'); repeatable.",
        Kind.LIST,
    ),
    Option(
        "max-cache-age",
        "max_cache_age_s",
        "Reuse a successful check younger than this (e.g. 90s, 30m, 12h, 2d) without fetching.",
        metavar="<duration>",
    ),
    Option("ca-bundle", "ca_bundle", "PEM file of CA certificates to trust.", metavar="<path>"),
    Option(
        "block-private",
        "block_private",
        "Refuse URLs that resolve to loopback, private or link-local addresses.",
        Kind.SWITCH,
        negative="--allow-private",
    ),
    Option(
        "network-check",
        "check_network",
        "Check canary hosts first, so an offline machine calls nothing dead.",
        Kind.SWITCH,
        negative="--no-network-check",
    ),
    Option(
        "canary",
        "canary_hosts",
        "Host (or host:port) whose reachability proves the network works; repeatable.",
        Kind.LIST,
    ),
    Option("confirm-after", "confirm_after", "Failing runs before a link is confirmed dead."),
    Option("confirm-spacing", "confirm_spacing_hours", "Hours the failures must span."),
    Option(
        "offline",
        "offline",
        "Judge the archived copies in the cache instead of fetching anything.",
        Kind.SWITCH,
        negative="--online",
    ),
    Option(
        "support",
        "support",
        "Score whether each page supports its claims.",
        Kind.SWITCH,
        negative="--no-support",
    ),
    Option(
        "suggest",
        "suggest",
        "Look up archived copies of dead or cut-off links.",
        Kind.SWITCH,
        negative="--no-suggest",
    ),
    Option(
        "cited-at",
        "cited_at",
        "Date the sources were cited (YYYY-MM-DD), for picking archived copies.",
    ),
    Option(
        "archive-live",
        "archive_live",
        "Ask the Wayback Machine to save live cited pages (credentials from env).",
        Kind.SWITCH,
        negative="--no-archive-live",
    ),
    Option("no-progress", "output.no_progress", "Never draw a progress bar.", Kind.FLAG),
)

_BY_KEY = {option.key: option for option in OPTIONS}
_BY_OLD_KEY = {
    option.old_key: option
    for option in OPTIONS
    if "." not in option.field and option.old_key != option.key
}


def option_for_key(key: str) -> Option | None:
    """The option a config key names (its flag name, or its old Settings field name)."""
    return _BY_KEY.get(key) or _BY_OLD_KEY.get(key)


def options_named(*names: str) -> tuple[Option, ...]:
    """The options with these flag names, in the given order (for one command's flags)."""
    return tuple(_BY_KEY[name.replace("-", "_")] for name in names)
