"""RSS and Atom feeds from bytes to plain, checked entries (the only user of feedparser).

feedparser is forgiving on purpose; tracker must not be (see the traps in DESIGN.md):

- it is always given ``io.BytesIO(body)`` plus the response headers. Handed ``bytes`` or ``str``
  it may take them for a file path or a URL and open it;
- ``bozo`` is not enough: an HTML page or an empty body gives no error and no entries; an
  empty body makes it raise. Anything that is not a feed is a :class:`FeedError`;
- a feed that is partly broken but whose entries could be recovered is kept, with a warning;
- it rolls impossible dates over (month 13 becomes January of the next year) or drops them
  silently (30 February); we re-read every raw date string and reject the entry instead;
- documents that declare entities are refused before parsing: a "billion laughs" document
  expands entity references exponentially, and an external entity would read a local file.
  No feed needs an internal DTD subset. The check reads the whole document as the XML parser
  will get it -- after feedparser's own conversion to UTF-8, which follows a BOM, the HTTP
  charset (UTF-16, UTF-7...) or the XML declaration -- so neither a long comment before the
  DOCTYPE nor another encoding hides a declaration. (A CDATA section quoting ``<!ENTITY`` is
  refused too: telling the two apart would mean parsing the DTD we refuse to parse.);
- titles and summaries are reduced to plain text (scripts and styles dropped with their
  content, tags removed, entities decoded), and only http(s) links are kept.
"""

from __future__ import annotations

import io
import re
import warnings as py_warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_tz
from typing import Any

import feedparser
from feedparser.encodings import convert_to_utf8

from tracker.errors import TrackerError
from tracker.i18n import N_, Message
from tracker.markup import plain_text, safe_link

# An internal DTD subset that declares entities: billion laughs and external entities.
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body)", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?")


class FeedError(TrackerError):
    """The body is not a usable feed (HTML page, empty, unreadable XML, refused document)."""


@dataclass
class FeedEntry:
    """One entry in plain values: text without markup, aware UTC datetimes, safe links."""

    id: str
    title: str
    link: str | None
    summary: str
    published: datetime | None
    updated: datetime | None
    authors: list[str]
    tags: list[str]
    # The feedparser entry, for readers of a particular format (arXiv's extra fields).
    raw: Mapping[str, Any] = field(repr=False, default_factory=dict)


@dataclass
class ParsedFeed:
    title: str
    version: str
    entries: list[FeedEntry]
    warnings: list[str]


def parse_feed(body: bytes, headers: Mapping[str, str] | None = None) -> ParsedFeed:
    """Parse a fetched body into checked entries, or raise FeedError when it is not a feed."""
    if not isinstance(body, bytes):
        raise TypeError("parse_feed takes the fetched bytes (a str could be taken for a path)")
    if not body.strip():
        raise FeedError(Message(N_("empty body: not a feed")))
    response_headers = {k.lower(): v for k, v in (headers or {}).items()}
    if _ENTITY_DECLARATION.search(_as_parsed(body, response_headers)):
        raise FeedError(
            Message(N_("document declares XML entities (refused: entity expansion or external files)"))
        )
    content_type = response_headers.get("content-type", "")
    try:
        with py_warnings.catch_warnings():
            py_warnings.simplefilter("ignore")
            parsed = feedparser.parse(io.BytesIO(body), response_headers=response_headers)
    except Exception as exc:  # feedparser raises on some inputs instead of setting bozo
        raise FeedError(
            Message(
                N_("feed could not be parsed ({kind}: {problem})"), kind=type(exc).__name__, problem=str(exc)
            )
        ) from exc

    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, feedparser.NonXMLContentType) and parsed.get("version"):
        problem = None  # a feed served as text/html or text/plain: the body decides, not the label
    if not parsed.entries and not parsed.get("version"):
        if _HTML_START.search(body[:1024]) or "html" in content_type:
            raise FeedError(Message(N_("the server sent an HTML page, not a feed")))
        reason = f": {problem}" if problem else ""
        raise FeedError(Message(N_("not an RSS or Atom feed{reason}"), reason=reason))
    if problem is not None and not parsed.entries:
        raise FeedError(Message(N_("broken feed with no readable entries: {problem}"), problem=problem))

    warnings: list[str] = []
    if problem is not None:
        warnings.append(f"feed partly broken ({type(problem).__name__}: {problem}); kept what could be read")
    entries: list[FeedEntry] = []
    seen_ids: set[str] = set()
    for position, raw in enumerate(parsed.entries, start=1):
        try:
            entry = _entry(raw, position)
        except FeedError as exc:
            warnings.append(exc.message)
            continue
        if entry.id in seen_ids:
            warnings.append(f"entry {entry.id!r} appears twice in the feed; kept the first")
            continue
        seen_ids.add(entry.id)
        entries.append(entry)
    feed_title = plain_text(parsed.feed.get("title", "")) if parsed.get("feed") else ""
    return ParsedFeed(feed_title, parsed.get("version") or "", entries, warnings)


def _as_parsed(body: bytes, headers: dict[str, str]) -> bytes:
    """The document as feedparser hands it to the XML parser: converted to UTF-8 as it would.

    feedparser.parse runs this same conversion on the same bytes and headers first thing.
    """
    try:
        converted: bytes = convert_to_utf8(dict(headers), body, {})
    except Exception as exc:  # feedparser.parse would raise the same
        raise FeedError(
            Message(
                N_("feed could not be parsed ({kind}: {problem})"), kind=type(exc).__name__, problem=str(exc)
            )
        ) from exc
    return converted


def _entry(raw: Mapping[str, Any], position: int) -> FeedEntry:
    title = plain_text(raw.get("title", ""))
    link = safe_link(raw.get("link"))
    ident = (raw.get("id") or "").strip() or link or title
    label = ident or f"#{position}"
    if not ident:
        raise FeedError(Message(N_("entry {label}: no id, link or title; skipped"), label=label))
    summary = plain_text(raw.get("summary", "") or _first_content(raw))
    published = checked_date(raw.get("published"), raw.get("published_parsed"), label, "published")
    # dict.get: FeedParserDict.get("updated") falls back to "published" with a deprecation warning.
    plain = dict(raw)
    updated = checked_date(plain.get("updated"), plain.get("updated_parsed"), label, "updated")
    authors = [plain_text(a.get("name", "")) for a in raw.get("authors", []) if a.get("name")]
    tags = [t.get("term", "") for t in raw.get("tags", []) if t.get("term")]
    return FeedEntry(ident, title, link, summary, published, updated, authors, tags, raw)


def _first_content(raw: Mapping[str, Any]) -> str:
    content = raw.get("content") or []
    return str(content[0].get("value", "")) if content else ""


# --- dates ------------------------------------------------------------------------------


def checked_date(text: str | None, parsed: Any, label: str, field_name: str) -> datetime | None:
    """The date feedparser read from ``text``, verified against the raw string.

    feedparser rolls impossible dates over (2026-13-01 -> 2027-01-01) or returns None for
    them (30 February). When the raw string is a date we can read, an impossible one is an
    error; otherwise feedparser's reading is used.
    """
    if not text:
        return None
    strict = strict_date(text)
    if strict is False:
        raise FeedError(
            Message(
                N_("entry {label}: {field_name} date {value} is not a real date; entry rejected"),
                label=label,
                field_name=field_name,
                value=repr(text.strip()),
            )
        )
    if isinstance(strict, datetime):
        return strict
    if parsed is None:
        return None
    year, month, day, hour, minute, second = parsed[:6]
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def strict_date(text: str) -> datetime | bool | None:
    """Read an RFC 822 or ISO 8601 date without rolling over.

    Returns the aware UTC datetime, False for a date in a known form that cannot exist
    (month 13, 30 February, hour 25), or None when the form is not one we read.
    """
    value = text.strip()
    iso = _ISO_DATE.match(value)
    if iso:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            numbers = [int(g) if g else 0 for g in iso.groups()]
            try:
                datetime(*numbers[:6])  # type: ignore[arg-type]
            except ValueError:
                return False
            return None  # a real date in a form fromisoformat does not read: trust feedparser
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)
    fields = parsedate_tz(value)
    if fields is None:
        return None
    year, month, day, hour, minute, second = fields[:6]
    offset = fields[9] or 0
    try:
        local = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return False
    return local - timedelta(seconds=offset)
