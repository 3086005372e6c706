"""Shipped YAML files parsed once per content: the parsed value memoised with :mod:`marshal`.

``recommend`` reads the topic vocabulary, the topic map and the models of ``data/recommend/``
on every run; importing pyyaml and parsing them is a tenth of the command. The value of a
file is stored under the user's cache directory as ``tracker/yaml/<sha256 of its bytes>``
(with the memo format and marshal's version in the name), so a changed file is a new key
and is never served stale. A memo is written atomically (a temporary file renamed into
place), read only when it is a regular file of the user's own that no one else can write,
and a missing, corrupt or unreadable one is parsed again: the memo never makes a command
fail. ``TRACKER_NO_YAML_MEMO=1`` turns it off. YAML's dates and timestamps, which marshal
cannot hold, are stored as tagged tuples (a safe-loaded value has no tuples of its own).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path
from typing import Any

DISABLE_ENV_VAR = "TRACKER_NO_YAML_MEMO"
FORMAT = 1  # bump when what is stored changes meaning


def load(path: Path) -> Any:
    """The value of the YAML file at ``path`` (the safe loader's), from the memo when it has it."""
    return loads(path.read_bytes())


def loads(raw: bytes) -> Any:
    """The value of the YAML text ``raw`` (the safe loader's), from the memo when it has it."""
    if os.environ.get(DISABLE_ENV_VAR, "") not in ("", "0"):
        return parse(raw)
    memo = memo_path(raw)
    if not memo.is_absolute():  # no home to put a cache in: never a folder under the working one
        return parse(raw)
    found = _read(memo)
    if found is not None:
        return found[0]
    value = parse(raw)
    _write(memo, value)
    return value


def parse(raw: bytes) -> Any:
    """The value of ``raw`` by pyyaml's safe loader (its C parser when built); errors as pyyaml's."""
    import yaml

    return yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def cache_dir() -> Path:
    """Where the memos live: ``<user cache dir>/tracker/yaml``."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        # platformdirs' rule on these systems, without its import (14 ms, more than the memo saves).
        base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
        return Path(base) / "tracker" / "yaml"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tracker", appauthor=False)) / "yaml"


def memo_path(raw: bytes) -> Path:
    digest = hashlib.sha256(raw).hexdigest()
    return cache_dir() / f"{digest}.v{FORMAT}.m{marshal.version}"


def _read(memo: Path) -> tuple[Any] | None:
    """``(value,)`` from the memo file, or None when there is none or it cannot be trusted."""
    try:
        fd = os.open(memo, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        found = os.fstat(fd)
        owner = os.geteuid() if hasattr(os, "geteuid") else found.st_uid
        if not stat.S_ISREG(found.st_mode) or found.st_uid != owner or found.st_mode & 0o022:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read()
        stored = marshal.loads(data)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    finally:
        os.close(fd)
    # What _write stores: (value,), or (value with its dates tagged, DATED); a tuple, so that
    # a stored None is told from a miss.
    if isinstance(stored, tuple) and len(stored) == 1:
        return stored
    if isinstance(stored, tuple) and len(stored) == 2 and stored[1] == DATED:
        try:
            return (_untagged(stored[0]),)
        except (TypeError, ValueError):
            return None
    return None


DATED = "dated"
_DATE, _DATETIME = "date", "datetime"


def _tagged(value: Any) -> Any:
    """``value`` with every date and datetime as a (tag, ISO text) tuple, for marshal."""
    if isinstance(value, datetime):  # before date: a datetime is a date
        return (_DATETIME, value.isoformat())
    if isinstance(value, date):
        return (_DATE, value.isoformat())
    if isinstance(value, dict):
        return {_tagged(k): _tagged(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tagged(v) for v in value]
    if isinstance(value, set):
        return {_tagged(v) for v in value}
    return value


def _untagged(value: Any) -> Any:
    if isinstance(value, tuple):
        tag, text = value
        return datetime.fromisoformat(text) if tag == _DATETIME else date.fromisoformat(text)
    if isinstance(value, dict):
        return {_untagged(k): _untagged(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_untagged(v) for v in value]
    if isinstance(value, set):
        return {_untagged(v) for v in value}
    return value


def _write(memo: Path, value: Any) -> None:
    """Store ``value`` for the next run; any failure (a read-only cache) is ignored."""
    try:
        data = marshal.dumps((value,))
    except ValueError:  # YAML's dates: tagged (see _tagged)
        try:
            data = marshal.dumps((_tagged(value), DATED))
        except ValueError:  # anything else marshal cannot hold: parsed every run, as without a memo
            return
    temporary = memo.with_name(f"{memo.name}.{os.getpid()}.tmp")
    try:
        memo.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, memo)  # atomic: a reader sees the old file or the whole new one
    except OSError:
        with suppress(OSError):
            temporary.unlink()
