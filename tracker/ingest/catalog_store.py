"""Storing a fetched catalog file through the catalog's own importer, gate and merge.

``import_batch`` is the same call ``tracker import`` makes for a local file once it is read,
so a fetched file meets the same validation gate. This module adds a snapshot of the catalog before and after,
so the change log can say what moved (a deadline, the dates, the venue, a new edition).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from tracker import clock
from tracker.ingest import changes as change_log
from tracker.ingest.kinds import SourceContext, StoreResult

if TYPE_CHECKING:
    from tracker.catalog.importers.records import Batch


def store_catalog(session: Session, context: SourceContext, batch: Batch) -> StoreResult:
    from tracker.catalog.importers.service import import_batch

    before = change_log.snapshot(session)
    report = import_batch(session, batch, context.name, today=clock.today())
    after = change_log.snapshot(session)
    return StoreResult(
        added=len(report.added),
        updated=len(report.updated),
        unchanged=len(report.unchanged),
        rejected=len(report.rejected),
        changes=change_log.diff(before, after),
        warnings=[issue.line() for issue in [*report.rejected, *report.warnings]],
    )
