"""Reading pages in a scan: drift only when needed, no bodies kept, CPU work off the loop."""

from __future__ import annotations

import asyncio
import gc
import time
import types
from pathlib import Path
from typing import Any

from citecheck.compare import FeatureCache, SupportScorer
from citecheck.config import Settings
from citecheck.extract import extract_citations
from citecheck.models import (
    Citation,
    DocKind,
    Document,
    FetchResult,
    PageText,
    Report,
    Status,
    Support,
    SupportLabel,
    Verdict,
)
from citecheck.pagetext import head_title, page_text
from citecheck.pipeline import ascan, scan
from citecheck.progress import NullProgress
from citecheck.workers import Assessment, PageWorkers
from localserver import LocalServer, Reply
from test_pipeline import local_settings

PAGES = Path(__file__).parent / "data" / "support" / "pages"


def article_html(text: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    return f"<html><head><title>Story</title></head><body><article>{paragraphs}</article></body>"


def only_drift(report: Report) -> float | None:
    (result,) = report.results
    assert result.verdict.status == Status.OK
    assert result.history is not None
    return result.history.drift


def test_drift_needs_an_earlier_text_and_reads_a_page_only_when_its_body_changed(
    tmp_path: Path, server: LocalServer
) -> None:
    versions = [(PAGES / "t1_e1.txt").read_text("utf-8"), (PAGES / "t6_e1.txt").read_text("utf-8")]
    current = {"text": versions[0]}
    server.route("/story", lambda _request: Reply(200, article_html(current["text"])))
    doc = tmp_path / "doc.md"
    doc.write_text(f"The story is at {server.url('/story')}.\n", encoding="utf-8")
    settings = local_settings(tmp_path, support=False, soft404_probe=False)
    archive_texts = tmp_path / "cache"
    assert only_drift(scan([doc], settings)) is None, "a first check has nothing to drift from"
    assert not _baseline_recorded(archive_texts), "--no-support reads no page on a first check"
    assert only_drift(scan([doc], settings)) is None, "the second check reads the baseline"
    assert _baseline_recorded(archive_texts)
    assert only_drift(scan([doc], settings)) == 0.0
    current["text"] = versions[1]
    changed = only_drift(scan([doc], settings))
    assert changed is not None
    assert changed > 0.9


def _baseline_recorded(cache: Path) -> bool:
    from citecheck.store.archive import Archive

    with Archive.open(str(cache)) as archive:
        return any(archive.text_baseline(url) for url in {c["url"] for c in archive.checks()})


# ---------------------------------------------------------------- no bodies in the report

PAGE_BYTES = 512 * 1024


def big_article(number: int) -> str:
    line = f"<p>Story {number}: the harbour authority said grain shipments rose again.</p>\n"
    head = f"<html><head><title>Story &amp; {number}</title></head>"
    return head + "<body><article>" + line * (PAGE_BYTES // len(line)) + "</article></body></html>"


def reachable(root: object) -> tuple[int, int]:
    """Bytes in bytes-like objects, and the longest string, reachable from `root`."""
    seen: set[int] = set()
    stack = [root]
    body_bytes = longest = 0
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, type | types.ModuleType | types.FunctionType):
            continue
        seen.add(id(obj))
        if isinstance(obj, bytes | bytearray):
            body_bytes += len(obj)
        elif isinstance(obj, memoryview):
            body_bytes += obj.nbytes
        elif isinstance(obj, str):
            longest = max(longest, len(obj))
        stack.extend(gc.get_referents(obj))
    return body_bytes, longest


def test_the_report_holds_no_response_bodies(tmp_path: Path, server: LocalServer) -> None:
    lines = []
    for number in range(20):
        server.route(f"/big/{number}", Reply(200, big_article(number)))
        lines.append(f"Story {number} is at {server.url(f'/big/{number}')}.")
    doc = tmp_path / "doc.md"
    doc.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    settings = local_settings(tmp_path, support=False, soft404_probe=False)
    report = scan([doc], settings)
    assert [r.verdict.status for r in report.results] == [Status.OK] * 20
    assert [r.page_title for r in report.results] == [f"Story & {n}" for n in range(20)]
    body_bytes, longest = reachable(report)
    assert body_bytes < 200 * 1024, f"{body_bytes} bytes of bodies held by the report"
    assert longest < PAGE_BYTES // 4, "no page (or its text) is held by the report"


# ---------------------------------------------------------------- page work off the event loop

HEAVY_S = 4.0


def burn_then_read(
    result: FetchResult, settings: Settings, *, cache: FeatureCache | None = None
) -> PageText | None:
    """A page reader that spends `HEAVY_S` of CPU on /heavy, as a 5 MB page would."""
    if result.url.endswith("/heavy"):
        deadline = time.monotonic() + HEAVY_S
        while time.monotonic() < deadline:
            sum(range(1000))
    return page_text(result, settings, cache=cache)


def lexical_scorer(settings: Settings) -> SupportScorer:
    return SupportScorer(settings, embedder=None)


class Finished(NullProgress):
    """Records the order in which URLs finish being checked."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def advance(self, result: FetchResult, verdict: Verdict) -> None:
        self.urls.append(result.url)


def test_a_slow_page_does_not_hold_up_or_starve_another_url(
    tmp_path: Path, server: LocalServer
) -> None:
    text = (PAGES / "t1_e1.txt").read_text("utf-8")
    server.route("/heavy", Reply(200, article_html(text)))
    server.route("/slow", Reply(200, article_html(text), delay_s=1.0))
    doc = tmp_path / "doc.md"
    doc.write_text(
        f"Heavy {server.url('/heavy')} and slow {server.url('/slow')}.\n", encoding="utf-8"
    )
    # The slow URL's whole budget is shorter than the heavy page's reading.
    settings = local_settings(tmp_path, soft404_probe=False, url_budget_s=3.0, timeout_s=3.0)
    progress = Finished()
    with PageWorkers(settings, reader=burn_then_read, scorer=lexical_scorer) as workers:
        report = asyncio.run(ascan([doc], settings, progress=progress, workers=workers))
    assert {r.citation.url: r.verdict.status for r in report.results} == {
        server.url("/heavy"): Status.OK,
        server.url("/slow"): Status.OK,
    }
    assert progress.urls == [server.url("/slow"), server.url("/heavy")]


# ---------------------------------------------------------------- the title without the text


def fetched(body: bytes, content_type: str = "text/html") -> FetchResult:
    return FetchResult(
        "http://n.test/a", "http://n.test/a", 200, content_type=content_type, body=body
    )


def test_head_title_reads_the_declared_charset_and_entities() -> None:
    arabic = "<title>روسيا وليبيا &mdash; الجزيرة</title>"
    meta = b'<html><head><meta charset="windows-1256">' + arabic.encode("cp1256")
    page = head_title(fetched(meta))
    assert page is not None
    assert page.title == "روسيا وليبيا — الجزيرة"
    assert page.text == ""
    header = fetched(arabic.encode("cp1256"), "text/html; charset=windows-1256")
    assert getattr(head_title(header), "title", None) == "روسيا وليبيا — الجزيرة"
    spaced = head_title(fetched(b"<TITLE lang=en>\n  Grain   figures\n</title >"))
    assert getattr(spaced, "title", None) == "Grain figures"


def test_head_title_is_none_without_a_whole_title_and_fast_on_hostile_heads() -> None:
    assert head_title(fetched(b"<html><body>no title</body></html>")) is None
    assert head_title(fetched(b"<title>never closed" + b"x" * 100_000)) is None
    assert head_title(fetched(b"<title" * 200_000)) is None


# ---------------------------------------------------------------- scoring overlaps fetching


class MarkingScorer(SupportScorer):
    """A lexical scorer that leaves a file behind when it scores (in the worker process)."""

    def assess(self, citation: Citation, page: PageText | None) -> tuple[Support, Any]:
        (Path(self.settings.cache_dir) / "scored").touch()
        return super().assess(citation, page)


def marking_scorer(settings: Settings) -> SupportScorer:
    Path(settings.cache_dir).mkdir(parents=True, exist_ok=True)
    return MarkingScorer(settings, embedder=None)


def test_a_page_is_scored_as_soon_as_it_is_read_and_judged_alike(tmp_path: Path) -> None:
    url = "http://n.test/story"
    text = (PAGES / "t1_e1.txt").read_text("utf-8")
    result = FetchResult(url, url, 200, content_type="text/html", body=article_html(text).encode())
    claim = "Russia blocked the British-drafted statement on Haftar's advance on Tripoli"
    source = f"{claim} {url}\n"
    (citation,) = extract_citations(Document("doc.txt", DocKind.TEXT, source, (0,)))
    settings = local_settings(tmp_path)
    marker = tmp_path / "cache" / "scored"

    async def early_then_late() -> tuple[list[Assessment] | None, list[Assessment] | None]:
        with PageWorkers(settings, processes=1, scorer=marking_scorer) as workers:
            workers.expect({url: [citation]})
            page = await workers.page_text(result)
            for _ in range(300):  # at most 30 s on a loaded machine; nobody asked for it yet
                if marker.exists():
                    break
                await asyncio.sleep(0.1)
            assert marker.exists(), "the page was not scored once read"
            return await workers.assess([citation], page), await workers.assess([citation], page)

    early, late = asyncio.run(early_then_late())
    assert early is not None
    assert early == late
    assert early[0][0].label is not SupportLabel.UNKNOWN
