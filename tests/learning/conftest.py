"""Fixtures of the learning room: a small catalog inserted through the ORM."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest


@pytest.fixture
def database_template() -> str:
    """These tests bring their own small catalog (ZZ-prefixed series), not the bundled one."""
    return "empty"


@pytest.fixture
def catalog(db_url: str):
    """Two series with editions and typed deadlines (one AoE), committed to the test database."""
    from tracker import db
    from tracker.catalog.quality_store import store_composites
    from tracker.models.catalog import AcceptRate, Deadline, Edition, Series, SeriesTopic

    with db.session(db_url, write=True) as s:
        made: dict[str, Edition] = {}
        specs = [
            ("zzicml", "ZZICML", ["machine-learning"], 2025, date(2025, 7, 13), "Vancouver", "CA"),
            ("zzicml", "ZZICML", ["machine-learning"], 2026, date(2026, 7, 6), "Seoul", "KR"),
            ("zzacl", "ZZACL", ["nlp"], 2026, date(2026, 8, 2), "San Diego", "US"),
            ("zzcvpr", "ZZCVPR", ["computer-vision"], 2026, date(2026, 6, 3), "Denver", "US"),
        ]
        series: dict[str, Series] = {}
        for key, acronym, topics, year, start, city, country in specs:
            if key not in series:
                series[key] = Series(key=key, acronym=acronym, name=f"{acronym} conference")
                series[key].topics = [SeriesTopic(topic=t) for t in topics]
                s.add(series[key])
                s.flush()
            edition = Edition(
                series_id=series[key].id,
                year=year,
                key=f"{key}{year}",
                title=f"{acronym} {year}",
                start_date=start,
                end_date=date(start.year, start.month, start.day + 4),
                city=city,
                country=country,
                estimated=(key == "zzcvpr"),
            )
            s.add(edition)
            s.flush()
            made[edition.key] = edition
        # AoE 23:59:59 on 2026-01-28 is 2026-01-29 11:59:59 UTC.
        s.add(
            Deadline(
                edition_id=made["zzicml2026"].id,
                type="paper",
                at_utc=datetime(2026, 1, 29, 11, 59, 59, tzinfo=UTC),
                local_text="2026-01-28 23:59:59",
                timezone="AoE",
            )
        )
        s.add(
            Deadline(
                edition_id=made["zzicml2025"].id,
                type="paper",
                at_utc=datetime(2025, 1, 31, 11, 59, 59, tzinfo=UTC),
                local_text="2025-01-30 23:59:59",
                timezone="AoE",
            )
        )
        s.add(
            Deadline(
                edition_id=made["zzacl2026"].id,
                type="abstract",
                at_utc=datetime(2026, 3, 15, 7, 0, 0, tzinfo=UTC),
                local_text="2026-03-15 00:00:00",
                timezone="America/Los_Angeles",
            )
        )
        s.add(
            Deadline(
                edition_id=made["zzcvpr2026"].id,
                type="paper",
                at_utc=datetime(2026, 4, 10, 11, 59, 59, tzinfo=UTC),
                local_text="2026-04-09 23:59:59",
                timezone="AoE",
                estimated=True,
            )
        )
        s.add(
            AcceptRate(series_id=series["zzicml"].id, year=2025, submitted=12000, accepted=3200, rate=0.267)
        )
        s.add(
            AcceptRate(series_id=series["zzicml"].id, year=2026, submitted=14000, accepted=3400, rate=0.243)
        )
        store_composites(s)  # as every writer of quality signals does
    return made
