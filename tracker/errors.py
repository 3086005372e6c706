"""The errors a person sees: one line of text and an exit code.

Domain code raises these; only ``tracker/cli`` turns them into a message on stderr
and a process exit status.
"""

from __future__ import annotations

import errno
from collections.abc import Sequence

from tracker.i18n import N_, Message, translated


class TrackerError(Exception):
    """A well-formed request that cannot be done (exit 1)."""

    exit_code = 1

    def __init__(self, message: str, *, suggestions: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.suggestions = list(suggestions)

    def __str__(self) -> str:
        # The message may be a Message (English, with its template): shown in the interface's
        # language here, while code that keeps it (a sync's outcome, --json) reads .kept().
        return str(translated(self.kept()))

    def kept(self) -> str:
        """The error as data keeps it (a report, --json): English, a Message when it can be one."""
        if not self.suggestions:
            return self.message
        # A suggestion with a comma or a space in it ("Springfield, IL, US", "Katherine
        # Johnson") is quoted, so that the list reads unambiguously and each can be typed as
        # printed: one argument on a command line.
        quoted = any("," in s or len(s.split()) > 1 for s in self.suggestions)
        shown = [f'"{s}"' if quoted else s for s in self.suggestions]
        return Message(
            N_("{message} (did you mean: {suggestions}?)"), message=self.message, suggestions=", ".join(shown)
        )


class NotFound(TrackerError):
    """Something the user named does not exist (exit 2, as any unknown argument); carries close matches."""

    exit_code = 2


class Invalid(TrackerError):
    """A malformed argument or value given by the user (exit 2)."""

    exit_code = 2


class DatabaseError(TrackerError):
    """The database file is corrupt, foreign, or newer than this program."""


# The reasons the file system gives most often, as the C library words them in English
# (strerror, so English output is unchanged), translated from the catalog: strerror is English
# whatever the interface's language.
_OS_REASONS = {
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.ENOENT: N_("No such file or directory"),
    errno.ENOSPC: N_("No space left on device"),
    errno.EROFS: N_("Read-only file system"),
    errno.ENAMETOOLONG: N_("File name too long"),
    errno.EISDIR: N_("Is a directory"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.EEXIST: N_("File exists"),
    errno.EDQUOT: N_("Disk quota exceeded"),
}


def os_reason(exc: OSError) -> str:
    """Why the file system refused, in a few words: a Message for the common reasons."""
    template = _OS_REASONS.get(exc.errno or 0)
    if template is not None:
        return Message(template)
    return exc.strerror or str(exc)
