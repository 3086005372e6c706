"""One import run: parse PATH (or fetched text), pass the gate, store in one transaction, report.

``tracker import`` comes through :func:`import_path` and ``tracker sync`` through
``tracker.ingest.catalog_store``: both build the import on a private copy of the database
and hold the write lock only to write back what changed (:mod:`staging`). The bundled
catalog's seed calls :func:`run_import` inside the migration's transaction. All three use
the same parsers (:func:`parse_format`), gate (``validate.check``) and merge
(:func:`store_checked`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path

from sqlalchemy.orm import Session

from tracker.catalog.importers.aliases import load_aliases
from tracker.catalog.importers.claims import Withdrawal
from tracker.catalog.importers.merge import Catalog, store
from tracker.catalog.importers.records import Batch, Issue
from tracker.catalog.importers.staging import build_then_write
from tracker.catalog.importers.validate import Checked, check
from tracker.catalog.importers.walker import LAYOUTS, parse_text, read_path
from tracker.catalog.quality_store import store_composites
from tracker.errors import Invalid, TrackerError
from tracker.i18n import N_, Message

FORMATS = tuple(LAYOUTS)
#: The stages ``on_step`` reports, in order (the last only when the import is stored).
STEPS = ("reading", "checking", "building", "writing")


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
    withdrawn: list[Withdrawal] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        """How many items passed the gate and the merge (stored, or would be)."""
        return len(self.added) + len(self.updated) + len(self.unchanged)

    def summary(self) -> Message:
        """``pwc: 3 added, 1 updated, 0 unchanged, 0 rejected, 2 warnings (stored)``, English as text."""
        return Message(
            N_(
                "{source}: {added} added, {updated} updated, {unchanged} unchanged, {rejected} rejected,"
                " {warnings} warnings ({verb})"
            ),
            source=self.source,
            added=len(self.added),
            updated=len(self.updated),
            unchanged=len(self.unchanged),
            rejected=len(self.rejected),
            warnings=len(self.warnings),
            verb=Message(N_("stored") if self.stored else N_("nothing stored")),
        )


def parse_format(fmt: str) -> Callable[[str, str], Batch]:
    """The parser of a format: ``parse(text, name) -> Batch``; Invalid for an unknown format.

    A text written for another format gives no records, only an issue saying which it looks like.
    """
    name = fmt.strip().lower()
    if name not in LAYOUTS:
        raise Invalid(
            Message(
                N_("unknown format {format}; use one of: {formats}"),
                format=repr(fmt),
                formats=", ".join(FORMATS),
            )
        )
    return partial(parse_text, name)


def refuse_unread(batch: Batch, where: str) -> None:
    """TrackerError when nothing at all could be read (not YAML, another format, no entries)."""
    if batch.series or batch.rates:
        return
    if not batch.issues:
        raise TrackerError(
            Message(
                N_("nothing read from {where}: it holds no {source} entries"),
                where=where,
                source=batch.source,
            )
        )
    first = batch.issues[0]
    more = f" (and {len(batch.issues) - 1} more)" if len(batch.issues) > 1 else ""
    raise TrackerError(
        Message(
            N_("nothing read from {where}: {problem}{more}"), where=where, problem=first.line(), more=more
        )
    )


def store_checked(
    session: Session,
    batch: Batch,
    checked: Checked,
    where: str,
    *,
    catalog: Catalog | None = None,
    seen_at: datetime | None = None,
    withdraw: str | None = None,
) -> ImportReport:
    """Merge what passed the gate into the session (the caller's transaction) and report it.

    ``checked`` is ``batch`` through the gate. Passing a ``catalog`` (the seed does, for its
    three sources) reuses its index and leaves the flush to the caller. ``seen_at`` and
    ``withdraw``: see :func:`merge.store`.
    """
    result = store(
        session, checked, catalog=catalog, flush=catalog is None, seen_at=seen_at, withdraw=withdraw
    )
    issues = checked.issues + result.issues
    return ImportReport(
        source=batch.source,
        path=where,
        files=batch.files,
        added=result.added,
        updated=result.updated,
        unchanged=result.unchanged,
        rejected=[i for i in issues if i.severity == "rejected"],
        warnings=[i for i in issues if i.severity == "warning"],
        withdrawn=result.withdrawn,
    )


def run_import(
    session: Session,
    path: Path,
    fmt: str,
    *,
    today: date,
    min_year: int | None = None,
    refresh: bool = True,
    catalog: Catalog | None = None,
    seen_at: datetime | None = None,
) -> ImportReport:
    """Import the files of format ``fmt`` at ``path`` into the session's transaction (the seed)."""
    parse_format(fmt)
    batch = read_path(path, fmt.strip().lower())
    checked = check(batch, load_aliases(), min_year=min_year)
    report = store_checked(session, batch, checked, str(path), catalog=catalog, seen_at=seen_at)
    if refresh:
        report.estimates = refresh_estimates(session, today)
    report.stored = True
    return report


def import_checked(
    batch: Batch,
    checked: Checked,
    where: str,
    *,
    today: date,
    url: str | None = None,
    dry_run: bool = False,
    strict: bool = False,
    on_step: Callable[[str], None] | None = None,
) -> ImportReport:
    """Store checked records in one short write transaction (see :mod:`staging`) and report.

    Nothing is written for a dry run, for a strict run with a rejection, or when nothing
    was accepted; the write lock is then never taken.
    """
    step = on_step or (lambda _stage: None)

    def build(session: Session) -> ImportReport:
        step("building")
        report = store_checked(session, batch, checked, where)
        report.dry_run, report.strict = dry_run, strict
        report.stored = not dry_run and not (strict and report.rejected) and report.accepted > 0
        if report.stored:
            report.estimates = refresh_estimates(session, today)
            store_composites(session)
            step("writing")
        return report

    return build_then_write(url, build, keep=lambda report: report.stored)


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


def import_path(
    path: Path,
    fmt: str,
    *,
    dry_run: bool = False,
    strict: bool = False,
    url: str | None = None,
    on_step: Callable[[str], None] | None = None,
) -> ImportReport:
    """``tracker import``: read the files, check them, then store them in one write transaction.

    Reading and checking come first, so a missing path, a folder without YAML or a file
    with nothing readable in it fails before the database is opened.
    """
    from tracker import clock

    parse_format(fmt)
    step = on_step or (lambda _stage: None)
    step("reading")
    batch = read_path(path, fmt.strip().lower())
    refuse_unread(batch, str(path))
    step("checking")
    checked = check(batch, load_aliases())
    return import_checked(
        batch,
        checked,
        str(path),
        today=clock.today(),
        url=url,
        dry_run=dry_run,
        strict=strict,
        on_step=on_step,
    )
