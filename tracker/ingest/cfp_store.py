"""Storing a WikiCFP call for papers in the catalog, linked to its host conference.

A call for an edition the catalog already has only adds its WikiCFP provenance (and the
parent link of a workshop that lacked it). A call for an edition the catalog does not have
becomes a new edition of a (new or known) series, of kind "workshop" with its parent when
the host conference is in the catalog. Either way the first sighting is a "new_cfp" change.

A call for an edition the catalog only estimated (a recurring workshop "likely at NeurIPS
2026") replaces the estimate: the edition becomes real, with the call's dates, place and link.
A new series from a call with no known parent, no ranking and a predatory pattern
(``CallForPapers.caution``) is flagged (``Series.caution``).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.catalog.places import Place, resolve_city
from tracker.catalog.resolve import edition_key, slug
from tracker.errors import TrackerError
from tracker.i18n import N_, Message
from tracker.ingest.changes import ChangeRecord
from tracker.ingest.wikicfp import CallForPapers, own_key, parent_key
from tracker.models.catalog import Edition, EditionSource, Series

SOURCE = "wikicfp"


def store_call(session: Session, source_name: str, call: CallForPapers) -> tuple[bool, list[ChangeRecord]]:
    """Store one call; returns (created a new edition, changes)."""
    parent = parent_key(session, call)
    parent_edition = session.scalar(select(Edition).where(Edition.key == parent)) if parent else None
    known = own_key(session, call)
    detail = f"{call.kind}: {call.name}" + (f" (at {parent})" if parent else "")
    if known is not None:
        edition = session.scalars(select(Edition).where(Edition.key == known)).one()
        if parent_edition is not None and edition.parent_id is None and edition.id != parent_edition.id:
            edition.parent_id = parent_edition.id
        if edition.estimated:
            _make_real(edition, call, parent_edition)
            detail += f" (replaces the estimate of {edition.key})"
        _provenance(session, edition, call)
        return False, [ChangeRecord("new_cfp", edition.key, None, call.link or call.name, detail)]

    edition = _new_edition(session, call, parent_edition)
    changes = [
        ChangeRecord("new_edition", edition.key, None, call.name, detail),
        ChangeRecord("new_cfp", edition.key, None, call.link or call.name, detail),
    ]
    return True, changes


def _make_real(edition: Edition, call: CallForPapers, parent: Edition | None) -> None:
    """The real call for an estimated edition: its own facts replace the projection."""
    place = _place(call.place)
    edition.estimated = False
    edition.estimate_spread_days = None
    edition.note = None
    edition.source = SOURCE
    edition.title = call.name
    edition.link = call.link
    if parent is not None:
        edition.parent_id = parent.id
    if call.start is not None:
        edition.start_date, edition.end_date = call.start, call.end
    if place is not None:
        edition.city, edition.country = place.city, place.country
        edition.latitude, edition.longitude = place.latitude, place.longitude
    edition.place_text = call.place or edition.place_text
    edition.deadlines.clear()  # the estimated deadlines were the projection's


def _new_edition(session: Session, call: CallForPapers, parent: Edition | None) -> Edition:
    bare = call.acronym.split("@")[0].strip() if parent is not None else call.acronym
    key_base = slug(call.acronym)
    if not key_base:
        raise TrackerError(
            Message(
                N_("call {external_id}: acronym {acronym} has no letters or digits"),
                external_id=call.external_id,
                acronym=repr(call.acronym),
            )
        )
    series = session.scalar(select(Series).where(Series.key == key_base))
    if series is None:
        # Unvetted and with no parent to vouch for it: a predatory pattern is said, never hidden.
        caution = (
            f"unvetted WikiCFP call, no known parent or ranking; it {call.caution}" if call.caution else None
        )
        series = Series(
            key=key_base, acronym=bare, name=call.name, kind=call.kind, source=SOURCE,
            caution=caution if parent is None else None,
        )  # fmt: skip
        session.add(series)
        session.flush()
    place = _place(call.place)
    edition = Edition(
        series_id=series.id,
        year=call.year,
        key=edition_key(call.acronym, call.year),
        kind=call.kind,
        parent_id=parent.id if parent is not None else None,
        title=call.name,
        start_date=call.start,
        end_date=call.end,
        city=place.city if place else None,
        country=place.country if place else None,
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        place_text=call.place,
        link=call.link,
        mode="in-person",
        source=SOURCE,
    )
    session.add(edition)
    session.flush()
    _provenance(session, edition, call)
    return edition


def _provenance(session: Session, edition: Edition, call: CallForPapers) -> None:
    existing = session.get(EditionSource, (edition.id, SOURCE))
    if existing is None:
        session.add(EditionSource(edition_id=edition.id, source=SOURCE, external_id=call.external_id[:120]))
    else:
        existing.external_id = call.external_id[:120]


def _place(text: str | None) -> Place | None:
    """'Vienna, Austria' -> Vienna, AT when the offline gazetteer knows it (else only the text is kept)."""
    if not text or "," not in text:
        return None
    city, _, country = text.rpartition(",")
    city = city.split(",")[0].strip()
    try:
        return resolve_city(city, country.strip())
    except TrackerError:
        return None
