"""Notes: Markdown with timestamps, on an edition, optionally about a talk and a contact, tagged.

Each change is one short write transaction; the FTS5 index follows by triggers
(see migration 0003), so a note is searchable the moment it is committed. The search's own
arrays (migration 0018) are merged every SETTLE_AT writes (tracker/personal/search_pending.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker import clock
from tracker.errors import Invalid, NotFound, TrackerError
from tracker.i18n import N_, Message
from tracker.models.catalog import Edition
from tracker.models.personal import Note, NoteTag
from tracker.personal.contacts import find_contact
from tracker.personal.editions import edition_label, find_edition

_TAG = re.compile(r"^[\w][\w.+/-]*$")
# "#word" at the start of a word, a letter first (see inline_tags).
_INLINE_TAG = re.compile(r"(?:(?<=\s)|^)#([A-Za-z][\w\-.+/]*)", re.MULTILINE)


class EmptyNote(TrackerError):
    """The text of a note is empty: nothing is saved (exit 1)."""


@dataclass(frozen=True)
class NoteView:
    id: int
    edition: str
    edition_name: str
    talk_id: int | None
    contact: str | None
    tags: list[str]
    body: str
    created_at: datetime
    updated_at: datetime | None


def note_view(note: Note) -> NoteView:
    return NoteView(
        id=note.id,
        edition=note.edition.key,
        edition_name=edition_label(note.edition),
        talk_id=note.talk_id,
        contact=note.contact.name if note.contact else None,
        tags=note.tag_list,
        body=note.body,
        created_at=note.created_at,
        updated_at=note.updated_at,
    )


def normalise_tags(tags: Iterable[str]) -> list[str]:
    """'#LLM', 'llm ' and 'Llm' are one tag 'llm'; spaces become dashes; sorted."""
    out: list[str] = []
    for raw in tags:
        tag = "-".join(raw.strip().lstrip("#").lower().split())
        if not tag:
            raise Invalid(Message(N_("empty tag")))
        if len(tag) > 64 or not _TAG.match(tag):
            raise Invalid(Message(N_("invalid tag {raw}: use letters, digits and - _ . + /"), raw=repr(raw)))
        if tag not in out:
            out.append(tag)
    return sorted(out)


def inline_tags(text: str) -> list[str]:
    """The ``#tags`` written in a note's text ("talked about #RLHF with Ada") as tags.

    A ``#`` starts a tag only at the start of a word and before a letter, so Markdown headings
    ("# Notes"), issue numbers ("#12"), URLs with fragments and C# are left alone.
    """
    found = (m.group(1).rstrip(".,;:!?)") for m in _INLINE_TAG.finditer(text))
    return normalise_tags(t for t in found if t and len(t) <= 64 and _TAG.match(t.lower()))


def clean_body(text: str) -> str:
    """Trailing spaces and blank lines go; a note of only whitespace is empty."""
    text = text.replace("\r\n", "\n").replace("\x00", "")
    body = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
    if not body.strip():
        raise EmptyNote("empty note: nothing saved")
    return body


def check_target(
    session: Session,
    edition_key: str,
    *,
    talk_id: int | None = None,
    contact: str | None = None,
    tags: Iterable[str] = (),
) -> str:
    """Check the edition, talk, contact and tags before anyone types a note; returns the edition key."""
    edition = find_edition(session, edition_key)
    if talk_id is not None:
        check_talk(session, talk_id, edition)
    if contact:
        find_contact(session, contact)
    normalise_tags(tags)
    return edition.key


def add_note(
    session: Session,
    edition_key: str,
    text: str,
    *,
    talk_id: int | None = None,
    contact: str | None = None,
    tags: Iterable[str] = (),
) -> NoteView:
    """Save a note; raises :class:`EmptyNote` when there is no text."""
    edition = find_edition(session, edition_key)
    if talk_id is not None:
        check_talk(session, talk_id, edition)
    person = find_contact(session, contact) if contact else None
    body = clean_body(text)
    tag_list = normalise_tags([*tags, *inline_tags(body)])
    note = Note(
        edition=edition,
        talk_id=talk_id,
        contact=person,
        body=body,
        created_at=clock.now(),
        tags=[NoteTag(tag=t) for t in tag_list],
    )
    session.add(note)
    session.flush()
    _settle(session)
    return note_view(note)


def check_talk(session: Session, talk_id: int, edition: Edition) -> None:
    """A note's talk must exist and be part of the note's edition."""
    from tracker.learning.talks import get_talk

    talk = get_talk(session, talk_id)  # NotFound: "no talk with id N"
    if talk.edition_id != edition.id:
        raise Invalid(
            Message(
                N_("talk {talk_id} ({title}) is at {key}, not at {key2}"),
                talk_id=talk_id,
                title=talk.title,
                key=talk.edition.key,
                key2=edition.key,
            ),
            suggestions=[f"tracker talks list --edition {edition.key}"],
        )


def load_note(session: Session, note_id: int) -> Note:
    note = session.get(Note, note_id)
    if note is None:
        raise NotFound(Message(N_("no note #{note_id} (see `tracker notes list`)"), note_id=note_id))
    return note


def get_note(session: Session, note_id: int) -> NoteView:
    return note_view(load_note(session, note_id))


def edit_note(
    session: Session,
    note_id: int,
    text: str | None = None,
    *,
    tags: Iterable[str] | None = None,
    contact: str | None = None,
    talk_id: int | None = None,
    clear_talk: bool = False,
) -> tuple[NoteView, bool]:
    """Change a note; returns the note and whether anything changed.

    ``contact=""`` unlinks the contact; ``clear_talk`` unlinks the talk.
    """
    note = load_note(session, note_id)
    changed = False
    if text is not None:
        body = clean_body(text)
        if body != note.body:
            note.body = body
            changed = True
    if tags is not None:
        tag_list = normalise_tags(tags)
        if tag_list != note.tag_list:
            note.tags = [NoteTag(tag=t) for t in tag_list]
            changed = True
    if contact is not None:
        person = find_contact(session, contact) if contact.strip() else None
        if person is not note.contact:
            note.contact = person
            changed = True
    new_talk = None if clear_talk else talk_id if talk_id is not None else note.talk_id
    if new_talk is not None and new_talk != note.talk_id:
        check_talk(session, new_talk, note.edition)
    if new_talk != note.talk_id:
        note.talk_id = new_talk
        changed = True
    if changed:
        note.updated_at = clock.now()
    session.flush()
    _settle(session)
    return note_view(note), changed


def delete_note(session: Session, note_id: int) -> NoteView:
    note = load_note(session, note_id)
    view = note_view(note)
    session.delete(note)
    session.flush()
    _settle(session)
    return view


def _settle(session: Session) -> None:
    """Merge the notes written since into the search index's arrays, once enough are pending."""
    from tracker.personal.search_pending import SETTLE_AT, pending_count

    conn = session.connection()
    if conn.dialect.name == "sqlite" and pending_count(conn) >= SETTLE_AT:
        from tracker.personal.search_index import settle

        settle(conn)


def list_notes(
    session: Session,
    *,
    edition_key: str | None = None,
    tag: str | None = None,
    contact: str | None = None,
    talk_id: int | None = None,
    limit: int | None = None,
) -> list[NoteView]:
    """Notes, oldest first, optionally of one edition, tag, contact or talk."""
    query = select(Note).options(selectinload(Note.tags)).order_by(Note.created_at, Note.id)
    if edition_key:
        query = query.where(Note.edition_id == find_edition(session, edition_key).id)
    if tag:
        (wanted,) = normalise_tags([tag])
        query = query.where(Note.tags.any(NoteTag.tag == wanted))
    if contact:
        query = query.where(Note.contact_id == find_contact(session, contact).id)
    if talk_id is not None:
        query = query.where(Note.talk_id == talk_id)
    if limit:
        query = query.limit(limit)
    return [note_view(n) for n in session.scalars(query)]
