"""Estimated editions: next year's conference, projected from its history, in the catalog.

For a series with at least two past editions and no announced next one,
:func:`refresh_estimates` stores the edition :func:`tracker.catalog.projection.project`
projects (``Edition.estimated = True``, its paper deadline ``Deadline.estimated = True``),
with ``estimate_spread_days`` and a note that names the basis: which editions gave the
dates, which one the deadline, and what "± spread" means. In the held-out backtest
(``bench/catalog/backtest_estimates.py``) the real start fell within ± spread of the
estimate in about 4 cases in 5, the real deadline a little more often.

The place is left unknown on purpose: series rotate between continents, and the last
city would be a confident-looking wrong answer. The note says so.

A recurring workshop held at a conference is estimated at its parent's next edition instead
(:mod:`tracker.catalog.workshop_series`).

An estimate is removed as soon as a real edition of the series that is not over exists
(for example the importer added next year's real one) and refreshed when the history
changes. Running :func:`refresh_estimates` twice changes nothing the second time.
Importers that add a real edition for a year that holds an estimate call
:func:`discard_estimate` first (the two would share the key and the year).

An announced (real, not over) edition without a paper or abstract deadline gets an
estimated paper deadline by the same rule (:func:`tracker.catalog.projection.announced_deadline`),
``Deadline.estimated = True`` with ``source = "estimate"``; it is no source's claim. Its basis
and spread are worked out again when shown (:func:`deadline_estimate`), from the same history.
The reconcile step drops it whenever it rewrites the edition's deadlines from the claims, and
the refresh removes it once a real paper deadline is there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from tracker.catalog.ended import has_not_ended
from tracker.catalog.note_words import projection_note, which_text, years_text
from tracker.catalog.projection import (
    LOCAL_FORMAT,
    MIN_SPREAD_DAYS,
    DeadlineEstimate,
    PastEdition,
    Projection,
    RoundDeadline,
    announced_deadline,
    project,
)
from tracker.catalog.resolve import edition_key
from tracker.catalog.workshop_series import hosted, refresh_hosted
from tracker.i18n import N_, Message

if TYPE_CHECKING:
    # The ORM only where a function builds or loads objects: a first run's estimates
    # (tracker.catalog.first_estimates) use the rules here on plain rows, without it.
    from sqlalchemy.orm import Session

    from tracker.models.catalog import Deadline, Edition, Series

SOURCE = "estimate"
ESTIMATED_PAPER_LABEL = "Paper submission (estimated)"
# A real deadline of one of these types is the edition's own paper deadline: nothing to estimate.
PAPER_TYPES = ("paper", "abstract")
# Series held every other year (facts from their own sites; the catalog's coverage has
# holes, so two years between two editions alone does not prove it).
BIENNIAL = frozenset({"iccv", "eccv", "icpr", "lrec", "accv", "ppsn"})


@dataclass
class EstimateReport:
    """What one refresh did, by edition key (``skipped`` holds "series: reason")."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _paper_rounds(edition: Edition) -> list[tuple[int, Deadline]]:
    """The edition's real paper deadlines, the earliest of each submission round (no round
    given: round 1), in round order."""
    by_round: dict[int, Deadline] = {}
    for d in edition.deadlines:
        if d.type == "paper" and not d.estimated:
            number = d.round or 1
            if number not in by_round or d.at_utc < by_round[number].at_utc:
                by_round[number] = d
    return sorted(by_round.items(), key=lambda item: item[0])


def past_editions(series: Series, today: date, *, before_year: int | None = None) -> list[PastEdition]:
    """The series' real editions that are over, with their first paper deadlines.

    With ``before_year``: instead, every real dated edition of an earlier year, over or not
    (an announced edition's paper deadline follows its predecessors' known deadlines).
    """
    out = []
    for e in series.editions:
        if e.estimated or e.start_date is None:
            continue
        if (e.year >= before_year) if before_year is not None else has_not_ended(e, today):
            continue
        rounds = _paper_rounds(e)
        first, paper = rounds[0] if rounds else (1, None)
        out.append(
            PastEdition(
                year=e.year,
                start=e.start_date,
                end=e.end_date or e.start_date,
                paper_deadline=paper.at_utc if paper else None,
                deadline_local_text=paper.local_text if paper else None,
                deadline_zone=paper.timezone if paper else None,
                paper_round=first,
                later_rounds=tuple(
                    RoundDeadline(number, d.at_utc, d.local_text, d.timezone) for number, d in rounds[1:]
                ),
            )
        )
    return out


def _key_for(series: Series, year: int, session: Session) -> str:
    """Like the real keys: the latest real key with the year swapped, else acronym+year."""
    from sqlalchemy import select

    from tracker.models.catalog import Edition

    candidate = key_candidate(series, year)
    clash = session.scalar(select(Edition.id).where(Edition.key == candidate))
    if clash is not None and not any(e.id == clash and e.estimated for e in series.editions):
        candidate = edition_key(series.key, year) + "-est"
    return candidate


def key_candidate(series: Series, year: int) -> str:
    """The key :func:`_key_for` tries first, before it looks for a clash."""
    real = [e for e in series.editions if not e.estimated]
    if real:
        latest = real[-1]
        suffix = str(latest.year)
        if latest.key.endswith(suffix):
            candidate = latest.key[: -len(suffix)] + str(year)
        else:
            candidate = edition_key(series.acronym, year)
    else:
        candidate = edition_key(series.acronym, year)
    return candidate


def _note(p: Projection) -> str:
    """The estimate's basis in words: which past editions, how, and what ± means (stored as
    the English text; :func:`note_message` gives it back as a sentence to translate)."""
    return projection_note(p.history_years, p.deadline_from, p.deadline_years, p.spread_days)


def deadline_note(d: DeadlineEstimate) -> str:
    """An announced edition's estimated paper deadline's basis, in the words of :func:`_note`."""
    moved: Message | str = ""
    if d.moved_days:
        if d.moved_days > 0:
            template = N_(
                ", then {days} days later: the announced start is {start} days later in the year"
                " than the {year} edition's"
            )
        else:
            template = N_(
                ", then {days} days earlier: the announced start is {start} days earlier in the year"
                " than the {year} edition's"
            )
        moved = Message(template, days=abs(d.moved_days), start=abs(d.start_moved_days), year=d.source_year)
    lead: Message | str = ""
    if d.lead_moved_days:
        lead = Message(
            N_(
                ", then {days} days earlier: {lead} days before the announced start, the median time"
                " from paper deadline to start of the {years} editions"
            ),
            days=d.lead_moved_days,
            lead=round(d.lead_days),
            years=years_text(d.lead_years),
        )
    return Message(
        N_(
            "Paper deadline estimated: the {year} edition's day of the year ({which}), {margin} days earlier"
            "{moved}{lead}. ±{spread} days: how far the {years} editions' deadlines spread (at least"
            " {minimum}); replaced by the real one when it is announced."
        ),
        year=d.source_year,
        which=which_text(d.years),
        margin=d.margin_days,
        moved=moved,
        lead=lead,
        spread=d.spread_days,
        years=years_text(d.spread_years),
        minimum=MIN_SPREAD_DAYS,
    )


def _round(number: int) -> int | None:
    """An estimated deadline's stored round: none for the first (as a one-round series has)."""
    return number if number > 1 else None


def _matches(edition: Edition, key: str, p: Projection) -> bool:
    deadline = next(iter(edition.deadlines), None)
    same_deadline = (deadline is None and p.paper_deadline is None) or (
        deadline is not None
        and p.paper_deadline is not None
        and deadline.at_utc == p.paper_deadline
        and deadline.local_text == p.deadline_local_text
        and deadline.timezone == p.deadline_zone
        and deadline.round == _round(p.deadline_round)
        and len(edition.deadlines) == 1
    )
    return (
        edition.key == key
        and edition.year == p.year
        and edition.start_date == p.start
        and edition.end_date == p.end
        and edition.estimate_spread_days == p.spread_days
        and edition.note == _note(p)
        and same_deadline
    )


def estimate_values(series: Series, key: str, p: Projection) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The estimated edition's columns for projection ``p``, and its deadline's (None: none)."""
    edition = {
        "key": key,
        "year": p.year,
        "title": f"{series.acronym} {p.year} (estimated)",
        "kind": series.kind,
        "start_date": p.start,
        "end_date": p.end,
        "date_text": None,
        "city": None,
        "region": None,
        "country": None,
        "latitude": None,
        "longitude": None,
        "venue": None,
        "place_text": None,
        "link": None,
        "note": _note(p),
        "estimated": True,
        "estimate_spread_days": p.spread_days,
        "source": SOURCE,
    }
    if p.paper_deadline is None:
        return edition, None
    deadline = {
        "type": "paper",
        "label": ESTIMATED_PAPER_LABEL,
        "at_utc": p.paper_deadline,
        "local_text": p.deadline_local_text or p.paper_deadline.strftime(LOCAL_FORMAT),
        "timezone": p.deadline_zone or "UTC",
        "round": _round(p.deadline_round),
        "estimated": True,
        "source": SOURCE,
    }
    return edition, deadline


def _apply(edition: Edition, series: Series, key: str, p: Projection) -> None:
    from tracker.models.catalog import Deadline

    values, deadline = estimate_values(series, key, p)
    for name, value in values.items():
        setattr(edition, name, value)
    edition.deadlines.clear()
    if deadline is not None:
        edition.deadlines.append(Deadline(**deadline))


def series_projection(series: Series, today: date) -> tuple[Projection | None, bool, list[PastEdition]]:
    """The series' next edition as projected (None: none wanted), whether a real edition is
    announced, and the history the projection came from."""
    real = [e for e in series.editions if not e.estimated]
    announced = any(has_not_ended(e, today) for e in real)
    history = past_editions(series, today)
    projection = None if announced else project(history, today, biennial=series.key in BIENNIAL)
    if projection is not None and any(e.year == projection.year for e in real):
        projection = None  # the real one exists (with dates that already passed)
    return projection, announced, history


def skip_reason(series: Series, history: Sequence[PastEdition]) -> str:
    """A report's line for a series with real editions and no estimate."""
    real = [e for e in series.editions if not e.estimated]
    why = "too little history" if len(history) < 2 else "looks discontinued"
    return f"{series.key}: {why} (last edition {real[-1].year})"


def refresh_estimates(session: Session, today: date) -> EstimateReport:
    """Create, update or remove the estimated editions of every series (idempotent)."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from tracker.models.catalog import Edition, Series

    report = EstimateReport()
    all_series = session.scalars(
        select(Series).options(selectinload(Series.editions).selectinload(Edition.deadlines))
    ).all()
    for series in all_series:
        if hosted(series):
            continue  # a workshop at a conference follows its parent: refresh_hosted below
        _refresh_announced(series, today, report)
        estimates = [e for e in series.editions if e.estimated]
        real = [e for e in series.editions if not e.estimated]
        projection, announced, history = series_projection(series, today)
        if projection is None:
            for stale in estimates:
                report.removed.append(stale.key)
                series.editions.remove(stale)  # delete-orphan deletes the row
            if not announced and not estimates and real:
                report.skipped.append(skip_reason(series, history))
            continue
        keep = estimates[0] if estimates else None
        for stale in estimates[1:]:
            report.removed.append(stale.key)
            series.editions.remove(stale)  # delete-orphan deletes the row
        key = _key_for(series, projection.year, session)
        if keep is None:
            edition = Edition(series=series, year=projection.year, key=key)
            _apply(edition, series, key, projection)
            session.add(edition)
            report.created.append(key)
        elif _matches(keep, key, projection):
            report.unchanged.append(key)
        else:
            _apply(keep, series, key, projection)
            report.updated.append(key)
    session.flush()
    created, updated, unchanged, removed = refresh_hosted(session, all_series, today)
    report.created += created
    report.updated += updated
    report.unchanged += unchanged
    report.removed += removed
    _link_workshop_parents(all_series)
    session.flush()
    return report


def _wants_estimate(edition: Edition, today: date) -> bool:
    """A real edition, dated and not over, with no paper or abstract deadline of its own."""
    return (
        not edition.estimated
        and edition.start_date is not None
        and has_not_ended(edition, today)
        and not any(d.type in PAPER_TYPES and not d.estimated for d in edition.deadlines)
    )


def deadline_estimate(edition: Edition, today: date) -> DeadlineEstimate | None:
    """The estimated paper deadline ``edition`` should carry (None: it should carry none)."""
    if not _wants_estimate(edition, today):
        return None
    assert edition.start_date is not None
    history = past_editions(edition.series, today, before_year=edition.year)
    after = datetime.combine(today, time(), UTC)
    return announced_deadline(history, edition.year, edition.start_date, after=after)


def _refresh_announced(series: Series, today: date, report: EstimateReport) -> None:
    """Give each announced edition without a paper deadline its estimated one, and take the
    estimated ones off editions that have their real deadline (or no usable history)."""
    for edition in series.editions:
        if edition.estimated:
            continue  # a whole estimated edition carries its deadline from the projection
        name = f"{edition.key} paper deadline"
        guesses = [d for d in edition.deadlines if d.estimated]
        wanted = deadline_estimate(edition, today)
        if wanted is None:
            for stale in guesses:
                edition.deadlines.remove(stale)  # delete-orphan deletes the row
            if guesses:
                report.removed.append(name)
            continue
        keep = guesses[0] if guesses else None
        for stale in guesses[1:]:
            edition.deadlines.remove(stale)
        facts = ("paper", wanted.at_utc, wanted.local_text, wanted.zone, _round(wanted.round))
        if keep is not None and (keep.type, keep.at_utc, keep.local_text, keep.timezone, keep.round) == facts:
            report.unchanged.append(name)
            continue
        if keep is None:
            from tracker.models.catalog import Deadline

            keep = Deadline(type="paper", label=ESTIMATED_PAPER_LABEL, estimated=True, source=SOURCE)
            edition.deadlines.append(keep)
            report.created.append(name)
        else:
            report.updated.append(name)
        keep.type, keep.at_utc, keep.local_text, keep.timezone, keep.round = facts
        keep.label = ESTIMATED_PAPER_LABEL


def _link_workshop_parents(all_series: Sequence[Series]) -> None:
    """An estimated workshop edition belongs to its parent series' edition of that year.

    The parent series is the one of the latest real edition's parent; its edition of
    the same year may itself be an estimate. No such edition: no parent.
    """
    for estimate, wanted in workshop_parents(all_series):
        if estimate.parent_id != wanted:
            estimate.parent_id = wanted


def workshop_parents(all_series: Sequence[Series]) -> list[tuple[Edition, int | None]]:
    """Each estimated edition with the parent edition id :func:`_link_workshop_parents` gives it."""
    by_id = {e.id: e for series in all_series for e in series.editions}
    by_year = {(e.series_id, e.year): e for e in by_id.values()}
    out = []
    for series in all_series:
        linked = [e for e in series.editions if not e.estimated and e.parent_id is not None]
        for estimate in (e for e in series.editions if e.estimated):
            parent = by_id.get(linked[-1].parent_id) if linked and linked[-1].parent_id else None
            target = by_year.get((parent.series_id, estimate.year)) if parent else None
            out.append((estimate, target.id if target is not None else None))
    return out


def discard_estimate(session: Session, series_id: int, year: int) -> bool:
    """Delete the estimated edition of ``series_id`` for ``year`` (before adding the real one)."""
    from sqlalchemy import select

    from tracker.models.catalog import Edition

    estimate = session.scalar(
        select(Edition).where(
            Edition.series_id == series_id, Edition.year == year, Edition.estimated.is_(True)
        )
    )
    if estimate is None:
        return False
    series = estimate.series
    session.delete(estimate)
    session.flush()
    session.expire(series, ["editions"])  # the loaded collection still held the estimate
    return True
