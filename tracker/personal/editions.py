"""Small helpers shared by the personal modules: finding an edition and naming it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tracker.catalog.resolve import resolve_edition
from tracker.models.catalog import Edition


def find_edition(session: Session, key: str) -> Edition:
    """The edition meant by ``key`` (NotFound with suggestions on a miss)."""
    return resolve_edition(session, key)


def edition_label(edition: Edition) -> str:
    """'NeurIPS 2026' (or the edition's own title when it has one)."""
    if edition.title:
        return edition.title
    return f"{edition.series.acronym} {edition.year}"
