"""An Atom feed (RFC 4287) of catalog changes: what ``tracker sync`` saw move.

Written with ElementTree, which escapes every text: the values come from sources.
Entry ids are tag URIs derived from the change (its subject, kind and time), so a feed
reader shows each change once however often the feed is fetched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree import ElementTree

ATOM = "http://www.w3.org/2005/Atom"
ID_AUTHORITY = "tracker.local,2026"


@dataclass(frozen=True)
class FeedEntry:
    id_parts: tuple[str, ...]  # what names the entry, stably
    title: str
    updated: datetime
    summary: str = ""
    link: str | None = None


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def render(entries: Sequence[FeedEntry], *, title: str, feed_id: str, updated: datetime) -> bytes:
    """The feed's bytes; ``updated`` (the export time) is the feed's own <updated>."""
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    ElementTree.SubElement(feed, f"{{{ATOM}}}title").text = title
    ElementTree.SubElement(feed, f"{{{ATOM}}}id").text = f"tag:{ID_AUTHORITY}:{feed_id}"
    newest = max((e.updated for e in entries), default=updated)
    ElementTree.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(newest)
    author = ElementTree.SubElement(feed, f"{{{ATOM}}}author")
    ElementTree.SubElement(author, f"{{{ATOM}}}name").text = "tracker"
    for item in entries:
        entry = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
        ElementTree.SubElement(entry, f"{{{ATOM}}}id").text = f"tag:{ID_AUTHORITY}:" + "/".join(
            part.replace("/", "_") for part in item.id_parts
        )
        ElementTree.SubElement(entry, f"{{{ATOM}}}title").text = item.title
        ElementTree.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(item.updated)
        if item.summary:
            ElementTree.SubElement(entry, f"{{{ATOM}}}summary").text = item.summary
        if item.link:
            ElementTree.SubElement(entry, f"{{{ATOM}}}link", href=item.link)
    return ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
