"""What recommend says about workshops, and where an unvetted call may rank.

A workshop inherits its parent conference's quality (discounted, see ``catalog.quality``)
and its place, so the trip that serves the conference serves its workshops too: the notes
say so, naming each recommended workshop's parent. A series with a caution (an unvetted
WikiCFP call with a predatory pattern, ``Series.caution``) is never ranked above a vetted
edition: :func:`vetted_first` moves those to the end, keeping the order within each part.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from tracker.i18n import N_, Joined, Message

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session


def vetted_first(session: Session | Connection, ids: np.ndarray, order: np.ndarray) -> np.ndarray:
    """``order`` (rows into ``ids``) with the rows of cautioned series moved to the end."""
    from sqlalchemy import select

    from tracker.models.catalog_tables import edition, series

    e, s = edition.c, series.c
    flagged = set(
        session.scalars(
            select(e.id).join_from(edition, series, s.id == e.series_id).where(s.caution.is_not(None))
        )
    )
    if not flagged or not len(order):
        return order
    mask = np.isin(ids[order], np.fromiter(flagged, dtype=np.int64))
    return np.concatenate([order[~mask], order[mask]])


def fold_into_parents(
    session: Session | Connection,
    ids: np.ndarray,
    keys: Sequence[str],
    order: np.ndarray,
    id_order: np.ndarray | None = None,
) -> tuple[np.ndarray, dict[str, list[str]]]:
    """``order`` without the workshops whose parent is also in it; parent key -> their keys.
    ``id_order``: ``np.argsort(ids)``, if the caller has it."""
    from sqlalchemy import select

    from tracker.models.catalog_tables import edition
    from tracker.recommend.columns import rows_of

    e = edition.c
    query = select(e.id, e.parent_id).where(e.kind == "workshop", e.parent_id.is_not(None))
    parents = {int(i): int(p) for i, p in session.execute(query) if p is not None}
    if not parents or not len(order):
        return order, {}
    # Array lookups, not a dictionary of every candidate (a million at +1,000,000 editions).
    ranked = ids[order]
    children = np.flatnonzero(np.isin(ranked, np.fromiter(parents, dtype=np.int64)))
    parent_ids = np.array([parents[i] for i in ranked[children].tolist()], dtype=np.int64)
    present = np.isin(parent_ids, ranked)
    children, parent_ids = children[present], parent_ids[present]
    folded: dict[str, list[str]] = {}
    for at, parent_row in zip(children.tolist(), rows_of(ids, parent_ids, id_order).tolist(), strict=True):
        folded.setdefault(keys[parent_row], []).append(keys[int(order[at])])
    keep = np.ones(len(order), dtype=bool)
    keep[children] = False
    return order[keep], folded


def folded_notes(folded: dict[str, list[str]], shown: list[str]) -> list[str]:
    """For each recommended conference shown: its on-topic workshops, which its trip serves."""
    out: list[str] = []
    for parent in shown:
        workshops = folded.get(parent)
        if workshops:
            values = {"parent": parent, "count": len(workshops), "keys": Joined(workshops[:5], N_(", "))}
            if len(workshops) > 5:
                template = N_(
                    "{parent}: one trip also serves {count} of its workshops on your topics:"
                    " {keys} and {more} more"
                )
                out.append(Message(template, **values, more=len(workshops) - 5))
            else:
                template = N_(
                    "{parent}: one trip also serves {count} of its workshops on your topics: {keys}"
                )
                out.append(Message(template, **values))
    return out


def workshop_notes(session: Session | Connection, keys: list[str]) -> list[str]:
    """Notes on the editions recommended: for workshops one trip per parent and the quality each
    inherits; for any edition with a caution, the caution."""
    from sqlalchemy import select

    from tracker.models.catalog_tables import edition, series

    if not keys:
        return []
    parent = edition.alias("parent")
    e, p, s = edition.c, parent.c, series.c
    rows = session.execute(
        select(e.key, e.series_id, p.key.label("parent_key"), s.caution)
        .join_from(edition, series, s.id == e.series_id)
        .outerjoin(parent, p.id == e.parent_id)
        .where(e.key.in_(keys))
        .order_by(e.key)
    ).all()
    qualities = {}
    if any(row[2] for row in rows):  # a workshop shown: the quality it inherits (the default list has none)
        from tracker.catalog.quality_store import quality_for_series

        qualities = quality_for_series(session)
    by_parent: dict[tuple[str, str], list[str]] = {}
    for key, series_id, parent_key, _ in rows:
        if parent_key:
            q = qualities.get(series_id)
            how = (
                Message(N_("quality {score:.2f}, {explanation}"), score=q.score, explanation=q.explanation)
                if q and q.inherited and q.score
                else Message(N_("own quality"))
            )
            by_parent.setdefault((parent_key, how), []).append(key)
    notes: list[str] = []
    if by_parent:
        trips = Joined(
            [
                Message(N_("at {parent} ({how}): {keys}"), parent=p, how=how, keys=Joined(ws, N_(", ")))
                for (p, how), ws in sorted(by_parent.items())
            ],
            N_("; "),
        )
        template = N_(
            "workshops: place and costs are the parent conference's, so one trip serves the conference "
            "and its workshops; quality is inherited from it, discounted — {trips}"
        )
        notes.append(Message(template, trips=trips))
    notes += [
        Message(N_("caution, {key}: {caution}"), key=key, caution=caution)
        for key, _, _, caution in rows
        if caution
    ]
    return notes
