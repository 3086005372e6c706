"""A Conference page: ``tracker conf show KEY --sources`` and the edition's change history."""

from __future__ import annotations

from datetime import datetime, tzinfo

from sqlalchemy.orm import Session

from tracker.catalog.conflicts import edition_sources
from tracker.catalog.detail import edition_detail
from tracker.catalog.quality import Quality
from tracker.ingest.changes import recent_changes
from tracker.web.render import Page


def conference_page(
    session: Session,
    key: str,
    *,
    now: datetime,
    tz: tzinfo | None = None,
    quality: dict[int, Quality] | None = None,
) -> Page:
    """Every edition of the series ``key`` names, its quality signals, sources and changes.

    Raises NotFound (with suggestions) for a key that names nothing.
    """
    detail = edition_detail(session, key, now=now, tz=tz, quality=quality)
    sources = edition_sources(session, detail.selected, today=now.date())
    changes = recent_changes(session, subject=detail.selected)
    return Page(
        "conference.html",
        f"{detail.acronym} — {detail.name}",
        {"detail": detail, "sources": sources, "changes": changes},
    )
