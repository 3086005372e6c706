"""Talks: add, show (with the demo to try), import a programme (CSV, JSON, iCalendar)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli

CSV_PROGRAMME = "\n".join(
    [
        "edition,title,speakers,abstract,session,start,end,timezone,topics",
        "zzicml2026,Recurrent networks that remember longer,Ada Lovelace; Alan Turing,"
        "LSTM and GRU cells on long sequences.,Room A,2026-07-07 09:00,2026-07-07 09:30,Asia/Seoul,",
        "zzicml2026,Denoising diffusion for molecules,Grace Hopper,,Room B,"
        "2026-07-07 10:00,2026-07-07 10:30,Asia/Seoul,graph-neural-networks",
        "",
    ]
)


def test_import_csv_then_again_reports_every_talk_unchanged(cli: Cli, catalog, tmp_path: Path) -> None:
    path = tmp_path / "programme.csv"
    path.write_text(CSV_PROGRAMME, encoding="utf-8")
    first = cli("talks", "import", str(path), "--json")
    assert first.code == 0, first.err
    assert json.loads(first.out)["created"] == 2
    again = json.loads(cli("talks", "import", str(path), "--json").out)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    text = cli("talks", "import", str(path))
    assert text.code == 0 and "0 new talks, 0 updated, 2 unchanged" in text.err
    # A changed row is an update; the other talk stays unchanged.
    path.write_text(CSV_PROGRAMME.replace("Room A", "Room C"), encoding="utf-8")
    changed = json.loads(cli("talks", "import", str(path), "--json").out)
    assert (changed["created"], changed["updated"], changed["unchanged"]) == (0, 1, 1)
    talks = json.loads(cli("talks", "list", "--edition", "zzicml2026", "--json").out)
    assert len(talks) == 2
    rnn = talks[0]
    assert rnn["starts_at"] == "2026-07-07T00:00:00Z"  # 09:00 in Seoul (UTC+9)
    assert rnn["timezone"] == "Asia/Seoul" and rnn["speakers"] == ["Ada Lovelace", "Alan Turing"]
    assert rnn["topics"][0]["topic"] == "recurrent-networks" and rnn["topics"][0]["source"] == "auto"
    manual = talks[1]["topics"]
    assert [(t["topic"], t["source"]) for t in manual] == [("graph-neural-networks", "manual")]


def test_show_ends_with_the_demo_to_try(cli: Cli, catalog) -> None:
    added = cli("talks", "add", "zzicml2026", "Character-level LSTM language models", "--json")
    talk_id = json.loads(added.out)["talk"]["id"]
    shown = cli("talks", "show", str(talk_id))
    assert shown.code == 0
    assert shown.out.rstrip().splitlines()[-1] == "Try it: tracker demo rnn"
    assert "because of:" in shown.out and "lstm" in shown.out


def test_override_topics_by_hand(cli: Cli, catalog) -> None:
    added = json.loads(cli("talks", "add", "zzicml2026", "Some talk about images", "--json").out)
    talk_id = str(added["talk"]["id"])
    result = json.loads(cli("talks", "topics", talk_id, "autoencoders", "--json").out)
    assert [(t["topic"], t["source"]) for t in result["topics"]] == [("autoencoders", "manual")]
    assert result["demos"] == ["tracker demo autoencoder"]


def test_import_json_and_ics(cli: Cli, catalog, tmp_path: Path) -> None:
    programme = {
        "edition": "zzacl2026",
        "timezone": "America/Los_Angeles",
        "talks": [
            {"title": "Machine translation for low-resource languages", "start": "2026-08-03 14:00"},
            {"title": "Tool-using language model agents", "start": "2026-08-03T21:00:00Z"},
        ],
    }
    path = tmp_path / "p.json"
    path.write_text(json.dumps(programme), encoding="utf-8")
    assert cli("talks", "import", str(path)).code == 0
    ics = tmp_path / "p.ics"
    ics.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\nUID:1@x\r\n"
        b"DTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Europe/Vienna:20260804T100000\r\n"
        b"SUMMARY:Adversarial examples against image classifiers\r\nLOCATION:Hall 1\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert cli("talks", "import", str(ics), "--edition", "zzacl2026").code == 0
    talks = {t["title"]: t for t in json.loads(cli("talks", "list", "--json").out)}
    assert talks["Machine translation for low-resource languages"]["starts_at"] == "2026-08-03T21:00:00Z"
    vienna = talks["Adversarial examples against image classifiers"]
    assert vienna["starts_at"] == "2026-08-04T08:00:00Z" and vienna["session"] == "Hall 1"
    assert vienna["topics"][0]["topic"] == "robustness"


def test_bad_row_is_named_and_nothing_is_written(cli: Cli, catalog, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "edition,title,start,timezone\nzzicml2026,Fine talk,2026-07-07 09:00,UTC\n"
        "zzicml2026,Broken talk,2026-07-07 09:00,Mars/Olympus\n",
        encoding="utf-8",
    )
    result = cli("talks", "import", str(path))
    assert result.code == 2
    assert "bad.csv row 3: field 'start'" in result.err
    assert json.loads(cli("talks", "list", "--json").out) == []
    missing = cli("talks", "import", str(tmp_path / "nope.csv"))
    assert missing.code == 2 and "no such file" in missing.err
    unknown = cli("talks", "add", "zzneurips2026", "A talk")
    assert unknown.code == 2 and unknown.err.startswith("tracker: error:")


def test_an_ics_event_that_cannot_be_placed_is_named_and_skipped_the_rest_imported(
    cli: Cli, catalog, tmp_path: Path
) -> None:
    path = tmp_path / "programme.ics"
    path.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
        b"BEGIN:VEVENT\r\nUID:k1\r\nSUMMARY:Keynote on sequence models\r\nDTSTART:20260707T000000Z\r\n"
        b"END:VEVENT\r\nBEGIN:VEVENT\r\nUID:m1\r\nSUMMARY:A talk on Mars\r\n"
        b"DTSTART;TZID=Mars/Olympus:20260707T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = cli("talks", "import", str(path), "--edition", "zzicml2026")
    assert result.code == 0, result.err
    skipped = "event m1 (A talk on Mars): DTSTART: unknown TZID 'Mars/Olympus'; skipped"
    assert f"warning: programme.ics: {skipped}" in result.err and "1 new talks" in result.err
    stored = json.loads(cli("talks", "list", "--json").out)
    assert [t["title"] for t in stored] == ["Keynote on sequence models"]
    no_edition = cli("talks", "import", str(path))
    assert no_edition.code == 2 and "give --edition" in no_edition.err
    bad_zone = cli("talks", "import", str(path), "--edition", "zzicml2026", "--tz", "Mars/Olympus")
    assert bad_zone.code == 2 and bad_zone.err.startswith("tracker: error: programme.ics:")


def test_talks_and_notes_are_listed_in_local_time_not_utc(
    cli: Cli, catalog: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    # A 10:00 Sydney talk is 23:00 UTC the day before: listed in UTC it lands on the wrong day.
    added = cli(
        "talks",
        "add",
        "zzacl2026",
        "Morning keynote",
        "--start",
        "2026-12-07 10:00",
        "--tz",
        "Australia/Sydney",
    )
    assert added.code == 0, added.err
    listed = cli("talks", "list").out
    assert "2026-12-07 10:00 AEDT" in listed and "2026-12-06" not in listed
    # A note is the person's own: shown in their zone (TRACKER_NOW is 2026-03-01 12:00 UTC).
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        assert cli("log-notes", "zzacl2026", "--text", "a note written at noon").code == 0
        notes = cli("notes", "list").out
        assert "2026-03-01 20:00 CST" in notes and "UTC" not in notes
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
