"""An announced edition without a paper deadline gets an estimated one, until the real one arrives.

On the real seeded catalog: six announced 2027 editions (CHI, CVPR, SIGGRAPH, ACL, ICDAR,
ECML-PKDD) have dates and no deadlines. Each gets a paper deadline by the shipped rule,
marked estimated; importing or syncing the real deadline leaves only the real one.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.catalog_query.conftest import utc
from tests.conftest import Cli
from tracker import config, db
from tracker.catalog.estimates import SOURCE, deadline_estimate, deadline_note, refresh_estimates
from tracker.catalog.projection import (
    ANNOUNCED_MARGIN_DAYS,
    LOCAL_FORMAT,
    DeadlineEstimate,
    PastEdition,
    announced_deadline,
)
from tracker.models.catalog import Deadline, DeadlineClaim, Edition, EditionClaim

TODAY = date(2026, 3, 1)  # the root conftest's pinned now
CVPR_FILE = config.data_dir() / "catalog" / "sources" / "hf" / "conferences" / "cvpr.yml"
ANNOUNCED = ["acl2027", "chi2027", "cvpr2027", "ecmlpkdd2027", "icdar2027", "siggraph2027"]


def _deadlines(session: Session, key: str) -> list[Deadline]:
    edition = session.scalars(select(Edition).where(Edition.key == key)).one()
    return sorted(edition.deadlines, key=lambda d: d.at_utc)


def _stored(db_url: str, key: str) -> list[tuple[bool, str, str]]:
    """The edition's deadlines as stored after a command: (estimated, source, local text)."""
    with db.session(db_url) as session:
        return [(d.estimated, d.source, d.local_text) for d in _deadlines(session, key)]


def test_each_announced_edition_without_deadlines_gets_an_estimated_paper_deadline(session: Session) -> None:
    for key in ANNOUNCED:
        edition = session.scalars(select(Edition).where(Edition.key == key)).one()
        assert not edition.estimated and edition.start_date is not None
        (deadline,) = edition.deadlines
        assert (deadline.type, deadline.estimated, deadline.source) == ("paper", True, SOURCE), key
        assert deadline.at_utc.date() < edition.start_date, key
    # CVPR: of the 2025 and 2026 paper deadlines, 2026's is the earlier in its cycle: 13 November
    # 2025 23:59:59 AoE, 48 days before 1 January 2026. 48 days before 1 January 2027, the margin
    # early, still AoE.
    (cvpr,) = _deadlines(session, "cvpr2027")
    assert cvpr.at_utc == utc(2026, 11, 14, 11, 59, 59) - timedelta(days=ANNOUNCED_MARGIN_DAYS)
    assert (cvpr.local_text, cvpr.timezone) == (_aoe_days_before(2026, 11, 13, ANNOUNCED_MARGIN_DAYS), "AoE")
    # It is no source's claim: the sources' lists of CVPR 2027 stay empty.
    claimed = session.scalars(
        select(DeadlineClaim).join(EditionClaim).join(Edition).where(Edition.key == "cvpr2027")
    ).all()
    assert claimed == []
    # A refresh of an unchanged catalog changes nothing.
    report = refresh_estimates(session, TODAY)
    assert "cvpr2027 paper deadline" in report.unchanged
    assert not [k for k in report.created + report.updated + report.removed if "deadline" in k]


def test_upcoming_marks_it_estimated_and_conf_show_gives_its_basis(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_NOW", "2026-10-01T12:00:00Z")
    rows = json.loads(cli("upcoming", "--within", "60d", "--json").out)
    [cvpr] = [r for r in rows if r["edition_key"] == "cvpr2027"]
    day = (utc(2026, 11, 14, 11, 59, 59) - timedelta(days=ANNOUNCED_MARGIN_DAYS)).date().isoformat()
    assert cvpr["estimated"] and cvpr["type"] == "paper" and cvpr["at_utc"].startswith(day)
    assert cvpr["spread_days"] >= 7 and "2025 and 2026" in cvpr["estimate_basis"]
    table = cli("upcoming", "--within", "60d").out
    assert "cvpr2027" in table and f"{day} ±" in table
    shown = " ".join(cli("conf", "show", "cvpr2027").out.split())
    assert "≈ cvpr2027: Paper deadline estimated: the 2026 edition's day of the year" in shown
    assert "replaced by the real one when it is announced" in shown


def _cvpr_with_2027_deadline(tmp_path: Path) -> Path:
    """hf's real cvpr.yml, with the 2027 paper deadline announced."""
    text = CVPR_FILE.read_text(encoding="utf-8")
    anchor = "  date: June 19-26, 2027\n"
    assert text.count(anchor) == 1
    deadlines = (
        "  deadlines:\n  - type: paper\n    label: Paper Submission\n"
        "    date: '2026-11-06 23:59:59'\n    timezone: AoE\n"
    )
    path = tmp_path / "conferences" / "cvpr.yml"
    path.parent.mkdir()
    path.write_text(text.replace(anchor, deadlines + anchor), encoding="utf-8")
    return path


def test_importing_the_real_deadline_leaves_only_the_real_one(cli: Cli, db_url: str, tmp_path: Path) -> None:
    assert _stored(db_url, "cvpr2027")[0][:2] == (True, SOURCE)
    assert cli("import", str(_cvpr_with_2027_deadline(tmp_path)), "--format", "hf").code == 0
    assert _stored(db_url, "cvpr2027") == [(False, "hf", "2026-11-06 23:59:59")]
    conflicts = json.loads(cli("conflicts", "--json").out)
    assert [c for c in conflicts if c["edition"] == "cvpr2027"] == []
    shown = " ".join(cli("conf", "show", "cvpr2027").out.split())
    assert "Paper deadline estimated" not in shown


def test_a_sync_of_the_bundled_file_keeps_the_estimate_and_changes_nothing(
    cli: Cli, db_url: str, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/cvpr.yml").respond_with_data(
        CVPR_FILE.read_bytes(), headers={"Content-Type": "text/yaml"}
    )
    assert cli("sources", "add", "hf-cvpr", httpserver.url_for("/cvpr.yml"), "--kind", "hf").code == 0
    [outcome] = json.loads(cli("sync", "--json").out)["sources"]
    assert (outcome["changes"], outcome["added"]) == (0, 0), outcome
    assert json.loads(cli("changes", "--json").out) == []
    [(estimated, source, _text)] = _stored(db_url, "cvpr2027")
    assert estimated and source == SOURCE


def _past(year: int, start: date, deadline: datetime) -> PastEdition:
    return PastEdition(year, start, start + timedelta(days=4), deadline, None, "UTC")


def _aoe_days_before(year: int, month: int, day: int, days: int) -> str:
    """The local text of 23:59:59 on that day, ``days`` earlier."""
    return (datetime(year, month, day, 23, 59, 59) - timedelta(days=days)).strftime(LOCAL_FORMAT)


def _rule(history: list[PastEdition], year: int, start: date) -> DeadlineEstimate | None:
    """The announced rule's mechanics, with its numbers given (not the fitted ones, which the
    bench moves): 2 days early, following a start moved 60 days or more, no lead floor."""
    return announced_deadline(history, year, start, margin_days=2, move_after_days=60, lead_history=0)


def test_no_estimate_on_or_after_the_announced_start() -> None:
    history = [
        _past(2024, date(2024, 6, 10), utc(2024, 3, 1, 12)),
        _past(2025, date(2025, 6, 9), utc(2025, 3, 2, 12)),
    ]
    # Held in June as before: both deadlines were 60 days into their year (2024 is a leap year);
    # 60 days into 2026 is 2 March, 2 days early.
    estimate = _rule(history, 2026, date(2026, 6, 8))
    assert estimate is not None and estimate.at_utc == utc(2026, 2, 28, 12)
    assert (estimate.years, estimate.source_year) == ((2024, 2025), 2024)
    assert estimate.moved_days == 0
    assert _rule(history, 2026, date(2026, 3, 1)) is not None
    # One past edition is too little history, as for a whole estimated edition.
    assert _rule(history[1:], 2026, date(2026, 6, 8)) is None
    # A deadline nine days before the start, and a start three weeks earlier than before (too
    # little to move the deadline): the rule's deadline would not come before the conference.
    close = [
        _past(2024, date(2024, 6, 10), utc(2024, 6, 1, 12)),
        _past(2025, date(2025, 6, 9), utc(2025, 6, 1, 12)),
    ]
    assert _rule(close, 2026, date(2026, 6, 8)) is not None
    assert _rule(close, 2026, date(2026, 5, 20)) is None


def test_a_conference_that_moved_moves_its_deadline_half_as_far() -> None:
    history = [
        _past(2024, date(2024, 6, 10), utc(2024, 3, 1, 12)),
        _past(2025, date(2025, 6, 9), utc(2025, 3, 2, 12)),
    ]
    # Moved from June to 28 February: 103 days earlier in the year than 2024's start (the
    # edition whose deadline is copied), so the deadline comes 52 days before 28 February.
    estimate = _rule(history, 2026, date(2026, 2, 28))
    assert estimate is not None and estimate.at_utc == utc(2026, 1, 7, 12)
    assert (estimate.start_moved_days, estimate.moved_days) == (-103, -52)
    # Its spread covers the rest of the move: the real deadline may have moved as far as the start.
    assert estimate.spread_days == 51 and "±51 days" in deadline_note(estimate)
    assert "then 52 days earlier: the announced start is 103 days earlier" in deadline_note(estimate)
    # Moved the other way, to September (83 days later): the deadline comes 42 days later.
    later = _rule(history, 2026, date(2026, 9, 2))
    assert later is not None and later.at_utc == utc(2026, 4, 11, 12) and later.moved_days == 42


def test_on_the_real_catalog_cvpr_moved_to_march_gets_an_earlier_deadline_with_its_reason(
    session: Session, cli: Cli, db_url: str
) -> None:
    cvpr = session.scalars(select(Edition).where(Edition.key == "cvpr2027")).one()
    cvpr.start_date, cvpr.end_date = date(2027, 3, 19), date(2027, 3, 26)
    refresh_estimates(session, TODAY)
    session.commit()
    # CVPR 2026 opened on 3 June, 76 days later in its year than 19 March: the deadline copied
    # from 2026 (12 November 2026, as in the first test) comes 38 days earlier -- and then
    # earlier still: CVPR's calls closed about 200 days before its start, and 19 March less
    # that median lead of 2024-2026 is in August.
    (deadline,) = _deadlines(session, "cvpr2027")
    assert deadline.estimated
    moved_only = utc(2026, 11, 14, 11, 59, 59) - timedelta(days=ANNOUNCED_MARGIN_DAYS + 38)
    estimate = deadline_estimate(cvpr, TODAY)
    assert estimate is not None and estimate.lead_years == (2024, 2025, 2026)
    assert 200 < estimate.lead_days < 215
    assert deadline.at_utc == utc(2027, 3, 19) - timedelta(days=estimate.lead_days) < moved_only
    assert deadline.timezone == "AoE" and deadline.local_text == estimate.local_text
    shown = " ".join(cli("conf", "show", "cvpr2027").out.split())
    assert "then 38 days earlier: the announced start is 76 days earlier in the year than the 2026" in shown
    assert (
        f"then {estimate.lead_moved_days} days earlier: {round(estimate.lead_days)} days before the announced"
        " start, the median time from paper deadline to start of the 2024, 2025, 2026 editions"
    ) in shown


def test_a_start_held_earlier_brings_the_deadline_within_the_series_usual_lead() -> None:
    history = [
        _past(2024, date(2024, 6, 10), utc(2024, 3, 1, 12)),  # 100.5 days before the start
        _past(2025, date(2025, 6, 9), utc(2025, 3, 2, 12)),  # 98.5 days
    ]
    # Announced for 20 May, 20 days earlier in the year than 2025 (too little to move by the
    # calendar): 2 March less 8 days would leave 87 days to the start; the median lead, 99.5
    # days before 20 May, is 13 days earlier.
    estimate = announced_deadline(history, 2026, date(2026, 5, 20), margin_days=8)
    assert estimate is not None and estimate.at_utc == utc(2026, 2, 9, 12)
    assert (estimate.lead_days, estimate.lead_years, estimate.lead_moved_days) == (99.5, (2024, 2025), 13)
    assert estimate.local_text == "2026-02-09 12:00:00" and estimate.spread_days == 13
    note = deadline_note(estimate)
    assert "then 13 days earlier: 100 days before the announced start" in note
    assert "median time from paper deadline to start of the 2024, 2025 editions" in note
    # Held later in the year than 2025 (1 July): the calendar's deadline stands.
    later = announced_deadline(history, 2026, date(2026, 7, 1), margin_days=8)
    assert later is not None and later.at_utc == utc(2026, 2, 22, 12) and later.lead_moved_days == 0
