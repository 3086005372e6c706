"""The errors a person sees: one line of text and an exit code.

Domain code raises these; only ``tracker/cli`` turns them into a message on stderr
and a process exit status.
"""

from __future__ import annotations

from collections.abc import Sequence

from tracker.i18n import _


class TrackerError(Exception):
    """A well-formed request that cannot be done (exit 1)."""

    exit_code = 1

    def __init__(self, message: str, *, suggestions: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.suggestions = list(suggestions)

    def __str__(self) -> str:
        if self.suggestions:
            # A suggestion with a comma in it ("Springfield, IL, US") is quoted, so that the
            # list reads unambiguously and each can be typed as printed.
            quoted = any("," in s for s in self.suggestions)
            shown = [f'"{s}"' if quoted else s for s in self.suggestions]
            return _("{message} (did you mean: {suggestions}?)").format(
                message=self.message, suggestions=", ".join(shown)
            )
        return self.message


class NotFound(TrackerError):
    """Something the user named does not exist (exit 2, as any unknown argument); carries close matches."""

    exit_code = 2


class Invalid(TrackerError):
    """A malformed argument or value given by the user (exit 2)."""

    exit_code = 2


class DatabaseError(TrackerError):
    """The database file is corrupt, foreign, or newer than this program."""
