"""One import run: parse PATH, pass the gate, store in one transaction, report.

``tracker import`` and the bundled catalog's seed both come through :func:`run_import`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from tracker.catalog.importers import ccf, hf, pwc
from tracker.catalog.importers.aliases import AliasTable, load_aliases
from tracker.catalog.importers.merge import Catalog, store
from tracker.catalog.importers.records import Batch, Issue
from tracker.catalog.importers.validate import check
from tracker.errors import Invalid

PARSERS: dict[str, Callable[[Path], Batch]] = {"pwc": pwc.parse, "hf": hf.parse, "ccf": ccf.parse}
FORMATS = tuple(PARSERS)


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


def parse_format(fmt: str) -> Callable[[Path], Batch]:
    parser = PARSERS.get(fmt.strip().lower())
    if parser is None:
        raise Invalid(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    return parser


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
    """Import ``path`` in format ``fmt`` into the session's transaction.

    ``dry_run`` rolls the session back after computing the report; ``strict`` stores nothing
    (and rolls back) when anything was rejected. The caller owns the transaction otherwise.
    Passing a ``catalog`` (the seed does, for its three sources) reuses its index and leaves
    the flush to the caller. ``on_step`` is told each stage as it starts (for a progress bar).
    """
    step = on_step or (lambda _stage: None)
    parser = parse_format(fmt)
    step("reading")
    batch = parser(path)
    step("checking")
    checked = check(batch, aliases or load_aliases(), min_year=min_year)
    step("storing")
    report = ImportReport(
        source=batch.source, path=str(path), files=batch.files, dry_run=dry_run, strict=strict
    )
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
    """``tracker import``: check the format and path, then import in one write transaction."""
    from tracker import clock, db
    from tracker.catalog.importers.yamlfiles import yaml_files

    parse_format(fmt)
    yaml_files(path)  # a missing path or an empty folder fails before the database is opened
    with db.session(url, write=True) as session:
        return run_import(
            session, path, fmt.strip().lower(), today=clock.today(), dry_run=dry_run, strict=strict
        )
