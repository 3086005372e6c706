"""The gate's rules for acceptance rates: a number in [0, 1] that the counts confirm (see validate.py)."""

from __future__ import annotations

import re

from tracker.catalog.importers.aliases import AliasTable
from tracker.catalog.importers.records import Issue, RateRecord
from tracker.catalog.importers.valid import Reject, ValidRate, warn, whole_number


def _rate_value(rec: RateRecord, submitted: int | None, accepted: int | None, issues: list[Issue]) -> float:
    ratio = accepted / submitted if submitted and accepted is not None else None
    raw = rec.rate
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = float(raw)
        repaired_from = None
    else:
        text = str(raw).strip() if raw is not None else ""
        if re.fullmatch(r"\d+(\.\d+)?", text):
            value, repaired_from = float(text), None
        elif re.fullmatch(r"\d+,\d+", text):
            value, repaired_from = float(text.replace(",", ".")), "a comma decimal"
        elif re.fullmatch(r"\d+(\.\d+)?\s*%", text):
            value, repaired_from = float(text.rstrip("% ")) / 100, "a percentage"
        else:
            raise Reject("rate", f"not a number: {raw!r}")
    if value > 1 and value <= 100 and repaired_from is None:
        value, repaired_from = value / 100, "a percentage"
    if repaired_from is not None:
        if ratio is None or abs(ratio - value) > 0.005:
            raise Reject(
                "rate", f"{raw!r} looks like {repaired_from} but accepted/submitted does not confirm it"
            )
        message = f"{raw!r} is {repaired_from}; read as {value:.4f} (accepted/submitted = {ratio:.4f})"
        issues.append(warn(rec, "rate", message))
    if not 0 <= value <= 1:
        raise Reject("rate", f"{value} is not between 0 and 1")
    if ratio is not None and abs(ratio - value) > 0.01:
        message = f"{value:.4f} disagrees with accepted/submitted = {ratio:.4f}; kept the rate"
        issues.append(warn(rec, "rate", message))
    return value


def check_rate(rec: RateRecord, aliases: AliasTable, issues: list[Issue]) -> ValidRate | None:
    try:
        year = whole_number(rec.year, "year")
        submitted = None if rec.submitted in (None, "") else whole_number(rec.submitted, "submitted")
        accepted = None if rec.accepted in (None, "") else whole_number(rec.accepted, "accepted")
        if submitted is not None and accepted is not None and accepted > submitted:
            raise Reject("accepted", f"{accepted} accepted of {submitted} submitted")
        rate = _rate_value(rec, submitted, accepted, issues)
    except Reject as exc:
        issues.append(Issue(rec.record_id, exc.field, exc.reason))
        return None
    key = aliases.canonical(rec.title, rec.dblp)[0] if rec.dblp or rec.title else None
    return ValidRate(
        rec.record_id, rec.source, rec.title, key, year, rate, submitted, accepted, rec.url or ""
    )
