"""The sources every tracker knows out of the box, shipped as data in ``data/sources.yml``.

The shipped file says what a built-in source is (kind, URL, ccf areas); the person's
database says only what they chose: their own URL (``tracker sources edit NAME --url``),
their ccf areas, on or off. :func:`reconcile` brings the database's rows in line with the
file on every command that writes sources (sync included), so that

- a new tracker version that moves a default URL or adds a source takes effect by itself;
- a URL the person set, the areas they chose and a disabled source stay as they are;
- a built-in source the file no longer lists goes away, unless the person gave it a URL of
  their own: then it stays, as a source of theirs.

A source the person added under a built-in's name keeps that name: the built-in is then
not created (theirs is never overwritten).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import clock, config
from tracker.errors import TrackerError
from tracker.i18n import N_, Message
from tracker.models.ingest import Source
from tracker.models.ingest_tables import SOURCE_KINDS


@dataclass(frozen=True)
class BuiltinSource:
    name: str
    kind: str
    url: str
    about: str
    areas: tuple[str, ...] | None = None  # ccf: the default areas


@dataclass(frozen=True)
class Builtins:
    sources: tuple[BuiltinSource, ...]
    bundled_catalog_as_of: date | None

    def get(self, name: str) -> BuiltinSource | None:
        return next((s for s in self.sources if s.name == name), None)


@functools.cache
def builtins() -> Builtins:
    """The shipped file, read once; TrackerError naming the entry when it is malformed."""
    import yaml

    path = config.data_dir() / "sources.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found: list[BuiltinSource] = []
    for n, entry in enumerate(data.get("sources") or [], start=1):
        if not isinstance(entry, dict) or not all(entry.get(k) for k in ("name", "kind", "url")):
            raise TrackerError(
                Message(N_("{name}: source {n} needs a name, a kind and a url"), name=path.name, n=n)
            )
        if entry["kind"] not in SOURCE_KINDS:
            raise TrackerError(
                Message(
                    N_("{name}: source {value}: unknown kind {value2}"),
                    name=path.name,
                    value=entry["name"],
                    value2=repr(entry["kind"]),
                )
            )
        areas = entry.get("areas")
        found.append(
            BuiltinSource(
                str(entry["name"]),
                str(entry["kind"]),
                str(entry["url"]),
                str(entry.get("about") or ""),
                tuple(str(a).upper() for a in areas) if areas else None,
            )
        )
    as_of = data.get("bundled_catalog_as_of")
    return Builtins(tuple(found), as_of if isinstance(as_of, date) else None)


def reconcile(session: Session) -> None:
    """Create, update or drop the rows of built-in sources to match the shipped file (see above)."""
    shipped = builtins()
    rows = {s.name: s for s in session.scalars(select(Source))}
    for definition in shipped.sources:
        row = rows.get(definition.name)
        if row is None:
            session.add(
                Source(
                    name=definition.name,
                    url=definition.url,
                    kind=definition.kind,
                    builtin=True,
                    enabled=True,
                    custom_url=False,
                    added_at=clock.now(),
                )
            )
        elif row.builtin:
            row.kind = definition.kind
            if not row.custom_url and row.url != definition.url:
                row.url = definition.url
                # Validators belong to the old URL's answers.
                row.etag = row.last_modified = None
    for row in rows.values():
        if row.builtin and shipped.get(row.name) is None:
            if row.custom_url:
                row.builtin = False
            else:
                session.delete(row)
    session.flush()


def effective_areas(source: Source) -> tuple[str, ...] | None:
    """The ccf areas a source reads: the person's choice, else a built-in's default, else all (None)."""
    if source.areas == "*":
        return None
    if source.areas:
        return tuple(source.areas.split(","))
    definition = builtins().get(source.name) if source.builtin else None
    return definition.areas if definition else None
