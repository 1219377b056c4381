"""Throughput and peak memory of `citecheck extract` as a whole process, beside
urlextract and linkify-it-py, on two texts of the same size (10 MB by default):

- prose: mixed Arabic/English paragraphs like the seed article, with thousands of URLs
  (about one per KB, three times denser than the seed) in the shapes real articles
  hold (inline with Arabic punctuation, source blocks of bare URLs, percent-encoded
  Arabic paths, cut-off ones, markdown links);
- dense: the same prose with a URL in every sentence (~49,000 in 10 MB);
- links: link-dense markdown (about one URL per 210 bytes: ~47,000 in 10 MB), like a
  curated list or a reference section: bullets of `[title](url)`, badge rows, bare
  URL lines, URLs in parentheses and in short Arabic and English sentences.

Each tool runs in a fresh process on the same file; citecheck runs
`python -m citecheck extract FILE --format json` (claims included): median of
several runs, peak RSS (VmHWM) of the process. urlextract and linkify-it-py are
bench-only comparisons, not dependencies: each is skipped with a message when it is
not installed (`pip install urlextract linkify-it-py`).

    .venv/bin/python benchmarks/extract_bench.py [--mb 10] [--runs 5] [--others-mb 10]
        [--text prose --text dense --text links] [--stages]

`--stages` prints, instead, where extraction's CPU goes in this process, stage by
stage (no start-up, no pool), in seconds, MB/s and µs per citation.

Peak memory is given as is and above the peak of `citecheck --version` (the
interpreter and the CLI's imports, which the input does not change).

The timed processes keep compiled bytecode (in benchmarks/out/pycache), as an
installed package does, even where PYTHONDONTWRITEBYTECODE is set; without it
every run compiles the package's modules again (about 25 ms of each run here):
`--no-bytecode-cache` measures that way.

Figures (464604c, `--mb 10 --runs 3 --others-mb 0`, four rounds alternated with main
54321fa; 2-core machine shared with three other sessions, load 1.4-2.7 while measured:
wall time is bimodal there, about 4.3 or 8.3 MB/s on links as the other core is taken
or free, so quote the CPU column, which moves by ±3%). "MB/s" is wall time
of the whole process, "MB/s cpu" its CPU time with that of its worker processes (a
10 MB file is read by two); the peers' rows are from ee76797, on the first 1 MB of the
same text, one process, URLs only (no claims):

    text   tool               MB/s MB/s cpu   peak MB    found    exact  wrong
    prose  citecheck     13.1-21.4    13.93        37     9730     9730      0
    prose  urlextract         0.10     0.16        35      985      573    412
    prose  linkify-it-py      1.02     1.17        14      985      702    283
    dense  citecheck      5.7-10.3     5.99        48    48938    48938      0
    dense  urlextract         0.06     0.13        33     4915      757   4158
    dense  linkify-it-py      0.63     1.14        17     4915     2153   2762
    links  citecheck       4.7-8.3     4.71        47    48685    48685      0
    links  urlextract         0.05     0.13        33     4846     3657   1189
    links  linkify-it-py      0.44     1.13        17     4846     4846      0

Against main (the same rounds; medians of the four CPU figures): links 4.41 → 4.71 MB/s
cpu, dense 5.70 → 5.99, prose 13.86 → 13.93 (within noise). In one process (`--stages`,
min of three): links 1.82 → 1.71 s, dense 1.36 → 1.28 s, prose 0.42 → 0.41 s. Output
is byte-identical (bench texts, examples/, tests/data). Peak RSS stays about 47 MB for
10 MB of input: one piece per process, the JSON spooled to a temporary file.

The 20 MB/s target is not met on link-dense text, and tuning this design in pure Python
will not meet it. At 20 MB/s a 10 MB file has 0.5 s of wall time: on two cores at most
1.0 s of CPU. The whole process takes 2.12 s of CPU on links (1.95 s in one process,
`CITECHECK_EXTRACT_WORKERS=1`), of which extraction is 1.71 s; the other 0.41 s is
start-up (`citecheck --version`: 0.11 s), the parent reading, cutting and writing, and
the pool (10 MB of pieces and 35 MB of results pickled: 0.09 s). That leaves about
0.6 s for 48,685 citations: 12 µs a citation for everything. `--stages` on links (one
process, µs per citation):

    cut into pieces                       0.042 s   0.9
    find URLs                             0.223 s   4.6   (44.8 MB/s alone)
    + links, citations as found           0.637 s  13.1   (canonical URI, display IRI,
                                                           line and column, markdown links)
    + lines, sentences (no claim text)    1.096 s  22.5   (the line each sits on, its
                                                           sentence or source block)
    + claim text and its JSON             1.646 s  33.8   (38,433 claims, 10 µs each:
                                                           about ten regex passes)
    + citation JSON, UTF-8                1.707 s  35.1

URL finding and the citations as found already spend the whole 12 µs; the claim pass
adds 20 µs a citation on its own. The profile is flat (py-spy: no function above 10%
of self time, claim cleaning's regex passes included; the literal `://` scan runs at
1.7 GB/s): the cost is the many Python-level steps per citation, each 0.3-1.5 µs
(canonical URI 1.1 µs, display IRI 1.5, line and column 0.8, span 0.35). The target needs
the per-citation work cut about three times (35 → 12 µs), by compiling the extract modules (mypyc or
Cython) or one fused pass in native code, not by tuning. Prose (one citation per KB)
takes 0.41 s in one process (24 MB/s CPU) and 0.72 s whole (start-up and the pool are
40% of it): 20 MB/s wall when both cores are free (20.7-21.4 in the rounds where they
were), 14 MB/s per CPU.

Compiling does not close the gap either, with mypyc at least (probe on 7032545,
`bash benchmarks/mypyc_probe.sh`: extract/*.py and report/serialize.py compiled as they
are, no source change; `PYTHONPATH=benchmarks/out/mypyc/src` runs the compiled copy).
Three rounds alternated with the pure-Python modules, medians: `--stages` on links
1.70 → 1.31 s (1.30x); whole process, MB/s cpu, links 4.71 → 5.88 (1.25x), dense
6.09 → 7.46 (1.22x), prose 13.89 → 15.83 (1.14x); output byte-identical. Compiling
models.py too (frozen dataclasses made native) gains about 5% more in one process
but breaks the pool: its objects no longer unpickle. The reason is in perf's profile
(`perf record --call-graph dwarf`, samples by leaf function): mypyc removes about 40%
of the interpreter's own work and nothing else. The regex engine (about 0.5 s on
links), string operations (0.25 s) and allocation (0.25 s) cost the same compiled,
and those three already take more than the 0.6 s that 20 MB/s leaves for extraction.
So reaching the target means doing less regex and string work per citation (fewer
passes, or one fused pass in native code), not compiling the same steps.
"""

from __future__ import annotations

import argparse
import importlib.util
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
from collections.abc import Callable
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

    `url_rate` is the share of sentences that cite a URL inline (`dense`: every one).
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
    """Return a seed-like prose text of about `size_bytes` UTF-8 bytes."""
    return _generated(lambda rng: make_paragraph(rng, url_rate), size_bytes, seed)


def generate_dense(size_bytes: int, seed: int = 20191) -> str:
    """Return seed-like prose with a URL in every sentence (~49,000 in 10 MB)."""
    return generate(size_bytes, seed, url_rate=1.0)


def _generated(make: Callable[[random.Random], str], size_bytes: int, seed: int) -> str:
    rng = random.Random(seed)
    parts, size = [], 0
    while size < size_bytes:
        part = make(rng)
        parts.append(part)
        size += len(part.encode("utf-8"))
    return "".join(parts)


BADGES = ("build", "coverage", "pypi", "license", "docs")


def make_link_block(rng: random.Random) -> str:
    """Return a few lines of link-dense markdown (a curated list, references)."""

    def words(vocabulary: tuple[str, ...], low: int, high: int) -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(rng.randrange(low, high)))

    def line() -> str:
        shape = rng.choices(range(5), weights=(30, 4, 8, 38, 20))[0]
        if shape == 0:
            title, note = words(ENGLISH_WORDS, 2, 5), words(ARABIC_WORDS, 6, 16)
            return f"- [{title}]({make_url(rng)}) — {note}.\n"
        if shape == 1:
            badges = rng.sample(BADGES, rng.randrange(2, 4))
            return "".join(f"[![{b}]({make_url(rng)})]({make_url(rng)})" for b in badges) + "\n"
        if shape == 2:
            return f"{make_url(rng)}\n"
        if shape == 3:
            return (
                f"{words(ARABIC_WORDS, 12, 34)} ({make_url(rng)})، {words(ENGLISH_WORDS, 8, 24)}"
                f" {make_url(rng)}.\n"
            )
        return f"{rng.randrange(1, 99)}. {words(ARABIC_WORDS, 6, 18)}: {make_url(rng)}\n"

    return "".join(line() for _ in range(rng.randrange(3, 9))) + "\n"


def generate_links(size_bytes: int, seed: int = 20191) -> str:
    """Return a link-dense markdown text of about `size_bytes` UTF-8 bytes."""
    return _generated(make_link_block, size_bytes, seed)


TEXTS: dict[str, Callable[[int], str]] = {
    "prose": generate,
    "dense": generate_dense,
    "links": generate_links,
}


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
    return {
        "median_s": statistics.median(r[0] for r in results),
        "min_s": min(r[0] for r in results),
        "median_cpu_s": statistics.median(r[3] for r in results),
        "peak_rss_bytes": max(r[1] for r in results),
        "citations": report["summary"]["citations"],
        "truncated": report["summary"]["by_defect"].get("truncated", 0),
        "urls": [c["raw"] for document in report["documents"] for c in document["citations"]],
    }


def bench_baseline() -> dict[str, float]:
    """What `citecheck --version` costs: the interpreter and the CLI's imports."""
    baseline = [run_process([sys.executable, "-c", CITECHECK, "--version"]) for _ in range(3)]
    return {
        "startup_s": statistics.median(r[0] for r in baseline),
        "rss_bytes": max(r[1] for r in baseline),
    }


URLEXTRACT = """
import json, sys, time
from urlextract import URLExtract
text = open(sys.argv[1], encoding="utf-8").read()
extractor = URLExtract(limit=10**7)  # its default stops at 10,000 URLs
started = time.perf_counter()
urls = extractor.find_urls(text)
print(json.dumps({"find_s": time.perf_counter() - started, "urls": urls}, ensure_ascii=False))
"""
LINKIFY = """
import json, sys, time
from linkify_it import LinkifyIt
text = open(sys.argv[1], encoding="utf-8").read()
started = time.perf_counter()
urls = [match.raw for match in LinkifyIt().match(text) or ()]
print(json.dumps({"find_s": time.perf_counter() - started, "urls": urls}, ensure_ascii=False))
"""
OTHERS = {"urlextract": ("urlextract", URLEXTRACT), "linkify-it-py": ("linkify_it", LINKIFY)}
"""Bench-only peers: the module each needs, and the program that times it."""


def bench_other(program: str, path: Path, runs: int) -> dict[str, Any]:
    """Whole-process time and peak RSS of a peer's URL finder on the same text."""
    results = [
        run_process([sys.executable, "-c", PEAK_REPORT + program, str(path)]) for _ in range(runs)
    ]
    found = json.loads(results[-1][2])
    return {
        "median_s": statistics.median(r[0] for r in results),
        "median_cpu_s": statistics.median(r[3] for r in results),
        "find_s": found["find_s"],
        "peak_rss_bytes": max(r[1] for r in results),
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


def _row(name: str, tool: str, result: dict[str, Any], size: int, text: str) -> str:
    right, wrong = exact(result["urls"], text)
    wall = size / 1e6 / result["median_s"]
    cpu = size / 1e6 / result["median_cpu_s"]
    peak = result["peak_rss_bytes"] / 1e6
    return (
        f"{name:<6} {tool:<14} {wall:>8.2f} {cpu:>8.2f} {peak:>9.0f}"
        f" {len(result['urls']):>8} {right:>8} {wrong:>6}"
    )


HEADER = (
    f"{'text':<6} {'tool':<14} {'MB/s':>8} {'MB/s cpu':>8} {'peak MB':>9}"
    f" {'found':>8} {'exact':>8} {'wrong':>6}"
)


def bench_text(name: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run every tool on one generated text, printing a table row each; return the figures."""
    text = TEXTS[name](int(args.mb * 1_000_000))
    path = OUT / f"bench-{name}.txt"
    path.write_text(text, encoding="utf-8")
    size = path.stat().st_size
    ours = bench_citecheck(path, args.runs)
    print(_row(name, "citecheck", ours, size, text), flush=True)  # before the slow peers
    figures: dict[str, Any] = {"input_bytes": size, "urls_written": len(_TRUTH.findall(text))}
    figures["citecheck"] = ours
    sample_text = text[: int(len(text) * min(1.0, args.others_mb / args.mb))]
    sample = OUT / f"bench-{name}-sample.txt"
    sample.write_text(sample_text, encoding="utf-8")
    for tool, (module, program) in OTHERS.items():
        if args.others_mb <= 0 or importlib.util.find_spec(module) is None:
            why = "--others-mb 0" if args.others_mb <= 0 else f"not installed (pip install {tool})"
            print(f"{name:<6} {tool:<14} skipped: {why}")
            continue
        theirs = bench_other(program, sample, args.other_runs)
        print(_row(name, tool, theirs, sample.stat().st_size, sample_text), flush=True)
        figures[tool] = {**theirs, "input_bytes": sample.stat().st_size}
    return figures


def _stage_rows(path: Path) -> tuple[int, list[tuple[str, float]]]:
    """The citations of a file, and the CPU seconds (min of three, one process, no
    start-up) of extraction's stages, each row the work of the row above plus one."""
    import citecheck.extract as extract  # imported here: the timed runs import it themselves
    from citecheck.extract.claims import claim_maker
    from citecheck.extract.stream import iter_pieces
    from citecheck.report import serialize

    pieces = list(iter_pieces(path))

    def claims(piece: Any) -> Any:
        document = piece.document
        return claim_maker(document, serialize._claim_json_builder(document))

    stages: list[tuple[str, Callable[[], object]]] = [
        ("cut into pieces", lambda: list(iter_pieces(path))),
        ("find URLs", lambda: [extract.find_urls(p.document.text) for p in pieces]),
        ("+ links, citations as found", lambda: [extract._found(p.document) for p in pieces]),
        (
            "+ lines, sentences (no claim text)",
            lambda: [
                list(extract.iter_drafts(p.document, lambda _: [], since=p.since)) for p in pieces
            ],
        ),
        (
            "+ claim text and its JSON",
            lambda: [
                list(extract.iter_drafts(p.document, claims(p), since=p.since)) for p in pieces
            ],
        ),
        ("+ citation JSON, UTF-8", lambda: [serialize._piece_json(p) for p in pieces]),
    ]
    own = sum(f.span.start >= p.since for p in pieces for f in extract._found(p.document))
    return own, [(label, _cpu_min(run)) for label, run in stages]


def _cpu_min(run: Callable[[], object], times: int = 3) -> float:
    spent = []
    for _ in range(times):
        started = time.process_time()
        run()
        spent.append(time.process_time() - started)
    return min(spent)


def print_stages(name: str, args: argparse.Namespace) -> None:
    """Print where one text's extraction CPU goes (`--stages`)."""
    path = OUT / f"bench-{name}.txt"
    path.write_text(TEXTS[name](int(args.mb * 1_000_000)), encoding="utf-8")
    size = path.stat().st_size
    citations, rows = _stage_rows(path)
    print(f"{name}: {size / 1e6:.1f} MB, {citations} citations (CPU s, MB/s, µs per citation)")
    for label, seconds in rows:
        print(
            f"  {label:<36} {seconds:6.3f} {size / 1e6 / seconds:7.1f}"
            f" {seconds / max(citations, 1) * 1e6:6.1f}"
        )


def _without_urls(value: Any) -> Any:
    return {k: v for k, v in value.items() if k != "urls"} if isinstance(value, dict) else value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=5, help="citecheck runs per text")
    parser.add_argument("--other-runs", type=int, default=1, help="runs of each peer")
    parser.add_argument("--others-mb", type=float, default=10.0, help="0 skips the peers")
    parser.add_argument("--text", action="append", choices=sorted(TEXTS), help="default: all")
    parser.add_argument("--no-bytecode-cache", action="store_true", help="compile every run")
    parser.add_argument(
        "--stages", action="store_true", help="where the CPU goes, in this process, and stop"
    )
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    if args.stages:
        for name in args.text or list(TEXTS):
            print_stages(name, args)
        return
    if not args.no_bytecode_cache:
        CHILD_ENV.pop("PYTHONDONTWRITEBYTECODE", None)
        CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
        run_process([sys.executable, "-c", CITECHECK, "--version"])  # fills the cache
    baseline = bench_baseline()
    cache = "no bytecode cache" if args.no_bytecode_cache else "bytecode cached"
    print(
        f"{args.mb:g} MB per text; {cache}; citecheck median of {args.runs} runs;"
        f" `citecheck --version`: {baseline['startup_s']:.2f} s,"
        f" {baseline['rss_bytes'] / 1e6:.0f} MB peak"
    )
    print(HEADER)
    result: dict[str, Any] = {"baseline": baseline}
    for name in args.text or list(TEXTS):
        figures = bench_text(name, args)
        result[name] = {
            tool: {k: v for k, v in value.items() if k != "urls"}
            if isinstance(value, dict)
            else value
            for tool, value in figures.items()
        }
    (OUT / "extract_bench.json").write_text(json.dumps(result, indent=2), "utf-8")


if __name__ == "__main__":
    main()
