"""One import run: parse PATH (or fetched text), pass the gate, store in one transaction, report.

``tracker import`` and the bundled catalog's seed come through :func:`run_import` (a path);
``tracker sync`` parses what it fetched with :func:`parse_format` and stores it with
:func:`import_batch`, the same gate and merge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from tracker.catalog.importers.aliases import AliasTable, load_aliases
from tracker.catalog.importers.merge import Catalog, store
from tracker.catalog.importers.records import Batch, Issue
from tracker.catalog.importers.validate import check
from tracker.catalog.importers.walker import LAYOUTS, read_path
from tracker.errors import Invalid

FORMATS = tuple(LAYOUTS)


@dataclass
class ImportReport:
    """What one import did (or, for a dry run or a refused strict run, would have done)."""

    source: str
    path: str
    files: int = 0
    stored: bool = False
    dry_run: bool = False
    strict: bool = False
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    estimates: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        verb = "stored" if self.stored else "nothing stored"
        return (
            f"{self.source}: {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.rejected)} rejected, "
            f"{len(self.warnings)} warnings ({verb})"
        )


def parse_format(fmt: str) -> Callable[[str, str], Batch]:
    """The parser of a format: ``parse(text, name) -> Batch``; Invalid for an unknown format."""
    layout = LAYOUTS.get(fmt.strip().lower())
    if layout is None:
        raise Invalid(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    return layout.parse


def run_import(
    session: Session,
    path: Path,
    fmt: str,
    *,
    today: date,
    dry_run: bool = False,
    strict: bool = False,
    min_year: int | None = None,
    aliases: AliasTable | None = None,
    refresh: bool = True,
    catalog: Catalog | None = None,
    on_step: Callable[[str], None] | None = None,
) -> ImportReport:
    """Import the files of format ``fmt`` at ``path`` into the session's transaction.

    See :func:`import_batch` for the options. Passing a ``catalog`` (the seed does, for its
    three sources) reuses its index and leaves the flush to the caller.
    """
    parse_format(fmt)
    (on_step or (lambda _stage: None))("reading")
    return import_batch(
        session,
        read_path(path, fmt.strip().lower()),
        str(path),
        today=today,
        dry_run=dry_run,
        strict=strict,
        min_year=min_year,
        aliases=aliases,
        refresh=refresh,
        catalog=catalog,
        on_step=on_step,
    )


def import_batch(
    session: Session,
    batch: Batch,
    where: str,
    *,
    today: date,
    dry_run: bool = False,
    strict: bool = False,
    min_year: int | None = None,
    aliases: AliasTable | None = None,
    refresh: bool = True,
    catalog: Catalog | None = None,
    on_step: Callable[[str], None] | None = None,
) -> ImportReport:
    """Pass a parsed batch (read from ``where``) through the gate and store it in the session.

    ``dry_run`` rolls the session back after computing the report; ``strict`` stores nothing
    (and rolls back) when anything was rejected. The caller owns the transaction otherwise.
    ``on_step`` is told each stage as it starts (for a progress bar).
    """
    step = on_step or (lambda _stage: None)
    step("checking")
    checked = check(batch, aliases or load_aliases(), min_year=min_year)
    step("storing")
    report = ImportReport(source=batch.source, path=where, files=batch.files, dry_run=dry_run, strict=strict)
    result = store(session, checked, catalog=catalog, flush=catalog is None)
    issues = checked.issues + result.issues
    report.added, report.updated, report.unchanged = result.added, result.updated, result.unchanged
    report.rejected = [i for i in issues if i.severity == "rejected"]
    report.warnings = [i for i in issues if i.severity == "warning"]
    if dry_run or (strict and report.rejected):
        session.rollback()
        return report
    if refresh:
        step("estimating")
        report.estimates = refresh_estimates(session, today)
    report.stored = True
    return report


def refresh_estimates(session: Session, today: date) -> dict[str, int]:
    """Rebuild the estimated next editions after the catalog changed (counts by action)."""
    from tracker.catalog.estimates import refresh_estimates as refresh

    done = refresh(session, today)
    session.flush()
    return {
        "created": len(done.created),
        "updated": len(done.updated),
        "removed": len(done.removed),
        "unchanged": len(done.unchanged),
    }


#: The stages ``on_step`` reports, in order (the last only when the import is stored).
STEPS = ("reading", "checking", "storing", "estimating")


def import_path(
    path: Path,
    fmt: str,
    *,
    dry_run: bool = False,
    strict: bool = False,
    url: str | None = None,
    on_step: Callable[[str], None] | None = None,
) -> ImportReport:
    """``tracker import``: read the files, then check and store them in one write transaction.

    Reading comes first, so a missing path or a folder without YAML fails before the
    database is opened, and no parse runs while the write lock is held.
    """
    from tracker import clock, db

    parse_format(fmt)
    (on_step or (lambda _stage: None))("reading")
    batch = read_path(path, fmt.strip().lower())
    with db.session(url, write=True) as session:
        return import_batch(
            session, batch, str(path), today=clock.today(), dry_run=dry_run, strict=strict, on_step=on_step
        )
