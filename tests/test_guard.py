import socket

import pytest


def test_non_loopback_connections_are_refused() -> None:
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError, match="loopback"):
        sock.connect(("192.0.2.1", 80))


def test_loopback_server_is_reachable(server) -> None:
    import httpx

    from localserver import Reply

    server.route("/hello", Reply(200, "hi"))
    answer = httpx.get(server.url("/hello"))
    assert answer.status_code == 200
    assert answer.text == "hi"
    assert server.hits["/hello"] == 1
