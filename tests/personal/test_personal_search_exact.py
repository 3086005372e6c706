"""notes search's exact bm25 on tracker's own postings equals FTS5's own ranking.

tracker/personal/search_exact.py computes FTS5's bm25 on the arrays of
tracker/personal/search_index.py (migration 0018). Checked here on real SQLite files
against ``ORDER BY bm25(note_fts), rowid DESC`` over every match: the same notes in the same
order with the same scores, for words, phrases, Chinese, prefixes and an edition, with notes
added, edited, moved and deleted between searches (settled into the BLOBs or still pending);
and the settled BLOBs against a rebuild from scratch.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from tests.personal.conftest import old_database

WORDS = ["model", "attention", "kernels", "gpu", "follow-up", "transformer", "transformers",
         "transformation", "注意力", "模型", "的", "up", "follow", "café", "CAFE", "gpus", "C++",
         "注意力机制", "大模型的对齐问题", "state-of-the-art", "the", "Éclair", "ＧＰＴ－４"]  # fmt: skip
QUERIES = ["model", "attention kernels", "gpu", "follow-up", "transf*", "注意力", "模型", "注意*",
           "模型 model", "model gpu attention", "的", "kernel*", "model model", "follow follow-up",
           "意力 注意力", "注意力 模型 的", "gpu* model", "Café", "café* 的", "力", "C++ gpu",
           "up-follow", "大模型", "大模型 model", "state-of-the*", "the art", "eclair", "GPT-4",
           "模*", "注意* model", "t*", "follow-u*", "zzz", "gpt*"]  # fmt: skip
EDITS = [*WORDS, "。", "Café CAFE café"]  # a note without tokens; diacritics and case folded


@pytest.fixture(autouse=True)
def _exact_at_any_size(monkeypatch: pytest.MonkeyPatch) -> None:
    # search() leaves an index of up to DIRECT notes to FTS5 (NumPy would cost more to import
    # than the ranking): these tests' few notes must take the exact path all the same.
    from tracker.personal import search

    monkeypatch.setattr(search, "DIRECT", 0)


notes_strategy = st.lists(
    st.tuples(
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(" ".join),
        st.integers(min_value=0, max_value=1),
    ),
    min_size=1,
    max_size=40,
)
steps_strategy = st.lists(
    st.one_of(
        st.tuples(st.just("edit"), st.integers(0, 60), st.sampled_from(EDITS)),
        st.tuples(st.just("move"), st.integers(0, 60), st.integers(0, 1)),
        st.tuples(st.just("delete"), st.integers(0, 60)),
        st.tuples(st.just("add"), st.sampled_from(EDITS), st.integers(0, 1)),
        st.tuples(st.just("settle")),
    ),
    max_size=8,
)


def _editions(session) -> list[int]:
    return list(session.scalars(text("SELECT id FROM edition ORDER BY id LIMIT 2")))


def _fresh(session, notes, monkeypatch: pytest.MonkeyPatch, block: int) -> list[int]:
    """Only these notes, indexed afresh in blocks of ``block`` ids; returns the editions' ids."""
    from tracker.personal import search_index

    monkeypatch.setattr(search_index, "BLOCK", block)
    editions = _editions(session)
    session.execute(text("DELETE FROM note"))
    _add(session, [(body, editions[which]) for body, which in notes])
    search_index.rebuild(session.connection())
    return editions


def _add(session, rows: list[tuple[str, int]]) -> None:
    session.execute(
        text("INSERT INTO note (edition_id, body, created_at) VALUES (:edition, :body, '2026-01-01')"),
        [{"edition": edition, "body": body} for body, edition in rows],
    )


def _apply(session, step: tuple, editions: list[int]) -> None:
    from tracker.personal import search_index

    ids = list(session.scalars(text("SELECT id FROM note ORDER BY id")))
    kind = step[0]
    if kind == "settle":
        search_index.settle(session.connection())
    elif kind == "add":
        _add(session, [(step[1], editions[step[2]])])
    elif ids and kind == "edit":
        session.execute(
            text("UPDATE note SET body = :b WHERE id = :id"), {"b": step[2], "id": ids[step[1] % len(ids)]}
        )
    elif ids and kind == "move":
        moved = {"e": editions[step[2]], "id": ids[step[1] % len(ids)]}
        session.execute(text("UPDATE note SET edition_id = :e WHERE id = :id"), moved)
    elif ids and kind == "delete":
        session.execute(text("DELETE FROM note WHERE id = :id"), {"id": ids[step[1] % len(ids)]})


def _fts5(session, match: str, limit: int, edition_id: int | None) -> list[tuple[int, float]]:
    where = " AND note.edition_id = :edition" if edition_id is not None else ""
    rows = session.execute(
        text(
            "SELECT note_fts.rowid, bm25(note_fts) FROM note_fts JOIN note ON note.id = note_fts.rowid "
            f"WHERE note_fts MATCH :match{where} ORDER BY bm25(note_fts), note_fts.rowid DESC LIMIT :limit"
        ),
        {"match": match, "limit": limit, "edition": edition_id},
    )
    return [(row[0], row[1]) for row in rows]


def _check(session, query: str, limit: int, edition_id: int | None) -> None:
    """The exact ranking answers, and as FTS5 does: same notes, same order, same scores."""
    from tracker.personal import search_exact
    from tracker.personal.search import _expanded_match

    conn = session.connection()
    match, terms = _expanded_match(conn, query)
    if not match:
        return
    ranked = search_exact.best(conn, terms.groups, limit, edition_id)
    assert ranked is not None, query
    expected = _fts5(session, match, limit, edition_id)
    assert [note_id for note_id, _ in ranked] == [note_id for note_id, _ in expected], query
    assert [score for _, score in ranked] == pytest.approx([score for _, score in expected], rel=1e-12)


def _index(
    session,
) -> tuple[dict[tuple[str, int], tuple[list[int], list[int], list[int]]], tuple[list[int], ...]]:
    """The settled BLOBs as lists: per token and block, and the notes' (ids, editions, lengths)."""
    import numpy as np

    def ints(blob: bytes) -> list[int]:
        return np.frombuffer(blob, dtype="<i4").tolist()

    postings = {
        (token, block): (ints(docs), ints(counts), ints(positions))
        for token, block, docs, counts, positions in session.execute(
            text("SELECT token, block, docs, counts, positions FROM note_fts_postings")
        )
    }
    rows = session.execute(text("SELECT ids, editions, lengths FROM note_fts_docs ORDER BY block")).all()
    return postings, tuple([n for row in rows for n in ints(row[column])] for column in range(3))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    notes=notes_strategy,
    steps=steps_strategy,
    queries=st.lists(st.sampled_from(QUERIES), min_size=1, max_size=4),
    limit=st.integers(min_value=1, max_value=8),
    filtered=st.booleans(),
    block=st.sampled_from([3, 4096]),
    few=st.sampled_from([0, 2_000]),
)
def test_the_exact_ranking_is_fts5s_through_writes(
    session, monkeypatch, notes, steps, queries, limit, filtered, block, few
) -> None:
    from tracker.personal import search_exact

    # The matches' lengths and editions from note_fts_stats, or from the index's own row.
    monkeypatch.setattr(search_exact, "FEW", few)
    editions = _fresh(session, notes, monkeypatch, block)
    edition_id = editions[1] if filtered else None
    for query in queries:
        _check(session, query, limit, edition_id)
    for step in steps:
        _apply(session, step, editions)
        for query in queries:
            _check(session, query, limit, edition_id)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=notes_strategy, steps=steps_strategy, block=st.sampled_from([3, 4096]))
def test_settled_blobs_equal_a_rebuild(session, monkeypatch, notes, steps, block) -> None:
    from tracker.personal import search_index

    editions = _fresh(session, notes, monkeypatch, block)
    for step in steps:
        _apply(session, step, editions)
    search_index.settle(session.connection())
    settled = _index(session)
    assert session.execute(text("SELECT count(*) FROM note_fts_pending")).scalar_one() == 0
    search_index.rebuild(session.connection())
    assert _index(session) == settled
    notes_now = list(session.scalars(text("SELECT id FROM note ORDER BY id")))
    assert settled[1][0] == notes_now


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(alphabet=st.sampled_from('ab注意力 "*-+()^:.NEARANDOR\x00\t。é'), max_size=20))
def test_awkward_queries_never_crash(session, query) -> None:
    from tracker.personal.search import search

    if not session.execute(text("SELECT count(*) FROM note")).scalar_one():
        editions = _editions(session)
        _add(session, [(body, editions[0]) for body in ("a b ab", "注意力 AND OR", "NEAR é e", "a* ^ b")])
    hits = search(session.connection(), query, limit=5)
    assert len(hits) <= 5
    _check(session, query, 5, None)


def test_chinese_and_mixed_queries_find_their_notes(session) -> None:
    from tracker.personal.search import search

    editions = _editions(session)
    bodies = ["今天听了关于注意力机制的报告", "大模型的对齐问题", "C++ 模型 kernels", "model 大模型"]
    _add(session, [(body, editions[0]) for body in bodies])
    ids = list(session.scalars(text("SELECT id FROM note ORDER BY id")))

    def found(query: str) -> set[int]:
        _check(session, query, 20, None)
        return {hit.id for hit in search(session.connection(), query)}

    assert found("注意力") == {ids[0]}
    assert found("大模型") == {ids[1], ids[3]}
    assert found("注意*") == {ids[0]}
    assert found('"') == set()
    assert found("C++ 模型") == {ids[2]}
    assert found("大模型 model") == {ids[3]}


def test_too_many_pending_notes_fall_back_to_fts5(session, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.personal import search_exact, search_index
    from tracker.personal.search import search

    monkeypatch.setattr(search_index, "MAX_PENDING", 2)
    editions = _editions(session)
    _add(session, [(body, editions[0]) for body in ("model gpu", "model", "gpu gpu", "model model")])
    assert search_exact.best(session.connection(), [[("model", False)]], 5, None) is None
    assert [hit.id for hit in search(session.connection(), "model")] == [
        note_id for note_id, _ in _fts5(session, '"model"', 20, None)
    ]
    search_index.settle(session.connection())
    _check(session, "model", 5, None)


def test_notes_written_through_the_notes_module_are_settled(cli, editions, db_url, monkeypatch) -> None:
    from tracker import db
    from tracker.personal import search_pending

    monkeypatch.setattr(search_pending, "SETTLE_AT", 2)
    for body in ("model gpu", "注意力", "model"):
        assert cli("log-notes", "lmconf2026", "--text", body).code == 0
    with db.session(db_url) as s:
        # The second write settled both; the third is pending.
        assert s.execute(text("SELECT id FROM note_fts_pending")).scalars().all() == [3]
        assert len(_index(s)[1][0]) == 2
        _check(s, "model", 5, None)
    assert cli("db", "repair").code == 0
    with db.session(db_url) as s:
        assert not s.execute(text("SELECT id FROM note_fts_pending")).all()
        assert _index(s)[1][0] == [1, 2, 3]


def test_an_upgraded_0017_database_searches_as_before(tmp_path) -> None:
    """The real migration from 0017: the notes' postings read from note_fts, the same top."""
    from tracker import db
    from tracker.personal import search_index
    from tracker.personal.search import _expanded_match, search

    url, engine = old_database(tmp_path, "0017")
    bodies = [" ".join(WORDS[i % len(WORDS)] for i in range(n, n * 3 + 1)) for n in range(30)] + ["。"]
    with engine.begin() as conn:
        for body in bodies:
            conn.execute(
                text("INSERT INTO note (edition_id, body, created_at) VALUES (1, :body, '2026-01-01')"),
                {"body": body},
            )
    before = {}
    with engine.connect() as conn:  # FTS5's ranking at 0017
        for query in QUERIES:
            match, _ = _expanded_match(conn, query)
            before[query] = [note_id for note_id, _ in _fts5(conn, match, 20, None)] if match else []
    db.upgrade(engine)
    with db.session(url, write=True) as s:
        assert s.execute(text("SELECT count(*) FROM note_fts_pending")).scalar_one() == 0
        migrated = _index(s)
        assert migrated[1][0] == list(range(1, len(bodies) + 1))
        for query in QUERIES:
            assert [hit.id for hit in search(s.connection(), query)] == before[query], query
            _check(s, query, 20, None)
        search_index.rebuild(s.connection())
        assert _index(s) == migrated
    db.downgrade(engine, "0017")
    with engine.connect() as conn:
        names = set(conn.execute(text("SELECT name FROM sqlite_master")).scalars())
        gone = {"note_fts_postings", "note_fts_docs", "note_fts_pending"}
        assert not {n for n in names if n in gone or n.startswith("note_fts_pending_")}


def test_without_its_tables_the_search_falls_back_and_repair_makes_them_again(cli, editions, db_url) -> None:
    from tracker import db
    from tracker.personal.search import search

    for body in ("model gpu", "model model", "注意力"):
        assert cli("log-notes", "lmconf2026", "--text", body).code == 0
    with db.session(db_url, write=True) as s:
        for name in ("note_fts_postings", "note_fts_docs", "note_fts_pending"):
            s.execute(text(f"DROP TABLE {name}"))
        for trigger in ("insert", "delete", "update"):
            s.execute(text(f"DROP TRIGGER note_fts_pending_after_{trigger}"))
        assert [hit.id for hit in search(s.connection(), "model")] == [2, 1]
    assert cli("db", "repair").code == 0
    with db.session(db_url) as s:
        assert _index(s)[1][0] == [1, 2, 3]
        _check(s, "model", 5, None)
