"""The check index on both backends: migrations, concurrent writers, one check per URL per run."""

from __future__ import annotations

import dataclasses
import socket
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citecheck.cli import app
from citecheck.errors import ArchiveError
from citecheck.models import FetchResult, Hop, Status, Verdict
from citecheck.store.archive import Archive
from citecheck.store.index import MIGRATIONS, SCHEMA_VERSION, is_postgres
from citecheck.store.postgres import to_pyformat

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
OK = Verdict(Status.OK, "the page answered 200")
WRITERS = 4
PER_WRITER = 25


def page(url: str, when: datetime = T0, body: bytes = b"<p>hello</p>") -> FetchResult:
    return FetchResult(
        url, url, 200, hops=(Hop(url, 200),), content_type="text/html", checked_at=when, body=body
    )


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_placeholders_become_pyformat_and_percent_signs_stay_literal() -> None:
    assert to_pyformat("SELECT '5%' WHERE a = ? AND b = ?") == (
        "SELECT '5%%' WHERE a = %s AND b = %s"
    )


def test_only_postgresql_urls_pick_the_postgresql_backend() -> None:
    assert is_postgres("postgresql://u@127.0.0.1/db")
    assert is_postgres("postgres://u@127.0.0.1/db")
    assert not is_postgres(None)
    assert not is_postgres("cache/index.sqlite3")


def test_writers_at_once_lose_no_check_and_keep_one_first_text(
    tmp_path: Path, index_location: str | None
) -> None:
    Archive.open(tmp_path, index=index_location).close()  # created once, as a run would
    errors: list[BaseException] = []

    def write(writer: int) -> None:
        try:
            with Archive.open(tmp_path, sync=False, index=index_location) as archive:
                for n in range(PER_WRITER):
                    url = f"https://host{n % 5}.test/{writer}/{n}"
                    archive.store(page(url, T0 + timedelta(seconds=n)), verdict=OK)
                    archive.store(page("https://shared.test/", T0), verdict=OK)
                    archive.record_text_fingerprint("https://shared.test/", None, f"v{writer}")
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=100)
    assert not errors
    with Archive.open(tmp_path, index=index_location) as archive:
        checks = archive.checks()
        assert len(checks) == WRITERS * PER_WRITER + WRITERS  # shared.test once per run
        assert len({(c["run_id"], c["url"]) for c in checks}) == len(checks)
        assert archive.first_text("https://shared.test/") in {f"v{w}" for w in range(WRITERS)}


def test_shards_of_one_run_store_each_url_once(tmp_path: Path, index_location: str | None) -> None:
    """A retried shard (or two attempts of one) writes the URL again: the run keeps one check."""
    url = "https://news.test/a"
    with (
        Archive.open(tmp_path, sync=False, index=index_location, run_id="run-1") as first,
        Archive.open(tmp_path, sync=False, index=index_location, run_id="run-1") as retry,
    ):
        first.store(page(url, body=b"first attempt"), verdict=OK)
        retry.store(page(url, T0 + timedelta(seconds=5), b"retried"), verdict=OK)
        [check] = retry.checks(url)
        assert check["run_id"] == "run-1"
        assert retry.latest_body(url)[1] == b"retried"


def test_a_version_one_index_is_migrated_and_keeps_every_row(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "index.sqlite3")
    types = {"id": "INTEGER PRIMARY KEY", "int": "INTEGER", "blob": "BLOB"}
    for statement in MIGRATIONS[0]:
        db.execute(statement.format(**types))
    db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    db.execute("INSERT INTO schema_version VALUES (1)")
    for _ in range(2):  # an old run that stored a URL twice
        db.execute(
            "INSERT INTO checks (url, checked_at, run_id, status) VALUES (?, ?, ?, ?)",
            ("https://a.test/", "2026-03-01T12:00:00.000000Z", "old-run", "ok"),
        )
    db.commit()
    db.close()
    with Archive.open(tmp_path, sync=False) as archive:
        assert len(archive.checks("https://a.test/")) == 2
        versions = archive.index.rows("SELECT version FROM schema_version ORDER BY version")
        assert [row["version"] for row in versions] == list(range(1, SCHEMA_VERSION + 1))
        archive.store(page("https://a.test/", T0 + timedelta(days=1)), verdict=OK)
        assert archive.checks("https://a.test/")[-1]["elapsed_s"] == 0.0


def test_host_latency_is_the_mean_of_remembered_checks(
    tmp_path: Path, index_location: str | None
) -> None:
    with Archive.open(tmp_path, sync=False, index=index_location) as archive:
        for n, seconds in enumerate((0.2, 0.4, 3.0)):
            host = "slow.test" if seconds > 1 else "fast.test"
            timed = dataclasses.replace(page(f"https://{host}/{n}"), elapsed_s=seconds)
            archive.store(timed, verdict=OK)
        latency = archive.host_latency()
    assert latency["fast.test"] == pytest.approx(0.3)
    assert latency["slow.test"] == pytest.approx(3.0)


def test_host_links_pair_a_checked_host_with_every_host_its_redirects_reached(
    tmp_path: Path, index_location: str | None
) -> None:
    chain = (
        Hop("http://old.test/a", 301, "https://www.old.test/a"),
        Hop("https://www.old.test/a", 302, "https://cdn.test/a"),
        Hop("https://cdn.test/a", 200),
    )
    moved = FetchResult(
        "http://old.test/a", "https://cdn.test/a", 200, hops=chain, checked_at=T0, body=b"<p/>"
    )
    within = FetchResult(
        "https://same.test/a",
        "https://same.test/b",
        200,
        hops=(Hop("https://same.test/a", 301, "/b"), Hop("https://same.test/b", 200)),
        checked_at=T0,
    )
    with Archive.open(tmp_path, sync=False, index=index_location) as archive:
        for result in (moved, within, page("https://plain.test/")):
            archive.store(result, verdict=OK)
        links = archive.host_links()
    assert links == {("old.test", "www.old.test"), ("old.test", "cdn.test")}


def test_newer_schema_is_refused_on_both_backends(
    tmp_path: Path, index_location: str | None
) -> None:
    with Archive.open(tmp_path, index=index_location) as archive:
        archive.index.execute("INSERT INTO schema_version (version) VALUES (?)", (99,))
    with pytest.raises(ArchiveError, match="schema 99"):
        Archive.open(tmp_path, index=index_location)


def test_unreachable_postgresql_is_one_archive_error(tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    url = f"postgresql://citecheck:secret@127.0.0.1:{closed_port()}/none"
    with pytest.raises(ArchiveError, match="cannot open the index") as info:
        Archive.open(tmp_path, index=url)
    assert "secret" not in str(info.value)


def failed_scan_message(tmp_path: Path, *options: str) -> str:
    """Scan a one-link document with `options`; assert exit 2 and one line; return it."""
    document = tmp_path / "a.md"
    document.write_text("See http://127.0.0.1:9/x for it.\n", encoding="utf-8")
    options += ("--cache", str(tmp_path / "c"), "--no-network-check", "--no-progress")
    result = CliRunner().invoke(app, ["scan", str(document), *options])
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    return line


def test_scan_with_an_unreachable_index_exits_2_with_one_line(tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    url = f"postgresql://citecheck@127.0.0.1:{closed_port()}/none"
    assert "cannot open the index" in failed_scan_message(tmp_path, "--index", url)


def test_cache_stats_reads_either_index(tmp_path: Path, index_location: str | None) -> None:
    with Archive.open(tmp_path, sync=False, index=index_location) as archive:
        archive.store(page("https://a.test/"), verdict=OK)
        archive.store(page("https://b.test/"), verdict=Verdict(Status.DEAD, "404"))
    command = ["cache", "stats", "--cache", str(tmp_path), "--json"]
    if index_location is not None:
        command += ["--index", index_location]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    assert '"checks": 2' in result.stdout
    assert '"dead": 1' in result.stdout
