"""Keeping secrets out of everything citecheck writes down.

Two kinds of secret reach citecheck: request headers the user gives
(`-H 'Authorization: Bearer …'`, cookies, API keys) and passwords written into
cited URLs (`https://user:pass@host/…`). The request still carries them; what is
*written* never does: WARC request records keep the header name with the value
`[redacted]`, and every URL in the cache index, the WARC, the reports and the
log has its password replaced by `redacted` (the user name is kept, it helps
to tell links apart and is rarely the secret).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterable
from typing import Any, TypeVar

REDACTED = "[redacted]"
"""What a secret header's value becomes."""
REDACTED_PASSWORD = "redacted"
"""What a URL's password becomes: no brackets, so the URL still parses (`[` opens an IPv6 host)."""
SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "x-auth-token",
        "x-access-token",
        "x-csrf-token",
        "api-key",
        "apikey",
    }
)
"""Header names whose value is a credential, lower-cased."""
_SECRET_NAME = re.compile(r"(?i)(token|secret|passw|api[-_]?key|session|auth)")
"""Any other header whose name says it holds a credential is redacted too."""
_USERINFO = re.compile(r"(://[^/?#@\s:]{0,1024}):[^/?#@\s]{0,1024}@")
"""Anchored on `://` with bounded repeats: linear on any text (a report may quote a hostile
document at length)."""
_CREDENTIALS = re.compile(r"(?i)^([a-z][a-z0-9+.-]{0,31}://)[^/?#@\s]{0,2048}@")

T = TypeVar("T")


def is_secret_header(name: str, extra: Iterable[str] = ()) -> bool:
    """Whether a request header's value must not be written down.

    Args:
        name: the header name, any case.
        extra: more secret header names (configured by the user).
    """
    lowered = name.strip().lower()
    if lowered in SECRET_HEADERS or lowered in {item.lower() for item in extra}:
        return True
    return bool(_SECRET_NAME.search(lowered))


def redact_headers(
    headers: Iterable[tuple[str, str]], extra: Iterable[str] = ()
) -> tuple[tuple[str, str], ...]:
    """Headers with every secret value replaced by `[redacted]`, names and order kept."""
    names = tuple(extra)
    return tuple(
        (name, REDACTED if is_secret_header(name, names) else redact_text(value))
        for name, value in headers
    )


def redact_text(text: str) -> str:
    """Replace the password of every `scheme://user:password@` in a text."""
    if "@" not in text or "://" not in text:
        return text
    return _USERINFO.sub(rf"\1:{REDACTED_PASSWORD}@", text)


def redact_url(url: str) -> str:
    """A URL with its password, if any, replaced by `redacted`."""
    return redact_text(url)


def without_credentials(url: str) -> str:
    """The URL with its `user:password@` removed: what is sent to a third party (web archives)."""
    return _CREDENTIALS.sub(r"\1", url) if "@" in url else url


def redact_fields(value: T) -> T:
    """A copy of a frozen dataclass tree with every string's URL passwords redacted.

    Walks dataclasses, tuples, lists and dicts; bytes (page bodies) are left as
    they are, since they are never written to a report.
    """
    return _redacted(value)  # type: ignore[no-any-return]


def _redacted(value: Any) -> Any:
    if isinstance(value, str):
        return redact_text(value)
    names = _init_fields(type(value))
    if names is not None:
        changes = {}
        for name in names:
            old = getattr(value, name)
            new = _redacted(old)
            if new is not old:
                changes[name] = new
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, tuple | list):
        items = [_redacted(item) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return type(value)(items) if isinstance(value, list) else tuple(items)
    if isinstance(value, dict):
        return {_redacted(key): _redacted(item) for key, item in value.items()}
    return value


def _init_fields(kind: type) -> tuple[str, ...] | None:
    """The fields a dataclass's constructor takes (None: not a dataclass), looked up once
    per class: `dataclasses.fields` on every result was 2% of a link check's CPU."""
    if kind not in _FIELDS:
        names = dataclasses.fields(kind) if dataclasses.is_dataclass(kind) else None
        _FIELDS[kind] = None if names is None else tuple(f.name for f in names if f.init)
    return _FIELDS[kind]


_FIELDS: dict[type, tuple[str, ...] | None] = {}


class RedactingFilter(logging.Filter):
    """A logging filter that redacts URL passwords in every record it passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Render the message, redact it, and keep the record."""
        message = record.getMessage()
        if "@" in message:
            record.msg, record.args = redact_text(message), ()
        return True
