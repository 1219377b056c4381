"""Markdown link syntax: `[text](url "title")` and reference definitions `[1]: url`.

Autolinks (`<https://...>`) need nothing here: the plain URL finder stops at `>`.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from citecheck.models import Span

_INLINE_LINK = re.compile(
    r"\[(?P<text>[^\[\]\n]*)\]\(\s*"
    r"(?:<(?P<angled>[^<>\n]*)>|(?P<target>[^\s()]*(?:\([^\s()]*\)[^\s()]*)*))"
    r"""(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)"""
)
_WEB_TARGET = re.compile(r"(?i:https?://|www\.)")


class MarkdownLink(NamedTuple):
    """One `[text](target)` link: the target as written and where each part sits."""

    target: str
    text: str
    target_span: Span
    text_span: Span
    whole: Span


def find_markdown_links(text: str, *, web_only: bool = True) -> list[MarkdownLink]:
    """Find inline markdown links whose target is a web URL.

    Args:
        text: markdown source.
        web_only: False keeps every target (relative ones too, for `--base-url`).

    Returns:
        The links in order of appearance (images `![alt](url)` included: they cite a
        source too; the pattern starts at `[` so the engine can skip ahead fast).
    """
    links: list[MarkdownLink] = []
    for match in _INLINE_LINK.finditer(text):
        group = "angled" if match.group("angled") is not None else "target"
        target = match.group(group)
        if not web_only or _WEB_TARGET.match(target):
            links.append(_link(match, group, target))
    return links


def _link(match: re.Match[str], group: str, target: str) -> MarkdownLink:
    return MarkdownLink(
        target=target,
        text=match.group("text"),
        target_span=Span(*match.span(group)),
        text_span=Span(*match.span("text")),
        whole=Span(*match.span()),
    )
