"""Full-text search over notes with SQLite FTS5: safe queries, bm25 ranking, highlighted snippets.

FTS5 has its own query language, in which ordinary text such as ``follow-up``,
``C++``, ``AND``, ``*``, ``NEAR(`` or an unmatched quote is a syntax error. A person
types words, not FTS5 syntax, so every word is quoted (inner quotes doubled) and
only a trailing ``*`` keeps a meaning: a prefix search. Words are ANDed.

Chinese has no spaces between words: the index holds every CJK character as a word of
its own (tracker/cjk.py), and a query word is split the same way, so 注意力 is the
phrase 注 意 力 and is found inside 注意力机制, and 大模型 inside 大模型的对齐问题.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session, selectinload

from tracker.cjk import SQL_FUNCTION, index_text, shown_text
from tracker.errors import Invalid
from tracker.models.catalog import Edition
from tracker.models.personal import FTS_TABLE, Contact, Note, NoteTag
from tracker.personal.editions import find_edition

# Markers around matched words in a snippet; the CLI turns them into styles or ``**``.
OPEN_MARK = "\x02"
CLOSE_MARK = "\x03"
SNIPPET_TOKENS = 16
# At most this many matching notes (the newest) are ranked by bm25; see search(). Sized by
# bench/personal/bench_search.py: the dearest window, a large edition's filter (~2.4 us a
# match on a loaded 2-core machine), stays within the 50 ms aim.
RANK_WINDOW = 16_000
# A prefix covering at most this many terms is spelled out as an OR of them.
MAX_PREFIX_TERMS = 32
# The index's vocabulary, as a per-connection TEMP table (nothing in the schema).
VOCAB_TABLE = "note_fts_vocab"
_VOCAB_DDL = f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{VOCAB_TABLE} USING fts5vocab(main, {FTS_TABLE}, row)"
# Prefixes whose terms are stored as typed (lower-case ASCII letters and digits).
_PLAIN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class SearchHit:
    id: int
    edition: str
    created_at: datetime
    contact: str | None
    tags: list[str]
    score: float
    snippet: str


def query_words(query: str) -> list[tuple[str, bool]]:
    """The words of a query, each with whether it ends in ``*`` (a prefix search)."""
    words: list[tuple[str, bool]] = []
    # Control characters (NUL ends a C string inside SQLite's query parser) separate words.
    printable = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in query)
    for token in printable.split():
        prefix = token.endswith("*")
        word = token.rstrip("*")
        # The unicode61 tokenizer keeps only letters and digits; a token without any
        # (``"``, ``''``, ``--``) would be an empty phrase: skip it.
        if any(ch.isalnum() for ch in word):
            words.append((word, prefix))
    return words


def _quote(word: str) -> str:
    """One FTS5 phrase: the word split as the index splits it (注意力 is 注 意 力), quotes doubled."""
    return '"' + (index_text(word) or "").replace('"', '""') + '"'


def build_match(query: str) -> str | None:
    """The FTS5 MATCH expression for what a person typed, or None when nothing is searchable.

    >>> build_match('follow-up C++ transf*')
    '"follow-up" "C++" "transf"*'
    >>> build_match('张伟') == '"\u200b张\u200b\u200b伟\u200b"'
    True
    """
    terms = [_quote(word) + ("*" if prefix else "") for word, prefix in query_words(query)]
    return " ".join(terms) or None


def _expanded_match(session: Session, query: str) -> str | None:
    """Like :func:`build_match`, with plain prefixes spelled out as the terms they cover.

    FTS5 answers ``"transf"*`` by merging the full lists of every matching term, which
    bypasses the rowid window below (300+ ms when the prefix is in most of 100,000
    notes). The same words as ``("transformer" OR "transformers" ...)``, looked up in
    the index's own vocabulary, rank in ~20 ms. Returns ``""`` when a prefix matches no
    term at all (so nothing can match).
    """
    terms: list[str] = []
    for word, prefix in query_words(query):
        lowered = word.lower()
        if not prefix or not _PLAIN.fullmatch(lowered):
            terms.append(_quote(word) + ("*" if prefix else ""))
            continue
        upper = lowered[:-1] + chr(ord(lowered[-1]) + 1)
        session.execute(text(_VOCAB_DDL))
        found = list(
            session.scalars(
                text(f"SELECT term FROM temp.{VOCAB_TABLE} WHERE term >= :low AND term < :high LIMIT :cap"),
                {"low": lowered, "high": upper, "cap": MAX_PREFIX_TERMS + 1},
            )
        )
        if not found:
            return ""
        if len(found) > MAX_PREFIX_TERMS:
            terms.append(_quote(word) + "*")
        else:
            terms.append("(" + " OR ".join(_quote(t) for t in found) + ")")
    # An explicit AND: FTS5 accepts implicit AND between phrases, not next to a group.
    return " AND ".join(terms) or None


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit]
    # True when more than RANK_WINDOW notes matched and only the newest of them were ranked.
    windowed: bool


def search(
    session: Session,
    query: str,
    *,
    limit: int = 20,
    edition_key: str | None = None,
    marks: tuple[str, str] = (OPEN_MARK, CLOSE_MARK),
) -> SearchResult:
    """The notes best matching ``query`` by bm25, with snippets, and whether the window was used."""
    if limit <= 0:
        raise Invalid("--limit must be a positive number")
    edition_id = find_edition(session, edition_key).id if edition_key else None  # unknown: exit 2
    match = build_match(query)
    if match is None:
        return SearchResult([], False)
    if session.get_bind().dialect.name != "sqlite":
        return SearchResult(_search_like(session, query, limit, edition_id), False)
    match = _expanded_match(session, query)
    if not match:
        return SearchResult([], False)
    rowid = f"{FTS_TABLE}.rowid"
    window = max(RANK_WINDOW, limit)
    source = FTS_TABLE
    where = f"{FTS_TABLE} MATCH :match"
    params: dict[str, object] = {"match": match, "limit": limit, "window": window}
    # bm25 must be computed for every matching note before the best can be picked, and
    # FTS5 spends ~1-1.5 µs on each (the note's length and its matches' positions): ranking
    # a word found in most of 100,000 notes takes ~100 ms, twice the aim (50 ms). So when
    # more than RANK_WINDOW notes match, only the newest RANK_WINDOW of them are ranked
    # (their scores still use the statistics of the whole index); fewer are all ranked.
    # No more can match than there are notes in scope: counted up to the window, cheaply.
    scope = "SELECT 1 FROM note" + (" WHERE edition_id = :edition" if edition_id is not None else "")
    params["edition"] = edition_id
    fits = (
        session.execute(text(f"SELECT count(*) FROM ({scope} LIMIT :window + 1)"), params).scalar_one()
        <= window
    )
    if edition_id is not None and fits:
        # A small edition: its notes' ids made into a temporary index once (``+`` keeps
        # the IN from FTS5, which would look each id up in its own index: seconds), and
        # each match checked against it (~0.2 µs).
        where += f" AND +{rowid} IN (SELECT id FROM note WHERE edition_id = :edition)"
    elif edition_id is not None:
        # A large one: each match's note looked up in the (edition_id, id) index, smaller
        # than the note table (~0.35 against ~0.7 µs). CROSS JOIN keeps the index the outer
        # loop (driven from the edition's notes, SQLite would ask FTS5 for each note's id).
        source += (
            " CROSS JOIN note INDEXED BY ix_note_edition_id"
            f" ON note.id = {rowid} AND note.edition_id = :edition"
        )
    beyond = None
    if not fits:
        # The newest matching note just outside the window, if any: a descending rowid scan.
        beyond = session.execute(
            text(f"SELECT {rowid} FROM {source} WHERE {where} ORDER BY {rowid} DESC LIMIT 1 OFFSET :window"),
            params,
        ).scalar()
    if beyond is not None:
        where += f" AND {rowid} > :beyond"
        params["beyond"] = beyond
    # bm25() rather than FTS5's rank column: ORDER BY rank makes FTS5 sort every match
    # itself, where SQLite keeps only the best LIMIT rows while it scans (~25% less).
    # Equal scores (same counts, same length) are common: the newest first, every time.
    ranked = session.execute(
        text(
            f"SELECT {rowid}, bm25({FTS_TABLE}) AS score FROM {source} WHERE {where} "
            f"ORDER BY score, {rowid} DESC LIMIT :limit"
        ),
        params,
    ).all()
    ids = [row[0] for row in ranked]
    snippets = _snippets(session, match, ids, marks)
    notes = _notes(session, ids)
    hits = [
        SearchHit(i, *notes[i], score=-float(rank), snippet=snippets.get(i, ""))
        for i, rank in ranked
        if i in notes  # an index out of step with its notes (db repair mends it)
    ]
    return SearchResult(hits, beyond is not None)


def _snippets(session: Session, match: str, ids: list[int], marks: tuple[str, str]) -> dict[int, str]:
    """The snippet of each of the notes shown: a second, by-rowid lookup."""
    if not ids:
        return {}
    rows = session.execute(
        text(
            f"SELECT rowid, snippet({FTS_TABLE}, 0, :open, :close, '…', {SNIPPET_TOKENS}) "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match AND rowid IN :ids"
        ).bindparams(bindparam("ids", expanding=True)),
        {"match": match, "open": marks[0], "close": marks[1], "ids": ids},
    )
    # Each CJK character is marked on its own: marks that met at a removed separator join.
    return {note_id: shown_text(snippet).replace(marks[1] + marks[0], "") for note_id, snippet in rows}


def _notes(session: Session, ids: list[int]) -> dict[int, tuple[str, datetime, str | None, list[str]]]:
    """Each shown note's edition key, time, contact and tags: plain columns, no ORM objects."""
    if not ids:
        return {}
    tags: dict[int, list[str]] = {}
    for note_id, tag in session.execute(
        select(NoteTag.note_id, NoteTag.tag).where(NoteTag.note_id.in_(ids)).order_by(NoteTag.tag)
    ):
        tags.setdefault(note_id, []).append(tag)
    rows = session.execute(
        select(Note.id, Edition.key, Note.created_at, Contact.name)
        .join(Edition, Edition.id == Note.edition_id)
        .outerjoin(Contact, Contact.id == Note.contact_id)
        .where(Note.id.in_(ids))
    )
    return {note_id: (key, at, contact, tags.get(note_id, [])) for note_id, key, at, contact in rows}


def _hit(note: Note, score: float, snippet: str) -> SearchHit:
    return SearchHit(
        id=note.id,
        edition=note.edition.key,
        created_at=note.created_at,
        contact=note.contact.name if note.contact else None,
        tags=note.tag_list,
        score=score,
        snippet=snippet,
    )


def _search_like(session: Session, query: str, limit: int, edition_id: int | None) -> list[SearchHit]:
    """A plain substring search for databases without FTS5 (no ranking)."""
    stmt = select(Note).options(selectinload(Note.tags)).order_by(Note.created_at.desc()).limit(limit)
    for token in query.split():
        word = token.rstrip("*")
        if any(ch.isalnum() for ch in word):
            stmt = stmt.where(Note.body.icontains(word, autoescape=True))
    if edition_id is not None:
        stmt = stmt.where(Note.edition_id == edition_id)
    return [_hit(n, 0.0, n.body[:200]) for n in session.scalars(stmt)]


# The same index, content view and triggers as migration 0012 creates (a migration is a
# frozen snapshot, so it keeps its own copy); used to recreate them if they went missing.
_DELETE_OLD = (
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, body) VALUES ('delete', old.id, {SQL_FUNCTION}(old.body));"
)
_FTS_DDL = (
    f"CREATE VIEW IF NOT EXISTS {FTS_TABLE}_source AS SELECT id, {SQL_FUNCTION}(body) AS body FROM note",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(body, content='{FTS_TABLE}_source', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS note_fts_after_insert AFTER INSERT ON note BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (new.id, {SQL_FUNCTION}(new.body)); END",
    f"CREATE TRIGGER IF NOT EXISTS note_fts_after_delete AFTER DELETE ON note BEGIN {_DELETE_OLD} END",
    "CREATE TRIGGER IF NOT EXISTS note_fts_after_update AFTER UPDATE OF body ON note BEGIN "
    f"{_DELETE_OLD} "
    f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (new.id, {SQL_FUNCTION}(new.body)); END",
)


@dataclass(frozen=True)
class RepairReport:
    notes: int
    index_recreated: bool


def rebuild_index(session: Session) -> RepairReport:
    """Rebuild the FTS index from the notes (recreating index and triggers if missing)."""
    recreated = False
    if session.get_bind().dialect.name == "sqlite":
        exists = session.execute(
            text("SELECT count(*) FROM sqlite_master WHERE name = :name"), {"name": FTS_TABLE}
        ).scalar_one()
        for statement in _FTS_DDL:
            session.execute(text(statement))
        recreated = not exists
        session.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))
        session.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('integrity-check')"))
    notes = int(session.execute(text("SELECT count(*) FROM note")).scalar_one())
    return RepairReport(notes=notes, index_recreated=recreated)
