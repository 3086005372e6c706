"""The line under every listing of deadlines: how old the catalog is, how much of it is known.

Shared by ``tracker upcoming``, ``tracker recommend`` and ``tracker db info`` (not a noun:
nothing is registered here).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker import localfmt
from tracker.i18n import _, ngettext

if TYPE_CHECKING:
    from tracker.ingest.freshness import Freshness


def catalog_line(fresh: Freshness) -> str:
    """``catalog as of 2026-08-20; last sync never — run tracker sync``."""
    as_of = localfmt.day(fresh.catalog_as_of) if fresh.catalog_as_of else _("unknown")
    when = (
        _("{minute} UTC").format(minute=localfmt.minute(fresh.last_sync)) if fresh.last_sync else _("never")
    )
    if fresh.stale:
        return _("catalog as of {as_of}; last sync {when} — run tracker sync").format(as_of=as_of, when=when)
    return _("catalog as of {as_of}; last sync {when}").format(as_of=as_of, when=when)


def shown_line(fresh: Freshness, real: int, estimated: int) -> str:
    """``12 deadlines shown: 3 announced, 9 estimated; catalog as of …``."""
    total = real + estimated
    if not total:
        return catalog_line(fresh)
    shown = ngettext(
        "{total} deadline shown: {real} announced, {estimated} estimated; {catalog}",
        "{total} deadlines shown: {real} announced, {estimated} estimated; {catalog}",
        total,
    )
    return shown.format(total=total, real=real, estimated=estimated, catalog=catalog_line(fresh))
