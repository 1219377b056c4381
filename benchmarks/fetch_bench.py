"""Link-checking benchmark: citecheck's fetch + classify against LinkChecker, same corpus.

Run on demand (not in CI):

    .venv/bin/python benchmarks/fetch_bench.py --urls 2000 10000 [--concurrency 10]

A server process answers on 10 loopback hosts (127.0.0.2 .. 127.0.0.11), each
request delayed by 20 ms, with a mix of behaviours whose right answer is known:
live pages, 301 moves, 404, 410, redirects home, 403 walls, 500 errors and a
soft-404 CMS (200 with an error page for any path). Each checker runs in its own
process; peak RSS comes from `wait4` on that process. LinkChecker needs
`pip install linkchecker` (bench only) and is given the same thread count, no
per-host rate limit, and an index page on 127.0.0.1 listing every URL.

Accuracy is reported two ways: citecheck's exact status against the ground
truth, and, for both tools, "broken or not" (broken = dead, soft404,
redirect_home, error; blocked pages and moved pages are not broken).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing import Process
from pathlib import Path

HOSTS = [f"127.0.0.{n}" for n in range(2, 12)]
LATENCY_S = 0.02
KINDS = {
    # kind: (share of the corpus, true status)
    "ok": (40, "ok"),
    "moved": (10, "redirected"),
    "gone": (12, "dead"),
    "gone410": (3, "dead"),
    "home": (8, "redirect_home"),
    "soft": (10, "soft404"),
    "wall": (10, "blocked"),
    "fail": (7, "error"),
}
BROKEN = frozenset({"dead", "soft404", "redirect_home", "error"})
WORDS = (
    "harbour", "grain", "rail", "freight", "berth", "channel", "dredging", "season", "figures",
    "minister", "port", "fleet", "insurance", "tanker", "customs", "quota", "export", "import",
    "tariff", "council", "budget", "survey", "census", "river",
)  # fmt: skip


# --- the server ---------------------------------------------------------------------------


def article(number: int) -> bytes:
    rng = random.Random(number)
    words = " ".join(rng.choice(WORDS) for _ in range(300))
    return f"<html><body><h1>Story {number}</h1><p>{words}</p></body></html>".encode()


SOFT_PAGE = (
    b"<html><body><h1>Gazette</h1><h2>We could not find that page</h2>"
    b"<p>Browse the latest stories on the front page.</p></body></html>"
)


def answer(path: str) -> tuple[int, dict[str, str], bytes]:
    parts = path.strip("/").split("/")
    kind, name = [*parts, ""][:2]
    if path == "/":
        return 200, {}, b"<html><body><h1>Front page</h1></body></html>"
    if kind == "soft":
        return 200, {}, SOFT_PAGE
    if not name.isdigit():
        return 404, {}, b"not found"
    number = int(name)
    routes: dict[str, tuple[int, dict[str, str], bytes]] = {
        "ok": (200, {}, article(number)),
        "moved": (301, {"Location": f"/new/{number}"}, b""),
        "new": (200, {}, article(number + 1_000_000)),
        "gone": (404, {}, b"not found"),
        "gone410": (410, {}, b"gone"),
        "home": (302, {"Location": "/"}, b""),
        "wall": (403, {}, b"forbidden"),
        "fail": (500, {}, b"oops"),
    }
    return routes.get(kind, (404, {}, b"not found"))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Send headers and body as one segment, as real servers do: unbuffered writes
    # plus Nagle and delayed ACKs would add ~40 ms to every answer, for both tools.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        time.sleep(LATENCY_S)
        headers: dict[str, str] = {}
        if self.path.startswith("/index.html"):
            status, body = 200, self.server.index  # type: ignore[attr-defined]
        else:
            status, headers, body = answer(self.path.split("?", 1)[0])
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        # LinkChecker keeps at least 0.1-0.6 s between requests to a host unless the
        # site opts in with this header; then its maxrequestspersecond applies.
        if self.server.linkchecker_optin:  # type: ignore[attr-defined]
            self.send_header("LinkChecker", "allow")
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    do_HEAD = do_GET


class BenchServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512
    index = b""
    linkchecker_optin = True

    def handle_error(self, request: object, client_address: object) -> None:
        return  # clients hanging up early are not the server's news


# --- the corpus ---------------------------------------------------------------------------


def corpus(count: int, ports: dict[str, int]) -> list[tuple[str, str]]:
    """Return (url, true status) pairs, the kinds shuffled over the hosts."""
    rng = random.Random(count)
    kinds = [kind for kind, (share, _) in KINDS.items() for _ in range(share)]
    pairs = []
    for number in range(count):
        kind = rng.choice(kinds)
        host = HOSTS[number % len(HOSTS)]
        pairs.append((f"http://{host}:{ports[host]}/{kind}/{number}", KINDS[kind][1]))
    return pairs


def index_page(urls: list[str]) -> bytes:
    links = "\n".join(f'<a href="{url}">{n}</a>' for n, url in enumerate(urls))
    return f"<html><body>{links}</body></html>".encode()


# --- citecheck ----------------------------------------------------------------------------


async def run_citecheck(urls: list[str], concurrency: int, gather: bool) -> dict[str, str]:
    from citecheck.classify import classify
    from citecheck.config import RetryPolicy, Settings
    from citecheck.net.fetch import Fetcher

    settings = Settings(
        max_concurrency=concurrency,
        per_host_concurrency=concurrency,
        host_delay_s=0.0,
        timeout_s=10.0,
        retry=RetryPolicy(attempts=2, base_wait_s=0.0, jitter=False),
    )
    statuses: dict[str, str] = {}
    async with Fetcher(settings) as fetcher:

        async def check(url: str) -> None:
            result = await fetcher.fetch(url)
            probe = await fetcher.probe_soft404(result)
            statuses[url] = str(classify(result, probe, settings=settings).status)

        if gather:  # one task per URL up front, as a naive pipeline would
            await asyncio.gather(*(check(url) for url in urls))
        else:  # a few workers per slot pull URLs: memory stays flat however many there are
            pending = iter(urls)

            async def worker() -> None:
                for url in pending:
                    await check(url)

            await asyncio.gather(*(worker() for _ in range(4 * concurrency)))
    return statuses


def citecheck_client(urls_file: str, concurrency: int, out_file: str, gather: bool) -> None:
    urls = json.loads(Path(urls_file).read_text())
    started = time.perf_counter()
    statuses = asyncio.run(run_citecheck(urls, concurrency, gather))
    elapsed = time.perf_counter() - started
    Path(out_file).write_text(json.dumps({"elapsed": elapsed, "statuses": statuses}))


# --- running and scoring ------------------------------------------------------------------


def run_measured(command: list[str]) -> tuple[float, int, str]:
    """Run a command; return wall seconds, its peak RSS in KiB, and its stdout."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as stdout:
        process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.DEVNULL)
        _pid, _status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        stdout.seek(0)
        return elapsed, usage.ru_maxrss, stdout.read().decode("utf-8", "replace")


def bench_citecheck(
    pairs: list[tuple[str, str]], options: Options, work: Path
) -> dict[str, object]:
    urls_file, out_file = work / "urls.json", work / "citecheck.json"
    urls_file.write_text(json.dumps([url for url, _ in pairs]))
    command = [sys.executable, __file__, "--client", str(urls_file), str(out_file)]
    command += ["--concurrency", str(options.concurrency)] + (
        ["--gather"] if options.gather else []
    )
    wall, rss, _ = run_measured(command)
    outcome = json.loads(out_file.read_text())
    statuses: dict[str, str] = outcome["statuses"]
    exact = sum(statuses.get(url) == truth for url, truth in pairs)
    broken = sum((statuses.get(url) in BROKEN) == (truth in BROKEN) for url, truth in pairs)
    wrong = Counter(
        f"{truth}->{statuses.get(url)}" for url, truth in pairs if statuses.get(url) != truth
    )
    return {
        "tool": "citecheck" + (" (gather)" if options.gather else ""),
        "seconds": round(wall, 2),
        "urls_per_s": round(len(pairs) / wall, 1),
        "seconds_checking": round(outcome["elapsed"], 2),
        "peak_rss_mib": round(rss / 1024, 1),
        "exact_accuracy": round(exact / len(pairs), 4),
        "broken_accuracy": round(broken / len(pairs), 4),
        "misclassified": dict(wrong.most_common(5)),
    }


def bench_linkchecker(
    pairs: list[tuple[str, str]], ports: dict[str, int], concurrency: int, work: Path
) -> dict[str, object] | None:
    binary = shutil.which("linkchecker") or str(Path(sys.executable).with_name("linkchecker"))
    if not Path(binary).exists():
        return None
    config = work / "linkcheckerrc"
    config.write_text("[checking]\nmaxrequestspersecond=100000\nrobotstxt=0\n")
    config.chmod(0o644)
    work.chmod(0o755)
    index = f"http://127.0.0.1:{ports['127.0.0.1']}/index.html"
    command = [binary, "-f", str(config), "--check-extern", "-r", "1", "-t", str(concurrency)]
    command += ["--no-status", "--no-robots", "--timeout", "10", "-o", "csv", "--verbose", index]
    wall, rss, output = run_measured(command)
    valid = _linkchecker_validity(output)
    broken = sum((not valid.get(url, True)) == (truth in BROKEN) for url, truth in pairs)
    return {
        "tool": "linkchecker",
        "seconds": round(wall, 2),
        "urls_per_s": round(len(pairs) / wall, 1),
        "peak_rss_mib": round(rss / 1024, 1),
        "checked": len(valid),
        "broken_accuracy": round(broken / len(pairs), 4),
    }


def _linkchecker_validity(output: str) -> dict[str, bool]:
    lines = [line for line in output.splitlines() if line and not line.startswith("#")]
    rows = csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";")
    return {row["urlname"]: row["valid"] == "True" for row in rows if row.get("urlname")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, nargs="+", default=[2000])
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--no-linkchecker", action="store_true")
    parser.add_argument("--gather", action="store_true", help="one task per URL up front")
    parser.add_argument(
        "--linkchecker-default-pace",
        action="store_true",
        help="do not send the LinkChecker opt-in header: LinkChecker keeps 0.1-0.6 s per host",
    )
    parser.add_argument("--client", nargs=2, metavar=("URLS", "OUT"))
    args = parser.parse_args()
    if args.client:
        citecheck_client(args.client[0], args.concurrency, args.client[1], args.gather)
        return
    for count in args.urls:
        optin = not args.linkchecker_default_pace
        options = Options(args.concurrency, not args.no_linkchecker, optin, args.gather)
        for row in bench(count, options):
            print(json.dumps({"urls": count, "concurrency": args.concurrency, **row}))


@dataclass(frozen=True)
class Options:
    concurrency: int
    linkchecker: bool
    optin: bool
    gather: bool


def bench(count: int, options: Options) -> list[dict[str, object]]:
    # The index page needs the ports, and the ports the server: pick free ones first.
    ports = _free_ports([*HOSTS, "127.0.0.1"])
    pairs = corpus(count, ports)
    index = index_page([u for u, _ in pairs])
    server = Process(target=_serve_on, args=(ports, index, options.optin), daemon=True)
    server.start()
    _wait_for(ports)
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as folder:
        rows.append(bench_citecheck(pairs, options, Path(folder)))
        if options.linkchecker:
            row = bench_linkchecker(pairs, ports, options.concurrency, Path(folder))
            if row is not None:
                rows.append(row)
    server.terminate()
    return rows


def _free_ports(hosts: list[str]) -> dict[str, int]:
    import socket

    ports: dict[str, int] = {}
    for host in hosts:
        with socket.socket() as probe:
            probe.bind((host, 0))
            ports[host] = int(probe.getsockname()[1])
    return ports


def _serve_on(ports: dict[str, int], index: bytes, optin: bool) -> None:
    for host, port in ports.items():
        httpd = BenchServer((host, port), Handler)
        httpd.index = index
        httpd.linkchecker_optin = optin
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
    threading.Event().wait()


def _wait_for(ports: dict[str, int]) -> None:
    import socket

    deadline = time.monotonic() + 10
    for host, port in ports.items():
        while True:
            try:
                socket.create_connection((host, port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)


if __name__ == "__main__":
    main()
