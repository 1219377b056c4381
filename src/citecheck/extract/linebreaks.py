"""Whether a URL that runs to a line end goes on at the start of the next line (rule 5).

PDF text layers and hard-wrapped text break long URLs wherever the line is full.
The next line continues the URL when it starts, at its first column, with URL
characters (not a new URL, not a list number such as `12.`) and:

1. the URL is a link target the document's markup also carries (a PDF link
   annotation) and the next line goes on with more of that target;
2. the line ends with `://` (no host yet);
3. the next line starts with an escape (`%D8...`), or completes a split escape
   (`%D` + `8...`), or the line ends mid-word (`-`, `_`, `=`, `&`) and the next
   line goes on with a letter or digit;
4. the line ends with `/` and the next line's first word reads as the rest of a
   path (it holds `/`, `?`, `=`, `&`, `#`, `%`, `_` or a dot inside), not as prose;
5. the URL has a path and the next line is one ASCII word and nothing else, with
   a letter and a digit or a `-`, `_`, `/`, `.`, `%`, `=` in it
   (`curity-idUSKCN1S51HX`): a URL wrapped mid-word, as a reference list's lines
   are, where a line of prose would hold a space.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from citecheck.extract.boundary import BODY_RUN

_ESCAPE_FIRST = re.compile("%[0-9A-Fa-f]{2}")
# How a URL cut at a line end ends (group 1..3), and what the next line must start
# with to continue it: the rest of an escape, or more of a word.
_BROKEN_TAIL = re.compile("(?:(%)|(%[0-9A-Fa-f])|([-_=&]))$")
_CONTINUATION = {
    1: re.compile("[0-9A-Fa-f]{2}"),
    2: re.compile("[0-9A-Fa-f]"),
    3: re.compile("[A-Za-z0-9%]"),
}
_NEW_URL = re.compile("(?i:https?://|www\\.)")
_LIST_NUMBER = re.compile("[0-9]{1,3}[.)]")
"""A numbered line (`53. ...`) starts a list item, not the rest of an escape."""
_PATH_REST = re.compile("(?:[^\\W_]|%).*?(?:[/?=&#%_]|\\.[A-Za-z0-9])", re.DOTALL)


def next_line_run(text: str, end: int) -> re.Match[str] | None:
    """Return the run of URL characters that starts the line after `end`, if any.

    Args:
        text: the document text.
        end: where a URL ends; it must be at a line break.

    Returns:
        The run, or None when the next line starts with a space or nothing.
    """
    if text.startswith("\r\n", end):
        end += 1
    elif not text.startswith("\n", end):  # a lone CR is no line break (see `line_starts`)
        return None
    return BODY_RUN.match(text, end + 1)


def continues(raw: str, run: str, whole_line: bool = False) -> bool:
    """Whether `run` (the start of the next line) goes on with the URL `raw` (rules 2-5).

    Args:
        raw: the URL as found so far, up to the line end.
        run: the run of URL characters that starts the next line.
        whole_line: whether the run is all of that line.
    """
    if raw.endswith("://"):
        return _starts_a_host(run[:1])
    if _NEW_URL.match(run) or _LIST_NUMBER.fullmatch(run):
        return False
    if _ESCAPE_FIRST.match(run):
        return True
    tail = _BROKEN_TAIL.search(raw)
    if tail is not None and _CONTINUATION[tail.lastindex or 0].match(run):
        return True
    if raw.endswith("/") and _PATH_REST.match(run) is not None:
        return True
    return whole_line and _has_path(raw) and _URL_TAIL_WORD.fullmatch(run) is not None


def _starts_a_host(char: str) -> bool:
    """An ASCII letter or digit, `[` (an IPv6 host), or U+00C0-U+FFFF (an IDN host's
    first letter). Compared by hand: a regex class over that range costs 12 ms to
    compile, at every start of the command."""
    if char.isascii():
        return char.isalnum() or char == "["
    return "\u00c0" <= char <= "\uffff"


def _has_path(raw: str) -> bool:
    return raw.find("/", raw.find("://") + 3 if "://" in raw else 0) >= 0


_URL_TAIL_WORD = re.compile(
    "(?=.*[A-Za-z])(?=.*[0-9\\-_/.%=])[\\x21-\\x7e]*[^\\s.,;:!?)]", re.DOTALL
)
"""One ASCII word with a letter, and a digit or URL punctuation, not ending a sentence."""


def known_rest(raw: str, known: Collection[str]) -> str | None:
    """Return what a known link target adds to `raw`, when one starts with it (rule 1).

    Args:
        raw: the URL as found so far.
        known: the link targets the document's markup carries.

    Returns:
        The rest of the longest target that extends `raw`, or None.
    """
    if not known or raw.endswith("://"):
        return None  # a scheme alone says nothing of which target it starts
    prefixes = (raw, f"https://{raw}", f"http://{raw}") if raw[:4].lower() == "www." else (raw,)
    rests = [t[len(p) :] for t in known for p in prefixes if len(t) > len(p) and t.startswith(p)]
    return max(rests, key=len) if rests else None
