"""Every table. Importing this package registers all models on ``Base.metadata``.

One module per room; each module's tables come with their own migration.
"""

from tracker.models import catalog, ingest, learning, personal, profile
from tracker.models.base import Base, UTCDateTime
from tracker.models.catalog import (
    AcceptRate,
    Deadline,
    Edition,
    EditionSource,
    Fee,
    QualitySignal,
    Series,
    SeriesAlias,
    SeriesTopic,
)


def include_in_autogenerate(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Alembic ``include_object`` hook: leave out tables no model describes on purpose.

    The notes' FTS5 index and its shadow tables are made by raw SQL in a migration;
    without this, autogenerate would propose dropping them.
    """
    return not (type_ == "table" and reflected and name is not None and personal.is_unmanaged_table(name))


__all__ = [
    "AcceptRate",
    "Base",
    "Deadline",
    "Edition",
    "EditionSource",
    "Fee",
    "QualitySignal",
    "Series",
    "SeriesAlias",
    "SeriesTopic",
    "UTCDateTime",
    "catalog",
    "include_in_autogenerate",
    "ingest",
    "learning",
    "personal",
    "profile",
]
