"""extract.pool: pieces extracted in worker processes give the one-process output, in order."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.extract.pool import map_in_order, worker_count
from citecheck.extract.stream import iter_pieces
from citecheck.report.serialize import _piece_json
from test_extract_stream import article


def test_workers_give_the_same_json_in_the_same_order(tmp_path: Path) -> None:
    path = tmp_path / "long.md"
    path.write_text(article(7, 120_000), encoding="utf-8")
    pieces = list(iter_pieces(path, piece_chars=5_000))
    assert len(pieces) > 10
    alone = [data for data, _ in map_in_order(_piece_json, pieces, 1)]
    pooled = list(map_in_order(_piece_json, iter(pieces), 2))
    assert [data for data, _ in pooled] == alone
    assert sum(tally.citations for _, tally in pooled) == b",".join(alone).count(b'"url":')


def test_an_error_in_the_items_reaches_the_caller() -> None:
    def items():  # type: ignore[no-untyped-def]
        yield 1
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        list(map_in_order(abs, items(), 2))


def test_worker_count_follows_the_override() -> None:
    assert worker_count({"CITECHECK_EXTRACT_WORKERS": "1"}) == 1
    assert worker_count({"CITECHECK_EXTRACT_WORKERS": "3"}) == 3
    assert 1 <= worker_count({}) <= 8
