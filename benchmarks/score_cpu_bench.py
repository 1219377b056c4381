"""CPU seconds per citation of support scoring on 100 KB news pages, on one core.

Run on demand (not in CI):

    .venv/bin/python benchmarks/score_cpu_bench.py --runs 3            # per citation
    .venv/bin/python benchmarks/score_cpu_bench.py --profile 25        # top functions
    .venv/bin/python benchmarks/score_cpu_bench.py --scan 60 --runs 3  # on/off ratio

Per citation: each of the 18 claims of e2e_stories.py (Arabic and English, and
the Arabic claims of English stories: Arabic→English) is scored against a fresh
100 KB page of its story and one of another story (36 citations). Pages are
shaped like web_bench's news pages: navigation, a headline, an article of
30-45 KB of text (the story's sentences among sentences recombined from the
other stories of its language, so the page is on topic and every sentence is
new to the encoder), scripts. The page's main text is read
(`pagetext.page_text`) and the claim scored by a scorer kept across pages, as a
page worker keeps it, with an empty in-memory feature cache. The process is
pinned to one core with one BLAS thread; the CPU time (user+sys) of each
citation is taken, and the line printed per run holds their median, mean and
maximum, with a quality check on these long pages (ROC-AUC own page vs other,
`supported` right and wrong, every label). The last line is the median of the
runs' medians: issue #9 asks for ≤ 0.3 s.

--scan N runs benchmarks/scan_cpu_bench.py's scan (N URLs on loopback, the whole
`citecheck scan` with its process pool) with support scoring off and on, and
prints the CPU and wall medians of each and their ratios (issue #14 asks for
support on within 2× of off).

--profile K samples the per-citation run with cProfile and prints the top K
functions by own time and by total time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from e2e_stories import STORIES, Story  # noqa: E402

from citecheck.models import Support  # noqa: E402

PAGE_BYTES = 100_000
ARTICLE_SHARE = (0.30, 0.45)
"""The share of the page that is article text (web_bench: 25-50%); the rest is markup."""
SEED = 9


@dataclass(frozen=True, slots=True)
class Case:
    """One citation: a claim and the page it leads to (its story's, or another story's)."""

    claim: str
    story: Story
    supported: bool


def cases() -> list[Case]:
    """Every story's claim, and the Arabic claim of each English story, each against the
    page of its story and against the page of the next story in the same language."""
    claims = [(story.claim, story) for story in STORIES]
    claims += [(story.claim_ar, story) for story in STORIES if story.claim_ar]
    found = [Case(claim, story, True) for claim, story in claims]
    found += [Case(claim, _next_story(story), False) for claim, story in claims]
    return found


def _next_story(story: Story) -> Story:
    same = [other for other in STORIES if other.language == story.language]
    return same[(same.index(story) + 1) % len(same)]


def filler(language: str, exclude: str, rng: random.Random) -> str:
    """A new on-topic sentence: the start of one story sentence and the end of another."""
    pool = [
        sentence
        for story in STORIES
        if story.language == language and story.name != exclude
        for sentence in story.body
    ]
    first, second = rng.sample(pool, 2)
    head, tail = first.split(), second.split()
    number = rng.randint(2, 990)
    middle = f"{number}" if rng.random() < 0.3 else ""
    words = head[: len(head) // 2] + ([middle] if middle else []) + tail[len(tail) // 2 :]
    return " ".join(words)


def page_html(story: Story, rng: random.Random) -> str:
    """A 100 KB news page: navigation, the story among filler paragraphs, scripts."""
    language = story.language
    target = PAGE_BYTES * rng.uniform(*ARTICLE_SHARE)
    paragraphs: list[str] = []
    size = 0
    while size < target:
        paragraph = " ".join(filler(language, story.name, rng) for _ in range(rng.randint(2, 5)))
        paragraphs.append(f"<p>{paragraph}</p>")
        size += len(paragraphs[-1].encode())
    middle = len(paragraphs) // 3
    paragraphs[middle:middle] = [f"<p>{sentence}</p>" for sentence in story.body]
    nav = "".join(f'<li><a href="/s/{n}">section {n}</a></li>' for n in range(60))
    html = (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{story.headline}</title></head><body><header><nav><ul>{nav}</ul></nav>"
        f"</header><main><article><h1>{story.headline}</h1>{''.join(paragraphs)}</article>"
        "</main><footer>(c) News</footer>"
    )
    room = max(0, PAGE_BYTES - len(html.encode()) - 40)
    script = "".join(f"{rng.getrandbits(64):016x}" for _ in range(room // 16 + 1))[:room]
    return f"{html}<script>var c='{script}';</script></body></html>"


def read(html: str, number: int) -> object:
    """The page text the pipeline would read from this body."""
    from citecheck.config import Settings
    from citecheck.models import FetchResult
    from citecheck.pagetext import page_text

    url = f"https://bench.test/{number}"
    result = FetchResult(
        url, url, 200, content_type="text/html; charset=utf-8", checked_at=datetime.now(UTC),
        body=html.encode(),
    )  # fmt: skip
    return page_text(result, Settings())


def one_core() -> None:
    """Pin this process to one core and its BLAS to one thread (what a page worker has)."""
    from threadpoolctl import threadpool_limits

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    threadpool_limits(limits=1)


def per_citation(seed: int) -> dict[str, float]:
    """Read and score every case on a fresh page; CPU seconds per citation."""
    from citecheck.compare import MemoryCache, SupportScorer
    from citecheck.config import Settings

    scorer = SupportScorer(Settings(), cache=MemoryCache())
    scorer.score("warm up the encoder", _page(read(page_html(STORIES[0], random.Random(0)), 0)))
    rng = random.Random(seed)
    times: list[float] = []
    judged: list[tuple[Case, Support]] = []
    for number, case in enumerate(cases(), start=1):
        html = page_html(case.story, rng)
        start = time.process_time()
        page = _page(read(html, number))
        support = scorer.score(case.claim, page)
        times.append(time.process_time() - start)
        judged.append((case, support))
    return {
        "median_s": round(statistics.median(times), 3),
        "mean_s": round(statistics.mean(times), 3),
        "max_s": round(max(times), 3),
        "citations": len(times),
        **quality(judged),
    }


def quality(judged: list[tuple[Case, Support]]) -> dict[str, object]:
    """ROC-AUC of the score (own story's page vs another story's), `supported` counts, and
    the labels in order (s/p/u/c/?), to compare two versions case by case."""
    positives = [support.score for case, support in judged if case.supported]
    negatives = [support.score for case, support in judged if not case.supported]
    pairs = [(p > n) + 0.5 * (p == n) for p in positives for n in negatives]
    supported = [case.supported for case, support in judged if support.label.value == "supported"]
    return {
        "auc": round(sum(pairs) / max(1, len(pairs)), 3),
        "supported_right": supported.count(True),
        "supported_wrong": supported.count(False),
        "labels": "".join(_LETTERS.get(support.label.value, "?") for _, support in judged),
    }


_LETTERS = {"supported": "s", "partial": "p", "unsupported": "u", "contradicted": "c"}


def _page(page: object) -> object:
    if page is None:
        raise SystemExit("the page reader found no text in a generated page")
    return page


def profile(count: int) -> None:
    profiler = cProfile.Profile()
    profiler.runcall(per_citation, SEED)
    for key in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(key).print_stats(count)
        print(out.getvalue().split("\n", 6)[-1])


def scan_ratio(urls: int, runs: int) -> dict[str, float]:
    """Median CPU and wall of scan_cpu_bench's scan with support off and on, and the ratios."""
    from multiprocessing import Process

    import scan_cpu_bench as scan
    from fetch_bench import _free_ports, _wait_for

    ports = _free_ports(scan.HOSTS)
    corpus = scan.corpus(urls, ports)
    server = Process(target=scan.serve, args=(ports,), daemon=True)
    server.start()
    rows: dict[bool, list[dict[str, object]]] = {False: [], True: []}
    try:
        _wait_for(ports)
        for _ in range(runs):
            for support in (False, True):
                options = argparse.Namespace(support=support, warm=False, profile=None)
                rows[support].append(scan.one_run(corpus, options))
    finally:
        server.terminate()
        server.join()
    figures: dict[str, float] = {"urls": urls, "runs": runs}
    for support, name in ((False, "off"), (True, "on")):
        for key in ("cpu_s", "wall_s"):
            figures[f"{key}_{name}"] = statistics.median(float(r[key]) for r in rows[support])  # type: ignore[arg-type]
    figures["cpu_ratio"] = round(figures["cpu_s_on"] / figures["cpu_s_off"], 2)
    figures["wall_ratio"] = round(figures["wall_s_on"] / figures["wall_s_off"], 2)
    figures["cpu_s_per_url_on"] = round(figures["cpu_s_on"] / urls, 3)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", type=int, metavar="K", default=0)
    parser.add_argument("--scan", type=int, metavar="URLS", default=0)
    args = parser.parse_args()
    if args.scan:
        print(json.dumps(scan_ratio(args.scan, args.runs)))
        return
    one_core()
    if args.profile:
        profile(args.profile)
        return
    rows = [per_citation(SEED + run) for run in range(args.runs)]
    for row in rows:
        print(json.dumps(row))
    median = statistics.median(row["median_s"] for row in rows)
    print(json.dumps({"median_of": len(rows), "cpu_s_per_citation": median}))


if __name__ == "__main__":
    main()
