"""Storing checked records: merge across sources on the canonical key, remember every source.

A series is found by its canonical key (the DBLP key where known), else by any of its
aliases (``series_alias``), else created. An edition is found by (series, year); an
estimated edition of that year is discarded first (the real one replaces it).

Every source's facts of an edition are kept as its claim (:mod:`claims`: dates, place,
title/link/note, deadlines, with when that source last confirmed and changed them); the
edition's own columns and deadlines are the one reconciled set everything else reads,
decided field by field from the claims of the sources that still list it, on evidence first
and then by a documented rank (:mod:`reconcile`). No source's deadline is dropped: the
deadlines the first-ranked source lacks are added from the others.

- Series name and kind follow :data:`SOURCE_RANK` on ``Series.source`` (higher wins: hf 3,
  ccf 2, pwc 1; a user's own source 5); topics and aliases are the union of all sources; the
  DBLP key and CCF category come from ccf.
- Quality signals: one per kind (``core``, ``ccf``, ``thcpl``, ``era``, ``h5_index``) with
  its provenance; ccf > hf > pwc for the same kind. A ``manual`` signal is never touched.
- ``EditionSource`` rows record every source that mentions an edition, with its id there.

An import never deletes. A deadline a source no longer lists for an edition it lists is
marked withdrawn in that source's claim; an edition it no longer lists is marked withdrawn
only by a sync, which reads the source's listing (``withdraw``): a single file withdraws
what that file's series listed, a whole catalog (an archive) anything it listed. A withdrawn
fact stops counting in the reconciled set, and is kept, with when it was withdrawn. A series
the catalog does not have yet is created only with at least one accepted edition.

Re-running an import changes nothing: every write compares first, and the report counts an
item as ``unchanged`` when its stored facts are the same before and after.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from tracker.catalog.importers.claims import Withdrawal, record_claim, withdraw
from tracker.catalog.importers.reconcile import reconcile
from tracker.catalog.importers.records import Issue
from tracker.catalog.importers.validate import Checked, ValidEdition, ValidRate, ValidSeries
from tracker.catalog.resolve import edition_key, slug
from tracker.models.catalog import (
    AcceptRate,
    Deadline,
    Edition,
    EditionClaim,
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
    # Editions and deadlines the source no longer lists (see claims.py).
    withdrawn: list[Withdrawal] = field(default_factory=list)

    def count(self, label: str, before: Any, after: Any) -> None:
        if before is None:
            self.added.append(label)
        elif before != after:
            self.updated.append(label)
        else:
            self.unchanged.append(label)


class Catalog:
    """The stored catalog, loaded once per run and indexed for merging.

    ``settle_later``: the editions merged are reconciled by :meth:`settle`, once, instead of
    after each source (the seed merges three sources into the same editions).
    """

    def __init__(self, session: Session, *, settle_later: bool = False) -> None:
        self.session = session
        self.unsettled: dict[int, tuple[Edition, Series]] | None = {} if settle_later else None
        series = session.scalars(
            select(Series).options(
                selectinload(Series.aliases),
                selectinload(Series.topics),
                selectinload(Series.signals),
                selectinload(Series.accept_rates),
                selectinload(Series.editions).selectinload(Edition.deadlines),
                selectinload(Series.editions).selectinload(Edition.sources),
                selectinload(Series.editions)
                .selectinload(Edition.claims)
                .selectinload(EditionClaim.deadlines),
            )
        ).all()
        self.by_key = {s.key: s for s in series}
        self.by_alias = {a.alias: s for s in series for a in s.aliases}
        self.by_dblp = {s.dblp.lower(): s for s in series if s.dblp}
        self.edition_keys = {e.key for s in series for e in s.editions}

    def load_claims(self, series: Iterable[Series]) -> None:
        """The claims of these series' stored editions, in two queries (only the series an
        import touches need them: loading every claim of the catalog would double its load)."""
        editions = [
            e for s in series for e in s.editions if e.id is not None and "claims" in inspect(e).unloaded
        ]
        if not editions:
            return
        found: dict[int, list[EditionClaim]] = {e.id: [] for e in editions}
        for start in range(0, len(editions), 500):
            ids = [e.id for e in editions[start : start + 500]]
            query = (
                select(EditionClaim)
                .where(EditionClaim.edition_id.in_(ids))
                .options(selectinload(EditionClaim.deadlines))
                .order_by(EditionClaim.source)
            )
            for claim in self.session.scalars(query):
                found[claim.edition_id].append(claim)
        for e in editions:
            set_committed_value(e, "claims", found[e.id])

    def reconcile(self, edition: Edition, series: Series) -> None:
        if self.unsettled is None:
            reconcile(edition, series.editions)
        else:
            self.unsettled[id(edition)] = (edition, series)

    def settle(self) -> None:
        """Reconcile every edition merged since the catalog was loaded (see ``settle_later``)."""
        for edition, series in (self.unsettled or {}).values():
            reconcile(edition, series.editions)
        if self.unsettled is not None:
            self.unsettled.clear()

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


def _merge_edition(
    cat: Catalog, series: Series, v: ValidEdition, result: MergeResult, seen_at: datetime
) -> Edition:
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
    else:
        before = _edition_facts(edition)
        if v.kind == "workshop" and rank(v.source) >= rank(edition.source):
            edition.kind = v.kind
    result.withdrawn += record_claim(edition, v, seen_at)
    cat.reconcile(edition, series)
    mention = next((x for x in edition.sources if x.source == v.source), None)
    if mention is None:
        edition.sources.append(EditionSource(source=v.source, external_id=v.external_id))
    elif mention.external_id != v.external_id:
        mention.external_id = v.external_id
    result.count(f"edition {edition.key}", before, _edition_facts(edition) if before is not None else None)
    return edition


def _withdraw_unlisted(
    cat: Catalog, source: str, listed: set[int], scope: list[Series] | None, result: MergeResult, at: datetime
) -> None:
    """Mark the editions ``source`` listed before and not now (in ``scope``; None: all) as withdrawn."""
    for series in scope if scope is not None else cat.by_key.values():
        for edition in series.editions:
            if id(edition) in listed:
                continue
            withdrawal = withdraw(edition, source, at)
            if withdrawal is not None:
                result.withdrawn.append(withdrawal)
                cat.reconcile(edition, series)


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
    session: Session,
    checked: Checked,
    *,
    catalog: Catalog | None = None,
    flush: bool = True,
    seen_at: datetime | None = None,
    withdraw: str | None = None,
) -> MergeResult:
    """Merge everything that passed the gate into the session (the caller commits or not).

    Several sources loaded in one go (the bundled seed) share one ``catalog`` and flush once
    at the end: a fact the next source replaces is then never written at all. ``seen_at``
    stamps the claims (default: now). ``withdraw`` is for a sync, which reads a source's
    listing: ``"series"`` marks the editions of the series read that the source no longer
    lists as withdrawn (one file), ``"all"`` every edition it no longer lists (its whole
    catalog). An import (None) withdraws no edition: a file is not a source's whole listing.
    """
    from tracker import clock

    result = MergeResult()
    cat = catalog or Catalog(session)
    at = seen_at or clock.now()
    with session.no_autoflush:
        if withdraw == "all":
            cat.load_claims(cat.by_key.values())
        else:
            touched = (cat.find(v.key, (*v.titles, v.acronym), v.dblp) for v in checked.series)
            cat.load_claims(s for s in touched if s is not None)
        hosted: list[tuple[Edition, ValidEdition]] = []
        listed: set[int] = set()
        read: list[Series] = []
        for v in checked.series:
            if not v.editions and cat.find(v.key, (*v.titles, v.acronym), v.dblp) is None:
                continue  # every edition was rejected: no series made of nothing (the gate said why)
            series = _merge_series(cat, v, result)
            read.append(series)
            for valid in v.editions:
                edition = _merge_edition(cat, series, valid, result, at)
                listed.add(id(edition))
                if valid.colocated_with is not None:
                    hosted.append((edition, valid))
        if withdraw is not None:
            scope = read if withdraw == "series" else None
            _withdraw_unlisted(cat, checked.source, listed, scope, result, at)
        _link_hosts(cat, hosted, result)
        for rate in checked.rates:
            _merge_rate(cat, rate, result)
    if flush:
        session.flush()
    return result
