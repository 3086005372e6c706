"""Time to first byte of the web view's main pages, and ``tracker site build``'s time.

Run by hand (not a test):  python bench/web/bench_web.py

A fresh database with the bundled catalog (in a temporary folder, TRACKER_NOW pinned), a real
``tracker serve`` process on 127.0.0.1, and each page fetched cold once, then warm
(the median of ``REPEAT`` requests). Time to first byte is measured from sending the request
to the first byte of the response (the server renders the page whole before sending it, so
this is the page's build time plus the loopback). Then the static site is built once.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PAGES = (
    "/",
    "/?topic=nlp&rank=core:A&within=90d",
    "/conf/neurips2026",
    "/recommend",
    "/mine",
    "/calendar/deadlines.ics?topic=nlp",
    "/changes.atom",
)
REPEAT = 5
NOW = "2026-03-01T12:00:00Z"


def first_byte(port: int, path: str) -> float:
    """Seconds from sending a GET to reading the response's first byte (then read it all)."""
    with socket.create_connection(("127.0.0.1", port)) as conn:
        request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        started = time.perf_counter()
        conn.sendall(request.encode())
        conn.recv(1)
        elapsed = time.perf_counter() - started
        while conn.recv(65536):
            pass
    return elapsed


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "TRACKER_DB": str(Path(folder) / "bench.db"), "TRACKER_NOW": NOW}
        tracker = [sys.executable, "-m", "tracker"]
        profile = ["profile", "set", "--home", "Berlin", "--interests", "nlp,machine-learning"]
        subprocess.run([*tracker, *profile], env=env, check=True, capture_output=True)
        subprocess.run(
            [*tracker, "status", "neurips2026", "planning"], env=env, check=True, capture_output=True
        )
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen(
            [*tracker, "serve", "--port", str(port)], env=env, stderr=subprocess.DEVNULL
        )
        try:
            wait_for(port)
            print(f"| page | cold TTFB (ms) | warm TTFB, median of {REPEAT} (ms) |")
            print("| --- | ---: | ---: |")
            for path in PAGES:
                cold = first_byte(port, path)
                warm = statistics.median(first_byte(port, path) for _ in range(REPEAT))
                print(f"| `{path}` | {cold * 1000:.0f} | {warm * 1000:.0f} |")
        finally:
            server.terminate()
            server.wait(timeout=10)
        site = Path(folder) / "site"
        started = time.perf_counter()
        subprocess.run([*tracker, "site", "build", str(site)], env=env, check=True, capture_output=True)
        seconds = time.perf_counter() - started
        pages = sum(1 for _ in site.rglob("*.html"))
        files = sum(1 for p in site.rglob("*") if p.is_file())
        print(f"\nsite build: {seconds:.1f} s for {pages} pages, {files} files")


if __name__ == "__main__":
    main()
