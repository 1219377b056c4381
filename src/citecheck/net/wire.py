"""Connections for the HTTP client on asyncio's own transports, with no layer per read.

httpcore reads and writes through a "network backend"; its default on asyncio is
anyio's, which wraps every read and every write in a cancel scope (a deadline, a
task-state look-up, weak references) on top of asyncio's transports. A link check
makes a few reads per answer, so this was a sixth of the run's CPU. A `Wire` is an
asyncio protocol that keeps what arrives until the reader asks, with one timer per
wait; `net/http.py` puts httpcore's face (and its exception types) on it.

The connection behaves as anyio's does: a host name that resolves to several
addresses is tried with staggered starts (Happy Eyeballs, the IPv6 address first,
`HAPPY_EYEBALLS_DELAY_S` apart), a failure of every attempt is an `OSError("All
connection attempts failed")` raised from the attempts' errors, an idle connection
is "readable" once the server closed it or sent something, and a reader that falls
behind pauses the socket instead of buffering without bound.

Failures are the standard ones: `TimeoutError` for a wait that ran out, an `OSError`
(`ConnectionError` for a lost connection) otherwise.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import ssl
from collections import deque
from typing import Any, cast

HAPPY_EYEBALLS_DELAY_S = 0.25
"""How long one connection attempt goes alone before the next address is tried too."""
READ_AHEAD_BYTES = 1 << 20
"""Unread bytes a connection holds before it stops reading the socket."""


class Wire(asyncio.Protocol):
    """One TCP (or TLS) connection: bytes received and not yet read, and write pressure."""

    def __init__(self) -> None:
        """A connection not yet made (asyncio calls `connection_made`)."""
        self.transport: asyncio.Transport | None = None
        self._chunks: deque[bytes] = deque()
        self._buffered = 0
        self._eof = False
        self._lost: BaseException | None = None
        self._reader: asyncio.Future[None] | None = None
        self._drain: asyncio.Future[None] | None = None
        self._write_paused = False
        self._read_paused = False

    # -- asyncio's side ---------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Keep the transport (uvloop's transports are not asyncio.Transport subclasses)."""
        self.transport = cast(asyncio.Transport, transport)

    def data_received(self, data: bytes) -> None:
        """Keep the bytes for the reader; stop reading the socket when too many wait."""
        self._chunks.append(data)
        self._buffered += len(data)
        if self._buffered > READ_AHEAD_BYTES and not self._read_paused and self.transport:
            self._read_paused = True
            self.transport.pause_reading()
        _wake(self._reader)

    def eof_received(self) -> bool | None:
        """The server sent its last byte: the reader gets what is left, then b""."""
        self._eof = True
        _wake(self._reader)
        return None  # the transport closes itself

    def connection_lost(self, exc: Exception | None) -> None:
        """The connection is gone: wake whoever waits."""
        self._eof = True
        self._lost = exc
        _wake(self._reader)
        _wake(self._drain)

    def pause_writing(self) -> None:
        """The send buffer is full: writers wait."""
        self._write_paused = True

    def resume_writing(self) -> None:
        """The send buffer drained."""
        self._write_paused = False
        _wake(self._drain)

    # -- the reader's side ------------------------------------------------------------

    async def read(self, max_bytes: int, timeout: float | None) -> bytes:
        """Up to `max_bytes` received bytes; b"" once the server closed the connection.

        Raises:
            TimeoutError: nothing arrived within `timeout` seconds.
            ConnectionError: the connection broke (reset) before anything more came.
        """
        if not self._chunks and not self._eof:
            self._reader = asyncio.get_running_loop().create_future()
            try:
                await _within(self._reader, timeout)
            finally:
                self._reader = None
        if self._chunks:
            return self._take(max_bytes)
        if self._lost is not None:
            raise ConnectionResetError(str(self._lost) or "connection lost") from self._lost
        return b""

    def _take(self, max_bytes: int) -> bytes:
        data = self._chunks.popleft()
        if len(data) > max_bytes:
            self._chunks.appendleft(data[max_bytes:])
            data = data[:max_bytes]
        self._buffered -= len(data)
        if self._read_paused and self._buffered <= READ_AHEAD_BYTES // 2 and self.transport:
            self._read_paused = False
            self.transport.resume_reading()
        return data

    async def write(self, data: bytes, timeout: float | None) -> None:
        """Send `data`; wait (at most `timeout` seconds) while the send buffer is full.

        Raises:
            TimeoutError: the buffer did not drain in time.
            ConnectionError: the connection is closed.
        """
        transport = self.transport
        if transport is None or transport.is_closing() or self._lost is not None:
            raise ConnectionResetError("the connection is closed")
        transport.write(data)
        if self._write_paused:
            self._drain = asyncio.get_running_loop().create_future()
            try:
                await _within(self._drain, timeout)
            finally:
                self._drain = None

    def close(self) -> None:
        """Close the connection (no TLS goodbye: HTTP does not need one)."""
        if self.transport is not None:
            self.transport.close()

    @property
    def readable(self) -> bool:
        """Whether something arrived or the server closed: an idle connection then is spent."""
        return bool(self._chunks) or self._eof

    def extra(self, name: str) -> Any:
        """The transport's `get_extra_info(name)`."""
        return self.transport.get_extra_info(name) if self.transport is not None else None

    async def start_tls(
        self, context: ssl.SSLContext, server_hostname: str | None, timeout: float | None
    ) -> None:
        """Turn the connection into TLS (the handshake and the certificate check).

        Raises:
            TimeoutError: the handshake took longer than `timeout` seconds.
            ssl.SSLError: the handshake failed (a bad certificate among others).
        """
        assert self.transport is not None
        loop = asyncio.get_running_loop()
        handshake = loop.start_tls(self.transport, self, context, server_hostname=server_hostname)
        try:
            transport = await asyncio.wait_for(handshake, timeout)
        except BaseException:
            self.close()
            raise
        self.transport = cast(asyncio.Transport, transport)


def _wake(waiter: asyncio.Future[None] | None) -> None:
    if waiter is not None and not waiter.done():
        waiter.set_result(None)


def _expire(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_exception(TimeoutError())


async def _within(waiter: asyncio.Future[None], timeout: float | None) -> None:
    """Wait for `waiter`, at most `timeout` seconds (one timer, no task)."""
    if timeout is None:
        await waiter
        return
    timer = asyncio.get_running_loop().call_later(timeout, _expire, waiter)
    try:
        await waiter
    finally:
        timer.cancel()


async def connect(host: str, port: int, local_address: str | None = None) -> Wire:
    """Open a TCP connection to `host` (a name or an address).

    Raises:
        OSError: the name does not resolve (`socket.gaierror`), or no address
            accepted the connection ("All connection attempts failed", raised from
            the attempts' errors).
    """
    loop = asyncio.get_running_loop()
    local = (local_address, 0) if local_address else None
    targets = await _addresses(loop, host, port)
    errors: list[OSError] = []
    wire = await _first_to_connect(loop, targets, port, local, errors)
    if wire is not None:
        return wire
    cause: BaseException = (
        errors[0] if len(errors) == 1 else ExceptionGroup("every connection attempt failed", errors)
    )
    raise OSError("All connection attempts failed") from cause


async def _addresses(
    loop: asyncio.AbstractEventLoop, host: str, port: int
) -> list[tuple[int, str]]:
    """(family, address) to try: the IPv6 one first, then an IPv4 one, then the others."""
    with contextlib.suppress(ValueError):
        literal = ipaddress.ip_address(host)
        return [(socket.AF_INET6 if literal.version == 6 else socket.AF_INET, str(literal))]
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    ordered: list[tuple[int, str]] = []
    v6 = v4 = False
    for family, *_, address in infos:
        target = (int(family), str(address[0]))
        if family == socket.AF_INET6 and not v6:
            v6 = True
            ordered.insert(0, target)
        elif family == socket.AF_INET and not v4 and v6:
            v4 = True
            ordered.insert(1, target)
        else:
            ordered.append(target)
    return ordered


async def _open(
    loop: asyncio.AbstractEventLoop,
    target: tuple[int, str],
    port: int,
    local: tuple[str, int] | None,
) -> Wire:
    family, address = target
    _, wire = await loop.create_connection(Wire, address, port, family=family, local_addr=local)
    return wire


async def _first_to_connect(
    loop: asyncio.AbstractEventLoop,
    targets: list[tuple[int, str]],
    port: int,
    local: tuple[str, int] | None,
    errors: list[OSError],
) -> Wire | None:
    """The first address to accept, attempts started `HAPPY_EYEBALLS_DELAY_S` apart (the
    next one at once when every attempt under way failed); the others are dropped."""
    if len(targets) == 1:  # the usual case: no race to run
        try:
            return await _open(loop, targets[0], port, local)
        except OSError as exc:
            errors.append(exc)
            return None
    pending: set[asyncio.Task[Wire]] = set()
    waiting = iter(targets)
    try:
        while True:
            target = next(waiting, None)
            if target is not None:
                pending.add(loop.create_task(_open(loop, target, port, local)))
            elif not pending:
                return None
            delay = HAPPY_EYEBALLS_DELAY_S if target is not None else None
            done, pending = await asyncio.wait(
                pending, timeout=delay, return_when=asyncio.FIRST_COMPLETED
            )
            winner = _winner(done, errors)
            if winner is not None:
                return winner
    finally:
        for task in pending:
            task.cancel()
        for task in pending:  # one that connected as it was cancelled is closed too
            task.add_done_callback(_close_result)


def _winner(done: set[asyncio.Task[Wire]], errors: list[OSError]) -> Wire | None:
    winner: Wire | None = None
    for task in done:
        exc = task.exception()
        if exc is None and winner is None:
            winner = task.result()
        elif exc is None:
            task.result().close()
        elif isinstance(exc, OSError):
            errors.append(exc)
        else:
            raise exc
    return winner


def _close_result(task: asyncio.Task[Wire]) -> None:
    if not task.cancelled() and task.exception() is None:
        task.result().close()
