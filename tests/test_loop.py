"""net/loop.py: a run's event loop, and the collector's pace while it runs."""

from __future__ import annotations

import gc

import pytest

from citecheck.net import loop


def test_a_run_paces_the_collector_and_puts_it_back() -> None:
    before = gc.get_threshold()
    frozen_before = gc.get_freeze_count()
    seen: list[tuple[tuple[int, ...], int]] = []

    async def main() -> str:
        seen.append((gc.get_threshold(), gc.get_freeze_count()))
        return "done"

    assert loop.run(main()) == "done"
    [(during, frozen)] = seen
    assert during == (loop.GC_THRESHOLD, *before[1:])
    assert frozen > frozen_before  # the objects that existed at the start are left alone
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen_before


def test_the_collector_is_put_back_when_the_run_fails() -> None:
    before = gc.get_threshold()

    async def main() -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        loop.run(main())
    assert gc.get_threshold() == before
