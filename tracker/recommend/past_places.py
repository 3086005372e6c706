"""Where each series met before: the expected place of an edition not announced yet.

Counted in SQL (one row per series and place), held as sparse rows of weights (a series
meets at a handful of the catalog's places), with the night cost expected at each
history's places.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from tracker.recommend import costs
from tracker.recommend.columns import fetch_rows
from tracker.recommend.scoring import sets
from tracker.recommend.scoring.compact import CompactPast, SparseRows
from tracker.recommend.scoring.criteria import HISTORY_BLOCK

PLACES_PER_QUERY = 10_000  # first editions of past places looked up per query (bound parameters)


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class Past:
    """:class:`CompactPast` before the home is known (places as ISO codes and continents),
    with the night cost expected at each edition's past places."""

    history: np.ndarray
    weights: SparseRows
    latitude: np.ndarray
    longitude: np.ndarray
    countries: np.ndarray
    continents: np.ndarray
    night_cost: np.ndarray  # (n,) EUR, the mean over the edition's past places (NaN: none)

    def features(self) -> CompactPast:
        codes = np.zeros(len(self.latitude), dtype=np.int64)  # coded against the home later
        return CompactPast(self.history, self.weights, self.latitude, self.longitude, codes, codes)


def sparse_row_means(weights: SparseRows, values: np.ndarray) -> np.ndarray:
    """:func:`~tracker.recommend.scoring.criteria.row_means` of the dense weights, to the
    bit: the same products summed over the same dense rows, a block of rows at a time."""
    out = np.empty(len(weights))
    for i in range(0, len(weights), HISTORY_BLOCK):
        rows = np.arange(i, min(i + HISTORY_BLOCK, len(weights)))
        out[rows] = (weights.dense(rows) * values[None, :]).sum(axis=1)
    return out


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class Visits:
    """The placed, announced editions counted per series and place (its coordinates): one
    row per (series, place), with the catalog's places in (latitude, longitude) order."""

    series_id: np.ndarray  # (pairs,)
    place: np.ndarray  # (pairs,) index of the place
    editions: np.ndarray  # (pairs,) float: how many editions of the series met there
    firsts: np.ndarray  # (places,) the id of each place's first edition

    @classmethod
    def of(
        cls, series_ids: np.ndarray, latitude: np.ndarray, longitude: np.ndarray, ids: np.ndarray,
        announced: np.ndarray,
    ) -> Visits:  # fmt: skip
        """Counted from the editions' columns (``announced``: the rows that count)."""
        # The places in (latitude, longitude) order: complex numbers sort by their real
        # part, then their imaginary one.
        coordinates = np.empty(int(announced.sum()), dtype=complex)
        coordinates.real, coordinates.imag = latitude[announced], longitude[announced]
        # The distinct places (few) and each row's among them, found by a search of those:
        # not an argsort of every row's complex number.
        distinct = sets.distinct(coordinates)
        place_of = np.searchsorted(distinct, coordinates)
        n_places = int(place_of.max()) + 1 if len(place_of) else 0
        firsts = np.full(n_places, np.iinfo(np.int64).max)
        np.minimum.at(firsts, place_of, ids[announced])
        # The distinct (series, place) codes and how often each occurs: the runs of the
        # sorted codes (a sort of the values, with no inverse to build).
        codes = np.sort(series_ids[announced] * max(n_places, 1) + place_of)
        starts = np.flatnonzero(np.concatenate([[True], codes[1:] != codes[:-1]])) if len(codes) else codes
        pairs = codes[starts]
        editions = np.diff(np.append(starts, len(codes))).astype(float)
        series_id, place = np.divmod(pairs, max(n_places, 1))
        return cls(series_id, place, editions, firsts)


def past_places(conn: Any, series_ids: np.ndarray, unplaced: np.ndarray, visits: Visits) -> Past:
    """Where each unplaced edition's series met before: every placed, announced edition of the
    series (any year) counts once. A series that never announced a place is expected where
    the catalog's conferences meet, each placed edition counting once: a guess, but one that
    still tells Berlin from Sydney, where one constant distance would not."""
    wanted = sets.distinct(series_ids[unplaced])
    # A place's country and city are those of its first edition.
    sid, place_of, editions, firsts = visits.series_id, visits.place, visits.editions, visits.firsts
    places = _first_editions(conn, firsts)
    n_places = len(places)
    # One history per wanted series that has one, and a last one for the whole catalog.
    own = np.intersect1d(wanted, sets.distinct(sid), assume_unique=True)
    history_of = np.searchsorted(own, sid)
    mine = history_of < len(own)
    mine[mine] = own[history_of[mine]] == sid[mine]
    # Counted per (history, place) cell present: the rows are (series, place) pairs, each
    # once, and the last history adds up every series.
    cells = np.concatenate([history_of[mine] * n_places, np.full(len(place_of), len(own) * n_places)])
    cells += np.concatenate([place_of[mine], place_of])
    present, at_cell = np.unique(cells, return_inverse=True)
    counts = np.bincount(
        at_cell.reshape(-1), np.concatenate([editions[mine], editions]), minlength=len(present)
    )
    counts = counts.astype(float, copy=False)
    rows, columns = np.divmod(present, max(n_places, 1))
    total = np.bincount(rows, counts, minlength=len(own) + 1).astype(float, copy=False)
    weights = SparseRows(
        starts=np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=len(own) + 1))]).astype(np.int64),
        columns=columns,
        values=counts / np.where(total > 0, total, 1.0)[rows],
        width=n_places,
    )
    position = np.clip(np.searchsorted(own, series_ids), 0, max(len(own) - 1, 0))
    has_own = (own[position] == series_ids) if len(own) else np.zeros(len(series_ids), dtype=bool)
    history = np.where(has_own, position, len(own))
    history = np.where(unplaced & (total[-1] > 0), history, -1)
    countries = np.array([p[2] for p in places], dtype="U2") if places else np.zeros(0, dtype="U2")
    continents = np.array([costs.continent(c) or "" for c in countries], dtype="U2")
    cities = np.array([p[3] or None for p in places], dtype=object)
    place_nights = costs.night_costs(cities, countries, continents) if places else np.zeros(0)
    expected_nights = sparse_row_means(weights, place_nights)
    return Past(
        history=history,
        weights=weights,
        latitude=np.array([p[0] for p in places], dtype=float),
        longitude=np.array([p[1] for p in places], dtype=float),
        countries=countries,
        continents=continents,
        night_cost=np.where(history >= 0, expected_nights[np.maximum(history, 0)], np.nan),
    )


def _first_editions(conn: Any, firsts: np.ndarray) -> list[tuple[float, float, str, str]]:
    """Each place's coordinates as stored (not as the joined text rounds them), and its first
    edition's country and city; in pieces, below SQLite's limit of bound parameters."""
    from sqlalchemy import select

    from tracker.models.catalog_tables import edition

    e = edition.c
    first_rows: dict[int, tuple[Any, ...]] = {}
    for at in range(0, len(firsts), PLACES_PER_QUERY):
        piece = firsts[at : at + PLACES_PER_QUERY].tolist()
        for row in fetch_rows(
            conn, select(e.id, e.latitude, e.longitude, e.country, e.city).where(e.id.in_(piece))
        ):
            first_rows[row[0]] = tuple(row[1:])
    return [
        (la, lo, country or "", city or "")
        for la, lo, country, city in (first_rows[i] for i in firsts.tolist())
    ]
