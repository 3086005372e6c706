"""Pages to HTML: Jinja2 with autoescaping on for every template, and the helpers they use.

Every value from a source (titles, notes, venue texts, links) is unvetted: autoescaping
writes it as text, and a link is written only when it is http(s) (``markup.safe_link``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

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


def countdown(seconds: int, estimated: bool = False) -> str:
    """Time left as people read it: "12d 03h", "5h", "<1h"; an estimate only to the day."""
    if seconds < 0:
        return "passed"
    days, rest = divmod(seconds, 86_400)
    if estimated:
        return f"≈{days}d"
    if days == 0:
        hours = rest // 3600
        return f"{hours}h" if hours else "<1h"
    return f"{days}d {rest // 3600:02d}h"


def utc_text(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def iso(at: datetime) -> str:
    """The instant for the page's script (``data-at``): ISO 8601 in UTC."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@cache
def environment() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,  # a misspelt name is an error in a test, not an empty cell
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(countdown=countdown, utc=utc_text, iso=iso, safe_link=safe_link)
    return env


def render(page: Page, **common: Any) -> str:
    """The page's HTML; ``common`` holds what every page shows (links, now, the personal notice)."""
    return str(environment().get_template(page.template).render(title=page.title, **common, **page.context))
