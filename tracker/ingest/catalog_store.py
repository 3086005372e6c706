"""Storing a fetched catalog file through the catalog's own validation gate and merge step.

The importers read the file, the gate decides field by field, the merge stores; this module
only takes a snapshot of the catalog before and after so the change log can say what moved.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from tracker.errors import TrackerError
from tracker.ingest import changes as change_log
from tracker.ingest.kinds import SourceContext, StoreResult


def store_batch(session: Session, context: SourceContext, batch: Any) -> StoreResult:
    try:
        from tracker.catalog.importers import service  # type: ignore[attr-defined]
    except ImportError as exc:
        raise TrackerError("catalog sources need the catalog importers' merge step (not installed)") from exc
    before = change_log.snapshot(session)
    report = service.store_batch(session, batch)
    after = change_log.snapshot(session)
    return StoreResult(
        added=report.added,
        updated=report.updated,
        unchanged=report.unchanged,
        rejected=report.rejected,
        changes=change_log.diff(before, after),
        warnings=[issue.line() for issue in report.issues],
    )
