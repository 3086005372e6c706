"""Follow-ups: what to do for a contact and by when; what is due or overdue."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import clock
from tracker.clock import parse_day
from tracker.errors import Invalid, NotFound
from tracker.i18n import N_, Message
from tracker.models.personal import FollowUp
from tracker.personal.contacts import FollowUpView, find_contact, followup_view


def add_followup(session: Session, contact_name: str, on: str, what: str) -> FollowUpView:
    """Plan ``what`` for the contact on the day ``on`` (2026-04-01, 7d, tomorrow...)."""
    if not what.strip():
        raise Invalid(Message(N_("a follow-up needs --what: what is there to do?")))
    contact = find_contact(session, contact_name)
    item = FollowUp(
        contact=contact, due=parse_day(on, what="--on date"), what=what.strip(), created_at=clock.now()
    )
    session.add(item)
    session.flush()
    return followup_view(item)


def due_followups(
    session: Session, due: str | None = None, *, include_done: bool = False
) -> list[FollowUpView]:
    """Open follow-ups due by ``due`` (default today: what is due or overdue), soonest first."""
    limit: date = parse_day(due, what="--due date") if due else clock.today()
    query = select(FollowUp).where(FollowUp.due <= limit).order_by(FollowUp.due, FollowUp.id)
    if not include_done:
        query = query.where(FollowUp.done_at.is_(None))
    today = clock.today()
    return [followup_view(f, today) for f in session.scalars(query)]


def complete_followup(session: Session, followup_id: int) -> FollowUpView:
    item = session.get(FollowUp, followup_id)
    if item is None:
        raise NotFound(Message(N_("no follow-up #{followup_id}"), followup_id=followup_id))
    if item.done_at is None:
        item.done_at = clock.now()
    session.flush()
    return followup_view(item)
