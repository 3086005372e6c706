"""The line under every listing of deadlines: how old the catalog is, how much of it is known.

Shared by ``tracker upcoming``, ``tracker recommend`` and ``tracker db info`` (not a noun:
nothing is registered here).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.ingest.freshness import Freshness


def catalog_line(fresh: Freshness) -> str:
    """``catalog as of 2026-08-20; last sync never — run tracker sync``."""
    as_of = fresh.catalog_as_of.isoformat() if fresh.catalog_as_of else "unknown"
    when = f"{fresh.last_sync:%Y-%m-%d %H:%M} UTC" if fresh.last_sync else "never"
    hint = " — run tracker sync" if fresh.stale else ""
    return f"catalog as of {as_of}; last sync {when}{hint}"


def shown_line(fresh: Freshness, real: int, estimated: int) -> str:
    """``12 deadlines shown: 3 announced, 9 estimated; catalog as of …``."""
    total = real + estimated
    if not total:
        return catalog_line(fresh)
    noun = "deadline" if total == 1 else "deadlines"
    return f"{total} {noun} shown: {real} announced, {estimated} estimated; {catalog_line(fresh)}"
