"""The person's profile: who they are, what they like, afford and when they are free."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Mapped

from tracker.models import profile_table as tables
from tracker.models.orm import Base


class Profile(Base):
    """One saved profile (``name`` leaves room for several; the CLI uses "default")."""

    __table__ = tables.profile

    id: Mapped[int]
    name: Mapped[str]
    home_text: Mapped[str | None]
    home_city: Mapped[str | None]
    home_country: Mapped[str | None]
    home_latitude: Mapped[float | None]
    home_longitude: Mapped[float | None]
    interests: Mapped[list[str]]
    budget: Mapped[float | None]
    currency: Mapped[str]
    student: Mapped[bool]
    available_from: Mapped[date | None]
    available_to: Mapped[date | None]
    mode: Mapped[str]
    prep_days: Mapped[int]
    virtual_ok: Mapped[bool]
    weights: Mapped[dict[str, Any] | None]
    passports: Mapped[list[str] | None]
    updated_at: Mapped[datetime | None]
