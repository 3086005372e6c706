"""Writing a file atomically: the one way tracker writes a file a person keeps.

The data go to a temporary file created 0600 in the target's own directory, are
flushed to disk (fsync), and the temporary file is renamed over the target, whose
directory is then flushed too. So a reader never sees a half-written file, a crash or
a failure while writing leaves the old file as it was, the file is never readable by
others (not even for a moment), and no temporary file is left behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from tracker.errors import TrackerError

PRIVATE_MODE = 0o600  # personal data: the owner only
SHARED_MODE = 0o644  # an export without personal data (a calendar of conference dates)

#: What to write: text (as UTF-8), bytes, or a function that writes into the open file
#: (``lambda handle: numpy.savez(handle, ...)``).
Payload = str | bytes | Callable[[IO[bytes]], object]


def write_file(path: Path, payload: Payload, *, private: bool = True, overwrite: bool = False) -> Path:
    """Write ``payload`` to ``path`` atomically (0600 when ``private``, else 0644); returns the path.

    An existing file is replaced only with ``overwrite``; every failure is one
    :class:`TrackerError` naming the file.
    """
    target = path.expanduser()
    if target.is_dir():
        raise TrackerError(f"cannot write {target}: it is a directory")
    if target.exists() and not overwrite:
        raise TrackerError(f"{target} exists; choose a new file name or pass --force")
    folder = target.parent
    if not folder.is_dir():
        raise TrackerError(f"cannot write {target}: no such directory {folder}")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)  # created 0600
    except OSError as exc:
        raise TrackerError(f"cannot write {target}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(payload, str):
                handle.write(payload.encode("utf-8"))
            elif isinstance(payload, bytes):
                handle.write(payload)
            else:
                payload(handle)
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), PRIVATE_MODE if private else SHARED_MODE)
        os.replace(tmp_name, target)
    except BaseException as exc:
        Path(tmp_name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise TrackerError(f"cannot write {target}: {exc.strerror or exc}") from exc
        raise
    _sync_directory(folder)
    return target


def _sync_directory(folder: Path) -> None:
    # The rename lives in the directory: flush it too, or a power cut may forget it.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
