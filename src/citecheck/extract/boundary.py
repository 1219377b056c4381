"""Where a URL written in running text ends (rules 2-4 of `urls.py`).

`BODY_RUN` takes the longest run of characters a URL may hold; `cut` then ends it
earlier where the text shows the URL is over:

- a letter of another script than Latin (Arabic, Persian, Chinese, Cyrillic...)
  glued straight after an ASCII letter, digit or percent-escape: real IRIs put
  such letters after a delimiter (`/ليبيا`, `/wiki/上海`), prose glues words to a
  URL (`/27980وقال`, `/issues上的`);
- a closing bracket the URL did not open: `(http://one.org/)(http://two.org/)`
  is two URLs, as are `[a](https://x.org)[b](...)` and a row of README badges;
- a zero-width joiner or non-joiner that is not between two letters (between
  letters it is part of a Persian or Malayalam word, and of the URL);
- closing punctuation at the end (. , : ; ! ? * and quotes), except a quote
  that closes one opened inside the URL (`/blah_'quoted'`).
"""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = "\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\ue000-\uf8ff"
"""Bidi marks, zero-width space, soft hyphen, BOM and private-use glyphs: they end a
URL. (textnorm.INVISIBLE_CHARS less tatweel and the joiners U+200C/U+200D.)"""
_FULLWIDTH_PUNCTUATION = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
"""CJK symbols and punctuation, fullwidth punctuation: never inside a URL unescaped."""
_STOP = (
    '\\s<>"`\u00ab\u00bb\u060c\u061b\u061f\u06d4\u2018\u2019\u201c\u201d\u2026\ufffd'
    + _INVISIBLE
    + _FULLWIDTH_PUNCTUATION
)
BODY_RUN = re.compile(f"[^{_STOP}]+")
"""The longest run of characters a URL may hold."""

_TRAILING = frozenset(".,:;!?*")
_QUOTES = frozenset("'")
_CLOSERS = {")": "(", "]": "[", "}": "{"}
_BRACKET = re.compile("[()\\[\\]{}]")
_GLUED = re.compile("(?:[A-Za-z0-9]|%[0-9A-Fa-f]{2})([^\\x00-\\u024f])")
_LATIN_BEYOND_ASCII = ((0x1E00, 0x1EFF), (0x2C60, 0x2C7F), (0xA720, 0xA7FF), (0xAB30, 0xAB6F))
"""Latin Extended Additional, -C, -D and -E: code point ranges (a regex class of them
costs 3 ms to compile at every start)."""
_JOINER = re.compile("[\u200c\u200d]")


def cut(candidate: str) -> str:
    """Return the URL a candidate run of URL characters holds (see the module doc)."""
    end = len(candidate)
    if not candidate.isascii():
        end = min(end, _glued_letter(candidate), _stray_joiner(candidate))
    if "]" in candidate or ")" in candidate or "}" in candidate:
        end = min(end, _unmatched_closer(candidate))
    return trim_trailing(candidate[:end])


def _glued_letter(candidate: str) -> int:
    """Return where a non-Latin letter glued to ASCII starts, or the length."""
    for match in _GLUED.finditer(candidate):
        if _is_foreign_letter(match.group(1)):
            return match.start(1)
    return len(candidate)


def _is_foreign_letter(char: str) -> bool:
    if not char.isalpha():
        return False
    point = ord(char)
    return not any(low <= point <= high for low, high in _LATIN_BEYOND_ASCII)


def _stray_joiner(candidate: str) -> int:
    """Return where a joiner that is not between two letters stands, or the length."""
    for match in _JOINER.finditer(candidate):
        at = match.start()
        if not (_is_letter(candidate[at - 1 : at]) and _is_letter(candidate[at + 1 : at + 2])):
            return at
    return len(candidate)


def _is_letter(char: str) -> bool:
    """A letter or a combining mark (a Malayalam virama before its joiner)."""
    return bool(char) and unicodedata.category(char)[0] in "LM"


def _unmatched_closer(candidate: str) -> int:
    """Return where the first closing bracket the URL did not open stands, or the length."""
    depth = {"(": 0, "[": 0, "{": 0}
    for match in _BRACKET.finditer(candidate):
        bracket = match.group()
        opener = _CLOSERS.get(bracket)
        if opener is None:
            depth[bracket] += 1
        elif depth[opener]:
            depth[opener] -= 1
        else:
            return match.start()
    return len(candidate)


def trim_trailing(candidate: str) -> str:
    """Drop closing punctuation, and a last quote unless it closes one in the URL."""
    while candidate:
        last = candidate[-1]
        if last in _TRAILING or (last in _QUOTES and candidate.count(last) % 2):
            candidate = candidate[:-1]
        else:
            break
    return candidate
