"""The typed records that pass the validation gate, and the gate's small shared parts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from tracker.catalog.importers.placetext import Located
from tracker.catalog.importers.records import EditionRecord, Issue, RateRecord, SeriesRecord


@dataclass
class ValidDeadline:
    type: str
    label: str | None
    round: int | None
    at_utc: datetime
    local_text: str
    zone: str


@dataclass
class ValidEdition:
    record_id: str
    source: str
    external_id: str | None
    year: int
    kind: str
    title: str
    link: str | None
    start: date | None
    end: date | None
    date_text: str | None
    place: Located | None
    venue: str | None
    note: str | None
    deadlines: list[ValidDeadline] = field(default_factory=list)
    # "Co-located with ACL 2023" in the note: the host (name, year), linked as the parent edition.
    colocated_with: tuple[str, int] | None = None


@dataclass
class ValidSignal:
    source: str  # one of QUALITY_SOURCES
    value: str
    year: int | None
    provenance: str


@dataclass
class ValidSeries:
    record_id: str
    source: str
    key: str
    acronym: str
    name: str
    kind: str
    dblp: str | None
    ccf_category: str | None
    titles: tuple[str, ...]  # names this source uses: become aliases
    topics: set[str]
    acronym_fixed: bool = False  # the alias table sets the display acronym
    aliases: tuple[str, ...] = ()  # from the alias table
    signals: list[ValidSignal] = field(default_factory=list)
    editions: list[ValidEdition] = field(default_factory=list)


@dataclass
class ValidRate:
    record_id: str
    source: str
    title: str
    series_key: str | None
    year: int
    rate: float
    submitted: int | None
    accepted: int | None
    url: str


@dataclass
class Checked:
    """What passed the gate, and every decision it made."""

    source: str
    series: list[ValidSeries] = field(default_factory=list)
    rates: list[ValidRate] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def rejections(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "rejected"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]


class Reject(Exception):
    """Raised inside the gate to drop the record being checked."""

    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field_name
        self.reason = reason


def whole_number(value: Any, field_name: str) -> int:
    if isinstance(value, bool):
        raise Reject(field_name, f"not a whole number: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip() if value is not None else ""
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    raise Reject(field_name, f"not a whole number: {value!r}")


def iso_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip().strip("'\""))


def warn(rec: EditionRecord | SeriesRecord | RateRecord, field_name: str, reason: str) -> Issue:
    return Issue(rec.record_id, field_name, reason, "warning")
