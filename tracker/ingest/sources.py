"""The sources ``tracker sync`` fetches: add, list, edit, enable or disable, remove, and pick by name.

The built-in sources (:mod:`tracker.ingest.builtin`) are listed with the person's own; every
command that writes sources first brings the built-ins' rows in line with the shipped file.
"""

from __future__ import annotations

import difflib
import re
import shlex
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import clock
from tracker.errors import Invalid, NotFound, TrackerError
from tracker.i18n import N_, Message
from tracker.ingest import builtin
from tracker.ingest.urls import url_problem
from tracker.models.ingest import Source
from tracker.models.ingest_tables import SOURCE_KINDS

_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


@dataclass(frozen=True)
class SourceView:
    name: str
    kind: str
    url: str
    edition: str | None
    last_fetched_at: datetime | None
    last_status: str | None
    last_error: str | None
    builtin: bool = False
    enabled: bool = True
    custom_url: bool = False
    # ccf: the areas read (None: all of them).
    areas: tuple[str, ...] | None = None
    last_ok_at: datetime | None = None


def view(source: Source) -> SourceView:
    from tracker.ingest.builtin import effective_areas

    return SourceView(
        source.name,
        source.kind,
        source.url,
        source.edition_key,
        source.last_fetched_at,
        source.last_status,
        source.last_error,
        builtin=source.builtin,
        enabled=source.enabled,
        custom_url=source.custom_url,
        areas=effective_areas(source) if source.kind == "ccf" else None,
        last_ok_at=source.last_ok_at,
    )


def add_source(session: Session, name: str, url: str, kind: str, *, edition: str | None = None) -> SourceView:
    """Register a source; Invalid for a bad name, URL or kind, TrackerError when the name is taken."""
    name = name.strip().lower()
    if not _NAME.fullmatch(name):
        raise Invalid(
            Message(N_("source name {name}: use 1-64 letters, digits, '.', '_' or '-'"), name=repr(name))
        )
    if kind not in SOURCE_KINDS:
        close = difflib.get_close_matches(kind, SOURCE_KINDS, n=2)
        raise Invalid(
            Message(
                N_("unknown source kind {kind} (kinds: {value})"),
                kind=repr(kind),
                value=", ".join(SOURCE_KINDS),
            ),
            suggestions=close,
        )
    given = url.strip()  # a pasted line's own spaces and newline around it
    if not given:
        raise Invalid(Message(N_("the source URL is empty")))
    if kind == "arxiv" and "://" not in given:
        # A bare query ("cat:cs.CL", "all:diffusion AND cat:cs.CV") means the arXiv API.
        from tracker.ingest.arxiv import query_url

        if not given.isprintable():
            raise Invalid(
                Message(
                    N_("arXiv query {given}: line breaks and control characters cannot be searched"),
                    given=repr(given),
                )
            )
        url = query_url(given)
    else:
        url = given
    problem = url_problem(url)
    if problem:
        raise Invalid(Message(N_("source URL {given}: {problem}"), given=repr(given), problem=problem))
    edition_key = None
    if edition:
        if kind not in ("ics", "virtual", "feed"):
            raise Invalid(Message(N_("--edition applies to programme sources (ics, virtual, feed) only")))
        from tracker.catalog.resolve import resolve_edition

        edition_key = resolve_edition(session, edition).key
    elif kind in ("ics", "virtual"):
        raise Invalid(
            Message(
                N_("an {kind} programme needs --edition KEY (the conference its talks belong to)"), kind=kind
            )
        )
    builtin.reconcile(session)
    if builtin.builtins().get(name) is not None:
        command = f"tracker sources edit {name} --url {shlex.quote(given)}"
        raise TrackerError(
            Message(
                N_("{name} is a built-in source; change its URL with: {command}"), name=name, command=command
            )
        )
    if session.scalar(select(Source.id).where(Source.name == name)) is not None:
        raise TrackerError(
            Message(
                N_("a source named {name} exists; remove it first or choose another name"), name=repr(name)
            )
        )
    source = Source(name=name, url=url, kind=kind, edition_key=edition_key, added_at=clock.now())
    session.add(source)
    session.flush()
    return view(source)


def list_sources(session: Session) -> list[SourceView]:
    """Every source, the built-in ones included, as the next sync will see them (no writes)."""
    shipped = builtin.builtins()
    rows = {s.name: s for s in session.scalars(select(Source))}
    found: list[SourceView] = []
    for name, row in rows.items():
        definition = shipped.get(name) if row.builtin else None
        if row.builtin and definition is None and not row.custom_url:
            continue  # no longer shipped: the next write drops it
        shown = view(row)
        if definition is not None and not row.custom_url:
            shown = replace(shown, url=definition.url, kind=definition.kind)
        found.append(shown)
    for definition in shipped.sources:
        if definition.name not in rows:  # shipped, never synced yet
            found.append(
                SourceView(
                    definition.name,
                    definition.kind,
                    definition.url,
                    None,
                    None,
                    None,
                    None,
                    builtin=True,
                    areas=definition.areas,
                )
            )
    return sorted(found, key=lambda v: v.name)


def get_source(session: Session, name: str) -> Source:
    source = session.scalar(select(Source).where(Source.name == name.strip().lower()))
    if source is None:
        names = list(session.scalars(select(Source.name)))
        raise NotFound(
            Message(N_("no source named {name}"), name=repr(name)),
            suggestions=difflib.get_close_matches(name, names, n=3),
        )
    return source


def remove_source(session: Session, name: str) -> SourceView:
    """Remove a source and what it remembers (not what it stored: readings, talks and editions stay)."""
    builtin.reconcile(session)
    source = get_source(session, name)
    if source.builtin:
        raise TrackerError(
            Message(
                N_(
                    "{name} is a built-in source and cannot be removed; "
                    "turn it off with: tracker sources disable {name}"
                ),
                name=source.name,
            )
        )
    gone = view(source)
    session.delete(source)
    session.flush()
    return gone


def edit_source(
    session: Session,
    name: str,
    *,
    url: str | None = None,
    areas: str | None = None,
    reset: bool = False,
) -> SourceView:
    """Change a source's URL or (ccf) areas; ``reset`` gives a built-in its shipped URL and areas back.

    ``areas`` is a comma-separated list of area codes (``AI,DB,CG``) or ``all``.
    """
    builtin.reconcile(session)
    source = get_source(session, name)
    if reset:
        definition = builtin.builtins().get(source.name) if source.builtin else None
        if definition is None:
            raise TrackerError(
                Message(
                    N_("{name} is not a built-in source: it has no shipped URL to go back to"),
                    name=source.name,
                )
            )
        _set_url(source, definition.url)
        if source.areas is not None:
            source.etag = source.last_modified = None
        source.custom_url = False
        source.areas = None
    if url is not None:
        given = url.strip()
        problem = url_problem(given) if given else "the URL is empty"
        if problem:
            raise Invalid(Message(N_("source URL {given}: {problem}"), given=repr(given), problem=problem))
        _set_url(source, given)
        source.custom_url = True
    if areas is not None:
        if source.kind != "ccf":
            raise Invalid(
                Message(
                    N_("--areas applies to ccf sources only ({name} is {kind})"),
                    name=source.name,
                    kind=source.kind,
                )
            )
        chosen = parse_areas(areas)
        if chosen != source.areas:
            source.areas = chosen
            # The same archive must be read again for the other areas: no 304 next time.
            source.etag = source.last_modified = None
    session.flush()
    return view(source)


def set_enabled(session: Session, name: str, enabled: bool) -> SourceView:
    """Turn a source on or off: a sync of all sources skips the ones that are off."""
    builtin.reconcile(session)
    source = get_source(session, name)
    source.enabled = enabled
    session.flush()
    return view(source)


#: The area codes of ccf-deadlines (its conference/types.yml).
CCF_AREAS = ("AI", "CG", "CT", "DB", "DS", "HI", "MX", "NW", "SC", "SE")


def parse_areas(text: str) -> str:
    """``AI,db, CG`` -> ``"AI,CG,DB"``; ``all`` -> ``"*"``; Invalid naming an unknown code."""
    codes = [part.strip().upper() for part in text.split(",") if part.strip()]
    if codes == ["ALL"]:
        return "*"
    if not codes:
        raise Invalid(Message(N_("--areas: give area codes ({value}) or all"), value=", ".join(CCF_AREAS)))
    unknown = [c for c in codes if c not in CCF_AREAS]
    if unknown:
        close = difflib.get_close_matches(unknown[0], CCF_AREAS, n=2)
        raise Invalid(
            Message(
                N_("--areas: unknown ccf area {value} (areas: {value2})"),
                value=repr(unknown[0]),
                value2=", ".join(CCF_AREAS),
            ),
            suggestions=close,
        )
    return ",".join(sorted(set(codes)))


def pick(session: Session, names: list[str] | None) -> list[SourceView]:
    """The named sources (all enabled ones when none are named), in name order; NotFound for an
    unknown name. A source named explicitly is synced even when it is off."""
    builtin.reconcile(session)
    if not names:
        return [view(s) for s in session.scalars(select(Source).order_by(Source.name)) if s.enabled]
    return [view(get_source(session, n)) for n in dict.fromkeys(names)]


def _set_url(source: Source, url: str) -> None:
    if source.url != url:
        source.url = url
        # The validators belong to the old URL's answers.
        source.etag = source.last_modified = None
