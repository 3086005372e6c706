"""Visas: passports in the profile, the requirement of each destination (Passport Index data, as of
2025-01-12), its typical lead time in the time score, in --why and in tracker upcoming.

The cases run on the bundled catalog with the pinned now 2026-03-01. What a traveller expects:
a Chinese passport needs a visa for the United States, applied for months ahead, and only an
e-visa for South Korea, applied for a week ahead; a second passport that needs less counts.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from tests.conftest import Cli

AS_OF = "2025-01-12"


def results(cli: Cli, *args: str) -> dict[str, dict]:
    r = cli("recommend", *args, "--all", "--limit", "1000", "--json")
    assert r.code == 0, r.err
    return {row["key"]: row for row in json.loads(r.out)["results"]}


def day(text: str) -> date:
    return date.fromisoformat(text)


# --- the profile ---------------------------------------------------------------------------


def test_passports_round_trip_and_can_be_cleared(cli: Cli) -> None:
    assert cli("profile", "set", "--home", "Beijing", "--passport", "cn", "--passport", "HK").code == 0
    shown = json.loads(cli("profile", "show", "--json").out)
    assert shown["passports"] == ["CN", "HK"]
    assert "CN, HK" in cli("profile", "show").out
    # Other changes keep them.
    assert cli("profile", "set", "--budget", "2000").code == 0
    assert json.loads(cli("profile", "show", "--json").out)["passports"] == ["CN", "HK"]
    assert cli("profile", "set", "--no-passport").code == 0
    assert json.loads(cli("profile", "show", "--json").out)["passports"] == []


@pytest.mark.parametrize(("code", "hint"), [("XX", ""), ("CHN", "did you mean CN?"), ("C1", "")])
def test_an_unknown_passport_code_is_one_line_and_exit_2(cli: Cli, code: str, hint: str) -> None:
    r = cli("profile", "set", "--passport", code)
    assert r.code == 2
    assert r.err.count("\n") == 1 and "--passport" in r.err and "ISO 3166 alpha-2" in r.err
    assert hint in r.err
    assert json.loads(cli("profile", "show", "--json").out)["passports"] == []


def test_passport_and_no_passport_together_are_refused(cli: Cli) -> None:
    assert cli("profile", "set", "--passport", "CN").code == 0
    r = cli("profile", "set", "--passport", "DE", "--no-passport")
    assert r.code == 2 and r.err.count("\n") == 1
    assert json.loads(cli("profile", "show", "--json").out)["passports"] == ["CN"]


# --- recommend -----------------------------------------------------------------------------


def test_a_chinese_passport_needs_a_visa_for_a_us_edition_months_ahead(cli: Cli) -> None:
    rows = results(cli, "--home", "Beijing", "--interests", "nlp", "--passport", "CN")
    acl = rows["acl2026"]  # San Diego, 2 July 2026
    visa = acl["visa"]
    assert (visa["passport"], visa["destination"], visa["requirement"]) == ("CN", "US", "visa required")
    assert visa["data_as_of"] == AS_OF and AS_OF in visa["text"] and "not advice" in visa["text"]
    start = day(acl["start_date"])
    apply_by = day(visa["apply_by"])
    assert timedelta(days=60) <= start - apply_by <= timedelta(days=180)
    # An e-visa destination (South Korea) is applied for days, not months, ahead: its apply-by
    # day lies later before its start, and later in the year than the US edition's.
    icml = rows["icml2026"]  # Seoul, 6 July 2026
    assert icml["visa"]["requirement"] == "e-visa"
    korea_gap = day(icml["start_date"]) - day(icml["visa"]["apply_by"])
    assert korea_gap < start - apply_by and day(icml["visa"]["apply_by"]) > apply_by
    # The visa is in the time score: the US edition scores lower on time than without a visa.
    without = results(cli, "--home", "Beijing", "--interests", "nlp")["acl2026"]
    assert without["visa"] is None
    assert acl["scores"]["time"] < without["scores"]["time"]
    assert acl["decide_by"] < without["decide_by"]


def test_a_us_edition_too_close_for_the_visa_is_marked(cli: Cli) -> None:
    # CVPR 2026 (Denver, 3 June) is 94 days away: enough for a flight, not for a US visa.
    cvpr = results(cli, "--home", "Beijing", "--interests", "computer-vision", "--passport", "CN")["cvpr2026"]
    assert cvpr["reachable"] is False and cvpr["scores"]["time"] == 0.0
    plain = results(cli, "--home", "Beijing", "--interests", "computer-vision")["cvpr2026"]
    assert plain["reachable"] is True


def test_with_several_passports_the_best_one_counts_and_is_named(cli: Cli) -> None:
    # A German passport needs only an ESTA for the United States.
    who = ("--home", "Beijing", "--interests", "computer-vision")
    rows = results(cli, *who, "--passport", "CN", "--passport", "DE")
    visa = rows["cvpr2026"]["visa"]
    assert (visa["passport"], visa["requirement"]) == ("DE", "eta")
    assert "the best of your passports CN, DE" in visa["text"]
    assert rows["cvpr2026"]["reachable"] is True


def test_why_shows_the_visa_line_with_the_datas_date(cli: Cli) -> None:
    assert cli("profile", "set", "--home", "Beijing", "--interests", "nlp", "--passport", "CN").code == 0
    r = cli("recommend", "--why", "acl2026")
    assert r.code == 0, r.err
    text = " ".join(r.out.split())
    assert "visa: CN passport to US: visa required" in text
    assert f"as of {AS_OF}" in text and "apply by 2026-" in text
    assert "decide by" in text


def test_without_a_passport_the_output_says_visas_are_not_considered(cli: Cli) -> None:
    r = cli("recommend", "--home", "Beijing", "--interests", "nlp")
    assert r.code == 0 and "visas are not considered" in r.err


# --- upcoming ------------------------------------------------------------------------------


def test_upcoming_shows_when_to_apply_for_the_visa_of_a_planned_edition(cli: Cli) -> None:
    assert cli("profile", "set", "--home", "Beijing", "--passport", "CN").code == 0
    assert cli("status", "acl2026", "planning").code == 0  # San Diego, 2 July 2026
    assert cli("status", "siggraph2026", "interested").code == 0  # interest is not yet a plan
    rows = json.loads(cli("upcoming", "--within", "60d", "--json").out)
    visa_rows = [r for r in rows if r["type"] == "visa"]
    assert [r["edition_key"] for r in visa_rows] == ["acl2026"]
    row = visa_rows[0]
    assert row["label"] == "apply for a visa by" and row["estimated"] is True
    assert AS_OF in row["note"] and "visa required" in row["note"]
    assert row["at_utc"] < "2026-07-02" and rows == sorted(rows, key=lambda r: r["at_utc"])
    table = cli("upcoming", "--within", "60d")
    assert "apply for a visa by" in table.out and f"as of {AS_OF}" in " ".join(table.out.split())
    # Only deadlines of a given type: the person's visa row is not one.
    typed = json.loads(cli("upcoming", "--within", "60d", "--type", "paper", "--json").out)
    assert all(r["type"] != "visa" for r in typed)
