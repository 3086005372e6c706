"""The change log: what a sync changed in the catalog, in words a person can act on.

A sync takes a :func:`snapshot` of the editions it may touch before storing, another after,
and :func:`diff` says what moved: a new edition, a deadline moved (from -> to), a deadline
added, a postponement (the conference starts later), other date changes, a venue change.
New calls for papers, readings and talks are recorded by the code that stores them.
:func:`recent_changes` is what ``tracker changes`` and ``tracker upcoming`` read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker import clock
from tracker.models.catalog import Edition
from tracker.models.ingest import Change

if TYPE_CHECKING:
    from tracker.catalog.importers.claims import Withdrawal


@dataclass(frozen=True)
class EditionState:
    """What of an edition a person would want to hear about when it changes."""

    key: str
    title: str
    start: date | None
    end: date | None
    place: str | None
    # (type, round, label) -> instant; estimated deadlines are left out (they are guesses).
    deadlines: tuple[tuple[tuple[str, int | None, str | None], datetime], ...]


@dataclass(frozen=True)
class ChangeRecord:
    kind: str
    subject: str
    from_value: str | None
    to_value: str | None
    detail: str = ""


@dataclass(frozen=True)
class ChangeView:
    at: datetime
    source: str
    kind: str
    subject: str
    from_value: str | None
    to_value: str | None
    detail: str


def snapshot(session: Session, keys: Iterable[str] | None = None) -> dict[str, EditionState]:
    """The state of the (given, or all real) editions, to compare before and after a sync."""
    query = select(Edition).options(selectinload(Edition.deadlines)).where(Edition.estimated.is_(False))
    if keys is not None:
        query = query.where(Edition.key.in_(list(keys)))
    states: dict[str, EditionState] = {}
    for edition in session.scalars(query):
        real = [((d.type, d.round, d.label), d.at_utc) for d in edition.deadlines if not d.estimated]
        deadlines = tuple(sorted(real, key=_slot_order))
        place = ", ".join(p for p in (edition.city, edition.country) if p) or edition.place_text
        states[edition.key] = EditionState(
            edition.key, edition.title, edition.start_date, edition.end_date, place, deadlines
        )
    return states


def diff(before: dict[str, EditionState], after: dict[str, EditionState]) -> list[ChangeRecord]:
    """The changes between two snapshots, in a stable order (by edition key)."""
    found: list[ChangeRecord] = []
    for key in sorted(after):
        new = after[key]
        old = before.get(key)
        if old is None:
            when = f"{new.start}" if new.start else "dates not known yet"
            found.append(ChangeRecord("new_edition", key, None, new.title or key, f"starts {when}"))
            continue
        found.extend(_edition_changes(old, new))
    return found


def _edition_changes(old: EditionState, new: EditionState) -> list[ChangeRecord]:
    out: list[ChangeRecord] = []
    if old.start and new.start and new.start > old.start:
        out.append(ChangeRecord("postponed", new.key, _range(old), _range(new), "the conference moved later"))
    elif (old.start, old.end) != (new.start, new.end):
        out.append(ChangeRecord("dates_changed", new.key, _range(old), _range(new)))
    if old.place != new.place and new.place:
        out.append(ChangeRecord("venue_changed", new.key, old.place, new.place))
    for slot, previous, at in _paired_deadlines(old.deadlines, new.deadlines):
        label = _deadline_label(slot)
        if previous is None:
            out.append(ChangeRecord("deadline_added", new.key, None, _instant(at), label))
        elif previous != at:
            later = "later" if at > previous else "earlier"
            out.append(
                ChangeRecord(
                    "deadline_moved",
                    new.key,
                    _instant(previous),
                    _instant(at),
                    f"{label} deadline moved {later}",
                )
            )
    return out


Slot = tuple[str, int | None, str | None]


def _paired_deadlines(
    old: tuple[tuple[Slot, datetime], ...], new: tuple[tuple[Slot, datetime], ...]
) -> list[tuple[Slot, datetime | None, datetime]]:
    """Each new deadline with the old one it continues (None: it is new), as (slot, old, new).

    The same type, label and instant is the same deadline even when its round was numbered
    again (a round added before it); then the same slot (it moved); then the same type and
    instant (it was renamed). A deadline no longer there is the withdrawal the merge reports.
    """
    left = list(old)
    pending: list[tuple[Slot, datetime]] = []
    out: list[tuple[Slot, datetime | None, datetime]] = []
    for slot, at in new:
        same = next((o for o in left if (o[0][0], o[0][2], o[1]) == (slot[0], slot[2], at)), None)
        if same is not None:
            left.remove(same)
            out.append((slot, at, at))
        else:
            pending.append((slot, at))
    for slot, at in pending:
        same = next((o for o in left if o[0] == slot), None) or next(
            (o for o in left if (o[0][0], o[1]) == (slot[0], at)), None
        )
        if same is not None:
            left.remove(same)
        out.append((slot, same[1] if same else None, at))
    return out


def _range(state: EditionState) -> str | None:
    if state.start is None:
        return None
    return f"{state.start}" if state.end in (None, state.start) else f"{state.start}..{state.end}"


def _instant(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def _slot_order(item: tuple[tuple[str, int | None, str | None], datetime]) -> tuple[object, ...]:
    """A total order on deadlines: a missing round or label sorts first and never meets a
    number or a string (FAccT 2026 has a camera-ready deadline with round 1 and one with none)."""
    (kind, round_, label), at = item
    return (kind, round_ is not None, round_ or 0, label is not None, label or "", at)


def _deadline_label(slot: tuple[str, int | None, str | None]) -> str:
    kind, round_, label = slot
    text = label or kind.replace("_", " ")
    return f"{text} (round {round_})" if round_ else text


def withdrawals(
    source: str, withdrawn: Iterable[Withdrawal], after: dict[str, EditionState]
) -> list[ChangeRecord]:
    """The change log's words for what ``source`` stopped listing, and what the catalog keeps."""
    out: list[ChangeRecord] = []
    for w in withdrawn:
        state = after.get(w.edition_key)
        if w.what == "edition":
            detail = f"{source} no longer lists this edition; its facts stay from the other sources"
            out.append(ChangeRecord("withdrawn", w.edition_key, None, None, detail))
            continue
        kept = state is not None and any(_instant(at) == w.value for _slot, at in state.deadlines)
        fate = "another source still lists it" if kept else "no longer among the edition's deadlines"
        detail = f"{source} no longer lists the {w.what} deadline; {fate}"
        out.append(ChangeRecord("withdrawn", w.edition_key, w.value, None, detail))
    return out


def record(session: Session, source: str, changes: Iterable[ChangeRecord]) -> int:
    """Store changes (inside the caller's transaction); returns how many."""
    at = clock.now()
    count = 0
    for change in changes:
        session.add(
            Change(
                at=at,
                source=source,
                kind=change.kind,
                subject=change.subject,
                from_value=change.from_value,
                to_value=change.to_value,
                detail=change.detail,
            )
        )
        count += 1
    return count


def recent_changes(
    session: Session, since: datetime | None = None, *, subject: str | None = None
) -> list[ChangeView]:
    """Changes recorded at or after ``since`` (all when None), newest first."""
    query = select(Change).order_by(Change.at.desc(), Change.id.desc())
    if since is not None:
        query = query.where(Change.at >= since)
    if subject is not None:
        query = query.where(Change.subject == subject)
    return [
        ChangeView(c.at, c.source, c.kind, c.subject, c.from_value, c.to_value, c.detail)
        for c in session.scalars(query)
    ]
