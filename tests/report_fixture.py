"""One Report that every report test renders: Arabic and English, every status, hostile text.

Built by hand from the models, so report tests need no network and no other stage.
Hostile strings sit in every field a page or a document controls (titles, claims,
evidence, URLs, reasons, paths); `PWNED` is the global they would set if they ran.
"""

from __future__ import annotations

from datetime import UTC, datetime

from citecheck import __version__
from citecheck.models import (
    ArchiveRef,
    CheckResult,
    Citation,
    CitationStyle,
    Claim,
    ClaimCoverage,
    Defect,
    DocKind,
    DocumentResult,
    FetchError,
    FetchResult,
    History,
    HistoryState,
    Hop,
    Location,
    Report,
    Span,
    Status,
    Suggestion,
    Support,
    SupportLabel,
    Verdict,
)

STARTED = datetime(2026, 11, 29, 2, 0, 0, tzinfo=UTC)
FINISHED = datetime(2026, 11, 29, 2, 3, 25, 500000, tzinfo=UTC)
CHECKED = datetime(2026, 11, 29, 2, 1, 10, tzinfo=UTC)

PWNED = "__pwned"
SCRIPT = f"<script>window.{PWNED}=1</script>"
ONERROR = f'" onerror="window.{PWNED}=2" x="'
IMG = f"<img src=x onerror=window.{PWNED}=3>"
TEXTAREA = "</textarea></script><b id=injected>x</b>"

AR_DOC = "articles/libya-russia.md"
EN_DOC = "articles/en | report.md"

AR_CLAIM = "قال وزير الخارجية الروسي إن موسكو تدعم الحل السياسي في ليبيا"
AR_CLAIM_2 = "وأكدت روسيا أنها على اتصال بجميع الأطراف الليبية"
EN_CLAIM = "The UN envoy said the offensive on Tripoli displaced thousands of families"


def _claim(text: str, path: str, line: int) -> Claim:
    return Claim(text, Span(line * 100, line * 100 + len(text)), Location(path, line, 1))


def _citation(
    url: str,
    path: str,
    line: int,
    claims: tuple[str, ...],
    *,
    display: str | None = None,
    raw: str | None = None,
    style: CitationStyle = CitationStyle.SOURCE_BLOCK,
    defects: tuple[Defect, ...] = (),
    repaired: str | None = None,
) -> Citation:
    return Citation(
        url=url,
        display_url=display or url,
        raw=raw or url,
        location=Location(path, line, 3),
        span=Span(line * 100 + 2, line * 100 + 2 + len(raw or url)),
        style=style,
        claims=tuple(_claim(text, path, line - 1 - index) for index, text in enumerate(claims)),
        defects=defects,
        repaired_url=repaired,
    )


def _fetch(
    url: str, status: int | None, *, hops: tuple[Hop, ...] = (), **extra: object
) -> FetchResult:
    final = hops[-1].url if hops else url
    chain = hops or ((Hop(url, status),) if status else ())
    return FetchResult(
        url=url,
        final_url=final,
        http_status=status,
        hops=chain,
        content_type="text/html; charset=utf-8",
        checked_at=CHECKED,
        elapsed_s=0.25,
        **extra,  # type: ignore[arg-type]
    )


def _archive(name: str) -> ArchiveRef:
    return ArchiveRef(f"cache/warc/{name}.warc.gz", 1024, 2048, f"<urn:uuid:{name}>", "sha1:ABC")


AR_PATH = "/news/2019/05/%D8%B1%D9%88%D8%B3%D9%8A%D8%A7-%D9%84%D9%8A%D8%A8%D9%8A%D8%A7"
AR_IRI = "/news/2019/05/روسيا-ليبيا"


def arabic_document() -> DocumentResult:
    """Arabic claims: ok+supported, redirected+partial, dead with an archive, truncated."""
    ok_url = f"https://www.aljazeera.net{AR_PATH}"
    moved = "https://arabic.rt.com/middle_east/1017%D9%84%D9%8A%D8%A8%D9%8A%D8%A7"
    dead = "https://www.alarabiya.net/ar/arab-and-world/2019/04/07/libya"
    truncated = "https://www.skynewsarabia.com/world/%D8%B1%25"
    results = (
        CheckResult(
            citation=_citation(
                ok_url, AR_DOC, 12, (AR_CLAIM,), display=f"https://www.aljazeera.net{AR_IRI}"
            ),
            verdict=Verdict(Status.OK, "200 OK"),
            fetch=_fetch(ok_url, 200, archive=_archive("aj")),
            support=Support(
                0.87,
                SupportLabel.SUPPORTED,
                claim=AR_CLAIM,
                evidence="وقال وزير الخارجية الروسي إن موسكو تدعم الحل السياسي للأزمة",
                language="ar",
            ),
            history=History(HistoryState.HEALTHY, recent=("ok", "ok", "ok")),
            page_title="روسيا وليبيا — الجزيرة",
        ),
        CheckResult(
            citation=_citation(
                moved,
                AR_DOC,
                14,
                (AR_CLAIM_2,),
                display="https://arabic.rt.com/middle_east/1017ليبيا",
            ),
            verdict=Verdict(Status.REDIRECTED, "moved permanently to a new address"),
            fetch=_fetch(
                moved,
                200,
                hops=(
                    Hop(moved, 301, "https://arabic.rt.com/news/1017"),
                    Hop("https://arabic.rt.com/news/1017", 302, "/news/1017-libya"),
                    Hop("https://arabic.rt.com/news/1017-libya", 200),
                ),
            ),
            support=Support(
                0.48,
                SupportLabel.PARTIAL,
                claim=AR_CLAIM_2,
                evidence="روسيا على اتصال بالأطراف",
                language="ar",
            ),
            history=History(HistoryState.HEALTHY, recent=("ok", "redirected"), drift=0.62),
        ),
        CheckResult(
            citation=_citation(dead, AR_DOC, 20, (AR_CLAIM, f"{SCRIPT} ادعاء")),
            verdict=Verdict(Status.DEAD, "404 Not Found"),
            fetch=_fetch(dead, 404),
            suggestion=Suggestion(
                url=f"https://web.archive.org/web/20190408000000/{dead}",
                source="web archive",
                archive_url=f"https://web.archive.org/web/20190408000000/{dead}",
                timestamp=datetime(2019, 4, 8, tzinfo=UTC),
                original_url=dead,
            ),
            history=History(
                HistoryState.CONFIRMED_DEAD,
                consecutive_failures=3,
                first_failure=datetime(2026, 11, 26, 2, 0, tzinfo=UTC),
                recent=("ok", "dead", "dead", "dead"),
            ),
        ),
        CheckResult(
            citation=_citation(
                truncated,
                AR_DOC,
                22,
                (AR_CLAIM_2,),
                display="https://www.skynewsarabia.com/world/ر%",
                defects=(Defect.TRUNCATED,),
                repaired="https://www.skynewsarabia.com/world/",
            ),
            verdict=Verdict(Status.TRUNCATED, "the URL ends in a cut-off escape (%25)"),
        ),
    )
    return DocumentResult(AR_DOC, DocKind.MARKDOWN, results)


def english_document() -> DocumentResult:
    """English claims, the remaining statuses, and hostile content everywhere."""
    base = "https://news.example.org"
    hostile_url = f'{base}/search?q="><script>window.{PWNED}=4</script>'
    results = (
        _simple(
            f"{base}/un-envoy", 5, Status.SOFT404, "page says 'not found' with status 200", 200
        ),
        _simple(f"{base}/", 7, Status.REDIRECT_HOME, "redirected to the site's home page", 200),
        _simple(f"{base}/members", 9, Status.BLOCKED, "403 Forbidden (may exist)", 403),
        _simple(f"{base}/slow", 11, Status.TIMEOUT, "no answer in 15 s after 3 attempts", None),
        _simple(f"{base}/broken", 13, Status.ERROR, "503 Service Unavailable after retries", 503),
        _simple("ftp://files.example.org/report.pdf", 15, Status.SKIPPED, "not a web URL", None),
        CheckResult(
            citation=_citation(
                hostile_url,
                EN_DOC,
                17,
                (f"{EN_CLAIM} {SCRIPT}", TEXTAREA),
                style=CitationStyle.LINK_TEXT,
            ),
            verdict=Verdict(Status.OK, f"200 OK {IMG}"),
            fetch=_fetch(hostile_url, 200),
            support=Support(
                0.12,
                SupportLabel.UNSUPPORTED,
                claim=EN_CLAIM,
                evidence=f"The envoy {SCRIPT} visited Tripoli {ONERROR} on Monday | twice",
                language="en",
            ),
            page_title=f"Title {ONERROR}{TEXTAREA}",
            history=History(HistoryState.RECOVERED, recent=("dead", "ok")),
        ),
        CheckResult(
            citation=_citation(
                "javascript:alert(1)", EN_DOC, 19, ("A claim backed by a script link",)
            ),
            verdict=Verdict(Status.SKIPPED, "not a web URL"),
            suggestion=Suggestion(url="javascript:alert(2)", source=IMG),
        ),
        CheckResult(
            citation=_citation(f"{base}/displaced", EN_DOC, 21, (EN_CLAIM,)),
            verdict=Verdict(Status.DEAD, "the host name does not exist"),
            fetch=_fetch(
                f"{base}/displaced",
                None,
                error=FetchError.DNS,
                error_detail="Name or service not known",
            ),
            history=History(
                HistoryState.NEWLY_FAILING, consecutive_failures=1, recent=("ok", "ok", "dead")
            ),
        ),
    )
    return DocumentResult(EN_DOC, DocKind.MARKDOWN, results)


def _simple(
    url: str, line: int, status: Status, reason: str, http_status: int | None
) -> CheckResult:
    return CheckResult(
        citation=_citation(url, EN_DOC, line, (EN_CLAIM,), style=CitationStyle.INLINE),
        verdict=Verdict(status, reason),
        fetch=_fetch(url, http_status) if status != Status.SKIPPED else None,
        support=Support(0.0, SupportLabel.UNKNOWN, reason="nothing to read")
        if status == Status.SOFT404
        else None,
    )


def coverage() -> tuple[ClaimCoverage, ...]:
    """One claim some source supports, one that none does."""
    return (
        ClaimCoverage(
            AR_CLAIM,
            Location(AR_DOC, 11, 1),
            "https://www.aljazeera.net/",
            0.87,
            SupportLabel.SUPPORTED,
            True,
            2,
        ),
        ClaimCoverage(
            f"{AR_CLAIM_2} {SCRIPT}",
            Location(AR_DOC, 13, 1),
            None,
            0.0,
            SupportLabel.UNKNOWN,
            False,
            2,
        ),
    )


def make_report(**changes: object) -> Report:
    """The shared report: an Arabic and an English document, 13 citations."""
    fields: dict[str, object] = {
        "documents": (arabic_document(), english_document()),
        "started_at": STARTED,
        "finished_at": FINISHED,
        "tool_version": __version__,
        "claims": coverage(),
        "settings": {"fail_on": ["dead", "truncated"], "timeout_s": 15.0, "confirm_after": 1},
    }
    fields.update(changes)
    return Report(**fields)  # type: ignore[arg-type]
