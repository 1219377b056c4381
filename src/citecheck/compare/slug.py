"""Weak evidence from a URL's slug: often all that is left of a dead page.

News URLs carry their headline ("/libya-haftar-tripoli-offensive",
"/%D8%AD%D9%81%D8%AA%D8%B1-..."). Decoded and split into words, the slug is
compared with the claim by word coverage and names across scripts; the score
is capped low, since a headline is not the article.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import unquote, urlsplit

from citecheck.compare import bm25, names
from citecheck.compare.normalize import fold, is_arabic
from citecheck.models import Citation, Support, SupportLabel

SLUG_CAP = 0.5
"""A slug never counts for more than an even chance: it names a topic, not a fact."""
MIN_SLUG_WORDS = 2


def slug_words(url: str) -> list[str]:
    """The decoded words of a URL path's last meaningful segments."""
    path = unquote(urlsplit(url).path, errors="replace").replace("\ufffd", "")
    segments = [part for part in path.split("/") if re.search(r"[^\W\d_]{3,}", part)]
    text = " ".join(segments[-2:])
    text = re.sub(r"\.(?:html?|php|aspx?)$", "", text)
    return [word for word in re.split(r"[-_+.\s]+", text) if word]


def slug_support(citation: Citation) -> Support | None:
    """Weak support from the decoded URL slug, or None when the slug has no words.

    Args:
        citation: a citation whose page could not be read.

    Returns:
        A `partial` or `unsupported` Support flagged `slug_only`, never `supported`.
    """
    words = slug_words(citation.repaired_url or citation.url)
    claim = " ".join(claim.text for claim in citation.claims) or (citation.link_text or "")
    if len(words) < MIN_SLUG_WORDS or not claim.strip():
        return None
    score = round(SLUG_CAP * _overlap(claim, words), 4)
    label = SupportLabel.PARTIAL if score >= SLUG_CAP / 2 else SupportLabel.UNSUPPORTED
    language = "ar" if is_arabic(" ".join(words)) else "en"
    return Support(
        score,
        label,
        claim=claim,
        evidence=" ".join(words),
        language=language,
        flags=("slug_only",),
        features=(("slug_overlap", score / SLUG_CAP),),
        reason="judged from the words of the URL only; the page could not be read",
    )


def _overlap(claim: str, words: list[str]) -> float:
    slug_text = " ".join(words)
    slug_terms = bm25.terms(fold(slug_text))
    if is_arabic(claim) == is_arabic(slug_text):
        claim_terms = bm25.terms(fold(claim))
        return bm25.coverage(slug_terms, claim_terms, {})
    claim_words = [word for word in bm25.terms(fold(claim)) if word[0] not in "~#"]
    latin = {names.skeleton(word) for word in words if len(names.skeleton(word)) >= 2}
    content = [word for word in slug_terms if word[0] not in "~#"]
    hits = sum(names.matches_name(word, latin) for word in claim_words)
    return min(1.0, hits / max(1, min(len(content), 3)))


def with_slug_hint(support: Support, citation: Citation) -> Support:
    """A dead page's URL slug is weak evidence of what it said: keep it as a hint, not a label."""
    hint = slug_support(citation)
    if hint is None:
        return support
    return replace(support, evidence=hint.evidence, flags=(*support.flags, "slug_only"))
