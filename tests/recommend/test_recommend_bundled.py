"""Case tests on the bundled catalog (the real venues a new database is seeded with)."""

from __future__ import annotations

import json
import re
from statistics import median

import pytest

from tests.conftest import Cli

ACL_FAMILY = {"acl", "emnlp", "naacl", "eacl", "aacl", "conll"}


def recommend(cli: Cli, *args: str) -> dict:
    r = cli("recommend", *args, "--limit", "1000", "--json")
    assert r.code == 0, r.err
    return json.loads(r.out)


def series_topics(db_url: str) -> dict[str, tuple[str, set[str]]]:
    """edition key -> (series key, the series' topics), read from the seeded database."""
    from sqlalchemy import select

    from tracker import db
    from tracker.models.catalog import Edition, Series, SeriesTopic

    out: dict[str, tuple[str, set[str]]] = {}
    with db.session(db_url) as s:
        topics: dict[int, set[str]] = {}
        for sid, topic in s.execute(select(SeriesTopic.series_id, SeriesTopic.topic)):
            topics.setdefault(sid, set()).add(topic)
        for key, sid, series_key in s.execute(
            select(Edition.key, Edition.series_id, Series.key).join(Series)
        ):
            out[key] = (series_key, topics.get(sid, set()))
    return out


def test_beijing_nlp_gets_the_acl_family_and_no_vision_only_venue(cli: Cli, db_url) -> None:
    result = recommend(cli, "--home", "Beijing", "--interests", "nlp")
    info = series_topics(db_url)
    rank = {r["key"]: r["rank"] for r in result["results"]}
    acl = [rank[k] for k in rank if info[k][0] in ACL_FAMILY]
    vision_only = {
        k for k, (_, topics) in info.items() if "computer-vision" in topics
        and topics <= {"computer-vision", "artificial-intelligence"}
    }  # fmt: skip
    assert len(acl) >= 3 and min(acl) == 1
    assert not vision_only & set(rank), "a vision-only venue is off-topic for NLP"
    assert result["dropped_counts"]["off_topic"] >= len(vision_only & {k for k in info if k.endswith("2027")})
    # The best-ranked editions are on topic.
    assert all(r["scores"]["topic"] == 1.0 for r in result["results"][:5])
    # --all shows the off-topic ones too, below the on-topic ones.
    everything = recommend(cli, "--home", "Beijing", "--interests", "nlp", "--all")
    assert len(everything["results"]) > len(result["results"])


def test_tight_budget_favours_nearby_venues(cli: Cli) -> None:
    who = ("--home", "Beijing", "--interests", "nlp", "--currency", "EUR", "--virtual-ok")
    generous = recommend(cli, *who, "--budget", "10000")["results"]
    # A budget that only the cheapest in-person venue or two fit.
    limit = round(1.1 * min(r["cost"] for r in generous if r["plan"] == "in person"))
    tight = recommend(cli, *who, "--budget", str(limit))["results"]

    # The on-topic venues are the same; the tight budget moves the near and the virtual up.
    assert {r["key"] for r in tight} == {r["key"] for r in generous}
    rank = {r["key"]: r["rank"] for r in generous}
    nearest = min((r for r in tight if r["plan"] == "in person"), key=lambda r: r["distance_km"] or 0.0)
    assert nearest["rank"] <= rank[nearest["key"]]
    assert median(r["cost"] for r in tight[:3]) <= median(r["cost"] for r in generous[:3])
    generous_cost = {r["key"]: r["scores"]["cost"] for r in generous}
    assert all(r["scores"]["cost"] <= generous_cost[r["key"]] + 1e-9 for r in tight)
    # Every venue one can travel to within the tight budget climbs among the in-person ones.
    in_person = [r["key"] for r in tight if r["plan"] == "in person"]

    def places(rows: list[dict]) -> dict[str, int]:
        return {key: i for i, key in enumerate(r["key"] for r in rows if r["key"] in in_person)}

    affordable = [r["key"] for r in tight if r["plan"] == "in person" and r["cost"] <= limit]
    assert affordable
    before, after = places(generous), places(tight)
    assert all(after[k] <= before[k] for k in affordable)
    assert sum(after[k] for k in affordable) <= sum(before[k] for k in affordable)
    within = recommend(cli, *who, "--budget", str(limit), "--within-budget")
    assert within["results"] and all(r["cost"] <= limit for r in within["results"])
    assert within["dropped_counts"]["over_budget"] > 0


@pytest.mark.parametrize("now", ["2026-03-01T12:00:00Z", "2026-07-04T00:00:00Z", "2026-11-20T00:00:00Z"])
def test_nothing_past_is_recommended(cli: Cli, monkeypatch: pytest.MonkeyPatch, now) -> None:
    monkeypatch.setenv("TRACKER_NOW", now)
    result = recommend(cli, "--home", "Berlin", "--interests", "machine-learning")
    assert result["results"]
    assert all(r["start_date"] >= now[:10] for r in result["results"])


def test_running_conference_is_explained_as_not_recommended(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_NOW", "2026-07-04T00:00:00Z")  # ACL 2026: 2 - 7 July
    keys = {r["key"] for r in recommend(cli, "--home", "Berlin", "--interests", "nlp")["results"]}
    assert "acl2026" not in keys
    why = cli("recommend", "--home", "Berlin", "--interests", "nlp", "--why", "acl2026")
    assert why.code == 0 and "past editions are never recommended" in why.out


def test_submit_mode_drops_editions_whose_deadline_is_too_close(cli: Cli) -> None:
    who = ("--home", "Beijing", "--interests", "nlp,computer-vision", "--all")
    attend = {r["key"] for r in recommend(cli, *who)["results"]}
    submit = recommend(cli, *who, "--mode", "submit", "--prep-days", "60")
    kept = {r["key"] for r in submit["results"]}
    too_close = {d["key"]: d["reason"] for d in submit["dropped"] if "you need 60" in d["reason"]}
    assert too_close, "the bundled catalog has deadlines within 60 days of 2026-03-01"
    for key, reason in too_close.items():
        days = int(re.fullmatch(r"paper deadline in (\d+) days, you need 60", reason).group(1))  # type: ignore[union-attr]
        assert 0 <= days < 60
        assert key in attend and key not in kept
    key = sorted(too_close)[0]
    why = cli("recommend", *who, "--mode", "submit", "--prep-days", "60", "--why", key)
    assert why.code == 0 and too_close[key] in why.out


@pytest.mark.first_run
def test_readme_first_command_on_a_fresh_machine(cli: Cli, isolated) -> None:
    assert not (isolated / "tracker.db").exists()
    r = cli("recommend", "--home", "Berlin", "--interests", "nlp,machine-learning")
    assert r.code == 0, r.err
    assert (isolated / "tracker.db").stat().st_mode & 0o777 == 0o600
    rows = [line for line in r.out.splitlines() if re.match(r"^│\s+\d+ │", line)]
    assert len(rows) == 10


def test_every_hint_after_the_readme_command_works_as_printed(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each `tracker ...` the first command prints (explain one, its workshops, the passport)
    succeeds typed as printed: a placeholder (CODE) or a hint that drops the call's options
    (--home, --interests) would not."""
    import shlex

    monkeypatch.setenv("COLUMNS", "80")  # a hint is never broken into lines, however narrow
    r = cli("recommend", "--home", "Berlin", "--interests", "nlp,machine-learning")
    hints = [
        m.group(1)
        for line in r.err.splitlines()
        if (m := re.search(r"(?:^|: |\()(tracker [^()]+?)\)?$", line))
    ]
    # `tracker sync` needs the network: synced against 127.0.0.1 in tests/ingest.
    hints = [h for h in hints if h != "tracker sync"]
    assert any("--why" in h for h in hints) and any("--kind workshop" in h for h in hints), hints
    assert any("--passport" in h for h in hints), hints
    for hint in hints:
        words = shlex.split(hint)
        done = cli(*words[1:])
        assert done.code == 0, f"{hint}: {done.err}"
        if "--why" in words:
            assert words[-1] in done.out and "Total" in done.out


def test_an_edition_without_a_place_is_expected_where_its_series_met_before(cli: Cli) -> None:
    """ICCV 2027 has no city yet: its distance and cost come from where ICCV met before,
    so they differ by home (no constant), and come with their spread."""
    seen = {}
    for home in ("Berlin", "Sydney", "São Paulo", "Beijing"):
        r = cli("recommend", "--home", home, "--interests", "computer-vision", "--why", "iccv2027", "--json")
        assert r.code == 0, r.err
        rec = json.loads(r.out)["recommendation"]
        assert rec["city"] is None and rec["place_expected"] is True
        near, far = rec["distance_range_km"]
        low, high = rec["cost_range"]
        assert near <= rec["distance_km"] <= far and near < far
        assert low <= rec["cost"] <= high and low < high
        assert sum(rec["expected_regions"].values()) == pytest.approx(1.0, abs=0.01)
        location = next(e for e in rec["explanation"] if e["criterion"] == "location")
        assert "not announced: expected" in location["reason"]
        seen[home] = (rec["distance_km"], rec["cost"])
    distances = [d for d, _ in seen.values()]
    costs = [c for _, c in seen.values()]
    assert len(set(distances)) == 4 and max(costs) - min(costs) > 500, seen


def test_the_table_marks_an_expected_distance_and_shows_the_cost_spread(cli: Cli) -> None:
    r = cli("recommend", "--home", "Berlin", "--interests", "computer-vision", "--limit", "30")
    assert r.code == 0, r.err
    row = next(line for line in r.out.splitlines() if "iccv2027" in line)
    assert "not announced" in row and "km (est.)" in row
    assert re.search(r"~[\d,]+ EUR \([\d,]+-[\d,]+\)", row), row


def test_a_conference_track_is_shown_with_its_parent_not_as_a_rival(cli: Cli) -> None:
    """hf lists the EMNLP System Demonstrations Track as a series of its own: it is held with
    EMNLP (same days, place and registration), so it is named on EMNLP's row, not ranked."""
    result = recommend(cli, "--home", "Beijing", "--interests", "nlp")
    keys = [r["key"] for r in result["results"]]
    assert not [k for k in keys if "track" in k], keys
    emnlp = next(r for r in result["results"] if r["key"] == "emnlp2026")
    assert "emnlpsystemdemonstrationstrack2026" in emnlp["tracks"]
    assert result["dropped_counts"]["shown_with_parent"] >= 1
    why = cli(
        "recommend", "--home", "Beijing", "--interests", "nlp", "--why", "emnlpsystemdemonstrationstrack2026"
    )
    assert why.code == 0, why.err
    assert "shown on that edition's row" in why.out


def test_why_gives_the_rank_and_count_of_the_table_that_listed_the_edition(cli: Cli) -> None:
    # "Explain one" must not tell another story than the table: same rank, out of as many.
    who = ("--home", "Berlin", "--interests", "nlp,machine-learning")
    tables = {
        kind: recommend(cli, *who, *extra) for kind, extra in (("", ()), ("workshop", ("--kind", "workshop")))
    }
    for kind, table in tables.items():
        for row in table["results"][:8]:
            r = cli("recommend", *who, "--why", row["key"], "--json")
            assert r.code == 0, r.err
            why = json.loads(r.out)
            assert (why["recommendation"]["rank"], why["out_of"]) == (row["rank"], table["recommended"]), (
                kind,
                row["key"],
            )
