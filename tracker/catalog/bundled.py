"""Loading the bundled catalog (``data/catalog``) into a new database.

``data/catalog/sources/`` holds unmodified copies of the three public trackers' YAML
files (see ``data/catalog/SOURCES.md``); the seed imports them in order -- paperswithcode
(oldest), huggingface, ccf-deadlines -- inside the seed's single transaction, keeping
editions from :data:`FIRST_YEAR` on. Records the validation gate rejects are simply not
loaded: upstream defects never stop a first run. Then the estimated next editions are built.

Within one process the result of a seed is remembered (per data directory and day) and a
later seed of another new database inserts the same rows directly: test suites create
hundreds of fresh databases, and the import would be repeated identically every time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from tracker import clock, config

if TYPE_CHECKING:
    from tracker.catalog.importers.service import ImportReport

FIRST_YEAR = 2020
#: (format, folder under data/catalog/sources), in import order: the later, better-ranked
#: sources overwrite the earlier ones where they disagree (see importers/merge.py).
BUNDLED = (("pwc", "pwc"), ("hf", "hf"), ("ccf", "ccf"))

_replay: dict[tuple[str, date], list[tuple[Table, list[dict[str, Any]]]]] = {}


@dataclass
class SeedReport:
    reports: list[ImportReport] = field(default_factory=list)
    estimates: dict[str, int] = field(default_factory=dict)


def sources_dir() -> Path:
    return config.data_dir() / "catalog" / "sources"


def load_bundled(session: Session) -> SeedReport:
    """Import the bundled sources into ``session`` (the caller commits)."""
    from tracker.catalog.importers.merge import Catalog
    from tracker.catalog.importers.service import refresh_estimates, run_import

    out = SeedReport()
    today = clock.today()
    catalog = Catalog(session)  # one index and one flush for the three sources
    for fmt, folder in BUNDLED:
        path = sources_dir() / folder
        if path.exists():
            report = run_import(
                session, path, fmt, today=today, min_year=FIRST_YEAR, refresh=False, catalog=catalog
            )
            out.reports.append(report)
    session.flush()
    out.estimates = refresh_estimates(session, today)
    return out


def _catalog_tables() -> list[Table]:
    from tracker.models import catalog as m

    classes = (m.Series, m.SeriesAlias, m.SeriesTopic, m.Edition, m.EditionSource, m.Deadline, m.Fee,
               m.QualitySignal, m.AcceptRate)  # fmt: skip
    return [cls.__table__ for cls in classes]  # type: ignore[misc]


def seed(session: Session) -> None:
    """Fill a freshly created database with the bundled catalog (no network)."""
    key = (str(config.data_dir()), clock.today())
    remembered = _replay.get(key)
    if remembered is not None:
        for table, rows in remembered:
            if rows:
                session.execute(table.insert(), rows)
        return
    load_bundled(session)
    session.flush()
    _replay[key] = [
        (t, [dict(row._mapping) for row in session.execute(select(t))]) for t in _catalog_tables()
    ]


def forget_replay() -> None:
    """Drop the remembered seed (tests that change the bundled data call this)."""
    _replay.clear()
