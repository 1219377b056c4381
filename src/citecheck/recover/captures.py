"""Archived copies ("captures") and how to choose the one that matches a citation date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from urllib.parse import urlsplit

WAYBACK_FORMAT = "%Y%m%d%H%M%S"


@dataclass(frozen=True, slots=True)
class Capture:
    """One archived copy of a URL.

    `url` is the replay address people open; `raw_url` is the same copy without
    the archive's banner or rewriting (Wayback `id_`), which is what gets compared.
    """

    original: str
    when: datetime
    url: str
    raw_url: str
    source: str


def wayback_timestamp(moment: date | datetime) -> str:
    """Return a 14-digit Wayback timestamp; a bare date means the end of that day."""
    return _end_of(moment).strftime(WAYBACK_FORMAT)


def parse_wayback_timestamp(value: str) -> datetime | None:
    """Parse a Wayback timestamp (8 to 14 digits) as UTC, or None when malformed."""
    digits = value.strip()
    if not digits.isdigit() or not 8 <= len(digits) <= 14:
        return None
    padded = digits + "000000"[: 14 - len(digits)]
    try:
        return datetime.strptime(padded, WAYBACK_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def wayback_replay(base: str, timestamp: str, original: str, *, raw: bool = False) -> str:
    """Return `<base>/<timestamp>[id_]/<original>`, the Wayback replay address."""
    return f"{base.rstrip('/')}/{timestamp}{'id_' if raw else ''}/{original}"


def wayback_capture(base: str, timestamp: str, original: str, source: str) -> Capture | None:
    """Build a Wayback capture from a timestamp and URL, or None for a bad timestamp."""
    when = parse_wayback_timestamp(timestamp)
    if when is None:
        return None
    url = wayback_replay(base, timestamp, original)
    return Capture(original, when, url, wayback_replay(base, timestamp, original, raw=True), source)


def is_before(capture: Capture, cited: date | None) -> bool:
    """Whether a capture was taken on or before the citation date (True if no date)."""
    return cited is None or capture.when <= _end_of(cited)


def choose_closest(captures: list[Capture], cited: date | None) -> Capture | None:
    """Pick the latest capture on or before the citation date, else the earliest after it.

    With no citation date the newest capture wins. A copy from before the
    citation shows what the author saw; a later one may already have changed.
    """
    before = [capture for capture in captures if is_before(capture, cited)]
    if before:
        return max(before, key=lambda capture: capture.when)
    return min(captures, key=lambda capture: capture.when, default=None)


def archive_name(url: str) -> str:
    """The host of an archive address without `www.`, used in `memento:<archive>`."""
    host = urlsplit(url).hostname or "unknown"
    return host.removeprefix("www.")


def _end_of(moment: date | datetime) -> datetime:
    if isinstance(moment, datetime):
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.combine(moment, time(23, 59, 59), tzinfo=UTC)
