"""net/wire.py: the HTTP client's connections on asyncio's transports, on real loopback sockets."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import pytest
from tests.localserver import refused_port

from citecheck.net.wire import READ_AHEAD_BYTES, _first_to_connect, connect

pytestmark = pytest.mark.anyio

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@pytest.fixture(params=["asyncio", "uvloop"])
def anyio_backend(request: pytest.FixtureRequest) -> tuple[str, dict[str, object]]:
    # a run's loop is uvloop's (net/loop.py), whose transports differ from asyncio's
    return ("asyncio", {"use_uvloop": request.param == "uvloop"})


@asynccontextmanager
async def serving(handler: Handler, host: str = "127.0.0.1") -> AsyncIterator[int]:
    server = await asyncio.start_server(handler, host, 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


async def _echo_once(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.write(await reader.readexactly(5))
    await writer.drain()
    writer.close()


async def test_bytes_go_both_ways_and_the_end_reads_as_empty() -> None:
    async with serving(_echo_once) as port:
        connection = await connect("127.0.0.1", port)
        await connection.write(b"hello", timeout=5)
        received = b""
        while chunk := await connection.read(3, timeout=5):
            assert len(chunk) <= 3
            received += chunk
        assert received == b"hello"
        assert connection.readable  # spent: an idle connection in this state is not reused
        connection.close()


async def test_a_silent_server_times_the_read_out() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(1)  # until the client leaves
        writer.close()

    async with serving(silent) as port:
        connection = await connect("127.0.0.1", port)
        assert not connection.readable
        with pytest.raises(TimeoutError):
            await connection.read(100, timeout=0.05)
        connection.close()


async def test_an_idle_connection_the_server_closed_is_readable() -> None:
    async def close_at_once(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.close()

    async with serving(close_at_once) as port:
        connection = await connect("127.0.0.1", port)
        for _ in range(200):  # at most 2 s
            if connection.readable:
                break
            await asyncio.sleep(0.01)
        assert connection.readable
        assert await connection.read(100, timeout=1) == b""
        with pytest.raises(ConnectionError):
            await connection.write(b"GET / HTTP/1.1\r\n\r\n", timeout=1)


async def test_a_reader_that_falls_behind_stops_the_socket_not_the_memory() -> None:
    body = b"x" * (8 * READ_AHEAD_BYTES)

    async def flood(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(body)
        await writer.drain()
        writer.close()

    async with serving(flood) as port:
        connection = await connect("127.0.0.1", port)
        await asyncio.sleep(0.3)  # the server sends all it can meanwhile
        held = connection._buffered
        assert held <= READ_AHEAD_BYTES + 512 * 1024  # the threshold plus one socket read
        received = 0
        while chunk := await connection.read(65536, timeout=5):
            received += len(chunk)
        assert received == len(body)


async def test_a_refused_connection_says_every_attempt_failed_from_the_refusal() -> None:
    with pytest.raises(OSError, match="All connection attempts failed") as caught:
        await connect("127.0.0.1", refused_port())
    assert isinstance(caught.value.__cause__, ConnectionRefusedError)


async def test_of_several_addresses_the_one_that_answers_is_used() -> None:
    # 127.0.0.2 refuses (the server listens on 127.0.0.1 only): the next address is tried
    async with serving(_echo_once) as port:
        loop = asyncio.get_running_loop()
        targets = [(socket.AF_INET, "127.0.0.2"), (socket.AF_INET, "127.0.0.1")]
        errors: list[OSError] = []
        connection = await _first_to_connect(loop, targets, port, None, errors)
        assert connection is not None
        assert [type(error) for error in errors] == [ConnectionRefusedError]
        await connection.write(b"hello", timeout=5)
        assert await connection.read(5, timeout=5) == b"hello"
        connection.close()


async def test_when_every_address_refuses_the_error_holds_each_refusal() -> None:
    port = refused_port()
    loop = asyncio.get_running_loop()
    targets = [(socket.AF_INET, "127.0.0.2"), (socket.AF_INET, "127.0.0.1")]
    errors: list[OSError] = []
    assert await _first_to_connect(loop, targets, port, None, errors) is None
    assert len(errors) == 2
