"""tracker contacts and tracker followups."""

from __future__ import annotations

import json

from tests.conftest import Cli


def _add(cli: Cli, *args: str) -> dict:
    result = cli("contacts", "add", *args, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_add_show_list_edit_rm(cli: Cli, editions) -> None:
    added = _add(
        cli,
        "Yoshua  Bengio",
        "--affiliation",
        "Mila",
        "--email",
        "yb@example.org",
        "--url",
        "https://mila.quebec",
        "--topics",
        "deep learning, safety, deep learning",
        "--met",
        "lmconf2026",
        "--note",
        "ask about GFlowNets",
    )
    assert added["name"] == "Yoshua Bengio"
    assert added["topics"] == ["deep learning", "safety"]
    assert added["met"] == "lmconf2026"
    cli("log-notes", "lmconf2026", "--contact", "bengio", "--text", "talked about safety")
    shown = json.loads(cli("contacts", "show", "yoshua", "--json").out)
    assert shown["note_ids"] == [1]
    assert cli("contacts", "edit", "Yoshua Bengio", "--affiliation", "", "--email", "y@b.org").code == 0
    shown = json.loads(cli("contacts", "show", "Yoshua Bengio", "--json").out)
    assert (shown["affiliation"], shown["email"]) == (None, "y@b.org")
    assert [c["name"] for c in json.loads(cli("contacts", "list", "--met", "lmconf2026", "--json").out)] == [
        "Yoshua Bengio"
    ]
    assert cli("contacts", "rm", "Yoshua").code == 0
    assert json.loads(cli("contacts", "list", "--json").out) == []
    # The note stays, without its contact.
    note = json.loads(cli("notes", "show", "1", "--json").out)
    assert note["body"] == "talked about safety" and note["contact"] is None


def test_user_mistakes_get_one_line_and_nonzero_exit(cli: Cli, editions) -> None:
    _add(cli, "Fei-Fei Li")
    _add(cli, "Andrew Ng")
    _add(cli, "Andrew Zisserman")
    cases = {
        ("contacts", "show", "Fei Fei Lee"): (2, 'did you mean: "Fei-Fei Li"?'),
        ("contacts", "show", "andrew"): (2, "matches several contacts"),
        ("contacts", "add", "andrew ng"): (1, "a contact named 'Andrew Ng' exists"),
        ("contacts", "add", "X", "--email", "not-an-email"): (2, "invalid email"),
        ("contacts", "add", "X", "--url", "mila.quebec"): (2, "invalid URL"),
        ("contacts", "add", "X", "--met", "lmconf2062"): (2, "LMConf has no 2062 edition"),
        ("contacts", "follow-up", "Nobody", "--on", "7d", "--what", "x"): (2, "unknown contact 'Nobody'"),
        ("contacts", "follow-up", "Andrew Ng", "--on", "next week", "--what", "x"): (2, "invalid --on date"),
        ("contacts", "follow-up", "Andrew Ng", "--on", "2026-13-01", "--what", "x"): (2, "invalid --on date"),
        ("followups", "--due", "soon"): (2, "invalid --due date"),
    }
    for args, (code, text) in cases.items():
        result = cli(*args)
        assert result.code == code, (args, result.err)
        assert text in result.err, (args, result.err)
        assert result.err.count("\n") == 1 and result.err.startswith("tracker: error: "), result.err
    assert len(json.loads(cli("contacts", "list", "--json").out)) == 3


def test_search_matches_every_field_literally(cli: Cli, editions) -> None:
    _add(cli, "Ana", "--affiliation", "DeepMind", "--topics", "rl")
    _add(cli, "Ben", "--note", "100% sure about under_score")
    _add(cli, "Cleo", "--email", "cleo@mind.org")
    found = lambda *w: [c["name"] for c in json.loads(cli("contacts", "search", *w, "--json").out)]  # noqa: E731
    assert found("mind") == ["Ana", "Cleo"]
    assert found("mind", "rl") == ["Ana"]
    assert found("100%") == ["Ben"]
    assert found("%") == ["Ben"]
    assert found("_") == ["Ben"]
    assert found("zzz") == []


def test_followups_due_and_overdue(cli: Cli, editions) -> None:
    _add(cli, "Ada")
    # Today is pinned to 2026-03-01.
    cli("contacts", "follow-up", "Ada", "--on", "2026-02-25", "--what", "overdue thing")
    cli("contacts", "follow-up", "Ada", "--on", "today", "--what", "today thing")
    cli("contacts", "follow-up", "Ada", "--on", "5d", "--what", "in five days")
    cli("contacts", "follow-up", "Ada", "--on", "2w", "--what", "in two weeks")
    due = lambda *a: [f["what"] for f in json.loads(cli("followups", *a, "--json").out)]  # noqa: E731
    assert due() == ["overdue thing", "today thing"]
    assert due("--due", "7d") == ["overdue thing", "today thing", "in five days"]
    assert due("--due", "2026-03-15") == ["overdue thing", "today thing", "in five days", "in two weeks"]
    overdue = json.loads(cli("followups", "--json").out)[0]
    assert overdue["overdue_days"] == 4
    assert cli("followups", "--done", str(overdue["id"])).code == 0
    assert due() == ["today thing"]
    assert cli("followups", "--done", "99").code == 2
