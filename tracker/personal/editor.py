"""Where the text of a note comes from: ``--text``, standard input, or the person's editor.

Typer 0.26+ vendors Click and no longer offers ``typer.edit``; the editor round trip
is a temporary file (0600, since it holds a note) and ``$VISUAL``/``$EDITOR`` run with
``subprocess`` after ``shlex.split`` (so ``code --wait`` or ``vim -u NONE`` work).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from tracker import config
from tracker.errors import TrackerError


def edit_in_editor(initial: str = "", *, suffix: str = ".md") -> str:
    """Open ``initial`` in ``$VISUAL``/``$EDITOR`` and return the saved text."""
    command = config.editor_command()
    if not command:
        raise TrackerError("no text given: use --text, pipe the text on stdin, or set $EDITOR")
    argv = shlex.split(command)
    if not argv:
        raise TrackerError("$EDITOR is empty: set it to an editor command, e.g. EDITOR=nano")
    fd, name = tempfile.mkstemp(prefix="tracker-note-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(initial)
        try:
            completed = subprocess.run([*argv, str(path)], check=False)
        except OSError as exc:
            raise TrackerError(f"cannot run the editor {argv[0]!r}: {exc.strerror}") from exc
        if completed.returncode != 0:
            raise TrackerError(f"the editor exited with status {completed.returncode}; nothing saved")
        return path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)


def obtain_text(text: str | None, *, initial: str = "", stdin: TextIO | None = None) -> str:
    """The text given with ``--text``, else piped on stdin, else written in the editor."""
    if text is not None:
        return text
    stream = stdin if stdin is not None else sys.stdin
    if stream is not None and not _is_terminal(stream):
        return stream.read()
    return edit_in_editor(initial)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
