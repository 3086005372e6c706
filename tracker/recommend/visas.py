"""Visa requirements by passport and destination, and the typical days each takes to get.

The requirements are the Passport Index dataset (``data/visa/requirements.txt``, MIT, as of
the date in the file), one line per passport; only the lines of the person's passports are
parsed, on first use. The typical lead time of each category is ``data/visa/lead_times.yml``.
Everything here is information with its date: what a traveller must check is the
destination's official word.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from tracker import config
from tracker.errors import Invalid
from tracker.i18n import N_, Joined, Message, _

VISA_DIR = "visa"
# The categories, best first: with several passports the best one counts.
CATEGORIES = ("own country", "visa free", "visa on arrival", "eta", "e-visa", "visa required", "no admission")
TOKENS = {
    "-": "own country",
    "vf": "visa free",
    "voa": "visa on arrival",
    "eta": "eta",
    "ev": "e-visa",
    "vr": "visa required",
    "na": "no admission",
}
# The categories' words (the data's, and --json's), for the catalog.
CATEGORY_WORDS = (
    N_("own country"),
    N_("visa free"),
    N_("visa on arrival"),
    N_("eta"),
    N_("e-visa"),
    N_("visa required"),
    N_("no admission"),
)
#: Categories for which something must be applied for before the trip.
APPLY_AHEAD = ("eta", "e-visa", "visa required")


@dataclass(frozen=True)
class Requirement:
    """What one passport needs to enter one country, and how long it typically takes to get."""

    passport: str
    destination: str
    category: str  # one of CATEGORIES
    free_days: int | None  # visa-free stay in days, where the data gives it
    lead_days: float | None  # typical days to apply ahead; None: no admission (no lead is enough)
    as_of: str  # the date of the requirements data

    @property
    def apply_ahead(self) -> bool:
        return self.category in APPLY_AHEAD

    def apply_by(self, start: date) -> date | None:
        """The last day to apply for a trip starting ``start`` (typical lead time), if one is needed."""
        if not self.apply_ahead or self.lead_days is None:
            return None
        return start - timedelta(days=int(self.lead_days))

    def describe(self) -> Message:
        """``CN passport to US: visa required (typically 120 days ahead)``."""
        what = Message(self.category)
        if self.category == "visa free" and self.free_days:
            what = Message(N_("visa free for {days} days"), days=self.free_days)
        where = {"passport": self.passport, "destination": self.destination, "what": what}
        if self.apply_ahead and self.lead_days is not None:
            template = N_("{passport} passport to {destination}: {what} (typically {days:.0f} days ahead)")
            return Message(template, **where, days=self.lead_days)
        return Message(N_("{passport} passport to {destination}: {what}"), **where)


@dataclass(frozen=True)
class _Table:
    as_of: str
    destinations: dict[str, int]  # code -> column
    lines: dict[str, str]  # passport -> its unparsed tokens
    lead_days: dict[str, float | None]
    by_destination: dict[str, float]  # a required visa that typically takes longer there


@lru_cache(maxsize=2)
def _table(data_dir: Path) -> _Table:
    import yaml

    as_of, destinations, lines = "", {}, {}
    path = data_dir / VISA_DIR / "requirements.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        head, _, rest = line.partition(" ")
        if head == "as_of":
            as_of = rest.strip()
        elif head == "destinations":
            destinations = {code: i for i, code in enumerate(rest.split())}
        else:
            lines[head] = rest  # parsed only when this passport is asked for
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser, when built
    leads = yaml.load((data_dir / VISA_DIR / "lead_times.yml").read_text(encoding="utf-8"), Loader=loader)
    days: dict[str, float | None] = {str(k): float(v) for k, v in leads["days"].items()}
    days["own country"] = 0.0
    days["no admission"] = None
    by_destination = {str(k): float(v) for k, v in (leads.get("visa_required_by_destination") or {}).items()}
    return _Table(as_of, destinations, lines, days, by_destination)


def table() -> _Table:
    return _table(config.data_dir())


def as_of() -> str:
    """The date of the requirements data (``2025-01-12``)."""
    return table().as_of


@lru_cache(maxsize=64)
def _row(data_dir: Path, passport: str) -> tuple[str, ...]:
    return tuple(_table(data_dir).lines[passport].split())


def requirement(passport: str, destination: str) -> Requirement | None:
    """What ``passport`` needs for ``destination``; None when the data does not cover the pair."""
    t = table()
    column = t.destinations.get(destination)
    if passport == destination:
        category, free = "own country", None
    elif column is None or passport not in t.lines:
        return None
    else:
        token = _row(config.data_dir(), passport)[column]
        category = "visa free" if token.isdigit() else TOKENS[token]
        free = int(token) if token.isdigit() else None
    lead = t.lead_days[category]
    if category == "visa required":
        lead = t.by_destination.get(destination, lead)
    return Requirement(passport, destination, category, free, lead, t.as_of)


def best(passports: tuple[str, ...], destination: str) -> Requirement | None:
    """The best requirement among ``passports`` (least to apply for, then the longest stay)."""
    found = [r for r in (requirement(p, destination) for p in passports) if r is not None]
    if not found:
        return None
    return min(found, key=lambda r: (CATEGORIES.index(r.category), -(r.free_days or 0)))


def parse_passport(text: str) -> str:
    """``cn`` -> ``CN``: an ISO 3166-1 alpha-2 code (one clear error for anything else)."""
    import pycountry

    code = text.strip().upper()
    known = pycountry.countries.get(alpha_2=code) is not None or code in table().lines  # XK: Kosovo
    if len(code) == 2 and code.isalpha() and known:
        return code
    message = _("--passport: unknown country code {code}: expected ISO 3166 alpha-2 such as CN, DE, US")
    message = message.format(code=repr(text.strip()))
    if len(code) == 3 and (country := pycountry.countries.get(alpha_3=code)) is not None:
        message += _(" (did you mean {code}?)").format(code=country.alpha_2)
    raise Invalid(message)


@dataclass(frozen=True)
class VisaInfo:
    """The entry document a person needs for a trip: information with its date, never advice."""

    passport: str  # the best of the person's passports for this destination
    passports: tuple[str, ...]  # all of them
    destination: str
    requirement: str  # one of CATEGORIES
    visa_free_days: int | None
    typical_lead_days: float | None  # None: no admission
    apply_by: date | None  # the start minus the typical lead time, where something must be applied for
    data_as_of: str
    text: str


def visa_info(passports: tuple[str, ...], country: str | None, start: date | None) -> VisaInfo | None:
    """What the best of ``passports`` needs for ``country``, with the data's date; None if unknown."""
    need = best(passports, country) if passports and country else None
    if need is None:
        return None
    apply_by = need.apply_by(start) if start else None
    text = need.describe()
    if len(passports) > 1:
        text = Message(
            N_("{text} (the best of your passports {passports})"),
            text=text,
            passports=Joined(passports, N_(", ")),
        )
    if apply_by:
        text = Message(N_("{text}; apply by {day}"), text=text, day=apply_by.isoformat())
    text = Message(
        N_("{text} [Passport Index data as of {as_of}; information, not advice: check official sources]"),
        text=text,
        as_of=need.as_of,
    )
    return VisaInfo(
        passport=need.passport,
        passports=passports,
        destination=need.destination,
        requirement=need.category,
        visa_free_days=need.free_days,
        typical_lead_days=need.lead_days,
        apply_by=apply_by,
        data_as_of=need.as_of,
        text=text,
    )
