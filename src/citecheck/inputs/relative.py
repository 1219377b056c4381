"""Relative links in Markdown and HTML documents, resolved against `--base-url`.

A link like `[report](../2019/report.html)` or `<a href="/news/1">` names a page
only once the site it belongs to is known. With `Settings.base_url` (and
`root_dir`, the folder that URL serves) each becomes an absolute link the
document carries (`Document.links`), checked like any other. Without a base they
cannot be checked, and one warning per document says how many were left out,
instead of dropping them silently.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

from citecheck.config import Settings
from citecheck.extract import is_web_url
from citecheck.extract.markdown import find_markdown_links
from citecheck.models import DocKind, Document, Link

logger = logging.getLogger(__name__)


def resolve_relative_links(document: Document, settings: Settings) -> Document:
    """Return the document with its relative links made absolute (or warn they are not).

    Args:
        document: a loaded document; only Markdown and HTML have relative links.
        settings: `base_url` and `root_dir`.

    Returns:
        The document, its relative links resolved and added to `links`.
    """
    if document.kind not in (DocKind.MARKDOWN, DocKind.HTML):
        return document
    relative = _relative_links(document)
    if not relative:
        return document
    base = document_base(Path(document.path), settings)
    if base is None:
        logger.warning(
            "%s: %d relative link(s) not checked; give --base-url (and --root-dir) to resolve them",
            document.path,
            len(relative),
        )
        return document
    resolved = [dataclasses.replace(link, target=urljoin(base, link.target)) for link in relative]
    kept = [link for link in document.links if not is_relative(link.target)]
    links = sorted([*kept, *resolved], key=lambda link: link.span.start)
    return dataclasses.replace(document, links=tuple(links))


def document_base(path: Path, settings: Settings) -> str | None:
    """The URL a document's relative links resolve from, or None without a base URL."""
    if settings.base_url is None:
        return None
    base = settings.base_url if settings.base_url.endswith("/") else settings.base_url + "/"
    if settings.root_dir is None:
        return base
    try:
        place = path.resolve().parent.relative_to(Path(settings.root_dir).resolve())
    except ValueError:
        return base  # a document outside the root resolves from the root
    folder = place.as_posix()
    return base if folder == "." else urljoin(base, quote(folder) + "/")


def is_relative(target: str) -> bool:
    """Whether a link target is a relative URL (not a web URL, anchor or other scheme)."""
    text = target.strip()
    if not text or text.startswith("#") or is_web_url(text):
        return False
    return not urlsplit(text).scheme


def _relative_links(document: Document) -> list[Link]:
    found = [link for link in document.links if is_relative(link.target)]
    if document.kind is DocKind.MARKDOWN:
        found += [
            Link(link.target, link.text, link.target_span)
            for link in find_markdown_links(document.text, web_only=False)
            if is_relative(link.target)
        ]
    return found
