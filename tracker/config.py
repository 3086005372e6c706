"""Where things live.

The database: ``--db PATH|URL`` > ``TRACKER_DB`` > a file in the user's data directory
(platformdirs). Shipped data and migrations: inside the installed package
(``tracker/_data``, ``tracker/_migrations``, put there by the wheel build) or, in a
checkout, at the top of the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

DB_ENV_VAR = "TRACKER_DB"
APP_NAME = "tracker"

_PACKAGE_DIR = Path(__file__).resolve().parent
_db_override: str | None = None


def set_database_override(value: str | None) -> None:
    """Remember the ``--db`` option for this process (set by the CLI's root callback)."""
    global _db_override
    _db_override = value


def user_data_dir() -> Path:
    """The per-user directory for tracker's own database (not created here)."""
    from platformdirs import user_data_dir as _user_data_dir

    return Path(_user_data_dir(APP_NAME, appauthor=False))


def default_database_path() -> Path:
    return user_data_dir() / "tracker.db"


def database_url(explicit: str | None = None) -> str:
    """The SQLAlchemy URL to use; a bare path becomes ``sqlite:///PATH``."""
    value = explicit or _db_override or os.environ.get(DB_ENV_VAR) or str(default_database_path())
    return as_url(value)


def as_url(value: str) -> str:
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def _shipped(name: str) -> Path:
    installed = _PACKAGE_DIR / f"_{name}"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def data_dir() -> Path:
    """The shipped, read-only data (catalog, topic map, fee model, demo data)."""
    return _shipped("data")


def migrations_dir() -> Path:
    return _shipped("migrations")


#: Tried in order when neither $VISUAL nor $EDITOR is set, as git does: the system's choice
#: (Debian's sensible-editor and editor), then the editors found on nearly every Unix.
FALLBACK_EDITORS = ("sensible-editor", "editor", "nano", "vi")


def editor_command() -> str | None:
    """The person's editor: ``$VISUAL``, then ``$EDITOR``, then the first of
    :data:`FALLBACK_EDITORS` on the PATH (None when there is none)."""
    chosen = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if chosen is not None:
        return chosen
    import shutil

    return next((name for name in FALLBACK_EDITORS if shutil.which(name)), None)
