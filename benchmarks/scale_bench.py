"""Scale benchmark: one process against a Dask LocalCluster, on a many-host loopback web.

Run on demand (not in CI):

    .venv/bin/python benchmarks/scale_bench.py                     # the issue's size:
                                                                   # 100,000 citations, 2,000 hosts
    .venv/bin/python benchmarks/scale_bench.py --citations 3000 --hosts 300 --workers 0,2
    .venv/bin/python benchmarks/scale_bench.py --cheap ...        # 1-3 KB pages, latency / 10

The web is `web_bench.py`'s (Zipf host sizes, long-tailed latency, news pages in
Arabic and English, the usual link rot), served by its own process on
127.0.0.2, 127.0.0.3, ... (Linux routes all of 127/8 to lo); the server's CPU is
not counted. Each engine runs the real CLI (`citecheck scan --format json`) in
its own process with the same politeness and a fresh cache: `--workers 0` is
today's single process, `--workers N` a Dask LocalCluster of N worker
processes on this machine. For each run: wall time, CPU (user+sys of the whole
process tree, from `wait4`), the peak RSS of the driver and of the biggest
worker process (sampled every 0.25 s: a Dask worker, or a page worker of the
single process; helper processes under `MIN_WORKER_MB` are left out), and whether
every citation got the same
status (and, with `--support`, the same support label) as the first run.

The last lines give the measured costs the sizing table in docs/scale.md is
extrapolated from: CPU per unique URL, and CPU per citation with support
scoring on (`--support`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from web_bench import (  # a sibling script, not a package
    Options,
    _status_kb,
    _tree,
    build_web,
    citecheck_command,
    free_port,
    politeness_bound,
    reset_server,
    run_measured,
    start_server,
    write_documents,
)

MIN_WORKER_MB = 40
"""Child processes whose peak RSS stays below this are helpers (resource trackers), not workers."""


@dataclass
class Run:
    engine: str
    wall: float
    cpu: float
    driver_mb: float
    worker_mb: list[float]
    """Peak RSS of each worker process, biggest first."""
    labels: dict[str, tuple[str, str | None]] = field(repr=False)
    load: tuple[float, float] = (0.0, 0.0)
    """The machine's 1-minute load average at the start and the end of the run."""


def sample_peaks(skip: int, peaks: dict[int, int], done: threading.Event) -> None:
    """Every 0.25 s, the RSS (KiB) of each process this one started, but `skip`'s tree."""
    skipped = set(_tree(skip))
    while not done.wait(0.25):
        for pid in _tree(os.getpid())[1:]:
            if pid not in skipped and pid != os.getpid():
                peaks[pid] = max(peaks.get(pid, 0), _status_kb(pid, "VmRSS:"))


def report_progress(port: int, started: float, done: threading.Event, every: float) -> None:
    """Every `every` seconds: requests the web has answered so far, the busiest host's, load."""
    while not done.wait(every):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/__stats", timeout=30) as answer:
                arrivals: dict[str, list[float]] = json.loads(answer.read())
        except OSError:
            continue
        busiest = max((len(times) for times in arrivals.values()), default=0)
        print(
            f"  {time.perf_counter() - started:.0f} s: {sum(map(len, arrivals.values()))} "
            f"requests, busiest host {busiest}; load {os.getloadavg()[0]:.1f}",
            file=sys.stderr,
            flush=True,
        )


def labels(report: Path, port: int) -> dict[str, tuple[str, str | None]]:
    """Status and support label of every citation, keyed by document, line and URL.

    The web's port is left out of the key, so that runs on two webs built from the same
    seed (two invocations of this script) can be compared with `--same-as`."""
    data = json.loads(report.read_text(encoding="utf-8"))
    found = {}
    for document in data["documents"]:
        for citation in document["citations"]:
            url = citation["url"].replace(f":{port}/", ":PORT/", 1)
            key = f"{Path(document['path']).name}:{citation['line']}:{citation['column']}:{url}"
            support = (citation.get("support") or {}).get("label")
            found[key] = (citation["status"], support)
    return found


def run_engine(
    workers: int, docs: Path, work: Path, options: Options, args: argparse.Namespace, server: int
) -> Run:
    shutil.rmtree(work / "cache", ignore_errors=True)
    command = citecheck_command(docs, work, options, args.support)
    if workers:
        command += ["--workers", str(workers)]
    peaks: dict[int, int] = {}
    done = threading.Event()
    sampler = threading.Thread(target=sample_peaks, args=(server, peaks, done), daemon=True)
    sampler.start()
    progress = threading.Thread(
        target=report_progress,
        args=(options.port, time.perf_counter(), done, args.progress_every),
        daemon=True,
    )
    if args.progress_every > 0:
        progress.start()
    load_before = os.getloadavg()[0]
    measured = run_measured(command, args.tool_timeout, cwd=work)
    done.set()
    sampler.join()
    if measured.returncode not in (0, 1):
        raise SystemExit(f"citecheck exited {measured.returncode}: {' '.join(command)}")
    driver = next(iter(peaks), None)  # sampled first: the tree is walked from the top
    driver_kb = peaks.pop(driver) if driver is not None else 0
    name = "one process" if not workers else f"--workers {workers}"
    worker_mb = sorted((kb / 1024 for kb in peaks.values()), reverse=True)
    return Run(
        name,
        measured.wall,
        measured.cpu,
        driver_kb / 1024,
        [mb for mb in worker_mb if mb >= MIN_WORKER_MB],
        labels(work / "citecheck.json", options.port),
        (load_before, os.getloadavg()[0]),
    )


def parse_args() -> tuple[Options, argparse.Namespace]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citations", type=int, default=100_000)
    parser.add_argument("--hosts", type=int, default=2_000)
    parser.add_argument("--workers", default="0,2", help="engines to compare; 0 = one process")
    parser.add_argument("--runs", type=int, default=1, help="runs per engine; medians quoted")
    parser.add_argument("--support", action=argparse.BooleanOptionalAction, default=False)
    parser.add_argument("--cheap", action="store_true", help="1-3 KB pages, latency / 10")
    parser.add_argument(
        "--spacing", type=float, default=0.0, help="seconds between a host's requests"
    )
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--per-host", type=int, default=2)
    parser.add_argument("--tool-timeout", type=float, default=7200.0)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument(
        "--save-labels", type=Path, help="write each engine's statuses/labels here (JSON)"
    )
    parser.add_argument(
        "--same-as", type=Path, help="also compare every run with labels saved by --save-labels"
    )
    parser.add_argument(
        "--progress-every", type=float, default=120.0, help="seconds between progress lines"
    )
    args = parser.parse_args()
    options = Options(
        citations=args.citations,
        hosts=args.hosts,
        seed=args.seed,
        page_kb=(1, 3) if args.cheap else (30, 150),
        latency_scale=0.1 if args.cheap else 1.0,
        concurrency=args.concurrency,
        per_host=args.per_host,
        spacing=args.spacing,
        tool_timeout=args.tool_timeout,
    )
    return options, args


def print_table(
    runs: list[Run], web_bound: float, unique: int, options: Options, args: argparse.Namespace
) -> None:
    first = runs[0]
    saved = (
        {key: tuple(value) for key, value in json.loads(args.same_as.read_text()).items()}
        if args.same_as
        else None
    )
    print(
        f"\n{options.citations} citations, {unique} unique URLs on {options.hosts} hosts; "
        f"politeness lower bound {web_bound:.0f} s; "
        f"support {'on' if args.support else 'off'}; medians of {args.runs} run(s)\n"
    )
    print("| engine | wall | CPU (user+sys) | CPU per URL | driver peak RSS "
          "| peak RSS per worker process | same results as the first "
          "| load start/end |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for run in runs:
        same = _same(first, run)
        if saved is not None:
            same += f"; as {args.same_as.name}: {_same(Run('saved', 0, 0, 0, [], saved), run)}"
        worker = ", ".join(f"{mb:.0f} MB" for mb in run.worker_mb) or "—"
        print(
            f"| {run.engine} | {run.wall:.1f} s | {run.cpu:.1f} s | "
            f"{run.cpu / unique * 1000:.1f} ms | {run.driver_mb:.0f} MB | {worker} | {same} "
            f"| {run.load[0]:.1f} / {run.load[1]:.1f} |"
        )
    alone = first.cpu / unique
    per_citation = first.cpu / options.citations
    support = "on" if args.support else "off"
    print(
        f"\nmeasured, {first.engine}: {alone * 1000:.2f} ms CPU per unique URL, "
        f"{per_citation * 1000:.2f} ms CPU per citation (support {support})"
    )


def _same(first: Run, other: Run) -> str:
    if other.labels == first.labels:
        return "yes"
    keys = set(first.labels) | set(other.labels)
    return f"NO ({sum(first.labels.get(k) != other.labels.get(k) for k in keys)} citations differ)"


def median_run(results: list[Run]) -> Run:
    middle = sorted(results, key=lambda run: run.wall)[len(results) // 2]
    middle.cpu = statistics.median(run.cpu for run in results)
    middle.driver_mb = statistics.median(run.driver_mb for run in results)
    count = min(len(run.worker_mb) for run in results)
    middle.worker_mb = [
        statistics.median(run.worker_mb[n] for run in results) for n in range(count)
    ]
    return middle


def main() -> None:
    options, args = parse_args()
    with tempfile.TemporaryDirectory(prefix="scale-bench-") as folder:
        work = Path(folder)
        probe_web = build_web(options, 0)
        options.port = free_port([*probe_web.hosts, "127.0.0.1"])
        web = build_web(options, options.port)
        docs = work / "docs"
        write_documents(web, docs)
        bound = politeness_bound(web, options).seconds
        print(f"politeness lower bound {bound:.0f} s", file=sys.stderr, flush=True)
        server = start_server(options, work)
        runs: list[Run] = []
        try:
            for workers in (int(n) for n in args.workers.split(",")):
                results = []
                for number in range(args.runs):
                    print(
                        f"running --workers {workers} ({number + 1}/{args.runs})...",
                        file=sys.stderr,
                    )
                    reset_server(options)
                    results.append(run_engine(workers, docs, work, options, args, server.pid))
                    print(f"  done: {results[-1]}", file=sys.stderr)  # kept if a later run fails
                runs.append(median_run(results))
                if args.save_labels:
                    args.save_labels.mkdir(parents=True, exist_ok=True)
                    saved = args.save_labels / f"labels-workers{workers}.json"
                    saved.write_text(json.dumps(runs[-1].labels))
        finally:
            server.terminate()
            server.wait(10)
        print_table(runs, bound, len(web.urls), options, args)


if __name__ == "__main__":
    main()
