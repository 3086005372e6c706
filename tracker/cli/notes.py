"""``tracker log-notes`` and ``tracker notes list|show|edit|rm|search``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

import typer

from tracker.cli import render
from tracker.cli.options import EditionKey, JsonOut
from tracker.i18n import _

notes_app = typer.Typer(help="Your notes: list, show, edit, remove, search.", no_args_is_help=True)

NoteId = Annotated[int, typer.Argument(metavar="ID", help="Note number.")]
T = TypeVar("T")


def log_notes_command(
    key: EditionKey,
    talk: Annotated[
        int | None, typer.Option("--talk", metavar="ID", help="The talk the note is about.")
    ] = None,
    contact: Annotated[
        str | None, typer.Option("--contact", metavar="NAME", help="The contact it is about.")
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", metavar="T", help="A tag (repeat for more).")
    ] = None,
    text: Annotated[
        str | None,
        typer.Option(
            "--text", help="The note (Markdown). Without it: stdin when piped, else $VISUAL/$EDITOR."
        ),
    ] = None,
    json_out: JsonOut = False,
) -> None:
    """Write a note on an edition (and optionally a talk and a contact)."""
    from tracker import db
    from tracker.personal.editor import obtain_text
    from tracker.personal.notes import NoteView, add_note, check_target

    tags = tag or []
    # Check the edition, talk and contact first: nobody should write a note and then lose
    # it to a typo in the key.
    with db.session() as s:
        check_target(s, key, talk_id=talk, contact=contact, tags=tags)
    body = obtain_text(text)
    retry = ["log-notes", key, *_flags(talk=talk, contact=contact, tags=tags)]

    def store() -> NoteView:
        with db.session(write=True) as s:
            return add_note(s, key, body, talk_id=talk, contact=contact, tags=tags)

    note = _store_or_keep(store, body, retry)
    if json_out:
        render.print_json(note)
        return
    render.info(
        _("Saved note {id} on {name} ({key})").format(id=note.id, name=note.edition_name, key=note.edition)
    )


@notes_app.command("list")
def list_command(
    key: Annotated[str | None, typer.Argument(help="Only notes on this edition.")] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Only notes with this tag.")] = None,
    contact: Annotated[str | None, typer.Option("--contact", help="Only notes about this contact.")] = None,
    talk: Annotated[
        int | None, typer.Option("--talk", metavar="ID", help="Only notes about this talk.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most this many.")] = None,
    json_out: JsonOut = False,
) -> None:
    """Your notes, oldest first."""
    from tracker import db
    from tracker.personal.notes import list_notes

    with db.session() as s:
        rows = list_notes(s, edition_key=key, tag=tag, contact=contact, talk_id=talk, limit=limit)
    if json_out:
        render.print_json(rows)
        return
    if not rows:
        render.info(_("No notes."))
        return
    render.print_table(
        _("Notes"),
        ["#", _("Written"), _("Edition"), _("Talk"), _("Contact"), _("Tags"), _("Text")],
        [
            (
                n.id,
                render.fmt_mine(n.created_at),
                n.edition,
                n.talk_id or "",
                n.contact or "",
                " ".join(n.tags),
                _first_line(n.body),
            )
            for n in rows
        ],
    )


def _flags(*, talk: int | None, contact: str | None, tags: list[str]) -> list[str]:
    """The options of a note command again, to show the command that retries it."""
    flags = ["--talk", str(talk)] if talk is not None else []
    flags += ["--contact", contact] if contact is not None else []
    return flags + [word for t in tags for word in ("--tag", t)]


def _store_or_keep(store: Callable[[], T], body: str, retry: list[str]) -> T:
    """Store a note; when that fails, its text is kept in a private file first and the error says where.

    An empty note has nothing to keep. An interruption (Ctrl-C while waiting for the lock)
    or a bug keeps the text too, then goes on as it would.
    """
    from tracker.errors import TrackerError
    from tracker.personal.notes import EmptyNote

    try:
        return store()
    except EmptyNote:
        raise
    except TrackerError as exc:
        message = _("{error}; {kept}").format(error=exc.message, kept=_keep(body, retry))
        raise type(exc)(message, suggestions=exc.suggestions) from exc
    except BaseException:
        render.info(_keep(body, retry))
        raise


def _keep(body: str, retry: list[str]) -> str:
    import shlex
    import sys

    from tracker.errors import TrackerError
    from tracker.personal.editor import keep

    try:
        path = keep(body)
    except TrackerError as exc:
        sys.stdout.write(body + "\n")  # the last place the text can go: the terminal
        return _("the note could not be kept in a file either ({error}): its text is printed above").format(
            error=exc.message
        )
    command = shlex.join(["tracker", *retry]) + " < " + shlex.quote(str(path))
    return _("your note is kept in {path}; to try again: {command}").format(path=path, command=command)


def _first_line(body: str, width: int = 60) -> str:
    line = body.strip().split("\n", 1)[0]
    return line if len(line) <= width else line[: width - 1] + "…"


@notes_app.command("show")
def show_command(
    note_id: NoteId,
    json_out: JsonOut = False,
) -> None:
    """One note in full."""
    from tracker import db
    from tracker.personal.notes import get_note

    with db.session() as s:
        note = get_note(s, note_id)
    if json_out:
        render.print_json(note)
        return
    out = render.console()
    title = _("[bold]Note {id}[/] on {name} ({key})")
    out.print(title.format(id=note.id, name=render.escape(note.edition_name), key=note.edition))
    out.print(_("Written {when}").format(when=render.fmt_mine(note.created_at)), end="")
    out.print(_(", edited {when}").format(when=render.fmt_mine(note.updated_at)) if note.updated_at else "")
    if note.talk_id is not None:
        out.print(_("Talk {id}").format(id=note.talk_id))
    if note.contact:
        out.print(_("Contact {name}").format(name=render.escape(note.contact)))
    if note.tags:
        out.print(_("Tags {tags}").format(tags=" ".join(f"#{render.escape(t)}" for t in note.tags)))
    out.print()
    # The body is the person's text: printed as is, never interpreted as rich markup.
    out.print(note.body, markup=False)


@notes_app.command("edit")
def edit_command(
    note_id: NoteId,
    text: Annotated[
        str | None, typer.Option("--text", help="New text (else stdin when piped, else the editor).")
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", metavar="T", help="Replace the tags (repeat).")
    ] = None,
    contact: Annotated[
        str | None, typer.Option("--contact", metavar="NAME", help='Link a contact ("" unlinks).')
    ] = None,
    talk: Annotated[int | None, typer.Option("--talk", metavar="ID", help="Link a talk.")] = None,
    no_talk: Annotated[bool, typer.Option("--no-talk", help="Unlink the talk.")] = False,
    json_out: JsonOut = False,
) -> None:
    """Change a note's text, tags, contact or talk."""
    from tracker import db
    from tracker.errors import Invalid
    from tracker.personal.editor import obtain_text
    from tracker.personal.notes import NoteView, edit_note, get_note

    if talk is not None and no_talk:
        raise Invalid(_("--talk and --no-talk contradict each other: give one of them"))
    metadata_only = text is None and (tag is not None or contact is not None or talk is not None or no_talk)
    body: str | None = text
    if not metadata_only and body is None:
        with db.session() as s:
            current = get_note(s, note_id)
        body = obtain_text(None, initial=current.body + "\n")
    retry = ["notes", "edit", str(note_id), *_flags(talk=talk, contact=contact, tags=tag or [])]
    retry += ["--no-talk"] if no_talk else []

    def store() -> tuple[NoteView, bool]:
        with db.session(write=True) as s:
            return edit_note(s, note_id, body, tags=tag, contact=contact, talk_id=talk, clear_talk=no_talk)

    note, changed = store() if body is None else _store_or_keep(store, body, retry)
    if json_out:
        render.print_json(note)
        return
    render.info((_("Note {id} updated") if changed else _("Note {id} unchanged")).format(id=note.id))


@notes_app.command("rm")
def rm_command(
    note_ids: Annotated[list[int], typer.Argument(metavar="ID...", help="Note number(s).")],
) -> None:
    """Delete notes (for good: back up first if unsure)."""
    from tracker import db
    from tracker.personal.notes import delete_note

    with db.session(write=True) as s:
        removed = [delete_note(s, n) for n in note_ids]
    for note in removed:
        deleted = _("Deleted note {id} ({key}: {start})")
        render.info(deleted.format(id=note.id, key=note.edition, start=_first_line(note.body, 40)))


@notes_app.command("search")
def search_command(
    query: Annotated[
        list[str] | None, typer.Argument(metavar="QUERY...", help="Words; word* is a prefix.")
    ] = None,
    key: Annotated[str | None, typer.Option("--edition", help="Only notes on this edition.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many results.")] = 20,
    json_out: JsonOut = False,
) -> None:
    """Full-text search over every note, best match first."""
    from tracker import db
    from tracker.personal.search import search

    text = " ".join(query or [])
    marks = ("**", "**") if json_out else ("\x02", "\x03")
    with db.read_connection() as conn:
        hits = search(conn, text, limit=limit, edition_key=key, marks=marks)
    if json_out:
        render.print_json(hits)
        return
    if not hits:
        render.info(_("No notes match.") if text.strip() else _("Empty query: type some words."))
        return
    render.print_table(
        _("Notes matching {query}").format(query=repr(text)),
        ["#", _("Written"), _("Edition"), _("Tags"), _("Snippet")],
        [
            (h.id, render.fmt_mine(h.created_at), h.edition, " ".join(h.tags), _highlight(h.snippet))
            for h in hits
        ],
    )


def _highlight(snippet: str) -> render.Text:
    """A Text with the matched words in bold (the snippet itself is never markup)."""
    out = render.Text()
    bold = False
    for part in snippet.replace("\x03", "\x02").split("\x02"):
        out.append(" ".join(part.split("\n")), style="bold yellow" if bold else "")
        bold = not bold
    return out


def register(app: typer.Typer) -> None:
    app.command("log-notes")(log_notes_command)
    app.add_typer(notes_app, name="notes")
