"""Property: a random real edit of an upstream file gives exactly its change records, and
syncing the unedited file afterwards gives the stored state back.

The files are huggingface's own (data/catalog/sources/hf), served by a real HTTP server and
synced by ``tracker sync`` into a real database; hypothesis picks the file, the edition, the
deadline and the edit:

- move a deadline (1-5 days earlier): ``deadline_moved``;
- move the conference's dates (1-5 days later): ``postponed``;
- drop a deadline: ``withdrawn`` (the source no longer lists it);
- add a round (a copy of a deadline 20-60 days earlier): ``deadline_added``, and the old
  deadline is not reported although its round is numbered again;
- rename a deadline's label: no record (nothing a person acts on moved), the label follows;
- change a deadline's zone: ``deadline_moved`` when the instant changes, else nothing.

Only deadlines of a type that occurs once in their edition are edited, so that an edit never
reorders two deadlines of one type (which renumbers their rounds: another edit).
"""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from tests.conftest import Cli
from tracker import config
from tracker.catalog.importers.deadlines import TYPE_MAP

FILES = ("neurips", "icml", "cvpr", "iclr")
EDITS = ("move_deadline", "move_dates", "drop_deadline", "add_round", "rename_label", "change_zone")
ZONES = ("UTC", "UTC+8", "UTC-5", "America/Los_Angeles", "Europe/Paris", "AoE", "UTC-12")
EXPECTED = {
    "move_deadline": ["deadline_moved"],
    "move_dates": ["postponed"],
    "drop_deadline": ["withdrawn"],
    "add_round": ["deadline_added"],
    "rename_label": [],
}
# What syncing the unedited file says afterwards: the same facts, moved back.
UNDONE = {"deadline_moved": "deadline_moved", "postponed": "dates_changed", "withdrawn": "deadline_added",
          "deadline_added": "withdrawn"}  # fmt: skip
FORMAT = "%Y-%m-%d %H:%M:%S"


def _original(name: str) -> list[dict[str, Any]]:
    path = config.data_dir() / "catalog" / "sources" / "hf" / "conferences" / f"{name}.yml"
    data: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _editable(entry: dict[str, Any]) -> list[int]:
    """Deadlines of a type that occurs once in the entry (see the module's docstring)."""
    kinds = [TYPE_MAP.get(str(d["type"]).lower(), "other") for d in entry.get("deadlines") or []]
    return [i for i, kind in enumerate(kinds) if kinds.count(kind) == 1]


def _shift(text: Any, days: int) -> str:
    return (datetime.strptime(str(text), FORMAT) + timedelta(days=days)).strftime(FORMAT)


@st.composite
def edits(draw: st.DrawFn) -> tuple[str, int, str, dict[str, Any]]:
    """(file, year, edit, its parameters) for a real file of huggingface's."""
    name = draw(st.sampled_from(FILES))
    entries = [e for e in _original(name) if _editable(e)]
    entry = draw(st.sampled_from(entries))
    edit = draw(st.sampled_from(EDITS))
    params = {
        "deadline": draw(st.sampled_from(_editable(entry))),
        "days": draw(st.integers(1, 5)),
        "lead": draw(st.integers(20, 60)),
        "zone": draw(st.sampled_from(ZONES)),
        "label": f"Renamed deadline {draw(st.integers(1, 99))}",
    }
    return name, int(entry["year"]), edit, params


def _apply(data: list[dict[str, Any]], year: int, edit: str, p: dict[str, Any]) -> list[dict[str, Any]]:
    data = copy.deepcopy(data)
    entry = next(e for e in data if int(e["year"]) == year)
    deadlines = entry["deadlines"]
    target = deadlines[p["deadline"]]
    if edit == "move_deadline":
        target["date"] = _shift(target["date"], -p["days"])
    elif edit == "move_dates":
        for field in ("start", "end"):
            entry[field] = (
                datetime.strptime(str(entry[field]), "%Y-%m-%d") + timedelta(days=p["days"])
            ).date()
    elif edit == "drop_deadline":
        deadlines.remove(target)
    elif edit == "add_round":
        deadlines.append({**target, "date": _shift(target["date"], -p["lead"])})
    elif edit == "rename_label":
        target["label"] = p["label"]
    elif edit == "change_zone":
        target["timezone"] = p["zone"]
    return data


def _state(cli: Cli, key: str) -> dict[str, Any]:
    """The reconciled edition, and the deadlines its source lists (a withdrawn one is kept
    in the source's claim, marked: it is not part of what the source lists)."""
    shown = json.loads(cli("conf", "show", key, "--json").out)
    [edition] = [e for e in shown["editions"] if e["key"] == key]
    claims = json.loads(cli("conf", "show", key, "--sources", "--json").out)["sources"]["claims"]
    listed = sorted(
        (d["type"], d["label"], d["round"], d["at_utc"])
        for c in claims
        for d in c["deadlines"]
        if not d["withdrawn_at"]
    )
    deadlines = sorted((d["type"], d["label"], d["round"], d["at_utc"]) for d in edition["deadlines"])
    return {"dates": (edition["start_date"], edition["end_date"]), "deadlines": deadlines, "listed": listed}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits())
def test_a_random_real_edit_gives_exactly_its_changes_and_the_original_restores(
    cli: Cli, httpserver: HTTPServer, case: tuple[str, int, str, dict[str, Any]]
) -> None:
    name, year, edit, params = case
    original = _original(name)
    httpserver.clear()
    httpserver.expect_request(f"/{name}.yml").respond_with_data(yaml.safe_dump(original, allow_unicode=True))
    known = {s["name"] for s in json.loads(cli("sources", "list", "--json").out)}
    if name not in known:  # the first example of each file: the catalog learns it
        assert cli("sources", "add", name, httpserver.url_for(f"/{name}.yml"), "--kind", "hf").code == 0
        assert cli("sync", name).code == 0
    key = next(
        c["subject"]
        for c in json.loads(cli("changes", "--json").out)
        if c["kind"] == "new_edition" and c["subject"].endswith(str(year)) and c["source"] == name
    )
    before = _state(cli, key)
    seen = len(json.loads(cli("changes", "--json").out))

    edited = _apply(original, year, edit, params)
    httpserver.clear()
    httpserver.expect_request(f"/{name}.yml").respond_with_data(yaml.safe_dump(edited, allow_unicode=True))
    assert cli("sync", name).code == 0
    logged = json.loads(cli("changes", "--json").out)
    new = [(c["kind"], c["subject"]) for c in logged[: len(logged) - seen]]
    if edit == "change_zone":  # every deadline of these files is AoE, which is UTC-12: then nothing moved
        moved = _state(cli, key)["deadlines"] != before["deadlines"]
        assert new == ([("deadline_moved", key)] if moved else []), (case, new)
        assert moved == (params["zone"] not in ("AoE", "UTC-12"))
    else:
        assert new == [(kind, key) for kind in EXPECTED[edit]], (case, new)
    if edit == "rename_label":
        assert params["label"] in {d[1] for d in _state(cli, key)["deadlines"]}

    httpserver.clear()
    httpserver.expect_request(f"/{name}.yml").respond_with_data(yaml.safe_dump(original, allow_unicode=True))
    seen = len(json.loads(cli("changes", "--json").out))
    assert cli("sync", name).code == 0
    logged = json.loads(cli("changes", "--json").out)
    undone = sorted(c["kind"] for c in logged[: len(logged) - seen])
    assert undone == sorted(UNDONE[kind] for kind, _key in new), (case, undone)
    assert _state(cli, key) == before, case
