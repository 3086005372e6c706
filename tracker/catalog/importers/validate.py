"""The validation gate: every record from every way in passes here before it is stored.

Raw records (:mod:`records`, values as written) go in; typed, checked values come out,
plus one :class:`Issue` per decision. A *rejection* means the record (an edition, one
deadline, one acceptance rate) is not stored; a *warning* means it is stored, repaired or
partly, and says how. Rules and decisions:

Editions (a rejection drops the edition and its deadlines)
- ``title`` missing, ``year`` not a whole number: rejected.
- ``start``/``end`` not a real date (``2025-02-30``): taken from the date text when that
  reads as a range (warning), else rejected.
- ``end`` before ``start``: when the date text gives a range that agrees with one of the two
  dates, the other one is repaired from it (warning; this is pwc NeurIPS 2024
  ``end: 2023-12-15`` with "December 9 - December 15, 2024"); otherwise rejected.
- No start/end given: read from the date text (ccf and some hf entries only have the text).
  Unreadable text ("August 2027 (exact dates TBD)"): stored without dates, warning.
- The year must match: the edition starts or ends in its ``year``. When it does not, the
  edition's year is trusted (it is in the id, the link and the deadlines) and, in this order:
  the date text's range is used if it lies in that year (pwc CVPR 2023, hf ICASSP 2026); else
  the dates are moved into that year if every deadline still falls before them (pwc WWW 2023,
  ccf SIGMOD 2023, ccf CIKM 2020, hf UAI 2026); else they are kept as given if the deadlines
  agree with them (a postponed edition: pwc ICPR 2020, held January 2021). Each is a warning.
  Otherwise the edition is rejected.
- Two entries of one source for the same series and year: the first is kept, the other rejected.
- A note "Co-located with ACL 2023" links that edition as the parent (warning when absent).
- Unknown fields (pwc CIKM 2024 ``data:`` instead of ``date:``): warning naming the field and
  the known field it resembles; the value is not used (the edition keeps its start/end).
- Place: see :mod:`placetext`; a place that cannot be geocoded is kept as text (warning).
  hf ``country`` that is a US state (CVPR 2025 ``Tennessee``) is repaired to country US with
  the state as region (warning); another non-country (``Tuscany``) is dropped (warning) and
  the country comes from the city when it geocodes (ECIR 2025: Lucca -> IT).
- ``note`` loses its HTML (links become "text (url)"); a ``link`` that is not a web address
  is dropped (warning).

Deadlines (a rejection drops that one deadline)
- Types map onto :data:`tracker.models.catalog.DEADLINE_TYPES` (:data:`TYPE_MAP`); an unknown
  type (``review_release``) becomes ``other`` with the source's label (or type) kept.
- The zone must be known (:mod:`tracker.catalog.timezones`) and the time readable: else rejected.
- A deadline after the conference's last day, or more than two years before it starts, is
  rejected (a typo in a year, nearly always).
- The same type more than once in an edition gets rounds 1..n in time order.

Series signals: CCF ``A/B/C``, CORE ``A*/A/B/C``, THCPL ``A/B``, ERA ``A/B/C`` (``N`` = not
ranked, skipped); ``hindex`` must be a whole number. A bad value drops that signal (warning).

Acceptance rates (ccf ``accept_rates/``; a rejection drops that year)
- ``rate`` must be a number in [0, 1]. A comma decimal (cvpr 2025 ``0,2212484625``) or a
  percentage is repaired when it agrees (within 0.005) with accepted/submitted (warning),
  else rejected. ``submitted``/``accepted`` must be whole numbers with accepted <= submitted.
"""

from __future__ import annotations

import difflib
import html
import re

from tracker.catalog import topics
from tracker.catalog.importers.aliases import AliasTable
from tracker.catalog.importers.dates import check_dates
from tracker.catalog.importers.deadlines import TYPE_MAP, check_deadlines
from tracker.catalog.importers.placetext import Located, locate, locate_fields
from tracker.catalog.importers.rates import check_rate
from tracker.catalog.importers.records import Batch, EditionRecord, Issue, SeriesRecord
from tracker.catalog.importers.valid import (
    Checked,
    Reject,
    ValidDeadline,
    ValidEdition,
    ValidRate,
    ValidSeries,
    ValidSignal,
    warn,
    whole_number,
)

__all__ = [
    "TYPE_MAP",
    "Checked",
    "ValidDeadline",
    "ValidEdition",
    "ValidRate",
    "ValidSeries",
    "ValidSignal",
    "check",
    "check_edition",
    "check_series",
    "plain_text",
]

RANK_VALUES = {
    "ccf": ("A", "B", "C"),
    "core": ("A*", "A", "B", "C"),
    "thcpl": ("A", "B"),
    "era": ("A", "B", "C"),
}
NOT_RANKED = {"N", "NONE", "-", ""}
# Field names the three formats use; an unknown field is compared with these for a hint.
FIELD_NAMES = (
    "title", "year", "id", "link", "deadline", "deadlines", "abstract_deadline", "timezone", "place",
    "date", "start", "end", "sub", "note", "full_name", "hindex", "city", "country", "venue", "tags",
    "era_rating", "rankings", "timeline", "description", "rank", "dblp", "confs",
)  # fmt: skip
_TAG = re.compile(r"<[^>]+>")
_COLOCATED = re.compile(
    r"co-?located with (?:the )?([A-Za-z][\w*+&-]*(?: [A-Za-z][\w*+&-]*){0,3}) (\d{4})\b", re.I
)
_LINK = re.compile(r"<a\s[^>]*href\s*=\s*['\"]([^'\"]+)['\"][^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)


def plain_text(note: str | None) -> str | None:
    """A note without HTML: ``More info <a href='u'>here</a>.`` -> ``More info here (u).``"""
    if not note:
        return None
    text = _LINK.sub(lambda m: f"{_TAG.sub('', m.group(2)).strip()} ({m.group(1)})", note)
    text = html.unescape(_TAG.sub("", text))
    return " ".join(text.split()) or None


def _kind_of(title: str) -> str:
    lowered = title.lower()
    return "workshop" if "workshop" in lowered or "symposium" in lowered else "conference"


def _place(rec: EditionRecord, issues: list[Issue]) -> Located | None:
    if rec.place:
        located = locate(rec.place)
    elif rec.city or rec.country:
        located = locate_fields(rec.city, rec.country)
    else:
        return None
    issues.extend(warn(rec, field_name, problem) for field_name, problem in located.problems)
    return located


def check_edition(
    rec: EditionRecord, issues: list[Issue], min_year: int | None = None
) -> ValidEdition | None:
    """The checked edition, or None when it is rejected (or older than ``min_year``)."""
    try:
        if not rec.title:
            raise Reject("title", "missing")
        year = whole_number(rec.year, "year")
        if min_year is not None and year < min_year:
            return None
        local: list[Issue] = []
        for name in rec.unknown_fields:
            hint = difflib.get_close_matches(name, FIELD_NAMES, n=1, cutoff=0.6)
            also = f" (did you mean {hint[0]!r}?)" if hint else ""
            local.append(warn(rec, name, f"unknown field ignored{also}"))
        start, end, date_text = check_dates(rec, year, local)
        place = _place(rec, local)
        deadlines = check_deadlines(rec, start, end, local)
    except Reject as exc:
        issues.append(Issue(rec.record_id, exc.field, exc.reason))
        return None
    issues.extend(local)
    link = rec.link
    if link and not link.startswith(("http://", "https://")):
        issues.append(warn(rec, "link", f"not a web address: {link!r}; dropped"))
        link = None
    return ValidEdition(
        record_id=rec.record_id,
        source=rec.source,
        external_id=rec.external_id,
        year=year,
        kind=_kind_of(rec.title) if rec.kind == "conference" else rec.kind,
        title=rec.full_name or rec.title,
        link=link,
        start=start,
        end=end,
        date_text=date_text,
        place=place,
        venue=rec.venue,
        note=plain_text(rec.note),
        deadlines=deadlines,
        colocated_with=colocated_with(plain_text(rec.note)),
    )


def colocated_with(note: str | None) -> tuple[str, int] | None:
    """('ACL', 2023) from a note saying "Co-located with ACL 2023"."""
    match = _COLOCATED.search(note or "")
    return (match.group(1).strip(), int(match.group(2))) if match else None


# --- series -------------------------------------------------------------------------------------


def _signals(rec: SeriesRecord, issues: list[Issue], provenance: str) -> list[ValidSignal]:
    out: list[ValidSignal] = []
    for name, raw in rec.ranks.items():
        if name not in RANK_VALUES:
            issues.append(warn(rec, f"rank.{name}", f"unknown ranking {name!r}; ignored"))
            continue
        value = str(raw).strip().upper()
        if value in NOT_RANKED:
            continue
        if value not in RANK_VALUES[name]:
            issues.append(warn(rec, f"rank.{name}", f"{raw!r} is not a {name.upper()} rank; ignored"))
            continue
        out.append(ValidSignal(name, value, None, provenance))
    # h-index: the latest edition that states one.
    for edition in sorted(rec.editions, key=lambda e: str(e.year), reverse=True):
        if edition.h5_index in (None, ""):
            continue
        try:
            h5 = whole_number(edition.h5_index, "hindex")
            year = whole_number(edition.year, "year")
        except Reject as exc:
            issues.append(warn(edition, exc.field, f"{exc.reason}; h-index ignored"))
            continue
        out.append(ValidSignal("h5_index", str(h5), year, f"{provenance} ({edition.external_id or year})"))
        break
    return out


def check_series(
    rec: SeriesRecord, aliases: AliasTable, issues: list[Issue], min_year: int | None = None
) -> ValidSeries | None:
    if not rec.title:
        issues.append(Issue(rec.record_id, "title", "missing"))
        return None
    key, entry = aliases.canonical(rec.title, rec.dblp)
    codes = {"pwc": {"pwc": rec.topic_codes}, "hf": {"hf": rec.topic_codes}, "ccf": {"ccf": rec.topic_codes}}
    found = topics.from_codes(**codes.get(rec.source, {}))
    found |= topics.from_name(rec.full_name or "")
    if entry is not None:
        found |= set(entry.topics)
    provenance = {
        "pwc": "paperswithcode ai-deadlines",
        "hf": "huggingface ai-deadlines",
        "ccf": "ccf-deadlines",
    }
    series = ValidSeries(
        record_id=rec.record_id,
        source=rec.source,
        key=key,
        acronym=(entry.acronym if entry and entry.acronym else rec.title)[:64],
        name=(entry.name if entry and entry.name else rec.full_name or rec.title)[:300],
        kind=_kind_of(rec.title),
        dblp=rec.dblp.strip() if rec.dblp else None,
        ccf_category=rec.ccf_category,
        titles=(rec.title,),
        topics=found,
        acronym_fixed=bool(entry and entry.acronym),
        aliases=entry.aliases if entry else (),
        signals=_signals(rec, issues, f"{provenance.get(rec.source, rec.source)} {rec.record_id}"),
    )
    for raw_edition in rec.editions:
        valid = check_edition(raw_edition, issues, min_year)
        if valid is not None:
            series.editions.append(valid)
    years = [e.year for e in series.editions]
    for year in sorted({y for y in years if years.count(y) > 1}):
        issues.append(Issue(rec.record_id, "year", f"{year} listed twice; kept the first"))
        kept: list[ValidEdition] = []
        for edition in series.editions:
            if edition.year != year or not any(k.year == year for k in kept):
                kept.append(edition)
        series.editions = kept
    return series


def _fold_into(first: ValidSeries, other: ValidSeries, issues: list[Issue]) -> None:
    """Two records of one source that name the same series (IJCAI and IJCAI-ECAI): one series.

    The first record keeps its name and acronym; topics, names and signals are pooled; an
    edition year both list is kept from the first (the other is reported and not stored).
    Without this the two would overwrite each other on every run.
    """
    first.titles = (*first.titles, *(t for t in other.titles if t not in first.titles))
    first.topics |= other.topics
    have = {s.source for s in first.signals}
    first.signals += [s for s in other.signals if s.source not in have]
    years = {e.year: e for e in first.editions}
    for edition in other.editions:
        if edition.year in years:
            message = f"{first.key} {edition.year} is already given by {years[edition.year].record_id}"
            issues.append(Issue(edition.record_id, "title", message))
        else:
            first.editions.append(edition)
            years[edition.year] = edition


def check(batch: Batch, aliases: AliasTable, *, min_year: int | None = None) -> Checked:
    """Run the gate over everything one parser produced."""
    out = Checked(source=batch.source, issues=list(batch.issues))
    by_key: dict[str, ValidSeries] = {}
    for rec in batch.series:
        series = check_series(rec, aliases, out.issues, min_year)
        if series is None:
            continue
        first = by_key.get(series.key)
        if first is None:
            by_key[series.key] = series
            out.series.append(series)
        else:
            _fold_into(first, series, out.issues)
    for rate in batch.rates:
        if min_year is not None and isinstance(rate.year, int) and rate.year < min_year:
            continue
        valid = check_rate(rate, aliases, out.issues)
        if valid is not None:
            out.rates.append(valid)
    return out
