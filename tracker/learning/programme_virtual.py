"""The virtual-site JSON programme that NeurIPS, ICML, ICLR (and COLM, ICCV...) publish.

``https://{conf}.cc/static/virtual/data/{conf}-{year}-orals-posters.json`` is an object
whose ``results`` list holds one event per poster, oral, spotlight...: ``id``, ``name``,
``authors`` (``fullname``, ``institution``), ``eventtype``, ``session``, ``room_name``,
``poster_position`` ("#123"), ``starttime``/``endtime``, ``virtualsite_url`` (a path on
the conference's site), ``paper_url``. Abstracts come in ``{conf}-{year}-abstracts.json``,
an object from the event id (as text) to its abstract; an event may carry its own
``abstract`` too. Text may hold HTML entities, sometimes escaped twice.

Before a conference the file is often a partial stub: events without times or rooms, or
fewer results than its ``count`` says. Every event with an id and a name is kept; what is
missing is counted and said in one warning, never guessed. A time with an offset is exact;
a time without one is read in ``default_zone`` (``--tz``, or the venue's zone), and when
there is none the event is kept without its time and counted.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from tracker.errors import Invalid
from tracker.i18n import N_, Message
from tracker.learning.talks import Author, TalkRecord
from tracker.markup import plain_text, safe_link


@dataclass
class VirtualProgramme:
    """The events of one file as talk records without an edition (see :func:`for_edition`)."""

    records: list[TalkRecord]
    declared: int | None  # the file's own ``count``, when it gives one
    warnings: list[str] = field(default_factory=list)
    local_times: int = 0  # times without an offset that no zone could place


PROGRAMME_SUFFIX = "-orals-posters.json"
ABSTRACTS_SUFFIX = "-abstracts.json"


def abstracts_url(programme_url: str) -> str | None:
    """Where the site keeps the abstracts of the programme at ``programme_url``: beside it,
    ``{conf}-{year}-abstracts.json``; None for a URL not named the virtual sites' way."""
    parts = urlsplit(programme_url)
    if not parts.path.endswith(PROGRAMME_SUFFIX):
        return None
    return urlunsplit(parts._replace(path=parts.path.removesuffix(PROGRAMME_SUFFIX) + ABSTRACTS_SUFFIX))


def looks_virtual(data: object) -> bool:
    """A parsed JSON document shaped like a virtual-site programme (``{"results": [...]}``)."""
    return isinstance(data, dict) and isinstance(data.get("results"), list) and "talks" not in data


def parse_virtual(
    body: bytes | str,
    *,
    abstracts: bytes | str | Mapping[str, str] | None = None,
    default_zone: str | None = None,
    base_url: str | None = None,
) -> VirtualProgramme:
    """The events of an ``orals-posters.json`` body; Invalid when it is not one.

    ``base_url`` ("https://neurips.cc") makes ``virtualsite_url`` paths whole links.
    """
    data = _json(body, "programme")
    if not looks_virtual(data):
        raise Invalid(Message(N_("not a virtual-site programme: expected an object with a 'results' list")))
    texts = read_abstracts(abstracts)
    zone = _zone(default_zone)
    declared = data.get("count") if isinstance(data.get("count"), int) else None
    programme = VirtualProgramme(records=[], declared=declared)
    seen: set[str] = set()
    missing = {"time": 0, "room": 0, "abstract": 0}
    for position, event in enumerate(data["results"], start=1):
        where = f"event {position}"
        if not isinstance(event, dict):
            programme.warnings.append(f"{where}: not an object; skipped")
            continue
        external = str(event.get("id") or "").strip()
        title = plain_text(plain_text(event.get("name")))  # some names are escaped twice
        if external:
            where = f"event {external}" + (f" ({title[:60]})" if title else "")
        if not external or not title:
            programme.warnings.append(f"{where}: {'id' if not external else 'name'} missing; skipped")
            continue
        if external in seen:
            programme.warnings.append(f"{where}: id appears twice; kept the first")
            continue
        seen.add(external)
        record = _record(event, external, title, texts, zone, default_zone, base_url, where, programme)
        missing["time"] += record.starts_at is None
        missing["room"] += not record.room
        missing["abstract"] += not record.abstract
        programme.records.append(record)
    _say_how_much(programme, missing)
    return programme


def for_edition(records: list[TalkRecord], edition: str, source: str) -> list[TalkRecord]:
    """The records given their edition and source, ready for ``upsert_talk``."""
    return [replace(r, edition=edition, source=source) for r in records]


def _record(
    event: dict[str, Any],
    external: str,
    title: str,
    texts: Mapping[str, str],
    zone: str | None,
    zone_name: str | None,
    base_url: str | None,
    where: str,
    programme: VirtualProgramme,
) -> TalkRecord:
    authors = [_author(a) for a in event.get("authors") or [] if isinstance(a, dict)]
    authors = [a for a in authors if a.name]
    starts_at = _instant(event.get("starttime"), zone, f"{where}: starttime", programme)
    ends_at = _instant(event.get("endtime"), zone, f"{where}: endtime", programme)
    if starts_at and ends_at and ends_at < starts_at:
        programme.warnings.append(f"{where}: endtime before starttime; end left out")
        ends_at = None
    if starts_at is None:
        ends_at = None
    # The sites escape the markup of abstracts once more than the text around it.
    abstract = plain_text(plain_text(event.get("abstract") or texts.get(external)))
    return TalkRecord(
        edition="",
        title=title,
        speakers=[a.name for a in authors],
        abstract=abstract,
        session=_text(event.get("session")),
        starts_at=starts_at,
        ends_at=ends_at,
        timezone=_zone_label(event.get("starttime"), zone_name) if starts_at else None,
        url=_link(event.get("virtualsite_url"), base_url) or safe_link(event.get("paper_url")),
        kind=_text(event.get("eventtype")),
        room=_text(event.get("room_name")),
        poster_position=_text(event.get("poster_position")),
        authors=authors,
        external_id=external[:64],
    )


def _author(value: dict[str, Any]) -> Author:
    name = plain_text(plain_text(value.get("fullname")))
    institution = plain_text(plain_text(value.get("institution"))) or None
    return Author(name, institution)


def _instant(value: Any, zone: str | None, where: str, programme: VirtualProgramme) -> datetime | None:
    from tracker.catalog.timezones import instant_from_text

    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        return instant_from_text(text, zone, where)
    except Invalid as exc:
        if "needs a timezone" in exc.message:
            programme.local_times += 1
            return None  # counted as "without a time" and said once, with the cure
        programme.warnings.append(f"{exc.message}; time left out")
        return None


def _zone(name: str | None) -> str | None:
    """The zone for times without an offset, checked now so a typo is one error, not N warnings."""
    if not name:
        return None
    from tracker.catalog.timezones import parse_zone

    parse_zone(name)
    return name


def _zone_label(value: Any, zone_name: str | None) -> str | None:
    text = str(value).strip()
    try:
        parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        return zone_name
    if parsed.tzinfo is None:
        return zone_name
    return zone_name or ("UTC" if not parsed.utcoffset() else parsed.strftime("UTC%z"))


def _link(path: Any, base_url: str | None) -> str | None:
    if not path:
        return None
    link = safe_link(path)
    if link or not base_url:
        return link
    return safe_link(urljoin(base_url, str(path)))


def _text(value: Any) -> str | None:
    text = plain_text(value) if value is not None else ""
    return text or None


def _json(body: bytes | str, what: str) -> Any:
    try:
        text = body.decode("utf-8-sig") if isinstance(body, bytes) else body
        return json.loads(text)
    except UnicodeDecodeError as exc:
        raise Invalid(Message(N_("{what}: not UTF-8 text"), what=what)) from exc
    except json.JSONDecodeError as exc:
        raise Invalid(
            Message(
                N_("{what}: not JSON ({msg} at line {lineno})"), what=what, msg=exc.msg, lineno=exc.lineno
            )
        ) from exc


def read_abstracts(body: bytes | str | Mapping[str, str] | None) -> Mapping[str, str]:
    """An abstracts file (event id as text -> abstract); Invalid when it is not one."""
    if body is None:
        return {}
    if isinstance(body, Mapping):
        return body
    data = _json(body, "abstracts")
    if not isinstance(data, dict):
        raise Invalid(Message(N_("abstracts: expected an object from event id to abstract")))
    return {str(k): str(v) for k, v in data.items() if v}


def _say_how_much(programme: VirtualProgramme, missing: dict[str, int]) -> None:
    """One line that says how complete the file is, when it is not."""
    kept = len(programme.records)
    gaps = []
    if programme.declared is not None and programme.declared > kept:
        gaps.append(f"the file announces {programme.declared:,} events")
    if missing["time"]:
        cure = " (times without an offset need --tz)" if programme.local_times else ""
        gaps.append(f"{missing['time']:,} without a time{cure}")
    if missing["room"]:
        gaps.append(f"{missing['room']:,} without a room")
    if missing["abstract"]:
        gaps.append(f"{missing['abstract']:,} without an abstract")
    if kept == 0:
        programme.warnings.append("the programme holds no events yet")
    elif gaps and (missing["time"] or (programme.declared or 0) > kept):
        programme.warnings.append(f"partial programme: {kept:,} events read; " + ", ".join(gaps))
