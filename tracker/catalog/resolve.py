"""Finding the series or edition a person means: "NeurIPS 2026", "neurips26", "nips", "KDD".

A miss is a :class:`NotFound` carrying close matches, so that every command that
takes a KEY can say "did you mean ...?".
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from tracker import clock
from tracker.catalog.ended import has_not_ended
from tracker.errors import Invalid, NotFound
from tracker.i18n import _
from tracker.models import catalog_tables as tables
from tracker.text import fold

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from tracker.models.catalog import Edition, Series

# The tables' columns: a KEY is resolved by Core queries, so ``conf show`` configures no mapper.
E = tables.edition.c
S = tables.series.c

_YEAR_SUFFIX = re.compile(r"^(.*?)[\s'_-]*(\d{4}|\d{2})$")


def slug(text: str) -> str:
    """'ACM MM' -> 'acmmm'; the form used to compare names and build edition keys."""
    return re.sub(r"[^a-z0-9+]", "", fold(text))


def edition_key(acronym: str, year: int) -> str:
    return f"{slug(acronym)}{year}"


def split_year(text: str) -> tuple[str, int | None]:
    """'neurips26' -> ('neurips', 2026); 'NeurIPS 2026' -> ('NeurIPS', 2026)."""
    match = _YEAR_SUFFIX.match(text.strip())
    if not match or not match.group(1):
        return text.strip(), None
    name, digits = match.group(1), match.group(2)
    year = int(digits) if len(digits) == 4 else 2000 + int(digits)
    return name, year


def _series_names(session: Connection | Session) -> dict[str, int]:
    names: dict[str, int] = {}
    for sid, key, acronym in session.execute(select(S.id, S.key, S.acronym)):
        names.setdefault(slug(key), sid)
        names.setdefault(slug(acronym), sid)
    alias = tables.series_alias.c
    for name, sid in session.execute(select(alias.alias, alias.series_id)):
        names.setdefault(slug(name), sid)
    return names


def _acronym(session: Connection | Session, series_id: int) -> str:
    return str(session.execute(select(S.acronym).where(S.id == series_id)).scalar_one())


def resolve_series(session: Session, name: str) -> Series:
    """The series called ``name`` (key, acronym or alias), or NotFound with suggestions."""
    if not name.strip():
        raise Invalid(_("empty conference name"))
    names = _series_names(session)
    sid = names.get(slug(name))
    if sid is None:
        raise NotFound(
            _("unknown conference {name}").format(name=repr(name)), suggestions=_suggest(session, name, names)
        )
    from tracker.models.catalog import Series

    return session.get_one(Series, sid)


def resolve_edition(session: Session, key: str, *, today: date | None = None) -> Edition:
    """The edition meant by ``key`` (see :func:`resolve_edition_id`), as a mapped object."""
    from tracker.models.catalog import Edition

    return session.get_one(Edition, resolve_edition_id(session, key, today=today))


def resolve_edition_id(session: Connection | Session, key: str, *, today: date | None = None) -> int:
    """The id of the edition meant by ``key``.

    ``neurips2026``, ``NeurIPS 2026`` and ``neurips26`` name one year; a bare series name
    means its next edition (or, when none is ahead, its latest).
    """
    if not key.strip():
        raise Invalid(_("empty conference key"))
    exact = session.scalar(select(E.id).where(E.key == key.strip().lower()))
    if exact is not None:
        return int(exact)
    names = _series_names(session)
    base, year = split_year(key)
    sid = names.get(slug(base)) if year is not None else None
    if sid is None:
        sid, year = names.get(slug(key)), None
    if sid is None:
        raise NotFound(
            _("unknown conference {name}").format(name=repr(key)), suggestions=_suggest(session, key, names)
        )
    editions = session.execute(
        select(E.id, E.year, E.start_date, E.end_date).where(E.series_id == sid).order_by(E.year)
    ).all()
    if year is not None:
        for edition in editions:
            if edition.year == year:
                return int(edition.id)
        years = ", ".join(str(e.year) for e in editions) or "none"
        raise NotFound(
            _("{series} has no {year} edition in the catalog (years: {years})").format(
                series=_acronym(session, sid), year=year, years=years
            )
        )
    if not editions:
        raise NotFound(_("{series} has no editions in the catalog").format(series=_acronym(session, sid)))
    today = today or clock.today()
    ahead = [e for e in editions if has_not_ended(e, today)]
    return int(ahead[0].id if ahead else editions[-1].id)


def _suggest(session: Connection | Session, text: str, names: dict[str, int]) -> list[str]:
    """Close matches as a person types them next: the edition's key ("neurips2026") when the
    text named a year the series has, else the series' acronym when it is one word ("NeurIPS"),
    else its key. "NeurIPS 2026" would be two arguments on a command line."""
    base, year = split_year(text)
    wanted = slug(base if year else text)
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
    shown: list[str] = []
    for name in close:
        series_id = names[name]
        key = None
        if year is not None:
            key = session.scalar(select(E.key).where(E.series_id == series_id, E.year == year))
        if key is None:
            acronym, series_key = session.execute(select(S.acronym, S.key).where(S.id == series_id)).one()
            key = acronym if len(acronym.split()) == 1 else series_key
        if key not in shown:
            shown.append(str(key))
    return shown
