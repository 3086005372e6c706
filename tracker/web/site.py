"""``tracker site build DIR``: the web pages as plain files with relative links, for any static host.

What a lab publishes: the Upcoming page, a page per conference it links to, one iCalendar
and one Atom feed per area x rank (like ccfddl's feed matrix: a calendar client that cannot
reach ``localhost`` subscribes to these), and ``catalog.json``. The person's own data
(statuses, plans, agenda, follow-ups, the profile's ranking) is left out unless asked
for, and then every page says so.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from tracker import i18n
from tracker.catalog import queries
from tracker.catalog.quality_store import quality_for_series
from tracker.catalog.topics import vocabulary
from tracker.errors import TrackerError
from tracker.files import write_file
from tracker.i18n import N_, Message
from tracker.web import render
from tracker.web.links import Links
from tracker.web.query import DeadlineQuery
from tracker.web.views import feeds
from tracker.web.views.conference import conference_page
from tracker.web.views.mine import mine_page
from tracker.web.views.recommend import recommend_page
from tracker.web.views.upcoming import upcoming_page

#: The site's Upcoming page looks a year ahead (a page with no server cannot be re-filtered).
SITE_WITHIN = "365d"
#: The feed matrix: rank filters ("" any), each "that rank or better".
RANKS = ("", "core:A*", "core:A", "core:B", "ccf:A", "ccf:B", "ccf:C")


@dataclass(frozen=True)
class SiteReport:
    folder: Path
    pages: int
    feeds: int
    personal: bool


@dataclass(frozen=True)
class FeedLink:
    area: str  # a root topic's key, or "all"
    rank: str
    name: str  # the files' stem: feeds/NAME.ics, feeds/NAME.atom
    deadlines: int


def _areas() -> list[tuple[str, str]]:
    """The root topics of the vocabulary (the areas of the matrix), with "all" first."""
    roots = [(key, topic.name) for key, topic in vocabulary().items() if not topic.parents]
    return [("all", "All areas"), *roots]


def _feed_name(area: str, rank: str) -> str:
    return f"{area}-{rank.replace(':', '-').replace('*', 'star') or 'any'}".lower()


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


class _Writer:
    def __init__(self, folder: Path, private: bool) -> None:
        self.folder, self.private, self.count = folder, private, 0

    def write(self, name: str, payload: str | bytes) -> None:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, payload, private=self.private, overwrite=True)
        self.count += 1


def build(session: Session, folder: Path, *, now: datetime, include_personal: bool = False) -> SiteReport:
    """Write the site into ``folder`` (made if missing, in a folder that exists; files of an
    earlier build replaced)."""
    if folder.exists() and not folder.is_dir():
        raise TrackerError(
            Message(N_("cannot build the site in {folder}: it is not a folder"), folder=str(folder))
        )
    if not folder.parent.is_dir():  # DIR is made, not the folders above it (a typo stays a typo)
        raise TrackerError(
            Message(
                N_("cannot build the site in {folder}: no such directory {parent}"),
                folder=str(folder),
                parent=str(folder.parent),
            )
        )
    folder.mkdir(exist_ok=True)
    out = _Writer(folder, private=include_personal)
    links = Links(root="", static_site=True)
    common = {"now": now, "personal_notice": include_personal, "static_site": True}

    def page(name: str, built: render.Page, at: Links) -> None:
        out.write(name, render.render(built, lang=i18n.language(), links=at, **common))

    matrix = _feed_matrix(session, out, links.at("../"), now=now)
    out.write("feeds/changes.atom", feeds.changes_atom(session, now=now, link=links.at("../").conference))
    if include_personal:
        out.write("feeds/mine.ics", feeds.mine_ics(session, now=now))
    listing = render.Page("feeds.html", i18n.N_("Feeds"), {"matrix": matrix, "personal": include_personal})
    page("feeds/index.html", listing, links.at("../"))
    page("index.html", upcoming_page(session, DeadlineQuery(within=SITE_WITHIN), now=now), links)
    if include_personal:
        page("recommend.html", _or_error(lambda: recommend_page(session, now=now)), links)
        page("mine.html", mine_page(session, now=now), links)
    out.write("catalog.json", _catalog_json(session, now))
    # Every conference page linked so far, and those they link to (workshops, parents).
    done: set[str] = set()
    quality = quality_for_series(session)
    while pending := sorted(links.conferences - done):
        for key in pending:
            done.add(key)
            page(f"conf/{key}.html", conference_page(session, key, now=now, quality=quality), links.at("../"))
    for name in ("style.css", "countdown.js"):
        out.write(f"static/{name}", (render.STATIC / name).read_bytes())
    pages = sum(1 for _ in folder.rglob("*.html"))
    return SiteReport(folder, pages=pages, feeds=len(matrix) * 2 + 1, personal=include_personal)


def _or_error(build_page: Any) -> render.Page:
    """The page, or the error page saying why it cannot be shown (a profile without a home)."""
    try:
        page: render.Page = build_page()
    except TrackerError as exc:
        return render.Page("error.html", i18n.N_("Cannot show this"), {"error": exc})
    return page


def _feed_matrix(session: Session, out: _Writer, links: Links, *, now: datetime) -> list[FeedLink]:
    """One .ics and one .atom per area x rank that has at least one deadline ahead."""
    made = []
    for area, _name in _areas():
        for rank in RANKS:
            query = DeadlineQuery(topic="" if area == "all" else area, rank=rank)
            events = feeds.deadline_events(session, query, now=now)
            if not events:
                continue
            name = _feed_name(area, rank)
            out.write(
                f"feeds/{name}.ics",
                feeds.calendar_bytes(events, f"tracker: {area} {rank or 'any rank'}", now),
            )
            where = query.parsed().where
            keys = {r.key for r in queries.list_editions(session, where, now=now)}
            out.write(
                f"feeds/{name}.atom",
                feeds.changes_atom(
                    session,
                    now=now,
                    link=links.conference,
                    keys=keys,
                    title=f"tracker: changes, {area} {rank or 'any rank'}",
                    feed_id=f"changes/{name}",
                ),
            )
            made.append(FeedLink(area, rank, name, len(events)))
    return made


def _catalog_json(session: Session, now: datetime) -> str:
    """Every edition as ``tracker conf list --json`` lists it."""
    rows = queries.list_editions(session, queries.ListFilters(), now=now)
    return json.dumps([asdict(r) for r in rows], default=_json_default, indent=1, ensure_ascii=False)
