"""HTTP/1.1 exchanges on `net/wire.py`'s connections: one origin's keep-alive connections.

A link check is a few hundred Python calls per request through httpcore's pool and
connection state machines and h11's event parser, a third of a run's CPU. The client
side of HTTP/1.1 that a link checker needs is small: write the request, read a head,
then a body framed by its length, in chunks, or by the connection's end. This module
does that and nothing more; `net/http.py` gives it httpx's face (a transport) and
translates its failures, as it did httpcore's, so the rest of citecheck sees no change.

It reads what h11 reads, the way h11 reads it: a status line and header lines (either
line end), interim 1xx answers skipped (101, never asked for, refused), no body for
HEAD, 204 and 304, `chunked` the only transfer coding, `Content-Length` otherwise, else
the body runs to the end of the connection; an HTTP/1.0 answer or `Connection: close`
ends the connection. A head over `MAX_HEAD_BYTES`, a malformed line or a body cut short
is a `ProtocolError` with h11's words (`net/http.py` classifies failures by them). A
connection whose server closed it or sent something while it was idle, or idle longer
than the keep-alive expiry, is not used again; and as the server may close it just as a
request goes out (a race httpcore lost), an idempotent request whose kept connection
ends before a byte of answer goes again, once, on a new connection (as browsers do). A
write that fails does not end the exchange at once: the server may have answered before
it closed (as httpcore does).
"""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from citecheck.net.wire import Wire

READ_BYTES = 64 * 1024
"""The most bytes one read takes (httpcore's figure)."""
MAX_HEAD_BYTES = 100 * 1024
"""The longest answer head read (httpcore's limit for h11)."""
KEEPALIVE_S = 5.0
"""How long an idle connection is kept for the next request (httpx's default)."""

_HEAD_END = re.compile(rb"\r?\n\r?\n")
_LINE_END = re.compile(rb"\r?\n")
_VCHAR = rb"[^\x00\s]"  # h11's: any byte but NUL and whitespace (control bytes come)
_STATUS_LINE = re.compile(rb"HTTP/(\d\.\d) ([1-9]\d\d)(?: ((?:[ \t]|" + _VCHAR + rb")*))?")
_HEADER_LINE = re.compile(
    rb"([-!#$%&'*+.^_`|~0-9a-zA-Z]+):[ \t]*(" + _VCHAR + rb"+(?:[ \t]+" + _VCHAR + rb"+)*)?[ \t]*"
)
_CHUNK_LINE = re.compile(rb"([0-9A-Fa-f]{1,20})[ \t]*(?:;[^\r\n]*)?")
_NO_BODY = frozenset({204, 304})

Opener = Callable[[], Awaitable[Wire]]
"""Opens a new connection to the origin (TCP, and TLS for https), ready for a request."""
Hook = Callable[[], Awaitable[None]]
"""Called when the request is about to go out on its connection."""
HeaderList = list[tuple[bytes, bytes]]


class ExchangeError(Exception):
    """An exchange failed; `__cause__` holds the connection's error where there is one."""


class SendError(ExchangeError):
    """The request could not be written (`__cause__`: `TimeoutError` or `OSError`)."""


class ReceiveError(ExchangeError):
    """The answer could not be read (`__cause__`: `TimeoutError` or `OSError`)."""


class ProtocolError(ExchangeError):
    """The server broke HTTP/1.1 or closed the connection before the answer ended."""


@dataclass(frozen=True, slots=True)
class Head:
    """An answer's status line and headers, as received."""

    version: bytes
    status: int
    reason: bytes
    headers: HeaderList


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds each wait may take: for the send buffer (`write`), for each read (`read`)."""

    write: float | None
    read: float | None


class Origin:
    """One origin's connections: a request takes an idle one or opens one."""

    def __init__(self, *, keepalive_s: float = KEEPALIVE_S) -> None:
        """Keep idle connections `keepalive_s` seconds."""
        self._keepalive_s = keepalive_s
        self._idle: list[tuple[Wire, float]] = []
        self._closed = False

    async def exchange(
        self,
        request: bytes,
        timeouts: Timeouts,
        *,
        head_only: bool,
        opener: Opener,
        sending: Hook | None = None,
        idempotent: bool = True,
    ) -> Exchange:
        """Send `request` (head and body, bytes as they go out) and read the answer's head.

        An idle connection is used if there is one, else `opener` opens one; `sending`
        is awaited once the connection is there, just before the request goes out.
        An `idempotent` request whose idle connection ended before a byte of answer
        came (the server closed it as the request went out) goes again on a new one.

        Raises:
            SendError, ReceiveError, ProtocolError: the exchange failed (the connection
                is closed); the opener's own errors pass through.
        """
        idle = self._idle_wire()
        if idle is not None:
            exchange = Exchange(self, idle, timeouts)
            try:
                await exchange.start(request, head_only, sending)
                return exchange
            except (ReceiveError, ProtocolError) as exc:
                timed_out = isinstance(exc.__cause__, TimeoutError)
                if not idempotent or exchange.received or timed_out:
                    raise
        exchange = Exchange(self, await opener(), timeouts)
        await exchange.start(request, head_only, sending)
        return exchange

    def _idle_wire(self) -> Wire | None:
        now = time.monotonic()
        while self._idle:
            wire, since = self._idle.pop()
            if not wire.readable and now - since <= self._keepalive_s:
                return wire
            wire.close()
        return None

    def release(self, wire: Wire) -> None:
        """Keep a connection whose exchange ended cleanly for the next request."""
        if self._closed:
            wire.close()
        else:
            self._idle.append((wire, time.monotonic()))

    def close(self) -> None:
        """Close the idle connections; those still in use close when their answer ends."""
        self._closed = True
        for wire, _ in self._idle:
            wire.close()
        self._idle.clear()


class Exchange:
    """One request on one connection and its answer: the head, then the body as it comes."""

    def __init__(self, origin: Origin, wire: Wire, timeouts: Timeouts) -> None:
        """An exchange on `wire`, which goes back to `origin` if the answer ends cleanly."""
        self._origin = origin
        self._wire = wire
        self._timeouts = timeouts
        self._buffer = b""
        self._reusable = False
        self._done = False
        self._framing: Callable[[], Awaitable[bytes]] = self._no_body
        self._length = 0
        self._left = 0
        self.head = Head(b"HTTP/1.1", 0, b"", [])
        self.received = False
        """Whether a byte of answer came."""

    async def start(self, request: bytes, head_only: bool, sending: Hook | None) -> None:
        """Send the request and read the answer's head; a failure closes the connection."""
        try:
            if sending is not None:
                await sending()
            await self.send(request)
            await self.read_head(head_only)
        except BaseException:
            self._wire.close()
            raise

    async def send(self, request: bytes) -> None:
        """Write the request; a failed write leaves the answer to tell (see the module)."""
        try:
            await self._wire.write(request, self._timeouts.write)
        except TimeoutError as exc:
            raise SendError() from exc
        except OSError:
            pass  # the server may have answered and closed; reading will tell

    async def read_head(self, head_only: bool) -> None:
        """Read the answer's head (skipping interim 1xx answers) and how its body is framed."""
        while True:
            self.head = _parse_head(await self._head_bytes())
            if self.head.status == 101:  # we ask for no upgrade: what follows is not HTTP
                raise ProtocolError("Switching Protocols without an Upgrade request")
            if not 100 <= self.head.status < 200:
                break
        self._frame(head_only)

    async def _head_bytes(self) -> bytes:
        searched = 0  # a head that drips in is not searched again from its start (as h11)
        while True:
            end = _HEAD_END.search(self._buffer, searched)
            if end is not None:
                head, self._buffer = self._buffer[: end.start()], self._buffer[end.end() :]
                return head
            if len(self._buffer) > MAX_HEAD_BYTES:
                raise ProtocolError("Receive buffer too long")
            searched = max(0, len(self._buffer) - 3)  # "\r\n\r" may end what came
            data = await self._read()
            if not data:
                raise ProtocolError("Server disconnected without sending a response.")
            self._buffer += data

    def _frame(self, head_only: bool) -> None:
        head = self.head
        fields = _fields(head.headers)
        connection = b",".join(fields.get(b"connection", [])).lower()
        self._reusable = head.version == b"1.1" and b"close" not in connection
        if head_only or head.status in _NO_BODY or head.status < 200:
            self._framing = self._no_body
        elif b"transfer-encoding" in fields:
            if [coding.lower() for coding in fields[b"transfer-encoding"]] != [b"chunked"]:
                raise ProtocolError("unsupported Transfer-Encoding")  # gzip's would stay on
            self._framing = self._chunked
            if b"content-length" in fields:  # a smuggling shape: chunked read, then close
                self._reusable = False
        elif b"content-length" in fields:
            self._length = self._left = _content_length(fields[b"content-length"])
            self._framing = self._sized
        else:
            self._reusable = False
            self._framing = self._to_the_end

    async def body_part(self) -> bytes:
        """The body's next bytes as they arrive; b"" at its end, where the connection is
        kept or closed. (Called per part rather than iterated: an async generator costs
        the event loop a registration per answer.)

        Raises:
            ReceiveError, ProtocolError: the body could not be read whole.
        """
        data = await self._framing()
        if not data:
            self._done = True
            self.close()
        return data

    def close(self) -> None:
        """End the exchange: an answer read whole frees its connection, others close it."""
        wire, self._wire = self._wire, None  # type: ignore[assignment]
        if wire is None:
            return
        if self._done and self._reusable and not self._buffer:
            self._origin.release(wire)
        else:
            wire.close()

    async def _read(self) -> bytes:
        try:
            data = await self._wire.read(READ_BYTES, self._timeouts.read)
        except (TimeoutError, OSError) as exc:
            raise ReceiveError() from exc
        self.received = self.received or bool(data)
        return data

    async def _part(self, most: int) -> bytes:
        """At most `most` bytes: buffered ones first, else one read; b"" at the end."""
        data = self._take(most) or await self._read()
        if len(data) > most:
            data, self._buffer = data[:most], data[most:]
        return data

    async def _no_body(self) -> bytes:
        return b""

    async def _sized(self) -> bytes:
        if not self._left:
            return b""
        data = await self._part(self._left)
        if not data:
            received = self._length - self._left
            raise ProtocolError(
                "peer closed connection without sending complete message body: "
                f"received {received} bytes, expected {self._length}"
            )
        self._left -= len(data)
        return data

    async def _to_the_end(self) -> bytes:
        return self._take(len(self._buffer)) or await self._read()

    async def _chunked(self) -> bytes:
        if not self._left:
            self._left = _chunk_size(await self._line())
            if not self._left:  # the last chunk; then trailers, not kept
                while await self._line():
                    pass
                self._framing = self._no_body
                return b""
        data = await self._part(self._left)
        if not data:
            raise _incomplete_chunked()
        self._left -= len(data)
        if not self._left and await self._line():
            raise ProtocolError("illegal chunk end")
        return data

    async def _line(self) -> bytes:
        while (end := _LINE_END.search(self._buffer)) is None:
            if len(self._buffer) > MAX_HEAD_BYTES:
                raise ProtocolError("Receive buffer too long")
            data = await self._read()
            if not data:
                raise _incomplete_chunked()
            self._buffer += data
        line, self._buffer = self._buffer[: end.start()], self._buffer[end.end() :]
        return line

    def _take(self, most: int) -> bytes:
        data = self._buffer[:most]
        self._buffer = self._buffer[most:]
        return data


def _parse_head(raw: bytes) -> Head:
    lines = _LINE_END.split(raw)
    status = _STATUS_LINE.fullmatch(lines[0])
    if status is None:
        raise ProtocolError(f"illegal status line: {lines[0]!r}")
    headers: HeaderList = []
    for line in lines[1:]:
        if line[:1] in (b" ", b"\t") and headers:  # obsolete line folding: one value
            name, value = headers[-1]
            headers[-1] = (name, (value + b" " + line.strip(b" \t")).strip())
            continue
        field = _HEADER_LINE.fullmatch(line)
        if field is None:
            raise ProtocolError(f"illegal header line: {line!r}")
        headers.append((field[1], field[2] or b""))
    return Head(status[1], int(status[2]), status[3] or b"", headers)


def _fields(headers: HeaderList) -> dict[bytes, list[bytes]]:
    """The headers that frame a message, by lower-cased name (every value kept)."""
    fields: dict[bytes, list[bytes]] = {}
    for name, value in headers:
        lowered = name.lower()
        if lowered in (b"connection", b"transfer-encoding", b"content-length"):
            fields.setdefault(lowered, []).extend(part.strip() for part in value.split(b","))
    return fields


def _content_length(values: list[bytes]) -> int:
    if len(set(values)) != 1 or not values[0].isdigit():
        raise ProtocolError("bad Content-Length")
    return int(values[0])


def _chunk_size(line: bytes) -> int:
    match = _CHUNK_LINE.fullmatch(line)
    if match is None:
        raise ProtocolError("illegal chunk header")
    return int(match[1], 16)


def _incomplete_chunked() -> ProtocolError:
    return ProtocolError(
        "peer closed connection without sending complete message body: incomplete chunked read"
    )


def request_bytes(method: bytes, target: bytes, headers: HeaderList, body: bytes) -> bytes:
    """A request as it goes out: the request line, the headers as given, the body."""
    lines = b"".join(b"%s: %s\r\n" % (name, value) for name, value in headers)
    return b"%s %s HTTP/1.1\r\n%s\r\n%s" % (method, target, lines, body)
