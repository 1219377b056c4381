"""A throw-away PostgreSQL cluster for the index tests: initdb + pg_ctl in a temporary folder.

The server listens on 127.0.0.1 on a free port (and a Unix socket in its own
folder), trusts local connections, runs without fsync, and is stopped and deleted
when the test session ends; a session that was killed leaves its folder behind, so
each start first deletes the folders of earlier sessions whose postmaster is dead (a
live one, or one younger than `STALE_AFTER_S` without a postmaster yet, is never
touched). Each test gets a database of its own. PostgreSQL
refuses to run as root, so under root the cluster runs as the `postgres` user
(or `nobody`). `find_binaries` looks on PATH and in Debian's
/usr/lib/postgresql/<version>/bin; without them the PostgreSQL tests skip.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

START_TIMEOUT_S = 60
FOLDER_PREFIX = "citecheck-pg-"
STALE_AFTER_S = 600
"""A folder with no postmaster this old is no cluster being set up (initdb takes seconds)."""


def find_binaries() -> Path | None:
    """The folder holding `initdb`, `pg_ctl` and `postgres`, or None."""
    on_path = shutil.which("pg_ctl")
    candidates = [Path(on_path).resolve().parent] if on_path else []
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for folder in [*candidates, *debian]:
        if all((folder / name).exists() for name in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run_as() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    return None


@dataclass
class PostgresServer:
    """A running throw-away cluster; `new_database()` gives each test its own database."""

    bin_dir: Path
    folder: Path
    port: int
    user: str | None
    _names: Iterator[int] = field(default_factory=itertools.count)

    @property
    def admin_url(self) -> str:
        """The URL of the `postgres` maintenance database."""
        return f"postgresql://citecheck@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        """The URL of one database of this cluster."""
        return f"postgresql://citecheck@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """Create an empty database and return its URL."""
        import psycopg

        name = f"test_{next(self._names)}"
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def pg_ctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run pg_ctl on this cluster (as the cluster's user)."""
        command = [str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), *args]
        return subprocess.run(
            command, user=self.user, capture_output=True, text=True, timeout=START_TIMEOUT_S
        )


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def is_stale(folder: Path, now: float) -> bool:
    """Whether `folder` is a throw-away cluster left by a killed session.

    Stale: its `postmaster.pid` names a process that no longer runs, or it has no
    postmaster and has not changed for `STALE_AFTER_S` (never started, or stopped).
    """
    pid_file = folder / "data" / "postmaster.pid"
    try:
        first_line = pid_file.read_text(errors="replace").split("\n", 1)[0].strip()
    except FileNotFoundError:
        return now - folder.stat().st_mtime > STALE_AFTER_S
    except OSError:
        return False
    if not first_line.isdigit():
        return now - pid_file.stat().st_mtime > STALE_AFTER_S
    return not _pid_alive(int(first_line))


def remove_stale_folders(parent: Path | None = None) -> list[Path]:
    """Delete the throw-away clusters of killed sessions under `parent` (the temp folder)."""
    now = time.time()
    removed = []
    for folder in Path(parent or tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*"):
        with contextlib.suppress(OSError):
            if folder.is_dir() and not folder.is_symlink() and is_stale(folder, now):
                shutil.rmtree(folder)
                removed.append(folder)
    return removed


def start_server(bin_dir: Path) -> PostgresServer:
    """initdb a cluster in a new temporary folder and start it; raise if it does not start."""
    remove_stale_folders()
    folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
    user = _run_as()
    if user is not None:
        shutil.chown(folder, user)
    server = PostgresServer(bin_dir, folder, _free_port(), user)
    initdb = [str(bin_dir / "initdb"), "-D", str(folder / "data"), "-A", "trust"]
    initdb += ["-U", "citecheck", "-E", "UTF8", "--no-sync", "--locale=C"]
    subprocess.run(
        initdb, user=user, capture_output=True, text=True, check=True, timeout=START_TIMEOUT_S
    )
    options = f"-h 127.0.0.1 -p {server.port} -k {folder} -F -c max_connections=200"
    started = server.pg_ctl("-o", options, "-l", str(folder / "log"), "-w", "start")
    if started.returncode != 0:
        log = (folder / "log").read_text(errors="replace") if (folder / "log").exists() else ""
        raise RuntimeError(f"pg_ctl start failed: {started.stderr}\n{log[-2000:]}")
    return server


def stop_server(server: PostgresServer) -> None:
    """Stop the cluster at once and delete its folder."""
    server.pg_ctl("-m", "immediate", "-w", "stop")
    shutil.rmtree(server.folder, ignore_errors=True)
