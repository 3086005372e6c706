"""Contacts: the people met (or to meet), with affiliation, email, URL, topics and a note."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from tracker import clock
from tracker.errors import Invalid, NotFound, TrackerError
from tracker.export.vcard import Card, to_vcard
from tracker.i18n import N_, Message
from tracker.models.personal import Contact, FollowUp, Note
from tracker.personal.editions import find_edition
from tracker.text import fold

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


@dataclass(frozen=True)
class FollowUpView:
    id: int
    contact: str
    due: date
    what: str
    done: bool
    overdue_days: int


@dataclass(frozen=True)
class ContactView:
    id: int
    name: str
    affiliation: str | None
    email: str | None
    url: str | None
    topics: list[str]
    met: str | None
    note: str | None
    created_at: datetime
    followups: list[FollowUpView] = field(default_factory=list)
    note_ids: list[int] = field(default_factory=list)


def followup_view(item: FollowUp, today: date | None = None) -> FollowUpView:
    today = today or clock.today()
    return FollowUpView(
        id=item.id,
        contact=item.contact.name,
        due=item.due,
        what=item.what,
        done=item.done_at is not None,
        overdue_days=max(0, (today - item.due).days) if item.done_at is None else 0,
    )


def contact_view(session: Session, contact: Contact, *, detail: bool = False) -> ContactView:
    followups: list[FollowUpView] = []
    note_ids: list[int] = []
    if detail:
        today = clock.today()
        followups = [followup_view(f, today) for f in contact.followups]
        note_ids = list(
            session.scalars(select(Note.id).where(Note.contact_id == contact.id).order_by(Note.id))
        )
    return ContactView(
        id=contact.id,
        name=contact.name,
        affiliation=contact.affiliation,
        email=contact.email,
        url=contact.url,
        topics=contact.topic_list,
        met=contact.met_edition.key if contact.met_edition else None,
        note=contact.note,
        created_at=contact.created_at,
        followups=followups,
        note_ids=note_ids,
    )


# --- validation -----------------------------------------------------------------------


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise Invalid(Message(N_("a contact needs a name")))
    if len(cleaned) > 200:
        raise Invalid(Message(N_("a contact name is at most 200 characters")))
    return cleaned


def _clean_email(email: str | None) -> str | None:
    if email is None or not email.strip():
        return None
    value = email.strip()
    if not _EMAIL.match(value):
        raise Invalid(Message(N_("invalid email address {email}"), email=repr(email)))
    return value


def _clean_url(url: str | None) -> str | None:
    if url is None or not url.strip():
        return None
    value = url.strip()
    if not _URL.match(value):
        raise Invalid(
            Message(N_("invalid URL {url}: it should start with http:// or https://"), url=repr(url))
        )
    return value


def _clean_topics(topics: str | list[str] | None) -> str | None:
    if topics is None:
        return None
    items = topics.split(",") if isinstance(topics, str) else topics
    cleaned = [" ".join(t.split()) for t in items if t.strip()]
    return ", ".join(dict.fromkeys(cleaned)) or None


def _optional(text: str | None) -> str | None:
    if text is None:
        return None
    return text.strip() or None


# --- finding --------------------------------------------------------------------------


def find_contact(session: Session, name: str) -> Contact:
    """The contact called ``name``: exact, then ignoring case and accents, then a unique part.

    A miss raises NotFound with the closest names; a part that fits several people
    asks for more of the name.
    """
    wanted = " ".join(name.split())
    if not wanted:
        raise Invalid(Message(N_("empty contact name")))
    exact = session.scalar(select(Contact).where(Contact.name == wanted))
    if exact is not None:
        return exact
    people = list(session.scalars(select(Contact).order_by(Contact.name)))
    key = fold(wanted)
    same = [c for c in people if fold(c.name) == key]
    if len(same) == 1:
        return same[0]
    partial = [c for c in people if key in fold(c.name)]
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        names = ", ".join(c.name for c in partial[:5])
        raise NotFound(
            Message(
                N_("{name} matches several contacts ({names}); give more of the name"),
                name=repr(name),
                names=names,
            )
        )
    folded = {fold(c.name): c.name for c in people}
    close = difflib.get_close_matches(key, list(folded), n=3, cutoff=0.5)
    raise NotFound(
        Message(N_("unknown contact {name}"), name=repr(name)), suggestions=[folded[c] for c in close]
    )


@dataclass(frozen=True)
class AuthorFacts:
    """What a talk says about one of its authors, to fill a contact."""

    name: str
    affiliation: str | None
    topics: list[str]
    met: str  # the edition key
    note: str


def from_talk_author(session: Session, talk_id: int, name: str) -> AuthorFacts:
    """The author of talk ``talk_id`` called ``name`` (or a unique part of it), as contact fields."""
    from tracker.learning.talks import authors_of, get_talk

    talk = get_talk(session, talk_id)
    authors = authors_of(talk)
    key = fold(name)
    same = [a for a in authors if fold(a.name) == key] or [a for a in authors if key and key in fold(a.name)]
    if len(same) != 1:
        names = ", ".join(a.name for a in authors) or Message(N_("none listed"))
        what = Message(N_("several authors") if same else N_("no author"))
        raise NotFound(
            Message(
                N_("{what} of talk #{talk_id} called {name} (its authors: {names})"),
                what=what,
                talk_id=talk_id,
                name=repr(name),
                names=names,
            )
        )
    author = same[0]
    kind = (talk.kind or "talk").lower()
    return AuthorFacts(
        name=author.name,
        affiliation=author.institution,
        topics=talk.topic_keys[:3],
        met=talk.edition.key,
        note=f"Author of {kind} #{talk.id}: {talk.title}"[:500],
    )


# --- commands -------------------------------------------------------------------------


def add_contact(
    session: Session,
    name: str,
    *,
    affiliation: str | None = None,
    email: str | None = None,
    url: str | None = None,
    topics: str | list[str] | None = None,
    met: str | None = None,
    note: str | None = None,
) -> ContactView:
    cleaned = _clean_name(name)
    clash = session.scalar(select(Contact).where(func.lower(Contact.name) == cleaned.lower()))
    if clash is not None:
        raise TrackerError(
            Message(
                N_("a contact named {name} exists; use `tracker contacts edit` to change it"),
                name=repr(clash.name),
            )
        )
    contact = Contact(
        name=cleaned,
        affiliation=_optional(affiliation),
        email=_clean_email(email),
        url=_clean_url(url),
        topics=_clean_topics(topics),
        met_edition=find_edition(session, met) if met else None,
        note=_optional(note),
        created_at=clock.now(),
    )
    session.add(contact)
    session.flush()
    return contact_view(session, contact)


def edit_contact(
    session: Session,
    name: str,
    *,
    new_name: str | None = None,
    affiliation: str | None = None,
    email: str | None = None,
    url: str | None = None,
    topics: str | list[str] | None = None,
    met: str | None = None,
    note: str | None = None,
) -> ContactView:
    """Change the fields given (an empty string clears a field)."""
    contact = find_contact(session, name)
    if new_name is not None:
        cleaned = _clean_name(new_name)
        clash = session.scalar(
            select(Contact).where(func.lower(Contact.name) == cleaned.lower(), Contact.id != contact.id)
        )
        if clash is not None:
            raise TrackerError(Message(N_("a contact named {name} exists"), name=repr(clash.name)))
        contact.name = cleaned
    if affiliation is not None:
        contact.affiliation = _optional(affiliation)
    if email is not None:
        contact.email = _clean_email(email)
    if url is not None:
        contact.url = _clean_url(url)
    if topics is not None:
        contact.topics = _clean_topics(topics)
    if met is not None:
        contact.met_edition = find_edition(session, met) if met.strip() else None
    if note is not None:
        contact.note = _optional(note)
    contact.updated_at = clock.now()
    session.flush()
    return contact_view(session, contact, detail=True)


def remove_contact(session: Session, name: str) -> str:
    """Delete a contact and its follow-ups; notes about them stay (unlinked)."""
    contact = find_contact(session, name)
    removed = contact.name
    session.delete(contact)
    session.flush()
    return removed


def show_contact(session: Session, name: str) -> ContactView:
    return contact_view(session, find_contact(session, name), detail=True)


def list_contacts(session: Session, *, met: str | None = None) -> list[ContactView]:
    query = select(Contact).order_by(func.lower(Contact.name))
    if met:
        query = query.where(Contact.met_edition_id == find_edition(session, met).id)
    return [contact_view(session, c) for c in session.scalars(query)]


def search_contacts(session: Session, text: str) -> list[ContactView]:
    """Contacts whose name, affiliation, email, URL, topics or note contain every word of ``text``."""
    words = text.split()
    if not words:
        return []
    query = select(Contact).order_by(func.lower(Contact.name))
    for word in words:
        # LIKE with an escape character: % and _ typed by a person are literal.
        pattern = "%" + word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                *(
                    func.lower(func.coalesce(column, "")).like(pattern, escape="\\")
                    for column in (
                        Contact.name,
                        Contact.affiliation,
                        Contact.email,
                        Contact.url,
                        Contact.topics,
                        Contact.note,
                    )
                )
            )
        )
    return [contact_view(session, c) for c in session.scalars(query)]


def contacts_for_export(session: Session, names: list[str] | None = None) -> list[Contact]:
    if names:
        return [find_contact(session, n) for n in names]
    return list(session.scalars(select(Contact).order_by(func.lower(Contact.name))))


def export_vcard(session: Session, names: list[str] | None = None) -> tuple[str, int]:
    """The contacts (all, or the ones named) as vCard 4.0 text, and how many there are."""
    cards = [
        Card(
            name=c.name,
            email=c.email,
            organization=c.affiliation,
            url=c.url,
            note=c.note,
            categories=c.topic_list,
            uid=c.uid,
            revised=c.updated_at or c.created_at,
        )
        for c in contacts_for_export(session, names)
    ]
    return to_vcard(cards), len(cards)
