"""Fetching a URL politely and defensively: the only HTTP client of tracker.

httpx gives us a connection, nothing more (see the traps in DESIGN.md): its default timeout
is 5 s, it does not follow redirects unless asked, retries only failed connections, has no
size cap and no cache. This module adds, explicitly:

- timeouts for connecting and for each read, and one deadline for the whole fetch (see
  :mod:`tracker.ingest.deadline`: httpx's timeouts bound each read, never their sum);
- redirects followed by hand up to a small limit, with loops detected, and never from a public
  host into the machine's own networks (:mod:`tracker.ingest.urls`);
- a real User-Agent;
- retries with exponential backoff for timeouts, dropped connections, 429 and 5xx,
  honouring ``Retry-After`` (capped, so that a server cannot park us for an hour); a host
  that cannot be connected to at all (no network, a name that does not resolve, a refused
  port) is not retried, and the rest of the run does not try it again: offline, a sync
  says so for each source at once instead of waiting seconds of backoff per source;
- a size cap counted on the *decoded* bytes while streaming, so a small gzip body that expands
  to gigabytes (a "gzip bomb") is stopped as soon as the cap is passed, without ever holding
  more than a chunk of it in memory (we decompress ourselves with a bounded ``max_length``);
- conditional GET with the stored ETag / Last-Modified: a 304 returns no body at all.

Tests inject a transport or point at a server on 127.0.0.1, and shrink the policy (timeouts,
backoff, caps) so that nothing sleeps for long.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import httpx

from tracker import __version__, clock
from tracker.errors import TrackerError
from tracker.i18n import N_, Message
from tracker.ingest.deadline import Deadline, Watchdog
from tracker.ingest.decoding import UndecodableBody, decoded
from tracker.ingest.urls import redirect_problem, url_problem

USER_AGENT = f"tracker/{__version__} (conference and learning tracker; python-httpx/{httpx.__version__})"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class FetchPolicy:
    """How patient and how trusting a fetch is. Every number can be shrunk for tests."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    # Wall-clock limit for one fetch: connecting, headers, body, every redirect and retry and
    # the waits between them (a server dripping one byte per read timeout would otherwise
    # hold us forever).
    total_timeout: float = 120.0
    max_redirects: int = 5
    max_bytes: int = 20 * 1024 * 1024
    # Attempts in all (1 = no retry).
    attempts: int = 4
    backoff_base: float = 1.0
    # Upper bound for any single wait, Retry-After included.
    max_wait: float = 60.0
    user_agent: str = USER_AGENT
    # Honour HTTP(S)_PROXY / NO_PROXY and SSL_CERT_FILE like curl and pip do: behind a
    # proxy, sync must work without extra configuration.
    use_environment: bool = True
    # Seconds to leave between two requests to the same host within one run. arXiv's API
    # terms ask for three, WikiCFP's robots.txt for five (Crawl-delay); other hosts get a
    # small courtesy pause.
    host_intervals: tuple[tuple[str, float], ...] = (
        ("export.arxiv.org", 3.0),
        ("www.wikicfp.com", 5.0),
        ("wikicfp.com", 5.0),
    )
    default_host_interval: float = 0.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False, repr=False)


DEFAULT_POLICY = FetchPolicy()


class FetchError(TrackerError):
    """A fetch that gave no usable body: the message names the URL and what went wrong."""

    def __init__(self, url: str, problem: str, *, status: int | None = None) -> None:
        super().__init__(Message(N_("{url}: {problem}"), url=url, problem=problem))
        self.url = url
        self.problem = problem  # what went wrong, without the URL (a Message: shown translated)
        self.status = status


class _Unreachable(Exception):
    """Internal: the host of ``url`` could not be connected to (not worth another try in this run)."""

    def __init__(self, reason: str, url: str) -> None:
        super().__init__(reason)
        self.reason = reason  # kept whole: a Message is shown translated
        self.url = url


class _Retryable(Exception):
    """Internal: this attempt failed in a way worth another try (after ``wait`` seconds)."""

    def __init__(self, reason: str, wait: float | None = None, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason  # kept whole: a Message is shown translated
        self.wait = wait
        self.status = status


@dataclass(frozen=True)
class FetchResult:
    """The answer to a fetch: a body (200) or none (304 Not Modified)."""

    url: str  # the final URL, after redirects
    status: int
    body: bytes | None
    headers: dict[str, str]
    etag: str | None
    last_modified: str | None
    redirects: tuple[str, ...] = ()
    attempts: int = 1

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """An HTTP client with the policy above; use as a context manager, one per sync run."""

    def __init__(
        self, policy: FetchPolicy = DEFAULT_POLICY, *, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.policy = policy
        self._last_request: dict[str, float] = {}  # host -> time.monotonic() of its last request
        self._unreachable: dict[str, str] = {}  # host -> why it could not be connected to
        self._client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(
                connect=policy.connect_timeout,
                read=policy.read_timeout,
                write=policy.read_timeout,
                pool=policy.connect_timeout,
            ),
            follow_redirects=False,  # followed by hand: counted, loop-checked
            headers={"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=policy.use_environment,
            # A new connection for every request: the watchdog learns a connection's socket
            # when it is opened, and a reused one would run without a watchdog.
            limits=httpx.Limits(max_keepalive_connections=0),
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """GET ``url``, conditionally when validators are given; raise FetchError on failure.

        Everything -- attempts, redirects, waits -- ends within ``policy.total_timeout``.
        """
        _check_url(url)
        policy = self.policy
        deadline = Deadline(policy.total_timeout)
        attempt = 1
        while True:
            self._refuse_unreachable(url)
            self._wait_for_host(url)
            try:
                return replace(self._attempt(url, etag, last_modified, deadline), attempts=attempt)
            except _Unreachable as problem:
                self._unreachable[httpx.URL(problem.url).host] = problem.reason
                raise FetchError(
                    url, Message(N_("connection failed: {problem} (not retried)"), problem=problem.reason)
                ) from None
            except _Retryable as problem:
                backoff = policy.backoff_base * 2 ** (attempt - 1)
                wait = max(0.0, min(problem.wait if problem.wait is not None else backoff, policy.max_wait))
                if attempt >= policy.attempts:
                    gave_up = Message(
                        N_("{problem} (gave up after {attempts} attempts)"),
                        problem=problem.reason,
                        attempts=attempt,
                    )
                    raise FetchError(url, gave_up, status=problem.status) from None
                if wait >= deadline.remaining():
                    gave_up = Message(
                        N_(
                            "{problem} (gave up after {attempts} attempts: waiting {wait} s more would "
                            "pass the {seconds} s deadline)"
                        ),
                        problem=problem.reason,
                        attempts=attempt,
                        wait=f"{wait:g}",
                        seconds=f"{deadline.seconds:g}",
                    )
                    raise FetchError(url, gave_up, status=problem.status) from None
            policy.sleep(wait)
            attempt += 1

    def _refuse_unreachable(self, url: str) -> None:
        host = httpx.URL(url).host
        if host in self._unreachable:
            raise FetchError(
                url,
                Message(
                    N_("connection failed: {host} could not be reached a moment ago; not tried again"),
                    host=host,
                ),
            )

    def _wait_for_host(self, url: str) -> None:
        """Keep the host's interval since our last request to it (polite to shared APIs)."""
        host = httpx.URL(url).host
        interval = dict(self.policy.host_intervals).get(host, self.policy.default_host_interval)
        last = self._last_request.get(host)
        if last is not None and interval > 0:
            remaining = interval - (time.monotonic() - last)
            if remaining > 0:
                self.policy.sleep(remaining)
        self._last_request[host] = time.monotonic()

    # --- one attempt: redirects, status, body -----------------------------------------

    def _attempt(
        self, url: str, etag: str | None, last_modified: str | None, deadline: Deadline
    ) -> FetchResult:
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        visited = [url]
        current = url
        while True:
            if deadline.passed():
                raise _late(url, deadline)
            watchdog = Watchdog(deadline)
            try:
                with (
                    watchdog,
                    self._client.stream(
                        "GET",
                        current,
                        headers=headers,
                        timeout=self._timeout(deadline),
                        extensions={"trace": watchdog.trace},
                    ) as response,
                ):
                    if response.status_code in REDIRECT_STATUSES:
                        current = self._next_hop(response, current, visited)
                        continue
                    result = self._finish(response, current, visited)
                    if watchdog.fired:  # a body that ends at the connection's end looks complete
                        raise _late(url, deadline)
                    return result
            except httpx.HTTPError as exc:
                if watchdog.fired or deadline.passed():
                    raise _late(url, deadline) from exc
                if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
                    raise _Unreachable(_connect_problem(exc, current), current) from exc
                if isinstance(exc, httpx.TimeoutException):
                    raise _Retryable(Message(N_("timed out ({kind})"), kind=type(exc).__name__)) from exc
                if isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError):
                    problem = Message(
                        N_("connection failed: {problem}"), problem=str(exc) or type(exc).__name__
                    )
                    raise _Retryable(problem) from exc
                raise FetchError(url, Message(N_("HTTP error: {problem}"), problem=str(exc))) from exc

    def _timeout(self, deadline: Deadline) -> httpx.Timeout:
        """The policy's timeouts, none longer than what is left of the deadline."""
        left = deadline.remaining()
        connect = min(self.policy.connect_timeout, left)
        read = min(self.policy.read_timeout, left)
        return httpx.Timeout(connect=connect, read=read, write=read, pool=connect)

    def _next_hop(self, response: httpx.Response, current: str, visited: list[str]) -> str:
        location = response.headers.get("Location")
        if not location:
            raise FetchError(
                visited[0], Message(N_("redirect ({status}) without a Location"), status=response.status_code)
            )
        # Some servers send spaces unencoded in a Location; browsers encode them, so do we.
        target = urljoin(current, location.strip().replace(" ", "%20"))
        _check_url(target)
        if target in visited:
            raise FetchError(
                visited[0], Message(N_("redirect loop: {hops}"), hops=" -> ".join([*visited, target]))
            )
        if len(visited) > self.policy.max_redirects:
            raise FetchError(
                visited[0], Message(N_("more than {count} redirects"), count=self.policy.max_redirects)
            )
        problem = redirect_problem(visited[0], target)
        if problem:
            raise FetchError(visited[0], problem)
        visited.append(target)
        return target

    def _finish(self, response: httpx.Response, url: str, visited: list[str]) -> FetchResult:
        status = response.status_code
        headers = {k.lower(): v for k, v in response.headers.items()}
        if status == 304:
            return FetchResult(
                url, 304, None, headers, headers.get("etag"), headers.get("last-modified"), tuple(visited[1:])
            )
        if status in RETRY_STATUSES:
            raise _Retryable(f"HTTP {status}", wait=retry_after(headers.get("retry-after")), status=status)
        if status in (404, 410):
            word = Message(N_("not found") if status == 404 else N_("gone"))
            raise FetchError(
                visited[0], Message(N_("HTTP {status} ({word})"), status=status, word=word), status=status
            )
        if not 200 <= status < 300:
            raise FetchError(visited[0], f"HTTP {status}", status=status)
        body = self._read_capped(response, visited[0])
        return FetchResult(
            url, status, body, headers, headers.get("etag"), headers.get("last-modified"), tuple(visited[1:])
        )

    def _read_capped(self, response: httpx.Response, origin: str) -> bytes:
        cap = self.policy.max_bytes
        declared = response.headers.get("Content-Length")
        encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
        # A declared size over the cap is refused before reading anything (when the body is
        # not compressed the declared size is the decoded size).
        if declared and declared.isdigit() and encoding == "identity" and int(declared) > cap:
            raise FetchError(
                origin,
                Message(N_("body of {size} bytes is over the {cap}-byte limit"), size=int(declared), cap=cap),
            )
        chunks: list[bytes] = []
        size = 0
        try:
            for piece in decoded(response.iter_raw(), encoding, cap + 1):
                size += len(piece)
                if size > cap:
                    raise FetchError(
                        origin, Message(N_("body is over the {cap}-byte limit (stopped reading)"), cap=cap)
                    )
                chunks.append(piece)
        except UndecodableBody as exc:
            raise FetchError(origin, exc.problem) from exc
        return b"".join(chunks)


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    policy: FetchPolicy = DEFAULT_POLICY,
    transport: httpx.BaseTransport | None = None,
) -> FetchResult:
    """One fetch with its own client (a sync run shares one :class:`Fetcher` instead)."""
    with Fetcher(policy, transport=transport) as fetcher:
        return fetcher.fetch(url, etag=etag, last_modified=last_modified)


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - clock.now()).total_seconds())


# What the C library says when a name cannot be resolved (glibc, musl, macOS): offline, as a rule.
_UNRESOLVED = ("Name or service not known", "Temporary failure in name resolution", "nodename nor servname")


def _connect_problem(exc: httpx.HTTPError, url: str) -> str:
    """Why a connection failed, in a person's words where the cause is the usual one."""
    text = str(exc) or type(exc).__name__
    host = httpx.URL(url).host
    if any(marker in text for marker in _UNRESOLVED):
        return Message(N_("cannot resolve {host} (offline, or no DNS?)"), host=host)
    if "Connection refused" in text:
        return Message(N_("{host} refused the connection"), host=host)
    if isinstance(exc, httpx.ConnectTimeout):
        return Message(N_("{host} did not answer in time"), host=host)
    return text


def _late(url: str, deadline: Deadline) -> FetchError:
    late = Message(
        N_("timed out: no complete answer within the {seconds} s deadline"), seconds=f"{deadline.seconds:g}"
    )
    return FetchError(url, late)


def _check_url(url: str) -> None:
    problem = url_problem(url)
    if problem:
        raise FetchError(url, problem)
