"""The scan's worker processes open one feature cache file at the same moment."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from citecheck.compare.cache import SqliteCache


def _open_and_write(cache_dir: str, start: multiprocessing.synchronize.Barrier, n: int) -> None:
    start.wait(timeout=30)
    cache = SqliteCache(cache_dir)
    cache.put(f"key-{n}", f"value-{n}".encode())
    cache.close()


def test_workers_opening_a_new_cache_together_all_succeed(tmp_path: Path) -> None:
    for round_ in range(4):
        _open_together(tmp_path / str(round_), workers=12)


def _open_together(tmp_path: Path, workers: int) -> None:
    context = multiprocessing.get_context("fork")
    start = context.Barrier(workers)
    processes = [
        context.Process(target=_open_and_write, args=(str(tmp_path), start, n))
        for n in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
    assert [process.exitcode for process in processes] == [0] * workers
    cache = SqliteCache(tmp_path)
    assert [cache.get(f"key-{n}") for n in range(workers)] == [
        f"value-{n}".encode() for n in range(workers)
    ]
    cache.close()
