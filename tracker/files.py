"""Writing a file atomically: the one way tracker writes a file a person keeps.

The data go to a temporary file created 0600 in the target's own directory, are
flushed to disk (fsync), and the temporary file is moved into place, whose directory
is then flushed too. So a reader never sees a half-written file, a crash or a failure
while writing leaves the old file as it was, the file is never readable by others (not
even for a moment), and no temporary file is left behind.

Only a new path or a regular file is ever written. A symlink, a FIFO, a device node, a
socket or a directory at the target is refused before anything is written (``lstat``,
so a symlink is not followed), and the move into place checks again without a gap:
a new file is hard-linked in, which fails if anything appeared meanwhile, and a file
being replaced is swapped with the new one in one step (Linux ``renameat2``
``RENAME_EXCHANGE``) and swapped back if what came out is not a regular file. So even a
swap between the check and the move cannot make ``--out /dev/null`` replace the device.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import IO

from tracker.errors import TrackerError, os_reason
from tracker.i18n import N_, Message

PRIVATE_MODE = 0o600  # personal data: the owner only
SHARED_MODE = 0o644  # an export without personal data (a calendar of conference dates)

#: What to write: text (as UTF-8), bytes, or a function that writes into the open file
#: (``lambda handle: numpy.savez(handle, ...)``).
Payload = str | bytes | Callable[[IO[bytes]], object]

_KINDS = (
    (stat.S_ISLNK, N_("a symbolic link")),
    (stat.S_ISFIFO, N_("a FIFO")),
    (stat.S_ISCHR, N_("a character device")),
    (stat.S_ISBLK, N_("a block device")),
    (stat.S_ISSOCK, N_("a socket")),
)


def write_file(path: Path, payload: Payload, *, private: bool = True, overwrite: bool = False) -> Path:
    """Write ``payload`` to ``path`` atomically (0600 when ``private``, else 0644); returns the path.

    An existing regular file is replaced only with ``overwrite``; anything else that
    exists there is never replaced. Every failure is one :class:`TrackerError` naming
    the file.
    """
    target = path.expanduser()
    existing = _check_target(target, overwrite=overwrite)
    folder = target.parent
    if not folder.is_dir():
        raise TrackerError(
            Message(
                N_("cannot write {target}: no such directory {folder}"),
                target=str(target),
                folder=str(folder),
            )
        )
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)  # created 0600
    except OSError as exc:
        raise TrackerError(
            Message(N_("cannot write {target}: {reason}"), target=str(target), reason=os_reason(exc))
        ) from exc
    ours = os.fstat(fd)
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
        if existing is None:
            _move_to_new_path(tmp_name, target, overwrite=overwrite)
        else:
            _move_over_regular_file(tmp_name, target)
    except BaseException as exc:
        _remove_if_ours(tmp_name, ours)
        if isinstance(exc, OSError):
            raise TrackerError(
                Message(N_("cannot write {target}: {reason}"), target=str(target), reason=os_reason(exc))
            ) from exc
        raise
    _sync_directory(folder)
    return target


def _check_target(target: Path, *, overwrite: bool) -> os.stat_result | None:
    """What is at ``target`` now: nothing (None) or a regular file we may replace; else refused."""
    try:
        found = os.lstat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise TrackerError(
            Message(N_("cannot write {target}: {reason}"), target=str(target), reason=os_reason(exc))
        ) from exc
    _refuse_unless_regular(target, found.st_mode)
    if not overwrite:
        raise TrackerError(
            Message(N_("{target} exists; choose a new file name or pass --force"), target=str(target))
        )
    return found


def _refuse_unless_regular(target: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise TrackerError(Message(N_("cannot write {target}: it is a directory"), target=str(target)))
    kind = next((name for test, name in _KINDS if test(mode)), N_("a special file"))
    raise TrackerError(
        Message(
            N_("cannot write {target}: it is {kind}, not a regular file; choose another file name"),
            target=str(target),
            kind=Message(kind),
        )
    )


def _move_to_new_path(tmp_name: str, target: Path, *, overwrite: bool) -> None:
    """Put the temporary file at a path that was free: a hard link never replaces what appeared."""
    try:
        os.link(tmp_name, target)
    except FileExistsError:
        # Something was created there while we wrote: judge it as if it had been there before.
        try:
            appeared = os.lstat(target)
        except FileNotFoundError:
            appeared = None
        if appeared is None:
            raise TrackerError(
                Message(N_("cannot write {target}: it changed while being written"), target=str(target))
            ) from None
        _refuse_unless_regular(target, appeared.st_mode)
        if not overwrite:
            raise TrackerError(
                Message(N_("{target} exists; choose a new file name or pass --force"), target=str(target))
            ) from None
        _move_over_regular_file(tmp_name, target)
        return
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        # A file system without hard links (FAT, some network mounts): the check just made
        # is the best there is; renaming over a path that was free a moment ago.
        _recheck_then_replace(tmp_name, target)
        return
    os.unlink(tmp_name)


def _move_over_regular_file(tmp_name: str, target: Path) -> None:
    """Swap the new file with the old one in one step; undo it if what came out is not a file."""
    if not _exchange(tmp_name, target):
        _recheck_then_replace(tmp_name, target)
        return
    swapped_out = os.lstat(tmp_name)
    if stat.S_ISREG(swapped_out.st_mode):
        os.unlink(tmp_name)  # the old version of the file
        return
    # A device, link, FIFO or folder was put there after the check: it goes back where it was.
    _exchange(tmp_name, target)
    _refuse_unless_regular(target, swapped_out.st_mode)


def _recheck_then_replace(tmp_name: str, target: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        _refuse_unless_regular(target, os.lstat(target).st_mode)
    os.replace(tmp_name, target)


def _remove_if_ours(tmp_name: str, ours: os.stat_result) -> None:
    # After a failed swap the temporary name could hold what was at the target: never delete that.
    try:
        now = os.lstat(tmp_name)
    except FileNotFoundError:
        return
    if (now.st_dev, now.st_ino) == (ours.st_dev, ours.st_ino):
        os.unlink(tmp_name)


_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.ENOSYS}
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: str | Path, second: str | Path) -> bool:
    """Atomically swap two directory entries (Linux renameat2); False where that is not possible."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # an old kernel, a file system without it
        return False
    raise OSError(code, os.strerror(code))


@cache
def _renameat2() -> Callable[..., int] | None:
    """glibc's renameat2 (2.28 and later), or None elsewhere (macOS, musl before 1.2.5, Windows)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _sync_directory(folder: Path) -> None:
    # The rename lives in the directory: flush it too, or a power cut may forget it.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
