"""The commands: sources add/list/rm, sync with its summary, changes -- and the change log itself.

Catalog files go through the catalog's own importer; a deadline that moves between two syncs
shows up in ``tracker changes``. WikiCFP calls link workshops to their host conference; iCalendar
programmes become talks of their edition.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select

from tests.ingest import samples
from tests.ingest.conftest import fixture_bytes
from tracker import db
from tracker.ingest.http import FetchPolicy
from tracker.models.catalog import Edition, EditionSource, Series

PWC_HEADERS = {"Content-Type": "text/yaml; charset=utf-8"}


def pwc_file(
    deadline: str, *, start: str = "2026-12-07", end: str = "2026-12-12", place: str = "Sydney, Australia"
) -> bytes:
    return f"""- title: NeurIPS
  year: 2026
  id: neurips26
  full_name: Conference on Neural Information Processing Systems
  link: https://neurips.cc/Conferences/2026
  deadline: '{deadline}'
  abstract_deadline: '2026-05-08 23:59:59'
  timezone: AoE
  place: {place}
  date: December 7-12, 2026
  start: {start}
  end: {end}
  sub: ML
""".encode()


@pytest.fixture(autouse=True)
def fast_sync(monkeypatch: pytest.MonkeyPatch, policy: FetchPolicy) -> None:
    """The CLI's sync uses the default (patient) policy; tests use the fast one."""
    import tracker.ingest.sync as sync_module

    monkeypatch.setattr(sync_module, "DEFAULT_POLICY", policy)
    original = sync_module.sync

    def fast(*args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("policy", policy)
        return original(*args, **kwargs)

    monkeypatch.setattr(sync_module, "sync", fast)


def test_sources_add_list_rm(cli: Any, httpserver: HTTPServer) -> None:
    url = httpserver.url_for("/api")
    assert cli("sources", "add", "papers", url, "--kind", "arxiv").code == 0
    listed = json.loads(cli("sources", "list", "--json").out)
    assert [(s["name"], s["kind"], s["url"], s["last_status"]) for s in listed] == [
        ("papers", "arxiv", url, None)
    ]
    assert "papers" in cli("sources", "list").out
    again = cli("sources", "add", "papers", url, "--kind", "arxiv")
    assert again.code == 1 and "exists" in again.err
    assert cli("sources", "rm", "papers").code == 0
    assert json.loads(cli("sources", "list", "--json").out) == []
    missing = cli("sources", "rm", "papers")
    assert missing.code == 2 and missing.err.startswith("tracker: error:")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("sources", "add", "x", "http://127.0.0.1/", "--kind", "rss"), "unknown source kind"),
        (("sources", "add", "x", "file:///etc/passwd", "--kind", "feed"), "only http"),
        (("sources", "add", "Bad Name!", "http://127.0.0.1/", "--kind", "feed"), "source name"),
        (("sources", "add", "x", "http://127.0.0.1/", "--kind", "ics"), "needs --edition"),
        (("changes", "--since", "last week"), "not a date"),
        (("sources", "add", "x", "javascript:alert(1)", "--kind", "feed"), "only http"),
        (("sources", "add", "x", "ftp://ftp.example.org/feed.xml", "--kind", "feed"), "only http"),
        (("sources", "add", "x", "http://example.org/my feed.xml", "--kind", "feed"), "spaces"),
        (("sources", "add", "x", "http://example.org/\nfeed.xml", "--kind", "feed"), "line breaks"),
        (("sources", "add", "x", "http://example.org/\x00", "--kind", "feed"), "NUL character"),
        (("sources", "add", "x", "http://example.org:99999/feed", "--kind", "feed"), "Port out of range"),
        (("sources", "add", "x", "http://example.org:0/feed", "--kind", "feed"), "port 0"),
        (("sources", "add", "x", "http://example.org:http/feed", "--kind", "feed"), "not a valid URL"),
        (("sources", "add", "x", "http:///feed.xml", "--kind", "feed"), "no host"),
        (("sources", "add", "x", "https://[::1/feed", "--kind", "feed"), "not a valid URL"),
        (("sources", "add", "x", "", "--kind", "feed"), "empty"),
        (("sources", "add", "x", "", "--kind", "arxiv"), "empty"),
        (("sources", "add", "x", "cat:cs.CL\nAND x", "--kind", "arxiv"), "line breaks"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(cli: Any, args: tuple[str, ...], message: str) -> None:
    result = cli(*args)
    assert result.code == 2
    assert message in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    if args[:2] == ("sources", "add"):
        assert json.loads(cli("sources", "list", "--json").out) == []


def test_a_pasted_url_keeps_working_without_its_surrounding_whitespace(cli: Any) -> None:
    assert cli("sources", "add", "x", "  https://example.org/feed.xml\n", "--kind", "feed").code == 0
    [source] = json.loads(cli("sources", "list", "--json").out)
    assert source["url"] == "https://example.org/feed.xml"


def test_sync_prints_a_summary_and_json(cli: Any, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api").respond_with_data(
        fixture_bytes("arxiv-api-search-multi-entry.atom.xml"), headers={"ETag": '"e1"'}
    )
    cli("sources", "add", "papers", httpserver.url_for("/api"), "--kind", "arxiv")
    first = cli("sync")
    assert first.code == 0 and "papers" in first.out
    second = json.loads(cli("sync", "papers", "--json").out)
    [outcome] = second["sources"]
    assert (outcome["name"], outcome["status"], outcome["added"], outcome["unchanged"]) == (
        "papers",
        "ok",
        0,
        2,
    )
    changes = json.loads(cli("changes", "--json").out)
    # One line per run for new papers (the log is read by people), naming a few of them.
    [change] = changes
    assert (change["kind"], change["subject"], change["to_value"]) == ("new_reading", "papers", "2 new")
    assert "Quantum Criticality for Extended Nodes" in change["detail"]


def test_a_failing_sync_exits_1_and_says_why(cli: Any, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api").respond_with_data(b"<html><body>maintenance</body></html>")
    cli("sources", "add", "papers", httpserver.url_for("/api"), "--kind", "arxiv")
    result = cli("sync", "--json")
    assert result.code == 1
    [outcome] = json.loads(result.out)["sources"]
    assert outcome["status"] == "error" and "HTML page" in outcome["error"]
    assert cli("sync", "nosuch").code == 2


def test_a_moved_deadline_between_two_syncs_appears_in_changes(
    cli: Any, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_oneshot_request("/conferences.yml").respond_with_data(
        pwc_file("2026-05-15 23:59:59"), headers=PWC_HEADERS
    )
    cli("sources", "add", "pwc", httpserver.url_for("/conferences.yml"), "--kind", "pwc")
    first = cli("sync", "--json")
    assert first.code == 0, first.out + first.err
    assert json.loads(first.out)["sources"][0]["added"] >= 1
    assert [c["kind"] for c in json.loads(cli("changes", "--json").out)] == ["new_edition"]

    # A day later the source moves the paper deadline by a week and the venue changes.
    monkeypatch.setenv("TRACKER_NOW", "2026-03-02T12:00:00Z")
    httpserver.expect_oneshot_request("/conferences.yml").respond_with_data(
        pwc_file("2026-05-22 23:59:59", place="Melbourne, Australia"), headers=PWC_HEADERS
    )
    second = cli("sync", "--json")
    assert second.code == 0, second.out + second.err
    changes = json.loads(cli("changes", "--since", "2026-03-02", "--json").out)
    moved = [c for c in changes if c["kind"] == "deadline_moved"]
    assert len(moved) == 1
    assert moved[0]["subject"] == "neurips2026"
    # 23:59:59 AoE (UTC-12) is 11:59:59 UTC the next day.
    assert (moved[0]["from_value"], moved[0]["to_value"]) == ("2026-05-16T11:59:59Z", "2026-05-23T11:59:59Z")
    assert "later" in moved[0]["detail"]
    assert any(c["kind"] == "venue_changed" and "Melbourne" in (c["to_value"] or "") for c in changes)
    table = cli("changes", "--since", "2026-03-02")
    assert "neurips2026" in table.out and "deadline moved" in table.out
    # The first sync's change is older than --since.
    assert all(c["kind"] != "new_edition" for c in changes)


def test_a_postponement_is_recorded(cli: Any, httpserver: HTTPServer) -> None:
    httpserver.expect_oneshot_request("/c.yml").respond_with_data(pwc_file("2026-05-15 23:59:59"))
    httpserver.expect_oneshot_request("/c.yml").respond_with_data(
        pwc_file("2026-05-15 23:59:59", start="2026-12-14", end="2026-12-19")
    )
    cli("sources", "add", "pwc", httpserver.url_for("/c.yml"), "--kind", "pwc")
    cli("sync")
    cli("sync")
    changes = json.loads(cli("changes", "--json").out)
    [postponed] = [c for c in changes if c["kind"] == "postponed"]
    assert postponed["from_value"] == "2026-12-07..2026-12-12"
    assert postponed["to_value"] == "2026-12-14..2026-12-19"


def test_a_catalog_url_that_serves_html_stores_nothing(cli: Any, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/c.yml").respond_with_data(b"<!DOCTYPE html><html>moved</html>")
    cli("sources", "add", "pwc", httpserver.url_for("/c.yml"), "--kind", "pwc")
    result = cli("sync", "--json")
    assert result.code == 1 and "HTML" in json.loads(result.out)["sources"][0]["error"]
    with db.session() as session:
        assert session.scalars(select(Edition)).all() == []


def _conference(key: str, acronym: str, year: int) -> None:
    with db.session(write=True) as session:
        series = Series(key=key, acronym=acronym, name=acronym, kind="conference")
        session.add(series)
        session.flush()
        edition = Edition(
            series_id=series.id,
            year=year,
            key=f"{key}{year}",
            kind="conference",
            title=f"{acronym} {year}",
            start_date=date(year, 7, 1),
            end_date=date(year, 7, 5),
        )
        session.add(edition)


WIKICFP = samples.rss(
    samples.item(
        "cfp-1-S@wikicfp.com", "LoResMT@ACL 2026 : Workshop on Low-Resource Machine Translation",
        description="Workshop on Low-Resource MT [Vienna, Austria] [Jul 3, 2026 - Jul 3, 2026]",
        link="http://www.wikicfp.com/cfp/servlet/event.showcfp?eventid=1",
    )
    + samples.item(
        "cfp-2-S@wikicfp.com", "ACL 2026 : Annual Meeting of the Association for Computational Linguistics",
        description="Annual Meeting [Vienna, Austria] [Jul 1, 2026 - Jul 5, 2026]",
        link="http://www.wikicfp.com/cfp/servlet/event.showcfp?eventid=2",
    )
    + samples.item(
        "cfp-3-S@wikicfp.com", "EDTECH 2026 : 7th International Conference on Education Technology",
        description="7th International Conference [Nowhere] [Feb 30, 2026 - Mar 2, 2026]",
    )
)  # fmt: skip


def test_wikicfp_calls_link_workshops_to_their_host(cli: Any, httpserver: HTTPServer) -> None:
    _conference("acl", "ACL", 2026)
    httpserver.expect_request("/rss").respond_with_data(WIKICFP, headers=samples.RSS_HEADERS)
    cli("sources", "add", "cfps", httpserver.url_for("/rss"), "--kind", "wikicfp")
    result = cli("sync", "--json")
    [outcome] = json.loads(result.out)["sources"]
    assert outcome["status"] == "warning" and outcome["added"] == 1 and outcome["updated"] == 1
    assert any("cfp-3" in w and "not real dates" in w for w in outcome["warnings"])
    with db.session() as session:
        workshop = session.scalars(select(Edition).where(Edition.key == "loresmtacl2026")).one()
        assert workshop.kind == "workshop"
        assert workshop.parent is not None and workshop.parent.key == "acl2026"
        assert (workshop.start_date, workshop.city, workshop.country) == (date(2026, 7, 3), "Vienna", "AT")
        assert session.get(EditionSource, (workshop.parent.id, "wikicfp")) is not None
    kinds = {(c["kind"], c["subject"]) for c in json.loads(cli("changes", "--json").out)}
    assert {("new_cfp", "acl2026"), ("new_cfp", "loresmtacl2026"), ("new_edition", "loresmtacl2026")} <= kinds
    # The same feed again: nothing new, no new changes (duplicates across runs).
    again = json.loads(cli("sync", "--json").out)["sources"][0]
    assert (again["added"], again["updated"], again["unchanged"], again["changes"]) == (0, 0, 2, 0)


def test_an_ics_programme_becomes_talks_of_its_edition(cli: Any, httpserver: HTTPServer) -> None:
    _conference("acl", "ACL", 2026)
    httpserver.expect_request("/programme.ics").respond_with_data(
        fixture_bytes("icalendar-america_new_york.ics"), headers={"Content-Type": "text/calendar"}
    )
    add = cli("sources", "add", "acl-programme", httpserver.url_for("/programme.ics"), "--kind", "ics",
              "--edition", "ACL 2026")  # fmt: skip
    assert add.code == 0, add.err
    [outcome] = json.loads(cli("sync", "--json").out)["sources"]
    assert (outcome["status"], outcome["added"]) == ("ok", 1)
    from tracker.models.learning import Talk

    with db.session() as session:
        [talk] = session.scalars(select(Talk)).all()
        assert talk.title == "an event with a custom tz name"
        assert talk.starts_at is not None and talk.starts_at.isoformat() == "2014-08-29T12:00:00+00:00"
        assert talk.timezone == "custom_America/New_York"
        assert talk.edition.key == "acl2026"


HOSTILE_FEED = samples.rss(
    samples.item(
        "p1", "&lt;script&gt;alert(1)&lt;/script&gt;Neural machine translation &lt;b&gt;revisited&lt;/b&gt;",
        description="<![CDATA[<p>We study <script>steal()</script>translation.</p>]]>",
        link="javascript:alert(document.cookie)", date="Mon, 02 Feb 2026 10:00:00 GMT",
    )
    + samples.item("p2", "Robot grasping with tactile sensing", link="https://example.org/p2")
)  # fmt: skip


def test_a_generic_feed_becomes_clean_readings(cli: Any, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed").respond_with_data(HOSTILE_FEED, headers=samples.RSS_HEADERS)
    cli("sources", "add", "blog", httpserver.url_for("/feed"), "--kind", "feed")
    [outcome] = json.loads(cli("sync", "--json").out)["sources"]
    assert (outcome["status"], outcome["added"]) == ("ok", 2)
    readings = {r["title"]: r for r in json.loads(cli("reading-list", "list", "--json").out)}
    assert set(readings) == {"Neural machine translation revisited", "Robot grasping with tactile sensing"}
    nmt = readings["Neural machine translation revisited"]
    assert nmt["url"] is None and nmt["year"] == 2026  # the javascript: link was dropped
    assert readings["Robot grasping with tactile sensing"]["url"] == "https://example.org/p2"


def test_a_feed_with_an_edition_becomes_talks(cli: Any, httpserver: HTTPServer) -> None:
    _conference("acl", "ACL", 2026)
    httpserver.expect_request("/feed").respond_with_data(HOSTILE_FEED, headers=samples.RSS_HEADERS)
    cli("sources", "add", "acl-talks", httpserver.url_for("/feed"), "--kind", "feed", "--edition", "acl2026")
    [outcome] = json.loads(cli("sync", "--json").out)["sources"]
    assert (outcome["status"], outcome["added"]) == ("ok", 2)
    from tracker.models.learning import Talk

    with db.session() as session:
        talks = {t.title: t for t in session.scalars(select(Talk))}
        assert set(talks) == {"Neural machine translation revisited", "Robot grasping with tactile sensing"}
        assert talks["Neural machine translation revisited"].abstract == "We study translation."
        assert all(t.edition.key == "acl2026" for t in talks.values())


def test_an_arxiv_source_can_be_given_as_a_query(cli: Any) -> None:
    from urllib.parse import parse_qs, urlsplit

    assert cli("sources", "add", "cl", "cat:cs.CL AND all:translation", "--kind", "arxiv").code == 0
    [source] = json.loads(cli("sources", "list", "--json").out)
    parts = urlsplit(source["url"])
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "export.arxiv.org", "/api/query")
    assert parse_qs(parts.query)["search_query"] == ["cat:cs.CL AND all:translation"]
    assert parse_qs(parts.query)["sortBy"] == ["submittedDate"]


def test_sync_with_no_sources_says_how_to_add_one(cli: Any) -> None:
    result = cli("sync")
    assert result.code == 0 and result.out == ""
    assert result.err.strip() == "No sources yet. Add one: tracker sources add --help"
    assert json.loads(cli("sync", "--json").out)["sources"] == []
    # With every source off, the hint names one to turn on, and works typed as printed.
    assert cli("sources", "add", "blog", "https://example.org/feed.xml", "--kind", "feed").code == 0
    assert cli("sources", "disable", "blog").code == 0
    off = cli("sync")
    assert off.code == 0 and off.err.strip().endswith("Turn one on: tracker sources enable blog"), off.err
    assert cli("sources", "enable", "blog").code == 0
