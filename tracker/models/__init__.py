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
    "ingest",
    "learning",
    "personal",
    "profile",
]
