"""Loading the bundled catalog (``data/catalog``) into a new database."""

from __future__ import annotations

from sqlalchemy.orm import Session


def seed(session: Session) -> None:
    """Fill a freshly created database with the bundled catalog (no network)."""
    return None
