"""Throughput and peak memory of `citecheck extract` as a whole process, beside urlextract.

Generates a mixed Arabic/English text (10 MB by default) with thousands of URLs
(about one per KB, three times denser than the seed article)
in the shapes real articles hold (inline with Arabic punctuation, source blocks
of bare URLs, percent-encoded Arabic paths, cut-off ones, markdown links), then
times `python -m citecheck extract FILE --format json` in a fresh process
(median of several runs, peak RSS from wait4) and `urlextract` on the same text.

    .venv/bin/python benchmarks/extract_bench.py [--mb 10] [--runs 5] [--urlextract-mb 10] [--dense]

`--dense` makes link-dense text instead (a URL in every sentence: about 47,000 in 10 MB).

urlextract is a bench-only comparison (`pip install urlextract`), not a dependency.

Peak memory is given as is and above the peak of `citecheck --version` (the
interpreter and the CLI's imports, which the input does not change).

The timed processes keep compiled bytecode (in benchmarks/out/pycache), as an
installed package does, even where PYTHONDONTWRITEBYTECODE is set; without it
every run compiles the package's modules again (about 25 ms of each run here):
`--no-bytecode-cache` measures that way.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

OUT = Path(__file__).parent / "out"

ARABIC_WORDS = (  # noqa: SIM905 (a sentence reads better than a list of words)
    "قالت الوكالة إن الهجوم على العاصمة فشل خلال أسابيع وأضاف المتحدث أن روسيا لا تدعم أي "
    "طرف بعينه لكنها عطلت بيانا في مجلس الأمن وذكرت الصحف أن خبراء عسكريين عملوا قرب "
    "خطوط القتال جنوب طرابلس ويرى محللون أن الكرملين فضل الغموض على الانحياز العلني"
).split()
ENGLISH_WORDS = (  # noqa: SIM905
    "the report said the offensive stalled within weeks while officials denied any role and "
    "analysts argued that Moscow preferred ambiguity to open support for either side"
).split()
HOSTS = ("www.aljazeera.net", "arabic.rt.com", "www.bloomberg.com", "en.qantara.de", "example.org")
ESCAPED = (
    "%D9%84%D9%8A%D8%A8%D9%8A%D8%A7",
    "%D8%AD%D9%81%D8%AA%D8%B1",
    "%D8%B1%D9%88%D8%B3%D9%8A%D8%A7",
)
AFTER = ("،", "؛", ".", ",", "»", ")", "؟", "", "”")


def make_url(rng: random.Random) -> str:
    """Return one URL in a realistic shape; about 3% are cut off."""
    path = "/".join(
        rng.choice((*ESCAPED, "news", "2019", str(rng.randrange(10**6)))) for _ in range(3)
    )
    url = f"https://{rng.choice(HOSTS)}/{path}-{rng.randrange(10**5)}"
    if rng.random() < 0.03:
        url += rng.choice(("%25", "%D9%258", "%"))
    return url


def make_paragraph(rng: random.Random, url_rate: float = 0.06) -> str:
    """Return a paragraph of sentences with inline URLs, then maybe a source block.

    `url_rate` is the share of sentences that cite a URL inline (`--dense`: every one).
    """
    sentences = []
    for _ in range(rng.randrange(2, 6)):
        words = ARABIC_WORDS if rng.random() < 0.7 else ENGLISH_WORDS
        sentence = " ".join(rng.choice(words) for _ in range(rng.randrange(8, 20)))
        if rng.random() < url_rate:
            sentence += (
                f" «{make_url(rng)}{rng.choice(AFTER)}»"
                if rng.random() < 0.2
                else (f" {make_url(rng)}{rng.choice(AFTER)} {rng.choice(words)}")
            )
        if rng.random() < 0.005:
            sentence += f" [{rng.choice(words)}]({make_url(rng)})"
        sentences.append(sentence + rng.choice((".", "؟", "!")))
    text = " ".join(sentences) + "\n\n"
    if rng.random() < 0.12:
        text += "\n".join(make_url(rng) for _ in range(rng.randrange(1, 4))) + "\n\n"
    return text


def generate(size_bytes: int, seed: int = 20191, url_rate: float = 0.06) -> str:
    """Return a text of about `size_bytes` UTF-8 bytes."""
    rng = random.Random(seed)
    parts, size = [], 0
    while size < size_bytes:
        paragraph = make_paragraph(rng, url_rate)
        parts.append(paragraph)
        size += len(paragraph.encode("utf-8"))
    return "".join(parts)


PEAK_REPORT = """
import atexit, sys
def _peak():
    with open("/proc/self/status") as status:
        peak = [line.split()[1] for line in status if line.startswith("VmHWM")]
    sys.stderr.write(f"\\nPEAK_KB {peak[0]}\\n")
atexit.register(_peak)
"""
"""Prepended to each timed program: VmHWM is the child's own peak RSS. (wait4's
ru_maxrss is not: Linux carries the parent's peak across fork and exec.)"""

CITECHECK = PEAK_REPORT + "from citecheck.cli import app\nsys.argv[0] = 'citecheck'\napp()\n"


CHILD_ENV = dict(os.environ)
"""The timed processes' environment (`main` sets where they keep bytecode)."""


def run_process(command: list[str]) -> tuple[float, int, bytes, float]:
    """Run a Python program; return wall seconds, peak RSS bytes, stdout, CPU seconds.

    CPU time (user + system) is reported beside wall time because it barely moves
    when other work shares the machine, where wall time does.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.run(command, capture_output=True, check=False, env=CHILD_ENV)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if process.returncode != 0:
        raise SystemExit(f"{command[:4]} failed: {process.stderr[-500:]!r}")
    peak_kb = process.stderr.rsplit(b"PEAK_KB ", 1)[1].split()[0]
    return elapsed, int(peak_kb) * 1024, process.stdout, cpu


def bench_citecheck(path: Path, runs: int) -> dict[str, Any]:
    """Median wall time and peak RSS of `citecheck extract --format json`."""
    command = [sys.executable, "-c", CITECHECK, "extract", str(path), "--format", "json"]
    results = [run_process(command) for _ in range(runs)]
    report = json.loads(results[-1][2])
    raws = [c["raw"] for document in report["documents"] for c in document["citations"]]
    baseline = [run_process([sys.executable, "-c", CITECHECK, "--version"]) for _ in range(3)]
    return {
        "baseline_s": statistics.median(r[0] for r in baseline),
        "baseline_rss_bytes": max(r[1] for r in baseline),
        "median_s": statistics.median(r[0] for r in results),
        "min_s": min(r[0] for r in results),
        "median_cpu_s": statistics.median(r[3] for r in results),
        "peak_rss_bytes": max(r[1] for r in results),
        "citations": report["summary"]["citations"],
        "raws": raws,
        "truncated": report["summary"]["by_defect"].get("truncated", 0),
    }


URLEXTRACT = """
import json, sys, time
from urlextract import URLExtract
text = open(sys.argv[1], encoding="utf-8").read()
extractor = URLExtract()
started = time.perf_counter()
urls = extractor.find_urls(text)
elapsed = time.perf_counter() - started
print(json.dumps({"find_s": elapsed, "urls": urls}, ensure_ascii=False))
"""


def bench_urlextract(path: Path) -> dict[str, Any]:
    """Whole-process time of urlextract on the same text (one run: it is slow)."""
    elapsed, rss, stdout, cpu = run_process(
        [sys.executable, "-c", PEAK_REPORT + URLEXTRACT, str(path)]
    )
    found = json.loads(stdout)
    return {
        "wall_s": elapsed,
        "cpu_s": cpu,
        "find_s": found["find_s"],
        "peak_rss_bytes": rss,
        "urls": found["urls"],
    }


# Every generated URL matches this, and nothing next to one does (the generator
# never puts a dot inside a path, so a dot followed by a URL character is a host's).
_TRUTH = re.compile(r"https://[A-Za-z0-9/%_-]+(?:\.[A-Za-z0-9/%_-]+)*")


def exact(found: list[str], text: str) -> tuple[int, int]:
    """Return how many found URLs are exactly as generated, and how many are not."""
    truth = Counter(_TRUTH.findall(text))
    right = sum((Counter(found) & truth).values())
    return right, len(found) - right


def _report_citecheck(ours: dict[str, Any], size: int, text: str) -> None:
    rate, cpu_rate = size / 1e6 / ours["median_s"], size / 1e6 / ours["median_cpu_s"]
    peak, baseline = ours["peak_rss_bytes"], ours["baseline_rss_bytes"]
    right, wrong = exact(ours["raws"], text)
    print(
        f"citecheck extract: median {ours['median_s']:.2f} s wall = {rate:.1f} MB/s whole"
        f" process; {ours['median_cpu_s']:.2f} s CPU = {cpu_rate:.1f} MB/s"
    )
    print(
        f"  peak RSS {peak / 1e6:.0f} MB = {peak / size:.1f}x input"
        f" ({(peak - baseline) / 1e6:.0f} MB = {(peak - baseline) / size:.1f}x above the"
        f" {baseline / 1e6:.0f} MB of `citecheck --version`), startup"
        f" {ours['baseline_s']:.2f} s; {ours['citations']} citations ({ours['truncated']}"
        f" truncated); {right} exactly as written, {wrong} not"
    )


def _report_urlextract(theirs: dict[str, Any], size: int, text: str) -> None:
    right, wrong = exact(theirs["urls"], text)
    print(
        f"urlextract: {theirs['wall_s']:.1f} s wall, {theirs['cpu_s']:.1f} s CPU, whole process"
        f" on {size / 1e6:.1f} MB = {size / 1e6 / theirs['wall_s']:.2f} MB/s; peak RSS"
        f" {theirs['peak_rss_bytes'] / 1e6:.0f} MB; {right} URLs exactly as written, {wrong} not"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--urlextract-mb", type=float, default=10.0, help="0 skips urlextract")
    parser.add_argument("--no-bytecode-cache", action="store_true", help="compile every run")
    parser.add_argument(
        "--dense", action="store_true", help="link-dense text: a URL in every sentence"
    )
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    if not args.no_bytecode_cache:
        CHILD_ENV.pop("PYTHONDONTWRITEBYTECODE", None)
        CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
        run_process([sys.executable, "-c", CITECHECK, "--version"])  # fills the cache
    text = generate(int(args.mb * 1_000_000), url_rate=1.0 if args.dense else 0.06)
    path = OUT / "bench.txt"
    path.write_text(text, encoding="utf-8")
    size = path.stat().st_size
    ours = bench_citecheck(path, args.runs)
    result: dict[str, Any] = {"input_bytes": size, "citecheck": ours}
    truth = len(_TRUTH.findall(text))
    cache = "no bytecode cache" if args.no_bytecode_cache else "bytecode cached"
    print(f"input: {size / 1e6:.1f} MB, {truth} URLs written; {cache}")
    _report_citecheck(ours, size, text)
    if args.urlextract_mb > 0:
        sample = OUT / "bench-urlextract.txt"
        sample_text = text[: int(len(text) * min(1.0, args.urlextract_mb / args.mb))]
        sample.write_text(sample_text, "utf-8")
        theirs = bench_urlextract(sample)
        result["urlextract"] = {**theirs, "input_bytes": sample.stat().st_size}
        _report_urlextract(theirs, sample.stat().st_size, sample_text)
    ours.pop("raws")
    result["urlextract"] = {k: v for k, v in result.get("urlextract", {}).items() if k != "urls"}
    (OUT / "extract_bench.json").write_text(json.dumps(result, indent=2), "utf-8")


if __name__ == "__main__":
    main()
