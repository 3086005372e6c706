"""One deadline for a whole fetch, and the watchdog that holds a connection to it.

httpx's timeouts bound each operation -- connecting, one read, one write -- never their sum,
and h11 reads the status line and the headers with no deadline of its own: a server that
sends one header byte per second, each within the read timeout, holds a request forever.
The fetcher gives each request the policy's timeouts cut to what is left of the deadline,
and a :class:`Watchdog` that shuts the request's socket down when the deadline passes.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import Any


class Deadline:
    """The moment by which one fetch must be over, whatever it is doing."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.ends - time.monotonic()

    def passed(self) -> bool:
        return self.remaining() <= 0


class Watchdog:
    """Shuts one request's socket down when the fetch's deadline passes.

    httpcore reports each connection's network stream (TCP, then TLS over it) to the
    request's ``trace`` callback; at the deadline the timer shuts the latest one down, so a
    blocked read returns at once and the request fails. Once httpcore starts closing the
    response the timer leaves the socket alone: its descriptor may soon be another file's.
    """

    def __init__(self, deadline: Deadline) -> None:
        self._lock = threading.Lock()
        self._stream: Any = None
        self._closed = False
        self.fired = False
        self._timer = threading.Timer(max(0.0, deadline.remaining()), self._fire)
        self._timer.daemon = True

    def __enter__(self) -> Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        with self._lock:
            self._closed = True

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's trace extension: note each new stream, and when the response is closed."""
        stream = info.get("return_value")
        with self._lock:
            if event.endswith(".complete") and hasattr(stream, "get_extra_info"):
                self._stream = stream
                if self.fired:  # the deadline passed while connecting
                    self._shut()
            elif event.endswith("response_closed.started"):
                self._closed = True

    def _fire(self) -> None:
        with self._lock:
            if not self._closed:
                self.fired = True
                self._shut()

    def _shut(self) -> None:
        sock = self._stream.get_extra_info("socket") if self._stream is not None else None
        if sock is not None:
            with contextlib.suppress(OSError):  # already closed
                sock.shutdown(socket.SHUT_RDWR)
