"""Every series' quality composite, computed from the database and stored in its ``quality_*`` columns.

:func:`quality_for_series` reads the signals, acceptance rates and workshop parents in four
queries and composes them (``catalog.quality``); :func:`store_composites` writes the ones that
moved. Every writer of what the composite depends on (the seed, ``tracker import``, ``tracker
sync``) calls it in its own transaction; a change to ``data/quality.yml`` needs a migration
that calls it, as 0014 does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.catalog.quality import QUALITY_FILE, Quality, RawSignal, Scales, compose, inherit, scales

if TYPE_CHECKING:
    from collections.abc import Collection

    from sqlalchemy import Connection
    from sqlalchemy.orm import Session


def quality_for_series(
    session: Session | Connection, scales_: Scales | None = None, *, only: Collection[int] | None = None
) -> dict[int, Quality]:
    """The quality of every series, by series id (four queries, whatever the catalog size).

    ``only``: just these series (and the parents they inherit from): ``conf show`` composes
    one series' signals, not the catalog's.
    """
    from sqlalchemy import select

    from tracker.models import catalog_tables as tables

    # The tables' columns (Core): no mapper configuration, no ORM compilation.
    qs, rate_c, series_c = tables.quality_signal.c, tables.accept_rate.c, tables.series.c

    # A workshop's parent series: the series of the parent edition of its latest edition
    # that names one.
    child = tables.edition.alias("child")
    parent = tables.edition.alias("parent")
    parents = (
        select(child.c.series_id, parent.c.series_id)
        .join(parent, child.c.parent_id == parent.c.id)
        .order_by(child.c.year)
    )
    if only is not None:
        parents = parents.where(child.c.series_id.in_(list(only)))
    parent_of: dict[int, int] = {}
    for ws_series, parent_series in session.execute(parents):
        if ws_series != parent_series:
            parent_of[ws_series] = parent_series
    wanted = None if only is None else sorted({*only, *parent_of.values()})

    def narrowed(query: Any, column: Any) -> Any:
        return query if wanted is None else query.where(column.in_(wanted))

    s = scales_ or scales()
    raw: dict[int, list[RawSignal]] = {}
    for series_id, source, value, provenance, reason, year in session.execute(
        narrowed(select(qs.series_id, qs.source, qs.value, qs.provenance, qs.reason, qs.year), qs.series_id)
    ):
        raw.setdefault(series_id, []).append(RawSignal(source, value, provenance or source, reason, year))
    rates: dict[int, list[tuple[int, float]]] = {}
    for series_id, year, rate in session.execute(
        narrowed(select(rate_c.series_id, rate_c.year, rate_c.rate), rate_c.series_id)
    ):
        rates.setdefault(series_id, []).append((year, rate))
    series_rows = session.execute(
        narrowed(select(series_c.id, series_c.key, series_c.acronym, series_c.kind), series_c.id)
    ).all()

    own: dict[int, Quality] = {}
    for series_id, key, _acronym, _kind in series_rows:
        yml = s.overrides.get(key)
        override = (yml[0], yml[1], f"{QUALITY_FILE}: overrides.{key}") if yml else None
        own[series_id] = compose(raw.get(series_id, []), rates.get(series_id, []), s, override=override)

    acronyms = {sid: acronym for sid, _key, acronym, _kind in series_rows}
    out: dict[int, Quality] = {}
    for series_id, _key, _acronym, _kind in series_rows:
        # A series whose editions sit inside another series' editions is a workshop
        # there, whatever its own kind says.
        parent_id = parent_of.get(series_id)
        if parent_id is not None:
            out[series_id] = inherit(
                own[series_id], own[parent_id], acronyms.get(parent_id, "?"), s.workshop_discount
            )
        else:
            out[series_id] = own[series_id]
    return out


def store_composites(session: Session | Connection) -> int:
    """Recompute every series' composite and store the ones that changed; returns how many.

    Unchanged composites are left alone, so that an import built on a private copy writes
    back only the series whose quality moved (``importers.staging`` compares rows).
    """
    from sqlalchemy import Connection, bindparam, select, update

    from tracker.models.catalog_tables import series

    if not isinstance(session, Connection):
        session.flush()  # the composite reads the tables: pending ORM changes first
    c = series.c
    fresh = quality_for_series(session)
    changed = []
    for series_id, *stored in session.execute(
        select(c.id, c.quality_score, c.quality_mean, c.quality_confidence, c.quality_inherited,
               c.quality_overridden)
    ):  # fmt: skip
        q = fresh[series_id]
        now = [q.score, q.mean, q.confidence, q.inherited, q.overridden]
        if [stored[0], stored[1], stored[2], bool(stored[3]), bool(stored[4])] != now:
            changed.append(dict(zip(("score", "mean", "confidence", "inherited", "overridden"), now,
                                    strict=True), series_id=series_id))  # fmt: skip
    if changed:
        session.execute(
            update(series)
            .where(c.id == bindparam("series_id"))
            .values(
                quality_score=bindparam("score"),
                quality_mean=bindparam("mean"),
                quality_confidence=bindparam("confidence"),
                quality_inherited=bindparam("inherited"),
                quality_overridden=bindparam("overridden"),
            ),
            changed,
        )
    return len(changed)
