"""The upstream repositories' archives as GitHub serves them, built from the bundled snapshot.

``codeload.github.com/OWNER/REPO/tar.gz/refs/heads/main`` answers a gzip'd tar (pax format,
the commit id in a global header) whose every member sits in one folder ``REPO-main/``,
directories included, beside the repository's code and docs. These builders lay the real
files of ``data/catalog/sources/{hf,ccf}`` out that way, so a sync meets what it meets
upstream; ``edit`` lets a test change one file (a moved or removed deadline).

Used by the tests and by ``bench/ingest/bench_sync_archives.py``.
"""

from __future__ import annotations

import io
import tarfile
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

SOURCES = Path(__file__).resolve().parents[2] / "data" / "catalog" / "sources"
COMMIT = "5f8dce347bc17783bc6cd50509e07cc0196863b4"

# What sits beside the catalog upstream and holds no records: a sync must not read it.
HF_NOISE = {
    "README.md": b"# AI Conference Deadlines\n",
    "package.json": b'{"name": "ai-deadlines"}\n',
    "src/components/Header.tsx": b"export const Header = () => null;\n",
    ".github/workflows/deploy.yml": b"on: push\njobs: {}\n",
}
CCF_NOISE = {
    "README.md": b"# CCF Deadlines\n",
    "conference/types.yml": b"- name: AI\n  name_en: Artificial Intelligence\n  sub: AI\n",
    "conference-yaml-schema.yml": b"type: seq\n",
    "extensions/cli/config.yml": b"lang: en\n",
}

Files = dict[str, bytes]


def hf_files() -> Files:
    """``src/data/conferences/*.yml`` of huggingface/ai-deadlines, and its other files."""
    folder = SOURCES / "hf" / "conferences"
    files = {f"src/data/conferences/{p.name}": p.read_bytes() for p in sorted(folder.glob("*.yml"))}
    return {**HF_NOISE, **files}


def ccf_files() -> Files:
    """``conference/<AREA>/*.yml`` and ``accept_rates/<AREA>/*.yml`` of ccfddl/ccf-deadlines."""
    root = SOURCES / "ccf"
    files = {
        p.relative_to(root).as_posix(): p.read_bytes()
        for top in ("conference", "accept_rates")
        for p in sorted((root / top).rglob("*.yml"))
    }
    return {**CCF_NOISE, **files}


def edit(files: Files, name: str, change: Callable[[str], str]) -> Files:
    """A copy of ``files`` with one file's text changed (the change must change something)."""
    old = files[name].decode()
    new = change(old)
    assert new != old, f"the edit of {name} changed nothing"
    return {**files, name: new.encode()}


def github_tar_gz(files: Mapping[str, bytes], top: str, *, commit: str = COMMIT) -> bytes:
    """A .tar.gz laid out as GitHub's: pax global header, ``top/`` and its folders as members."""
    buffer = io.BytesIO()
    with tarfile.open(
        fileobj=buffer, mode="w:gz", format=tarfile.PAX_FORMAT, pax_headers={"comment": commit}
    ) as archive:
        folders = sorted({"/".join(n.split("/")[:i]) for n in files for i in range(1, n.count("/") + 1)})
        for folder in ["", *folders]:
            info = tarfile.TarInfo(f"{top}/{folder}".rstrip("/"))
            info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o775, 1_700_000_000
            archive.addfile(info)
        for name, data in sorted(files.items()):
            info = tarfile.TarInfo(f"{top}/{name}")
            info.size, info.mode, info.mtime = len(data), 0o664, 1_700_000_000
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def github_zip(files: Mapping[str, bytes], top: str) -> bytes:
    """The same files as GitHub's .zip of a branch."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(f"{top}/{name}", data)
    return buffer.getvalue()


def hf_archive(files: Files | None = None) -> bytes:
    return github_tar_gz(hf_files() if files is None else files, "ai-deadlines-main")


def ccf_archive(files: Files | None = None) -> bytes:
    return github_tar_gz(ccf_files() if files is None else files, "ccf-deadlines-main")
