"""tracker plan list|add|done|undo, tracker status KEY STATUS and tracker mine."""

from __future__ import annotations

import json
import shlex

import pytest

from tests.conftest import Cli


def test_plan_command_lines(cli: Cli, editions) -> None:
    empty = cli("plan", "list", "lmconf2026")
    assert empty.code == 0 and "No plan items" in empty.err
    assert cli("contacts", "add", "Ilya").code == 0
    steps = [
        ("plan", "add", "lmconf2026", "Keynote on scaling", "--kind", "session"),
        (
            "plan",
            "add",
            "lmconf2026",
            "Meet Ilya",
            "--kind",
            "person",
            "--contact",
            "ilya",
            "--due",
            "2026-03-21",
        ),
        ("plan", "add", "lmconf2026", "Why does --flag help?", "--kind", "question"),
        ("plan", "add", "lmconf2026", "Chinchilla paper", "--kind", "reading", "--due", "7d"),
        ("plan", "add", "--json", "lmconf2026", "Book the hotel"),
    ]
    for step in steps:
        result = cli(*step)
        assert result.code == 0, (step, result.err)
    assert json.loads(result.out)["kind"] == "task"
    assert cli("plan", "done", "lmconf2026", "2").code == 0
    assert cli("plan", "done", "lmconf2026", "5", "--json").code == 0
    assert cli("plan", "undo", "lmconf2026", "5").code == 0
    plan = json.loads(cli("plan", "list", "lmconf2026", "--json").out)
    items = plan["items"]
    assert [i["n"] for i in items] == [1, 2, 3, 4, 5]
    assert [i["done"] for i in items] == [False, True, False, False, False]
    assert items[1]["contact"] == "Ilya" and items[1]["due"] == "2026-03-21"
    assert items[2]["text"] == "Why does --flag help?"
    assert items[3]["due"] == "2026-03-08"
    readings = json.loads(cli("plan", "list", "lmconf2026", "--kind", "reading", "--json").out)["items"]
    assert [i["text"] for i in readings] == ["Chinchilla paper"]
    table = cli("plan", "list", "lmconf2026")
    assert "Chinchilla paper" in table.out and "4 open" in table.out


def test_the_empty_plan_hint_works_as_printed(cli: Cli, editions) -> None:
    empty = cli("plan", "list", "lmconf2026")
    hint = empty.err.split(": ", 1)[1].strip()
    words = shlex.split(hint)
    assert words[:4] == ["tracker", "plan", "add", "lmconf2026"], hint
    added = cli(*words[1:])
    assert added.code == 0, (hint, added.err)
    assert "No plan items" not in cli("plan", "list", "lmconf2026").err


def test_plan_mistakes(cli: Cli, editions) -> None:
    cli("plan", "add", "lmconf2026", "one")
    cases = {
        ("plan", "add", "lmconf2026", "x", "--kind", "sesion"): (2, "did you mean: session"),
        ("plan", "add", "lmconf2026", "x", "--due", "someday"): (2, "invalid --due date"),
        ("plan", "done", "lmconf2026", "7"): (2, "no plan item 7 (items are 1..1)"),
        ("plan", "done", "lmconf2026", "first"): (2, "Invalid value for 'N'"),
        ("plan", "dne", "lmconf2026", "1"): (2, "Did you mean 'done'?"),
        ("plan", "add", "lmconf2026"): (2, "Missing argument 'TEXT'"),
        ("plan", "list", "lmcomf2026"): (2, "unknown conference"),
        # The old word order (KEY first) is refused, not read as a key.
        ("plan", "lmconf2026", "add", "x"): (2, "No such command 'lmconf2026'"),
    }
    for args, (code, text) in cases.items():
        result = cli(*args)
        assert (result.code, result.err.count("\n")) == (code, 1), (args, result.err)
        assert text in result.err, (args, result.err)
    assert len(json.loads(cli("plan", "list", "lmconf2026", "--json").out)["items"]) == 1


def test_status_history_and_mine(cli: Cli, editions, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("status", "lmconf2026", "interested", "--on", "2026-01-10").code == 0
    assert cli("status", "lmconf2026", "registered").code == 0
    assert cli("status", "vizconf2026", "submitted", "--on", "2026-02-01").code == 0
    # A step recorded late but dated earlier goes into the history, not on top.
    late = cli("status", "lmconf2026", "planning", "--on", "2026-02-01")
    assert late.code == 0 and "Recorded planning in the history" in late.err
    mine = json.loads(cli("mine", "--json").out)
    assert [(m["key"], m["status"]) for m in mine] == [
        ("vizconf2026", "submitted"),
        ("lmconf2026", "registered"),
    ]
    lm = mine[1]
    assert [h["status"] for h in lm["history"]] == ["interested", "planning", "registered"]
    assert (lm["since"], lm["next_date"], lm["next_what"]) == (
        "2026-03-01",
        "2026-03-10",
        "registration deadline",
    )
    assert mine[0]["next_date"] == "2026-07-10" and mine[0]["next_what"] == "starts"
    only = json.loads(cli("mine", "--status", "submitted", "--json").out)
    assert [m["key"] for m in only] == ["vizconf2026"]
    # After the deadline, the next date is the conference itself.
    monkeypatch.setenv("TRACKER_NOW", "2026-03-12T00:00:00Z")
    lm = json.loads(cli("mine", "--json").out)[1]
    assert (lm["next_date"], lm["next_what"]) == ("2026-03-20", "starts")
    table = cli("mine")
    assert "vizconf2026" in table.out and "registered" in table.out


def test_status_mistakes(cli: Cli, editions) -> None:
    cases = {
        ("status", "lmconf2026", "going"): (2, "unknown status 'going'"),
        ("status", "lmconf2026", "atended"): (2, "did you mean: attended"),
        ("status", "lmconf2062", "interested"): (2, "LMConf has no 2062 edition"),
        ("status", "nosuchconf2026", "interested"): (2, "unknown conference"),
        ("status", "lmconf2026", "interested", "--on", "2026-02-31"): (2, "invalid --on date"),
        ("mine", "--status", "maybe"): (2, "unknown status"),
    }
    for args, (code, text) in cases.items():
        result = cli(*args)
        assert (result.code, result.err.count("\n")) == (code, 1), (args, result.err)
        assert text in result.err, (args, result.err)
    assert json.loads(cli("mine", "--json").out) == []


def test_dates_helper() -> None:
    from datetime import date

    import pytest

    from tracker.clock import parse_day
    from tracker.errors import Invalid

    # TRACKER_NOW is pinned to 2026-03-01.
    assert parse_day("2026-04-01") == date(2026, 4, 1)
    assert parse_day("7d") == date(2026, 3, 8)
    assert parse_day("+2w") == date(2026, 3, 15)
    assert parse_day("0d") == parse_day("today") == date(2026, 3, 1)
    assert parse_day("Tomorrow") == date(2026, 3, 2)
    for bad in ("", "7", "d7", "2026-02-30", "next week", "-3d"):
        with pytest.raises(Invalid):
            parse_day(bad)


def test_the_empty_mine_hint_names_a_real_edition_and_works_as_printed(cli: Cli) -> None:
    # On the seeded catalog (TRACKER_NOW 2026-03-01) the hint's edition is the next edition of
    # the best-rated series, not a placeholder.
    empty = cli("mine")
    assert empty.code == 0 and empty.out == ""
    words = shlex.split(empty.err.split("start the list with: ", 1)[1])
    assert words[:2] == ["tracker", "status"] and words[3] == "interested", empty.err
    assert words[2] != "KEY"
    marked = cli(*words[1:])
    assert marked.code == 0, marked.err
    assert [m["key"] for m in json.loads(cli("mine", "--json").out)] == [words[2]]
