"""A real server on 127.0.0.1 (uvicorn in a thread, torn down after) and headless Chromium.

Chromium is Debian's ``chromium`` (``.ci/run`` installs it); the pages are read with
``--dump-dom`` after ``--virtual-time-budget`` lets the page's script run.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

HOSTILE_KEY = "hostile2026"
HOSTILE_TITLE = "<script>document.title='pwned'</script>Hostile Conf"
HOSTILE_LINK = "javascript:alert(1)"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """The base URL of ``app`` run by uvicorn on a free port of 127.0.0.1, stopped after."""
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def server() -> Iterator[str]:
    """The base URL of ``tracker serve``'s app on 127.0.0.1, over this test's database."""
    from tracker.web.app import create_app

    with serving(create_app()) as url:
        yield url


@pytest.fixture
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium; .ci/run does)")
    return found


def dump_dom(browser: str, url: str, tmp_path: Path, *, tz: str = "UTC") -> str:
    """The page's DOM after its script ran, as Chromium sees it in the zone ``tz``."""
    profile = tmp_path / f"chromium-{tz.replace('/', '-')}"
    command = [
        browser,
        "--headless",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=3000",
        "--dump-dom",
        url,
    ]
    env = {**os.environ, "TZ": tz}
    done = subprocess.run(command, capture_output=True, text=True, timeout=90, env=env, check=True)
    return done.stdout


class Dom(HTMLParser):
    """The elements of a page as (tag, attributes, text) — enough to assert on."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []
        self._open: list[int] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}, []))
        if tag not in ("meta", "link", "input", "br", "img"):
            self._open.append(len(self.elements) - 1)

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self.elements[self._open.pop()][0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for index in self._open:
            self.elements[index][2].append(data)

    def find(self, tag: str, **attrs: str) -> list[tuple[dict[str, str], str]]:
        return [
            (a, "".join(text).strip())
            for t, a, text in self.elements
            if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]


def add_hostile_edition(now: datetime) -> datetime:
    """An edition whose every text a feed could have written: markup and a javascript: link."""
    from tracker import db
    from tracker.models.catalog import Deadline, Edition, Series

    at = (now + timedelta(days=5)).astimezone(UTC).replace(microsecond=0)
    with db.session(write=True) as session:
        series = Series(key="hostile", acronym="<img src=x onerror=alert(1)>", name=HOSTILE_TITLE)
        edition = Edition(
            series=series,
            year=2026,
            key=HOSTILE_KEY,
            title=HOSTILE_TITLE,
            link=HOSTILE_LINK,
            venue="<b onmouseover=alert(2)>Hall</b>",
            note="<script>alert(3)</script>",
        )
        edition.deadlines.append(
            Deadline(
                type="paper",
                label="<i>paper</i>",
                at_utc=at,
                local_text=at.strftime("%Y-%m-%d %H:%M:%S"),
                timezone="UTC",
            )
        )
        session.add(series)
    return at
