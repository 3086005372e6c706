"""A filtered view's parameters, as they travel in a URL (``?topic=nlp&rank=core:A``).

Parsed by the CLI's own option parsers (:mod:`tracker.catalog.filters`), so a value the
command line refuses is refused here with the same words (:class:`~tracker.errors.Invalid`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from tracker.catalog import filters
from tracker.catalog.queries import ListFilters

WITHIN_CHOICES = ("7d", "30d", "90d", "365d")
DEFAULT_WITHIN = "30d"


@dataclass(frozen=True)
class DeadlineQuery:
    """What a person typed into the filter form (kept as typed, to fill the form again)."""

    topic: str = ""
    rank: str = ""  # core:A, ccf:B ...
    types: tuple[str, ...] = ()
    kind: str = ""
    region: str = ""  # a continent code or name
    within: str = DEFAULT_WITHIN

    @classmethod
    def from_params(cls, params: Mapping[str, str | Sequence[str]]) -> DeadlineQuery:
        def one(name: str) -> str:
            value = params.get(name, "")
            text = value if isinstance(value, str) else (value[0] if value else "")
            return text.strip()

        raw_types = params.get("type", ())
        types = [raw_types] if isinstance(raw_types, str) else list(raw_types)
        return cls(
            topic=one("topic"),
            rank=one("rank"),
            types=tuple(t.strip() for t in types if t.strip()),
            kind=one("kind"),
            region=one("region"),
            within=one("within") or DEFAULT_WITHIN,
        )

    def params(self, *, within: bool = True) -> dict[str, str | Sequence[str]]:
        """The URL parameters of this view (the empty ones left out by ``Links``)."""
        out: dict[str, str | Sequence[str]] = {
            "topic": self.topic,
            "rank": self.rank,
            "type": list(self.types),
            "kind": self.kind,
            "region": self.region,
        }
        if within and self.within != DEFAULT_WITHIN:
            out["within"] = self.within
        return out

    def parsed(self) -> ParsedQuery:
        """The domain's values; raises Invalid naming the parameter for a bad one."""
        rank = filters.parse_rank(self.rank) if self.rank else None
        where = ListFilters(
            topics=tuple(filters.topic_keys(self.topic)) if self.topic else (),
            rank=(rank[0], tuple(rank[1])) if rank else None,
            kind=filters.parse_kind(self.kind) if self.kind else None,
            countries=filters.parse_region(self.region) if self.region else (),
        )
        return ParsedQuery(
            where=where,
            types=tuple(filters.parse_types(list(self.types))),
            within=filters.parse_within(self.within),
        )


@dataclass(frozen=True)
class ParsedQuery:
    where: ListFilters = field(default_factory=ListFilters)
    types: tuple[str, ...] = ()
    within: timedelta = timedelta(days=30)
