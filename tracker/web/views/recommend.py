"""The Recommend page: the person's ranking (``tracker recommend``), each row explained (``--why``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from tracker.i18n import N_
from tracker.recommend import engine
from tracker.recommend import profile as profiles
from tracker.web.render import Page

# The bars' names, translated by the template.
CRITERIA_NAMES = {
    "topic": N_("Topic"),
    "quality": N_("Quality"),
    "time": N_("Time"),
    "location": N_("Location"),
    "cost": N_("Cost"),
}


def recommend_page(session: Session, *, now: datetime, limit: int = 20) -> Page:
    """The saved profile's ranking; ``explained`` gives each row its criteria, as ``--why`` prints them."""
    person = profiles.load(session)
    result = engine.recommend(session, person, engine.Options(limit=limit), now=now, explained=True)
    return Page("recommend.html", N_("Recommended for you"), {"result": result, "criteria": CRITERIA_NAMES})
