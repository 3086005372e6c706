"""The bundled workshops (``data/catalog/workshops.yml``) as workshop editions of their parents.

Each call for papers becomes one workshop edition linked to its parent edition
(``Edition.parent_id``): the parent's place, mode and days (a workshop is held within
its conference's dates; the day itself is not in the calls), the call's own title, link
and place in its series ("the 3rd ... workshop"). Calls that are one series
(:mod:`tracker.catalog.workshop_series`) share a Series of kind "workshop", whose topics
the talk classifier reads from the calls' titles and topic lists (each stored with its
probability, ``SeriesTopic.confidence``), plus the topics its name's keywords give, as
for every series (no confidence: the name says so). Deadlines stated in a call's sentences are read
by :mod:`tracker.catalog.importers.deadlinetext` and pass the validation gate's deadline
rules like any source's.

Every call is either stored or reported with its reason (:class:`WorkshopReport`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import config
from tracker.catalog import topics
from tracker.catalog.importers.deadlines import check_deadlines
from tracker.catalog.importers.deadlinetext import deadline_records
from tracker.catalog.importers.records import EditionRecord, Issue
from tracker.catalog.note_words import parent_note
from tracker.catalog.resolve import edition_key, slug
from tracker.catalog.workshop_series import group
from tracker.errors import Invalid
from tracker.i18n import N_, Message
from tracker.models.catalog import Deadline, Edition, EditionSource, Series, SeriesAlias, SeriesTopic

SOURCE = "mlrbench"
#: How many of the classifier's concepts a series keeps (the best, and those half as likely).
TOPICS_PER_SERIES = 3
#: The longest listing name made for a workshop without an acronym.
SHORT_NAME = 30


@dataclass(frozen=True)
class WorkshopCall:
    """One record of workshops.yml (see its header)."""

    call: str
    parent: str
    title: str | None
    acronym: str | None
    ordinal: int | None
    topics: tuple[str, ...]
    link: str | None
    deadlines: tuple[str, ...]
    defect: str | None = None  # an upstream defect the build found (the facts it spoils are absent)

    @property
    def text(self) -> str:
        """What the classifier reads: the name and the topic list."""
        return ". ".join((self.title or "", *self.topics))


@dataclass
class WorkshopReport:
    stored: list[str] = field(default_factory=list)  # edition keys
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (call, reason)
    series: dict[str, list[str]] = field(default_factory=dict)  # series key -> edition keys
    deadlines: int = 0
    deadline_texts: int = 0
    deadline_issues: list[Issue] = field(default_factory=list)


def workshops_file() -> Path:
    return config.data_dir() / "catalog" / "workshops.yml"


def read_calls(path: Path | None = None) -> list[WorkshopCall]:
    """The calls of workshops.yml; a malformed record raises Invalid naming it."""
    from tracker.catalog.importers.yamlfiles import load

    path = path or workshops_file()
    data, problem = load(path.read_text(encoding="utf-8"), path.name)
    if problem is not None:
        raise Invalid(problem.line())
    records = data.get("workshops") if isinstance(data, dict) else None
    if not isinstance(records, list):
        raise Invalid(Message(N_("{name}: no 'workshops' list"), name=path.name))
    return [_call(path.name, n, r) for n, r in enumerate(records, start=1)]


def _call(name: str, n: int, raw: Any) -> WorkshopCall:
    if not isinstance(raw, dict) or not raw.get("call") or not raw.get("parent"):
        raise Invalid(Message(N_("{name}: record {n} needs 'call' and 'parent'"), name=name, n=n))
    ordinal = raw.get("ordinal")
    return WorkshopCall(
        call=str(raw["call"]),
        parent=str(raw["parent"]),
        title=str(raw["title"]) if raw.get("title") else None,
        acronym=str(raw["acronym"]) if raw.get("acronym") else None,
        ordinal=ordinal if isinstance(ordinal, int) and not isinstance(ordinal, bool) else None,
        topics=tuple(str(t) for t in raw.get("topics") or ()),
        link=str(raw["link"]) if str(raw.get("link") or "").startswith(("http://", "https://")) else None,
        deadlines=tuple(str(t) for t in raw.get("deadlines") or ()),
        defect=str(raw["defect"]) if raw.get("defect") else None,
    )


def seed_workshops(session: Session, path: Path | None = None) -> WorkshopReport:
    """Store every call of workshops.yml whose parent edition the catalog holds (the caller commits)."""
    report = WorkshopReport()
    calls = read_calls(path)
    parents = {
        e.key: e for e in session.scalars(select(Edition).where(Edition.key.in_({c.parent for c in calls})))
    }
    usable: list[WorkshopCall] = []
    for call in calls:
        if call.title is None:
            report.skipped.append((call.call, "the call names no workshop title"))
        elif call.parent not in parents:
            report.skipped.append((call.call, f"its parent edition {call.parent} is not in the catalog"))
        else:
            usable.append(call)
    taken = _taken_names(session)
    groups = group([(c.acronym, c.title or "", c.ordinal) for c in usable])
    found = _classified([[usable[i] for i in members] for members in groups])
    for members, concept_scores in zip(groups, found, strict=True):
        calls_of = sorted((usable[i] for i in members), key=lambda c: parents[c.parent].year)
        for n, lane in enumerate(_lanes(calls_of, parents)):
            # A second edition in one year (DMLR at ICLR 2024 and at ICML 2024) is a sibling
            # series named after its parent: the catalog holds one edition per series and year.
            suffix = "" if n == 0 else slug(parents[lane[0].parent].series.key)
            series = _series(session, lane, taken, concept_scores, suffix)
            for call in lane:
                edition = _edition(session, series, call, parents[call.parent])
                report.stored.append(edition.key)
                report.deadline_texts += len(call.deadlines)
                report.deadlines += _deadlines(edition, call, report.deadline_issues)
            report.series[series.key] = [e.key for e in series.editions]
    session.flush()
    return report


def _lanes(calls: list[WorkshopCall], parents: dict[str, Edition]) -> list[list[WorkshopCall]]:
    """The calls of one series split so that no part holds two of one year (first come, first lane)."""
    lanes: list[list[WorkshopCall]] = []
    for call in calls:
        year = parents[call.parent].year
        lane = next((ln for ln in lanes if all(parents[c.parent].year != year for c in ln)), None)
        if lane is None:
            lanes.append([call])
        else:
            lane.append(call)
    return lanes


def _taken_names(session: Session) -> set[str]:
    names = {slug(k) for k in session.scalars(select(Series.key))}
    names |= {slug(a) for a in session.scalars(select(Series.acronym))}
    names |= {slug(a) for a in session.scalars(select(SeriesAlias.alias))}
    return names


def _series(
    session: Session,
    calls: list[WorkshopCall],
    taken: set[str],
    concept_scores: dict[str, float],
    suffix: str = "",
) -> Series:
    latest = calls[-1]
    acronym = next((c.acronym for c in reversed(calls) if c.acronym), None)
    base = (slug(acronym or latest.call.partition("_")[2]) or slug(latest.call)) + suffix
    key = base if base not in taken else f"{base}ws"
    while key in taken:
        key += "x"
    taken.add(key)
    series = Series(
        key=key,
        acronym=acronym or short_name(latest.title or key),
        name=(latest.title or "")[:300],
        kind="workshop",
        source=SOURCE,
    )
    session.add(series)
    found: dict[str, float | None] = {t: round(p, 3) for t, p in _topics(concept_scores).items()}
    for named in topics.from_name(series.name):  # the house rule for every series' name
        found.setdefault(named, None)
    series.topics = [SeriesTopic(topic=t, confidence=p) for t, p in sorted(found.items())]
    return series


def short_name(title: str, width: int = SHORT_NAME) -> str:
    """A listing's name for a workshop with no acronym: its main name, cut at a word."""
    name = re.sub(
        r"^(?:the\s+)?workshop\s+on\s+(?:the\s+)?|\s+workshop$", "", title.split(":")[0].strip(), flags=re.I
    )
    if len(name) <= width:
        return name
    return name[: width - 1].rsplit(" ", 1)[0].rstrip(",;&-") + "…"


def _classified(series: list[list[WorkshopCall]]) -> list[dict[str, float]]:
    """For the calls of each series: the classifier's concepts (the best, and any at least half
    as likely) on their joined text, and their area (:mod:`tracker.learning.call_areas`: the
    tagger was fitted on titles, so it reads each name and topic as one)."""
    if not series:
        return []
    from tracker.learning.call_areas import areas_of_calls
    from tracker.learning.classifier import MIN_SCORE, default_model

    model = default_model()
    texts = [" ".join(c.text for c in calls) for calls in series]
    areas = areas_of_calls([t for c in calls for t in (c.title or "", *c.topics)] for calls in series)
    out: list[dict[str, float]] = []
    for row, guesses in zip(model.probabilities(texts), areas, strict=True):
        best = float(row.max())
        floor = max(best / 2, MIN_SCORE)
        chosen = [c for c in row.argsort()[::-1][:TOPICS_PER_SERIES] if row[c] >= floor]
        found = {model.labels[c]: float(row[c]) for c in chosen}
        # The call's area (robotics, speech, ...) beside its concepts: recommend scores on it.
        for guess in guesses:
            found[guess.area] = max(found.get(guess.area, 0.0), guess.score)
        out.append(found)
    return out


def _topics(concept_scores: dict[str, float]) -> dict[str, float]:
    """Each concept, and the vocabulary topics above it, with the concept's probability.

    A concept of the learning map ("transformers") is kept for ``--topic transformers``;
    its fields ("deep-learning") are what recommend scores against. A topic reached by
    two concepts keeps the larger probability.
    """
    vocabulary = topics.vocabulary()
    out: dict[str, float] = {}
    for concept, p in concept_scores.items():
        for key in (concept, *topics.ancestors(concept)):
            if key == "artificial-intelligence":
                continue  # the catch-all carries no topic credit (recommend ignores it too)
            if key == concept or key in vocabulary:
                out[key] = max(out.get(key, 0.0), p)
    return out


def _edition(session: Session, series: Series, call: WorkshopCall, parent: Edition) -> Edition:
    key = edition_key(series.key, parent.year)
    edition = Edition(
        series=series,
        year=parent.year,
        key=key,
        kind="workshop",
        parent_id=parent.id,
        title=call.title or series.name,
        start_date=parent.start_date,
        end_date=parent.end_date,
        city=parent.city,
        region=parent.region,
        country=parent.country,
        latitude=parent.latitude,
        longitude=parent.longitude,
        venue=parent.venue,
        place_text=parent.place_text,
        link=call.link,
        mode=parent.mode,
        ordinal=call.ordinal,
        note=parent_note(parent.key, call.defect),
        source=SOURCE,
    )
    edition.sources = [EditionSource(source=SOURCE, external_id=call.call)]
    session.add(edition)
    return edition


def _deadlines(edition: Edition, call: WorkshopCall, issues: list[Issue]) -> int:
    records, _left = deadline_records(list(call.deadlines))
    if not records:
        return 0
    record = EditionRecord(
        source=SOURCE, record_id=f"{SOURCE}:{call.call}", title=call.title or "", year=edition.year
    )
    record.deadlines = records
    for valid in check_deadlines(record, edition.start_date, edition.end_date, issues):
        edition.deadlines.append(
            Deadline(
                type=valid.type,
                label=valid.label,
                round=valid.round,
                at_utc=valid.at_utc,
                local_text=valid.local_text,
                timezone=valid.zone,
                source=SOURCE,
            )
        )
    return len(edition.deadlines)
