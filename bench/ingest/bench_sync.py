"""Benchmark of ``tracker sync``: 10,000 arXiv-style entries end to end, and an all-304 run.

Run by hand (never by CI)::

    python bench/ingest/bench_sync.py [--entries 10000] [--sources 20]

Everything happens in this process against a server on 127.0.0.1 and a throw-away database:

1. feedparser's parse alone of the body (the floor: what any feed reader pays);
2. a first sync: fetch + parse + checks + tag (classifier) + store, one transaction;
3. the same body again (all entries unchanged: the seen-entry memory skips them);
4. a sync of N sources that all answer 304 Not Modified.

It prints entries per second and the cost on top of parsing as a ratio measured in this run
(the aim: storing costs at most 25% on top of parsing). The classifier's one-time training
is reported apart: it is paid once per process, not per entry.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CATEGORIES = ["cs.LG", "cs.CL", "cs.CV", "stat.ML", "cs.AI", "cs.RO", "cs.IR", "eess.AS", "math.OC", "cs.NE"]
WORD_TEXT = """learning neural network transformer attention graph reinforcement policy gradient convex
    optimization language model translation speech recognition image segmentation detection retrieval
    ranking robot control planning bayesian inference variational diffusion generative adversarial
    contrastive representation embedding kernel sparse regression classification benchmark dataset"""
WORDS = WORD_TEXT.split()


def arxiv_body(n: int, seed: int = 0) -> bytes:
    rng = random.Random(seed)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom">\n<title>ArXiv Query: bench</title>'
        "<id>http://arxiv.org/api/bench</id><updated>2026-03-01T00:00:00-05:00</updated>\n"
    ]
    for i in range(n):
        ident = f"26{i // 100000:02d}.{i % 100000:05d}v{rng.randint(1, 4)}"
        cats = rng.sample(CATEGORIES, 2)
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12))).capitalize()
        summary = " ".join(rng.choice(WORDS) for _ in range(rng.randint(80, 160)))
        authors = "".join(f"<author><name>Author {rng.randint(1, 5000)}</name></author>" for _ in range(3))
        day = rng.randint(1, 28)
        parts.append(
            f"<entry><id>http://arxiv.org/abs/{ident}</id><updated>2026-02-{day:02d}T10:00:00Z</updated>"
            f"<published>2026-02-{day:02d}T09:00:00Z</published><title>{title}</title>"
            f"<summary>{summary}</summary>{authors}"
            f'<link href="http://arxiv.org/abs/{ident}" rel="alternate" type="text/html"/>'
            f'<link title="pdf" href="http://arxiv.org/pdf/{ident}" rel="related" type="application/pdf"/>'
            f'<arxiv:primary_category term="{cats[0]}" scheme="http://arxiv.org/schemas/atom"/>'
            + "".join(f'<category term="{c}" scheme="http://arxiv.org/schemas/atom"/>' for c in cats)
            + "</entry>\n"
        )
    parts.append("</feed>\n")
    return "".join(parts).encode()


class Server:
    """A 127.0.0.1 server: /feed serves the body (honouring If-None-Match), /same/N always 304."""

    def __init__(self, body: bytes) -> None:
        outer = self
        self.body = body
        self.requests = 0

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                outer.requests += 1
                if self.headers.get("If-None-Match") == '"bench"':
                    self.send_response(304)
                    self.send_header("ETag", '"bench"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/atom+xml")
                self.send_header("ETag", '"bench"')
                self.send_header("Content-Length", str(len(outer.body)))
                self.end_headers()
                self.wfile.write(outer.body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


class PhaseTimer:
    """Wraps a function and adds up the time spent in it (to split one sync into phases)."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn
        self.seconds = 0.0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return self.fn(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started


def _bound(timer: PhaseTimer) -> Callable[..., Any]:
    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        return timer(self, *args, **kwargs)

    return method


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--sources", type=int, default=20, help="sources in the all-304 run")
    parser.add_argument("--rounds", type=int, default=3, help="repeat and keep the fastest (a busy machine)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    os.environ.setdefault("TRACKER_NOW", "2026-03-01T12:00:00Z")

    import feedparser
    from sqlalchemy import update

    import tracker.ingest.sync as sync_module
    from tracker import db
    from tracker.ingest.feeds import parse_feed
    from tracker.ingest.http import Fetcher, FetchPolicy
    from tracker.ingest.sources import add_source
    from tracker.ingest.sync import sync
    from tracker.learning.classifier import default_model
    from tracker.models.ingest import Source

    db.SEEDERS = ()  # an empty catalog: the bench measures ingest, not the catalog seed
    body = arxiv_body(args.entries)
    server = Server(body)
    policy = FetchPolicy(max_bytes=max(len(body) * 2, 20 * 1024 * 1024))
    headers = {"content-type": "application/atom+xml"}
    best: dict[str, float] = {}
    store_ratios: list[float] = []  # store / feedparser, both measured in the same round

    def keep(name: str, seconds: float) -> None:
        best[name] = min(best.get(name, float("inf")), seconds)

    try:
        train_s, _ = timed(default_model)
        for round_no in range(args.rounds):
            os.environ["TRACKER_DB"] = str(workdir / f"bench{round_no}.db")
            db.dispose_all()
            with db.session(write=True) as session:  # migrate now, not inside a timed run
                add_source(session, "bench", server.url("/feed"), "arxiv")
            floor_s, parsed = timed(lambda: feedparser.parse(io.BytesIO(body), response_headers=headers))
            assert len(parsed.entries) == args.entries
            keep("feedparser", floor_s)
            keep("parse_feed", timed(lambda: parse_feed(body, headers))[0])

            fetch = PhaseTimer(Fetcher.fetch)
            read = PhaseTimer(sync_module.read)
            tag = PhaseTimer(sync_module.tag)
            Fetcher.fetch = _bound(fetch)  # type: ignore[method-assign]
            sync_module.read = read
            sync_module.tag = tag
            try:
                total_s, first = timed(lambda: sync(["bench"], policy=policy))
            finally:
                Fetcher.fetch = fetch.fn  # type: ignore[method-assign]
                sync_module.read = read.fn
                sync_module.tag = tag.fn
            [outcome] = first.sources
            assert outcome.status == "ok" and outcome.added == args.entries, outcome
            keep("sync", total_s)
            keep("fetch", fetch.seconds)
            keep("read", read.seconds)
            keep("tag", tag.seconds)
            store_s = total_s - fetch.seconds - read.seconds - tag.seconds
            keep("store", store_s)
            store_ratios.append(store_s / min(floor_s, read.seconds))

            # The same body again, validators dropped (a server without ETag support).
            with db.session(write=True) as session:
                session.execute(update(Source).values(etag=None, last_modified=None))
            again_s, again = timed(lambda: sync(["bench"], policy=policy))
            assert again.sources[0].unchanged == args.entries
            keep("again", again_s)

        # N sources that all answer 304.
        with db.session(write=True) as session:
            session.execute(update(Source).values(etag='"bench"'))
            for i in range(args.sources - 1):
                add_source(session, f"same{i}", server.url(f"/same/{i}"), "arxiv")
            session.execute(update(Source).values(etag='"bench"'))
        before = server.requests
        all304_s, all304 = timed(lambda: sync(policy=policy))
        assert all(o.status == "not-modified" for o in all304.sources), all304
        assert server.requests - before == args.sources
    finally:
        server.close()
        db.dispose_all()

    n = args.entries
    floor = best["feedparser"]

    def line(label: str, seconds: float, note: str = "") -> None:
        rate = f"{n / seconds:7.0f} entries/s"
        print(f"{label:38s} {seconds:7.2f} s  {rate}  {seconds / floor:5.2f} x parse  {note}")

    print(f"body: {n} arXiv-style entries, {len(body) / 1e6:.1f} MB; best of {args.rounds} rounds; "
          f"classifier training (once per process): {train_s:.2f} s")  # fmt: skip
    line("feedparser.parse alone (the floor)", floor)
    line("parse_feed (feedparser + our checks)", best["parse_feed"])
    line("sync end to end (fetch..store)", best["sync"], f"{n} readings stored")
    print("  phases of that sync (fastest round each):")
    line("    fetch from 127.0.0.1", best["fetch"])
    line("    parse + checks + arXiv records", best["read"])
    line("    tag (classifier, batched)", best["tag"])
    line("    store (one transaction)", best["store"])
    fetch_store = (best["fetch"] + best["store"]) / floor
    print(f"  storing on top of parsing: {best['store'] / floor:.0%} (aim <= 25%); "
          f"fetch + store: {fetch_store:.0%}; tagging: {best['tag'] / floor:.0%}")  # fmt: skip
    ratios = ", ".join(f"{r:.0%}" for r in store_ratios)
    print(f"  store / parse within each round: {ratios} (median {statistics.median(store_ratios):.0%})")
    line("sync again, all 10,000 unchanged", best["again"])
    print(f"sync of {args.sources} sources that all answer 304: {all304_s * 1000:.0f} ms "
          f"({all304_s / args.sources * 1000:.1f} ms per source, nothing parsed)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
