"""``tracker conf list/show`` and ``tracker upcoming`` on a hand-made catalog (now = 2026-03-01 12:00Z)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from tracker.catalog.estimates import refresh_estimates


@pytest.fixture
def ready(catalog: dict[str, Any], session: Any, commit_catalog: Callable[[], None]) -> dict[str, Any]:
    from datetime import date

    refresh_estimates(session, date(2026, 3, 1))
    commit_catalog()
    return catalog


def _ours(items: list[dict[str, Any]], field: str = "key") -> list[str]:
    """Only the test catalog's rows, whatever the bundled catalog holds."""
    return [i[field] for i in items if re.fullmatch(r"(?:tml|tcv|tnlp|tws)(?:\d{4})?", i[field])]


def test_list_json_filters(cli: Any, ready: dict[str, Any]) -> None:
    everything = json.loads(cli("conf", "list", "--json").out)
    assert set(_ours(everything)) == {
        "tml2023",
        "tml2024",
        "tml2025",
        "tml2026",
        "tcv2025",
        "tcv2026",
        "tnlp2026",
        "tws2026",
    }
    estimated = [r for r in everything if r["key"] == "tml2026"]
    assert estimated[0]["estimated"] and estimated[0]["estimate_spread_days"] == 14
    assert "from the 2023, 2024, 2025 editions" in estimated[0]["estimate_basis"]
    assert all(r["estimate_basis"] is None for r in everything if not r["estimated"])

    upcoming = _ours(json.loads(cli("conf", "list", "--upcoming", "--json").out))
    assert upcoming == ["tml2026", "tcv2026", "tws2026", "tnlp2026"]  # by start date
    assert _ours(json.loads(cli("conf", "list", "--year", "2025", "--json").out)) == ["tml2025", "tcv2025"]
    assert _ours(json.loads(cli("conf", "list", "--kind", "workshop", "--json").out)) == ["tws2026"]
    assert _ours(json.loads(cli("conf", "list", "--country", "Austria", "--json").out)) == ["tnlp2026"]
    assert set(_ours(json.loads(cli("conf", "list", "--topic", "computer vision", "--json").out))) == {
        "tcv2025",
        "tcv2026",
        "tws2026",
    }
    # core:A keeps A* and A, drops B.
    assert set(_ours(json.loads(cli("conf", "list", "--rank", "core:A", "--json").out))) == {
        "tml2023",
        "tml2024",
        "tml2025",
        "tml2026",
    }
    assert _ours(json.loads(cli("conf", "list", "--rank", "core:B", "--upcoming", "--json").out)) == [
        "tml2026",
        "tcv2026",
    ]
    # TML: mean 1.0 of CORE, CCF and h5 (confidence 0.65), pulled toward the prior to 0.79.
    high = json.loads(cli("conf", "list", "--min-quality", "0.75", "--upcoming", "--json").out)
    assert _ours(high) == ["tml2026"] and all(r["quality"] >= 0.75 for r in high)


def test_list_table_marks_estimates(cli: Any, ready: dict[str, Any]) -> None:
    result = cli("conf", "list", "--upcoming")
    assert result.code == 0
    line = next(line for line in result.out.splitlines() if "tml2026" in line)
    assert "≈" in line and "±14d" in line and "unknown" in line


def test_upcoming_countdown_and_aoe(cli: Any, ready: dict[str, Any]) -> None:
    rows = json.loads(cli("upcoming", "--within", "30d", "--json").out)
    tcv = next(r for r in rows if r["edition_key"] == "tcv2026")
    # 2026-03-05 23:59:59 AoE is 2026-03-06 11:59:59 UTC: 4 days 23 hours after 03-01 12:00Z.
    assert tcv["at_utc"] == "2026-03-06T11:59:59Z"
    assert (tcv["days_left"], tcv["hours_left"]) == (4, 23)
    assert tcv["local_text"] == "2026-03-05 23:59:59" and tcv["timezone"] == "AoE"
    assert _ours(rows, "edition_key") == ["tcv2026", "tws2026"]
    # TNLP's deadline is exactly 31 days ahead: the window includes its end.
    wider = json.loads(cli("upcoming", "--within", "31d", "--json").out)
    assert _ours(wider, "edition_key") == ["tcv2026", "tws2026", "tnlp2026"]
    table = cli("upcoming", "--within", "30d")
    assert any("4d 23h" in line and "tcv2026" in line for line in table.out.splitlines())


def test_upcoming_filters_and_estimates(cli: Any, ready: dict[str, Any]) -> None:
    short = _ours(json.loads(cli("upcoming", "--within", "1w", "--json").out), "edition_key")
    assert short == ["tcv2026"]
    nlp = _ours(json.loads(cli("upcoming", "--within", "60d", "--topic", "nlp", "--json").out), "edition_key")
    assert nlp == ["tnlp2026"]
    # No abstract deadline in the test catalog.
    none = json.loads(cli("upcoming", "--within", "30d", "--type", "abstract", "--json").out)
    assert _ours(none, "edition_key") == []


def test_upcoming_marks_estimated_deadlines(
    cli: Any,
    catalog: dict[str, Any],
    session: Any,
    commit_catalog: Callable[[], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from datetime import date

    refresh_estimates(session, date(2025, 6, 1))  # after TML 2025, before its next deadline
    commit_catalog()
    monkeypatch.setenv("TRACKER_NOW", "2025-09-20T00:00:00Z")
    rows = json.loads(cli("upcoming", "--within", "30d", "--type", "paper", "--json").out)
    est = next(r for r in rows if r["edition_key"] == "tml2026")
    assert est["estimated"] and est["spread_days"] == 14
    # The basis travels with the estimate: which editions, and which one gave the deadline.
    basis = est["estimate_basis"]
    assert "2023, 2024, 2025 editions" in basis and "the 2023 edition's" in basis
    table = cli("upcoming", "--within", "30d", "--type", "paper").out
    line = next(line for line in table.splitlines() if " tml2026 " in line)
    assert "≈" in line and "±14d" in line and "estimated" in line
    assert "≈ estimated from past editions" in table


def test_show_json_and_local_zone(cli: Any, ready: dict[str, Any]) -> None:
    result = cli("conf", "show", "TCV 2026", "--tz", "Asia/Tokyo", "--json")
    assert result.code == 0, result.err
    detail = json.loads(result.out)
    assert detail["selected"] == "tcv2026" and detail["local_zone"] == "Asia/Tokyo"
    assert [e["key"] for e in detail["editions"]] == ["tcv2025", "tcv2026"]
    deadline = detail["editions"][1]["deadlines"][0]
    assert deadline["at_utc"] == "2026-03-06T11:59:59Z"
    assert deadline["at_local"] == "2026-03-06T20:59:59+09:00"
    assert deadline["source_text"] == "2026-03-05 23:59:59 AoE"
    sources = {s["source"]: s["provenance"] for s in detail["quality"]["signals"]}
    assert sources["core"] == "test core" and "acceptance_rate" in sources
    assert [r["year"] for r in detail["accept_rates"]] == [2024, 2025]
    assert detail["editions"][1]["fees"][0]["amount"] == 650


def test_show_uses_tz_environment(cli: Any, ready: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        detail = json.loads(cli("conf", "show", "tcv2026", "--json").out)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    # 2026-03-06 11:59:59Z is 03:59:59 PST (daylight saving starts 03-08).
    assert detail["editions"][1]["deadlines"][0]["at_local"] == "2026-03-06T03:59:59-08:00"
    assert detail["local_zone"] == "America/Los_Angeles"


def test_show_table_has_chart_and_estimate(cli: Any, ready: dict[str, Any]) -> None:
    out = cli("conf", "show", "tcv").out
    assert "Acceptance rate of TCV" in out and "█" in out and "25.0%" in out
    assert "tml2026" in cli("conf", "show", "tml").out  # a bare name: its next (estimated) edition


def test_show_unknown_key_suggests(cli: Any, ready: dict[str, Any]) -> None:
    result = cli("conf", "show", "tcvv2026")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "did you mean" in result.err and "tcv2026?" in result.err
    # Each suggestion works when typed as printed, as one argument (with a year or without).
    for typo in ("tcvv2026", "tcvv", "tmll2031"):
        hint = cli("conf", "show", typo).err.split("did you mean: ", 1)[1].removesuffix("?)\n")
        for suggestion in hint.split(", "):
            assert cli("conf", "show", suggestion).code == 0, (typo, suggestion)


@pytest.mark.parametrize(
    "args",
    [
        ("upcoming", "--within", "3x"),
        ("upcoming", "--type", "posters"),
        ("conf", "list", "--rank", "core:Z"),
        ("conf", "list", "--rank", "scimago:A"),
        ("conf", "list", "--min-quality", "2"),
        ("conf", "list", "--kind", "meetup"),
        ("conf", "list", "--country", "Atlantis"),
        ("conf", "list", "--topic", "astrology"),
        ("conf", "list", "--limit", "0"),
        ("conf", "show", "tcv2026", "--tz", "Mars/Olympus"),
    ],
)
def test_bad_option_exits_2_with_one_line(cli: Any, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.code == 2
    assert result.err.startswith("tracker: error:") and result.err.count("\n") == 1
    assert result.out == ""


def test_deadlines_within_a_week_are_highlighted(
    cli: Any, ready: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = cli("upcoming", "--within", "40d").out
    soon = next(line for line in out.splitlines() if "tcv2026" in line)  # 4 days 23 hours left
    later = next(line for line in out.splitlines() if "tnlp2026" in line)  # 31 days left
    bold_red = "\x1b[1;31m"
    assert bold_red in soon and bold_red not in later


def test_min_quality_lists_the_flagships_not_the_thinly_known(cli: Any) -> None:
    # The bundled catalog: CoRL, COLM, CoLLAs, SIGGRAPH, HICSS and Eurographics are known only
    # by an ERA 2010 rank; NeurIPS, ICML and ICLR by every list, h5-index and acceptance rates.
    rows = json.loads(cli("conf", "list", "--min-quality", "0.93", "--json").out)
    series = {r["series_key"] for r in rows}
    assert {"nips", "icml", "iclr"} <= series
    assert not series & {"corl", "colm", "collas", "siggraph", "hicss", "eurographics"}


def test_show_names_each_rank_list_edition(cli: Any) -> None:
    shown = cli("conf", "show", "iclr", "--json")
    signals = {s["source"]: s for s in json.loads(shown.out)["quality"]["signals"]}
    assert (signals["ccf"]["value"], signals["ccf"]["edition"]) == ("A", "CCF 2026")
    assert signals["era"]["edition"] == "ERA 2010"
    assert "ccf A (CCF 2026)" in cli("conf", "show", "iclr").out.replace("\n", " ")


def test_show_prints_an_estimates_basis_in_full(cli: Any, ready: dict[str, Any]) -> None:
    out = " ".join(cli("conf", "show", "tml2026").out.split())
    assert "≈ tml2026: Estimated from the 2023, 2024, 2025 editions" in out
    assert "±14 days: how far those editions' days spread" in out and "place unknown until announced" in out
