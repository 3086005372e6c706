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
- The year must match: the edition starts or ends in its ``year``; otherwise rejected.
- Unknown fields (pwc CIKM 2024 ``data:`` instead of ``date:``): warning naming the field and
  the known field it resembles; the value is not used (the edition keeps its start/end).
- Place: see :mod:`placetext`; a place that cannot be geocoded is kept as text (warning).
  hf ``country`` that is a US state (CVPR 2025 ``Tennessee``) is repaired to country US with
  the state as region (warning); another non-country (``Tuscany``) is dropped and the country
  is taken from the city when the city geocodes on its own (warning).
- ``note`` loses its HTML (links become "text (url)").

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
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from tracker.catalog import timezones, topics
from tracker.catalog.importers.aliases import AliasTable
from tracker.catalog.importers.datetext import parse_date_range
from tracker.catalog.importers.placetext import Located, locate, locate_fields
from tracker.catalog.importers.records import (
    Batch,
    DeadlineRecord,
    EditionRecord,
    Issue,
    RateRecord,
    SeriesRecord,
)
from tracker.errors import Invalid

#: The sources' deadline words -> our fixed types (anything else is "other").
TYPE_MAP = {
    "abstract": "abstract",
    "abstract_deadline": "abstract",
    "paper": "paper",
    "submission": "paper",
    "full_paper": "paper",
    "deadline": "paper",
    "supplementary": "supplementary",
    "rebuttal_start": "rebuttal_start",
    "rebuttal_end": "rebuttal_end",
    "notification": "notification",
    "first-notification": "notification",
    "final-notification": "notification",
    "camera_ready": "camera_ready",
    "camera-ready": "camera_ready",
    "registration": "registration",
}
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
MAX_LEAD = timedelta(days=730)
_TAG = re.compile(r"<[^>]+>")
_COLOCATED = re.compile(
    r"co-?located with (?:the )?([A-Za-z][\w*+&-]*(?: [A-Za-z][\w*+&-]*){0,3}) (\d{4})\b", re.I
)
_LINK = re.compile(r"<a\s[^>]*href\s*=\s*['\"]([^'\"]+)['\"][^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)


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


class _Reject(Exception):
    """Raised inside the gate to drop the record being checked."""

    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field_name
        self.reason = reason


# --- small parsers ------------------------------------------------------------------------------


def _int(value: Any, field_name: str) -> int:
    if isinstance(value, bool):
        raise _Reject(field_name, f"not a whole number: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip() if value is not None else ""
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    raise _Reject(field_name, f"not a whole number: {value!r}")


def _iso_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip().strip("'\""))


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


# --- editions -----------------------------------------------------------------------------------


def _deadline_days(rec: EditionRecord) -> list[date]:
    """The local days of the deadlines that can be read (to judge which year is right)."""
    days = []
    for d in rec.deadlines:
        try:
            days.append(timezones.parse_local(str(d.when)).date())
        except Invalid:
            continue
    return days


def _shift(day: date, years: int) -> date | None:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return None


def _dates(rec: EditionRecord, year: int, issues: list[Issue]) -> tuple[date | None, date | None, str | None]:
    date_text = str(rec.date_text).strip() if rec.date_text not in (None, "") else None
    from_text: tuple[date, date] | None = None
    if date_text:
        try:
            from_text = parse_date_range(date_text, year)
        except Invalid:
            from_text = None
    start = end = None
    bad: list[str] = []
    for name, raw in (("start", rec.start), ("end", rec.end)):
        if raw in (None, ""):
            continue
        try:
            parsed = _iso_date(raw)
        except ValueError:
            bad.append(name)
            continue
        if name == "start":
            start = parsed
        else:
            end = parsed
    for name in bad:
        if from_text is None:
            raise _Reject(name, f"not a real date: {getattr(rec, name)!r}")
        repaired = from_text[0] if name == "start" else from_text[1]
        issues.append(
            _warn(rec, name, f"not a real date {getattr(rec, name)!r}; used {repaired} from the date text")
        )
        if name == "start":
            start = repaired
        else:
            end = repaired
    if start is None and end is None:
        if from_text is None:
            if date_text:
                issues.append(_warn(rec, "date", f"cannot read {date_text!r} as dates; stored without dates"))
            else:
                issues.append(_warn(rec, "start", "no dates given; stored without dates"))
            return None, None, date_text
        start, end = from_text
        from_text = None  # the text is the only witness: nothing to compare with
        stated = "the date text"
    else:
        start = start or end
        end = end or start
        stated = "start/end"
    assert start is not None and end is not None
    if end < start:
        if from_text is not None and start == from_text[0]:
            message = (
                f"{end} is before start {start}; repaired to {from_text[1]} from the date text {date_text!r}"
            )
            issues.append(_warn(rec, "end", message))
            end = from_text[1]
        elif from_text is not None and end == from_text[1]:
            message = (
                f"{start} is after end {end}; repaired to {from_text[0]} from the date text {date_text!r}"
            )
            issues.append(_warn(rec, "start", message))
            start = from_text[0]
        else:
            raise _Reject("end", f"end {end} is before start {start}")
    if year in (start.year, end.year):
        if from_text is not None and (start, end) != from_text:
            message = f"date text {date_text!r} disagrees with start/end {start}..{end}; kept start/end"
            issues.append(_warn(rec, "date", message))
        return start, end, date_text
    start, end = _fix_year(rec, year, start, end, from_text, stated, issues)
    return start, end, date_text


def _fix_year(
    rec: EditionRecord,
    year: int,
    start: date,
    end: date,
    from_text: tuple[date, date] | None,
    stated: str,
    issues: list[Issue],
) -> tuple[date, date]:
    """Dates that are not in the edition's year: repair from the text or by the deadlines, or reject."""
    field_name = "start" if stated == "start/end" else "date"
    if from_text is not None and year in (from_text[0].year, from_text[1].year):
        message = f"{start}..{end} is not in {year}; used {from_text[0]}..{from_text[1]} from the date text"
        issues.append(_warn(rec, field_name, message))
        return from_text
    days = _deadline_days(rec)
    shifted = (_shift(start, year - start.year), _shift(end, year - start.year))
    # The edition's year is the sturdier fact (it is in the id, the link, the deadlines): a
    # wrong year in the dates is the usual typo. Only when the deadlines contradict the
    # edition's year is the conference taken as held in another year (ICPR 2020 in 2021).
    if days and shifted[0] and shifted[1] and all(day <= shifted[1] for day in days):
        message = (
            f"{stated} says {start}..{end} for the {year} edition; moved to {shifted[0]}..{shifted[1]} "
            f"(its deadlines agree)"
        )
        issues.append(_warn(rec, field_name, message))
        return shifted[0], shifted[1]
    if days and all(day <= end for day in days):
        message = f"the {year} edition is held {start}..{end} ({stated}; its deadlines agree)"
        issues.append(_warn(rec, field_name, message))
        return start, end
    raise _Reject("year", f"year {year} but {stated} says {start}..{end}")


def _place(rec: EditionRecord, issues: list[Issue]) -> Located | None:
    if rec.place:
        located = locate(rec.place)
    elif rec.city or rec.country:
        located = locate_fields(rec.city, rec.country)
    else:
        return None
    issues.extend(_warn(rec, field_name, problem) for field_name, problem in located.problems)
    return located


def _deadlines(
    rec: EditionRecord, start: date | None, end: date | None, issues: list[Issue]
) -> list[ValidDeadline]:
    out: list[ValidDeadline] = []
    seen: set[tuple[str, str, str, str | None]] = set()
    for d in rec.deadlines:
        try:
            valid = _deadline(d, start, end)
        except _Reject as exc:
            issues.append(Issue(rec.record_id, exc.field, exc.reason))
            continue
        identity = (valid.type, valid.local_text, valid.zone, valid.label)
        if identity in seen:
            issues.append(
                _warn(rec, d.field, f"duplicate {valid.type} deadline {valid.local_text}; kept once")
            )
            continue
        seen.add(identity)
        out.append(valid)
    # The same type more than once (and no rounds from the source): rounds in time order.
    by_type: dict[str, list[ValidDeadline]] = {}
    for valid in out:
        by_type.setdefault(valid.type, []).append(valid)
    for group in by_type.values():
        if len(group) > 1 and all(v.round is None for v in group) and group[0].type != "other":
            for i, valid in enumerate(sorted(group, key=lambda v: v.at_utc), start=1):
                valid.round = i
    return sorted(out, key=lambda v: (v.at_utc, v.type))


def _deadline(d: DeadlineRecord, start: date | None, end: date | None) -> ValidDeadline:
    word = d.kind.strip().lower()
    if not word:
        raise _Reject(f"{d.field}.type", "missing deadline type")
    kind = TYPE_MAP.get(word, "other")
    label = d.label
    if kind == "other" and not label:
        label = word.replace("_", " ").replace("-", " ")
    if d.zone in (None, ""):
        raise _Reject(f"{d.field}.timezone", "no time zone given")
    try:
        timezones.parse_zone(str(d.zone))
    except Invalid as exc:
        raise _Reject(f"{d.field}.timezone", str(exc)) from exc
    if d.when in (None, ""):
        raise _Reject(f"{d.field}.date", "no date given")
    try:
        instant = timezones.localize(str(d.when), str(d.zone))
    except Invalid as exc:
        raise _Reject(f"{d.field}.date", str(exc)) from exc
    local_day = datetime.strptime(instant.local_text, "%Y-%m-%d %H:%M:%S").date()
    if end is not None and local_day > end:
        raise _Reject(
            f"{d.field}.date", f"{kind} deadline {instant.local_text} is after the conference ended ({end})"
        )
    if start is not None and start - local_day > MAX_LEAD:
        message = f"{d.field}.date"
        raise _Reject(
            message, f"{kind} deadline {instant.local_text} is over two years before the conference ({start})"
        )
    return ValidDeadline(kind, label, d.round, instant.utc, instant.local_text, instant.zone)


def _warn(rec: EditionRecord | SeriesRecord | RateRecord, field_name: str, reason: str) -> Issue:
    return Issue(rec.record_id, field_name, reason, "warning")


def check_edition(
    rec: EditionRecord, issues: list[Issue], min_year: int | None = None
) -> ValidEdition | None:
    """The checked edition, or None when it is rejected (or older than ``min_year``)."""
    try:
        if not rec.title:
            raise _Reject("title", "missing")
        year = _int(rec.year, "year")
        if min_year is not None and year < min_year:
            return None
        local: list[Issue] = []
        for name in rec.unknown_fields:
            hint = difflib.get_close_matches(name, FIELD_NAMES, n=1, cutoff=0.6)
            also = f" (did you mean {hint[0]!r}?)" if hint else ""
            local.append(_warn(rec, name, f"unknown field ignored{also}"))
        start, end, date_text = _dates(rec, year, local)
        place = _place(rec, local)
        deadlines = _deadlines(rec, start, end, local)
    except _Reject as exc:
        issues.append(Issue(rec.record_id, exc.field, exc.reason))
        return None
    issues.extend(local)
    link = rec.link
    if link and not link.startswith(("http://", "https://")):
        issues.append(_warn(rec, "link", f"not a web address: {link!r}; dropped"))
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
            issues.append(_warn(rec, f"rank.{name}", f"unknown ranking {name!r}; ignored"))
            continue
        value = str(raw).strip().upper()
        if value in NOT_RANKED:
            continue
        if value not in RANK_VALUES[name]:
            issues.append(_warn(rec, f"rank.{name}", f"{raw!r} is not a {name.upper()} rank; ignored"))
            continue
        out.append(ValidSignal(name, value, None, provenance))
    # h-index: the latest edition that states one.
    for edition in sorted(rec.editions, key=lambda e: str(e.year), reverse=True):
        if edition.h5_index in (None, ""):
            continue
        try:
            h5 = _int(edition.h5_index, "hindex")
            year = _int(edition.year, "year")
        except _Reject as exc:
            issues.append(_warn(edition, exc.field, f"{exc.reason}; h-index ignored"))
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


# --- acceptance rates ---------------------------------------------------------------------------


def _rate_value(rec: RateRecord, submitted: int | None, accepted: int | None, issues: list[Issue]) -> float:
    ratio = accepted / submitted if submitted and accepted is not None else None
    raw = rec.rate
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = float(raw)
        repaired_from = None
    else:
        text = str(raw).strip() if raw is not None else ""
        if re.fullmatch(r"\d+(\.\d+)?", text):
            value, repaired_from = float(text), None
        elif re.fullmatch(r"\d+,\d+", text):
            value, repaired_from = float(text.replace(",", ".")), "a comma decimal"
        elif re.fullmatch(r"\d+(\.\d+)?\s*%", text):
            value, repaired_from = float(text.rstrip("% ")) / 100, "a percentage"
        else:
            raise _Reject("rate", f"not a number: {raw!r}")
    if value > 1 and value <= 100 and repaired_from is None:
        value, repaired_from = value / 100, "a percentage"
    if repaired_from is not None:
        if ratio is None or abs(ratio - value) > 0.005:
            raise _Reject(
                "rate", f"{raw!r} looks like {repaired_from} but accepted/submitted does not confirm it"
            )
        message = f"{raw!r} is {repaired_from}; read as {value:.4f} (accepted/submitted = {ratio:.4f})"
        issues.append(_warn(rec, "rate", message))
    if not 0 <= value <= 1:
        raise _Reject("rate", f"{value} is not between 0 and 1")
    if ratio is not None and abs(ratio - value) > 0.01:
        message = f"{value:.4f} disagrees with accepted/submitted = {ratio:.4f}; kept the rate"
        issues.append(_warn(rec, "rate", message))
    return value


def check_rate(rec: RateRecord, aliases: AliasTable, issues: list[Issue]) -> ValidRate | None:
    try:
        year = _int(rec.year, "year")
        submitted = None if rec.submitted in (None, "") else _int(rec.submitted, "submitted")
        accepted = None if rec.accepted in (None, "") else _int(rec.accepted, "accepted")
        if submitted is not None and accepted is not None and accepted > submitted:
            raise _Reject("accepted", f"{accepted} accepted of {submitted} submitted")
        rate = _rate_value(rec, submitted, accepted, issues)
    except _Reject as exc:
        issues.append(Issue(rec.record_id, exc.field, exc.reason))
        return None
    key = aliases.canonical(rec.title, rec.dblp)[0] if rec.dblp or rec.title else None
    return ValidRate(
        rec.record_id, rec.source, rec.title, key, year, rate, submitted, accepted, rec.url or ""
    )


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
