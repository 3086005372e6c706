"""Writing files that hold personal data: created 0600, never left half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tracker.errors import TrackerError

PRIVATE_MODE = 0o600


def write_private(path: Path, text: str, *, overwrite: bool = False) -> Path:
    """Write ``text`` to ``path`` readable by the owner only.

    The text goes to a 0600 temporary file in the same directory first and is renamed
    into place, so a crash never leaves a half-written export and the file is never
    readable by others, not even for a moment.
    """
    path = path.expanduser()
    if path.is_dir():
        raise TrackerError(f"cannot write {path}: it is a directory")
    if path.exists() and not overwrite:
        raise TrackerError(f"{path} exists; choose a new file name or pass --force")
    if not path.parent.is_dir():
        raise TrackerError(f"cannot write {path}: no such directory {path.parent}")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise TrackerError(f"cannot write {path}: {exc.strerror}") from exc
    try:
        os.fchmod(fd, PRIVATE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return path
