"""What a claim says once the citation's own marks are gone, and who the source is.

A sentence that backs a citation carries more than the claim: the URL itself, the
markdown or HTML markup around it, footnote markers, and link text that only names
the source (`([Reuters](https://…))`, `[صحيفة الوادي](https://…)`). `clean_claim`
leaves the words a page can support; `source_name` tells a link text that names a
source (the citation's `source_name`, DESIGN.md §6) from one that states a claim.
"""

from __future__ import annotations

import re

from citecheck.models import Citation

_URL_START = r"(?i:https?://|www\.)"
_ATTRIBUTION = (
    r"(?:(?i:\baccording\s+to|\bvia|\bper|\bas\s+reported\s+by|\bciting)"
    "|\u0628\u062d\u0633\u0628|\u062d\u0633\u0628|\u0648\u0641\u0642(?:\u0627|\u064b\u0627|\u0627\u064b)?\\s*\u0644\u0640?"
    "|\u0646\u0642\u0644(?:\u0627|\u064b\u0627|\u0627\u064b)\\s+\u0639\u0646)"
)
"""Words that hand a sentence to its source: according to, via, per; بحسب، حسب، وفقا لـ، نقلا عن."""
_MD_TARGET = r"(?:<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?"
_TOKEN = re.compile(
    rf"!\[[^\[\]\n]*\]\(\s*{_MD_TARGET}\s*\)"  # an image: gone, alt text and all
    # [text](url), with the "according to" before it
    rf"|(?P<lead>{_ATTRIBUTION}[ \t]*)?\[(?P<text>[^\[\]\n]*)\]\(\s*{_MD_TARGET}\s*\)"
    r"|\[(?P<ref_text>[^\[\]\n]+)\]\[[^\[\]\n]*\]"  # [text][ref]
    rf"|<{_URL_START}[^<>\s]*>"  # an autolink
    rf"|{_URL_START}[^\s<>\"«»\[\]]*(?:\n%[0-9A-Fa-f]{{2}}[^\s<>\"«»\[\]]*)*"  # a bare URL
    # (its trailing punctuation handed back; a line break before `%XX` is inside it)
    r"|\[\^?\d{1,3}\]"  # a footnote marker
    "|[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+"  # superscript footnote markers
    r"|\(\d{1,3}\)(?=\s*(?:[.!?\u061f\u2026\u060c,;\u061b:]|$))"  # (1) before punctuation
    r"|\*\*|__|~~|`+"
    r"|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)"  # *emphasis* and _emphasis_
)
_LINE_MARKUP = re.compile(
    r"^[ \t]*(?:>[ \t]?)*[ \t]*(?:#{1,6}[ \t]+|(?:[-*+\u2022]|\d{1,3}[.)])[ \t]+)?", re.MULTILINE
)
"""Blockquote `>`, heading hashes and list bullets at the start of a line."""
_URL_TAIL = ".,;:!?\u061f\u060c\u061b\u2026'\"\u201d\u2019)"
_EMPTY_BRACKETS = re.compile(
    '\\(\\s*\\)|\\[\\s*\\]|<\\s*>|\u00ab\\s*\u00bb|\u201c\\s*\u201d|"\\s*"'
)
_SPACE_RUN = re.compile(r"\s+")
_SPACES_IN_LINE = re.compile(r"[^\S\n]{2,}")
"""Runs of spaces (blanked HTML tags), folded before links are read: line breaks stay,
for a URL broken across lines."""
_SPACE_BEFORE = re.compile("\\s+(?=[.,;:!?\u061f\u060c\u061b\u2026)\\]\u00bb\u201d])")
_SPACE_AFTER = re.compile("(?<=[(\\[\u00ab\u201c])\\s+")
_DANGLING = re.compile("[\\s,;:\u060c\u061b\\-\u2013\u2014]+(?=[.!?\u061f\u2026]*$)")
"""A separator left before the end once a trailing link or URL is gone."""
_DOUBLED = re.compile("([,;\u060c\u061b])[\\s,;\u060c\u061b]*(?=[.!?\u061f\u2026,;\u060c\u061b])")
_NO_BIDI_MARKS = dict.fromkeys(
    [0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
"""Invisible direction marks that cling to URLs in Arabic text (`ليبي ‏https://…‏،`)."""
_WORD = re.compile(r"[^\W_]")
_MARKUP_CHARS = frozenset("[]<>()*_`~#\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079")


def clean_claim(raw: str) -> str:
    """Return the claim a sentence makes, without URLs, markup or source-only link text.

    Markdown links become their text, unless the text only names the source and
    stands outside the sentence's grammar (in brackets, or after the last word);
    images, autolinks, bare URLs, footnote markers, emphasis, code ticks, heading
    hashes, list bullets and blockquote marks are dropped. White space is folded.

    Args:
        raw: the sentence as the document holds it.

    Returns:
        The claim text; empty when nothing but URLs and markup was there.
    """
    if not _MARKUP_CHARS.isdisjoint(raw) or "://" in raw or "www." in raw:
        raw = raw.translate(_NO_BIDI_MARKS)
        if "\n" in raw or raw[:1] in " \t>#-*+\u2022" or raw[:1].isdigit():
            raw = _LINE_MARKUP.sub("", raw)
        raw = _TOKEN.sub(_replace_token, _SPACES_IN_LINE.sub(" ", raw))
        raw = _EMPTY_BRACKETS.sub(" ", raw)
        raw = _SPACE_RUN.sub(" ", raw).strip()
        raw = _SPACE_AFTER.sub("", _SPACE_BEFORE.sub("", raw))
        raw = _DOUBLED.sub("", _DANGLING.sub("", raw))
        raw = raw.strip(" ,;:\u060c\u061b-\u2013\u2014")
    elif "\n" in raw or "  " in raw or "\t" in raw:
        raw = _SPACE_BEFORE.sub("", _SPACE_RUN.sub(" ", raw).strip())
    return raw if _WORD.search(raw) else ""


def _replace_token(match: re.Match[str]) -> str:
    token = match.group()
    if (text := match.group("text")) is not None:
        return _link_text_in_sentence(match, text)
    if (text := match.group("ref_text")) is not None:
        return text
    if token[0] in "hHwW":
        return _url_tail(token)
    return ""


def _url_tail(url: str) -> str:
    """Return what a bare URL match took beyond the URL: its trailing punctuation."""
    end = len(url)
    while end and url[end - 1] in _URL_TAIL:
        if url[end - 1] == ")" and url.count("(", 0, end) >= url.count(")", 0, end):
            break  # a balanced `)` is the URL's own (Wikipedia titles)
        end -= 1
    return url[end:]


def _link_text_in_sentence(match: re.Match[str], text: str) -> str:
    """A link's text, or nothing where it only names a source outside the grammar
    (with the "according to" / "بحسب" that hands the sentence to it)."""
    lead = match.group("lead") or ""
    if not _WORD.search(text) or is_url_like(text) or _is_generic(text):
        return lead + " " if _is_inside_words(match) else lead
    if source_name(text) is not None:
        if lead and not _is_followed_by_a_word(match):
            return ""
        if not lead and not _is_inside_words(match):
            return ""
    return lead + text.replace("**", "").replace("__", "").replace("`", "")


def _is_followed_by_a_word(match: re.Match[str]) -> bool:
    return match.string[match.end() : match.end() + 3].lstrip()[:1].isalnum()


def _is_inside_words(match: re.Match[str]) -> bool:
    """Whether a word follows the link in running text (the link is part of the
    grammar: "[Reuters](…) reported that …", "بحسب [رويترز](…)، ارتفعت …")."""
    if _is_followed_by_a_word(match):
        return True
    start = match.start()
    before = match.string[max(0, start - 40) : start].rstrip()
    return bool(before) and _ATTRIBUTION_END.search(before) is not None


_ATTRIBUTION_END = re.compile(
    r"(?i:\b(?:by|from|said|told|reported|cited)"
    r"|(?:بحسب|حسب|وفق|وفقا|وفقًا|وفقاً|عن|قالت|قال|ذكرت|ذكر|أفادت|أفاد|نقلت|نقل))$"
)
"""Words after which a source's name is part of the sentence, not a citation mark."""

# -- source names ----------------------------------------------------------------------

_LEAD_IN = re.compile(
    r"^(?:(?i:according\s+to|as\s+reported\s+by|reported\s+by|courtesy\s+of|via|per|source"
    r"|sources|from)\b[\s:]*"
    "|(?:\u0628\u062d\u0633\u0628|\u062d\u0633\u0628|\u0646\u0642\u0644\u0627\u064b?\\s+\u0639\u0646"
    "|\u0646\u0642\u0644\u064b\u0627\\s+\u0639\u0646|\u0627\u0644\u0645\u0635\u062f\u0631|\u0645\u0635\u062f\u0631"
    "|\u0648\u0641\u0642(?:\u0627|\u064b\u0627|\u0627\u064b)?\\s+\u0644\u0640?"
    "|\u0639\u0646)(?:[\\s:]+|(?=\u0644)))"
)
""""according to", "via", "source:", بحسب، حسب، نقلا عن، المصدر، وفقا لـ، عن."""
_NAME_CONNECTORS = frozenset(
    [
        "of",
        "the",
        "and",
        "for",
        "de",
        "al",
        "el",
        "la",
        "le",
        "du",
        "des",
        "der",
        "die",
        "for",
        "on",
        "in",
        "at",
        "&",
        "-",
        "news",
    ]
)
_VERB_PREFIXES = (
    "قال", "أعلن", "اعلن", "أكد", "اكد", "ذكر", "أفاد", "افاد", "أشار", "اشار", "نفى", "نفت",
    "كشف", "أوضح", "اوضح", "أضاف", "اضاف", "ارتفع", "انخفض", "تراجع", "بلغ", "وصل", "يقول",
    "تقول", "إن", "أن", "ان", "هو", "هي", "كان", "كانت",
)  # fmt: skip
"""Arabic words a source's name does not hold: a link text with one states a claim."""
_GENERIC = re.compile(
    r"(?i:here|click\s+here|link|this|source|sources|read\s+more|more|article|report|website"
    r"|see|this\s+link|this\s+article|this\s+report)"
    "|(?:\u0647\u0646\u0627|\u0627\u0636\u063a\u0637\\s+\u0647\u0646\u0627|\u0627\u0644\u0631\u0627\u0628\u0637"
    "|\u0631\u0627\u0628\u0637|\u0627\u0644\u0645\u0635\u062f\u0631|\u0645\u0635\u062f\u0631|\u0644\u0644\u0645\u0632\u064a\u062f"
    "|\u0627\u0642\u0631\u0623\\s+\u0627\u0644\u0645\u0632\u064a\u062f|\u0627\u0644\u062a\u0642\u0631\u064a\u0631)"
)
"""Link texts that only point ("here", "link", هنا، الرابط، المصدر): neither claim nor name."""
MAX_NAME_WORDS = 5
"""A source's name is short: "The New York Times", "وكالة الأنباء الفرنسية"."""


def source_name(link_text: str | None) -> str | None:
    """Return the source a link text names, or None when it states something else.

    "Reuters", "BBC عربي", "according to Reuters" (→ "Reuters"), "بحسب رويترز"
    (→ "رويترز") name a source; "the ministry said exports rose 4%" does not, nor
    does a URL or a bare "here".

    Args:
        link_text: the anchor text of a link (markdown, HTML, docx).

    Returns:
        The name without its lead-in words, or None.
    """
    if not link_text:
        return None
    text = _SPACE_RUN.sub(" ", link_text.replace("*", "").replace("`", "")).strip(" :,-\u060c")
    name = _LEAD_IN.sub("", text).strip(" :,-\u060c") or text
    if not name or is_url_like(name) or _is_generic(name) or len(name) > 60:
        return None
    words = name.split()
    if len(words) > MAX_NAME_WORDS or any(char.isdigit() for char in name):
        return None
    if re.search("[.!?\u061f\u061b](?:\\s|$)", name) and not _is_abbreviation(name):
        return None
    return name if _reads_as_name(words) else None


def _reads_as_name(words: list[str]) -> bool:
    if any(word.startswith(_VERB_PREFIXES) for word in words if not word.isascii()):
        return False
    latin = [word for word in words if word[:1].isascii() and word[:1].isalpha()]
    # English names are capitalised ("The New York Times"); a lower-case phrase
    # ("the ministry said") is a claim
    return all(word[0].isupper() or word.lower() in _NAME_CONNECTORS for word in latin)


def _is_abbreviation(name: str) -> bool:
    return re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?(?:\s+\S+)*", name) is not None


def _is_generic(text: str) -> bool:
    return _GENERIC.fullmatch(text.strip(" .:,\u060c")) is not None


def is_url_like(text: str) -> bool:
    """Whether a link text is a URL or a path rather than words."""
    stripped = text.strip()
    return (
        "://" in stripped
        or stripped.lower().startswith("www.")
        or ("/" in stripped and " " not in stripped)
    )


NO_CLAIM_TEXT = "no claim text near this link"
"""Why a citation whose claims are empty once URLs and markup are gone gets no verdict."""


def has_claim_text(citation: Citation) -> bool:
    """Whether a citation backs any words a page could support (DESIGN.md §6).

    Its claims, cleaned of URLs and markup; or, with no claims, a link text that
    states something rather than naming the source.
    """
    if any(clean_claim(claim.text) for claim in citation.claims):
        return True
    text = citation.link_text
    return (
        not citation.claims
        and bool(text)
        and source_name(text) is None
        and bool(clean_claim(text or ""))
    )
