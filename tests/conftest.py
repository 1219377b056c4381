"""Fixtures shared by the whole suite: a clean environment and a loopback-only guard."""

from __future__ import annotations

import ipaddress
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from localserver import LocalServer, running_server

DATA = Path(__file__).parent / "data"

_ENV_TO_CLEAR = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "no_proxy",
    "NO_COLOR",
    "FORCE_COLOR",
    "CI",
    "GITHUB_ACTIONS",
    "SSL_CERT_FILE",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Drop proxies, colour switches, CI markers and CITECHECK_* so tests see a bare machine."""
    import os

    for name in list(os.environ):
        if name in _ENV_TO_CLEAR or name.startswith("CITECHECK_"):
            monkeypatch.delenv(name, raising=False)


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_loopback(address: object) -> bool:
    if isinstance(address, str):  # a Unix socket path
        return True
    host = address[0] if isinstance(address, tuple) else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _guarded_connect(self: socket.socket, address: object) -> None:
    if not _is_loopback(address):
        raise ConnectionRefusedError(f"tests may only connect to loopback, not {address!r}")
    _real_connect(self, address)  # type: ignore[arg-type]


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if not _is_loopback(address):
        raise ConnectionRefusedError(f"tests may only connect to loopback, not {address!r}")
    return _real_connect_ex(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True, scope="session")
def loopback_only() -> Iterator[None]:
    """Fail any connection that leaves 127.0.0.0/8 or ::1: tests never touch the internet."""
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    yield
    socket.socket.connect = _real_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _real_connect_ex  # type: ignore[method-assign]


@pytest.fixture
def server() -> Iterator[LocalServer]:
    """A fresh scripted HTTP server on 127.0.0.1 for one test."""
    with running_server() as local:
        yield local


def _load_site_module() -> object:
    """Load tests/site.py as `testsite` (the name `site` belongs to the standard library)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("testsite", Path(__file__).parent / "site.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["testsite"] = module
    spec.loader.exec_module(module)
    return module


site_server = _load_site_module().site_server  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[object]:
    """A throw-away PostgreSQL cluster for the session (tests/pgserver.py); skips without one."""
    pytest.importorskip("psycopg")
    from pgserver import find_binaries, start_server, stop_server

    bin_dir = find_binaries()
    if bin_dir is None:
        pytest.skip("PostgreSQL (initdb, pg_ctl) is not installed")
    server = start_server(bin_dir)
    yield server
    stop_server(server)


@pytest.fixture(params=["sqlite", "postgresql"])
def index_location(request: pytest.FixtureRequest) -> str | None:
    """Each index backend in turn: None (SQLite in the cache folder), then a fresh PostgreSQL
    database of the session's throw-away cluster."""
    if request.param == "sqlite":
        return None
    server = request.getfixturevalue("postgres_server")
    return str(server.new_database())
