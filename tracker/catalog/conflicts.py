"""Where the sources disagree, and what each of them says (``tracker conflicts``, ``conf show --sources``).

Both read the claims the merge keeps (:mod:`tracker.catalog.importers.claims`) and ask the
merge's own rules (:func:`tracker.catalog.importers.reconcile.plan`) what they decide, so what
is listed is exactly what was chosen and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from tracker.catalog.importers.reconcile import Decision, plan
from tracker.catalog.resolve import resolve_edition
from tracker.models.catalog import Edition, EditionClaim, Series


@dataclass(frozen=True)
class DeadlineClaimView:
    type: str
    label: str | None
    round: int | None
    at_utc: datetime
    as_published: str  # "2026-05-06 23:59:59 AoE"
    confirmed_at: datetime | None
    changed_at: datetime | None
    withdrawn_at: datetime | None


@dataclass(frozen=True)
class SourceClaim:
    """What one source says about one edition, and when it last confirmed and changed it."""

    source: str
    title: str | None
    link: str | None
    start_date: date | None
    end_date: date | None
    date_text: str | None
    place: str | None
    city: str | None
    country: str | None
    first_seen_at: datetime | None
    confirmed_at: datetime | None
    dates_changed_at: datetime | None
    place_changed_at: datetime | None
    withdrawn_at: datetime | None
    deadlines: list[DeadlineClaimView] = field(default_factory=list)


@dataclass(frozen=True)
class EditionSources:
    """Every source's claim of one edition, and the disagreements among those still listing it."""

    edition: str
    source: str  # the source its dates were taken from
    claims: list[SourceClaim]
    conflicts: list[Decision]


def _series_query() -> Select[Series]:
    return select(Series).options(
        selectinload(Series.editions).selectinload(Edition.claims).selectinload(EditionClaim.deadlines)
    )


def open_conflicts(session: Session, key: str | None = None, *, today: date | None = None) -> list[Decision]:
    """Every disagreement among the sources that still list an edition (only the edition
    ``key`` names, when given), by edition key, each with the value kept and the rule that chose it."""
    query = _series_query()
    only: int | None = None
    if key is not None:
        from tracker import clock

        chosen = resolve_edition(session, key, today=today or clock.today())
        query, only = query.where(Series.id == chosen.series_id), chosen.id
    out: list[Decision] = []
    for series in session.scalars(query):
        for edition in series.editions:
            if only is not None and edition.id != only:
                continue
            if sum(1 for c in edition.claims if c.withdrawn_at is None) > 1:
                out.extend(plan(edition, series.editions).decisions)
    return sorted(out, key=lambda d: (d.edition, d.field))


def edition_sources(session: Session, key: str, *, today: date) -> EditionSources:
    """What each source says about the edition ``key`` names (withdrawn claims included)."""
    chosen = resolve_edition(session, key, today=today)
    series = session.scalars(_series_query().where(Series.id == chosen.series_id)).one()
    edition = next(e for e in series.editions if e.id == chosen.id)
    claims = [
        SourceClaim(
            source=c.source,
            title=c.title,
            link=c.link,
            start_date=c.start_date,
            end_date=c.end_date,
            date_text=c.date_text,
            place=c.place_text,
            city=c.city,
            country=c.country,
            first_seen_at=c.first_seen_at,
            confirmed_at=c.confirmed_at,
            dates_changed_at=c.dates_changed_at,
            place_changed_at=c.place_changed_at,
            withdrawn_at=c.withdrawn_at,
            deadlines=[
                DeadlineClaimView(
                    d.type,
                    d.label,
                    d.round,
                    d.at_utc,
                    f"{d.local_text} {d.timezone}",
                    d.confirmed_at,
                    d.changed_at,
                    d.withdrawn_at,
                )
                for d in c.deadlines
            ],
        )
        for c in edition.claims
    ]
    return EditionSources(edition.key, edition.source, claims, plan(edition, series.editions).decisions)
