"""Raw HTTP/1.1 servers on 127.0.0.1 for net/h1.py's tests: each connection runs a
handler that reads request heads and writes bytes exactly as given."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from citecheck.config import Settings
from citecheck.net.http import HttpAnswer, HttpClient


@dataclass
class Conn:
    """One connection the server accepted: its streams, its number, the requests it read."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    number: int
    counts: list[int]

    async def head(self) -> None:
        """Read one request's head."""
        await self.reader.readuntil(b"\r\n\r\n")
        self.counts[self.number] += 1


Handler = Callable[[Conn], Awaitable[None]]
OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


@asynccontextmanager
async def serving(handler: Handler) -> AsyncIterator[tuple[str, list[int]]]:
    """A server that runs `handler` on each connection; the list counts the request
    heads each connection read."""
    per_connection: list[int] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        per_connection.append(0)
        with contextlib.suppress(asyncio.IncompleteReadError, ConnectionError):
            await handler(Conn(reader, writer, len(per_connection) - 1, per_connection))
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/", per_connection
    finally:
        server.close()


def answers(*replies: bytes, per_connection: int = 100) -> Handler:
    """Each request head read gets the next reply; a connection closes after
    `per_connection` replies (without saying so), or when the replies run out."""
    pending = list(replies)

    async def handler(c: Conn) -> None:
        for _ in range(per_connection):
            if not pending:
                return
            await c.head()
            c.writer.write(pending.pop(0))
            await c.writer.drain()

    return handler


async def get(
    url: str, times: int = 1, method: str = "GET", max_bytes: int = 10_000, timeout_s: float = 5
) -> list[HttpAnswer]:
    async with HttpClient(Settings(timeout_s=timeout_s)) as http:
        return [await http.send(method, url, max_bytes=max_bytes) for _ in range(times)]
