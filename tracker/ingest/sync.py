"""``tracker sync``: fetch every source, then store each in one transaction, and say what changed.

The order of work per source is what keeps a person's data safe:

1. read the source's URL and validators (a short read transaction);
2. fetch over the network with no transaction open (conditional GET: a 304 ends here);
3. parse the body into records, still outside any transaction -- a body that is not a
   feed is an error for this source and never reaches the database;
4. store all of it in ONE write transaction, together with the new validators, the change
   log rows and the memory of seen entries. Any exception rolls the whole source back,
   and the failure is then noted on the source in a separate small transaction. A catalog
   source is merged on a private copy of the database first, and only the rows it changed
   are written in that transaction (``ingest.catalog_store``), so a big one holds the write
   lock briefly.

The ETag is saved only with a successful store: had it been saved on a failed run, the next
run would get a 304 and the entries would never be stored.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from tracker import clock, db
from tracker.errors import Invalid, TrackerError
from tracker.i18n import N_, Message
from tracker.ingest import changes as change_log
from tracker.ingest.builtin import effective_areas
from tracker.ingest.changes import ChangeRecord
from tracker.ingest.http import DEFAULT_POLICY, Fetcher, FetchError, FetchPolicy, FetchResult
from tracker.ingest.kinds import (
    Item,
    ReadResult,
    SourceContext,
    StoreResult,
    read,
    reading_record,
    store_item,
    stores_readings,
    tag,
)
from tracker.ingest.sources import pick
from tracker.models.ingest import SeenEntry, Source
from tracker.models.ingest_tables import CATALOG_KINDS


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
    # With ``if_older``: the sources left alone because their last success is recent enough.
    fresh: list[str] = field(default_factory=list)

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
    areas: tuple[str, ...] | None = None
    last_ok_at: datetime | None = None


def sync(
    names: list[str] | None = None,
    *,
    url: str | None = None,
    policy: FetchPolicy = DEFAULT_POLICY,
    transport: object | None = None,
    progress: Callable[[Progress], None] | None = None,
    if_older: timedelta | None = None,
) -> SyncSummary:
    """Sync the named sources (all enabled ones when none are named); one outcome per source,
    never half-stored. With ``if_older``, a source whose last success is more recent is left alone."""
    started = clock.now()
    with db.session(url, write=True) as session:  # write: the built-in sources are reconciled
        targets = [_target(session, v.name) for v in pick(session, names)]
    fresh: list[str] = []
    if if_older is not None:
        recent = [t for t in targets if t.last_ok_at is not None and started - t.last_ok_at < if_older]
        fresh = [t.context.name for t in recent]
        targets = [t for t in targets if t not in recent]
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
    return SyncSummary(started, outcomes, fresh)


def _target(session: Session, name: str) -> _Target:
    source = session.scalars(select(Source).where(Source.name == name)).one()
    context = SourceContext(source.id, source.name, source.kind, source.edition_key)
    areas = effective_areas(source) if source.kind == "ccf" else None
    return _Target(context, source.url, source.etag, source.last_modified, areas, source.last_ok_at)


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
        abstracts, missed = _abstracts(fetcher, fetched.url) if context.kind == "virtual" else (None, None)
        parsed = read(
            context.kind,
            fetched.body,
            fetched.headers,
            fetched_url=fetched.url,
            edition_key=context.edition_key,
            areas=target.areas,
            abstracts=abstracts,
        )
        if missed is not None:
            parsed.warnings.append(missed)
            # Not the programme's validators either: else the next run's 304 would keep the
            # talks without their abstracts for good.
            fetched = replace(fetched, etag=None, last_modified=None)
        # Tag only what is new or changed, and before the write lock is taken (it is CPU work).
        with db.session(url) as session:
            seen_before = _seen(session, context.id)
        tag(context, [i for i in parsed.items if seen_before.get(i.key[:500]) != i.digest])

        def finish(session: Session, stored: StoreResult) -> None:
            outcome.changes = change_log.record(session, context.name, stored.changes)
            _save_fetch_state(session, context.id, fetched, parsed.warnings + stored.warnings)

        if context.kind in CATALOG_KINDS:
            # Built on a private copy, outside the write lock; written back with finish().
            from tracker.ingest.catalog_store import store_catalog

            assert parsed.catalog is not None
            stored = store_catalog(url, context, parsed.catalog, finish)
        else:
            with db.session(url, write=True) as session:
                stored = _store(session, context, parsed)
                finish(session, stored)
        outcome.added, outcome.updated = stored.added, stored.updated
        outcome.unchanged, outcome.rejected = stored.unchanged, stored.rejected
        outcome.warnings = parsed.warnings + stored.warnings
        outcome.status = "warning" if outcome.warnings else "ok"
    except Exception as exc:  # one exception boundary per source, see below
        # FetchError, FeedError, a rejected store -- or a bug met in this source's data (a
        # TypeError, MemoryError, RecursionError...): the source's data is as it was before,
        # and the sources after it are still synced. Only an interrupt ends the whole run.
        if isinstance(exc, FetchError) and exc.url == target.url:
            message = exc.problem  # the source's URL is known: what went wrong, kept as a Message
        elif isinstance(exc, TrackerError):
            message = exc.kept()
        elif isinstance(exc, SQLAlchemyError | OSError | ValueError):
            message = f"{type(exc).__name__}: {exc}"
        else:
            message = f"unexpected {type(exc).__name__} (a defect in tracker, please report it): {exc}"
        outcome.error = message
        outcome.status = "error"
        _note(url, context.id, "error", message)
    finally:
        outcome.seconds = time.monotonic() - started
    return outcome


def _abstracts(fetcher: Fetcher, programme_url: str) -> tuple[Mapping[str, str] | None, str | None]:
    """A virtual programme's abstracts file, fetched from beside it; or why not (a warning:
    the talks are stored without abstracts, and the next sync tries again)."""
    from tracker.learning.programme_virtual import abstracts_url, read_abstracts

    url = abstracts_url(programme_url)
    if url is None:
        return None, None
    try:
        # Read here, so that a broken file costs the abstracts only, not the programme.
        return read_abstracts(fetcher.fetch(url).body), None
    except (FetchError, Invalid) as exc:
        why = Message(
            N_("abstracts not fetched ({problem}); talks stored without them, the next sync tries again"),
            problem=exc.message,
        )
        return None, why


def _store(session: Session, context: SourceContext, parsed: ReadResult) -> StoreResult:
    result = StoreResult()
    seen = _seen(session, context.id)  # again, under the write lock
    pending: list[Item] = []
    for item in parsed.items:
        item.key = item.key[:500]
        if seen.get(item.key) == item.digest:
            result.unchanged += 1
        else:
            pending.append(item)
    if stores_readings(context):
        stored = _store_readings(session, context, pending, result)
    else:
        stored = [item for item in pending if _store_one(session, context, item, result)]
        if stored and context.kind == "wikicfp":
            from tracker.catalog.quality_store import store_composites

            store_composites(session)  # a call's edition may be a workshop at a parent edition
    _remember(session, context.id, stored, seen)
    return result


def _seen(session: Session, source_id: int) -> dict[str, str]:
    """Entry key -> content hash of what this source stored before (plain pairs, not ORM rows)."""
    query = select(SeenEntry.entry_key, SeenEntry.content_hash).where(SeenEntry.source_id == source_id)
    return {key: digest for key, digest in session.execute(query)}


def _store_readings(
    session: Session, context: SourceContext, items: list[Item], result: StoreResult
) -> list[Item]:
    from tracker.learning.reading_batch import store_readings

    by_key = {item.key: item for item in items}
    batch = store_readings(session, [(item.key, reading_record(context, item)) for item in items])
    result.added += len(batch.added)
    result.updated += len(batch.updated)
    result.rejected += len(batch.rejected)
    result.warnings.extend(f"{key}: rejected: {reason}" for key, reason in batch.rejected)
    if batch.added:
        # One line in the change log per run, not one per paper: the log is read by people.
        titles = [by_key[key].payload.title for key in batch.added[:3]]
        more = f" and {len(batch.added) - 3} more" if len(batch.added) > 3 else ""
        result.changes.append(
            ChangeRecord(
                "new_reading", context.name, None, f"{len(batch.added)} new", "; ".join(titles) + more
            )
        )
    return [by_key[key] for key in [*batch.added, *batch.updated]]


def _remember(session: Session, source_id: int, stored: list[Item], seen: dict[str, str]) -> None:
    """Record the content hash of every stored item (bulk: one statement per kind of write)."""
    now = clock.now()
    new_rows = [
        {"source_id": source_id, "entry_key": i.key, "content_hash": i.digest, "first_seen_at": now,
         "last_seen_at": now}
        for i in stored
        if i.key not in seen
    ]  # fmt: skip
    changed = [{"k": i.key, "h": i.digest} for i in stored if i.key in seen]
    if new_rows:
        session.connection().execute(insert(SeenEntry.metadata.tables["seen_entry"]), new_rows)
    if changed:
        statement = (
            update(SeenEntry)
            .where(SeenEntry.source_id == source_id, SeenEntry.entry_key == bindparam("k"))
            .values(content_hash=bindparam("h"), last_seen_at=now)
        )
        session.connection().execute(statement, changed)


def _store_one(session: Session, context: SourceContext, item: Item, result: StoreResult) -> bool:
    """Store one item under a savepoint: a record the gate rejects is reported, the rest go on."""
    try:
        with session.begin_nested():
            created, found = store_item(session, context, item)
    except TrackerError as exc:
        result.rejected += 1
        result.warnings.append(Message(N_("{key}: rejected: {problem}"), key=item.key, problem=exc.message))
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
    source.last_fetched_at = source.last_ok_at = clock.now()
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
        else:  # 304: the source confirmed what is stored
            source.last_ok_at = source.last_fetched_at
