"""Pages to HTML: Jinja2 with autoescaping on for every template, and the helpers they use.

Every value from a source (titles, notes, venue texts, links) is unvetted: autoescaping
writes it as text, and a link is written only when it is http(s) (``markup.safe_link``).
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, partial
from pathlib import Path
from typing import Any

from tracker import i18n
from tracker.catalog.note_words import note_message
from tracker.i18n import N_
from tracker.markup import safe_link

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


@dataclass(frozen=True)
class Page:
    """A page before rendering: its template and what it shows."""

    template: str
    title: str
    context: dict[str, Any]
    status: int = 200


# The countdown's words, which countdown.js also writes (from the page's data-countdown).
COUNTDOWN_WORDS = {
    "days_hours": N_("{days}d {hours}h"),
    "days": N_("{days}d"),
    "hours": N_("{hours}h"),
    "under_an_hour": N_("<1h"),
    "passed": N_("passed"),
}


def countdown(seconds: int, estimated: bool = False, gettext: Callable[[str], str] = str) -> str:
    """Time left as people read it: "12d 03h", "5h", "<1h"; an estimate only to the day."""
    words = {name: gettext(text) for name, text in COUNTDOWN_WORDS.items()}
    if seconds < 0:
        return words["passed"]
    days, rest = divmod(seconds, 86_400)
    if estimated:
        return "≈" + words["days"].format(days=days)
    if days == 0:
        hours = rest // 3600
        return words["hours"].format(hours=hours) if hours else words["under_an_hour"]
    return words["days_hours"].format(days=days, hours=f"{rest // 3600:02d}")


def countdown_words(lang: str) -> str:
    """The countdown's words in ``lang`` as JSON, for countdown.js (the page's data-countdown)."""
    import json

    look_up = translations(lang).gettext
    return json.dumps({name: look_up(text) for name, text in COUNTDOWN_WORDS.items()}, ensure_ascii=False)


def utc_text(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def iso(at: datetime) -> str:
    """The instant for the page's script (``data-at``): ISO 8601 in UTC."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of tracker/i18n.py for ``lang`` (English, or a catalog not built: the texts as written)."""
    if lang == "en":
        return gettext.NullTranslations()
    try:
        return gettext.translation(i18n.DOMAIN, i18n.LOCALE_DIR, languages=[lang])
    except OSError:
        return gettext.NullTranslations()


def _deadline_label(label: str | None, kind: str, gettext: Any) -> str:
    from tracker.catalog.deadline_labels import shown_label

    return shown_label(label, kind, gettext)


def _plan_kind(kind: str, gettext: Any) -> str:
    from tracker.personal.plans import kind_word

    return kind_word(kind, gettext)


@cache
def environment(lang: str = "en") -> Any:
    """The templates in ``lang``: their ``_()`` and ``{% trans %}`` texts come from the CLI's catalog."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        extensions=["jinja2.ext.i18n"],
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,  # a misspelt name is an error in a test, not an empty cell
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # newstyle: ``_("… %(name)s", name=value)`` escapes the value, and a missing one is an error.
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    look_up = translations(lang).gettext
    env.filters.update(
        countdown=partial(countdown, gettext=look_up),
        utc=utc_text,
        iso=iso,
        safe_link=safe_link,
        # A domain's sentence (tracker.i18n.Message: recommend's reasons, notes, visa lines) in lang.
        translated=partial(i18n.translated, gettext=look_up),
        # A stored estimate note, read back into its sentence (then | translated).
        basis=note_message,
        # A deadline label (a source writes English): the common ones in lang.
        deadline_label=partial(_deadline_label, gettext=look_up),
        plan_kind=partial(_plan_kind, gettext=look_up),
        # An edition's stored title: its "(estimated)" mark in lang.
        shown_title=partial(i18n.shown_title, gettext=look_up),
    )
    env.globals["countdown_words"] = countdown_words(lang)
    return env


def render(page: Page, *, lang: str = "en", **common: Any) -> str:
    """The page's HTML in ``lang``; ``common``: what every page shows (links, now, the personal notice)."""
    # The title is translated here, to a plain string that autoescaping escapes: a conference's
    # title comes from a source, and the templates' _() marks what it returns as safe markup.
    template = environment(lang).get_template(page.template)
    title = translations(lang).gettext(page.title)
    return str(template.render(title=title, lang=lang, **common, **page.context))
