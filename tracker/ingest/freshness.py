"""How old the catalog is: the bundled snapshot's date, or the last sync that confirmed it.

A conference tracker is only as good as its dates, so the commands that show deadlines say
how fresh they are: "catalog as of 2026-08-20; last sync never -- run tracker sync". The
catalog is as of the newest of the bundled snapshot's date (``data/sources.yml``) and the
last successful sync of a catalog source (a 304 counts: the source confirmed the data).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.ingest import builtin
from tracker.models.ingest import CATALOG_KINDS, Source

#: After this long without a successful catalog sync, the line says to run one.
STALE_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class Freshness:
    catalog_as_of: date | None
    last_sync: datetime | None  # the last successful sync of a catalog source
    stale: bool  # no such sync, or older than STALE_AFTER


def catalog_freshness(session: Session, now: datetime) -> Freshness:
    """The catalog's age at ``now`` (see the module's docstring)."""
    # On the table's columns (Core): the line costs no mapper configuration, no ORM compilation.
    source = Source.__table__.c
    last = session.scalar(
        select(func.max(source.last_ok_at)).where(source.kind.in_(CATALOG_KINDS), source.enabled.is_(True))
    )
    bundled = builtin.builtins().bundled_catalog_as_of
    dates = [d for d in (bundled, last.date() if last else None) if d is not None]
    stale = last is None or now - last > STALE_AFTER
    return Freshness(max(dates) if dates else None, last, stale)


#: "The next six months" of ``tracker db info``.
AHEAD = timedelta(days=183)


def paper_deadlines_ahead(session: Session, now: datetime) -> tuple[int, int]:
    """(announced, estimated): the paper deadlines between ``now`` and six months on."""
    from tracker.models.catalog import Deadline

    deadline = Deadline.__table__.c
    query = (
        select(deadline.estimated, func.count())
        .where(deadline.type == "paper", deadline.at_utc >= now, deadline.at_utc < now + AHEAD)
        .group_by(deadline.estimated)
    )
    counts = {bool(estimated): n for estimated, n in session.execute(query)}
    return counts.get(False, 0), counts.get(True, 0)
