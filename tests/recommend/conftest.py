"""A small, hand-made catalog for the recommend tests (rows inserted through the ORM).

The clock is pinned to 2026-03-01T12:00Z by the top-level conftest. The rows are test
fixtures shaped like real venues (names and places chosen for the cases), not catalog
facts: the bundled-catalog cases live in test_recommend_bundled.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest


@dataclass(frozen=True)
class Venue:
    key: str
    acronym: str
    topics: tuple[str, ...]
    start: date
    end: date
    city: str | None
    country: str | None
    lat: float | None
    lon: float | None
    mode: str = "in-person"
    kind: str = "conference"
    core: str | None = None
    paper: datetime | None = None
    estimated: bool = False


VENUES = (
    Venue("acl2026", "ACL", ("nlp",), date(2026, 7, 2), date(2026, 7, 7), "San Diego", "US", 32.72, -117.16,
          core="A*", paper=datetime(2026, 2, 15, 11, 59, tzinfo=UTC)),
    Venue("emnlp2026", "EMNLP", ("nlp",), date(2026, 10, 24), date(2026, 10, 28), "Budapest", "HU",
          47.50, 19.04, core="A*", paper=datetime(2026, 5, 20, 11, 59, tzinfo=UTC)),
    Venue("nlpcc2026", "NLPCC", ("nlp",), date(2026, 8, 14), date(2026, 8, 16), "Shanghai", "CN",
          31.22, 121.46, core="B", paper=datetime(2026, 3, 13, 11, 59, tzinfo=UTC)),
    Venue("cvpr2026", "CVPR", ("computer-vision",), date(2026, 6, 3), date(2026, 6, 7), "Denver", "US",
          39.74, -104.99, core="A*", paper=datetime(2025, 11, 14, 7, 59, tzinfo=UTC)),
    Venue("eccv2026", "ECCV", ("computer-vision",), date(2026, 9, 8), date(2026, 9, 13), "Malmo", "SE",
          55.61, 13.00, core="A*", paper=datetime(2026, 3, 6, 11, 59, tzinfo=UTC)),
    Venue("accv2026", "ACCV", ("computer-vision",), date(2026, 12, 7), date(2026, 12, 11), "Tokyo", "JP",
          35.69, 139.69, core="B", paper=datetime(2026, 7, 1, 11, 59, tzinfo=UTC)),
    Venue("vnlp2026", "VNLP", ("nlp",), date(2026, 9, 20), date(2026, 9, 20), None, None, None, None,
          mode="virtual", kind="workshop", paper=datetime(2026, 7, 15, 11, 59, tzinfo=UTC)),
    Venue("running2026", "RUN", ("nlp",), date(2026, 2, 27), date(2026, 3, 3), "Beijing", "CN", 39.91, 116.40,
          core="A"),
    Venue("iclr2027", "ICLR", ("machine-learning", "deep-learning"), date(2027, 4, 24), date(2027, 4, 28),
          None, None, None, None, core="A*", paper=datetime(2026, 9, 25, 11, 59, tzinfo=UTC), estimated=True),
)  # fmt: skip


def insert_catalog(session, venues=VENUES) -> None:
    from tracker.catalog.quality_store import store_composites
    from tracker.models.catalog import Deadline, Edition, QualitySignal, Series, SeriesTopic

    for v in venues:
        series = Series(key=v.key[:-4], acronym=v.acronym, name=f"{v.acronym} conference", kind=v.kind)
        series.topics = [SeriesTopic(topic=t) for t in v.topics]
        if v.core:
            series.signals = [QualitySignal(source="core", value=v.core, provenance="test")]
        edition = Edition(
            key=v.key, year=v.start.year, kind=v.kind, start_date=v.start, end_date=v.end, city=v.city,
            country=v.country, latitude=v.lat, longitude=v.lon, mode=v.mode, estimated=v.estimated,
        )  # fmt: skip
        if v.paper:
            edition.deadlines = [
                Deadline(type="paper", at_utc=v.paper, local_text=v.paper.strftime("%Y-%m-%d %H:%M:%S"),
                         timezone="UTC", estimated=v.estimated)
            ]  # fmt: skip
        series.editions = [edition]
        session.add(series)
    store_composites(session)  # as every writer of quality signals does


@pytest.fixture
def catalog(db_url: str) -> str:
    """A migrated test database holding only VENUES (committed), for the CLI and domain tests.

    A new database is seeded with the bundled catalog; it is cleared first so that these
    cases are about the rules, not about which real venues happen to be upcoming.
    """
    from sqlalchemy import delete

    from tracker import db
    from tracker.models.catalog import Series

    with db.session(db_url, write=True) as session:
        session.execute(delete(Series))  # editions, deadlines, fees, signals cascade
        insert_catalog(session)
    return db_url
