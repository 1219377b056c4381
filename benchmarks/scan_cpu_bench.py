"""CPU per URL of a whole `citecheck scan`, on realistic 30-150 KB news pages.

Run on demand (not in CI):

    .venv/bin/python benchmarks/scan_cpu_bench.py --urls 300 --runs 3 [--support] [--warm]
    .venv/bin/python benchmarks/scan_cpu_bench.py --urls 300 --profile profile.txt

A server process answers on a few loopback hosts with no delay, so what is
measured is citecheck's own work: fetch, classify, soft-404 probe, archive,
page text, drift and (with --support) support scoring. Pages are news
articles in English or Arabic (scripts, styles, navigation, 8-120 KB of
paragraphs); one host is a soft-404 CMS whose error page is as big as an
article. The scan runs as a child process with a fresh cache (or, with
--warm, a cache filled by one untimed scan first, so drift has a baseline);
its user+sys CPU comes from `wait4`, children (a process pool) included.
Each run prints one JSON line; the last line is the median of the runs.

--profile samples one scan with py-spy (`pip install py-spy`, bench only,
with its subprocesses) and writes the top functions by own and total samples.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from multiprocessing import Process
from pathlib import Path

import fetch_bench  # the loopback plumbing, shared
from fetch_bench import BenchServer
from fetch_bench import _free_ports as free_ports
from fetch_bench import _wait_for as wait_for

HOSTS = [f"127.0.0.{n}" for n in range(2, 8)]
SOFT_HOST = HOSTS[-1]
EN_WORDS = (
    "harbour", "grain", "rail", "freight", "berth", "channel", "dredging", "season", "figures",
    "minister", "port", "fleet", "insurance", "tanker", "customs", "quota", "export", "import",
    "tariff", "council", "budget", "survey", "census", "river", "the", "of", "and", "said",
    "officials", "on", "Tuesday", "percent", "million", "according", "report", "year",
)  # fmt: skip
AR_WORDS = (
    "الميناء", "وزير", "أعلن", "إن", "الحكومة", "مليون", "دولار", "في", "من", "على", "قال",
    "الاقتصاد", "التجارة", "مصر", "الأردن", "السعودية", "الإمارات", "تقرير", "عام", "نسبة",
    "ارتفاع", "انخفاض", "المئة", "يوم", "الثلاثاء", "مسؤول", "مؤسسة", "الشركة", "عُقدت", "جلسة",
    "البرلمان", "٢٠٢٤", "الموازنة", "القطاع", "الخاص", "مشروع", "الطاقة", "المياه",
)  # fmt: skip
SCRIPT = "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}\n"
STYLE = ".nav a{color:#333;padding:4px 8px}.article p{line-height:1.6;margin:0 0 1em}\n"


def paragraph(rng: random.Random, words: tuple[str, ...]) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(40, 90))) + "."


def chrome(rng: random.Random, arabic: bool) -> tuple[str, str]:
    """The head and navigation every page of a site carries: scripts, styles, links."""
    head = "<script>" + SCRIPT * rng.randint(40, 120) + "</script>"
    head += "<style>" + STYLE * rng.randint(30, 90) + "</style>"
    words = AR_WORDS if arabic else EN_WORDS
    links = "".join(
        f'<li><a href="/section/{n}">{rng.choice(words)} {rng.choice(words)}</a></li>'
        for n in range(rng.randint(80, 200))
    )
    return head, f"<nav class='nav'><ul>{links}</ul></nav>"


def article(number: int) -> bytes:
    rng = random.Random(number)
    arabic = number % 2 == 0
    words = AR_WORDS if arabic else EN_WORDS
    head, nav = chrome(rng, arabic)
    target = rng.randint(8_000, 120_000)
    body: list[str] = []
    size = 0
    while size < target:
        body.append(f"<p>{paragraph(rng, words)}</p>")
        size += len(body[-1].encode())
    lang = "ar" if arabic else "en"
    title = f"{rng.choice(words)} {rng.choice(words)} {number}"
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title>"
        f"{head}</head><body>{nav}<main><article class='article'><h1>{title}</h1>"
        f"<time datetime='2024-03-{1 + number % 28:02d}'>2024-03-{1 + number % 28:02d}</time>"
        f"{''.join(body)}</article></main><footer>{nav}</footer></body></html>"
    ).encode()


def soft_page(path: str) -> bytes:
    rng = random.Random(7)
    head, nav = chrome(rng, False)
    return (
        f"<!doctype html><html lang='en'><head><title>Gazette</title>{head}</head><body>{nav}"
        f"<main><h1>We could not find {path}</h1><p>Browse the latest stories.</p></main>"
        f"<footer>{nav}</footer></body></html>"
    ).encode()


def answer(host: str, path: str) -> tuple[int, dict[str, str], bytes]:
    if host == SOFT_HOST:
        return 200, {}, soft_page(path)
    kind, _, name = path.strip("/").partition("/")
    if not name.isdigit():
        return 404, {}, b"<html><body><h1>Not found</h1></body></html>"
    number = int(name)
    if kind == "ok":
        return 200, {}, article(number)
    if kind == "moved":
        return 301, {"Location": f"/ok/{number}"}, b""
    return 404, {}, b"<html><body><h1>Not found</h1></body></html>"


class Handler(fetch_bench.Handler):
    """fetch_bench's handler (one-segment answers, no logging), with these pages."""

    def do_GET(self) -> None:
        host = self.server.server_address[0]
        status, headers, body = answer(str(host), self.path.split("?", 1)[0])
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    do_HEAD = do_GET


def corpus(count: int, ports: dict[str, int]) -> list[str]:
    """`count` URLs: 75% articles, 10% moved, 10% 404, 5% on the soft-404 host."""
    rng = random.Random(count)
    kinds = ["ok"] * 75 + ["moved"] * 10 + ["gone"] * 10 + ["soft"] * 5
    urls = []
    for number in range(count):
        kind = rng.choice(kinds)
        host = SOFT_HOST if kind == "soft" else HOSTS[number % (len(HOSTS) - 1)]
        urls.append(f"http://{host}:{ports[host]}/{kind}/{number}")
    return urls


def document(urls: list[str]) -> str:
    rng = random.Random(1)
    lines = ["# Sources\n"]
    for url in urls:
        claim = " ".join(rng.choice(EN_WORDS) for _ in range(12))
        lines.append(f"The {claim} [source]({url}).\n")
    return "\n".join(lines)


def scan_command(doc: Path, work: Path, support: bool) -> list[str]:
    command = [sys.executable, "-m", "citecheck", "scan", str(doc), "--cache", str(work / "cache")]
    command += ["--host-delay", "0", "--per-host", "4", "--no-network-check", "--no-suggest"]
    command += ["--no-html-report", "--fail-on", "never", "-q", "-f", "json"]
    command += ["-o", str(work / "report.json"), "--no-progress"]
    return command + (["--support"] if support else ["--no-support"])


def run_measured(command: list[str]) -> dict[str, float]:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        stderr = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"scan failed ({status}): {stderr[-2000:]}")
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mib": usage.ru_maxrss / 1024,
    }


def statuses(report: Path) -> dict[str, int]:
    data = json.loads(report.read_text())
    counts: Counter[str] = Counter()
    for doc in data.get("documents", []):
        for result in doc.get("citations", []):
            counts[str(result.get("status"))] += 1
    return dict(counts)


def one_run(urls: list[str], args: argparse.Namespace) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        doc = work / "sources.md"
        doc.write_text(document(urls), encoding="utf-8")
        command = scan_command(doc, work, args.support)
        if args.warm:
            run_measured(command)
        if args.profile:
            return profile(command, Path(args.profile))
        row = run_measured(command)
        row["cpu_ms_per_url"] = 1000 * row["cpu_s"] / len(urls)
        rounded = {key: round(value, 3) for key, value in row.items()}
        return {**rounded, "statuses": statuses(work / "report.json")}


def profile(command: list[str], out: Path) -> dict[str, object]:
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    raw = out.with_suffix(".raw")
    sampler = [spy, "record", "--subprocesses", "--format", "raw", "-r", "200", "-o", str(raw)]
    subprocess.run(
        [*sampler, "--", *command],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    out.write_text(top_functions(raw.read_text()))
    print(out.read_text())
    return {"profile": str(out)}


def top_functions(collapsed: str, count: int = 25) -> str:
    """Own and total share of samples per function, from py-spy's collapsed stacks."""
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    samples = 0
    for line in collapsed.splitlines():
        stack, _, weight = line.rpartition(" ")
        if not stack:
            continue
        n = int(weight)
        frames = [short_frame(frame) for frame in stack.split(";")]
        samples += n
        own[frames[-1]] += n
        for frame in set(frames):
            total[frame] += n
    lines = [f"samples: {samples}", "", "own%   function"]
    lines += [f"{100 * n / samples:5.1f}  {name}" for name, n in own.most_common(count)]
    lines += ["", "total% function"]
    lines += [f"{100 * n / samples:5.1f}  {name}" for name, n in total.most_common(count)]
    return "\n".join(lines) + "\n"


def short_frame(frame: str) -> str:
    """`name (path/to/file.py:12)` -> `name (file.py)`."""
    name, _, where = frame.partition(" (")
    return f"{name} ({where.split(':')[0].rsplit('/', 1)[-1]}"


def serve(ports: dict[str, int]) -> None:
    for host, port in ports.items():
        httpd = BenchServer((host, port), Handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
    threading.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--support", action="store_true", help="score support too")
    parser.add_argument("--warm", action="store_true", help="time a second scan (drift baseline)")
    parser.add_argument("--profile", metavar="FILE", help="sample one scan with py-spy")
    args = parser.parse_args()
    ports = free_ports(HOSTS)
    urls = corpus(args.urls, ports)
    server = Process(target=serve, args=(ports,), daemon=True)
    server.start()
    try:
        wait_for(ports)
        rows = [one_run(urls, args) for _ in range(1 if args.profile else args.runs)]
    finally:
        server.terminate()
        server.join()
    for row in rows:
        print(json.dumps({"urls": args.urls, "support": args.support, "warm": args.warm, **row}))
    if not args.profile:
        keys = ("wall_s", "cpu_s", "cpu_ms_per_url", "peak_rss_mib")
        median = {key: round(statistics.median(float(r[key]) for r in rows), 3) for key in keys}  # type: ignore[arg-type]
        print(json.dumps({"median_of": len(rows), **median}))


if __name__ == "__main__":
    main()
