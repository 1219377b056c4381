"""Peak memory of a `--no-support` scan in the number of URLs, on web_bench.py's cheap web.

Run on demand (not in CI):

    .venv/bin/python benchmarks/memory_bench.py --citations 3125 --runs 3
    .venv/bin/python benchmarks/memory_bench.py --citations 12500 --runs 3 \\
        --code before=/tmp/old/src --code now=src          # alternated, one web

The web, the documents and the command are web_bench.py's (`--cheap --hosts 50`:
1-3 KB pages, latency / 10, no spacing), built once per size; each `--code` (a
folder put first on PYTHONPATH) is run in turn, `--runs` times, alternated.

The peak RSS is citecheck's own, from `/usr/bin/time -f %M`. web_bench.py's figure
takes `wait4`'s `ru_maxrss`, and on Linux a process keeps the high-water mark of the
process it was forked from through `exec`: the benchmark's own process, which holds
the whole web and parses the previous run's report, so from its second run on (and
from the first on big webs) that figure is the benchmark's size, not citecheck's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import web_bench

TIME = "/usr/bin/time"


def measured_command(rss_file: Path) -> Any:
    """web_bench's citecheck command, run under /usr/bin/time writing the peak RSS (KB)."""
    original = web_bench.citecheck_command

    def command(*args: Any, **kwargs: Any) -> list[str]:
        return [TIME, "-f", "%M", "-o", str(rss_file), *original(*args, **kwargs)]

    return command


def run_size(citations: int, runs: int, codes: dict[str, str]) -> list[dict[str, Any]]:
    options = web_bench.Options(
        citations=citations, hosts=50, page_kb=(1, 3), latency_scale=0.1, spacing=0.0
    )
    rows = []
    with tempfile.TemporaryDirectory(prefix="memory-bench-") as folder:
        work = Path(folder)
        probe = web_bench.build_web(options, 0)
        options.port = web_bench.free_port([*probe.hosts, "127.0.0.1"])
        web = web_bench.build_web(options, options.port)
        web_bench.write_documents(web, work / "docs")
        web_bench.citecheck_command = measured_command(work / "rss.txt")
        server = web_bench.start_server(options, work)
        try:
            for run in range(runs):
                for name, path in codes.items():
                    if path:
                        os.environ["PYTHONPATH"] = str(Path(path).resolve())
                    web_bench.reset_server(options)
                    row = web_bench.run_citecheck(web, work / "docs", work, options, False)
                    rss_kb = int((work / "rss.txt").read_text().split()[-1])
                    rows.append(
                        {
                            "code": name,
                            "urls": len(web.urls),
                            "citations": citations,
                            "run": run + 1,
                            "rss_mb": round(rss_kb / 1024, 1),
                            "wall_s": round(row.wall, 1),
                            "cpu_s": round(row.cpu, 2),
                            "right": row.right,
                        }
                    )
                    print(json.dumps(rows[-1]), flush=True)
        finally:
            server.terminate()
            server.wait(10)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citations", type=int, action="append", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--code", action="append", default=[], metavar="NAME=SRC",
        help="code to run: a name and the folder holding its citecheck package "
        "(default: the installed code, as 'now')",
    )  # fmt: skip
    args = parser.parse_args()
    if not Path(TIME).exists():
        raise SystemExit(f"{TIME} is needed (apt-get install time)")
    codes = dict(item.split("=", 1) for item in args.code) or {"now": ""}
    rows = [row for size in args.citations for row in run_size(size, args.runs, codes)]
    print("| code | URLs | median peak RSS | runs | median wall / CPU |")
    print("|---|---|---|---|---|")
    for name in codes:
        for size in args.citations:
            mine = [row for row in rows if row["code"] == name and row["citations"] == size]
            rss = statistics.median(row["rss_mb"] for row in mine)
            wall = statistics.median(row["wall_s"] for row in mine)
            cpu = statistics.median(row["cpu_s"] for row in mine)
            runs = " / ".join(f"{row['rss_mb']:.1f}" for row in mine)
            cells = [name, f"{mine[0]['urls']:,}", f"{rss:.1f} MB", runs]
            print("| " + " | ".join([*cells, f"{wall:.0f} s / {cpu:.1f} s"]) + " |")


if __name__ == "__main__":
    main()
