"""net/h1.py against the web's odd framings, from raw servers on 127.0.0.1.

h11 and httpcore, which net/h1.py replaced, are the reference: what they read, it
reads; what they refused, it refuses by the same kind; a link that could not be read
is never made dead by a framing slip (a stale kept-alive connection is retried).
"""

from __future__ import annotations

import asyncio
import gzip
import zlib

import pytest

from citecheck.config import Settings
from citecheck.models import FetchError
from citecheck.net.h1 import MAX_HEAD_BYTES
from citecheck.net.http import HttpAnswer, HttpClient, HttpFailure
from rawhttp import OK, Conn, Handler, answers, get, serving

pytestmark = pytest.mark.anyio


@pytest.fixture(params=["asyncio", "uvloop"])
def anyio_backend(request: pytest.FixtureRequest) -> tuple[str, dict[str, object]]:
    return ("asyncio", {"use_uvloop": request.param == "uvloop"})


async def _then_ok(reply: bytes) -> tuple[list[HttpAnswer], list[int]]:
    """`reply`, then `OK` to the next request: the answers, the requests per connection."""
    async with serving(answers(reply, OK)) as (url, per_connection):
        return await get(url, times=2), per_connection


async def _failure(handler: Handler, timeout_s: float = 5) -> FetchError:
    async with serving(handler) as (url, _):
        with pytest.raises(HttpFailure) as failed:
            await get(url, timeout_s=timeout_s)
    return failed.value.error


# -- kept-alive connections the server closed ----------------------------------------


def kept_then_gone(*, reset: bool = False, later: bytes = OK) -> Handler:
    """The first connection answers one request and ends (FIN, or RST) on reading the
    next, as a server's idle close races it; later connections answer `later`."""

    async def handler(c: Conn) -> None:
        await c.head()
        c.writer.write(OK if c.number == 0 else later)
        await c.writer.drain()
        if c.number == 0:
            await c.head()
            if reset:
                c.writer.transport.abort()

    return handler


@pytest.mark.parametrize("reset", [False, True])
async def test_a_kept_connection_ended_as_the_request_went_out_is_retried_on_a_new_one(
    reset: bool,
) -> None:
    async with serving(kept_then_gone(reset=reset)) as (url, per_connection):
        got = await get(url, times=2)
    assert [answer.body for answer in got] == [b"ok", b"ok"]
    assert len(per_connection) == 2


async def test_a_kept_connection_is_retried_once_only_then_the_reset_is_told() -> None:
    async with serving(kept_then_gone(later=b"")) as (url, per_connection):
        with pytest.raises(HttpFailure) as failed:
            await get(url, times=2)
    assert failed.value.error == FetchError.RESET
    assert len(per_connection) == 2  # the kept one and one new one, no more


async def test_a_new_connection_closed_without_an_answer_is_not_retried() -> None:
    async def handler(c: Conn) -> None:
        await c.head()

    async with serving(handler) as (url, per_connection):
        with pytest.raises(HttpFailure) as failed:
            await get(url)
    assert failed.value.error == FetchError.RESET
    assert per_connection == [1]


async def test_a_post_on_a_kept_connection_is_not_sent_twice() -> None:
    async with serving(kept_then_gone()) as (url, per_connection), HttpClient(Settings()) as http:
        await http.send("GET", url, max_bytes=100)
        with pytest.raises(HttpFailure):
            await http.send("POST", url, max_bytes=100, data={"a": "b"})
    assert len(per_connection) == 1


async def test_an_answer_then_a_close_without_saying_so_leaves_the_next_request_whole() -> None:
    async with serving(answers(OK, OK, OK, per_connection=1)) as (url, per_connection):
        got = await get(url, times=3)
    assert [answer.body for answer in got] == [b"ok"] * 3
    assert len(per_connection) == 3


# -- answers without a body, interim answers -----------------------------------------


@pytest.mark.parametrize("status", [b"204 No Content", b"304 Not Modified"])
async def test_204_and_304_have_no_body_whatever_their_length_says(status: bytes) -> None:
    empty = b"HTTP/1.1 " + status + b"\r\nContent-Length: 7\r\n\r\n"
    got, per_connection = await _then_ok(empty)
    statuses = [(answer.status, answer.body) for answer in got]
    assert statuses == [(int(status[:3]), b""), (200, b"ok")]
    assert per_connection == [2]


async def test_early_hints_and_other_interim_answers_are_skipped() -> None:
    reply = (
        b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
        b"HTTP/1.1 102 Processing\r\n\r\n" + OK
    )
    got, per_connection = await _then_ok(reply)
    assert [(answer.status, answer.body) for answer in got] == [(200, b"ok")] * 2
    assert got[0].header("link") is None  # the hints' headers are not the answer's
    assert per_connection == [2]


# -- heads -----------------------------------------------------------------------------


async def test_bare_lf_line_ends_and_odd_whitespace_are_read_as_h11_reads_them() -> None:
    reply = (
        b"HTTP/1.1 200 OK\nContent-Length: 2\r\nX-Spaced:   a  b \t\nX-Empty:\n"
        b"X-Tab:\tv\nX-Ctl: a\x01b\x7fc\n\nok"
    )
    got, per_connection = await _then_ok(reply)
    first = got[0]
    assert (first.body, first.header("x-spaced"), first.header("x-empty")) == (b"ok", "a  b", "")
    assert (first.header("x-tab"), first.header("x-ctl")) == ("v", "a\x01b\x7fc")
    assert per_connection == [2]


async def test_a_reason_phrase_h11_accepts_is_read() -> None:
    reply = b"HTTP/1.1 200 \xd8\xaa\xd9\x85 \x7f\r\nContent-Length: 2\r\n\r\nok"
    async with serving(answers(reply)) as (url, _):
        (got,) = await get(url)
    assert (got.status, got.body) == (200, b"ok")


async def test_many_headers_are_all_kept() -> None:
    lines = b"".join(b"Set-Cookie: c%d=v\r\n" % i for i in range(500))
    reply = b"HTTP/1.1 200 OK\r\n" + lines + b"Content-Length: 2\r\n\r\nok"
    async with serving(answers(reply)) as (url, _):
        (got,) = await get(url)
    assert len([name for name, _ in got.headers if name == "Set-Cookie"]) == 500


async def test_a_head_over_the_limit_fails_as_a_protocol_error() -> None:
    huge = b"X-Big: " + b"a" * (3 * MAX_HEAD_BYTES) + b"\r\n"  # past any read's slack
    reply = b"HTTP/1.1 200 OK\r\n" + huge + b"Content-Length: 2\r\n\r\nok"
    assert await _failure(answers(reply)) == FetchError.PROTOCOL


@pytest.mark.parametrize(
    "head",
    [
        b"HTTP/1.1 200 OK\r\n Folded-first: x\r\n",  # a continuation with nothing before it
        b"HTTP/1.1 200 OK\r\nBad Name: x\r\n",
        b"HTTP/1.1 200 OK\r\nName : x\r\n",
        b"HTTP/1.1 2000 OK\r\n",
        b"HTTP/1.1 099 Low\r\n",
        b"HTTP/1.1 101 Switching Protocols\r\n\r\nHTTP/1.1 200 OK\r\n",
        b"HTTP/1.1 200 OK\r\nX-Nul: a\x00b\r\n",
    ],
)
async def test_heads_h11_refused_fail_as_protocol_errors(head: bytes) -> None:
    assert await _failure(answers(head + b"Content-Length: 2\r\n\r\nok")) == FetchError.PROTOCOL


# -- body framing ------------------------------------------------------------------------


async def test_chunked_wins_over_content_length_and_the_connection_is_not_kept() -> None:
    both = (
        b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: Chunked\r\n\r\n"
        b"5\r\nhello\r\n0\r\n\r\n"
    )
    got, per_connection = await _then_ok(both)
    assert [answer.body for answer in got] == [b"hello", b"ok"]
    assert per_connection == [1, 1]


async def test_the_same_length_twice_is_one_length_and_different_ones_fail() -> None:
    same = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2, 2\r\n\r\nok"
    async with serving(answers(same)) as (url, _):
        (got,) = await get(url)
    assert got.body == b"ok"
    clash = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok!"
    assert await _failure(answers(clash)) == FetchError.PROTOCOL
    assert await _failure(answers(b"HTTP/1.1 200 OK\r\nContent-Length: -2\r\n\r\nok")) == (
        FetchError.PROTOCOL
    )


async def test_chunk_extensions_and_trailers_are_read_past() -> None:
    reply = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b'3;name="v;x"\r\nabc\r\nA; q\r\n0123456789\r\n0;last\r\nX-T: 1\r\nY-T: 2\r\n\r\n'
    )
    got, per_connection = await _then_ok(reply)
    assert [answer.body for answer in got] == [b"abc0123456789", b"ok"]
    assert got[0].header("x-t") is None
    assert per_connection == [2]


@pytest.mark.parametrize(
    "body",
    [b"zz\r\nab\r\n0\r\n\r\n", b"-1\r\n", b"2\r\nabc\r\n0\r\n\r\n"],
)
async def test_a_bad_chunk_size_or_end_fails_as_a_protocol_error(body: bytes) -> None:
    reply = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body
    assert await _failure(answers(reply)) == FetchError.PROTOCOL


@pytest.mark.parametrize("codings", [b"gzip", b"gzip, chunked", b"identity"])
async def test_a_transfer_coding_other_than_chunked_fails_as_a_protocol_error(
    codings: bytes,
) -> None:
    reply = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: %s\r\n\r\n2\r\nxx\r\n0\r\n\r\n" % codings
    assert await _failure(answers(reply)) == FetchError.PROTOCOL


async def test_an_http11_answer_without_length_or_chunks_runs_to_the_close() -> None:
    async def handler(c: Conn) -> None:
        await c.head()
        c.writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>one")
        await c.writer.drain()
        c.writer.write(b" two</p>")

    async with serving(handler) as (url, per_connection):
        got = await get(url, times=2)
    assert [answer.body for answer in got] == [b"<p>one two</p>"] * 2
    assert per_connection == [1, 1]


async def test_a_body_over_max_bytes_is_truncated_and_its_connection_not_kept() -> None:
    big = b"HTTP/1.1 200 OK\r\nContent-Length: 50000\r\n\r\n" + b"x" * 50000
    async with serving(answers(big, big)) as (url, per_connection):
        got = await get(url, times=2, max_bytes=1000)
    assert [(len(answer.body), answer.truncated) for answer in got] == [(1000, True)] * 2
    assert per_connection == [1, 1]


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
async def test_compressed_bodies_are_still_inflated(coding: str) -> None:
    text = b"<html>" + "خبر ".encode() * 500 + b"</html>"
    packed = gzip.compress(text) if coding == "gzip" else zlib.compress(text)
    reply = b"HTTP/1.1 200 OK\r\nContent-Encoding: %s\r\nContent-Length: %d\r\n\r\n%s" % (
        coding.encode(),
        len(packed),
        packed,
    )
    async with serving(answers(reply, reply)) as (url, per_connection):
        got = await get(url, times=2)
    assert [answer.body for answer in got] == [text] * 2
    assert per_connection == [2]


async def test_a_brotli_body_is_passed_through_as_before() -> None:
    reply = b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: 4\r\n\r\n\x0b\x01\x80x"
    async with serving(answers(reply)) as (url, _):
        (got,) = await get(url)
    assert got.body == b"\x0b\x01\x80x"  # citecheck asks for gzip and deflate only


# -- servers that answer early, drip, or never --------------------------------------------


async def test_an_answer_sent_before_the_request_body_was_read_is_read() -> None:
    async def handler(c: Conn) -> None:
        await c.head()  # the body is never read
        c.writer.write(b"HTTP/1.1 413 Too Large\r\nContent-Length: 3\r\n\r\nbig")
        await c.writer.drain()

    async with serving(handler) as (url, _), HttpClient(Settings(timeout_s=5)) as http:
        got = await http.send("POST", url, max_bytes=100, data={"q": "x" * 200_000})
    assert (got.status, got.body) == (413, b"big")


async def test_a_slow_drip_body_is_read_while_each_part_comes_in_time() -> None:
    async def handler(c: Conn) -> None:
        await c.head()
        c.writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
        for byte in b"drip!":
            await c.writer.drain()
            await asyncio.sleep(0)
            c.writer.write(bytes([byte]))
        await c.writer.drain()
        await c.reader.read()

    async with serving(handler) as (url, _):
        (got,) = await get(url)
    assert got.body == b"drip!"


async def test_a_body_that_stops_coming_times_out_and_is_not_dead() -> None:
    async def handler(c: Conn) -> None:
        await c.head()
        c.writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\ndr")
        await c.writer.drain()
        await c.reader.read()  # holds the connection open, sends nothing more

    assert await _failure(handler, timeout_s=0.2) == FetchError.TIMEOUT


async def test_a_server_that_never_answers_times_out() -> None:
    async def handler(c: Conn) -> None:
        await c.reader.read()

    assert await _failure(handler, timeout_s=0.2) == FetchError.TIMEOUT


async def test_a_head_that_drips_in_byte_by_byte_is_read() -> None:
    async def handler(c: Conn) -> None:
        await c.head()
        for byte in b"HTTP/1.1 200 OK\nX-A: 1\r\nContent-Length: 2\r\n\r\nok":
            c.writer.write(bytes([byte]))
            await c.writer.drain()
            await asyncio.sleep(0)
        await c.reader.read()

    async with serving(handler) as (url, _):
        (got,) = await get(url)
    assert (got.header("x-a"), got.body) == ("1", b"ok")


async def test_bytes_after_a_body_end_its_connection_and_the_next_request_is_whole() -> None:
    extra = OK + b"\r\n"  # a stray line end some servers send after a body
    got, per_connection = await _then_ok(extra)
    assert [answer.body for answer in got] == [b"ok", b"ok"]
    assert per_connection == [1, 1]
