"""The sources ``tracker sync`` fetches: add, list, remove, and pick by name."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import clock
from tracker.errors import Invalid, NotFound, TrackerError
from tracker.ingest.urls import url_problem
from tracker.models.ingest import SOURCE_KINDS, Source

_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")

#: What each kind of source holds, for help texts and listings.
KIND_HELP = {
    "pwc": "paperswithcode ai-deadlines conferences.yml (catalog)",
    "hf": "huggingface ai-deadlines per-series YAML (catalog)",
    "ccf": "ccf-deadlines per-series YAML (catalog)",
    "wikicfp": "WikiCFP-style RSS of calls for papers",
    "arxiv": "arXiv API query (Atom): papers to the reading list",
    "ics": "iCalendar conference programme: talks of an edition",
    "virtual": "virtual-site orals-posters.json (NeurIPS, ICML, ICLR): talks and posters of an edition",
    "feed": "any RSS/Atom feed: talks (with --edition) or readings",
}


@dataclass(frozen=True)
class SourceView:
    name: str
    kind: str
    url: str
    edition: str | None
    last_fetched_at: datetime | None
    last_status: str | None
    last_error: str | None


def view(source: Source) -> SourceView:
    return SourceView(
        source.name,
        source.kind,
        source.url,
        source.edition_key,
        source.last_fetched_at,
        source.last_status,
        source.last_error,
    )


def add_source(session: Session, name: str, url: str, kind: str, *, edition: str | None = None) -> SourceView:
    """Register a source; Invalid for a bad name, URL or kind, TrackerError when the name is taken."""
    name = name.strip().lower()
    if not _NAME.fullmatch(name):
        raise Invalid(f"source name {name!r}: use 1-64 letters, digits, '.', '_' or '-'")
    if kind not in SOURCE_KINDS:
        close = difflib.get_close_matches(kind, SOURCE_KINDS, n=2)
        raise Invalid(f"unknown source kind {kind!r} (kinds: {', '.join(SOURCE_KINDS)})", suggestions=close)
    given = url.strip()  # a pasted line's own spaces and newline around it
    if not given:
        raise Invalid("the source URL is empty")
    if kind == "arxiv" and "://" not in given:
        # A bare query ("cat:cs.CL", "all:diffusion AND cat:cs.CV") means the arXiv API.
        from tracker.ingest.arxiv import query_url

        if not given.isprintable():
            raise Invalid(f"arXiv query {given!r}: line breaks and control characters cannot be searched")
        url = query_url(given)
    else:
        url = given
    problem = url_problem(url)
    if problem:
        raise Invalid(f"source URL {given!r}: {problem}")
    edition_key = None
    if edition:
        if kind not in ("ics", "virtual", "feed"):
            raise Invalid("--edition applies to programme sources (ics, virtual, feed) only")
        from tracker.catalog.resolve import resolve_edition

        edition_key = resolve_edition(session, edition).key
    elif kind in ("ics", "virtual"):
        raise Invalid(f"an {kind} programme needs --edition KEY (the conference its talks belong to)")
    if session.scalar(select(Source.id).where(Source.name == name)) is not None:
        raise TrackerError(f"a source named {name!r} exists; remove it first or choose another name")
    source = Source(name=name, url=url, kind=kind, edition_key=edition_key, added_at=clock.now())
    session.add(source)
    session.flush()
    return view(source)


def list_sources(session: Session) -> list[SourceView]:
    return [view(s) for s in session.scalars(select(Source).order_by(Source.name))]


def get_source(session: Session, name: str) -> Source:
    source = session.scalar(select(Source).where(Source.name == name.strip().lower()))
    if source is None:
        names = list(session.scalars(select(Source.name)))
        raise NotFound(f"no source named {name!r}", suggestions=difflib.get_close_matches(name, names, n=3))
    return source


def remove_source(session: Session, name: str) -> SourceView:
    """Remove a source and what it remembers (not what it stored: readings, talks and editions stay)."""
    source = get_source(session, name)
    gone = view(source)
    session.delete(source)
    session.flush()
    return gone


def pick(session: Session, names: list[str] | None) -> list[SourceView]:
    """The named sources (all when none are named), in name order; NotFound for an unknown name."""
    if not names:
        return list_sources(session)
    return [view(get_source(session, n)) for n in dict.fromkeys(names)]
