"""What each kind of source turns into: read (no database) and store (inside one transaction).

A sync runs the two halves separately on purpose: ``read`` parses the fetched bytes before
any transaction is opened, so a body that is not a feed never gets near the database;
``store`` then writes everything of one source in the caller's transaction, so a failure
half-way leaves the stored data exactly as it was.

Each read item carries a key (its id at the source) and a digest of its content: an item
whose digest matches the one remembered from an earlier run is unchanged and skipped.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from tracker.catalog.importers.records import Batch
    from tracker.learning.reading_list import ReadingRecord

from tracker.errors import TrackerError
from tracker.i18n import N_, Message
from tracker.ingest import arxiv, wikicfp
from tracker.ingest.changes import ChangeRecord
from tracker.ingest.feeds import FeedEntry, FeedError, parse_feed
from tracker.learning.programme_ics import ProgrammeTalk, parse_programme

_HTML_OR_XML = re.compile(rb"\s*<")


@dataclass
class Item:
    key: str
    digest: str
    payload: Any
    # Topics from the classifier, computed in the read step for all items at once.
    topics: list[str] = field(default_factory=list)


@dataclass
class ReadResult:
    items: list[Item] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # For catalog kinds: the fetched file's records, through the gate at store time.
    catalog: Batch | None = None


@dataclass
class StoreResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    changes: list[ChangeRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SourceContext:
    """What a store step needs to know about its source (plain values, read before fetching)."""

    id: int
    name: str
    kind: str
    edition_key: str | None


def digest(*parts: object) -> str:
    text = json.dumps(parts, default=str, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


# --- read: bytes -> items ----------------------------------------------------------------


def read(
    kind: str,
    body: bytes,
    headers: Mapping[str, str],
    *,
    fetched_url: str,
    edition_key: str | None = None,
    areas: tuple[str, ...] | None = None,
    abstracts: Mapping[str, str] | None = None,
) -> ReadResult:
    """Parse a fetched body for a source of ``kind``; FeedError (or TrackerError) when unusable.

    ``fetched_url`` names a catalog file in reports as a local import of it would be named
    (``.../src/data/conferences/neurips.yml`` -> ``conferences/neurips.yml``). ``areas``
    picks the ccf area folders of a repository archive; ``abstracts`` is a virtual
    programme's abstracts file.
    """
    if kind == "arxiv":
        feed = parse_feed(body, headers)
        papers = arxiv.papers(feed)
        items = [
            Item(p.arxiv_id, digest(p.version, p.title, p.authors, p.categories, p.doi, p.journal_ref), p)
            for p in papers
        ]
        return ReadResult(items, feed.warnings)
    if kind == "ics":
        programme = parse_programme(body)
        items = [
            Item(t.uid, digest(t.title, t.abstract, t.speakers, t.starts_at, t.ends_at, t.location), t)
            for t in programme.talks
        ]
        return ReadResult(items, programme.warnings)
    if kind == "virtual":
        from tracker.learning.programme_virtual import parse_virtual

        virtual = parse_virtual(body, abstracts=abstracts, base_url=fetched_url)
        items = [
            Item(r.external_id or r.title, digest(r.title, r.abstract, r.authors, r.kind, r.session,
                 r.room, r.poster_position, r.starts_at, r.ends_at, r.url), r)
            for r in virtual.records
        ]  # fmt: skip
        return ReadResult(items, virtual.warnings)
    if kind == "wikicfp":
        feed = parse_feed(body, headers)
        calls, warnings = wikicfp.calls(feed)
        items = [
            Item(c.external_id, digest(c.acronym, c.year, c.name, c.place, c.start, c.end, c.link), c)
            for c in calls
        ]
        return ReadResult(items, feed.warnings + warnings)
    if kind == "feed":
        feed = parse_feed(body, headers)
        items = [
            Item(e.id, digest(e.title, e.link, e.summary, e.published, e.authors), e) for e in feed.entries
        ]
        return ReadResult(items, feed.warnings)
    if kind in ("pwc", "hf", "ccf"):
        name = urlsplit(fetched_url).path
        return ReadResult(catalog=read_catalog(kind, body, name, label=fetched_url, areas=areas))
    raise TrackerError(Message(N_("unknown source kind {kind}"), kind=repr(kind)))


def read_catalog(
    kind: str, body: bytes, name: str, *, label: str | None = None, areas: tuple[str, ...] | None = None
) -> Batch:
    """The records of a fetched catalog file or repository archive, before any transaction.

    The importers' own reader (one YAML file, or a .tar.gz / .zip known by its first bytes);
    a body it finds nothing in is refused here; the validation gate runs at store time.
    """
    from tracker.catalog.importers.walker import read_bytes

    if not body.strip():
        raise FeedError(Message(N_("empty body: not a catalog file")))
    if _HTML_OR_XML.match(body):
        raise FeedError(Message(N_("the server sent HTML or XML, not a YAML catalog file or archive")))
    batch = read_bytes(body, kind, name, label=label, areas=areas)
    if not batch.series and not batch.rates:
        reasons = "; ".join(issue.line() for issue in batch.issues[:2]) or "no conference entries"
        raise FeedError(Message(N_("not a {kind} catalog file: {reasons}"), kind=kind, reasons=reasons))
    return batch


# --- store: items -> rows, in the caller's transaction ------------------------------------


def store_item(session: Session, source: SourceContext, item: Item) -> tuple[bool, list[ChangeRecord]]:
    """Store one item; returns (created, changes)."""
    return _STORERS[source.kind](session, source, item)


def stores_readings(source: SourceContext) -> bool:
    """Sources whose items become readings (stored in bulk by :mod:`tracker.learning.reading_batch`)."""
    return source.kind == "arxiv" or (source.kind == "feed" and not source.edition_key)


def reading_record(source: SourceContext, item: Item) -> ReadingRecord:
    """The reading-list record of an arXiv paper (a suggestion) or of a feed entry."""
    from tracker.learning.reading_list import ReadingRecord

    if isinstance(item.payload, arxiv.ArxivPaper):
        paper = item.payload
        return ReadingRecord(
            title=paper.title,
            authors=paper.authors,
            year=paper.year,
            venue=paper.journal_ref,
            arxiv_id=paper.arxiv_id,
            doi=paper.doi,
            url=paper.url,
            topics=list(dict.fromkeys([*paper.topics, *item.topics])),
            added_from=f"sync:{source.name}",
            # A query's papers are offers, not choices: they wait for `reading-list accept`.
            status="suggested",
        )
    entry: FeedEntry = item.payload
    dated = entry.published or entry.updated
    return ReadingRecord(
        title=entry.title or entry.id,
        authors=entry.authors,
        year=dated.year if dated else None,
        url=entry.link,
        topics=item.topics,
        added_from=f"sync:{source.name}",
    )


def _store_entry(session: Session, source: SourceContext, item: Item) -> tuple[bool, list[ChangeRecord]]:
    return _store_talk_entry(session, source, item.payload)


def _store_talk_entry(
    session: Session, source: SourceContext, entry: FeedEntry
) -> tuple[bool, list[ChangeRecord]]:
    from tracker.learning.talks import TalkRecord, upsert_talk

    assert source.edition_key is not None
    record = TalkRecord(
        edition=source.edition_key,
        title=entry.title or entry.id,
        speakers=entry.authors,
        abstract=entry.summary,
        starts_at=entry.published,
        url=entry.link,
        source=_talk_source(source),
    )
    created = upsert_talk(session, record)[1] == "added"
    return created, [ChangeRecord("new_talk", source.edition_key, None, record.title)] if created else []


def _store_programme_talk(
    session: Session, source: SourceContext, item: Item
) -> tuple[bool, list[ChangeRecord]]:
    from tracker.learning.talks import upsert_talk

    talk: ProgrammeTalk = item.payload
    if not source.edition_key:
        raise TrackerError(
            Message(
                N_("source {name} has no edition for its talks (sources add --edition)"), name=source.name
            )
        )
    created = upsert_talk(session, talk.record(source.edition_key, _talk_source(source)))[1] == "added"
    return created, [ChangeRecord("new_talk", source.edition_key, None, talk.title)] if created else []


def _store_virtual_event(
    session: Session, source: SourceContext, item: Item
) -> tuple[bool, list[ChangeRecord]]:
    from dataclasses import replace

    from tracker.learning.talks import upsert_talk

    if not source.edition_key:
        raise TrackerError(
            Message(
                N_("source {name} has no edition for its talks (sources add --edition)"), name=source.name
            )
        )
    record = replace(item.payload, edition=source.edition_key, source=_talk_source(source))
    created = upsert_talk(session, record)[1] == "added"
    return created, [ChangeRecord("new_talk", source.edition_key, None, record.title)] if created else []


def _store_call(session: Session, source: SourceContext, item: Item) -> tuple[bool, list[ChangeRecord]]:
    from tracker.ingest.cfp_store import store_call

    return store_call(session, source.name, item.payload)


def _talk_source(source: SourceContext) -> str:
    return f"sync:{source.name}"[:32]


# The title and the start of the abstract say what a paper is about; the rest mostly costs time.
TAG_TEXT_CHARS = 1000
CLASSIFY_CHUNK = 256  # texts per NumPy batch: bounds the dense tf-idf matrix in memory


def tag(source: SourceContext, items: list[Item]) -> None:
    """Tag the items that will become readings (talks are tagged by the talk store itself).

    Run by the sync on the items that are new or changed only, before the write transaction.
    """
    if not items or not stores_readings(source):
        return
    texts = [f"{i.payload.title}. {i.payload.summary[:TAG_TEXT_CHARS]}" for i in items]
    _tag(items, texts)


def _tag(items: list[Item], texts: list[str]) -> None:
    """Give each item the classifier's topics for its text, batched (one matrix per chunk)."""
    from tracker.learning.classifier import assign_topics

    for start in range(0, len(texts), CLASSIFY_CHUNK):
        chunk = texts[start : start + CLASSIFY_CHUNK]
        for offset, topics in enumerate(assign_topics(chunk)):
            if topics:
                items[start + offset].topics = topics


_STORERS: dict[str, Callable[[Session, SourceContext, Item], tuple[bool, list[ChangeRecord]]]] = {
    "feed": _store_entry,
    "ics": _store_programme_talk,
    "virtual": _store_virtual_event,
    "wikicfp": _store_call,
}
