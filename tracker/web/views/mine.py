"""The Mine page, read-only: statuses, plan items, picked talks and open follow-ups."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from tracker.clock import LAST_DAY
from tracker.i18n import N_
from tracker.personal import agenda, followups, plans, status
from tracker.personal.editions import find_edition
from tracker.web.render import Page


def mine_page(session: Session, *, now: datetime) -> Page:
    mine = status.my_editions(session)
    edition_plans = [plan for s in mine if (plan := plans.get_plan(session, s.key)).items]
    talks = {s.key: agenda.picked_talks(session, find_edition(session, s.key)) for s in mine}
    # Every open follow-up, however far ahead (the CLI's default stops at today).
    due = followups.due_followups(session, LAST_DAY.isoformat())
    return Page(
        "mine.html",
        N_("Mine"),
        {
            "statuses": mine,
            "plans": edition_plans,
            "talks": {k: v for k, v in talks.items() if v},
            "followups": due,
        },
    )
