"""A page's own headline, read from its title, as evidence beside its main text.

A newspaper headline states the article's point in words no single body sentence
repeats, so a claim that restates a headline is best backed by the headline itself.
The page reader (pagetext.py) keeps the `<h1>` in the main text when it finds one in
the article; where it does not (a headline outside the article element, or none), the
`<title>` is the only place the headline reaches us. `headline` returns it, with the
site's name cut off (" - صحيفة الوادي", " | Reuters"), when it says something: a
generic title ("Home | Al Wadi News", "خبر") gives nothing, and neither does a title
the main text already opens with.

The scorer reads the headline as the page's first sentence, which is where the article
shapes it was trained on hold it (benchmarks/support_pairs.article_page), so the lead,
and with it the debunk rules of stance.py, see it as they see an `<h1>`: a page titled
with a claim whose lead calls it a rumour is a debunk, not support.
"""

from __future__ import annotations

import re

from citecheck.compare.normalize import fold, tokens

MIN_HEADLINE_WORDS = 4
"""A title part shorter than this is a site or section name ("Valley News", "خبر")."""
OPENING_LINES = 3
"""The main text's first lines, where the page reader puts a headline it found."""
EXTRA_WORDS = 3
"""An opening line that holds every word of the title and at most this many more is the
title itself (the page reader kept the `<h1>`); a lead sentence that repeats most of the
headline's words is not: a debunk's lead repeats the rumour its headline frames."""
_SEPARATORS = re.compile(r"\s+[\-–—·»«]{1,2}\s+|\s*[|]\s*")


def headline(title: str | None, text: str) -> str | None:
    """The headline a page's title gives beyond its text, or None.

    Args:
        title: the page's `<title>` as the page reader found it (None: no title).
        text: the page's main text.

    Returns:
        The title's longest part (the site's name and section cut off) when it has at
        least MIN_HEADLINE_WORDS words and the text's opening lines do not already hold
        it; else None.
    """
    if not title or not title.strip():
        return None
    parts = [part.strip() for part in _SEPARATORS.split(title) if part.strip()]
    best = max(parts, key=lambda part: len(tokens(fold(part))), default="")
    words = tokens(fold(best))
    if len(words) < MIN_HEADLINE_WORDS:
        return None
    for line in text.strip().splitlines()[:OPENING_LINES]:
        opening = tokens(fold(line))
        if set(words) <= set(opening) and len(opening) <= len(words) + EXTRA_WORDS:
            return None
    return best
