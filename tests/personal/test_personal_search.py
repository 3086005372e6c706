"""tracker notes search: any text is a valid query; the index follows edits and deletes."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Cli

NOTES = {
    "followup": "Plan a follow-up with the speaker about retrieval",
    "cpp": "Kernels written in C++ beat the Python baseline",
    "quote": 'She said "attention is all you need" again',
    "and": "Tokenizers AND optimizers: notes on both",
    "unicode": "Café in Zürich: ideas about naïve Bayes and 東京 datasets",
    "transformers": "Transformers scale; transformation of inputs matters",
    "near": "NEAR( the poster hall, OR NOT, the panel said",
}

AWKWARD = [
    "follow-up",
    "C++",
    '"',
    "AND",
    "*",
    "''",
    "OR NOT",
    "NEAR(",
    "(",
    ")",
    "-",
    "^",
    ":",
    "a:b",
    "NOT",
    'x"y',
    "**",
    "col:value",
    "{a b}",
    "\\",
    "'; DROP TABLE note; --",
    "\x00",
    "   ",
    "東京",
    "naive",
]


@pytest.fixture
def noted(cli: Cli, editions) -> dict[str, int]:
    ids = {}
    for name, text in NOTES.items():
        result = cli("log-notes", "lmconf2026", "--text", text, "--json")
        assert result.code == 0, result.err
        ids[name] = json.loads(result.out)["id"]
    return ids


def _search(cli: Cli, *words: str) -> list[int]:
    result = cli("notes", "search", "--json", "--", *words)
    assert result.code == 0, (words, result.err)
    return [hit["id"] for hit in json.loads(result.out)]


@pytest.mark.parametrize("query", AWKWARD)
def test_awkward_queries_never_crash(cli: Cli, noted, query) -> None:
    if not query.strip(" \x00"):  # a blank argument, or a NUL no shell can pass: a bad argument
        result = cli("notes", "search", "--", query)
        assert result.code == 2 and result.err.count("\n") == 1, result.err
        return
    _search(cli, query)
    table = cli("notes", "search", "--", query)
    assert table.code == 0, table.err


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("follow-up", {"followup"}),
        ("C++", {"cpp"}),
        ("AND", {"and", "unicode"}),  # a plain word, not the operator
        ("OR NOT", {"near"}),
        ("NEAR(", {"near"}),
        ('"attention', {"quote"}),
        ("cafe", {"unicode"}),  # diacritics folded
        ("zurich", {"unicode"}),
        ("東京", {"unicode"}),
        ("transform*", {"transformers"}),
        ("transformers", {"transformers"}),
        ("kernels baseline", {"cpp"}),  # every word must match
        ("kernels retrieval", set()),
    ],
)
def test_queries_find_the_right_notes(cli: Cli, noted, query, expected) -> None:
    assert set(_search(cli, query)) == {noted[name] for name in expected}


@pytest.mark.parametrize("query", ["*", '"', "''"])
def test_queries_without_words_give_an_empty_result(cli: Cli, noted, query) -> None:
    assert _search(cli, query) == []


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_query_is_a_bad_argument(cli: Cli, noted, query) -> None:
    result = cli("notes", "search", "--", query)
    assert result.code == 2 and "empty value" in result.err and result.err.count("\n") == 1


def test_best_match_first_with_highlighted_snippet(cli: Cli, editions) -> None:
    cli(
        "log-notes",
        "lmconf2026",
        "--text",
        "diffusion once, then a long tangent about many other things " * 3,
    )
    cli("log-notes", "lmconf2026", "--text", "diffusion diffusion diffusion models")
    result = cli("notes", "search", "diffusion", "--json")
    hits = json.loads(result.out)
    assert [h["id"] for h in hits] == [2, 1]
    assert hits[0]["score"] > hits[1]["score"]
    assert "**diffusion**" in hits[0]["snippet"]


def test_edit_and_delete_keep_the_index_right(cli: Cli, noted) -> None:
    note_id = noted["cpp"]
    assert cli("notes", "edit", str(note_id), "--text", "Rewritten in Rust now").code == 0
    assert _search(cli, "C++") == []
    assert _search(cli, "kernels") == []
    assert _search(cli, "rust") == [note_id]
    assert cli("notes", "rm", str(note_id)).code == 0
    assert _search(cli, "rust") == []
    assert set(_search(cli, "follow-up")) == {noted["followup"]}


def test_search_within_one_edition(cli: Cli, editions) -> None:
    cli("log-notes", "lmconf2026", "--text", "robotics on lmconf")
    cli("log-notes", "vizconf2026", "--text", "robotics on vizconf")
    result = cli("notes", "search", "robotics", "--edition", "vizconf2026", "--json")
    assert [h["edition"] for h in json.loads(result.out)] == ["vizconf2026"]


def test_db_repair_rebuilds_an_emptied_index(cli: Cli, noted, db_url) -> None:
    from sqlalchemy import text

    from tracker import db

    with db.session(db_url, write=True) as s:
        s.execute(text("INSERT INTO note_fts(note_fts) VALUES ('delete-all')"))
    assert _search(cli, "follow-up") == []
    result = cli("db", "repair")
    assert result.code == 0, result.err
    assert f"over {len(NOTES)} notes" in result.err
    assert _search(cli, "follow-up") == [noted["followup"]]


def test_db_repair_recreates_a_dropped_index(cli: Cli, noted, db_url) -> None:
    from sqlalchemy import text

    from tracker import db

    with db.session(db_url, write=True) as s:
        for trigger in ("note_fts_after_insert", "note_fts_after_delete", "note_fts_after_update"):
            s.execute(text(f"DROP TRIGGER {trigger}"))
        s.execute(text("DROP TABLE note_fts"))
    result = cli("db", "repair", "--json")
    assert json.loads(result.out) == {"notes": len(NOTES), "index_recreated": True}
    assert _search(cli, "C++") == [noted["cpp"]]
    cli("log-notes", "lmconf2026", "--text", "after repair the triggers work")
    assert len(_search(cli, "repair")) == 1


def test_build_match_quotes_every_word() -> None:
    from tracker.personal.search import build_match

    assert build_match('follow-up C++ transf* say"what') == '"follow-up" "C++" "transf"* "say""what"'
    assert build_match("AND OR NOT") == '"AND" "OR" "NOT"'
    assert build_match("* '' \"") is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=40))
def test_any_text_is_a_valid_query(session, query: str) -> None:
    from tracker.personal.search import search

    hits = search(session.connection(), query)
    assert isinstance(hits, list)


def test_more_matches_than_the_old_window_are_all_ranked(cli: Cli, editions, db_url) -> None:
    """Issue 14: a word in 16,001 notes was ranked over the newest 16,000 only, so the best
    note (the oldest here) was never shown; now every match is ranked and nothing is said."""
    from sqlalchemy import text

    from tracker import db

    with db.session(db_url, write=True) as s:
        edition_id = s.execute(text("SELECT id FROM edition WHERE key = 'lmconf2026'")).scalar_one()
        bodies = ["gpu gpu gpu gpu dense"] + [f"gpu note {i} among many other words" for i in range(16_000)]
        s.execute(
            text("INSERT INTO note (edition_id, body, created_at) VALUES (:edition, :body, '2026-01-01')"),
            [{"edition": edition_id, "body": body} for body in bodies],
        )
    result = cli("notes", "search", "gpu", "--limit", "1", "--json")
    assert [h["id"] for h in json.loads(result.out)] == [1]
    assert "newest" not in result.err


def test_equal_scores_list_the_newest_first(cli: Cli, editions) -> None:
    for _ in range(4):
        cli("log-notes", "lmconf2026", "--text", "the same words in every note")
    assert _search(cli, "same") == [4, 3, 2, 1]


def test_an_edition_filter_ranks_only_that_editions_notes(cli: Cli, editions) -> None:
    cli("log-notes", "vizconf2026", "--text", "gpu gpu gpu gpu gpu the best match, elsewhere")
    cli("log-notes", "lmconf2026", "--text", "gpu gpu gpu dense but old")
    for i in range(3):
        cli("log-notes", "lmconf2026", "--text", f"gpu note {i} with a few more words")
    result = cli("notes", "search", "gpu", "--edition", "lmconf2026", "--limit", "3", "--json")
    assert [h["id"] for h in json.loads(result.out)] == [2, 5, 4] and result.err == ""


def test_a_hit_shows_its_notes_edition_contact_and_tags(cli: Cli, editions) -> None:
    assert cli("contacts", "add", "Ada Lovelace").code == 0
    cli("log-notes", "lmconf2026", "--text", "met her at the poster", "--contact", "Ada Lovelace",
        "--tag", "poster", "--tag", "followup")  # fmt: skip
    cli("log-notes", "vizconf2026", "--text", "a poster without anyone")
    hits = {h["edition"]: h for h in json.loads(cli("notes", "search", "poster", "--json").out)}
    assert hits["lmconf2026"]["contact"] == "Ada Lovelace"
    assert hits["lmconf2026"]["tags"] == ["followup", "poster"]
    assert hits["vizconf2026"]["contact"] is None and hits["vizconf2026"]["tags"] == []
    assert hits["lmconf2026"]["created_at"].startswith("2026-")


@pytest.mark.parametrize("cap", [32, 1])
def test_prefix_searches_spelled_out_or_native_find_the_same_notes(
    cli: Cli, editions, monkeypatch: pytest.MonkeyPatch, cap
) -> None:
    from tracker.personal import search

    monkeypatch.setattr(search, "MAX_PREFIX_TERMS", cap)  # 1: "optim*" covers 2 terms -> native prefix
    texts = [
        "optimizer state",
        "optimization tricks",
        "optical flow",
        "Über-optimiste café",
        "follow-ups later",
    ]
    for body in texts:
        cli("log-notes", "lmconf2026", "--text", body)
    found = lambda q: sorted(_search(cli, q))  # noqa: E731
    assert found("optim*") == [1, 2, 4]
    assert found("OPTI*") == [1, 2, 3, 4]
    assert found("opti* flow") == [3]
    assert found("über*") == [4]
    assert found("uber*") == [4]
    assert found("follow-u*") == [5]
    assert found("zzz*") == []
    assert found("zzz* optimizer") == []


# --- Chinese and mixed Chinese/English notes (issue 15) ----------------------------------------

CHINESE = {
    "talk": "今天听了关于注意力机制的报告…和张伟讨论了大模型的对齐问题。",
    "mixed": "我们用Transformer做机器翻译，kernels 写成 C++，效果比 baseline 好。",
    "other": "下午去了海报区，看了强化学习的论文。",
    "fullwidth": "ＧＰＴ－４的评测方法",
}


@pytest.fixture
def chinese(cli: Cli, editions) -> dict[str, int]:
    ids = {}
    for name, text in CHINESE.items():
        result = cli("log-notes", "lmconf2026", "--text", text, "--json")
        assert result.code == 0, result.err
        ids[name] = json.loads(result.out)["id"]
    return ids


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("注意力", {"talk"}),  # a word inside a run of characters
        ("大模型", {"talk"}),
        ("对齐", {"talk"}),
        ("张伟", {"talk"}),  # a name
        ("注意*", {"talk"}),  # a prefix
        ("机制的报告", {"talk"}),
        ("学习", {"other"}),
        ("翻译 kernels", {"mixed"}),  # every word must match, in either script
        ("transformer", {"mixed"}),  # an English word inside Chinese text
        ("transf*", {"mixed"}),
        ("C++ 翻译", {"mixed"}),
        ("gpt", {"fullwidth"}),  # fullwidth letters typed with a Chinese input method
        ("的", {"talk", "other", "fullwidth"}),
        ("注意力机制报告", set()),  # the characters must be in this order, together
        ("模型翻译", set()),
    ],
)
def test_chinese_words_and_prefixes_are_found(cli: Cli, chinese, query, expected) -> None:
    assert set(_search(cli, query)) == {chinese[name] for name in expected}


@pytest.mark.parametrize(
    "query", ["注意*", '"', "C++ 模型", "“注意力”", "（", '注意力"', "*注意", "。", "ー"]
)
def test_awkward_chinese_queries_never_crash(cli: Cli, chinese, query) -> None:
    _search(cli, query)
    assert cli("notes", "search", "--", query).code == 0


def test_chinese_snippet_reads_as_written_with_the_match_marked(cli: Cli, chinese) -> None:
    hits = json.loads(cli("notes", "search", "--json", "大模型").out)
    snippet = hits[0]["snippet"]
    assert "**大模型**" in snippet  # one mark around the word, not one per character
    assert "\u200b" not in snippet and "讨论了" in snippet


def test_chinese_notes_follow_edits(cli: Cli, chinese) -> None:
    note = chinese["other"]
    assert cli("notes", "edit", str(note), "--text", "晚上和李娜聊了扩散模型").code == 0
    assert _search(cli, "强化学习") == []
    assert _search(cli, "扩散模型") == [note]
    assert cli("notes", "rm", str(note)).code == 0
    assert _search(cli, "扩散") == []


def test_mixed_notes_rank_by_bm25(cli: Cli, editions) -> None:
    cli("log-notes", "lmconf2026", "--text", "对齐一次，然后讲了很多别的事情：数据、评测、部署、成本。" * 3)
    cli("log-notes", "lmconf2026", "--text", "对齐，对齐，还是对齐")
    hits = json.loads(cli("notes", "search", "对齐", "--json").out)
    assert [h["id"] for h in hits] == [2, 1]
    assert hits[0]["score"] > hits[1]["score"]


def test_a_search_reads_without_the_orm(db_url: str, editions) -> None:
    """Issue 14: notes search is a Core read (no sqlalchemy.orm, no mapped class), near the import floor."""
    from tests.conftest import imported_by_run

    argv = ["--db", db_url, "notes", "search", "model", "--edition", "lmconf2026", "--json"]
    # Nor NumPy: on an index of a person's few notes FTS5 ranks them all before NumPy is loaded.
    heavy = ["sqlalchemy.orm", "tracker.models.catalog", "tracker.models.personal", "pydantic", "numpy"]
    assert imported_by_run(argv, heavy) == []


def test_writing_a_note_loads_the_search_arrays_only_when_it_settles_them(db_url: str, editions) -> None:
    from tests.conftest import imported_by_run

    argv = ["--db", db_url, "log-notes", "lmconf2026", "--text", "a talk on attention"]
    assert imported_by_run(argv, ["numpy", "tracker.personal.search_index"]) == []
