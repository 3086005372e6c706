"""Fixtures of the ingest tests: a fast fetch policy and raw-socket servers for broken peers.

pytest-httpserver answers well-formed HTTP; a peer that accepts and never answers, or that
drops the connection mid-body, needs a bare socket, so those live here.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tracker.ingest.http import FetchPolicy

FIXTURES = Path(__file__).parent / "fixtures"


class SleepRecorder:
    """Stands in for time.sleep: records the waits a fetch asked for, sleeps not at all."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def policy(sleeps: SleepRecorder) -> FetchPolicy:
    """Small timeouts, caps and waits: a test never waits more than a fraction of a second."""
    return FetchPolicy(
        connect_timeout=0.5,
        read_timeout=0.3,
        total_timeout=5.0,
        max_redirects=3,
        max_bytes=64 * 1024,
        attempts=3,
        backoff_base=0.01,
        max_wait=2.0,
        sleep=sleeps,
    )


@pytest.fixture
def database_template() -> str:
    """Ingest tests start from an empty catalog (no bundled seed): each builds what it needs."""
    return "empty"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def raw_server() -> Iterator[Callable[[Callable[[socket.socket], None]], str]]:
    """Start a one-handler TCP server on 127.0.0.1; returns its base URL."""
    servers: list[tuple[socket.socket, threading.Thread]] = []
    stop = threading.Event()

    def start(handle: Callable[[socket.socket], None]) -> str:
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        listener.settimeout(0.1)

        def serve() -> None:
            while not stop.is_set():
                try:
                    conn, _ = listener.accept()
                except (TimeoutError, OSError):
                    continue
                with conn:
                    try:
                        conn.recv(65536)
                        handle(conn)
                    except OSError:
                        pass

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        servers.append((listener, thread))
        return f"http://127.0.0.1:{listener.getsockname()[1]}/"

    yield start
    stop.set()
    for listener, thread in servers:
        thread.join(timeout=2)
        listener.close()


def dribble(head: bytes, body: bytes = b"", *, every: float = 0.2) -> Callable[[socket.socket], None]:
    """A raw-server handler that sends ``head`` at once and then ``body`` one byte every ``every``
    seconds, each byte well within any read timeout. It stops by itself: after the last byte,
    or as soon as the client has hung up (a send fails)."""

    def handle(conn: socket.socket) -> None:
        conn.sendall(head)
        for byte in body:
            conn.sendall(bytes([byte]))
            time.sleep(every)

    return handle


# A status line and headers that never end within a test: 60 bytes dribbled take 12 s.
SLOW_HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: application/atom+xml\r\nX-Slow: " + b"z" * 20


@pytest.fixture
def outside_connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every connection attempted to an address other than 127.0.0.1, refused before any packet
    is sent (httpcore connects through ``socket.create_connection``)."""
    attempted: list[tuple[str, int]] = []
    real = socket.create_connection

    def guarded(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        if address[0] not in ("127.0.0.1", "localhost"):
            attempted.append(address)
            raise ConnectionRefusedError(f"test guard: no connection to {address[0]}")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    return attempted
