"""The registration fee of every candidate edition: a known fee from the catalog, else the
fee model, plus a society's add-on (:mod:`tracker.recommend.costs`).

The catalog's fees and early-bird deadlines are few rows: they are read with a correlated
filter (one lookup of the edition per fee row), not a list of every candidate's id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from tracker.recommend import costs
from tracker.recommend.columns import EPOCH, fetch_rows, instant_day, instant_numbers, row_lookup
from tracker.recommend.currencies import currencies


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class Fees:
    registration: np.ndarray  # (n,) EUR, add-ons included
    known: np.ndarray  # (n,) bool: a known fee from the catalog
    choices: dict[int, costs.FeeChoice]  # edition id -> the known fee paid


def registration_fees(
    conn: Any,
    ids: np.ndarray,
    start_day: np.ndarray,
    quality: np.ndarray,
    workshop: np.ndarray,
    country_continents: np.ndarray,
    country_index: np.ndarray,
    *,
    series_keys: list[str],
    at_series: np.ndarray,
    now: datetime,
    student: bool,
    mode: str,
    among: Any,
) -> Fees:
    """The fee each edition's registration costs this person (``among``: the candidates' filter;
    ``country_continents``: each distinct country's continent, ``country_index``: each edition's
    country among them)."""
    from sqlalchemy import String, exists, func, select, type_coerce

    from tracker.models import catalog_tables as tables

    e, d, fee_table = tables.edition.c, tables.deadline.c, tables.fee
    n = len(ids)
    # Early-bird registration: open when a known "early" registration deadline is ahead.
    early_state = np.zeros(n, dtype=np.int8)  # 0 unknown, 1 open, -1 closed
    early_rows = fetch_rows(
        conn,
        select(d.edition_id, type_coerce(d.at_utc, String)).where(
            exists().where(e.id == d.edition_id, among),
            d.type == "registration",
            func.lower(d.label).like("%early%"),
        ),
    )
    row_of = row_lookup(ids, [edition_id for edition_id, _ in early_rows])
    for edition_id, at in early_rows:
        r = row_of[edition_id]
        is_open = instant_numbers([at])[0] >= instant_day(now)
        early_state[r] = 1 if is_open or early_state[r] == 1 else -1

    model = costs.fee_model()
    today_day = float(now.date().toordinal() - EPOCH)
    lead = np.nan_to_num(start_day - today_day, nan=0.0)
    early_open = np.where(early_state == 0, lead > model.early_window_days, early_state > 0)
    registration = costs.estimated_registration(
        quality, workshop, country_continents, early_open, student=student, at_continent=country_index
    )
    known = np.zeros(n, dtype=bool)
    rates, register_on = currencies(), costs.registration_instant(now)
    choices: dict[int, costs.FeeChoice] = {}
    fees = costs.known_fees(conn, select(e.id).where(e.id == fee_table.c.edition_id, among).scalar_subquery())
    row_of = row_lookup(ids, list(fees))
    for edition_id, edition_fees in fees.items():
        r = row_of[edition_id]
        early = bool(early_open[r])  # the model's guess, for an early rate whose end is not known
        chosen = costs.choose_known_fee(
            edition_fees, student=student, register_on=register_on, early_open=early
        )
        if chosen is not None:
            registration[r] = rates.to_eur(chosen.paid.amount, chosen.paid.currency)
            known[r] = True
            choices[edition_id] = chosen
    # A society's add-on is paid on top of any fee, estimated or known (ACL membership).
    addons = costs.addons_eur(series_keys, student=student, mode=mode)  # per series
    return Fees(registration + addons[at_series], known, choices)
