"""A throw-away PostgreSQL cluster for the index tests: initdb + pg_ctl in a temporary folder.

The server listens on 127.0.0.1 on a free port (and a Unix socket in its own
folder), trusts local connections, runs without fsync, and is stopped and deleted
when the test session ends. Each test gets a database of its own. PostgreSQL
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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

START_TIMEOUT_S = 60


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


def start_server(bin_dir: Path) -> PostgresServer:
    """initdb a cluster in a new temporary folder and start it; raise if it does not start."""
    folder = Path(tempfile.mkdtemp(prefix="citecheck-pg-"))
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
