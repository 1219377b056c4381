"""A fake Wayback Machine, CDX server, Memento aggregator and Save Page Now, on 127.0.0.1.

`ArchiveServices` registers routes on a `LocalServer` that answer like the real
services: the availability API (JSON, closest snapshot by time, whatever its
status), the CDX API (JSON or space-separated lines; url, matchType=prefix,
filter, collapse, from/to, negative limit), raw `id_` and banner replays, a
link-format TimeMap, a TimeGate that redirects to a memento carrying
`Memento-Datetime`, and Save Page Now. `script(path, replies)` queues
misbehaviour (429, 500, bad JSON) answered before the normal behaviour.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from localserver import LocalServer, Reply, Request

ReplyFn = Callable[[Request], Reply]

AVAILABLE = "/wayback/available"
CDX = "/cdx/search/cdx"
REPLAY = "/web/"
TIMEMAP = "/timemap/link/"
TIMEGATE = "/timegate/"
MEMENTO = "/memento/"
SAVE = "/save"
BANNER = "<div id='wm-ipp'>WAYBACK MACHINE BANNER</div>"
SEED_CUT_PREFIX = (
    "https://www.aljazeera.net/news/politics/2019/5/14/"
    "%D9%87%D8%AC%D9%88%D9%85-%D9%81%D8%B4%D9%84-%D8%AD%D9%81%D8%AA%D8%B1-%D8%AF%D8%B9%D9%85-"
    "%D8%B3%D9%8A%D8%B7%D8%B1%D8%A9-%D8%B7%D8%B1%D8%A7%D8%A8%D9%84%D8%B3-%D8%A7%D9%84%D8%B3"
    "%D8%B1%D8%A7%D8%AC-%D8%AA%D8%B1"
)
"""The seed's cut-off aljazeera URL without its broken `%25` tail (cut inside the slug)."""


def percent_encoded(text: str) -> str:
    """Percent-encode every UTF-8 byte of `text`, as news sites write Arabic slugs."""
    return "".join(f"%{byte:02X}" for byte in text.encode("utf-8"))


@dataclass(frozen=True)
class Snapshot:
    """One capture the fake archive holds."""

    original: str
    timestamp: str
    status: int = 200
    body: str = "<html><body><p>archived page</p></body></html>"

    @property
    def when(self) -> datetime:
        return datetime.strptime(self.timestamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)


class ArchiveServices:
    """The fake services, mounted on one local server."""

    def __init__(self, server: LocalServer) -> None:
        self.server = server
        self.snapshots: list[Snapshot] = []
        self.mementos: list[Snapshot] = []
        self.cdx_lines = False
        self.spn_job = "spn2-0123456789abcdef"
        self._scripts: dict[str, deque[Reply]] = defaultdict(deque)
        server.route(AVAILABLE, self._scripted(AVAILABLE, self._available))
        server.route(CDX, self._scripted(CDX, self._cdx))
        server.route_prefix(REPLAY, self._replay)
        server.route_prefix(TIMEMAP, self._scripted(TIMEMAP, self._timemap))
        server.route_prefix(TIMEGATE, self._scripted(TIMEGATE, self._timegate))
        server.route_prefix(MEMENTO, self._memento)
        server.route(SAVE, self._scripted(SAVE, self._save))

    # -- settings helpers -------------------------------------------------
    @property
    def available_url(self) -> str:
        return self.server.url(AVAILABLE)

    @property
    def cdx_url(self) -> str:
        return self.server.url(CDX)

    @property
    def memento_url(self) -> str:
        return self.server.base_url

    @property
    def save_url(self) -> str:
        return self.server.url(SAVE)

    def add(self, original: str, timestamp: str, status: int = 200, body: str = "") -> Snapshot:
        snapshot = Snapshot(original, timestamp, status, body or Snapshot.body)
        self.snapshots.append(snapshot)
        return snapshot

    def add_memento(self, original: str, timestamp: str, body: str = "") -> Snapshot:
        memento = Snapshot(original, timestamp, 200, body or Snapshot.body)
        self.mementos.append(memento)
        return memento

    def memento_address(self, memento: Snapshot) -> str:
        return self.server.url(f"{MEMENTO}{memento.timestamp}/{memento.original}")

    def script(self, path: str, *replies: Reply) -> None:
        """Answer the next requests to `path` with these replies, then behave normally."""
        self._scripts[path].extend(replies)

    def _scripted(self, path: str, normal: ReplyFn) -> ReplyFn:
        def answer(request: Request) -> Reply:
            queue = self._scripts[path]
            return queue.popleft() if queue else normal(request)

        return answer

    # -- Wayback availability -----------------------------------------------
    def _available(self, request: Request) -> Reply:
        url = request.arg("url")
        mine = [snap for snap in self.snapshots if snap.original == url]
        body: dict[str, object] = {"url": url, "archived_snapshots": {}}
        if mine:
            best = _closest(mine, request.arg("timestamp"))
            body["archived_snapshots"] = {"closest": _closest_json(best, self.server)}
        return _json_reply(body)

    # -- CDX ------------------------------------------------------------------
    def _cdx(self, request: Request) -> Reply:
        rows = self._cdx_rows(request)
        fields = request.arg("fl", "urlkey,timestamp,original,mimetype,statuscode,digest,length")
        table = [[_field(snap, name) for name in fields.split(",")] for snap in rows]
        if self.cdx_lines or request.arg("output") != "json":
            text = "".join(" ".join(row) + "\n" for row in table)
            return Reply(200, text, content_type="text/plain")
        return _json_reply([fields.split(","), *table] if table else [])

    def _cdx_rows(self, request: Request) -> list[Snapshot]:
        url = request.arg("url")
        prefix = request.arg("matchType") == "prefix"
        rows = [
            s for s in self.snapshots if s.original.startswith(url) if prefix or s.original == url
        ]
        rows = [s for s in sorted(rows, key=lambda s: s.timestamp) if _within(s, request)]
        rows = [s for s in rows if _passes(s, request.query.get("filter", []))]
        rows = _collapse(rows, request.arg("collapse"))
        return _limit(rows, request.arg("limit"))

    # -- replays --------------------------------------------------------------
    def _replay(self, request: Request) -> Reply:
        stamp, _, original = request.path[len(REPLAY) :].partition("/")
        raw = stamp.endswith("id_")
        stamp = stamp.removesuffix("id_")
        found = _find(self.snapshots, stamp, original)
        if found is None:
            return Reply(404, "not in archive")
        return Reply(found.status, found.body if raw else BANNER + found.body)

    # -- Memento ----------------------------------------------------------------
    def _timemap(self, request: Request) -> Reply:
        original = request.path[len(TIMEMAP) :]
        mine = [m for m in self.mementos if m.original == original]
        if not mine:
            return Reply(404, "no mementos", content_type="text/plain")
        lines = [f'<{original}>; rel="original"']
        for memento in mine:
            stamp = format_datetime(memento.when, usegmt=True)
            lines.append(f'<{self.memento_address(memento)}>; rel="memento"; datetime="{stamp}"')
        return Reply(200, ",\n".join(lines), content_type="application/link-format")

    def _timegate(self, request: Request) -> Reply:
        original = request.path[len(TIMEGATE) :]
        mine = [m for m in self.mementos if m.original == original]
        if not mine:
            return Reply(404, "no mementos")
        wanted = request.headers.get("accept-datetime")
        stamp = parsedate_to_datetime(wanted).strftime("%Y%m%d%H%M%S") if wanted else ""
        best = _closest(mine, stamp)
        headers = {"Location": self.memento_address(best), "Vary": "accept-datetime"}
        return Reply(302, "", headers=headers)

    def _memento(self, request: Request) -> Reply:
        stamp, _, original = request.path[len(MEMENTO) :].partition("/")
        found = _find(self.mementos, stamp.removesuffix("id_"), original)
        if found is None:
            return Reply(404, "no such memento")
        headers = {"Memento-Datetime": format_datetime(found.when, usegmt=True)}
        return Reply(200, found.body, headers=headers)

    # -- Save Page Now ---------------------------------------------------------
    def _save(self, request: Request) -> Reply:
        if not request.headers.get("authorization", "").startswith("LOW "):
            return _json_reply({"status": "error", "message": "You need to be logged in"}, 401)
        return _json_reply({"url": "", "job_id": self.spn_job})


def _find(snapshots: list[Snapshot], stamp: str, original: str) -> Snapshot | None:
    return next((s for s in snapshots if s.timestamp == stamp and s.original == original), None)


def _json_reply(data: object, status: int = 200) -> Reply:
    return Reply(status, json.dumps(data), content_type="application/json")


def _closest(snapshots: list[Snapshot], stamp: str) -> Snapshot:
    if not stamp:
        return max(snapshots, key=lambda s: s.timestamp)
    target = datetime.strptime(stamp.ljust(14, "0"), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    return min(snapshots, key=lambda s: abs((s.when - target).total_seconds()))


def _closest_json(snapshot: Snapshot, server: LocalServer) -> dict[str, object]:
    return {
        "status": str(snapshot.status),
        "available": True,
        "url": server.url(f"{REPLAY}{snapshot.timestamp}/{snapshot.original}"),
        "timestamp": snapshot.timestamp,
    }


def _field(snapshot: Snapshot, name: str) -> str:
    values = {
        "urlkey": snapshot.original.lower(),
        "timestamp": snapshot.timestamp,
        "original": snapshot.original,
        "mimetype": "text/html",
        "statuscode": str(snapshot.status),
        "digest": hashlib.sha1(snapshot.body.encode()).hexdigest().upper(),
        "length": str(len(snapshot.body)),
    }
    return values[name]


def _within(snapshot: Snapshot, request: Request) -> bool:
    start, end = request.arg("from"), request.arg("to")
    if start and snapshot.timestamp < start.ljust(14, "0"):
        return False
    return not (end and snapshot.timestamp > end.ljust(14, "9"))


def _passes(snapshot: Snapshot, filters: list[str]) -> bool:
    for rule in filters:
        negate = rule.startswith("!")
        name, _, value = rule.lstrip("!").partition(":")
        if (_field(snapshot, name) == value) == negate:
            return False
    return True


def _collapse(rows: list[Snapshot], field_name: str) -> list[Snapshot]:
    if not field_name:
        return rows
    kept: list[Snapshot] = []
    for row in rows:
        if not kept or _field(kept[-1], field_name) != _field(row, field_name):
            kept.append(row)
    return kept


def _limit(rows: list[Snapshot], limit: str) -> list[Snapshot]:
    if not limit:
        return rows
    count = int(limit)
    return rows[count:] if count < 0 else rows[:count]
