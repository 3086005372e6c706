"""Finding a catalog's files in a file, a folder or an archive, and handing their text to its parser.

The parsers (pwc.py, hf.py, ccf.py) read one file's text; this module knows where the three
upstream repositories keep theirs:

- paperswithcode ai-deadlines: one ``_data/conferences.yml``;
- huggingface ai-deadlines: one YAML per series under ``src/data/conferences/``;
- ccf-deadlines: ``conference/<area>/*.yml`` plus ``accept_rates/<area>/*.yml``.

A folder or archive that holds that layout (a checkout, or GitHub's .zip / .tar.gz of one,
whose single top folder is dropped) is read from those places only; an archive is known by
its first bytes, whether it is a file or what ``tracker sync`` fetched, and read by
:mod:`archives`, the one safe archive reader. For ccf, ``areas`` (``AI``, ``DB``...) picks
which area folders are read. Any other folder is read
whole: every ``*.yml``/``*.yaml`` below it, in sorted order, minus the files that sit beside
the data upstream and hold no records. A file is labelled by its path in the upstream
layout when it sits in one, however deep the PATH given (``conference/AI`` of a ccf checkout,
or one hf file, are named as the whole checkout names them), else by its path below what was
given; reports and provenance name records by that label.

A file written for another format is not read (:func:`parse_text`): the formats share field
names (``title``, ``year``), so an hf file read as pwc would parse, and every series it
names would be overwritten with what the wrong parser made of it.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from tracker.catalog.importers import ccf, hf, pwc
from tracker.catalog.importers.archives import archive_kind, read_archive
from tracker.catalog.importers.records import Batch, Issue, SeriesRecord
from tracker.catalog.importers.yamlfiles import decode
from tracker.errors import NotFound, TrackerError
from tracker.i18n import N_, Message


@dataclass(frozen=True)
class Layout:
    """One catalog format: its parser and where its upstream repository keeps the files."""

    parse: Callable[[str, str], Batch]
    places: tuple[str, ...]  # a file, or a folder ending in "/", relative to the repository
    fields: frozenset[str]  # every top-level field its entries may have
    # Joins what one file says to another (ccf: a rate file to its conference file).
    link: Callable[[Sequence[tuple[str, Batch]]], None] | None = None
    # Dropped from a file's name in records and provenance: the bundled snapshot keeps the
    # files without it (data/catalog/sources/hf/conferences/), so a checkout, an archive and
    # the seed all name huggingface's NeurIPS file "conferences/neurips.yml" alike, and
    # importing the data the seed holds changes nothing, provenance included.
    prefix: str = ""


LAYOUTS = {
    "pwc": Layout(pwc.parse, ("_data/conferences.yml",), pwc.KNOWN_FIELDS, prefix="_data/"),
    "hf": Layout(hf.parse, ("src/data/conferences/",), hf.KNOWN_FIELDS, prefix="src/data/"),
    "ccf": Layout(ccf.parse, ("conference/", "accept_rates/"), ccf.KNOWN_FIELDS, ccf.link_rates),
}

# Files that sit beside the data in the upstream repositories and hold no records.
IGNORED_NAMES = frozenset({"types.yml", "types.yaml", "conference-yaml-schema.yml"})


@dataclass(frozen=True)
class CatalogFile:
    """One file found at PATH: its label and bytes, or why it could not be read."""

    name: str
    data: bytes = b""
    problem: str | None = None


def read_path(path: Path, fmt: str, *, areas: Collection[str] | None = None) -> Batch:
    """Everything the files of ``fmt`` at PATH hold, in one batch (issues name file and entry)."""
    files, whole = catalog_files(path, fmt, areas=areas)
    return _parse_files(files, fmt, complete=whole)


def read_bytes(
    data: bytes, fmt: str, name: str, *, label: str | None = None, areas: Collection[str] | None = None
) -> Batch:
    """What one fetched body holds: a single YAML file at the path ``name`` (a URL's path: the
    file is named as its layout names it, else by its last part), or a repository archive
    (named ``label`` in messages, ``name`` by default)."""
    if archive_kind(data) is None:
        parts = PurePosixPath(name).parts
        file = CatalogFile(_layout_name(parts, fmt) or (parts[-1] if parts else f"{fmt}.yml"), data)
        return _parse_files([file], fmt, complete=False)
    files = _archive_files(data, label or name, fmt, areas)
    return _parse_files(files, fmt, complete=any(_in_layout(f.name, fmt) for f in files))


def _parse_files(files: list[CatalogFile], fmt: str, *, complete: bool) -> Batch:
    layout = LAYOUTS[fmt]
    parsed: list[tuple[str, Batch]] = []
    for file in files:
        name = file.name.removeprefix(layout.prefix) if _in_layout(file.name, fmt) else file.name
        record = f"{fmt}:{name}"
        decoded = Issue(record, "(file)", file.problem) if file.problem else decode(file.data, record)
        if isinstance(decoded, str):
            parsed.append((name, parse_text(fmt, decoded, name)))
        else:  # the file is counted and named in the report, and the import goes on
            parsed.append((name, Batch(source=fmt, issues=[decoded], files=1)))
    if layout.link is not None:
        layout.link(parsed)
    batch = combine(fmt, [batch for _name, batch in parsed])
    batch.complete = complete
    return batch


def parse_text(fmt: str, text: str, name: str) -> Batch:
    """One file's records by the parser of ``fmt``, or none (and why) if it was written for another."""
    batch = LAYOUTS[fmt].parse(text, name)
    other = written_for(batch.fields, fmt)
    if other is None:
        return batch
    unknown = Counter(f for keys in batch.fields for f in sorted(keys - LAYOUTS[fmt].fields))
    telling = ", ".join(f for f, _count in unknown.most_common(3))
    reason = f"not a {fmt} file: it looks like {other} (its entries have {telling}); not read"
    return Batch(source=fmt, files=batch.files, issues=[Issue(f"{fmt}:{name}", "(file)", reason)])


def written_for(entries: Sequence[frozenset[str]], fmt: str) -> str | None:
    """The format a file's entries were written for, when that is clearly not ``fmt``.

    Clearly: on average each entry has a field ``fmt`` does not know, and another format
    knows at least twice as many of them (an upstream file fits its own format exactly).
    A file that fits no format better (a person's own fields) is read, and the gate warns
    about each unknown field.
    """
    misfits = {name: sum(len(keys - layout.fields) for keys in entries) for name, layout in LAYOUTS.items()}
    best = min(misfits, key=lambda name: misfits[name])
    if not entries or best == fmt or misfits[fmt] < len(entries) or misfits[best] * 2 > misfits[fmt]:
        return None
    return best


def catalog_files(
    path: Path, fmt: str, *, areas: Collection[str] | None = None
) -> tuple[list[CatalogFile], bool]:
    """Every catalog file of ``fmt`` at PATH (a YAML file, a folder or an archive), sorted, and
    whether PATH is a layout's root (a checkout, or an archive of one): the source's whole
    listing, so what it no longer lists may be withdrawn. A folder or file inside a checkout is
    named as the layout names it, but it is a part."""
    if not path.exists():
        raise NotFound(Message(N_("no such file or directory: {path}"), path=str(path)))
    if path.is_file():
        file = _read_file(path, _layout_name(_absolute(path).parts, fmt) or path.name)
        if file.problem or archive_kind(file.data) is None:
            return [file], False
        files = _archive_files(file.data, str(path), fmt, areas)
        return files, any(_in_layout(f.name, fmt) for f in files)
    found = _folder(path, fmt)
    names = _pick(list(found), fmt, areas)
    if not names:
        raise TrackerError(Message(N_("{path} holds no YAML files"), path=str(path)))
    # The root: a layout file's name is its path below PATH.
    whole = any(_in_layout(name, fmt) and (path / name).is_file() for name in names)
    return [found[name] for name in names], whole


def _archive_files(data: bytes, label: str, fmt: str, areas: Collection[str] | None) -> list[CatalogFile]:
    members = read_archive(data, _is_yaml, label)
    names = _pick(list(members), fmt, areas)
    if not names:
        raise TrackerError(Message(N_("{label} holds no YAML files"), label=label))
    return [CatalogFile(name, members[name].data, members[name].problem) for name in names]


def _is_yaml(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return name.endswith((".yml", ".yaml")) and parts[-1] not in IGNORED_NAMES and ".github" not in parts


def _pick(names: list[str], fmt: str, areas: Collection[str] | None = None) -> list[str]:
    """The layout's files when PATH holds that layout, else every YAML file; sorted like paths.

    ``areas`` keeps, of a layout's files, those in the named area folders
    (``conference/AI/x.yml`` is in area ``AI``).
    """
    in_layout = [n for n in names if _in_layout(n, fmt)]
    if in_layout and areas is not None:
        wanted = {a.upper() for a in areas}
        in_layout = [n for n in in_layout if len(n.split("/")) > 2 and n.split("/")[1].upper() in wanted]
        if not in_layout:
            raise TrackerError(
                Message(N_("no catalog files in the areas {areas}"), areas=", ".join(sorted(wanted)))
            )
    return sorted(in_layout or names, key=lambda n: n.split("/"))


def _layout_name(parts: Sequence[str], fmt: str) -> str | None:
    """The name a file at the path ``parts`` has in the upstream layout of ``fmt``, if it sits in
    one: ``/x/ccf-deadlines/conference/AI/aaai.yml`` is ``conference/AI/aaai.yml``."""
    for start in range(len(parts)):
        name = "/".join(parts[start:])
        if _in_layout(name, fmt):
            return name
    return None


def _absolute(path: Path) -> Path:
    # Not resolve(): a linked file is named by where it was found, not by its target.
    return Path(os.path.abspath(path))


def _in_layout(name: str, fmt: str) -> bool:
    """Whether ``name`` is where the upstream repository of ``fmt`` keeps its catalog files."""
    return any(name == p or (p.endswith("/") and name.startswith(p)) for p in LAYOUTS[fmt].places)


def _read_file(path: Path, name: str) -> CatalogFile:
    try:
        return CatalogFile(name, path.read_bytes())
    except OSError as exc:
        return CatalogFile(name, problem=f"cannot read: {exc}")


def _folder(root: Path, fmt: str) -> dict[str, CatalogFile]:
    found: dict[str, CatalogFile] = {}
    for path in root.rglob("*"):
        name = path.relative_to(root).as_posix()
        if _is_yaml(name) and path.is_file():
            label = _layout_name(_absolute(path).parts, fmt) or name
            found[label] = _read_file(path, label)
    return found


def combine(source: str, batches: Sequence[Batch]) -> Batch:
    """One batch from the files of one import; a series spread over files becomes one series.

    pwc names its series by title, so two files listing NeurIPS give one series with the
    editions of both, as one file would.
    """
    out = Batch(source=source)
    by_id: dict[tuple[str, str], SeriesRecord] = {}
    for batch in batches:
        out.files += batch.files
        out.issues += batch.issues
        out.rates += batch.rates
        for series in batch.series:
            seen = by_id.get((series.record_id, series.title))
            if seen is None:
                by_id[(series.record_id, series.title)] = series
                out.series.append(series)
                continue
            seen.full_name = seen.full_name or series.full_name
            seen.topic_codes += [c for c in series.topic_codes if c not in seen.topic_codes]
            seen.ranks.update(series.ranks)
            seen.editions += series.editions
    return out
