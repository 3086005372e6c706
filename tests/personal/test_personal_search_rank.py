"""notes search ranks every match: its top equals a brute-force bm25 ranking of all of them.

The bound that lets it score only a few notes (tracker/personal/search_rank.py, now the
fallback when the exact ranking on the index's arrays cannot answer) is forced
on here (no direct ranking, a tiny sample) and checked on a real SQLite file against
``ORDER BY bm25, rowid DESC`` over every match, and the per-note statistics it rests on
against a recount from the index itself.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from tests.personal.conftest import old_database

WORDS = ["model", "attention", "kernels", "gpu", "follow-up", "transformer", "transformers",
         "注意力", "模型", "的", "up", "follow", "café", "CAFE", "gpus", "C++"]  # fmt: skip
QUERIES = ["model", "attention kernels", "gpu", "follow-up", "transf*", "注意力", "模型", "注意*",
           "模型 model", "model gpu attention", "的", "kernel*", "model model", "follow follow-up",
           "意力 注意力", "注意力 模型 的", "gpu* model", "Café", "café* 的", "力", "C++ gpu",
           "up-follow", "kernels attention gpu transformer", "模*", "注意* model"]  # fmt: skip
EDITS = [*WORDS, "。", "Café CAFE café"]  # a note without tokens; diacritics and case folded


def _brute_force(session, match: str, limit: int, edition_id: int | None) -> list[int]:
    where = " AND note.edition_id = :edition" if edition_id is not None else ""
    rows = session.execute(
        text(
            "SELECT note_fts.rowid FROM note_fts JOIN note ON note.id = note_fts.rowid "
            f"WHERE note_fts MATCH :match{where} ORDER BY bm25(note_fts), note_fts.rowid DESC LIMIT :limit"
        ),
        {"match": match, "limit": limit, "edition": edition_id},
    )
    return [row[0] for row in rows]


def _recounted(session) -> list[tuple[int, ...]]:
    """Each note's (id, edition, length, four largest token counts) counted from the index."""
    vocabulary = "CREATE VIRTUAL TABLE IF NOT EXISTS temp.inst USING fts5vocab(main, note_fts, instance)"
    session.execute(text(vocabulary))
    counts: dict[int, list[int]] = {}
    for doc, n in session.execute(text("SELECT doc, count(*) FROM temp.inst GROUP BY term, doc")):
        counts.setdefault(doc, []).append(n)
    rows = []
    for note_id, edition_id in session.execute(text("SELECT id, edition_id FROM note ORDER BY id")):
        found = sorted(counts.get(note_id, []), reverse=True)
        rows.append((note_id, edition_id, sum(found), *[*found, 0, 0, 0, 0][:4]))
    return rows


def _stats(session) -> list[tuple[int, ...]]:
    columns = "id, edition_id, length, top, top2, top3, top4"
    return [tuple(row) for row in session.execute(text(f"SELECT {columns} FROM note_fts_stats ORDER BY id"))]


def _editions(session) -> list[int]:
    return list(session.scalars(text("SELECT id FROM edition ORDER BY id LIMIT 2")))


notes_strategy = st.lists(
    st.tuples(
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(" ".join),
        st.integers(min_value=0, max_value=1),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    notes=notes_strategy,
    query=st.sampled_from(QUERIES),
    limit=st.integers(min_value=1, max_value=6),
    sample=st.integers(min_value=1, max_value=8),
    filtered=st.booleans(),
    walk=st.booleans(),
    safety=st.sampled_from([0.0, 0.5, 3.0, 1_000.0]),
    least=st.sampled_from([1, 3]),
)
def test_the_top_equals_a_full_bm25_ranking(
    session, monkeypatch: pytest.MonkeyPatch, notes, query, limit, sample, filtered, walk, safety, least
) -> None:
    from tracker.personal import search_exact, search_rank
    from tracker.personal.search import _expanded_match, search

    monkeypatch.setattr(search_exact, "best", lambda *args: None)  # the fallback, FTS5's ranking
    monkeypatch.setattr(search_rank, "DIRECT", 0)  # always the bounded path
    monkeypatch.setattr(search_rank, "SAMPLE", sample)
    monkeypatch.setattr(search_rank, "LOOSE", 1.0)  # never give up the bound
    # Checking the bound costs nothing: the walk over the index when it may be taken
    # (a count it can walk), else the bound on each match's statistics.
    for cost in ("ROW", "EXPRESSION"):
        monkeypatch.setattr(search_rank, cost, 0.0)
    monkeypatch.setattr(search_rank, "MOSTLY", 0.0 if walk else 2.0)
    monkeypatch.setattr(search_rank, "LISTED", 0.0 if walk else 1.0)  # (in an edition too)
    monkeypatch.setattr(search_rank, "SAFETY", safety)  # the first, higher level tried or not
    monkeypatch.setattr(search_rank, "LEAST", least)
    editions = _editions(session)
    session.execute(text("DELETE FROM note"))
    session.execute(
        text("INSERT INTO note (edition_id, body, created_at) VALUES (:edition, :body, '2026-01-01')"),
        [{"edition": editions[which], "body": body} for body, which in notes],
    )
    edition_id = editions[1] if filtered else None
    key = session.scalar(text("SELECT key FROM edition WHERE id = :id"), {"id": edition_id})
    match, _ = _expanded_match(session.connection(), query)
    expected = _brute_force(session, match, limit, edition_id) if match else []
    assert [hit.id for hit in search(session.connection(), query, limit=limit, edition_key=key)] == expected


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    notes=notes_strategy,
    edits=st.lists(st.tuples(st.integers(0, 39), st.sampled_from(EDITS)), max_size=8),
    removed=st.lists(st.integers(0, 39), max_size=5),
)
def test_statistics_follow_inserts_edits_moves_and_deletes(session, notes, edits, removed) -> None:
    editions = _editions(session)
    session.execute(text("DELETE FROM note"))
    session.execute(
        text("INSERT INTO note (edition_id, body, created_at) VALUES (:edition, :body, '2026-01-01')"),
        [{"edition": editions[which], "body": body} for body, which in notes],
    )
    ids = list(session.scalars(text("SELECT id FROM note ORDER BY id")))
    for index, body in edits:
        note_id = ids[index % len(ids)]
        session.execute(text("UPDATE note SET body = :body WHERE id = :id"), {"body": body, "id": note_id})
        moved = {"edition": editions[0], "id": note_id}
        session.execute(text("UPDATE note SET edition_id = :edition WHERE id = :id"), moved)
    for index in removed:
        session.execute(text("DELETE FROM note WHERE id = :id"), {"id": ids[index % len(ids)]})
    assert _stats(session) == _recounted(session)


def test_a_rebuilt_index_recounts_the_statistics(cli, editions, db_url) -> None:
    from tracker import db

    for body in ("model model gpu", "注意力 的 的 的", "。"):
        assert cli("log-notes", "lmconf2026", "--text", body).code == 0
    with db.session(db_url, write=True) as s:
        before = _stats(s)
        s.execute(text("DELETE FROM note_fts_stats"))
    assert cli("db", "repair").code == 0
    with db.session(db_url) as s:
        assert _stats(s) == before == _recounted(s)
        assert [row[2:] for row in before] == [(3, 2, 1, 0, 0), (6, 3, 1, 1, 1), (0, 0, 0, 0, 0)]


def test_the_index_totals_are_fts5s_own(session) -> None:
    from tracker.personal.search_rank import index_totals

    editions = _editions(session)
    bodies = ["word " * n for n in (1, 150, 20_000)]  # lengths with one, two and three varint bytes
    session.execute(
        text("INSERT INTO note (edition_id, body, created_at) VALUES (:edition, :body, '2026-01-01')"),
        [{"edition": editions[0], "body": body} for body in bodies],
    )
    expected = session.execute(text("SELECT count(*), sum(length) FROM note_fts_stats")).one()
    assert index_totals(session.connection()) == tuple(expected) == (3, 20_151)


def test_notes_written_before_0016_get_their_statistics(tmp_path) -> None:
    from tracker import db

    url, engine = old_database(tmp_path, "0015")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO note (id, edition_id, body, created_at) VALUES "
                "(1, 1, 'gpu GPU gpus café cafe', '2026-01-01'), (2, 1, '注意力的的', '2026-01-01'), "
                "(3, 1, '……', '2026-01-01')"
            )
        )
    db.upgrade(engine)
    with db.session(url, write=True) as s:
        assert (
            _stats(s)
            == _recounted(s)
            == [(1, 1, 5, 2, 2, 1, 0), (2, 1, 5, 2, 1, 1, 1), (3, 1, 0, 0, 0, 0, 0)]
        )
        s.execute(
            text("INSERT INTO note (edition_id, body, created_at) VALUES (1, 'gpu gpu gpu', '2026-01-02')")
        )
        assert _stats(s)[-1] == (4, 1, 3, 3, 0, 0, 0)
    db.downgrade(engine, "0015")
    with engine.connect() as conn:
        names = set(conn.execute(text("SELECT name FROM sqlite_master")).scalars())
        assert not {name for name in names if name.startswith(("note_fts_stats", "note_fts_scratch"))}


def test_a_0016_database_gets_the_four_counts_and_can_go_back(tmp_path) -> None:
    from tracker import db

    url, engine = old_database(tmp_path, "0016")
    bodies = ["model model attention 的 的 的 kernels", "注意力 注意力 模型", "。"]
    with engine.begin() as conn:
        for body in bodies:
            conn.execute(
                text("INSERT INTO note (edition_id, body, created_at) VALUES (1, :body, '2026-01-01')"),
                {"body": body},
            )
    db.upgrade(engine)
    with db.session(url, write=True) as s:
        assert len(s.execute(text("SELECT id FROM note")).all()) == 3
        assert _stats(s) == _recounted(s)
        assert [row[2:] for row in _stats(s)] == [(7, 3, 2, 1, 1), (8, 2, 2, 2, 1), (0, 0, 0, 0, 0)]
    db.downgrade(engine, "0016")
    with engine.begin() as conn:
        rows = conn.execute(text("SELECT id, edition_id, length, top FROM note_fts_stats ORDER BY id")).all()
        assert [tuple(row[2:]) for row in rows] == [(7, 3), (8, 2), (0, 0)]
        conn.execute(
            text("INSERT INTO note (edition_id, body, created_at) VALUES (1, 'gpu gpu', '2026-01-02')")
        )
        added = conn.execute(text("SELECT length, top FROM note_fts_stats ORDER BY id DESC LIMIT 1")).one()
        assert tuple(added) == (2, 2)
