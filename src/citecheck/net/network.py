"""Is the network up at all, and does a host resolve to a private address?

A host name that does not resolve is only evidence of a dead link when the
resolver demonstrably works. `detect_network` resolves and connects to a few
well-known canary hosts (`Settings.canary_hosts`, each `name` or `name:port`)
at once; when none answers, the run reports the network as unreachable and no
link is called dead.

`is_private_host` backs `--block-private`: it refuses URLs whose host resolves
to a loopback, private, link-local or otherwise non-public address.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import socket
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from citecheck.config import Settings

logger = logging.getLogger(__name__)

CANARY_TIMEOUT_S = 3.0
"""The longest the whole canary check may take: it runs once, before any fetch."""
DEFAULT_CANARY_PORT = 443

Resolver = Callable[[str, int], Awaitable[list[str]]]
"""Resolve (host, port) to IP address strings; raises OSError when the name does not resolve."""
Connector = Callable[[str, int, float], Awaitable[None]]
"""Open and close a TCP connection to (address, port) within a timeout; raises OSError."""


@dataclass(frozen=True, slots=True)
class NetworkState:
    """Whether this machine can reach the internet, and why we think so."""

    reachable: bool
    reason: str


async def detect_network(
    settings: Settings,
    *,
    resolver: Resolver | None = None,
    connector: Connector | None = None,
) -> NetworkState:
    """Resolve and connect to the canary hosts concurrently; one success means the network works.

    Args:
        settings: supplies `canary_hosts` and `connect_timeout_s`.
        resolver: name lookup (defaults to the event loop's getaddrinfo).
        connector: TCP connect (defaults to `asyncio.open_connection`).

    Returns:
        A `NetworkState`; it never raises and takes at most a few seconds.
    """
    if not settings.canary_hosts:
        return NetworkState(True, "no canary hosts configured")
    timeout = min(settings.connect_timeout_s, CANARY_TIMEOUT_S)
    checks = [
        _check_canary(canary, resolver or resolve, connector or connect, timeout)
        for canary in settings.canary_hosts
    ]
    failures = await _first_success(checks, timeout)
    if failures is None:
        return NetworkState(True, "canary hosts reachable")
    logger.info("network unreachable: %s", "; ".join(failures))
    return NetworkState(False, "canary hosts unreachable: " + "; ".join(failures))


async def _first_success(
    checks: Sequence[Awaitable[str | None]], timeout: float
) -> list[str] | None:
    """Return None as soon as one check succeeds, else every failure reason."""
    tasks = [asyncio.ensure_future(check) for check in checks]
    failures: list[str] = []
    try:
        for next_done in asyncio.as_completed(tasks, timeout=timeout + 0.5):
            outcome = await next_done
            if outcome is None:
                return None
            failures.append(outcome)
    except TimeoutError:
        failures.append("canary check timed out")
    finally:
        for task in tasks:
            task.cancel()
    return failures


async def _check_canary(
    canary: str, resolver: Resolver, connector: Connector, timeout: float
) -> str | None:
    """Return None if the canary resolves and accepts a connection, else why not."""
    host, port = split_host_port(canary)
    try:
        async with asyncio.timeout(timeout):
            addresses = await resolver(host, port)
            if not addresses:
                return f"{host} has no address"
            await connector(addresses[0], port, timeout)
    except TimeoutError:
        return f"{host}: no answer within {timeout:g} s"
    except OSError as exc:
        return f"{host}: {exc.strerror or exc}"
    return None


def split_host_port(canary: str) -> tuple[str, int]:
    """Split `name`, `name:port` or `[v6]:port` into host and port (443 by default)."""
    if canary.startswith("["):
        host, _, rest = canary[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") else DEFAULT_CANARY_PORT
    host, sep, port = canary.rpartition(":")
    if sep and port.isdigit() and ":" not in host:
        return host, int(port)
    return canary, DEFAULT_CANARY_PORT


async def resolve(host: str, port: int) -> list[str]:
    """Resolve a host name to its IP addresses with the system resolver.

    Raises:
        OSError: (socket.gaierror) when the name does not resolve.
    """
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


async def connect(address: str, port: int, timeout: float) -> None:
    """Open a TCP connection and close it again.

    Raises:
        OSError: when the connection is refused or fails.
    """
    _reader, writer = await asyncio.wait_for(asyncio.open_connection(address, port), timeout)
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()


def is_private_address(address: str) -> bool:
    """Return whether an IP address is not on the public internet (loopback, private, ...)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


class PrivateAddressError(OSError):
    """A host to be fetched under `--block-private` is, or resolves to, a non-public address."""


async def public_addresses(host: str, port: int, *, resolver: Resolver | None = None) -> list[str]:
    """The addresses to connect to for `host`, all of them checked public (`--block-private`).

    The connection is then made to one of exactly these addresses, never to a
    second answer of the resolver, so DNS rebinding (public on the check,
    private on the connection) cannot slip through.

    Raises:
        PrivateAddressError: any address is not public.
        OSError: the name does not resolve.
    """
    try:
        addresses = [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        addresses = await (resolver or resolve)(host, port)
    if not addresses or any(is_private_address(address) for address in addresses):
        raise PrivateAddressError(f"{host} resolves to a private address")
    return addresses


async def is_private_host(host: str, port: int, *, resolver: Resolver | None = None) -> bool:
    """Return whether a host is, or resolves to, any non-public address (for `--block-private`).

    Raises:
        OSError: when the name does not resolve (the caller reports a DNS failure).
    """
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        addresses = await (resolver or resolve)(host, port)
    else:
        addresses = [host.strip("[]")]
    return any(is_private_address(address) for address in addresses)
