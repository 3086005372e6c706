"""``tracker calendar feed``: one iCalendar file of my things, read back with the icalendar library."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest

from tests.conftest import Cli
from tracker import db
from tracker.models.catalog import Deadline, Edition


def _feed(cli: Cli, path: Path, *args: str) -> dict[str, Any]:
    """The feed's events by UID, after writing it again."""
    result = cli("calendar", "feed", "--out", str(path), *args)
    assert result.code == 0, result.err
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    head = path.read_text().split("BEGIN:VEVENT")[0].splitlines()
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in head and "X-PUBLISHED-TTL:PT6H" in head
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def mine(cli: Cli, catalog: Any, tmp_path: Path) -> Path:
    """I plan to go to zzicml2026 and submit to zzcvpr2026 (estimated); zzacl2026 I only like."""
    for key, status in (("zzicml2026", "planning"), ("zzcvpr2026", "submitted"), ("zzacl2026", "interested")):
        assert cli("status", key, status).code == 0
    added = json.loads(cli("talks", "add", "zzicml2026", "Recurrent networks", "--start",
                           "2026-07-07 10:00", "--end", "2026-07-07 10:30", "--tz", "Asia/Seoul",
                           "--json").out)  # fmt: skip
    assert cli("agenda", "add", "zzicml2026", str(added["talk"]["id"])).code == 0
    assert cli("talks", "add", "zzicml2026", "A talk I did not pick", "--start", "2026-07-07 11:00",
               "--tz", "Asia/Seoul").code == 0  # fmt: skip
    assert cli("plan", "add", "zzicml2026", "Book the flight", "--due", "2026-05-01").code == 0
    assert cli("contacts", "add", "Ada Lovelace").code == 0
    assert (
        cli("contacts", "follow-up", "Ada Lovelace", "--on", "2026-07-20", "--what", "send the paper").code
        == 0
    )
    return tmp_path / "mine.ics"


def test_the_feed_holds_only_my_things_titled_with_acronym_and_year(cli: Cli, mine: Path) -> None:
    events = _feed(cli, mine)
    summaries = sorted(str(e["SUMMARY"]) for e in events.values())
    assert summaries == [
        "Follow up: Ada Lovelace",
        "ZZCVPR 2026 (estimated)",
        "ZZCVPR 2026: paper deadline (estimated)",
        "ZZICML 2026",
        "ZZICML 2026: Book the flight",
        "ZZICML 2026: Recurrent networks",
        "ZZICML 2026: paper deadline",
    ]  # zzacl2026 (only "interested"), the unpicked talk and every other edition are left out
    talk = events["talk-zzicml2026-1@tracker.local"]
    assert talk.decoded("DTSTART") == datetime(2026, 7, 7, 1, 0, tzinfo=UTC)  # in UTC
    assert talk.decoded("DTEND") == datetime(2026, 7, 7, 1, 30, tzinfo=UTC)
    icml = events["edition-zzicml2026@tracker.local"]
    assert str(icml["LOCATION"]) == "Seoul, South Korea"
    deadline = events["deadline-zzicml2026-paper-0@tracker.local"]
    assert deadline.decoded("DTSTART") == datetime(2026, 1, 29, 11, 59, 59, tzinfo=UTC)
    timed = [line for line in mine.read_text().splitlines() if line.startswith(("DTSTART:", "DTEND:"))]
    assert timed and all(line.endswith("Z") for line in timed)  # every time in UTC, no TZID
    assert oct(mine.stat().st_mode & 0o777) == "0o600"
    # --no-estimates leaves the estimated edition and its deadline out.
    without = _feed(cli, mine, "--no-estimates")
    assert "ZZCVPR" not in " ".join(str(e["SUMMARY"]) for e in without.values())
    assert len(without) == len(events) - 2


def test_uids_and_sequence_stay_on_a_rewrite_and_sequence_bumps_when_a_deadline_moves(
    cli: Cli, mine: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _feed(cli, mine)
    again = _feed(cli, mine)
    assert set(again) == set(first)
    assert all(int(e["SEQUENCE"]) == 0 for e in again.values())
    uid = "deadline-zzicml2026-paper-0@tracker.local"
    assert again[uid].decoded("LAST-MODIFIED") == first[uid].decoded("LAST-MODIFIED")
    with db.session(write=True) as s:
        edition = s.query(Edition).filter_by(key="zzicml2026").one()
        [paper] = [d for d in edition.deadlines if d.type == "paper"]
        paper.at_utc = datetime(2026, 2, 5, 11, 59, 59, tzinfo=UTC)  # extended by a week
    monkeypatch.setenv("TRACKER_NOW", "2026-03-02T09:00:00Z")
    moved = _feed(cli, mine)
    assert set(moved) == set(first)
    assert int(moved[uid]["SEQUENCE"]) == 1
    assert moved[uid].decoded("LAST-MODIFIED") == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert moved[uid].decoded("DTSTART") == datetime(2026, 2, 5, 11, 59, 59, tzinfo=UTC)
    others = [u for u in moved if u != uid]
    assert all(int(moved[u]["SEQUENCE"]) == 0 for u in others)  # nothing else moved


def test_an_estimated_deadline_keeps_its_uid_when_the_real_date_arrives(cli: Cli, mine: Path) -> None:
    before = _feed(cli, mine)
    uid = "deadline-zzcvpr2026-paper-0@tracker.local"
    assert str(before[uid]["SUMMARY"]).endswith("(estimated)")
    with db.session(write=True) as s:
        edition = s.query(Edition).filter_by(key="zzcvpr2026").one()
        edition.deadlines.clear()  # what a sync does when the call for papers is out
        edition.estimated = False
        s.add(
            Deadline(
                edition_id=edition.id, type="paper", label="Paper submission",
                at_utc=datetime(2026, 4, 17, 7, 0, tzinfo=UTC), local_text="2026-04-16 23:59",
                timezone="America/Los_Angeles",
            )
        )  # fmt: skip
    after = _feed(cli, mine)
    assert set(after) == set(before)  # the same event, not a second one beside the estimate
    assert str(after[uid]["SUMMARY"]) == "ZZCVPR 2026: paper deadline"
    assert int(after[uid]["SEQUENCE"]) == 1
    assert after[uid].decoded("DTSTART") == datetime(2026, 4, 17, 7, 0, tzinfo=UTC)


def test_calendar_export_keeps_the_deadline_uid_across_a_new_label(cli: Cli, catalog: Any) -> None:
    """The same defect in ``calendar export``: the label was part of the UID."""
    before = cli("calendar", "export", "--deadlines")
    assert "UID:deadline-zzcvpr2026-paper-0@tracker.local" in before.out.replace("\r\n ", "")
    with db.session(write=True) as s:
        edition = s.query(Edition).filter_by(key="zzcvpr2026").one()
        [deadline] = edition.deadlines
        deadline.label, deadline.estimated = "Paper submission", False
    after = cli("calendar", "export", "--deadlines")
    assert "UID:deadline-zzcvpr2026-paper-0@tracker.local" in after.out.replace("\r\n ", "")
