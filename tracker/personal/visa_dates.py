"""The day to "apply for a visa by": when a planned trip's entry document is typically due.

For each edition the person plans to attend (a status from ``planning`` to ``attending``)
that has not begun, whose country is known, and for which the best of the profile's
passports needs something applied for ahead (an ETA, an e-visa or a visa), the last day
is the start minus the typical lead time of ``data/visa/lead_times.yml``. These rows join
``tracker upcoming``'s deadlines; each carries the requirement and the data's date, as
information, never as advice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from sqlalchemy import column, exists, select, table

from tracker.catalog.queries import DeadlineRow

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from tracker.models.catalog import Edition, Series

#: The statuses of a person who means to go (``interested`` is not yet a plan).
PLANNED = ("planning", "submitted", "accepted", "registered", "attending")
VISA_TYPE = "visa"
LABEL = "apply for a visa by"


def visa_rows(
    session: Connection | Session,
    now: datetime,
    within: timedelta,
    topic: Sequence[str] = (),
    tz: tzinfo | None = None,
) -> list[DeadlineRow]:
    """The apply-by day of each planned edition's visa, up to ``now + within`` (late ones too)."""
    # Most people have never planned a trip: one plain query says so, and ``tracker
    # upcoming`` then imports neither the ORM nor the profile.
    status = table("status_change", column("status"))
    if session.scalar(select(status.c.status).where(status.c.status.in_(PLANNED)).limit(1)) is None:
        return []
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    if isinstance(session, Connection):
        with Session(bind=session) as orm:
            return visa_rows(orm, now, within, topic, tz)
    from tracker.recommend import profile as profiles

    passports = profiles.load(session).passports
    if not passports:  # no statuses read, no personal models imported
        return []
    from tracker.recommend import visas

    rows = []
    for edition, series in _planned(session, now, topic):
        info = visas.visa_info(passports, edition.country, edition.start_date)
        if info is None or info.apply_by is None:
            continue
        at = datetime.combine(info.apply_by, time(0, 0), tzinfo=UTC)
        if at > now + within:
            continue
        left = int((at - now).total_seconds())
        days, rest = divmod(left, 86_400)
        rows.append(
            DeadlineRow(
                edition_key=edition.key,
                acronym=series.acronym,
                year=edition.year,
                type=VISA_TYPE,
                label=LABEL,
                round=None,
                at_utc=at,
                at_reader=at.astimezone(tz),
                local_text=info.apply_by.isoformat(),
                timezone="UTC",
                estimated=True,  # a typical lead time, not a date anyone published
                spread_days=None,
                seconds_left=left,
                days_left=days,
                hours_left=rest // 3600,
                city=edition.city,
                country=edition.country,
                note=info.text,
            )
        )
    return rows


def _planned(session: Session, now: datetime, topic: Sequence[str]) -> list[tuple[Edition, Series]]:
    """Editions whose latest status is a plan to go, not begun, in a known country."""
    from tracker.models.catalog import Edition, Series, SeriesTopic
    from tracker.models.personal import StatusChange

    latest: dict[int, str] = {}
    for edition_id, status in session.execute(
        select(StatusChange.edition_id, StatusChange.status).order_by(StatusChange.on_date, StatusChange.id)
    ):
        latest[edition_id] = status
    wanted = [edition_id for edition_id, status in latest.items() if status in PLANNED]
    if not wanted:
        return []
    query = (
        select(Edition, Series)
        .join(Edition.series)
        .where(Edition.id.in_(wanted), Edition.country.is_not(None), Edition.start_date >= now.date())
        .order_by(Edition.start_date, Edition.key)
    )
    if topic:
        query = query.where(
            exists().where(SeriesTopic.series_id == Edition.series_id, SeriesTopic.topic.in_(list(topic)))
        )
    return [(edition, series) for edition, series in session.execute(query)]
