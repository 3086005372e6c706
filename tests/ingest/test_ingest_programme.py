"""iCalendar programmes: one reader for ``talks import`` and ``tracker sync``.

The real samples with every field right; the strict edges (an event without a start or a
summary, an unknown TZID, a floating time with no zone) reported by event and field and
skipped; and both ways in storing the same talks for every programme fixture.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select

from tests.ingest.conftest import fixture_bytes
from tracker import db
from tracker.errors import Invalid
from tracker.learning.programme_ics import parse_programme
from tracker.models.catalog import Edition, Series
from tracker.models.learning import Talk

PROGRAMMES = sorted((Path(__file__).parents[1]).glob("**/fixtures/**/*.ics"))


def _calendar(*events: str, head: str = "") -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e}END:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n{head}{body}END:VCALENDAR\r\n".encode()


def test_the_real_all_day_calendar_parses_every_event() -> None:
    programme = parse_programme(fixture_bytes("icalendar-example.ics"))
    assert programme.name == "Holidays" and programme.warnings == []
    talks = {t.uid: t for t in programme.talks}
    assert len(talks) == 3
    new_year = talks["636a0cc1dbd5a1667894465@icalendar"]
    assert new_year.title == "New Year's Day"
    assert new_year.abstract == "Happy New Year!"
    assert new_year.all_day is True
    assert new_year.starts_at == datetime(2022, 1, 1, tzinfo=UTC)
    # DTEND equal to DTSTART on a date (non-conformant) is read as that one day.
    assert new_year.ends_at == datetime(2022, 1, 2, tzinfo=UTC)
    assert new_year.timezone == "Etc/GMT"
    christmas = talks["636a0cc1dbfd91667894465@icalendar"]
    assert (christmas.title, christmas.location) == ("Orthodox Christmas", "Russia")  # no DTSTAMP: still read
    assert christmas.starts_at == datetime(2022, 1, 7, tzinfo=UTC)
    womens_day = talks["636a0cc1dc0f11667894465@icalendar"]
    assert womens_day.abstract == "May the feminine be honoured!"
    assert womens_day.starts_at == datetime(2022, 3, 8, tzinfo=UTC)


def test_a_custom_vtimezone_gives_the_right_utc_instants() -> None:
    [talk] = parse_programme(fixture_bytes("icalendar-america_new_york.ics")).talks
    assert talk.uid == "noend123" and talk.title == "an event with a custom tz name"
    # 08:00 and 10:00 in New York on 29 August 2014 (EDT, UTC-4).
    assert talk.starts_at == datetime(2014, 8, 29, 12, 0, tzinfo=UTC)
    assert talk.ends_at == datetime(2014, 8, 29, 14, 0, tzinfo=UTC)
    assert talk.timezone == "custom_America/New_York"
    assert talk.all_day is False


def test_a_broken_start_line_skips_that_event_naming_event_and_field() -> None:
    programme = parse_programme(fixture_bytes("icalendar-broken_ical.ics"))
    assert programme.talks == []
    label = "event abc (An Event with too many semicolons)"
    assert f"{label}: DTSTART: missing or unreadable; skipped" in programme.warnings
    assert any(w.startswith(f"{label}: (line): ") and "DTSTART;;" in w for w in programme.warnings)
    assert len(programme.warnings) == 2


def test_an_event_without_a_start_or_a_summary_is_reported_and_skipped_the_rest_stored() -> None:
    body = _calendar(
        "UID:no-start\r\nSUMMARY:Keynote\r\n",
        "UID:no-title\r\nDTSTART:20260601T090000Z\r\n",
        "UID:ok\r\nSUMMARY:Poster session\r\nDTSTART:20260601T100000Z\r\nDTEND:20260601T090000Z\r\n",
        "UID:fine\r\nSUMMARY:Tutorial\r\nDTSTART:20260601T110000Z\r\n",
        "UID:fine\r\nSUMMARY:Tutorial again\r\nDTSTART:20260601T120000Z\r\n",
    )
    programme = parse_programme(body)
    assert [t.uid for t in programme.talks] == ["fine"]
    assert programme.warnings == [
        "event no-start (Keynote): DTSTART: missing or unreadable; skipped",
        "event no-title (untitled): SUMMARY: missing; skipped",
        "event ok (Poster session): DTEND: before DTSTART; skipped",
        "event fine (Tutorial again): UID: appears twice; kept the first; skipped",
    ]


def test_an_unknown_tzid_is_an_error_for_that_event_even_when_the_calendar_names_a_zone() -> None:
    body = _calendar(
        "UID:mars\r\nSUMMARY:On Mars\r\nDTSTART;TZID=Mars/Olympus:20260601T090000\r\n",
        "UID:end\r\nSUMMARY:Ends on Mars\r\nDTSTART:20260601T090000Z\r\n"
        "DTEND;TZID=Mars/Olympus:20260601T100000\r\n",
        "UID:vienna\r\nSUMMARY:In Vienna\r\nDTSTART;TZID=Europe/Vienna:20260601T090000\r\n",
        head="X-WR-TIMEZONE:Europe/Lisbon\r\n",
    )
    programme = parse_programme(body)
    [vienna] = programme.talks
    assert vienna.starts_at == datetime(2026, 6, 1, 7, 0, tzinfo=UTC) and vienna.timezone == "Europe/Vienna"
    assert programme.warnings == [
        "event mars (On Mars): DTSTART: unknown TZID 'Mars/Olympus'; skipped",
        "event end (Ends on Mars): DTEND: unknown TZID 'Mars/Olympus'; skipped",
    ]


def test_a_floating_time_is_read_in_the_zone_given_and_never_guessed() -> None:
    body = _calendar(
        "UID:f1\r\nSUMMARY:Floating\r\nDTSTART:20260601T090000\r\n",
        "UID:u1\r\nSUMMARY:Keynote\r\nDTSTART:20260601T090000Z\r\nDTEND:20260601T100000Z\r\n"
        "ATTENDEE;CN=Ada Lovelace:mailto:ada@example.org\r\nURL:javascript:alert(1)\r\n",
    )
    programme = parse_programme(body)
    assert [t.uid for t in programme.talks] == ["u1"]
    assert programme.warnings == [
        "event f1 (Floating): DTSTART: floating time and the calendar names no zone; skipped"
    ]
    keynote = programme.talks[0]
    assert keynote.speakers == ["Ada Lovelace"] and keynote.url is None
    # The caller's zone (talks import --tz) places it.
    floating = parse_programme(body, default_zone="Asia/Tokyo").talks[0]
    assert floating.starts_at == datetime(2026, 6, 1, 0, 0, tzinfo=UTC) and floating.timezone == "Asia/Tokyo"
    with pytest.raises(Invalid, match="Mars/Olympus"):
        parse_programme(body, default_zone="Mars/Olympus")


@pytest.mark.parametrize(
    "body", [b"", b"<html><body>Programme</body></html>", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT"]
)
def test_what_is_not_a_calendar_is_an_error(body: bytes) -> None:
    with pytest.raises(Invalid):
        parse_programme(body)


# --- both ways in store the same talks ------------------------------------------------------


def _edition(key: str, acronym: str, year: int) -> None:
    with db.session(write=True) as session:
        series = Series(key=key, acronym=acronym, name=acronym, kind="conference")
        session.add(series)
        session.flush()
        session.add(
            Edition(series_id=series.id, year=year, key=f"{key}{year}", kind="conference",
                    title=f"{acronym} {year}", start_date=date(year, 7, 1), end_date=date(year, 7, 5))
        )  # fmt: skip


def _stored(edition_key: str) -> list[tuple[Any, ...]]:
    with db.session() as session:
        talks = session.scalars(select(Talk).join(Edition).where(Edition.key == edition_key)).all()
        return sorted(
            (t.title, tuple(t.speakers), t.abstract, t.session, t.starts_at, t.ends_at, t.timezone, t.url,
             tuple(sorted((x.topic, x.source) for x in t.topics)))
            for t in talks
        )  # fmt: skip


def test_the_programme_fixtures_are_found() -> None:
    assert {p.name for p in PROGRAMMES} >= {
        "icalendar-example.ics", "icalendar-america_new_york.ics", "icalendar-broken_ical.ics",
    }  # fmt: skip


@pytest.mark.parametrize("programme", PROGRAMMES, ids=lambda p: p.name)
def test_talks_import_and_sync_store_the_same_talks(
    cli: Any, httpserver: HTTPServer, programme: Path
) -> None:
    _edition("viaimport", "VIAIMPORT", 2026)
    _edition("viasync", "VIASYNC", 2026)
    imported = cli("talks", "import", str(programme), "--edition", "viaimport2026", "--json")
    assert imported.code == 0, imported.err
    httpserver.expect_request("/programme.ics").respond_with_data(
        programme.read_bytes(), headers={"Content-Type": "text/calendar"}
    )
    url = httpserver.url_for("/programme.ics")
    assert cli("sources", "add", "prog", url, "--kind", "ics", "--edition", "viasync2026").code == 0
    [synced] = json.loads(cli("sync", "--json").out)["sources"]
    assert synced["status"] in ("ok", "warning"), synced
    by_import, by_sync = _stored("viaimport2026"), _stored("viasync2026")
    assert by_import == by_sync
    assert len(by_import) == json.loads(imported.out)["created"] == synced["added"]
    # The same events are skipped for the same reasons (the file's name prefixes the import's).
    warnings = [w.removeprefix(f"{programme.name}: ") for w in json.loads(imported.out)["warnings"]]
    assert warnings == synced["warnings"]
