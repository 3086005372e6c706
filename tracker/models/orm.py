"""The declarative base: every room's mapped classes, on the one :data:`base.metadata`."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from tracker.models import base


class Base(DeclarativeBase):
    metadata = base.metadata
