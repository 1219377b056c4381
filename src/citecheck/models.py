"""The plain data that flows between citecheck's stages.

Every stage talks to the next only through these frozen dataclasses and enums.
This module does no IO and imports nothing outside the standard library, so a
notebook, a test or another process can build and read them freely.
"""

from __future__ import annotations

import bisect
import hashlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class DocKind(StrEnum):
    """The kinds of document citecheck reads."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"


class Status(StrEnum):
    """What became of one cited URL (DESIGN.md §5)."""

    OK = "ok"
    REDIRECTED = "redirected"
    DEAD = "dead"
    SOFT404 = "soft404"
    REDIRECT_HOME = "redirect_home"
    BLOCKED = "blocked"
    TIMEOUT = "timeout"
    ERROR = "error"
    TRUNCATED = "truncated"
    SKIPPED = "skipped"


class SupportLabel(StrEnum):
    """How well a page backs the claims that cite it (DESIGN.md §6)."""

    SUPPORTED = "supported"
    PARTIAL = "partial"
    CONTRADICTED = "contradicted"
    """The page says the opposite (negation, antonym, swapped roles, another number, a debunk)."""
    UNSUPPORTED = "unsupported"
    UNKNOWN = "unknown"


class Defect(StrEnum):
    """Something visibly wrong with a URL as written in the document."""

    TRUNCATED = "truncated"
    JOINED_LINE_BREAK = "joined_line_break"
    INVALID_HOST = "invalid_host"


class CitationStyle(StrEnum):
    """How the document ties a citation to the claims it backs (DESIGN.md §4)."""

    INLINE = "inline"
    LINK_TEXT = "link_text"
    FOOTNOTE = "footnote"
    SOURCE_BLOCK = "source_block"


class FetchError(StrEnum):
    """Why a fetch produced no usable HTTP answer; mapped in one place in net/http.py."""

    TIMEOUT = "timeout"
    DNS = "dns"
    CONNECT = "connect"
    RESET = "reset"
    TLS = "tls"
    PROTOCOL = "protocol"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    REDIRECT_LOOP = "redirect_loop"
    TOO_LARGE = "too_large"
    INCOMPLETE_BODY = "incomplete_body"
    NETWORK_UNREACHABLE = "network_unreachable"
    PRIVATE_ADDRESS = "private_address"
    UNSUPPORTED_SCHEME = "unsupported_scheme"
    OTHER = "other"


class HistoryState(StrEnum):
    """Where a URL stands across runs, from the cache's history of checks."""

    HEALTHY = "healthy"
    NEWLY_FAILING = "newly_failing"
    FAILING = "failing"
    CONFIRMED_DEAD = "confirmed_dead"
    RECOVERED = "recovered"


@dataclass(frozen=True, slots=True)
class Location:
    """A 1-based line and column in a source document."""

    path: str
    line: int
    column: int | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range [start, end) of character offsets into a text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink that a document's markup carries (HTML href, PDF annotation, docx)."""

    target: str
    anchor_text: str
    span: Span
    """Where the anchor text sits in `Document.text`."""


@dataclass(frozen=True, slots=True)
class Document:
    """The text of one input, with a way back to line and column in the source.

    `line_starts[i]` is the offset in `text` where source line `line_base`+i+1
    begins, so any offset maps back to the line and column a person sees in their
    editor. `line_base` is the number of source lines before `text`: non-zero for a
    piece of a long file read piece by piece (`extract.stream`).
    """

    path: str
    kind: DocKind
    text: str
    line_starts: tuple[int, ...]
    links: tuple[Link, ...] = ()
    published: date | None = None
    line_base: int = 0

    def location(self, offset: int) -> Location:
        """Return the 1-based line and column of a character offset in `text`."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        index = max(index, 0)
        line = index + 1 + self.line_base
        return Location(self.path, line, offset - self.line_starts[index] + 1)


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence of the document that a citation backs."""

    text: str
    span: Span
    location: Location


@dataclass(frozen=True, slots=True)
class Citation:
    """One URL cited in a document, with the claims it backs.

    `url` is the canonical URI (IDNA host, upper-case UTF-8 percent-escapes, no
    default port) used to dedupe and fetch; `display_url` is the decoded IRI
    people read; `raw` is exactly what the document holds.
    """

    url: str
    display_url: str
    raw: str
    location: Location
    span: Span
    style: CitationStyle
    claims: tuple[Claim, ...] = ()
    defects: tuple[Defect, ...] = ()
    repaired_url: str | None = None
    link_text: str | None = None
    source_name: str | None = None
    """Who the link names as its source ("Reuters", "صحيفة الوادي"), from its link
    text or the label of its note; never part of a claim's text."""

    @property
    def id(self) -> str:
        """A stable fingerprint of (path, url, first claim), for SARIF and baselines."""
        first_claim = self.claims[0].text if self.claims else ""
        key = "\x1f".join((self.location.path, self.url, first_claim))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]

    @property
    def is_truncated(self) -> bool:
        """Whether the URL is visibly cut off in the document."""
        return Defect.TRUNCATED in self.defects


@dataclass(frozen=True, slots=True)
class Hop:
    """One answer in a redirect chain."""

    url: str
    http_status: int
    location: str | None = None


@dataclass(frozen=True, slots=True)
class ArchiveRef:
    """Where a fetched response is kept in the WARC archive."""

    warc: str
    offset: int
    length: int
    record_id: str
    digest: str | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    """Everything one fetch of a URL produced; remote failures are data, not exceptions.

    `hops` lists every answer received, the redirects and the final one, in order.
    `error` is set when no final HTTP answer came back (timeout, DNS, TLS...).
    """

    url: str
    final_url: str
    http_status: int | None
    hops: tuple[Hop, ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    content_type: str | None = None
    attempts: int = 1
    elapsed_s: float = 0.0
    checked_at: datetime | None = None
    error: FetchError | None = None
    error_detail: str | None = None
    not_modified: bool = False
    truncated_body: bool = False
    archive: ArchiveRef | None = None
    request_headers: tuple[tuple[str, str], ...] = ()
    http_version: str = "HTTP/1.1"
    from_cache: bool = False
    tls_verified: bool = True
    """False when the host's certificate was not checked (`--insecure`)."""
    body: bytes = field(default=b"", repr=False, compare=False)

    def kept(self, archive: ArchiveRef | None, checked_at: datetime | None) -> FetchResult:
        """What a run keeps of this answer once it is judged and archived: no body and no
        headers (the WARC record has them; no report shows them), and where it went."""
        return replace(
            self, body=b"", headers=(), request_headers=(), archive=archive, checked_at=checked_at
        )

    @property
    def redirects(self) -> tuple[str, ...]:
        """The URLs that answered with a redirect, in order."""
        return tuple(hop.url for hop in self.hops if 300 <= hop.http_status < 400)

    def header(self, name: str) -> str | None:
        """Return the first value of a response header, case-insensitively."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The classified status of a fetch, with the human reason behind it."""

    status: Status
    reason: str
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class PageText:
    """The main text of a fetched page, as a person would read it."""

    url: str
    text: str
    title: str | None = None
    published: date | None = None
    language: str | None = None
    digest: str | None = None


@dataclass(frozen=True, slots=True)
class Support:
    """How well a page supports one claim, with the evidence behind the score."""

    score: float
    label: SupportLabel
    claim: str = ""
    evidence: str = ""
    evidence_span: Span | None = None
    language: str | None = None
    flags: tuple[str, ...] = ()
    features: tuple[tuple[str, float], ...] = ()
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A replacement for a dead or cut-off citation."""

    url: str
    source: str
    timestamp: datetime | None = None
    original_url: str | None = None
    support: Support | None = None
    note: str = ""
    archive_url: str | None = None
    """The archived copy people can open (Robust Links `data-versionurl`)."""


@dataclass(frozen=True, slots=True)
class History:
    """A URL's record across runs, from the cache index."""

    state: HistoryState
    consecutive_failures: int = 0
    first_failure: datetime | None = None
    recent: tuple[str, ...] = ()
    """The statuses of the last few checks, oldest first."""
    drift: float | None = None
    """How far today's main text moved from the first archived copy, 0..1."""


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Everything citecheck found out about one citation."""

    citation: Citation
    verdict: Verdict
    fetch: FetchResult | None = None
    support: Support | None = None
    claim_support: tuple[Support, ...] = ()
    suggestion: Suggestion | None = None
    history: History | None = None
    page_title: str | None = None
    recovery_note: str | None = None
    """Why no suggestion was found for a dead or cut-off link (archive down, no copy...)."""


@dataclass(frozen=True, slots=True)
class SkippedInput:
    """An input file found in a folder that could not be read: the run went on without it."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """The results for one document, in the order its citations appear."""

    path: str
    kind: DocKind
    results: tuple[CheckResult, ...]


@dataclass(frozen=True, slots=True)
class ClaimCoverage:
    """Which of the sources backing a claim supports it best (source blocks, DESIGN.md §4)."""

    claim: str
    location: Location
    best_url: str | None
    best_score: float
    best_label: SupportLabel
    supported_by_any: bool
    """False flags a claim that none of its sources supports (or none could be read)."""
    sources: int = 1


DRIFT_THRESHOLD = 0.5
"""A page whose main text moved this far (0..1) from its first archived copy has drifted."""


@dataclass(frozen=True, slots=True)
class ResultFacts:
    """What the counts of a run need to know of one result: its summary, its findings
    under any `fail_on` and its changes since the previous run come from these alone."""

    status: Status
    label: str | None
    confirmed: bool
    """Whether its history confirms a failure (or it has none): `--confirm-after`."""
    state: str | None
    previous: bool
    """Whether the cache held an earlier check of its URL, so a change can be told."""
    drifted: bool

    @classmethod
    def of(cls, result: CheckResult) -> ResultFacts:
        """The facts of one result."""
        history = result.history
        return cls(
            status=result.verdict.status,
            label=str(result.support.label) if result.support is not None else None,
            confirmed=history is None or history.state == HistoryState.CONFIRMED_DEAD,
            state=str(history.state) if history is not None else None,
            previous=history is not None and len(history.recent) > 1,
            drifted=history is not None
            and history.drift is not None
            and history.drift >= DRIFT_THRESHOLD,
        )

    def is_finding(self, fail_on: frozenset[str], confirm: bool) -> bool:
        """Whether a result with these facts is a finding (see `Report.findings`)."""
        if self.status in fail_on:
            return not (confirm and self.status in FAILURE_STATUSES and not self.confirmed)
        return self.label is not None and self.label in fail_on


class Tally:
    """Counts of a run's results by their `ResultFacts`, kept as the results are decided,
    so the summary, the findings count and the exit code never need the results again."""

    __slots__ = ("facts",)

    def __init__(self) -> None:
        """No results yet."""
        self.facts: Counter[ResultFacts] = Counter()

    @classmethod
    def of(cls, documents: Sequence[DocumentResult]) -> Tally:
        """Count the results of these documents."""
        tally = cls()
        for document in documents:
            for result in document.results:
                tally.add(result)
        return tally

    def add(self, result: CheckResult) -> None:
        """Count one more result."""
        self.facts[ResultFacts.of(result)] += 1

    @property
    def citations(self) -> int:
        """How many results were counted."""
        return sum(self.facts.values())

    def by(self, key: str) -> dict[str, int]:
        """Counts per value of one `ResultFacts` field (`status`, `label`...), sorted,
        leaving out results without one."""
        counts: Counter[str] = Counter()
        for facts, count in self.facts.items():
            value = getattr(facts, key)
            if value is not None:
                counts[str(value)] += count
        return dict(sorted(counts.items()))

    def findings(self, fail_on: frozenset[str], confirm: bool) -> int:
        """How many results are findings under `fail_on`."""
        return sum(n for facts, n in self.facts.items() if facts.is_finding(fail_on, confirm))


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of a whole run, ready for any renderer.

    Its repr leaves out the results: Python 3.11's `asyncio.run` formats the repr of
    its finished main task, result included, while checking the SIGINT handler, and
    the repr of a 20,000-citation run is tens of megabytes and seconds of CPU.

    `documents` may be read from disk as it is iterated (a scan's results are
    spooled, `report.spool`): iterate it, or `iter_results()`, rather than
    holding `results`, which builds them all.
    """

    documents: Sequence[DocumentResult] = field(repr=False)
    started_at: datetime
    finished_at: datetime
    tool_version: str
    settings: dict[str, Any] = field(default_factory=dict, compare=False)
    network_unreachable: bool = False
    network_reason: str = ""
    claims: tuple[ClaimCoverage, ...] = field(default=(), repr=False)
    """Per-claim coverage across the citations that back it (compare.best_sources)."""
    skipped_inputs: tuple[SkippedInput, ...] = ()
    """Input files that could not be read (binary, corrupt, too large...), left out."""
    tally: Tally | None = field(default=None, repr=False, compare=False)
    """The results' counts, when they were kept as the run went (else counted on demand)."""

    @property
    def results(self) -> tuple[CheckResult, ...]:
        """Every result of every document, in document order, all in memory."""
        return tuple(self.iter_results())

    def iter_results(self) -> Iterator[CheckResult]:
        """Every result of every document, in document order, one document at a time."""
        for document in self.documents:
            yield from document.results

    @property
    def totals(self) -> Tally:
        """The counts of the results (`tally`, or counted now)."""
        return self.tally if self.tally is not None else Tally.of(self.documents)

    @property
    def summary(self) -> dict[str, Any]:
        """Counts of citations by status and by support label (DESIGN.md §7)."""
        totals = self.totals
        return {
            "documents": len(self.documents),
            "citations": totals.citations,
            "by_status": totals.by("status"),
            "by_support": totals.by("label"),
        }

    @property
    def confirms(self) -> bool:
        """Whether a failing link counts only once its history confirms it (`confirm_after`)."""
        return int(self.settings.get("confirm_after", 1)) > 1

    def findings(self, fail_on: frozenset[str]) -> list[CheckResult]:
        """Return the results whose status or support label is in `fail_on`.

        With `confirm_after` above 1 (a nightly job), a failing link counts only
        once its history confirms it dead, so one bad night is not a red build.
        """
        confirm = self.confirms
        return [r for r in self.iter_results() if _is_finding(r, fail_on, confirm)]

    def finding_count(self, fail_on: frozenset[str]) -> int:
        """How many results `findings` would return, from the counts."""
        return self.totals.findings(fail_on, self.confirms)


FAILURE_STATUSES = frozenset({Status.DEAD, Status.SOFT404, Status.REDIRECT_HOME})


def _is_finding(result: CheckResult, fail_on: frozenset[str], confirm: bool) -> bool:
    return ResultFacts.of(result).is_finding(fail_on, confirm)
