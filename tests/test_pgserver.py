"""The throw-away PostgreSQL helper cleans up after killed sessions, never a live cluster."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from pgserver import FOLDER_PREFIX, STALE_AFTER_S, remove_stale_folders


def cluster_folder(parent: Path, name: str, pid: int | None, age_s: float = 0.0) -> Path:
    folder = parent / f"{FOLDER_PREFIX}{name}"
    (folder / "data").mkdir(parents=True)
    if pid is not None:
        (folder / "data" / "postmaster.pid").write_text(f"{pid}\n{folder}/data\n")
    stamp = time.time() - age_s
    os.utime(folder, (stamp, stamp))
    return folder


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_only_folders_of_dead_postmasters_are_removed(tmp_path: Path) -> None:
    dead = cluster_folder(tmp_path, "dead", dead_pid())
    live = cluster_folder(tmp_path, "live", os.getpid(), age_s=10 * STALE_AFTER_S)
    abandoned = cluster_folder(tmp_path, "abandoned", None, age_s=2 * STALE_AFTER_S)
    starting = cluster_folder(tmp_path, "starting", None)
    other = tmp_path / "someone-elses"
    other.mkdir()

    removed = remove_stale_folders(tmp_path)

    assert sorted(removed) == sorted([dead, abandoned])
    assert [folder.exists() for folder in (dead, abandoned)] == [False, False]
    assert [folder.exists() for folder in (live, starting, other)] == [True, True, True]
