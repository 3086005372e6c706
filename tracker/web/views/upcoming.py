"""The Upcoming page: deadlines with countdowns, filtered as the URL says (``tracker upcoming``'s query)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from tracker.catalog import queries
from tracker.catalog.filters import RANK_SOURCES, REGIONS
from tracker.errors import Invalid
from tracker.i18n import N_
from tracker.models.catalog_tables import DEADLINE_TYPES, EDITION_KINDS
from tracker.personal.visa_dates import visa_rows
from tracker.web.query import WITHIN_CHOICES, DeadlineQuery, ParsedQuery
from tracker.web.render import Page


def upcoming_page(session: Session, query: DeadlineQuery, *, now: datetime) -> Page:
    """Deadlines from ``now`` within the query's window, soonest first; a bad filter is said, status 400."""
    error = None
    rows: list[queries.DeadlineRow] = []
    try:
        parsed = query.parsed()
    except Invalid as exc:
        error = str(exc)
    else:
        rows = queries.upcoming_deadlines(session, now, parsed.within, parsed.types, where=parsed.where)
        if not parsed.types:  # a visa's apply-by day is the person's, not a deadline type
            rows = sorted(rows + _visa_rows(session, now, parsed), key=lambda r: r.at_utc)
    return Page(
        "upcoming.html",
        N_("Upcoming deadlines"),
        {
            "rows": rows,
            "query": query,
            "error": error,
            "choices": {
                "types": DEADLINE_TYPES,
                "kinds": EDITION_KINDS,
                "regions": REGIONS,
                "within": WITHIN_CHOICES,
                "rank_sources": RANK_SOURCES,
            },
        },
        status=400 if error else 200,
    )


def _visa_rows(session: Session, now: datetime, parsed: ParsedQuery) -> list[queries.DeadlineRow]:
    """``tracker upcoming``'s "apply for a visa by" rows, of the editions the filters keep.

    ``visa_rows`` narrows by topic only; rank, kind and region are applied here through
    ``list_editions``, the query ``conf list`` filters with, so a filtered view shows no
    visa row of an edition it hides.
    """
    rows = visa_rows(session, now, parsed.within, parsed.where.topics)
    where = parsed.where
    if rows and (where.rank or where.kind or where.countries):
        kept = {e.key for e in queries.list_editions(session, where, now=now)}
        rows = [r for r in rows if r.edition_key in kept]
    return rows
