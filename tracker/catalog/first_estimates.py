"""A first run's estimated editions, on plain rows and Core inserts (no ORM).

A new database holds the seed's snapshot and not one estimate yet, so
:func:`tracker.catalog.estimates.refresh_estimates` would only create: estimated paper
deadlines of announced editions, estimated next editions, the hosted workshops' estimates
and their parents. This module runs the same rules (the functions of ``estimates`` and
``workshop_series``, which only read attributes) over plain objects read as columns, and
inserts what they create with one ``executemany`` per table. Loading every series with its
editions through the ORM, and the ~60 autoflushes of its key lookups, were most of a first
run's time; importing the ORM at all was another fifth of a warm ``conf list``.

The rows are the ones ``refresh_estimates`` stores, ids included: the ORM gives each table's
new rows the next ids in the order they were added to the session, and so does this module
(tests/catalog_import/test_first_estimates.py compares the two databases row for row).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from tracker.catalog.estimates import (
    ESTIMATED_PAPER_LABEL,
    SOURCE,
    EstimateReport,
    _round,
    deadline_estimate,
    estimate_values,
    key_candidate,
    series_projection,
    skip_reason,
    workshop_parents,
)
from tracker.catalog.resolve import edition_key
from tracker.catalog.workshop_series import hosted, hosted_target, hosted_values

if TYPE_CHECKING:
    from sqlalchemy import Connection

# The rules are typed for the mapped classes and read only the attributes the plain classes
# below have (hence the arg-type ignores where they are called).


@dataclass(eq=False)
class _Deadline:
    type: str
    estimated: bool
    round: int | None
    at_utc: datetime
    local_text: str
    timezone: str


@dataclass(eq=False)
class _Series:
    id: int
    key: str
    acronym: str
    kind: str
    editions: list[_Edition] = field(default_factory=list)


@dataclass(eq=False)
class _Edition:
    """The columns of an edition the estimate rules read, and its series and parent."""

    id: int
    series_id: int
    key: str
    year: int
    title: str
    start_date: date | None
    end_date: date | None
    estimated: bool
    parent_id: int | None
    ordinal: int | None
    city: str | None
    region: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    mode: str
    estimate_spread_days: int | None
    series: _Series | None = None
    parent: _Edition | None = None
    deadlines: list[_Deadline] = field(default_factory=list)


_EDITION_COLUMNS = (
    "id", "series_id", "key", "year", "title", "start_date", "end_date", "estimated", "parent_id",
    "ordinal", "city", "region", "country", "latitude", "longitude", "mode", "estimate_spread_days",
)  # fmt: skip


def _load(conn: Connection) -> list[_Series]:
    """Every series with its editions (by year) and their deadlines (by time), as the ORM
    refresh loads them: series in table order, ties in table order."""
    from sqlalchemy import select

    from tracker.models.catalog_tables import deadline, edition, series

    c = series.c
    all_series = [_Series(*row) for row in conn.execute(select(c.id, c.key, c.acronym, c.kind))]
    by_series = {s.id: s for s in all_series}
    e = edition.c
    editions: dict[int, _Edition] = {}
    for row in conn.execute(select(*(e[name] for name in _EDITION_COLUMNS)).order_by(e.year)):
        item = _Edition(*row)
        item.series = by_series[item.series_id]
        item.series.editions.append(item)
        editions[item.id] = item
    for item in editions.values():
        item.parent = editions.get(item.parent_id) if item.parent_id is not None else None
    d = deadline.c
    query = select(d.edition_id, d.type, d.estimated, d.round, d.at_utc, d.local_text, d.timezone)
    for edition_id, *values in conn.execute(query.order_by(d.at_utc)):
        editions[edition_id].deadlines.append(_Deadline(*values))
    return all_series


def _next_id(conn: Connection, table: str) -> int:
    # SQLite gives a new row max(rowid) + 1 (no AUTOINCREMENT in the schema): so did the ORM.
    return int(conn.exec_driver_sql(f'SELECT coalesce(max(id), 0) + 1 FROM "{table}"').scalar_one())


def create_estimates(conn: Connection, today: date) -> EstimateReport | None:
    """Store what ``refresh_estimates(session, today)`` would on a catalog without estimates.

    None (nothing written) when the catalog holds an estimate already: then the refresh may
    also update and remove, which is the ORM refresh's work.
    """
    from tracker.models.catalog_tables import deadline, edition

    all_series = _load(conn)
    if any(e.estimated or any(d.estimated for d in e.deadlines) for s in all_series for e in s.editions):
        return None
    report = EstimateReport()
    keys = {e.key for s in all_series for e in s.editions}
    edition_id, deadline_id = _next_id(conn, "edition"), _next_id(conn, "deadline")
    estimates: list[dict[str, Any]] = []
    deadlines: list[dict[str, Any]] = []
    for series in all_series:
        if hosted(series):  # type: ignore[arg-type]
            continue  # a workshop at a conference follows its parent: below
        for real in list(series.editions):
            wanted = deadline_estimate(real, today)  # type: ignore[arg-type]
            if wanted is None:
                continue
            round_ = _round(wanted.round)
            facts = _Deadline("paper", True, round_, wanted.at_utc, wanted.local_text, wanted.zone)
            real.deadlines.append(facts)
            deadlines.append(_deadline_row(deadline_id, real.id, facts))
            deadline_id += 1
            report.created.append(f"{real.key} paper deadline")
        projection, announced, history = series_projection(series, today)  # type: ignore[arg-type]
        if projection is None:
            if not announced and series.editions:
                report.skipped.append(skip_reason(series, history))  # type: ignore[arg-type]
            continue
        # The ORM refresh asks the database whether the key is taken (after flushing the
        # estimates made so far); here the keys are a set.
        key = key_candidate(series, projection.year)  # type: ignore[arg-type]
        if key in keys:
            key = edition_key(series.key, projection.year) + "-est"
        keys.add(key)
        values, paper = estimate_values(series, key, projection)  # type: ignore[arg-type]
        estimates.append({"id": edition_id, "series_id": series.id, **values})
        series.editions.append(_estimate(edition_id, series, values, mode="in-person"))
        if paper is not None:
            deadlines.append({"id": deadline_id, "edition_id": edition_id, **paper})
            deadline_id += 1
        edition_id += 1
        report.created.append(key)
    hosted_rows = []
    for series in all_series:
        if not hosted(series):  # type: ignore[arg-type]
            continue
        target = hosted_target(series, today)  # type: ignore[arg-type]
        if target is None:
            continue
        values = hosted_values(series, target)  # type: ignore[arg-type]
        hosted_rows.append({"id": edition_id, "series_id": series.id, **values})
        series.editions.append(_estimate(edition_id, series, values, mode=str(values["mode"])))
        edition_id += 1
        report.created.append(str(values["key"]))
    parents = {e.id: wanted for e, wanted in workshop_parents(all_series)}  # type: ignore[arg-type]
    for row in (*estimates, *hosted_rows):
        row["parent_id"] = parents[row["id"]]
    # Conference estimates first, then the hosted ones, then the deadlines: the ORM's order.
    for rows in (estimates, hosted_rows):
        if rows:
            conn.execute(edition.insert(), rows)
    if deadlines:
        conn.execute(deadline.insert(), deadlines)
    return report


def _deadline_row(row_id: int, edition_id: int, d: _Deadline) -> dict[str, Any]:
    return {
        "id": row_id,
        "edition_id": edition_id,
        "type": d.type,
        "label": ESTIMATED_PAPER_LABEL,
        "at_utc": d.at_utc,
        "local_text": d.local_text,
        "timezone": d.timezone,
        "round": d.round,
        "estimated": True,
        "source": SOURCE,
    }


def _estimate(row_id: int, series: _Series, values: dict[str, Any], *, mode: str) -> _Edition:
    """The new estimate as the later rules see it (a hosted workshop's target, a parent)."""
    return _Edition(
        id=row_id,
        series_id=series.id,
        key=values["key"],
        year=values["year"],
        title=values["title"],
        start_date=values["start_date"],
        end_date=values["end_date"],
        estimated=True,
        parent_id=values.get("parent_id"),
        ordinal=None,
        city=values["city"],
        region=values["region"],
        country=values["country"],
        latitude=values["latitude"],
        longitude=values["longitude"],
        mode=mode,
        estimate_spread_days=values["estimate_spread_days"],
        series=series,
    )
