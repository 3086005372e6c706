"""Sync end to end against a real server on 127.0.0.1: every failure leaves stored data intact.

Each failure test first syncs a good arXiv answer (two real papers), then makes the server
misbehave and syncs again: the sync reports an error for that source, and the readings, the
source's validators and the seen-entry memory are exactly as before.
"""

from __future__ import annotations

import gzip
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from werkzeug import Response

from tests.ingest import samples
from tests.ingest.conftest import SLOW_HEADERS, dribble, fixture_bytes
from tracker import db
from tracker.ingest.http import FetchPolicy
from tracker.ingest.sources import add_source
from tracker.ingest.sync import SyncSummary, sync
from tracker.learning.reading_list import list_readings
from tracker.models.ingest import SeenEntry, Source

REAL_SEARCH = fixture_bytes("arxiv-api-search-multi-entry.atom.xml")


def _add(name: str, url: str, kind: str = "arxiv", edition: str | None = None) -> None:
    with db.session(write=True) as session:
        add_source(session, name, url, kind, edition=edition)


def _stored() -> dict[str, Any]:
    """Everything a sync may write, as plain values."""
    with db.session() as session:
        readings = sorted(
            (r.arxiv_id or "", r.title, tuple(r.authors), r.year, r.doi or "", tuple(sorted(r.topics)))
            for r in list_readings(session, include_suggestions=True)
        )
        sources = sorted(
            (s.name, s.url, s.etag or "", s.last_modified or "") for s in session.scalars(select(Source))
        )
        seen = sorted((e.entry_key, e.content_hash) for e in session.scalars(select(SeenEntry)))
    return {"readings": readings, "sources": sources, "seen": seen}


def _status(name: str) -> tuple[str | None, str | None]:
    with db.session() as session:
        source = session.scalars(select(Source).where(Source.name == name)).one()
        return source.last_status, source.last_error


@pytest.fixture
def synced(httpserver: HTTPServer, policy: FetchPolicy) -> dict[str, Any]:
    """A source 'papers' synced once from a good answer; returns what was stored."""
    httpserver.expect_oneshot_request("/api").respond_with_data(
        REAL_SEARCH, headers={"Content-Type": "application/atom+xml", "ETag": '"v1"'}
    )
    _add("papers", httpserver.url_for("/api"))
    summary = sync(policy=policy)
    assert [o.status for o in summary.sources] == ["ok"]
    assert summary.sources[0].added == 2
    before = _stored()
    assert len(before["readings"]) == 2
    httpserver.clear()
    return before


def _fails(policy: FetchPolicy, message: str) -> SyncSummary:
    summary = sync(["papers"], policy=policy)
    [outcome] = summary.sources
    assert outcome.status == "error", outcome
    assert message in (outcome.error or ""), outcome.error
    status, error = _status("papers")
    assert status == "error" and error and message in error
    return summary


def test_a_valid_feed_stores_readings_with_topics_and_validators(synced: dict[str, Any]) -> None:
    titles = {r[0]: r for r in synced["readings"]}
    assert set(titles) == {"1111.2011", "cond-mat/0607501"}
    assert titles["1111.2011"][2] == ("James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic")
    assert titles["1111.2011"][3] == 2011 and titles["1111.2011"][4] == "10.1103/physrevb.85.115117"
    assert synced["sources"][0][2] == '"v1"'
    assert len(synced["seen"]) == 2


def test_304_reparses_nothing_and_keeps_everything(
    httpserver: HTTPServer, policy: FetchPolicy, synced: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracker.ingest.sync as sync_module

    def no_parsing(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a 304 must not be parsed")

    monkeypatch.setattr(sync_module, "read", no_parsing)
    httpserver.expect_request("/api", headers={"If-None-Match": '"v1"'}).respond_with_data(b"", status=304)
    [outcome] = sync(policy=policy).sources
    assert outcome.status == "not-modified" and outcome.added == outcome.updated == 0
    assert _stored() == synced
    assert _status("papers") == ("not-modified", None)


def test_the_same_entries_again_are_unchanged_not_duplicated(
    httpserver: HTTPServer, policy: FetchPolicy, synced: dict[str, Any]
) -> None:
    httpserver.expect_request("/api").respond_with_data(REAL_SEARCH, headers={"ETag": '"v2"'})
    [outcome] = sync(policy=policy).sources
    assert (outcome.added, outcome.updated, outcome.unchanged) == (0, 0, 2)
    after = _stored()
    assert after["readings"] == synced["readings"] and after["seen"] == synced["seen"]


def test_a_new_version_updates_the_reading_instead_of_adding_one(
    httpserver: HTTPServer, policy: FetchPolicy, synced: dict[str, Any]
) -> None:
    newer = samples.arxiv_feed(
        samples.arxiv_entry(
            "cond-mat/0607501v3", "A striped supersolid phase, revised", categories=("cs.LG",)
        ),
        samples.arxiv_entry("2603.00001v1", "Attention for graphs", categories=("cs.CL", "cs.LG")),
        samples.arxiv_entry("2603.00001v1", "Attention for graphs (duplicate entry)", categories=("cs.CL",)),
    )
    httpserver.expect_request("/api").respond_with_data(newer)
    [outcome] = sync(policy=policy).sources
    assert (outcome.added, outcome.updated) == (1, 1)
    readings = {r[0]: r for r in _stored()["readings"]}
    assert len(readings) == 3
    assert {"nlp", "machine-learning"} <= set(readings["2603.00001"][5])


def test_a_redirect_chain_is_followed(
    httpserver: HTTPServer, policy: FetchPolicy, synced: dict[str, Any]
) -> None:
    httpserver.expect_request("/api").respond_with_data(b"", status=301, headers={"Location": "/moved"})
    httpserver.expect_request("/moved").respond_with_data(b"", status=302, headers={"Location": "/final"})
    httpserver.expect_request("/final").respond_with_data(REAL_SEARCH)
    [outcome] = sync(policy=policy).sources
    assert outcome.status == "ok" and outcome.unchanged == 2
    assert _stored()["readings"] == synced["readings"]


@pytest.mark.parametrize(
    ("status", "message"), [(404, "HTTP 404 (not found)"), (410, "HTTP 410 (gone)"), (500, "HTTP 500")]
)
def test_http_errors_leave_everything(
    httpserver: HTTPServer, policy: FetchPolicy, synced: dict[str, Any], status: int, message: str
) -> None:
    httpserver.expect_request("/api").respond_with_data(b"error page", status=status)
    _fails(policy, message)
    assert _stored() == synced


def test_a_redirect_loop_leaves_everything(
    httpserver: HTTPServer, policy: FetchPolicy, synced: dict[str, Any]
) -> None:
    httpserver.expect_request("/api").respond_with_data(b"", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data(b"", status=302, headers={"Location": "/api"})
    _fails(policy, "redirect loop")
    assert _stored() == synced


def test_429_with_retry_after_then_success(
    httpserver: HTTPServer, policy: FetchPolicy, sleeps: Any, synced: dict[str, Any]
) -> None:
    httpserver.expect_ordered_request("/api").respond_with_data(b"", status=429, headers={"Retry-After": "2"})
    httpserver.expect_ordered_request("/api").respond_with_data(REAL_SEARCH)
    [outcome] = sync(policy=policy).sources
    assert outcome.status == "ok" and sleeps.waits == [2.0]
    assert _stored()["readings"] == synced["readings"]


def test_429_every_time_leaves_everything(
    httpserver: HTTPServer, policy: FetchPolicy, synced: dict[str, Any]
) -> None:
    httpserver.expect_request("/api").respond_with_data(b"", status=429, headers={"Retry-After": "1"})
    _fails(policy, "HTTP 429")
    assert _stored() == synced


def test_503_three_times_leaves_everything(
    httpserver: HTTPServer, policy: FetchPolicy, synced: dict[str, Any]
) -> None:
    httpserver.expect_request("/api").respond_with_data(b"", status=503)
    _fails(policy, "HTTP 503")
    assert len(httpserver.log) == 3
    assert _stored() == synced


def _move(url: str) -> None:
    with db.session(write=True) as session:
        session.scalars(select(Source).where(Source.name == "papers")).one().url = url


def test_connection_refused_leaves_everything(
    policy: FetchPolicy, synced: dict[str, Any], refused_url: str
) -> None:
    _move(refused_url)
    before = _stored()
    _fails(policy, "connection failed")
    assert _stored() == before and before["readings"] == synced["readings"]


def test_a_read_timeout_leaves_everything(
    policy: FetchPolicy, synced: dict[str, Any], raw_server: Callable[[Callable[[socket.socket], None]], str]
) -> None:
    _move(raw_server(lambda conn: time.sleep(1.0)))
    before = _stored()
    _fails(replace(policy, attempts=1), "timed out")
    assert _stored() == before


def test_a_server_sending_its_headers_slowly_ends_at_the_deadline_and_the_next_source_syncs(
    httpserver: HTTPServer,
    policy: FetchPolicy,
    synced: dict[str, Any],
    raw_server: Callable[[Callable[[socket.socket], None]], str],
) -> None:
    """One header byte every 0.2 s, each within the read timeout: once held a sync forever."""
    _move(raw_server(dribble(b"", SLOW_HEADERS)))
    httpserver.expect_request("/other").respond_with_data(
        samples.arxiv_feed(samples.arxiv_entry("2603.00008v1", "After the slow one"))
    )
    _add("zz-other", httpserver.url_for("/other"))
    before = _stored()
    started = time.monotonic()
    summary = sync(policy=replace(policy, total_timeout=1.0))
    slow, other = summary.sources
    assert slow.name == "papers" and slow.status == "error"
    assert slow.error == "timed out: no complete answer within the 1 s deadline"
    assert slow.seconds < 1.5 and time.monotonic() - started < 4.0
    assert other.status == "ok" and other.added == 1
    assert set(synced_ids(_stored())) == {*synced_ids(before), "2603.00008"}
    assert _status("papers") == ("error", slow.error)


def test_a_connection_dropped_mid_body_leaves_everything(
    policy: FetchPolicy, synced: dict[str, Any], raw_server: Callable[[Callable[[socket.socket], None]], str]
) -> None:
    def half(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(REAL_SEARCH))
        conn.sendall(REAL_SEARCH[: len(REAL_SEARCH) // 2])
        conn.shutdown(socket.SHUT_RDWR)

    _move(raw_server(half))
    before = _stored()
    _fails(policy, "connection failed")
    assert _stored() == before


def test_a_body_over_the_cap_with_content_length_leaves_everything(
    httpserver: HTTPServer, policy: FetchPolicy, synced: dict[str, Any]
) -> None:
    httpserver.expect_request("/api").respond_with_data(REAL_SEARCH * 20)
    _fails(replace(policy, max_bytes=len(REAL_SEARCH) * 2), "limit")
    assert _stored() == synced


def test_a_body_over_the_cap_without_content_length_leaves_everything(
    httpserver: HTTPServer, policy: FetchPolicy, synced: dict[str, Any]
) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(1000):
            yield REAL_SEARCH

    httpserver.expect_request("/api").respond_with_handler(lambda _r: Response(chunks()))
    _fails(policy, "stopped reading")
    assert _stored() == synced


def test_a_gzip_bomb_leaves_everything(
    httpserver: HTTPServer, policy: FetchPolicy, synced: dict[str, Any]
) -> None:
    bomb = gzip.compress(REAL_SEARCH[:200] + b" " * (40 * 1024 * 1024))
    httpserver.expect_request("/api").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})
    _fails(policy, "stopped reading")
    assert _stored() == synced


@pytest.mark.parametrize(
    ("body", "headers", "message"),
    [
        (
            b"<!DOCTYPE html><html><body>Service moved</body></html>",
            {"Content-Type": "text/html"},
            "HTML page",
        ),
        (b"", {"Content-Type": "application/atom+xml"}, "empty body"),
        (REAL_SEARCH[:300], {"Content-Type": "application/atom+xml"}, "no readable entries"),
        (samples.BILLION_LAUGHS, {"Content-Type": "application/rss+xml"}, "declares XML entities"),
        (
            samples.external_entity("/etc/passwd"),
            {"Content-Type": "application/rss+xml"},
            "declares XML entities",
        ),
        (samples.ENTITY_IN_UTF7, samples.UTF7_HEADERS, "declares XML entities"),
        (b"/etc/passwd", {"Content-Type": "application/atom+xml"}, "not an RSS or Atom feed"),
        (samples.ARXIV_ERROR, {"Content-Type": "application/atom+xml"}, "arXiv reported an error"),
    ],
    ids=[
        "html",
        "empty",
        "truncated-before-entries",
        "billion-laughs",
        "external-entity",
        "entity-in-utf-7",
        "file-path",
        "arxiv-error",
    ],
)
def test_bodies_that_are_not_usable_feeds_leave_everything(
    httpserver: HTTPServer,
    policy: FetchPolicy,
    synced: dict[str, Any],
    body: bytes,
    headers: dict[str, str],
    message: str,
) -> None:
    httpserver.expect_request("/api").respond_with_data(body, headers={**headers, "ETag": '"bad"'})
    _fails(policy, message)
    assert _stored() == synced  # the ETag of the bad answer was not saved either


def test_an_entity_declared_after_a_long_comment_is_refused_and_nothing_stored(
    httpserver: HTTPServer, policy: FetchPolicy, synced: dict[str, Any]
) -> None:
    """The guard once read only the first 64 KiB; a 70 KiB comment moved the DOCTYPE past it."""
    httpserver.expect_request("/api").respond_with_data(
        samples.entity_after_comment(70 * 1024), headers={"Content-Type": "application/rss+xml"}
    )
    _fails(replace(policy, max_bytes=1024 * 1024), "declares XML entities")
    assert _stored() == synced


def test_truncated_xml_after_an_entry_stores_what_was_read_with_a_warning(
    httpserver: HTTPServer, policy: FetchPolicy, synced: dict[str, Any]
) -> None:
    body = samples.arxiv_feed(
        samples.arxiv_entry("2603.00002v1", "Complete entry", categories=("cs.CV",)),
        samples.arxiv_entry("2603.00003v1", "Cut off entry"),
    )
    httpserver.expect_request("/api").respond_with_data(body[: body.index(b"Cut off") + 3])
    [outcome] = sync(policy=policy).sources
    assert outcome.status == "warning" and outcome.added >= 1
    assert any("partly broken" in w for w in outcome.warnings)
    readings = {r[0]: r for r in _stored()["readings"]}
    assert "2603.00002" in readings and set(synced_ids(synced)) <= set(readings)
    assert _status("papers")[0] == "warning"


def synced_ids(stored: dict[str, Any]) -> list[str]:
    return [r[0] for r in stored["readings"]]


def test_an_entry_with_an_impossible_date_is_rejected_the_rest_stored(
    httpserver: HTTPServer, policy: FetchPolicy, synced: dict[str, Any]
) -> None:
    body = samples.arxiv_feed(
        samples.arxiv_entry("2603.00004v1", "Good date"),
        samples.arxiv_entry("2603.00005v1", "Month thirteen", published="2026-13-01T00:00:00Z"),
        samples.arxiv_entry("2603.00006v1", "February thirtieth", published="2026-02-30T00:00:00Z"),
    )
    httpserver.expect_request("/api").respond_with_data(body)
    [outcome] = sync(policy=policy).sources
    ids = synced_ids(_stored())
    assert "2603.00004" in ids and "2603.00005" not in ids and "2603.00006" not in ids
    assert sum("not a real date" in w for w in outcome.warnings) == 2


def test_one_failing_source_does_not_stop_the_others(
    httpserver: HTTPServer, policy: FetchPolicy, synced: dict[str, Any]
) -> None:
    httpserver.expect_request("/api").respond_with_data(b"", status=404)
    httpserver.expect_request("/other").respond_with_data(
        samples.arxiv_feed(samples.arxiv_entry("2603.00007v1", "From the other source"))
    )
    _add("other", httpserver.url_for("/other"))
    summary = sync(policy=policy)
    assert {o.name: o.status for o in summary.sources} == {"other": "ok", "papers": "error"}
    assert summary.failed == 1
    assert "2603.00007" in synced_ids(_stored())


def test_a_paper_already_on_the_reading_list_is_completed_not_duplicated(
    httpserver: HTTPServer, policy: FetchPolicy
) -> None:
    from tracker.learning.reading_list import ReadingRecord, upsert_reading

    with db.session(write=True) as session:
        upsert_reading(
            session,
            ReadingRecord(
                title="Quantum criticality for extended nodes on a Bethe lattice "
                "in the large connectivity limit",
                status="reading",
                priority=1,
            ),
        )
    same_title_twice = samples.arxiv_feed(
        samples.arxiv_entry("2603.00010v1", "Graph transformers"),
        samples.arxiv_entry("2603.00011v1", "Graph Transformers."),  # another paper, same normalised title
    )
    httpserver.expect_oneshot_request("/api").respond_with_data(REAL_SEARCH)
    httpserver.expect_oneshot_request("/api").respond_with_data(same_title_twice)
    _add("papers", httpserver.url_for("/api"))
    [first] = sync(policy=policy).sources
    assert (first.added, first.updated) == (1, 1)
    [second] = sync(policy=policy).sources
    assert second.added + second.updated == 2
    with db.session() as session:
        readings = {r.title.lower(): r for r in list_readings(session, include_suggestions=True)}
    assert len(readings) == 3
    manual = readings[
        "quantum criticality for extended nodes on a bethe lattice in the large connectivity limit"
    ]
    assert (manual.arxiv_id, manual.status, manual.priority) == ("1111.2011", "reading", 1)


@pytest.mark.parametrize("defect", [TypeError, RecursionError, MemoryError, KeyError])
def test_a_defect_met_in_one_source_leaves_it_intact_and_the_next_source_is_still_synced(
    httpserver: HTTPServer,
    policy: FetchPolicy,
    synced: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    defect: type[BaseException],
) -> None:
    import tracker.ingest.sync as sync_module

    real_read = sync_module.read

    def read_with_a_defect(kind: str, body: bytes, *args: Any, **kwargs: Any) -> Any:
        if body.startswith(b"TRIGGER"):  # what a parser bug would meet in one source's data
            raise defect("met in the data")
        return real_read(kind, body, *args, **kwargs)

    monkeypatch.setattr(sync_module, "read", read_with_a_defect)
    httpserver.expect_request("/api").respond_with_data(b"TRIGGER " + REAL_SEARCH)
    httpserver.expect_request("/other").respond_with_data(REAL_SEARCH)
    _add("other", httpserver.url_for("/other"))
    summary = sync(["papers", "other"], policy=policy)
    assert [o.status for o in summary.sources] == ["error", "ok"]
    assert defect.__name__ in (summary.sources[0].error or "")
    assert _status("papers")[0] == "error"
    # The failed source kept its two papers; the second source's answer holds the same two.
    assert [r[:2] for r in _stored()["readings"]] == [r[:2] for r in synced["readings"]]
