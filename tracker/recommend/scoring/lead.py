"""Lead time: how many days before the start a person must decide to go, and whether that is still possible.

Going takes steps that each need days before the start: registering (whose confirmation
is also what a visa application asks for), then booking the journey and, where the
passport needs one, getting the visa. Booking and the visa run side by side (one books a
refundable fare, or books once the visa is granted), so

    lead = registration + max(booking for this kind of trip, typical visa lead)

An edition that starts sooner than its lead is out of reach (factor 0); one that leaves
``spare`` days beyond it has the factor ``(spare + 1) / (decide_days + 1)``, full from
``decide_days`` on. The + 1 keeps the last reachable day above every unreachable one, so
an edition that can be reached always has some time score. The figures are in
``data/recommend/lead_times.yml``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tracker.recommend.scoring.features import EditionFeatures, ModelParams, PersonFeatures

# The kinds of trip, by what booking them takes.
COMMUTE, GROUND, REGIONAL_FLIGHT, LONG_HAUL = 0, 1, 2, 3
TRIP_NAMES = ("commute", "rail/road trip", "flight within the continent", "intercontinental flight")


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class Lead:
    """The lead time of every edition and the quantities behind it (days)."""

    trip_kind: np.ndarray  # (n,) COMMUTE .. LONG_HAUL
    booking: np.ndarray  # (n,) days to book this kind of trip
    visa: np.ndarray  # (n,) typical days to get the entry document (0: none or unknown; inf: no admission)
    days: np.ndarray  # (n,) registration + max(booking, visa)
    to_start: np.ndarray  # (n,) days from today to the first day (NaN unknown)
    spare: np.ndarray  # (n,) to_start - days: the days left to decide
    reachable: np.ndarray  # (n,) bool: spare >= 0 (an unknown start counts as reachable)
    factor: np.ndarray  # (n,) in [0, 1]: (spare + 1) / (decide_days + 1), clipped; 0 when too close


def trip_kinds(f: EditionFeatures, p: PersonFeatures, trip: dict[str, np.ndarray]) -> np.ndarray:
    """Commute (no hotel), rail/road, a flight within the continent, or an intercontinental one."""
    same_region = (f.region == p.region) & (f.region >= 0)
    kind = np.where(trip["by_air"], np.where(same_region, REGIONAL_FLIGHT, LONG_HAUL), GROUND)
    return np.where(trip["nights"] == 0, COMMUTE, kind).astype(np.int8)


def lead_times(f: EditionFeatures, p: PersonFeatures, m: ModelParams, trip: dict[str, np.ndarray]) -> Lead:
    """Each edition's lead time for this person, the spare days and the time factor."""
    kind = trip_kinds(f, p, trip)
    booking = np.array(m.booking_days, dtype=float)[kind]
    visa = np.zeros(len(f)) if f.visa_days is None else np.where(np.isnan(f.visa_days), 0.0, f.visa_days)
    days = m.registration_days + np.maximum(booking, visa)
    to_start = f.start - p.today
    with np.errstate(invalid="ignore"):  # inf - inf does not occur: to_start is finite or NaN
        spare = to_start - days
    reachable = ~(spare < 0)  # NaN (no dates) is not marked here: NO_DATES drops it
    ramp = np.nan_to_num((spare + 1.0) / (m.decide_days + 1.0), nan=0.0, neginf=0.0)
    factor = np.where(reachable & (spare >= 0), np.clip(ramp, 0.0, 1.0), 0.0)
    return Lead(kind, booking, visa, days, to_start, spare, reachable, factor)
