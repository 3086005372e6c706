"""Reading a repository archive (GitHub's .tar.gz or .zip) from bytes, safely.

An archive comes from a server or a download folder, so it is read as hostile: it is never
extracted to disk, and

- it is recognised by its first bytes (gzip, zip or tar magic), never by its name;
- a member whose name climbs out of the archive (``../x``, ``/etc/x``) refuses the archive;
- the single top folder GitHub puts everything in (``ai-deadlines-main/``) is dropped, and
  nothing outside it is read;
- links (symbolic or hard) are never followed: a link where a catalog file is expected is
  reported, not read;
- the number of members and the bytes they expand to are capped: a gzip that inflates past
  :data:`MAX_EXPANDED_BYTES` is stopped as soon as it passes it, and a member larger than
  :data:`MAX_MEMBER_BYTES` is reported instead of read.

The real archives are far below the caps: ccf-deadlines holds 529 files (9 MB expanded),
huggingface ai-deadlines 188 (1.5 MB).
"""

from __future__ import annotations

import io
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from tracker.errors import TrackerError
from tracker.i18n import N_, Message

MAX_MEMBERS = 5_000
MAX_EXPANDED_BYTES = 64 * 1024 * 1024
MAX_MEMBER_BYTES = 16 * 1024 * 1024
_MIB = 1024 * 1024


class ArchiveError(TrackerError):
    """An archive that cannot be read safely: the message says why in one line."""


@dataclass(frozen=True)
class Member:
    """One regular file of an archive, named below its top folder: its bytes, or why not read."""

    name: str
    data: bytes = b""
    problem: str | None = None


# An entry: its full name, and how to read it (given its name below the top folder).
_Entry = tuple[str, Callable[[str], Member]]


def archive_kind(data: bytes) -> str | None:
    """``"tar.gz"``, ``"zip"`` or ``"tar"`` when the bytes start like one, else None."""
    if data[:2] == b"\x1f\x8b":
        return "tar.gz"
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "zip"
    if data[257:262] == b"ustar":
        return "tar"
    return None


def read_archive(data: bytes, wanted: Callable[[str], bool], label: str) -> dict[str, Member]:
    """The members ``wanted(name)`` picks (names below the top folder); ArchiveError when unsafe.

    ``label`` names the archive in messages (a path or a source name).
    """
    try:
        return _read(data, wanted, label)
    except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError, RuntimeError, ValueError) as exc:
        # RuntimeError: an encrypted zip member; ValueError: a malformed member header.
        raise ArchiveError(
            Message(N_("cannot read the archive {label}: {problem}"), label=label, problem=str(exc))
        ) from exc


def _read(data: bytes, wanted: Callable[[str], bool], label: str) -> dict[str, Member]:
    kind = archive_kind(data)
    if kind == "zip":
        with zipfile.ZipFile(io.BytesIO(data)) as zipped:
            return _wanted(_zip_entries(zipped, label), wanted, label)
    if kind in ("tar.gz", "tar"):
        raw = _gunzip(data, label) if kind == "tar.gz" else data
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:") as tarred:
            return _wanted(_tar_entries(tarred, label), wanted, label)
    raise ArchiveError(Message(N_("{label}: not a .tar.gz, .tar or .zip archive"), label=label))


def _wanted(entries: list[_Entry], wanted: Callable[[str], bool], label: str) -> dict[str, Member]:
    top = _top_folder([name for name, _read in entries])
    found: dict[str, Member] = {}
    expanded = 0
    for name, read in entries:
        inner = name[len(top) :] if top else name
        if not inner or not wanted(inner):
            continue
        member = read(inner)
        expanded += len(member.data)
        if expanded > MAX_EXPANDED_BYTES:
            raise ArchiveError(
                Message(
                    N_("{label}: expands past {mib} MiB; archive refused"),
                    label=label,
                    mib=MAX_EXPANDED_BYTES // _MIB,
                )
            )
        found[inner] = member
    return found


def _checked_name(name: str, label: str) -> str:
    """The member's name as a relative POSIX path; ArchiveError for one that leaves the archive."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
        raise ArchiveError(
            Message(
                N_("{label}: member {name} points outside the archive; archive refused"),
                label=label,
                name=repr(name),
            )
        )
    return path.as_posix()


def _count(n: int, label: str) -> None:
    if n > MAX_MEMBERS:
        raise ArchiveError(
            Message(
                N_("{label}: more than {count} members; archive refused"),
                label=label,
                count=f"{MAX_MEMBERS:,}",
            )
        )


def _top_folder(names: list[str]) -> str:
    """``"repo-main/"`` when every member sits in that one folder, else "" (the archive's root)."""
    tops = {name.split("/", 1)[0] for name in names}
    if len(tops) != 1 or not any("/" in name for name in names):
        return ""
    return f"{tops.pop()}/"


def _gunzip(data: bytes, label: str) -> bytes:
    """The gzip's content, stopped as soon as it passes the expanded cap (a gzip bomb)."""
    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decoder.decompress(data, MAX_EXPANDED_BYTES + 1)
    except zlib.error as exc:
        raise ArchiveError(
            Message(
                N_("cannot read the archive {label}: not valid gzip ({problem})"),
                label=label,
                problem=str(exc),
            )
        ) from exc
    if len(out) > MAX_EXPANDED_BYTES or decoder.unconsumed_tail:
        raise ArchiveError(
            Message(
                N_("{label}: expands past {mib} MiB; archive refused"),
                label=label,
                mib=MAX_EXPANDED_BYTES // _MIB,
            )
        )
    return out


def _too_big(name: str) -> Member:
    return Member(name, problem=f"larger than {MAX_MEMBER_BYTES // _MIB} MiB; not read")


def _link(name: str) -> Member:
    return Member(name, problem="a link in the archive; links are not followed")


def _tar_entries(archive: tarfile.TarFile, label: str) -> list[_Entry]:
    entries: list[_Entry] = []
    for n, info in enumerate(archive, start=1):
        _count(n, label)
        name = _checked_name(info.name, label)
        if info.issym() or info.islnk():
            entries.append((name, _link))
        elif info.isreg():
            entries.append((name, _tar_reader(archive, info)))
    return entries


def _tar_reader(archive: tarfile.TarFile, info: tarfile.TarInfo) -> Callable[[str], Member]:
    def read(name: str) -> Member:
        if info.size > MAX_MEMBER_BYTES:
            return _too_big(name)
        stream = archive.extractfile(info)  # a regular member: never a link followed
        if stream is None:
            return Member(name, problem="not a regular file; not read")
        with stream:
            return Member(name, stream.read())

    return read


def _zip_entries(archive: zipfile.ZipFile, label: str) -> list[_Entry]:
    infos = archive.infolist()
    _count(len(infos), label)
    entries: list[_Entry] = []
    for info in infos:
        name = _checked_name(info.filename, label)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            entries.append((name, _link))
        elif not info.is_dir():
            entries.append((name, _zip_reader(archive, info)))
    return entries


def _zip_reader(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[str], Member]:
    def read(name: str) -> Member:
        if info.file_size > MAX_MEMBER_BYTES:
            return _too_big(name)
        with archive.open(info) as handle:
            # The declared size may lie: never read more than one byte past the cap.
            data = handle.read(MAX_MEMBER_BYTES + 1)
        return _too_big(name) if len(data) > MAX_MEMBER_BYTES else Member(name, data)

    return read
