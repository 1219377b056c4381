"""Network-down detection and private-address checks, against real loopback sockets."""

from __future__ import annotations

import asyncio
import socket
import time

import pytest

from citecheck.config import Settings
from citecheck.net.network import (
    detect_network,
    is_private_address,
    is_private_host,
    split_host_port,
)
from localserver import LocalServer, refused_port

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_a_reachable_canary_means_the_network_works(server: LocalServer) -> None:
    settings = Settings(canary_hosts=("nonexistent.invalid", f"127.0.0.1:{server.port}"))
    state = await detect_network(settings)
    assert state.reachable
    assert state.reason == "canary hosts reachable"


async def test_nothing_reachable_is_reported_quickly() -> None:
    settings = Settings(canary_hosts=("nonexistent.invalid", f"127.0.0.1:{refused_port()}"))
    started = time.monotonic()
    state = await detect_network(settings)
    assert not state.reachable
    assert state.reason.startswith("canary hosts unreachable")
    assert "nonexistent.invalid" in state.reason
    assert time.monotonic() - started < 10  # bounded (a hang would be the OS's minutes)


async def test_default_canaries_are_unreachable_here() -> None:
    """Outside names never resolve (or connect) on a test machine: the run must say so."""
    started = time.monotonic()
    state = await detect_network(Settings(connect_timeout_s=1.0))
    assert not state.reachable
    assert time.monotonic() - started < 10  # generous: the machine may be loaded


async def test_injected_resolver_and_connector_simulate_a_working_network() -> None:
    seen: list[tuple[str, int]] = []

    async def resolver(host: str, port: int) -> list[str]:
        seen.append((host, port))
        return ["203.0.113.7"]

    async def connector(address: str, port: int, timeout: float) -> None:
        seen.append((address, port))

    state = await detect_network(
        Settings(canary_hosts=("dns.test",)), resolver=resolver, connector=connector
    )
    assert state.reachable
    assert seen == [("dns.test", 443), ("203.0.113.7", 443)]


async def test_a_resolver_that_hangs_is_bounded() -> None:
    async def resolver(host: str, port: int) -> list[str]:
        await asyncio.sleep(30)
        return []

    started = time.monotonic()
    settings = Settings(canary_hosts=("slow.test",), connect_timeout_s=0.1)
    state = await detect_network(settings, resolver=resolver)
    assert not state.reachable
    assert "no answer within" in state.reason
    assert time.monotonic() - started < 10  # far below the resolver's 30 s hang


async def test_a_temporary_resolver_failure_is_unreachable() -> None:
    async def resolver(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    state = await detect_network(Settings(canary_hosts=("a.test", "b.test")), resolver=resolver)
    assert not state.reachable
    assert "Temporary failure" in state.reason


async def test_no_canaries_means_no_check() -> None:
    assert (await detect_network(Settings(canary_hosts=()))).reachable


@pytest.mark.parametrize(
    ("canary", "expected"),
    [
        ("example.com", ("example.com", 443)),
        ("example.com:80", ("example.com", 80)),
        ("127.0.0.1:8080", ("127.0.0.1", 8080)),
        ("[::1]:53", ("::1", 53)),
        ("[::1]", ("::1", 443)),
    ],
)
def test_split_host_port(canary: str, expected: tuple[str, int]) -> None:
    assert split_host_port(canary) == expected


@pytest.mark.parametrize(
    ("address", "private"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("172.16.0.9", True),
        ("192.168.1.1", True),
        ("169.254.169.254", True),
        ("::1", True),
        ("fe80::1%eth0", True),
        ("::ffff:10.0.0.1", True),
        ("0.0.0.0", True),
        ("93.184.215.14", False),
        ("2606:4700::6810:85e5", False),
    ],
)
def test_is_private_address(address: str, private: bool) -> None:
    assert is_private_address(address) is private


async def test_is_private_host_resolves_names() -> None:
    async def resolver(host: str, port: int) -> list[str]:
        return {"inside.test": ["10.0.0.5"]}[host]

    assert await is_private_host("inside.test", 443, resolver=resolver)
    assert await is_private_host("127.0.0.1", 80)
    assert await is_private_host("[::1]", 80)


async def test_is_private_host_with_a_public_address() -> None:
    async def resolver(host: str, port: int) -> list[str]:
        return ["93.184.215.14"]

    assert not await is_private_host("outside.test", 443, resolver=resolver)


async def test_is_private_host_raises_for_unresolvable_names() -> None:
    with pytest.raises(socket.gaierror):
        await is_private_host("nonexistent.invalid", 443)
