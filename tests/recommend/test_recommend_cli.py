"""``tracker recommend`` end to end on the small test catalog (tests/recommend/conftest.py)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Cli

BEIJING_NLP = ("recommend", "--home", "Beijing", "--interests", "nlp")


def ranked(cli: Cli, *args: str) -> list[dict]:
    r = cli(*args, "--json")
    assert r.code == 0, r.err
    return json.loads(r.out)["results"]


def test_works_without_a_saved_profile_when_options_are_given(catalog, cli: Cli) -> None:
    r = cli("recommend", "--home", "Berlin", "--interests", "nlp,machine-learning")
    assert r.code == 0, r.err
    for column in ("Edition", "Dates", "Place", "Distance", "Est. cost", "Next deadline", "Score", "Topic"):
        assert column in r.out
    assert "emnlp2026" in r.out and "~" in r.out  # estimated costs are labelled
    assert "Explain one: tracker recommend --home Berlin --interests nlp,machine-learning --why " in r.err
    # Nothing was saved by a one-off call.
    assert json.loads(cli("profile", "show", "--json").out)["saved"] is False


def test_no_home_anywhere_is_a_clear_error(catalog, cli: Cli) -> None:
    r = cli("recommend", "--interests", "nlp")
    assert r.code == 1
    assert "no home city" in r.err and "--home" in r.err and r.err.count("\n") == 1


def test_options_override_the_saved_profile_for_one_call(catalog, cli: Cli) -> None:
    assert cli("profile", "set", "--home", "Beijing", "--interests", "computer-vision").code == 0
    saved = ranked(cli, "recommend")
    assert saved[0]["scores"]["topic"] == 1.0 and saved[0]["key"] in {"accv2026", "eccv2026", "cvpr2026"}
    override = ranked(cli, "recommend", "--interests", "nlp")
    assert override[0]["key"] in {"nlpcc2026", "emnlp2026", "acl2026"}
    assert json.loads(cli("profile", "show", "--json").out)["interests"] == ["computer-vision"]


def test_beijing_nlp_ranks_acl_family_first_and_leaves_vision_only_out(catalog, cli: Cli) -> None:
    keys = [r["key"] for r in ranked(cli, *BEIJING_NLP)]
    assert {"acl2026", "emnlp2026", "nlpcc2026"} <= set(keys[:3])
    assert not {"cvpr2026", "eccv2026", "accv2026"} & set(keys)  # off-topic for NLP
    everything = [r["key"] for r in ranked(cli, *BEIJING_NLP, "--all")]
    nlp = [everything.index(k) for k in ("acl2026", "emnlp2026", "nlpcc2026")]
    vision = [everything.index(k) for k in ("cvpr2026", "eccv2026", "accv2026")]
    assert max(nlp) < min(vision)


def test_nothing_past_or_running_is_recommended(catalog, cli: Cli) -> None:
    result = json.loads(cli(*BEIJING_NLP, "--json", "--limit", "50").out)
    starts = [r["start_date"] for r in result["results"]]
    assert starts and all(s >= "2026-03-01" for s in starts)
    assert "running2026" not in {r["key"] for r in result["results"]}
    assert result["dropped_counts"]["started"] == 1
    why = cli(*BEIJING_NLP, "--why", "running2026")
    assert why.code == 0 and "past editions are never recommended" in why.out


def test_submit_mode_drops_too_close_deadlines_with_the_reason(catalog, cli: Cli) -> None:
    args = (*BEIJING_NLP, "--mode", "submit", "--prep-days", "60")
    result = json.loads(cli(*args, "--json").out)
    keys = {r["key"] for r in result["results"]}
    assert "nlpcc2026" not in keys and "emnlp2026" in keys  # 11 days left vs 80 days left
    dropped = {d["key"]: d["reason"] for d in result["dropped"]}
    assert dropped["nlpcc2026"] == "paper deadline in 11 days, you need 60"
    assert dropped["acl2026"] == "every paper deadline has passed (submit mode)"
    why = cli(*args, "--why", "nlpcc2026")
    assert why.code == 0 and "paper deadline in 11 days, you need 60" in why.out
    # With less preparation needed it comes back.
    assert "nlpcc2026" in {
        r["key"] for r in ranked(cli, *BEIJING_NLP, "--mode", "submit", "--prep-days", "7")
    }


def test_tight_budget_favours_nearby_and_virtual(catalog, cli: Cli) -> None:
    base = ranked(cli, *BEIJING_NLP, "--limit", "50")
    tight = ranked(cli, *BEIJING_NLP, "--budget", "800", "--virtual-ok", "--limit", "50")
    assert [r["key"] for r in tight[:2]] == ["vnlp2026", "nlpcc2026"]
    assert tight[0]["plan"] == "virtual"
    far = next(r for r in base if r["key"] == "acl2026")
    far_tight = next(r for r in tight if r["key"] == "acl2026")
    assert far_tight["scores"]["cost"] < far["scores"]["cost"]
    within = ranked(cli, *BEIJING_NLP, "--budget", "800", "--virtual-ok", "--within-budget", "--limit", "50")
    assert within and all(r["cost"] <= 800 for r in within)
    assert {r["key"] for r in within} < {r["key"] for r in tight}


def test_limit_kind_and_topic_filter(catalog, cli: Cli) -> None:
    assert len(ranked(cli, *BEIJING_NLP, "--limit", "2")) == 2
    assert [r["key"] for r in ranked(cli, *BEIJING_NLP, "--virtual-ok", "--kind", "workshop")] == ["vnlp2026"]
    vision = ranked(cli, *BEIJING_NLP, "--topic", "computer-vision", "--all")
    assert {r["key"] for r in vision} == {"cvpr2026", "eccv2026", "accv2026"}
    ml = {r["key"] for r in ranked(cli, *BEIJING_NLP, "--topic", "machine-learning", "--all")}
    assert "iclr2027" in ml  # deep-learning is narrower than machine-learning


def test_json_has_the_full_breakdown(catalog, cli: Cli) -> None:
    result = json.loads(cli(*BEIJING_NLP, "--budget", "2500", "--currency", "USD", "--json").out)
    assert set(result["weights"]) == {"topic", "quality", "time", "location", "cost"}
    assert sum(result["weights"].values()) == pytest.approx(1.0, abs=1e-3)
    for r in result["results"]:
        assert sum(r["contributions"].values()) == pytest.approx(r["total"], abs=1e-3)
        assert [e["criterion"] for e in r["explanation"]] == list(r["scores"])
        assert r["currency"] == "USD" and r["cost_estimated"] is True
        assert all(0 <= s <= 1 for s in r["scores"].values())
    totals = [r["total"] for r in result["results"]]
    assert totals == sorted(totals, reverse=True)


def test_weights_option_changes_the_order(catalog, cli: Cli) -> None:
    by_location = ranked(cli, *BEIJING_NLP, "--weights", "topic=0,quality=0,time=0,location=1,cost=0")
    assert by_location[0]["key"] == "running2026" or by_location[0]["key"] == "nlpcc2026"
    by_quality = ranked(cli, *BEIJING_NLP, "--weights", "topic=0,quality=1,time=0,location=0,cost=0")
    assert by_quality[0]["scores"]["quality"] == max(r["scores"]["quality"] for r in by_quality)


def test_why_explains_each_criterion(catalog, cli: Cli) -> None:
    r = cli(*BEIJING_NLP, "--budget", "3000", "--why", "EMNLP 2026")
    assert r.code == 0, r.err
    for word in (
        "topic",
        "quality",
        "time",
        "location",
        "cost",
        "formula:",
        "inputs:",
        "Contribution",
        "rank",
    ):
        assert word in r.out
    assert "█" in r.out  # the score bars
    data = json.loads(cli(*BEIJING_NLP, "--why", "emnlp2026", "--json").out)
    rec = data["recommendation"]
    assert rec["key"] == "emnlp2026" and data["kept"] is True
    assert sum(e["contribution"] for e in rec["explanation"]) == pytest.approx(rec["total"], abs=1e-9)


def test_why_unknown_edition_suggests_close_keys(catalog, cli: Cli) -> None:
    r = cli(*BEIJING_NLP, "--why", "emnpl2026")
    assert r.code == 2 and "did you mean" in r.err and r.err.count("\n") == 1
    r = cli(*BEIJING_NLP, "--why", "emnlp2062")
    assert r.code == 2 and "2026" in r.err


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["--home", "Atlantisopolis"], 2, "unknown city"),
        (["--interests", "visoin"], 2, "did you mean"),
        (["--budget", "0"], 2, "--budget"),
        (["--from", "2026-09-01", "--to", "2026-08-01"], 2, "before it starts"),
        (["--weights", "topic=3,,quality"], 2, "--weights"),
        (["--kind", "tutorial"], 2, "--kind"),
        (["--topic", "basketweaving"], 2, "--topic"),
        (["--limit", "0"], 2, "--limit"),
    ],
)
def test_mistakes_get_one_line_and_a_nonzero_exit(catalog, cli: Cli, args, code, needle) -> None:
    r = cli("recommend", "--home", "Beijing", *args)
    assert r.code == code, r.err
    assert needle in r.err and r.err.count("\n") == 1 and "Traceback" not in r.err


def test_narrow_terminal_drops_columns_and_says_which(
    catalog, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    r = cli(*BEIJING_NLP)
    assert r.code == 0
    assert all(len(line) <= 80 for line in r.out.splitlines())
    assert "Not shown at this width:" in r.err and "Distance" in r.err
    assert "emnlp2026" in r.out  # the key, needed for --why, always stays


def test_a_workshop_without_a_place_is_where_its_parent_conference_is(catalog, cli: Cli) -> None:
    from tracker import db
    from tracker.models.catalog import Edition, Series, SeriesTopic

    with db.session(catalog, write=True) as s:
        parent = s.query(Edition).filter_by(key="emnlp2026").one()
        series = Series(key="wmt", acronym="WMT", name="Workshop on Machine Translation", kind="workshop")
        series.topics = [SeriesTopic(topic="nlp")]
        series.editions = [
            Edition(key="wmt2026", year=2026, kind="workshop", parent=parent, start_date=parent.end_date,
                    end_date=parent.end_date)
        ]  # fmt: skip
        s.add(series)
    rows = {r["key"]: r for r in ranked(cli, *BEIJING_NLP, "--kind", "workshop")}
    emnlp = next(r for r in ranked(cli, *BEIJING_NLP) if r["key"] == "emnlp2026")
    assert rows["wmt2026"]["city"] == "Budapest"
    assert rows["wmt2026"]["distance_km"] == emnlp["distance_km"]
