"""Benchmark of ``tracker sync`` of the built-in catalog archives, served from 127.0.0.1.

Run by hand (never by CI), from the repository's top folder::

    python bench/ingest/bench_sync_archives.py [--rounds 3] [--hf-archive FILE --ccf-archive FILE]

``--hf-archive`` / ``--ccf-archive`` serve a real archive instead (a download of the codeload
URL, or ``git archive --format=tar.gz --prefix=ccf-deadlines-main/ HEAD`` in a checkout).

The two built-in catalog sources (huggingface ai-deadlines and ccf-deadlines) are pointed at
a server on 127.0.0.1 that serves them as GitHub does (``tests/ingest/upstream.py`` builds
the .tar.gz archives from the bundled snapshot's files), with an ETag. The WikiCFP sources
are switched off: they are feeds, measured by ``bench_sync.py``. Timed, in this process:

1. a full sync over the seeded catalog (what a new user's first ``tracker sync`` does: both
   archives fetched, read, checked and merged; nothing changes);
2. a full sync into an empty catalog (every record added);
3. an all-304 sync (both sources answer 304 Not Modified: one request each, nothing parsed);

and, as whole processes, ``tracker sync`` when everything is 304 (start-up included).
The fastest of ``--rounds`` is kept (a busy machine).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.ingest import upstream  # noqa: E402  (after the path: run as a script)

PATHS = {"hf-ai-deadlines": "/hf.tar.gz", "ccf-deadlines": "/ccf.tar.gz"}


class Server:
    """Serves each archive with an ETag; a request that sends it back gets 304."""

    def __init__(self, bodies: dict[str, bytes]) -> None:
        self.requests: list[tuple[str, int]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                body = bodies[self.path]
                etag = '"' + hashlib.sha1(body).hexdigest() + '"'
                if self.headers.get("If-None-Match") == etag:
                    outer.requests.append((self.path, 304))
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                outer.requests.append((self.path, 200))
                self.send_response(200)
                self.send_header("Content-Type", "application/x-gzip")
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="repeat and keep the fastest")
    parser.add_argument("--hf-archive", type=Path, help="serve this archive for hf-ai-deadlines")
    parser.add_argument("--ccf-archive", type=Path, help="serve this archive for ccf-deadlines")
    args = parser.parse_args()
    os.environ.setdefault("TRACKER_NOW", "2026-12-01T12:00:00Z")
    workdir = Path(tempfile.mkdtemp(prefix="tracker-bench-archives-"))

    from tracker import db
    from tracker.ingest import builtin
    from tracker.ingest.sources import edit_source, set_enabled
    from tracker.ingest.sync import sync

    bodies = {
        PATHS["hf-ai-deadlines"]: args.hf_archive.read_bytes() if args.hf_archive else upstream.hf_archive(),
        PATHS["ccf-deadlines"]: args.ccf_archive.read_bytes() if args.ccf_archive else upstream.ccf_archive(),
    }
    server = Server(bodies)
    best: dict[str, float] = {}
    seeders = db.SEEDERS

    def keep(name: str, seconds: float) -> None:
        best[name] = min(best.get(name, float("inf")), seconds)

    def prepared(path: Path, seeded: bool) -> str:
        os.environ["TRACKER_DB"] = str(path)
        db.dispose_all()
        if not seeded:
            db.SEEDERS = ()
        try:
            with db.session(write=True) as session:  # migrate (and seed) now, not in a timed run
                for source in builtin.builtins().sources:
                    if source.name in PATHS:
                        edit_source(session, source.name, url=server.url(PATHS[source.name]))
                    else:
                        set_enabled(session, source.name, False)
        finally:
            db.SEEDERS = seeders
        return str(path)

    def timed_sync(label: str) -> None:
        started = time.perf_counter()
        summary = sync()
        seconds = time.perf_counter() - started
        statuses = {o.name: o.status for o in summary.sources}
        assert set(statuses) == set(PATHS) and summary.failed == 0, summary
        keep(label, seconds)

    try:
        for n in range(args.rounds):
            prepared(workdir / f"seeded{n}.db", seeded=True)
            timed_sync("full sync over the seeded catalog")
            timed_sync("all-304 sync")
            prepared(workdir / f"empty{n}.db", seeded=False)
            timed_sync("full sync into an empty catalog")
        env = {**os.environ, "TRACKER_DB": str(workdir / "seeded0.db")}
        for _ in range(args.rounds):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "tracker", "sync"], env=env, check=True, capture_output=True
            )
            keep("all-304 `tracker sync` (whole process)", time.perf_counter() - started)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        keep("python -c pass", time.perf_counter() - started)
    finally:
        server.close()
        db.dispose_all()

    sizes = ", ".join(f"{name} {len(bodies[path]) / 1024:.0f} KiB" for name, path in PATHS.items())
    print(f"archives: {sizes}; best of {args.rounds} rounds")
    for label, seconds in best.items():
        print(f"{label:45s} {seconds:7.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
