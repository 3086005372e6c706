"""iCalendar export parsed back by the icalendar library."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from icalendar import Component

from tests.conftest import Cli


def _events(path: Path) -> dict[str, Component]:
    from icalendar import Calendar

    calendar = Calendar.from_ical(path.read_bytes())
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_deadlines_at_utc_instants_and_all_day_conferences(cli: Cli, catalog, tmp_path: Path) -> None:
    out = tmp_path / "cal.ics"
    result = cli("calendar", "export", "--out", str(out))
    assert result.code == 0, result.err
    events = _events(out)
    # On "now" (2026-03-01) the AoE deadline of 2026-01-28 has passed; the ACL one is ahead.
    assert "deadline-zzicml2026-paper-0@tracker.local" not in events
    acl = events["deadline-zzacl2026-abstract-0@tracker.local"]
    assert acl.decoded("dtstart") == datetime(2026, 3, 15, 7, 0, tzinfo=UTC)
    assert "America/Los_Angeles" in str(acl["description"])
    assert b"DTSTART:20260315T070000Z" in out.read_bytes()
    conf = events["edition-zzicml2026@tracker.local"]
    assert conf.decoded("dtstart") == date(2026, 7, 6)
    assert conf.decoded("dtend") == date(2026, 7, 11)  # exclusive: the last day is 10 July
    estimated = events["edition-zzcvpr2026@tracker.local"]
    assert str(estimated["status"]) == "TENTATIVE" and "estimated" in str(estimated["summary"])
    assert stat.S_IMODE(out.stat().st_mode) == 0o644  # public catalog data only


def test_aoe_end_of_day_is_noon_utc_next_day(
    cli: Cli, catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_NOW", "2026-01-01T00:00:00Z")
    out = tmp_path / "cal.ics"
    assert cli("calendar", "export", "--deadlines", "--out", str(out)).code == 0
    events = _events(out)
    aoe = events["deadline-zzicml2026-paper-0@tracker.local"]
    assert aoe.decoded("dtstart") == datetime(2026, 1, 29, 11, 59, 59, tzinfo=UTC)
    assert "2026-01-28 23:59:59 AoE" in str(aoe["description"])
    assert not any(uid.startswith("edition-") for uid in events)  # --deadlines alone


def test_second_export_replaces_the_first_with_the_same_uids(
    cli: Cli, catalog, tmp_path: Path, db_url
) -> None:
    from tracker import db
    from tracker.models.catalog import Deadline, Edition

    out = tmp_path / "cal.ics"
    assert cli("calendar", "export", "--out", str(out)).code == 0
    first = _events(out)
    with db.session(db_url, write=True) as s:  # the ACL deadline moves by a day
        edition = s.query(Edition).filter_by(key="zzacl2026").one()
        deadline = s.query(Deadline).filter_by(edition_id=edition.id).one()
        deadline.at_utc = datetime(2026, 3, 16, 7, 0, tzinfo=UTC)
    db.dispose_all()
    assert cli("calendar", "export", "--out", str(out), "--force").code == 0
    second = _events(out)
    assert set(first) == set(second)
    moved = second["deadline-zzacl2026-abstract-0@tracker.local"]
    assert moved.decoded("dtstart") == datetime(2026, 3, 16, 7, 0, tzinfo=UTC)


def test_topic_filter_and_unknown_topic(cli: Cli, catalog) -> None:
    from icalendar import Calendar

    result = cli("calendar", "export", "--topic", "nlp")
    assert result.code == 0, result.err
    uids = {str(e["uid"]) for e in Calendar.from_ical(result.out.encode()).walk("VEVENT")}
    assert uids and all("zzacl" in uid for uid in uids)
    bad = cli("calendar", "export", "--topic", "computer-visoin")
    assert bad.code == 2 and "did you mean" in bad.err and "computer-vision" in bad.err


def test_followups_are_private(cli: Cli, catalog, tmp_path: Path, db_url) -> None:
    import pytest

    personal = pytest.importorskip("tracker.models.personal")
    if not hasattr(personal, "FollowUp"):
        pytest.skip("personal room not installed")
    from tracker import db

    with db.session(db_url, write=True) as s:
        contact = personal.Contact(name="Ada Lovelace", created_at=datetime(2026, 2, 1, tzinfo=UTC))
        s.add(contact)
        s.flush()
        s.add(
            personal.FollowUp(
                contact_id=contact.id,
                due=date(2026, 3, 10),
                what="Send the notes",
                created_at=datetime(2026, 2, 1, tzinfo=UTC),
            )
        )
    out = tmp_path / "mine.ics"
    assert cli("calendar", "export", "--followups", "--out", str(out)).code == 0
    events = _events(out)
    assert [str(e["summary"]) for e in events.values()] == ["Follow up: Ada Lovelace"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_mine_keeps_only_conferences_with_a_status(cli: Cli, catalog, tmp_path: Path, db_url) -> None:
    import pytest

    personal = pytest.importorskip("tracker.models.personal")
    if not hasattr(personal, "StatusChange"):
        pytest.skip("personal room not installed")
    from tracker import db

    with db.session(db_url, write=True) as s:
        for key, status in (("zzacl2026", "planning"), ("zzcvpr2026", "skipped")):
            s.add(
                personal.StatusChange(
                    edition_id=catalog[key].id,
                    status=status,
                    on_date=date(2026, 2, 1),
                    recorded_at=datetime(2026, 2, 1, tzinfo=UTC),
                )
            )
    out = tmp_path / "mine.ics"
    assert cli("calendar", "export", "--mine", "--out", str(out)).code == 0
    uids = set(_events(out))
    assert uids == {"deadline-zzacl2026-abstract-0@tracker.local", "edition-zzacl2026@tracker.local"}
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_unwritable_output_is_one_clear_line(cli: Cli, catalog, tmp_path: Path) -> None:
    for target in (tmp_path / "missing-dir" / "c.ics", tmp_path):
        result = cli("calendar", "export", "--out", str(target))
        assert result.code == 1
        assert result.err.startswith("tracker: error: cannot write") and len(result.err.splitlines()) == 1
