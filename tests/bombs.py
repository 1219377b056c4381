"""Hostile files for tests, made small and fast: a docx zip bomb, a PDF that trips pypdf.

The bomb's document.xml inflates to 1 GiB from a few MB on disk. zlib would take tens
of seconds to compress that much on a busy machine, so the deflate stream is written
directly: one fixed-Huffman block of a literal space and then back-references of 258
bytes at distance 1, whose bits repeat every eight references (13 bytes).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

_LENGTH_258 = (0b11000101, 8)  # fixed Huffman code of length symbol 285
_DISTANCE_1 = (0, 5)  # distance code 0


class _Bits:
    """A deflate bit stream: fields least significant bit first, Huffman codes MSB first."""

    def __init__(self) -> None:
        self.out = bytearray()
        self.value = 0
        self.count = 0

    def field(self, value: int, width: int) -> None:
        self.value |= value << self.count
        self.count += width
        while self.count >= 8:
            self.out.append(self.value & 0xFF)
            self.value >>= 8
            self.count -= 8

    def code(self, code: int, width: int) -> None:
        for shift in reversed(range(width)):
            self.field((code >> shift) & 1, 1)

    def literal(self, byte: int) -> None:
        assert byte < 144  # ASCII: the 8-bit fixed codes
        self.code(0x30 + byte, 8)

    def repeat(self) -> None:
        self.code(*_LENGTH_258)
        self.code(*_DISTANCE_1)


def deflate_spaces(prefix: bytes, spaces: int, suffix: bytes) -> tuple[bytes, int]:
    """Return a raw deflate stream of prefix + spaces + suffix, and its CRC-32."""
    bits = _Bits()
    bits.field(0b1, 1)  # last block
    bits.field(0b01, 2)  # fixed Huffman codes
    for byte in prefix + b" ":
        bits.literal(byte)
    references, rest = divmod(spaces - 1, 258)
    bits.repeat()  # 3 + 8n + 13 bits: now on a byte boundary
    assert bits.count == 0
    groups, single = divmod(references - 1, 8)
    period = _Bits()
    for _ in range(8):
        period.repeat()
    bits.out += bytes(period.out) * groups
    for _ in range(single):
        bits.repeat()
    for byte in b" " * rest + suffix:
        bits.literal(byte)
    bits.code(0, 7)  # end of block
    bits.field(0, 7)  # flush the last byte
    crc = zlib.crc32(prefix)
    block = b" " * (1 << 24)
    for _ in range(spaces >> 24):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(suffix, zlib.crc32(b" " * (spaces & ((1 << 24) - 1)), crc))
    return bytes(bits.out), crc


_CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
    'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
_BODY_START = (
    b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
    b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>https://example.org/'
)
_BODY_END = b"</w:t></w:r></w:p></w:body></w:document>"


def write_docx_bomb(path: Path, inflated: int = 1 << 30) -> None:
    """Write a docx whose word/document.xml inflates to `inflated` bytes (about)."""
    data, crc = deflate_spaces(_BODY_START, inflated, _BODY_END)
    size = len(_BODY_START) + inflated + len(_BODY_END)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
    _append_deflated_member(path, "word/document.xml", data, crc, size)


def _append_deflated_member(path: Path, name: str, data: bytes, crc: int, size: int) -> None:
    """Add an already deflated member to a zip (zipfile cannot take one as is)."""
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    raw = path.read_bytes()
    end = _central_start(raw)
    encoded = name.encode()
    zip64 = struct.pack("<HHQQ", 1, 16, size, len(data))
    local = struct.pack(
        "<IHHHHHIIIHH",
        0x04034B50,
        45,
        0,
        8,
        0,
        0x21,
        crc,
        0xFFFFFFFF,
        0xFFFFFFFF,
        len(encoded),
        len(zip64),
    )
    offset = end
    body = raw[:end] + local + encoded + zip64 + data
    central = raw[end : _end_record(raw)]
    extra = struct.pack("<HHQQQ", 1, 24, size, len(data), offset)
    central += (
        struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            45,
            45,
            0,
            8,
            0,
            0x21,
            crc,
            0xFFFFFFFF,
            0xFFFFFFFF,
            len(encoded),
            len(extra),
            0,
            0,
            0,
            0,
            0xFFFFFFFF,
        )
        + encoded
        + extra
    )
    count = len(members) + 1
    start = len(body)
    record = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), start, 0)
    path.write_bytes(body + central + record)


def _central_start(raw: bytes) -> int:
    record = _end_record(raw)
    return int(struct.unpack_from("<I", raw, record + 16)[0])


def _end_record(raw: bytes) -> int:
    return raw.rindex(b"PK\x05\x06")


def write_pdf_tripping_an_assertion(path: Path) -> None:
    """Write a PDF whose root lives in an "object stream" that is no /ObjStm: pypdf
    asserts on it (`assert obj_stm["/Type"] == "/ObjStm"`) instead of raising its own error."""
    head = b"%PDF-1.5\n"
    not_a_stream = (
        b"2 0 obj\n<< /Type /Foo /N 1 /First 4 /Length 8 >>\nstream\n1 0 <<>>\nendstream\nendobj\n"
    )
    xref_at = len(head) + len(not_a_stream)
    rows = bytes([0, 0, 0, 2, 2, 0, 1, len(head), 0, 1, xref_at, 0])
    xref = (
        b"3 0 obj\n<< /Type /XRef /Size 4 /W [1 1 1] /Root 1 0 R /Length %d >>\nstream\n"
        % len(rows)
        + rows
        + b"\nendstream\nendobj\n"
    )
    path.write_bytes(head + not_a_stream + xref + b"startxref\n%d\n%%%%EOF\n" % xref_at)
