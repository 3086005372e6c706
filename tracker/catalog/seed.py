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

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import clock, config
from tracker.errors import Invalid
from tracker.i18n import N_, Message

if TYPE_CHECKING:
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
    import yaml

    from tracker.models.catalog import Edition, Fee
    from tracker.models.catalog_tables import FEE_CATEGORIES
    from tracker.recommend.currencies import currencies

    path = path or config.data_dir() / "catalog" / "known_fees.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    records = data.get("fees") or []
    keys = {str(r.get("edition")) for r in records if isinstance(r, dict)}
    editions = {e.key: e for e in session.scalars(select(Edition).where(Edition.key.in_(keys)))}
    written = 0
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
        edition = editions.get(str(record["edition"]))
        if edition is None:
            continue
        existing = {(f.category, f.early): f for f in edition.fees}
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
            row = existing.get((category, early))
            if row is None:
                row = Fee(category=category, early=early, amount=amount, currency=currency, source="")
                edition.fees.append(row)
            row.amount, row.currency, row.source = amount, currency, str(record["source"])
            # The end of the early-bird rate belongs to the early rows only (the regular rate
            # holds until the conference).
            row.early_until, row.early_until_zone = (early_until, zone) if early else (None, None)
            row.confirmed_at = confirmed
            written += 1
    session.flush()
    return written


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
