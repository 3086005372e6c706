"""The after-conference report, in Markdown.

What was attended, the notes grouped by talk and by tag, the people met with their
follow-ups, the open plan items and the papers to read. Everything embedded from the
database is escaped: names, titles and tags as inline text; note bodies (the person's
own Markdown) are quoted and their raw HTML neutralised, so that a note can neither
break the report's structure nor smuggle markup into a rendered page.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from tracker import clock
from tracker.i18n import _
from tracker.models.catalog import Edition
from tracker.models.learning import Talk
from tracker.models.personal import Contact, Note, PlanItem
from tracker.personal.editions import edition_label, find_edition
from tracker.personal.plans import kind_word
from tracker.personal.status import current_status, status_word

_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~<>])")
# Only where a line starts do these open a list or a heading underline; a backslash
# escapes ASCII punctuation only, so "1." becomes "1\." (not "\1.").
_LINE_START = re.compile(r"^(\s*\d*)([-+=]|(?<=\d)[.)])")


def md_inline(text: str) -> str:
    """Escape ``text`` so that Markdown shows it literally on one line."""
    flat = " ".join(text.split())
    escaped = _INLINE_SPECIAL.sub(r"\\\1", flat)
    escaped = escaped.replace("&", "&amp;")
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def md_quote(body: str) -> str:
    """A note body as a block quote; raw HTML is shown, not rendered."""
    safe = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "\n".join(f"> {line}".rstrip() for line in safe.split("\n"))


@dataclass(frozen=True)
class Summary:
    edition: str
    markdown: str
    notes: int
    contacts: int
    followups: int


def _talk_titles(session: Session, talk_ids: set[int]) -> dict[int, str]:
    """Titles of the talks the notes are about."""
    if not talk_ids:
        return {}
    rows = session.execute(select(Talk.id, Talk.title).where(Talk.id.in_(talk_ids)))
    return {talk_id: title for talk_id, title in rows}


def _note_block(note: Note) -> list[str]:
    stamp = note.created_at.strftime("%Y-%m-%d %H:%M UTC")
    about = [_("note {id}").format(id=note.id), stamp]
    if note.contact:
        about.append(_("with {name}").format(name=md_inline(note.contact.name)))
    if note.tags:
        about.append(" ".join(f"\\#{md_inline(t)}" for t in note.tag_list))
    return [f"*{' · '.join(about)}*", "", md_quote(note.body), ""]


def build_summary(session: Session, key: str) -> Summary:
    edition = find_edition(session, key)
    name = edition_label(edition)
    notes = list(
        session.scalars(
            select(Note)
            .where(Note.edition_id == edition.id)
            .options(selectinload(Note.tags))
            .order_by(Note.created_at, Note.id)
        )
    )
    plan = list(
        session.scalars(select(PlanItem).where(PlanItem.edition_id == edition.id).order_by(PlanItem.position))
    )
    people = _people(session, edition, notes, plan)

    lines: list[str] = [_("# After {name}").format(name=md_inline(name)), ""]
    lines += _facts(session, edition)
    lines += _attended(session, edition, notes, plan)
    lines += _notes_section(session, notes)
    followup_count = 0
    lines += [_("## People met"), ""]
    if not people:
        lines += [_("No contacts linked to this conference."), ""]
    for person in people:
        lines.append(f"- **{md_inline(person.name)}**" + _person_details(person))
        for item in person.followups:
            box = "x" if item.done_at else " "
            follow = _("follow up by {day}: {what}").format(
                day=item.due.isoformat(), what=md_inline(item.what)
            )
            lines.append(f"  - [{box}] {follow}")
            followup_count += 1
    lines.append("")
    open_items = [i for i in plan if i.done_at is None and i.kind != "reading"]
    lines += [_("## Open plan items"), ""]
    lines += [_plan_line(i) for i in open_items] or [_("Nothing left open.")]
    lines.append("")
    readings = [i for i in plan if i.kind == "reading" and i.done_at is None]
    lines += [_("## Papers to read"), ""]
    lines += [_plan_line(i) for i in readings] or [_("No papers on the list.")]
    lines += ["", _("*Written by tracker on {day}.*").format(day=clock.today().isoformat()), ""]
    return Summary(
        edition=edition.key,
        markdown="\n".join(lines),
        notes=len(notes),
        contacts=len(people),
        followups=followup_count,
    )


def _facts(session: Session, edition: Edition) -> list[str]:
    facts = [_("Key: `{key}`").format(key=edition.key)]
    if edition.start_date:
        start = edition.start_date.isoformat()
        if edition.end_date:
            facts.append(_("Dates: {start} to {end}").format(start=start, end=edition.end_date.isoformat()))
        else:
            facts.append(_("Dates: {start}").format(start=start))
    place = ", ".join(p for p in (edition.city, edition.country) if p)
    if place:
        facts.append(_("Place: {place}").format(place=md_inline(place)))
    status = current_status(session, edition)
    if status is not None:
        since = status.since.isoformat()
        shown = status_word(status.status)
        facts.append(_("Status: {status} (since {day})").format(status=shown, day=since))
    return [f"- {f}" for f in facts] + [""]


def _picked_and_over(session: Session, edition: Edition) -> set[int]:
    """Talks of the agenda (``tracker agenda add``) that have ended: attended, as planned."""
    from sqlalchemy import func

    from tracker.models.learning import AgendaItem

    now = clock.now()
    query = (
        select(Talk.id)
        .join(AgendaItem, AgendaItem.talk_id == Talk.id)
        .where(Talk.edition_id == edition.id, func.coalesce(Talk.ends_at, Talk.starts_at) <= now)
    )
    return set(session.scalars(query))


def _attended(session: Session, edition: Edition, notes: list[Note], plan: list[PlanItem]) -> list[str]:
    lines = [_("## Attended"), ""]
    sessions = [i for i in plan if i.kind == "session" and i.done_at is not None]
    lines += [f"- {md_inline(i.text)}" for i in sessions]
    noted = {n.talk_id for n in notes if n.talk_id is not None}
    talk_ids = sorted(noted | _picked_and_over(session, edition))
    titles = _talk_titles(session, set(talk_ids))
    for talk_id in talk_ids:
        title = titles.get(talk_id)
        lines.append("- " + _talk(talk_id, title))
    if len(lines) == 2:
        lines.append(_("Nothing recorded as attended."))
    return [*lines, ""]


def _talk(talk_id: int, title: str | None) -> str:
    """``Talk 3: Attention is all you need`` (the title in Markdown), or ``Talk 3``."""
    if title:
        return _("Talk {id}: {title}").format(id=talk_id, title=md_inline(title))
    return _("Talk {id}").format(id=talk_id)


def _notes_section(session: Session, notes: list[Note]) -> list[str]:
    lines = [_("## Notes"), ""]
    if not notes:
        return [*lines, _("No notes."), ""]
    by_talk: dict[int | None, list[Note]] = defaultdict(list)
    for note in notes:
        by_talk[note.talk_id].append(note)
    titles = _talk_titles(session, {t for t in by_talk if t is not None})
    lines += [_("### By talk"), ""]
    for talk_id in sorted(t for t in by_talk if t is not None):
        title = titles.get(talk_id)
        lines += ["#### " + _talk(talk_id, title), ""]
        for note in by_talk[talk_id]:
            lines += _note_block(note)
    if None in by_talk:
        lines += [_("#### Not about one talk"), ""]
        for note in by_talk[None]:
            lines += _note_block(note)
    by_tag: dict[str, list[int]] = defaultdict(list)
    for note in notes:
        for tag in note.tag_list:
            by_tag[tag].append(note.id)
    if by_tag:
        lines += [_("### By tag"), ""]
        for tag in sorted(by_tag):
            refs = ", ".join(_("note {id}").format(id=i) for i in by_tag[tag])
            lines.append(f"- \\#{md_inline(tag)}: {refs}")
        lines.append("")
    return lines


def _people(session: Session, edition: Edition, notes: list[Note], plan: list[PlanItem]) -> list[Contact]:
    """Contacts met at the edition, or linked to one of its notes or plan items."""
    linked = {n.contact_id for n in notes if n.contact_id} | {p.contact_id for p in plan if p.contact_id}
    query = (
        select(Contact)
        .where(or_(Contact.met_edition_id == edition.id, Contact.id.in_(linked)))
        .options(selectinload(Contact.followups))
        .order_by(Contact.name)
    )
    return list(session.scalars(query))


def _person_details(person: Contact) -> str:
    parts = []
    if person.affiliation:
        parts.append(md_inline(person.affiliation))
    if person.email:
        parts.append(md_inline(person.email))
    if person.url:
        parts.append(md_inline(person.url))
    if person.topic_list:
        parts.append("topics: " + ", ".join(md_inline(t) for t in person.topic_list))
    text = f" ({'; '.join(parts)})" if parts else ""
    if person.note:
        text += f" — {md_inline(person.note)}"
    return text


def _plan_line(item: PlanItem) -> str:
    due = _(" (due {date})").format(date=item.due.isoformat()) if item.due else ""
    who = f" — {md_inline(item.contact.name)}" if item.contact else ""
    return f"- [ ] {item.position}. {kind_word(item.kind)}: {md_inline(item.text)}{who}{due}"
