"""A real HTTP server on 127.0.0.1 for tests, scripted route by route.

Tests never mock httpx: they start one of these (a stdlib ThreadingHTTPServer in
a daemon thread, bound to port 0) and point citecheck at it. Routes are plain
functions from a `Request` to a `Reply`; a reply can delay its headers, trickle
its body, lie about its length or drop the connection, so slow, flaky and lying
servers are all real sockets. `hits` counts requests per path for retry tests.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Request:
    """What a route sees of one request."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    host: str

    def arg(self, name: str, default: str = "") -> str:
        """Return the first value of a query parameter."""
        return self.query.get(name, [default])[0]


@dataclass
class Reply:
    """What a route answers; the extra fields script misbehaviour."""

    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"
    delay_s: float = 0.0
    """Wait before sending anything (a slow first byte)."""
    chunk_delay_s: float = 0.0
    """Wait between 1 KiB chunks of the body (a trickling body)."""
    declared_length: int | None = None
    """Content-Length to announce; larger than the body makes a cut-short body."""
    reset: bool = False
    """Close the socket abruptly without answering."""

    def payload(self) -> bytes:
        """Return the body as bytes."""
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


Route = Callable[[Request], Reply]


class LocalServer:
    """A threaded HTTP server with scripted routes, on 127.0.0.1 and a free port."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        """Create the server; call `start()` (or use `running_server`) before use."""
        self.routes: dict[str, Route] = {}
        self.prefix_routes: list[tuple[str, Route]] = []
        self.hits: Counter[str] = Counter()
        self.requests: list[Request] = []
        self.scheme = "http"
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer((host, 0), _make_handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        """The port the server listens on."""
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:<port>` (https once TLS-wrapped), with no trailing slash."""
        return f"{self.scheme}://{self._httpd.server_address[0]}:{self.port}"

    def url(self, path: str) -> str:
        """Return the absolute URL of a path on this server."""
        return self.base_url + (path if path.startswith("/") else "/" + path)

    def route(self, path: str, handler: Route | Reply) -> None:
        """Answer requests for exactly `path` (query ignored) with a handler or fixed reply."""
        self.routes[path] = _as_route(handler)

    def route_prefix(self, prefix: str, handler: Route | Reply) -> None:
        """Answer every path starting with `prefix` (longest prefix wins)."""
        self.prefix_routes.append((prefix, _as_route(handler)))
        self.prefix_routes.sort(key=lambda item: len(item[0]), reverse=True)

    def start(self) -> LocalServer:
        """Start serving in a daemon thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._httpd.shutdown()
        self._httpd.server_close()

    def dispatch(self, request: Request) -> Reply:
        """Find the route for a request and run it; 404 when none matches."""
        with self._lock:
            self.hits[request.path] += 1
            self.requests.append(request)
        handler = self.routes.get(request.path)
        if handler is None:
            handler = next(
                (route for prefix, route in self.prefix_routes if request.path.startswith(prefix)),
                None,
            )
        if handler is None:
            return Reply(404, "<html><body><h1>404 Not Found</h1></body></html>")
        return handler(request)


def _as_route(handler: Route | Reply) -> Route:
    if isinstance(handler, Reply):
        fixed = handler
        return lambda _request: fixed
    return handler


def _make_handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            self._answer()

        def do_HEAD(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            self._answer()

        def _answer(self) -> None:
            parts = urlsplit(self.path)
            request = Request(
                method=self.command,
                path=parts.path,
                query=parse_qs(parts.query),
                headers={key.lower(): value for key, value in self.headers.items()},
                host=self.headers.get("Host", ""),
            )
            reply = server.dispatch(request)
            if reply.delay_s:
                time.sleep(reply.delay_s)
            if reply.reset:
                _reset_connection(self.connection)
                self.close_connection = True
                return
            self._send(reply)

        def _send(self, reply: Reply) -> None:
            body = reply.payload()
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            length = reply.declared_length if reply.declared_length is not None else len(body)
            self.send_header("Content-Length", str(length))
            for key, value in reply.headers.items():
                self.send_header(key, value)
            self.end_headers()
            if self.command == "HEAD":
                return
            with suppress(BrokenPipeError, ConnectionResetError):
                self._write_body(body, reply.chunk_delay_s)
            if reply.declared_length is not None and reply.declared_length != len(body):
                self.close_connection = True

        def _write_body(self, body: bytes, chunk_delay_s: float) -> None:
            if not chunk_delay_s:
                self.wfile.write(body)
                return
            for start in range(0, len(body), 1024):
                self.wfile.write(body[start : start + 1024])
                self.wfile.flush()
                time.sleep(chunk_delay_s)

    return Handler


def _reset_connection(connection: socket.socket) -> None:
    # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    connection.close()


@contextmanager
def running_server(host: str = "127.0.0.1") -> Iterator[LocalServer]:
    """Start a `LocalServer` for the length of a `with` block."""
    server = LocalServer(host).start()
    try:
        yield server
    finally:
        server.stop()


def refused_port() -> int:
    """Return a loopback port that nothing listens on (a real connection refusal)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
