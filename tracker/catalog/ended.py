"""The one rule for "this edition has not ended yet", in Python and in SQL.

An edition has not ended by ``today`` while its last day is today or later. Its last day
is the end date; without one, the start date; with no dates at all (an edition known
only by its year), the 31st of December of its year. Listings (``conf list --upcoming``),
recommend's candidates, the calendar export and resolving a series name to "the next
edition" all ask this module, so they never disagree about which editions are ahead.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement


class _Dated(Protocol):
    year: int
    start_date: date | None
    end_date: date | None


def last_day(edition: _Dated) -> date:
    """The edition's last day (end, else start, else the end of its year)."""
    return edition.end_date or edition.start_date or date(edition.year, 12, 31)


def has_not_ended(edition: _Dated, today: date) -> bool:
    return last_day(edition) >= today


def not_ended_clause(today: date) -> ColumnElement[bool]:
    """SQL for :func:`has_not_ended` over the ``edition`` table."""
    from sqlalchemy import and_, or_

    from tracker.models.catalog_tables import edition

    # The table's columns, not the mapped attributes: a Core query that uses this clause
    # stays Core (no ORM imported, no mapper configured), and an ORM query accepts it.
    e = edition.c
    return or_(
        e.end_date >= today,
        and_(e.end_date.is_(None), e.start_date >= today),
        and_(e.end_date.is_(None), e.start_date.is_(None), e.year >= today.year),
    )
