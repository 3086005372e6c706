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
from typing import TYPE_CHECKING

from sqlalchemy import Connection, bindparam, text

from tracker.cjk import SQL_FUNCTION, index_text, shown_text
from tracker.errors import Invalid
from tracker.i18n import N_, Message
from tracker.models.base import FTS_TABLE, UTCDateTime
from tracker.personal.search_bound import Phrase
from tracker.personal.search_rank import (
    DIRECT,
    STATS_INDEX,
    STATS_INDEX2,
    STATS_TABLE,
    Terms,
    best,
    index_totals,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# Markers around matched words in a snippet; the CLI turns them into styles or ``**``.
OPEN_MARK = "\x02"
CLOSE_MARK = "\x03"
SNIPPET_TOKENS = 16
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


def _expanded_match(conn: Connection, query: str) -> tuple[str, Terms]:
    """Like :func:`build_match`, with plain prefixes spelled out, and what the ranking's bound needs.

    FTS5 answers ``"transf"*`` by merging the full lists of every matching term, which
    costs 300+ ms when the prefix is in most of 100,000 notes. The same words as
    ``("transformer" OR "transformers" ...)``, looked up in the index's own vocabulary,
    cost a few (and the vocabulary says how many notes hold each). Returns ``""`` when a
    prefix matches no term at all (so nothing can match).
    """
    expressions: list[str] = []
    phrases: list[Phrase] = []
    groups: list[list[tuple[str, bool]]] = []
    for word, prefix in query_words(query):
        lowered = word.lower()
        if not prefix or not _PLAIN.fullmatch(lowered):
            expression = _quote(word) + ("*" if prefix else "")
            expressions.append(expression)
            # Split and folded by the index's own tokenizer only when the bound is needed.
            phrases.append(Phrase(expression, frozenset(), text=index_text(word) or "", prefix=prefix))
            groups.append([(index_text(word) or "", prefix)])
            continue
        conn.execute(text(_VOCAB_DDL))
        # fts5vocab seeks on >= and <= only; ``< :high`` then drops the one term equal to it.
        found = conn.execute(
            text(
                f"SELECT term, doc FROM temp.{VOCAB_TABLE}"
                " WHERE term >= :low AND term <= :high AND term < :high LIMIT :cap"
            ),
            {"low": lowered, "high": lowered[:-1] + chr(ord(lowered[-1]) + 1), "cap": MAX_PREFIX_TERMS + 1},
        ).all()
        if not found:
            return "", Terms(phrases, groups)
        if len(found) > MAX_PREFIX_TERMS:
            expression = _quote(word) + "*"
            expressions.append(expression)
            phrases.append(Phrase(expression, frozenset()))
            groups.append([(index_text(word) or "", True)])
        else:
            expressions.append("(" + " OR ".join(_quote(term) for term, _ in found) + ")")
            phrases.extend(Phrase(_quote(term), frozenset([term]), notes) for term, notes in found)
            groups.append([(term, False) for term, _ in found])
    # An explicit AND: FTS5 accepts implicit AND between phrases, not next to a group.
    return " AND ".join(expressions), Terms(phrases, groups)


def search(
    conn: Connection,
    query: str,
    *,
    limit: int = 20,
    edition_key: str | None = None,
    marks: tuple[str, str] = (OPEN_MARK, CLOSE_MARK),
) -> list[SearchHit]:
    """The notes best matching ``query`` by bm25 (every match ranked), with snippets.

    Core reads on plain columns: a search neither imports the ORM nor builds a mapper
    (unless the edition is named by something other than its key).
    """
    if limit <= 0:
        raise Invalid(Message(N_("--limit must be a positive number")))
    edition_id = _edition_id(conn, edition_key) if edition_key else None  # unknown: exit 2
    if build_match(query) is None:
        return []
    if conn.dialect.name != "sqlite":
        return _search_like(conn, query, limit, edition_id)
    match, terms = _expanded_match(conn, query)
    if not match:
        return []
    # Exact bm25 on the index's arrays; FTS5's own ranking when that cannot answer. Up to
    # DIRECT notes FTS5 ranks every match in less time than importing NumPy takes (~70 ms).
    ranked = None
    if index_totals(conn)[0] > DIRECT:
        from tracker.personal import search_exact

        ranked = search_exact.best(conn, terms.groups, limit, edition_id)
    if ranked is None:
        ranked = best(conn, match, terms, limit, edition_id)
    ids = [note_id for note_id, _ in ranked]
    snippets = _snippets(conn, match, ids, marks)
    notes = _notes(conn, ids)
    return [
        SearchHit(i, *notes[i], score=-float(rank), snippet=snippets.get(i, ""))
        for i, rank in ranked
        if i in notes  # an index out of step with its notes (db repair mends it)
    ]


def _edition_id(conn: Connection, key: str) -> int:
    """The edition's id: an exact key read directly, any other spelling resolved as everywhere."""
    found = conn.execute(
        text("SELECT id FROM edition WHERE key = :key"), {"key": key.strip().lower()}
    ).scalar()
    if found is not None:
        return int(found)
    from sqlalchemy.orm import Session

    from tracker.personal.editions import find_edition

    return find_edition(Session(bind=conn), key).id  # NotFound with suggestions


def _snippets(conn: Connection, match: str, ids: list[int], marks: tuple[str, str]) -> dict[int, str]:
    """The snippet of each of the notes shown: a second, by-rowid lookup."""
    if not ids:
        return {}
    rows = conn.execute(
        text(
            f"SELECT rowid, snippet({FTS_TABLE}, 0, :open, :close, '…', {SNIPPET_TOKENS}) "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match AND rowid IN :ids"
        ).bindparams(bindparam("ids", expanding=True)),
        {"match": match, "open": marks[0], "close": marks[1], "ids": ids},
    )
    # Each CJK character is marked on its own: marks that met at a removed separator join.
    return {note_id: shown_text(snippet).replace(marks[1] + marks[0], "") for note_id, snippet in rows}


_TAGS = text("SELECT note_id, tag FROM note_tag WHERE note_id IN :ids ORDER BY tag").bindparams(
    bindparam("ids", expanding=True)
)
_SHOWN = (
    text(
        "SELECT note.id, edition.key, note.created_at, contact.name FROM note"
        " JOIN edition ON edition.id = note.edition_id LEFT JOIN contact ON contact.id = note.contact_id"
        " WHERE note.id IN :ids"
    )
    .bindparams(bindparam("ids", expanding=True))
    .columns(created_at=UTCDateTime)
)


def _notes(conn: Connection, ids: list[int]) -> dict[int, tuple[str, datetime, str | None, list[str]]]:
    """Each shown note's edition key, time, contact and tags."""
    if not ids:
        return {}
    tags: dict[int, list[str]] = {}
    for note_id, tag in conn.execute(_TAGS, {"ids": ids}):
        tags.setdefault(note_id, []).append(tag)
    rows = conn.execute(_SHOWN, {"ids": ids})
    return {note_id: (key, at, contact, tags.get(note_id, [])) for note_id, key, at, contact in rows}


def _search_like(conn: Connection, query: str, limit: int, edition_id: int | None) -> list[SearchHit]:
    """A plain substring search for databases without FTS5 (no ranking)."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session, selectinload

    from tracker.models.personal import Note

    stmt = select(Note).options(selectinload(Note.tags)).order_by(Note.created_at.desc()).limit(limit)
    for token in query.split():
        word = token.rstrip("*")
        if any(ch.isalnum() for ch in word):
            stmt = stmt.where(Note.body.icontains(word, autoescape=True))
    if edition_id is not None:
        stmt = stmt.where(Note.edition_id == edition_id)
    hits = []
    for note in Session(bind=conn).scalars(stmt):
        contact = note.contact.name if note.contact else None
        hits.append(
            SearchHit(
                note.id, note.edition.key, note.created_at, contact, note.tag_list, 0.0, note.body[:200]
            )
        )
    return hits


# The same index, content view, statistics and triggers as migrations 0012 and 0017 create
# (a migration is a frozen snapshot, so it keeps its own copy); used to recreate them if
# they went missing.
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
# Each note's length and four largest token counts by FTS5's tokenizer: the note alone in a
# contentless scratch index, its vocabulary read, the scratch emptied (see search_rank.py).
_SCRATCH = f"{FTS_TABLE}_scratch"
_TOPS = ("top", "top2", "top3", "top4")
_COUNT = (
    f"INSERT INTO {_SCRATCH}(rowid, body) VALUES (new.id, {SQL_FUNCTION}(new.body)); "
    f"INSERT INTO {STATS_TABLE}(id, edition_id, length, {', '.join(_TOPS)}) SELECT new.id, new.edition_id, "
    "coalesce(sum(cnt), 0), "
    + ", ".join(f"coalesce(max(CASE WHEN rn = {n} THEN cnt END), 0)" for n in range(1, len(_TOPS) + 1))
    + f" FROM (SELECT cnt, row_number() OVER (ORDER BY cnt DESC) AS rn FROM {_SCRATCH}_vocab); "
    f"INSERT INTO {_SCRATCH}({_SCRATCH}) VALUES ('delete-all');"
)
_STATS_DDL = (
    f"CREATE TABLE IF NOT EXISTS {STATS_TABLE} (id INTEGER PRIMARY KEY, edition_id INTEGER NOT NULL, "
    "length INTEGER NOT NULL, " + ", ".join(f"{top} INTEGER NOT NULL" for top in _TOPS) + ")",
    f"CREATE INDEX IF NOT EXISTS {STATS_INDEX} ON {STATS_TABLE} (top, length, top2, top3, top4, edition_id)",
    f"CREATE INDEX IF NOT EXISTS {STATS_INDEX2} ON {STATS_TABLE} (top2, length, top, top3, top4, edition_id)",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {_SCRATCH} USING fts5(body, content='', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {_SCRATCH}_vocab USING fts5vocab({_SCRATCH}, row)",
    f"CREATE TRIGGER IF NOT EXISTS {STATS_TABLE}_after_insert AFTER INSERT ON note BEGIN {_COUNT} END",
    f"CREATE TRIGGER IF NOT EXISTS {STATS_TABLE}_after_delete AFTER DELETE ON note BEGIN "
    f"DELETE FROM {STATS_TABLE} WHERE id = old.id; END",
    f"CREATE TRIGGER IF NOT EXISTS {STATS_TABLE}_after_update AFTER UPDATE OF body, edition_id ON note "
    f"BEGIN DELETE FROM {STATS_TABLE} WHERE id = old.id; {_COUNT} END",
)
# Every note's statistics again, counted from the (rebuilt) index itself: each (note, token)
# pair's occurrences, numbered from the largest within the note.
_RECOUNT = (
    f"DELETE FROM {STATS_TABLE}",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{FTS_TABLE}_instances "
    f"USING fts5vocab(main, {FTS_TABLE}, instance)",
    f"INSERT INTO {STATS_TABLE}(id, edition_id, length, {', '.join(_TOPS)}) "
    "SELECT counted.doc, note.edition_id, sum(counted.n), "
    + ", ".join(
        f"coalesce(max(CASE WHEN counted.rn = {n} THEN counted.n END), 0)" for n in range(1, len(_TOPS) + 1)
    )
    + " FROM (SELECT doc, n, row_number() OVER (PARTITION BY doc ORDER BY n DESC) AS rn "
    f"FROM (SELECT doc, count(*) AS n FROM temp.{FTS_TABLE}_instances GROUP BY term, doc)) AS counted "
    "JOIN note ON note.id = counted.doc GROUP BY counted.doc",
    f"INSERT INTO {STATS_TABLE}(id, edition_id, length, {', '.join(_TOPS)}) "
    "SELECT id, edition_id, 0, 0, 0, 0, 0 FROM note "
    f"WHERE id NOT IN (SELECT id FROM {STATS_TABLE})",
    f"DROP TABLE temp.{FTS_TABLE}_instances",
)


@dataclass(frozen=True)
class RepairReport:
    notes: int
    index_recreated: bool


def rebuild_index(session: Session) -> RepairReport:
    """Rebuild the FTS index, its statistics and postings from the notes (recreating what is missing)."""
    recreated = False
    if session.get_bind().dialect.name == "sqlite":
        exists = session.execute(
            text("SELECT count(*) FROM sqlite_master WHERE name = :name"), {"name": FTS_TABLE}
        ).scalar_one()
        for statement in _FTS_DDL + _STATS_DDL:
            session.execute(text(statement))
        recreated = not exists
        session.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))
        session.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('integrity-check')"))
        for statement in _RECOUNT:
            session.execute(text(statement))
        from tracker.personal import search_index

        search_index.rebuild(session.connection())  # the exact ranking's arrays (0018)
    notes = int(session.execute(text("SELECT count(*) FROM note")).scalar_one())
    return RepairReport(notes=notes, index_recreated=recreated)
