"""Reading a conference programme file (CSV, JSON, iCalendar or virtual-site JSON) into talk records.

Every format gives the same fields: edition, title, speakers, abstract, session, start,
end, timezone, url, topics. Local times are read in the row's zone (or the file's
default zone) and stored as UTC instants with that zone kept; a time with an explicit
offset or ``Z`` needs no zone. In a CSV or JSON file a bad row is reported by row number
and field, and the whole import is refused (one transaction: nothing half-written).
An iCalendar file is read by :mod:`tracker.learning.programme_ics`, the reader ``tracker
sync`` uses too: an event it cannot place is reported and skipped, the others are stored.
A virtual-site programme (NeurIPS, ICML, ICLR: ``{"results": [...]}``, told from the
JSON by its shape) is read by :mod:`tracker.learning.programme_virtual`, also shared with
``tracker sync``: it may be a partial stub, and says how much it holds.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from tracker.catalog.timezones import instant_from_text
from tracker.errors import Invalid, NotFound, TrackerError, os_reason
from tracker.i18n import N_, Message
from tracker.learning.talks import TalkRecord, upsert_talk

FORMATS = ("csv", "json", "ics", "virtual")
MAX_FIELD = 128 * 1024  # characters in one CSV field: a long abstract is a few thousand


@dataclass(frozen=True)
class ImportResult:
    path: str
    format: str
    created: int
    updated: int
    unchanged: int
    talk_ids: list[int]
    warnings: list[str]  # events of an iCalendar file that were skipped, and why


def detect_format(path: Path, explicit: str | None = None) -> str:
    if explicit:
        if explicit.lower() not in FORMATS:
            raise Invalid(
                Message(
                    N_("unknown format {format}: use one of {formats}"),
                    format=repr(explicit),
                    formats=", ".join(FORMATS),
                )
            )
        return explicit.lower()
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("ical", "ifb", "icalendar"):
        suffix = "ics"
    if suffix not in FORMATS:
        raise Invalid(
            Message(
                N_("cannot tell the format of {name}: give --format csv, json, ics or virtual"),
                name=path.name,
            )
        )
    return suffix


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).replace("|", ";").split(";") if part.strip()]


def _record(row: dict[str, Any], where: str, edition: str | None, zone: str | None) -> TalkRecord:
    title = str(row.get("title") or "").strip()
    if not title:
        raise Invalid(Message(N_("{where}: field 'title' is empty"), where=where))
    row_edition = str(row.get("edition") or "").strip() or edition
    if not row_edition:
        raise Invalid(Message(N_("{where}: field 'edition' is empty (or give --edition)"), where=where))
    row_zone = str(row.get("timezone") or "").strip() or zone
    return TalkRecord(
        edition=row_edition,
        title=title,
        speakers=_split(row.get("speakers")),
        abstract=str(row.get("abstract") or "").strip(),
        session=str(row.get("session") or "").strip() or None,
        starts_at=instant_from_text(row.get("start"), row_zone, f"{where}: field 'start'"),
        ends_at=instant_from_text(row.get("end"), row_zone, f"{where}: field 'end'"),
        timezone=row_zone,
        url=str(row.get("url") or "").strip() or None,
        topics=_split(row.get("topics")),
        source="import",
    )


def parse_csv(text: str, name: str, edition: str | None, zone: str | None) -> list[TalkRecord]:
    rows = _csv_rows(text, name)
    if not rows or "title" not in [f.strip().lower() for f in rows[0]]:
        raise Invalid(
            Message(N_("{name}: a CSV programme needs a header row with at least 'title'"), name=name)
        )
    header = [f.strip().lower() for f in rows[0]]
    out = []
    # Row 1 is the header; blank lines are skipped (and not counted), as csv.DictReader does.
    for number, cells in enumerate((cells for cells in rows[1:] if cells), start=2):
        for field, cell in zip(header, cells, strict=False):
            if len(cell) > MAX_FIELD:
                raise Invalid(
                    Message(
                        N_("{name} row {number}: field {field} is {length} characters long (at most {most})"),
                        name=name,
                        number=number,
                        field=repr(field),
                        length=format(len(cell), ","),
                        most=format(MAX_FIELD, ","),
                    )
                )
        clean = dict(zip(header, cells, strict=False))
        out.append(_record(clean, f"{name} row {number}", edition, zone))
    return out


def _csv_rows(text: str, name: str) -> list[list[str]]:
    """Every row of the CSV text; a field as long as the whole text is read, then judged by us.

    The csv module refuses a field over its process-wide limit (128 KiB) with an error
    that names neither the row nor the field; the text is already in memory, so the limit
    is lifted while it is read and :func:`parse_csv` says which field is too long.
    """
    previous = csv.field_size_limit()
    csv.field_size_limit(max(len(text), previous))
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise Invalid(Message(N_("{name}: not a CSV file ({exc})"), name=name, exc=exc)) from exc
    finally:
        csv.field_size_limit(previous)


def parse_json(text: str, name: str, edition: str | None, zone: str | None) -> list[TalkRecord]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Invalid(
            Message(
                N_("{name}: not JSON ({msg} at line {lineno})"), name=name, msg=exc.msg, lineno=exc.lineno
            )
        ) from exc
    if isinstance(data, dict):
        edition = str(data.get("edition") or "") or edition
        zone = str(data.get("timezone") or "") or zone
        data = data.get("talks")
    if not isinstance(data, list):
        raise Invalid(Message(N_("{name}: expected a list of talks (or {{'talks': [...]}})"), name=name))
    out = []
    for number, row in enumerate(data, start=1):
        if not isinstance(row, dict):
            raise Invalid(Message(N_("{name} talk {number}: expected an object"), name=name, number=number))
        out.append(
            _record({str(k).lower(): v for k, v in row.items()}, f"{name} talk {number}", edition, zone)
        )
    return out


def parse_ics(
    data: bytes, name: str, edition: str | None, zone: str | None
) -> tuple[list[TalkRecord], list[str]]:
    """The talks of an iCalendar programme, and a warning for each event that was skipped."""
    from tracker.learning.programme_ics import parse_programme

    if not edition:
        raise Invalid(
            Message(N_("{name}: an iCalendar programme names no edition: give --edition"), name=name)
        )
    try:
        programme = parse_programme(data, default_zone=zone)
    except Invalid as exc:
        raise Invalid(
            Message(N_("{name}: {message}"), name=name, message=exc.message), suggestions=exc.suggestions
        ) from exc
    records = [talk.record(edition, "import") for talk in programme.talks]
    return records, [f"{name}: {warning}" for warning in programme.warnings]


def parse_virtual_file(
    text: str,
    name: str,
    edition: str | None,
    zone: str | None,
    *,
    abstracts: bytes | None = None,
    base_url: str | None = None,
) -> tuple[list[TalkRecord], list[str]]:
    """The talks of a virtual-site programme (with its abstracts file's bytes, when given), and warnings."""
    from tracker.learning.programme_virtual import for_edition, parse_virtual

    if not edition:
        raise Invalid(
            Message(N_("{name}: a virtual-site programme names no edition: give --edition"), name=name)
        )
    try:
        programme = parse_virtual(text, abstracts=abstracts, default_zone=zone, base_url=base_url)
    except Invalid as exc:
        raise Invalid(
            Message(N_("{name}: {message}"), name=name, message=exc.message), suggestions=exc.suggestions
        ) from exc
    warnings = [f"{name}: {warning}" for warning in programme.warnings]
    return for_edition(programme.records, edition, "import"), warnings


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise NotFound(Message(N_("cannot read {path}: no such file"), path=path)) from exc
    except OSError as exc:
        raise TrackerError(
            Message(N_("cannot read {path}: {reason}"), path=str(path), reason=os_reason(exc))
        ) from exc


def read_programme(
    path: Path,
    *,
    edition: str | None = None,
    zone: str | None = None,
    fmt: str | None = None,
    abstracts: Path | None = None,
    base_url: str | None = None,
) -> tuple[list[TalkRecord], list[str]]:
    """The talk records of a programme file (validated; no database touched), and warnings."""
    kind = detect_format(path, fmt)
    extra = _read(abstracts) if abstracts is not None else None  # a wrong path is said first
    raw = _read(path)
    if kind == "ics":
        if extra is not None:
            raise Invalid(
                Message(N_("--abstracts applies to virtual-site programmes (orals-posters.json) only"))
            )
        return parse_ics(raw, path.name, edition, zone)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Invalid(Message(N_("{name}: not UTF-8 text"), name=path.name)) from exc
    if kind == "virtual" or (kind == "json" and _is_virtual(text)):
        return parse_virtual_file(text, path.name, edition, zone, abstracts=extra, base_url=base_url)
    if extra is not None:
        raise Invalid(Message(N_("--abstracts applies to virtual-site programmes (orals-posters.json) only")))
    if kind == "csv":
        return parse_csv(text, path.name, edition, zone), []
    return parse_json(text, path.name, edition, zone), []


def _is_virtual(text: str) -> bool:
    """A .json file shaped like a virtual-site programme; a broken one is parse_json's to report."""
    from tracker.learning.programme_virtual import looks_virtual

    try:
        return looks_virtual(json.loads(text))
    except json.JSONDecodeError:
        return False


def import_programme(
    session: Session,
    path: Path,
    *,
    edition: str | None = None,
    zone: str | None = None,
    fmt: str | None = None,
    abstracts: Path | None = None,
    base_url: str | None = None,
) -> ImportResult:
    """Add or update every talk of the file in ``session`` (the caller's one transaction)."""
    records, warnings = read_programme(
        path, edition=edition, zone=zone, fmt=fmt, abstracts=abstracts, base_url=base_url
    )
    outcomes = {"added": 0, "updated": 0, "unchanged": 0}
    ids: list[int] = []
    for number, record in enumerate(records, start=1):
        try:
            talk, outcome = upsert_talk(session, record)
        except TrackerError as exc:
            raise type(exc)(
                Message(
                    N_("{name} talk {number} ({title}): {message}"),
                    name=path.name,
                    number=number,
                    title=repr(record.title),
                    message=exc.message,
                ),
                suggestions=exc.suggestions,
            ) from exc
        outcomes[outcome] += 1
        ids.append(talk.id)
    kind = detect_format(path, fmt)
    if kind == "json" and records and records[0].external_id is not None:
        kind = "virtual"
    return ImportResult(
        str(path), kind, outcomes["added"], outcomes["updated"], outcomes["unchanged"], ids, warnings
    )
