"""What a claim says once the citation's own marks are gone, and who the source is.

A sentence that backs a citation carries more than the claim: the URL itself, the
markdown or HTML markup around it, footnote markers, and link text that only names
the source (`([Reuters](https://…))`, `[صحيفة الوادي](https://…)`). `clean_claim`
leaves the words a page can support; `source_name` tells a link text that names a
source (the citation's `source_name`, DESIGN.md §6) from one that states a claim.
"""

from __future__ import annotations

import functools
import re

from citecheck.models import Citation

_URL_START = "(?:[hH][tT][tT][pP][sS]?://|[wW][wW][wW]\\.)"
_ATTRIBUTION = (
    r"(?:(?i:\baccording\s+to|\bvia|\bper|\bas\s+reported\s+by|\bciting)"
    "|\u0628\u062d\u0633\u0628|\u062d\u0633\u0628|\u0648\u0641\u0642(?:\u0627|\u064b\u0627|\u0627\u064b)?\\s*\u0644\u0640?"
    "|\u0646\u0642\u0644(?:\u0627|\u064b\u0627|\u0627\u064b)\\s+\u0639\u0646)"
)
"""Words that hand a sentence to its source: according to, via, per; بحسب، حسب، وفقا لـ، نقلا عن."""
_ATTRIBUTION_BEFORE = re.compile(_ATTRIBUTION + "[ \t]*$")
_DROPPED_WITH_LEAD = "\x00"
_LEAD_AND_DROPPED = re.compile(_ATTRIBUTION + "[ \t]*\x00")
_MD_TARGET = r"(?:<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?"
_LINK_TOKEN = re.compile(
    rf"!\[[^\[\]\n]*\]\(\s*{_MD_TARGET}\s*\)"  # an image: gone, alt text and all
    rf"|\[(?P<text>[^\[\]\n]*)\]\(\s*{_MD_TARGET}\s*\)"  # [text](url)
    r"|\[(?P<ref_text>[^\[\]\n]+)\]\[[^\[\]\n]*\]"  # [text][ref]
    r"|\[\^?\d{1,3}\]"  # a footnote marker
    rf"|<{_URL_START}[^<>\s]*>"  # an autolink
)
_BIDI_MARKS = "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"
"""Invisible direction marks that cling to URLs in Arabic text (`ليبي ‏https://…‏،`)."""
_URL_TOKEN = re.compile(
    "[hHwW](?:(?<=[hH])[tT][tT][pP][sS]?://|(?<=w)ww\\.|(?<=W)WW\\.)"
    '[^\\s<>"\u00ab\u00bb\\[\\]]*(?:\\n%[0-9A-Fa-f]{2}[^\\s<>"\u00ab\u00bb\\[\\]]*)*'
)
"""A bare URL (its trailing punctuation is handed back; a line break before `%XX`
is inside it): `http(s)://` in any case, `www.` or `WWW.`. (One class of first
letters, then lookbehinds pick the form: the engine skips ahead on the class.)"""
_BEFORE_URL = frozenset(
    " \t\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Spaces and direction marks that go with the URL they stand before."""
_SUPERSCRIPTS = "\u00b9\u00b2\u00b3\u2070\u2074-\u2079"
_MARKER_TOKEN = re.compile(
    f"[({_SUPERSCRIPTS}]"  # one class of first characters (the engine skips ahead on it)
    f"(?:(?<=[{_SUPERSCRIPTS}])[{_SUPERSCRIPTS}]*"  # superscript footnote markers
    r"|(?<=\()\d{1,3}\)(?=\s*(?:[.!?\u061f\u2026\u060c,;\u061b:]|$)))"  # (1) before punctuation
)
_EMPHASIS = re.compile(r"\*\*|__|~~|`+|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")
_PLAIN = re.compile(f"[^\\[\\]<>()*_`~#/\n\t{_SUPERSCRIPTS}{_BIDI_MARKS}]*")
"""Text with nothing to clean: no bracket, markup, slash (every URL has one), line
break, tab, superscript or direction mark."""
_LINE_MARKUP = re.compile(
    r"[ \t]*(?:>[ \t]?)*[ \t]*(?:#{1,6}[ \t]+|(?:[-*+\u2022]|\d{1,3}[.)])[ \t]+)?"
)
"""Blockquote `>`, heading hashes and list bullets at the start of a line (matched at
each line start by hand: `^` with MULTILINE makes the engine try every position)."""
_URL_TAIL = ".,;:!?\u061f\u060c\u061b\u2026'\"\u201d\u2019)\u200e\u200f\u061c"
_EMPTY_BRACKETS = re.compile(
    '\\(\\s*\\)|\\[\\s*\\]|<\\s*>|\u00ab\\s*\u00bb|\u201c\\s*\u201d|"\\s*"'
)
_SPACE_RUN = re.compile(r"\s+")
_SPACES_IN_LINE = re.compile(r"[^\S\n]{2,}")
"""Runs of spaces (blanked HTML tags), folded before links are read: line breaks stay,
for a URL broken across lines."""
_CLOSER = re.compile("[.,;:!?\u061f\u060c\u061b\u2026)\\]\u00bb\u201d]")
_SPACE_AFTER_OPENER = re.compile("([(\\[\u00ab\u201c])\\s+")
"""A closing mark, and white space after an opening one: white space goes before the
first (`_without_space_before_closers`) and after the second, in two passes, each
starting on a class the engine skips ahead on (one pass with a lookbehind tries
every position; `\\s` as a first class tests every character's category). Removing
the first never puts an opener before white space."""
_DOUBLED = re.compile("([,;\u060c\u061b])[\\s,;\u060c\u061b]*(?=[.!?\u061f\u2026,;\u060c\u061b])")
_TERMINATORS = ".!?\u061f\u2026"
_SEPARATORS = " \t,;:\u060c\u061b-\u2013\u2014"
_AT_THE_ENDS = _SEPARATORS + "".join(char for char in map(chr, range(0x3001)) if char.isspace())
"""Separators and white space of any kind, stripped from a claim's ends together
(`… %D9\xa0;` loses both the `;` and the no-break space)."""
_WORD = re.compile(r"[^\W_]")


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
    if _PLAIN.fullmatch(raw) is None or "  " in raw or "www." in raw:
        raw = _cleaned(raw)
    return raw if _WORD.search(raw) else ""


def _cleaned(raw: str) -> str:
    """`clean_claim`'s work, each pass only where its marks occur (tens of thousands
    of claims in a long document: most hold one URL and nothing else)."""
    if "\n" in raw or raw[:1] in " \t>#-*+\u2022" or raw[:1].isdigit():
        raw = _without_line_markup(raw)
    if "  " in raw:
        raw = _SPACES_IN_LINE.sub(" ", raw)
    removed = 0  # marks taken out of running text: spaces and commas to tidy after
    if "[" in raw or "<" in raw:
        raw, removed = _LINK_TOKEN.subn(_replace_link, raw)
        if _DROPPED_WITH_LEAD in raw:
            raw = _LEAD_AND_DROPPED.sub("", raw).replace(_DROPPED_WITH_LEAD, "")
    if "/" in raw or "www." in raw or "WWW." in raw:
        raw = _without_urls(raw)
    if _MARKER_START.search(raw) is not None:
        raw, count = _MARKER_TOKEN.subn("", raw)
        removed += count
    if "*" in raw or "_" in raw or "`" in raw or "~" in raw:
        raw = _EMPHASIS.sub("", raw)
    if "(" in raw or "[" in raw or "<" in raw or '"' in raw or "\u00ab" in raw or "\u201c" in raw:
        raw, count = _EMPTY_BRACKETS.subn(" ", raw)
        removed += count
    # `\s+` to one space, stripped (`\s` is `str.isspace`), where a run may be
    folded = "\n" in raw or "  " in raw or "\t" in raw
    raw = " ".join(raw.split()) if folded else raw.strip()
    if removed:
        raw = _without_space_before_closers(raw)
        if _SPACE_AFTER_OPENER.search(raw):
            raw = _SPACE_AFTER_OPENER.sub(r"\1", raw)
        raw = _DOUBLED.sub("", raw)
    return _without_dangling_separator(raw).strip(_AT_THE_ENDS)


def _without_line_markup(raw: str) -> str:
    """The text without `_LINE_MARKUP` at the start of each line."""
    if "\n" not in raw:
        return raw[_line_markup_end(raw) :]
    return "\n".join([line[_line_markup_end(line) :] for line in raw.split("\n")])


def _line_markup_end(line: str) -> int:
    match = _LINE_MARKUP.match(line)
    return match.end() if match is not None else 0


_MARKER_START = re.compile(f"[({_SUPERSCRIPTS}](?:(?<=\\()\\d|(?<!\\())")
"""Where a footnote marker could start: a `(` before a decimal digit of any script, or a
superscript digit. One search per claim (every claim is tried): one class of first
characters, then a lookbehind picks the form."""


def _without_space_before_closers(raw: str) -> str:
    """The text without the white space runs that stand before a closing mark
    (`\\s+(?=[.,;:!?؟،؛…)\\]»”])`, found from the marks: few, where spaces are many)."""
    parts: list[str] = []
    at = 0
    for closer in _CLOSER.finditer(raw):
        end = closer.start()
        start = end
        while start > at and raw[start - 1].isspace():
            start -= 1
        if start < end:
            parts.append(raw[at:start])
            at = end
    if not parts:
        return raw
    parts.append(raw[at:])
    return "".join(parts)


def _without_dangling_separator(raw: str) -> str:
    """Drop a separator left before the final full stop (`… the dam:.`, `… 4%، .`)."""
    end = len(raw)
    while end and raw[end - 1] in _TERMINATORS:
        end -= 1
    cut = end
    while cut and raw[cut - 1] in _SEPARATORS:
        cut -= 1
    return raw[:cut] + raw[end:] if cut < end else raw


def _replace_link(match: re.Match[str]) -> str:
    if (text := match.group("text")) is not None:
        return _link_text_in_sentence(match, text)
    if (text := match.group("ref_text")) is not None:
        return text
    return ""


def _without_urls(raw: str) -> str:
    """The text without its bare URLs and the spaces before each; their trailing
    punctuation stays (`… الخبر https://…، وأضافت` → `… الخبر، وأضافت`)."""
    parts: list[str] = []
    at = 0
    for url in _URL_TOKEN.finditer(raw):
        start = url.start()
        while start > at and raw[start - 1] in _BEFORE_URL:
            start -= 1
        parts += (raw[at:start], _url_tail(url.group()))
        at = url.end()
    if not parts:
        return raw
    parts.append(raw[at:])
    return "".join(parts)


def _url_tail(url: str) -> str:
    """Return what a bare URL match took beyond the URL: its trailing punctuation
    (without direction marks)."""
    end = len(url)
    while end and url[end - 1] in _URL_TAIL:
        if url[end - 1] == ")" and url.count("(", 0, end) >= url.count(")", 0, end):
            break  # a balanced `)` is the URL's own (Wikipedia titles)
        end -= 1
    if end == len(url):
        return ""
    return url[end:].replace("\u200f", "").replace("\u200e", "").replace("\u061c", "")


def _link_text_in_sentence(match: re.Match[str], text: str) -> str:
    """A link's text, or nothing where it only names a source outside the grammar
    (with the "according to" / "بحسب" that hands the sentence to it)."""
    if not _WORD.search(text) or is_url_like(text) or _is_generic(text):
        return " " if _is_inside_words(match) else ""
    if source_name(text) is not None:
        start = match.start()
        if _ATTRIBUTION_BEFORE.search(match.string, max(0, start - 30), start):
            if not _is_followed_by_a_word(match):
                return _DROPPED_WITH_LEAD  # "according to" goes with it
        elif not _is_inside_words(match) and not continues_sentence(match.string, start, text):
            return ""
    return text.replace("**", "").replace("__", "").replace("`", "")


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


def continues_sentence(text: str, start: int, link_text: str) -> bool:
    """Whether a link at `start` in `text` reads on from the words before it, as the
    end of the sentence (`… بسبب [موجة البرد والثلوج](…).`), though its text could name a source.

    Arabic has no capitals to tell a name from other words: there a source's name
    stands apart (in brackets, after a comma or a full stop, after "بحسب", or
    opening the sentence) or says what it is (صحيفة…، وكالة…). Latin-script link
    text is told by its capitals (`source_name`).
    """
    link_text = link_text.lstrip()
    if not link_text or link_text[0].isascii() or link_text.startswith(_MEDIA_NOUNS):
        return False
    if _LEAD_IN.match(link_text) is not None:
        return False  # "بحسب الحكومة": says it names a source
    end = start  # past the spaces (and blanked HTML tags) before the link
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    before = text[max(0, end - 40) : end]
    if not before or _WORD.match(before[-1]) is None:
        return False
    return _ATTRIBUTION_BEFORE.search(before) is None and _ATTRIBUTION_END.search(before) is None


_MEDIA_NOUNS = (
    "\u0635\u062d\u064a\u0641\u0629",  # صحيفة
    "\u062c\u0631\u064a\u062f\u0629",  # جريدة
    "\u0648\u0643\u0627\u0644\u0629",  # وكالة
    "\u0642\u0646\u0627\u0629",  # قناة
    "\u0645\u0648\u0642\u0639",  # موقع
    "\u0645\u062c\u0644\u0629",  # مجلة
    "\u0634\u0628\u0643\u0629",  # شبكة
    "\u0625\u0630\u0627\u0639\u0629",  # إذاعة
    "\u062a\u0644\u0641\u0632\u064a\u0648\u0646",  # تلفزيون
)
"""Words an Arabic source's name opens with: newspaper, agency, channel, site, magazine..."""


def link_source_name(text: str, start: int, link_text: str | None) -> str | None:
    """The source a link's text names, for a link at `start` in `text`: None where the
    text reads on from the sentence before it (`continues_sentence`), as claim text."""
    name = source_name(link_text)
    if name is None or link_text is None or not continues_sentence(text, start, link_text):
        return name
    return None


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
    return _source_name(link_text) if link_text else None


@functools.lru_cache(maxsize=4096)
def _source_name(link_text: str) -> str | None:
    """`source_name`, cached: one link's text is asked about three times (its
    citation, whether it trails a sentence, its claim), and names recur."""
    text = link_text.replace("*", "").replace("`", "")
    if _NEEDS_FOLDING.search(text) is not None:
        text = _SPACE_RUN.sub(" ", text)
    text = text.strip(" :,-\u060c")
    lead = _LEAD_IN.match(text)
    name = (text[lead.end() :].strip(" :,-\u060c") or text) if lead else text
    if not name or len(name) > 60 or is_url_like(name) or _is_generic(name):
        return None
    words = name.split()
    if len(words) > MAX_NAME_WORDS or any(char.isdigit() for char in name):
        return None
    if _SENTENCE_END.search(name) and not _is_abbreviation(name):
        return None
    return name if _reads_as_name(words) else None


_NEEDS_FOLDING = re.compile(r"\s\s|[^\S ]")
"""White space `source_name` folds to one space: a run, or a tab or line break."""
_SENTENCE_END = re.compile("[.!?\u061f\u061b](?:\\s|$)")


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
