"""JSON requests of the worker processes, sent by the run's one HTTP client.

The LLM judge runs inside the support scorer, in the worker processes
(`workers.PageWorkers`), but its requests must leave like every other request of
the run: through `HttpClient` on the event loop, with the run's CA bundle,
headers, proxies and injected transport. A `JsonRelay` in the run's process
listens on a private local connection (`multiprocessing.connection`, an abstract
Unix socket where the OS has them, authenticated by a random key); a worker's
`RelayClient` sends it (url, payload, headers) and waits for the decoded answer.
The relay only forwards: which requests to make is the judge's business.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
import sys
import tempfile
import threading
from collections.abc import Mapping
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from multiprocessing import AuthenticationError, connection, util
from typing import Any

from citecheck.models import FetchError
from citecheck.net.http import HttpClient, HttpFailure

logger = logging.getLogger(__name__)

WAIT_MARGIN_S = 5.0
"""Added to a request's own timeout before the relay gives up waiting on the event loop."""


@dataclass(frozen=True, slots=True)
class RelayAddress:
    """Where a run's relay listens, and the key that proves a worker is the run's own."""

    address: str
    family: str
    authkey: bytes = field(repr=False)


class RelayClient:
    """In a worker: sends JSON requests to the run's relay, one at a time."""

    def __init__(self, address: RelayAddress | None = None) -> None:
        """Point the client at a relay (None: no relay; `use` points it later)."""
        self.address = address
        self._connection: connection.Connection | None = None
        self._lock = threading.Lock()

    def use(self, address: RelayAddress | None) -> None:
        """Send the next requests to `address` (a new run's relay), or to none."""
        with self._lock:
            if address != self.address:
                self._disconnect()
                self.address = address

    def post_json(
        self, url: str, payload: object, *, headers: Mapping[str, str], timeout_s: float
    ) -> object:
        """POST `payload` as JSON through the run's client; return the decoded JSON answer.

        Raises:
            HttpFailure: no relay, no answer, or an answer with an error status.
            ValueError: the answer is not JSON.
        """
        with self._lock:
            try:
                link = self._connect()
                link.send((url, payload, dict(headers), timeout_s))
                kind, *detail = link.recv()
            except (OSError, EOFError) as exc:
                self._disconnect()
                raise HttpFailure(
                    FetchError.OTHER, f"the run's HTTP relay is gone ({exc!r})"
                ) from exc
        if kind == "answer":
            return detail[0]
        if kind == "invalid":
            raise ValueError(detail[0])
        raise HttpFailure(FetchError(detail[0]), detail[1])

    def _connect(self) -> connection.Connection:
        if self.address is None:
            raise OSError("no relay")
        if self._connection is None:
            self._connection = connection.Client(
                self.address.address, self.address.family, authkey=self.address.authkey
            )
        return self._connection

    def _disconnect(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(OSError):
                self._connection.close()
            self._connection = None

    def close(self) -> None:
        """Close the connection to the relay."""
        with self._lock:
            self._disconnect()


class JsonRelay:
    """In the run's process: answers the workers' JSON requests through the run's client.

    Use as `with JsonRelay(http, loop) as relay:` around the work whose workers
    send requests; `relay.address` is what they connect to. A thread accepts
    connections and one thread serves each (one per worker); each request is
    sent by `http` on `loop`, so it waits on the event loop like any other.
    """

    def __init__(self, http: HttpClient, loop: asyncio.AbstractEventLoop) -> None:
        """Prepare the relay; it listens from `__enter__` to `__exit__`."""
        self._http = http
        self._loop = loop
        family = "AF_PIPE" if sys.platform == "win32" else "AF_UNIX"
        self.address = RelayAddress(_fresh_address(family), family, secrets.token_bytes(32))
        self._listener: connection.Listener | None = None
        self._links: list[connection.Connection] = []
        self._threads: list[threading.Thread] = []
        self._closing = threading.Event()
        self._lock = threading.Lock()

    def __enter__(self) -> JsonRelay:
        """Start the relay (`start`)."""
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Stop the relay (`close`)."""
        self.close()

    def start(self) -> None:
        """Listen, and accept the workers' connections in a thread.

        Raises:
            OSError: no local connection can be opened here.
        """
        address = self.address
        self._listener = connection.Listener(
            address.address, address.family, authkey=address.authkey
        )
        self._start(self._accept)

    def close(self) -> None:
        """Stop listening and close every connection (a waiting worker gets a failure)."""
        if self._listener is None or self._closing.is_set():
            return
        self._closing.set()
        with contextlib.suppress(OSError, EOFError, AuthenticationError):
            address = self.address  # wake the accepting thread
            connection.Client(address.address, address.family, authkey=address.authkey).close()
        if self._listener is not None:
            self._listener.close()
        with self._lock:
            links = list(self._links)
        for link in links:
            _hang_up(link)
        for thread in self._threads:
            thread.join(timeout=1.0)

    def _start(self, target: Any, *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, name="citecheck-relay", daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        assert self._listener is not None
        while not self._closing.is_set():
            try:
                link = self._listener.accept()
            except (OSError, EOFError, AuthenticationError):
                if self._closing.is_set():
                    return
                continue  # a stranger without the key: refused, keep listening
            with self._lock:
                if self._closing.is_set():
                    link.close()
                    return
                self._links.append(link)
            self._start(self._serve, link)

    def _serve(self, link: connection.Connection) -> None:
        try:
            while True:
                url, payload, headers, timeout_s = link.recv()
                link.send(self._answer(url, payload, headers, timeout_s))
        except (OSError, EOFError):
            return  # the worker or the relay hung up
        finally:
            link.close()

    def _answer(
        self, url: str, payload: object, headers: dict[str, str], timeout_s: float
    ) -> tuple[object, ...]:
        request = self._http.post_json(url, payload, headers=headers, timeout_s=timeout_s)
        try:
            future = asyncio.run_coroutine_threadsafe(request, self._loop)
        except RuntimeError as exc:  # the loop is closed: the run is over
            request.close()
            return ("failed", FetchError.OTHER.value, f"the run is over ({exc})")
        try:
            return ("answer", future.result(timeout_s + WAIT_MARGIN_S))
        except HttpFailure as exc:
            return ("failed", exc.error.value, exc.detail)
        except ValueError as exc:
            return ("invalid", str(exc))
        except FutureTimeout:
            future.cancel()
            return ("failed", FetchError.TIMEOUT.value, "no answer in time")
        except Exception as exc:  # the relay boundary: one request's bug is its failure
            logger.exception("relayed request to %s failed", url)
            return ("failed", FetchError.OTHER.value, repr(exc))


def _hang_up(link: connection.Connection) -> None:
    """End a connection from outside the thread reading it: that thread reads EOF and closes it.

    (Closing the descriptor instead would leave the read blocked, or reading a reused one.)
    """
    if sys.platform == "win32":
        link.close()
        return
    with (
        contextlib.suppress(OSError, ValueError),
        socket.socket(fileno=os.dup(link.fileno())) as sock,
    ):
        sock.shutdown(socket.SHUT_RDWR)


def _fresh_address(family: str) -> str:
    token = secrets.token_hex(12)
    if family == "AF_PIPE":
        return rf"\\.\pipe\citecheck-relay-{token}"
    if util.abstract_sockets_supported:
        return f"\0citecheck-relay-{token}"  # no file anywhere
    return os.path.join(tempfile.gettempdir(), f"citecheck-relay-{token}")  # unlinked on close
