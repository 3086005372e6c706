"""The Upcoming page: deadlines with countdowns, filtered as the URL says (``tracker upcoming``'s query)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from tracker.catalog import queries
from tracker.catalog.filters import RANK_SOURCES, REGIONS
from tracker.errors import Invalid
from tracker.models.catalog import DEADLINE_TYPES, EDITION_KINDS
from tracker.web.query import WITHIN_CHOICES, DeadlineQuery
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
    return Page(
        "upcoming.html",
        "Upcoming deadlines",
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
