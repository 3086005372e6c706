"""Where the text of a note comes from -- ``--text``, standard input, or the person's editor --
and where it goes when it cannot be stored.

Typer 0.26+ vendors Click and no longer offers ``typer.edit``; the editor round trip
is a temporary file (0600, since it holds a note) and ``$VISUAL``/``$EDITOR`` run with
``subprocess`` after ``shlex.split`` (so ``code --wait`` or ``vim -u NONE`` work).
Standard input and the editor's file are read as bytes and decoded by the one input
policy (:mod:`tracker.inputs`: UTF-8). Text a person wrote is never thrown away: when it
cannot be used (not UTF-8) or stored (the database is busy), :func:`keep` saves it to a
private file in the data directory and the error says where.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from tracker import clock, config, inputs
from tracker.errors import Invalid, TrackerError, os_reason
from tracker.files import write_file
from tracker.i18n import N_, Message


def edit_in_editor(initial: str = "", *, suffix: str = ".md") -> str:
    """Open ``initial`` in ``$VISUAL``/``$EDITOR`` and return the saved text."""
    command = config.editor_command()
    if not command:
        raise TrackerError(
            Message(N_("no text given and no editor found: use --text, pipe the text, or set $EDITOR"))
        )
    argv = shlex.split(command)
    if not argv:
        raise TrackerError(Message(N_("$EDITOR is empty: set it to an editor command, e.g. EDITOR=nano")))
    fd, name = tempfile.mkstemp(prefix="tracker-note-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(initial)
        try:
            completed = subprocess.run([*argv, str(path)], check=False)
        except OSError as exc:
            raise TrackerError(
                Message(
                    N_("cannot run the editor {editor}: {reason}"),
                    editor=repr(argv[0]),
                    reason=os_reason(exc),
                )
            ) from exc
        if completed.returncode != 0:
            raise TrackerError(
                Message(
                    N_("the editor exited with status {returncode}; nothing saved"),
                    returncode=completed.returncode,
                )
            )
        data = path.read_bytes()
        try:
            return inputs.decode(data, "the text you saved")
        except Invalid as exc:
            kept = keep(data)
            raise Invalid(
                Message(
                    N_("{message}; it is kept in {kept}: save it as UTF-8 and pipe it in"),
                    message=exc.message,
                    kept=str(kept),
                )
            ) from None
    finally:
        path.unlink(missing_ok=True)


def obtain_text(text: str | None, *, initial: str = "", stdin: TextIO | None = None) -> str:
    """The text given with ``--text``, else piped on stdin, else written in the editor."""
    if text is not None:
        return text
    stream = stdin if stdin is not None else sys.stdin
    if stream is not None and not _is_terminal(stream):
        return _read(stream)
    return edit_in_editor(initial)


def _read(stream: TextIO) -> str:
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:  # a real stdin: its bytes, not Python's locale-dependent decoding
        return inputs.decode(buffer.read(), "standard input")
    text = stream.read()
    inputs.check_text(text, "standard input")  # a text stream (tests, library use): same policy
    return text


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def unsaved_dir() -> Path:
    """Where text that could not be stored waits for the person (created 0700)."""
    return config.user_data_dir() / "unsaved"


def keep(payload: str | bytes) -> Path:
    """Save a person's text that could not be used or stored to a new private file (0600)."""
    folder = unsaved_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = _stamp()
    for number in range(1, 1000):
        path = folder / (f"note-{stamp}.md" if number == 1 else f"note-{stamp}-{number}.md")
        if not path.exists():
            return write_file(path, payload, private=True)
    raise TrackerError(
        Message(
            N_("cannot keep the text: {folder} holds too many unsaved notes of {stamp}"),
            folder=str(folder),
            stamp=stamp,
        )
    )


def _stamp() -> str:
    try:
        moment = clock.now()
    except Invalid:  # a TRACKER_NOW out of range must not cost the text
        moment = datetime.now(UTC)
    return moment.strftime("%Y%m%d-%H%M%S")
