"""arXiv API answers (Atom) to paper records: ids, versions, authors, categories, topics.

What makes arXiv particular (see DESIGN.md):

- ids come in two styles, ``1111.2011v2`` and old-style ``cond-mat/0607501v2`` or
  ``solv-int/9901001v1`` -- the latter contain letters and even a ``v`` in the archive
  name, so the version is split with ``re.fullmatch(r"(.+)v(\\d+)", s)``, anchored at the end;
- a query may list several versions of one paper: the newest is kept;
- an error is not an HTTP status but a feed with one entry titled ``Error`` whose summary
  says what was wrong: that is an error for the source, not a paper called "Error";
- categories (``cs.CL``) are mapped to the topic keys of ``data/topics.yml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tracker.i18n import N_, Message
from tracker.ingest.feeds import FeedError, ParsedFeed
from tracker.markup import plain_text, safe_link

_VERSIONED = re.compile(r"(.+)v(\d+)")
_ABS_PREFIX = re.compile(r"^https?://(?:export\.)?arxiv\.org/(?:abs|pdf)/")

#: arXiv categories (or archives, for old-style ids) -> topic keys of data/topics.yml.
CATEGORY_TOPICS: dict[str, tuple[str, ...]] = {
    "cs.AI": ("artificial-intelligence",),
    "cs.CL": ("nlp",),
    "cs.CV": ("computer-vision",),
    "cs.LG": ("machine-learning",),
    "stat.ML": ("machine-learning",),
    "cs.NE": ("deep-learning", "evolutionary-computation"),
    "cs.RO": ("robotics",),
    "cs.IR": ("information-retrieval",),
    "cs.DB": ("databases",),
    "cs.MA": ("multi-agent-systems",),
    "cs.HC": ("hci",),
    "cs.GR": ("graphics",),
    "cs.MM": ("multimedia",),
    "cs.SD": ("speech",),
    "eess.AS": ("speech",),
    "eess.SP": ("signal-processing",),
    "eess.IV": ("computer-vision",),
    "cs.CY": ("fairness",),
    "math.OC": ("optimization",),
}


API_URL = "https://export.arxiv.org/api/query"


def query_url(terms: str, *, max_results: int = 100) -> str:
    """The API URL of a search: ``cat:cs.CL``, ``all:diffusion AND cat:cs.CV``, newest first."""
    from urllib.parse import urlencode

    if not terms.strip():
        raise FeedError(Message(N_("an arXiv query needs search terms, e.g. cat:cs.CL")))
    params = {
        "search_query": terms.strip(),
        "sortBy": "submittedDate",
        "sortOrder": "descending",
        "max_results": str(max_results),
    }
    return f"{API_URL}?{urlencode(params)}"


class ArxivError(FeedError):
    """arXiv answered with its error entry (a malformed query, an unknown id...)."""


@dataclass
class ArxivPaper:
    """One paper, newest version, in plain values."""

    arxiv_id: str  # without version: "1111.2011", "cond-mat/0607501"
    version: int
    title: str
    authors: list[str]
    summary: str
    published: datetime | None
    updated: datetime | None
    categories: list[str]
    primary_category: str | None
    doi: str | None
    journal_ref: str | None
    comment: str | None
    url: str | None  # the abstract page
    pdf_url: str | None
    topics: list[str] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        return self.published.year if self.published else None


def split_version(identifier: str) -> tuple[str, int | None]:
    """'1111.2011v2' -> ('1111.2011', 2); 'solv-int/9901001v1' -> ('solv-int/9901001', 1)."""
    text = _ABS_PREFIX.sub("", identifier.strip())
    match = _VERSIONED.fullmatch(text)
    if match and "/" not in match.group(2):
        return match.group(1), int(match.group(2))
    return text, None


def topics_for(categories: Iterable[str]) -> list[str]:
    """Topic keys for arXiv categories; an old-style archive (``cs``) alone maps to nothing."""
    keys: list[str] = []
    for category in categories:
        for key in CATEGORY_TOPICS.get(category, ()):
            if key not in keys:
                keys.append(key)
    return keys


def papers(feed: ParsedFeed) -> list[ArxivPaper]:
    """The papers of an arXiv API answer, newest version of each; ArxivError for its error entry."""
    if len(feed.entries) == 1 and feed.entries[0].title.strip().lower() == "error":
        entry = feed.entries[0]
        raise ArxivError(Message(N_("arXiv reported an error: {detail}"), detail=entry.summary or entry.id))
    newest: dict[str, ArxivPaper] = {}
    for entry in feed.entries:
        paper = _paper(
            entry.raw, entry.id, entry.title, entry.summary, entry.authors, entry.published, entry.updated
        )
        kept = newest.get(paper.arxiv_id)
        if kept is None or paper.version > kept.version:
            newest[paper.arxiv_id] = paper
    return list(newest.values())


def _paper(
    raw: Mapping[str, Any],
    entry_id: str,
    title: str,
    summary: str,
    authors: list[str],
    published: datetime | None,
    updated: datetime | None,
) -> ArxivPaper:
    arxiv_id, version = split_version(entry_id)
    categories = [t.get("term", "") for t in raw.get("tags", []) if t.get("term")]
    primary = (raw.get("arxiv_primary_category") or {}).get("term")
    if primary and primary not in categories:
        categories.insert(0, primary)
    url = None
    pdf_url = None
    for link in raw.get("links", []):
        href = safe_link(link.get("href"))
        if link.get("rel") == "alternate" and href:
            url = href
        elif link.get("title") == "pdf" and href:
            pdf_url = href
    return ArxivPaper(
        arxiv_id=arxiv_id,
        version=version or 1,
        title=title,
        authors=authors,
        summary=summary,
        published=published,
        updated=updated,
        categories=categories,
        primary_category=primary,
        doi=(raw.get("arxiv_doi") or "").strip() or None,
        journal_ref=plain_text(raw.get("arxiv_journal_ref")) or None,
        comment=plain_text(raw.get("arxiv_comment")) or None,
        url=url or safe_link(raw.get("link")),
        pdf_url=pdf_url,
        topics=topics_for(categories),
    )
