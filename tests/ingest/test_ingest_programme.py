"""iCalendar programmes: the real samples with every field right, and the lenient/strict edges."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.ingest.conftest import fixture_bytes
from tracker.ingest.feeds import FeedError
from tracker.ingest.programme import parse_programme


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


def test_a_broken_property_line_skips_that_event_with_a_warning() -> None:
    programme = parse_programme(fixture_bytes("icalendar-broken_ical.ics"))
    assert programme.talks == []
    assert any("abc" in w and "DTSTART" in w for w in programme.warnings)


def test_a_floating_time_without_a_calendar_zone_is_not_guessed() -> None:
    body = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:f1\r\nSUMMARY:Floating\r\n"
        b"DTSTART:20260601T090000\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:u1\r\nSUMMARY:Keynote\r\n"
        b"DTSTART:20260601T090000Z\r\nDTEND:20260601T100000Z\r\n"
        b"ATTENDEE;CN=Ada Lovelace:mailto:ada@example.org\r\n"
        b"URL:javascript:alert(1)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    programme = parse_programme(body)
    assert [t.uid for t in programme.talks] == ["u1"]
    assert any("f1" in w and "unknown zone" in w for w in programme.warnings)
    keynote = programme.talks[0]
    assert keynote.speakers == ["Ada Lovelace"] and keynote.url is None


@pytest.mark.parametrize(
    "body", [b"", b"<html><body>Programme</body></html>", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT"]
)
def test_what_is_not_a_calendar_is_an_error(body: bytes) -> None:
    with pytest.raises(FeedError):
        parse_programme(body)
