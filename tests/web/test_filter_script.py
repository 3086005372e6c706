"""Filtering without reloads: a changed filter swaps the results and the address bar shows it.

The page is driven by a script of the test's own, served by the same origin (the CSP
allows only 'self' scripts) and added to the Upcoming page's head on the way out: it
picks a region as a person would and, once ``filter.js`` says it swapped the table,
writes the address bar into the DOM that ``--dump-dom`` returns.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.web.conftest import Dom, dump_dom, serving

DRIVER = b"""
document.addEventListener("tracker:filtered", function () {
  document.body.setAttribute("data-test-url", window.location.href);
});
window.addEventListener("load", function () {
  var region = document.querySelector("select[name=region]");
  region.value = "EU";
  region.dispatchEvent(new Event("change", { bubbles: true }));
});
"""
DRIVER_TAG = b'<script src="/test-driver.js" defer></script></head>'


def _with_driver(app: Any) -> Any:
    """``app``, with the driver served at /test-driver.js and loaded by every HTML page."""

    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == "/test-driver.js":
            headers = [(b"content-type", b"text/javascript"), (b"content-length", str(len(DRIVER)).encode())]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": DRIVER})
            return
        if scope["type"] != "http" or scope["path"] != "/":
            await app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        body = bytearray()

        async def collect(message: Any) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            body.extend(message.get("body", b""))
            if message.get("more_body"):
                return
            # Only the page the browser opens gets the driver, not those filter.js fetches.
            page = bytes(body)
            if scope["query_string"] == b"within=90d":
                page = page.replace(b"</head>", DRIVER_TAG, 1)
            headers = [(k, v) for k, v in start["headers"] if k != b"content-length"]
            headers.append((b"content-length", str(len(page)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": page})

        await app(scope, receive, collect)

    return wrapped


def _keys(dom: Dom) -> list[str]:
    return [attrs["data-key"] for attrs, _ in dom.find("tr") if "data-key" in attrs]


def test_changing_a_filter_swaps_the_rows_and_puts_the_query_in_the_address_bar(
    chromium: str, tmp_path: Path
) -> None:
    from tracker.web.app import create_app

    with serving(_with_driver(create_app())) as base:
        every = _keys(Dom(dump_dom(chromium, base + "/?region=&within=90d", tmp_path)))
        reloaded = Dom(dump_dom(chromium, base + "/?region=EU&within=90d", tmp_path))
        swapped = Dom(dump_dom(chromium, base + "/?within=90d", tmp_path))

    body = swapped.find("body")[0][0]
    assert "data-test-url" in body, "filter.js did not swap the results"
    address = urlsplit(body["data-test-url"])
    # The address bar holds the form's query, as a GET submit would have sent it (less empty fields).
    assert (address.path, address.query) == ("/", "region=EU&within=90d")
    # The rows are the ones the server shows for that URL: fewer than every region's.
    assert _keys(swapped) == _keys(reloaded)
    assert _keys(swapped) and set(_keys(swapped)) < set(every)
    assert "region=EU" in swapped.find("a", id="ics-link")[0][0]["href"]
