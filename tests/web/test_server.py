"""The server over HTTP: the Host check, the headers, read-only routes and the feeds."""

from __future__ import annotations

from xml.etree import ElementTree

import httpx
import icalendar

from tests.conftest import Cli
from tracker.web.app import CSP


def test_a_foreign_host_header_is_refused(server: str) -> None:
    ok = httpx.get(server + "/")
    assert ok.status_code == 200
    rebound = httpx.get(server + "/", headers={"Host": "attacker.example:8765"})
    assert rebound.status_code == 400
    assert "attacker" not in rebound.text
    assert httpx.get(server + "/calendar/mine.ics", headers={"Host": "attacker.example"}).status_code == 400


def test_pages_send_a_restrictive_policy_and_accept_no_writes(server: str) -> None:
    page = httpx.get(server + "/conf/neurips2026")
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert page.headers["x-content-type-options"] == "nosniff"
    for path in ("/", "/mine", "/calendar/deadlines.ics"):
        assert httpx.post(server + path, data={"x": "1"}).status_code == 405


def test_a_bad_filter_is_said_in_the_page(server: str) -> None:
    page = httpx.get(server + "/", params={"rank": "core:Z"})
    assert page.status_code == 400
    assert "--rank: core has no rank" in page.text
    assert httpx.get(server + "/conf/nosuchconference1999").status_code == 404


def _events(data: bytes) -> list[icalendar.cal.Component]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_the_deadlines_feed_parses_and_keeps_the_pages_filters(server: str) -> None:
    every = _events(httpx.get(server + "/calendar/deadlines.ics").content)
    reply = httpx.get(server + "/calendar/deadlines.ics", params={"rank": "core:A*", "type": "paper"})
    assert reply.headers["content-type"].startswith("text/calendar")
    chosen = _events(reply.content)
    assert chosen and len(chosen) < len(every)
    assert all(": paper deadline" in str(e["summary"]) for e in chosen)
    assert {str(e["uid"]) for e in chosen} < {str(e["uid"]) for e in every}
    from tracker import db
    from tracker.models.catalog import Edition, QualitySignal

    with db.session() as session:
        star = {
            key
            for key, value in session.query(Edition.key, QualitySignal.value)
            .join(QualitySignal, QualitySignal.series_id == Edition.series_id)
            .filter(QualitySignal.source == "core")
            if value == "A*"
        }
        keys = {key for (key,) in session.query(Edition.key)}

    def edition(uid: str) -> str:
        return next(k for k in keys if uid.startswith(f"deadline-{k}-paper-"))

    assert {edition(str(e["uid"])) for e in chosen} <= star
    assert "neurips2026" in {edition(str(e["uid"])) for e in chosen}
    assert httpx.get(server + "/calendar/deadlines.ics", params={"region": "Atlantis"}).status_code == 400


def test_my_calendar_is_served_without_remembering_anything(server: str, cli: Cli) -> None:
    assert cli("status", "neurips2026", "planning").code == 0
    from tracker import db
    from tracker.models.personal import FeedEvent

    first = _events(httpx.get(server + "/calendar/mine.ics").content)
    assert any("NeurIPS 2026" in str(e["summary"]) for e in first)
    with db.session() as session:
        assert session.query(FeedEvent).count() == 0  # a GET changed nothing


def test_the_changes_feed_is_atom(server: str) -> None:
    reply = httpx.get(server + "/changes.atom")
    root = ElementTree.fromstring(reply.content)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
