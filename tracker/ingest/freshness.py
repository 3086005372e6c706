"""How old the catalog is: the bundled snapshot's date, or the last sync that confirmed it.

A conference tracker is only as good as its dates, so the commands that show deadlines say
how fresh they are: "catalog as of 2026-08-20; last sync never -- run tracker sync". The
catalog is as of the newest of the bundled snapshot's date (``data/sources.yml``) and the
last successful sync of a catalog source (a 304 counts: the source confirmed the data).

Both are read without the ORM or a YAML parser (the line is under every listing of
deadlines, and those two were a third of a cold ``tracker db info``): the last sync from
the ``source`` table's columns, the date from its one line of the shipped file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from tracker import config
from tracker.models import ingest_tables

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

#: After this long without a successful catalog sync, the line says to run one.
STALE_AFTER = timedelta(days=7)

# The top-level key of data/sources.yml, at the start of its line: nothing nested or
# quoted can begin there, so one such line is the value YAML reads.
_AS_OF_LINE = re.compile(r"^bundled_catalog_as_of:[ \t]*(\d{4}-\d{2}-\d{2})[ \t]*(?:#.*)?$", re.MULTILINE)


@dataclass(frozen=True)
class Freshness:
    catalog_as_of: date | None
    last_sync: datetime | None  # the last successful sync of a catalog source
    stale: bool  # no such sync, or older than STALE_AFTER


def catalog_freshness(session: Connection | Session, now: datetime) -> Freshness:
    """The catalog's age at ``now`` (see the module's docstring)."""
    source = ingest_tables.source.c
    last = session.scalar(
        select(func.max(source.last_ok_at)).where(
            source.kind.in_(ingest_tables.CATALOG_KINDS), source.enabled.is_(True)
        )
    )
    bundled = bundled_catalog_as_of()
    dates = [d for d in (bundled, last.date() if last else None) if d is not None]
    stale = last is None or now - last > STALE_AFTER
    return Freshness(max(dates) if dates else None, last, stale)


def bundled_catalog_as_of() -> date | None:
    """The date of the newest upstream file in the bundled catalog, from data/sources.yml.

    Read from its line (a YAML parse of the whole file cost ~25 ms); a file where that line
    is not one plain date is read by :func:`tracker.ingest.builtin.builtins`, as YAML.
    """
    text = (config.data_dir() / "sources.yml").read_text(encoding="utf-8")
    found = _AS_OF_LINE.findall(text)
    if len(found) == 1 and text.count("bundled_catalog_as_of") == 1:
        return date.fromisoformat(found[0])  # 2026-02-30 is a ValueError in YAML too
    from tracker.ingest import builtin

    return builtin.builtins().bundled_catalog_as_of


#: "The next six months" of ``tracker db info``.
AHEAD = timedelta(days=183)


def paper_deadlines_ahead(session: Connection | Session, now: datetime) -> tuple[int, int]:
    """(announced, estimated): the paper deadlines between ``now`` and six months on."""
    from tracker.models.catalog_tables import deadline as deadline_table

    deadline = deadline_table.c
    query = (
        select(deadline.estimated, func.count())
        .where(deadline.type == "paper", deadline.at_utc >= now, deadline.at_utc < now + AHEAD)
        .group_by(deadline.estimated)
    )
    counts = {bool(estimated): n for estimated, n in session.execute(query)}
    return counts.get(False, 0), counts.get(True, 0)
