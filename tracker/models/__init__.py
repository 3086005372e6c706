"""Every table, one module per room; each room's tables come with their own migration.

Importing this package loads no room. A command imports the rooms it reads
(``tracker.models.catalog`` for ``conf list``), so it neither builds nor configures the
mappers of the others. Relationships and foreign keys across rooms name their target
class by import (personal and learning import ``catalog.Edition``, personal
``learning.Talk``), so any subset that a module's imports bring in is complete. What
needs every table (migrations, the counts of ``db info``, the schema tests) asks
:func:`metadata`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import MetaData

ROOMS = ("catalog", "ingest", "learning", "personal", "profile")


def metadata() -> MetaData:
    """The one metadata (:mod:`tracker.models.base`) with the tables of every room registered on it."""
    for room in ROOMS:
        import_module(f"tracker.models.{room}")
    from tracker.models import base

    return base.metadata


def include_in_autogenerate(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Alembic ``include_object`` hook: leave out tables no model describes on purpose.

    The notes' FTS5 index and its shadow tables are made by raw SQL in a migration;
    without this, autogenerate would propose dropping them.
    """
    from tracker.models.personal import is_unmanaged_table

    return not (type_ == "table" and reflected and name is not None and is_unmanaged_table(name))
