"""The Wayback Machine: the availability API, the CDX API and replay addresses.

The availability API answers with one "closest" snapshot, before or after the
date asked; it often answers nothing at all. The CDX API lists captures and
can filter them, so it is both the fallback and the way to find a capture
strictly before the citation date. Only captures whose own status was 200 count.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from citecheck.config import Settings
from citecheck.recover.cache import Answer
from citecheck.recover.captures import (
    Capture,
    choose_closest,
    wayback_capture,
    wayback_timestamp,
)
from citecheck.recover.http import ArchiveClient, ArchiveUnavailable

logger = logging.getLogger(__name__)

CDX_FIELDS = ("timestamp", "original", "statuscode", "digest")
CDX_CLOSEST_LIMIT = 3
"""Captures to list on each side of the citation date; the nearest one is used."""
CDX_PREFIX_LIMIT = 200
"""Distinct URLs to consider when repairing a cut-off URL from its prefix."""


def replay_base(settings: Settings) -> str:
    """The replay base (`https://web.archive.org/web`), configured or derived from CDX."""
    if settings.wayback_replay_url:
        return settings.wayback_replay_url.rstrip("/")
    parts = urlsplit(settings.wayback_cdx_url)
    return f"{parts.scheme}://{parts.netloc}/web"


async def available(
    client: ArchiveClient, settings: Settings, url: str, cited: date | None
) -> Capture | None:
    """Ask the availability API for the snapshot closest to the citation date.

    Returns:
        The snapshot when the API names one whose status was 200, else None.

    Raises:
        ArchiveUnavailable: the API is unreachable, erroring or answers malformed JSON.
    """
    params = {"url": url}
    if cited is not None:
        params["timestamp"] = wayback_timestamp(cited)
    answer = await client.get(settings.wayback_available_url, params=params)
    closest = _closest_entry(_json(_ok(answer, "availability API").text, "availability API"))
    if closest is None or str(closest.get("status")) != "200":
        return None
    if closest.get("available") is False or not isinstance(closest.get("timestamp"), str):
        return None
    return wayback_capture(replay_base(settings), closest["timestamp"], url, "wayback")


async def cdx_closest(
    client: ArchiveClient, settings: Settings, url: str, cited: date | None
) -> Capture | None:
    """Use the CDX API to find the 200-status capture nearest before the citation date.

    Raises:
        ArchiveUnavailable: the CDX API is unreachable, erroring or malformed.
    """
    query = {"url": url, "collapse": "digest", "limit": f"-{CDX_CLOSEST_LIMIT}"}
    if cited is not None:
        query["to"] = wayback_timestamp(cited)
    captures = await _captures(client, settings, query)
    if not captures and cited is not None:
        after = {"url": url, "collapse": "digest", "limit": str(CDX_CLOSEST_LIMIT)}
        captures = await _captures(client, settings, {**after, "from": wayback_timestamp(cited)})
    return choose_closest(captures, cited)


async def cdx_prefix(client: ArchiveClient, settings: Settings, prefix: str) -> list[Capture]:
    """List one 200-status capture per archived URL that starts with `prefix`.

    Raises:
        ArchiveUnavailable: the CDX API is unreachable, erroring or malformed.
    """
    query = {
        "url": prefix,
        "matchType": "prefix",
        "collapse": "urlkey",
        "limit": str(CDX_PREFIX_LIMIT),
    }
    return await _captures(client, settings, query, source="wayback-cdx-prefix")


async def _captures(
    client: ArchiveClient,
    settings: Settings,
    query: Mapping[str, str],
    source: str = "wayback-cdx",
) -> list[Capture]:
    params = {**query, "output": "json", "filter": "statuscode:200", "fl": ",".join(CDX_FIELDS)}
    answer = _ok(await client.get(settings.wayback_cdx_url, params=params), "CDX API")
    base = replay_base(settings)
    rows = [row for row in parse_cdx(answer.text) if row.get("statuscode") == "200"]
    found = (wayback_capture(base, row["timestamp"], row["original"], source) for row in rows)
    return [capture for capture in found if capture is not None]


def parse_cdx(text: str) -> list[dict[str, str]]:
    """Parse CDX output, JSON (a header row then rows) or space-separated lines.

    Lines are read in the order of `CDX_FIELDS`, the `fl` we always ask for.

    Raises:
        ArchiveUnavailable: the output is neither.
    """
    stripped = text.strip()
    if not stripped:
        return []
    if stripped.startswith("["):
        return _cdx_json_rows(_json(stripped, "CDX API"))
    rows = [line.split() for line in stripped.splitlines() if line.strip()]
    if any(len(row) != len(CDX_FIELDS) for row in rows):
        raise ArchiveUnavailable("CDX API answered lines in an unexpected format")
    return [dict(zip(CDX_FIELDS, row, strict=True)) for row in rows]


def _cdx_json_rows(data: Any) -> list[dict[str, str]]:
    if not isinstance(data, list) or not data:
        return []
    header, *rows = data
    if not isinstance(header, list) or not all(isinstance(row, list) for row in rows):
        raise ArchiveUnavailable("CDX API answered JSON in an unexpected shape")
    names = [str(name) for name in header]
    parsed = [dict(zip(names, (str(cell) for cell in row), strict=False)) for row in rows]
    return [row for row in parsed if "timestamp" in row and "original" in row]


def _closest_entry(data: Any) -> dict[str, Any] | None:
    snapshots = data.get("archived_snapshots") if isinstance(data, dict) else None
    closest = snapshots.get("closest") if isinstance(snapshots, dict) else None
    return closest if isinstance(closest, dict) else None


def _ok(answer: Answer, service: str) -> Answer:
    if answer.status != 200:
        raise ArchiveUnavailable(f"{service} answered HTTP {answer.status}")
    return answer


def _json(text: str, service: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ArchiveUnavailable(f"{service} answered malformed JSON: {exc}") from exc
