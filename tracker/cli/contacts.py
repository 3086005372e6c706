"""``tracker contacts add|list|show|edit|rm|search|follow-up|export``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli import render
from tracker.cli.options import Force, JsonOut
from tracker.i18n import _, ngettext

if TYPE_CHECKING:
    from tracker.personal.contacts import ContactView

contacts_app = typer.Typer(
    help="People you met or want to meet; follow-ups; vCard export.", no_args_is_help=True
)

ContactName = Annotated[str, typer.Argument(help="Name (or a unique part of it).")]


@contacts_app.command("add")
def add_command(
    name: Annotated[str, typer.Argument(help="Full name.")],
    affiliation: Annotated[
        str | None, typer.Option("--affiliation", help="Where they work or study.")
    ] = None,
    email: Annotated[str | None, typer.Option("--email", help="Email address.")] = None,
    url: Annotated[str | None, typer.Option("--url", help="Home page (http:// or https://).")] = None,
    topics: Annotated[str | None, typer.Option("--topics", help="Comma-separated topics.")] = None,
    met: Annotated[str | None, typer.Option("--met", metavar="KEY", help="Edition where you met.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="A line to remember them by.")] = None,
    from_talk: Annotated[
        int | None,
        typer.Option(
            "--from-talk",
            metavar="ID",
            help="Fill affiliation, topics, edition and note from this talk's author.",
        ),
    ] = None,
    json_out: JsonOut = False,
) -> None:
    """Add a contact (or, with --from-talk, an author of a talk: NAME may be part of their name)."""
    from tracker import db
    from tracker.personal.contacts import add_contact

    with db.session(write=True) as s:
        if from_talk is not None:
            from tracker.personal.contacts import from_talk_author

            filled = from_talk_author(s, from_talk, name)
            name = filled.name
            affiliation = affiliation or filled.affiliation
            topics = topics or ",".join(filled.topics)
            met = met or filled.met
            note = note or filled.note
        contact = add_contact(
            s, name, affiliation=affiliation, email=email, url=url, topics=topics, met=met, note=note
        )
    if json_out:
        render.print_json(contact)
        return
    render.info(_("Added contact {name} (#{id})").format(name=contact.name, id=contact.id))


@contacts_app.command("list")
def list_command(
    met: Annotated[
        str | None, typer.Option("--met", metavar="KEY", help="Only people met at this edition.")
    ] = None,
    json_out: JsonOut = False,
) -> None:
    """Every contact, by name."""
    from tracker import db
    from tracker.personal.contacts import list_contacts

    with db.session() as s:
        rows = list_contacts(s, met=met)
    _print_contacts(rows, json_out, _("Contacts"))


def _print_contacts(rows: list[ContactView], json_out: bool, title: str) -> None:
    if json_out:
        render.print_json(rows)
        return
    if not rows:
        render.info(_("No contacts."))
        return
    render.print_table(
        title,
        [_("Name"), _("Affiliation"), _("Email"), _("Topics"), _("Met")],
        [(c.name, c.affiliation, c.email, ", ".join(c.topics), c.met) for c in rows],
    )


@contacts_app.command("show")
def show_command(
    name: ContactName,
    json_out: JsonOut = False,
) -> None:
    """One contact with their follow-ups and notes."""
    from rich.cells import cell_len
    from rich.markup import escape

    from tracker import db
    from tracker.personal.contacts import show_contact

    with db.session() as s:
        contact = show_contact(s, name)
    if json_out:
        render.print_json(contact)
        return
    out = render.console()
    out.print(f"[bold]{escape(contact.name)}[/]")
    fields = [
        (_("Affiliation"), contact.affiliation),
        (_("Email"), contact.email),
        (_("URL"), contact.url),
        (_("Topics"), ", ".join(contact.topics)),
        (_("Met at"), contact.met),
        (_("Note"), contact.note),
        (_("Notes"), ", ".join(str(i) for i in contact.note_ids)),
    ]
    for label, value in fields:
        if value:  # padded in terminal cells: a Chinese label is two a character
            out.print(label + " " * max(1, 12 - cell_len(label)) + escape(value))
    if contact.followups:
        render.print_table(
            _("Follow-ups"),
            ["#", _("Due"), _("What"), _("Done")],
            [(f.id, f.due.isoformat(), f.what, _("yes") if f.done else "") for f in contact.followups],
        )


@contacts_app.command("edit")
def edit_command(
    name: ContactName,
    new_name: Annotated[str | None, typer.Option("--name", help="A new name.")] = None,
    affiliation: Annotated[
        str | None, typer.Option("--affiliation", help='New affiliation ("" clears).')
    ] = None,
    email: Annotated[str | None, typer.Option("--email", help='New email ("" clears).')] = None,
    url: Annotated[str | None, typer.Option("--url", help='New URL ("" clears).')] = None,
    topics: Annotated[
        str | None, typer.Option("--topics", help="Replace the topics (comma-separated).")
    ] = None,
    met: Annotated[
        str | None, typer.Option("--met", metavar="KEY", help='Edition where you met ("" clears).')
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help='New note ("" clears).')] = None,
    json_out: JsonOut = False,
) -> None:
    """Change a contact's fields."""
    from tracker import db
    from tracker.personal.contacts import edit_contact

    with db.session(write=True) as s:
        contact = edit_contact(
            s,
            name,
            new_name=new_name,
            affiliation=affiliation,
            email=email,
            url=url,
            topics=topics,
            met=met,
            note=note,
        )
    if json_out:
        render.print_json(contact)
        return
    render.info(_("Updated {name}").format(name=contact.name))


@contacts_app.command("rm")
def rm_command(name: ContactName) -> None:
    """Delete a contact and their follow-ups (notes about them stay)."""
    from tracker import db
    from tracker.personal.contacts import remove_contact

    with db.session(write=True) as s:
        removed = remove_contact(s, name)
    render.info(_("Deleted contact {name}").format(name=removed))


@contacts_app.command("search")
def search_command(
    words: Annotated[list[str], typer.Argument(metavar="TEXT...", help="Words to find in any field.")],
    json_out: JsonOut = False,
) -> None:
    """Contacts whose fields contain every word."""
    from tracker import db
    from tracker.personal.contacts import search_contacts

    text = " ".join(words)
    with db.session() as s:
        rows = search_contacts(s, text)
    _print_contacts(rows, json_out, _("Contacts matching {text}").format(text=repr(text)))


@contacts_app.command("follow-up")
def follow_up_command(
    name: ContactName,
    on: Annotated[str, typer.Option("--on", help="By when: YYYY-MM-DD, 7d, 2w, tomorrow.")],
    what: Annotated[str, typer.Option("--what", help="What to do.")],
    json_out: JsonOut = False,
) -> None:
    """Plan a follow-up with a contact."""
    from tracker import db
    from tracker.personal.followups import add_followup

    with db.session(write=True) as s:
        item = add_followup(s, name, on, what)
    if json_out:
        render.print_json(item)
        return
    line = _("Follow-up {id}: {what} with {contact} by {due}").format(
        id=item.id, what=item.what, contact=item.contact, due=item.due.isoformat()
    )
    render.info(line)


@contacts_app.command("export")
def export_command(
    names: Annotated[
        list[str] | None, typer.Argument(metavar="[NAME...]", help="Only these contacts.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to this file (created 0600); else stdout.")
    ] = None,
    force: Force = False,
) -> None:
    """Export contacts as vCard 4.0."""
    import sys

    from tracker import db
    from tracker.files import write_file
    from tracker.personal.contacts import export_vcard

    with db.session() as s:
        text, count = export_vcard(s, names or None)
    if out is None:
        sys.stdout.write(text)
        return
    written = write_file(out, text, overwrite=force)
    line = ngettext("Exported {count} contact to {path}", "Exported {count} contacts to {path}", count)
    render.info(line.format(count=count, path=written))


def register(app: typer.Typer) -> None:
    app.add_typer(contacts_app, name="contacts")
