"""A small hand-made catalog for the query, quality and estimate tests.

The bundled catalog may or may not be present in a fresh database; these tests add
their own series with keys no real catalog uses (prefix ``t``), and filter on them.
The clock is pinned by the root conftest to 2026-03-01T12:00:00Z.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from tracker.catalog.quality_store import store_composites
from tracker.catalog.timezones import to_utc
from tracker.models.catalog import AcceptRate, Deadline, Edition, Fee, QualitySignal, Series, SeriesTopic


def add_series(
    session: Session,
    key: str,
    acronym: str,
    *,
    kind: str = "conference",
    topics: tuple[str, ...] = (),
    signals: dict[str, str] | None = None,
    reason: str | None = None,
) -> Series:
    series = Series(key=key, acronym=acronym, name=f"{acronym} test conference", kind=kind, source="test")
    series.topics = [SeriesTopic(topic=t) for t in topics]
    for source, value in (signals or {}).items():
        series.signals.append(
            QualitySignal(
                source=source,
                value=value,
                provenance=f"test {source}",
                reason=reason if source == "manual" else None,
            )
        )
    session.add(series)
    session.flush()
    return series


def add_edition(
    session: Session,
    series: Series,
    year: int,
    start: date | None,
    end: date | None,
    *,
    paper: datetime | None = None,
    paper_local: str | None = None,
    zone: str = "UTC",
    country: str | None = None,
    city: str | None = None,
    kind: str = "conference",
    parent: Edition | None = None,
    key: str | None = None,
) -> Edition:
    edition = Edition(
        series=series,
        year=year,
        key=key or f"{series.key}{year}",
        kind=kind,
        parent=parent,
        start_date=start,
        end_date=end,
        country=country,
        city=city,
        source="test",
    )
    if paper is not None:
        edition.deadlines.append(
            Deadline(
                type="paper",
                at_utc=paper,
                local_text=paper_local or paper.strftime("%Y-%m-%d %H:%M:%S"),
                timezone=zone,
                source="test",
            )
        )
    session.add(edition)
    session.flush()
    return edition


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


@pytest.fixture
def catalog(session: Session) -> dict[str, Any]:
    """Three conferences, one workshop; TRACKER_NOW is 2026-03-01."""
    ml = add_series(
        session,
        "tml",
        "TML",
        topics=("machine-learning",),
        signals={"core": "A*", "ccf": "A", "h5_index": "300"},
    )
    for year, (s, e) in {
        2023: (date(2023, 5, 1), date(2023, 5, 5)),
        2024: (date(2024, 5, 7), date(2024, 5, 11)),
        2025: (date(2025, 4, 24), date(2025, 4, 28)),
    }.items():
        # AoE: 23:59:59 at UTC-12 is 11:59:59 UTC the next day.
        add_edition(
            session,
            ml,
            year,
            s,
            e,
            paper=utc(year - 1, 10, 2, 11, 59, 59),
            paper_local=f"{year - 1}-10-01 23:59:59",
            zone="AoE",
            country="SG",
        )
    cv = add_series(session, "tcv", "TCV", topics=("computer-vision",), signals={"core": "B"})
    add_edition(session, cv, 2025, date(2025, 6, 10), date(2025, 6, 14), paper=utc(2024, 11, 15, 23, 59))
    cv26 = add_edition(
        session,
        cv,
        2026,
        date(2026, 6, 9),
        date(2026, 6, 13),
        # Converted by the importers' own time-zone code, as an import would.
        paper=to_utc("2026-03-05 23:59:59", "AoE"),
        paper_local="2026-03-05 23:59:59",
        zone="AoE",
        country="US",
        city="Nashville",
    )
    cv26.fees.append(Fee(category="regular", early=True, amount=650, currency="USD", source="test"))
    session.add(AcceptRate(series=cv, year=2025, submitted=1000, accepted=250, rate=0.25, source="test"))
    session.add(AcceptRate(series=cv, year=2024, submitted=900, accepted=270, rate=0.30, source="test"))
    nlp = add_series(session, "tnlp", "TNLP", topics=("nlp",))
    nlp26 = add_edition(
        session,
        nlp,
        2026,
        date(2026, 7, 20),
        date(2026, 7, 25),
        paper=utc(2026, 4, 1, 12, 0),
        country="AT",
        city="Vienna",
    )
    ws = add_series(session, "tws", "TWS", kind="workshop", topics=("computer-vision",))
    add_edition(
        session,
        ws,
        2026,
        date(2026, 6, 9),
        date(2026, 6, 9),
        kind="workshop",
        parent=cv26,
        paper=utc(2026, 3, 20, 23, 59),
    )
    session.flush()
    return {"ml": ml, "cv": cv, "nlp": nlp, "ws": ws, "cv26": cv26, "nlp26": nlp26}


@pytest.fixture
def commit_catalog(catalog: dict[str, Any], session: Session) -> Callable[[], None]:
    """Commit the catalog so that CLI commands (their own sessions) see it."""

    def _commit() -> None:
        store_composites(session)  # as every writer of quality signals does
        session.commit()

    return _commit
