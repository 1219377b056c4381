"""Source blocks: for each claim, which of its sources supports it best.

When a block of URLs backs a whole section, every claim of the section has
several candidate sources. Each citation's per-claim supports are gathered by
claim, the best source is named, and a claim none of its sources supports is
flagged (`supported_by_any=False`).
"""

from __future__ import annotations

from collections.abc import Sequence

from citecheck.models import CheckResult, Claim, ClaimCoverage, Support, SupportLabel

_BACKING = (SupportLabel.SUPPORTED, SupportLabel.PARTIAL)
_RANK = {
    SupportLabel.SUPPORTED: 3,
    SupportLabel.PARTIAL: 2,
    SupportLabel.UNSUPPORTED: 1,
    SupportLabel.CONTRADICTED: 1,
    SupportLabel.UNKNOWN: 0,
}


def best_sources(results: Sequence[CheckResult]) -> list[ClaimCoverage]:
    """Name the best-supporting source of every claim, in document order.

    Args:
        results: check results whose `claim_support` lines up with `citation.claims`.

    Returns:
        One ClaimCoverage per distinct claim (path, position, text).
    """
    candidates: dict[tuple[str, int, str], tuple[Claim, list[tuple[str, Support]]]] = {}
    for result in results:
        for claim, support in _claim_supports(result):
            key = (claim.location.path, claim.span.start, claim.text)
            candidates.setdefault(key, (claim, []))[1].append((result.citation.url, support))
    return [_coverage(claim, found) for claim, found in candidates.values()]


def _claim_supports(result: CheckResult) -> list[tuple[Claim, Support]]:
    claims = result.citation.claims
    if len(result.claim_support) == len(claims):
        return list(zip(claims, result.claim_support, strict=True))
    unknown = Support(0.0, SupportLabel.UNKNOWN, reason="not scored")
    return [(claim, unknown) for claim in claims]


def _coverage(claim: Claim, found: list[tuple[str, Support]]) -> ClaimCoverage:
    url, support = max(found, key=lambda item: (_RANK[item[1].label], item[1].score))
    return ClaimCoverage(
        claim=claim.text,
        location=claim.location,
        best_url=url if support.label is not SupportLabel.UNKNOWN else None,
        best_score=support.score,
        best_label=support.label,
        supported_by_any=support.label in _BACKING,
        sources=len(found),
    )
