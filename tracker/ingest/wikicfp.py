"""WikiCFP-style RSS calls for papers to plain records, and finding the conference they belong to.

A WikiCFP item looks like (the only real sample found is quoted in the anchors' SOURCES.md)::

    <title>EDTECH 2023 : 4th International Conference on ...</title>
    <description>4th International Conference on ... [Vienna, Austria]
        [Oct 28, 2023 - Oct 29, 2023]</description>
    <guid isPermaLink="false">cfp-976460-S@wikicfp.com</guid>

i.e. "ACRONYM YEAR : Full name", then "Full name [Place] [Start - End]". The RSS carries no
deadline (that lives on the HTML page). Workshops name their host: "LoResMT@ACL 2026",
"... co-located with ACL 2026", "... in conjunction with NeurIPS 2026".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from tracker.errors import TrackerError
from tracker.ingest.feeds import FeedEntry, ParsedFeed

_TITLE = re.compile(r"^\s*(?P<acronym>.+?)\s+(?P<year>(?:19|20)\d{2})\s*:\s*(?P<name>.+?)\s*$")
_BRACKETS = re.compile(r"\[([^\]]*)\]")
_HOST_AT = re.compile(r"@\s*(?P<host>[A-Za-z][\w+-]*)")
_HOST_PHRASE = re.compile(
    r"(?:co-?located with|in conjunction with|held with|satellite (?:event|workshop) of|at)\s+"
    r"(?:the\s+)?(?P<host>[A-Z][\w+-]*(?:\s+(?:19|20)\d{2})?)",
)
_WORKSHOP = re.compile(r"\bworkshops?\b", re.IGNORECASE)


@dataclass
class CallForPapers:
    """One call for papers as the feed describes it (no deadline: the RSS has none)."""

    external_id: str
    acronym: str
    year: int
    name: str
    kind: str  # "conference" or "workshop"
    place: str | None
    start: date | None
    end: date | None
    link: str | None
    host: str | None  # the parent conference's name as written ("ACL"), for workshops


def calls(feed: ParsedFeed) -> tuple[list[CallForPapers], list[str]]:
    """The calls for papers of a feed, plus a warning for each item that could not be read."""
    found: list[CallForPapers] = []
    warnings: list[str] = []
    for entry in feed.entries:
        try:
            found.append(_call(entry))
        except TrackerError as exc:
            warnings.append(str(exc))
    return found, warnings


def _call(entry: FeedEntry) -> CallForPapers:
    match = _TITLE.match(entry.title)
    if not match:
        raise TrackerError(f"item {entry.id}: title {entry.title!r} is not 'ACRONYM YEAR : Name'; skipped")
    acronym, year, name = match.group("acronym").strip(), int(match.group("year")), match.group("name")
    brackets = _BRACKETS.findall(entry.summary)
    place = brackets[0].strip() if brackets else None
    if place in ("", "N/A", "Online"):
        place = place or None
    start = end = None
    if len(brackets) >= 2:
        start, end = _date_range(brackets[1], entry.id)
    host = _host(acronym, name)
    kind = "workshop" if host or _WORKSHOP.search(name) or _WORKSHOP.search(acronym) else "conference"
    return CallForPapers(
        external_id=entry.id,
        acronym=acronym,
        year=year,
        name=name,
        kind=kind,
        place=place,
        start=start,
        end=end,
        link=entry.link,
        host=host,
    )


def _date_range(text: str, entry_id: str) -> tuple[date | None, date | None]:
    parts = [p.strip() for p in text.split(" - ")]
    if not parts or parts[0] in ("", "N/A"):
        return None, None
    try:
        start = datetime.strptime(parts[0], "%b %d, %Y").date()
        end = datetime.strptime(parts[1], "%b %d, %Y").date() if len(parts) > 1 else start
    except ValueError as exc:
        raise TrackerError(f"item {entry_id}: dates {text!r} are not real dates ({exc}); skipped") from exc
    if end < start:
        raise TrackerError(f"item {entry_id}: ends ({end}) before it starts ({start}); skipped")
    return start, end


def _host(acronym: str, name: str) -> str | None:
    at = _HOST_AT.search(acronym)
    if at:
        return at.group("host")
    phrase = _HOST_PHRASE.search(name)
    if phrase and _WORKSHOP.search(name):
        return phrase.group("host").split()[0]
    return None


def parent_key(session: Session, call: CallForPapers) -> str | None:
    """The edition key of the host conference of a workshop call, when the catalog has it."""
    if not call.host:
        return None
    from tracker.catalog.resolve import resolve_edition
    from tracker.errors import NotFound

    try:
        return resolve_edition(session, f"{call.host} {call.year}").key
    except (NotFound, TrackerError):
        return None


def own_key(session: Session, call: CallForPapers) -> str | None:
    """The edition key of the call itself when the catalog already knows it."""
    from tracker.catalog.resolve import resolve_edition
    from tracker.errors import NotFound

    bare = call.acronym.split("@")[0].strip()
    try:
        edition = resolve_edition(session, f"{bare} {call.year}")
    except (NotFound, TrackerError):
        return None
    return edition.key if edition.year == call.year else None
