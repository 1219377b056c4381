"""Read one input file into a `Document`: its text, links, and a map back to the source.

Plain text and markdown keep their text as is (line breaks normalised to `\\n`),
so line and column are the ones an editor shows. HTML keeps the source with the
markup blanked out (same offsets, so the same line:column); its `<a href>` links
come in `Document.links`. PDF and docx give their text layer one line per
extracted line (pdf) or paragraph (docx), with link annotations and hyperlinks.

Encodings: a BOM (UTF-8, UTF-16) wins; then UTF-8; then windows-1256 when the
bytes decode to mostly Arabic letters. Anything else is refused.

Size: a file over `MAX_INPUT_BYTES` (64 MiB) is refused with a clear message
rather than read, so memory stays bounded (split such a file first). A plain UTF-8
text or markdown file can also be read piece by piece (`iter_text_pieces`, used by
`extract.stream`), so that `citecheck extract` holds a piece of it, not all of it.

Every failure is an `InputError` with a one-line message; pypdf, python-docx and
decoding errors are translated here and nowhere else.
"""

from __future__ import annotations

import codecs
import io
import itertools
import logging
import os
import re
import stat
import struct
import zlib
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from citecheck.errors import InputError
from citecheck.models import DocKind, Document, Link, Span

logger = logging.getLogger(__name__)
# pypdf logs warnings about damaged files; without this they would reach stderr through
# logging's last-resort handler even though the damage is reported as an InputError.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

MAX_INPUT_BYTES = 64 * 1024 * 1024
"""Larger files are refused: reading them whole would not keep memory bounded."""

SUPPORTED_SUFFIXES: dict[str, DocKind] = {
    ".txt": DocKind.TEXT,
    ".text": DocKind.TEXT,
    ".md": DocKind.MARKDOWN,
    ".markdown": DocKind.MARKDOWN,
    ".html": DocKind.HTML,
    ".htm": DocKind.HTML,
    ".pdf": DocKind.PDF,
    ".docx": DocKind.DOCX,
}

_NEWLINE = re.compile("\n")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_LATIN_OR_ARABIC = re.compile("[A-Za-z\u0621-\u064a]")
_CONTROL = re.compile(b"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_SNIFF_BYTES = 8192
_MIN_ARABIC_SHARE = 0.5
"""windows-1256 is accepted when at least this share of the letters are Arabic."""


def document_kind(path: Path) -> DocKind | None:
    """Return the kind of document a file name says it is, or None if unsupported."""
    return SUPPORTED_SUFFIXES.get(path.suffix.lower())


def load_document(path: Path, *, max_bytes: int = MAX_INPUT_BYTES) -> Document:
    """Read a txt, md, html, pdf or docx file into a `Document`.

    Args:
        path: the file.
        max_bytes: refuse files larger than this.

    Returns:
        The document: text, line starts, and the links its markup carries.

    Raises:
        InputError: missing, unsupported, empty, binary, badly encoded, corrupt
            or too large.
    """
    kind = document_kind(path)
    if kind is None:
        raise InputError(f"unsupported file type {path.suffix or '(none)'!r}", path=str(path))
    # no local name for the bytes: the loader drops them once decoded (bounded memory)
    return _LOADERS[kind](str(path), _read(path, max_bytes))


def load_data(name: str, kind: DocKind, data: bytes) -> Document:
    """Turn bytes that come from elsewhere than a file (stdin) into a `Document`.

    Raises:
        InputError: empty, binary, badly encoded or corrupt.
    """
    if not data or data.isspace():
        raise InputError("input is empty", path=name)
    return _LOADERS[kind](name, data)


def _read(path: Path, max_bytes: int) -> bytes:
    try:
        with open_regular(path, max_bytes) as handle:
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:  # it grew since it was opened
            raise InputError(_too_large(len(data), max_bytes))
    except InputError as exc:
        raise InputError(exc.message, path=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=str(path)) from exc
    if not data or data.isspace():  # isspace, not strip: no copy of a large file
        raise InputError("file is empty", path=str(path))
    return data


def open_regular(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> io.BufferedReader:
    """Open a regular file of at most `max_bytes` for reading, refusing anything else.

    It is opened without blocking, then checked: a FIFO with no writer, a device
    such as /dev/zero (or a `.txt` link to one) or a socket is refused rather than
    read forever or waited on.

    Raises:
        InputError: not a regular file, or too large (no path: the caller adds it).
        OSError: it cannot be opened.
    """
    descriptor = os.open(path, os.O_RDONLY | _NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise InputError("not a regular file (a device, pipe or socket)")
        if status.st_size > max_bytes:
            raise InputError(_too_large(status.st_size, max_bytes))
        if _NONBLOCK:
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
"""Opening a FIFO without it waits for a writer (POSIX); Windows has neither."""


def _too_large(size: int, max_bytes: int) -> str:
    mib = max_bytes // (1024 * 1024)
    return f"file is {size / 2**20:.0f} MiB, over the {mib} MiB limit; split it"


def line_starts(text: str) -> tuple[int, ...]:
    """Return the offset where each line of `text` begins (line 1 at offset 0)."""
    return (0, *(match.end() for match in _NEWLINE.finditer(text)))


def decode_text(data: bytes, path: str = "") -> str:
    """Decode the bytes of a text file, with line breaks normalised to `\\n`.

    Args:
        data: the file's bytes.
        path: the file name, for error messages.

    Returns:
        The text.

    Raises:
        InputError: binary data, or neither UTF-8/UTF-16 nor windows-1256 Arabic.
    """
    text = _decode(data, path)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _decode(data: bytes, path: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding, path)
    if _looks_binary(data[:_SNIFF_BYTES]):
        raise InputError("binary file, not text", path=path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        strays = _stray_bytes(data, error)
    replaced = data.decode("utf-8", errors="replace") if strays else None
    if replaced is not None and _has_more_utf8_than_strays(replaced, len(strays or ())):
        return _warned(replaced, data, strays or [], path)
    text = data.decode("cp1256", errors="replace")
    if _is_mostly_arabic(text[: _SNIFF_BYTES * 4]):
        logger.info("%s: decoded as windows-1256", path)
        return text
    if replaced is not None and len(strays or ()) == 1:  # ASCII text, one stray byte
        return _warned(replaced, data, strays or [], path)
    raise InputError("not valid UTF-8, UTF-16 or windows-1256 Arabic text", path=path)


MAX_STRAY_BYTES = 8
"""UTF-8 text with at most this many invalid bytes, none next to another and fewer than
its valid non-ASCII characters (or a single one in ASCII text), is read with U+FFFD for
each, and a warning naming the line; anything else is another encoding (latin-1...)."""


def _stray_bytes(data: bytes, error: UnicodeDecodeError) -> list[int] | None:
    """Return where the invalid bytes of mostly-UTF-8 data are, or None past the limit."""
    found: list[int] = []
    offset = 0
    while len(found) < MAX_STRAY_BYTES:
        found.append(offset + error.start)
        offset += error.end
        try:
            data[offset:].decode("utf-8")
        except UnicodeDecodeError as next_error:
            error = next_error
        else:
            return found if _all_apart(found) else None  # a run of them: another encoding
    return None


def _all_apart(positions: list[int]) -> bool:
    return all(after - before > 1 for before, after in itertools.pairwise(positions))


def _has_more_utf8_than_strays(text: str, strays: int) -> bool:
    """Whether valid multi-byte UTF-8 outnumbers the strays (not windows-1256 bytes)."""
    return len(_NON_ASCII.findall(text)) - text.count("\ufffd") > strays


_NON_ASCII = re.compile("[^\x00-\x7f]")


def _warned(text: str, data: bytes, strays: list[int], path: str) -> str:
    for at in strays:
        line = data.count(b"\n", 0, at) + 1
        logger.warning("%s:%d: invalid UTF-8 byte 0x%02X read as U+FFFD", path, line, data[at])
    return text


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid {encoding} after its byte-order mark", path=path) from exc


def _looks_binary(head: bytes) -> bool:
    return b"\x00" in head or len(_CONTROL.findall(head)) > len(head) // 100


def _is_mostly_arabic(text: str) -> bool:
    letters = len(_LATIN_OR_ARABIC.findall(text))
    return letters > 0 and len(_ARABIC_LETTER.findall(text)) >= _MIN_ARABIC_SHARE * letters


PIECE_BYTES = 256 * 1024
"""How much of a file `iter_text_pieces` reads at a time."""


class NotStreamable(Exception):
    """The file needs `load_document`'s whole-file reading, which says what is wrong with it."""


def iter_text_pieces(
    path: Path, *, piece_bytes: int = PIECE_BYTES, max_bytes: int = MAX_INPUT_BYTES
) -> Iterator[str]:
    """Yield the text of a plain UTF-8 file piece by piece, line breaks normalised.

    Joined, the pieces are what `decode_text` gives for the whole file; memory holds
    one piece at a time.

    Args:
        path: a text or markdown file.
        piece_bytes: how many bytes to read at a time.
        max_bytes: the size limit `load_document` applies.

    Yields:
        The decoded pieces, in order.

    Raises:
        NotStreamable: before or while reading, when the file is anything but plain
            UTF-8 text (a byte-order mark, binary data, invalid UTF-8, white space
            only, too large or unreadable): `load_document` then reads it whole, and
            refuses it with the right message where it must. Pieces already yielded
            are to be dropped.
    """
    try:
        with open_regular(path, max_bytes) as handle:
            if not os.fstat(handle.fileno()).st_size:
                raise NotStreamable(path)
            yield from _decoded_pieces(handle, piece_bytes, max_bytes)
    except (OSError, UnicodeDecodeError, InputError) as exc:
        raise NotStreamable(path) from exc


def _decoded_pieces(handle: io.BufferedReader, piece_bytes: int, max_bytes: int) -> Iterator[str]:
    read = 0
    for text in _decoded(handle, piece_bytes):
        read += piece_bytes
        if read > max_bytes + piece_bytes:  # it grew past the limit while being read
            raise NotStreamable(handle.name)
        yield text


def _decoded(handle: io.BufferedReader, piece_bytes: int) -> Iterator[str]:
    data = handle.read(piece_bytes)
    if data.startswith(tuple(bom for bom, _ in _BOMS)) or _looks_binary(data[:_SNIFF_BYTES]):
        raise NotStreamable(handle.name)
    decoder = codecs.getincrementaldecoder("utf-8")()
    blank, held = True, ""
    while data:
        blank = blank and data.isspace()
        text, held = _split_cr(held + decoder.decode(data))
        yield text
        data = handle.read(piece_bytes)
    decoder.decode(b"", final=True)  # a sequence cut off at the end of the file raises
    if blank:
        raise NotStreamable(handle.name)
    yield held.replace("\r", "\n")


def _split_cr(text: str) -> tuple[str, str]:
    """Normalise line breaks, holding back a final `\r` (its `\n` may start the next piece)."""
    if "\r" not in text:
        return text, ""
    held = "\r" if text.endswith("\r") else ""
    text = text[:-1] if held else text
    return text.replace("\r\n", "\n").replace("\r", "\n"), held


def _load_text(path: str, data: bytes, kind: DocKind = DocKind.TEXT) -> Document:
    text = decode_text(data, path)
    del data  # free the bytes before building the line map
    return Document(path, kind, text, line_starts(text))


def _load_markdown(path: str, data: bytes) -> Document:
    return _load_text(path, data, DocKind.MARKDOWN)


# -- HTML ----------------------------------------------------------------------------

_MARKUP = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|template)\b.*?(?:</\1\s*>|$)|<[A-Za-z/!?][^>]*>?",
    re.DOTALL | re.IGNORECASE,
)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article|blockquote|title|header"
    r"|footer|main|nav|aside|figure|figcaption|dd|dt|hr|pre)\b",
    re.IGNORECASE,
)
_NOT_NEWLINE = re.compile("[^\n]")


def _blank(match: re.Match[str]) -> str:
    """Replace markup by spaces (line breaks kept); a block tag starts a paragraph."""
    blanked = _NOT_NEWLINE.sub(" ", match.group())
    return "\u2029" + blanked[1:] if _BLOCK_TAG.match(match.group()) else blanked


def _load_html(path: str, data: bytes) -> Document:
    source = decode_text(data, path)
    text = _MARKUP.sub(_blank, source)
    starts = line_starts(source)
    return Document(path, DocKind.HTML, text, starts, tuple(_html_links(source, text, starts)))


class _AnchorParser(HTMLParser):
    """Collects `<a href>` targets with the span of their anchor text."""

    def __init__(self, starts: tuple[int, ...]) -> None:
        super().__init__(convert_charrefs=True)
        self.starts = starts
        self.found: list[tuple[str, int, int]] = []
        self._open: tuple[str, int] | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "a":
            return
        self.close_anchor()
        href = dict(attrs).get("href")
        if href:
            self._open = (href, self._offset() + len(self.get_starttag_text() or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.close_anchor()

    def close_anchor(self, end: int | None = None) -> None:
        if self._open is not None:
            stop = self._offset() if end is None else end
            self.found.append((self._open[0], self._open[1], stop))
            self._open = None


def _html_links(source: str, text: str, starts: tuple[int, ...]) -> list[Link]:
    parser = _AnchorParser(starts)
    parser.feed(source)
    parser.close()
    parser.close_anchor(len(source))  # an <a> left open runs to the end of the page
    return [_anchor(text, href, start, end) for href, start, end in parser.found]


def _anchor(text: str, href: str, start: int, end: int) -> Link:
    inner = text[start:end]
    stripped = inner.strip()
    begin = start + (inner.find(stripped) if stripped else 0)
    anchor = " ".join(stripped.replace("\u2029", " ").split())
    return Link(href.strip(), anchor, Span(begin, begin + len(stripped)))


# -- PDF and docx --------------------------------------------------------------------


_PARSER_ERRORS: tuple[type[Exception], ...] = (
    ValueError,
    LookupError,
    TypeError,
    AttributeError,
    AssertionError,
    ArithmeticError,
    EOFError,
    OSError,
    RuntimeError,
    struct.error,
    zlib.error,
)
"""What pypdf and python-docx raise on damaged files besides their own errors (an
internal `assert` of pypdf's included: the file is unreadable, not citecheck broken)."""


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _load_pdf(path: str, data: bytes) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    errors: tuple[type[Exception], ...] = (PyPdfError, *_PARSER_ERRORS)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("PDF is encrypted", path=path)
        pages = [_pdf_page(page) for page in reader.pages]
    except errors as exc:
        raise InputError(f"corrupt or unreadable PDF: {_one_line(exc)}", path=path) from exc
    return _paged_document(path, DocKind.PDF, pages)


_Run = tuple[str, float, float]
"""A piece of a PDF page's text and where it starts on the page (x, y)."""
_PageLink = tuple[str, tuple[int, int] | None]
"""A link annotation's URI and where its anchor text sits in the page's text."""


def _pdf_page(page: Any) -> tuple[str, list[_PageLink]]:
    """A page's text and its link annotations, each with the text under its rectangle."""
    runs: list[_Run] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
        x, y = tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        runs.append((text, x, y))

    text = (page.extract_text(visitor_text=visit) or "").replace("\r\n", "\n")
    placed = _run_offsets(text, runs)
    return text, [(uri, _anchor_span(placed, rect)) for uri, rect in _pdf_links(page)]


def _pdf_links(page: Any) -> list[tuple[str, tuple[float, ...]]]:
    annotations = page.get("/Annots") or []
    found: list[tuple[str, tuple[float, ...]]] = []
    for reference in annotations:
        annotation = reference.get_object()
        action = annotation.get("/A") or {}
        uri = action.get_object().get("/URI") if hasattr(action, "get_object") else None
        if annotation.get("/Subtype") == "/Link" and uri:
            rect = tuple(float(value) for value in annotation.get("/Rect") or ())
            found.append((str(uri), rect if len(rect) == 4 else ()))
    return found


def _run_offsets(text: str, runs: list[_Run]) -> list[tuple[int, int, float, float]]:
    """Where each run of a page sits in its extracted text (runs come in text order)."""
    placed, cursor = [], 0
    for piece, x, y in runs:
        stripped = piece.strip()
        at = text.find(stripped, cursor) if stripped else -1
        if at >= 0:
            placed.append((at, at + len(stripped), x, y))
            cursor = at + len(stripped)
    return placed


_RECT_SLACK = 2.0
"""Points of tolerance around a link rectangle (a run starts on its edge)."""


def _anchor_span(
    placed: list[tuple[int, int, float, float]], rect: tuple[float, ...]
) -> tuple[int, int] | None:
    """The text of the runs that start inside a link's rectangle: its anchor text."""
    if not rect:
        return None
    left, right = min(rect[0], rect[2]) - _RECT_SLACK, max(rect[0], rect[2])
    bottom, top = min(rect[1], rect[3]) - _RECT_SLACK, max(rect[1], rect[3]) + _RECT_SLACK
    inside = [
        (start, end) for start, end, x, y in placed if left <= x < right and bottom <= y <= top
    ]
    return (inside[0][0], inside[-1][1]) if inside else None


def _paged_document(path: str, kind: DocKind, pages: list[tuple[str, list[_PageLink]]]) -> Document:
    text = "\n".join(page_text.replace("\r\n", "\n") for page_text, _ in pages)
    links: list[Link] = []
    at = 0
    for page_text, page_links in pages:
        links.extend(
            _located_link(text, uri, anchor, at, at + len(page_text)) for uri, anchor in page_links
        )
        at += len(page_text) + 1
    if not text.strip() and not links:
        raise InputError("no text layer (a scanned document needs OCR first)", path=path)
    return Document(path, kind, text, line_starts(text), tuple(links))


def _located_link(
    text: str, uri: str, anchor: tuple[int, int] | None, start: int, end: int
) -> Link:
    """Place a link annotation on its page's text: where the text shows its URI, even
    broken across lines, or the line-end piece of it that the text shows; else the
    anchor text under its rectangle (`Reuters`), or nowhere."""
    span = _wrapped_uri(text, uri, start, end) or _uri_piece(text, uri, start, end)
    if span is not None:
        return Link(uri, uri, Span(*span))
    if anchor is not None:
        first, last = start + anchor[0], start + anchor[1]
        return Link(uri, " ".join(text[first:last].split()), Span(first, last))
    return Link(uri, "", Span(start, start))


def _wrapped_uri(text: str, uri: str, start: int, end: int) -> tuple[int, int] | None:
    found = text.find(uri, start, end)
    if found >= 0:
        return found, found + len(uri)
    if not uri:
        return None
    match = re.compile("\n?".join(map(re.escape, uri))).search(text, start, end)
    return match.span() if match else None


def _uri_piece(text: str, uri: str, start: int, end: int) -> tuple[int, int] | None:
    """Return where a line of the page ends with a part of `uri` (its host at least)."""
    host_end = uri.find("/", uri.find("://") + 3)
    if host_end < 0:
        return None
    found = text.find(uri[: host_end + 1], start, end)
    while found >= 0:
        line_end = text.find("\n", found, end)
        line_end = end if line_end < 0 else line_end
        if uri.startswith(text[found:line_end]):
            return found, line_end
        found = text.find(uri[: host_end + 1], found + 1, end)
    return None


def _load_docx(path: str, data: bytes) -> Document:
    import zipfile  # here: a run without a docx never pays for its import

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    errors: tuple[type[Exception], ...] = (PackageNotFoundError, zipfile.BadZipFile, SyntaxError)
    try:
        _check_inflated_size(data, path)
        paragraphs = [_docx_paragraph(p) for p in docx.Document(io.BytesIO(data)).paragraphs]
    except errors + _PARSER_ERRORS as exc:
        raise InputError(f"corrupt or unreadable docx: {_one_line(exc)}", path=path) from exc
    return _joined_paragraphs(path, paragraphs)


MAX_INFLATED_BYTES = 128 * 1024 * 1024
"""A docx whose parts inflate to more than this is refused (a zip bomb: 1 MB on disk,
1 GiB of XML), before python-docx reads any part into memory."""


def _check_inflated_size(data: bytes, path: str) -> None:
    """Refuse a docx whose parts, as its zip directory declares them, inflate past the cap.

    zipfile never inflates a part past its declared size (it stops there and fails
    the CRC check), so the declared sizes bound what python-docx can be handed.
    """
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        inflated = sum(member.file_size for member in archive.infolist())
    if inflated > MAX_INFLATED_BYTES:
        limit = MAX_INFLATED_BYTES // 2**20
        raise InputError(
            f"docx too large: its parts inflate to {inflated / 2**20:.0f} MiB, over the"
            f" {limit} MiB limit",
            path=path,
        )


def _docx_paragraph(paragraph: object) -> list[tuple[str, str | None]]:
    """Return a paragraph as (text, hyperlink address or None) pieces."""
    pieces: list[tuple[str, str | None]] = []
    for item in paragraph.iter_inner_content():  # type: ignore[attr-defined]
        address = getattr(item, "url", None) if hasattr(item, "address") else None
        pieces.append((item.text, address or None))
    return pieces


def _joined_paragraphs(path: str, paragraphs: list[list[tuple[str, str | None]]]) -> Document:
    parts: list[str] = []
    links: list[Link] = []
    at = 0
    for pieces in paragraphs:
        for piece, address in pieces:
            if address:
                links.append(Link(address, piece.strip(), Span(at, at + len(piece))))
            parts.append(piece)
            at += len(piece)
        parts.append("\n")
        at += 1
    text = "".join(parts)
    if not text.strip() and not links:
        raise InputError("document has no text", path=path)
    return Document(path, DocKind.DOCX, text, line_starts(text), tuple(links))


_LOADERS: dict[DocKind, Callable[[str, bytes], Document]] = {
    DocKind.TEXT: _load_text,
    DocKind.MARKDOWN: _load_markdown,
    DocKind.HTML: _load_html,
    DocKind.PDF: _load_pdf,
    DocKind.DOCX: _load_docx,
}
