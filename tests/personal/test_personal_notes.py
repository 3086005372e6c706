"""tracker log-notes and tracker notes list|show|edit|rm: text from --text, stdin or the editor."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli
from tracker.config import FALLBACK_EDITORS as SYSTEM_EDITORS  # read before any test patches it


def _notes(cli: Cli) -> list[dict]:
    result = cli("notes", "list", "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_note_from_text_option_keeps_links_tags_and_timestamp(cli: Cli, editions) -> None:
    assert cli("contacts", "add", "Grace Hopper", "--affiliation", "Navy").code == 0
    result = cli(
        "log-notes",
        "lmconf2026",
        "--talk",
        "42",
        "--contact",
        "grace",
        "--tag",
        "LLM",
        "--tag",
        "#eval",
        "--text",
        "## Scaling\n\n- loss keeps falling\n",
        "--json",
    )
    assert result.code == 0, result.err
    note = json.loads(result.out)
    assert note["edition"] == "lmconf2026"
    assert note["talk_id"] == 42
    assert note["contact"] == "Grace Hopper"
    assert note["tags"] == ["eval", "llm"]
    assert note["body"] == "## Scaling\n\n- loss keeps falling"
    assert note["created_at"] == "2026-03-01T12:00:00Z"
    shown = cli("notes", "show", str(note["id"]))
    assert "## Scaling" in shown.out and "Grace Hopper" in shown.out and "#llm" in shown.out


def test_a_talk_must_exist_and_belong_to_the_edition(cli: Cli, editions) -> None:
    unknown = cli("log-notes", "lmconf2026", "--talk", "987654", "--text", "x")
    assert unknown.code == 2 and "no talk with id 987654" in unknown.err
    elsewhere = cli("log-notes", "lmconf2026", "--talk", "99", "--text", "x")
    assert elsewhere.code == 2 and "is at vizconf2026, not at lmconf2026" in elsewhere.err
    assert _notes(cli) == []
    assert cli("log-notes", "lmconf2026", "--text", "x").code == 0
    assert cli("notes", "edit", "1", "--talk", "99").code == 2
    assert _notes(cli)[0]["talk_id"] is None


def test_note_from_standard_input(cli: Cli, editions, piped_stdin) -> None:
    piped_stdin("piped **markdown** note\nsecond line\n")
    result = cli("log-notes", "lmconf2026", "--tag", "stdin")
    assert result.code == 0, result.err
    assert "Saved note 1" in result.err
    assert _notes(cli)[0]["body"] == "piped **markdown** note\nsecond line"


@pytest.mark.parametrize("text", ["", "   \n\t\n"])
def test_empty_text_saves_nothing_and_says_so(cli: Cli, editions, piped_stdin, text) -> None:
    piped_stdin(text)
    result = cli("log-notes", "lmconf2026")
    assert result.code == 1
    assert result.err.strip() == "tracker: error: empty note: nothing saved"
    assert _notes(cli) == []
    assert cli("log-notes", "lmconf2026", "--text", "").code == 2  # an empty argument: malformed
    assert _notes(cli) == []


def test_editor_round_trip_with_fake_editor(cli: Cli, editions, terminal_stdin, fake_editor) -> None:
    log = fake_editor("Written in *my* editor\n")
    result = cli("log-notes", "lmconf2026", "--tag", "editor")
    assert result.code == 0, result.err
    assert _notes(cli)[0]["body"] == "Written in *my* editor"
    # The temporary file was a Markdown file and is gone afterwards.
    edited_path = Path(log.read_text().splitlines()[0])
    assert edited_path.suffix == ".md"
    assert not edited_path.exists()


def test_visual_wins_over_editor(cli: Cli, editions, terminal_stdin, fake_editor) -> None:
    fake_editor("from EDITOR")
    fake_editor("from VISUAL", variable="VISUAL")
    assert cli("log-notes", "lmconf2026").code == 0
    assert _notes(cli)[0]["body"] == "from VISUAL"


def test_editor_that_fails_saves_nothing(cli: Cli, editions, terminal_stdin, fake_editor) -> None:
    fake_editor("half a note", status=3)
    result = cli("log-notes", "lmconf2026")
    assert result.code == 1
    assert "editor exited with status 3; nothing saved" in result.err
    assert _notes(cli) == []


def test_editor_left_empty_saves_nothing(cli: Cli, editions, terminal_stdin, fake_editor) -> None:
    fake_editor("")
    result = cli("log-notes", "lmconf2026")
    assert result.code == 1
    assert "empty note: nothing saved" in result.err


def test_no_editor_and_a_terminal_says_how_to_give_text(
    cli: Cli, editions, terminal_stdin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no $EDITOR and no system editor to fall back on
    result = cli("log-notes", "lmconf2026")
    assert result.code == 1
    assert "--text" in result.err and "$EDITOR" in result.err


def test_unknown_edition_is_reported_before_the_editor_opens(
    cli: Cli, editions, terminal_stdin, fake_editor
) -> None:
    log = fake_editor("text that would be lost")
    result = cli("log-notes", "lmconf2062")
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "LMConf has no 2062 edition" in result.err
    assert not log.exists()


def test_unknown_edition_and_contact_get_suggestions(cli: Cli, editions) -> None:
    result = cli("log-notes", "lmcnf2026", "--text", "x")
    assert result.code == 2
    assert result.err.startswith("tracker: error: unknown conference") and "lmconf2026" in result.err
    cli("contacts", "add", "Katherine Johnson")
    result = cli("log-notes", "lmconf2026", "--contact", "Katherine Jonson", "--text", "x")
    assert result.code == 2
    assert "unknown contact 'Katherine Jonson' (did you mean: \"Katherine Johnson\"?)" in result.err
    assert result.err.count("\n") == 1
    assert _notes(cli) == []


def test_bad_talk_id_and_bad_tag_are_bad_arguments(cli: Cli, editions) -> None:
    assert cli("log-notes", "lmconf2026", "--talk", "abc", "--text", "x").code == 2
    result = cli("log-notes", "lmconf2026", "--tag", "no way!", "--text", "x")
    assert result.code == 2
    assert "invalid tag" in result.err


def test_edit_with_editor_starts_from_the_old_text(cli: Cli, editions, terminal_stdin, fake_editor) -> None:
    cli("log-notes", "lmconf2026", "--text", "first draft")
    fake_editor("and more")
    result = cli("notes", "edit", "1")
    assert result.code == 0, result.err
    note = _notes(cli)[0]
    assert note["body"] == "first draft\nand more"
    assert note["updated_at"] == "2026-03-01T12:00:00Z"


def test_edit_tags_contact_and_talk_without_touching_text(cli: Cli, editions) -> None:
    cli("contacts", "add", "Alan Kay")
    cli("log-notes", "lmconf2026", "--text", "body stays", "--tag", "old", "--talk", "7")
    result = cli("notes", "edit", "1", "--tag", "new", "--tag", "other", "--contact", "alan", "--no-talk")
    assert result.code == 0, result.err
    note = _notes(cli)[0]
    assert (note["body"], note["tags"], note["contact"], note["talk_id"]) == (
        "body stays",
        ["new", "other"],
        "Alan Kay",
        None,
    )


def test_list_filters_and_rm(cli: Cli, editions) -> None:
    cli("log-notes", "lmconf2026", "--text", "one", "--tag", "a")
    cli("log-notes", "vizconf2026", "--text", "two", "--tag", "b")
    cli("log-notes", "vizconf2026", "--text", "three", "--tag", "a")
    by_edition = json.loads(cli("notes", "list", "vizconf2026", "--json").out)
    assert [n["body"] for n in by_edition] == ["two", "three"]
    by_tag = json.loads(cli("notes", "list", "--tag", "A", "--json").out)
    assert [n["body"] for n in by_tag] == ["one", "three"]
    result = cli("notes", "rm", "2")
    assert result.code == 0 and "Deleted note 2" in result.err
    assert [n["id"] for n in _notes(cli)] == [1, 3]
    missing = cli("notes", "rm", "2")
    assert missing.code == 2 and "no note #2" in missing.err
    assert "no note #99" in cli("notes", "show", "99").err


def test_markup_in_notes_is_printed_literally(cli: Cli, editions) -> None:
    cli("contacts", "add", "[/x] Odd Name")
    cli("log-notes", "lmconf2026", "--text", "[bold]not bold[/bold] [/oops]", "--contact", "odd")
    listing = cli("notes", "list")
    assert listing.code == 0, listing.err
    assert "[/oops]" in cli("notes", "show", "1").out


def test_whole_process_stdin_and_empty_text(tmp_path: Path, editions) -> None:
    """The real command, in its own process, reading a real pipe."""
    env = {**os.environ}
    run = [sys.executable, "-m", "tracker", "log-notes", "lmconf2026"]
    saved = subprocess.run(
        run, input="from a real pipe\n", capture_output=True, text=True, env=env, check=False
    )
    assert saved.returncode == 0, saved.stderr
    empty = subprocess.run(run, input="\n\n", capture_output=True, text=True, env=env, check=False)
    assert empty.returncode == 1
    assert empty.stderr == "tracker: error: empty note: nothing saved\n"
    listed = subprocess.run(
        [sys.executable, "-m", "tracker", "notes", "list", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert [n["body"] for n in json.loads(listed.stdout)] == ["from a real pipe"]


def test_inline_hashtags_in_the_text_become_tags(cli: Cli, editions: object) -> None:
    text = "# Day two\nTalked about #RLHF with Ada (issue #12, C# code), see #diffusion-models."
    added = cli("log-notes", "lmconf2026", "--text", text, "--tag", "poster", "--json")
    assert added.code == 0, added.err
    assert json.loads(added.out)["tags"] == ["diffusion-models", "poster", "rlhf"]
    found = json.loads(cli("notes", "list", "--tag", "rlhf", "--json").out)
    assert [n["id"] for n in found] == [json.loads(added.out)["id"]]


def test_without_visual_or_editor_the_systems_editor_is_used(
    cli: Cli, editions: object, terminal_stdin: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import stat

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    editor = bin_dir / "sensible-editor"  # what Debian's alternatives system offers; git uses it too
    editor.write_text('#!/bin/sh\nprintf "written in the system editor" >> "$1"\n', encoding="utf-8")
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    from tracker import config

    monkeypatch.setattr(config, "FALLBACK_EDITORS", SYSTEM_EDITORS)  # the conftest had emptied it
    added = cli("log-notes", "lmconf2026", "--json")
    assert added.code == 0, added.err
    assert json.loads(added.out)["body"] == "written in the system editor"
