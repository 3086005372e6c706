"""The preparation plan of one edition: sessions, people, questions, readings and tasks.

Items are numbered 1, 2, 3... per edition (``tracker plan done KEY N``); numbers stay
fixed once given so that N always means the same line.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker import clock
from tracker.clock import parse_day
from tracker.errors import Invalid, NotFound
from tracker.i18n import N_, Message
from tracker.models.personal import PLAN_KINDS, PlanItem
from tracker.personal.contacts import find_contact
from tracker.personal.editions import edition_label, find_edition


@dataclass(frozen=True)
class PlanItemView:
    n: int
    kind: str
    text: str
    due: date | None
    done: bool
    done_at: datetime | None
    contact: str | None
    overdue: bool


@dataclass(frozen=True)
class PlanView:
    edition: str
    edition_name: str
    items: list[PlanItemView]

    @property
    def open_count(self) -> int:
        return sum(1 for i in self.items if not i.done)


# A plan item's kind as a person reads it. The kinds are stored as these English keys; their
# words carry a context prefix because "reading" is also a reading-list status (在读), and a
# plan's reading is a paper to read (阅读).
_KIND_WORDS = {
    "session": N_("plan kind|session"),
    "person": N_("plan kind|person"),
    "question": N_("plan kind|question"),
    "reading": N_("plan kind|reading"),
    "task": N_("plan kind|task"),
}


def kind_word(kind: str, gettext: Callable[[str], str] | None = None) -> str:
    """``kind`` in the interface's language (``gettext``: a web page's): "reading" is 阅读 in zh."""
    from tracker.i18n import _

    word = (gettext or _)(_KIND_WORDS.get(kind, kind))
    return kind if word.startswith("plan kind|") else word


def check_kind(text: str) -> str:
    value = text.strip().lower()
    if value in PLAN_KINDS:
        return value
    close = difflib.get_close_matches(value, PLAN_KINDS, n=2, cutoff=0.5)
    raise Invalid(
        Message(
            N_("unknown plan kind {text}; one of: {value}"), text=repr(text), value=", ".join(PLAN_KINDS)
        ),
        suggestions=close,
    )


def item_view(item: PlanItem, today: date | None = None) -> PlanItemView:
    today = today or clock.today()
    return PlanItemView(
        n=item.position,
        kind=item.kind,
        text=item.text,
        due=item.due,
        done=item.done_at is not None,
        done_at=item.done_at,
        contact=item.contact.name if item.contact else None,
        overdue=item.done_at is None and item.due is not None and item.due < today,
    )


def add_item(
    session: Session,
    key: str,
    text: str,
    *,
    kind: str = "task",
    due: str | None = None,
    contact: str | None = None,
) -> PlanItemView:
    if not text.strip():
        raise Invalid(Message(N_("a plan item needs some text")))
    checked_kind = check_kind(kind)
    edition = find_edition(session, key)
    day = parse_day(due, what="--due date") if due else None
    person = find_contact(session, contact) if contact else None
    last = session.scalar(select(func.max(PlanItem.position)).where(PlanItem.edition_id == edition.id))
    item = PlanItem(
        edition=edition,
        position=(last or 0) + 1,
        kind=checked_kind,
        text=" ".join(text.split()),
        due=day,
        contact=person,
        created_at=clock.now(),
    )
    session.add(item)
    session.flush()
    return item_view(item)


def _items(session: Session, edition_id: int) -> list[PlanItem]:
    return list(
        session.scalars(select(PlanItem).where(PlanItem.edition_id == edition_id).order_by(PlanItem.position))
    )


def get_plan(session: Session, key: str, *, kind: str | None = None) -> PlanView:
    edition = find_edition(session, key)
    wanted = check_kind(kind) if kind else None
    today = clock.today()
    items = [item_view(i, today) for i in _items(session, edition.id) if wanted in (None, i.kind)]
    return PlanView(edition=edition.key, edition_name=edition_label(edition), items=items)


def set_done(session: Session, key: str, n: int, *, done: bool = True) -> PlanItemView:
    """Tick off (or, with ``done=False``, reopen) item N of the edition's plan."""
    edition = find_edition(session, key)
    item = session.scalar(select(PlanItem).where(PlanItem.edition_id == edition.id, PlanItem.position == n))
    if item is None:
        count = len(_items(session, edition.id))
        hint = Message(N_("items are 1..{count}"), count=count) if count else Message(N_("the plan is empty"))
        raise NotFound(Message(N_("{key} has no plan item {n} ({hint})"), key=edition.key, n=n, hint=hint))
    if done and item.done_at is None:
        item.done_at = clock.now()
    elif not done:
        item.done_at = None
    session.flush()
    return item_view(item)
