"""Storing a fetched catalog file through the catalog's own importer, gate and merge.

The same parsers, gate and merge as ``tracker import``, and the same way of writing: the
import is built on a private copy of the database, outside the write lock, and only what it
changed is written back in one short transaction (``catalog.importers.staging``). This
module adds a snapshot of the catalog before and after, taken on the copy, so the change
log can say what moved (a deadline, the dates, the venue, a new edition).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from tracker import clock
from tracker.ingest import changes as change_log
from tracker.ingest.kinds import SourceContext, StoreResult

if TYPE_CHECKING:
    from tracker.catalog.importers.records import Batch


def store_catalog(
    url: str | None,
    context: SourceContext,
    batch: Batch,
    then: Callable[[Session, StoreResult], None],
) -> StoreResult:
    """Import ``batch`` and call ``then(session, result)`` in the same write transaction."""
    from tracker.catalog.importers.aliases import load_aliases
    from tracker.catalog.importers.service import refresh_estimates, store_checked
    from tracker.catalog.importers.staging import build_then_write
    from tracker.catalog.importers.validate import check
    from tracker.catalog.quality_store import store_composites
    from tracker.catalog.seed import FIRST_YEAR

    # Geocoding and all, before any transaction; the years the bundled catalog keeps, so that
    # a sync of the data it was seeded from adds nothing.
    checked = check(batch, load_aliases(), min_year=FIRST_YEAR)
    today = clock.today()

    # A sync reads the source's listing: what it no longer lists is withdrawn by it, in the
    # series of the file read, or anywhere for a whole catalog (a repository's archive).
    withdraw = "all" if batch.complete else "series"

    def build(session: Session) -> StoreResult:
        before = change_log.snapshot(session)
        report = store_checked(session, batch, checked, context.name, withdraw=withdraw)
        report.estimates = refresh_estimates(session, today)
        store_composites(session)
        after = change_log.snapshot(session)
        withdrawn = change_log.withdrawals(context.name, report.withdrawn, after)
        return StoreResult(
            added=len(report.added),
            updated=len(report.updated),
            unchanged=len(report.unchanged),
            rejected=len(report.rejected),
            changes=change_log.diff(before, after) + withdrawn,
            warnings=[issue.line() for issue in [*report.rejected, *report.warnings]],
        )

    return build_then_write(url, build, keep=lambda _result: True, then=then)
