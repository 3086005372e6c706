"""Estimated editions: projected from history, replaced by the real one, idempotent."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.catalog_query.conftest import add_edition, add_series, utc
from tracker.catalog.estimates import refresh_estimates
from tracker.catalog.projection import (
    DEADLINE_HISTORY,
    DEADLINE_MARGIN_DAYS,
    HISTORY,
    LOCAL_FORMAT,
    PastEdition,
    deadline_in,
    project,
)
from tracker.models.catalog import Deadline, Edition

TODAY = date(2026, 3, 1)


def _estimates(session: Session, series_id: int) -> list[Edition]:
    return list(
        session.scalars(select(Edition).where(Edition.series_id == series_id, Edition.estimated.is_(True)))
    )


def test_projects_next_edition_from_history(session: Session, catalog: dict[str, Any]) -> None:
    report = refresh_estimates(session, TODAY)
    assert "tml2026" in report.created
    (est,) = _estimates(session, catalog["ml"].id)
    assert est.key == "tml2026" and est.year == 2026 and est.estimated
    # Start offsets (days after 1 Jan): 2023-05-01 -> 120, 2024-05-07 -> 127, 2025-04-24 -> 113;
    # median 120 is Friday 2026-05-01. The three started on a Monday, a Tuesday and a Thursday:
    # the tie goes to the latest edition's weekday, so the nearest Thursday.
    assert est.start_date == date(2026, 4, 30)
    assert est.end_date == est.start_date + timedelta(days=4)
    # Every paper deadline was 2 October 11:59:59 UTC of the year before (AoE 1 October): the
    # earlier of the last two, moved to the projected year, the margin early (an estimate errs
    # early). Spread = max(start range 127-113, deadline range 0) = 14.
    assert est.estimate_spread_days == 14
    (deadline,) = est.deadlines
    assert deadline.estimated and deadline.type == "paper"
    assert deadline.at_utc == utc(2025, 10, 2, 11, 59, 59) - timedelta(days=DEADLINE_MARGIN_DAYS)
    # Same zone and wall clock as that real deadline (AoE, 23:59:59 the day before in UTC).
    local = datetime(2025, 10, 1, 23, 59, 59) - timedelta(days=DEADLINE_MARGIN_DAYS)
    assert deadline.timezone == "AoE" and deadline.local_text == local.strftime(LOCAL_FORMAT)
    assert est.city is None and est.country is None and "place unknown" in (est.note or "")


def test_no_estimate_with_fewer_than_two_past_or_an_announced_edition(
    session: Session, catalog: dict[str, Any]
) -> None:
    refresh_estimates(session, TODAY)
    assert _estimates(session, catalog["cv"].id) == []  # 2026 is announced
    assert _estimates(session, catalog["nlp"].id) == []  # one edition only
    lone = add_series(session, "tlone", "TLONE")
    add_edition(session, lone, 2025, date(2025, 9, 1), date(2025, 9, 3))
    refresh_estimates(session, TODAY)
    assert _estimates(session, lone.id) == []


def test_refresh_is_idempotent(session: Session, catalog: dict[str, Any]) -> None:
    first = refresh_estimates(session, TODAY)
    before = [(e.key, e.start_date, e.deadlines[0].at_utc) for e in _estimates(session, catalog["ml"].id)]
    second = refresh_estimates(session, TODAY)
    after = [(e.key, e.start_date, e.deadlines[0].at_utc) for e in _estimates(session, catalog["ml"].id)]
    assert first.created and not second.created and not second.updated and not second.removed
    assert "tml2026" in second.unchanged
    assert before == after


def test_real_edition_replaces_the_estimate(session: Session, catalog: dict[str, Any]) -> None:
    from tracker.catalog.estimates import discard_estimate

    refresh_estimates(session, TODAY)
    ml = catalog["ml"]
    assert discard_estimate(session, ml.id, 2026)
    add_edition(session, ml, 2026, date(2026, 4, 23), date(2026, 4, 27), paper=utc(2025, 9, 25, 11, 59))
    report = refresh_estimates(session, TODAY)
    session.expire_all()
    editions = list(session.scalars(select(Edition).where(Edition.series_id == ml.id)))
    assert [e.estimated for e in editions if e.year == 2026] == [False]
    assert not _estimates(session, ml.id) and not report.created


def test_estimate_removed_when_real_edition_arrives_for_another_year(
    session: Session, catalog: dict[str, Any]
) -> None:
    refresh_estimates(session, TODAY)
    ml = catalog["ml"]
    # The importer announces a real, future edition: the estimate is no longer needed.
    add_edition(session, ml, 2027, date(2027, 4, 23), date(2027, 4, 27), key="tml2027")
    report = refresh_estimates(session, TODAY)
    assert report.removed == ["tml2026"]
    assert _estimates(session, ml.id) == []


def test_biennial_series_projects_two_years_ahead() -> None:
    history = [
        PastEdition(2021, date(2021, 10, 11), date(2021, 10, 17)),
        PastEdition(2023, date(2023, 10, 2), date(2023, 10, 6)),
        PastEdition(2025, date(2025, 10, 19), date(2025, 10, 23)),
    ]
    projection = project(history, TODAY)
    assert projection is not None and projection.year == 2027
    assert projection.paper_deadline is None


def test_discontinued_series_gets_no_estimate() -> None:
    history = [
        PastEdition(2018, date(2018, 6, 1), date(2018, 6, 3)),
        PastEdition(2019, date(2019, 6, 1), date(2019, 6, 3)),
    ]
    assert project(history, TODAY) is None


def test_estimated_workshop_belongs_to_the_parents_edition(session: Session, catalog: dict[str, Any]) -> None:
    ml = catalog["ml"]
    # A workshop held at TML 2024 and 2025; TML 2026 will be estimated, so will the workshop.
    tml = {e.year: e for e in ml.editions}
    ws2 = add_series(session, "tws2", "TWSB", kind="workshop")
    for year in (2024, 2025):
        start = tml[year].end_date
        add_edition(session, ws2, year, start, start, kind="workshop", parent=tml[year])
    refresh_estimates(session, TODAY)
    (estimate,) = _estimates(session, ws2.id)
    (ml_estimate,) = _estimates(session, ml.id)
    assert estimate.key == "tws22026" and estimate.kind == "workshop"
    assert estimate.parent_id == ml_estimate.id
    assert refresh_estimates(session, TODAY).unchanged.count("tws22026") == 1


def test_a_hole_in_coverage_is_not_a_longer_cycle() -> None:
    # A history with a hole (2022, 2025): an annual series is the default reading...
    history = [
        PastEdition(2022, date(2022, 6, 20), date(2022, 6, 25)),
        PastEdition(2025, date(2025, 6, 2), date(2025, 6, 7)),
    ]
    projection = project(history, TODAY)
    assert projection is not None and projection.year == 2026
    # ...and a series known to be biennial steps by two.
    biennial = project(history, TODAY, biennial=True)
    assert biennial is not None and biennial.year == 2027


def test_an_edition_held_early_next_year_counts_from_its_own_year() -> None:
    # ICPR 2020 was held in January 2021: day 375 of its edition year, not day 9.
    history = [
        PastEdition(2020, date(2021, 1, 10), date(2021, 1, 15)),
        PastEdition(2022, date(2022, 8, 21), date(2022, 8, 25)),
        PastEdition(2024, date(2024, 12, 1), date(2024, 12, 5)),
    ]
    projection = project(history, TODAY, biennial=True)
    assert projection is not None and projection.year == 2026
    # Offsets 375, 232, 335 -> median 335 (Wednesday 2 December); all three started on a
    # Sunday, so the nearest Sunday; spread 375 - 232 = 143.
    assert projection.start == date(2026, 11, 29)
    assert projection.spread_days == 143


def test_a_conference_opening_on_mondays_is_projected_to_a_monday() -> None:
    # Held the first Monday of June; the same date next year would be a Tuesday or Wednesday.
    history = [
        PastEdition(2023, date(2023, 6, 5), date(2023, 6, 9)),
        PastEdition(2024, date(2024, 6, 3), date(2024, 6, 7)),
        PastEdition(2025, date(2025, 6, 2), date(2025, 6, 6)),
    ]
    projection = project(history, TODAY)
    assert projection is not None
    # Offsets 155, 154, 152 -> median 154, Thursday 2026-06-04: three days back to the Monday.
    assert projection.start == date(2026, 6, 1) and projection.start.weekday() == 0
    assert projection.end == date(2026, 6, 5)


def test_the_note_names_the_editions_used_and_what_the_spread_means(
    session: Session, catalog: dict[str, Any]
) -> None:
    refresh_estimates(session, TODAY)
    (est,) = _estimates(session, catalog["ml"].id)
    note = est.note or ""
    assert "from the 2023, 2024, 2025 editions" in note
    # Every deadline fell on the same day, so the earliest of the last three is the 2023 one.
    assert "paper deadline: the 2023 edition's day of the year (the earliest of 2023, 2024 and 2025)" in note
    assert f"{DEADLINE_MARGIN_DAYS} days earlier" in note and "±14 days" in note


def test_identical_past_dates_still_get_a_spread_of_a_week() -> None:
    # Two editions on the same day of the year: the estimate is not "± 0 days".
    history = [
        PastEdition(2024, date(2024, 9, 10), date(2024, 9, 12)),
        PastEdition(2025, date(2025, 9, 10), date(2025, 9, 12)),
    ]
    projection = project(history, TODAY)
    assert projection is not None and projection.spread_days == 7


@st.composite
def _histories(draw: st.DrawFn) -> list[PastEdition]:
    """Two to six yearly editions; most with a paper deadline, in any zone's wall clock."""
    first = draw(st.integers(2015, 2022))
    out = []
    for year in range(first, first + draw(st.integers(2, 6))):
        start = date(year, 1, 1) + timedelta(days=draw(st.integers(0, 360)))
        paper = None
        if draw(st.booleans()):
            days_before = draw(st.integers(30, 300))
            paper = utc(start.year, start.month, start.day) - timedelta(
                days=days_before, minutes=draw(st.integers(0, 1439))
            )
        out.append(PastEdition(year, start, start + timedelta(days=draw(st.integers(0, 6))), paper))
    return out


@given(history=_histories())
@settings(max_examples=200, deadline=None)
def test_an_estimated_deadline_is_never_later_than_the_recent_ones(history: list[PastEdition]) -> None:
    # Erring early is the promise: the estimate falls before each recent deadline at its
    # place in the year (and the note says which of them it copies).
    projection = project(history, date(history[-1].end.year + 1, 1, 1))
    assert projection is not None
    recent = [e for e in history[-HISTORY:] if e.paper_deadline is not None][-DEADLINE_HISTORY:]
    if not recent:  # no deadline among the editions the dates come from: none is made up
        assert projection.paper_deadline is None
        return
    assert projection.paper_deadline is not None and projection.deadline_years == tuple(
        e.year for e in recent
    )
    for edition in recent:
        assert projection.paper_deadline <= deadline_in(projection.year, edition, DEADLINE_MARGIN_DAYS)
    assert projection.deadline_from in projection.deadline_years


def test_a_later_round_is_estimated_once_the_first_has_passed(session: Session) -> None:
    # Two submission cycles a year (as KDD): August of the year before, then April. On
    # 2026-03-01 the first cycle's estimate (August 2025) has passed; the second is still
    # ahead, estimated from the second cycles of 2024 and 2025, not from their first ones.
    series = add_series(session, "cyc", "CYC")
    for year in (2024, 2025):
        edition = add_edition(
            session, series, year, date(year, 8, 3), date(year, 8, 7), paper=utc(year - 1, 8, 10, 23, 59, 59)
        )
        edition.deadlines.append(
            Deadline(
                type="paper",
                round=2,
                at_utc=utc(year, 4, 10 - (year - 2024), 23, 59, 59),
                local_text=f"{year}-04-{10 - (year - 2024):02d} 23:59:59",
                timezone="UTC",
                source="test",
            )
        )
        edition.deadlines[0].round = 1
    session.flush()
    refresh_estimates(session, TODAY)
    (est,) = _estimates(session, series.id)
    (deadline,) = est.deadlines
    # The earlier of the second cycles (2025's, on 9 April), in 2026, the margin earlier.
    assert deadline.round == 2
    assert deadline.at_utc == utc(2026, 4, 9, 23, 59, 59) - timedelta(days=DEADLINE_MARGIN_DAYS)
    assert deadline.at_utc.date() > TODAY
    assert refresh_estimates(session, TODAY).updated == []  # the round is part of what is kept
