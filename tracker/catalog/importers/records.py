"""The plain records every way in produces, before validation.

Values are kept *as the source wrote them* (text, or whatever YAML produced), so the
validation gate sees the real input and can name the exact field it rejects. A parser
never judges a value; it only says where it came from (``record_id`` and ``field`` names).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: The sources the importers know, with the name used in provenance columns.
SOURCES = ("pwc", "hf", "ccf")


@dataclass
class Issue:
    """One decision of the gate about one field of one record."""

    record: str  # "pwc:neurips24", "ccf:accept_rates/AI/cvpr.yml#2025"
    field: str  # "end", "deadlines[2].timezone", "country"
    reason: str
    severity: str = "rejected"  # "rejected" (not stored) or "warning" (stored, repaired or partial)

    def line(self) -> str:
        return f"{self.record}: {self.field}: {self.reason}"


@dataclass
class DeadlineRecord:
    """A deadline as written: the source's type word, its local text and zone."""

    kind: str  # the source's word: "paper", "submission", "review_release", "abstract_deadline"
    when: Any  # "2026-05-06 23:59:59" (or a date if the source wrote one)
    zone: Any  # "AoE", "UTC-8", "America/Los_Angeles"
    field: str  # where it sits in the record, for reports: "deadlines[1]"
    label: str | None = None
    round: int | None = None


@dataclass
class EditionRecord:
    """One conference-year entry of a source."""

    source: str
    record_id: str
    title: str  # the series' short name as this source writes it
    year: Any
    external_id: str | None = None
    full_name: str | None = None
    link: str | None = None
    date_text: Any = None
    start: Any = None
    end: Any = None
    place: str | None = None  # "City, Region, Country" (pwc, ccf)
    city: str | None = None  # hf
    country: str | None = None  # hf
    venue: str | None = None
    note: str | None = None
    deadlines: list[DeadlineRecord] = field(default_factory=list)
    h5_index: Any = None
    ranks: dict[str, Any] = field(default_factory=dict)  # "core"/"ccf"/"thcpl"/"era" -> raw value
    topic_codes: list[str] = field(default_factory=list)  # pwc sub codes or hf tags
    unknown_fields: list[str] = field(default_factory=list)
    kind: str = "conference"


@dataclass
class SeriesRecord:
    """A series as one source describes it, with the editions that source lists."""

    source: str
    record_id: str
    title: str
    full_name: str | None = None
    dblp: str | None = None
    ccf_category: str | None = None
    ranks: dict[str, Any] = field(default_factory=dict)
    topic_codes: list[str] = field(default_factory=list)
    editions: list[EditionRecord] = field(default_factory=list)
    kind: str = "conference"


@dataclass
class RateRecord:
    """Acceptance figures of one year of a series (ccf ``accept_rates/``)."""

    source: str
    record_id: str
    title: str
    year: Any
    rate: Any
    submitted: Any = None
    accepted: Any = None
    text: str | None = None
    url: str | None = None
    dblp: str | None = None


@dataclass
class Batch:
    """Everything one parser read from one PATH, plus problems found while reading."""

    source: str
    series: list[SeriesRecord] = field(default_factory=list)
    rates: list[RateRecord] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    files: int = 0
    # The top-level field names of every entry read: they tell which format a file was written for.
    fields: list[frozenset[str]] = field(default_factory=list)
    # True when read from a whole upstream layout (a checkout or its archive): the source's
    # entire listing, so a sync may take what it no longer lists as withdrawn (merge.py).
    complete: bool = False
