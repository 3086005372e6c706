"""Deadlines as sources write them -> UTC instants (the time-zone table of issue 2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.catalog.timezones import localize, parse_local, parse_zone, to_utc
from tracker.errors import Invalid


@pytest.mark.parametrize(
    ("local", "zone", "expected_utc"),
    [
        # AoE is UTC-12: a day ends there last.
        ("2026-05-06 23:59:59", "AoE", "2026-05-07 11:59:59"),
        ("2026-05-06 23:59:59", "aoe ", "2026-05-07 11:59:59"),
        ("2026-05-06 23:59:59", "UTC-12", "2026-05-07 11:59:59"),
        ("2024-06-15 23:59", "UTC-12", "2024-06-16 11:59:00"),
        ("2025-01-10 08:00:00", "UTC+8", "2025-01-10 00:00:00"),
        ("2025-01-10 08:00:00", "UTC+08", "2025-01-10 00:00:00"),
        ("2025-01-10 08:00:00", "UTC+5:30", "2025-01-10 02:30:00"),
        ("2025-01-10 08:00:00", "GMT-7", "2025-01-10 15:00:00"),
        # "GMT+8" means eight hours ahead, as people write it (not POSIX's reversed sign).
        ("2025-01-10 08:00:00", "GMT+8", "2025-01-10 00:00:00"),
        # ... while the IANA name Etc/GMT+12 keeps its own (reversed) meaning = AoE.
        ("2026-05-06 23:59:59", "Etc/GMT+12", "2026-05-07 11:59:59"),
        ("2025-01-10 08:00:00", "UTC", "2025-01-10 08:00:00"),
        ("2025-01-10 08:00:00", "Z", "2025-01-10 08:00:00"),
        ("2025-01-10 08:00:00", "UTC+0", "2025-01-10 08:00:00"),
        # America/Los_Angeles across daylight saving: -8 in winter, -7 in summer.
        ("2025-01-15 23:59:59", "America/Los_Angeles", "2025-01-16 07:59:59"),
        ("2025-07-15 23:59:59", "America/Los_Angeles", "2025-07-16 06:59:59"),
        # The day the clocks change (2025-03-09 02:00 PST -> 03:00 PDT).
        ("2025-03-09 01:30:00", "America/Los_Angeles", "2025-03-09 09:30:00"),
        ("2025-03-09 03:30:00", "America/Los_Angeles", "2025-03-09 10:30:00"),
        # PT is generic Pacific time (follows DST); PST/PDT are taken literally.
        ("2025-01-15 12:00:00", "PT", "2025-01-15 20:00:00"),
        ("2025-07-15 12:00:00", "PT", "2025-07-15 19:00:00"),
        ("2025-07-15 12:00:00", "PST", "2025-07-15 20:00:00"),
        ("2025-01-15 12:00:00", "PDT", "2025-01-15 19:00:00"),
        ("2025-01-15 12:00:00", "CET", "2025-01-15 11:00:00"),
        ("2025-07-15 12:00:00", "ET", "2025-07-15 16:00:00"),
        # A bare date means the end of that day.
        ("2025-05-06", "AoE", "2025-05-07 11:59:59"),
    ],
)
def test_local_time_in_zone_becomes_the_right_utc_instant(local: str, zone: str, expected_utc: str) -> None:
    got = to_utc(local, zone)
    offset = got.utcoffset()
    assert got.tzinfo is not None and offset is not None and offset.total_seconds() == 0
    assert got == datetime.fromisoformat(expected_utc).replace(tzinfo=UTC)


def test_localize_keeps_the_original_text_and_zone() -> None:
    instant = localize("2026-05-06 23:59", " AoE ")
    assert instant.local_text == "2026-05-06 23:59:00"
    assert instant.zone == "AoE"
    assert instant.utc.isoformat() == "2026-05-07T11:59:00+00:00"


@pytest.mark.parametrize("zone", ["Mars/Olympus", "XYZ", "UTC+99", "", "America/Los_Angles"])
def test_unknown_zone_is_an_error_not_a_silent_drop(zone: str) -> None:
    with pytest.raises(Invalid, match="time zone"):
        parse_zone(zone)


def test_misspelt_zone_gets_a_suggestion() -> None:
    with pytest.raises(Invalid) as info:
        parse_zone("America/Los_Angles")
    assert "America/Los_Angeles" in info.value.suggestions


@pytest.mark.parametrize("text", ["2025-13-01 10:00:00", "2025-02-30", "2025-02-30 12:00", "next friday", ""])
def test_impossible_or_unreadable_dates_are_rejected(text: str) -> None:
    with pytest.raises(Invalid):
        parse_local(text)


@settings(max_examples=200, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31)),
    hours=st.integers(min_value=-12, max_value=14),
    minutes=st.sampled_from([0, 30, 45]),
)
def test_a_fixed_offset_moves_the_instant_by_exactly_that_offset(
    moment: datetime, hours: int, minutes: int
) -> None:
    moment = moment.replace(microsecond=0)
    sign = "-" if hours < 0 else "+"
    zone = f"UTC{sign}{abs(hours)}:{minutes:02d}"
    offset = timedelta(hours=abs(hours), minutes=minutes) * (-1 if hours < 0 else 1)
    instant = localize(moment.strftime("%Y-%m-%d %H:%M:%S"), zone)
    assert instant.utc == (moment - offset).replace(tzinfo=UTC)
    assert instant.local_text == moment.strftime("%Y-%m-%d %H:%M:%S")


@settings(max_examples=200, deadline=None)
@given(moment=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31)))
def test_an_iana_zone_reads_back_to_the_same_wall_clock(moment: datetime) -> None:
    from zoneinfo import ZoneInfo

    moment = moment.replace(microsecond=0)
    utc = to_utc(moment.strftime("%Y-%m-%d %H:%M:%S"), "America/Los_Angeles")
    back = utc.astimezone(ZoneInfo("America/Los_Angeles")).replace(tzinfo=None)
    # Equal, except for a wall time inside the spring-forward gap, which does not exist.
    assert back == moment or abs((back - moment).total_seconds()) == 3600
