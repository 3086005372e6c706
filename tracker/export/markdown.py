"""Readings as Markdown: a checklist grouped by topic, each paper linked."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tracker.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from tracker.learning.reading_list import ReadingView

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")
PRIORITY_NAMES = {1: N_("high"), 2: N_("normal"), 3: N_("low")}


def escape(text: str) -> str:
    """Backslash-escape the characters Markdown would read as markup."""
    return _SPECIAL.sub(r"\\\1", text)


def _line(reading: ReadingView) -> str:
    box = "x" if reading.status == "done" else " "
    title = escape(reading.title)
    title = f"[{title}]({reading.link})" if reading.link else title
    authors = ", ".join(a for a in reading.authors[:3] if a.lower() != "others")
    if len(reading.authors) > 3 or any(a.lower() == "others" for a in reading.authors):
        authors += " et al."
    where = _where(reading.venue, reading.year)
    parts = [f"- [{box}] **{title}**"]
    if authors:
        parts.append(f" — {escape(authors)}")
    if where:
        parts.append(f" ({escape(where)})")
    extra = []
    if reading.arxiv_id:
        extra.append(f"arXiv:{reading.arxiv_id}")
    if reading.doi:
        extra.append(f"doi:{escape(reading.doi)}")
    if reading.priority != 2:
        extra.append(_("priority {name}").format(name=_(PRIORITY_NAMES[reading.priority])))
    if reading.status == "reading":
        extra.append(_("reading now"))
    if extra:
        parts.append(f" · {' · '.join(extra)}")
    return "".join(parts)


def _where(venue: str | None, year: int | None) -> str:
    """'ICML 2023' for venue ICML and year 2023, and also for venue 'ICML 2023' (not '… 2023 2023')."""
    if year is None or (venue and re.search(rf"(?<!\d){year}(?!\d)", venue)):
        return venue or ""
    return f"{venue} {year}" if venue else str(year)


def render(readings: Sequence[ReadingView], *, title: str | None = None) -> str:
    """A Markdown document: one section per topic (papers without a topic under 'Other')."""
    by_topic: dict[str, list[ReadingView]] = {}
    for reading in readings:
        by_topic.setdefault(reading.topics[0] if reading.topics else "other", []).append(reading)
    heading = title or _("Reading list")
    lines = [f"# {escape(heading)}", ""]
    done = sum(1 for r in readings if r.status == "done")
    papers = ngettext("{count} paper, {done} read.", "{count} papers, {done} read.", len(readings))
    lines += [papers.format(count=len(readings), done=done), ""]
    for topic in sorted(by_topic, key=lambda t: (t == "other", t)):
        lines += [f"## {escape(topic)}", ""]
        lines += [_line(r) for r in by_topic[topic]]
        lines.append("")
    return "\n".join(lines)
