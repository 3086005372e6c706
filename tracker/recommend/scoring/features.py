"""The arrays the scoring kernel reads: one row per candidate edition, plus the person and the model.

Everything here is plain NumPy and numbers. The domain layer (:mod:`tracker.recommend`)
turns database rows and a profile into these; the kernel never sees a Session, a file
or the clock. Days are day numbers (days since 1970-01-01) held in float64 so that an
unknown date can be NaN. Money is in euros; the domain converts at the edges.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from tracker.recommend.params import CRITERIA

__all__ = ["CRITERIA", "EditionFeatures", "ModelParams", "PastPlaces", "PersonFeatures"]

# Edition.mode as a small integer (the order of tracker.models.catalog.MODES).
MODE_IN_PERSON, MODE_HYBRID, MODE_VIRTUAL = 0, 1, 2
MODE_NAMES = ("in-person", "hybrid", "virtual")


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class PastPlaces:
    """Where the series met before: the expected place of an edition not announced yet.

    ``weights[s, p]`` is the share of history ``s`` held at place p (each past edition counts
    once, so a series that met three times in Europe and once in Asia is three quarters
    European); a row sums to 1. ``history[r]`` is edition r's row of ``weights``, -1 where
    its place is known. Histories are per series, so the arrays stay small.
    """

    history: np.ndarray  # (n,) int index into weights, -1 none
    weights: np.ndarray  # (S, P) float
    latitude: np.ndarray  # (P,) degrees
    longitude: np.ndarray  # (P,)
    country: np.ndarray  # (P,) int codes, the same coding as EditionFeatures.country
    region: np.ndarray  # (P,) int codes of the continent

    def __len__(self) -> int:
        return len(self.history)

    def __getitem__(self, index: np.ndarray | slice) -> PastPlaces:
        return replace(self, history=self.history[index])

    def compact(self) -> PastPlaces:
        """The same rows with only the histories they use: a block of a large catalog's rows
        needs a few of its hundred thousand series' histories, and each is worked out per row
        of ``weights``. At least one row is kept (the criteria index row 0 where none is used)."""
        used = self.history >= 0
        held, at = np.unique(self.history[used], return_inverse=True)
        if not len(held):
            return replace(self, weights=self.weights[:1])
        history = np.full(len(self.history), -1, dtype=self.history.dtype)
        history[used] = at.reshape(-1)
        return replace(self, history=history, weights=self.weights[held])


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class EditionFeatures:
    """Per-edition arrays, all of length ``n`` (``topics`` is ``n x V``)."""

    topics: np.ndarray  # (n, V) bool: the edition's series carries vocabulary topic v
    quality: np.ndarray  # (n,) composite quality in [0, 1]; NaN = no signal at all
    quality_confidence: np.ndarray  # (n,) share of signal weight present, [0, 1]
    start: np.ndarray  # (n,) day number of the first day; NaN = unknown
    end: np.ndarray  # (n,) day number of the last day; NaN = unknown
    estimated: np.ndarray  # (n,) bool: an edition projected from history, not announced
    paper_deadline: np.ndarray  # (n,) day number (fractional) of the next paper deadline; NaN none
    paper_deadline_passed: np.ndarray  # (n,) bool: it had paper deadlines and all have passed
    latitude: np.ndarray  # (n,) degrees; NaN = place not known yet
    longitude: np.ndarray  # (n,)
    country: np.ndarray  # (n,) int code of the ISO country (-1 unknown), same coding as the person
    region: np.ndarray  # (n,) int code of the continent (-1 unknown)
    mode: np.ndarray  # (n,) int8: MODE_IN_PERSON / MODE_HYBRID / MODE_VIRTUAL
    registration: np.ndarray  # (n,) EUR, the in-person fee this person would pay
    night_cost: np.ndarray  # (n,) EUR per night (hotel + meals) at the edition's city
    # (n, V) bool: the series' own name names vocabulary topic v ("... Computer Vision ...");
    # evidence of what the venue is about that no source's tagging can blur. None: unknown.
    named: np.ndarray | None = None
    # (n,) typical days this person needs to get the entry document for the edition's country
    # with their best passport (0 none needed; inf no admission; NaN not known). None: no
    # passport given, visas not considered.
    visa_days: np.ndarray | None = None
    # Where each series met before, for the editions whose place is not announced. None: none.
    past: PastPlaces | None = None
    # (n,) bool: a track of a conference whose edition is among these rows (tracker.recommend.tracks).
    with_parent: np.ndarray | None = None

    def __post_init__(self) -> None:
        n = len(self.quality)
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if value is not None and len(value) != n:
                raise ValueError(f"EditionFeatures.{name} has {len(value)} rows, expected {n}")

    def __len__(self) -> int:
        return len(self.quality)

    def take(self, index: np.ndarray | slice) -> EditionFeatures:
        """The rows at ``index`` (used to explain a few editions without rescoring all)."""
        taken: dict[str, Any] = {name: getattr(self, name) for name in self.__dataclass_fields__}
        rows: dict[str, Any] = {name: None if v is None else v[index] for name, v in taken.items()}
        return EditionFeatures(**rows)

    def block(self, index: np.ndarray | slice) -> EditionFeatures:
        """The rows at ``index`` with only the histories of past places they use (see
        :meth:`PastPlaces.compact`): what scoring a block of rows, or a few, reads."""
        taken = self.take(index)
        return taken if taken.past is None else replace(taken, past=taken.past.compact())


@dataclass(frozen=True, eq=False)  # arrays: compared by identity
class PersonFeatures:
    """The person, as numbers: where they live, what they like, afford and when they are free."""

    latitude: float
    longitude: float
    country: int  # same coding as EditionFeatures.country
    region: int
    interest_credit: np.ndarray  # (V, I): credit vocabulary topic v earns interest i, in [0, 1]
    today: float  # day number of today (editions starting before it are over or running)
    budget: float = float("nan")  # EUR; NaN = no budget given
    window_start: float = float("nan")  # day number; NaN = open
    window_end: float = float("nan")
    submit: bool = False  # mode "submit": needs a paper deadline far enough away
    prep_days: float = 0.0
    virtual_ok: bool = False
    now: float = float("nan")  # fractional day number of this instant (deadlines); NaN = start of today
    # (V,) bool: topic v says what a venue is about. A catch-all ("artificial-intelligence",
    # which nearly every venue carries) does not: it neither earns credit nor dilutes focus.
    # None: every topic is specific.
    topic_specific: np.ndarray | None = None

    @property
    def instant(self) -> float:
        return self.today if self.now != self.now else self.now


@dataclass(frozen=True)
class ModelParams:
    """The documented constants of the criteria (loaded from ``data/recommend/*.yml``)."""

    # topic
    relevant_credit: float = 0.5  # a venue topic is relevant to the person from this credit up
    focus_exponent: float = 0.5  # topic = coverage x focus ** this (0: focus ignored)
    on_topic_threshold: float = 0.3  # below this topic score an edition is not recommended
    name_mismatch_factor: float = 0.25  # focus of a venue whose name names only other topics
    # quality
    quality_prior: float = 0.4  # assumed quality where confidence is missing
    # time
    estimated_discount: float = 0.8  # an estimated edition's time score is multiplied by this
    no_deadline_factor: float = 0.6  # submit mode, no paper deadline known
    # lead time (data/recommend/lead_times.yml, tracker.recommend.scoring.lead)
    registration_days: float = 2.0
    booking_days: tuple[float, float, float, float] = (0.0, 1.0, 3.0, 7.0)  # commute .. long haul
    decide_days: float = 30.0  # spare days from which the time score is full
    # location / travel
    ground_speed_kmh: float = 90.0
    ground_overhead_h: float = 0.5
    road_factor: float = 1.25  # great-circle -> road/rail distance
    flight_speed_kmh: float = 750.0
    flight_overhead_h: float = 3.0
    location_tau_hours: float = 8.0
    same_country_bonus: float = 0.15
    same_region_bonus: float = 0.10
    virtual_credit: float = 0.6
    unknown_distance_km: float = 6000.0
    # cost
    ground_cost_per_km: float = 0.15  # EUR per km, one way
    flight_base: float = 80.0  # EUR per flight, one way
    flight_cost_per_km: float = 0.07  # EUR per km, one way
    commute_km: float = 80.0  # closer than this: no hotel nights
    virtual_fee_factor: float = 0.5
    cost_reference: float = 1500.0  # EUR; scale of the cost score when there is no budget
    over_budget_steepness: float = 3.0
