"""Virtual-site programmes (NeurIPS, ICML, ICLR ``orals-posters.json``): every field, stubs, sync.

The fixture is built by :mod:`tests.learning.virtual_programme` (which says where each
field's shape comes from): 270 posters over six sessions and 30 orals of the same papers.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from sqlalchemy import select

from tests.conftest import Cli
from tests.learning import virtual_programme as fixture
from tracker import db
from tracker.markup import plain_text
from tracker.models.learning import Talk


def _stored(edition: str) -> dict[str, Talk]:
    with db.session() as s:
        talks = s.scalars(select(Talk).join(Talk.edition).where(Talk.edition.has(key=edition))).all()
        for talk in talks:
            s.expunge(talk)
    return {t.external_id or "": t for t in talks}


def _utc(text: str) -> datetime:
    """The UTC instant of a fixture time, computed here from its +09:00 offset by hand."""
    local = datetime.strptime(text[:19], "%Y-%m-%dT%H:%M:%S")
    assert text.endswith("+09:00")
    return (local - timedelta(hours=9)).replace(tzinfo=UTC)


def test_a_programme_of_three_hundred_events_imports_with_every_field_right(
    cli: Cli, catalog: Any, tmp_path: Path
) -> None:
    path = fixture.write(tmp_path)
    result = cli(
        "talks", "import", str(path), "--edition", "zzicml2026", "--json",
        "--abstracts", str(tmp_path / "icml-2026-abstracts.json"), "--base-url", "https://icml.cc",
    )  # fmt: skip
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert (report["created"], report["format"], report["warnings"]) == (300, "virtual", [])
    stored = _stored("zzicml2026")
    events = fixture.events()
    assert len(stored) == len(events) == 300
    for event in events:
        talk = stored[str(event["id"])]
        assert talk.title == event["name"]
        assert talk.kind == event["eventtype"]
        assert talk.session == event["session"]
        assert talk.room == event["room_name"]
        assert talk.poster_position == event["poster_position"]
        assert talk.starts_at == _utc(event["starttime"]) and talk.ends_at == _utc(event["endtime"])
        assert talk.url == "https://icml.cc" + event["virtualsite_url"]
        names = [a["fullname"] for a in event["authors"]]
        assert talk.speakers == [plain_text(plain_text(n)) for n in names]
        assert [a["name"] for a in talk.authors or []] == talk.speakers
        if event["eventtype"] == "Poster":
            assert talk.abstract.startswith(f"We study {event['name'].lower()}.")
            assert talk.abstract.endswith("show gains.")  # escaped markup decoded, then dropped
        else:
            assert talk.abstract == ""  # the abstracts file holds posters only
    # Entities decoded, even escaped twice; an empty institution is no institution.
    people = {a["name"]: a["institution"] for t in stored.values() for a in t.authors or []}
    assert people["Kurt Gödel"] == "Institute for Advanced Study"
    assert people["Emmy Noether"] == "University of Göttingen"
    assert people["Hedy Lamarr"] == ""
    # An oral and the poster of one paper are two talks under one title.
    oral, poster = stored["200000"], stored["100000"]
    assert oral.title == poster.title and (oral.kind, poster.kind) == ("Oral", "Poster")
    args = ("talks", "import", str(path), "--edition", "zzicml2026", "--base-url", "https://icml.cc")
    again = json.loads(cli(*args, "--json").out)
    assert (again["created"], again["updated"]) == (0, 0)  # without --abstracts: nothing lost


def test_a_partial_stub_imports_what_is_there_and_says_how_much(
    cli: Cli, catalog: Any, tmp_path: Path
) -> None:
    events = fixture.events(posters=40, orals=0)
    for event in events[10:]:  # times and rooms are not out yet for most
        event["starttime"] = event["endtime"] = None
        event["room_name"] = ""
    events.append({"id": 999, "name": "", "authors": []})  # a placeholder with no title yet
    path = fixture.write(tmp_path, events, count=3000)
    result = cli("talks", "import", str(path), "--edition", "zzicml2026")
    assert result.code == 0, result.err
    assert "event 999: name missing; skipped" in result.err
    assert (
        "partial programme: 40 events read; the file announces 3,000 events, 30 without a time, "
        "30 without a room, 40 without an abstract"
    ) in result.err
    assert "40 new talks" in result.err
    stored = _stored("zzicml2026")
    assert sum(t.starts_at is None for t in stored.values()) == 30
    # When the full programme arrives, the same talks get their times: updated, not doubled.
    full = fixture.write(tmp_path, fixture.events(posters=40, orals=0))
    again = json.loads(cli("talks", "import", str(full), "--edition", "zzicml2026", "--json").out)
    assert (again["created"], again["updated"]) == (0, 30)


def test_local_times_without_an_offset_need_a_zone(cli: Cli, catalog: Any, tmp_path: Path) -> None:
    events = fixture.events(posters=3, orals=0)
    for event in events:
        event["starttime"] = event["starttime"][:19]
        event["endtime"] = event["endtime"][:19]
    path = fixture.write(tmp_path, events)
    without = cli("talks", "import", str(path), "--edition", "zzicml2026")
    assert "3 without a time (times without an offset need --tz)" in without.err
    with_zone = cli("talks", "import", str(path), "--edition", "zzicml2026", "--tz", "Asia/Seoul", "--json")
    assert json.loads(with_zone.out)["updated"] == 3
    assert _stored("zzicml2026")["100000"].starts_at == _utc(fixture.events(1, 0)[0]["starttime"])


def test_sync_of_a_virtual_source_stores_the_same_talks_as_import(
    cli: Cli, catalog: Any, tmp_path: Path, httpserver: HTTPServer
) -> None:
    path = fixture.write(tmp_path, fixture.events(posters=60, orals=6))
    base = httpserver.url_for("/")
    abstracts = tmp_path / "icml-2026-abstracts.json"
    imported = cli(
        "talks", "import", str(path), "--edition", "zzicml2026", "--base-url", base,
        "--abstracts", str(abstracts), "--json",
    )  # fmt: skip
    assert imported.code == 0, imported.err
    url = _serve(httpserver, path, abstracts)
    added = cli("sources", "add", "icml", url, "--kind", "virtual", "--edition", "zzicml2025")
    assert added.code == 0, added.err
    [synced] = json.loads(cli("sync", "--json").out)["sources"]
    assert synced["status"] == "ok" and synced["added"] == 66, synced

    def facts(talk: Talk) -> tuple[Any, ...]:
        return (
            talk.title, talk.kind, talk.session, talk.room, talk.poster_position, talk.starts_at,
            talk.ends_at, talk.url, talk.speakers, talk.authors, talk.abstract,
        )  # fmt: skip

    by_import, by_sync = _stored("zzicml2026"), _stored("zzicml2025")
    assert {k: facts(t) for k, t in by_import.items()} == {k: facts(t) for k, t in by_sync.items()}
    # A source of talks needs its edition.
    refused = cli("sources", "add", "other", url, "--kind", "virtual")
    assert refused.code == 2 and "needs --edition" in refused.err


def _serve(httpserver: HTTPServer, programme: Path, abstracts: Path | None) -> str:
    """The two files where a virtual site keeps them; no abstracts file is a 404."""
    folder = "/static/virtual/data/"
    httpserver.expect_request(folder + programme.name).respond_with_data(
        programme.read_bytes(), headers={"Content-Type": "application/json"}
    )
    if abstracts is None:
        httpserver.expect_request(folder + "icml-2026-abstracts.json").respond_with_data("no", status=404)
    else:
        httpserver.expect_request(folder + abstracts.name).respond_with_data(
            abstracts.read_bytes(), headers={"Content-Type": "application/json"}
        )
    return httpserver.url_for(folder + programme.name)


def test_sync_fetches_the_abstracts_from_beside_the_programme(
    cli: Cli, catalog: Any, tmp_path: Path, httpserver: HTTPServer
) -> None:
    path = fixture.write(tmp_path, fixture.events(posters=20, orals=2))
    url = _serve(httpserver, path, tmp_path / "icml-2026-abstracts.json")
    assert cli("sources", "add", "icml", url, "--kind", "virtual", "--edition", "zzicml2026").code == 0
    [synced] = json.loads(cli("sync", "--json").out)["sources"]
    assert synced["status"] == "ok", synced
    stored = _stored("zzicml2026")
    written = fixture.abstracts(fixture.events(posters=20, orals=2))
    assert len(written) == 20
    for event_id, text in written.items():
        assert stored[event_id].abstract == plain_text(plain_text(text))  # escaped twice


def test_a_missing_abstracts_file_is_a_warning_and_the_next_sync_tries_again(
    cli: Cli, catalog: Any, tmp_path: Path, httpserver: HTTPServer
) -> None:
    path = fixture.write(tmp_path, fixture.events(posters=20, orals=2))
    url = _serve(httpserver, path, None)
    assert cli("sources", "add", "icml", url, "--kind", "virtual", "--edition", "zzicml2026").code == 0
    [synced] = json.loads(cli("sync", "--json").out)["sources"]
    assert synced["status"] == "warning" and synced["added"] == 22, synced
    assert any("abstracts not fetched" in w and "404" in w for w in synced["warnings"]), synced
    assert all(t.abstract == "" for t in _stored("zzicml2026").values())
    # The site publishes its abstracts: the next sync fetches the programme again and fills them.
    httpserver.clear()
    _serve(httpserver, path, tmp_path / "icml-2026-abstracts.json")
    [again] = json.loads(cli("sync", "--json").out)["sources"]
    assert again["status"] == "ok" and again["updated"] == 20, again
    assert sum(1 for t in _stored("zzicml2026").values() if t.abstract) == 20


def test_a_broken_abstracts_file_costs_the_abstracts_only(
    cli: Cli, catalog: Any, tmp_path: Path, httpserver: HTTPServer
) -> None:
    path = fixture.write(tmp_path, fixture.events(posters=4, orals=0))
    broken = tmp_path / "icml-2026-abstracts.json"
    broken.write_text('["not", "an object"]', encoding="utf-8")
    url = _serve(httpserver, path, broken)
    assert cli("sources", "add", "icml", url, "--kind", "virtual", "--edition", "zzicml2026").code == 0
    [synced] = json.loads(cli("sync", "--json").out)["sources"]
    assert synced["status"] == "warning" and synced["added"] == 4, synced
    assert any("abstracts not fetched" in w for w in synced["warnings"]), synced
