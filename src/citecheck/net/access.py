"""What a request needs beyond a plain GET: remapped URLs, credentials, cookies, unverified TLS.

- `remap_url`: `--remap 'PATTERN REPLACEMENT'` rules (regexes, first match wins)
  rewrite a URL before it is fetched; the report still shows the cited URL.
- `Credentials`: basic auth for one host (`--basic-auth 'host user:pass'` or
  `[hosts."host".basic_auth]`); the password never appears in a repr, a log,
  a report or a WARC record (`recorded_headers` redacts what is archived).
- `load_cookie_jar` / `save_cookie_jar`: a Netscape-format cookie file
  (`--cookie-jar FILE`), read before the run and written back after it.
- `is_insecure_host`: hosts whose certificate is not verified (`--insecure HOST`);
  their results say "certificate not verified", never silently trusted.
"""

from __future__ import annotations

import base64
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from citecheck.errors import ConfigError
from citecheck.redact import redact_headers

if TYPE_CHECKING:  # http.cookiejar pulls in urllib.request, ssl, email: only a scan needs it
    import http.cookiejar

logger = logging.getLogger(__name__)

UNVERIFIED_NOTE = "certificate not verified (--insecure)"


@dataclass(frozen=True, slots=True)
class Credentials:
    """A user name and password for HTTP basic auth (the password is kept out of repr)."""

    username: str
    password: str = field(repr=False)

    def header(self) -> str:
        """The `Authorization` header value."""
        token = f"{self.username}:{self.password}".encode()
        return "Basic " + base64.b64encode(token).decode("ascii")


def remap_url(url: str, rules: Iterable[tuple[str, str]]) -> str:
    """Rewrite a URL with the first remap rule whose pattern matches it (else unchanged)."""
    for pattern, replacement in rules:
        compiled = re.compile(pattern)
        if compiled.search(url):
            return compiled.sub(replacement, url, count=1)
    return url


def is_insecure_host(url: str, hosts: Iterable[str]) -> bool:
    """Whether a URL is https on a host whose certificate is not to be verified."""
    wanted = set(hosts)
    if not wanted:
        return False
    try:
        parts = urlsplit(url)
        hostname = parts.hostname or ""
    except ValueError:  # not a URL at all: nothing was fetched, nothing to trust
        return False
    return parts.scheme == "https" and hostname.lower() in wanted


def recorded_headers(headers: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Request headers as they may be archived: credentials and cookies redacted."""
    return redact_headers(headers)


def load_cookie_jar(path: str | None) -> http.cookiejar.MozillaCookieJar | None:
    """Read a Netscape-format cookie file; a missing file starts an empty jar there.

    Raises:
        ConfigError: the file exists but is not a cookie file.
    """
    if path is None:
        return None
    import http.cookiejar

    jar = http.cookiejar.MozillaCookieJar(path)
    if Path(path).exists():
        try:
            jar.load(ignore_discard=True, ignore_expires=True)
        except (OSError, http.cookiejar.LoadError) as exc:
            raise ConfigError(f"cannot read the cookie jar: {exc}", path=path) from exc
    return jar


def save_cookie_jar(jar: http.cookiejar.MozillaCookieJar | None) -> None:
    """Write the jar back to its file (a failure is logged: the run's results stand)."""
    if jar is None:
        return
    try:
        jar.save(ignore_discard=True, ignore_expires=True)
    except OSError as exc:
        logger.warning("%s: cannot write the cookie jar: %s", jar.filename, exc)
