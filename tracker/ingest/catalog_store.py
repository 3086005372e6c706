"""Storing a fetched catalog file through the catalog's own importer, gate and merge.

``run_import`` is the same call ``tracker import`` makes for a local file, so a fetched file
meets the same validation gate. This module adds a snapshot of the catalog before and after,
so the change log can say what moved (a deadline, the dates, the venue, a new edition).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from tracker import clock
from tracker.ingest import changes as change_log
from tracker.ingest.kinds import SourceContext, StoreResult, catalog_file


def store_catalog(session: Session, context: SourceContext, body: bytes) -> StoreResult:
    from tracker.catalog.importers.service import run_import

    before = change_log.snapshot(session)
    with catalog_file(body) as path:
        report = run_import(session, path, context.kind, today=clock.today())
    after = change_log.snapshot(session)
    return StoreResult(
        added=len(report.added),
        updated=len(report.updated),
        unchanged=len(report.unchanged),
        rejected=len(report.rejected),
        changes=change_log.diff(before, after),
        warnings=[issue.line() for issue in [*report.rejected, *report.warnings]],
    )
