"""Writing an export file: private (0600) when it holds personal data, never half-written.

The text goes to a temporary file in the target directory first and is renamed over
the target, so a reader (or a calendar application watching the file) never sees a
partial export, and an existing file is replaced in one step.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tracker.errors import TrackerError


def write_export(path: Path, data: str | bytes, *, private: bool) -> Path:
    """Write ``data`` to ``path`` (0600 when ``private``, else 0644); one clear error otherwise."""
    target = path.expanduser()
    if target.is_dir():
        raise TrackerError(f"cannot write {target}: it is a directory")
    folder = target.parent
    if not folder.is_dir():
        raise TrackerError(f"cannot write {target}: no such directory {folder}")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    except OSError as exc:
        raise TrackerError(f"cannot write {target}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(tmp_name, 0o600 if private else 0o644)
        os.replace(tmp_name, target)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise TrackerError(f"cannot write {target}: {exc.strerror}") from exc
    return target
