"""``tracker sync``: fetch every source, then store each in one transaction, and say what changed.

The order of work per source is what keeps a person's data safe:

1. read the source's URL and validators (a short read transaction);
2. fetch over the network with no transaction open (conditional GET: a 304 ends here);
3. parse the body into records, still outside any transaction -- a body that is not a
   feed is an error for this source and never reaches the database;
4. store all of it in ONE write transaction, together with the new validators, the change
   log rows and the memory of seen entries. Any exception rolls the whole source back,
   and the failure is then noted on the source in a separate small transaction.

The ETag is saved only with a successful store: had it been saved on a failed run, the next
run would get a 304 and the entries would never be stored.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from tracker import clock, db
from tracker.errors import TrackerError
from tracker.ingest import changes as change_log
from tracker.ingest.http import DEFAULT_POLICY, Fetcher, FetchError, FetchPolicy, FetchResult
from tracker.ingest.kinds import Item, ReadResult, SourceContext, StoreResult, read, store_item
from tracker.ingest.sources import pick
from tracker.models.ingest import SeenEntry, Source

CATALOG_KINDS = ("pwc", "hf", "ccf")


@dataclass
class SourceOutcome:
    """What happened to one source in one run."""

    name: str
    kind: str
    status: str  # "ok", "warning", "not-modified" or "error"
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    changes: int = 0
    bytes: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class SyncSummary:
    started_at: datetime
    sources: list[SourceOutcome]

    @property
    def failed(self) -> int:
        return sum(1 for s in self.sources if s.status == "error")

    @property
    def changes(self) -> int:
        return sum(s.changes for s in self.sources)


@dataclass(frozen=True)
class Progress:
    """Reported before (``done=False``) and after each source, for a progress bar."""

    index: int
    total: int
    name: str
    done: bool
    status: str = ""


@dataclass(frozen=True)
class _Target:
    context: SourceContext
    url: str
    etag: str | None
    last_modified: str | None


def sync(
    names: list[str] | None = None,
    *,
    url: str | None = None,
    policy: FetchPolicy = DEFAULT_POLICY,
    transport: object | None = None,
    progress: Callable[[Progress], None] | None = None,
) -> SyncSummary:
    """Sync the named sources (all when none are named); one outcome per source, never half-stored."""
    started = clock.now()
    with db.session(url) as session:
        targets = [_target(session, v.name) for v in pick(session, names)]
    outcomes: list[SourceOutcome] = []
    with Fetcher(policy, transport=transport) as fetcher:  # type: ignore[arg-type]
        for index, target in enumerate(targets):
            if progress:
                progress(Progress(index, len(targets), target.context.name, done=False))
            outcome = sync_one(fetcher, target, url)
            outcomes.append(outcome)
            if progress:
                progress(
                    Progress(index + 1, len(targets), target.context.name, done=True, status=outcome.status)
                )
    return SyncSummary(started, outcomes)


def _target(session: Session, name: str) -> _Target:
    source = session.scalars(select(Source).where(Source.name == name)).one()
    context = SourceContext(source.id, source.name, source.kind, source.edition_key)
    return _Target(context, source.url, source.etag, source.last_modified)


def sync_one(fetcher: Fetcher, target: _Target, url: str | None = None) -> SourceOutcome:
    context = target.context
    outcome = SourceOutcome(context.name, context.kind, status="error")
    started = time.monotonic()
    try:
        fetched = fetcher.fetch(target.url, etag=target.etag, last_modified=target.last_modified)
        if fetched.not_modified:
            _note(url, context.id, "not-modified", None)
            outcome.status = "not-modified"
            return outcome
        assert fetched.body is not None
        outcome.bytes = len(fetched.body)
        parsed = read(context.kind, fetched.body, fetched.headers, edition_key=context.edition_key)
        with db.session(url, write=True) as session:
            stored = _store(session, context, parsed)
            outcome.changes = change_log.record(session, context.name, stored.changes)
            _save_fetch_state(session, context.id, fetched, stored.warnings or parsed.warnings)
        outcome.added, outcome.updated = stored.added, stored.updated
        outcome.unchanged, outcome.rejected = stored.unchanged, stored.rejected
        outcome.warnings = parsed.warnings + stored.warnings
        outcome.status = "warning" if outcome.warnings else "ok"
    except (TrackerError, SQLAlchemyError, OSError, ValueError) as exc:
        # FetchError, FeedError, a rejected store: the source's data is as it was before.
        message = str(exc) if isinstance(exc, TrackerError) else f"{type(exc).__name__}: {exc}"
        if isinstance(exc, FetchError) and message.startswith(target.url + ": "):
            message = message[len(target.url) + 2 :]
        outcome.error = message
        outcome.status = "error"
        _note(url, context.id, "error", message)
    finally:
        outcome.seconds = time.monotonic() - started
    return outcome


def _store(session: Session, context: SourceContext, parsed: ReadResult) -> StoreResult:
    if context.kind in CATALOG_KINDS:
        from tracker.ingest.catalog_store import store_catalog

        assert parsed.catalog_body is not None
        return store_catalog(session, context, parsed.catalog_body)
    result = StoreResult()
    now = clock.now()
    seen = {
        row.entry_key: row
        for row in session.scalars(select(SeenEntry).where(SeenEntry.source_id == context.id))
    }
    for item in parsed.items:
        key = item.key[:500]
        row = seen.get(key)
        if row is not None and row.content_hash == item.digest:
            result.unchanged += 1
            continue
        if not _store_one(session, context, item, result):
            continue
        if row is None:
            row = SeenEntry(source_id=context.id, entry_key=key, first_seen_at=now, last_seen_at=now)
            session.add(row)
            seen[key] = row
        row.content_hash = item.digest
        row.last_seen_at = now
    return result


def _store_one(session: Session, context: SourceContext, item: Item, result: StoreResult) -> bool:
    """Store one item under a savepoint: a record the gate rejects is reported, the rest go on."""
    try:
        with session.begin_nested():
            created, found = store_item(session, context, item)
    except TrackerError as exc:
        result.rejected += 1
        result.warnings.append(f"{item.key}: rejected: {exc}")
        return False
    if created:
        result.added += 1
    else:
        result.updated += 1
    result.changes.extend(found)
    return True


def _save_fetch_state(session: Session, source_id: int, fetched: FetchResult, warnings: list[str]) -> None:
    source = session.get_one(Source, source_id)
    source.etag = fetched.etag
    source.last_modified = fetched.last_modified
    source.last_fetched_at = clock.now()
    source.last_status = "warning" if warnings else "ok"
    source.last_error = "; ".join(warnings[:3]) if warnings else None


def _note(url: str | None, source_id: int, status: str, error: str | None) -> None:
    """Record the outcome of a run that stored nothing (304 or failure) in its own transaction."""
    with db.session(url, write=True) as session:
        source = session.get(Source, source_id)
        if source is None:  # removed while we were fetching
            return
        source.last_fetched_at = clock.now()
        source.last_status = status
        if status == "error":
            source.last_error = error
