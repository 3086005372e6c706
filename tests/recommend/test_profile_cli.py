"""``tracker profile set|show``: stored fields, resolved home, and one-line errors for mistakes."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli


def test_set_then_show_round_trips_every_field(cli: Cli) -> None:
    r = cli(
        "profile", "set", "--home", "Beijing", "--interests", "nlp,machine learning", "--budget", "3000",
        "--currency", "eur", "--student", "--from", "2026-01-01", "--to", "2026-12-31", "--mode", "submit",
        "--prep-days", "60", "--virtual-ok", "--weights", "topic=3,quality=2",
    )  # fmt: skip
    assert r.code == 0, r.err
    shown = json.loads(cli("profile", "show", "--json").out)
    assert shown["home"]["city"] == "Beijing" and shown["home"]["country"] == "CN"
    assert shown["home"]["latitude"] == pytest.approx(39.9, abs=0.1)
    assert shown["interests"] == ["nlp", "machine-learning"]  # a name is stored as its key
    assert (shown["budget"], shown["currency"], shown["student"]) == (3000.0, "EUR", True)
    assert (shown["available_from"], shown["available_to"]) == ("2026-01-01", "2026-12-31")
    assert (shown["mode"], shown["prep_days"], shown["virtual_ok"]) == ("submit", 60, True)
    assert shown["weights"] == {"topic": 3.0, "quality": 2.0}
    assert shown["effective_weights"]["cost"] > 0  # the documented default fills the rest
    table = cli("profile", "show")
    assert "Beijing, CN" in table.out and "submit" in table.out


def test_set_changes_only_the_fields_given(cli: Cli) -> None:
    assert cli("profile", "set", "--home", "Berlin", "--budget", "2000").code == 0
    assert cli("profile", "set", "--no-student", "--weights", "cost=5").code == 0
    shown = json.loads(cli("profile", "show", "--json").out)
    assert shown["home"]["city"] == "Berlin" and shown["budget"] == 2000.0
    assert shown["weights"] == {"cost": 5.0}


def test_show_without_a_profile_says_how_to_make_one(cli: Cli) -> None:
    r = cli("profile", "show")
    assert r.code == 0 and "tracker profile set" in r.err
    assert json.loads(cli("profile", "show", "--json").out)["saved"] is False


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["--home", "Atlantisopolis"], 2, "unknown city"),
        (["--home", "Springfield"], 2, "ambiguous"),
        (["--interests", "nlpp"], 2, "did you mean: nlp"),
        (["--budget", "0"], 2, "--budget: must be more than 0"),
        (["--budget", "-5"], 2, "--budget"),
        (["--from", "2026-06-01", "--to", "2026-05-01"], 2, "ends (2026-05-01) before it starts"),
        (["--from", "June"], 2, "invalid --from date 'June'"),
        (["--weights", "topic"], 2, "--weights: expected NAME=NUMBER"),
        (["--weights", "topic=x"], 2, "is not a number"),
        (["--weights", "colour=1"], 2, "--weights"),
        (["--weights", "topic=-1"], 2, ">= 0"),
        (["--weights", "topic=0,quality=0,time=0,location=0,cost=0"], 2, "at least one weight"),
        (["--mode", "lurk"], 2, "attend or submit"),
        (["--currency", "EURO"], 2, "unknown currency"),
        (["--prep-days", "-3"], 2, "--prep-days"),
    ],
)
def test_mistakes_get_one_line_and_a_nonzero_exit(cli: Cli, args, code, needle) -> None:
    r = cli("profile", "set", *args)
    assert r.code == code, r.err
    assert needle in r.err
    assert r.err.count("\n") == 1 and r.err.startswith("tracker: error:")
    assert "Traceback" not in r.err
    # Nothing half-saved.
    assert json.loads(cli("profile", "show", "--json").out)["saved"] is False


def test_window_checked_against_the_saved_half(cli: Cli) -> None:
    assert cli("profile", "set", "--from", "2026-06-01").code == 0
    r = cli("profile", "set", "--to", "2026-01-01")
    assert r.code == 2 and "before it starts" in r.err


def test_the_window_takes_the_same_day_forms_as_every_date_option(cli: Cli) -> None:
    # The conftest pins today to 2026-03-01.
    assert cli("profile", "set", "--home", "Berlin", "--from", "today", "--to", "2w").code == 0
    shown = json.loads(cli("profile", "show", "--json").out)
    assert (shown["available_from"], shown["available_to"]) == ("2026-03-01", "2026-03-15")


def test_profile_commands_load_neither_numpy_nor_the_scoring_kernel(isolated) -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from tracker.cli.app import run\n"
        "assert run(['profile', 'set', '--budget', '2000', '--currency', 'USD', '--mode', 'submit',"
        " '--weights', 'topic=2']) == 0\n"
        "assert run(['profile', 'show']) == 0\n"
        "print('LOADED=' + ','.join(m for m in ('numpy', 'tracker.recommend.scoring',"
        " 'tracker.recommend.engine') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "LOADED="


def test_every_suggestion_for_an_ambiguous_home_resolves_when_typed_as_printed(cli: Cli) -> None:
    import re

    r = cli("profile", "set", "--home", "Springfield")
    assert r.code == 2 and "ambiguous" in r.err
    suggested = re.findall(r'"([^"]+)"', r.err)
    assert len(suggested) >= 4 and len(set(suggested)) == len(suggested)  # no "Springfield, US" x4
    places = set()
    for text in suggested:
        assert cli("profile", "set", "--home", text).code == 0, text
        home = json.loads(cli("profile", "show", "--json").out)["home"]
        places.add((home["latitude"], home["longitude"]))
    assert len(places) == len(suggested)  # each names a different Springfield


@pytest.mark.parametrize(
    ("typed", "country", "latitude"),
    [
        ("Paris, Texas", "US", 33.66),
        ("Paris, TX, USA", "US", 33.66),
        ("Paris", "FR", 48.85),
        ("Springfield, Illinois", "US", 39.80),
        ("Atlanta, Georgia", "US", 33.75),  # Georgia the state: no Atlanta in Georgia the country
        ("Tbilisi, Georgia", "GE", 41.69),
    ],
)
def test_a_home_can_name_its_us_state(cli: Cli, typed: str, country: str, latitude: float) -> None:
    assert cli("profile", "set", "--home", typed).code == 0
    home = json.loads(cli("profile", "show", "--json").out)["home"]
    assert home["country"] == country and home["latitude"] == pytest.approx(latitude, abs=0.05)


def test_a_state_outside_the_us_or_an_unknown_state_is_one_line(cli: Cli) -> None:
    for typed, needle in (
        ("Munich, Bavaria, Germany", "only US states"),
        ("Springfield, Narnia, US", "Narnia"),
    ):
        r = cli("profile", "set", "--home", typed)
        assert r.code == 2 and needle in r.err and len(r.err.strip().splitlines()) == 1
