"""The HTTP client against a real server on 127.0.0.1: statuses, redirects, retries, caps."""

from __future__ import annotations

import gzip
import socket
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import replace

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.ingest.conftest import SLOW_HEADERS, SleepRecorder, dribble
from tracker.ingest.http import (
    DEFAULT_POLICY,
    USER_AGENT,
    Fetcher,
    FetchError,
    FetchPolicy,
    fetch,
    retry_after,
)

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


def test_200_returns_body_validators_and_sends_a_real_user_agent(
    httpserver: HTTPServer, policy: FetchPolicy
) -> None:
    httpserver.expect_request("/feed", headers={"User-Agent": USER_AGENT}).respond_with_data(
        FEED, headers={"ETag": '"v1"', "Last-Modified": "Sat, 28 Nov 2026 10:00:00 GMT"}
    )
    result = fetch(httpserver.url_for("/feed"), policy=policy)
    assert result.status == 200 and result.body == FEED
    assert result.etag == '"v1"'
    assert result.last_modified == "Sat, 28 Nov 2026 10:00:00 GMT"
    assert "tracker/" in USER_AGENT


def test_conditional_get_sends_validators_and_304_has_no_body(
    httpserver: HTTPServer, policy: FetchPolicy
) -> None:
    httpserver.expect_request(
        "/feed", headers={"If-None-Match": '"v1"', "If-Modified-Since": "Sat, 28 Nov 2026 10:00:00 GMT"}
    ).respond_with_data(b"", status=304)
    result = fetch(
        httpserver.url_for("/feed"), etag='"v1"', last_modified="Sat, 28 Nov 2026 10:00:00 GMT", policy=policy
    )
    assert result.not_modified and result.body is None


def test_a_redirect_chain_is_followed_to_the_end(httpserver: HTTPServer, policy: FetchPolicy) -> None:
    httpserver.expect_request("/a").respond_with_data(b"", status=301, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data(
        b"", status=302, headers={"Location": httpserver.url_for("/c")}
    )
    httpserver.expect_request("/c").respond_with_data(b"", status=307, headers={"Location": "/final"})
    httpserver.expect_request("/final").respond_with_data(FEED)
    result = fetch(httpserver.url_for("/a"), policy=policy)
    assert result.body == FEED
    assert result.url.endswith("/final")
    assert len(result.redirects) == 3


def test_a_redirect_loop_is_detected(httpserver: HTTPServer, policy: FetchPolicy) -> None:
    httpserver.expect_request("/a").respond_with_data(b"", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data(b"", status=302, headers={"Location": "/a"})
    with pytest.raises(FetchError, match="redirect loop"):
        fetch(httpserver.url_for("/a"), policy=policy)


def test_too_many_redirects_stop_at_the_limit(httpserver: HTTPServer, policy: FetchPolicy) -> None:
    for n in range(10):
        httpserver.expect_request(f"/r{n}").respond_with_data(
            b"", status=302, headers={"Location": f"/r{n + 1}"}
        )
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch(httpserver.url_for("/r0"), policy=policy)


def test_a_redirect_to_another_scheme_is_refused(httpserver: HTTPServer, policy: FetchPolicy) -> None:
    httpserver.expect_request("/a").respond_with_data(
        b"", status=302, headers={"Location": "file:///etc/passwd"}
    )
    with pytest.raises(FetchError, match="only http"):
        fetch(httpserver.url_for("/a"), policy=policy)


def test_a_redirect_to_the_metadata_service_is_refused_before_connecting(
    httpserver: HTTPServer, policy: FetchPolicy, outside_connections: list[tuple[str, int]]
) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        b"", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    with pytest.raises(FetchError, match=r"redirect to http://169\.254\.169\.254/.* refused: .*link-local"):
        fetch(httpserver.url_for("/feed"), policy=policy)
    assert outside_connections == [] and len(httpserver.log) == 1


def _redirecting(target: str, seen: list[str]) -> httpx.MockTransport:
    """A transport (no network at all) whose every host answers /feed with a redirect to ``target``."""

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path == "/feed":
            return httpx.Response(302, headers={"Location": target})
        return httpx.Response(200, stream=httpx.ByteStream(FEED))

    return httpx.MockTransport(answer)


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[fe80::1]/x", "link-local"),
        ("http://[::ffff:169.254.169.254]/x", "link-local"),
        ("http://10.1.2.3/x", "private"),
        ("http://172.16.0.1/x", "private"),
        ("http://192.168.0.1/x", "private"),
        ("http://[fd00::1]/x", "private"),
        ("http://0.0.0.0:8080/x", "unspecified"),
        ("http://127.0.0.1:9/x", "loopback"),
        ("http://[::1]/x", "loopback"),
    ],
)
def test_a_public_source_is_never_redirected_into_the_machines_own_networks(
    policy: FetchPolicy, target: str, kind: str
) -> None:
    seen: list[str] = []
    with pytest.raises(FetchError, match=f"refused: .* is a {kind} address"):
        fetch("http://203.0.113.7/feed", policy=policy, transport=_redirecting(target, seen))
    assert seen == ["http://203.0.113.7/feed"]


@pytest.mark.parametrize(
    ("origin", "target"),
    [
        ("http://10.0.0.5/feed", "http://192.168.1.9/x"),  # an intranet source stays in the intranet
        ("http://203.0.113.7/feed", "http://198.51.100.1/x"),  # public to public
    ],
)
def test_redirects_within_the_sources_own_kind_of_network_are_followed(
    policy: FetchPolicy, origin: str, target: str
) -> None:
    seen: list[str] = []
    result = fetch(origin, policy=policy, transport=_redirecting(target, seen))
    assert result.body == FEED and seen == [origin, target]


def test_an_intranet_source_is_not_redirected_to_the_metadata_service(policy: FetchPolicy) -> None:
    seen: list[str] = []
    with pytest.raises(FetchError, match="link-local address, and the source's own URL is not"):
        fetch("http://10.0.0.5/feed", policy=policy, transport=_redirecting("http://169.254.169.254/", seen))
    assert seen == ["http://10.0.0.5/feed"]


@pytest.mark.parametrize(("status", "word"), [(404, "not found"), (410, "gone"), (403, "HTTP 403")])
def test_client_errors_are_not_retried(
    httpserver: HTTPServer, policy: FetchPolicy, sleeps: SleepRecorder, status: int, word: str
) -> None:
    httpserver.expect_request("/feed").respond_with_data(b"nope", status=status)
    with pytest.raises(FetchError, match=word) as info:
        fetch(httpserver.url_for("/feed"), policy=policy)
    assert info.value.status == status
    assert sleeps.waits == [] and len(httpserver.log) == 1


def test_429_waits_as_long_as_retry_after_says(
    httpserver: HTTPServer, policy: FetchPolicy, sleeps: SleepRecorder
) -> None:
    httpserver.expect_ordered_request("/feed").respond_with_data(
        b"slow down", status=429, headers={"Retry-After": "1"}
    )
    httpserver.expect_ordered_request("/feed").respond_with_data(FEED)
    result = fetch(httpserver.url_for("/feed"), policy=policy)
    assert result.body == FEED and result.attempts == 2
    assert sleeps.waits == [1.0]


def test_a_long_retry_after_is_capped(
    httpserver: HTTPServer, policy: FetchPolicy, sleeps: SleepRecorder
) -> None:
    httpserver.expect_ordered_request("/feed").respond_with_data(
        b"", status=429, headers={"Retry-After": "3600"}
    )
    httpserver.expect_ordered_request("/feed").respond_with_data(FEED)
    fetch(httpserver.url_for("/feed"), policy=policy)
    assert sleeps.waits == [policy.max_wait]


def test_503_three_times_gives_up_after_backing_off_exponentially(
    httpserver: HTTPServer, policy: FetchPolicy, sleeps: SleepRecorder
) -> None:
    httpserver.expect_request("/feed").respond_with_data(b"busy", status=503)
    with pytest.raises(FetchError, match=r"HTTP 503.*3 attempts") as info:
        fetch(httpserver.url_for("/feed"), policy=policy)
    assert info.value.status == 503
    assert len(httpserver.log) == 3
    assert sleeps.waits == [policy.backoff_base, policy.backoff_base * 2]


def test_503_twice_then_200_succeeds(httpserver: HTTPServer, policy: FetchPolicy) -> None:
    httpserver.expect_ordered_request("/feed").respond_with_data(b"", status=503)
    httpserver.expect_ordered_request("/feed").respond_with_data(b"", status=502)
    httpserver.expect_ordered_request("/feed").respond_with_data(FEED)
    assert fetch(httpserver.url_for("/feed"), policy=policy).attempts == 3


def test_a_refused_connection_is_reported_at_once_and_the_host_not_tried_again(
    refused_url: str, policy: FetchPolicy, sleeps: SleepRecorder
) -> None:
    # Offline, every source fails to connect: backoff would cost seconds per source for nothing.
    with Fetcher(policy) as fetcher:
        with pytest.raises(FetchError, match=r"connection failed: .*refused.*not retried"):
            fetcher.fetch(refused_url)
        assert sleeps.waits == []
        with pytest.raises(FetchError, match="could not be reached a moment ago; not tried again"):
            fetcher.fetch(refused_url.replace("/feed", "/other"))
    assert sleeps.waits == []


def test_wikicfp_gets_five_seconds_between_requests(httpserver: HTTPServer, sleeps: SleepRecorder) -> None:
    # Its robots.txt asks for a 5 s crawl delay; the wait is injected, so nothing sleeps here.
    assert dict(DEFAULT_POLICY.host_intervals)["www.wikicfp.com"] == 5.0
    url = httpserver.url_for("/rss")
    policy = replace(DEFAULT_POLICY, host_intervals=((httpx.URL(url).host, 5.0),), sleep=sleeps)
    httpserver.expect_request("/rss").respond_with_data(FEED)
    with Fetcher(policy) as fetcher:
        fetcher.fetch(url)
        fetcher.fetch(url)
    [wait] = sleeps.waits
    assert 4.5 < wait <= 5.0


def test_a_server_that_never_answers_times_out(
    raw_server: Callable[[Callable[[socket.socket], None]], str], policy: FetchPolicy
) -> None:
    url = raw_server(lambda conn: time.sleep(1.0))
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch(url, policy=replace(policy, attempts=1))
    assert time.monotonic() - started < 1.0  # the read timeout (0.3 s), not the server, ended it


@pytest.mark.parametrize(
    ("head", "body"),
    [
        (b"", SLOW_HEADERS),
        (b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(FEED * 40), FEED * 40),
    ],
    ids=["headers", "body"],
)
def test_a_server_dribbling_one_byte_at_a_time_is_cut_off_at_the_deadline(
    raw_server: Callable[[Callable[[socket.socket], None]], str],
    policy: FetchPolicy,
    sleeps: SleepRecorder,
    head: bytes,
    body: bytes,
) -> None:
    """Each byte comes well within the read timeout (0.2 s < 0.3 s); the deadline ends it all,
    retries included: the request is not tried again with what is left."""
    url = raw_server(dribble(head, body))
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out: no complete answer within the 1 s deadline"):
        fetch(url, policy=replace(policy, total_timeout=1.0))
    assert time.monotonic() - started < 1.5
    assert sleeps.waits == []


def test_no_retry_is_started_that_the_deadline_would_cut_short(
    httpserver: HTTPServer, policy: FetchPolicy, sleeps: SleepRecorder
) -> None:
    httpserver.expect_request("/feed").respond_with_data(b"", status=429, headers={"Retry-After": "30"})
    with pytest.raises(FetchError, match=r"HTTP 429 \(gave up after 1 attempts: waiting 2 s more would pass"):
        fetch(httpserver.url_for("/feed"), policy=replace(policy, total_timeout=1.0))
    assert sleeps.waits == [] and len(httpserver.log) == 1


def test_a_connection_dropped_mid_body_is_an_error(
    raw_server: Callable[[Callable[[socket.socket], None]], str], policy: FetchPolicy
) -> None:
    def half(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nContent-Type: application/rss+xml\r\n\r\n")
        conn.sendall(FEED[:40])
        conn.shutdown(socket.SHUT_RDWR)

    url = raw_server(half)
    with pytest.raises(FetchError, match="connection failed"):
        fetch(url, policy=policy)


def test_a_declared_body_over_the_cap_is_refused_before_reading(
    httpserver: HTTPServer, policy: FetchPolicy
) -> None:
    httpserver.expect_request("/big").respond_with_data(b"x" * (policy.max_bytes + 1))
    with pytest.raises(FetchError, match=r"over the .*limit"):
        fetch(httpserver.url_for("/big"), policy=policy)


def test_an_undeclared_body_over_the_cap_is_stopped_while_streaming(
    httpserver: HTTPServer, policy: FetchPolicy
) -> None:
    produced: list[int] = []

    def endless() -> Iterator[bytes]:
        for _ in range(10_000):
            produced.append(1)
            yield b"y" * 4096

    httpserver.expect_request("/big").respond_with_handler(lambda _req: Response(endless()))
    with pytest.raises(FetchError, match="stopped reading"):
        fetch(httpserver.url_for("/big"), policy=policy)
    assert len(produced) < 10_000


def test_a_gzip_bomb_is_stopped_at_the_cap_of_decoded_bytes(
    httpserver: HTTPServer, policy: FetchPolicy
) -> None:
    bomb = gzip.compress(b"\0" * (50 * 1024 * 1024))
    assert len(bomb) < policy.max_bytes  # small on the wire, 50 MiB once expanded
    httpserver.expect_request("/bomb").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="stopped reading"):
        fetch(httpserver.url_for("/bomb"), policy=policy)


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_compressed_bodies_under_the_cap_are_decoded(
    httpserver: HTTPServer, policy: FetchPolicy, encoding: str
) -> None:
    body = gzip.compress(FEED) if encoding == "gzip" else zlib.compress(FEED)
    httpserver.expect_request("/z").respond_with_data(body, headers={"Content-Encoding": encoding})
    assert fetch(httpserver.url_for("/z"), policy=policy).body == FEED


def test_only_http_urls_are_fetched(policy: FetchPolicy) -> None:
    with pytest.raises(FetchError, match="only http"):
        fetch("file:///etc/passwd", policy=policy)


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after("7") == 7.0
    # TRACKER_NOW is 2026-03-01T12:00:00Z in tests.
    assert retry_after("Sun, 01 Mar 2026 12:00:30 GMT") == 30.0
    assert retry_after("soon") is None and retry_after(None) is None


def test_requests_seen_by_the_server_carry_our_headers(httpserver: HTTPServer, policy: FetchPolicy) -> None:
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        return Response(FEED)

    httpserver.expect_request("/feed").respond_with_handler(handler)
    fetch(httpserver.url_for("/feed"), policy=policy)
    assert seen[0].headers["User-Agent"] == USER_AGENT
    assert "gzip" in seen[0].headers["Accept-Encoding"]


def test_the_proxy_from_the_environment_is_used(
    httpserver: HTTPServer, policy: FetchPolicy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Behind a proxy, sync works like curl and pip: HTTP_PROXY is honoured.

    The "proxy" is the local test server: it receives the absolute-form request for a host
    that does not exist, so the answer can only have come through the proxy.
    """
    httpserver.expect_request("/feed.xml", headers={"Host": "feeds.example.invalid"}).respond_with_data(FEED)
    monkeypatch.setenv("HTTP_PROXY", httpserver.url_for("/").rstrip("/"))
    monkeypatch.setenv("NO_PROXY", "localhost")
    result = fetch("http://feeds.example.invalid/feed.xml", policy=policy)
    assert result.status == 200 and result.body == FEED


def test_requests_to_one_host_keep_its_interval(
    httpserver: HTTPServer, policy: FetchPolicy, sleeps: SleepRecorder
) -> None:
    """arXiv asks for 3 s between API calls: a second request to the host waits, others do not."""
    from tracker.ingest.http import Fetcher

    httpserver.expect_request("/a").respond_with_data(FEED)
    httpserver.expect_request("/b").respond_with_data(FEED)
    polite = replace(policy, host_intervals=((httpserver.host, 3.0),))
    with Fetcher(polite) as fetcher:
        fetcher.fetch(httpserver.url_for("/a"))
        assert sleeps.waits == []  # the first request to a host does not wait
        fetcher.fetch(httpserver.url_for("/b"))
    assert len(sleeps.waits) == 1 and 2.5 < sleeps.waits[0] <= 3.0
    with Fetcher(policy) as fetcher:  # the test server's host has no interval by default
        fetcher.fetch(httpserver.url_for("/a"))
        fetcher.fetch(httpserver.url_for("/b"))
    assert len(sleeps.waits) == 1
