"""The person's profile: load, validate, change and save it.

A profile holds the home city (resolved offline once, then stored with its coordinates
and country), interests (topic keys of the vocabulary), budget and currency, student
status, an availability window, the mode (``attend`` or ``submit``), the preparation
days a paper needs, whether virtual attendance is acceptable, and criterion weights.

Every field can also be given for one call of ``tracker recommend``: :class:`Changes`
carries the options, :func:`apply` validates them onto a profile (saved or empty)
without storing anything, and :func:`update` stores them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from tracker.errors import Invalid, TrackerError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

MODES = ("attend", "submit")
CRITERIA = ("topic", "quality", "time", "location", "cost")
DEFAULT_NAME = "default"


@dataclass(frozen=True)
class Home:
    text: str  # as typed
    city: str
    country: str  # ISO 3166-1 alpha-2
    latitude: float
    longitude: float

    def label(self) -> str:
        return f"{self.city}, {self.country}"


@dataclass(frozen=True)
class Profile:
    home: Home | None = None
    interests: tuple[str, ...] = ()
    budget: float | None = None
    currency: str = "EUR"
    student: bool = False
    available_from: date | None = None
    available_to: date | None = None
    mode: str = "attend"
    prep_days: int = 0
    virtual_ok: bool = False
    weights: dict[str, float] = field(default_factory=dict)  # only the ones set; defaults elsewhere
    saved: bool = False  # loaded from the database (False: nothing saved yet)


@dataclass(frozen=True)
class Changes:
    """Values given on the command line; None = leave as it is."""

    home: str | None = None
    interests: str | None = None  # comma-separated topic keys or names
    budget: float | None = None
    currency: str | None = None
    student: bool | None = None
    available_from: str | None = None
    available_to: str | None = None
    mode: str | None = None
    prep_days: int | None = None
    virtual_ok: bool | None = None
    weights: str | None = None  # "topic=3,cost=2"


# --- parsing and validation (each error is one line, exit 2 unless said otherwise) --------


def resolve_home(text: str) -> Home:
    """A city (optionally ", Country") resolved offline; unknown/ambiguous -> error with suggestions."""
    from tracker.catalog.places import resolve_city

    try:
        place = resolve_city(text)
    except TrackerError as exc:
        raise type(exc)(f"--home: {exc.message}", suggestions=exc.suggestions) from exc
    return Home(text.strip(), place.city, place.country, place.latitude, place.longitude)


def parse_interests(text: str) -> tuple[str, ...]:
    """Comma-separated topics (keys, names or aliases) -> vocabulary keys, in order, no repeats."""
    from tracker.catalog import topics

    keys: list[str] = []
    for part in text.split(","):
        name = part.strip()
        if not name:
            continue
        key = topics.lookup(name)
        if key is None:
            raise Invalid(f"--interests: unknown topic {name!r}", suggestions=topics.suggest(name))
        if key not in keys:
            keys.append(key)
    return tuple(keys)


def parse_weights(text: str) -> dict[str, float]:
    """``topic=3,quality=2,...`` -> {criterion: weight}; names from the five criteria, weights >= 0."""
    out: dict[str, float] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        name = name.strip().lower()
        if not sep or name not in CRITERIA:
            names = ", ".join(CRITERIA)
            raise Invalid(f"--weights: expected NAME=NUMBER with NAME one of {names}, got {part.strip()!r}")
        try:
            weight = float(value)
        except ValueError:
            raise Invalid(f"--weights: {name}={value.strip()!r} is not a number") from None
        if not math.isfinite(weight) or weight < 0:
            raise Invalid(f"--weights: {name} must be a number >= 0, got {value.strip()}")
        out[name] = weight
    if not out:
        raise Invalid("--weights: expected NAME=NUMBER pairs such as topic=3,cost=2")
    return out


def parse_date(option: str, text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise Invalid(f"{option}: expected a date YYYY-MM-DD, got {text!r}") from None


def parse_currency(text: str) -> str:
    from tracker.costs import currencies

    try:
        currencies().rate(text)
    except Invalid as exc:
        raise Invalid(f"--currency: {exc.message}", suggestions=exc.suggestions) from exc
    return text.strip().upper()


def apply(profile: Profile, changes: Changes) -> Profile:
    """``profile`` with ``changes`` validated and applied (nothing is stored)."""
    values: dict[str, object] = {}
    if changes.home is not None:
        values["home"] = resolve_home(changes.home)
    if changes.interests is not None:
        values["interests"] = parse_interests(changes.interests)
    if changes.budget is not None:
        if not math.isfinite(changes.budget) or changes.budget <= 0:
            raise Invalid(f"--budget: must be more than 0, got {changes.budget:g}")
        values["budget"] = float(changes.budget)
    if changes.currency is not None:
        values["currency"] = parse_currency(changes.currency)
    if changes.student is not None:
        values["student"] = changes.student
    if changes.available_from is not None:
        values["available_from"] = parse_date("--from", changes.available_from)
    if changes.available_to is not None:
        values["available_to"] = parse_date("--to", changes.available_to)
    if changes.mode is not None:
        mode = changes.mode.strip().lower()
        if mode not in MODES:
            raise Invalid(f"--mode: expected attend or submit, got {changes.mode!r}")
        values["mode"] = mode
    if changes.prep_days is not None:
        if changes.prep_days < 0:
            raise Invalid(f"--prep-days: must be 0 or more, got {changes.prep_days}")
        values["prep_days"] = changes.prep_days
    if changes.virtual_ok is not None:
        values["virtual_ok"] = changes.virtual_ok
    if changes.weights is not None:
        values["weights"] = {**profile.weights, **parse_weights(changes.weights)}
    result = replace(profile, **values)  # type: ignore[arg-type]
    start, end = result.available_from, result.available_to
    if start and end and end < start:
        raise Invalid(f"availability window ends ({end}) before it starts ({start})")
    if sum(effective_weights(result).values()) <= 0:
        raise Invalid("--weights: at least one weight must be more than 0")
    return result


def effective_weights(profile: Profile) -> dict[str, float]:
    """The documented default weights (data/recommend/weights.yml) with the profile's on top."""
    from tracker.recommend import default_weights

    return {**default_weights(), **profile.weights}


# --- storage --------------------------------------------------------------------------------


def load(session: Session, name: str = DEFAULT_NAME) -> Profile:
    """The saved profile, or an empty one (``saved=False``) when none was saved yet."""
    from sqlalchemy import select

    from tracker.models.profile import Profile as ProfileRow

    row = session.scalars(select(ProfileRow).where(ProfileRow.name == name)).first()
    if row is None:
        return Profile()
    home = None
    if row.home_city and row.home_latitude is not None and row.home_longitude is not None:
        home = Home(
            row.home_text or row.home_city,
            row.home_city,
            row.home_country or "",
            row.home_latitude,
            row.home_longitude,
        )
    return Profile(
        home=home,
        interests=tuple(row.interests or ()),
        budget=row.budget,
        currency=row.currency,
        student=row.student,
        available_from=row.available_from,
        available_to=row.available_to,
        mode=row.mode,
        prep_days=row.prep_days,
        virtual_ok=row.virtual_ok,
        weights={str(k): float(v) for k, v in (row.weights or {}).items()},
        saved=True,
    )


def save(session: Session, profile: Profile, name: str = DEFAULT_NAME) -> Profile:
    """Store ``profile`` under ``name`` (insert or update) and return it marked saved."""
    from sqlalchemy import select

    from tracker import clock
    from tracker.models.profile import Profile as ProfileRow

    row = session.scalars(select(ProfileRow).where(ProfileRow.name == name)).first()
    if row is None:
        row = ProfileRow(name=name)
        session.add(row)
    home = profile.home
    row.home_text = home.text if home else None
    row.home_city = home.city if home else None
    row.home_country = home.country if home else None
    row.home_latitude = home.latitude if home else None
    row.home_longitude = home.longitude if home else None
    row.interests = list(profile.interests)
    row.budget = profile.budget
    row.currency = profile.currency
    row.student = profile.student
    row.available_from = profile.available_from
    row.available_to = profile.available_to
    row.mode = profile.mode
    row.prep_days = profile.prep_days
    row.virtual_ok = profile.virtual_ok
    row.weights = dict(profile.weights) or None
    row.updated_at = clock.now()
    session.flush()
    return replace(profile, saved=True)


def update(session: Session, changes: Changes, name: str = DEFAULT_NAME) -> Profile:
    """Apply ``changes`` to the saved profile (or a new one) and store it."""
    return save(session, apply(load(session, name), changes), name)


def with_overrides(profile: Profile, changes: Changes) -> Profile:
    """For one call: the saved home is reused when ``--home`` names it again (no geocoding)."""
    if changes.home is not None and profile.home is not None:
        from tracker.catalog.places import fold

        if fold(changes.home) in {fold(profile.home.text), fold(profile.home.label())}:
            changes = replace(changes, home=None)
    return apply(profile, changes)
