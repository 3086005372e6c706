"""The profile's table read without the ORM (Core).

``tracker recommend`` reads the saved profile's columns on a read connection, so that a cold
process neither imports ``sqlalchemy.orm`` nor builds a mapper for one row.
:mod:`tracker.models.profile` maps its class onto it.
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, CheckConstraint, Column, Date, Float, Integer, String, Table

from tracker.models.base import UTCDateTime, metadata, one_of

PROFILE_MODES = ("attend", "submit")

# One saved profile (``name`` leaves room for several; the CLI uses "default").
profile = Table(
    "profile",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(40), unique=True, nullable=False, default="default"),
    # Home as the person typed it, and as resolved offline (so recommend needs no geocoding).
    Column("home_text", String(200)),
    Column("home_city", String(120)),
    Column("home_country", String(2)),  # ISO 3166-1 alpha-2
    Column("home_latitude", Float),
    Column("home_longitude", Float),
    Column("interests", JSON, nullable=False, default=list),  # topic keys
    Column("budget", Float),
    Column("currency", String(3), nullable=False, default="EUR"),
    Column("student", Boolean, nullable=False, default=False),
    Column("available_from", Date),
    Column("available_to", Date),
    Column("mode", String(8), nullable=False, default="attend"),
    Column("prep_days", Integer, nullable=False, default=0),
    Column("virtual_ok", Boolean, nullable=False, default=False),
    Column("weights", JSON),  # criterion -> relative weight
    Column("passports", JSON),  # ISO 3166-1 alpha-2 codes
    Column("updated_at", UTCDateTime),
    CheckConstraint(one_of("mode", PROFILE_MODES), name="mode"),
    CheckConstraint("budget IS NULL OR budget > 0", name="budget"),
    CheckConstraint("prep_days >= 0", name="prep_days"),
    CheckConstraint(
        "available_from IS NULL OR available_to IS NULL OR available_from <= available_to",
        name="window",
    ),
)
