"""The SQLite file behind a URL, created private (0600 in a 0700 folder) before SQLite opens it."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from tracker.errors import DatabaseError
from tracker.i18n import N_, Message


def sqlite_path(url: str) -> Path | None:
    """The file behind a ``sqlite:///`` URL, or None for other databases and memory."""
    if not url.startswith("sqlite"):
        return None
    _, _, rest = url.partition(":///")
    if not rest or rest.startswith(":memory:"):
        return None
    name, _, query = rest.partition("?")
    if "uri=true" in query.split("&"):  # sqlite:///file:/path/t.db?mode=ro&uri=true
        name = name.removeprefix("file:")
    return Path(name)


def prepare_file(path: Path, warn: Callable[[str], None] | None = None) -> None:
    """Create the directory (0700) and an empty file (0600) before SQLite does (0644).

    An existing file that others may read is made 0600 when it is ours (with its WAL
    files); a file that is not a regular file (a device, a FIFO) is refused.
    """
    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True, mode=0o700)
        if not path.exists():
            fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
            os.close(fd)
        elif path.is_dir():
            raise DatabaseError(Message(N_("{path} is a directory, not a database file"), path=path))
        elif not path.is_file():
            raise DatabaseError(
                Message(N_("{path} is not a regular file (a device, FIFO or socket?)"), path=path)
            )
        else:
            make_private(path, warn)
    except OSError as exc:
        raise DatabaseError(
            Message(
                N_("cannot create the database {shortened}: {value}"),
                shortened=shortened(path),
                value=exc.strerror or exc,
            )
        ) from exc


def make_private(path: Path, warn: Callable[[str], None] | None) -> None:
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            info = file.stat()
        except FileNotFoundError:
            continue
        if not info.st_mode & 0o077:
            continue
        if info.st_uid == os.getuid():
            # Others lose their access; the owner gains none (a read-only file stays so).
            os.chmod(file, stat.S_IMODE(info.st_mode) & 0o700)
        elif warn is not None:
            warn(f"warning: {file} can be read by others (mode {stat.filemode(info.st_mode)})")


def shortened(path: Path) -> str:
    # A 5,000-character name would make the one-line error 5,000 characters wide.
    text = str(path)
    return text if len(text) <= 200 else f"{text[:120]}…{text[-60:]} ({len(text)} characters)"
