"""``tracker agenda``: ranking for me, picking, my days with clashes and poster routes, people."""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.learning import virtual_programme as fixture


@pytest.fixture
def programme(cli: Cli, catalog: Any, tmp_path: Path) -> dict[str, int]:
    """The 300-event fixture imported into zzicml2026 (Seoul); returns talk ids by event id."""
    path = fixture.write(tmp_path)
    imported = cli("talks", "import", str(path), "--edition", "zzicml2026", "--json")
    assert imported.code == 0, imported.err
    talks = json.loads(cli("talks", "list", "--edition", "zzicml2026", "--json").out)
    by_title_kind = {(t["title"], t["kind"]): t["id"] for t in talks}
    return {str(e["id"]): by_title_kind[(e["name"], e["eventtype"])] for e in fixture.events()}


def _days(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli("agenda", "days", "zzicml2026", "--json", *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_ranking_says_why_and_follows_interests_reading_and_contacts(
    cli: Cli, programme: dict[str, int]
) -> None:
    assert cli("profile", "set", "--interests", "speech").code == 0
    ranked = json.loads(cli("agenda", "zzicml2026", "--limit", "500", "--json").out)
    assert ranked and all("interest: speech" in r["why"] for r in ranked)
    assert all("speech recognition" in r["talk"]["title"] for r in ranked[:10])
    # An author who is a contact lifts their posters above the others.
    assert cli("contacts", "add", "Hedy Lamarr").code == 0
    again = json.loads(cli("agenda", "zzicml2026", "--limit", "5", "--json").out)
    assert all("contact: Hedy Lamarr" in r["why"] for r in again)
    assert again[0]["score"] > ranked[-1]["score"]


def test_clashes_are_found_across_time_zones(cli: Cli, catalog: Any, tmp_path: Path) -> None:
    # 09:00-10:00 in Vienna (07:00-08:00 UTC) and 15:30-16:30 in Seoul (06:30-07:30 UTC) overlap;
    # 16:30 in Seoul (07:30 UTC) starts before Vienna's ends too; 17:00 Seoul (08:00 UTC) does not.
    rows = [
        "edition,title,start,end,timezone",
        "zzicml2026,Vienna keynote,2026-07-07 09:00,2026-07-07 10:00,Europe/Vienna",
        "zzicml2026,Seoul tutorial,2026-07-07 15:30,2026-07-07 16:30,Asia/Seoul",
        "zzicml2026,Seoul late talk,2026-07-07 17:00,2026-07-07 17:30,Asia/Seoul",
    ]
    path = tmp_path / "p.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert cli("talks", "import", str(path)).code == 0
    ids = {t["title"]: t["id"] for t in json.loads(cli("talks", "list", "--json").out)}
    assert cli("agenda", "add", "zzicml2026", *map(str, ids.values())).code == 0
    agenda = _days(cli, "--tz", "UTC")
    entries = {e["title"]: e for d in agenda["days"] for s in d["sessions"] for e in s["entries"]}
    assert entries["Vienna keynote"]["conflicts"] == [
        f"conflicts with #{ids['Seoul tutorial']} Seoul tutorial"
    ]
    assert entries["Seoul tutorial"]["conflicts"] == [
        f"conflicts with #{ids['Vienna keynote']} Vienna keynote"
    ]
    assert entries["Seoul late talk"]["conflicts"] == []  # starts as the keynote ends
    assert agenda["clashes"] == 1
    assert (entries["Vienna keynote"]["local_start"], entries["Seoul tutorial"]["local_start"]) == (
        "07:00",
        "06:30",
    )
    # In the venue's zone (Seoul) the same instants read as Seoul's clock.
    venue = _days(cli, "--tz", "venue")
    assert venue["zone"] == "Asia/Seoul"
    starts = {
        e["title"]: e["local_start"] for d in venue["days"] for s in d["sessions"] for e in s["entries"]
    }
    assert starts == {"Vienna keynote": "16:00", "Seoul tutorial": "15:30", "Seoul late talk": "17:00"}


def test_a_poster_route_goes_room_by_room_in_poster_order(cli: Cli, programme: dict[str, int]) -> None:
    # Session 1 holds events 0, 6, 12, ...: positions 1, 2, 3, ... in rooms C, B, A, C, B, A...
    picked = [programme[str(100000 + 6 * k)] for k in (10, 2, 7, 0, 3, 12, 1)]
    assert cli("agenda", "add", "zzicml2026", *map(str, picked)).code == 0
    [day] = _days(cli, "--tz", "venue")["days"][:1]
    [block] = [s for s in day["sessions"] if s["name"] == "Poster Session 1"]
    stops = [(s["room"], s["position"]) for s in block["route"]]
    # Positions 11, 3, 8, 1, 4, 13, 2 picked; room of position p is ROOMS[p % 3] (C, B, A order).
    assert stops == [
        ("Hall A", "#3"),
        ("Hall B", "#2"), ("Hall B", "#8"), ("Hall B", "#11"),  # 11 after 8: by number, not by text
        ("Hall C", "#1"), ("Hall C", "#4"), ("Hall C", "#13"),
    ]  # fmt: skip
    # Seven posters of one session are the stops of one walk, not 21 clashes.
    assert _days(cli, "--tz", "venue")["clashes"] == 0
    assert all(e["conflicts"] == [] for e in block["entries"])


def _tutorial(cli: Cli, tmp_path: Path) -> int:
    """A tutorial on Tue 11:00-11:45 in Seoul, during Poster Session 1 (10:00-12:00)."""
    path = tmp_path / "tutorial.csv"
    path.write_text(
        "edition,title,start,end,timezone\n"
        "zzicml2026,Tutorial on robot learning,2026-07-07 11:00,2026-07-07 11:45,Asia/Seoul\n",
        encoding="utf-8",
    )
    assert cli("talks", "import", str(path)).code == 0
    listed = json.loads(cli("talks", "list", "--edition", "zzicml2026", "--json").out)
    [tutorial] = [t["id"] for t in listed if t["title"] == "Tutorial on robot learning"]
    return int(tutorial)


def test_a_poster_clashes_with_a_talk_held_during_its_session(
    cli: Cli, programme: dict[str, int], tmp_path: Path
) -> None:
    tutorial = _tutorial(cli, tmp_path)
    posters = [programme["100000"], programme["100006"]]
    assert cli("agenda", "add", "zzicml2026", *map(str, [*posters, tutorial])).code == 0
    days = _days(cli, "--tz", "venue")
    entries = {e["id"]: e for d in days["days"] for s in d["sessions"] for e in s["entries"]}
    assert len(entries[tutorial]["conflicts"]) == 2
    for poster in posters:
        assert entries[poster]["conflicts"] == [f"conflicts with #{tutorial} Tutorial on robot learning"]
    assert days["clashes"] == 2


def test_the_printed_agenda_fits_80_columns_and_marks_clashes(
    cli: Cli, programme: dict[str, int], tmp_path: Path
) -> None:
    picked = [programme["100000"], _tutorial(cli, tmp_path), programme["200000"], programme["100001"]]
    assert cli("agenda", "add", "zzicml2026", *map(str, picked)).code == 0
    shown = cli("agenda", "days", "zzicml2026", "--tz", "Asia/Seoul")
    assert shown.code == 0, shown.err
    lines = shown.out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[0] == "My agenda of zzicml2026 (times in Asia/Seoul)"
    assert "Tue 2026-07-07" in lines and "  10:00 Poster Session 1" in lines
    assert any(line.strip().startswith(f"! conflicts with #{picked[1]}") for line in lines)
    assert "    Route:" in lines


def test_notes_land_on_the_agenda_and_the_summary_says_what_i_attended(
    cli: Cli, programme: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    poster, oral = programme["100004"], programme["200001"]
    assert cli("agenda", "add", "zzicml2026", str(oral)).code == 0
    noted = cli("log-notes", "zzicml2026", "--talk", str(poster), "--text", "ask about the data")
    assert noted.code == 0, noted.err
    entries = {
        e["id"]: e for d in _days(cli, "--tz", "UTC")["days"] for s in d["sessions"] for e in s["entries"]
    }
    assert entries[poster]["notes"] == 1 and entries[poster]["attended"] is True
    assert entries[oral]["attended"] is False  # picked, not yet held
    monkeypatch.setenv("TRACKER_NOW", "2026-07-12T00:00:00Z")
    summary = cli("summary", "zzicml2026")
    assert summary.code == 0, summary.err
    assert f"- Talk {oral}: " in summary.out and f"- Talk {poster}: " in summary.out
    assert cli("agenda", "rm", "zzicml2026", str(oral)).code == 0
    missing = cli("agenda", "rm", "zzicml2026", str(oral))
    assert missing.code == 2 and "not on your agenda" in missing.err


def test_people_to_meet_and_a_contact_from_a_talk(cli: Cli, programme: dict[str, int]) -> None:
    talk = programme["100004"]  # authors: Emmy Noether, Hedy Lamarr (fixture._authors(4))
    assert cli("contacts", "add", "Hedy Lamarr").code == 0
    assert cli("agenda", "add", "zzicml2026", str(talk)).code == 0
    people = json.loads(cli("agenda", "people", "zzicml2026", "--json").out)
    assert [(p["name"], p["contact"]) for p in people] == [
        ("Hedy Lamarr", "Hedy Lamarr"),
        ("Emmy Noether", None),
    ]
    assert (people[0]["institution"], people[1]["institution"]) == (None, "University of Göttingen")
    # The table's hint names a real talk and person, so it works typed as printed.
    [hint] = [line for line in cli("agenda", "people", "zzicml2026").err.splitlines() if "Add one:" in line]
    command = shlex.split(hint.split("Add one: ", 1)[1])
    assert command == ["tracker", "contacts", "add", "--from-talk", str(talk), "Emmy Noether"]
    typed = cli(*command[1:], "--json")
    assert typed.code == 0, typed.err
    assert json.loads(typed.out)["affiliation"] == "University of Göttingen"
    assert cli("contacts", "rm", "Emmy Noether").code == 0
    added = cli("contacts", "add", "noether", "--from-talk", str(talk), "--json")
    assert added.code == 0, added.err
    contact = json.loads(added.out)
    assert (contact["name"], contact["affiliation"], contact["met"]) == (
        "Emmy Noether", "University of Göttingen", "zzicml2026",
    )  # fmt: skip
    wrong = cli("contacts", "add", "Turing", "--from-talk", str(talk))
    assert wrong.code == 2 and "no author of talk" in wrong.err
