"""net/h1.py through HttpClient: answers framed every way HTTP/1.1 allows, from a raw server."""

from __future__ import annotations

import pytest

from citecheck.models import FetchError
from citecheck.net.http import HttpFailure
from rawhttp import answers, get, serving

pytestmark = pytest.mark.anyio


@pytest.fixture(params=["asyncio", "uvloop"])
def anyio_backend(request: pytest.FixtureRequest) -> tuple[str, dict[str, object]]:
    return ("asyncio", {"use_uvloop": request.param == "uvloop"})


async def _failure(answer: bytes) -> FetchError:
    async with serving(answers(answer)) as (url, _):
        with pytest.raises(HttpFailure) as failed:
            await get(url)
    return failed.value.error


async def test_a_chunked_answer_is_joined_and_its_connection_used_again() -> None:
    chunked = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"
    )
    async with serving(answers(chunked, chunked)) as (url, per_connection):
        got = await get(url, times=2)
    assert [answer.body for answer in got] == [b"hello world"] * 2
    assert per_connection == [2]


async def test_an_http10_answer_runs_to_the_end_and_its_connection_is_not_kept() -> None:
    old = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it"
    async with serving(answers(old, old, per_connection=1)) as (url, per_connection):
        got = await get(url, times=2)
    assert [(a.body, a.http_version) for a in got] == [(b"all of it", "HTTP/1.0")] * 2
    assert per_connection == [1, 1]


async def test_interim_answers_are_skipped_and_folded_and_raw_headers_kept() -> None:
    answer = (
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n"
        b"X-Folded: one\r\n  two\r\nX-Name: caf\xc3\xa9\r\n\r\ngone"
    )
    async with serving(answers(answer)) as (url, _):
        (got,) = await get(url)
    assert (got.status, got.body, got.header("x-folded")) == (404, b"gone", "one two")
    assert got.header("x-name") == "caf\xc3\xa9"  # the bytes as they came, read as Latin-1


async def test_a_head_answer_has_no_body_whatever_its_length_says() -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n"
    async with serving(answers(head, head)) as (url, per_connection):
        got = await get(url, times=2, method="HEAD")
    assert [answer.body for answer in got] == [b""] * 2
    assert per_connection == [2]


async def test_answers_cut_short_or_malformed_fail_by_kind() -> None:
    assert await _failure(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort") == (
        FetchError.INCOMPLETE_BODY
    )
    assert await _failure(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab") == (
        FetchError.INCOMPLETE_BODY
    )
    assert await _failure(b"") == FetchError.RESET  # closed without a word
    assert await _failure(b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n") == FetchError.PROTOCOL
    assert await _failure(b"ICY 200 OK\r\n\r\n") == FetchError.PROTOCOL
