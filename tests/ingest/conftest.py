"""Fixtures of the ingest tests: a fast fetch policy and raw-socket servers for broken peers.

pytest-httpserver answers well-formed HTTP; a peer that accepts and never answers, or that
drops the connection mid-body, needs a bare socket, so those live here.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

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


@pytest.fixture
def refused_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (the port was just freed)."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}/feed"
