"""Currencies: a documented fixed exchange table through EUR (``data/recommend/currencies.yml``).

Light on purpose (no NumPy): the profile validates ``--currency`` with it.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tracker import config
from tracker.errors import Invalid
from tracker.i18n import N_, Message
from tracker.recommend.params import load_model_file


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
            raise Invalid(Message(N_("unknown currency {code}"), code=repr(code)), suggestions=close)
        return float(self.rates[key])

    def to_eur(self, amount: float, code: str) -> float:
        return amount / self.rate(code)


@lru_cache(maxsize=4)
def _currencies(data_dir: Path) -> Currencies:
    data = load_model_file("currencies.yml")
    return Currencies({str(k).upper(): float(v) for k, v in data["rates"].items()}, str(data["as_of"]))


def currencies() -> Currencies:
    return _currencies(config.data_dir())
