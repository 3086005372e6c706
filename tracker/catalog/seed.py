"""Filling a new database: the bundled catalog (``data/catalog``) and its known fees.

``data/catalog/sources/`` holds unmodified copies of the three public trackers' YAML
files (see ``data/catalog/SOURCES.md``); :func:`load_bundled` imports them in order --
paperswithcode (oldest), huggingface, ccf-deadlines -- keeping editions from
:data:`FIRST_YEAR` on. Records the validation gate rejects are simply not loaded:
upstream defects never stop a first run. Then the bundled workshops
(``data/catalog/workshops.yml``, :mod:`tracker.catalog.workshops`) join their parent
editions. That much never looks at the clock: the build stores its rows as the seed's
snapshot (:mod:`tracker.catalog.snapshot`), which a first run inserts instead when it is
current. Then, from today, the estimated next editions are built, the quality composites
stored, and :func:`seed_known_fees` writes ``data/catalog/known_fees.yml`` as Fee rows.

:func:`seed` is the database's seeder (``tracker.db.SEEDERS``): it runs once, inside the
transaction that created the schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from tracker import clock, config
from tracker.errors import Invalid
from tracker.i18n import N_, Message

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from tracker.catalog.estimates import EstimateReport
    from tracker.catalog.importers.service import ImportReport
    from tracker.catalog.workshops import WorkshopReport

FIRST_YEAR = 2020
#: (format, folder under data/catalog/sources), in import order; where they disagree the
#: merge decides field by field (see importers/reconcile.py).
BUNDLED = (("pwc", "pwc"), ("hf", "hf"), ("ccf", "ccf"))
#: The day each bundled copy was taken upstream (data/catalog/SOURCES.md): when those
#: sources last confirmed what they say.
BUNDLED_AS_OF = {
    "pwc": datetime(2024, 3, 18, tzinfo=UTC),
    "hf": datetime(2026, 7, 16, tzinfo=UTC),
    "ccf": datetime(2026, 8, 20, tzinfo=UTC),
}


@dataclass
class SeedReport:
    # Empty when the rows came from the snapshot: nothing was read or merged.
    reports: list[ImportReport] = field(default_factory=list)
    estimates: EstimateReport | None = None
    known_fees: int = 0
    workshops: WorkshopReport | None = None


def sources_dir() -> Path:
    return config.data_dir() / "catalog" / "sources"


def seed_new(conn: Connection) -> SeedReport:
    """The database's seeder (``tracker.db.SEEDERS``): :func:`seed` inside ``conn``'s transaction.

    On SQLite with a current snapshot, without the ORM: the snapshot's rows, then the
    estimates (:mod:`tracker.catalog.first_estimates`), the quality composites and the
    known fees with Core statements, the rows :func:`seed` stores (ids included). The ORM
    module and the catalog's mappers cost a first run more than all its inserts.
    """
    from tracker.catalog import snapshot

    tables = snapshot.load() if conn.dialect.name == "sqlite" else None
    if tables is not None:
        from tracker.catalog.first_estimates import create_estimates
        from tracker.catalog.quality_store import store_composites

        snapshot.insert(conn, tables)
        report = SeedReport(estimates=create_estimates(conn, clock.today()))
        if report.estimates is None:  # a snapshot that holds estimates (none does): the ORM's work
            with _session(conn) as session:
                report.estimates = _refresh(session)
        store_composites(conn)
        fees = insert_known_fees(conn)
        if fees is None:  # a snapshot that holds fees (none does)
            with _session(conn) as session:
                fees = seed_known_fees(session)
        report.known_fees = fees
        return report
    with _session(conn) as session:
        report = seed(session)
        session.flush()
    return report


def _session(conn: Connection) -> Session:
    from sqlalchemy.orm import Session

    return Session(bind=conn, expire_on_commit=False)


def _refresh(session: Session) -> EstimateReport:
    from tracker.catalog.estimates import refresh_estimates

    report = refresh_estimates(session, clock.today())
    session.flush()
    return report


def seed(session: Session) -> SeedReport:
    """Fill a freshly created database with the bundled catalog and its known fees (no network)."""
    from tracker.catalog import snapshot
    from tracker.catalog.estimates import refresh_estimates
    from tracker.catalog.quality_store import store_composites

    tables = snapshot.load() if session.get_bind().dialect.name == "sqlite" else None
    if tables is not None:
        snapshot.insert(session.connection(), tables)
        report = SeedReport()
    else:
        report = load_bundled(session)
    # From the estimates' module itself: the importers' wrapper would import every parser
    # and the gate, which a first run from the snapshot never needs.
    report.estimates = refresh_estimates(session, clock.today())
    session.flush()
    store_composites(session)
    report.known_fees = seed_known_fees(session)
    return report


def load_bundled_into(conn: Connection) -> SeedReport:
    """:func:`load_bundled` as a seeder (on the connection): what the build's snapshot holds."""
    with _session(conn) as session:
        report = load_bundled(session)
        session.flush()
    return report


def load_bundled(session: Session) -> SeedReport:
    """Import the bundled sources and workshops into ``session`` (the caller commits).

    What it writes depends on the code and the shipped data only, never on the clock: it
    is what the snapshot holds.
    """
    from tracker.catalog.bulk import insert_new
    from tracker.catalog.importers.merge import Catalog
    from tracker.catalog.importers.service import run_import
    from tracker.catalog.workshops import seed_workshops

    out = SeedReport()
    today = clock.today()  # read by run_import's refresh only, which is off here
    # One index, one reconciliation of each edition and one write for the three sources: on
    # SQLite a bulk one (every object is new: nothing for the ORM's flush to compare).
    catalog = Catalog(session, settle_later=True)
    for fmt, folder in BUNDLED:
        path = sources_dir() / folder
        if path.exists():
            report = run_import(
                session,
                path,
                fmt,
                today=today,
                min_year=FIRST_YEAR,
                refresh=False,
                catalog=catalog,
                seen_at=BUNDLED_AS_OF[fmt],
            )
            out.reports.append(report)
    catalog.settle()
    if session.get_bind().dialect.name == "sqlite":
        insert_new(session)
    else:
        # PostgreSQL hands out ids from sequences, which explicit ids would not advance (the
        # next ORM insert would collide with id 1); a shared catalog is seeded once anyway.
        session.flush()
    out.workshops = seed_workshops(session)
    session.flush()
    return out


def seed_known_fees(session: Session, path: Path | None = None) -> int:
    """Write the fees of ``known_fees.yml`` for the editions present as Fee rows; returns how many.

    Idempotent: a fee already stored for the same edition, category and early flag is
    updated in place. Editions not in the database are skipped (the file covers the
    bundled catalog and more). A malformed record raises Invalid naming it and the field.
    """
    from tracker.models.catalog import Edition, Fee

    records, path = _fee_records(path)
    keys = {str(r.get("edition")) for r in records if isinstance(r, dict)}
    editions = {e.key: e for e in session.scalars(select(Edition).where(Edition.key.in_(keys)))}
    written = 0
    for key, fees in _checked_fees(records, path, set(editions)):
        edition = editions[key]
        existing = {(f.category, f.early): f for f in edition.fees}
        for values in fees:
            row = existing.get((values["category"], values["early"]))
            if row is None:
                row = Fee(category=values["category"], early=values["early"], currency="", source="")
                edition.fees.append(row)
            for name, value in values.items():
                setattr(row, name, value)
            written += 1
    session.flush()
    return written


def insert_known_fees(conn: Connection, path: Path | None = None) -> int | None:
    """:func:`seed_known_fees` for a catalog without fees (a first run), with Core inserts.

    The rows and their ids are those the ORM gives the new Fee objects (ids in the order
    they are added). None (nothing written) for a catalog that holds fees already: that is
    :func:`seed_known_fees`' work.
    """
    from tracker.models.catalog_tables import edition, fee

    if conn.exec_driver_sql("SELECT 1 FROM fee LIMIT 1").first() is not None:
        return None
    records, path = _fee_records(path)
    keys = {str(r.get("edition")) for r in records if isinstance(r, dict)}
    editions = dict(conn.execute(select(edition.c.key, edition.c.id).where(edition.c.key.in_(keys))).all())
    rows: list[dict[str, Any]] = []
    next_id, written = 1, 0
    # What each edition's fee collection holds as the records go (the ORM's ``edition.fees``).
    stored: dict[str, list[dict[str, Any]]] = {}
    for key, fees in _checked_fees(records, path, set(editions)):
        held = stored.setdefault(key, [])
        existing = {(f["category"], f["early"]): f for f in held}
        for values in fees:
            row = existing.get((values["category"], values["early"]))
            if row is None:
                row = {"id": next_id, "edition_id": editions[key]}
                next_id += 1
                held.append(row)
                rows.append(row)
            row.update(values)
            written += 1
    if rows:
        conn.execute(fee.insert(), rows)
    return written


def _fee_records(path: Path | None) -> tuple[list[Any], Path]:
    import yaml

    path = path or config.data_dir() / "catalog" / "known_fees.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data.get("fees") or [], path


def _checked_fees(
    records: list[Any], path: Path, present: set[str]
) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Each record of an edition in ``present``, checked: (edition key, its fees' columns).

    A record of an absent edition is checked as far as its own fields (not its fees'),
    as it always was; a malformed one raises Invalid naming it and the field.
    """
    from tracker.models.catalog_tables import FEE_CATEGORIES
    from tracker.recommend.currencies import currencies

    for n, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise Invalid(Message(N_("{name}: record {n} is not a mapping"), name=path.name, n=n))
        name = f"{path.name}: {record.get('edition') or f'record {n}'}"
        for field_name in ("edition", "currency", "source", "fees"):
            if not record.get(field_name):
                raise Invalid(
                    Message(N_("{name}: missing field {field_name}"), name=name, field_name=repr(field_name))
                )
        currency = str(record["currency"]).upper()
        try:
            currencies().rate(currency)
        except Invalid as exc:
            raise Invalid(
                Message(N_("{name}: field 'currency': {message}"), name=name, message=exc.message),
                suggestions=exc.suggestions,
            ) from None
        if not str(record["source"]).startswith(("http://", "https://")):
            raise Invalid(
                Message(N_("{name}: field 'source' must be the URL the fee was copied from"), name=name)
            )
        early_until, zone, confirmed = _fee_dates(record, name)
        key = str(record["edition"])
        if key not in present:
            continue
        fees = []
        for fee in record["fees"]:
            category = str(fee.get("category"))
            if category not in FEE_CATEGORIES:
                raise Invalid(
                    Message(
                        N_("{name}: field 'category' must be one of {value}"),
                        name=name,
                        value=", ".join(FEE_CATEGORIES),
                    )
                )
            try:
                amount = float(fee["amount"])
            except (KeyError, TypeError, ValueError):
                raise Invalid(Message(N_("{name}: field 'amount' must be a number"), name=name)) from None
            if amount < 0:
                raise Invalid(Message(N_("{name}: field 'amount' must not be negative"), name=name))
            early = bool(fee.get("early", False))
            fees.append(
                {
                    "category": category,
                    "early": early,
                    "amount": amount,
                    "currency": currency,
                    "source": str(record["source"]),
                    # The end of the early-bird rate belongs to the early rows only (the
                    # regular rate holds until the conference).
                    "early_until": early_until if early else None,
                    "early_until_zone": zone if early else None,
                    "confirmed_at": confirmed,
                }
            )
        yield key, fees


def _fee_dates(record: dict[str, object], name: str) -> tuple[datetime | None, str | None, datetime | None]:
    """A record's early-bird end (UTC instant and the zone as the page gave it) and its check date.

    ``early_until`` is the last day (or time) of the early-bird rate as the page writes it,
    read in ``early_until_zone`` ("AoE", "UTC", an IANA name); a bare date means the end of
    that day there. ``checked`` is the day the page was read: the fee's ``confirmed_at``.
    """
    from tracker.catalog.timezones import instant_from_text

    until_text = record.get("early_until")
    zone = record.get("early_until_zone")
    if until_text is not None and not zone:
        raise Invalid(
            Message(
                N_("{name}: field 'early_until_zone' must say the zone of early_until (AoE, UTC, ...)"),
                name=name,
            )
        )
    until = instant_from_text(until_text, str(zone) if zone else None, f"{name}: field 'early_until'")
    checked = instant_from_text(record.get("checked"), "UTC", f"{name}: field 'checked'")
    return until, str(zone).strip() if until is not None and zone else None, checked
