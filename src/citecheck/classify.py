"""Turn a `FetchResult` into a `Verdict`: one of the report's statuses, with a reason.

The cascade, in order (the first step that decides wins):

1. A fetch with no HTTP answer maps through `ERROR_VERDICTS` (a name that does
   not resolve is `dead`; timeouts `timeout`; everything else `error` or `skipped`).
2. A bot challenge (vendor markers in headers or body, on any status) is `blocked`.
3. 304 after a conditional request is `ok`; statuses in `Settings.accept_status`
   count as success; 404/410 are `dead`; 401/403/407/429/451/999 are `blocked`,
   never `dead`; 5xx and other 4xx are `error`.
4. A 2xx after redirects: an error-like final path (`/404`, `notfound`...) is
   `soft404`; the site root or a parent section is `redirect_home`.
5. The page's own title or first heading says it is not found (`notfound`, in
   nine languages) and it has at most `SOFT404_MAX_WORDS` visible words:
   `soft404`, whatever the probe gets.
6. The random-sibling probe (Bar-Yossef et al.): if a made-up sibling URL ends
   at the same final URL, or its words are ≥ `SOFT404_SIMILARITY` the same as
   the cited page's, the cited page is the site's generic error page: `soft404`.
   No phrase list, so it works for error pages in any language.
7. Otherwise `redirected` (another page) or `ok` (the same page: http→https,
   `www.`, a trailing slash or letter case of the host do not make a new page).

Before any fetch, `skip_reason` says which citations are not fetched at all
(cut off, not a web URL, excluded) and `unchecked_verdict` what they are; after
it, `network_aware` keeps an offline machine from calling links dead.

A run classifies each answer once: `classify(result)`, then, for a page that
`looks_alive`, `with_probe` adds the random sibling's answer (step 6) without
decoding or scanning the body again.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import itertools
import logging
import re
from collections import Counter
from urllib.parse import unquote, urlsplit

from citecheck.config import Settings
from citecheck.decoding import decode_body
from citecheck.errors import ConfigError
from citecheck.extract import display_url
from citecheck.models import Citation, FetchError, FetchResult, Status, Verdict
from citecheck.net.access import UNVERIFIED_NOTE
from citecheck.notfound import HEAD_SCAN_CHARS, not_found_heading

logger = logging.getLogger(__name__)

SOFT404_SIMILARITY = 0.95
"""Share of the text a random sibling must have in common with the cited page (Bar-Yossef)."""
SOFT404_MAX_WORDS = 400
"""A page whose heading says "not found" is an error page only with this little text: a
story about something not found has a body; an error page has a menu and a footer."""
COMPARE_WORDS = 1500
"""Words compared per page: enough to tell pages apart, bounded for speed."""
_HIDDEN_OPENING = re.compile(r"(?i)<(script|style|noscript)\b")
_HIDDEN_CLOSING = {
    kind: re.compile(rf"(?i)</{kind}\s*>") for kind in ("script", "style", "noscript")
}
_TAG = re.compile(r"(?s)<[^>]*>")
_WORD = re.compile(r"\w+")
DEAD_STATUSES = {404: "404 Not Found", 410: "410 Gone"}
BLOCKED_STATUSES = {
    401: "asks for a login (401)",
    402: "asks for payment (402)",
    403: "refuses access (403), often a bot wall",
    407: "needs proxy authentication (407)",
    429: "rate-limited the checker (429)",
    451: "unavailable for legal reasons (451)",
    999: "refuses automated requests (999)",
}
CHALLENGE_MARKERS = (
    "cf-browser-verification",
    "cf_chl_opt",
    "px-captcha",
    "<title>just a moment...</title>",
    "<title>attention required! | cloudflare</title>",
)
"""Markers of the big vendors' challenge pages themselves; they do not depend on language."""
VENDOR_SCRIPT_MARKERS = (
    "/cdn-cgi/challenge-platform/",
    "challenges.cloudflare.com",
    "captcha-delivery.com",
    "_incapsula_resource",
    "awswafintegration",
)
"""Scripts of bot-management vendors. They are also injected into ordinary pages (Cloudflare's
JavaScript detections, a Turnstile widget in a comment form, Imperva's resource script), so
they mark a challenge only on an error answer or on a page with next to no text of its own."""
THIN_PAGE_WORDS = 30
"""A 2xx page with fewer visible words than this and a vendor script is an interstitial."""
CAPTCHA_MARKERS = ("captcha", "are you a robot", "verify you are human")
"""Weaker markers, trusted only on a non-2xx answer."""
ERROR_PAGE_NAMES = frozenset(
    {"404", "notfound", "not-found", "not_found", "pagenotfound", "page-not-found", "error",
     "errors", "error404", "404error", "error-404", "404-error", "page_not_found"}
)  # fmt: skip
HOME_NAMES = frozenset({"", "index", "home", "default", "main", "accueil"})
LANGUAGE_ROOT = re.compile(r"^[a-z]{2}(?:[-_][a-z]{2})?$")
ERROR_VERDICTS: dict[FetchError, tuple[Status, str]] = {
    FetchError.DNS: (Status.DEAD, "host name does not resolve"),
    FetchError.TIMEOUT: (Status.TIMEOUT, "no answer in time"),
    FetchError.CONNECT: (Status.ERROR, "connection failed"),
    FetchError.RESET: (Status.ERROR, "connection reset by the server"),
    FetchError.TLS: (Status.ERROR, "TLS handshake or certificate failure"),
    FetchError.PROTOCOL: (Status.ERROR, "the server broke the HTTP protocol"),
    FetchError.TOO_MANY_REDIRECTS: (Status.ERROR, "too many redirects"),
    FetchError.REDIRECT_LOOP: (Status.ERROR, "redirect loop"),
    FetchError.TOO_LARGE: (Status.ERROR, "response too large"),
    FetchError.INCOMPLETE_BODY: (Status.ERROR, "the server cut the body short"),
    FetchError.NETWORK_UNREACHABLE: (Status.ERROR, "network unreachable"),
    FetchError.PRIVATE_ADDRESS: (Status.SKIPPED, "refused: the host is a private address"),
    FetchError.UNSUPPORTED_SCHEME: (Status.SKIPPED, "not a web URL"),
    FetchError.OTHER: (Status.ERROR, "unexpected failure"),
}


WEB_SCHEMES = ("http://", "https://")
NETWORK_UNREACHABLE_REASON = "network unreachable"
FAILURES_NEEDING_NETWORK = frozenset(
    {FetchError.DNS, FetchError.CONNECT, FetchError.TIMEOUT, FetchError.NETWORK_UNREACHABLE}
)
"""Failures that say nothing about a link when the network itself is down."""
PLAIN_REASONS = frozenset({FetchError.DNS, FetchError.NETWORK_UNREACHABLE})
"""Failures whose reason stays exactly as in `ERROR_VERDICTS`, so callers can match on it."""


def classify(
    result: FetchResult, probe: FetchResult | None = None, *, settings: Settings
) -> Verdict:
    """Decide the status of one fetched URL (see the module docstring for the cascade).

    Args:
        result: the fetch of the cited URL.
        probe: the fetch of a random sibling (`Fetcher.probe_soft404`), if any.
        settings: supplies `accept_status`.

    Returns:
        The `Verdict`, with a reason a person can act on; a page whose TLS
        certificate was not verified (`--insecure`) says so in the reason.
    """
    return _noted(_verdict(result, probe, settings), result)


def looks_alive(verdict: Verdict) -> bool:
    """Whether a page may still turn out a soft 404 on a probe: only one that looks alive.

    Dead, blocked or redirected-home answers need no extra request to the host.
    """
    return verdict.status in (Status.OK, Status.REDIRECTED)


def with_probe(verdict: Verdict, result: FetchResult, probe: FetchResult | None) -> Verdict:
    """`classify(result, probe)` given `verdict = classify(result)`: the page is not read again.

    Only the last step of the cascade reads the probe, and only a page that got
    that far (`ok` or `redirected`, not a 304) can be changed by it: every other
    verdict stands, and the body is not decoded or scanned a second time.
    """
    if probe is None or result.not_modified or not looks_alive(verdict):
        return verdict
    soft = _probe_verdict(result, probe)
    return verdict if soft is None else _noted(soft, result)


def _noted(verdict: Verdict, result: FetchResult) -> Verdict:
    """A page whose TLS certificate was not verified (`--insecure`) says so in the reason."""
    if result.tls_verified or result.error is not None:
        return verdict
    return dataclasses.replace(verdict, reason=f"{verdict.reason}; {UNVERIFIED_NOTE}")


def _verdict(result: FetchResult, probe: FetchResult | None, settings: Settings) -> Verdict:
    if result.error is not None or result.http_status is None:
        return _error_verdict(result)
    if is_bot_challenge(result, settings.bot_markers):
        return Verdict(Status.BLOCKED, f"bot challenge page (HTTP {result.http_status})", 0.9)
    status = result.http_status
    if result.not_modified:
        return Verdict(Status.OK, "not modified since the last check (304)")
    if 200 <= status < 300 or status in settings.accept_status:
        return _success_verdict(result, probe)
    return _status_verdict(result, status)


def _error_verdict(result: FetchResult) -> Verdict:
    error = result.error or FetchError.OTHER
    status, reason = ERROR_VERDICTS[error]
    if result.error_detail and error not in PLAIN_REASONS:
        reason = f"{reason}: {result.error_detail}"
    if result.attempts > 1:
        reason = f"{reason} (after {result.attempts} attempts)"
    return Verdict(status, reason)


def _status_verdict(result: FetchResult, status: int) -> Verdict:
    if status in DEAD_STATUSES:
        return Verdict(Status.DEAD, f"the server answers {DEAD_STATUSES[status]}")
    if status in BLOCKED_STATUSES:
        return Verdict(Status.BLOCKED, f"the server {BLOCKED_STATUSES[status]}; the page may exist")
    tries = f" after {result.attempts} attempts" if result.attempts > 1 else ""
    if status >= 500:
        return Verdict(Status.ERROR, f"server error {status}{tries}")
    if 300 <= status < 400:
        return Verdict(Status.ERROR, f"redirect {status} without a usable Location header")
    return Verdict(Status.ERROR, f"the server answers {status}{tries}")


def _success_verdict(result: FetchResult, probe: FetchResult | None) -> Verdict:
    moved = not is_same_page(result.url, result.final_url)
    if moved and is_error_path(result.final_url):
        return Verdict(Status.SOFT404, f"redirected to an error page: {result.final_url}")
    if moved and is_home_or_section(result.url, result.final_url):
        return Verdict(
            Status.REDIRECT_HOME, f"redirected to a home or section page: {result.final_url}"
        )
    soft = _content_verdict(result) or _probe_verdict(result, probe)
    if soft is not None:
        return soft
    if moved:
        return Verdict(Status.REDIRECTED, f"moved to {result.final_url}; update the citation")
    return Verdict(Status.OK, f"the server answers {result.http_status}")


def _content_verdict(result: FetchResult) -> Verdict | None:
    if not _is_text(result) or not result.body:
        return None
    head = result.body[:HEAD_SCAN_CHARS]
    head = head[: head.rfind(b">") + 1]  # never cut a multi-byte character in two
    heading = not_found_heading(decode_body(head, result.content_type))
    if heading is None:
        return None
    words = len(visible_words(result))  # linear on hostile pages too
    if words > SOFT404_MAX_WORDS:
        return None
    reason = f"the page says it is not found ({heading[:80]!r}) and has little text"
    return Verdict(Status.SOFT404, f"{reason} ({words} words)", 0.8)


def _probe_verdict(result: FetchResult, probe: FetchResult | None) -> Verdict | None:
    if probe is None or probe.error is not None or not 200 <= (probe.http_status or 0) < 300:
        return None
    if probe.hops and len(probe.hops) > 1 and is_same_page(probe.final_url, result.final_url):
        reason = "a made-up address on this site lands on the same page"
        return Verdict(Status.SOFT404, reason, 0.9)
    if not _is_text(result):
        return None  # a PDF or an image cannot be compared with an error page as text
    similarity = text_similarity(result, probe)
    if similarity >= SOFT404_SIMILARITY:
        reason = f"the page is {similarity:.0%} the same as the site's answer for a made-up address"
        return Verdict(Status.SOFT404, reason, similarity)
    return None


def is_bot_challenge(result: FetchResult, extra_markers: tuple[str, ...] = ()) -> bool:
    """Return whether the answer is a bot wall or captcha rather than the page itself.

    A challenge page's own markers decide alone; a vendor's script (also found in
    ordinary pages) only on an error answer or a page with next to no visible text.
    The markers are looked for in the lower-cased first `CHALLENGE_SCAN_BYTES` of the
    body, as bytes: every built-in marker is ASCII, and lower-casing the bytes finds
    them exactly where lower-casing the text would (a page's own encoding never turns
    a non-ASCII character into an ASCII letter).

    Args:
        result: the fetch to look at.
        extra_markers: more lower-case substrings that mark a challenge (`Settings.bot_markers`).
    """
    if (result.header("cf-mitigated") or "").lower() == "challenge":
        return True
    head = result.body[:CHALLENGE_SCAN_BYTES].lower()
    if any(marker in head for marker in _CHALLENGE_BYTES):
        return True
    if extra_markers and _has_extra_marker(result.body, head, extra_markers):
        return True
    success = 200 <= (result.http_status or 0) < 300
    if any(marker in head for marker in _VENDOR_SCRIPT_BYTES):
        return not success or len(visible_words(result)) < THIN_PAGE_WORDS
    return not success and any(marker in head for marker in _CAPTCHA_BYTES)


CHALLENGE_SCAN_BYTES = 65536
"""How far into a body the challenge markers are looked for."""


def _has_extra_marker(body: bytes, head: bytes, markers: tuple[str, ...]) -> bool:
    """The configured markers: ASCII ones in the lower-cased bytes, others in the text as
    Latin-1 lower-cases it (what the check has always compared them with)."""
    if any(marker.isascii() and marker.encode() in head for marker in markers):
        return True
    others = [marker for marker in markers if not marker.isascii()]
    if not others:
        return False
    text = body[:CHALLENGE_SCAN_BYTES].decode("latin-1").lower()
    return any(marker in text for marker in others)


_CHALLENGE_BYTES = tuple(marker.encode() for marker in CHALLENGE_MARKERS)
_VENDOR_SCRIPT_BYTES = tuple(marker.encode() for marker in VENDOR_SCRIPT_MARKERS)
_CAPTCHA_BYTES = tuple(marker.encode() for marker in CAPTCHA_MARKERS)


def is_same_page(cited: str, final: str) -> bool:
    """Return whether two URLs are one page (scheme, `www.`, host case, final slash ignored)."""
    return _page_key(cited) == _page_key(final)


def _page_key(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port if parts.port not in (None, 80, 443) else None
    path = unquote(parts.path).rstrip("/") or "/"
    return f"{host}:{port}", path, parts.query


def is_error_path(url: str) -> bool:
    """Return whether a URL looks like a site's error page (`/404`, `/notfound.html`...)."""
    parts = urlsplit(url)
    names = {segment.rsplit(".", 1)[0].lower() for segment in parts.path.split("/")}
    return bool(names & ERROR_PAGE_NAMES) or "aspxerrorpath" in parts.query.lower()


def is_home_or_section(cited: str, final: str) -> bool:
    """Return whether `final` is a home page or a parent section of `cited`."""
    cited_path = _segments(cited)
    final_path = _segments(final)
    if not cited_path or _is_home(cited_path):
        return False
    if _is_home(final_path):
        return True
    return len(final_path) < len(cited_path) and cited_path[: len(final_path)] == final_path


def _segments(url: str) -> list[str]:
    return [segment.lower() for segment in unquote(urlsplit(url).path).split("/") if segment]


def _is_home(segments: list[str]) -> bool:
    if not segments:
        return True
    names = [segment.rsplit(".", 1)[0] for segment in segments]
    if len(names) == 1:
        return names[0] in HOME_NAMES or bool(LANGUAGE_ROOT.match(names[0]))
    return len(names) == 2 and bool(LANGUAGE_ROOT.match(names[0])) and names[1] in HOME_NAMES


def text_similarity(page: FetchResult, other: FetchResult) -> float:
    """Return how much of the visible text two answers share, 0..1 (words, as multisets).

    The Dice overlap of the two bags of words, 2·|A∩B| / (|A|+|B|): difflib's
    ratio with word order dropped, so never below it (a soft 404 that ratio
    caught is still caught), in linear time. Words of either URL's path are
    dropped first: error pages often echo the address asked for, which would
    make two error pages look different.
    """
    echoed = set(_url_words(page.url)) | set(_url_words(other.url))
    words = _word_bag(page, echoed)
    others = _word_bag(other, echoed)
    if not words or not others:
        return 0.0
    return 2 * (words & others).total() / (words.total() + others.total())


def _word_bag(result: FetchResult, dropped: set[str]) -> Counter[str]:
    kept = (word for word in visible_words(result) if word not in dropped)
    return Counter(itertools.islice(kept, COMPARE_WORDS))


def _is_text(result: FetchResult) -> bool:
    kind = (result.content_type or "text/html").split(";", 1)[0].strip().lower()
    return kind.startswith("text/") or kind.endswith(("+xml", "/xml", "/xhtml"))


def _url_words(url: str) -> list[str]:
    return re.findall(r"\w+", unquote(urlsplit(url).path).lower())


def visible_words(result: FetchResult) -> list[str]:
    """Return the lower-cased words of the page's visible text (scripts and tags dropped).

    Linear in the page size, whatever it holds: hostile pages of 300,000 `<` or
    40,000 unclosed `<script>` made the plain regular expressions quadratic.
    """
    text = _strip_tags(_strip_hidden_blocks(decode_body(result.body, result.content_type)))
    return _WORD.findall(html.unescape(text).lower())


def _strip_hidden_blocks(text: str) -> str:
    """Blank each `<script>`, `<style>` or `<noscript>` element, through its first closing tag.

    A block with no closing tag after it is left as it is, and so is every later
    opening of that kind (none of them can be closed either), so no stretch of
    the page is searched twice.
    """
    kept: list[str] = []
    done = 0
    unclosed: set[str] = set()
    for opening in _HIDDEN_OPENING.finditer(text):
        kind = opening.group(1).lower()
        if opening.start() < done or kind in unclosed:
            continue
        closing = _HIDDEN_CLOSING[kind].search(text, opening.end())
        if closing is None:
            unclosed.add(kind)
            continue
        kept += (text[done : opening.start()], " ")
        done = closing.end()
    return "".join(kept) + text[done:]


def _strip_tags(text: str) -> str:
    """Blank every `<...>`; a `<` with no `>` after it is text, so only the part up to
    the last `>` is searched (else each such `<` scans to the end of the page)."""
    end = text.rfind(">") + 1
    return _TAG.sub(" ", text[:end]) + text[end:]


def skipped(reason: str) -> Verdict:
    """Return the verdict for a citation that is not checked (excluded, or not a web URL)."""
    return Verdict(Status.SKIPPED, reason)


def skip_reason(citation: Citation, settings: Settings) -> str | None:
    """Why a citation is not fetched (cut off, not web, excluded), or None to fetch it."""
    if citation.is_truncated:
        return "the URL is cut off in the document"
    if not citation.url.lower().startswith(WEB_SCHEMES):
        return "not a web URL"
    verdict = excluded(citation.url, settings)
    return verdict.reason if verdict is not None else None


def unchecked_verdict(citation: Citation, settings: Settings) -> Verdict:
    """The verdict of a citation that was not fetched: `truncated` or `skipped`, with why."""
    reason = skip_reason(citation, settings) or "not checked"
    if not citation.is_truncated:
        return skipped(reason)
    if citation.repaired_url:
        reason += f"; longest well-formed prefix: {display_url(citation.repaired_url)}"
    return Verdict(Status.TRUNCATED, reason)


def internal_failure(url: str, exc: Exception) -> tuple[FetchResult, Verdict]:
    """A bug met while checking one URL: that URL's `error`, with what to report, not the run's."""
    detail = f"{type(exc).__name__}: {str(exc).strip()[:120]}".rstrip(": ")
    result = FetchResult(url, url, None, error=FetchError.OTHER, error_detail=detail)
    return result, Verdict(Status.ERROR, f"citecheck failed on this page ({detail}); please report")


def network_aware(verdict: Verdict, result: FetchResult, *, network_reachable: bool) -> Verdict:
    """Never call a link dead (or merely timed out) because this machine is offline."""
    if network_reachable or result.error not in FAILURES_NEEDING_NETWORK:
        return verdict
    return Verdict(Status.ERROR, NETWORK_UNREACHABLE_REASON, confidence=0.0)


def excluded(url: str, settings: Settings) -> Verdict | None:
    """Return a `skipped` verdict when `Settings.url_exclude` matches the URL, else None.

    Patterns are regular expressions searched anywhere in the URL; a match in
    `Settings.url_include` wins over every exclude, as in lychee.

    Raises:
        ConfigError: when a pattern is not a valid regular expression.
    """
    if any(_pattern(p).search(url) for p in settings.url_include):
        return None
    match = next((p for p in settings.url_exclude if _pattern(p).search(url)), None)
    return None if match is None else skipped(f"excluded by the pattern {match!r}")


@functools.lru_cache(maxsize=256)
def _pattern(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ConfigError(f"invalid URL pattern {pattern!r}: {exc}") from exc
