"""Soft-404 by content: a page whose own title or main heading says it is not found.

The random-sibling probe (classify step 5) catches sites that answer every
unknown address with the same page. It misses a site that answers 404 to the
probe but 200 with a "page not found" page for the cited address (a removed
article kept as a stub, a CMS that only soft-fails known slugs). This module
reads what the page says about itself, in the languages citecheck's users cite:
Arabic, English, French, Spanish, German, Russian, Turkish, Persian and Urdu.

Only the `<title>` and the first `<h1>` are read, never the body text: a news
story that reports a plane "not found" is not an error page. A heading matches
on a *strong* phrase (one that names the page, or 404), or on a *generic* one
("not found", "لم يتم العثور") when the heading part is short or also says
"page", "sorry" or "what you are looking for". The caller also requires the
page to show little text (`classify.SOFT404_MAX_WORDS`).
"""

from __future__ import annotations

import html
import re
import unicodedata

HEAD_SCAN_CHARS = 256 * 1024
"""How far into the page the `<title>` and first `<h1>` are looked for."""
HEADING_CHARS = 2048
"""The longest title or heading read (a real one is far shorter)."""
SHORT_HEADING_WORDS = 4
"""A heading part this short that says "not found" says it about the page itself."""

STRONG_PHRASES = (
    # English
    "page not found", "page cannot be found", "page could not be found", "page can't be found",
    "page does not exist", "page doesn't exist", "page no longer exists", "404 not found",
    "error 404", "404 error",
    # Arabic
    "الصفحة غير موجودة", "الصفحة المطلوبة غير موجودة", "الصفحة غير متوفرة", "الصفحة غير متاحة",
    "لم يتم العثور على الصفحة", "تعذر العثور على الصفحة", "خطأ 404",
    # French, Spanish, German
    "page introuvable", "page non trouvée", "page inexistante", "erreur 404",
    "página no encontrada", "página no existe", "no se encontró la página",
    "seite nicht gefunden", "seite existiert nicht", "fehler 404",
    # Russian, Turkish, Persian, Urdu
    "страница не найдена", "страница не существует", "ошибка 404",
    "sayfa bulunamadı", "sayfa mevcut değil", "hata 404",
    "صفحه یافت نشد", "صفحه مورد نظر یافت نشد", "صفحه پیدا نشد", "خطای 404",
    "صفحہ نہیں ملا", "صفحہ موجود نہیں",
)  # fmt: skip
GENERIC_PHRASES = (
    "not found", "لم يتم العثور", "غير موجودة", "غير موجود", "introuvable", "non trouvé",
    "no encontrada", "no encontrado", "nicht gefunden", "не найдена", "не найдено",
    "bulunamadı", "یافت نشد", "پیدا نشد", "نہیں ملا", "404",
)  # fmt: skip
SUPPORT_WORDS = (
    "page", "sorry", "oops", "looking for", "الصفحة", "صفحة", "عذرا", "عفوا", "تبحث عنه",
    "désolé", "página", "lo sentimos", "seite", "leider", "страница", "извините", "sayfa",
    "üzgünüz", "صفحه", "متاسفانه", "صفحہ", "معذرت",
)  # fmt: skip
_SEPARATORS = re.compile(r"\s[|\-–—:·•»«/]\s|\s[|–—·•»«]|[|–—·•»«]\s")
_TAGS = re.compile(r"<[^<>]{0,512}>")
_ARABIC_MARKS = re.compile(r"[\u064b-\u0652\u0640]")  # harakat and tatweel
_ELEMENTS = {
    tag: (re.compile(rf"(?i)<{tag}[> ]"), re.compile(rf"(?i)</{tag}")) for tag in ("title", "h1")
}
"""Where a `<title>` or `<h1>` opens (not `<titlebar>`, `<h1x>`) and closes, in any case."""


def not_found_heading(page: str) -> str | None:
    """The page's title or main heading when it says the page is not found, else None.

    Args:
        page: the decoded HTML of the page.

    Returns:
        The heading as written (for the verdict's reason), or None.
    """
    head = page[:HEAD_SCAN_CHARS]
    for tag in ("title", "h1"):
        heading = _element_text(head, tag)
        if heading and says_not_found(heading):
            return heading
    return None


def says_not_found(heading: str) -> bool:
    """Whether a title or heading says the page is not found (see the module docstring)."""
    text = _normalised(heading)
    if any(phrase in text for phrase in _STRONG):
        return True
    for part in [text, *_SEPARATORS.split(text)]:
        part = part.strip()
        if not any(phrase in part for phrase in _GENERIC):
            continue
        if len(part.split()) <= SHORT_HEADING_WORDS or any(w in part for w in _SUPPORT):
            return True
    return False


def _element_text(page: str, tag: str) -> str | None:
    """The text of the first `<tag>` element, any letter case (linear on any input: the
    opening is a compiled search, the closing is looked for only `HEADING_CHARS` further)."""
    opening, closing = _ELEMENTS[tag]
    start = opening.search(page)
    if start is None:
        return None
    opened = page.find(">", start.start())
    closed = closing.search(page, opened, opened + HEADING_CHARS) if opened != -1 else None
    if closed is None:
        return None
    text = html.unescape(_TAGS.sub(" ", page[opened + 1 : closed.start()]))
    return " ".join(text.split()) or None


def _normalised(text: str) -> str:
    """Lower case, Arabic marks dropped, alef forms and Arabic/Persian yeh and kaf unified."""
    text = _ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", text).lower())
    return text.translate(_LETTERS)


_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ي": "ی", "ى": "ی", "ك": "ک"})
_STRONG = tuple(_normalised(phrase) for phrase in STRONG_PHRASES)
_GENERIC = tuple(_normalised(phrase) for phrase in GENERIC_PHRASES)
_SUPPORT = tuple(_normalised(word) for word in SUPPORT_WORDS)
