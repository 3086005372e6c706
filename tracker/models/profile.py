"""The person's profile: who they are, what they like, afford and when they are free."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.models.base import UTCDateTime
from tracker.models.orm import Base

PROFILE_MODES = ("attend", "submit")


class Profile(Base):
    """One saved profile (``name`` leaves room for several; the CLI uses "default")."""

    __tablename__ = "profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True, default="default")
    # Home as the person typed it, and as resolved offline (so recommend needs no geocoding).
    home_text: Mapped[str | None] = mapped_column(String(200))
    home_city: Mapped[str | None] = mapped_column(String(120))
    home_country: Mapped[str | None] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    home_latitude: Mapped[float | None] = mapped_column(Float)
    home_longitude: Mapped[float | None] = mapped_column(Float)
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)  # topic keys
    budget: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    student: Mapped[bool] = mapped_column(Boolean, default=False)
    available_from: Mapped[date | None] = mapped_column(Date)
    available_to: Mapped[date | None] = mapped_column(Date)
    mode: Mapped[str] = mapped_column(String(8), default="attend")
    prep_days: Mapped[int] = mapped_column(Integer, default=0)
    virtual_ok: Mapped[bool] = mapped_column(Boolean, default=False)
    weights: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # criterion -> relative weight
    passports: Mapped[list[str] | None] = mapped_column(JSON)  # ISO 3166-1 alpha-2 codes
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint("mode IN ('attend', 'submit')", name="mode"),
        CheckConstraint("budget IS NULL OR budget > 0", name="budget"),
        CheckConstraint("prep_days >= 0", name="prep_days"),
        CheckConstraint(
            "available_from IS NULL OR available_to IS NULL OR available_from <= available_to",
            name="window",
        ),
    )
