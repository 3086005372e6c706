"""WikiCFP-style RSS calls for papers to plain records, and finding the conference they belong to.

A WikiCFP item looks like (the only real sample found is quoted in the anchors' SOURCES.md)::

    <title>EDTECH 2023 : 4th International Conference on ...</title>
    <description>4th International Conference on ... [Vienna, Austria]
        [Oct 28, 2023 - Oct 29, 2023]</description>
    <guid isPermaLink="false">cfp-976460-S@wikicfp.com</guid>

i.e. "ACRONYM YEAR : Full name", then "Full name [Place] [Start - End]". The RSS carries no
deadline (that lives on the HTML page). Workshops name their host: "LoResMT@ACL 2026",
"... @ NeurIPS 2026", "... co-located with ACL 2026", "... in conjunction with NeurIPS 2026",
"ACL 2027 Workshop on ...", in the title or the description; a year written with the host
is the host's year.

WikiCFP is unvetted. :func:`predatory_pattern` names what in a call is typical of predatory
venues (a publisher known for them, "indexed in Scopus" promised in a call, a scope that spans
unrelated fields); the store flags such a call's series when it also has no known parent and
no ranking (``Series.caution``), and recommend never ranks it above a vetted edition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from tracker.errors import TrackerError
from tracker.i18n import N_, Message
from tracker.ingest.feeds import FeedEntry, ParsedFeed

_TITLE = re.compile(r"^\s*(?P<acronym>.+?)\s+(?P<year>(?:19|20)\d{2})\s*:\s*(?P<name>.+?)\s*$")
_BRACKETS = re.compile(r"\[([^\]]*)\]")
_HOST_AT = re.compile(r"@\s*(?P<host>[A-Za-z][\w+-]*)(?:\s*'?(?P<year>(?:19|20)\d{2}))?")
_HOST_LEADS = re.compile(r"^\s*(?P<host>[A-Z][\w+-]*)\s+(?P<year>(?:19|20)\d{2})\s+Workshops?\b")
_HOST_PHRASE = re.compile(
    r"(?:co-?located with|in conjunction with|held with|satellite (?:event|workshop) of|at)\s+"
    r"(?:the\s+)?(?P<host>[A-Z][\w+-]*(?:\s+(?:19|20)\d{2})?)",
)
_COLOCATED = re.compile(
    r"(?:co-?located with|in conjunction with|held with|satellite (?:event|workshop) of)\s+"
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
    host_year: int | None = None  # the year written with the host, when one is
    caution: str | None = None  # what is typical of predatory venues in the call (predatory_pattern)


def calls(feed: ParsedFeed) -> tuple[list[CallForPapers], list[str]]:
    """The calls for papers of a feed, plus a warning for each item that could not be read."""
    found: list[CallForPapers] = []
    warnings: list[str] = []
    for entry in feed.entries:
        try:
            found.append(_call(entry))
        except TrackerError as exc:
            warnings.append(exc.message)
    return found, warnings


def _call(entry: FeedEntry) -> CallForPapers:
    match = _TITLE.match(entry.title)
    if not match:
        raise TrackerError(
            Message(
                N_("item {id}: title {title} is not 'ACRONYM YEAR : Name'; skipped"),
                id=entry.id,
                title=repr(entry.title),
            )
        )
    acronym, year, name = match.group("acronym").strip(), int(match.group("year")), match.group("name")
    brackets = _BRACKETS.findall(entry.summary)
    place = brackets[0].strip() if brackets else None
    if place in ("", "N/A", "Online"):
        place = place or None
    start = end = None
    if len(brackets) >= 2:
        start, end = _date_range(brackets[1], entry.id)
    host, host_year = _host(acronym, name, entry.summary)
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
        host_year=host_year,
        caution=predatory_pattern(f"{acronym} {name} {entry.summary} {entry.link or ''}"),
    )


def _date_range(text: str, entry_id: str) -> tuple[date | None, date | None]:
    parts = [p.strip() for p in text.split(" - ")]
    if not parts or parts[0] in ("", "N/A"):
        return None, None
    try:
        start = datetime.strptime(parts[0], "%b %d, %Y").date()
        end = datetime.strptime(parts[1], "%b %d, %Y").date() if len(parts) > 1 else start
    except ValueError as exc:
        raise TrackerError(
            Message(
                N_("item {entry_id}: dates {text} are not real dates ({problem}); skipped"),
                entry_id=entry_id,
                text=repr(text),
                problem=str(exc),
            )
        ) from exc
    if end < start:
        raise TrackerError(
            Message(
                N_("item {entry_id}: ends ({end}) before it starts ({start}); skipped"),
                entry_id=entry_id,
                end=str(end),
                start=str(start),
            )
        )
    return start, end


def _host(acronym: str, name: str, description: str = "") -> tuple[str | None, int | None]:
    """The host conference a workshop call names (and the year written with it), else None."""
    for text in (acronym, name, description):
        at = _HOST_AT.search(text)
        if at:
            return at.group("host"), int(at.group("year")) if at.group("year") else None
    leads = _HOST_LEADS.match(name)
    if leads:
        return leads.group("host"), int(leads.group("year"))
    # "at X" names a host only in a workshop's name; the description's "at" is often a hotel.
    phrase = _HOST_PHRASE.search(name) if _WORKSHOP.search(name) or _WORKSHOP.search(acronym) else None
    phrase = phrase or _COLOCATED.search(description)
    if phrase:
        host, _, year = phrase.group("host").partition(" ")
        return host, int(year) if year else None
    return None, None


#: What is typical of predatory venues on WikiCFP: publishers known for them (Beall's list and
#: later reviews name WASET, AIRCC, IASTEM, IRAJ, ISER, SCIRP, IAEME, Science Publishing Group),
#: indexing promised in a call, and a scope of unrelated fields joined in one name.
PREDATORY_PUBLISHERS = re.compile(
    r"\b(WASET|World Academy of Science|AIRCC|airccse|CS\s*&\s*IT|IASTEM|IRAJ|ISER|SCIRP|IAEME|"
    r"Science Publishing Group|researchfora|conferenceindex)\b",
    re.IGNORECASE,
)
_INDEXING_PROMISE = re.compile(
    r"\b(?:indexed in scopus|scopus[- ]indexed|scopus indexing|web of science indexed)\b", re.I
)
_FIELDS = re.compile(
    r"\b(engineering|medicine|management|education|economics|business|social sciences?|humanities|"
    r"agriculture|architecture|law|tourism)\b",
    re.IGNORECASE,
)


def predatory_pattern(text: str) -> str | None:
    """What in a call's text is typical of predatory venues, or None."""
    publisher = PREDATORY_PUBLISHERS.search(text)
    if publisher:
        return f"names {publisher.group(1)}, a publisher known for predatory venues"
    if _INDEXING_PROMISE.search(text):
        return "promises indexing in its call, a pattern of predatory venues"
    fields = {m.group(1).lower() for m in _FIELDS.finditer(text)}
    if len(fields) >= 3:
        joined = ", ".join(sorted(fields))
        return f"joins unrelated fields in one venue ({joined}), a pattern of predatory venues"
    return None


def parent_key(session: Session, call: CallForPapers) -> str | None:
    """The edition key of the host conference of a workshop call, when the catalog has it."""
    if not call.host:
        return None
    from tracker.catalog.resolve import resolve_edition
    from tracker.errors import NotFound

    try:
        return resolve_edition(session, f"{call.host} {call.host_year or call.year}").key
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
