"""Storing checked records: merge across sources on the canonical key, remember every source.

A series is found by its canonical key (the DBLP key where known), else by any of its
aliases (``series_alias``), else created. An edition is found by (series, year); an
estimated edition of that year is discarded first (the real one replaces it).

Precedence when sources disagree (:data:`SOURCE_RANK`, higher wins):

- ``hf`` (huggingface ai-deadlines) 3: the newest, maintained source with typed deadlines;
- ``ccf`` (ccf-deadlines) 2: maintained, one untyped deadline pair per round;
- ``pwc`` (paperswithcode ai-deadlines) 1: unmaintained since 2024.

- Edition facts: a source of equal or higher rank than the edition's current ``source``
  overwrites every fact it states and becomes the edition's ``source``; a lower one only
  fills facts still missing. Dates, place and text are merged as groups (a place is never
  half from one source and half from another); a place on the map (or virtual) is never
  replaced by one the geocoder could not place, and a placed one fills in for it; an edition
  placed only by a venue's name takes the place of the series' edition naming that venue.
- Deadlines: an edition keeps the deadlines of one source, the highest-ranked that has any
  for it (so hf wins for the years it covers); ``Deadline.source`` says which.
- Series name and kind follow the same rule on ``Series.source``; topics and aliases are the
  union of all sources; the DBLP key and CCF category come from ccf.
- Quality signals: one per kind (``core``, ``ccf``, ``thcpl``, ``era``, ``h5_index``) with
  its provenance; ccf > hf > pwc for the same kind. A ``manual`` signal is never touched.
- ``EditionSource`` rows record every source that mentions an edition, with its id there.

An import never deletes: an edition a later file no longer lists stays (the trackers drop
past years), and only an edition's deadlines are replaced as a set by their owning source.
A series the catalog does not have yet is created only with at least one accepted edition.

Re-running an import changes nothing: every write compares first, and the report counts an
item as ``unchanged`` when its stored facts are the same before and after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.catalog.importers.placetext import Located
from tracker.catalog.importers.records import Issue
from tracker.catalog.importers.validate import Checked, ValidEdition, ValidRate, ValidSeries
from tracker.catalog.resolve import edition_key, slug
from tracker.models.catalog import (
    AcceptRate,
    Deadline,
    Edition,
    EditionSource,
    QualitySignal,
    Series,
    SeriesAlias,
    SeriesTopic,
)

SOURCE_RANK = {"estimate": 0, "pwc": 1, "ccf": 2, "hf": 3, "manual": 9}
# Provenance texts start with the source's long name; a signal's origin is read back from it.
PROVENANCE = {"pwc": "paperswithcode ai-deadlines", "hf": "huggingface ai-deadlines", "ccf": "ccf-deadlines"}
SIGNAL_RANK = {"pwc": 1, "hf": 2, "ccf": 3}


def rank(source: str | None) -> int:
    return SOURCE_RANK.get(source or "", 5)  # unknown (a user's own source): above the bundled ones


def signal_origin(provenance: str) -> str | None:
    for source, prefix in PROVENANCE.items():
        if provenance.startswith(prefix):
            return source
    return None


@dataclass
class MergeResult:
    """What storing did, item by item ("edition neurips2026", "series nips", "rate nips 2025")."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def count(self, label: str, before: Any, after: Any) -> None:
        if before is None:
            self.added.append(label)
        elif before != after:
            self.updated.append(label)
        else:
            self.unchanged.append(label)


class Catalog:
    """The stored catalog, loaded once per run and indexed for merging."""

    def __init__(self, session: Session) -> None:
        self.session = session
        series = session.scalars(
            select(Series).options(
                selectinload(Series.aliases),
                selectinload(Series.topics),
                selectinload(Series.signals),
                selectinload(Series.accept_rates),
                selectinload(Series.editions).selectinload(Edition.deadlines),
                selectinload(Series.editions).selectinload(Edition.sources),
            )
        ).all()
        self.by_key = {s.key: s for s in series}
        self.by_alias = {a.alias: s for s in series for a in s.aliases}
        self.by_dblp = {s.dblp.lower(): s for s in series if s.dblp}
        self.edition_keys = {e.key for s in series for e in s.editions}

    def find(self, key: str, names: tuple[str, ...], dblp: str | None) -> Series | None:
        found = self.by_key.get(key) or (self.by_dblp.get(dblp.lower()) if dblp else None)
        if found is None:
            for name in names:
                found = self.by_alias.get(slug(name)) or self.by_key.get(slug(name))
                if found is not None:
                    break
        return found


# --- snapshots: the stored facts of an item, to tell "updated" from "unchanged" -------------


def _series_facts(s: Series) -> tuple[Any, ...]:
    return (
        s.acronym, s.name, s.kind, s.dblp, s.ccf_category, s.source,
        tuple(sorted(t.topic for t in s.topics)),
        tuple(sorted((a.alias, a.source) for a in s.aliases)),
        tuple(sorted((q.source, q.value, q.year, q.provenance) for q in s.signals)),
    )  # fmt: skip


def _stored_deadline(d: Deadline) -> tuple[Any, ...]:
    return (d.type, d.label or "", d.round or 0, d.at_utc, d.local_text, d.timezone, d.source, d.estimated)


def _edition_facts(e: Edition) -> tuple[Any, ...]:
    return (
        e.key, e.kind, e.title, e.start_date, e.end_date, e.date_text, e.city, e.region, e.country,
        e.latitude, e.longitude, e.venue, e.place_text, e.link, e.mode, e.note, e.source,
        tuple(sorted(_stored_deadline(d) for d in e.deadlines)),
        tuple(sorted((x.source, x.external_id) for x in e.sources)),
    )  # fmt: skip


# --- series -------------------------------------------------------------------------------------


def _merge_series(cat: Catalog, v: ValidSeries, result: MergeResult) -> Series:
    series = cat.find(v.key, (*v.titles, v.acronym), v.dblp)
    before = None
    if series is None:
        series = Series(key=v.key, acronym=v.acronym, name=v.name, kind=v.kind, source=v.source)
        cat.session.add(series)
        cat.by_key[v.key] = series
    else:
        before = _series_facts(series)
        if v.acronym_fixed:
            series.acronym = v.acronym
        if rank(v.source) >= rank(series.source):
            series.name = v.name or series.name
            series.kind = v.kind
            series.source = v.source
    if v.dblp and series.dblp != v.dblp:
        series.dblp = v.dblp
        cat.by_dblp[v.dblp.lower()] = series
    if v.ccf_category and series.ccf_category != v.ccf_category:
        series.ccf_category = v.ccf_category
    have = {t.topic for t in series.topics}
    for topic in sorted(v.topics - have):
        series.topics.append(SeriesTopic(topic=topic))
    for name in (*v.titles, v.acronym, *v.aliases):
        alias = slug(name)
        if not alias or alias == series.key:
            continue
        owner = cat.by_alias.get(alias)
        if owner is None:
            series.aliases.append(SeriesAlias(alias=alias, source=v.source))
            cat.by_alias[alias] = series
        elif owner is not series:
            result.issues.append(
                Issue(
                    v.record_id, "title", f"alias {alias!r} already names {owner.key}; not added", "warning"
                )
            )
    _merge_signals(series, v)
    label = f"series {series.key}"
    result.count(label, before, _series_facts(series) if before is not None else None)
    return series


def _merge_signals(series: Series, v: ValidSeries) -> None:
    by_kind = {q.source: q for q in series.signals}
    for signal in v.signals:
        current = by_kind.get(signal.source)
        if current is None:
            new = QualitySignal(
                source=signal.source, value=signal.value, year=signal.year, provenance=signal.provenance
            )
            series.signals.append(new)
            by_kind[signal.source] = new
            continue
        origin = signal_origin(current.provenance or "")
        if origin is None or SIGNAL_RANK[v.source] < SIGNAL_RANK.get(origin, 0):
            continue  # a user's or a better source's value stays
        if (current.value, current.year, current.provenance) != (
            signal.value,
            signal.year,
            signal.provenance,
        ):
            current.value, current.year, current.provenance = signal.value, signal.year, signal.provenance


# --- editions -----------------------------------------------------------------------------------


def _new_edition_key(cat: Catalog, series: Series, year: int) -> str:
    for candidate in (edition_key(series.acronym, year), f"{series.key}{year}"):
        if candidate not in cat.edition_keys:
            return candidate
    n = 2
    while f"{series.key}{year}-{n}" in cat.edition_keys:
        n += 1
    return f"{series.key}{year}-{n}"


def _apply_facts(edition: Edition, v: ValidEdition, overwrite: bool) -> None:
    def take(current: Any, incoming: Any) -> bool:
        return incoming is not None and (overwrite or current is None)

    if take(edition.title or None, v.title):
        edition.title = v.title[:300]
    if v.kind == "workshop" and overwrite:
        edition.kind = v.kind
    if take(edition.link, v.link):
        edition.link = v.link
    # The dates travel as a group with the text they were read from, like the place below.
    if v.start is not None and (overwrite or edition.start_date is None):
        edition.start_date, edition.end_date, edition.date_text = v.start, v.end, v.date_text
    elif (
        v.start is None
        and v.date_text
        and edition.start_date is None
        and (overwrite or not edition.date_text)
    ):
        edition.date_text = v.date_text  # "August 2027 (exact dates TBD)": only the text is known
    place = v.place
    empty_place = edition.city is None and edition.country is None and edition.place_text is None
    # A place known well enough (on the map, or virtual) is not replaced by one that is not
    # ("Gold Coast, Queensland, Australia" stays when a better-ranked source says only
    # "Queensland, Australia"), and a place on the map fills in for one that is not.
    stored_known = edition.latitude is not None or (edition.mode == "virtual" and not empty_place)
    if place is not None and (
        empty_place
        or (overwrite and (_known(place) or not stored_known))
        or (place.latitude is not None and not stored_known)
    ):
        edition.place_text = place.text[:300] or None
        edition.city, edition.region, edition.country = place.city, place.region, place.country
        edition.latitude, edition.longitude = place.latitude, place.longitude
        edition.mode = place.mode
    if take(edition.venue, v.venue):
        edition.venue = v.venue
    if take(edition.note, v.note):
        edition.note = v.note


def _known(place: Located) -> bool:
    return place.latitude is not None or place.mode == "virtual"


def _merge_deadlines(edition: Edition, v: ValidEdition, source: str) -> None:
    if not v.deadlines:
        return
    owners = {d.source for d in edition.deadlines if not d.estimated}
    if owners and max(rank(o) for o in owners) > rank(source):
        return
    incoming = sorted(
        (d.type, (d.label or "")[:200], d.round or 0, d.at_utc, d.local_text, d.zone[:64], source, False)
        for d in v.deadlines
    )
    stored = sorted(_stored_deadline(d) for d in edition.deadlines)
    if incoming == stored:
        return
    edition.deadlines.clear()
    for d in v.deadlines:
        edition.deadlines.append(
            Deadline(
                type=d.type,
                label=d.label[:200] if d.label else None,
                round=d.round,
                at_utc=d.at_utc,
                local_text=d.local_text,
                timezone=d.zone[:64],
                estimated=False,
                source=source,
            )
        )


def _merge_edition(cat: Catalog, series: Series, v: ValidEdition, result: MergeResult) -> Edition:
    from tracker.catalog.estimates import discard_estimate

    edition = next((e for e in series.editions if e.year == v.year), None)
    if edition is not None and edition.estimated:
        # The real edition replaces the estimate; it is deleted (and flushed) first because
        # both would hold the same edition key.
        cat.edition_keys.discard(edition.key)
        discard_estimate(cat.session, series.id, v.year)
        edition = None
    before = None
    if edition is None:
        key = _new_edition_key(cat, series, v.year)
        edition = Edition(
            year=v.year, key=key, kind=v.kind, title="", mode="in-person", estimated=False, source=v.source
        )
        series.editions.append(edition)
        cat.edition_keys.add(key)
        _apply_facts(edition, v, overwrite=True)
    else:
        before = _edition_facts(edition)
        overwrite = rank(v.source) >= rank(edition.source)
        _apply_facts(edition, v, overwrite)
        if overwrite:
            edition.source = v.source
    _merge_deadlines(edition, v, v.source)
    mention = next((x for x in edition.sources if x.source == v.source), None)
    if mention is None:
        edition.sources.append(EditionSource(source=v.source, external_id=v.external_id))
    elif mention.external_id != v.external_id:
        mention.external_id = v.external_id
    result.count(f"edition {edition.key}", before, _edition_facts(edition) if before is not None else None)
    return edition


def _place_from_siblings(series: Series) -> None:
    """An edition placed only by a venue's name ("Chaminade, USA", CIDR 2024) is where another
    edition of the series names that venue with its town ("Chaminade Resort & Spa, Santa Cruz,
    California, USA", CIDR 2026)."""
    from tracker.text import fold

    placed = [e for e in series.editions if e.latitude is not None and e.place_text]
    for edition in series.editions:
        if edition.latitude is not None or edition.mode == "virtual" or not edition.city:
            continue
        name = fold(edition.city)
        twin = next(
            (e for e in placed if fold(e.place_text or "").split(",")[0].startswith(name + " ")), None
        )
        if twin is not None:
            edition.city, edition.region, edition.country = twin.city, twin.region, twin.country
            edition.latitude, edition.longitude = twin.latitude, twin.longitude


def _link_hosts(cat: Catalog, pending: list[tuple[Edition, ValidEdition]], result: MergeResult) -> None:
    """A co-located event gets its host edition as parent ("Co-located with ACL 2023")."""
    for edition, v in pending:
        assert v.colocated_with is not None
        name, year = v.colocated_with
        host_series = cat.find(slug(name), (name,), None)
        host = next((e for e in host_series.editions if e.year == year), None) if host_series else None
        if host is None or host is edition:
            message = f"co-located with {name} {year}, which is not in the catalog; no parent linked"
            result.issues.append(Issue(v.record_id, "note", message, "warning"))
            continue
        if edition.parent is not host:
            edition.parent = host
            label = f"edition {edition.key}"
            if label in result.unchanged:
                result.unchanged.remove(label)
                result.updated.append(label)


# --- acceptance rates ---------------------------------------------------------------------------


def _merge_rate(cat: Catalog, v: ValidRate, result: MergeResult) -> None:
    series = cat.find(v.series_key or slug(v.title), (v.title,), None)
    if series is None:
        result.issues.append(
            Issue(
                v.record_id,
                "title",
                f"no series {v.title!r} in the catalog (import its conference file first)",
            )
        )
        return
    current = next((r for r in series.accept_rates if r.year == v.year), None)
    facts = (v.rate, v.submitted, v.accepted, v.url[:500])
    label = f"rate {series.key} {v.year}"
    if current is None:
        series.accept_rates.append(
            AcceptRate(
                year=v.year, rate=v.rate, submitted=v.submitted, accepted=v.accepted, source=v.url[:500]
            )
        )
        result.added.append(label)
        return
    before = (current.rate, current.submitted, current.accepted, current.source)
    if before != facts:
        current.rate, current.submitted, current.accepted, current.source = facts
    result.count(label, before, facts)


def store(
    session: Session, checked: Checked, *, catalog: Catalog | None = None, flush: bool = True
) -> MergeResult:
    """Merge everything that passed the gate into the session (the caller commits or not).

    Several sources loaded in one go (the bundled seed) share one ``catalog`` and flush once
    at the end: a fact the next source replaces is then never written at all.
    """
    result = MergeResult()
    cat = catalog or Catalog(session)
    with session.no_autoflush:
        hosted: list[tuple[Edition, ValidEdition]] = []
        for v in checked.series:
            if not v.editions and cat.find(v.key, (*v.titles, v.acronym), v.dblp) is None:
                continue  # every edition was rejected: no series made of nothing (the gate said why)
            series = _merge_series(cat, v, result)
            for valid in v.editions:
                edition = _merge_edition(cat, series, valid, result)
                if valid.colocated_with is not None:
                    hosted.append((edition, valid))
            _place_from_siblings(series)
        _link_hosts(cat, hosted, result)
        for rate in checked.rates:
            _merge_rate(cat, rate, result)
    if flush:
        session.flush()
    return result
