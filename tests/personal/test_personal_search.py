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

    hits = search(session, query).hits
    assert isinstance(hits, list)


def test_many_matches_rank_only_the_newest_window(
    cli: Cli, editions, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.personal import search

    monkeypatch.setattr(search, "RANK_WINDOW", 3)
    for i in range(3):
        cli("log-notes", "lmconf2026", "--text", f"gpu gpu gpu gpu old note {i}")
    for i in range(3):
        cli("log-notes", "lmconf2026", "--text", f"gpu new note {i} with other words to dilute it")
    # Without the window the dense old notes would rank first.
    result = cli("notes", "search", "gpu", "--limit", "3", "--json")
    assert sorted(h["id"] for h in json.loads(result.out)) == [4, 5, 6]
    assert "best of the newest 3 shown" in result.err
    few = cli("notes", "search", "old", "--limit", "3", "--json")
    assert sorted(h["id"] for h in json.loads(few.out)) == [1, 2, 3] and "newest" not in few.err


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
