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
