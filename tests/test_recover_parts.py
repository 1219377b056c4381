"""The pure parts of recovery: URL prefixes, slug ranking, CDX and TimeMap parsing, the cache."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from citecheck.errors import ArchiveError
from citecheck.recover.cache import Answer, AnswerCache
from citecheck.recover.captures import (
    Capture,
    choose_closest,
    parse_wayback_timestamp,
    wayback_timestamp,
)
from citecheck.recover.http import ArchiveUnavailable
from citecheck.recover.memento import parse_timemap, raw_memento
from citecheck.recover.repair import rank_candidates, slug_words, well_formed_prefix
from citecheck.recover.wayback import parse_cdx

ALJAZEERA = "https://www.aljazeera.net/news/politics/2019/5/14/%D8%A7%D9%84%D8%B3%D8%B1%D8%A7%D8%AC-%D8%AA%D8%B1"
SPUTNIK = "https://arabic.sputniknews.com/russia/201904291040775640-%D9%88%D8%B2%D9%8A%D8%B1"
RT = "https://arabic.rt.com/middle_east/975147-%D8%B1%D9%88%D8%B3%D9%8A%D9%8A"


@pytest.mark.parametrize(
    ("written", "prefix"),
    [
        (ALJAZEERA + "%25", ALJAZEERA),  # a dangling % re-encoded
        (SPUTNIK + "-%25", SPUTNIK + "-"),  # cut after a hyphen, then re-encoded
        ("https://example.org/a/", "https://example.org/a/"),  # a whole URL is kept
        (RT + "%D9%258", RT),  # cut inside an escape: %D9%8x became %D9%258
        (RT + "%D9%8", RT),  # half an escape, not re-encoded
        (RT + "%D9", RT),  # half a UTF-8 sequence
        ("https://example.org/news/some-headline…", "https://example.org/news/some-headline"),
        ("https://example.org/news/whole-slug", "https://example.org/news/whole-slug"),
    ],
)
def test_well_formed_prefix_drops_the_broken_tail(written: str, prefix: str) -> None:
    assert well_formed_prefix(written) == prefix


def test_slug_words_are_decoded_and_folded() -> None:
    hamza = "https://x.test/2019/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1-Libya"  # أخبار-Libya
    plain = "https://x.test/%D8%A7%D8%AE%D8%A8%D8%A7%D8%B1"  # اخبار
    assert slug_words(plain) <= slug_words(hamza)
    assert "2019" not in slug_words(hamza)


def _capture(original: str, day: int = 1) -> Capture:
    when = datetime(2019, 5, day, tzinfo=UTC)
    return Capture(original, when, "r/" + original, "raw/" + original, "wayback-cdx-prefix")


def test_candidates_are_ranked_by_the_words_the_cut_removed() -> None:
    prefix = "https://x.test/news/haftar-tripoli-tr"
    candidates = [_capture(prefix + tail) for tail in ("uce-rejected", "ump-call", "oops-sent")]

    ranked = rank_candidates(candidates, prefix, "Haftar's Tripoli push began after a Trump call")

    assert ranked[0][1].original == prefix + "ump-call"
    assert ranked[0][0] == 1.0  # both "trump" and "call" are in the claim
    assert [score for score, _ in ranked[1:]] == [0.0, 0.0]


@pytest.mark.parametrize(
    ("cited", "expected_day"),
    [(date(2019, 5, 12), 10), (date(2019, 5, 10), 10), (date(2019, 5, 2), 5), (None, 20)],
)
def test_choose_closest_prefers_the_latest_before_the_date(
    cited: date | None, expected_day: int
) -> None:
    captures = [_capture("u", day) for day in (5, 10, 20)]
    chosen = choose_closest(captures, cited)
    assert chosen is not None
    assert chosen.when.day == expected_day


def test_choose_closest_of_nothing_is_none() -> None:
    assert choose_closest([], date(2019, 1, 1)) is None


@pytest.mark.parametrize("bad", ["", "2019", "20191399000000", "abcdefgh", "201905141200001"])
def test_bad_wayback_timestamps_are_rejected(bad: str) -> None:
    assert parse_wayback_timestamp(bad) is None


def test_wayback_timestamps_round_trip() -> None:
    assert wayback_timestamp(date(2019, 5, 14)) == "20190514235959"
    assert parse_wayback_timestamp("20190514") == datetime(2019, 5, 14, tzinfo=UTC)


def test_cdx_json_and_lines_parse_alike() -> None:
    as_json = (
        '[["timestamp","original","statuscode","digest"],["20190101000000","http://a/","200","X"]]'
    )
    as_lines = "20190101000000 http://a/ 200 X\n"
    expected = [
        {"timestamp": "20190101000000", "original": "http://a/", "statuscode": "200", "digest": "X"}
    ]
    assert parse_cdx(as_json) == expected
    assert parse_cdx(as_lines) == expected
    assert parse_cdx("[]") == parse_cdx("") == []


@pytest.mark.parametrize("garbage", ["[[1, 2", "only two\n", '[["timestamp"], {"a": 1}]'])
def test_malformed_cdx_is_a_reason(garbage: str) -> None:
    with pytest.raises(ArchiveUnavailable, match="CDX API"):
        parse_cdx(garbage)


TIMEMAP = (
    '<http://a.test/page>; rel="original",\n'
    '<http://agg.test/timemap/link/http://a.test/page>; rel="self";'
    ' type="application/link-format",\n'
    '<https://arquivo.pt/wayback/20190101000000/http://a.test/page>; rel="first memento";'
    ' datetime="Tue, 01 Jan 2019 00:00:00 GMT",\n'
    '<https://archive.today/abc>; rel="memento"; datetime="Fri, 10 May 2019 08:30:00 GMT",\n'
    '<https://webarchive.org.uk/wayback/20190601000000/http://a.test/page>;rel="last memento";'
    'datetime="Sat, 01 Jun 2019 00:00:00 GMT"\n'
)


def test_timemap_link_format_is_parsed() -> None:
    captures = parse_timemap(TIMEMAP, "http://a.test/page")

    assert [c.source for c in captures] == [
        "memento:arquivo.pt",
        "memento:archive.today",
        "memento:webarchive.org.uk",
    ]
    assert captures[1].when == datetime(2019, 5, 10, 8, 30, tzinfo=UTC)
    assert captures[0].raw_url == "https://arquivo.pt/wayback/20190101000000id_/http://a.test/page"
    assert captures[1].raw_url == captures[1].url == "https://archive.today/abc"


def test_raw_memento_only_rewrites_pywb_style_addresses() -> None:
    assert raw_memento("https://a.test/web/20190101000000/http://b.test/") == (
        "https://a.test/web/20190101000000id_/http://b.test/"
    )
    assert raw_memento("https://archive.today/20190101000000/abc") == (
        "https://archive.today/20190101000000/abc"
    )


def test_cache_expires_after_its_ttl(tmp_path: Path) -> None:
    now = [1000.0]
    cache = AnswerCache(tmp_path / "deep" / "c.sqlite3", ttl_s=60.0, clock=lambda: now[0])
    cache.put("GET http://a/", Answer(200, "body", (("Content-Type", "text/plain"),)))

    fresh = cache.get("GET http://a/")
    now[0] += 61.0
    stale = cache.get("GET http://a/")

    assert fresh == Answer(200, "body", (("Content-Type", "text/plain"),), from_cache=True)
    assert fresh is not None
    assert fresh.header("content-type") == "text/plain"
    assert stale is None
    assert cache.get("GET http://other/") is None
    cache.close()


def test_unusable_cache_location_is_an_archive_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ArchiveError, match="cannot open recovery cache"):
        AnswerCache(blocker / "c.sqlite3")
