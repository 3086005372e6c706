"""The one atomic writer: 0600 files, fsync, the old content kept on failure, no temp file left."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import IO

import pytest

from tracker.errors import TrackerError
from tracker.files import write_file


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty directory of its own (tmp_path also holds the isolated HOME)."""
    out = tmp_path / "out"
    out.mkdir()
    return out


def test_a_private_file_is_0600_and_holds_the_text(folder: Path) -> None:
    target = folder / "notes.md"
    assert write_file(target, "héllo\n") == target
    assert target.read_text(encoding="utf-8") == "héllo\n"
    assert _mode(target) == 0o600
    assert os.listdir(folder) == ["notes.md"]


def test_a_shared_export_is_0644_and_bytes_go_in_as_they_are(folder: Path) -> None:
    target = folder / "dates.ics"
    write_file(target, b"BEGIN:VCALENDAR\r\n", private=False)
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\n"
    assert _mode(target) == 0o644


def test_a_failure_while_writing_keeps_the_old_file_and_leaves_no_temp(folder: Path) -> None:
    target = folder / "summary.md"
    write_file(target, "old summary\n")

    def half_then_fail(handle: IO[bytes]) -> None:
        handle.write(b"new sum")
        raise RuntimeError("the renderer broke midway")

    with pytest.raises(RuntimeError, match="midway"):
        write_file(target, half_then_fail, overwrite=True)
    assert target.read_text(encoding="utf-8") == "old summary\n"
    assert os.listdir(folder) == ["summary.md"]


def test_a_full_disk_is_one_error_naming_the_file(folder: Path) -> None:
    target = folder / "contacts.vcf"
    write_file(target, "old\n")

    def disk_full(handle: IO[bytes]) -> None:
        handle.write(b"BEGIN:VCARD")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(TrackerError, match=f"cannot write {target}: No space left on device"):
        write_file(target, disk_full, overwrite=True)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(folder) == ["contacts.vcf"]


def test_the_data_and_the_rename_are_flushed_to_disk(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append("directory" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    write_file(folder / "list.bib", "@article{x}\n")
    assert synced == ["file", "directory"]


def test_an_existing_file_is_replaced_only_when_asked(folder: Path) -> None:
    target = folder / "report.md"
    write_file(target, "first\n")
    with pytest.raises(TrackerError, match="exists; choose a new file name or pass --force"):
        write_file(target, "second\n")
    assert target.read_text(encoding="utf-8") == "first\n"
    write_file(target, "second\n", overwrite=True)
    assert target.read_text(encoding="utf-8") == "second\n"
    assert _mode(target) == 0o600


@pytest.mark.parametrize("where", ["missing-dir", "is-a-dir"])
def test_a_bad_target_is_one_error(tmp_path: Path, where: str) -> None:
    target = tmp_path / "no" / "such.md" if where == "missing-dir" else tmp_path
    with pytest.raises(TrackerError, match="cannot write"):
        write_file(target, "x")


# --- only a new path or a regular file is ever written ------------------------------------------


def _kind(path: Path) -> str:
    mode = os.lstat(path).st_mode
    for test, name in ((stat.S_ISLNK, "link"), (stat.S_ISFIFO, "fifo"), (stat.S_ISDIR, "dir")):
        if test(mode):
            return name
    return "file" if stat.S_ISREG(mode) else "other"


def _special(folder: Path, kind: str) -> Path:
    """A FIFO, a symlink to a FIFO, a symlink to a regular file, or a directory, in ``folder``."""
    target = folder / f"out-{kind}"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "link-to-fifo":
        os.mkfifo(folder / "pipe")
        target.symlink_to(folder / "pipe")
    elif kind == "link-to-file":
        (folder / "real.md").write_text("someone else's file\n", encoding="utf-8")
        target.symlink_to(folder / "real.md")
    else:
        target.mkdir()
    return target


@pytest.mark.parametrize("overwrite", [False, True], ids=["plain", "force"])
@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("fifo", "it is a FIFO, not a regular file"),
        ("link-to-fifo", "it is a symbolic link, not a regular file"),
        ("link-to-file", "it is a symbolic link, not a regular file"),
        ("dir", "it is a directory"),
    ],
)
def test_anything_but_a_regular_file_is_refused_even_with_force(
    folder: Path, kind: str, message: str, overwrite: bool
) -> None:
    target = _special(folder, kind)
    before = sorted(os.listdir(folder))
    expected_kind = _kind(target)
    with pytest.raises(TrackerError, match=f"cannot write {target}: {message}"):
        write_file(target, "replaced?\n", overwrite=overwrite)
    assert _kind(target) == expected_kind  # still the FIFO, the link or the folder
    assert sorted(os.listdir(folder)) == before  # nothing written beside it either
    if kind == "link-to-file":
        assert (folder / "real.md").read_text(encoding="utf-8") == "someone else's file\n"


def test_dev_null_is_refused_before_anything_is_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """`contacts export --out /dev/null --force` (as root it would have replaced the device)."""
    import tempfile

    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)
    written: list[str] = []

    def must_not_happen(*args: object, **kwargs: object) -> None:
        written.append("tried")
        raise AssertionError("write_file went on to write next to /dev/null")

    # Even if the check were missing, nothing below could touch /dev: every way of writing fails.
    for module, name in ((tempfile, "mkstemp"), (os, "replace"), (os, "link"), (os, "rename")):
        monkeypatch.setattr(module, name, must_not_happen)
    with pytest.raises(TrackerError, match="cannot write /dev/null: it is a character device"):
        write_file(Path("/dev/null"), lambda handle: written.append("payload"), overwrite=True)
    assert written == []
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "without-renameat2"])
@pytest.mark.parametrize("overwrite", [False, True], ids=["new-path", "replacing-a-file"])
def test_a_fifo_swapped_in_while_writing_is_not_replaced(
    folder: Path, overwrite: bool, exchange: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check before writing is repeated without a gap by the move into place itself.

    Without renameat2 (macOS, old kernels) the repeated check comes just before the rename.
    """
    import tracker.files

    if not exchange:
        monkeypatch.setattr(tracker.files, "_renameat2", lambda: None)
    target = folder / "contacts.vcf"
    if overwrite:
        write_file(target, "old\n")

    def swap_in_a_fifo(handle: IO[bytes]) -> None:
        handle.write(b"BEGIN:VCARD\r\n")
        target.unlink(missing_ok=True)  # after the check, before the move: the worst moment
        os.mkfifo(target)

    with pytest.raises(TrackerError, match="it is a FIFO, not a regular file"):
        write_file(target, swap_in_a_fifo, overwrite=overwrite)
    assert _kind(target) == "fifo"
    assert os.listdir(folder) == ["contacts.vcf"]  # no temporary file left


def test_a_regular_file_that_appeared_while_writing_is_kept_without_force(folder: Path) -> None:
    target = folder / "summary.md"

    def someone_else_writes(handle: IO[bytes]) -> None:
        handle.write(b"mine\n")
        target.write_text("theirs\n", encoding="utf-8")

    with pytest.raises(TrackerError, match="exists; choose a new file name or pass --force"):
        write_file(target, someone_else_writes)
    assert target.read_text(encoding="utf-8") == "theirs\n"
    assert os.listdir(folder) == ["summary.md"]
