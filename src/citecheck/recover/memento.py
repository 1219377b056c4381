"""Memento (RFC 7089) through an aggregator: TimeMaps and TimeGates of many web archives.

The aggregator base (`CITECHECK_MEMENTO_URL`, e.g. a MemGator or Time Travel
instance) serves `<base>/timemap/link/<url>`, a link-format list of every copy
it knows, and `<base>/timegate/<url>`, which redirects to the copy closest to
the `Accept-Datetime` asked for; that copy names its date in `Memento-Datetime`.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime, time
from email.utils import format_datetime, parsedate_to_datetime

from citecheck.recover.captures import Capture, archive_name, choose_closest
from citecheck.recover.http import ArchiveClient, ArchiveUnavailable

logger = logging.getLogger(__name__)

_LINK = re.compile(r"<([^>]*)>((?:\s*;\s*[\w-]+\s*=\s*(?:\"[^\"]*\"|[^;,<]*))*)")
_PARAM = re.compile(r"([\w-]+)\s*=\s*(?:\"([^\"]*)\"|([^;,<\s]*))")
_PYWB_TIMESTAMP = re.compile(r"/(\d{14})/(?=https?:)")


async def closest_memento(
    client: ArchiveClient, base: str, url: str, cited: date | None
) -> Capture | None:
    """Find the copy closest to (preferably before) the citation date, in any archive.

    The TimeMap is read first because it lists every copy, so "before the date"
    can be honoured; when it is empty, the TimeGate's choice is taken.

    Raises:
        ArchiveUnavailable: the aggregator is unreachable or erroring.
    """
    captures = await timemap(client, base, url)
    if captures:
        return choose_closest(captures, cited)
    return await timegate(client, base, url, cited)


async def timemap(client: ArchiveClient, base: str, url: str) -> list[Capture]:
    """Read the aggregator's link-format TimeMap for `url` (404 means no copies)."""
    answer = await client.get(f"{base.rstrip('/')}/timemap/link/{url}")
    if answer.status == 404:
        return []
    if answer.status != 200:
        raise ArchiveUnavailable(f"Memento TimeMap answered HTTP {answer.status}")
    return parse_timemap(answer.text, url)


async def timegate(
    client: ArchiveClient, base: str, url: str, cited: date | None
) -> Capture | None:
    """Ask the TimeGate for the copy nearest `cited`, follow its redirect, read its date."""
    moment = datetime.combine(cited, time(23, 59, 59), tzinfo=UTC) if cited else None
    headers = {"Accept-Datetime": format_datetime(moment, usegmt=True)} if moment else {}
    answer = await client.get(f"{base.rstrip('/')}/timegate/{url}", headers=headers)
    location = answer.header("location")
    if answer.status == 404 or not 300 <= answer.status < 400 or not location:
        return None
    memento = await client.get(location, method="HEAD")
    when = _http_date(memento.header("memento-datetime"))
    return _capture(location, when, url) if when else None


def parse_timemap(text: str, original: str) -> list[Capture]:
    """Parse a link-format TimeMap into captures (entries whose rel includes "memento")."""
    captures = []
    for match in _LINK.finditer(text):
        params = _params(match.group(2))
        when = _http_date(params.get("datetime"))
        if "memento" in params.get("rel", "").split() and when is not None:
            captures.append(_capture(match.group(1), when, original))
    return captures


def raw_memento(url: str) -> str:
    """Ask a pywb-style archive for the unrewritten copy (`<ts>id_/`), when it is one."""
    return _PYWB_TIMESTAMP.sub(r"/\1id_/", url, count=1)


def _capture(url: str, when: datetime, original: str) -> Capture:
    return Capture(original, when, url, raw_memento(url), f"memento:{archive_name(url)}")


def _params(text: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2) or m.group(3) or "" for m in _PARAM.finditer(text)}


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
