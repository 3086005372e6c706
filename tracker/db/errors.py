"""What a person is told when the database fails under a command: one line, exit 1."""

from __future__ import annotations

import sqlite3

from tracker import config
from tracker.db.files import shortened, sqlite_path
from tracker.errors import DatabaseError, TrackerError
from tracker.i18n import N_, Message

# SQLite's primary result codes (sqlite3.Error.sqlite_errorname; extended names start with
# these) that a person can do something about, and what to tell them.
_BUSY = "the database {where} is busy: another tracker process is writing to it; try again in a moment"
_SQLITE_ERRORS = {
    "SQLITE_BUSY": _BUSY,
    "SQLITE_LOCKED": _BUSY,
    "SQLITE_READONLY": "cannot write to the database {where}: it is read-only (check the permissions "
    "of the file and its folder)",
    "SQLITE_FULL": "cannot write to the database {where}: the disk is full",
    "SQLITE_IOERR": "cannot use the database {where}: disk I/O error",
    "SQLITE_CANTOPEN": "cannot open the database {where}",
    "SQLITE_PERM": "cannot use the database {where}: permission denied",
}


def as_tracker_error(exc: BaseException, where: str | None = None) -> TrackerError | None:
    """The one-line error (exit 1) for a database that failed under a command, else None.

    Only operational failures -- a lock held too long, a read-only file, a full disk, a
    lost server -- are mapped; a programming error keeps its traceback.
    """
    import sys

    if "sqlalchemy" not in sys.modules:
        return None
    from sqlalchemy.exc import OperationalError

    if isinstance(exc, OperationalError):
        orig: BaseException | None = exc.orig
    elif isinstance(exc, sqlite3.OperationalError):
        orig = exc
    else:
        return None
    location = where or current_location()
    name = str(getattr(orig, "sqlite_errorname", ""))
    for code, message in _SQLITE_ERRORS.items():
        if name.startswith(code):
            return DatabaseError(message.format(where=location))
    reason = " ".join(str(orig).split())
    return DatabaseError(
        Message(N_("cannot use the database {location}: {reason}"), location=location, reason=reason)
    )


def current_location() -> str:
    url = config.database_url()
    path = sqlite_path(url)
    if path is not None:
        return shortened(path)
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
